#!/bin/bash
# kctr image import (layers shared, whiteouts converted) and spawn -t.
#
# The tool's own logic; the kernel paths it reaches run in every spawn
# and in the netlink tests there: not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

work=$(mktemp -d)
mkdir -p "$work/layer/etc" "$work/layer/opaque" "$work/layer/srv"
echo added >"$work/layer/etc/added"
: >"$work/layer/etc/.wh.group"
echo new >"$work/layer/srv/new"
tar -C "$work/layer" -cf "$work/layer.tar" .
img=img$$
out=$("$KCTR" image import --parent busybox "$img" "$work/layer.tar" 2>&1)
tap_is "$?" 0 "image import of a tarball on top of busybox ($out)"
tap_like "$("$KCTR" image ls)" "(^|
)$img(
|$)" "image ls lists it"
"$KCTR" image -h >/dev/null
tap_is "$?" 0 "image -h prints the usage and exits 0"
empty=$(mktemp -d)
tap_is "$(KCTR_STATE_DIR=$empty "$KCTR" image ls; ls "$empty/images" 2>/dev/null)" "" \
	"image ls in an empty state directory lists nothing and builds nothing"
rm -rf "$empty"
out=$(sh_in --image "$img" -- 'cat /etc/added; ls /etc/group 2>&1; ls /bin/busybox; cat /srv/new')
tap_like "$out" "^added" "the new layer's file is there"
tap_like "$out" "/etc/group: No such file" "a .wh. file hides the lower file"
tap_like "$out" "/bin/busybox" "the lower layer shows through"
layer=$(ls -d "$STATE"/layers/"$img"-* | head -1)
tap_ok "the whiteout is a 0/0 character device in the layer" \
	test "$(stat -c '%F %t %T' "$layer/etc/group")" = "character special file 0 0"
tap_not "the .wh. file itself is gone" test -e "$layer/etc/.wh.group"

# Opaque directory: the lower directory's entries disappear.
mkdir -p "$work/l2/etc"
echo only >"$work/l2/etc/only"
: >"$work/l2/etc/.wh..wh..opq"
tar -C "$work/l2" -cf "$work/l2.tar" .
"$KCTR" image import --parent busybox "${img}o" "$work/l2.tar" >/dev/null 2>&1
out=$(sh_in --image "${img}o" -- 'ls /etc')
tap_is "$out" "only" "an opaque directory hides the lower directory's entries"
# With --userns, overlayfs reads opacity from user.overlay.opaque, which
# the state directory's file system must be able to store: tmpfs (the
# guests' /var/lib) can from Linux 6.6 on, so not in the 6.1 VM, where
# spawn must say so.
out=$(sh_in --userns --image "${img}o" -- 'ls /etc; id -u; touch /etc/new && echo write-ok' 2>&1)
if python3 -c 'import os, sys, tempfile
with tempfile.NamedTemporaryFile(dir=sys.argv[1]) as f:
    os.setxattr(f.name, "user.kctr-probe", b"y")' "$STATE" 2>/dev/null; then
	tap_is "$(echo $out)" "only 0 write-ok" "the same with --userns (id-shifted layers)"
else
	tap_like "$out" "file system of $STATE has no user\.\* extended attributes" \
		"--userns on a state dir without user xattrs: spawn says why it cannot ($(uname -r))"
fi

# A directory imports too; two containers share its layer read-only.
mkdir -p "$work/dir/bin"
cp /bin/busybox "$work/dir/bin/"
ln -s busybox "$work/dir/bin/sh"
"$KCTR" image import "${img}d" "$work/dir" >/dev/null 2>&1
tap_is "$(sh_in --image "${img}d" -- 'echo $0')" "/bin/sh" "a directory image runs"

# --rootfs: the directory as it is, below a per-container upper layer.
mkdir -p "$work/dir/proc" "$work/dir/dev" "$work/dir/sys"
# mktemp made $work 0700: the user namespace's root cannot reach the tree.
out=$("$KCTR" spawn --rm --userns --rootfs "$work/dir" -- /bin/sh -c true 2>&1)
tap_is "$?" 125 "--rootfs below a directory the userns root cannot search: exit 125"
tap_like "$out" "$work/ \(mode 0700, uid 0\) is not searchable by the user namespace's root \(uid 100000 outside\)" \
	"and says which directory and why"
