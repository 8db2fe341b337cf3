#!/bin/bash
# How kctr and kctr-oci are built (userspace/Makefile; security.rst, "The
# tools themselves"): static position-independent executables (no
# interpreter, no shared library: testing.md, "A static binary"), with full
# RELRO, stack canaries and glibc's fortified calls in kctr's own objects.
# Read from the ELF files with readelf and nm. TAP, run by run-tap.sh with the unit tests.
cd "$(dirname "$0")" || exit 1
n=0
fails=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - $2"
	fi
}

for bin in ../../userspace/kctr ../../userspace/kctr-oci; do
	b=$(basename "$bin")
	if [ ! -x "$bin" ]; then
		check 1 "$b: built"
		continue
	fi
	hdr=$(readelf -h "$bin")
	prog=$(readelf -lW "$bin")
	dyn=$(readelf -dW "$bin")
	syms=$(nm "$bin" 2>/dev/null)
	grep -q 'Type: *DYN' <<<"$hdr"
	check $? "$b: position-independent (ELF type DYN)"
	! grep -q INTERP <<<"$prog"
	check $? "$b: no program interpreter (ld.so never runs)"
	! grep -q NEEDED <<<"$dyn"
	check $? "$b: no shared library needed"
	grep -q GNU_RELRO <<<"$prog" && grep -q BIND_NOW <<<"$dyn"
	check $? "$b: full RELRO (GNU_RELRO and BIND_NOW)"
	grep -q ' __stack_chk_fail$' <<<"$syms"
	check $? "$b: stack protector in (__stack_chk_fail)"
done

# The static libc has both of its own: kctr's objects must call them.
own=$(nm -u ../../userspace/lib/libkctr.a ../../userspace/cli/*.o \
	../../userspace/oci/*.o 2>/dev/null)
grep -q ' __stack_chk_fail$' <<<"$own"
check $? "kctr's own objects are built with the stack protector"
grep -Eq ' __(memcpy|snprintf|vsnprintf|strcpy|read|sprintf)_chk$' <<<"$own"
check $? "kctr's own objects call glibc's fortified functions"
echo "1..$n"
[ "$fails" = 0 ]
