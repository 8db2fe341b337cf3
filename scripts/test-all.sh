#!/bin/bash
# The one test command (README, .ci/run): every kctr test suite.
#
# Installs what is missing, starts building the debug kernel in the
# background and unpacks Debian's 6.1 kernel (both cached), then runs:
# host unit tests, kctr.ko builds for 6.12 and 6.1 (W=1, any warning
# fails), the kctr build, the install paths (DESTDIR, dkms build); once
# the debug kernel is there, e2e in the 6.12 and the 6.1 distro VMs and,
# beside them, the module build for the debug kernel, checkpatch, KUnit in
# a debug VM and e2e in the debug VMs (with kmemleak, KASAN and lockdep
# checks). Prints
# a summary per suite and, last, exactly one
# line "N passed, N failed, N skipped". Exits non-zero
# if anything failed or could not run; a suite that could not run counts
# as a failure.
#
# Logs and VM results: build/test-results/<time>/ (printed at the start).
#
# KCTR_DEBUG_VMS=N: debug VMs sharing the e2e suite (default 2).
# KCTR_QUICK=1 (for developers, never CI): no debug kernel; the suites that
# need it are reported as skipped.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KCTR_ROOT" || exit 1

out=$KCTR_ROOT/build/test-results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
ln -sfn "$out" "$KCTR_ROOT/build/test-results/latest"
echo "test-all: logs in $out"

total_p=0 total_f=0 total_s=0
suites=()

# $1 suite name, $2 passed, $3 failed, $4 skipped, $5 seconds
record() {
	total_p=$((total_p + $2))
	total_f=$((total_f + $3))
	total_s=$((total_s + $4))
	suites+=("$(printf '%-14s %4d passed, %3d failed, %3d skipped  (%ss)' \
		"$1" "$2" "$3" "$4" "$5")")
	printf '== %s: %d passed, %d failed, %d skipped (%ss)\n\n' \
		"$1" "$2" "$3" "$4" "$5"
}

# Runs tap-summary.py with the given arguments; indents its report and
# records its closing count line as suite $1.
record_tap() {
	local name=$1 secs=$2 report last
	shift 2
	report=$("$KCTR_ROOT/scripts/tap-summary.py" "$@")
	last=$(echo "$report" | tail -n 1)
	echo "$report" | sed '$d'
	if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
		record "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" \
			"${BASH_REMATCH[3]}" "$secs"
	else
		echo "  tap-summary.py failed: $last"
		record "$name" 0 1 0 "$secs"
	fi
}

banner() {
	echo "== $1"
	SECONDS=0
}

# --- dependencies; the debug kernel starts building ---------------------------
# The debug kernel (cached, or built now: the longest step on a new
# machine) builds in the background while the host suites run and the
# distro VMs boot beside it; the debug VMs start when it is ready. See Documentation/testing.md, "One run, four VMs".
banner "setup: packages, Debian's 6.1 kernel; the debug kernel starts"
deps_ok=1
quick=${KCTR_QUICK:-0}
debug_pid=
debug_started=$(date +%s)
# What the kernel build needs first, then the kernel build in the
# background, then the rest of the packages (a download, mostly).
if [ "$quick" = 1 ]; then
	echo "  KCTR_QUICK=1: no debug kernel, its suites are skipped"
elif scripts/install-deps.sh kernel-build >"$out/install-deps.log" 2>&1; then
	echo "  debug kernel: cached, or building now in the background (log in $out)"
	scripts/build-debug-kernel.sh >"$out/debug-kernel.dir" \
		2>"$out/debug-kernel.log" &
	debug_pid=$!
fi
scripts/install-deps.sh >>"$out/install-deps.log" 2>&1 || {
	deps_ok=0
	tail -n 20 "$out/install-deps.log"
}
# The 6.1 VM's kernel; vm-run.sh would fetch it too, but here a failure
# shows once, in the setup, with its log.
if [ $deps_ok = 1 ] && ! scripts/distro-kernel.sh 6.1 >/dev/null 2>"$out/distro-kernel.log"; then
	echo "  Debian's 6.1 kernel could not be unpacked:"
	tail -n 20 "$out/distro-kernel.log" | sed 's/^/    /'
	deps_ok=0
fi
if [ $deps_ok = 1 ]; then
	record setup 0 0 0 $SECONDS
else
	record setup 0 1 0 $SECONDS
fi

