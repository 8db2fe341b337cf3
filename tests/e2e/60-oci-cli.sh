#!/bin/bash
# kctr-oci's commands that need no launch (state, list, ps, pause, resume,
# kill, delete, features, --version, --log) against containers made by
# `kctr spawn -d`, each given the state directory `kctr-oci create` will
# write: the netlink GET/KILL/DELETE and cgroup parts, the error texts
# engines match, poststop hooks. create and start: 61-oci-lifecycle;
# exec: 62-oci-exec.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"

# Beside $KCTR when vm-run.sh copies it there, else the build tree's.
OCI=${KCTR_OCI:-$(dirname "$KCTR")/kctr-oci}
[ -x "$OCI" ] || OCI=$KCTR_ROOT/userspace/kctr-oci
ROOT=/run/kctr-oci-e2e.$$
P=oci$$
HOOK_OUT=/tmp/$P.poststop

# adopt NAME ID: the state dir create would write for kernel id ID.
adopt() {
	mkdir -p -m 0700 "$ROOT/$1"
	cat >"$ROOT/$1/state.json" <<JSON
{"id": "$1", "kernelId": $2, "bundle": "/tmp/$1-bundle",
 "rootfs": "/tmp/$1-bundle/rootfs", "owner": "root",
 "createdNs": 1764632400123456789,
 "annotations": {"io.kctr.test": "$1"},
 "hooks": {"poststop": [{"path": "/bin/sh",
   "args": ["sh", "-c", "cat > $HOOK_OUT.\$0", "$1"],
   "env": ["X=1"], "timeout": 20}]}}
JSON
}

# A field of `kctr-oci state NAME`.
ostate() {
	jget "$(oci state "$1" 2>/dev/null)" "d.get('$2')"
}

a=$P-a
running_sleeper "$a"
ida=$id
adopt "$a" "$ida"
pid=$(jget "$("$KCTR" inspect "$a")" 'd["init_pid"]')
cg=/sys/fs/cgroup$(jget "$("$KCTR" inspect "$a")" 'd["cgroup"]["path"]')

# --- version, features ---
tap_like "$("$OCI" --version)" '^kctr-oci version [0-9.]+'$'\n''spec: 1\.0\.[0-9]+$' \
	"--version: runc's two lines"
f=$("$OCI" features)
tap_is "$(jget "$f" 'd["ociVersionMin"] + " " + d["ociVersionMax"]')" "1.0.0 1.2.0" \
	"features: ociVersionMin/Max"
tap_is "$(jget "$f" '"CAP_SYS_ADMIN" in d["linux"]["capabilities"] and d["linux"]["cgroup"]["v2"] and "time" in d["linux"]["namespaces"]')" \
	true "features: capabilities, cgroup v2, namespaces"
tap_is "$(jget "$f" '" ".join(d["linux"]["seccomp"]["supportedFlags"])')" \
	"SECCOMP_FILTER_FLAG_TSYNC SECCOMP_FILTER_FLAG_LOG SECCOMP_FILTER_FLAG_SPEC_ALLOW SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" \
	"features: the seccomp flags this kernel takes (all four since 5.19)"

# --- state ---
err=$(oci state "$a" 2>&1 >/dev/null)
out=$(oci state "$a" 2>/dev/null)
tap_is "$err" "" "state: nothing on stderr"
jmany "$out" 'd["ociVersion"]' 'd["id"]' 'd["status"]' 'd["pid"]' \
	'd["bundle"]' 'd["rootfs"]' 'd["created"]' 'd["annotations"]["io.kctr.test"]'
tap_is "${JQ[0]} ${JQ[1]} ${JQ[2]}" "1.0.2 $a running" "state: ociVersion, id, running"
tap_is "${JQ[3]}" "$pid" "state: pid is the kernel's init pid"
tap_is "${JQ[4]} ${JQ[5]}" "/tmp/$a-bundle /tmp/$a-bundle/rootfs" "state: bundle, rootfs"
tap_is "${JQ[6]}" "2025-12-01T23:40:00.123456789Z" "state: created, RFC 3339 with ns"
tap_is "${JQ[7]}" "$a" "state: annotations kept"
out=$(oci state "$P-nope" 2>&1)
tap_is "$?:$out" "1:kctr-oci: container \"$P-nope\" does not exist" \
	"state of an unknown id: does not exist, exit 1"
out=$("$OCI" --root "$ROOT.other" state "$a" 2>&1)
tap_like "$out" 'does not exist' \
	"state: a kernel container outside this --root does not exist"

# --- list, ps ---
tap_is "$(oci list -q)" "$a" "list -q: the id"
tap_is "$(jget "$(oci list --format json)" '[(c["id"], c["status"], c["pid"]) for c in d]')" \
	"[[\"$a\", \"running\", $pid]]" "list --format json"
tap_like "$(oci list | head -1)" '^ID +PID +STATUS +BUNDLE +CREATED +OWNER$' "list: header"
tap_is "$(jget "$(oci ps --format json "$a")" "$pid in d")" true \
	"ps --format json: the init's pid among cgroup.procs"
tap_like "$(oci ps "$a")" "(^|"$'\n'")$pid"$'\t' "ps: a table with the pid"

