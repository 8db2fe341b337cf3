#!/bin/bash
# Load and faults: 4 clients at once, each spawning (create and start),
# exec'ing into, killing and removing containers in a loop, while a fifth
# process SIGKILLs the clients' kctr processes at random moments (seeded),
# and kctr events follows the module's events. Bounded by counts, never by
# time. At the end nothing is left: no container in the registry (once the
# test removed the survivors the kills left, as a user would), no cgroup,
# mount, state directory, process or namespace of theirs; every id is
# announced once, every CREATED has exactly one REMOVED; rmmod works and
# the kernel log is clean.
#
#   KCTR_STRESS_SEED=N   repeat the killer's choices (the timing still
#                        differs from run to run)
#   KCTR_STRESS_N=N      containers per client (default 30, 120 in all,
#                        about 4.3 minutes in the distro VM of a fresh
#                        machine's run; 8 on a debug kernel: KASAN, lockdep
#                        and kmemleak make each step about ten times slower)
# Its limit is 15 minutes, not the 5 of a test (vm guest-run.sh): on a busy
# host (six VMs on two cores) it took over 5 and timed out.
# timeout: 900
. "$(dirname "$0")/lib.sh"
tools=$KCTR_ROOT/tests/e2e/tools
STATE=${KCTR_STATE_DIR:-/var/lib/kctr}
CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
PFX=st$$-
CLIENTS=4
tmp=$(mktemp -d)

# The kernel says whether it is a debug one; the VM's name is not asked.
debug_kernel() {
	[ -e /proc/lockdep ] || [ -e /sys/kernel/debug/kmemleak ] ||
		[ -d /sys/kernel/debug/kasan ]
}
if debug_kernel; then
	per=${KCTR_STRESS_N:-8} slow=10 kills_wanted=6
else
	per=${KCTR_STRESS_N:-30} slow=1 kills_wanted=15
