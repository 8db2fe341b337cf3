#!/bin/bash
# TAP helpers for the e2e tests (sourced). Tests run inside the guest with
# KCTR (the kctr binary), KCTR_KO, KCTR_ROOT, KCTR_VM and the module
# loaded. The plan is printed last by tap_done, so a script that dies
# half-way has no plan and counts as failed.
#
#   tap_ok DESC CMD...        ok when CMD succeeds (its output is shown
#                             as comments when it fails)
#   tap_not DESC CMD...       ok when CMD fails
#   tap_is GOT WANT DESC      ok when the strings are equal
#   tap_like GOT REGEX DESC   ok when GOT matches the extended regex
#   tap_pass DESC / tap_fail DESC [WHY]
#   tap_skip DESC WHY         counted as skipped, never as passed
#   tap_diag TEXT...          a comment line per line of TEXT
#   tap_done                  the plan; exit 1 if anything failed
#
# And the module's view of a container, for every test library:
#   state_of NAME             its state, from list -a (fails if none)
#   wait_state NAME STATE S   poll up to S seconds for that state
#   wait_until S CMD...       poll up to S seconds until CMD succeeds
#   has_process CGDIR COMM    a process of that cgroup has exec'd COMM

TAP_N=0
TAP_FAILED=0

# A /bin/sh snippet for inside a container: prints pid 1's name once the
# init has set it. The init names itself first thing after its execveat()
# of the memfd, whose name the kernel gives it until then
# ("memfd:kctr-init"), and the workload may already run: the name is read
# until it is set, at most 1000 times (bounded by count), and the last
# read is printed if it never is.
INIT_COMM_SH='i=0; read -r c </proc/1/comm
while [ "$c" != kctr-init ] && [ $i -lt 1000 ]; do
	i=$((i + 1)); read -r c </proc/1/comm
done; echo "$c"'

tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

tap_pass() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1"
}

tap_fail() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	[ $# -gt 1 ] && tap_diag "$2"
	return 0
}

tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

tap_ok() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_pass "$desc"
	else
		tap_fail "$desc" "$* -> exit $?: $out"
	fi
}

tap_not() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_fail "$desc" "$* succeeded: $out"
	else
		tap_pass "$desc"
	fi
}

tap_is() {
	if [ "$1" = "$2" ]; then
		tap_pass "$3"
	else
		tap_fail "$3" "got:  '$1'
want: '$2'"
	fi
}

tap_like() {
	if [[ "$1" =~ $2 ]]; then
		tap_pass "$3"
	else
		tap_fail "$3" "got: '$1'
want a match of: $2"
	fi
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit
}

# state_of NAME: the STATE column of list -a, with no python to start.
state_of() {
	local id n st rest
	while read -r id n st rest; do
		[ "$n" = "$1" ] && echo "$st" && return 0
	done <<<"$("$KCTR" list -a 2>/dev/null)"
	return 1
}

# wait_until SECONDS CMD...: poll CMD until it succeeds, or fail after
# SECONDS. Tests wait for what they need to have happened, never for a
# fixed time: under TCG and KASAN a second can pass before a shell runs.
wait_until() {
	local i n=$(($1 * 10))
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# has_process CGROUP-DIR COMM: a process of that cgroup has exec'd COMM.
# The module reports a container running once its init started; the
# workload the init then forks may not have exec'd yet.
has_process() {
	local p c
	for p in $(<"$1/cgroup.procs"); do
		read -r c 2>/dev/null <"/proc/$p/comm" || continue
		[ "$c" = "$2" ] && return 0
	done
	return 1
}

is_state() {
	[ "$(state_of "$1")" = "$2" ]
}

# wait_state NAME STATE SECONDS: poll until the module reports STATE.
wait_state() {
	wait_until "$3" is_state "$1" "$2"
}
