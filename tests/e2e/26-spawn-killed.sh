#!/bin/bash
# SIGKILL of kctr in the middle of spawn, at a ladder of moments from
# "just forked" to "container running": whatever the moment, the kernel
# cleans up. A container that had not started is aborted by the module
# (its creating socket closed) with its cgroup and processes; one that
# had started runs on, owned by the module. Every CREATED event has a
# REMOVED event once the survivors are removed, nothing is left in the
# registry, the cgroup tree or the mount table, and the next spawn
# collects the state directories the killed tool could not remove.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

tmp=$(mktemp -d)
before=$(snapshot)

# --ready-fd: the listener says when it has joined the event group.
"$KCTR" -j events --ready-fd 3 >"$tmp/events.json" 2>"$tmp/events.err" \
	3>"$tmp/ready" &
listener=$!
wait_until $((30 * slow)) grep -qx ready "$tmp/ready" ||
	tap_fail "kctr events says it is ready" "$(cat "$tmp/events.err")"

pause_setup "$tmp"

aborted=0 survived=0 half=0 n=0
# First two kills between CREATE and START by construction (kctr stopped
# right after CREATE, and after clone3 with the init waiting for its go:
# ladder_kill), then moments that timing decides.
for ms in stop:CREATE stop:clone3 0 20 50 100 150 200 300 400 600 800 1200 1600 2400; do
	n=$((n + 1))
	name=${SP_PFX}kill$n
	ladder_kill "$ms" "$name" -- /bin/sleep 31337
	at=$ms
	[ "${ms#stop:}" != "$ms" ] || at=${ms}ms
	# Settle: the module aborts an unstarted container from a work item.
	for _ in $(seq $((50 * slow))); do
		st=$(state_of "$name") || st=gone
		[ "$st" = created ] || break
		sleep 0.2
	done
	[ "${ms#stop:}" = "$ms" ] ||
		tap_is "$st" gone "kill at $at: aborted by the module, never started"
	case "$st" in
	gone) aborted=$((aborted + 1)) ;;
	running)
		survived=$((survived + 1))
		"$KCTR" rm -f "$name" >/dev/null 2>&1
		;;
	*)
		half=$((half + 1))
		tap_diag "kill at $at: the container is $st"
		tap_diag "$("$KCTR" inspect "$name" 2>&1 | grep -i -A3 '"exit"')"
		# Not counted again by the checks below.
		"$KCTR" rm -f "$name" >/dev/null 2>&1
		;;
	esac
done
tap_diag "kctr killed $n times: $aborted aborted or never created, $survived running"
tap_is "$half" 0 "no container stayed half-created after kctr was killed ($n moments)"

# Every container the module created was removed, by itself or by rm -f;
# the listener is stopped once it printed as many removals as creations.
wait_until $((10 * slow)) events_paired "$tmp/events.json" "${SP_PFX}kill"
kill "$listener"
wait "$listener" 2>/dev/null
# From the kernel's events: a container created and removed without a
# start was aborted by the module; one that started had survived the kill.
kill_ladder_events "$tmp/events.json" "${SP_PFX}kill" "$survived"
tap_ok "no workload process survived" bash -c '! pgrep -f "sleep 3133[7]" >/dev/null'

# The killed tool left state directories; the next spawn collects them.
"$KCTR" spawn --rm -- true
tap_is "$(snapshot)" "$before" "registry, cgroups, state dirs and mounts as before"
rm -rf "$tmp"
tap_done
