#!/bin/bash
# events: created, started, exited, removed in order, from the kernel,
# including an exit nobody asked kctr for (kill -9 from outside).
#
# Covered for the kernel by the netlink tests the debug VMs run (10-14,
# 16, 17); ten times slower there, it would not fit their time limit.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

a=$CLI_PFX-ev
tmp=$(mktemp -d)
# ready N: listener N has joined the event group (its --ready-fd line).
ready() {
	wait_until 30 grep -qx ready "$tmp/ready$1" ||
		tap_fail "events listener $1 says it is ready"
}
"$KCTR" -j events --ready-fd 3 >"$tmp/all.json" 2>"$tmp/all.err" 3>"$tmp/ready1" &
p1=$!
"$KCTR" events --filter name=$a --ready-fd 3 >"$tmp/text" 2>&1 3>"$tmp/ready2" &
p2=$!
"$KCTR" -j events --filter event=exited --filter name=$a -n 1 --ready-fd 3 \
	>"$tmp/exited.json" 2>&1 3>"$tmp/ready3" &
p3=$!
for i in 1 2 3; do ready $i; done

id=$(spawn_d "$a" sleep 1000)
wait_state "$a" running 30
pid=$(field "$a" 'd["init_pid"]')
kill -9 "$pid"
wait_state "$a" stopped 10
"$KCTR" rm "$a" >/dev/null
# The listeners are stopped once they have printed the removal.
removal_seen() {
	grep -q " removed " "$tmp/text" &&
		grep "\"name\":\"$a\"" "$tmp/all.json" | grep -q '"removed"'
}
wait_until 60 removal_seen || tap_diag "no removal printed after 60 s"
kill $p1 $p2
wait $p3
rc3=$?
wait $p1 $p2 2>/dev/null

seq=$(python3 -c '
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
print(" ".join(e["event"] for e in evs if e["name"] == sys.argv[2]))' "$tmp/all.json" "$a")
tap_is "$seq" "created started exited removed" "events -j: created, started, exited, removed in order"
tap_ok "events -j: every line is one JSON object" python3 -c '
import json, sys
for l in open(sys.argv[1]): assert isinstance(json.loads(l), dict)' "$tmp/all.json"
ex=$(grep "\"name\":\"$a\"" "$tmp/all.json" | grep '"exited"')
tap_is "$(jget "$ex" 'd["signal"]')" KILL "the outside kill -9 is an exit by KILL"
tap_is "$(jget "$ex" 'd["id"]')" "$id" "events carry the id"
tap_is "$(python3 -c '
import json, sys
t = [json.loads(l)["time_ns"] for l in open(sys.argv[1]) if json.loads(l)["name"] == sys.argv[2]]
print(t == sorted(t))' "$tmp/all.json" "$a")" True "event times are in order"
tap_is "$(awk '{ print $2 }' "$tmp/text" | tr '\n' ' ')" "created started exited removed " \
	"events --filter name=: the four events as text"
tap_like "$(grep exited "$tmp/text")" "id=$id name=$a exit_code=137 status=\"killed by KILL\"" \
	"text exit line: code and status"
tap_is "$rc3" 0 "events -n 1 exits after one event"
tap_is "$(jget "$(cat "$tmp/exited.json")" 'd["event"]')" exited \
	"events --filter event=exited --filter name=: only the exit"
tap_is "$(cat "$tmp/all.err")" "" "events: nothing on stderr"

out=$("$KCTR" events --ready-fd 9 2>&1)
tap_is "$?" 2 "events --ready-fd of a closed descriptor: a usage error"
tap_like "$out" "invalid --ready-fd '9'" "and it says which"

# An OOM kill inside the container is announced, and counted in inspect.
o=$CLI_PFX-oom
"$KCTR" -j events --filter name=$o --filter event=oom -n 1 --ready-fd 3 \
	>"$tmp/oom.json" 2>&1 3>"$tmp/ready4" &
p4=$!
ready 4
# busybox sort holds its one 100 MB line in memory: killed at 32 MiB,
# while the shell (the workload) lives on.
"$KCTR" spawn -d --name "$o" --memory 32m -- \
	sh -c 'head -c 100000000 /dev/zero | sort >/dev/null; sleep 1000' >/dev/null
for i in $(seq 600); do
	kill -0 $p4 2>/dev/null || break
	sleep 0.1
done
if kill -0 $p4 2>/dev/null; then
	kill $p4
	wait $p4
	tap_fail "events --filter event=oom: an oom event arrives" "none in 60 s"
else
	wait $p4
	tap_is "$?" 0 "events --filter event=oom: an oom event arrives, -n 1 exits"
fi
tap_like "$(jget "$(cat "$tmp/oom.json")" 'd["oom_kills"]')" '^[1-9]' "the oom event counts the kills"
tap_like "$(field "$o" 'd["cgroup"]["oom_kill"]')" '^[1-9]' "inspect: cgroup oom_kill counted"
tap_is "$(state_of "$o")" running "the workload survived the kill of its child"
rm -rf "$tmp"

tap_done
