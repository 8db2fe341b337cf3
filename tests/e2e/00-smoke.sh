#!/bin/bash
# The pipeline itself: the guest runner loaded kctr.ko and the tool runs.
echo "1..2"
if [ -d /sys/module/kctr ]; then
	echo "ok 1 - kctr.ko is loaded"
else
	echo "not ok 1 - kctr.ko is loaded"
fi
if out=$("$KCTR" version 2>&1); then
	echo "ok 2 - kctr version"
else
	echo "not ok 2 - kctr version"
fi
echo "$out" | sed 's/^/# /'
