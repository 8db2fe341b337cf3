#!/bin/bash
# kctr networks: two containers on a bridge talk (ICMP, TCP); a published
# port is reached through the gateway and from another netns through a
# host address, a port bound to 127.0.0.1 inside is not; outbound traffic
# is masqueraded; address and port conflicts are refused naming the
# holder; the rules and the veth go when the init exits, the port is free
# then, the address once the container is removed; network rm waits for
# the last user. Nothing is left behind (no kve* link, no kctr-* table).
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"
. "$(dirname "$0")/net-lib.sh"

P=${SP_PFX}
NET=t51
A_IP=10.99.51.10
GW=10.99.51.1
cleanup() {
	"$KCTR" rm -f "${P}a" "${P}b" "${P}c" "${P}d" >/dev/null 2>&1
	"$KCTR" network rm $NET t51m >/dev/null 2>&1
	ip netns del t51c 2>/dev/null
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
}
trap cleanup EXIT
net_gate

tap_ok "network create $NET" "$KCTR" network create $NET --subnet 10.99.51.0/24
out=$("$KCTR" network ls)
tap_like "$out" "$NET +kbr-$NET +10.99.51.0/24 +$GW +0" "network ls ($out)"
out=$("$KCTR" network create t51x --subnet 10.99.51.128/25 2>&1)
tap_like "$out" "overlaps" "an overlapping subnet is refused ($out)"
out=$(ip -o -4 addr show kbr-$NET)
tap_like "$out" "inet $GW/24" "the bridge has the gateway address"

# A serves HTTP on 80 (published as 8080) and on 127.0.0.1:81 (as 8081).
"$KCTR" spawn -d --name "${P}a" --network $NET --ip $A_IP \
	-p 8080:80 -p 8081:81 --add-host db:10.9.9.9 \
	--add-host gw:host-gateway --dns 10.9.9.53 -- /bin/sh -c \
	'mkdir /w; echo hello-a > /w/index.html; httpd -p 80 -h /w;
	 httpd -f -p 127.0.0.1:81 -h /w' >/dev/null
tap_is "$?" 0 "A runs on $NET with --ip and two ports"
"$KCTR" spawn -d --name "${P}b" --network $NET -- sleep 1000 >/dev/null
tap_is "$?" 0 "B runs on $NET"
ida=$(id_of "${P}a")
idb=$(id_of "${P}b")

out=$("$KCTR" exec "${P}a" ip -o -4 addr show eth0)
tap_like "$out" "inet $A_IP/24" "A has its --ip on eth0"
out=$("$KCTR" exec "${P}b" ip route)
tap_like "$out" "default via $GW dev eth0" "B's default route is the gateway"
b_ip=$("$KCTR" exec "${P}b" ip -o -4 addr show eth0 | awk '{ print $4 }')
tap_like "$b_ip" '^10\.99\.51\.[0-9]+/24$' "B got an address in the subnet ($b_ip)"
out=$("$KCTR" exec "${P}a" cat /etc/hosts)
tap_like "$(tr '\n' ';' <<<"$out")" "127.0.0.1	localhost;.*$A_IP	${P}a;10.9.9.9	db;$GW	gw;" \
	"A's /etc/hosts: localhost, itself, --add-host, host-gateway"
out=$("$KCTR" exec "${P}a" cat /etc/resolv.conf)
tap_like "$out" "nameserver 10.9.9.53" "--dns in A's /etc/resolv.conf"
out=$("$KCTR" exec "${P}b" grep -c 'nameserver 127\.' /etc/resolv.conf)
tap_is "$out" 0 "no loopback nameserver in B's /etc/resolv.conf"
out=$("$KCTR" port "${P}a" | sort | tr '\n' ';')
tap_is "$out" "80/tcp -> 0.0.0.0:8080;81/tcp -> 0.0.0.0:8081;" "kctr port A"

tap_ok "ICMP: B pings A" "$KCTR" exec "${P}b" ping -c1 -W5 $A_IP
tap_ok "ICMP: A pings the gateway" "$KCTR" exec "${P}a" ping -c1 -W5 $GW
out=$("$KCTR" exec "${P}b" timeout 5 wget -q -O - "http://$A_IP/")
tap_is "$out" hello-a "TCP: B fetches A's page"

out=$(nft list table ip "kctr-$ida" 2>&1)
tap_like "$out" "flags owner" "table ip kctr-$ida is owned"
tap_like "$out" "dnat to $A_IP:80" "... with A's DNAT"
tap_like "$out" "masquerade" "... and its masquerade"
tap_not "another socket cannot delete the owned table" nft delete table ip "kctr-$ida"
tap_ok "nft flush ruleset leaves it" nft flush ruleset
tap_ok "... still there" nft list table ip "kctr-$ida"

out=$(http_get "http://$GW:8080/")
tap_is "$out" hello-a "the guest reaches the published port via the gateway (output)"
out=$("$KCTR" exec "${P}b" timeout 5 wget -q -O - "http://$GW:8080/")
tap_is "$out" hello-a "B reaches A's published port via the gateway (hairpin)"
tap_not "127.0.0.1:8080 on the guest is not published" http_get "http://127.0.0.1:8080/"

client_ns t51c t51h 198.18.0.1 198.18.0.2
tap_is "$?" 0 "a client netns joined to the guest (198.18.0.0/24)"
out=$(http_get "http://198.18.0.1:8080/" t51c)
tap_is "$out" hello-a "the client netns reaches it through a host address (prerouting)"
tap_not "A's 127.0.0.1:81 listener is not reachable through 8081" \
	http_get "http://198.18.0.1:8081/" t51c
