#!/bin/bash
# Records at the uapi's limits dump (raw sockets, YNL, libnl); names are
# ASCII only, without embedded NULs.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t19_records.py"
