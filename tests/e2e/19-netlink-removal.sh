#!/bin/bash
# Removal takes the container's cgroup subtree, deepest first; an rmdir
# refused for the caller's permissions is retried.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t19_removal.py"