fi
total=$((CLIENTS * per))
seed=${KCTR_STRESS_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
tap_diag "seed $seed (KCTR_STRESS_SEED=$seed repeats the killer's choices)"
tap_diag "$CLIENTS clients x $per containers, up to $kills_wanted kills$(debug_kernel && echo ', debug kernel')"

# Waits without exec'ing sleep (an exec costs 38-290 ms here, more than
# the shortest pauses): a read with a timeout on a FIFO nobody writes.
mkfifo "$tmp/never"
exec 9<>"$tmp/never"
pause_ms() {
	read -r -t "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))" -u 9 _ || true
}

dmesg_lines=$(dmesg | wc -l)
leaks_before=0
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	leaks_before=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
fi
mounts_before=$(grep -c kctr /proc/self/mountinfo)
registry_before=$("$KCTR" list -a -q 2>&1 | sort | tr '\n' ' ')

"$KCTR" -j events --ready-fd 3 >"$tmp/events.json" 2>"$tmp/events.err" \
	3>"$tmp/ready" &
listener=$!
if ! wait_until $((30 * slow)) grep -qx ready "$tmp/ready"; then
	tap_fail "kctr events joined the event group" "$(cat "$tmp/events.err")"
	tap_done
fi

# step CLIENT ROUND KIND ARGS...: one kctr command of a client, in the
# background so that the killer knows its pid ("PID ROUND KIND" in
# c<N>.pid); its exit status goes to c<N>.rc as "STATUS KIND".
step() {
	local i=$1 k=$2 kind=$3 out=/dev/null
	shift 3
	[ "$kind" = spawn ] && out=$tmp/c$i.ids
	"$KCTR" "$@" >>"$out" 2>>"$tmp/c$i.err" </dev/null &
	echo "$! $k $kind" >"$tmp/c$i.pid"
	wait $!
	echo "$? $kind" >>"$tmp/c$i.rc"
}

client() {
	local i=$1 k name
	for ((k = 0; k < per; k++)); do
		name=$PFX$i-$k
		step "$i" "$k" spawn spawn -d --name "$name" -- /bin/sleep 31337
		step "$i" "$k" exec exec "$name" -- true
		step "$i" "$k" kill kill "$name"
		step "$i" "$k" rm rm -f "$name"
	done
	echo finished >"$tmp/c$i.done"
}

# is_step CLIENT PID: PID is still that client's kctr (not reaped and
# reused): its parent is the client's shell and it runs kctr.
is_step() {
	local comm rest ppid
	read -r comm 2>/dev/null <"/proc/$2/comm" || return 1
	[ "$comm" = kctr ] || return 1
	read -r _ _ _ ppid rest 2>/dev/null <"/proc/$2/stat" || return 1
	[ "$ppid" = "${client_pid[$1]}" ]
}

# The fifth process. Kill number j aims at a random client's round near
# j * per / kills_wanted (so the kills spread over the whole run), at the
# kinds of step in turn: it waits for that step to begin, lets it run a
# random while and SIGKILLs it. A step that ended first, or a round the
# client had passed already, is a miss, not counted.
killer() {
	local kinds=(spawn exec kill rm) gap=$((per / kills_wanted))
	local j i kind delay round pid k at
	RANDOM=$seed
	[ "$gap" -ge 1 ] || gap=1
	for ((j = 0; j < kills_wanted; j++)); do
		i=$((RANDOM % CLIENTS))
		kind=${kinds[j % 4]}
		round=$((j * gap + RANDOM % gap))
		# spawn runs longest (225 ms for spawn --rm true here).
		if [ "$kind" = spawn ]; then
			delay=$((RANDOM % 300 * slow))
		else
			delay=$((RANDOM % 120 * slow))
		fi
		while [ ! -e "$tmp/c$i.done" ]; do
			read -r pid at k 2>/dev/null <"$tmp/c$i.pid"
			[ "${at:-0}" -gt "$round" ] && break
			[ "$at" = "$round" ] && [ "$k" = "$kind" ] && break
			pause_ms 20
		done
		if [ -e "$tmp/c$i.done" ] || [ "${at:-0}" -gt "$round" ]; then
			echo "$i $round $kind passed" >>"$tmp/misses"
			continue
		fi
		pause_ms "$delay"
		if is_step "$i" "$pid" && kill -9 "$pid" 2>/dev/null; then
			echo "$i $round $kind ${delay}ms" >>"$tmp/kills"
		else
			echo "$i $round $kind ${delay}ms ended" >>"$tmp/misses"
		fi
	done
}

declare -a client_pid
for ((i = 0; i < CLIENTS; i++)); do
	client "$i" &
	client_pid[i]=$!
done
killer &
killer_pid=$!
for ((i = 0; i < CLIENTS; i++)); do
	wait "${client_pid[i]}"
done
wait "$killer_pid"
touch "$tmp/kills" "$tmp/misses"
nkills=$(wc -l <"$tmp/kills")
tap_diag "kills: $nkills ($(awk '{ print $3 }' "$tmp/kills" | sort | uniq -c | tr -s ' ' | tr '\n' ',')), misses: $(wc -l <"$tmp/misses")"
tap_ok "the killer killed (at least $((kills_wanted / 2)) of $kills_wanted)" \
	test "$nkills" -ge $((kills_wanted / 2))
tap_ok "spawn itself was among the kills" grep -q ' spawn ' "$tmp/kills"
cat "$tmp"/c*.rc >"$tmp/rcs"
for kind in spawn exec kill rm; do
	ok=$(grep -c "^0 $kind\$" "$tmp/rcs")
	killed=$(grep -c "^137 $kind\$" "$tmp/rcs")
	tap_diag "$kind: $ok succeeded, $killed killed, $(($(grep -c " $kind\$" "$tmp/rcs") - ok - killed)) failed otherwise"
done
tap_is "$(wc -l <"$tmp/rcs")" $((total * 4)) "every client ran its $per rounds ($total containers)"
spawned=$(grep -c '^0 spawn$' "$tmp/rcs")
tap_ok "spawn -d worked except where killed ($spawned of $total, $nkills kills)" \
	test "$spawned" -ge $((total - nkills))
if [ "$total" -ge 100 ]; then
	tap_ok "containers in the hundreds ($spawned)" test "$spawned" -ge 100
fi

# The survivors: what the kills left (a killed rm, a killed kill), removed
# as a user would. Then one spawn collects the state directories the
# killed tools could not remove themselves.
left=$("$KCTR" list -a | awk -v p="$PFX" 'NR > 1 && index($2, p) == 1 { print $2 }')
tap_diag "survivors removed by the test: $(echo $left | wc -w) ($(echo $left))"
for n in $left; do
	"$KCTR" rm -f "$n" >/dev/null 2>&1 || tap_diag "rm -f $n failed"
done
"$KCTR" spawn --rm -- true
tap_is "$("$KCTR" list -a -q 2>&1 | sort | tr '\n' ' ')" "$registry_before" \
	"no container left in the registry"

# Every CREATED has its REMOVED (the last may still be on its way).
count_events() {
	grep "\"name\":\"$PFX" "$tmp/events.json" | grep -c "\"event\":\"$1\""
}
events_paired() {
	[ "$(count_events created)" = "$(count_events removed)" ]
}
wait_until $((30 * slow)) events_paired
kill "$listener"
wait "$listener" 2>/dev/null
tap_is "$(cat "$tmp/events.err")" "" "kctr events: nothing on stderr (no events lost)"
cat "$tmp"/c*.ids >"$tmp/ids" 2>/dev/null
python3 "$tools/t19_stress_check.py" events "$tmp/events.json" "$PFX" \
	"$tmp/ids" >"$tmp/ev"
tap_diag "events: $(grep -v '^bad' "$tmp/ev" | tr '\n' ',' | sed 's/ /=/g')"
tap_is "$(grep '^bad' "$tmp/ev" | head -n 20)" "" \
	"every id created once, every CREATED followed by exactly one REMOVED, nothing after it"
created=$(awk '$1 == "created" { print $2 }' "$tmp/ev")
tap_ok "the module created at least the $spawned that spawn -d reported (${created:-?})" \
	test "${created:-0}" -ge "$spawned"

ids=$(grep -h "\"name\":\"$PFX" "$tmp/events.json" | grep '"created"' |
	sed 's/.*"id":\([0-9]*\).*/\1/')
python3 "$tools/t19_stress_check.py" leftovers "$STATE" "$CGROOT" $ids >"$tmp/left"
tap_diag "$(grep -v '^bad' "$tmp/left")"
tap_is "$(grep '^bad' "$tmp/left" | head -n 20)" "" \
	"no cgroup, state directory, process, namespace, nsfs fd or mount of theirs"
tap_is "$(grep -c kctr /proc/self/mountinfo)" "$mounts_before" "no kctr mount left"
tap_ok "no workload left" bash -c '! pgrep -f "sleep 3133[7]" >/dev/null'
tap_ok "no kctr process left" bash -c '! pgrep -x kctr >/dev/null'

# The module lets go: rmmod once the last release ran on its workqueue,
# and is loaded again for the tests after this one.
module_unused() {
	[ "$(cat /sys/module/kctr/refcnt)" = 0 ]
}
wait_until $((10 * slow)) module_unused
tap_ok "rmmod" rmmod kctr
tap_not "no /kctr cgroup after rmmod" test -d "$CGROOT/kctr"
tap_ok "insmod again" insmod "$KCTR_KO"
tap_ok "and it answers" "$KCTR" version

if [ -w /sys/kernel/debug/kmemleak ]; then
	# kmemleak reports objects at least 5 s old that two scans found
	# unreferenced (as tests/vm/guest-run.sh does at the end).
	echo scan >/sys/kernel/debug/kmemleak
	pause_ms 6000
	echo scan >/sys/kernel/debug/kmemleak
	leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
	tap_is "$leaks" "$leaks_before" "kmemleak: no new unreferenced object"
fi
# The patterns of tests/vm/guest-run.sh's kernel-clean check.
pat='BUG:|WARNING:|Oops|general protection|UBSAN:'
pat="$pat|possible circular locking|possible recursive locking"
pat="$pat|inconsistent lock state|suspicious RCU usage"
pat="$pat|blocked for more than|rcu_.*stall|unreferenced object"
tap_is "$(dmesg | tail -n +$((dmesg_lines + 1)) | grep -E "$pat" | head -n 20)" "" \
	"dmesg: no BUG, WARNING, lockdep or KASAN report during the test"
rm -rf "$tmp"
tap_done
