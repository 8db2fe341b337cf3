#!/bin/bash
# containerd (Debian's 1.6, shim io.containerd.runc.v2) driving kctr-oci
# through ctr: run --rm, run -d, task exec/kill/delete, container rm, each
# checked against kctr.ko's own record (the kernel names each container
# by ctr's container id) and for leftovers (kernel record, the runtime's
# state directory under the shim's runc root).
# vms: distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"

if ! oci_setup containerd; then
	tap_fail "containerd set up with kctr-oci" "see the diagnostics above"
	tap_done
fi
tap_pass "containerd set up, busybox imported"
IMG=$OCI_IMAGE
C=c64-$$
# The shim passes it to kctr-oci as --root: its state dirs live there.
RROOT=$OCI_STATE/containerd/runc

# ctr_run ARGS...: ctr run with the runtime's root on the test's tmpfs.
ctr_run() {
	oci_ctr run --runc-root "$RROOT" "$@"
}

kfield() {
	local j
	j=$("$KCTR" -j inspect "$1" 2>/dev/null) || return 1
	jget "$j" "$2"
}

# task_col ID N: column N (2 PID, 3 STATUS) of `ctr task ls` for ID.
task_col() {
	oci_ctr task ls 2>/dev/null | awk -v id="$1" -v n="$2" '$1 == id { print $n }'
}
task_is() {
	[ "$(task_col "$1" 3)" = "$2" ]
}
no_kernel_record() {
	! "$KCTR" inspect "$1" >/dev/null 2>&1
}
# nothing_left ID DESC: no kernel record, no state dir, no container.
nothing_left() {
	if wait_until 30 no_kernel_record "$1"; then
		tap_pass "$2: no kernel record left"
	else
		tap_fail "$2: no kernel record left" "$("$KCTR" inspect "$1" 2>&1)"
	fi
	tap_not "$2: no state dir under the runc root" test -e "$RROOT/$OCI_CTR_NS/$1"
	tap_not "$2: ctr knows no such container" oci_ctr container info "$1"
}
diag_logs() {
	tap_diag "containerd log:" "$(tail -n 30 "$OCI_STATE/containerd/containerd.log")"
}

# --- run --rm: output and exit code ---
out=$(ctr_run --rm "$IMG" "$C-r" sh -c 'echo hi; echo $$' 2>&1 | tr -d '\r')
if [ "$(echo "$out" | head -n 1)" = hi ]; then
	tap_pass "run --rm: the program ran"
else
	tap_fail "run --rm: the program ran" "$out"
	diag_logs
fi
tap_is "$(echo "$out" | sed -n 2p)" 1 "  it is pid 1 in its pid namespace"
nothing_left "$C-r" "run --rm"
ctr_run --rm "$IMG" "$C-x" sh -c 'exit 7' >/dev/null 2>&1
tap_is "$?" 7 "run --rm: the exit code comes back through the shim"
nothing_left "$C-x" "run --rm, exit 7"

# --- run -d, exec, kill, delete, rm ---
D=$C-d
out=$(ctr_run -d "$IMG" "$D" sleep 1000 2>&1)
if [ $? -eq 0 ] && wait_until 60 task_is "$D" RUNNING; then
	tap_pass "run -d: task running"
	pid=$(task_col "$D" 2)
	tap_is "$(kfield "$D" 'd["state"]')" running "  kctr inspect: the kernel's record, running"
	tap_is "$(kfield "$D" 'd["init_pid"]')" "$pid" "  its init pid is ctr's task pid ($pid)"
	tap_ok "  the state dir is under the runc root" test -d "$RROOT/$OCI_CTR_NS/$D"
	out=$(oci_ctr task exec --exec-id e1 "$D" sh -c 'echo in-exec; cat /proc/1/comm' 2>&1 |
		tr -d '\r')
	tap_is "$(echo "$out" | tr '\n' ' ')" "in-exec sleep " "task exec: output, in the container"
	oci_ctr task exec --exec-id e2 "$D" sh -c 'exit 3' >/dev/null 2>&1
	tap_is "$?" 3 "task exec: its exit code"
	tap_is "$(kfield "$D" 'd["state"]')" running "  the container still running"
	tap_ok "task kill" oci_ctr task kill -s SIGKILL "$D"
	if wait_until 30 task_is "$D" STOPPED; then
		tap_pass "  ctr: task stopped"
	else
		tap_fail "  ctr: task stopped" "$(oci_ctr task ls 2>&1)"
	fi
	tap_is "$(kfield "$D" 'd["state"]')" stopped "  kctr: stopped"
	tap_ok "task delete" oci_ctr task delete "$D"
	tap_ok "  no kernel record left" wait_until 30 no_kernel_record "$D"
	tap_not "  no state dir under the runc root" test -e "$RROOT/$OCI_CTR_NS/$D"
	tap_ok "container rm" oci_ctr container rm "$D"
	nothing_left "$D" "container rm"
else
	tap_fail "run -d a sleeping container" "$out
$(oci_ctr task ls 2>&1)"
	diag_logs
fi
tap_done
