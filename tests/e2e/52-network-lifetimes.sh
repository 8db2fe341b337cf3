#!/bin/bash
# The kill ladder of 26-spawn-killed with --network bridge -p: SIGKILL of
# kctr at moments from "just forked" to "container running". Whatever the
# moment, what the spawn got goes with the kernel's record: an aborted
# container leaves no kve* link, no kctr-* table and no claim, and its
# host port can be claimed at once; a survivor keeps its owned table
# through "nft flush ruleset", frees its host port the moment its init
# exits (the next container gets it), and its veth and table are gone
# within seconds of that. Nothing is left at the end.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"
. "$(dirname "$0")/net-lib.sh"

P=${SP_PFX}
tmp=$(mktemp -d)
cleanup() {
	local n
	for n in $(seq 20); do
		"$KCTR" rm -f "${P}nkill$n" >/dev/null 2>&1
	done
	[ -n "$listener" ] && kill "$listener" 2>/dev/null
	[ -n "$made_kctr" ] && "$KCTR" network rm kctr >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
net_gate
before=$(snapshot)

# The default network, made once so that no rung pays for the bridge.
"$KCTR" network ls | grep -q '^kctr ' || made_kctr=1
out=$("$KCTR" spawn --rm --network bridge -p 18000:80 -- true 2>&1)
tap_is "$?" 0 "spawn --network bridge -p works ($out)"
tap_ok "nothing left by a --rm container" wait_until $((5 * slow)) no_leftovers

"$KCTR" -j events --ready-fd 3 >"$tmp/events.json" 2>"$tmp/events.err" \
	3>"$tmp/ready" &
listener=$!
wait_until $((30 * slow)) grep -qx ready "$tmp/ready" ||
	tap_fail "kctr events says it is ready" "$(cat "$tmp/events.err")"

pause_setup "$tmp"

# The claims of container NAME: "ports anchored" from the module's record.
claims_of() {
	"$KCTR" -j inspect "$1" | python3 -c '
import json, sys
n = json.load(sys.stdin).get("network") or {}
print(len(n.get("ports") or []), str(n.get("anchored", False)).lower())'
}

# A new container can claim host port PORT.
port_free() {
	"$KCTR" spawn --rm --network bridge -p "$1:80" -- true
}

aborted=0 survived=0 half=0 leaked=0 held=0 n=0 flushed=0 addr_checked=0
# First two kills between CREATE and START by construction (ladder_kill).
for ms in stop:CREATE stop:clone3 0 20 50 100 150 200 300 400 600 800 1200 1600 2400 3200 4800; do
	n=$((n + 1))
	name=${P}nkill$n
	hport=$((18000 + n))
	ladder_kill "$ms" "$name" --network bridge -p "$hport:80" \
		-- /bin/sleep 31337
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
	gone)
		aborted=$((aborted + 1))
		if ! wait_until $((5 * slow)) no_leftovers; then
			leaked=$((leaked + 1))
			tap_diag "kill at $at (aborted): left $(leftovers | tr '\n' ' ')"
		fi
		if ! out=$(port_free "$hport" 2>&1); then
			held=$((held + 1))
			tap_diag "kill at $at (aborted): port $hport: $out"
		fi
		;;
	running)
		survived=$((survived + 1))
		id=$(id_of "$name")
		if [ $flushed = 0 ]; then
			# An attacker's flush: the owned table is not theirs.
			flushed=1
			nft flush ruleset
			out=$(nft list table ip "kctr-$id" 2>&1)
			tap_like "$out" "dnat to .*:80" "nft flush ruleset leaves the running container's owned table"
			tap_not "... nor can nft delete it" nft delete table ip "kctr-$id"
		fi
		tap_is "$(claims_of "$name")" "1 true" "kill at $at: the survivor holds its port and anchor"
		addr=$("$KCTR" -j inspect "$name" | python3 -c \
			'import json,sys; print(json.load(sys.stdin)["network"]["address"])')
		kill -9 "$(init_pid "$name")"
		wait_state "$name" stopped $((10 * slow)) ||
			tap_diag "kill at $at: $name is $(state_of "$name")"
		# No wait: the port is free the moment the init has exited.
		if ! out=$(port_free "$hport" 2>&1); then
			held=$((held + 1))
			tap_diag "kill at $at (survivor): port $hport: $out"
		fi
		if ! wait_until $((5 * slow)) gone "$id"; then
			leaked=$((leaked + 1))
			tap_diag "kill at $at (survivor): left $(leftovers | tr '\n' ' ')"
		fi
		tap_is "$(claims_of "$name")" "0 false" "... its init killed: no port, no anchor in the record"
		"$KCTR" rm "$name" >/dev/null 2>&1
		if [ $addr_checked = 0 ]; then
			addr_checked=1
			out=$("$KCTR" spawn --rm --network bridge --ip "$addr" -- true 2>&1)
			tap_is "$?" 0 "its address $addr is free once it is removed ($out)"
		fi
		;;
	*)
		half=$((half + 1))
		tap_diag "kill at $at: the container is $st"
		"$KCTR" rm -f "$name" >/dev/null 2>&1
		;;
	esac
done
tap_diag "kctr killed $n times: $aborted aborted or never created, $survived running"
tap_is "$half" 0 "no container stayed half-created after kctr was killed ($n moments)"
tap_is "$leaked" 0 "no kve* link or kctr-* table outlived a killed spawn"
tap_is "$held" 0 "every host port was free again for the next container"

wait_until $((10 * slow)) events_paired "$tmp/events.json" "${P}nkill"
kill "$listener"
wait "$listener" 2>/dev/null
listener=
kill_ladder_events "$tmp/events.json" "${P}nkill" "$survived"
tap_ok "no workload process survived" bash -c '! pgrep -f "sleep 3133[7]" >/dev/null'

# The killed tools left state directories; the next spawn collects them.
"$KCTR" spawn --rm -- true
if [ -n "$made_kctr" ]; then
	tap_ok "network rm kctr" "$KCTR" network rm kctr
	made_kctr=
fi
tap_is "$(leftovers)" "" "no kve* link, no kctr-* table at the end"
tap_is "$(snapshot)" "$before" "registry (no record, so no claim), cgroups, state dirs and mounts as before"
tap_done
