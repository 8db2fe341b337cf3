#!/bin/bash
# Where the time of a spawn and of an exec goes (scripts/vm-bench.sh
# breakdown, in the guest with kctr.ko loaded): kctr's KCTR_TRACE_TIMES
# timeline (userspace/lib/trace.h) inside tests/bench/stopwatch's two
# stamps, over KCTR_BENCH_RUNS runs (default 30) after 3 warm-ups, of
#
#   kctr spawn --rm -- /bin/true           (the default profile)
#   kctr exec bench-breakdown /bin/true    (into a running sleep)
#
# One row per stamp, in the order of their mean time since "begin": the
# mean of that time, and the mean interval from the previous row's stamp
# (what the phase named by the row cost, whichever process it ran in:
# "init:" is the container's init, "joiner:" and "helper:" exec's). The
# stamps of one run are taken on one clock (CLOCK_MONOTONIC; no time
# namespace). Then one strace -f -c of each command: the system calls
# that cost most (traced, so slower; the ranking is what counts).
set -euo pipefail
RUNS=${KCTR_BENCH_RUNS:-30}
KCTR=${KCTR:-$(command -v kctr)}
SW=$KCTR_ROOT/tests/bench/stopwatch
work=$(mktemp -d /run/kctr-breakdown.XXXXXX)

cleanup() {
	"$KCTR" rm -f bench-breakdown >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

# traced NAME COMMAND...: RUNS timelines of COMMAND into $work/NAME.
traced() {
	local name=$1 i
	shift
	for i in 1 2 3; do
		"$@" >/dev/null 2>&1
	done
	: >"$work/$name"
	for i in $(seq "$RUNS"); do
		echo "run $i" >>"$work/$name"
		KCTR_TRACE_TIMES=1 "$SW" "$@" 2>>"$work/$name" >/dev/null
	done
}

table() {
	python3 - "$1" "$2" <<'PY'
import sys
path, title = sys.argv[1], sys.argv[2]
runs, cur = [], None
for line in open(path):
    f = line.split(None, 3)
    if f[0] == "run":
        cur = {}
        runs.append(cur)
    elif f[0] == "kctr-trace" and len(f) == 4:
        cur.setdefault(f[3].strip(), int(f[2]))
sums = {}
for r in runs:
    t0 = r["begin"]
    for phase, ns in r.items():
        sums.setdefault(phase, []).append((ns - t0) / 1e6)
rows = sorted((sum(v) / len(v), p, len(v)) for p, v in sums.items())
print("%s: %d runs, means in ms" % (title, len(runs)))
print("%9s %9s  %s" % ("at", "interval", "up to the stamp"))
prev = 0.0
for at, phase, n in rows:
    note = "" if n == len(runs) else "  (in %d runs)" % n
    print("%9.1f %9.1f  %s%s" % (at, at - prev, phase, note))
    prev = at
print()
PY
}

syscalls() {
	echo "strace -f -c -S time: $*"
	strace -f -c -S time -o "$work/strace" "$@" >/dev/null 2>&1 || true
	head -n 17 "$work/strace"
	echo
}

echo "kernel $(uname -r), $(nproc) vCPU, $RUNS runs each"
echo
traced spawn "$KCTR" spawn --rm -- /bin/true
table "$work/spawn" "kctr spawn --rm -- /bin/true"
"$KCTR" spawn -d --name bench-breakdown -- sleep 100000 >/dev/null
traced exec "$KCTR" exec bench-breakdown /bin/true
table "$work/exec" "kctr exec bench-breakdown /bin/true"
syscalls "$KCTR" spawn --rm -- /bin/true
syscalls "$KCTR" exec bench-breakdown /bin/true
