#!/bin/bash
# kctr-oci exec as conmon and containerd's shim call it (--process FILE
# --detach --pid-file P [--tty --console-socket S]) and runc's flag form,
# plus the library features under it through `kctr exec` (--group) and the
# KCTR_F_ALLOW_NEW_PRIVS join order (`kctr spawn --allow-new-privs`).
#
# Until `kctr-oci create` exists on this branch the containers are made by
# `kctr spawn -d --name <64-hex id>` and given the state directory create
# will write (adopt, as 60-oci-cli.sh does). To switch to create/start:
# make_ctr below is the only place that makes a container; replace its
# body by a bundle (config.json with the noted process, root = a busybox
# tree) and `oci create --bundle B ID && oci start ID`. Everything else
# only uses `oci exec/state/pause/resume/kill/delete` and the kernel id.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

OCI=${KCTR_OCI:-$(dirname "$KCTR")/kctr-oci}
[ -x "$OCI" ] || OCI=$KCTR_ROOT/userspace/kctr-oci
ROOT=/run/kctr-oci-e2e62.$$
T=/tmp/oci62.$$
mkdir -p "$T"
# 64 hex digits, as engines name containers.
hexid() { printf '%s' "$1.$$" | sha256sum | cut -c1-64; }
A=$(hexid a)	# default: no_new_privs for all its processes
N=$(hexid n)	# KCTR_F_ALLOW_NEW_PRIVS (OCI noNewPrivileges false)

