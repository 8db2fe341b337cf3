#!/bin/bash
# kctr-oci create/start on hand-made bundles, as runtime.md describes the
# lifecycle: create leaves the container created (its init waiting, the
# pid file written, nothing printed), start runs the program, kill and
# delete; every field kctr-oci applies checked from inside the container
# and against the kernel's record; failures that must leave nothing.
# vms: distro distro61
# Its limit is 10 minutes: some 40 containers made and removed, 280-307 s
# on session 16's host (the 5 minutes of a test ran out at check 130).
# timeout: 600
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"

OCI=$OCI_RUNTIME
ROOT=/run/kctr-oci-e2e.$$
W=/tmp/oci61.$$
P=oci61-$$
mkdir -p "$W"

cleanup61() {
	oci_delete_all
	"$KCTR" list -a 2>/dev/null | awk -v p="$P" 'NR > 1 && index($2, p) == 1 { print $2 }' |
		while read -r n; do "$KCTR" rm -f "$n" >/dev/null 2>&1; done
	rm -rf "$ROOT" "$W"
}
trap cleanup61 EXIT

ostatus() {
	jget "$(oci state "$1" 2>/dev/null)" 'd["status"]'
}
has_line() {
	grep -qx -- "$2" "$1" 2>/dev/null
}

# The busybox root file system, once; each bundle gets its own copy.
oci_unpack_busybox

# --- the lifecycle ---
bundle life '{"process": {"args": ["sh", "-c", "echo hello; echo out-$HOSTNAME; exec sleep 1000"], "env": ["PATH=/bin:/sbin", "HOSTNAME=h1"]}, "annotations": {"io.kctr.e2e": "life"}}'
c=$P-life
tap_ok "create: exit 0" create_ok life
tap_is "$(cat "$W/life.out")" "" "create: nothing on stdout, the program has not run"
tap_is "$(ostatus "$c")" created "state: created"
pid=$(cat "$W/life.pid" 2>/dev/null)
tap_like "$pid" '^[0-9]+$' "create: pid file written, no newline needed"
tap_is "$(jget "$(oci state "$c")" 'd["pid"]')" "$pid" "state: pid is the pid file's"
tap_is "$(jget "$(oci state "$c")" 'd["annotations"]["io.kctr.e2e"]')" life "state: annotations kept"
tap_is "$(jget "$(oci state "$c")" 'd["bundle"]')" "$W/life" "state: bundle"
tap_ok "create: the init is alive and waiting" kill -0 "$pid"
tap_not "create: its pid namespace is not the host's" \
	[ "$(readlink /proc/"$pid"/ns/pid)" = "$(readlink /proc/self/ns/pid)" ]
tap_is "$(field "$c" 'd["state"]')" created "kctr inspect: the kernel's record is created"
tap_is "$(field "$c" 'd["init_pid"]')" "$pid" "kctr inspect: the same init pid"
tap_like "$(field "$c" '" ".join(d["flags"])')" 'persist' "kctr inspect: CREATE had persist"
oci create --bundle "$W/life" "$c" >"$W/again.out" 2>&1
tap_like "$?:$(cat "$W/again.out")" "^1:.*container with id exists: $c" \
	"create: the same id again refused"
out=$(oci exec "$c" true 2>&1)
tap_like "$?:$out" "^1:.*cannot exec in container \"$c\" before start \\(created\\): container not running \\(kctr.ko admits an exec only after the init's START\\)" \
	"exec into a created container refused, with the reason"
tap_is "$(ostatus "$c")" created "  still created"
tap_ok "start: exit 0" oci start "$c"
tap_ok "start: the program ran" wait_until 30 has_line "$W/life.out" hello
tap_ok "start: config.json's env exactly (HOSTNAME as given)" has_line "$W/life.out" out-h1
tap_is "$(ostatus "$c")" running "state: running"
tap_is "$(field "$c" 'd["state"]')" running "kctr inspect: running"
tap_is "$(cat /proc/"$pid"/comm)" sleep "the program is the init itself (pid 1, exec'd)"
out=$(oci start "$c" 2>&1)
tap_like "$?:$out" "^1:.*cannot start an already running container" "start again refused"
tap_ok "kill KILL" oci kill "$c" KILL
tap_ok "  stopped" wait_until 30 is_oci_status "$c" stopped
tap_not "  no pid in the state once stopped" \
	grep -q '"pid"' <(oci state "$c")
