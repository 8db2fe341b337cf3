#!/bin/bash
# Signals sent to kctr spawn reach the workload, through the container's
# init or straight (--no-init): not only INT and TERM but ALRM and the
# real-time signals too; the workload's exit status comes back.
#
# The tool's own logic; the kernel paths it reaches run in every spawn
# and in the netlink tests there: not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

# deliver NAME SIGNAL CODE [SPAWN-OPTS...]: a workload that exits with
# CODE on SIGNAL (a number, as busybox's trap takes it); kctr gets the
# signal once the workload says its trap is set; kctr's exit status is
# printed.
deliver() {
	local name=$1 sig=$2 code=$3 pid rc=0 said
	shift 3
	said=$(mktemp)
	"$KCTR" spawn --name "$name" --rm "$@" -- /bin/sh -c \
		"trap 'exit $code' $sig; echo ready; while :; do sleep 0.1; done" >"$said" &
	pid=$!
	wait_until 120 grep -qx ready "$said" || echo "# $name never said ready" >&2
	rm -f "$said"
	kill -s "$sig" "$pid"
	for _ in $(seq 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
	wait "$pid" || rc=$?
	echo "$rc"
}

alrm=$(kill -l ALRM)
rtmin3=$(($(kill -l RTMIN) + 3))
tap_is "$(deliver "${SP_PFX}a" "$alrm" 42)" 42 "ALRM to kctr reaches the workload through its init"
tap_is "$(deliver "${SP_PFX}r" "$rtmin3" 43)" 43 "SIGRTMIN+3 ($rtmin3) reaches it too"
tap_is "$(deliver "${SP_PFX}n" "$rtmin3" 44 --no-init)" 44 "with --no-init, straight to the workload"
tap_is "$(deliver "${SP_PFX}t" "$(kill -l TERM)" 45)" 45 "TERM, as before"
tap_is "$("$KCTR" list -a | grep -c " $SP_PFX")" 0 "--rm: none of them is left"

# TERM to kctr at any moment of spawn or exec, from "just forked" to
# "workload running": kctr ends, and the container (--rm) or the exec'd
# command with it. A TERM before START fails the setup ("interrupted by
# SIGTERM during setup", 125); one after it reaches the workload (42 once
# its trap is set, 143 before). Nothing may run on without its kctr.
tmp=$(mktemp -d)
pause_setup "$tmp"
gone() {
	! kill -0 "$1" 2>/dev/null
}
trapper='trap "exit 42" TERM; while :; do sleep 0.1; done'
LADDER="0 50 100 200 300 500 800 1200 2000"

# term_at MS CMD...: run CMD, TERM it after MS ms; its exit code, or
# "hung" when it did not end by itself.
term_at() {
	local ms=$1 pid rc=0
	shift
	"$@" >/dev/null 2>"$tmp/err" &
	pid=$!
	pause_ms "$ms"
	kill -TERM "$pid" 2>/dev/null
	if ! wait_until $((30 * slow)) gone "$pid"; then
		kill -9 "$pid"
		wait "$pid"
		echo hung
		return
	fi
	wait "$pid" || rc=$?
	echo "$rc"
}

# outcome RC: what the code means, or "bad".
outcome() {
	case "$1" in
	42 | 143) echo workload ;;
	125) grep -q "interrupted by SIGTERM during setup" "$tmp/err" && echo setup || echo bad ;;
	*) echo bad ;;
	esac
}

bad=0 seen=""
n=0
for ms in $LADDER; do
	n=$((n + 1))
	name=${SP_PFX}term$n
	rc=$(term_at "$ms" "$KCTR" spawn --rm --name "$name" -- /bin/sh -c "$trapper")
	what=$(outcome "$rc")
	seen="$seen $ms:$rc"
	if [ "$what" = bad ] || ! wait_gone "$name" $((10 * slow)); then
		bad=$((bad + 1))
		tap_diag "spawn TERMed after ${ms}ms: exit $rc, $(state_of "$name" || echo gone): $(cat "$tmp/err")"
		"$KCTR" rm -f "$name" >/dev/null 2>&1
	fi
done
tap_diag "spawn, ms:exit code:$seen"
tap_is "$bad" 0 "TERM to kctr spawn at any moment: kctr ends, the container too"

host=${SP_PFX}host
"$KCTR" spawn -d --name "$host" -- /bin/sleep 1000 >/dev/null
hid=$("$KCTR" list -a | awk -v n="$host" '$2 == n { print $1 }')
bad=0 seen=""
for ms in $LADDER; do
	rc=$(term_at "$ms" "$KCTR" exec "$host" -- /bin/sh -c "$trapper")
	what=$(outcome "$rc")
	seen="$seen $ms:$rc"
	if [ "$what" = bad ] || ! wait_until $((10 * slow)) eval '! has_process "$CGROOT/kctr/$hid" sh'; then
		bad=$((bad + 1))
		tap_diag "exec TERMed after ${ms}ms: exit $rc: $(cat "$tmp/err")"
	fi
done
tap_diag "exec, ms:exit code:$seen"
tap_is "$bad" 0 "TERM to kctr exec at any moment: kctr ends, the command too"
"$KCTR" rm -f "$host" >/dev/null
rm -rf "$tmp"
tap_done
