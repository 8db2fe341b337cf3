#!/bin/bash
# Generic (OCI) mounts and sysctls through kctr spawn --mount/--sysctl:
# binds, tmpfs (tmpcopyup), propagation, entries merged into kctr's own
# /proc, /dev, /dev/pts, /dev/shm, /sys and /sys/fs/cgroup with its
# protections kept (masked paths, nodev, read-only /sys), nodev and the
# device policy, and the attacks: a hostile image's symlinks (to /etc, to
# a host directory, ../.., /proc/self/root) never lead a mount onto the
# host, proc/sysfs elsewhere are refused, a sysctl outside the
# container's namespaces is refused before anything is made.
#
# Userspace logic the debug VMs' sanitizers add nothing to: not there.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

work=$(mktemp -d /tmp/kctr-mounts.XXXXXX)
chmod 755 "$work"	# --userns: its root opens the bind source
bait=$work/bait
mkdir -p "$bait" "$work/src" "$work/layer/etc"
echo mount-marker >"$work/src/marker"
echo file-marker >"$work/file"
cd "$work/layer" || exit 1
ln -s /etc evil
ln -s "$bait" bait
ln -s ../../../../../../.. up
ln -s /proc/self/root/etc hostroot
echo layer-etc >etc/layer-file
ln -s layer-file etc/layer-link
mkdir etc/open && chmod 777 etc/open && echo x >etc/open/f && chmod 666 etc/open/f
cd /
img=$SP_PFX-mnt
out=$("$KCTR" image import --parent busybox "$img" "$work/layer" 2>&1)
tap_is "$?" 0 "an image with hostile symlinks ($out)"

# mi PATH, defined in the container by "$mi": "fstype options" of the top
# mount at PATH (the mount's options, then the super block's).
mi='mi() { awk -v p="$1" '"'"'$5 == p { for (i = 7; $i != "-"; i++); o = $6 "," $(i + 3); t = $(i + 1) } END { print t, o }'"'"' /proc/self/mountinfo; }'

# ---- binds ----
out=$(sh_in --mount "type=bind,src=$work/src,dst=/data,options=rbind:ro" -- \
	"$mi; cat /data/marker; echo x >/data/new 2>/dev/null || echo refused; mi /data" 2>&1)
tap_like "$out" "^mount-marker" "a directory bind: its content (${out%%$'\n'*})"
tap_like "$out" "refused" "ro holds"
tap_like "$(echo "$out" | tail -1)" " ro,.*nodev" "ro and nodev (the default) on its mount"
tap_not "nothing written through the ro bind" test -e "$work/src/new"

out=$(sh_in --mount "type=bind,src=$work/file,dst=/etc/made/here,options=bind" -- \
	'cat /etc/made/here; [ -f /etc/made/here ] && echo file' 2>&1)
tap_is "$(echo $out)" "file-marker file" "a file bind: the destination is made a file, parents made"

out=$(sh_in --mount "type=bind,src=$work/src,dst=/data,options=rbind:rshared" -- \
	'grep " /data " /proc/self/mountinfo' 2>&1)
tap_like "$out" " shared:[0-9]+" "propagation rshared applied ($out)"
out=$(sh_in --mount "type=bind,src=$work/src,dst=/data,options=rbind" -- \
	'grep " /data " /proc/self/mountinfo' 2>&1)
tap_not "without it: private" grep -q shared: <<<"$out"

before=$(snapshot)
out=$("$KCTR" spawn --rm --mount "type=bind,src=$work/nope,dst=/data,options=rbind" -- true 2>&1)
rc=$?
tap_is "$rc" 125 "a missing bind source: refused"
tap_is "$out" "kctr: spawn: mount /data: source $work/nope: No such file or directory" \
	"the error names the mount and the source"
tap_is "$(snapshot)" "$before" "and nothing was made (no record, cgroup, state, mount)"

# ---- file systems ----
out=$(sh_in --mount "type=tmpfs,src=tmpfs,dst=/run/x,options=nosuid:mode=700:size=1m" -- \
	"$mi; mi /run/x; stat -c %a /run/x" 2>&1)
tap_like "$(echo $out)" "^tmpfs .*nosuid.*nodev.*size=1024k.* 700$" \
	"a tmpfs entry: its flags, data, and nodev ($(echo $out))"
out=$(sh_in --image "$img" --mount "type=tmpfs,dst=/etc,options=tmpcopyup:mode=755" -- \
	"$mi; mi /etc | cut -d' ' -f1; cut -d: -f1 /etc/passwd | head -1; cat /etc/layer-link; readlink /etc/layer-link; stat -c %a /etc/open /etc/open/f" 2>&1)
tap_is "$(echo $out)" "tmpfs root layer-etc layer-file 777 666" \
	"tmpcopyup: the image's /etc (files, symlinks, modes) copied into the tmpfs ($(echo $out))"