cleanup() {
	local p
	for p in "$T"/*.pid; do
		[ -f "$p" ] && kill -KILL "$(cat "$p")" 2>/dev/null
	done
	"$KCTR" rm -f "$A" "$N" "$(hexid s)" "$(hexid u)" >/dev/null 2>&1
	rm -rf "$ROOT" "$T"
	cli_cleanup
}
trap cleanup EXIT

oci() {
	"$OCI" --root "$ROOT" "$@"
}

# adopt ID KERNEL-ID: the state directory create would write.
adopt() {
	mkdir -p -m 0700 "$ROOT/$1"
	cat >"$ROOT/$1/state.json" <<JSON
{"id": "$1", "kernelId": $2, "bundle": "$T/$1-bundle",
 "rootfs": "$T/$1-bundle/rootfs", "owner": "root"}
JSON
}

# make_ctr ID [SPAWN OPTIONS]: a running container ID sleeping, in
# kctr-oci's --root; sets $kid (kernel id). Fails the file if it cannot.
# (With create: noNewPrivileges true for $A, false for $N; caps bounding
# = effective = permitted = kctr's default set.)
make_ctr() {
	local id=$1
	shift
	kid=$("$KCTR" spawn -d --name "$id" "$@" -- sleep 1000 2>&1)
	if ! [[ "$kid" =~ ^[0-9]+$ ]] || ! wait_state "$id" running 30 ||
		! wait_until 60 has_process "/sys/fs/cgroup/kctr/$kid" sleep; then
		tap_fail "a running container $id" "$kid"
		tap_done
	fi
	adopt "$id" "$kid"
	tap_pass "container ${id:0:12}… (kernel id $kid) running"
}

# proc_json FILE JSON-PROCESS: an exec --process file.
proc_json() {
	printf '%s\n' "$2" >"$1"
}

make_ctr "$A"
kida=$kid
make_ctr "$N" --allow-new-privs
kidn=$kid
cga=/sys/fs/cgroup$(jget "$("$KCTR" -j inspect "$A")" 'd["cgroup"]["path"]')

# --- runc's flag form; stdio and the status pass through ---
out=$(oci exec "$A" hostname)
tap_is "$out" "$("$KCTR" exec "$A" -- hostname)" "flag form: runs in the container"
out=$(echo piped | oci exec "$A" cat)
tap_is "$out" piped "  stdin passed through untouched"
oci exec "$A" sh -c 'echo out; echo err >&2' >"$T/o" 2>"$T/e"
tap_is "$(cat "$T/o"):$(cat "$T/e")" "out:err" "  stdout and stderr apart, untouched"
oci exec "$A" sh -c 'exit 7'
tap_is "$?" 7 "  the process's exit status is exec's"
oci exec "$A" sh -c 'kill -TERM $$'
tap_is "$?" 143 "  killed by TERM: 128+15"
out=$(oci exec -e FOO=bar --cwd /tmp -u 1000:1001 --additional-gids 10 -g 20 "$A" \
	sh -c 'echo $FOO $(pwd) $(id -u) $(id -g); grep ^Groups: /proc/self/status')
tap_is "$(echo $out)" "bar /tmp 1000 1001 Groups: 10 20" \
	"  -e, --cwd, -u UID:GID, --additional-gids"
out=$(oci exec "$A" sh -c 'grep ^Groups: /proc/self/status')
tap_is "$(echo $out)" "Groups:" "  no supplementary group by default"
# The flag form's base: the container's config.json process, from the bundle.
mkdir -p "$T/$A-bundle"
cat >"$T/$A-bundle/config.json" <<'JSON'
{"ociVersion": "1.0.2", "root": {"path": "rootfs"},
 "process": {"user": {"uid": 0, "gid": 0, "additionalGids": [30]},
  "args": ["sleep", "1000"], "cwd": "/tmp", "noNewPrivileges": true,
  "env": ["PATH=/bin:/usr/bin", "FROM=bundle", "B=1"]}}
JSON
out=$(oci exec -e B=2 "$A" sh -c 'echo $FROM $B $(pwd) $(env | grep -c ^HOSTNAME=); grep ^Groups: /proc/self/status')
tap_is "$(echo $out)" "bundle 2 /tmp 0 Groups: 30" \
	"  over the bundle's process: its env (exactly) under -e, cwd, groups"
rm -rf "$T/$A-bundle"
out=$(oci exec --no-new-privs "$N" grep ^NoNewPrivs: /proc/self/status)
tap_is "$(echo $out)" "NoNewPrivs: 1" "  --no-new-privs sets it"
out=$(oci exec "$N" grep ^NoNewPrivs: /proc/self/status)
tap_is "$(echo $out)" "NoNewPrivs: 0" "  without, the container's (off)"

# --- --process: podman's file shape ---
caps14='"CAP_AUDIT_WRITE","CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FOWNER","CAP_FSETID","CAP_KILL","CAP_MKNOD","CAP_NET_BIND_SERVICE","CAP_NET_RAW","CAP_SETFCAP","CAP_SETGID","CAP_SETPCAP","CAP_SETUID","CAP_SYS_CHROOT"'
proc_json "$T/p1.json" '{"user":{"uid":0,"gid":0},"args":["sh","-c","env | grep -vE \"^(PWD|SHLVL|_)=\" | sort; pwd; grep -E \"^(NoNewPrivs|CapEff|Seccomp):\" /proc/self/status; ulimit -n"],
 "env":["container=podman","PATH=/usr/bin:/bin","HOME=/root"],"cwd":"/etc",
 "capabilities":{"bounding":['"$caps14"'],"effective":['"$caps14"'],"permitted":['"$caps14"']},
 "rlimits":[{"type":"RLIMIT_NOFILE","hard":4096,"soft":2048}]}'
out=$(oci exec --process "$T/p1.json" "$N" | tr -s '\t' ' ')
tap_is "$out" "$(printf '%s\n' HOME=/root PATH=/usr/bin:/bin container=podman /etc \
	'CapEff: 00000000a80425fb' 'NoNewPrivs: 0' 'Seccomp: 2' 2048)" \
	"--process: env exactly as given, cwd, caps, nnp off, seccomp, rlimit"
out=$(oci exec --process "$T/p1.json" "$A" 2>&1)
tap_like "$?:$out" '^1:kctr-oci: .*no_new_privs' \
	"  noNewPrivileges false in a no_new_privs container: refused, says why"
proc_json "$T/p2.json" '{"user":{"uid":1000,"gid":1000,"additionalGids":[1000,5]},"args":["sh","-c","id -u; grep -E \"^(Groups|NoNewPrivs|CapEff|CapBnd):\" /proc/self/status"],
 "env":["PATH=/bin"],"cwd":"/","noNewPrivileges":true,
 "capabilities":{"bounding":["CAP_KILL","CAP_CHOWN"],"effective":[],"permitted":[]}}'
for c in "$A" "$N"; do
	out=$(oci exec --process "$T/p2.json" "$c" | tr -s '\t' ' ')
	tap_is "$(echo $out)" "1000 Groups: 5 1000 CapEff: 0000000000000000 CapBnd: 0000000000000021 NoNewPrivs: 1" \
		"--process uid 1000, additionalGids, nnp, bounding reduced (${c:0:6})"
done
proc_json "$T/p3.json" '{"user":{"uid":0,"gid":0},"args":["true"],"cwd":"/","noNewPrivileges":true,
 "capabilities":{"bounding":["CAP_SYS_ADMIN"],"effective":["CAP_SYS_ADMIN"],"permitted":["CAP_SYS_ADMIN"]}}'
out=$(oci exec --process "$T/p3.json" "$A" 2>&1)
tap_like "$?:$out" "^1:kctr-oci: .*capabilit.* not in the container's" \
	"--process: a capability beyond the container's is refused"
proc_json "$T/p4.json" '{"user":{"uid":0,"gid":0},"args":["true"],"cwd":"/","noNewPrivileges":true,"apparmorProfile":"x"}'
out=$(oci exec --process "$T/p4.json" "$A" 2>&1)
# Applied (67-oci-apparmor); this one is loaded nowhere, or AppArmor is off.
tap_like "$?:$out" "^1:kctr-oci: .*apparmor profile x: " "  apparmorProfile x: the exec fails, naming it"

# --- --detach --pid-file under a child subreaper, as conmon runs it ---
proc_json "$T/p5.json" '{"user":{"uid":0,"gid":0},"args":["sleep","1000"],"cwd":"/","env":["PATH=/bin"],"noNewPrivileges":true}'
cgrel=${cga#/sys/fs/cgroup}
out=$(python3 - "$OCI" "$ROOT" "$T/p5.json" "$T/d.pid" "$A" "$cgrel" <<'PY'
import ctypes, os, signal, subprocess, sys, time
oci, root, proc, pidf, cid, cgrel = sys.argv[1:]
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(36, 1, 0, 0, 0)			# PR_SET_CHILD_SUBREAPER
t = time.monotonic()
rc = subprocess.call([oci, "--root", root, "exec", "--process", proc,
                      "--detach", "--pid-file", pidf, cid])
took = time.monotonic() - t
pid = int(open(pidf).read())
alive = os.path.exists("/proc/%d" % pid)
cg = open("/proc/%d/cgroup" % pid).read().strip()
# exec --detach returns once the process has run its execve(): one read,
# at once, sees the workload's name, never kctr-oci's.
comm = open("/proc/%d/comm" % pid).read().strip()
ppid = int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[1])
os.kill(pid, signal.SIGKILL)
got, status = os.waitpid(pid, 0)	# ours to reap: we are its subreaper
print(rc, int(took < 60), int(alive), cg == "0::" + cgrel and "ok" or cg,
      comm, int(ppid == os.getpid()), int(got == pid),
      os.WIFSIGNALED(status) and os.WTERMSIG(status))
PY
)
tap_is "$out" "0 1 1 ok sleep 1 1 9" \
	"--detach --pid-file: exit 0 at once, pid file names the running process, reparented to the subreaper"
pid=$(cat "$T/d.pid" 2>/dev/null)
tap_like "$(od -c "$T/d.pid" | head -1)" '^0000000 +[0-9 ]+$' "  pid file: digits only, no newline"

# --- --tty --console-socket: the master over SCM_RIGHTS, as conmon reads it ---
out=$(python3 - "$OCI" "$ROOT" "$T/cs.sock" "$A" "$T/c.pid" <<'PY'
import array, fcntl, os, socket, struct, subprocess, sys, termios
oci, root, path, cid, pidf = sys.argv[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path); s.listen(1)
p = subprocess.Popen([oci, "--root", root, "exec", "--detach", "--tty",
                      "--console-socket", path, "--pid-file", pidf, cid,
                      "sh", "-c", "tty; stty size; echo done; read x; echo got $x"])
c, _ = s.accept()
fds = array.array("i")
msg, anc, flags, _ = c.recvmsg(4096, socket.CMSG_SPACE(8 * fds.itemsize))
for lvl, typ, data in anc:
    if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
        fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
rc = p.wait()
m = fds[0]
n = struct.unpack("I", fcntl.ioctl(m, 0x80045430, b"\0" * 4))[0]  # TIOCGPTN
buf = b""
while b"done" not in buf:
    buf += os.read(m, 1024)
os.write(m, b"hello\n")
while b"got hello" not in buf:
    buf += os.read(m, 1024)
print(rc, len(anc), len(fds), msg.decode() == "/dev/pts/%d" % n,
      "/dev/pts/%d" % n in buf.decode(), int(b"got hello" in buf))
PY
)
tap_is "$out" "0 1 1 True True 1" \
	"--tty --console-socket: one SCM_RIGHTS with one fd, the master; the process's tty is its slave"
out=$(oci exec --detach --tty "$A" true 2>&1)
tap_like "$?:$out" '^1:kctr-oci: .*console-socket' "--detach --tty without a console socket refused"
# Detached, nobody waits for the process: a command that cannot run is
# exec's own error (runc and crun fail the same way), not an exit 0.
out=$(oci exec --detach --pid-file "$T/none.pid" "$A" /nonexistent/prog 2>&1)
tap_like "$?:$out" '^1:kctr-oci: .*exec /nonexistent/prog: No such file or directory$' \
	"--detach of a program that is not there: exec fails, naming it"
out=$(oci exec "$A" /nonexistent/prog 2>&1)
tap_like "$?:$out" '^127:.*exec /nonexistent/prog: No such file or directory' \
	"  attached: the process's status, 127, as before"

# --- errors with the words engines match ---
out=$(oci exec "$(hexid nope)" true 2>&1)
tap_is "$?:$out" "1:kctr-oci: container \"$(hexid nope)\" does not exist" \
	"an unknown id: does not exist"
tap_ok "pause" oci pause "$A"
out=$(oci exec "$A" true 2>&1)
tap_like "$?:$out" '^1:kctr-oci: cannot exec in a paused container' "a paused container: refused"
tap_ok "resume" oci resume "$A"
S=$(hexid s)
make_ctr "$S"
"$KCTR" rm -f "$S" >/dev/null
wait_until 30 sh -c "! '$KCTR' inspect '$S' >/dev/null 2>&1"
out=$(oci exec "$S" true 2>&1)
tap_like "$?:$out" '^1:kctr-oci: cannot exec in a stopped container .*container not running$' \
	"a stopped container: runc's and containerd's words"

# --- the library under kctr exec: groups, the ALLOW_NEW_PRIVS order ---
out=$("$KCTR" exec -u 1000:1000 --group 10 --group 20 "$A" -- grep ^Groups: /proc/self/status)
tap_is "$(echo $out)" "Groups: 10 20" "kctr exec --group: supplementary groups"
out=$("$KCTR" exec --group 10 "$A" -- true 2>&1)
tap_like "$?:$out" '^125:.*--group needs --user' "  --group without -u refused"
out=$("$KCTR" exec -u 1000 "$N" -- sh -c 'id -u; grep -E "^(NoNewPrivs|CapEff|Seccomp):" /proc/self/status' 2>&1 | tr -s '\t' ' ')
tap_is "$(echo $out)" "1000 CapEff: 0000000000000000 NoNewPrivs: 0 Seccomp: 2" \
	"kctr exec -u 1000 into an allow-new-privs container: filter in, START's caps, then the user's drop"
out=$("$KCTR" exec "$N" -- sh -c 'grep -E "^(NoNewPrivs|CapEff|Seccomp):" /proc/self/status' | tr -s '\t' ' ')
tap_is "$(echo $out)" "CapEff: 00000000a80425fb NoNewPrivs: 0 Seccomp: 2" \
	"  as root: the container's caps, no no_new_privs, the filter"
U=$(hexid u)
kid=$("$KCTR" spawn -d --allow-new-privs -u 1000 --name "$U" -- sleep 1000 2>&1)
if [[ "$kid" =~ ^[0-9]+$ ]] && wait_state "$U" running 30 &&
	wait_until 60 has_process "/sys/fs/cgroup/kctr/$kid" sleep; then
	p=$(jget "$("$KCTR" -j inspect "$U")" 'd["init_pid"]')
	tap_pass "spawn --allow-new-privs -u 1000: the init's join works in that order"
	tap_is "$(awk '/^(Uid|Seccomp|NoNewPrivs):/ { printf "%s %s ", $1, $2 }' /proc/$p/status)" \
		"Uid: 1000 NoNewPrivs: 0 Seccomp: 2 " "  its init: uid 1000, the filter, no no_new_privs"
else
	tap_fail "spawn --allow-new-privs -u 1000" "$kid"
fi
tap_ok "the container still runs sleep" has_process "$cga" sleep
tap_done