out=$(oci start "$c" 2>&1)
tap_like "$?:$out" "^1:.*cannot start a container that has stopped" "start of a stopped container refused"
tap_ok "delete" oci delete "$c"
out=$(oci state "$c" 2>&1)
tap_like "$?:$out" "^1:.*does not exist" "state after delete: does not exist"
tap_not "no kernel record after delete" "$KCTR" inspect "$c"

# --- killed while created ---
bundle early '{"process": {"args": ["sh", "-c", "echo ran"]}}'
c=$P-early
tap_ok "create (to be killed before start)" create_ok early
tap_ok "kill KILL of a created container" oci kill "$c" KILL
tap_ok "  stopped" wait_until 30 is_oci_status "$c" stopped
tap_is "$(cat "$W/early.out")" "" "  the program never ran"
out=$(oci start "$c" 2>&1)
tap_like "$?:$out" "^1:.*cannot start a container that has stopped" "  start refused"
tap_ok "  delete" oci delete "$c"
tap_not "  no kernel record" "$KCTR" inspect "$c"

# --- exit status, delete without --force of a running one ---
bundle exit3 '{"process": {"args": ["sh", "-c", "exit 3"]}}'
c=$P-exit3
create_ok exit3 && oci start "$c"
tap_ok "a program that exits: stopped" wait_until 30 is_oci_status "$c" stopped
tap_is "$(field "$c" 'd["exit"]["code"]')" 3 "kctr inspect: exit code 3"
oci delete "$c"
bundle busy '{"process": {"args": ["sleep", "1000"]}}'
c=$P-busy
create_ok busy && oci start "$c"
out=$(oci delete "$c" 2>&1)
tap_like "$?:$out" "^1:.*cannot delete container $c that is not stopped: running" \
	"delete of a running container refused"
tap_ok "delete --force of a running one" oci delete --force "$c"
tap_not "  no kernel record" "$KCTR" inspect "$c"

# --- process fields, checked from inside ---
bundle user '{"process": {"args": ["sh", "-c", "id; umask; ulimit -n; ulimit -Hn; grep -E \"^(NoNewPrivs|CapEff|CapBnd):\" /proc/self/status; pwd"], "user": {"uid": 1000, "gid": 1000, "additionalGids": [10, 20], "umask": 23}, "cwd": "/tmp/work", "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 600}], "capabilities": {"bounding": ["CAP_KILL", "CAP_CHOWN"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}}}'
c=$P-user
create_ok user && oci start "$c"
wait_until 30 is_oci_status "$c" stopped
o=$W/user.out
tap_like "$(sed -n 1p "$o")" '^uid=1000 gid=1000 groups=(10|1000,10),20' "user: uid, gid, additionalGids"
tap_is "$(sed -n 2p "$o")" 0027 "user: umask"
tap_is "$(sed -n 3,4p "$o" | tr '\n' ' ')" "512 600 " "rlimits: NOFILE soft and hard"
tap_is "$(grep NoNewPrivs "$o" | awk '{print $2}')" 1 "noNewPrivileges true: set"
tap_is "$(grep CapEff "$o" | awk '{print $2}')" 0000000000000020 \
	"capabilities: a non-root user keeps config.json's sets (KILL, ambient: through its exec)"
tap_is "$(grep CapBnd "$o" | awk '{print $2}')" 0000000000000021 "capabilities: bounding KILL|CHOWN"
tap_is "$(tail -n 1 "$o")" /tmp/work "cwd: made and entered"
tap_is "$(cat "$W/user.err")" "" "nothing on stderr"
oci delete "$c"

bundle nnp '{"process": {"noNewPrivileges": false, "args": ["sh", "-c", "grep -E \"^(NoNewPrivs|CapEff|CapAmb):\" /proc/self/status"], "user": {"uid": 1000, "gid": 1000}, "capabilities": {"bounding": ["CAP_NET_BIND_SERVICE"], "effective": ["CAP_NET_BIND_SERVICE"], "permitted": ["CAP_NET_BIND_SERVICE"], "inheritable": ["CAP_NET_BIND_SERVICE"], "ambient": ["CAP_NET_BIND_SERVICE"]}}}'
c=$P-nnp
create_ok nnp && oci start "$c"
wait_until 30 is_oci_status "$c" stopped
o=$W/nnp.out
tap_is "$(grep NoNewPrivs "$o" | awk '{print $2}')" 0 "noNewPrivileges false: not set"
tap_is "$(grep CapEff "$o" | awk '{print $2}')" 0000000000000400 "  a non-root user keeps its five sets (effective)"
tap_is "$(grep CapAmb "$o" | awk '{print $2}')" 0000000000000400 "  ambient"
tap_like "$(field "$c" '" ".join(d["flags"])')" 'allow-new-privs' "  kctr inspect: allow-new-privs"
oci delete "$c"

