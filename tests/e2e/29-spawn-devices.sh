#!/bin/bash
# The device policy, attacked from inside as container root with the
# default capabilities (CAP_MKNOD among them): the cgroup device program
# denies every node but the standard ones (EPERM), whatever is made or
# found; /dev and volumes are nodev (EACCES) unless a volume says dev;
# --device opens exactly one more node; kctr inspect shows the policy.
#
# Userspace logic the debug VMs' sanitizers add nothing to (the kernel
# paths it reaches run in every spawn there): not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

T=$(mktemp -d)
chmod 755 "$T"	# searchable by a --userns root
cc -static -O2 -o "$T/devtry" "$(dirname "$0")/tools/devtry.c" ||
	tap_fail "building devtry"
# A tmpfs of our own: its nodes open on the host (no nodev), so a refusal
# inside is the container's policy. c 1:11 (/dev/kmsg) opens write-only
# without any capability: harmless, and denied by the default policy.
H=$T/host
mkdir -p "$H"
mount -t tmpfs -o mode=755 kctr-devtest "$H"
mkdir "$H/vol"
mknod -m 666 "$H/kmsg" c 1 11
mknod -m 666 "$H/vol/kmsg" c 1 11
mknod -m 666 "$H/vol/null" c 1 3
# c 10:200 (tun): whatever the host's driver says, EPERM is the program's.
mknod -m 666 "$H/vol/tun" c 10 200
chmod 777 "$H/vol"
tap_is "$("$T/devtry" "open:w:$H/kmsg" "open:w:$H/vol/kmsg")" \
"open:w:$H/kmsg: OK
open:w:$H/vol/kmsg: OK" "control: the host opens the test's c 1:11 nodes"
tap_not "control: the host's open of c 10:200 is not EPERM" \
	grep -q EPERM <<<"$("$T/devtry" "open:rw:$H/vol/tun")"

try() { sh_in -v "$T:/t:ro" "$@"; }

# --- default policy, container root with CAP_MKNOD ---
out=$(try -- '/t/devtry mknod:b:8:0:/dev/sda mknod:b:254:0:/dev/vda \
	mknod:c:1:1:/dev/mem mknod:c:4:64:/dev/ttyS0 mknod:c:5:1:/dev/console \
	mknod:c:1:11:/tmp/kmsg mknod:b:7:0:/tmp/loop0 \
	open:w:/dev/kmsg; grep ^CapEff /proc/self/status')
tap_like "$out" "CapEff:.00000000a80425fb" "the container has CAP_MKNOD (default set)"
tap_like "$out" "mknod:b:8:0:/dev/sda: EPERM" "mknod of a host disk (b 8:0) in /dev: EPERM"
tap_like "$out" "mknod:b:254:0:/dev/vda: EPERM" "mknod of b 254:0 (virtio disk): EPERM"
tap_like "$out" "mknod:c:1:1:/dev/mem: EPERM" "mknod of c 1:1 (mem): EPERM"
tap_like "$out" "mknod:c:4:64:/dev/ttyS0: EPERM" "mknod of c 4:64 (ttyS0): EPERM"
tap_like "$out" "mknod:c:5:1:/dev/console: EPERM" "mknod of c 5:1 (console) without -t: EPERM"
tap_like "$out" "mknod:c:1:11:/tmp/kmsg: EPERM" "mknod of c 1:11 in /tmp: EPERM"
tap_like "$out" "mknod:b:7:0:/tmp/loop0: EPERM" "mknod of b 7:0 in /tmp: EPERM"
tap_like "$out" "open:w:/dev/kmsg: ENOENT" "/dev has no kmsg"

# A standard node can be made, but /dev and the root are nodev.
out=$(try -- '/t/devtry mknod:c:1:3:/dev/null2 open:w:/dev/null2 \
	mknod:c:1:3:/tmp/null2 open:w:/tmp/null2')
tap_like "$out" "mknod:c:1:3:/dev/null2: OK" "mknod of c 1:3 (null) is allowed"
tap_like "$out" "open:w:/dev/null2: EACCES" "but /dev is nodev: EACCES"
tap_like "$out" "open:w:/tmp/null2: EACCES" "and the root is nodev: EACCES"

# The standard nodes work.
out=$(try -- '/t/devtry open:rw:/dev/null open:r:/dev/zero open:rw:/dev/full \
	open:r:/dev/random open:r:/dev/urandom open:rw:/dev/ptmx; \
	head -c 8 /dev/urandom | wc -c; echo x 2>&1 > /dev/full; echo full=$?; \
	echo gone > /dev/null && echo null-ok')
