#!/bin/bash
# Offline OCI test images, built from Debian's busybox-static: no registry,
# no daemon, no mounts. Prints the directory that holds them:
#
#   busybox-rootfs.tar   the root file system (the layout kctr's own default
#                        image has, userspace/image.c), for `podman import`
#                        and `docker import`
#   busybox-oci.tar      an OCI image layout made with umoci, one image
#                        tagged "latest" (Cmd /bin/sh), for
#                        `ctr images import --base-name localhost/busybox`
#
# Cached in $KCTR_CACHE/oci-images/<key>/, the key a hash of its inputs:
# busybox, this script and umoci's version. tests/e2e/oci-lib.sh calls it
# in the guest, where the host's cache is read-only: a cached set is only
# read there; without one (or with KCTR_CACHE pointing at a tmpfs) it is
# built where KCTR_CACHE says.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

busybox=/bin/busybox
[ -x "$busybox" ] || { echo "mk-oci-images: no $busybox (busybox-static)" >&2; exit 1; }
command -v umoci >/dev/null || { echo "mk-oci-images: no umoci" >&2; exit 1; }
key=$( (sha256sum "$busybox" "$0" | cut -d' ' -f1; umoci --version) |
	sha256sum | cut -c1-16)
cache=$KCTR_CACHE/oci-images
dir=$cache/$key
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$cache"
# VMs start at once in scripts/test-all.sh: one builds, the others wait.
exec 9>"$cache/.lock"
flock 9
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi
tmp=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The root file system: directories, busybox, one symlink per applet,
# passwd and group.
r=$tmp/rootfs
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,proc,sys,dev,tmp,var/tmp,run,home,mnt}
chmod 1777 "$r/tmp" "$r/var/tmp"
chmod 700 "$r/root"
cp "$busybox" "$r/bin/busybox"
"$busybox" --list-full | while read -r applet; do
	[ "$applet" = bin/busybox ] && continue
	mkdir -p "$r/$(dirname "$applet")"
	ln -sfn /bin/busybox "$r/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' \
	>"$r/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
# Same bytes every time: owners 0, mtime 0, sorted names.
tar --numeric-owner --owner=0 --group=0 --mtime=@0 --sort=name \
	-C "$r" -cf "$tmp/busybox-rootfs.tar" .

# The OCI layout (OCI-NOTES 4.3): umoci unpacks the empty image into a
# bundle, the rootfs is copied in, repack makes the layer.
l=$tmp/layout
umoci init --layout "$l"
umoci new --image "$l:latest"
umoci unpack --image "$l:latest" "$tmp/bundle" >/dev/null
cp -a "$r/." "$tmp/bundle/rootfs/"
umoci repack --image "$l:latest" "$tmp/bundle"
umoci config --image "$l:latest" --config.cmd /bin/sh \
	--config.env PATH=/usr/sbin:/usr/bin:/sbin:/bin
umoci gc --layout "$l"
tar --numeric-owner --owner=0 --group=0 -C "$l" -cf "$tmp/busybox-oci.tar" .

mkdir -p "$dir"
mv "$tmp/busybox-rootfs.tar" "$tmp/busybox-oci.tar" "$dir/"
touch "$dir/.complete"
kctr_log "built the OCI test images in $dir"
echo "$dir"
