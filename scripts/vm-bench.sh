#!/bin/bash
# Boot a test VM and print what kctr costs in it (tests/bench/guest.sh):
#
#   scripts/vm-bench.sh distro|distro61|debug [PART...]
#
# PARTs, in the order given (default: basic runtimes module density
# network):
#   basic     one basic operation each (fork+exec, python, kctr version,
#             spawn, exec): the figures behind the e2e suites' times
#   runtimes  kctr spawn and exec beside crun, runc, bwrap and the
#             kernel-only floor (tests/bench/floor.c), with hyperfine -N
#   module    kctr.ko's CREATE+DELETE, GET and dump (tests/bench/nlbench.c)
#   density   1,000 running containers: start time, memory, kctr list
#   network   kctr spawn --network bridge -p 8080:80 beside --network none
#             and podman run --network bridge (its CNI network), with
#             hyperfine -N (tests/bench/network.sh)
#   breakdown where the time of a spawn and of an exec goes: kctr's
#             KCTR_TRACE_TIMES timeline (tests/bench/breakdown.sh)
#   seccomp   what seccomp(2) costs for the default profile as libseccomp's
#             binary tree and as its linear list (tests/bench/filterbench.c)
#   engines   podman run --rm with kctr-oci beside crun and runc, with
#             hyperfine -N (tests/bench/engines.sh)
#
# Benchmarks, never tests: nothing here passes or fails on a figure. The
# debug VM boots as in a test run (one vCPU, KUnit off); its figures say
# what the sanitizers cost, not what kctr costs. KCTR_BENCH_N (basic,
# default 7), KCTR_BENCH_RUNS (runtimes, network, engines and breakdown,
# default 30), KCTR_BENCH_PAIRS and KCTR_BENCH_RECORDS (module, default
# 10000 each), KCTR_BENCH_DENSITY (default 1000) and KCTR_BENCH_INSTALLS
# (seccomp, default 200) set the counts; the guest gets 6 GiB
# (KCTR_VM_MEM).
set -euo pipefail
KCTR_ROOT=$(cd "$(dirname "$0")/.." && pwd)

case "${1:-}" in
distro | distro61) ;;
debug)
	export KCTR_VM_SMP=${KCTR_VM_SMP:-1} KCTR_VM_KUNIT=0
	;;
*)
	echo "usage: vm-bench.sh distro|distro61|debug [basic|runtimes|module|density|network|breakdown|seccomp|engines]..." >&2
	exit 2
	;;
esac
vm=$1
shift
[ $# -gt 0 ] || set -- basic runtimes module density network
make -s -C "$KCTR_ROOT/tests/bench" >&2
export KCTR_VM_MEM=${KCTR_VM_MEM:-6G}
exec "$KCTR_ROOT/scripts/vm-run.sh" "$vm" -- env \
	KCTR_BENCH_N="${KCTR_BENCH_N:-7}" \
	KCTR_BENCH_RUNS="${KCTR_BENCH_RUNS:-30}" \
	KCTR_BENCH_PAIRS="${KCTR_BENCH_PAIRS:-10000}" \
	KCTR_BENCH_RECORDS="${KCTR_BENCH_RECORDS:-10000}" \
	KCTR_BENCH_DENSITY="${KCTR_BENCH_DENSITY:-1000}" \
	KCTR_BENCH_INSTALLS="${KCTR_BENCH_INSTALLS:-200}" \
	"$KCTR_ROOT/tests/bench/guest.sh" "$@"
