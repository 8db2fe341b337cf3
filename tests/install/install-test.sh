#!/bin/bash
# The install paths, on the host, without touching the system: `make
# install` into a DESTDIR, the DKMS source tree, `dkms build` and `make
# dkms-install` against the 6.12 headers in private DKMS trees, and `make
# install-module` into an INSTALL_MOD_PATH. Builds only: nothing is loaded, nothing lands in
# /usr/src, /var/lib/dkms or /lib/modules (the last test checks that).
# TAP on stdout; scripts/test-all.sh runs it as the suite "install".
#
# Needs: dkms, linux-headers-6.12.*-amd64 (scripts/install-deps.sh).
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

n=0
ok() {	# $1 1 if ok, $2 description
	n=$((n + 1))
	if [ "$1" = 1 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
check() {	# $1 description, then the command
	local what=$1
	shift
	if "$@"; then ok 1 "$what"; else ok 0 "$what"; fi
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
diag() {
	sed 's/^/# /' "$@"
}

tmp=$(mktemp -d /tmp/kctr-install-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$KCTR_ROOT" || exit 1
version=$(sed -n 's/^#define KCTR_VERSION "\(.*\)"/\1/p' kmod/kctr.h)
krel=$(kctr_headers_release 6.12)
kdir=/usr/src/linux-headers-$krel

# What must stay as it was: listings of the system's DKMS and source
# trees and the state of the 6.12 modules directory.
host_state() {
	ls -la --time-style=full-iso /var/lib/dkms /usr/src \
		"/lib/modules/$krel" 2>&1
}
host_state >"$tmp/host-before"

echo "1..20"

# --- make CFLAGS=... -----------------------------------------------------------
# A packager's CFLAGS/CPPFLAGS replace the optimisation and debug flags,
# not what the build needs (-D_GNU_SOURCE, -std=gnu11, the include paths).
line=$(make -s -B -n -C userspace CFLAGS=-O1 CPPFLAGS=-DKCTR_PKG lib/launch.o 2>&1 |
	grep -- '-c -o lib/launch.o')
check "make CFLAGS=-O1 CPPFLAGS=...: the build's own flags stay" \
	bash -c '[[ "$1" == *-O1* && "$1" == *-DKCTR_PKG* && "$1" == *-D_GNU_SOURCE* &&
		"$1" == *-std=gnu11* && "$1" == *include/uapi* ]]' _ "$line"

# --- make install -----------------------------------------------------------
d=$tmp/destdir
if make -s install DESTDIR="$d" >"$tmp/install.log" 2>&1; then
	ok 1 "make install DESTDIR=..."
else
	ok 0 "make install DESTDIR=..."
	diag "$tmp/install.log"
fi
(cd "$d" && find . | sort | sed 's/^/# landed: /')
p=$d/usr/local
check "kctr in PREFIX/sbin, executable, the built binary" \
	test -x "$p/sbin/kctr" -a -f userspace/kctr
cmp -s "$p/sbin/kctr" userspace/kctr || echo "# $p/sbin/kctr differs from userspace/kctr"
check "the installed kctr runs (kctr --version)" \
	sh -c '"$1" --version | grep -qx "kctr $2"' sh "$p/sbin/kctr" "$version"
check "kctr.8 in PREFIX/share/man/man8" \
	cmp -s "$p/share/man/man8/kctr.8" Documentation/kctr.8
check "bash completion in PREFIX/share/bash-completion/completions/kctr" \
	cmp -s "$p/share/bash-completion/completions/kctr" scripts/kctr-completion.bash
check "kctr.8 renders without warnings" \
	sh -c '! MANROFFSEQ= man --warnings -E UTF-8 -l "$1" 2>&1 >/dev/null | grep .' \
	sh "$p/share/man/man8/kctr.8"

# kctr-oci is being built (issue 10): installed once userspace builds it.
if make -s -C userspace -q kctr-oci >/dev/null 2>&1; [ $? -ne 2 ] ||
	[ -f userspace/kctr-oci ] || [ -f userspace/oci/kctr-oci ]; then
	check "kctr-oci in PREFIX/bin, executable" test -x "$p/bin/kctr-oci"
else
	skip "kctr-oci in PREFIX/bin" "userspace has no kctr-oci yet (issue 10)"
fi
if [ -f Documentation/kctr-oci.8 ]; then
	check "kctr-oci.8 in PREFIX/share/man/man8" \
		cmp -s "$p/share/man/man8/kctr-oci.8" Documentation/kctr-oci.8
else
	skip "kctr-oci.8 in PREFIX/share/man/man8" "no Documentation/kctr-oci.8 yet"
fi

d2=$tmp/destdir-usr
make -s install DESTDIR="$d2" PREFIX=/usr >"$tmp/install2.log" 2>&1
check "PREFIX=/usr: kctr in /usr/sbin, nothing under /usr/local" \
	sh -c 'test -x "$1/usr/sbin/kctr" && ! test -e "$1/usr/local"' sh "$d2"

# --- DKMS -------------------------------------------------------------------
check "dkms.conf's PACKAGE_VERSION is kmod/kctr.h's KCTR_VERSION ($version)" \
	grep -qx "PACKAGE_VERSION=\"$version\"" dkms.conf
src=$tmp/dkms-src/usr/src/kctr-$version
make -s dkms-source DESTDIR="$tmp/dkms-src" >"$tmp/dkms-source.log" 2>&1
check "make dkms-source lays out /usr/src/kctr-$version" \
	test -f "$src/dkms.conf" -a -f "$src/Kbuild" -a -f "$src/kmod/main.c" \
	-a -f "$src/include/uapi/linux/kctr.h"

if ! command -v dkms >/dev/null; then
	ok 0 "dkms build (dkms is not installed: scripts/install-deps.sh)"
	ok 0 "the DKMS module"
	ok 0 "make dkms-install (no dkms)"
	ok 0 "dkms installed kctr.ko (no dkms)"
elif [ ! -d "$kdir" ]; then
	ok 0 "dkms build (no linux-headers-6.12.*)"
	ok 0 "the DKMS module"
	ok 0 "make dkms-install (no linux-headers-6.12.*)"
	ok 0 "dkms installed kctr.ko (no linux-headers-6.12.*)"
else
	# Private trees and a throwaway signing key: dkms would otherwise
	# make its MOK key in /var/lib/dkms.
	mkdir -p "$tmp/dkms" "$tmp/dkms-inst/$krel"
	rc=0
	env TMPDIR="$tmp" mok_signing_key="$tmp/mok.key" \
		mok_certificate="$tmp/mok.pub" \
		dkms build --sourcetree "$tmp/dkms-src/usr/src" \
		--dkmstree "$tmp/dkms" --installtree "$tmp/dkms-inst" \
		-m kctr -v "$version" -k "$krel" >"$tmp/dkms.log" 2>&1 || rc=$?
	ok $((rc == 0)) "dkms build kctr/$version -k $krel in private trees"
	[ $rc -eq 0 ] || diag "$tmp/dkms.log"
	ko=$(ls "$tmp/dkms/kctr/$version/$krel"/*/module/kctr.ko* 2>/dev/null | head -n 1)
	check "the DKMS module is kctr $version for $krel" \
		sh -c 'test -n "$1" && modinfo -F version "$1" | grep -qx "$2" &&
			modinfo -F vermagic "$1" | grep -q "^$3 "' \
		sh "$ko" "$version" "$krel"
	# make dkms-install on the same private trees: dkms add is skipped
	# (already added), the build is reused, install goes to the private
	# install tree, and --no-depmod leaves the host's depmod files alone.
	rc=0
	env TMPDIR="$tmp" mok_signing_key="$tmp/mok.key" \
		mok_certificate="$tmp/mok.pub" \
		make -s dkms-install DESTDIR="$tmp/dkms-src" KDIR="$kdir" \
		DKMS_FLAGS="--sourcetree $tmp/dkms-src/usr/src --dkmstree $tmp/dkms --installtree $tmp/dkms-inst --no-depmod" \
		>"$tmp/dkms-install.log" 2>&1 || rc=$?
	ok $((rc == 0)) "make dkms-install into the private trees"
	[ $rc -eq 0 ] || diag "$tmp/dkms-install.log"
	check "dkms installed kctr.ko into <installtree>/$krel/updates/dkms/" \
		sh -c 'ls "$1"/kctr.ko* >/dev/null 2>&1' sh "$tmp/dkms-inst/$krel/updates/dkms"
fi

# --- make install-module ----------------------------------------------------
# In a copy: the module build must not leave objects in the checkout.
mkdir -p "$tmp/kmsrc"
cp -a Makefile Kbuild kmod include "$tmp/kmsrc/"
mods=$tmp/mods
rc=0
make -s -C "$tmp/kmsrc" install-module KDIR="$kdir" INSTALL_MOD_PATH="$mods" \
	>"$tmp/install-module.log" 2>&1 || rc=$?
ok $((rc == 0)) "make install-module KDIR=<6.12 headers> INSTALL_MOD_PATH=..."
[ $rc -eq 0 ] || diag "$tmp/install-module.log"
check "kctr.ko under INSTALL_MOD_PATH/lib/modules/$krel/updates/" \
	sh -c 'ls "$1"/kctr.ko* >/dev/null 2>&1' sh "$mods/lib/modules/$krel/updates"
check "depmod ran there: modules.dep lists kctr, so modprobe kctr finds it" \
	grep -q '^updates/kctr\.ko[.a-z]*:' "$mods/lib/modules/$krel/modules.dep"

# --- the host ------------------------------------------------------------------
host_state >"$tmp/host-after"
if cmp -s "$tmp/host-before" "$tmp/host-after"; then
	ok 1 "/usr/src, /var/lib/dkms and /lib/modules/$krel untouched"
else
	ok 0 "/usr/src, /var/lib/dkms and /lib/modules/$krel untouched"
	diff "$tmp/host-before" "$tmp/host-after" | diag
fi
[ "$n" = 19 ] || echo "# planned 19, ran $n"
