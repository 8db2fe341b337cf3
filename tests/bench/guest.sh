#!/bin/bash
# In the guest (scripts/vm-bench.sh): runs each benchmark part named in
# "$@", in order, each under a heading. A part that fails is reported and
# the next one still runs; the exit status says whether all succeeded.
#   basic     what one basic operation costs (basic.sh)
#   runtimes  kctr beside crun, runc, bwrap and the kernel-only floor
#   module    kctr.ko's requests: CREATE+DELETE, GET, dump (nlbench)
#   density   N running containers: start time, memory, kctr list
#   network   spawn with a bridge network and a port, without, and podman's
#   breakdown where a spawn's and an exec's time goes (KCTR_TRACE_TIMES)
#   seccomp   seccomp(2)'s cost for the default profile, tree and list
#   engines   podman run with kctr-oci beside crun and runc
set -u
BENCH=$KCTR_ROOT/tests/bench
rc=0
for part; do
	echo "=== $part"
	case "$part" in
	basic) "$BENCH/basic.sh" ;;
	runtimes) "$BENCH/runtimes.sh" ;;
	module) "$BENCH/nlbench" "${KCTR_BENCH_PAIRS:-10000}" \
		"${KCTR_BENCH_RECORDS:-10000}" ;;
	density) "$BENCH/density.sh" ;;
	network) "$BENCH/network.sh" ;;
	breakdown) "$BENCH/breakdown.sh" ;;
	seccomp) "$BENCH/filterbench" "${KCTR_BENCH_INSTALLS:-200}" ;;
	engines) "$BENCH/engines.sh" ;;
	*) echo "guest.sh: no part $part" >&2; false ;;
	esac || { echo "=== $part FAILED"; rc=1; }
	echo
done
exit $rc