bundle ro '{"root": {"readonly": true}, "process": {"args": ["sh", "-c", "touch /x 2>/dev/null && echo wrote || echo refused"]}}'
create_ok ro && oci start "$P-ro"
wait_until 30 is_oci_status "$P-ro" stopped
tap_is "$(cat "$W/ro.out")" refused "root.readonly: / cannot be written"
oci delete "$P-ro"

bundle paths '{"linux": {"maskedPaths": ["/etc/group", "/home", "/nonexistent"], "readonlyPaths": ["/var"]}, "process": {"args": ["sh", "-c", "wc -c < /etc/group; ls -A /home | wc -l; touch /var/x 2>/dev/null && echo w || echo ro; touch /tmp/x && echo tmp-w; cat /proc/kcore 2>/dev/null | wc -c"]}}'
mkdir -p "$W/paths/rootfs/home/someone"
create_ok paths && oci start "$P-paths"
wait_until 30 is_oci_status "$P-paths" stopped
tap_is "$(tr '\n' ' ' <"$W/paths.out")" "0 0 ro tmp-w 0 " \
	"maskedPaths (a file, a directory, a missing one) and readonlyPaths applied"
oci delete "$P-paths"

# --- linux.seccomp.flags: LOG makes the kernel log an ERRNO action ---
# (audit type 1326 in the kernel log, the guest having no auditd); the
# same filter without the flag logs nothing. exec installs the
# container's filter with the same flags.
seclog() {
	dmesg 2>/dev/null | grep -c 'type=1326.*comm="mkdir"'
}
secbundle() {
	bundle "$1" "{\"process\": {\"args\": [\"sh\", \"-c\", \"mkdir /d1 2>/dev/null || echo refused; echo up; exec sleep 1000\"]}, \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": $2, \"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}}}"
}
secbundle secoff '[]'
n0=$(seclog)
create_ok secoff && oci start "$P-secoff"
tap_ok "seccomp without flags: the ERRNO rule applies" wait_until 30 has_line "$W/secoff.out" refused
tap_is "$(seclog)" "$n0" "  and is not logged"
oci delete --force "$P-secoff"
secbundle seclog '["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]'
c=$P-seclog
tap_ok "seccomp flags LOG, SPEC_ALLOW, TSYNC, WAIT_KILLABLE_RECV: create" create_ok seclog
oci start "$c"
tap_ok "  the ERRNO rule applies" wait_until 30 has_line "$W/seclog.out" refused
tap_ok "  and the kernel logged it (SECCOMP_FILTER_FLAG_LOG)" \
	wait_until 10 test "$(seclog)" -gt "$n0"
n1=$(seclog)
tap_is "$(oci exec "$c" sh -c 'mkdir /d2 2>/dev/null || echo refused')" refused \
	"  exec: the container's filter"
tap_ok "  installed with the same flags (logged)" wait_until 10 test "$(seclog)" -gt "$n1"
oci delete --force "$c"
bundle secbad '{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_NEW_LISTENER"]}}}'
out=$(create_ok secbad; echo "$?:$(cat "$W/secbad.err")")
tap_like "$out" '^1:.*linux.seccomp.flags\[0\]: unknown flag "SECCOMP_FILTER_FLAG_NEW_LISTENER"' \
	"a flag config-linux.md does not list: refused by name"
bundle seclisten '{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/x.sock"}}}'
out=$(create_ok seclisten; echo "$?:$(cat "$W/seclisten.err")")
tap_like "$out" '^1:.*linux.seccomp.listenerPath \(seccomp notify\) is not supported' \
	"listenerPath: refused by name"

