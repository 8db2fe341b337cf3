#!/bin/bash
# Background work: no OOM poll without containers, no URELEASE work for
# other sockets, DELETE with force does not wait.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t19_locks.py"