out=$("$KCTR" exec "${P}a" timeout 5 wget -q -O - http://127.0.0.1:81/)
tap_is "$out" hello-a "... while it works inside A"

# Outbound: the client netns's server sees the guest's address.
ip netns exec t51c python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.18.0.2", 9000)); s.listen(1)
open("/tmp/t51.ready", "w").close()
c, a = s.accept(); print(a[0]); sys.stdout.flush()' >/tmp/t51.peer 2>&1 &
srv=$!
wait_until 10 test -e /tmp/t51.ready
out=$("$KCTR" exec "${P}b" sh -c 'echo x | timeout 5 nc 198.18.0.2 9000'; wait $srv; cat /tmp/t51.peer)
srv=
rm -f /tmp/t51.ready /tmp/t51.peer
tap_is "$out" 198.18.0.1 "outbound from B is masqueraded to the guest's address"

# Conflicts, naming the holder.
out=$("$KCTR" spawn --rm --network $NET --ip $A_IP -- true 2>&1)
rc=$?
tap_is "$rc" 125 "a duplicate --ip exits 125"
tap_like "$out" "$A_IP.*held by container $ida \\(${P}a\\)" "... naming the holder ($out)"
out=$("$KCTR" spawn --rm --network $NET -p 8080:80 -- true 2>&1)
tap_like "$out" "port.*8080.*held by container $ida \\(${P}a\\)" "a duplicate host port names the holder ($out)"
out=$("$KCTR" network rm $NET 2>&1)
tap_like "$out" "used by 2 containers \\(${P}a" "network rm is refused while used ($out)"
tap_ok "no veth or table of the refused spawns" wait_until 5 sh -c \
	"[ \"\$(ip -o link | grep -c ': kve')\" = 2 ] && [ \"\$(nft list tables | grep -c 'kctr-')\" = 2 ]"

# Lifetimes: A's init exits; its rules, veth and ports go at once.
kill -9 "$(init_pid "${P}a")"
tap_ok "A stops" wait_state "${P}a" stopped 10
tap_ok "kve$ida and table kctr-$ida are gone" wait_until 5 gone "$ida"
out=$("$KCTR" ns "${P}a" 2>&1)
tap_is "$?" 0 "kctr ns on A, its net namespace released ($out)"
tap_like "$(grep '^net ' <<<"$out")" "^net +new +[0-9]+ +- " "... shows the released net namespace's id and REFS -"
out=$("$KCTR" -j ns "${P}a" | python3 -c '
import json, sys
n = [k for k in json.load(sys.stdin)["namespaces"] if k["kind"] == "net"][0]
print(n["container"]["pinned"], n["container"].get("released"), "refcount" in n["container"])')
tap_is "$out" "False True False" "kctr -j ns: net not pinned, released, no refcount"
out=$("$KCTR" spawn --rm --network $NET -p 8080:80 -- true 2>&1)
tap_is "$?" 0 "port 8080 is free right after A's init exited ($out)"
out=$("$KCTR" spawn --rm --network $NET --ip $A_IP -- true 2>&1)
tap_like "$out" "held by container $ida" "A's address stays claimed until it is removed"
"$KCTR" rm "${P}a" >/dev/null
out=$("$KCTR" spawn --rm --network $NET --ip $A_IP -- ip -o -4 addr show eth0 2>&1)
tap_like "$out" "inet $A_IP/24" "... and is free once A is removed"

# Killed with no tool running: a --rm container's claims go with it.
"$KCTR" spawn -d --rm --name "${P}c" --network $NET -p 8082:80 -- sleep 1000 >/dev/null
idc=$(id_of "${P}c")
tap_ok "C's table is there" nft list table ip "kctr-$idc"
kill -9 "$(init_pid "${P}c")"
tap_ok "C killed: removed, its veth and table gone" wait_until 5 sh -c \
	"! \"$KCTR\" inspect ${P}c >/dev/null 2>&1 && ! ip link show kve$idc >/dev/null 2>&1 && ! nft list table ip kctr-$idc >/dev/null 2>&1"

"$KCTR" rm -f "${P}b" >/dev/null
tap_ok "B removed: nothing left" wait_until 5 no_leftovers
tap_ok "network rm $NET once unused" "$KCTR" network rm $NET
tap_not "its bridge is gone" ip link show kbr-$NET
# --mtu: on the bridge and on both ends of the veth.
"$KCTR" network create t51m --subnet 10.99.54.0/24 --mtu 1400 >/dev/null
out=$("$KCTR" -j network inspect t51m | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["mtu"])')
tap_is "$out" 1400 "network inspect shows --mtu 1400"
"$KCTR" spawn -d --name "${P}d" --network t51m -- sleep 1000 >/dev/null
idd=$(id_of "${P}d")
out=$("$KCTR" exec "${P}d" ip -o link show eth0)
tap_like "$out" " mtu 1400 " "--mtu 1400: eth0 inside has mtu 1400"
out=$(ip -o link show "kve$idd")
tap_like "$out" " mtu 1400 .*master kbr-t51m" "... and its host end kve$idd"
out=$(ip -o link show kbr-t51m)
tap_like "$out" " mtu 1400 " "... and the bridge kbr-t51m"
"$KCTR" rm -f "${P}d" >/dev/null
tap_ok "network rm t51m" "$KCTR" network rm t51m

ip netns del t51c
tap_is "$(leftovers)" "" "no kve* link, no kctr-* table at the end"
tap_done
