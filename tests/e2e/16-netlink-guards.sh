#!/bin/bash
# The module's own checks of JOIN and START callers (threads, the joining
# thread, one filter, containment, device policy), ENOENT for who may not
# list, the nnp join quota, KCTR_F_ALLOW_NEW_PRIVS (caps at START, no
# no_new_privs), KILL's permission check, per-container events.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t16_guards.py"
