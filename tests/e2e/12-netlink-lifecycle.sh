#!/bin/bash
# JOIN/START from processes placed in a container's cgroup, the exit watch,
# events, auto-remove, KILL, DELETE --force, the NETLINK_URELEASE abort and
# KCTR_F_PERSIST.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t12_lifecycle.py"
