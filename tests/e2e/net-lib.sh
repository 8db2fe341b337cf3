#!/bin/bash
# Helpers for the 51-network-* e2e tests (sourced after lib.sh and
# spawn-lib.sh). Traffic stays inside the guest: on bridges, veths and
# namespaces the test makes (10.99.51.0/24 to 10.99.54.0/24, out of the
# default network's 10.87.0.0/16, and 198.18.0.0/24); the VMs boot with
# no NIC (-nic none), and net_gate checks it.

# net_gate: the guest's root netns has no link but lo (and ours; and the
# fallback tunnels a kernel with IPv6 or IP tunnels built in makes, down
# and without an address, as in the debug VM): else skip.
net_gate() {
	local other
	other=$(ip -o link | awk -F': ' '{ print $2 }' | sed 's/@.*//' |
		grep -Ev '^(lo|kve[0-9]+|kctr0|kbr-t5[0-9a-z]+|t5[0-9][a-z]|sit0|tunl0|ip6tnl0)$')
	if [ -n "$other" ]; then
		tap_skip "network tests" "the guest has other links: $other"
		tap_done
	fi
	command -v nft >/dev/null || { tap_fail "nft is installed (scripts/install-deps.sh)"; tap_done; }
}

# leftovers: kve* links and kctr-* tables, one per line ("" when clean).
leftovers() {
	ip -o link | awk -F': ' '$2 ~ /^kve/ { print "link " $2 }'
	nft list tables 2>/dev/null | awk '$3 ~ /^kctr-/ { print "table " $3 }'
}

no_leftovers() {
	[ -z "$(leftovers)" ]
}

# gone ID: no kve<ID> link and no table ip kctr-<ID>.
gone() {
	! ip link show "kve$1" >/dev/null 2>&1 &&
		! nft list table ip "kctr-$1" >/dev/null 2>&1
}

# netns_ino PID: the inode of the process's net namespace.
netns_ino() {
	stat -L -c %i "/proc/$1/ns/net"
}

# http_get URL [NETNS]: the body, busybox wget (with timeout: its -T
# crashes on Debian 12).
http_get() {
	if [ -n "$2" ]; then
		ip netns exec "$2" timeout 5 busybox wget -q -O - "$1" 2>&1
	else
		timeout 5 busybox wget -q -O - "$1" 2>&1
	fi
}

# client_ns NAME HOSTIF ADDR PEERADDR: a netns NAME joined to the guest by a
# veth (HOSTIF in the guest with ADDR/24, the other end inside with
# PEERADDR/24), standing for the outside world.
client_ns() {
	ip netns add "$1" &&
	ip link add "$2" type veth peer name eth0 netns "$1" &&
	ip addr add "$3/24" dev "$2" && ip link set "$2" up &&
	ip -n "$1" addr add "$4/24" dev eth0 &&
	ip -n "$1" link set eth0 up && ip -n "$1" link set lo up
}
