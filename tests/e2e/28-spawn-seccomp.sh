#!/bin/bash
# kctr spawn: the default seccomp profile is an allow list. Each attack is
# made from inside a container and compared with the same attack under
# --seccomp unconfined (same capabilities): the filter is what refuses it
# only where the answers differ. A static helper does the system calls.
#
# Userspace logic the debug VMs' sanitizers add nothing to (the kernel
# paths it reaches run in every spawn there): not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
if ! cc -static -O2 -Wall -o "$tools/probe" \
	"$KCTR_ROOT/tests/e2e/tools/seccomp_probe.c" 2>"$tools/cc.log"; then
	tap_fail "building the static probe" "$(cat "$tools/cc.log")"
	tap_done
	exit
fi

# probe OPTS...: the probe's lines, then unshare/mount by busybox.
probe() {
	sh_in -v "$tools:/t:ro" "$@" -- '/t/probe
		unshare -U true 2>/dev/null && echo "unshare -U: ok" || echo "unshare -U: refused"
		mount -t tmpfs t /mnt 2>/dev/null && echo "mount: ok" || echo "mount: refused"'
}
# res OUTPUT WHAT: the result on WHAT's line.
res() {
	printf '%s\n' "$1" | sed -n "s/^$2: //p"
}

def=$(probe)
unc=$(probe --seccomp unconfined)
adm=$(probe --cap-add SYS_ADMIN,DAC_READ_SEARCH)
admunc=$(probe --cap-add SYS_ADMIN,DAC_READ_SEARCH --seccomp unconfined)
tap_diag "default:" "$def" "unconfined + SYS_ADMIN,DAC_READ_SEARCH:" "$admunc"

# filtered WHAT WANT OUT UNCONFINED_OUT DESC: WANT under the filter, and
# something else without it.
filtered() {
	tap_is "$(res "$3" "$1")" "$2" "$5: $1 is $2"
	tap_ok "$5: $1 is not $2 without the filter ($(res "$4" "$1"))" \
		test "$(res "$4" "$1")" != "$2"
}

filtered io_uring_setup EPERM "$def" "$unc" default
filtered clone3 ENOSYS "$def" "$unc" "default (libc falls back to clone)"
filtered "personality READ_IMPLIES_EXEC" EPERM "$def" "$unc" default
tap_is "$(res "$def" "personality PER_LINUX32")" ok "default: personality PER_LINUX32 is allowed"
tap_is "$(res "$def" "personality 0xffffffff")" ok "default: personality query is allowed"
tap_is "$(res "$def" "i386 getpid")" ok "default: int 0x80 getpid is allowed (32-bit programs run)"
filtered "i386 io_uring_setup" EPERM "$def" "$unc" "default, i386 entry"
filtered "x32 io_uring_setup" EPERM "$def" "$unc" "default, x32 entry"
filtered keyctl EPERM "$def" "$unc" default
filtered add_key EPERM "$def" "$unc" default
# Capabilities are not the reason: the calls below need exactly those
# added, and still fail because of the filter.
filtered "unshare -U" refused "$adm" "$admunc" "--cap-add SYS_ADMIN"
filtered mount refused "$adm" "$admunc" "--cap-add SYS_ADMIN"
filtered setns EPERM "$adm" "$admunc" "--cap-add SYS_ADMIN"
filtered swapoff EPERM "$adm" "$admunc" "--cap-add SYS_ADMIN (not on the list)"
filtered bpf EPERM "$adm" "$admunc" "--cap-add SYS_ADMIN"
filtered open_by_handle_at EPERM "$adm" "$admunc" "--cap-add DAC_READ_SEARCH"
tap_is "$(res "$adm" getpid)" ok "--cap-add SYS_ADMIN: getpid works"

# A Docker-format file as a distribution ships it (containers-common).
dist=/usr/share/containers/seccomp.json
if [ -r "$dist" ]; then
	out=$(probe --seccomp "$dist" 2>&1)
	tap_is "$(res "$out" getpid)" ok "--seccomp $dist loads and runs"
	tap_is "$(res "$out" io_uring_setup)" ENOSYS "... an unlisted call gets its defaultErrno ENOSYS"
	tap_is "$(res "$out" bpf)" EPERM "... bpf without CAP_SYS_ADMIN its errno \"EPERM\" (excludes.caps)"
	out=$(probe --seccomp "$dist" --cap-add SYS_ADMIN 2>&1)
	tap_is "$(res "$out" bpf)" EINVAL "... bpf with CAP_SYS_ADMIN reaches the kernel (includes.caps)"
else
	tap_skip "--seccomp $dist (3 tests)" "not installed (golang-github-containers-common)"
fi

# Dynamic programs from the host, with their loader and libraries.
host="-v /usr:/h/usr:ro -e PYTHONHOME=/h/usr"
ld="/h/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path /h/usr/lib/x86_64-linux-gnu"
out=$(run $host -- $ld /h/usr/bin/bash -c 'echo "bash $BASH_VERSINFO"; (echo sub) | cat; read -t 0.01 x < /dev/zero; echo done' 2>&1)
tap_like "$out" "bash [0-9]+.*sub.*done" "dynamic bash runs ($(echo $out))"
if [ -x /usr/bin/python3 ]; then
	out=$(run $host -- $ld /h/usr/bin/python3 -c '
import os, threading, subprocess, socket, tempfile, select
t = threading.Thread(target=lambda: None); t.start(); t.join()
s = socket.socketpair(); s[0].send(b"x"); assert s[1].recv(1) == b"x"
with tempfile.TemporaryFile() as f: f.write(b"y")
print("python", os.getpid() > 0, subprocess.run(["/bin/true"]).returncode)' 2>&1)
	tap_is "$out" "python True 0" "dynamic python3 runs threads, sockets, a subprocess"
else
	tap_skip "dynamic python3" "no /usr/bin/python3"
fi

# The compiled program is cached in the state directory, private.
cache="$STATE/seccomp"
run -- true
tap_is "$(stat -c %a "$cache" 2>&1)" 700 "the program cache is $cache, 0700"
n=$(ls "$cache" | grep -c '^[0-9a-f]\{64\}\.bpf$')
tap_ok "the cache has entries named by digest ($n)" test "$n" -ge 1
for f in "$cache"/*.bpf; do
	printf 'garbage' >"$f"
done
out=$(run -- sh -c 'grep ^Seccomp: /proc/self/status; unshare -U true 2>&1')
tap_like "$out" "Seccomp:.2.*Operation not permitted" "corrupt cache entries are rebuilt, not trusted"
tap_ok "... and rewritten" sh -c "grep -L garbage '$cache'/*.bpf | grep -q ."
tap_done