out=$(sh_in --mount "type=mqueue,dst=/mq" -- "$mi; mi /mq | cut -d' ' -f1" 2>&1)
tap_is "$out" mqueue "an mqueue entry elsewhere"

# ---- entries on kctr's own mount points: merged, protections kept ----
out=$(sh_in --mount "type=proc,src=proc,dst=/proc,options=nosuid:noexec:nodev" -- \
	'wc -c </proc/kcore; ls /sys/firmware | wc -l; (echo 1 >/proc/sys/kernel/sysrq) 2>/dev/null || echo ro; grep -c " /proc proc " /proc/mounts' 2>&1)
tap_is "$(echo $out)" "0 0 ro 1" \
	"a proc entry on /proc: one proc, masked and read-only paths kept"
out=$(sh_in --mount "type=sysfs,src=sysfs,dst=/sys,options=nosuid:noexec:nodev:rw" -- \
	"$mi; mi /sys; ls /sys/firmware | wc -l" 2>&1)
tap_like "$(echo $out)" "^sysfs ro,.* 0$" "a sysfs entry with rw: /sys stays read-only and masked"
out=$(sh_in --mount "type=tmpfs,src=tmpfs,dst=/dev,options=dev:exec:mode=755:size=4m" -- \
	"$mi; mi /dev; echo ok >/dev/null && echo null-ok" 2>&1)
tap_like "$(echo $out)" "^tmpfs .*nosuid,nodev,noexec.*size=4096k.* null-ok$" \
	"a /dev entry with dev,exec: kctr's nosuid,nodev,noexec kept, its size taken, nodes there"
out=$(sh_in --mount "type=devpts,src=devpts,dst=/dev/pts,options=nosuid:noexec:newinstance:ptmxmode=0666:mode=0620:gid=5" -- \
	"$mi; mi /dev/pts" 2>&1)
tap_like "$out" "^devpts .*gid=5" "a devpts entry: gid=5 taken ($out)"
out=$(sh_in --mount "type=tmpfs,src=shm,dst=/dev/shm,options=nosuid:noexec:nodev:mode=1777:size=2m" -- \
	'grep -c " /dev/shm " /proc/mounts; grep " /dev/shm " /proc/mounts' 2>&1)
tap_like "$(echo $out)" "^1 .*size=2048k" "a /dev/shm entry: merged, one mount, its size ($(echo $out))"
out=$(sh_in --mount "type=cgroup,src=cgroup,dst=/sys/fs/cgroup,options=ro:nosuid:noexec:nodev" -- \
	"$mi; mi /sys/fs/cgroup" 2>&1)
tap_like "$out" "^cgroup2 ro," "a cgroup entry: cgroup2, read-only ($out)"

# ---- refused ----
out=$("$KCTR" spawn --rm --mount "type=proc,src=proc,dst=/tmp/p" -- true 2>&1)
tap_like "$out" "mount /tmp/p: proc only on /proc" "proc elsewhere refused ($out)"
out=$("$KCTR" spawn --rm --mount "type=sysfs,dst=/mnt/s" -- true 2>&1)
tap_like "$out" "mount /mnt/s: sysfs only on /sys" "sysfs elsewhere refused"
out=$("$KCTR" spawn --rm --mount "type=ext4,src=/dev/sda,dst=/mnt" -- true 2>&1)
tap_like "$out" "mount /mnt: type ext4 not supported" "other types refused by name"

# ---- device nodes: nodev, and the device policy with dev ----
kmsg=$(stat -c %t:%T /dev/kmsg 2>/dev/null)
out=$(sh_in --mount "type=bind,src=/dev/kmsg,dst=/kmsg,options=bind" \
	--mount "type=bind,src=/dev/null,dst=/null,options=bind" -- \
	'(: </kmsg) 2>&1; (echo x >/null) 2>/dev/null || echo null-refused' 2>&1)
tap_like "$out" "Permission denied" "a bound node without dev: nodev, does not open ($kmsg)"
tap_like "$out" "null-refused" "... even /dev/null"
out=$(sh_in --mount "type=bind,src=/dev/kmsg,dst=/kmsg,options=bind:dev" \
	--mount "type=bind,src=/dev/null,dst=/null,options=bind:dev" -- \
	'(: </kmsg) 2>&1; (echo x >/null) && echo null-ok' 2>&1)
tap_like "$out" "Operation not permitted" "with dev: the device policy refuses /dev/kmsg"
tap_like "$out" "null-ok" "... and allows /dev/null"

# ---- hostile image symlinks ----
out=$(sh_in --image "$img" --mount "type=bind,src=$work/src,dst=/evil/y,options=rbind" -- \
	'cat /etc/y/marker' 2>&1)
