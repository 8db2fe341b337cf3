#!/bin/bash
# CREATE and JOIN are all or nothing: an unreachable cgroup, a reply that
# cannot be queued.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t19_undo.py"
