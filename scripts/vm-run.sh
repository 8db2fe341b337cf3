#!/bin/bash
# Boot a kctr test VM and run the e2e suite, or one command, in it.
#
#   scripts/vm-run.sh VM            run tests/e2e/[0-9]*.sh (VM: distro,
#                                   distro61 or debug)
#   scripts/vm-run.sh VM -- CMD...  run CMD instead, print its
#                                   output, exit with its status
#
# distro boots Debian's 6.12 kernel, distro61 Debian's 6.1 kernel (unpacked
# by scripts/distro-kernel.sh, never installed on the host), debug the
# KUnit/KASAN/lockdep/kmemleak kernel from scripts/build-debug-kernel.sh.
# The guest's root is the host's root, read-only over 9p; results come back
# through a second, writable 9p export: the run's results directory,
# printed on the last line of stdout.
#
# Environment:
#   KCTR_VM_RESULTS   results directory (default build/vm/<vm>-<time>)
#   KCTR_VM_TIMEOUT   seconds before the guest is killed (default 4500;
#                     each test has its own limit, this one is the net
#                     under a guest that hangs as a whole)
#   KCTR_TEST_TIMEOUT seconds per e2e test (default 300 distro, 900 debug)
#   KCTR_KO, KCTR     use these instead of building kctr.ko and kctr
#   KCTR_OCI          the kctr-oci to copy beside kctr (default the one in
#                     userspace/, if built)
#   KCTR_NO_BUILD=1   build nothing but the initramfs (KCTR_KO must exist)
#   KCTR_VM_CONSOLE=1 also show the guest console on stderr
#   KCTR_E2E_TESTS    "NAME...": run only these e2e tests of the suite
#   KCTR_VM_QUEUE     a host directory shared by several VMs running the
#                     suite at once: each test runs in the one VM that
#                     claims it first (mkdir of QUEUE/<test>), so two debug
#                     VMs split the suite between them
#   KCTR_VM_KUNIT=0   debug VM: boot with kunit.enable=0 (another VM of
#                     the same run reports the KUnit suites)
#   KCTR_VM_SMP       vCPUs (default 2)
#   KCTR_VM_MEM       guest memory (default 2G distro, 4G debug)
#   KCTR_VM_TCG_THREAD single (default: all vCPUs on one host thread) or
#                     multi (one each; see the qemu line for why not)
#   KCTR_DUMP_N       containers in 13-netlink-dump (default 1000 distro,
#                     150 debug: the debug VM is about memory safety and
#                     locking, the distro VM about scale)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	echo "usage: vm-run.sh distro|distro61|debug [-- cmd [args...]]" >&2
	exit 2
}