tap_is "$(echo "$out" | grep -c ': OK$')" 6 "null, zero, full, random, urandom, ptmx open"
tap_like "$out" "(^|
)8
" "urandom reads"
tap_like "$out" "No space left on device" "full is /dev/full (ENOSPC)"
tap_like "$out" "null-ok" "null writes"
out=$(sh_in -- 'rm /etc/passwd && test ! -e /etc/passwd && echo whiteout-ok' 2>&1)
tap_like "$out" "whiteout-ok" "removing an image file works (overlayfs whiteout is a c 0:0 node)"

# A node found in a volume: nodev by default, the program with ,dev.
out=$(try -v "$H/vol:/v" -- '/t/devtry open:w:/v/kmsg open:w:/v/null; \
	grep " /v " /proc/self/mounts')
tap_like "$out" "open:w:/v/kmsg: EACCES" "a host node in a rw volume: EACCES (nodev)"
tap_like "$out" "open:w:/v/null: EACCES" "even null's numbers: the volume is nodev"
tap_like "$out" " /v [^ ]+ [^ ]*nodev" "the volume is mounted nodev"
out=$(try -v "$H/vol:/v:rw,dev" -- '/t/devtry open:w:/v/kmsg open:w:/v/null \
	mknod:c:1:11:/v/kmsg2 open:rw:/v/tun; echo made > /v/file')
tap_like "$out" "open:rw:/v/tun: EPERM" "-v ...:rw,dev: c 10:200 denied by the device program (EPERM)"
tap_like "$out" "open:w:/v/kmsg: EPERM" "-v ...:rw,dev: c 1:11 denied by the device program (EPERM)"
tap_like "$out" "open:w:/v/null: OK" "-v ...:rw,dev: a standard node opens"
tap_like "$out" "mknod:c:1:11:/v/kmsg2: EPERM" "-v ...:rw,dev: mknod of c 1:11 there: EPERM"
tap_is "$(cat "$H/vol/file")" made "-v ...:rw,dev is writable"
out=$(try -v "$H/vol:/v:ro" -- '/t/devtry open:r:/v/null; grep " /v " /proc/self/mounts')
tap_like "$out" "open:r:/v/null: EACCES" "a read-only volume is nodev too"
tap_like "$out" " /v [^ ]+ ro,[^ ]*nodev" "ro and nodev"

# --- --device ---
out=$(try --device "$H/kmsg:/dev/mykmsg:w" --device /dev/full:/dev/sub/myfull -- \
	'/t/devtry open:w:/dev/mykmsg open:r:/dev/mykmsg mknod:c:1:11:/dev/k2 \
	mknod:b:8:0:/dev/sda open:w:/dev/sub/myfull; ls -l /dev/mykmsg; \
	echo x 2>&1 > /dev/sub/myfull')
tap_like "$out" "open:w:/dev/mykmsg: OK" "--device HOST:/dev/mykmsg:w: write opens"
tap_like "$out" "open:r:/dev/mykmsg: EPERM" "--device ...:w: read is denied (EPERM)"
tap_like "$out" "mknod:c:1:11:/dev/k2: EPERM" "--device ...:w: no mknod"
tap_like "$out" "mknod:b:8:0:/dev/sda: EPERM" "--device: other nodes still denied"
tap_like "$out" "c[rw-]+ +1 .* 1, +11 .*/dev/mykmsg" "/dev/mykmsg is c 1:11"
tap_like "$out" "open:w:/dev/sub/myfull: OK" "--device /dev/full:/dev/sub/myfull (a new directory)"
tap_like "$out" "No space left on device" "/dev/sub/myfull is /dev/full"

# --userns: no mknod at all (no CAP_MKNOD over the host), the bind works.
out=$(try --userns --device "$H/kmsg:/dev/mykmsg:w" -v "$H/vol:/v:rw,dev" -- \
	'/t/devtry open:w:/dev/mykmsg open:rw:/v/tun open:r:/v/kmsg open:w:/v/null \
	open:rw:/dev/null open:r:/dev/urandom')
