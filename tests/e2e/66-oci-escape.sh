#!/bin/bash
# The classic escapes of 50-escape-classic, tried from inside containers
# that podman runs on kctr-oci, with podman's own defaults (its capability
# set, its seccomp profile, its mounts and masked paths): the containment
# must hold when an engine, not kctr, writes the config. Also from a
# process of `podman exec`, and against another podman container.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"
. "$(dirname "$0")/escape-lib.sh"

if ! oci_setup podman; then
	tap_fail "podman set up with kctr-oci" "see the diagnostics above"
	tap_done
fi
P=p66-$$
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/t" "$work/v"
chmod 1777 "$work/v"
if ! out=$(cc -static -O2 -o "$work/t/escape" \
	"$(dirname "$0")/tools/escape/escape.c" 2>&1); then
	tap_fail "the escape helper builds" "$out"
	tap_done
fi
echo host-only >"$work/marker"
handle=$("$work/t/escape" handle "$work")
dev=c:4:64
for b in /sys/class/block/*; do
	[ -r "$b/dev" ] || continue
	dev=b:$(<"$b/dev")
	break
done

vols=(-v "$work/t:/t:ro" -v "$work/v:/v")
other=$(oci_podman run -d --name "$P-other" --network none "${vols[@]}" \
	"$OCI_IMAGE" sleep 1000 2>&1)
is_up() {
	[ "$(oci_podman inspect --format '{{.State.Status}}' "$P-other" 2>/dev/null)" = running ]
}
if ! wait_until 60 is_up; then
	tap_fail "a second podman container runs" "$other"
	tap_done
fi
other_pid=$(oci_podman inspect --format '{{.State.Pid}}' "$P-other")
tap_like "$other_pid" '^[0-9]+$' "a second podman container runs (pid $other_pid)"
args=(/t/escape -m "$work/marker" -p $$ -p "$other_pid" -V /v
	-N "$(stat -L -c %i /proc/self/ns/net)"
	-H "$handle" -d "$dev" -D /dev -D /tmp -D /v)

# podman's defaults differ from kctr's where noted: no CAP_NET_RAW (a raw
# socket is refused, so "contained" cannot be seen), no CAP_MKNOD. Its
# seccomp profile (containers-common) lets user namespaces be made
# inside (for nested builds) and a session keyring be joined; kctr-oci
# applies the engine's profile as the config gives it (config-linux.md),
# adding no filter of its own, so those calls are podman's choice: any
# answer goes, and everything they could lead to is still tried below
# them (mounts, setns, the host's files and processes). kctr's own
# profile refuses all three (50-escape-classic).
podman_want=('raw_net=^(refused|contained:lo,)' 'unshare_user=.'
	'clone_newuser=.' 'keyctl_session=.')
out=$(oci_podman run --rm --network none "${vols[@]}" -e KCTR_ESCAPE_INSIDE=1 \
	"$OCI_IMAGE" "${args[@]}" 2>&1)
tap_diag "podman run: $(echo $out)"
check "podman run" "$out" "${podman_want[@]}"
check "podman exec" "$(oci_podman exec -e KCTR_ESCAPE_INSIDE=1 "$P-other" \
	"${args[@]}" 2>&1)" "${podman_want[@]}"
check "podman run --read-only --user 1000" "$(oci_podman run --rm --network none \
	--read-only --user 1000:1000 "${vols[@]}" -e KCTR_ESCAPE_INSIDE=1 \
	"$OCI_IMAGE" "${args[@]}" 2>&1)" "${podman_want[@]}" \
	'chroot_breakout=^refused:(EXDEV|EPERM)$'
oci_podman rm -f "$P-other" >/dev/null 2>&1
rm -rf "$work"
tap_diag "$SECONDS s"
tap_done
