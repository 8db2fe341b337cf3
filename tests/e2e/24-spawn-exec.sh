#!/bin/bash
# kctr exec: the same namespaces, cgroup, capabilities and seccomp as the
# container's init; the status propagates.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

name=${SP_PFX}x
id=$("$KCTR" spawn -d --name $name --hostname exbox --cap-drop ALL --cap-add KILL -- /bin/sleep 1000)
tap_like "$id" '^[0-9]+$' "detached container started"
ipid=$(init_pid $name)
wait_until 60 has_process "$CGROOT/kctr/$id" sleep || tap_diag "sleep has not started after 60 s"

out=$("$KCTR" exec $name -- hostname)
tap_is "$out" exbox "exec sees the container's hostname"
out=$("$KCTR" exec $name -- /bin/sh -c 'for k in mnt pid net ipc uts cgroup time; do [ -e /proc/self/ns/$k ] && echo "$k $(readlink /proc/self/ns/$k)"; done')
want=$(for k in mnt pid net ipc uts cgroup time; do [ -e /proc/self/ns/$k ] && echo "$k $(readlink /proc/$ipid/ns/$k)"; done)
tap_is "$out" "$want" "exec is in every namespace of the init"
out=$("$KCTR" exec $name -- /bin/sh -c 'grep -E "^(CapBnd|CapEff|Seccomp):" /proc/self/status | tr -s "\t" " " | tr "\n" ";"')
tap_is "$out" "CapEff: 0000000000000020;CapBnd: 0000000000000020;Seccomp: 2;" \
	"exec has the container's caps and seccomp"
out=$("$KCTR" exec $name -- ps -o comm | sort | tr '\n' ' ')
tap_like "$out" "sleep" "exec's ps sees the container's processes ($out)"
tap_is "$("$KCTR" exec $name -- cat /proc/self/cgroup)" "0::/" "exec is in the container's cgroup (its root)"
"$KCTR" exec $name -- /bin/sh -c 'exit 5'
tap_is "$?" 5 "exec's exit status propagates"
out=$("$KCTR" exec -e FOO=bar -w /tmp -u 1000 $name -- /bin/sh -c 'echo $FOO $(pwd) $(id -u)')
tap_is "$out" "bar /tmp 1000" "exec -e -w -u"
out=$(script -qec "$KCTR exec -t $name -- /bin/sh -c 'tty; exit 6'" /dev/null </dev/null)
tap_is "$?" 6 "exec -t: the status propagates"
tap_like "$out" "/dev/pts/[0-9]+" "exec -t: a terminal of the container's devpts"
out=$(script -qec "$KCTR exec -t -u 1000 $name -- /bin/sh -c 'id -u; stat -c %u \$(tty)'" /dev/null </dev/null)
tap_is "$?:$(echo $out | tr -d '\r')" "0:1000 1000" "exec -t -u 1000: runs, on a terminal it owns"
out=$(echo piped | "$KCTR" exec -i $name -- /bin/cat)
tap_is "$out" piped "exec -i: stdin reaches the command"
# In a container with a user namespace, exec is its root, mapped outside.
"$KCTR" spawn -d --userns --name ${name}u -- /bin/sleep 1000 >/dev/null
out=$("$KCTR" exec ${name}u -- /bin/sh -c 'id -u; cat /proc/self/uid_map' | tr '\n' ' ' | tr -s ' ')
tap_is "$out" "0 0 100000 65536 " "exec in a --userns container: root inside, mapped"
"$KCTR" rm -f ${name}u >/dev/null
"$KCTR" exec nosuch-$$ -- true 2>/dev/null
tap_is "$?" 125 "exec on an unknown container fails"
"$KCTR" rm -f $name >/dev/null
tap_ok "rm -f removed it" wait_gone $name 10
tap_done
