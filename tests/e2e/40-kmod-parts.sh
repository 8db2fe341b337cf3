#!/bin/bash
# kctr.ko's parts: validation of limits, caps, seccomp programs and id maps
# (errno, message, attribute offset), cgroup nodes as written, and what GET
# says about a running container against /proc.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t40_parts.py"
