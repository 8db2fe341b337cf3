#!/bin/bash
# list, inspect, ns, top, stats, kill and rm on running and stopped
# containers; their JSON parses and agrees with what /proc shows.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

a=$CLI_PFX-a
id=$(spawn_d "$a" sleep 1000 2>&1)
if ! [[ "$id" =~ ^[0-9]+$ ]] || ! wait_state "$a" running 30; then
	tap_fail "spawn -d a running container for the cli tests" "$id"
	# --- a user namespace: maps, levels, owners ---
u=$CLI_PFX-u
if out=$("$KCTR" spawn -d --name "$u" --userns -- sleep 1000 2>&1) && wait_state "$u" running 30; then
	ij=$("$KCTR" inspect "$u")
	upid=$(jget "$ij" 'd["init_pid"]')
	tap_is "$(jget "$ij" '" ".join("%d %d %d" % (m["inside"], m["outside"], m["count"]) for m in d["uid_map"])')" \
		"$(awk '{ printf "%s%d %d %d", NR > 1 ? " " : "", $1, $2, $3 }' /proc/$upid/uid_map)" \
		"inspect --userns: uid_map equals /proc/PID/uid_map"
	tap_is "$(jget "$ij" '" ".join("%d %d %d" % (m["inside"], m["outside"], m["count"]) for m in d["gid_map"])')" \
		"$(awk '{ printf "%s%d %d %d", NR > 1 ? " " : "", $1, $2, $3 }' /proc/$upid/gid_map)" \
		"inspect --userns: gid_map equals /proc/PID/gid_map"
	userns=$(readlink /proc/$upid/ns/user | tr -dc 0-9)
	tap_is "$(jget "$ij" "[(n['level'], n['new']) for n in d['namespaces'] if n['kind'] == 'user']")" \
		"[[1, true]]" "inspect --userns: user namespace new, level 1"
	tap_is "$(jget "$ij" "sorted(set(n['owner_inum'] for n in d['namespaces'] if n['kind'] != 'user'))")" \
		"[$userns]" "inspect --userns: the other namespaces are owned by it"
	nsout=$("$KCTR" ns "$u")
	tap_like "$nsout" "user +new +$userns +[0-9]+ +1 " "ns --userns: user new at level 1"
	tap_like "$nsout" "uid 0 -> host [0-9]+, [0-9]+ ids" "ns --userns: the uid map"
	"$KCTR" rm -f "$u" >/dev/null
else
	tap_fail "spawn --userns for the map checks" "$out"
fi

tap_done
fi
tap_pass "spawn -d $a: id $id, running"

# --- list ---
out=$("$KCTR" list)
line=$(echo "$out" | awk -v n="$a" '$2 == n')
tap_like "$line" "^ *$id +$a +running +[0-9]+ +[^ ]+ +up [0-9]+[smhd].* +sleep 1000$" \
	"list: id, name, state, pid, image, uptime, command"
tap_like "$(echo "$out" | head -1)" "^ID +NAME +STATE +PID +IMAGE +STATUS +COMMAND$" \
	"list: header"
lj=$("$KCTR" -j list)
tap_ok "list -j parses" json_ok <<<"$lj"
tap_is "$(jget "$lj" "[c['state'] for c in d if c['name'] == '$a']")" '["running"]' \
	"list -j: the container, running"
tap_like "$("$KCTR" list -q)" "(^|$'\n')$id($'\n'|$)" "list -q prints the id"

# --- inspect: JSON matching /proc ---
ij=$("$KCTR" inspect "$a")
tap_ok "inspect parses" json_ok <<<"$ij"
ijj=$("$KCTR" -j inspect "$a")
tap_is "$(echo "$ijj" | wc -l)" 1 "inspect -j is one line"
tap_is "$(jget "$ij" 'd["id"]')" "$id" "inspect: id"
tap_is "$(jget "$ij" 'd["state"]')" running "inspect: state"
tap_like "$(jget "$ij" 'd["created"]')" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "inspect: created time"
pid=$(jget "$ij" 'd["init_pid"]')
tap_ok "inspect: init pid $pid is alive" kill -0 "$pid"
tap_is "$(jget "$ij" 'd["init_pids"][0]')" "$pid" \
	"inspect: init_pids starts with the pid in our namespace"
tap_is "$(jget "$ij" 'd["init_pids"][-1]')" 1 \
	"inspect: init_pids ends with 1, the pid inside"
tap_is "$(grep NSpid /proc/$pid/status | awk '{ $1 = ""; print substr($0, 2) }' | tr '\t' ' ')" \
	"$(jget "$ij" '" ".join(map(str, d["init_pids"]))')" \
	"inspect: init_pids equal /proc/PID/status NSpid"
