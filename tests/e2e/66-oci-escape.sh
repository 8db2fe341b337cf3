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
escape_prepare

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

# --- a config.json that asks for host devices under innocent names ---
# linux.devices names host devices by their numbers under other paths,
# while resources.devices allows none of them: the nodes may appear, but
# the device program must keep them closed (or create refuses the entry by
# name). Attacked from inside, as root with the default capabilities
# (CAP_DAC_OVERRIDE, CAP_MKNOD): open, read and write each, then make the
# same node with mknod and try it again.
oroot=$work/oci-root
cat >"$work/attack.sh" <<'SH'
try() {
	if [ ! -e "$1" ]; then echo "$1 absent"; return; fi
	if head -c 1 "$1" >/dev/zero 2>/tmp/e; then echo "$1 ESCAPED:read"
	elif printf x 2>/tmp/e >"$1"; then echo "$1 ESCAPED:write"
	else echo "$1 refused:$(tail -n 1 /tmp/e | sed 's/.*: //')"; fi
}
for d in "$@"; do
	try "${d%%=*}"
	n=${d#*=}
	if mknod "/tmp/again$$" "${n%%:*}" "$(echo "$n" | cut -d: -f2)" \
		"${n##*:}" 2>/tmp/e; then try "/tmp/again$$"
	else echo "mknod $n refused:$(tail -n 1 /tmp/e | sed 's/.*: //')"; fi
	rm -f "/tmp/again$$"
done
echo done
SH
# devattack NAME DEVICES-JSON PATH=T:MAJ:MIN...: one container, the attack.
devattack() {
	local name=$1 devs=$2 b=$work/$1 c=$P-$1 n
	shift 2
	mkdir -p "$b/rootfs"
	tar -C "$b/rootfs" -xf "$OCI_IMAGES/busybox-rootfs.tar"
	cp "$work/attack.sh" "$b/rootfs/attack.sh"
	"$(dirname "$0")/tools/oci_bundle.py" "$b" "{\"process\": {\"args\": [\"sh\", \"/attack.sh\", $(printf '"%s", ' "$@" | sed 's/, $//')]}, \"linux\": {\"devices\": $devs, \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}}}"
	if ! "$OCI_RUNTIME" --root "$oroot" create --bundle "$b" "$c" >"$b/out" 2>"$b/err"; then
		# Refusing the config is the other safe answer: by name, nothing left.
		tap_like "$(cat "$b/err")" 'linux.devices\[[0-9]+\]' \
			"$name: linux.devices refused by index ($(cat "$b/err"))"
		tap_not "  no kernel record left" "$KCTR" inspect "$c"
		return
	fi
	"$OCI_RUNTIME" --root "$oroot" start "$c"
	wait_until 30 grep -qx done "$b/out"
	tap_diag "$name: $(echo $(cat "$b/out" "$b/err"))"
	for n; do
		n=${n%%=*}
		tap_like "$(grep "^$n " "$b/out")" "^$n (refused:Operation not permitted|absent)$" \
			"$name: $n without an allow: closed, at open"
	done
	tap_not "  no node opened, none made usable: nothing ESCAPED" grep -q ESCAPED "$b/out"
	tap_ok "  the attack ran to its end" grep -qx done "$b/out"
	"$OCI_RUNTIME" --root "$oroot" delete --force "$c" >/dev/null 2>&1
}
# char: /dev/mem (1:1) as /dev/notmem and over /dev/null, the serial
# console (4:64) as /dev/innocent.
devattack chardevs '[{"path": "/dev/innocent", "type": "c", "major": 4, "minor": 64}, {"path": "/dev/notmem", "type": "c", "major": 1, "minor": 1}, {"path": "/dev/null", "type": "c", "major": 1, "minor": 1}]' \
	/dev/innocent=c:4:64 /dev/notmem=c:1:1 /dev/null=c:1:1
# block: the guest's first disk; without one (a 9p root) a loop device
# over a file that holds a marker, which the attack must not read; else
# sd 8:0, absent, which create must refuse.
bdev=8:0
loopdev=
if [ "${dev%%:*}" = b ]; then
	bdev=${dev#b:}
else
	printf 'host-disk-secret' >"$work/disk.img"
	truncate -s 1M "$work/disk.img"
	modprobe loop 2>/dev/null
	loopdev=$(losetup -f --show "$work/disk.img" 2>/dev/null) &&
		bdev=$(stat -c '%t:%T' "$loopdev") &&
		bdev=$((16#${bdev%:*})):$((16#${bdev#*:}))
fi
tap_diag "the block device attacked: ${loopdev:-$dev} ($bdev)"
devattack blockdev "[{\"path\": \"/dev/innocent\", \"type\": \"b\", \"major\": ${bdev%:*}, \"minor\": ${bdev#*:}}]" \
	"/dev/innocent=b:$bdev"
[ -n "$loopdev" ] && losetup -d "$loopdev"
rm -rf "$work"
tap_diag "$SECONDS s"
tap_done
