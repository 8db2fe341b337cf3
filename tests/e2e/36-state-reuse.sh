#!/bin/bash
# A container's state directory (containers/<id>: upper layer, log) is its
# own: ids restart after rmmod/insmod, and a directory an earlier load's
# container left (--rm -d: the module removed it by itself) is removed,
# never reused, whatever its id. The state tree is root's alone (0700).
# The module is loaded again before the test ends.
#
# Userspace logic the debug VMs' sanitizers add nothing to (the kernel
# paths it reaches run in every spawn there): not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

module_unused() {
	[ "$(cat /sys/module/kctr/refcnt)" = 0 ]
}
reload() {
	wait_until 30 module_unused && rmmod kctr && insmod "$KCTR_KO"
}
gone() {
	! "$KCTR" list -a -q 2>/dev/null | grep -qx "$1"
}
log_has() {
	"$KCTR" logs "$1" 2>/dev/null | grep -qx -- "$2"
}
is_nobody_denied() {
	! setpriv --reuid 65534 --regid 65534 --clear-groups "$@" 2>/dev/null
}

# Nothing of the earlier tests may hold the module.
for n in $("$KCTR" list -a -q 2>/dev/null); do
	"$KCTR" rm -f "$n" >/dev/null 2>&1
done
tap_ok "reload the module: ids start again" reload

# First load: a container writes into its upper layer and its log, and
# the module removes it by itself when it exits (--rm -d).
old=$("$KCTR" spawn -d --rm --name "$SP_PFX-old" -- \
	sh -c 'echo secret >/secret-file; echo secret-log-line' 2>&1)
tap_like "$old" '^[0-9]+$' "spawn -d --rm of the writer: id $old"
wait_until 60 gone "$old"
tap_ok "the module removed it by itself" gone "$old"
tap_ok "its state dir is left behind, with its file" \
	test -f "$STATE/containers/$old/upper/secret-file"
tap_ok "and its log" grep -q secret-log-line "$STATE/containers/$old/log"

tap_ok "rmmod and insmod" reload

# Second load: the same id again, and nothing of the old container.
new=$("$KCTR" spawn -d --name "$SP_PFX-new" -- \
	sh -c 'ls /secret-file 2>&1; echo new-started; exec sleep 1000' 2>&1)
tap_is "$new" "$old" "after the reload the first container gets the same id"
wait_until 60 log_has "$SP_PFX-new" new-started
logs=$("$KCTR" logs "$SP_PFX-new" 2>&1)
tap_like "$logs" "new-started" "the new container runs"
tap_not "kctr logs shows nothing of the old container's log" \
	grep -q secret-log-line <<<"$logs"
tap_like "$logs" "secret-file: No such file" \
	"the new container does not see the old one's file"
tap_not "the old upper layer is gone from the state dir" \
	test -e "$STATE/containers/$new/upper/secret-file"

# A stale dir with an id the new load has not reached yet is collected too.
mkdir -p "$STATE/containers/999999/upper"
echo stale >"$STATE/containers/999999/upper/f"
out=$("$KCTR" spawn --rm -- true 2>&1)
tap_is "$out" "" "another spawn"
tap_not "a stale dir above the current ids is removed by the next spawn" \
	test -e "$STATE/containers/999999"

# Private: the top is 0700, so no host user but root reaches anything below.
# 0700, or 0710 with the group of the user namespaces' root once a --userns
# container ran (earlier tests do): nothing for other users either way.
top=$(stat -c '%a %g' "$STATE")
tap_like "$top" '^(700 [0-9]+|710 100000)$' "the state tree's top is 0700 (or 0710 for the userns root's group): $top"
tap_is "$(stat -c %a "$STATE/containers/$new")" 700 "a container's dir is 0700"
echo private >"$STATE/containers/$new/upper/probe"
tap_ok "nobody cannot read a running container's upper dir" \
	is_nobody_denied cat "$STATE/containers/$new/upper/probe"
tap_ok "nor list it" is_nobody_denied ls "$STATE/containers/$new/upper"
tap_ok "nor read its log" is_nobody_denied cat "$STATE/containers/$new/log"
tap_ok "nor list the layers" is_nobody_denied ls "$STATE/layers"
tap_ok "(the same read as root works: the check is not vacuous)" \
	cat "$STATE/containers/$new/upper/probe"
# --userns: the namespace's root still reaches its layers and dirs.
# Its group (the namespace root's) may search the top, no more: 0710.
out=$("$KCTR" spawn --rm --userns -- sh -c 'echo x >/f && cat /f && id -u' 2>&1)
tap_is "$(echo $out)" "x 0" "--userns still mounts its root below the private tree"
tap_is "$(stat -c '%a %U %g' "$STATE")" "710 root 100000" \
	"after a --userns spawn the top is 0710, group the namespace root's"
tap_ok "nobody still cannot read the upper dir" \
	is_nobody_denied cat "$STATE/containers/$new/upper/probe"

# A root that nests its upper layer far deeper than PATH_MAX (3000
# levels, six mkdir -p of 500 each): --rm still removes all of it, not
# only what a path can name (nftw, until session 14, left it behind).
before=$(ls "$STATE/containers")
out=$("$KCTR" spawn --rm -- sh -c 'p=d; i=1
	while [ $i -lt 500 ]; do p=$p/d; i=$((i + 1)); done
	for n in 1 2 3 4 5 6; do mkdir -p "$p" && cd -P "$p" || exit 1; done
	echo >bottom && echo 3000 deep' 2>&1)
tap_is "$out" "3000 deep" "a container nests its upper layer 3000 directories deep"
tap_is "$(ls "$STATE/containers")" "$before" "  --rm removed its state directory whole"

"$KCTR" rm -f "$SP_PFX-new" >/dev/null 2>&1
wait_until 30 module_unused
# The module stays loaded for the tests that follow.
tap_ok "the module is loaded at the end" test -d /sys/module/kctr
tap_done