bad=
for kind in $(jget "$ij" '" ".join(n["kind"] for n in d["namespaces"])'); do
	want=$(readlink /proc/$pid/ns/$kind | tr -dc 0-9)
	got=$(jget "$ij" "[n['inum'] for n in d['namespaces'] if n['kind'] == '$kind']")
	[ "$got" = "[$want]" ] || bad="$bad $kind:$got!=$want"
done
tap_is "$bad" "" "inspect: every namespace inum equals readlink /proc/PID/ns/*"
kinds=(mnt pid net ipc uts user cgroup time)
mask=$(jget "$ij" 'd["ns_mask"]')
missing=
for i in "${!kinds[@]}"; do
	((mask & (1 << i))) || continue
	[ "$(jget "$ij" "sum(n['kind'] == '${kinds[i]}' and n['new'] for n in d['namespaces'])")" = 1 ] ||
		missing="$missing ${kinds[i]}"
done
tap_is "$missing" "" "inspect: every kind of ns_mask $mask is listed, new"
tap_is "$(jget "$ij" 'all(n["refcount"] >= 1 for n in d["namespaces"])')" true \
	"inspect: every namespace has a reference count"
cgpath=$(jget "$ij" 'd["cgroup"]["path"]')
tap_is "0::$cgpath" "$(cat /proc/$pid/cgroup)" "inspect: cgroup path equals /proc/PID/cgroup"
tap_is "$(jget "$ij" 'd["cgroup"]["id"]')" "$(stat -c %i /sys/fs/cgroup$cgpath)" \
	"inspect: cgroup id is the directory's inode"
tap_like "$(jget "$ij" 'd["cgroup"]["pids_current"]')" '^[1-9]' "inspect: live pids.current"
tap_like "$(jget "$ij" 'd["cgroup"]["memory_current"]')" '^[1-9]' "inspect: live memory.current"
caps=$(jget "$ij" 'd["capabilities"]["bounding"]')
tap_like "$caps" '"CAP_CHOWN"' "inspect: capability sets by name"
tap_is "$(jget "$ij" '"CAP_SYS_ADMIN" in d["capabilities"]["bounding"]')" false \
	"inspect: no CAP_SYS_ADMIN in the default bounding set"
capbnd=$(awk '/^CapBnd/ { print $2 }' /proc/$pid/status)
tap_is "$(jget "$ij" 'len(d["capabilities"]["bounding"])')" \
	"$(python3 -c "print(bin(int('$capbnd', 16)).count('1'))")" \
	"inspect: bounding set size equals the init's CapBnd"
tap_is "$(jget "$ij" 'd["seccomp"]["init_mode_name"]')" \
	"$(awk '/^Seccomp:/ { print ($2 == 2 ? "filter" : $2 == 1 ? "strict" : "disabled") }' /proc/$pid/status)" \
	"inspect: seccomp mode equals the init's /proc status"

# --- resolution by id and prefix ---
tap_is "$(field "$id" 'd["name"]')" "$a" "inspect by id"
tap_is "$("$KCTR" inspect "${id}0000" 2>&1 >/dev/null)" \
	"kctr: ${id}0000: no such container" "an unknown id is an error"

# --- ns ---
nsout=$("$KCTR" ns "$a")
tap_is "$?" 0 "ns exits 0"
mnt=$(readlink /proc/$pid/ns/mnt | tr -dc 0-9)
tap_like "$nsout" "mnt +new +$mnt " "ns: mnt is new, with the init's id"
tap_like "$nsout" "init pid by level: $pid -> 1" "ns: init pid per level"
if ((mask & (1 << 5))); then
	tap_like "$nsout" "user +new " "ns: user is new"
else
	usr=$(readlink /proc/$pid/ns/user | tr -dc 0-9)
	tap_like "$nsout" "user +host +$usr +- " \
		"ns: user, not in the mask, shared with the host (from /proc, not pinned)"
fi
nsj=$("$KCTR" -j ns "$a")
tap_ok "ns -j parses" json_ok <<<"$nsj"
tap_is "$(jget "$nsj" "[n['host']['inum'] for n in d['namespaces'] if n['kind'] == 'mnt']")" \
	"[$(readlink /proc/1/ns/mnt | tr -dc 0-9)]" "ns -j: the host's mnt namespace from /proc/1"

# --- top / ps NAME ---
top=$("$KCTR" top "$a")
tap_like "$top" "sleep 1000" "top lists the workload"
tap_like "$(echo "$top" | awk -v p="$pid" '$1 == p { print $2 }')" '^1$' \
	"top: the init is pid 1 inside"
