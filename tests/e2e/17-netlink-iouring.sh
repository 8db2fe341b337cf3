#!/bin/bash
# JOIN through io_uring with a registered personality (audit H1): refused,
# no kernel BUG. On a module without the check the guest panics.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t17_iouring.py"
