#!/bin/bash
# What a network costs at spawn, in one VM run (scripts/vm-bench.sh, in
# the guest with kctr.ko loaded): hyperfine -N, /bin/true, the busybox
# image for all.
#
#   kctr spawn --rm --network bridge -p 8080:80   bridge, veth, address,
#                                                 owned nf_tables table
#   kctr spawn --rm --network none                a netns with lo up
#   podman run --rm --network bridge -p 8080:80   podman 4's default CNI
#                                                 network (bridge, host-
#                                                 local, portmap, firewall)
#   podman run --rm --network none
#
# podman runs with its own default runtime (crun) and its state on tmpfs,
# set up as the e2e tests do (tests/e2e/oci-lib.sh). Prints hyperfine's
# table, then each command's mean and its ratio to kctr's --network none
# and to podman's --network bridge. A podman that cannot run its bridge
# network here is reported, and kctr is measured alone.
# KCTR_BENCH_RUNS runs per command (default 30).
set -euo pipefail
RUNS=${KCTR_BENCH_RUNS:-30}
KCTR=${KCTR:-$(command -v kctr)}
work=$(mktemp -d /run/kctr-bench-net.XXXXXX)

# oci-lib.sh's diagnostics, outside a TAP test.
tap_diag() { printf '# %s\n' "$@" >&2; }
OCI_RUNTIME=$(command -v crun)
. "$KCTR_ROOT/tests/e2e/oci-lib.sh"

made_kctr=
cleanup() {
	oci_cleanup || true
	[ -n "$made_kctr" ] && "$KCTR" network rm kctr >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

"$KCTR" network ls | grep -q '^kctr ' || made_kctr=1
"$KCTR" spawn --rm --network bridge -p 8080:80 -- /bin/true

cmds=(
	-n "kctr spawn --rm --network bridge -p 8080:80"
	"$KCTR spawn --rm --network bridge -p 8080:80 -- /bin/true"
	-n "kctr spawn --rm --network none"
	"$KCTR spawn --rm --network none -- /bin/true"
)
podman_ok=
if oci_setup podman; then
	trap cleanup EXIT	# oci_setup set its own
	# hyperfine -N runs no shell: oci_podman's environment, exported.
	export CONTAINERS_CONF=$OCI_STATE/podman/containers.conf
	export CONTAINERS_STORAGE_CONF=$OCI_STATE/podman/storage.conf
	if out=$(podman --runtime "$OCI_RUNTIME" run --rm --network bridge \
		-p 8080:80 "$OCI_IMAGE" /bin/true 2>&1); then
		podman_ok=1
		cmds+=(
			-n "podman run --rm --network bridge -p 8080:80"
			"podman --runtime $OCI_RUNTIME run --rm --network bridge -p 8080:80 $OCI_IMAGE /bin/true"
			-n "podman run --rm --network none"
			"podman --runtime $OCI_RUNTIME run --rm --network none $OCI_IMAGE /bin/true"
		)
	else
		echo "podman run --network bridge does not work here: $out"
	fi
else
	echo "podman could not be set up (tests/e2e/oci-lib.sh): kctr alone"
fi

echo "kernel $(uname -r), $(nproc) vCPU, $RUNS runs each;" \
	"podman $(podman --version | awk '{ print $3 }') with $(basename "$OCI_RUNTIME")" \
	"${podman_ok:+and $(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null || echo '?')}"
echo
hyperfine -N --style basic --warmup 3 --runs "$RUNS" \
	--export-json "$work/network.json" "${cmds[@]}"
echo
python3 - "$work/network.json" <<'EOF'
import json, sys
res = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
none = res["kctr spawn --rm --network none"]
pod = res.get("podman run --rm --network bridge -p 8080:80")
for n, m in res.items():
    line = "%9.1f ms  %-46s %5.2f x kctr none" % (m * 1e3, n, m / none)
    if pod:
        line += "  %5.2f x podman bridge" % (m / pod)
    print(line)
bridge = res["kctr spawn --rm --network bridge -p 8080:80"]
print("kctr's bridge network costs %.1f ms a spawn over none" %
      ((bridge - none) * 1e3))
if pod:
    pnone = res["podman run --rm --network none"]
    print("podman's costs %.1f ms over none" % ((pod - pnone) * 1e3))
EOF