# --- namespaces by path ---
bundle nsa '{"process": {"args": ["sh", "-c", "ip link add dummy0 type dummy 2>/dev/null; echo up; exec sleep 1000"]}}'
create_ok nsa && oci start "$P-nsa"
wait_until 30 has_line "$W/nsa.out" up
apid=$(cat "$W/nsa.pid")
bundle nsb "{\"process\": {\"args\": [\"sh\", \"-c\", \"readlink /proc/self/ns/net; readlink /proc/self/ns/uts; hostname\"]}, \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"mount\"}, {\"type\": \"network\", \"path\": \"/proc/$apid/ns/net\"}, {\"type\": \"uts\", \"path\": \"/proc/$apid/ns/uts\"}], \"sysctl\": {\"net.ipv4.ip_unprivileged_port_start\": \"555\"}}}"
c=$P-nsb
host_ups=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)
tap_ok "create with network and uts namespaces by path" create_ok nsb
bpid=$(cat "$W/nsb.pid")
tap_is "$(field "$c" '[n["inum"] for n in d["namespaces"] if n["kind"] == "net"][0]')" \
	"$(stat -L -c %i /proc/"$apid"/ns/net)" "kctr inspect: the joined net namespace is pinned"
oci start "$c"
wait_until 30 is_oci_status "$c" stopped
tap_is "$(sed -n 1p "$W/nsb.out")" "$(readlink /proc/"$apid"/ns/net)" "  the program is in that network namespace"
tap_is "$(sed -n 3p "$W/nsb.out")" oci-e2e "  and that uts namespace (not set again)"
tap_is "$(nsenter -t "$apid" -n cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" 555 \
	"  linux.sysctl net.*: written in the joined network namespace"
tap_is "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" "$host_ups" "  the host's unchanged"
oci delete "$c"
oci delete --force "$P-nsa"
bundle nshost '{"linux": {"namespaces": [{"type": "mount"}, {"type": "network", "path": "/proc/self/ns/net"}], "sysctl": {"net.ipv4.ip_unprivileged_port_start": "556"}}}'
out=$(create_ok nshost; echo "$?:$(cat "$W/nshost.err")")
tap_like "$out" "^1:.*sysctl net.ipv4.ip_unprivileged_port_start: needs a new network namespace, or one joined by path that is not the runtime's" \
	"a net sysctl in the runtime's own network namespace joined by path: refused"
tap_is "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" "$host_ups" "  the host's unchanged"
tap_not "  nothing left" "$KCTR" inspect "$P-nshost"
bundle nsbad '{"linux": {"namespaces": [{"type": "mount"}, {"type": "network", "path": "/proc/self/ns/ipc"}]}}'
out=$(create_ok nsbad; echo "$?:$(cat "$W/nsbad.err")")
tap_like "$out" "^1:.*namespace net /proc/self/ns/ipc: not a net namespace" "a path of another kind refused by name"

# time: a new one, then joined by path (setns by the init itself)
NSDEF='{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}'
bundle tma "{\"process\": {\"args\": [\"sh\", \"-c\", \"echo up; exec sleep 1000\"]}, \"linux\": {\"namespaces\": [$NSDEF, {\"type\": \"time\"}]}}"
create_ok tma && oci start "$P-tma"
wait_until 30 has_line "$W/tma.out" up
tpid=$(cat "$W/tma.pid")
tap_not "a new time namespace: not the host's" \
	[ "$(readlink /proc/"$tpid"/ns/time)" = "$(readlink /proc/self/ns/time)" ]
bundle tmb "{\"process\": {\"args\": [\"sh\", \"-c\", \"readlink /proc/self/ns/time\"]}, \"linux\": {\"namespaces\": [$NSDEF, {\"type\": \"time\", \"path\": \"/proc/$tpid/ns/time\"}]}}"
tap_ok "create with a time namespace by path" create_ok tmb
oci start "$P-tmb"
wait_until 30 is_oci_status "$P-tmb" stopped
tap_is "$(cat "$W/tmb.out")" "$(readlink /proc/"$tpid"/ns/time)" "  the program is in that time namespace"
oci delete "$P-tmb"
oci delete --force "$P-tma"

