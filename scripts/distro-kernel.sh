#!/bin/bash
# Unpack Debian's 6.1 kernel for the 6.1 test VM, outside the checkout:
#
#   scripts/distro-kernel.sh 6.1    prints a directory holding
#                                   boot/vmlinuz-<release> and
#                                   lib/modules/<release> with modules.dep
#
# The release is the one whose headers are installed, at the same package
# version: kctr.ko for 6.1 is built against those headers and its vermagic
# must match. The image package is fetched with apt-get download and
# unpacked with dpkg-deb, and depmod runs on the unpacked tree: nothing is
# installed on the host, whose /boot, modules and boot loader stay as
# they are. Cached in $KCTR_CACHE/kernel-<release>-<version>.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=${1:?usage: distro-kernel.sh 6.1}
rel=$(kctr_headers_release "$series")
[ -n "$rel" ] || { echo "distro-kernel: no linux-headers-$series.* installed" >&2; exit 1; }
ver=$(dpkg-query -W -f='${Version}' "linux-headers-$rel")
dir=$KCTR_CACHE/kernel-$rel-$ver
if [ -f "$dir/.kctr-unpacked" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$KCTR_CACHE"
exec 9>"$KCTR_CACHE/.kernel-$rel.lock"
flock 9
if [ -f "$dir/.kctr-unpacked" ]; then
	echo "$dir"
	exit 0
fi
tmp=$(mktemp -d "$KCTR_CACHE/.kernel-$rel.XXXXXX")
chmod 755 "$tmp"	# apt-get download fetches as user _apt
trap 'rm -rf "$tmp"' EXIT
# The signed and the unsigned image hold the same kernel; either will do.
# Without package lists (apt-get update never ran) fetch them once.
fetch() {
	local pkg
	for pkg in "linux-image-$rel" "linux-image-$rel-unsigned"; do
		(cd "$tmp" && apt-get download -q "$pkg=$ver" >&2) && return 0
	done
	return 1
}
fetch || { apt-get update -q >&2 && fetch; } || true
deb=$(ls "$tmp"/linux-image-*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "distro-kernel: cannot download linux-image-$rel=$ver" >&2; exit 1; }
dpkg-deb -x "$deb" "$tmp/root"
[ -r "$tmp/root/boot/vmlinuz-$rel" ] ||
	{ echo "distro-kernel: $deb has no boot/vmlinuz-$rel" >&2; exit 1; }
depmod -b "$tmp/root" "$rel"
rm -rf "$dir"
mv "$tmp/root" "$dir"
touch "$dir/.kctr-unpacked"
kctr_log "unpacked linux-image-$rel $ver in $dir"
echo "$dir"
