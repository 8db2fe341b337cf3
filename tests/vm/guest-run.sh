#!/bin/bash
# PID 1 of a kctr test VM, started by tests/vm/init after switch_root into
# the host's root (read-only 9p). Makes the read-only root usable, loads
# kctr.ko, runs the e2e suite (or one command) and reports through the
# writable 9p export "results": every result is a file there, the last one
# written is "verdict". The console is for people, never for the verdict.
#
# Inputs come from $results/guest.env, written by scripts/vm-run.sh.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
R=/run/kctr-results	# scripts/vm-run.sh knows this path too

log() {
	local up
	read -r up _ </proc/uptime
	echo "kctr-guest: [$up] $*" >/dev/console
	[ -d "$R" ] && echo "$up $*" >>"$R/timeline"
}

finish() {
	sync
	umount "$R" 2>/dev/null
	busybox poweroff -f
	sleep 10
}

mount_basics() {
	local d

	# busybox-static: a static binary execs faster under TCG than a
	# dynamic one (scripts/vm-bench.sh: 14 vs 38 ms distro, 170 vs 289
	# ms debug).
	busybox mount -t proc proc /proc
	log "runner started"
	busybox mount -t sysfs sysfs /sys
	busybox mount -t devtmpfs devtmpfs /dev
	busybox mkdir -p /dev/pts /dev/shm /dev/mqueue
	busybox mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
	busybox mount -t tmpfs -o mode=1777 tmpfs /dev/shm
	busybox mount -t mqueue mqueue /dev/mqueue
	# Everything a read-only root needs writable, and kctr's state dirs.
	for d in /run /var/log /var/lib /root; do
		busybox mount -t tmpfs -o mode=0755 tmpfs "$d"
	done
	for d in /tmp /var/tmp; do
		busybox mount -t tmpfs -o mode=1777 tmpfs "$d"
	done
	busybox mkdir -p /var/lib/kctr /run/kctr
	busybox mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
	busybox mount -t debugfs debugfs /sys/kernel/debug
	busybox mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	# Like systemd on a real host: every controller usable below the root.
	for d in $(cat /sys/fs/cgroup/cgroup.controllers); do
		echo "+$d" >/sys/fs/cgroup/cgroup.subtree_control
	done
	log "cgroups ready"
	busybox hostname kctr-vm
	# Entropy: without virtio-rng the crng took a minute to seed under TCG.
	grep -qs virtio /sys/class/misc/hw_random/rng_available ||
		modprobe -q virtio_rng
	busybox ip link set lo up
}

mount_basics
mkdir -p "$R"
if ! busybox mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results "$R"; then
	log "cannot mount the results channel"
	finish
fi
# shellcheck source=/dev/null
. "$R/guest.env"
# The tools run from a copy on tmpfs. The results channel has no page
# cache (no cache= option, unlike the root), so each execve of
# $R/bin/kctr read the whole 2.7 MB binary over 9p again: about 80 ms of
# every command under TCG (testing.md, "A static binary"), paid by no
# other runtime, whose binaries come from the cached root.
if [ "$(dirname "$KCTR")" = "$R/bin" ]; then
	mkdir -p /run/kctr-bin
	for f in "$R"/bin/kctr "$R"/bin/kctr-oci; do
		[ -f "$f" ] && cp "$f" /run/kctr-bin/
	done
	KCTR=/run/kctr-bin/kctr
fi
export KCTR_ROOT KCTR KCTR_KO KCTR_VM KCTR_DUMP_N
[ -z "${KCTR_LINUX_SRC:-}" ] || export KCTR_LINUX_SRC
Q=/run/kctr-queue
if [ "${KCTR_QUEUE:-0}" = 1 ]; then
	mkdir -p "$Q"
	if ! busybox mount -t 9p -o trans=virtio,version=9p2000.L queue "$Q"; then
		log "cannot mount the shared test queue"
		finish
	fi
fi
export PATH=$(dirname "$KCTR"):$PATH
cd "${KCTR_CWD:-/}" 2>/dev/null || cd /
log "guest up"

# $1 number, $2 1 if ok, $3 description
tap_line() {
	if [ "$2" = 1 ]; then
		echo "ok $1 - $3"
	else
		echo "not ok $1 - $3"
	fi
}

