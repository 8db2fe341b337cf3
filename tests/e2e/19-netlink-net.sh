#!/bin/bash
# Network claims (KCTR_A_NET): addresses per network until removal, host
# ports until the init exits, conflicts refused naming the holder; the
# nf_tables anchor (an owned table's socket) held until the init exits.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t19_net.py"
