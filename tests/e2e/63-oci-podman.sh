#!/bin/bash
# podman (Debian's 4.3, conmon 2.1) driving kctr-oci: containers run,
# checked from inside and against kctr.ko's own record of them (the kernel
# names each by podman's 64-hex id).
# vms: distro
# Its limit is 10 minutes: on session 16's host its 39 checks and podman's
# teardown took over the 5 of a test.
# timeout: 600
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cli-lib.sh"
. "$(dirname "$0")/oci-lib.sh"

if ! oci_setup podman; then
	tap_fail "podman set up with kctr-oci" "see the diagnostics above"
	tap_done
fi
tap_pass "podman set up, busybox imported"
IMG=$OCI_IMAGE
P=p63-$$
# podman as oci_podman runs it, for script(1)'s command line (-t).
PODMAN="CONTAINERS_CONF=$OCI_STATE/podman/containers.conf"
PODMAN="$PODMAN CONTAINERS_STORAGE_CONF=$OCI_STATE/podman/storage.conf"
PODMAN="$PODMAN podman --runtime $OCI_RUNTIME"

# run ARGS...: podman run --rm ARGS, the output without \r.
run() {
	oci_podman run --rm "$@" 2>&1 | tr -d '\r'
}

# kfield ID EXPR: an expression over kctr's record of podman's container ID.
kfield() {
	local j
	j=$("$KCTR" -j inspect "$1" 2>/dev/null) || return 1
	jget "$j" "$2"
}

pid_of() {
	oci_podman inspect --format '{{.State.Pid}}' "$1" 2>/dev/null
}
is_running() {
	[ "$(oci_podman inspect --format '{{.State.Status}}' "$1" 2>/dev/null)" = running ]
}

# --- run --rm, --network none ---
out=$(run --network none "$IMG" sh -c 'echo hi; hostname; cat /proc/1/comm; true')
tap_is "$(echo "$out" | head -n 1)" hi "run --rm --network none: the program ran"
tap_is "$(echo "$out" | sed -n 3p)" sh "  it is pid 1 in its pid namespace"
oci_podman run --rm --network none "$IMG" sh -c 'exit 7' >/dev/null 2>&1
tap_is "$?" 7 "  the exit code comes back through conmon"
out=$(run --network none "$IMG" sh -c 'ls /sys/class/net | tr "\n" " "')
tap_is "$out" "lo " "  --network none: only lo"

# --- the default bridge network: CNI (podman 4.3 without netavark) made
# the network namespace, the container joins it by path, podman's
# default_sysctls (net.ipv4.ping_group_range) are written inside it ---
NETCHK='ls /sys/class/net | tr "\n" " "; echo
ip -4 addr show dev eth0 | awk "/inet / {print \$2}"
gw=$(ip route | awk "/^default/ {print \$3}"); echo "$gw"
cat /proc/sys/net/ipv4/ping_group_range | tr -s " \t" " "
ping -c 1 -W 5 "$gw" >/dev/null 2>&1 && echo reached || echo unreachable
readlink /proc/self/ns/net'
out=$(run --cap-add NET_RAW "$IMG" sh -c "$NETCHK")
tap_is "$(echo "$out" | sed -n 1p)" "eth0 lo " "default network: eth0 and lo" ||
	tap_diag "$out"
tap_like "$(echo "$out" | sed -n 2p)" '^10\.88\.[0-9]+\.[0-9]+/16$' "  eth0 has an address of podman's network"
tap_is "$(echo "$out" | sed -n 3p)" 10.88.0.1 "  the default route goes through its gateway"
tap_is "$(echo "$out" | sed -n 4p)" "0 0" "  podman's net sysctl written in that namespace"
tap_is "$(echo "$out" | sed -n 5p)" reached "  the gateway answers"
tap_not "  not the host's network namespace" [ "$(echo "$out" | sed -n 6p)" = "$(readlink /proc/self/ns/net)" ]

# --- a detached container, and kctr's record of it ---
cid=$(oci_podman run -d --name "$P-d" --network none --memory 64m --pids-limit 50 \
	--cpus 0.5 "$IMG" sleep 1000 2>&1)
