#!/bin/bash
# kctr exec enters every namespace the module pinned (a kind handed in at
# the init's JOIN outside the mask, as a netns joined by path), not only
# the mask's.
exec python3 "${KCTR_ROOT:-$(dirname "$0")/../..}/tests/e2e/tools/t18_exec_pinned.py"