vm=${1:-}
case "$vm" in distro | distro61 | debug) ;; *) usage ;; esac
shift
mode=suite
if [ $# -gt 0 ]; then
	[ "$1" = -- ] || usage
	shift
	[ $# -gt 0 ] || usage
	mode=cmd
fi

# The guest sees the host's root, but with tmpfs over these directories
# (tests/vm/guest-run.sh, mount_basics): the checkout and KCTR_CACHE (the
# kernel source of the YNL tests, the OCI images) must lie elsewhere.
guest_hidden() {
	local p d
	p=$(realpath -m "$1")
	for d in /tmp /var/tmp /run /root /var/log /var/lib; do
		[[ "$p/" == "$d/"* ]] && { echo "$d"; return 0; }
	done
	return 1
}
for v in KCTR_ROOT KCTR_CACHE; do
	if d=$(guest_hidden "${!v}"); then
		echo "vm-run: $v=${!v} is under $d, which the guest covers with" \
			"a tmpfs: it would not see it; use another directory" >&2
		exit 2
	fi
done

initrd_args=()
if [ "$vm" = distro ] || [ "$vm" = distro61 ]; then
	kernel=/boot/vmlinuz-$(kctr_distro_kver)
	mem=${KCTR_VM_MEM:-2G}
	# 2700 until session 16: on a host half as fast as session 12's
	# (busybox true 18 ms against 8), the distro VM's suite took 2830 s.
	timeout=${KCTR_VM_TIMEOUT:-4500}
	test_timeout=${KCTR_TEST_TIMEOUT:-300}
	kmod_target=6.12
	extra_append=
	dump_n=${KCTR_DUMP_N:-1000}
	if [ "$vm" = distro61 ]; then
		kdir=$("$KCTR_ROOT/scripts/distro-kernel.sh" 6.1)
		krel=$(basename "$(ls -d "$kdir"/lib/modules/*/ | head -n 1)")
		kernel=$kdir/boot/vmlinuz-$krel
		kmod_target=6.1
		initrd_args=("$krel" "$kdir")
		extra_append=" kctr_modules=$kdir/lib/modules"
	fi
else
	kernel=$("$KCTR_ROOT/scripts/build-debug-kernel.sh")/arch/x86/boot/bzImage
	mem=${KCTR_VM_MEM:-4G}
	timeout=${KCTR_VM_TIMEOUT:-4500}
	test_timeout=${KCTR_TEST_TIMEOUT:-900}
	kmod_target=debug
	# acpi=noirq: PCI interrupt routing from the BIOS table instead of
	# the ACPI _PRT method, whose AML loops hit the interpreter's 30 s
	# timeout three times over under KASAN and TCG (90 s of every boot).
	extra_append=" kmemleak=on acpi=noirq"
	[ "${KCTR_VM_KUNIT:-1}" = 0 ] && extra_append="$extra_append kunit.enable=0"
	dump_n=${KCTR_DUMP_N:-150}
fi
[ -r "$kernel" ] || { echo "vm-run: no kernel $kernel" >&2; exit 1; }

ko=${KCTR_KO:-}
kctr=${KCTR:-$KCTR_ROOT/userspace/kctr}
if [ -z "${KCTR:-}" ] && [ "${KCTR_NO_BUILD:-0}" != 1 ]; then
	make -s -C "$KCTR_ROOT/userspace" >&2 ||
		echo "vm-run: building kctr failed, going on without it" >&2
fi
initrd=$("$KCTR_ROOT/scripts/mkinitramfs.sh" "${initrd_args[@]}")

results=${KCTR_VM_RESULTS:-$KCTR_ROOT/build/vm/$vm-$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$results"
results=$(cd "$results" && pwd)
rm -f "$results/verdict"

# The guest gets its own copies: a concurrent rebuild in this checkout must
# not pull kctr.ko or kctr away from under a running VM.
mkdir -p "$results/bin"
if [ -n "$ko" ]; then
	cp "$ko" "$results/bin/kctr.ko" || echo "vm-run: no $ko" >&2
elif [ "${KCTR_NO_BUILD:-0}" != 1 ]; then
	"$KCTR_ROOT/scripts/build-kmod.sh" "$kmod_target" "$results/bin/kctr.ko" >/dev/null ||
		echo "vm-run: building kctr.ko failed, going on without it" >&2
else
	mkdir -p "$KCTR_ROOT/build"
	flock "$KCTR_ROOT/build/kmod-$kmod_target.lock" \
		cp "$KCTR_ROOT/build/kmod-$kmod_target/kctr.ko" "$results/bin/kctr.ko" ||
		echo "vm-run: no kctr.ko for $kmod_target" >&2
fi
# The guest sees them through its results mount, wherever $results is
# (a host /tmp, say, is hidden under the guest's own tmpfs).
guest_results=/run/kctr-results
ko=$guest_results/bin/kctr.ko
if [ -f "$kctr" ]; then
	cp "$kctr" "$results/bin/kctr"
	kctr=$guest_results/bin/kctr
fi

# kctr-oci (issue 10) beside kctr, where tests/e2e/oci-lib.sh looks first;
# and the OCI tests' images, which the guest reads from the host's cache.
oci=${KCTR_OCI:-}
for f in "$KCTR_ROOT/userspace/kctr-oci" "$KCTR_ROOT/userspace/oci/kctr-oci"; do
	[ -z "$oci" ] && [ -f "$f" ] && oci=$f
done
[ -n "$oci" ] && cp "$oci" "$results/bin/kctr-oci"
"$KCTR_ROOT/scripts/mk-oci-images.sh" >/dev/null ||
	echo "vm-run: no OCI test images (scripts/mk-oci-images.sh)" >&2

# A test runs in every VM unless its header names the VMs it is for, in a
# line "# vms: distro distro61" (testing.md, "Writing an e2e test").
runs_in() {
	local vms
	vms=$(sed -n 's/^# vms: *//p' "$1" | head -n 1)
	[ -z "$vms" ] || [[ " $vms " == *" $vm "* ]]
}

# KCTR_E2E_TESTS="NAME...": only these of the suite (for developers).
picked() {
	[ -z "${KCTR_E2E_TESTS:-}" ] ||
		[[ " $KCTR_E2E_TESTS " == *" $(basename "$1" .sh) "* ]]
}

if [ "$mode" = suite ]; then
	for t in "$KCTR_ROOT"/tests/e2e/[0-9]*.sh; do
		if [ -f "$t" ] && [ -x "$t" ] && runs_in "$t" && picked "$t"; then
			basename "$t" .sh
		fi
	done >"$results/e2e.list"
fi

q() { printf '%q' "$1"; }
{
	echo "KCTR_VM=$(q "$vm")"
	echo "KCTR_MODE=$mode"
	echo "KCTR_ROOT=$(q "$KCTR_ROOT")"
	echo "KCTR=$(q "$kctr")"
	echo "KCTR_KO=$(q "$ko")"
	echo "KCTR_TEST_TIMEOUT=$(q "$test_timeout")"
	echo "KCTR_DUMP_N=$(q "$dump_n")"
	echo "KCTR_QUEUE=$([ -n "${KCTR_VM_QUEUE:-}" ] && echo 1 || echo 0)"
	echo "KCTR_CWD=$(q "$PWD")"
	# the YNL client of the netlink tests, from the cache this run uses
	src=$(ls -d "$KCTR_CACHE"/linux-source-6.12*/ 2>/dev/null | sort -V | tail -n 1)
	[ -z "$src" ] || echo "KCTR_LINUX_SRC=$(q "${src%/}")"
	if [ "$mode" = cmd ]; then
		printf 'KCTR_CMD=%q\n' "$(printf '%q ' "$@")"
	fi
} >"$results/guest.env"

# no_timer_check: under software emulation on a busy host the boot's
# IO-APIC timer check can time out and panic ("IO-APIC + timer doesn't
# work"), as it did here with two VMs and a kernel build at once.
append="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic no_timer_check$extra_append"
append="$append rdinit=/init kctr_run=$KCTR_ROOT/tests/vm/guest-run.sh"

# One host thread for all vCPUs (KCTR_VM_TCG_THREAD=multi for one each):
# the kernel patches its own text (static keys flip on every cgroup device
# program attached and detached, on module loads) with int3 and IPIs, and
# under multi-threaded TCG a vCPU once took that int3 after the patch was
# done ("Oops: int3" in __alloc_pages, 6.12 guest, e2e 14, 2026-12-02):
# an emulator race, not the guest's. The suite runs four VMs on two cores,
# so one thread each costs it nothing.
tcg=tcg,thread=${KCTR_VM_TCG_THREAD:-single}
qemu=(qemu-system-x86_64 -accel "$tcg" -m "$mem" -smp "${KCTR_VM_SMP:-2}"
	-no-reboot -nographic -nic none -device virtio-rng-pci
	-kernel "$kernel" -initrd "$initrd" -append "$append"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=$results,mount_tag=results,security_model=none,multidevs=remap")
if [ -n "${KCTR_VM_QUEUE:-}" ]; then
	mkdir -p "$KCTR_VM_QUEUE"
	qemu+=(-virtfs "local,path=$KCTR_VM_QUEUE,mount_tag=queue,security_model=none")
fi

kctr_log "booting the $vm VM, results in $results"
start=$(date +%s)
rc=0
if [ "${KCTR_VM_CONSOLE:-0}" = 1 ]; then
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 |
		tee "$results/console.log" >&2 || rc=$?
else
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null \
		>"$results/console.log" 2>&1 || rc=$?
fi
echo "$(($(date +%s) - start))" >"$results/vm-seconds"

if [ ! -f "$results/verdict" ]; then
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "guest killed after ${timeout}s" >"$results/failure"
	else
		echo "guest died without a verdict (qemu exit $rc)" >"$results/failure"
	fi
	kctr_log "$vm VM: $(cat "$results/failure"); console tail:"
	tail -n 40 "$results/console.log" >&2
fi
kctr_log "$vm VM done in $(cat "$results/vm-seconds")s"

if [ "$mode" = cmd ]; then
	[ -f "$results/cmd.out" ] && cat "$results/cmd.out"
	if grep -q '^not ok' "$results/kernel-clean.tap" 2>/dev/null; then
		kctr_log "the kernel was not clean:"
		grep -v '^ok' "$results/kernel-clean.tap" >&2
	fi
	[ -f "$results/cmd.rc" ] || exit 125
	exit "$(cat "$results/cmd.rc")"
fi
[ -f "$results/verdict" ] || { echo "$results"; exit 1; }
rc=0
"$KCTR_ROOT/scripts/tap-summary.py" --results "$results" >&2 || rc=1
echo "$results"
exit $rc
