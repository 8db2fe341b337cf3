#!/bin/bash
# Permissions: an unprivileged user, a root process inside a container's
# cgroup, and the events group.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t11_perms.py"
