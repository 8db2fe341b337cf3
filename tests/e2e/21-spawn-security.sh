#!/bin/bash
# kctr spawn: capabilities, seccomp, masked and read-only paths, volumes,
# --read-only, -u and --userns, as the container sees them.
#
# Covered for the kernel by the netlink tests the debug VMs run (10-14,
# 16, 17); ten times slower there, it would not fit their time limit.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

caps() { sh_in "$@" -- 'grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb)" /proc/self/status | tr -s "\t" " " | tr "\n" ";"'; }

tap_is "$(caps)" "CapInh: 0000000000000000;CapPrm: 00000000a80425fb;CapEff: 00000000a80425fb;CapBnd: 00000000a80425fb;CapAmb: 0000000000000000;" \
	"default capability sets (Docker's 14)"
tap_is "$(caps --cap-drop ALL --cap-add NET_ADMIN,SYS_TIME)" \
	"CapInh: 0000000000000000;CapPrm: 0000000002001000;CapEff: 0000000002001000;CapBnd: 0000000002001000;CapAmb: 0000000000000000;" \
	"--cap-drop ALL --cap-add NET_ADMIN,SYS_TIME"
tap_is "$(caps --cap-drop chown,KILL | cut -d';' -f4)" "CapBnd: 00000000a80425da" "--cap-drop chown,KILL"
out=$(sh_in -u 1000:1000 -- 'id -u; id -g; grep CapEff /proc/self/status')
tap_is "$(echo $out)" "1000 1000 CapEff: 0000000000000000" "-u 1000:1000 runs without capabilities"

out=$(sh_in -- 'grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status | tr -s "\t" " " | tr "\n" ";"')
tap_is "$out" "NoNewPrivs: 1;Seccomp: 2;" "seccomp filter mode, no_new_privs"
# With CAP_SYS_ADMIN, so that the filter and not a capability refuses;
# the same script unconfined shows what the kernel alone would answer.
seccomp_script='swapoff /nonexistent 2>&1; unshare -U true 2>&1 && echo unshare-ok; mount -t tmpfs t /mnt 2>&1 && echo mount-ok; echo work > /tmp/f && cat /tmp/f'
out=$(sh_in --cap-add SYS_ADMIN -- "$seccomp_script")
unc=$(sh_in --cap-add SYS_ADMIN --seccomp unconfined -- "$seccomp_script")
tap_like "$out" "swapoff: /nonexistent: Operation not permitted" "swapoff is EPERM"
tap_like "$unc" "swapoff: /nonexistent: No such file or directory" "... not EPERM without the filter"
tap_like "$out" "unshare\\(0x10000000\\): Operation not permitted" "unshare -U is EPERM"
tap_like "$unc" "unshare-ok" "... allowed without the filter"
tap_like "$out" "mount: permission denied" "mount is denied"
tap_like "$unc" "mount-ok" "... allowed without the filter"
tap_like "$out" "work\$" "ordinary work succeeds"
out=$(sh_in --seccomp unconfined -- 'grep "^Seccomp:" /proc/self/status')
tap_like "$out" "Seccomp:.0" "--seccomp unconfined: no filter"
prof=$(mktemp)
cat >"$prof" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
JSON
out=$(sh_in --seccomp "$prof" -- 'mkdir /tmp/d 2>&1; touch /tmp/f && echo touch-ok')
tap_like "$out" "mkdir: can't create directory '/tmp/d': Permission denied" \
	"--seccomp FILE: mkdir gets errnoRet 13 (EACCES)"
tap_like "$out" "touch-ok" "--seccomp FILE: other calls work"
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscals": []}' >"$prof"
before=$(snapshot)
out=$(sh_in --seccomp "$prof" -- true 2>&1)
rc=$?
tap_is "$rc" 125 "a bad profile fails with 125"
tap_like "$out" "unknown field \"syscals\"" "the error names the field ($out)"
tap_is "$(snapshot)" "$before" "a bad profile leaves nothing behind"
rm -f "$prof"

out=$(sh_in -- 'wc -c < /proc/kcore; cat /proc/keys /proc/timer_list | wc -c; ls /sys/firmware | wc -l')
tap_is "$(echo $out)" "0 0 0" "masked paths read empty"
out=$(sh_in -- 'echo 1 > /proc/sys/kernel/ns_last_pid; echo h > /proc/sysrq-trigger' 2>&1)
tap_is "$(echo "$out" | grep -c 'Read-only file system')" 2 "read-only paths refuse writes"

vol=$(mktemp -d)
echo host > "$vol/f"
out=$(sh_in --read-only -v "$vol:/data:ro" -v "$vol:/rw" --tmpfs /scratch -- \
	'touch /x 2>&1; touch /data/y 2>&1; cat /data/f; echo c > /rw/from-ctr; touch /scratch/z && echo tmpfs-ok')
tap_like "$out" "touch: /x: Read-only file system" "--read-only root refuses writes"
tap_like "$out" "touch: /data/y: Read-only file system" "read-only volume refuses writes"
tap_like "$out" "host" "volume shows the host's file"
tap_is "$(cat "$vol/from-ctr" 2>&1)" c "a rw volume writes through to the host"
tap_like "$out" "tmpfs-ok" "--tmpfs is writable"
rm -rf "$vol"

# --userns: root inside is the mapped host uid outside.
id=$("$KCTR" spawn -d --userns=200000:65536 --name "${SP_PFX}u" -- /bin/sh -c 'touch /root/x && sleep 1000')
tap_like "$id" '^[0-9]+$' "--userns container started"
wait_until 60 test -e "$STATE/containers/$id/upper/root/x" ||
	tap_diag "the workload has not written /root/x after 60 s"
ipid=$(init_pid "${SP_PFX}u")
tap_like "$(grep ^Uid: /proc/$ipid/status)" "^Uid:.200000.200000.200000.200000$" \
	"the init's uid seen from the host is 200000"
pids=$(cat "$CGROOT/kctr/$id/cgroup.procs" | tr '\n' ' ')
tap_like "$(cat /proc/$ipid/uid_map | tr -s ' ')" "^ *0 200000 65536$" "uid_map 0 200000 65536"
tap_ok "the user namespace is new" test "$(readlink /proc/$ipid/ns/user)" != "$(readlink /proc/self/ns/user)"
tap_ok "files written inside are owned by 200000 outside" \
	test "$(stat -c %u "$STATE/containers/$id/upper/root/x")" = 200000
"$KCTR" rm -f "${SP_PFX}u" >/dev/null
tap_diag "processes were: $pids"
tap_done