tap_is "$("$KCTR" ps "$a")" "$top" "ps NAME is top"
tj=$("$KCTR" -j top "$a")
tap_ok "top -j parses" json_ok <<<"$tj"
tap_is "$(jget "$tj" "sorted(p['pid'] for p in d)")" \
	"$(python3 -c "print(sorted(int(x) for x in open('/sys/fs/cgroup$cgpath/cgroup.procs').read().split()))")" \
	"top -j: exactly the pids of cgroup.procs"

# --- stats ---
sj=$("$KCTR" -j stats "$a")
tap_ok "stats -j parses" json_ok <<<"$sj"
tap_like "$(jget "$sj" 'd[0]["pids_current"]')" '^[1-9]' "stats: pids"
tap_like "$(jget "$sj" 'd[0]["memory_current"]')" '^[1-9]' "stats: memory"
st=$("$KCTR" stats "$a")
tap_like "$st" "$a +[0-9.]+%" "stats: text row with CPU%"
wj=$(timeout 3 "$KCTR" -j stats --watch -i 500ms "$a")
tap_ok "stats --watch -j: every line parses" python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
assert len(lines) >= 2, lines
for l in lines: json.loads(l)' <<<"$wj"
ww=$(timeout 2 "$KCTR" stats --watch -i 300ms "$a" | od -c | head -3)
tap_like "$ww" '033   \[   H' "stats --watch redraws in place (ANSI home)"

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
ij=$("$KCTR" inspect "$a")
tap_is "$(jget "$ij" 'd["state"]')" stopped "inspect: stopped"
tap_is "$(jget "$ij" 'd["exit"]["signal"]')" KILL "inspect: killed by KILL"
tap_is "$(jget "$ij" 'd["exit"]["code"]')" 137 "inspect: exit code 137"
tap_is "$(jget "$ij" 'd["exited_ns"] >= d["started_ns"] >= d["created_ns"] > 0')" true \
	"inspect: created <= started <= exited"
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
sleep 0.5
cgb=$(field "$b" 'd["cgroup"]["path"]')
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
tap_is "$(field "$c" 'd["state"]')" running "rm without -f leaves it running"
tap_is "$("$KCTR" rm -f "$c")" "$c" "rm -f of a running container"
tap_is "$("$KCTR" list -a | awk -v n="$c" '$2 == n')" "" "rm -f: not in list -a"
tap_not "rm -f: no cgroup directory left" test -e "/sys/fs/cgroup$cgc"
for i in $(seq 50); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
tap_not "rm -f: the init is gone" kill -0 "$cpid"

# --- a user namespace: maps, levels, owners ---
u=$CLI_PFX-u
if out=$("$KCTR" spawn -d --name "$u" --userns -- sleep 1000 2>&1) && wait_state "$u" running 30; then
	ij=$("$KCTR" inspect "$u")
	upid=$(jget "$ij" 'd["init_pid"]')
	tap_is "$(jget "$ij" '" ".join("%d %d %d" % (m["inside"], m["outside"], m["count"]) for m in d["uid_map"])')" \
		"$(awk '{ printf "%s%d %d %d", NR > 1 ? " " : "", $1, $2, $3 }' /proc/$upid/uid_map)" \
		"inspect --userns: uid_map equals /proc/PID/uid_map"
	tap_is "$(jget "$ij" '" ".join("%d %d %d" % (m["inside"], m["outside"], m["count"]) for m in d["gid_map"])')" \
		"$(awk '{ printf "%s%d %d %d", NR > 1 ? " " : "", $1, $2, $3 }' /proc/$upid/gid_map)" \
		"inspect --userns: gid_map equals /proc/PID/gid_map"
	userns=$(readlink /proc/$upid/ns/user | tr -dc 0-9)
	tap_is "$(jget "$ij" "[(n['level'], n['new']) for n in d['namespaces'] if n['kind'] == 'user']")" \
		"[[1, true]]" "inspect --userns: user namespace new, level 1"
	tap_is "$(jget "$ij" "sorted(set(n['owner_inum'] for n in d['namespaces'] if n['kind'] != 'user'))")" \
		"[$userns]" "inspect --userns: the other namespaces are owned by it"
	nsout=$("$KCTR" ns "$u")
	tap_like "$nsout" "user +new +$userns +[0-9]+ +1 " "ns --userns: user new at level 1"
	tap_like "$nsout" "uid 0 -> host [0-9]+, [0-9]+ ids" "ns --userns: the uid map"
	"$KCTR" rm -f "$u" >/dev/null
else
	tap_fail "spawn --userns for the map checks" "$out"
fi

tap_done