# wait_debug_kernel: sets debug_dir (empty if the build failed) and src,
# the kernel source tree checkpatch.pl comes from; records the build.
debug_dir=
src=
wait_debug_kernel() {
	local rc=0 secs

	if [ "$quick" = 1 ]; then
		:
	elif [ -z "$debug_pid" ]; then
		echo "== debug kernel: its build packages could not be installed"
		tail -n 20 "$out/install-deps.log" | sed 's/^/    /'
		record debug-kernel 0 1 0 0
	else
		wait "$debug_pid" || rc=$?
		secs=$(($(date +%s) - debug_started))
		if [ $rc = 0 ]; then
			debug_dir=$(cat "$out/debug-kernel.dir")
			echo "== debug kernel: $debug_dir (ready after ${secs}s)"
			record debug-kernel 0 0 0 "$secs"
		else
			echo "== debug kernel build FAILED:"
			tail -n 20 "$out/debug-kernel.log" | sed 's/^/    /'
			record debug-kernel 0 1 0 "$secs"
		fi
	fi
	if [ -n "$debug_dir" ]; then
		src=$(readlink -f "$debug_dir/source")
	else
		src=$KCTR_CACHE/linux-source-$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
		[ -f "$src/.kctr-extracted" ] || src=
	fi
}

# --- host unit tests ---------------------------------------------------------
banner "unit: make -C tests/unit check"
if [ -d tests/unit ]; then
	rc=0
	make -s -C tests/unit check >"$out/unit.tap" 2>"$out/unit.err" || rc=$?
	tail -n 20 "$out/unit.err" | sed 's/^/  /'
	echo "$rc 0" >"$out/unit.rc"
	# A failed build with no TAP at all still counts as one failure.
	if [ ! -s "$out/unit.tap" ] && [ $rc -ne 0 ]; then
		record unit 0 1 0 $SECONDS
	else
		if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/unit.tap"; then
			echo "Bail out! make check exited $rc" >>"$out/unit.tap"
		fi
		record_tap unit $SECONDS "$out/unit.tap"
	fi
else
	echo "  tests/unit does not exist yet: 0 tests"
	record unit 0 0 0 $SECONDS
fi

# --- module builds -----------------------------------------------------------
# build_kmod TARGET: kctr.ko for 6.12, 6.1 or the debug kernel, recorded.
build_kmod() {
	local t=$1
	banner "kmod-$t: kctr.ko for $t, W=1"
	if [ $t = debug ] && [ "$quick" = 1 ]; then
		record kmod-$t 0 0 1 0
		return
	fi
	if [ $t = debug ] && [ -z "$debug_dir" ]; then
		echo "  no debug kernel: cannot build"
		record kmod-$t 0 1 0 $SECONDS
		return
	fi
	if scripts/build-kmod.sh $t >"$out/kmod-$t.out" 2>"$out/kmod-$t.err"; then
		record kmod-$t 1 0 0 $SECONDS
	else
		sed 's/^/  /' "$out/kmod-$t.err"
		record kmod-$t 0 1 0 $SECONDS
	fi
}
build_kmod 6.12
build_kmod 6.1

