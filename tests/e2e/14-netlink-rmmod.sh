#!/bin/bash
# rmmod is refused while a container exists (each holds a module
# reference) and works once it is deleted; the module is loaded again at
# the end for the tests that follow.
. "$(dirname "$0")/lib.sh"
tools=$KCTR_ROOT/tests/e2e/tools
fifo=$(mktemp -u)
mkfifo "$fifo"

# A client that creates a container and keeps its socket open until told.
python3 -c "
import sys, time
sys.path.insert(0, '$tools')
from kctrnl import ynl
y = ynl()
c = y.do('create', {'name': 'rmmod-holder', 'ns-mask': 0})
print(c['id'], flush=True)
open('$fifo').read()
y.do('delete', {'id': c['id'], 'flags': ['force']})
print('deleted', flush=True)
" >"$fifo.out" &
client=$!
for _ in $(seq 100); do [ -s "$fifo.out" ] && break; sleep 0.1; done
id=$(head -n 1 "$fifo.out")
tap_like "$id" '^[0-9]+$' "a container exists (id $id)"
tap_is "$(cat /sys/module/kctr/refcnt)" 1 "it holds one module reference"
out=$(rmmod kctr 2>&1)
rc=$?
tap_not "rmmod while it exists fails ($out)" test "$rc" -eq 0
tap_ok "the module is still loaded" test -d /sys/module/kctr
tap_ok "the container is still there" test -d "/sys/fs/cgroup/kctr/$id"
echo go >"$fifo"
wait "$client"
tap_is "$(tail -n 1 "$fifo.out")" deleted "the container was deleted"
# The final release runs on the module's workqueue: allow it a moment.
module_unused() {
	[ "$(cat /sys/module/kctr/refcnt)" = 0 ]
}
wait_until 5 module_unused
tap_ok "rmmod once it is gone" rmmod kctr
tap_not "the module is unloaded" test -d /sys/module/kctr
tap_not "its /kctr cgroup is gone" test -d /sys/fs/cgroup/kctr

# Loading enables controllers in the root for /kctr; unloading disables
# what that load enabled itself, and only that, and only where possible.
root=/sys/fs/cgroup
words() { tr ' ' '\n' <"$1" | grep . | sort | tr '\n' ' '; }
for c in cpuset cpu io memory; do
	echo "-$c" >"$root/cgroup.subtree_control" 2>/dev/null
done
echo +pids >"$root/cgroup.subtree_control" 2>/dev/null
before=$(words "$root/cgroup.subtree_control")
tap_diag "root subtree_control before the load: $before"
tap_ok "insmod" insmod "$KCTR_KO"
mine=
for c in cpuset cpu io memory pids; do
	grep -qw "$c" "$root/cgroup.controllers" || continue
	echo " $before" | grep -qw "$c" || mine="$mine $c"
done
on=$(cat "$root/cgroup.subtree_control")
missing=
for c in $mine; do echo " $on" | grep -qw "$c" || missing="$missing $c"; done
tap_is "$missing" "" "the load enabled$mine in the root"
wait_until 5 module_unused
tap_ok "rmmod" rmmod kctr
tap_is "$(words "$root/cgroup.subtree_control")" "$before" \
	"rmmod disabled those again, and kept what was on before (pids)"
# One the load enabled that a cgroup below now needs stays on.
held=$(echo $mine | cut -d' ' -f1)
if [ -n "$held" ]; then
	insmod "$KCTR_KO"
	mkdir "$root/hold$$"
	echo "+$held" >"$root/hold$$/cgroup.subtree_control"
	wait_until 5 module_unused
	tap_ok "rmmod with $held in use below the root" rmmod kctr
	tap_ok "$held stays on" grep -qw "$held" "$root/cgroup.subtree_control"
	tap_like "$(dmesg | grep 'leaving the' | tail -n 1)" \
		"leaving the $held controller on" "the kernel log says why"
	rmdir "$root/hold$$"
	echo "-$held" >"$root/cgroup.subtree_control"
	tap_is "$(words "$root/cgroup.subtree_control")" "$before" \
		"(the test puts it back as it was)"
else
	tap_skip "a controller the load enabled, in use below the root" \
		"the load enabled none here"
fi

# A /kctr/<id> an earlier load could not remove (a cgroup that stayed
# populated) is never handed out again: the next load starts above it.
# The ids of a new load start at 1, so /kctr/1 is what it would collide
# with first.
high=$((id + 5))
mkdir -p /sys/fs/cgroup/kctr/1 "/sys/fs/cgroup/kctr/$high"
tap_ok "insmod with cgroups left in /kctr" insmod "$KCTR_KO"
tap_like "$(dmesg | grep 'kctr: /kctr holds' | tail -n 1)" "up to /kctr/$high: new ids start above" \
	"it says which ids are taken"
out=$(python3 -c "
import sys
sys.path.insert(0, '$tools')
from kctrnl import ynl
y = ynl()
c = y.do('create', {'name': 'after-leftover', 'ns-mask': 0})
y.do('delete', {'id': c['id'], 'flags': ['force']})
print(c['id'])" 2>&1)
# Above, not just after: in the KUnit debug VM the suites, run again at
# insmod, take ids of their own first.
tap_ok "the first new container's id ($out) is above the highest left ($high)" \
	test "$out" -gt "$high"
wait_until 5 module_unused
tap_ok "rmmod" rmmod kctr
tap_ok "the leftovers are still there" test -d "/sys/fs/cgroup/kctr/$high"
rmdir /sys/fs/cgroup/kctr/1 "/sys/fs/cgroup/kctr/$high"

# A leftover with the highest id there is: the counter must not wrap to
# 0 (an id 0 vanished from dumps and kept the module loaded for ever).
top=18446744073709551615
mkdir "/sys/fs/cgroup/kctr/$top"
tap_ok "insmod with /kctr/$top left" insmod "$KCTR_KO"
out=$(python3 -c "
import sys
sys.path.insert(0, '$tools')
from kctrnl import A, CMD, Raw, u32
e, x = Raw().try_do(CMD['create'], u32(A['ns_mask'], 0))
print(e, x.get('msg', ''))" 2>&1)
tap_like "$out" "^28 kctr: no container id left" \
	"CREATE then fails with ENOSPC and says why"
out=$(python3 -c "
import sys
sys.path.insert(0, '$tools')
from kctrnl import ynl
print(len(ynl().dump('get', {})))" 2>&1)
tap_is "$out" 0 "no container was made (not even an id 0)"
wait_until 5 module_unused
tap_ok "rmmod" rmmod kctr
rmdir "/sys/fs/cgroup/kctr/$top" /sys/fs/cgroup/kctr
tap_ok "insmod again" insmod "$KCTR_KO"
tap_ok "and it answers" python3 -c "
import sys
sys.path.insert(0, '$tools')
from kctrnl import ynl
assert ynl().do('get-version', {})['version'] == '0.1.0'"
rm -f "$fifo" "$fifo.out"
tap_done
