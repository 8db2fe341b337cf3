#!/bin/bash
# Build (or reuse) the test VMs' initramfs: busybox-static, the Debian
# modules that mount a 9p root (decompressed, since busybox insmod does not
# read .ko.xz) and tests/vm/init. Prints the image's path.
#
#   scripts/mkinitramfs.sh [RELEASE [BASE]]
#
# The modules are RELEASE's (default the installed 6.12) under BASE
# (default /; scripts/distro-kernel.sh's directory for 6.1). The debug
# kernel has 9p built in, skips the modules and shares the 6.12 image.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

init=$KCTR_ROOT/tests/vm/init
kver=${1:-$(kctr_distro_kver)}
base=${2:-/}
busybox=/bin/busybox
# virtio_pci is built into 6.12 and a module in 6.1.
wanted=(virtio_pci netfs 9pnet 9pnet_virtio 9p)

# Load order: every module after its dependencies.
order=()
add_module() {
	local m=$1 dep have
	for have in "${order[@]}"; do
		[ "$have" = "$m" ] && return 0
	done
	[ "$(modinfo -b "$base" -k "$kver" -F filename "$m")" = "(builtin)" ] && return 0
	for dep in $(modinfo -b "$base" -k "$kver" -F depends "$m" | tr ',' ' '); do
		add_module "$dep"
	done
	order+=("$m")
}
for m in "${wanted[@]}"; do
	add_module "$m"
done

files=("$init" "$0" "$busybox")
for m in "${order[@]}"; do
	files+=("$(modinfo -b "$base" -k "$kver" -F filename "$m")")
done
key=$( (echo "${order[*]}"; sha256sum "${files[@]}" | cut -d' ' -f1) |
	sha256sum | cut -c1-16)
img=$KCTR_CACHE/initramfs-$key.cpio.gz
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi

mkdir -p "$KCTR_CACHE"
# Several VMs start at once in scripts/test-all.sh: one builds, the others
# wait for it and reuse its image.
exec 9>"$KCTR_CACHE/.initramfs.lock"
flock 9
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$busybox" "$tmp/bin/busybox"
ln -s busybox "$tmp/bin/sh"
install -m 755 "$init" "$tmp/init"
for m in "${order[@]}"; do
	f=$(modinfo -b "$base" -k "$kver" -F filename "$m")
	case "$f" in
	*.ko.xz) xz -dc "$f" >"$tmp/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$tmp/lib/modules/$m.ko" ;;
	*.ko) cp "$f" "$tmp/lib/modules/$m.ko" ;;
	*) echo "mkinitramfs: cannot use $m ($f)" >&2; exit 1 ;;
	esac
done
printf '%s\n' "${order[@]}" >"$tmp/lib/modules/order"
(cd "$tmp" && find . -print0 | sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n >"$img.tmp"
mv "$img.tmp" "$img"
kctr_log "built initramfs $img"
echo "$img"
