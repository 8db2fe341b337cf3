#!/bin/bash
# The kernel's own YNL client (tools/net/ynl/cli.py from linux-source),
# driven only by Documentation/netlink/specs/container.yaml, as an
# independent client of the family; and the spec checked against the
# kernel's schema and against the uapi header, value by value.
#
# Covered for the kernel by the netlink tests the debug VMs run (10-14,
# 16, 17); ten times slower there, it would not fit their time limit.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
src=${KCTR_LINUX_SRC:-$(ls -d /var/cache/kctr/linux-source-6.12*/ | sort -V | tail -n 1)}
src=${src%/}
spec=$KCTR_ROOT/Documentation/netlink/specs/container.yaml
# --no-schema: the first test validates the spec against the schema once;
# doing it again in every cli.py run costs seconds each under TCG.
ynl() {
	python3 "$src/tools/net/ynl/cli.py" --spec "$spec" --no-schema \
		--output-json "$@"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
tmp=$(mktemp -d)

tap_ok "the spec is valid against genetlink-legacy.yaml" python3 -c "
import yaml, jsonschema
jsonschema.validate(yaml.safe_load(open('$spec')),
    yaml.safe_load(open('$src/Documentation/netlink/genetlink-legacy.yaml')))"

# ynl-gen-c looks for the kernel root (MAINTAINERS) above the spec.
mkdir -p "$tmp/k/Documentation/netlink/specs"
touch "$tmp/k/MAINTAINERS"
cp "$src/Documentation/netlink/genetlink-legacy.yaml" "$tmp/k/Documentation/netlink/"
cp "$spec" "$tmp/k/Documentation/netlink/specs/"
tap_ok "ynl-gen-c.py generates a uapi header from it" \
	timeout 60 python3 "$src/tools/net/ynl/ynl-gen-c.py" --mode uapi --header \
	--spec "$tmp/k/Documentation/netlink/specs/container.yaml" -o "$tmp/gen.h"

PYTHONPATH=$KCTR_ROOT/tests/e2e/tools:$src/tools/net/ynl \
	python3 "$KCTR_ROOT/tests/e2e/tools/spec_check.py" >"$tmp/check.c"
tap_ok "every spec value equals the uapi header's ($(grep -c _Static_assert "$tmp/check.c") checked)" \
	gcc -fsyntax-only -I"$KCTR_ROOT/include/uapi" -x c "$tmp/check.c"

out=$(ynl --do get-version 2>&1)
tap_is "$(echo "$out" | json 'd["version"], d["uapi-version"]')" "0.1.0 5" \
	"cli.py --do get-version"

# One cli.py process: create and read back on the same socket; when it
# exits its socket closes and the unstarted container is aborted.
out=$(ynl --multi create '{"name": "ynl-one", "ns-mask": 0, "hostname": "yh",
	"limits": {"pids-max": 42}}' --multi get '{"name": "ynl-one"}' 2>&1)
id=$(echo "$out" | json 'd[0]["id"]' 2>/dev/null)
tap_like "$id" '^[0-9]+$' "cli.py --multi create,get: id $id"
tap_is "$(echo "$out" | json 'd[1]["name"], d[1]["hostname"], d[1]["limits"]["pids-max"], d[1]["state"]' 2>&1)" \
	"ynl-one yh 42 created" "the record as cli.py decodes it"
for _ in $(seq 50); do
	[ -d "/sys/fs/cgroup/kctr/$id" ] || break
	sleep 0.1
done
tap_is "$(ynl --dump get 2>&1 | json '[c["id"] for c in d if c["id"] == '"${id:-0}"']')" "[]" \
	"the container died with cli.py's socket (--dump get)"
tap_not "its cgroup is gone" test -d "/sys/fs/cgroup/kctr/$id"

out=$(ynl --do create --json '{"name": "bad/name", "ns-mask": 0}' 2>&1)
tap_like "$out" "invalid name" "cli.py shows the extended ACK for a bad name"
out=$(ynl --do create --json '{"name": "x", "ns-mask": 0, "flags": ["force"]}' 2>&1)
tap_like "$out" "bad-attr.*flags" "cli.py: a flag of another op names .flags"
out=$(ynl --do delete --json '{"id": 999999999}' 2>&1)
tap_like "$out" "no container with this id" "cli.py --do delete of an unknown id"

# A container held by another client, deleted by cli.py.
python3 -c "
import sys, time
sys.path.insert(0, '$KCTR_ROOT/tests/e2e/tools')
from kctrnl import ynl
y = ynl()
print(y.do('create', {'name': 'ynl-held', 'ns-mask': 0})['id'], flush=True)
time.sleep(60)
" >"$tmp/held" &
holder=$!
for _ in $(seq 100); do [ -s "$tmp/held" ] && break; sleep 0.1; done
held=$(cat "$tmp/held")
out=$(ynl --do delete --json '{"id": '"${held:-0}"', "flags": ["force"]}' 2>&1)
tap_ok "cli.py --do delete --force of a held container ($out)" \
	test ! -d "/sys/fs/cgroup/kctr/$held"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
rm -rf "$tmp"
tap_done