# --- a user namespace by path (podman --userns=ns:PATH, a pod's) ---
# The holder: a user namespace whose maps the host writes, parked.
unshare -U sleep 1000 &
holder=$!
wait_until 30 sh -c '[ "$(readlink /proc/'"$holder"'/ns/user)" != "$(readlink /proc/self/ns/user)" ]'
echo "0 200000 65536" >/proc/"$holder"/uid_map
echo "0 300000 65536" >/proc/"$holder"/gid_map
mkdir -p "$W/hostdir"
echo host >"$W/hostdir/f"
UJ="{\"type\": \"user\", \"path\": \"/proc/$holder/ns/user\"}"
bundle ujoin "{\"process\": {\"args\": [\"sh\", \"-c\", \"cat /proc/self/uid_map /proc/self/gid_map | tr -s ' ' | sed 's/^ //'; id -u; echo pwn >> /hostdir/f 2>/dev/null && echo wrote-bind; echo pwn > /hostdir/new 2>/dev/null && echo made-bind; echo up; exec sleep 1000\"]}, \"mounts\": [{\"destination\": \"/hostdir\", \"type\": \"bind\", \"source\": \"$W/hostdir\", \"options\": [\"rbind\", \"rw\"]}], \"linux\": {\"namespaces\": [$NSDEF, $UJ]}}"
# The mount point exists: the root's tree is the host's, not the
# namespace root's to add to.
mkdir -p "$W/ujoin/rootfs/hostdir"
c=$P-ujoin
tap_ok "create joining a user namespace by path" create_ok ujoin
oci start "$c"
wait_until 30 has_line "$W/ujoin.out" up
jpid=$(cat "$W/ujoin.pid")
tap_is "$(readlink /proc/"$jpid"/ns/user)" "$(readlink /proc/"$holder"/ns/user)" \
	"  the init is in that user namespace"
tap_is "$(sed -n 1,2p "$W/ujoin.out" | tr '\n' ' ')" "0 200000 65536 0 300000 65536 " \
	"  the maps inside are the namespace's own"
tap_is "$(sed -n 3p "$W/ujoin.out")" 0 "  root inside"
tap_is "$(awk '/^(Uid|Gid):/ { printf "%s %s ", $1, $2 }' /proc/"$jpid"/status)" \
	"Uid: 200000 Gid: 300000 " "  seen from the host: the mapped ids, not host root"
owner() {
	python3 -c 'import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
print(os.readlink("/proc/self/fd/%d" % fcntl.ioctl(fd, 0xb701)))' "$1"
}
tap_is "$(owner /proc/"$jpid"/ns/net):$(owner /proc/"$jpid"/ns/mnt):$(owner /proc/"$jpid"/ns/pid)" \
	"$(readlink /proc/"$holder"/ns/user):$(readlink /proc/"$holder"/ns/user):$(readlink /proc/"$holder"/ns/user)" \
	"  its new net, mount and pid namespaces are owned by the joined one"
tap_is "$(field "$c" '[n["inum"] for n in d["namespaces"] if n["kind"] == "user"][0]')" \
	"$(stat -L -c %i /proc/"$holder"/ns/user)" "kctr inspect: the joined user namespace is pinned"
tap_is "$(cat "$W/hostdir/f")" host "  attack: a host file bound in is not writable by its root"
tap_not "  attack: nor can it make a file in the host's directory" test -e "$W/hostdir/new"
tap_is "$(oci exec "$c" sh -c 'readlink /proc/self/ns/user; id -u' | tr '\n' ' ')" \
	"$(readlink /proc/"$holder"/ns/user) 0 " "  exec: in the joined user namespace"
oci delete --force "$c"
bundle ujbad "{\"linux\": {\"namespaces\": [$NSDEF, $UJ], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 300000, \"size\": 65536}]}}"
out=$(create_ok ujbad; echo "$?:$(cat "$W/ujbad.err")")
tap_like "$out" "^1:.*namespace user /proc/$holder/ns/user: the id maps given are not the namespace's own" \
	"  maps that are not the joined namespace's: refused by name"
tap_not "  and nothing left" "$KCTR" inspect "$P-ujbad"
bundle ujok "{\"process\": {\"args\": [\"true\"]}, \"linux\": {\"namespaces\": [$NSDEF, $UJ], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 200000, \"size\": 65536}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 300000, \"size\": 65536}]}}"
tap_ok "  its own maps given too: accepted" create_ok ujok
oci delete --force "$P-ujok"
kill "$holder"
wait "$holder" 2>/dev/null

