#!/bin/bash
# No host handle inside (issue 9, 1): from inside a container, as its
# root, nothing of kctr's own processes there (the init, exec's joiner)
# leads to the host: no fd to walk ".." from up to the host's root, no
# /proc/PID/{mem,environ,maps} read, no exe/cwd/root link, no write to
# exe, no ptrace; pid 1's exe is the static init's sealed memfd, not the
# host's kctr. An fd kctr inherited reaches neither the init nor the
# workload; the workload and exec's command get 0, 1 and 2 only. By
# default, with --userns, with --no-init, and while kctr exec runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

tools=$(mktemp -d)
chmod 755 "$tools"	# --userns: its root is a mapped uid
cc -static -O2 -o "$tools/escape-handle" "$(dirname "$0")/tools/escape-handle.c" ||
	tap_fail "building tools/escape-handle.c"
# A path that exists on the host only: found from inside means the host.
marker=$KCTR_ROOT/tests/e2e/41-escape-host-handle.sh
[ -e "$marker" ] || tap_fail "the marker $marker exists on the host"
tap_diag "kernel.yama.ptrace_scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo none)"

# An fd kctr inherited without close-on-exec: the host's /.
exec 7</

# scan OPTS...: the tool once from inside a container spawned with OPTS.
scan() {
	"$KCTR" spawn --rm -v "$tools:/t:ro" "$@" -- /t/escape-handle "$marker" once 2>&1
}

for opts in "" "--userns"; do
	# shellcheck disable=SC2086
	out=$(scan $opts)
	rc=$?
	tap_is "$rc" 0 "${opts:-default}: no way to the host through pid 1 ($(echo "$out" | tr '\n' ' '))"
	tap_like "$out" "seen 1" "${opts:-default}: the init was examined"
done

# pid 1's exe, through its own eyes: not the host's binary.
out=$("$KCTR" spawn --rm -- /bin/sh -c "$INIT_COMM_SH; readlink /proc/1/exe 2>&1 || echo refused" 2>&1)
tap_like "$out" "^kctr-init" "pid 1 is kctr-init ($out)"
tap_like "$out" "^kctr-init.(refused|/memfd:kctr-init)" "pid 1's exe is refused or the memfd, not the host's kctr ($out)"
ipid_out=$("$KCTR" spawn -d --name ${SP_PFX}e -- /bin/sleep 1000)
ipid=$(init_pid ${SP_PFX}e)
wait_until 60 has_process "$CGROOT/kctr/$ipid_out" sleep || tap_diag "sleep has not started"
tap_like "$(readlink /proc/$ipid/exe)" "^/memfd:kctr-init" "seen from the host, the init's exe is the sealed memfd"
tap_is "$(ls /proc/$ipid/fd | sort -n | tr '\n' ' ')" "0 1 2 " "the init's fds: 0 1 2 only"
tap_like "$(cat /proc/$ipid/comm)" "^kctr-init" "the module's init pid is kctr-init"
tap_diag "init $(grep -E '^(Rss|Pss)' /proc/$ipid/smaps_rollup | tr -s ' ' | tr '\n' ' ')"
"$KCTR" rm -f ${SP_PFX}e >/dev/null 2>&1

# The inherited fd 7 reaches no process of the container.
out=$("$KCTR" spawn --rm -- /bin/sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "')
tap_is "$out" "0 1 2 3 " "the workload has 0 1 2 (and ls's own dir fd), not kctr's fd 7"
# pid 1 is ls itself: a shell there would hold its pipeline's pipes.
out=$("$KCTR" spawn --rm --no-init -- /bin/ls /proc/self/fd | sort -n | tr '\n' ' ')
tap_is "$out" "0 1 2 3 " "--no-init: pid 1 (the workload) has 0 1 2 only (and ls's own dir fd)"
# With --no-init pid 1 is the workload itself, the container's own.
out=$("$KCTR" spawn --rm --no-init -- /bin/sh -c 'readlink /proc/1/exe')
tap_is "$out" /bin/busybox "--no-init: pid 1's exe is the workload's, not the host's kctr"

# kctr exec: its command has 0 1 2 only. Its joiner is visible inside
# only between its fork and its exec; a scanner racing it would make a
# timing-dependent test. What holds it deterministically is the module:
# kctr's CREATE asks for KCTR_F_VERIFY_CONTAINMENT, so every exec's START
# is refused unless the joiner is not dumpable and holds no directory
# outside its root (the refusals: 16-netlink-guards). One scan during an
# exec'd process still runs, as an attacker entering by kctr exec would.
name=${SP_PFX}x
id=$("$KCTR" spawn -d --name $name -v "$tools:/t:ro" -- /bin/sleep 1000)
wait_until 60 has_process "$CGROOT/kctr/$id" sleep || tap_diag "sleep has not started"
out=$("$KCTR" exec $name ls /proc/self/fd | sort -n | tr '\n' ' ')
tap_is "$out" "0 1 2 3 " "kctr exec: ls /proc/self/fd shows 0 1 2 and its dir fd ($out)"
out=$("$KCTR" exec $name -- /bin/sh -c 'ls -l /proc/self/fd/ | grep -c null')
tap_is "$out" "1" "kctr exec: /dev/null is stdin only, not leaked as a fourth fd"
res=$(mktemp)
"$KCTR" exec $name -- /bin/sh -c \
	'/t/escape-handle "$1" once & p=$!; /bin/true; wait $p' sh "$marker" \
	>"$res" 2>&1
rc=$?
tap_diag "scanner: $(tr '\n' ' ' <"$res")"
tap_is "$rc" 0 "kctr exec: a scan from an exec'd process finds no way out"
tap_like "$(awk '$1 == "checked" { print $2 }' "$res")" "^[1-9]" "the scan checked pid 1"
tap_like "$(grep -c '^ESCAPE' "$res")" "^0$" "no ESCAPE line"
"$KCTR" rm -f $name >/dev/null 2>&1
rm -rf "$tools" "$res"
tap_done
