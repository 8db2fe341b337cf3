#!/bin/bash
# Signals sent to kctr spawn reach the workload, through the container's
# init or straight (--no-init): not only INT and TERM but ALRM and the
# real-time signals too; the workload's exit status comes back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

# deliver NAME SIGNAL CODE [SPAWN-OPTS...]: a workload that exits with
# CODE on SIGNAL (a number, as busybox's trap takes it); kctr gets the
# signal once the container runs; kctr's exit status is printed.
deliver() {
	local name=$1 sig=$2 code=$3 pid rc=0
	shift 3
	"$KCTR" spawn --name "$name" --rm "$@" -- /bin/sh -c \
		"trap 'exit $code' $sig; while :; do sleep 0.1; done" &
	pid=$!
	wait_state "$name" running 30
	sleep 0.5	# the shell has set its trap
	kill -s "$sig" "$pid"
	for _ in $(seq 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
	wait "$pid" || rc=$?
	echo "$rc"
}

alrm=$(kill -l ALRM)
rtmin3=$(($(kill -l RTMIN) + 3))
tap_is "$(deliver "${SP_PFX}a" "$alrm" 42)" 42 "ALRM to kctr reaches the workload through its init"
tap_is "$(deliver "${SP_PFX}r" "$rtmin3" 43)" 43 "SIGRTMIN+3 ($rtmin3) reaches it too"
tap_is "$(deliver "${SP_PFX}n" "$rtmin3" 44 --no-init)" 44 "with --no-init, straight to the workload"
tap_is "$(deliver "${SP_PFX}t" "$(kill -l TERM)" 45)" 45 "TERM, as before"
tap_is "$("$KCTR" list -a | grep -c " $SP_PFX")" 0 "--rm: none of them is left"
tap_done
