#!/bin/bash
# --network modes: none (a new netns with lo up and nothing else), host,
# ns:PATH, container:NAME (the expected namespace, by inode), bridge (the
# default network kctr, made on first use), an --internal network (no
# NAT table); and the combinations that make no sense, refused with a
# message before anything is made. Nothing is left behind.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"
. "$(dirname "$0")/net-lib.sh"

P=${SP_PFX}
cleanup() {
	"$KCTR" rm -f "${P}b" "${P}i" >/dev/null 2>&1
	"$KCTR" network rm t52 t52i kctr >/dev/null 2>&1
	ip netns del t52n 2>/dev/null
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
}
trap cleanup EXIT
net_gate
guest_ns=$(netns_ino $$)

# none, the default.
out=$(sh_in -- 'ip -o link | awk -F": " "{ print \$2 }" | tr "\n" " "; ip -o link show lo | grep -c "[<,]UP[,>]"')
tap_is "$out" "lo 1" "none (default): only lo, and it is up"
tap_ok "none: 127.0.0.1 works" "$KCTR" spawn --rm --network none -- ping -c1 -W5 127.0.0.1
out=$(sh_in --network none -- 'readlink /proc/self/ns/net')
tap_not "none: a new netns" test "$out" = "net:[$guest_ns]"

# host
out=$(sh_in --network host -- 'stat -L -c %i /proc/self/ns/net')
tap_is "$out" "$guest_ns" "host: the guest's netns"

# ns:PATH, with an address the test set.
ip netns add t52n && ip -n t52n addr add 192.0.2.77/32 dev lo
want=$(stat -L -c %i /run/netns/t52n)
out=$(sh_in --network ns:/run/netns/t52n -- 'stat -L -c %i /proc/self/ns/net; ip -o -4 addr show lo | grep -c 192.0.2.77')
tap_is "$(tr '\n' ' ' <<<"$out")" "$want 1 " "ns:PATH: that netns, its address inside"
out=$("$KCTR" spawn --rm --network ns:/proc/self/ns/mnt -- true 2>&1)
tap_like "$out" "not a net namespace" "ns: of another kind refused ($out)"

# container:NAME shares B's namespace (pods).
"$KCTR" network create t52 --subnet 10.99.52.0/24 >/dev/null
"$KCTR" spawn -d --name "${P}b" --network t52 -- sleep 1000 >/dev/null
want=$(netns_ino "$(init_pid "${P}b")")
out=$(sh_in --network "container:${P}b" -- 'stat -L -c %i /proc/self/ns/net; ip -o -4 addr show eth0 | grep -c 10.99.52.')
tap_is "$(tr '\n' ' ' <<<"$out")" "$want 1 " "container:NAME: B's netns and address"
out=$("$KCTR" spawn --rm --network container:nosuch -- true 2>&1)
tap_like "$out" "container:nosuch" "container: of no container refused ($out)"

# --internal: an address, no NAT table, no ports.
"$KCTR" network create t52i --subnet 10.99.53.0/24 --internal >/dev/null
"$KCTR" spawn -d --name "${P}i" --network t52i -- sleep 1000 >/dev/null
idi=$(id_of "${P}i")
out=$("$KCTR" exec "${P}i" ip -o -4 addr show eth0)
tap_like "$out" "inet 10\.99\.53\." "--internal: the container has an address"
tap_not "--internal: no table kctr-$idi" nft list table ip "kctr-$idi"
out=$("$KCTR" spawn --rm --network t52i -p 8000:80 -- true 2>&1)
tap_like "$out" "internal" "-p on an internal network refused ($out)"

# Nonsense, refused with exit 125 and a reason.
refused() {
	local want=$1 out rc
	shift
	out=$("$KCTR" spawn --rm "$@" -- true 2>&1)
	rc=$?
	if [ $rc = 125 ] && [[ $out =~ $want ]]; then
		tap_pass "refused: $* ($out)"
	else
		tap_fail "refused: $*" "exit $rc: $out"
	fi
}
refused "needs a network" --network none -p 8000:80
refused "ports are the host's" --network host -p 8000:80
refused "needs a network" --network "container:${P}b" -p 8000:80
refused "needs a network" --network none --ip 10.99.52.9
refused "outside network t52" --network t52 --ip 10.99.99.9
refused "gateway" --network t52 --ip 10.99.52.1
refused "CVE-2020-8558" --network t52 -p 127.0.0.1:8000:80
refused "no network nosuch" --network nosuch
refused "do not go with --network container" --network "container:${P}b" --dns 10.0.0.1
refused "host-gateway" --network none --add-host gw:host-gateway
out=$("$KCTR" network create t52o --subnet 10.99.52.128/25 2>&1)
tap_like "$out" "overlaps" "a subnet over a host route refused ($out)"

# A host port a host listener holds.
python3 -c '
import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 8090)); s.listen(1)
open("/tmp/t52.ready", "w").close(); time.sleep(60)' &
srv=$!
wait_until 10 test -e /tmp/t52.ready
refused "in use on the host" --network t52 -p 8090:80
kill $srv; wait $srv 2>/dev/null; srv=
rm -f /tmp/t52.ready
tap_ok "no veth or table of the refused spawns" wait_until 5 sh -c \
	"[ \"\$(ip -o link | grep -c ': kve')\" = 2 ]"

"$KCTR" rm -f "${P}b" "${P}i" >/dev/null
tap_ok "network rm t52 t52i" "$KCTR" network rm t52 t52i

# bridge: the default network, made on first use.
"$KCTR" network rm kctr >/dev/null 2>&1
out=$("$KCTR" spawn --rm --network bridge -- ip -o -4 addr show eth0 2>&1)
tap_like "$out" "inet 10\.87\.0\.[0-9]+/16" "bridge: an address of 10.87.0.0/16 ($out)"
out=$("$KCTR" network ls | awk '$1 == "kctr" { print $2, $3 }')
tap_is "$out" "kctr0 10.87.0.0/16" "the default network kctr was made"

tap_ok "network rm kctr" "$KCTR" network rm kctr
ip netns del t52n
tap_ok "no kve* link, no kctr-* table at the end" wait_until 5 no_leftovers
tap_done
