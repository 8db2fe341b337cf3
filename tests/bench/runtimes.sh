#!/bin/bash
# kctr beside the other runtimes, in one VM run (scripts/vm-bench.sh, in
# the guest with kctr.ko loaded): hyperfine -N, the same busybox tree for
# all, /bin/true. Prints hyperfine's table for each group, then one line
# per command: its mean, and its ratio to crun's and to the floor's.
#
#   spawn   kctr spawn --rm (default profile; and --seccomp unconfined),
#           crun run, runc run (their `spec` configs: no seccomp filter),
#           bwrap --unshare-all, tests/bench/floor (the kernel work only),
#           a bare static exec
#   exec    kctr exec, crun exec, runc exec into a running container
#
# crun and runc use the tree read-only as the bundle's root (no overlay);
# kctr and the floor mount an overlay over it: recorded beside the figures.
# KCTR_BENCH_RUNS runs per command (default 30).
set -euo pipefail
RUNS=${KCTR_BENCH_RUNS:-30}
KCTR=${KCTR:-$(command -v kctr)}
BENCH=$KCTR_ROOT/tests/bench
work=$(mktemp -d /run/kctr-bench.XXXXXX)
cg=/sys/fs/cgroup/kctr-bench

cleanup() {
	"$KCTR" rm -f bench-exec >/dev/null 2>&1 || true
	crun delete -f bench-exec >/dev/null 2>&1 || true
	runc delete -f bench-exec >/dev/null 2>&1 || true
	rmdir "$cg" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# The default image's tree: the one layer `kctr image inspect` names.
"$KCTR" spawn --rm -- true
state=${KCTR_STATE_DIR:-/var/lib/kctr}
mapfile -t layers <<<"$(find "$state/layers" -mindepth 1 -maxdepth 1 -type d)"
if [ ${#layers[@]} -ne 1 ] || [ ! -x "${layers[0]}/bin/busybox" ]; then
	echo "runtimes: expected one busybox layer in $state/layers" >&2
	exit 1
fi
tree=${layers[0]}
# The compiled default profile's size: the floor loads a filter as long.
prog=$(find "$state" -name '*.bpf' | head -n 1)
insns=$(($(stat -c %s "$prog") / 8))

# bundle DIR ARGS-JSON: crun's default spec on the tree, read-only.
bundle() {
	mkdir -p "$1"
	(cd "$1" && crun spec)
	python3 - "$1/config.json" "$tree" "$2" <<'EOF'
import json, sys
path, tree, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
c = json.load(open(path))
c["root"] = {"path": tree, "readonly": True}
c["process"]["terminal"] = False
c["process"]["args"] = args
json.dump(c, open(path, "w"))
EOF
}
bundle "$work/true" '["/bin/true"]'
bundle "$work/sleep" '["/bin/sleep", "100000"]'

mkdir -p "$cg" "$work/floor"
echo "+memory +pids" >"$cg/cgroup.subtree_control"
echo "kernel $(uname -r), $(nproc) vCPU, $RUNS runs each; busybox tree $tree;"
echo "default profile $insns instructions"
echo

hf() {
	local json=$1
	shift
	hyperfine -N --style basic --warmup 3 --runs "$RUNS" \
		--export-json "$json" "$@"
}

hf "$work/spawn.json" \
	-n "kctr spawn --rm" "$KCTR spawn --rm -- /bin/true" \
	-n "kctr spawn --rm --seccomp unconfined" \
	"$KCTR spawn --rm --seccomp unconfined -- /bin/true" \
	-n "crun run" "crun run --bundle $work/true bench-true" \
	-n "runc run" "runc run --bundle $work/true bench-true" \
	-n "bwrap --unshare-all" \
	"bwrap --unshare-all --ro-bind $tree / --proc /proc --dev /dev /bin/true" \
	-n "floor (kernel work only)" \
	"$BENCH/floor $tree $work/floor $cg $insns" \
	-n "static exec (busybox true)" "$tree/bin/busybox true"

"$KCTR" spawn -d --name bench-exec -- sleep 100000 >/dev/null
crun run -d --bundle "$work/sleep" bench-exec
runc run -d --bundle "$work/sleep" bench-exec
hf "$work/exec.json" \
	-n "kctr exec" "$KCTR exec bench-exec /bin/true" \
	-n "crun exec" "crun exec bench-exec /bin/true" \
	-n "runc exec" "runc exec bench-exec /bin/true"

echo
python3 - "$work/spawn.json" "$work/exec.json" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    res = {r["command"]: r for r in json.load(open(path))["results"]}
    names = list(res)
    crun = next(r["mean"] for n, r in res.items() if n.startswith("crun"))
    floor = next((r["mean"] for n, r in res.items() if n.startswith("floor")), None)
    for n in names:
        m = res[n]["mean"]
        line = "%9.1f ms  %-40s %5.2f x crun" % (m * 1e3, n, m / crun)
        if floor:
            line += "  %5.2f x floor" % (m / floor)
        print(line)
    print()
EOF
