#!/bin/bash
# What one basic operation costs inside a test VM: the unit every e2e
# test's time is made of. Run by scripts/vm-bench.sh in the guest, with
# kctr.ko loaded; prints one line per operation: the median and the
# fastest of N runs, in milliseconds. Timed with $EPOCHREALTIME, so the
# timing itself starts no process.
set -u
N=${KCTR_BENCH_N:-7}
KCTR=${KCTR:-$(command -v kctr)}

# ms_of CMD...: milliseconds CMD took, once.
ms_of() {
	local s=$EPOCHREALTIME e
	"$@" >/dev/null 2>&1 </dev/null
	e=$EPOCHREALTIME
	echo $(((${e/./} - ${s/./}) / 1000))
}

# bench LABEL CMD...: N runs of CMD; "median fastest label".
bench() {
	local label=$1 i times=()
	shift
	for ((i = 0; i < N; i++)); do
		times+=("$(ms_of "$@")")
	done
	mapfile -t times <<<"$(printf '%s\n' "${times[@]}" | sort -n)"
	printf '%8d %8d  %s\n' "${times[N / 2]}" "${times[0]}" "$label"
}

loop20() {
	local i
	for ((i = 0; i < 20; i++)); do /bin/true; done
}

echo "kernel $(uname -r), $(nproc) vCPU, $N runs each"
printf '%8s %8s  %s\n' median fastest "operation (ms)"
bench "fork+exec of a static binary (busybox true)" busybox true
bench "fork+exec of a dynamic binary (/bin/true)" /bin/true
bench "20 x /bin/true from one shell (total)" loop20
bench "bash -c :" bash -c :
bench "python3 -c pass" python3 -c pass
bench "python3 -c 'import yaml'" python3 -c 'import yaml'
bench "kctr version (one netlink round trip)" "$KCTR" version
bench "kctr list" "$KCTR" list
bench "kctr spawn --rm -- true (default image)" "$KCTR" spawn --rm -- true
"$KCTR" spawn -d --name bench -- sleep 100000 >/dev/null
bench "kctr exec bench true" "$KCTR" exec bench true
"$KCTR" rm -f bench >/dev/null