# --- pause, resume ---
tap_ok "pause" oci pause "$a"
tap_is "$(ostate "$a" status)" paused "state: paused"
tap_like "$(<"$cg/cgroup.events")" 'frozen 1' "the cgroup is frozen"
tap_not "pause again fails" oci pause "$a"
tap_ok "resume" oci resume "$a"
tap_is "$(ostate "$a" status)" running "state: running again"
tap_like "$(<"$cg/cgroup.events")" 'frozen 0' "the cgroup is thawed"
out=$(oci resume "$a" 2>&1)
tap_like "$out" 'not paused' "resume of a running container fails"

# --- delete refuses, kill, delete ---
out=$(oci delete "$a" 2>&1)
tap_like "$?:$out" "^1:kctr-oci: cannot delete container $a that is not stopped: running$" \
	"delete without --force of a running container: refused"
tap_ok "still there" is_oci_status "$a" running
out=$(oci kill "$a" NOSUCHSIG 2>&1)
tap_like "$out" 'unknown signal' "kill: an unknown signal"
tap_ok "kill ID KILL (a name, as runtime-tools)" oci kill "$a" KILL
tap_ok "state: stopped" wait_until 30 is_oci_status "$a" stopped
tap_is "$(ostate "$a" pid)" null "state: no pid once stopped"
out=$(oci kill "$a" 9 2>&1)
tap_like "$out" 'container not running' "kill of a stopped container: container not running"
rm -f "$HOOK_OUT.$a"
tap_ok "delete a stopped container" oci delete "$a"
tap_not "  its kernel record is gone" "$KCTR" inspect "$a"
tap_not "  and its state dir" test -e "$ROOT/$a"
tap_is "$(jget "$(cat "$HOOK_OUT.$a" 2>/dev/null || echo '{}')" '[d.get("id"), d.get("status"), "pid" in d]')" \
	"[\"$a\", \"stopped\", false]" "  the poststop hook ran with the state on stdin"
out=$(oci delete "$a" 2>&1)
tap_like "$out" 'does not exist' "delete again: does not exist"

# --- kill --all, delete --force, the log ---
b=$P-b
idb=$(spawn_d "$b" sh -c 'sleep 1000 & sleep 1000')
if [[ "$idb" =~ ^[0-9]+$ ]] && wait_state "$b" running 30 &&
	wait_until 60 has_process "/sys/fs/cgroup/kctr/$idb" sleep; then
	adopt "$b" "$idb"
	cgb=/sys/fs/cgroup/kctr/$idb
	n=$(wc -l <"$cgb/cgroup.procs")
	tap_ok "kill --all ID STOP: every process of cgroup.procs" oci kill --all "$b" STOP
	tap_ok "  each one stopped" wait_until 30 sh -c \
		"for p in \$(cat $cgb/cgroup.procs); do grep -q '^State:.*T' /proc/\$p/status || exit 1; done"
	tap_ok "kill --all ID CONT" oci kill -a "$b" SIGCONT
	log=/tmp/$P.log.json
	rm -f "$log"
	out=$("$OCI" --root "$ROOT" --log "$log" --log-format json delete --force "$b" 2>&1)
	tap_is "$?:$out" "0:" "delete --force of a running container ($n processes)"
	tap_ok "  the log file exists though nothing was logged" test -f "$log"
	tap_not "  its kernel record is gone" "$KCTR" inspect "$b"
	out=$("$OCI" --root "$ROOT" --log "$log" --log-format=json kill "$b" 9 2>&1)
	tap_like "$out" 'does not exist' "kill after delete: does not exist"
	tap_is "$(tail -1 "$log" | jget "$(cat)" '[d["level"], "does not exist" in d["msg"], d["time"][:2]]')" \
		'["error", true, "20"]' "  and the JSON log's last line says so"
else
	tap_fail "spawn -d $b" "$idb"
fi

c=$P-c
idc=$(spawn_d "$c" sh -c 'sleep 1000 & sleep 1000')
if [[ "$idc" =~ ^[0-9]+$ ]] && wait_state "$c" running 30 &&
	wait_until 60 has_process "/sys/fs/cgroup/kctr/$idc" sleep; then
	adopt "$c" "$idc"
	# No createdNs: the kernel's creation time stands in.
	sed -i '/createdNs/d' "$ROOT/$c/state.json"
	tap_like "$(ostate "$c" created)" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z$' \
		"state: created from the kernel when the file has none"
	tap_ok "kill --all ID KILL (cgroup.kill)" oci kill --all "$c" KILL
	tap_ok "  stopped" wait_until 30 is_oci_status "$c" stopped
	tap_is "$(cat "/sys/fs/cgroup/kctr/$idc/cgroup.procs" 2>/dev/null)" "" \
		"  no process left in the cgroup"
	tap_ok "  deleted" oci delete "$c"
else
	tap_fail "spawn -d $c" "$idc"
fi

out=$(oci create --bundle /tmp/$P-nobundle "$P-d" 2>&1)
tap_like "$?:$out" "^1:kctr-oci: bundle /tmp/$P-nobundle: No such file or directory" "create: a missing bundle named"

"$KCTR" rm -f "$a" "$b" "$c" >/dev/null 2>&1
rm -rf "$ROOT" "$ROOT.other" "$HOOK_OUT".* "/tmp/$P".*
tap_done
