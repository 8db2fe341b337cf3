#!/bin/bash
# Helpers for the 3*-cli-* e2e tests (sourced after lib.sh).

# Name prefix unique to this run, so leftovers of another test never match.
CLI_PFX=cli$$

json_ok() {
	python3 -c 'import json,sys; json.load(sys.stdin)'
}

# jget JSON EXPR: evaluate a Python expression over d = the parsed JSON.
jget() {
	python3 -c 'import json,sys
d = json.loads(sys.argv[1])
v = eval(sys.argv[2])
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' "$1" "$2"
}

# jmany JSON EXPR...: several expressions in one python run (python under
# TCG over 9p costs ~1 s a start), one result per element of JQ.
jmany() {
	local j=$1
	shift
	# A here-string: the guest's /dev has no /dev/fd for <(...).
	mapfile -t JQ <<<"$(python3 -c 'import json,os,sys
d = json.loads(sys.argv[1])
for e in sys.argv[2:]:
    try:
        v = eval(e)
    except Exception as x:
        v = "ERROR %r" % x
    print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' "$j" "$@")"
}

# spawn_d NAME CMD...: a detached container; prints its id on stdout.
spawn_d() {
	local name=$1
	shift
	"$KCTR" spawn -d --name "$name" -- "$@"
}

# log_has NAME LINE: the detached container NAME has written LINE; its
# workload says when it is ready, so that tests need not guess a delay.
log_has() {
	"$KCTR" logs "$1" 2>/dev/null | grep -qx -- "$2"
}

# field NAME EXPR: an expression over the container's inspect record.
field() {
	local j
	j=$("$KCTR" -j inspect "$1" 2>/dev/null) || return 1
	jget "$j" "$2"
}

# Remove whatever this test created, whatever state it is in.
cli_cleanup() {
	local n
	for n in $("$KCTR" list -a 2>/dev/null | awk -v p="$CLI_PFX" 'NR > 1 && index($2, p) == 1 { print $2 }'); do
		"$KCTR" rm -f "$n" >/dev/null 2>&1
	done
}
trap cli_cleanup EXIT
# A test killed by its timeout still cleans up (EXIT runs on exit only).
trap 'exit 143' TERM INT

# running_sleeper NAME: spawn -d NAME sleeping, wait until sleep runs and pass
# that as a test, setting $id; if it never runs, fail and end the test
# file: everything after it needs the container.
running_sleeper() {
	id=$(spawn_d "$1" sleep 1000 2>&1)
	if ! [[ "$id" =~ ^[0-9]+$ ]] || ! wait_state "$1" running 30 ||
		! wait_until 60 has_process "/sys/fs/cgroup/kctr/$id" sleep; then
		tap_fail "spawn -d a running container for the cli tests" "$id"
		tap_done
	fi
	tap_pass "spawn -d $1: id $id, running"
}
