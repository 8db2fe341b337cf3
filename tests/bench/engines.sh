#!/bin/bash
# kctr-oci under podman beside crun and runc, in one VM run
# (scripts/vm-bench.sh, in the guest with kctr.ko loaded): hyperfine -N,
# `podman --runtime RUNTIME run --rm --network none IMAGE /bin/true`, the
# busybox image for all, podman's state on tmpfs as the e2e tests set it
# up (tests/e2e/oci-lib.sh). Prints hyperfine's table, then each
# runtime's mean and its ratio to crun's. Issue 12's goal is kctr-oci no
# slower than crun here; nothing is judged. KCTR_BENCH_RUNS runs per
# command (default 30).
set -euo pipefail
RUNS=${KCTR_BENCH_RUNS:-30}
KCTR=${KCTR:-$(command -v kctr)}
work=$(mktemp -d /run/kctr-bench-eng.XXXXXX)

# oci-lib.sh's diagnostics, outside a TAP test.
tap_diag() { printf '# %s\n' "$@" >&2; }
. "$KCTR_ROOT/tests/e2e/oci-lib.sh"
kctr_oci=$OCI_RUNTIME

cleanup() {
	oci_cleanup || true
	rm -rf "$work"
}
trap cleanup EXIT

oci_setup podman || {
	echo "podman could not be set up (tests/e2e/oci-lib.sh)"
	exit 1
}
trap cleanup EXIT	# oci_setup set its own
# hyperfine -N runs no shell: oci_podman's environment, exported.
export CONTAINERS_CONF=$OCI_STATE/podman/containers.conf
export CONTAINERS_STORAGE_CONF=$OCI_STATE/podman/storage.conf

cmds=()
for rt in "$kctr_oci" "$(command -v crun)" "$(command -v runc)"; do
	name=$(basename "$rt")
	# Each runtime once before the clock: it must work at all.
	if ! out=$(podman --runtime "$rt" run --rm --network none "$OCI_IMAGE" \
		/bin/true 2>&1); then
		echo "podman --runtime $name does not run here: $out"
		continue
	fi
	cmds+=(-n "$name" "podman --runtime $rt run --rm --network none $OCI_IMAGE /bin/true")
done
echo "kernel $(uname -r), $(nproc) vCPU, $RUNS runs each;" \
	"podman $(podman --version | awk '{ print $3 }')"
echo
hyperfine -N --style basic --warmup 3 --runs "$RUNS" \
	--export-json "$work/engines.json" "${cmds[@]}"
echo
python3 - "$work/engines.json" <<'PY'
import json, sys
res = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
crun = res.get("crun")
for n, m in res.items():
    line = "%9.1f ms  podman --runtime %-10s" % (m * 1e3, n)
    if crun:
        line += "  %5.2f x crun" % (m / crun)
    print(line)
PY
