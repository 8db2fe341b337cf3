#!/bin/bash
# Helpers for the 2*-spawn-* e2e tests (sourced after lib.sh).

STATE=${KCTR_STATE_DIR:-/var/lib/kctr}
CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
SP_PFX=sp$$
# The debug VM (KASAN, lockdep) runs the same steps about 4 times slower.
slow=1
[ "${KCTR_VM:-distro}" = debug ] && slow=4

# pause_setup DIR, then pause_ms MS: wait MS x $slow milliseconds without
# exec'ing sleep (an exec alone costs 38-290 ms in these VMs,
# scripts/vm-bench.sh: more than the first rungs of the kill ladders): a
# read with a timeout on a FIFO in DIR that never gets data, on fd 9.
pause_setup() {
	mkfifo "$1/never"
	exec 9<>"$1/never"
}
pause_ms() {
	local ms=$(($1 * slow))
	read -r -t "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))" -u 9 _ || true
}

# run CMD...: spawn --rm a busybox shell command; prints its output.
run() {
	"$KCTR" spawn --rm "$@"
}

# sh_in [OPTS...] -- SCRIPT: run SCRIPT with /bin/sh in a --rm container.
sh_in() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	"$KCTR" spawn --rm "${opts[@]}" -- /bin/sh -c "$1"
}

# What exists now: registry ids, cgroup nodes, state dirs, kctr mounts.
snapshot() {
	{
		echo "registry: $("$KCTR" list -a -q 2>&1 | sort | tr '\n' ' ')"
		echo "cgroups: $(ls "$CGROOT/kctr" 2>/dev/null | grep -E '^[0-9]+$' | sort | tr '\n' ' ')"
		echo "state: $(ls "$STATE/containers" 2>/dev/null | sort | tr '\n' ' ')"
		echo "mounts: $(grep -c kctr /proc/self/mountinfo)"
	}
}

# id_of NAME: the container's id, from the module.
id_of() {
	"$KCTR" -j inspect "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# init_pid NAME: the init's pid in our pid namespace, from the module.
init_pid() {
	"$KCTR" -j inspect "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["init_pid"])'
}

# wait_gone NAME SECONDS
wait_gone() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		"$KCTR" inspect "$1" >/dev/null 2>&1 || return 0
		sleep 0.1
	done
	return 1
}

# stopped PID: the process is stopped (SIGSTOP), as /proc says.
stopped() {
	[ "$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" = T ]
}

# ladder_kill MOMENT NAME SPAWN-ARGS...: start `kctr spawn --name NAME
# SPAWN-ARGS...` and SIGKILL it at MOMENT: after that many ms (x $slow),
# or, for "stop:PHASE", where kctr stopped itself at the KCTR_TRACE_STOP
# phase PHASE (kctr.8), which timing cannot miss. Before "init released"
# (kctr's go to its init) no container can START: its init, if cloned,
# waits for that go, and dies with kctr (PR_SET_PDEATHSIG, or EOF on the
# go pipe), so such a kill lands between CREATE and START on any machine.
ladder_kill() {
	local at=$1 name=$2 pid
	shift 2
	if [ "${at#stop:}" != "$at" ]; then
		KCTR_TRACE_STOP=${at#stop:} "$KCTR" spawn --name "$name" "$@" \
			>/dev/null 2>&1 &
		pid=$!
		tap_ok "KCTR_TRACE_STOP: kctr stopped itself at ${at#stop:}" \
			wait_until $((30 * slow)) stopped "$pid"
	else
		"$KCTR" spawn --name "$name" "$@" >/dev/null 2>&1 &
		pid=$!
		pause_ms "$at"
	fi
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# events_paired EVENTS PREFIX: as many REMOVED as CREATED events for the
# containers named PREFIX*.
count_events() {
	grep -F "\"name\":\"$2" "$1" | grep -cF "\"event\":\"$3\""
}
events_paired() {
	[ "$(count_events "$1" "$2" created)" = "$(count_events "$1" "$2" removed)" ]
}

# kill_ladder_events EVENTS PREFIX SURVIVED: the checks a kill ladder
# (26, 52) makes of the events of its containers (names starting with
# PREFIX, in the `kctr -j events` output EVENTS): every CREATED has its
# REMOVED, both outcomes occurred (aborted before START, ran on after it;
# else the ladder missed the window it is there to cover), and SURVIVED,
# the ones found running after the kill, is the number started.
kill_ladder_events() {
	local created unremoved ev_aborted ev_started counts
	# No process substitution: the guest has no /dev/fd.
	counts=$(python3 - "$1" "$2" <<'PY'
import json, sys
created, started, removed = set(), set(), set()
for line in open(sys.argv[1]):
    e = json.loads(line)
    if not e["name"].startswith(sys.argv[2]):
        continue
    {"created": created, "started": started,
     "removed": removed}.get(e["event"], set()).add(e["id"])
print(len(created), len(created - removed), len(created - started),
      len(started))
PY
)
	read -r created unremoved ev_aborted ev_started <<<"$counts"
	tap_diag "the module created $created of them: $ev_aborted aborted before START, $ev_started started"
	tap_is "${unremoved:-?}" 0 "every CREATED event has its REMOVED event"
	tap_ok "some kill came between CREATE and START: aborted by the module (${ev_aborted:-?})" \
		test "${ev_aborted:-0}" -ge 1
	tap_ok "some kill came after START: the container ran on (${ev_started:-?})" \
		test "${ev_started:-0}" -ge 1
	tap_is "$3" "${ev_started:-?}" "every started one was found running after the kill"
}