# --- checkpatch ----------------------------------------------------------------
# run_checkpatch: after wait_debug_kernel, which finds the source tree.
run_checkpatch() {
	banner "checkpatch: kmod/*.[ch] include/uapi/linux/*.h"
	if [ -z "$src" ] || [ ! -x "$src/scripts/checkpatch.pl" ]; then
		echo "  no kernel source tree with checkpatch.pl"
		record checkpatch 0 1 0 $SECONDS
	else
		files=(kmod/*.c kmod/*.h include/uapi/linux/*.h)
		{
			n=0
			echo "1..${#files[@]}"
			for f in "${files[@]}"; do
				n=$((n + 1))
				if [ ! -f "$f" ]; then
					echo "not ok $n - $f does not exist"
					continue
				fi
				res=$("$src/scripts/checkpatch.pl" --no-tree --no-color -q \
					--show-types -f "$f" 2>&1)
				if echo "$res" | grep -qE '^(ERROR|WARNING):'; then
					echo "not ok $n - checkpatch $f"
					echo "$res" | grep -E '^(ERROR|WARNING):|^#' | sed 's/^/# /'
				else
					echo "ok $n - checkpatch $f"
				fi
			done
		} >"$out/checkpatch.tap"
		grep '^# [A-Z]' "$out/checkpatch.tap" | head -n 30 | sed 's/^/  /'
		record_tap checkpatch $SECONDS "$out/checkpatch.tap"
	fi
}

# --- the tool --------------------------------------------------------------------
banner "kctr: make -C userspace"
if make -C userspace >"$out/kctr-build.log" 2>&1 &&
	! grep -qi 'warning' "$out/kctr-build.log" && [ -x userspace/kctr ]; then
	record kctr-build 1 0 0 $SECONDS
else
	grep -iE -A3 'warning|error' "$out/kctr-build.log" | head -n 40 | sed 's/^/  /'
	tail -n 5 "$out/kctr-build.log" | sed 's/^/  /'
	record kctr-build 0 1 0 $SECONDS
fi

# --- install -----------------------------------------------------------------
# make install into a DESTDIR, dkms build and make install-module into
# private trees against the 6.12 headers: builds only, nothing is loaded.
banner "install: make install, dkms build, install-module (DESTDIR only)"
rc=0
tests/install/install-test.sh >"$out/install.tap" 2>"$out/install.err" || rc=$?
grep '^not ok' "$out/install.tap" | sed 's/^/  /'
if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/install.tap"; then
	echo "Bail out! install-test.sh exited $rc" >>"$out/install.tap"
fi
record_tap install $SECONDS "$out/install.tap"

# --- the VMs ---------------------------------------------------------------------
# All four at once, once the debug kernel is there: the distro VMs
# (Debian's 6.12 and 6.1 kernels) each run the whole e2e suite; the debug
# VMs (KCTR_DEBUG_VMS, default 2) share one queue of e2e tests, each test
# running in whichever claims it first, and the first of them reports
# KUnit. All but the 6.12 VM have one vCPU each: on two host cores,
# guests with two vCPUs each ran 2.5-4 times slower than alone
# (Documentation/testing.md, Timings). On a new machine the kernel's
# build (make -j2, CPU-bound) runs alone first: beside the distro VMs it
# took 31 of the run's 51 minutes and slowed them by half, and the debug
# VMs then ran alone at the end (Documentation/testing.md, "One run, four
# VMs at once"). With the kernel cached nothing waits.
# KCTR_NO_BUILD: vm-run.sh uses what was built (or not) above, so a broken
# build shows up once, as a build failure, and the VMs still run.
vm_pids=()
# start_vm NAME KIND [VAR=VALUE...]: vm-run.sh KIND, results in vm-NAME.
start_vm() {
	local name=$1 kind=$2
	shift 2
	env KCTR_NO_BUILD=1 KCTR_VM_RESULTS="$out/vm-$name" "$@" \
		scripts/vm-run.sh "$kind" >"$out/vm-$name.log" 2>&1 &
	vm_pids+=($!)
}
# The guests' own time, as vm-run.sh wrote it: the longest of $@.
vm_seconds() {
	local vm secs max=0
	for vm; do
		secs=$(cat "$out/vm-$vm/vm-seconds" 2>/dev/null) || continue
		[ "$secs" -gt "$max" ] && max=$secs
	done
	echo "$max"
}
wait_debug_kernel
banner "VMs: the distro VMs start"
start_vm distro distro
start_vm distro61 distro61 KCTR_VM_SMP=1

# The debug kernel: its module build, checkpatch (from its source tree),
# then the debug VMs.
build_kmod debug
run_checkpatch
banner "VMs: the debug VMs join the distro VMs"
debug_vms=()
if [ -n "$debug_dir" ]; then
	for ((i = 0; i < ${KCTR_DEBUG_VMS:-2}; i++)); do
		start_vm debug$i debug KCTR_VM_QUEUE="$out/debug-queue" \
			KCTR_VM_KUNIT=$((i == 0)) KCTR_VM_SMP=1
		debug_vms+=(debug$i)
	done
fi
# Their exit status says nothing more than their results directories.
wait "${vm_pids[@]}"
echo "  all VMs done in ${SECONDS}s"
cat "$out"/vm-*.log | grep 'VM done\|VM:' | sed 's/^/  /'
echo

banner "e2e-distro: tests/e2e in the distro VM (Debian's 6.12)"
record_tap e2e-distro "$(vm_seconds distro)" --results "$out/vm-distro" --part e2e
banner "e2e-distro-6.1: tests/e2e in the 6.1 VM (Debian's 6.1)"
record_tap e2e-distro-6.1 "$(vm_seconds distro61)" --results "$out/vm-distro61" --part e2e

if [ -n "$debug_dir" ]; then
	banner "kunit: kctr.ko's KUnit suites in the first debug VM"
	record_tap kunit "$(vm_seconds debug0)" --results "$out/vm-debug0" \
		--part kunit --kunit-py "$src/tools/testing/kunit/kunit.py"
	banner "e2e-debug: tests/e2e shared by the debug VMs"
	debug_results=()
	for vm in "${debug_vms[@]}"; do
		debug_results+=(--results "$out/vm-$vm")
	done
	record_tap e2e-debug "$(vm_seconds "${debug_vms[@]}")" \
		"${debug_results[@]}" --part e2e
elif [ "$quick" = 1 ]; then
	record kunit 0 0 1 0
	record e2e-debug 0 0 1 0
else
	echo "== no debug kernel: KUnit and the debug VM cannot run"
	record kunit 0 1 0 0
	record e2e-debug 0 1 0 0
fi

echo "== summary (logs in $out)"
printf '  %s\n' "${suites[@]}"
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