# --- user namespace: several extents, uids and gids apart ---
UMAP='[{"containerID": 0, "hostID": 100000, "size": 1000}, {"containerID": 1000, "hostID": 200000, "size": 10}]'
GMAP='[{"containerID": 0, "hostID": 300000, "size": 500}, {"containerID": 500, "hostID": 400000, "size": 5}]'
bundle usr "{\"process\": {\"args\": [\"sh\", \"-c\", \"cat /proc/self/uid_map /proc/self/gid_map | tr -s ' ' | sed 's/^ //'; id -u; id -g; echo up; exec sleep 1000\"], \"user\": {\"uid\": 1005, \"gid\": 502}}, \"linux\": {\"namespaces\": [$NSDEF, {\"type\": \"user\"}], \"uidMappings\": $UMAP, \"gidMappings\": $GMAP}}"
c=$P-usr
tap_ok "create with a new user namespace, two extents per map" create_ok usr
oci start "$c"
wait_until 30 has_line "$W/usr.out" up
tap_is "$(sed -n 1,4p "$W/usr.out" | sort | tr '\n' ' ')" \
	"0 100000 1000 0 300000 500 1000 200000 10 500 400000 5 " \
	"  the maps inside are config.json's, every extent"
tap_is "$(sed -n 5,6p "$W/usr.out" | tr '\n' ' ')" "1005 502 " "  process.user inside the second extents"
upid=$(cat "$W/usr.pid")
tap_is "$(awk '/^(Uid|Gid):/ { printf "%s %s ", $1, $2 }' /proc/"$upid"/status)" \
	"Uid: 200005 Gid: 400002 " "  seen from the host: the mapped ids"
tap_is "$(field "$c" 'len(d["uid_map"])'):$(field "$c" 'len(d["gid_map"])')" "2:2" \
	"  kctr inspect: the module holds both maps, two extents each"
tap_is "$(oci exec "$c" sh -c 'id -u; wc -l < /proc/self/uid_map' | tr '\n' ' ')" "1005 2 " \
	"  exec: in that user namespace, as the container's user"
oci delete --force "$c"
bundle usrnoroot "{\"linux\": {\"namespaces\": [$NSDEF, {\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 1, \"hostID\": 100000, \"size\": 10}], \"gidMappings\": $GMAP}}"
out=$(create_ok usrnoroot; echo "$?:$(cat "$W/usrnoroot.err")")
tap_like "$out" "^1:.*uid map: no extent maps the namespace's root \\(inside id 0\\)" \
	"a uid map without the root: refused by name"

# --- hooks: each gets the state it runs in ---
# hook KIND: a hook that appends "KIND STATUS PID" (from its stdin) to
# $W/hooks.log
cat >"$W/hook.py" <<'PY'
import json, sys
d = json.load(sys.stdin)
with open(sys.argv[2], "a") as f:
    print(sys.argv[1], d["status"], d.get("pid", 0), file=f)
PY
hook() {
	printf '{"path": "/usr/bin/python3", "args": ["python3", "%s", "%s", "%s"], "timeout": 30}' \
		"$W/hook.py" "$1" "$W/hooks.log"
}
bundle hooks "{\"process\": {\"args\": [\"true\"]}, \"hooks\": {\"prestart\": [$(hook prestart)], \"createRuntime\": [$(hook createRuntime)], \"poststart\": [$(hook poststart)], \"poststop\": [$(hook poststop)]}}"
c=$P-hooks
tap_ok "create with hooks" create_ok hooks
hpid=$(cat "$W/hooks.pid")
tap_is "$(cat "$W/hooks.log" 2>/dev/null)" "prestart creating $hpid
createRuntime creating $hpid" "prestart, createRuntime: in create, state creating with the pid"
oci start "$c"
wait_until 30 is_oci_status "$c" stopped
tap_like "$(sed -n 3p "$W/hooks.log")" "^poststart (running|stopped) " "poststart: after start"
oci delete "$c"
tap_is "$(sed -n 4p "$W/hooks.log")" "poststop stopped 0" "poststop: in delete, stopped"
bundle hookfail '{"process": {"args": ["true"]}, "hooks": {"createRuntime": [{"path": "/bin/false"}]}}'
out=$(create_ok hookfail; echo "$?:$(cat "$W/hookfail.err")")
tap_like "$out" "^1:.*hook /bin/false failed: exit status 1" "a failing createRuntime hook fails create"
tap_not "  and leaves no state" test -e "$ROOT/$P-hookfail"

# createContainer: in create, after createRuntime, in the container's
# namespaces before pivot_root (the path is the host's: python3 and the
# script are not in the busybox root), with the runtime's credentials;
# what it leaves running is killed before the init joins.
cat >"$W/cchook.py" <<'PY'
import json, os, subprocess, sys
d = json.load(sys.stdin)
ns = " ".join(os.readlink("/proc/self/ns/" + k) for k in ("mnt", "net", "uts", "pid"))
with open(sys.argv[1], "a") as f:
    print("createContainer", d["status"], d["pid"], file=f)
