#!/bin/bash
# Density (scripts/vm-bench.sh, in the guest with kctr.ko loaded): N
# running containers (`sleep`), started one after another with
# `kctr spawn -d`. Prints the time to start them all, memory per container
# (the guest's MemAvailable drop, which includes the kernel's share:
# namespaces, cgroup, mounts; and kctr's own share, the PSS of the
# container's kctr-init, beside the workload's), the cost of `kctr list`
# and of `kctr list -j` with all of them running, and the time to remove
# them. KCTR_BENCH_DENSITY sets N (default 1000).
set -euo pipefail
N=${KCTR_BENCH_DENSITY:-1000}
KCTR=${KCTR:-$(command -v kctr)}

mem_available_kib() {
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}

# pss_kib PID...: the sum of the processes' proportional set sizes, in
# one awk (a process per container would cost minutes under TCG).
pss_kib() {
	local files=() pid
	for pid; do
		[ -r "/proc/$pid/smaps_rollup" ] && files+=("/proc/$pid/smaps_rollup")
	done
	[ ${#files[@]} -gt 0 ] || { echo 0; return; }
	awk '/^Pss:/ { s += $2 } END { print s + 0 }' "${files[@]}" 2>/dev/null
}

ms_since() {
	local e=$EPOCHREALTIME
	echo $(((${e/./} - ${1/./}) / 1000))
}

"$KCTR" spawn --rm -- true	# the default image, built before timing
sync
echo 3 >/proc/sys/vm/drop_caches
before=$(mem_available_kib)
t0=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do
	"$KCTR" spawn -d --name "dense-$i" -- sleep 100000 >/dev/null
done
start_ms=$(ms_since "$t0")
running=$("$KCTR" list -j | python3 -c \
	'import json,sys; print(sum(1 for c in json.load(sys.stdin) if c["state"] == "running"))')
sync
echo 3 >/proc/sys/vm/drop_caches
after=$(mem_available_kib)

# The inits are the records' pids; each one's only child is the workload.
mapfile -t inits <<<"$("$KCTR" list -j | python3 -c \
	'import json,sys; [print(c["init_pid"]) for c in json.load(sys.stdin) if c.get("init_pid")]')"
# Read from each init's children file: a pgrep per init scans all of
# /proc each time, minutes with 1,000 containers.
workloads=()
for pid in "${inits[@]}"; do
	# The file is "PID " without a newline: read still sets child but
	# returns 1 at that EOF, which set -e must not take for a failure.
	child=
	read -r child _ <"/proc/$pid/task/$pid/children" 2>/dev/null || :
	[ -n "$child" ] && workloads+=("$child")
done
init_pss=$(pss_kib "${inits[@]}")
work_pss=$(pss_kib "${workloads[@]}")

echo "kernel $(uname -r), $(nproc) vCPU; $N containers asked, $running running"
printf '%9d ms  starting all %d (%d ms each)\n' "$start_ms" "$N" $((start_ms / N))
printf '%9d KiB per container: the guest'"'"'s MemAvailable drop / N\n' \
	$(((before - after) / N))
printf '%9d KiB per container: kctr'"'"'s own share, PSS of its kctr-init\n' \
	$((init_pss / ${#inits[@]}))
[ ${#workloads[@]} -gt 0 ] &&
	printf '%9d KiB per container: the workload'"'"'s PSS (sleep)\n' \
		$((work_pss / ${#workloads[@]}))
hyperfine -N --style basic --warmup 3 --runs 30 \
	-n "kctr list, $N running" "$KCTR list" \
	-n "kctr list -j, $N running" "$KCTR list -j"

t0=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do
	"$KCTR" rm -f "dense-$i" >/dev/null
done
printf '%9d ms  removing all %d\n' "$(ms_since "$t0")" "$N"
