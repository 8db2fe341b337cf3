#!/bin/bash
# A thousand containers: complete and ordered dumps over many parts,
# NLM_F_DUMP_INTR on concurrent change, bulk abort on socket close.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t13_dump.py"