with open(sys.argv[1] + ".ns", "w") as f:
    print(ns, file=f)
# A daemon that outlives the hook, holding nothing of it.
subprocess.Popen(["sleep", "7719"], stdin=subprocess.DEVNULL,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                 start_new_session=True)
PY
cchook='{"path": "/usr/bin/python3", "args": ["python3", "'"$W/cchook.py"'", "'"$W/cc.log"'"], "timeout": 30}'
bundle cc "{\"process\": {\"args\": [\"sleep\", \"1000\"]}, \"hooks\": {\"createRuntime\": [$(hook createRuntime)], \"createContainer\": [$cchook]}}"
: >"$W/hooks.log"
c=$P-cc
tap_ok "create with a createContainer hook" create_ok cc
ccpid=$(cat "$W/cc.pid")
tap_is "$(cat "$W/hooks.log" "$W/cc.log" 2>/dev/null)" "createRuntime creating $ccpid
createContainer creating $ccpid" "createContainer: after createRuntime, state creating with the pid"
tap_is "$(cat "$W/cc.log.ns" 2>/dev/null)" \
	"$(for k in mnt net uts pid; do readlink /proc/"$ccpid"/ns/$k; done | xargs)" \
	"  it ran in the container's mount, net, uts and pid namespaces"
tap_not "  the daemon it started was killed before the init joined" pgrep -f "sleep 7719"
tap_is "$(wc -l <"$(awk -F: '{print "/sys/fs/cgroup" $3 "/cgroup.procs"}' /proc/"$ccpid"/cgroup)")" 1 \
	"  the container's cgroup holds the init alone"
tap_is "$(jget "$(oci state "$c")" 'd["status"]')" created "  the container is created"
oci delete --force "$c"
bundle ccfail '{"process": {"args": ["true"]}, "hooks": {"createContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "sleep 7720 & echo no-go; exit 4"]}]}}'
out=$(create_ok ccfail; echo "$?:$(cat "$W/ccfail.err")")
tap_like "$out" "^1:.*hook /bin/sh failed: exit status 4: no-go" "a failing createContainer hook fails create, its last line named"
tap_not "  no state left" test -e "$ROOT/$P-ccfail"
tap_not "  no kernel record left" "$KCTR" inspect "$P-ccfail"
tap_not "  nothing of it left running" pgrep -f "sleep 7720"

# startContainer: at start, inside the container (the path is the
# container's: the script exists only in its root), with the program's
# credentials, before the program; the state on stdin.
bundle sc '{"process": {"args": ["sh", "-c", "test -e /sc.ran && grep Cap /proc/self/status > /prog.caps; exec sleep 1000"]}, "hooks": {"startContainer": [{"path": "/bin/schook", "args": ["schook", "x"], "timeout": 30}]}}'
cat >"$W/sc/rootfs/bin/schook" <<'SH'
#!/bin/sh
cat > /sc.state
grep Cap /proc/self/status > /sc.caps
echo "$1" > /sc.ran
SH
chmod 755 "$W/sc/rootfs/bin/schook"
c=$P-sc
tap_ok "create with a startContainer hook" create_ok sc
tap_not "  it has not run at create" test -e "$W/sc/rootfs/sc.ran"
scpid=$(cat "$W/sc.pid")
tap_ok "start: exit 0" oci start "$c"
tap_is "$(cat "$W/sc/rootfs/sc.ran" 2>/dev/null)" x "startContainer: ran in the container's root, args as given"
tap_is "$(jget "$(cat "$W/sc/rootfs/sc.state" 2>/dev/null)" 'd["id"] + " " + d["status"] + " " + str(d["pid"])')" \
	"$c created $scpid" "  the state on its stdin: id, status created, the pid"
tap_ok "  it ran before the program (which saw its marker)" wait_until 30 test -s "$W/sc/rootfs/prog.caps"
tap_is "$(cat "$W/sc/rootfs/sc.caps")" "$(cat "$W/sc/rootfs/prog.caps")" \
	"  with the program's capabilities, not the runtime's"