kmemleak() {
	[ -w /sys/kernel/debug/kmemleak ] && echo "$1" >/sys/kernel/debug/kmemleak
}

kunit_suites() {
	ls /sys/kernel/debug/kunit 2>/dev/null | sort
}

# Boot-time leaks are not ours: forget them before kctr.ko arrives.
kmemleak scan && kmemleak clear
kunit_suites >/run/kunit-before

load_module() {
	if [ -d /sys/module/kctr ]; then
		return 0
	fi
	# overlay is a module in the distro kernel; the host's /lib/modules is
	# visible here, so modprobe works (in the guest only, never the host).
	grep -qw overlay /proc/filesystems || modprobe overlay
	insmod "$KCTR_KO"
}

insmod_ok=0
{
	echo 1..1
	load_module >"$R/insmod.log" 2>&1 && insmod_ok=1
	sed 's/^/# /' "$R/insmod.log"
	tap_line 1 $insmod_ok "insmod $KCTR_KO"
} >"$R/setup.tap"

log "insmod done (ok=$insmod_ok)"
if [ "$KCTR_VM" = debug ] && ! grep -qw kunit.enable=0 /proc/cmdline; then
	mkdir -p "$R/kunit"
	for s in $(kunit_suites | comm -13 /run/kunit-before -); do
		cp "/sys/kernel/debug/kunit/$s/results" "$R/kunit/$s.ktap"
	done
fi

# test_timeout TEST: its limit in seconds. A test whose header says
# "# timeout: N" (N seconds in the distro VMs) gets N, scaled as the VM's
# default is (KCTR_TEST_TIMEOUT against the distro's 300), if that is more.
test_timeout() {
	local n
	n=$(sed -n 's/^# timeout: *\([0-9][0-9]*\)$/\1/p' "$1" | head -n 1)
	n=$((${n:-0} * KCTR_TEST_TIMEOUT / 300))
	echo $((n > KCTR_TEST_TIMEOUT ? n : KCTR_TEST_TIMEOUT))
}

# After a test that timed out, its processes and containers would fail the
# tests after it: it has failed already, so they go (said in its .err).
# What each process still there waits on, before it goes: its state, the
# kernel function it sleeps in and its kernel stack (a hang's cause).
dump_waiting() {
	local p
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] || continue
		echo "# pid $p $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-160)"
		echo "#   $(grep -E '^(State|PPid):' "/proc/$p/status" 2>/dev/null | tr -s '\t\n' '  ') wchan $(cat "/proc/$p/wchan" 2>/dev/null)"
		sed 's/^/#   /' "/proc/$p/stack" 2>/dev/null
	done
}

