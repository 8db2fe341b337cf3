#!/bin/bash
# Paths inside the container's root are resolved inside it: an image's
# symlinks (merged-/usr /lib -> usr/lib, /var/run -> /run, and hostile ones
# to / or up with ..) lead volume, --tmpfs and -w targets to the same place
# as they would once the root is "/", never onto the host; the mount
# points kctr uses for its own file systems refuse symlinks.
#
# Userspace logic the debug VMs' sanitizers add nothing to (the kernel
# paths it reaches run in every spawn there): not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

work=$(mktemp -d /tmp/kctr-resolve.XXXXXX)
chmod 755 "$work"	# --userns: its root opens the volume source
# A host directory the hostile links name: nothing may appear in it.
bait=$work/bait
mkdir -p "$bait" "$work/src" "$work/layer/usr/lib" "$work/layer/var" \
	"$work/layer/etc"
echo volume-marker >"$work/src/marker"
echo file-marker >"$work/file"
cd "$work/layer" || exit 1
ln -s usr/lib lib
ln -s /run var/run
ln -s /etc evil
ln -s "$bait" bait
ln -s ../../../../../../.. up
ln -s / abs
ln -s /made/here dangling
ln -s ../run/resolv.conf etc/resolv.conf
cd /
img=$SP_PFX-links
out=$("$KCTR" image import --parent busybox "$img" "$work/layer" 2>&1)
tap_is "$?" 0 "an image with merged-/usr and hostile symlinks ($out)"
# Same tree as a base image whose /proc is a symlink (to the bait).
mkdir -p "$work/procimg"
ln -s "$bait" "$work/procimg/proc"
"$KCTR" image import --parent busybox "$img-proc" "$work/procimg" >/dev/null 2>&1

out=$(sh_in --image "$img" -v "$work/src:/lib/foo" -- \
	'cat /usr/lib/foo/marker; cat /lib/foo/marker' 2>&1)
tap_is "$(echo $out)" "volume-marker volume-marker" \
	"-v /x:/lib/foo through /lib -> usr/lib: mounted on /usr/lib/foo"
out=$(sh_in --image "$img" -w /lib/app -- 'pwd -P' 2>&1)
tap_is "$out" /usr/lib/app "-w /lib/app through /lib -> usr/lib"
out=$(sh_in --image "$img" --tmpfs /var/run -- \
	"awk '\$2 == \"/run\" { print \$3 }' /proc/mounts" 2>&1)
tap_is "$out" tmpfs "--tmpfs /var/run through /var/run -> /run: a tmpfs on /run"

out=$(sh_in --image "$img" -v "$work/src:/evil/y" -- \
	'cat /etc/y/marker' 2>&1)
tap_is "$out" volume-marker "-v /x:/evil/y with /evil -> /etc: the container's /etc/y"
out=$(sh_in --image "$img" -v "$work/src:/bait/y" -- \
	"cat $bait/y/marker" 2>&1)
tap_is "$out" volume-marker \
	"-v /x:/bait/y with /bait -> $bait: created at $bait/y inside the root"
out=$(sh_in --image "$img" -v "$work/src:/up/tmp/${bait#/tmp/}/z" -- \
	"cat $bait/z/marker" 2>&1)
tap_is "$out" volume-marker "-v through /up -> ../../..: .. stops at the container's /"
out=$(sh_in --image "$img" --tmpfs "/abs$bait/t" -- \
	"awk '\$2 == \"$bait/t\" { print \$3 }' /proc/mounts" 2>&1)
tap_is "$out" tmpfs "--tmpfs /abs$bait/t with /abs -> /: inside the root"
out=$(sh_in --image "$img" -w /dangling/deeper -- 'pwd -P' 2>&1)
tap_is "$out" /made/here/deeper \
	"-w through a symlink to a missing directory: its target is made inside"
out=$(sh_in --image "$img" -v "$work/file:/etc/resolv.conf:ro" -- \
	'cat /run/resolv.conf; echo x >/etc/resolv.conf || echo refused' 2>&1)
tap_like "$out" "^file-marker" \
	"a file volume on a dangling /etc/resolv.conf -> ../run/resolv.conf: its target inside"
tap_like "$out" "refused$" "and :ro holds on it"
out=$(sh_in --image "$img" --userns -v "$work/src:/evil/u" -w /lib/w -- \
	'cat /etc/u/marker; pwd -P' 2>&1)
tap_is "$(echo $out)" "volume-marker /usr/lib/w" \
	"--userns: the same resolution"
tap_is "$(find "$bait" -mindepth 1 | wc -l)" 0 \
	"nothing was created in the host directory the links point to"
tap_not "nothing on the host's /etc" test -e /etc/y

out=$("$KCTR" spawn --rm --image "$img-proc" -- true 2>&1)
rc=$?
tap_is "$rc" 125 "an image whose /proc is a symlink: refused"
tap_like "$out" "/proc: a symlink in the image on the way: refused" \
	"the error names the path and why ($out)"
tap_is "$(find "$bait" -mindepth 1 | wc -l)" 0 "and proc was not mounted in $bait"

"$KCTR" image rm "$img" >/dev/null 2>&1
"$KCTR" image rm "$img-proc" >/dev/null 2>&1
rm -rf "$work"
tap_done
