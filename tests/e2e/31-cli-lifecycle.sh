#!/bin/bash
# list, inspect, ns, top and stats on a running container (and one with
# --userns); their JSON parses and agrees with what /proc shows.
#
# The tool's own logic; the kernel paths it reaches run in every spawn
# and in the netlink tests there: not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

a=$CLI_PFX-a
running_sleeper "$a"

# --- list ---
out=$("$KCTR" list)
line=$(echo "$out" | awk -v n="$a" '$2 == n')
tap_like "$line" "^ *$id +$a +running +[0-9]+ +[^ ]+ +up [0-9]+[smhd].* +sleep 1000$" \
	"list: id, name, state, pid, image, uptime, command"
tap_like "$(echo "$out" | head -1)" "^ *ID +NAME +STATE +PID +IMAGE +STATUS +COMMAND$" \
	"list: header"
lj=$("$KCTR" -j list)
tap_ok "list -j parses" json_ok <<<"$lj"
tap_is "$(jget "$("$KCTR" list -j)" "[c['id'] for c in d]")" "$(jget "$lj" "[c['id'] for c in d]")" \
	"list -j after the command: the same containers"
tap_is "$(jget "$lj" "[c['state'] for c in d if c['name'] == '$a']")" '["running"]' \
	"list -j: the container, running"
tap_like "$("$KCTR" list -q)" "(^|$'\n')$id($'\n'|$)" "list -q prints the id"

# --- inspect: JSON matching /proc ---
ij=$("$KCTR" inspect "$a")
tap_ok "inspect parses" json_ok <<<"$ij"
ijj=$("$KCTR" -j inspect "$a")
tap_is "$(echo "$ijj" | wc -l)" 1 "inspect -j is one line"
pid=$(jget "$ij" 'd["init_pid"]')
cgpath=$(jget "$ij" 'd["cgroup"]["path"]')
# The checks below read /proc themselves, from python, in one run.
jmany "$ij" 'd["id"]' 'd["state"]' 'd["created"]' 'd["init_pids"][0]' \
	'd["init_pids"][-1]' '" ".join(map(str, d["init_pids"]))' \
	'" ".join("%s:%d!=%s" % (n["kind"], n["inum"], os.readlink("/proc/%d/ns/%s" % (d["init_pid"], n["kind"]))) for n in d["namespaces"] if "[%d]" % n["inum"] not in os.readlink("/proc/%d/ns/%s" % (d["init_pid"], n["kind"])))' \
	'" ".join(k for i, k in enumerate("mnt pid net ipc uts user cgroup time".split()) if d["ns_mask"] >> i & 1 and sum(n["kind"] == k and n["new"] for n in d["namespaces"]) != 1)' \
	'all(n["refcount"] >= 1 for n in d["namespaces"])' \
	'"0::" + d["cgroup"]["path"] == open("/proc/%d/cgroup" % d["init_pid"]).read().strip()' \
	'd["cgroup"]["id"] == os.stat("/sys/fs/cgroup" + d["cgroup"]["path"]).st_ino' \
	'd["cgroup"]["pids_current"]' 'd["cgroup"]["memory_current"]' \
	'"CAP_CHOWN" in d["capabilities"]["bounding"]' \
	'"CAP_SYS_ADMIN" in d["capabilities"]["bounding"]' \
	'len(d["capabilities"]["bounding"]) == bin(int([l.split()[1] for l in open("/proc/%d/status" % d["init_pid"]) if l.startswith("CapBnd")][0], 16)).count("1")' \
	'd["seccomp"]["init_mode"] == int([l.split()[1] for l in open("/proc/%d/status" % d["init_pid"]) if l.startswith("Seccomp:")][0])' \
	'd["ns_mask"]' '" ".join(d["flags"])'
tap_is "${JQ[0]}" "$id" "inspect: id"
tap_is "${JQ[1]}" running "inspect: state"
tap_like "${JQ[2]}" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "inspect: created time"
tap_ok "inspect: init pid $pid is alive" kill -0 "$pid"
tap_is "${JQ[3]}" "$pid" "inspect: init_pids starts with the pid in our namespace"
tap_is "${JQ[4]}" 1 "inspect: init_pids ends with 1, the pid inside"
nspid=$(grep NSpid /proc/$pid/status)
nspid=${nspid#NSpid:}
tap_is "$(echo $nspid)" "${JQ[5]}" "inspect: init_pids equal /proc/PID/status NSpid"
tap_is "${JQ[6]}" "" "inspect: every namespace inum equals readlink /proc/PID/ns/*"
mask=${JQ[17]}
tap_is "${JQ[7]}" "" "inspect: every kind of ns_mask $mask is listed, new"
tap_is "${JQ[8]}" true "inspect: every namespace has a reference count"
tap_is "${JQ[9]}" true "inspect: cgroup path equals /proc/PID/cgroup"
tap_is "${JQ[10]}" true "inspect: cgroup id is the directory's inode"
tap_like "${JQ[11]}" '^[1-9]' "inspect: live pids.current"
tap_like "${JQ[12]}" '^[1-9]' "inspect: live memory.current"
tap_is "${JQ[13]}" true "inspect: capability sets by name"
tap_is "${JQ[14]}" false "inspect: no CAP_SYS_ADMIN in the default bounding set"
tap_is "${JQ[15]}" true "inspect: bounding set size equals the init's CapBnd"
tap_is "${JQ[16]}" true "inspect: seccomp mode equals the init's /proc status"
tap_is "${JQ[18]}" "verify-containment device-policy" \
	"inspect: the CREATE flags kctr spawn sets, by their spec names"

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

# --- a user namespace: maps, levels, owners ---
maps() {
	local in out n all=
	while read -r in out n; do
		all="$all${all:+ }$in $out $n"
	done <"$1"
	echo "$all"
}
u=$CLI_PFX-u
if out=$("$KCTR" spawn -d --name "$u" --userns -- sleep 1000 2>&1) && wait_state "$u" running 30; then
	ij=$("$KCTR" inspect "$u")
	upid=$(jget "$ij" 'd["init_pid"]')
	tap_is "$(jget "$ij" '" ".join("%d %d %d" % (m["inside"], m["outside"], m["count"]) for m in d["uid_map"])')" \
		"$(maps /proc/$upid/uid_map)" \
		"inspect --userns: uid_map equals /proc/PID/uid_map"
	tap_is "$(jget "$ij" '" ".join("%d %d %d" % (m["inside"], m["outside"], m["count"]) for m in d["gid_map"])')" \
		"$(maps /proc/$upid/gid_map)" \
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