oci delete --force "$c"
bundle scfail '{"process": {"args": ["sh", "-c", "echo ran > /prog.ran"]}, "hooks": {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "echo sc-no; exit 3"]}], "poststop": ['"$(hook poststop)"']}}'
: >"$W/hooks.log"
c=$P-scfail
tap_ok "create with a failing startContainer hook" create_ok scfail
out=$(oci start "$c" 2>&1)
tap_like "$?:$out" "^1:.*(failed|exited) before it started" "  start fails"
tap_like "$(cat "$W/scfail.err")" "hook /bin/sh failed: exit status 3: sc-no" "  the init said why"
tap_ok "  the container is stopped" wait_until 30 is_oci_status "$c" stopped
tap_not "  the program never ran" test -e "$W/scfail/rootfs/prog.ran"
oci delete "$c"
tap_is "$(cat "$W/hooks.log")" "poststop stopped 0" "  delete ran the poststop hooks"
tap_not "  and left nothing" test -e "$ROOT/$c"
tap_not "  and no kernel record" "$KCTR" inspect "$P-hookfail"

# --- the console socket ---
bundle tty '{"process": {"terminal": true, "args": ["sh", "-c", "tty; read l; echo got-$l"]}}'
c=$P-tty
"$TOOLS/console_recv.py" "$W/console.sock" "$W/tty.log" $'abc\n' >"$W/recv.out" &
rpid=$!
wait_until 30 has_line "$W/recv.out" ready
# The init keeps create's stdout: never a pipe the test waits on (tap_ok
# reads what its command prints).
create_tty() {
	oci create --bundle "$W/tty" --console-socket "$W/console.sock" "$c" \
		>"$W/tty.out" 2>&1
}
tap_ok "create with --console-socket" create_tty
tap_ok "  one fd came, a pty master" wait_until 30 grep -q master=yes "$W/tty.log.meta"
oci start "$c"
tap_ok "  the program's output came through the master" \
	wait_until 30 grep -q got-abc "$W/tty.log"
# The input is echoed too: the line tty(1) printed, wherever it is.
tap_like "$(tr -d '\r' <"$W/tty.log" | grep /dev/)" '^/dev/pts/[0-9]+$' \
	"  its stdin is a tty in the container's devpts"
wait_until 30 is_oci_status "$c" stopped
oci delete --force "$c"
kill "$rpid" 2>/dev/null
wait "$rpid" 2>/dev/null
oci create --bundle "$W/tty" "$P-tty2" >"$W/tty2.out" 2>&1
tap_like "$?:$(cat "$W/tty2.out")" "^1:.*--console-socket is required" \
	"terminal without --console-socket refused"

# --- failures leave nothing ---
before=$("$KCTR" list -a -q 2>/dev/null | wc -l)
bundle noproc '{"process": null}'
out=$(create_ok noproc; echo "$?:$(cat "$W/noproc.err")")
tap_like "$out" "^1:.*process is required" "no process: refused"
bundle badroot '{"root": {"path": "nonexistent"}}'
out=$(create_ok badroot; echo "$?:$(cat "$W/badroot.err")")
tap_like "$out" "^1:.*root $W/badroot/nonexistent: No such file" "a missing root: named"
bundle badarg '{"process": {"args": ["/nonexistent/prog"]}}'
tap_ok "a missing program: create succeeds (the exec is start's)" create_ok badarg
out=$(oci start "$P-badarg" 2>&1)
tap_like "$?:$out" "^(0|1):" "  start reports, never hangs"
wait_until 30 is_oci_status "$P-badarg" stopped
tap_is "$(field "$P-badarg" 'd["exit"]["code"]')" 127 "  exit code 127"
oci delete --force "$P-badarg"
bundle noeq '{"process": {"env": ["PATH=/bin", "NOEQ"]}}'
out=$(create_ok noeq; echo "$?:$(cat "$W/noeq.err")")
tap_like "$out" '^1:.*process.env\[1\]: "NOEQ" is not NAME=VALUE' \
	"an env entry without '=' refused by index (environ's name=value)"
bundle sysctl '{"linux": {"sysctl": {"kernel.panic": "1"}}}'
out=$(create_ok sysctl; echo "$?:$(cat "$W/sysctl.err")")
tap_like "$out" "^1:.*kernel.panic" "a sysctl outside the container's namespaces refused by name"
after=$("$KCTR" list -a -q 2>/dev/null | wc -l)
tap_is "$after" "$before" "no kernel record left by the failures"
tap_is "$(ls "$ROOT" 2>/dev/null | grep -c "$P-\(noproc\|badroot\|noeq\|sysctl\)")" 0 "no state directory left"
tap_done
