#!/bin/bash
# Docker (Debian's dockerd on the test's containerd) driving kctr-oci as
# the runtime "oci-test": run --rm with --network none and with Docker's
# default network, output, exit code and kctr.ko's record of it (the
# kernel names each container by Docker's 64-hex id). Both configs carry
# Docker's prestart hook libnetwork-setkey, which kctr-oci runs in create.
# This dockerd has its docker0 bridge (no iptables rules, oci-lib.sh): the
# default network gives the container eth0 on it, set up by Docker through
# that hook, and the gateway answers.
# vms: distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"

if ! oci_setup docker; then
	tap_fail "dockerd set up with kctr-oci" "see the diagnostics above"
	tap_done
fi
tap_pass "dockerd set up, busybox imported"
IMG=$OCI_IMAGE
D=d65-$$
CID=$OCI_STATE/cid

kfield() {
	local j
	j=$("$KCTR" -j inspect "$1" 2>/dev/null) || return 1
	jget "$j" "$2"
}
no_kernel_record() {
	! "$KCTR" inspect "$1" >/dev/null 2>&1
}
diag_logs() {
	tap_diag "dockerd log:" "$(tail -n 30 "$OCI_STATE/docker/dockerd.log")"
}

# run DESC ARGS...: docker run --rm --runtime oci-test ARGS; sets $out
# (without \r) and $rc, and checks no kernel record is left of it.
run() {
	local desc=$1 id
	shift
	rm -f "$CID"
	out=$(oci_docker run --rm --runtime "$OCI_DOCKER_RUNTIME" --cidfile "$CID" \
		"$@" 2>&1 | tr -d '\r'; exit "${PIPESTATUS[0]}")
	rc=$?
	id=$(cat "$CID" 2>/dev/null)
	if [[ "$id" =~ ^[0-9a-f]{64}$ ]] && wait_until 30 no_kernel_record "$id"; then
		tap_pass "$desc: no kernel record left"
	else
		tap_fail "$desc: no kernel record left" "id '$id': $("$KCTR" inspect "$id" 2>&1)"
	fi
}

for net in none default; do
	if [ $net = none ]; then
		n=(--network none)
	else
		n=()
	fi
	run "run --rm, network $net" "${n[@]}" "$IMG" sh -c 'echo hi; echo $$; ls /sys/class/net | tr "\n" " "'
	if [ "$(echo "$out" | head -n 1)" = hi ]; then
		tap_pass "  network $net: the program ran"
	else
		tap_fail "  network $net: the program ran" "exit $rc: $out"
		diag_logs
	fi
	tap_is "$(echo "$out" | sed -n 2p)" 1 "  network $net: it is pid 1 in its pid namespace"
	want='lo '
	[ $net = default ] && want='eth0 lo '
	tap_is "$(echo "$out" | sed -n 3p)" "$want" "  network $net: its own network namespace: $want"
	run "run --rm, network $net, exit 7" "${n[@]}" "$IMG" sh -c 'exit 7'
	tap_is "$rc" 7 "  network $net: the exit code comes back"
done

# --- the default network, from inside: docker0's address and gateway ---
NETCHK='ip -4 addr show dev eth0 | awk "/inet / {print \$2}"
gw=$(ip route | awk "/^default/ {print \$3}"); echo "$gw"
ping -c 1 -W 5 "$gw" >/dev/null 2>&1 && echo reached || echo unreachable'
run "run --rm, default network, eth0" "$IMG" sh -c "$NETCHK"
tap_like "$(echo "$out" | sed -n 1p)" '^172\.17\.[0-9]+\.[0-9]+/16$' "  eth0 has an address on docker0" ||
	tap_diag "$out"
tap_is "$(echo "$out" | sed -n 2p)" "$(ip -4 addr show dev docker0 | awk '/inet / {sub("/.*", "", $2); print $2}')" \
	"  its default route is docker0's address"
tap_is "$(echo "$out" | sed -n 3p)" reached "  the gateway answers"

# --- a detached container and kctr's record of it ---
cid=$(oci_docker run -d --runtime "$OCI_DOCKER_RUNTIME" --name "$D" "$IMG" sleep 1000 2>&1)
is_running() {
	[ "$(oci_docker inspect --format '{{.State.Status}}' "$1" 2>/dev/null)" = running ]
}
if [[ "$cid" =~ ^[0-9a-f]{64}$ ]] && wait_until 60 is_running "$D"; then
	tap_pass "run -d: running"
	tap_is "$(kfield "$cid" 'd["state"]')" running "  kctr inspect: the kernel's record, running"
	tap_is "$(kfield "$cid" 'd["init_pid"]')" \
		"$(oci_docker inspect --format '{{.State.Pid}}' "$D" 2>&1)" \
		"  its init pid is Docker's State.Pid"
	out=$(oci_docker exec "$D" sh -c 'echo in-exec; cat /proc/1/comm' 2>&1 | tr -d '\r')
	tap_is "$(echo "$out" | tr '\n' ' ')" "in-exec sleep " "exec: output, in the container"
	tap_ok "stop" oci_docker stop -t 2 "$D"
	# dockerd deletes the task (kctr-oci delete) once it has exited.
	tap_ok "  the task deleted: no kernel record left" wait_until 30 no_kernel_record "$cid"
	tap_ok "rm" oci_docker rm "$D"
else
	tap_fail "run -d a sleeping container" "$cid"
	diag_logs
fi
tap_done
