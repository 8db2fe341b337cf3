#!/bin/bash
# kill, and list/inspect/top/ns/stats on the stopped container; rm, kill -a,
# rm -f of a running container leaving nothing behind.
#
# The tool's own logic; the kernel paths it reaches run in every spawn
# and in the netlink tests there: not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

a=$CLI_PFX-a
running_sleeper "$a"
pid=$(field "$a" 'd["init_pid"]')
cgpath=$(field "$a" 'd["cgroup"]["path"]')

# --- kill, then the stopped container ---
tap_ok "kill -s KILL" "$KCTR" kill -s KILL "$a"
if wait_state "$a" stopped 10; then
	tap_pass "the container stops"
else
	tap_fail "the container stops"
fi
tap_not "init pid is gone" kill -0 "$pid"
tap_is "$("$KCTR" list | awk -v n="$a" '$2 == n')" "" "list hides stopped containers"
tap_like "$("$KCTR" list -a | awk -v n="$a" '$2 == n')" \
	"stopped +- +[^ ]+ +killed by KILL \([0-9]+[smhd].* ago\)" "list -a shows it with its exit"
jmany "$("$KCTR" inspect "$a")" 'd["state"]' 'd["exit"]["signal"]' \
	'd["exit"]["code"]' 'd["exited_ns"] >= d["started_ns"] >= d["created_ns"] > 0'
tap_is "${JQ[0]}" stopped "inspect: stopped"
tap_is "${JQ[1]}" KILL "inspect: killed by KILL"
tap_is "${JQ[2]}" 137 "inspect: exit code 137"
tap_is "${JQ[3]}" true "inspect: created <= started <= exited"
top=$("$KCTR" top "$a")
tap_is "$?" 0 "top on a stopped container exits 0"
tap_is "$(echo "$top" | wc -l)" 1 "top on a stopped container: no process"
tap_ok "ns on a stopped container" "$KCTR" ns "$a"
tap_ok "stats on a stopped container" "$KCTR" stats "$a"
kout=$("$KCTR" kill "$a" 2>&1)
tap_is "$?" 1 "kill of a stopped container fails"
tap_like "$kout" "^kctr: $a: kill: " "kill of a stopped container says which and why"
tap_ok "stop of a stopped container does nothing" "$KCTR" stop "$a"

# --- rm ---
tap_is "$("$KCTR" rm "$a")" "$a" "rm prints the name"
tap_is "$("$KCTR" list -a | awk -v n="$a" '$2 == n')" "" "rm: gone from list -a"
tap_not "rm: the cgroup directory is gone" test -e "/sys/fs/cgroup$cgpath"
out=$("$KCTR" inspect "$id" 2>&1)
tap_is "$?" 3 "rm: inspect by id now exits 3"

# --- kill -a: every process in the cgroup ---
b=$CLI_PFX-b
spawn_d "$b" sh -c 'sleep 1000 & sleep 1000 & wait' >/dev/null
wait_state "$b" running 30
cgb=$(field "$b" 'd["cgroup"]["path"]')
several_procs() {
	[ "$(wc -l <"/sys/fs/cgroup$cgb/cgroup.procs")" -ge 3 ]
}
wait_until 60 several_procs
tap_like "$(wc -l </sys/fs/cgroup$cgb/cgroup.procs)" '^[3-9]' "kill -a: several processes before"
tap_ok "kill -a" "$KCTR" kill -a "$b"
wait_state "$b" stopped 10
for i in $(seq 50); do [ -s "/sys/fs/cgroup$cgb/cgroup.procs" ] || break; sleep 0.1; done
tap_is "$(cat /sys/fs/cgroup$cgb/cgroup.procs 2>/dev/null)" "" "kill -a: no process left"

# --- rm without and with -f on a running container ---
c=$CLI_PFX-c
spawn_d "$c" sleep 1000 >/dev/null
wait_state "$c" running 30
cpid=$(field "$c" 'd["init_pid"]')
cgc=$(field "$c" 'd["cgroup"]["path"]')
out=$("$KCTR" rm "$c" 2>&1)
tap_is "$?" 1 "rm of a running container fails"
tap_like "$out" "stop it first, or use -f" "rm of a running container says to stop or -f"
tap_is "$(state_of "$c")" running "rm without -f leaves it running"
tap_is "$("$KCTR" rm -f "$c")" "$c" "rm -f of a running container"
tap_is "$("$KCTR" list -a | awk -v n="$c" '$2 == n')" "" "rm -f: not in list -a"
tap_not "rm -f: no cgroup directory left" test -e "/sys/fs/cgroup$cgc"
for i in $(seq 50); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
tap_not "rm -f: the init is gone" kill -0 "$cpid"

tap_done