chmod 755 "$work"
echo from-rootfs >"$work/dir/marker"
out=$("$KCTR" spawn --rm --rootfs "$work/dir" -- /bin/sh -c \
	'cat /marker; echo changed >/marker; cat /marker' 2>&1)
tap_is "$(echo $out)" "from-rootfs changed" "--rootfs: the tree is the root, writable through overlayfs"
tap_is "$(cat "$work/dir/marker")" from-rootfs "--rootfs: the tree itself is not changed"
out=$("$KCTR" spawn --rm --userns --rootfs "$work/dir" -- /bin/sh -c 'cat /marker' 2>&1)
tap_like "$out" "warning: --rootfs $work/dir is owned by uid 0, outside the user namespace's map \(100000-165535\)" \
	"--rootfs with --userns: a warning that the tree is not id-shifted"
tap_like "$out" "from-rootfs" "--rootfs with --userns: the container still reads it"
rm -r "$work/dir/proc" "$work/dir/dev" "$work/dir/sys" "$work/dir/marker"

ln -s /run "$work/dir/evil"
"$KCTR" image import "${img}e" "$work/dir" >/dev/null 2>&1
vol=$(mktemp -d)
touch "$vol/in-volume"
out=$("$KCTR" spawn --rm --image "${img}e" -v "$vol:/evil/escape" -- /bin/sh -c 'ls /run/escape' 2>&1)
tap_is "$?" 0 "a volume target through an absolute symlink in the image works"
tap_is "$out" in-volume "and lands inside the container's root (/run/escape)"
tap_not "nothing was created on the host through it" test -e /run/escape
rm -rf "$vol"
tap_ok "image rm" "$KCTR" image rm "${img}d"
rm -rf "$work"

# -t: a pseudo-terminal from the container's own devpts.
if command -v script >/dev/null; then
	out=$(script -qec "$KCTR spawn --rm -t -- /bin/sh -c 'tty; test -t 0 && echo stdin-is-tty; exit 7'" /dev/null </dev/null)
	rc=$?
	tap_like "$out" "/dev/pts/0" "-t: the workload's terminal is the container's /dev/pts/0"
	tap_like "$out" "stdin-is-tty" "-t: stdin is a terminal"
	tap_is "$rc" 7 "-t: the status propagates"
	# script(1) turns its own EOF into an EOF on kctr's terminal before
	# kctr goes raw; that must end the input, not reach the workload as
	# a NUL (echoed "^@").
	out=$(script -qec "$KCTR spawn --rm -t -- /bin/sh -c 'echo start; dd bs=1 count=1 2>/dev/null | od -An -c; echo end'" /dev/null </dev/null | tr -d '\r')
	tap_is "$(echo $out)" "start end" "-t: no stray byte before the output nor as input"
	# A user without capabilities gets the terminal too, as its own.
	out=$(script -qec "$KCTR spawn --rm -t -u 1000:1000 -- /bin/sh -c 'id -u; stat -c %u:%g \$(tty)'" /dev/null </dev/null)
	rc=$?
	tap_is "$rc:$(echo $out | tr -d '\r')" "0:1000 1000:1000" "-t -u 1000: runs, on a terminal it owns"
	out=$(script -qec "$KCTR spawn --rm -t -u 1000 --cap-drop ALL -- id -u" /dev/null </dev/null)
	tap_is "$?:$(echo $out | tr -d '\r')" "0:1000" "-t -u 1000 --cap-drop ALL runs"
else
	tap_skip "-t tests" "no script(1) in the guest"
fi
out=$(echo hello-stdin | "$KCTR" spawn --rm -i -- /bin/cat)
tap_is "$out" hello-stdin "-i: stdin reaches the workload"
out=$(echo hello-stdin | "$KCTR" spawn --rm -- /bin/cat)
tap_is "$out" "" "without -i stdin is /dev/null"
tap_done
