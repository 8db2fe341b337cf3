#!/bin/bash
# kctr-oci and process.apparmorProfile (config.md): with AppArmor on, the
# program runs confined by the profile from its execve, as runc applies
# it ("exec PROFILE" to /proc/thread-self/attr/apparmor/exec); a profile
# the kernel has not loaded fails create, leaving nothing; exec
# --apparmor confines the exec'd process. With AppArmor off (the kernel
# says so), the profile is refused by name. The profile is loaded here
# with apparmor_parser (securityfs mounted for it, and unmounted again:
# the engines' tests after this one must find AppArmor as they did).
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"

OCI=$OCI_RUNTIME
ROOT=/run/kctr-oci-e2e.$$
W=/tmp/oci67.$$
P=oci67-$$
PROFILE=kctr-e2e-deny-$$
SECFS=
mkdir -p "$W"

cleanup67() {
	oci_delete_all
	if [ -n "$SECFS" ]; then
		printf '%s' "$PROFILE" >/sys/kernel/security/apparmor/.remove 2>/dev/null
		umount /sys/kernel/security
	fi
	rm -rf "$ROOT" "$W"
}
trap cleanup67 EXIT

oci_unpack_busybox

PROG='cat /proc/self/attr/current; cat /etc/passwd >/dev/null && echo passwd-read; cat /secret 2>/dev/null && echo secret-read || echo secret-denied; echo up; exec sleep 1000'

if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
	# --- AppArmor off: refused by name, nothing made ---
	bundle off "{\"process\": {\"args\": [\"true\"], \"apparmorProfile\": \"$PROFILE\"}}"
	out=$(create_ok off; echo "$?:$(cat "$W/off.err")")
	tap_like "$out" "^1:.*apparmor profile $PROFILE: AppArmor is not enabled on this kernel" \
		"AppArmor off: process.apparmorProfile refused by name"
	tap_not "  nothing left" test -e "$ROOT/$P-off"
	tap_not "  no kernel record" "$KCTR" inspect "$P-off"
	tap_done
fi

# --- AppArmor on: load a profile that denies one file ---
if [ ! -d /sys/kernel/security/apparmor ]; then
	mount -t securityfs securityfs /sys/kernel/security && SECFS=1
fi
cat >"$W/profile" <<EOF
profile $PROFILE flags=(attach_disconnected,mediate_deleted) {
  file,
  capability,
  network,
  signal,
  unix,
  ptrace,
  mount,
  umount,
  pivot_root,
  deny /secret rw,
}
EOF
tap_ok "apparmor_parser loads the test's profile" \
	apparmor_parser -r -K "$W/profile"

bundle aa "{\"process\": {\"args\": [\"sh\", \"-c\", \"$PROG\"], \"apparmorProfile\": \"$PROFILE\"}}"
echo secret >"$W/aa/rootfs/secret"
c=$P-aa
tap_ok "create with process.apparmorProfile" create_ok aa
pid=$(cat "$W/aa.pid")
tap_like "$(cat /proc/"$pid"/attr/current)" '^unconfined' \
	"  the init is not confined before it execs the program"
oci start "$c"
wait_until 30 grep -qx up "$W/aa.out"
tap_is "$(sed -n 1p "$W/aa.out")" "$PROFILE (enforce)" "  the program runs confined by the profile"
tap_is "$(sed -n 2p "$W/aa.out")" passwd-read "  what the profile allows works"
tap_is "$(sed -n 3p "$W/aa.out")" secret-denied "  what it denies is denied, from inside"
tap_is "$(cat /proc/"$pid"/attr/current)" "$PROFILE (enforce)" "  seen from the host too"
tap_is "$(oci exec --apparmor "$PROFILE" "$c" sh -c 'cat /proc/self/attr/current; cat /secret 2>/dev/null || echo denied')" \
	"$PROFILE (enforce)
denied" "  exec --apparmor: the exec'd process confined"
tap_is "$(oci exec "$c" cat /proc/self/attr/current 2>&1)" "$PROFILE (enforce)" \
	"  exec without --apparmor: the container's profile, its process the base (as runc)"
tap_is "$(oci exec --apparmor unconfined "$c" cat /secret 2>&1)" secret \
	"  exec --apparmor unconfined: over the container's profile"
oci delete --force "$c"

# --- a profile the kernel does not have: create fails, nothing left ---
bundle none '{"process": {"args": ["true"], "apparmorProfile": "kctr-e2e-no-such-profile"}}'
out=$(create_ok none; echo "$?:$(cat "$W/none.err")")
tap_like "$out" "^1:.*apparmor profile kctr-e2e-no-such-profile: " \
	"a profile not loaded: create fails, naming it"
tap_not "  nothing left" test -e "$ROOT/$P-none"
tap_not "  no kernel record" "$KCTR" inspect "$P-none"
tap_done
