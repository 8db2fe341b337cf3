#!/bin/bash
# The container family's ops from a privileged client, and malformed input
# (unknown, foreign or mistyped attributes, long strings, missing required
# attributes, unknown flag bits): errno plus an extended-ACK message.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t10_ops.py"
