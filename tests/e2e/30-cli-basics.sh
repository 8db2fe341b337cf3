#!/bin/bash
# kctr's front: version (module loaded and not), list on an empty
# registry, errors for unknown names and bad arguments, exit codes, help.
#
# The tool's own logic; the kernel paths it reaches run in every spawn
# and in the netlink tests there: not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"

json_ok() {
	python3 -c 'import json,sys; json.load(sys.stdin)'
}

# --- version, module loaded ---
out=$("$KCTR" version 2>&1)
rc=$?
tap_is "$rc" 0 "version exits 0 with the module loaded"
tap_like "$out" "tool: +kctr [0-9]" "version prints the tool's version"
tap_like "$out" "module: +kctr.ko [0-9]" "version prints the module's version"
tap_like "$out" "uapi 5" "version prints the uapi version"
case "$out" in
*warning*) tap_fail "tool and module versions match (no warning)" "$out" ;;
*) tap_pass "tool and module versions match (no warning)" ;;
esac
out=$("$KCTR" -j version)
tap_ok "version -j is JSON" json_ok <<<"$out"
match=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["module"] is not None and d["match"])' <<<"$out")
tap_is "$match" True "version -j: module present and matching"
tap_is "$("$KCTR" version --json)" "$out" "version --json after the command: the same JSON"
out=$("$KCTR" --version)
tap_like "$out" "^kctr [0-9]" "--version prints the tool's version"

# --- list on an empty registry ---
out=$("$KCTR" list -a)
tap_is "$?" 0 "list -a exits 0"
tap_is "$out" "ID  NAME  STATE  PID  IMAGE  STATUS  COMMAND" \
	"list on an empty registry prints the header only"
out=$("$KCTR" -j list -a)
tap_is "$out" "[]" "list -j on an empty registry is []"
out=$("$KCTR" ps -q)
tap_is "$out" "" "ps -q on an empty registry prints nothing"

# --- unknown containers: exit 3, the name in the message ---
for cmd in "inspect" "ns" "top" "kill" "stop" "rm" "rm -f" "ps"; do
	out=$("$KCTR" $cmd no-such-ctr 2>&1)
	rc=$?
	tap_is "$rc" 3 "$cmd no-such-ctr exits 3"
	tap_like "$out" "no-such-ctr: no such container" \
		"$cmd no-such-ctr says what is missing"
done
out=$("$KCTR" inspect 12345 2>&1)
tap_is "$?" 3 "inspect of an unknown id exits 3"

# --- usage errors: exit 2, one wording ---
check_usage() {
	local want=$1 out rc
	shift
	out=$("$KCTR" "$@" 2>&1)
	rc=$?
	tap_is "$rc" 2 "kctr $* exits 2"
	tap_like "$out" "$want" "kctr $* explains: $want"
}
check_usage "unknown command 'frobnicate'" frobnicate
check_usage "unknown command 'lis'" lis
check_usage "invalid signal 'FOO'" kill -s FOO x
check_usage "works with KILL only" kill -a -s TERM x
check_usage "invalid timeout 'abc'" stop -t abc x
check_usage "missing NAME.ID" rm
check_usage "invalid filter 'bogus'" events --filter bogus
check_usage "unknown option '--bogus'" list --bogus
check_usage "unexpected argument 'x'" version x
check_usage "Try 'kctr inspect --help'" inspect

# --- help ---
tap_ok "kctr --help" "$KCTR" --help
# Every command "kctr --help" lists has its own --help and a man section.
cmds=$("$KCTR" --help | awk '/^Commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }')
tap_like "$(echo $cmds)" "^spawn exec .* version$" "kctr --help lists the commands"
for cmd in $cmds; do
	out=$("$KCTR" "$cmd" --help)
	rc=$?
	[ $rc -eq 0 ] && [[ "$out" == Usage:\ kctr\ * ]] &&
		tap_pass "kctr $cmd --help" ||
		tap_fail "kctr $cmd --help" "exit $rc: $out"
	man_has=$(grep -c "^\.SS $cmd\b" "$KCTR_ROOT/Documentation/kctr.8" 2>/dev/null)
	[ "${man_has:-0}" -ge 1 ] && tap_pass "kctr(8) documents $cmd" ||
		tap_fail "kctr(8) documents $cmd"
done

# --- the module not loaded: version exits 4, says so, still prints ours ---
if [ -z "$("$KCTR" ps -aq)" ] && rmmod kctr 2>/dev/null; then
	out=$("$KCTR" version 2>&1)
	rc=$?
	tap_is "$rc" 4 "version exits 4 without the module"
	tap_like "$out" "kctr: the kctr kernel module is not loaded \(insmod kctr\.ko\)" \
		"version says the module is not loaded"
	tap_like "$out" "tool: +kctr [0-9]" "version still prints the tool's version"
	out=$("$KCTR" list 2>&1)
	tap_is "$?" 4 "list exits 4 without the module"
	out=$("$KCTR" -j version 2>/dev/null)
	tap_ok "version -j without the module is JSON" json_ok <<<"$out"
	insmod "$KCTR_KO"
	tap_ok "module reloaded" test -d /sys/module/kctr
	tap_ok "version works again" "$KCTR" version
else
	tap_fail "rmmod kctr for the unloaded-module checks" \
		"containers exist or rmmod failed"
fi

tap_done
