#!/bin/bash
# logs: the output of a detached container, before and after it exits;
# -f follows it until the kernel reports the exit; clear errors for a
# container without a log and for one that does not exist.
#
# The tool's own logic; the kernel paths it reaches run in every spawn
# and in the netlink tests there: not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"

a=$CLI_PFX-talker
# "go" lets the test read the log before the late line is written.
go=$(mktemp -u /tmp/kctr-logs-go.XXXXXX)
id=$("$KCTR" spawn -d --name "$a" -v /tmp:/hosttmp -- sh -c \
	"echo to-stdout; echo to-stderr >&2;
	 while [ ! -e /hosttmp/${go##*/} ]; do sleep 0.1; done;
	 echo late-line; exit 3" 2>&1)
tap_like "$id" '^[0-9]+$' "spawn -d $a"
for _ in $(seq 100); do
	out=$("$KCTR" logs "$a" 2>&1)
	[[ "$out" == *to-stderr* && "$out" == *to-stdout* ]] && break
	sleep 0.1
done
tap_like "$out" "to-stdout" "logs: what the container wrote to stdout"
tap_like "$out" "to-stderr" "logs: and to stderr"
tap_not "logs: nothing before it was written" grep -q late-line <<<"$out"

# -f started while the container runs ends when it exits, with everything.
"$KCTR" logs -f "$a" >"$go.out" 2>&1 &
follower=$!
# It has subscribed to the events before it copies the log: once the
# early lines are out, it follows; late-line below proves it kept on.
early_copied() {
	grep -qx to-stdout "$go.out" && grep -qx to-stderr "$go.out"
}
wait_until 30 early_copied || tap_diag "logs -f printed no early line in 30 s"
tap_ok "logs -f is still following a running container" kill -0 "$follower"
touch "$go"
rc=0
for _ in $(seq 300); do
	kill -0 "$follower" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$follower" 2>/dev/null; then
	tap_fail "logs -f returns once the container exits" "still running after 30 s"
	kill "$follower"
fi
wait "$follower" || rc=$?
tap_is "$rc" 0 "logs -f exits 0"
tap_is "$(sort "$go.out" | tr '\n' ' ')" "late-line to-stderr to-stdout " \
	"logs -f: all three lines"
tap_like "$(tail -n 1 "$go.out")" "^late-line$" "logs -f: the line written last"
tap_ok "the container stopped" wait_state "$a" stopped 10

# After the exit: the whole log, with or without -f, at once.
tap_is "$("$KCTR" logs "$a" | sort | tr '\n' ' ')" "late-line to-stderr to-stdout " \
	"logs of a stopped container: all three lines"
tap_ok "logs -f of a stopped container returns at once" timeout 20 "$KCTR" logs -f "$a"

# No log: a container that was not detached.
b=$CLI_PFX-attached
"$KCTR" spawn --name "$b" -- true >/dev/null 2>&1
out=$("$KCTR" logs "$b" 2>&1)
rc=$?
tap_is "$rc" 1 "logs of a container started without -d: exit 1"
tap_like "$out" "$b has no log: only containers started with 'spawn -d' keep one" \
	"logs says why there is no log"

# rm takes the log with it; an unknown name is "not found".
"$KCTR" rm "$a" >/dev/null
out=$("$KCTR" logs "$a" 2>&1)
rc=$?
tap_is "$rc" 3 "logs after rm: exit 3 (not found)"
tap_not "rm removed the log" test -e "/var/lib/kctr/containers/$id/log"
out=$("$KCTR" logs 2>&1)
tap_is "$?" 2 "logs without NAME|ID: usage error"

rm -f "$go" "$go.out"
tap_done
