#!/bin/bash
# Build (or reuse) the debug kernel: Debian's linux-source-6.12 with KUnit,
# KASAN, lockdep and kmemleak, on allnoconfig plus scripts/debug-kernel/. The build lives in $KCTR_CACHE keyed by the
# source package version, the config fragment and this script, so only the
# first run pays for it. Prints the build directory on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

fragment=$KCTR_ROOT/scripts/debug-kernel/kctr-debug.config
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( (echo "$srcver"; cat "$fragment" "$0") | sha256sum | cut -c1-16)
src=$KCTR_CACHE/linux-source-$srcver
out=$KCTR_CACHE/debug-kernel-$key

if [ -f "$out/.kctr-complete" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$KCTR_CACHE"
exec 9>"$KCTR_CACHE/.debug-kernel.lock"
flock 9
if [ -f "$out/.kctr-complete" ]; then
	echo "$out"
	exit 0
fi

if [ ! -f "$src/.kctr-extracted" ]; then
	kctr_log "extracting linux-source $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf /usr/src/linux-source-6.12.tar.xz
	touch "$src.tmp/.kctr-extracted"
	mv "$src.tmp" "$src"
fi

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
export CCACHE_DIR=$KCTR_CACHE/ccache
# Depend mode: a miss runs only the compiler, whose -MD list of headers
# keys the entry. The default mode runs the preprocessor first to hash its
# output, and on a new machine (every object a miss) that made the build
# about a third slower: mm/ and kernel/sched/ of this config took 67.6 s
# against 50.6 s with plain gcc and 50.0 s in depend mode (testing.md).
export CCACHE_DEPEND=1

kctr_log "configuring debug kernel in $out"
rm -rf "$out"
mkdir -p "$out"
# allnoconfig, not a defconfig: the fragment names everything the guest
# needs, and nothing else is compiled (a defconfig base took 26 min).
make -C "$src" O="$out" CC="$cc" -s allnoconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment" >&2
make -C "$src" O="$out" CC="$cc" -s olddefconfig >&2

# A fragment line that did not survive olddefconfig means a missing
# dependency: fail now rather than boot a kernel without the feature.
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=y|CONFIG_*=n|CONFIG_*=[0-9]*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -qx "$opt=y" "$out/.config" && { echo "debug kernel: $opt still set" >&2; bad=1; }
	else
		grep -qx "$line" "$out/.config" || { echo "debug kernel: $line not applied" >&2; bad=1; }
	fi
done <"$fragment"
[ "$bad" -eq 0 ] || exit 1

kctr_log "building debug kernel (about 15 min on 2 idle cores with an empty ccache; a few with a warm one)"
# "modules" is what writes Module.symvers (bzImage alone leaves only
# vmlinux.symvers); without it modpost fails every out-of-tree module with
# "Module.symvers is missing" and unresolved symbols.
make -C "$src" O="$out" CC="$cc" -j"$(nproc)" -s bzImage modules modules_prepare >&2
[ -f "$out/Module.symvers" ] || { echo "debug kernel: no Module.symvers" >&2; exit 1; }
touch "$out/.kctr-complete"
kctr_log "debug kernel ready"
echo "$out"