if [[ "$cid" =~ ^[0-9a-f]{64}$ ]] && wait_until 60 is_running "$P-d"; then
	tap_pass "run -d: running ($cid)"
	tap_is "$(kfield "$cid" 'd["state"]')" running "kctr inspect ID: the kernel's record, running"
	tap_is "$(kfield "$cid" 'd["init_pid"]')" "$(pid_of "$P-d")" \
		"  its init pid is podman's State.Pid"
	tap_is "$(kfield "$cid" 'd["cgroup"]["limits"]["memory_max"]')" 67108864 "  --memory 64m: memory.max"
	tap_is "$(kfield "$cid" 'd["cgroup"]["limits"]["pids_max"]')" 50 "  --pids-limit 50: pids.max"
	# podman's --cpus is quota/period with runc's 100 ms period.
	tap_is "$(kfield "$cid" '"%s %s" % (d["cgroup"]["limits"]["cpu_max_quota_us"], d["cgroup"]["limits"]["cpu_max_period_us"])')" \
		"50000 100000" "  --cpus 0.5: cpu.max 50000 100000"
	# A pod's way: a second container in the first one's network namespace.
	out=$(run --network "container:$P-d" "$IMG" readlink /proc/self/ns/net)
	tap_is "$out" "$(readlink /proc/"$(pid_of "$P-d")"/ns/net)" \
		"--network container:NAME: the other container's network namespace"
	tap_like "$("$KCTR" list 2>/dev/null)" "$cid" "  kctr list shows it"
	out=$(oci_podman exec "$P-d" sh -c 'echo in-$(hostname); readlink /proc/self/ns/pid' 2>&1)
	tap_is "$(echo "$out" | head -n 1)" "in-$(oci_podman inspect --format '{{.Config.Hostname}}' "$P-d")" \
		"exec: runs in the container (its hostname)"
	tap_is "$(echo "$out" | sed -n 2p)" "$(readlink /proc/"$(pid_of "$P-d")"/ns/pid)" \
		"  in the container's pid namespace"
	oci_podman exec "$P-d" sh -c 'exit 5' >/dev/null 2>&1
	tap_is "$?" 5 "  its exit code"
	out=$(script -qec "$PODMAN exec -t $P-d tty" /dev/null \
		</dev/null 2>&1 | tr -d '\r')
	tap_like "$out" '/dev/pts/[0-9]+' "exec -t: a terminal"
	tap_ok "pause" oci_podman pause "$P-d"
	tap_is "$(oci_podman inspect --format '{{.State.Status}}' "$P-d")" paused "  paused"
	tap_ok "unpause" oci_podman unpause "$P-d"
	tap_ok "  running again" wait_until 30 is_running "$P-d"
	tap_ok "stop" oci_podman stop -t 2 "$P-d"
	# podman runs `kctr-oci delete` once conmon saw the exit: stopped or gone.
	tap_like "$(kfield "$cid" 'd["state"]' || echo gone)" '^(stopped|gone)$' \
		"  kctr: the record is stopped, or already deleted by podman's cleanup"
	tap_ok "rm" oci_podman rm "$P-d"
	tap_not "  no kernel record left" "$KCTR" inspect "$cid"
else
	tap_fail "run -d a sleeping container" "$cid"
fi

# --- options checked from inside ---
mkdir -p /tmp/$P-vol && echo vol-data >/tmp/$P-vol/f
out=$(run --network none --read-only -v /tmp/$P-vol:/data:ro --user 1000:1000 \
	-w /data -e FOO=bar "$IMG" sh -c 'id -u; pwd; cat f; echo $FOO; touch /x 2>/dev/null && echo rw || echo ro')
tap_is "$(echo "$out" | tr '\n' ' ')" "1000 /data vol-data bar ro " \
	"--read-only -v --user -w -e: seen from inside"
out=$(run --network host "$IMG" sh -c 'readlink /proc/self/ns/net')
tap_is "$out" "$(readlink /proc/self/ns/net)" "--network host: the host's network namespace"

# --- a terminal through conmon's console socket ---
out=$(script -qec "$PODMAN run --rm -t --network none $IMG tty" /dev/null \
	</dev/null 2>&1 | tr -d '\r')
tap_like "$out" '/dev/pts/[0-9]+' "run -t: the program has a terminal"

# --- escape attempts through kctr-oci: the containment holds ---
out=$(run --network none "$IMG" sh -c 'mount -t proc proc /mnt >/dev/null 2>&1 && echo mounted || echo refused')
tap_is "$out" refused "inside: mount refused (no CAP_SYS_ADMIN)"
out=$(run --network none "$IMG" sh -c 'cat /proc/kcore 2>/dev/null | wc -c')
tap_is "$out" 0 "inside: /proc/kcore masked"
out=$(run --network none "$IMG" sh -c '(echo c > /proc/sysrq-trigger) 2>/dev/null && echo wrote || echo refused')
tap_is "$out" refused "inside: /proc/sysrq-trigger read-only"
out=$(run --network none "$IMG" sh -c 'mknod /tmp/disk b 8 0 2>/dev/null; head -c 1 /tmp/disk >/dev/null 2>&1 && echo read || echo refused')
tap_is "$out" refused "inside: a block node made with CAP_MKNOD does not open"
out=$(run --network none "$IMG" sh -c 'ls /dev | sort | tr "\n" " "')
if [[ " $out" =~ \ (sda|vda|mem|kmem|port|kmsg)\  ]]; then
	tap_fail "inside: no host device node in /dev" "$out"
else
	tap_pass "inside: no host device node in /dev ($out)"
fi
rm -rf /tmp/$P-vol
tap_done