reap_timed_out() {
	local ids
	echo "# timed out: the test's processes, and those of every container"
	# shellcheck disable=SC2046
	dump_waiting $(pgrep -s "$1") $(cat /sys/fs/cgroup/kctr/*/cgroup.procs 2>/dev/null)
	pkill -KILL -s "$1" 2>/dev/null
	ids=$("$KCTR" list -a -q 2>/dev/null)
	[ -z "$ids" ] && return 0
	echo "# timed out: removing what it left, containers $(echo $ids)"
	for id in $ids; do
		"$KCTR" rm -f "$id" >/dev/null 2>&1
	done
}

run_e2e() {
	local t name rc start
	# e2e.list: the tests as they were when the host started the VM.
	while read -r name; do
		# A shared queue: the host's mkdir is atomic, so exactly one
		# of the VMs gets each test.
		if [ "${KCTR_QUEUE:-0}" = 1 ] && ! mkdir "$Q/$name" 2>/dev/null; then
			continue
		fi
		t=$KCTR_ROOT/tests/e2e/$name.sh
		export KCTR_RESULTS=$R/e2e-$name.d
		mkdir -p "$KCTR_RESULTS"
		log "e2e $name"
		start=$(date +%s)
		# Its own session, so that what it leaves can be found.
		(cd /tmp && exec setsid -w timeout -k 10 "$(test_timeout "$t")" "$t") \
			>"$R/e2e-$name.tap" 2>"$R/e2e-$name.err" </dev/null &
		wait $!
		rc=$?
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			reap_timed_out "$!" >>"$R/e2e-$name.err" 2>&1
		fi
		echo "$rc $(($(date +%s) - start))" >"$R/e2e-$name.rc"
		log "e2e $name: exit $rc"
		if [ ! -d /sys/module/kctr ]; then
			echo "# kctr.ko was not loaded after this test" >>"$R/e2e-$name.err"
			echo "unloaded" >>"$R/e2e-$name.rc"
			load_module >>"$R/e2e-$name.err" 2>&1
		fi
	done <"$R/e2e.list"
}

run_cmd() {
	log "running: $KCTR_CMD"
	eval "$KCTR_CMD" >"$R/cmd.out" 2>&1 </dev/null
	echo $? >"$R/cmd.rc"
}

if [ "$insmod_ok" = 1 ] || [ "$KCTR_MODE" = cmd ]; then
	if [ "$KCTR_MODE" = cmd ]; then
		run_cmd
	else
		run_e2e
	fi
fi

# Teardown and the kernel's own opinion of the run.
log "teardown"
{
	n=1
	plan=3
	[ "$KCTR_VM" = debug ] && plan=4
	echo "1..$plan"
	if [ -d /sys/module/kctr ]; then
		out=$(rmmod kctr 2>&1)
		rc=$?
		[ -n "$out" ] && echo "# $out"
		tap_line $n $((rc == 0)) "rmmod kctr at the end"
	else
		echo "ok $n - rmmod kctr at the end # SKIP module not loaded"
	fi
	n=$((n + 1))
	# Issue 11: whatever the suite killed when, no container's network is
	# left once the module is gone: no kve* link (a veth goes with its
	# netns, which the kernel tears down asynchronously: polled, 30 s at
	# most), no kctr-* table (an owned table goes with its socket).
	net_left=
	for _ in $(seq 300); do
		net_left=$(
			ip -o link 2>/dev/null |
				awk -F': ' '$2 ~ /^kve/ { print "link " $2 }'
			nft list tables 2>/dev/null |
				awk '$3 ~ /^kctr-/ { print "table " $3 }'
		)
		[ -z "$net_left" ] && break
		sleep 0.1
	done
	[ -n "$net_left" ] && echo "$net_left" | sed 's/^/# left: /'
	tap_line $n $((${#net_left} == 0)) "no kve* link, no kctr-* table at the end"
	n=$((n + 1))
	if [ "$KCTR_VM" = debug ]; then
		# kmemleak reports an object only once it is old enough and
		# unreferenced in a scan; two scans apart make that reliable.
		kmemleak scan
		sleep 6
		kmemleak scan
		if [ ! -r /sys/kernel/debug/kmemleak ]; then
			tap_line $n 0 "kernel-clean: kmemleak (not available)"
		elif ! cat /sys/kernel/debug/kmemleak >"$R/kmemleak.txt"; then
			tap_line $n 0 "kernel-clean: kmemleak (disabled itself?)"
		elif [ -s "$R/kmemleak.txt" ]; then
			echo "# kmemleak: see kmemleak.txt"
			sed -n 's/^/# /;1,20p' "$R/kmemleak.txt"
			tap_line $n 0 "kernel-clean: kmemleak"
		else
			tap_line $n 1 "kernel-clean: kmemleak"
		fi
		n=$((n + 1))
	fi
	dmesg >"$R/dmesg.txt"
	# KASAN and lockdep reports start with "BUG:" or "WARNING:". Not
	# "Call Trace:": a memcg OOM kill, which limit tests cause on purpose,
	# prints one too.
	pat='BUG:|WARNING:|Oops|general protection|UBSAN:'
	pat="$pat|possible circular locking|possible recursive locking"
	pat="$pat|inconsistent lock state|suspicious RCU usage"
	pat="$pat|blocked for more than|rcu_.*stall|unreferenced object"
	if grep -E "$pat" "$R/dmesg.txt" >"$R/dmesg-bad.txt"; then
		echo "# dmesg: see dmesg.txt"
		sed -n 's/^/# /;1,20p' "$R/dmesg-bad.txt"
		tap_line $n 0 "kernel-clean: dmesg"
	else
		tap_line $n 1 "kernel-clean: dmesg"
	fi
} >"$R/kernel-clean.tap" 2>&1

log "verdict written"
echo complete >"$R/verdict"
finish
