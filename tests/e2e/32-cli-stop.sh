#!/bin/bash
# stop: TERM first, KILL for everything after the grace period, even when
# the init ignores TERM.
#
# Covered for the kernel by the netlink tests the debug VMs run (10-14,
# 16, 17); ten times slower there, it would not fit their time limit.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

# The debug kernel (KASAN, lockdep) is several times slower.
slow=1
[ "${KCTR_VM:-distro}" = debug ] && slow=5

# A workload that exits on TERM stops at once.
a=$CLI_PFX-polite
spawn_d "$a" sleep 1000 >/dev/null
if ! wait_state "$a" running 30; then
	tap_fail "spawn $a"
	tap_done
fi
start=$(date +%s%N)
out=$("$KCTR" stop -t $((20 * slow)) "$a")
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
tap_is "$rc" 0 "stop exits 0"
tap_is "$out" "$a" "stop prints the name"
tap_is "$(state_of "$a")" stopped "stop: stopped"
tap_ok "stop of a TERM-obeying workload takes less than the grace period ($ms ms)" \
	test "$ms" -lt $((10000 * slow))
tap_like "$(field "$a" 'd["exit"]["text"]')" "TERM|exited 143" "stop: ended by TERM"

# A workload ignoring TERM is killed after the grace period.
b=$CLI_PFX-stubborn
spawn_d "$b" sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done' >/dev/null
wait_until 60 log_has "$b" ready || tap_diag "$b never said ready"
cg=$(field "$b" 'd["cgroup"]["path"]')
start=$(date +%s%N)
out=$("$KCTR" stop -t 2 "$b" 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
tap_is "$rc" 0 "stop of a TERM-ignoring workload exits 0"
tap_ok "it waited the grace period first ($ms ms >= 2000)" test "$ms" -ge 2000
tap_ok "then killed it promptly ($ms ms < $((12000 * slow)))" test "$ms" -lt $((12000 * slow))
tap_is "$(state_of "$b")" stopped "stop: stopped"
tap_like "$(field "$b" 'd["exit"]["text"]')" "KILL" "stop: ended by KILL"
tap_is "$(cat /sys/fs/cgroup$cg/cgroup.procs 2>/dev/null)" "" "stop: no process left in the cgroup"

# -t 0 kills at once.
c=$CLI_PFX-now
spawn_d "$c" sh -c 'trap "" TERM; while :; do sleep 1; done' >/dev/null
wait_state "$c" running 30
start=$(date +%s%N)
"$KCTR" stop -t 0 "$c" >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
tap_is "$(state_of "$c")" stopped "stop -t 0: stopped"
tap_ok "stop -t 0 does not wait ($ms ms < $((5000 * slow)))" test "$ms" -lt $((5000 * slow))

# Several at once, by id too.
d=$CLI_PFX-d1
e=$CLI_PFX-d2
spawn_d "$d" sleep 1000 >/dev/null
ide=$(spawn_d "$e" sleep 1000)
wait_state "$d" running 30
wait_state "$e" running 30
tap_ok "stop NAME ID" "$KCTR" stop "$d" "$ide"
tap_is "$(state_of "$d") $(state_of "$e")" "stopped stopped" \
	"stop NAME ID: both stopped"
tap_ok "rm NAME ID" "$KCTR" rm "$d" "$ide"

tap_done
