#!/bin/bash
# kctr spawn: the container is isolated, its status is kctr's status, its
# writes stay in its own upper dir, and the module agrees with what it sees.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

out=$(run -- /bin/true 2>&1)
tap_is "$?" 0 "spawn --rm true exits 0 ($out)"

run -- /bin/sh -c 'exit 3'
tap_is "$?" 3 "exit status 3 propagates"

run -- /bin/sh -c 'kill -9 $$'
tap_is "$?" 137 "killed by SIGKILL: 137"

run --no-init -- /bin/sh -c 'exit 4'
tap_is "$?" 4 "--no-init: exit status 4 propagates"

out=$(sh_in -- "echo \$\$; $INIT_COMM_SH")
tap_is "$out" "2
kctr-init" "the workload is pid 2 under the init, pid 1"

out=$(sh_in --no-init -- 'echo $$')
tap_is "$out" 1 "--no-init: the workload is pid 1"

# ps sees exactly: the init, the shell, ps itself.
out=$(sh_in -- 'ps -o pid,comm > /tmp/ps; tail -n +2 /tmp/ps' | tr -s ' ' | tr '\n' ';')
tap_like "$out" "^ *1 kctr-init; *2 sh; *[0-9]+ ps;$" "ps sees only the container's processes ($out)"

out=$(sh_in --hostname box1 -- hostname)
tap_is "$out" box1 "--hostname"
out=$(sh_in --name "${SP_PFX}h" -- hostname)
tap_is "$out" "${SP_PFX}h" "the hostname defaults to the name"

# Every namespace kind the host has differs inside.
inside=$(sh_in -- 'for k in mnt pid net ipc uts cgroup time; do [ -e /proc/self/ns/$k ] && echo "$k $(readlink /proc/self/ns/$k)"; done')
fail=
for k in mnt pid net ipc uts cgroup time; do
	[ -e /proc/self/ns/$k ] || continue
	host=$(readlink /proc/self/ns/$k)
	got=$(echo "$inside" | awk -v k=$k '$1 == k { print $2 }')
	if [ -z "$got" ] || [ "$got" = "$host" ]; then
		fail="$fail $k($got = $host)"
	fi
done
[ -z "$fail" ] && tap_pass "every namespace differs from the host's" ||
	tap_fail "every namespace differs from the host's" "$fail"

out=$(sh_in --net host -- 'readlink /proc/self/ns/net')
tap_is "$out" "$(readlink /proc/self/ns/net)" "--net host keeps the host's net namespace"
for net in none default; do
	opt=()
	[ $net = none ] && opt=(--net none)
	out=$(sh_in "${opt[@]}" -- 'ip -o link show lo')
	tap_like "$out" "^1: lo: <LOOPBACK,UP,LOWER_UP>" "--net $net: loopback is up"
done

mi=$(sh_in -- 'cat /proc/self/mountinfo')
fstype() {
	awk -v m="$1" '$5 == m { for (i = 7; i <= NF; i++) if ($i == "-") { print $(i + 1); exit } }'
}
tap_is "$(echo "$mi" | fstype /)" overlay "the root is overlayfs"
tap_is "$(echo "$mi" | awk '{ print $5 }' | grep -cvE '^/((proc|dev|sys)(/.*)?)?$')" 0 \
	"only /, /proc, /dev and /sys mounts in the mount table"
tap_is "$(echo "$mi" | grep -c ' - 9p ')" 0 "no 9p (host) mount inside"
marker=/run/kctr-e2e-marker-$$
touch "$marker"
out=$(sh_in -- "ls $marker 2>&1; ls -a / | tr '\n' ' '")
tap_like "$out" "No such file" "the old root is unreachable"
rm -f "$marker"

# Writes land in the upper dir, never in the image; containers don't share.
before=$(snapshot)
"$KCTR" spawn --name "${SP_PFX}w" -- /bin/sh -c 'echo w > /etc/written-here'
tap_is "$?" 0 "a container without --rm runs"
id=$(id_of "${SP_PFX}w")
tap_ok "the module keeps it as stopped" \
	bash -c "'$KCTR' -j inspect ${SP_PFX}w | grep -q '\"state\": *\"stopped\"'"
tap_ok "its write is in its upper dir" test -f "$STATE/containers/$id/upper/etc/written-here"
tap_not "and not in any image layer" bash -c "ls $STATE/layers/*/etc/written-here"
out=$(sh_in -- 'cat /etc/written-here 2>&1')
tap_like "$out" "No such file" "another container does not see it"
"$KCTR" rm "${SP_PFX}w" >/dev/null
tap_is "$(snapshot)" "$before" "rm removed the registry entry, cgroup and state dir"

# Signals: SIGTERM to kctr reaches the workload through the init. The
# workload says "ready" once its trap is set: before that, TERM would end
# the shell by the default action (143) and prove nothing.
said=$(mktemp)
"$KCTR" spawn --rm -- /bin/sh -c 'trap "exit 42" TERM; echo ready; while :; do sleep 1; done' >"$said" &
pid=$!
wait_until 120 grep -qx ready "$said" || tap_diag "the workload never said ready"
kill -TERM $pid
wait $pid
tap_is "$?" 42 "SIGTERM to kctr is forwarded to the workload"
rm -f "$said"

# The workload is cloned on a stack of its own: execvp()'s /bin/sh
# fallback for a script without "#!" builds its argv there, a pointer per
# argument (20,000 of them: 160 KB, more than a fixed small stack holds).
vol=$(mktemp -d)
printf 'echo "$# $1 ${20000}"\n' >"$vol/noshebang"
chmod 755 "$vol/noshebang"
out=$(run -v "$vol:/t:ro" -- /t/noshebang $(seq 20000) 2>&1)
tap_is "$?:$out" "0:20000 1 20000" \
	"a script without #! and 20,000 arguments runs through sh"
rm -rf "$vol"

# -d: the id, a running container, the module's view of the init.
id=$("$KCTR" spawn -d --name "${SP_PFX}d" -- /bin/sleep 1000)
tap_like "$id" '^[0-9]+$' "-d prints the id"
ipid=$(init_pid "${SP_PFX}d")
tap_ok "the module's init pid is in the container's cgroup" \
	grep -qx "$ipid" "$CGROOT/kctr/$id/cgroup.procs"
tap_is "$(cat /proc/$ipid/comm)" kctr-init "the module's init pid is our init"
tap_is "$(readlink /proc/$ipid/ns/pid)" "$(readlink /proc/$(cat "$CGROOT/kctr/$id/cgroup.procs" | tail -1)/ns/pid)" \
	"the init and the workload share the pid namespace"
"$KCTR" rm -f "${SP_PFX}d" >/dev/null
tap_ok "rm -f removed the detached container" wait_gone "${SP_PFX}d" 10
tap_done