tap_like "$out" "open:w:/dev/mykmsg: OK" "--userns --device: the node opens"
tap_like "$out" "open:rw:/v/tun: EPERM" "--userns, ,dev volume: c 10:200 denied by the program"
tap_like "$out" "open:r:/v/kmsg: EPERM" "--userns, ,dev volume: c 1:11 read denied (the rule is w)"
tap_like "$out" "open:w:/v/null: OK" "--userns, ,dev volume: null opens"
tap_like "$out" "open:rw:/dev/null: OK" "--userns: /dev/null opens"
tap_like "$out" "open:r:/dev/urandom: OK" "--userns: /dev/urandom opens"
out=$(try --userns -v "$H/vol:/v" -- '/t/devtry open:w:/v/null')
tap_like "$out" "open:w:/v/null: EACCES" "--userns: a volume is nodev"

# --no-init: the same program.
out=$(try --no-init -v "$H/vol:/v:rw,dev" -- '/t/devtry open:w:/v/kmsg mknod:b:8:0:/dev/sda')
tap_like "$out" "open:w:/v/kmsg: EPERM" "--no-init: c 1:11 denied"
tap_like "$out" "mknod:b:8:0:/dev/sda: EPERM" "--no-init: mknod of b 8:0 denied"

# --- kctr exec, kctr inspect ---
name=${SP_PFX}dev
id=$("$KCTR" spawn -d --name "$name" -v "$T:/t:ro" -v "$H/vol:/v:rw,dev" \
	--device "$H/kmsg:/dev/mykmsg:w" -- /bin/sh -c 'sleep 1000')
tap_like "$id" '^[0-9]+$' "a container with --device started"
out=$("$KCTR" exec "$name" -- /t/devtry mknod:b:8:0:/dev/sda open:rw:/v/tun open:r:/v/kmsg open:w:/dev/mykmsg)
tap_like "$out" "mknod:b:8:0:/dev/sda: EPERM" "kctr exec: mknod of b 8:0 denied"
tap_like "$out" "open:rw:/v/tun: EPERM" "kctr exec: c 10:200 in a ,dev volume denied"
tap_like "$out" "open:r:/v/kmsg: EPERM" "kctr exec: c 1:11 read denied (the rule is w)"
tap_like "$out" "open:w:/dev/mykmsg: OK" "kctr exec: the --device node opens"
js=$("$KCTR" -j inspect "$name")
out=$(echo "$js" | python3 -c 'import json,sys; d=json.load(sys.stdin)["devices"]; print(d["default"]); print(" ".join(r.replace(" ", "_") for r in d["allow"])); print(len(d["attached_prog_ids"]))')
tap_is "$out" "deny
c_1:3_rwm c_1:5_rwm c_1:7_rwm c_1:8_rwm c_1:9_rwm c_5:0_rwm c_5:2_rwm c_136:*_rwm c_1:11_w
1" "inspect: default deny, the standard rules and the --device rule, one program attached"
if command -v bpftool >/dev/null; then
	pid=$(echo "$js" | python3 -c 'import json,sys; print(json.load(sys.stdin)["devices"]["attached_prog_ids"][0])')
	tap_like "$(bpftool cgroup show "$CGROOT/kctr/$id" 2>&1)" "$pid +cgroup_device +multi +kctr_devices" \
		"bpftool sees the program on the cgroup"
fi
"$KCTR" rm -f "$name" >/dev/null

# --- errors ---
before=$(snapshot)
out=$("$KCTR" spawn --rm --device /etc/passwd:/dev/passwd -- true 2>&1)
tap_is "$?" 125 "--device of a regular file fails with 125"
tap_like "$out" "--device /etc/passwd: not a character or block device node" "and says why ($out)"
out=$("$KCTR" spawn --rm --device /dev/nonexistent -- true 2>&1)
tap_like "$out" "--device /dev/nonexistent: No such file or directory" "a missing node ($out)"
tap_is "$(snapshot)" "$before" "a refused --device leaves nothing behind"
out=$("$KCTR" spawn --rm --device /dev/full:/etc/full -- true 2>&1)
tap_like "$out" "must name a node under /dev/" "CTR outside /dev refused ($out)"
out=$("$KCTR" spawn --rm --device /dev/full:/dev/../etc/x -- true 2>&1)
tap_like "$out" "without '..'" "CTR with .. refused ($out)"
out=$("$KCTR" spawn --rm --device /dev/full:/dev/f:rwx -- true 2>&1)
tap_like "$out" "bad access 'rwx'" "a bad access string refused ($out)"
out=$("$KCTR" spawn --rm -v /tmp:/x:rw,nodevice -- true 2>&1)
tap_like "$out" "bad volume" "an unknown volume option refused ($out)"

umount "$H"
rm -rf "$T"
tap_done
