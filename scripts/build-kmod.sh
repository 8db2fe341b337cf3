#!/bin/bash
# Build kctr.ko for one kernel: scripts/build-kmod.sh 6.12|6.1|debug [COPY]
#
# The sources (Kbuild, kmod/, include/) are copied to build/kmod-<target>/
# so that builds for several kernels never share objects. W=1 always; a
# build that prints any warning fails. The log is build/kmod-<target>/build.log;
# the path of kctr.ko is printed on stdout. With COPY, kctr.ko is also
# copied there before the lock is released, and COPY is printed: other
# users of this checkout may rebuild the target at any moment.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

target=${1:?usage: build-kmod.sh 6.12|6.1|debug [COPY]}
copy=${2:-}
extra=()
case "$target" in
6.12 | 6.1)
	# 6.12: the distro VM's kernel, whose headers exist by definition.
	if [ "$target" = 6.12 ]; then
		rel=$(kctr_distro_kver)
	else
		rel=$(kctr_headers_release "$target")
	fi
	[ -n "$rel" ] || { echo "build-kmod: no linux-headers-$target.*" >&2; exit 1; }
	kdir=/usr/src/linux-headers-$rel
	;;
debug)
	kdir=$("$KCTR_ROOT/scripts/build-debug-kernel.sh")
	extra=(KCTR_KUNIT=y)
	;;
*)
	echo "build-kmod: unknown target $target" >&2
	exit 1
	;;
esac

out=$KCTR_ROOT/build/kmod-$target
# Several people and VMs share this checkout: one build per target at a
# time, and vm-run.sh takes the same lock to copy kctr.ko out.
mkdir -p "$KCTR_ROOT/build"
exec 9>"$out.lock"
flock 9
rm -rf "$out"
mkdir -p "$out"
for f in Kbuild kmod include; do
	[ -e "$KCTR_ROOT/$f" ] || { echo "build-kmod: $f is missing" >&2; exit 1; }
	cp -a "$KCTR_ROOT/$f" "$out/"
done

rc=0
make -C "$kdir" M="$out" W=1 "${extra[@]}" -j"$(nproc)" modules \
	>"$out/build.log" 2>&1 || rc=$?
if [ $rc -ne 0 ] || grep -qi 'warning' "$out/build.log"; then
	grep -iE -A3 'warning|error' "$out/build.log" | head -n 60 >&2 ||
		tail -n 30 "$out/build.log" >&2
	echo "build-kmod: $target failed (exit $rc), log: $out/build.log" >&2
	exit 1
fi
if [ -n "$copy" ]; then
	cp "$out/kctr.ko" "$copy"
	echo "$copy"
else
	echo "$out/kctr.ko"
fi
