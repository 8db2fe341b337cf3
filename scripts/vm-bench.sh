#!/bin/bash
# Boot a test VM and print what basic operations cost in it (see
# tests/vm/bench-guest.sh): the figures behind the e2e suites' times.
#
#   scripts/vm-bench.sh distro|debug
#
# The debug VM boots as in a test run (one vCPU, KUnit off). KCTR_BENCH_N
# sets the runs per operation (default 7).
set -euo pipefail
KCTR_ROOT=$(cd "$(dirname "$0")/.." && pwd)

case "${1:-}" in
distro) ;;
debug)
	export KCTR_VM_SMP=${KCTR_VM_SMP:-1} KCTR_VM_KUNIT=0
	;;
*)
	echo "usage: vm-bench.sh distro|debug" >&2
	exit 2
	;;
esac
exec "$KCTR_ROOT/scripts/vm-run.sh" "$1" -- \
	env KCTR_BENCH_N="${KCTR_BENCH_N:-7}" "$KCTR_ROOT/tests/vm/bench-guest.sh"