tap_is "$out" mount-marker "dst through /evil -> /etc: the container's /etc/y"
out=$(sh_in --image "$img" --mount "type=tmpfs,dst=/evil/t" -- \
	"$mi; mi /etc/t | cut -d' ' -f1" 2>&1)
tap_is "$out" tmpfs "a tmpfs through /evil -> /etc: on the container's /etc/t"
out=$(sh_in --image "$img" --mount "type=bind,src=$work/file,dst=/bait/f,options=bind" -- \
	"cat $bait/f" 2>&1)
tap_is "$out" file-marker "dst through /bait -> $bait: made inside the root"
out=$(sh_in --image "$img" --mount "type=bind,src=$work/src,dst=/up/tmp/z,options=rbind" \
	--mount "type=tmpfs,dst=/../../../up/w" -- \
	"cat /tmp/z/marker; $mi; mi /w | cut -d' ' -f1" 2>&1)
tap_is "$(echo $out)" "mount-marker tmpfs" "through /up -> ../../.. and /../..: .. stops at the container's /"
out=$(sh_in --image "$img" --userns --mount "type=bind,src=$work/src,dst=/evil/u,options=rbind:ro" \
	--mount "type=tmpfs,dst=/evil/v" -- 'cat /etc/u/marker; ls -d /etc/v' 2>&1)
tap_is "$(echo $out)" "mount-marker /etc/v" "--userns: the same resolution"
# /proc/self/root is the init's root, the host's, until pivot_root.
out=$("$KCTR" spawn --rm --image "$img" --mount "type=tmpfs,dst=/hostroot/kctr-magic" -- true 2>&1)
rc=$?
tap_is "$rc" 125 "dst through /hostroot -> /proc/self/root/etc (a magic link): refused"
tap_like "$out" "mount /hostroot/kctr-magic: .*magic link" "the error names the mount and why ($out)"
tap_not "nothing on the host's /etc/kctr-magic" test -e /etc/kctr-magic
tap_is "$(find "$bait" -mindepth 1 | wc -l)" 0 "nothing made in the host directory the link names"
tap_not "nothing on the host's /etc/y" test -e /etc/y
tap_not "nothing on the host's /etc/t" test -e /etc/t
tap_not "nothing on the host's /etc/u" test -e /etc/u
tap_not "nothing mounted on the host" grep -q -e " /etc/[ytu] " -e " $bait" /proc/self/mountinfo

# ---- sysctls ----
host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
want=$((1 - host_fwd))
out=$(sh_in --net none --sysctl "net.ipv4.ip_forward=$want" \
	--sysctl kernel.shmmax=123456789 --sysctl "kernel.sem=250 32000 32 200" \
	--sysctl kernel.hostname=sysctl-host -- \
	'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax; tr "\t" " " </proc/sys/kernel/sem; hostname' 2>&1)
tap_is "$(echo $out)" "$want 123456789 250 32000 32 200 sysctl-host" \
	"net.*, kernel.shmmax, kernel.sem, kernel.hostname set inside"
tap_is "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_fwd" "the host's ip_forward unchanged"
out=$(sh_in --net none --sysctl net/ipv4/conf/lo/forwarding=1 -- \
	'cat /proc/sys/net/ipv4/conf/lo/forwarding' 2>&1)
tap_is "$out" 1 "a key in the slash form"

before=$(snapshot)
core=$(cat /proc/sys/kernel/core_pattern)
out=$("$KCTR" spawn --rm --sysctl kernel.core_pattern=/tmp/x -- true 2>&1)
rc=$?
tap_is "$rc" 125 "kernel.core_pattern (not namespaced): refused"
tap_like "$out" "sysctl kernel.core_pattern: not in a namespace of the container's own" \
	"the error names the key ($out)"
tap_is "$(cat /proc/sys/kernel/core_pattern)" "$core" "the host's core_pattern unchanged"
out=$("$KCTR" spawn --rm --net host --sysctl net.ipv4.ip_forward=1 -- true 2>&1)
tap_like "$out" "sysctl net.ipv4.ip_forward: needs a new network namespace" \
	"net.* with the host's network namespace refused"
out=$("$KCTR" spawn --rm --ns mnt,pid,net --sysctl kernel.shmmax=1 -- true 2>&1)
tap_like "$out" "needs a new ipc namespace" "kernel.shmmax with the host's ipc namespace refused"
out=$("$KCTR" spawn --rm --sysctl net/../kernel/core_pattern=x -- true 2>&1)
tap_like "$out" "not a sysctl name" "a .. trick in the key refused ($out)"
tap_is "$(snapshot)" "$before" "nothing made by the refused sysctls"
tap_is "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_fwd" "the host's ip_forward still unchanged"

"$KCTR" image rm "$img" >/dev/null 2>&1
rm -rf "$work"
tap_done
