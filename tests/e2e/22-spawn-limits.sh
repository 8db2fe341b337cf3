#!/bin/bash
# kctr spawn: cgroup limits hold, inside the container's own cgroup only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

out=$(sh_in --memory 64m --memory-high 48m --pids-limit 50 --cpus 0.5 --cpu-weight 50 -- \
	'cd /sys/fs/cgroup && cat memory.max memory.high pids.max cpu.max cpu.weight; cat /proc/self/cgroup')
tap_is "$(echo $out)" "67108864 50331648 50 50000 100000 50 0::/" \
	"limits as the container sees them in its own cgroup namespace"

# A memory hog is OOM-killed in its cgroup; the host side goes on.
name=${SP_PFX}oom
sleep 300 &
outside=$!
"$KCTR" spawn --name $name --memory 32m --memory-swap 0 -- dd if=/dev/zero of=/dev/null bs=96M count=1
rc=$?
tap_is "$rc" 137 "the memory hog is killed by SIGKILL (137)"
id=$(id_of $name)
oom=$(awk '$1 == "oom_kill" { print $2 }' "$CGROOT/kctr/$id/memory.events" 2>&1)
tap_like "$oom" '^[1-9][0-9]*$' "memory.events oom_kill > 0 in the container's cgroup ($oom)"
"$KCTR" rm $name >/dev/null
tap_ok "a host process next to it survived the OOM kill" kill -0 $outside
kill $outside

# A fork bomb stops at pids.max (the shell dies when fork fails).
name=${SP_PFX}pids
"$KCTR" spawn --name $name --pids-limit 16 -- /bin/sh -c \
	'i=0; while [ $i -lt 64 ]; do sleep 30 & i=$((i + 1)); done' >/dev/null 2>&1
id=$(id_of $name)
ev=$(awk '$1 == "max" { print $2 }' "$CGROOT/kctr/$id/pids.events" 2>&1)
tap_like "$ev" '^[1-9][0-9]*$' "pids.events max > 0: forks were refused ($ev)"
if [ -e "$CGROOT/kctr/$id/pids.peak" ]; then
	peak=$(cat "$CGROOT/kctr/$id/pids.peak")
	tap_ok "pids.peak stayed at or below 16 ($peak)" test "$peak" -le 16
else
	tap_skip "pids.peak" "not on this kernel"
fi
"$KCTR" rm $name >/dev/null
tap_done
