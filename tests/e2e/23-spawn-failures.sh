#!/bin/bash
# kctr spawn: a failure at any step says which and why, exits 125, and
# leaves nothing behind: no registry entry, cgroup, state dir or mount.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

# expect_fail REGEX DESC SPAWN-ARGS...
expect_fail() {
	local re=$1 desc=$2 before out rc
	shift 2
	before=$(snapshot)
	out=$("$KCTR" spawn "$@" 2>&1)
	rc=$?
	tap_is "$rc" 125 "$desc: exit 125"
	tap_like "$out" "$re" "$desc: says why ($out)"
	tap_is "$(snapshot)" "$before" "$desc: nothing left behind"
}

expect_fail "^kctr: spawn: image: --rootfs /nonexistent: No such file" \
	"missing rootfs" --rootfs /nonexistent -- true
expect_fail "bad or incomplete option '--frob'" "unknown option" --frob -- true
expect_fail "no image 'nosuchimage'" "unknown image" --image nosuchimage -- true
# Failures after CREATE, inside the init: the parent undoes everything.
expect_fail "rootfs: volume /nonexistent-vol: No such file" "missing volume source" \
	-v /nonexistent-vol:/data -- true
expect_fail "create: " "a name the module refuses" --name '.bad' -- true
"$KCTR" spawn --name "${SP_PFX}dup" -- true
expect_fail "create: " "a duplicate name" --name "${SP_PFX}dup" -- true
tap_ok "rm of a stopped container" "$KCTR" rm "${SP_PFX}dup"

before=$(snapshot)
out=$("$KCTR" spawn --rm -- /no/such/command 2>&1)
tap_is "$?" 127 "a command that does not exist: 127"
tap_like "$out" "exec /no/such/command: No such file" "and says so"
tap_is "$(snapshot)" "$before" "--rm: nothing left behind"
out=$("$KCTR" spawn --rm -- /etc/passwd 2>&1)
tap_is "$?" 126 "a command that cannot be executed: 126"

# SIGKILL of kctr while its container runs: the container is whole and
# the module still owns it; rm -f leaves nothing.
"$KCTR" spawn --name "${SP_PFX}k" -- /bin/sleep 1000 &
pid=$!
for i in $(seq 50); do
	"$KCTR" -j inspect "${SP_PFX}k" 2>/dev/null | grep -q '"running"' && break
	sleep 0.2
done
kill -9 $pid
wait $pid 2>/dev/null
tap_ok "after kctr was SIGKILLed the container still runs" \
	bash -c "'$KCTR' -j inspect ${SP_PFX}k | grep -q '\"state\": *\"running\"'"
"$KCTR" rm -f "${SP_PFX}k" >/dev/null
tap_ok "rm -f removes it" wait_gone "${SP_PFX}k" 10
tap_done
