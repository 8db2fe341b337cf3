// SPDX-License-Identifier: GPL-2.0
/*
 * The network option forms (-p, CIDR, --add-host, --mac-address,
 * --network), address choice, the /etc files and the network file format.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "network.h"
#include "tap.h"

static uint32_t A(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static void pub_ok(const char *s, uint8_t proto, const char *ip,
		   uint16_t host, uint16_t ctr)
{
	struct kctr_err err = { 0 };
	struct kctr_port_claim p;
	int ret = kctr_parse_publish(s, &p, &err);

	ok(!ret && p.proto == proto && p.host_addr4 == (ip ? A(ip) : 0) &&
	   p.host_port == host && p.ctr_port == ctr, "-p %s (%s)", s,
	   err.msg);
}

static void pub_bad(const char *s, const char *why)
{
	struct kctr_err err = { 0 };
	struct kctr_port_claim p;

	ok(kctr_parse_publish(s, &p, &err) < 0 && strstr(err.msg, why),
	   "-p %s refused: %s", s, err.msg);
}

static void test_publish(void)
{
	pub_ok("8080:80", KCTR_PORT_TCP, NULL, 8080, 80);
	pub_ok("8080:80/tcp", KCTR_PORT_TCP, NULL, 8080, 80);
	pub_ok("53:53/udp", KCTR_PORT_UDP, NULL, 53, 53);
	pub_ok("192.0.2.7:8443:443", KCTR_PORT_TCP, "192.0.2.7", 8443, 443);
	pub_ok("0.0.0.0:1:65535/udp", KCTR_PORT_UDP, NULL, 1, 65535);
	pub_ok(":8080:80", KCTR_PORT_TCP, NULL, 8080, 80);
	pub_bad("80", "HOSTPORT:CTRPORT");
	pub_bad("0:80", "1..65535");
	pub_bad("65536:80", "1..65535");
	pub_bad("80:0", "1..65535");
	pub_bad("80:80/sctp", "tcp|/udp");
	pub_bad("80:80/", "tcp|/udp");
	pub_bad("a:80", "HOSTPORT");
	pub_bad("8080:+80", "HOSTPORT");
	pub_bad("1.2.3:80:80", "bad IPv4");
	pub_bad("127.0.0.1:80:80", "CVE-2020-8558");
	pub_bad("127.1.2.3:80:80", "loopback");
	pub_bad("1:2:3:4", "bad IPv4");
}

static void test_cidr(void)
{
	struct kctr_err err = { 0 };
	uint32_t net;
	uint8_t p;

	ok(!kctr_parse_cidr("10.87.0.0/16", &net, &p, &err) &&
	   net == A("10.87.0.0") && p == 16, "CIDR 10.87.0.0/16");
	ok(!kctr_parse_cidr("192.168.7.4/30", &net, &p, &err) && p == 30,
	   "CIDR /30");
	ok(kctr_parse_cidr("10.87.0.1/16", &net, &p, &err) < 0 &&
	   strstr(err.msg, "host bits"), "host bits refused: %s", err.msg);
	ok(kctr_parse_cidr("10.0.0.0/31", &net, &p, &err) < 0 &&
	   strstr(err.msg, "8..30"), "/31 refused");
	ok(kctr_parse_cidr("10.0.0.0/7", &net, &p, &err) < 0, "/7 refused");
	ok(kctr_parse_cidr("10.0.0.0", &net, &p, &err) < 0, "no prefix");
	ok(kctr_parse_cidr("10.0.0.0/", &net, &p, &err) < 0, "empty prefix");
	ok(kctr_parse_cidr("10.0.0.0/1x", &net, &p, &err) < 0, "bad prefix");
	ok(kctr_parse_cidr("10.0.0/8", &net, &p, &err) < 0, "bad address");
	ok(kctr_in_subnet(A("10.87.3.4"), A("10.87.0.0"), 16), "in subnet");
	ok(!kctr_in_subnet(A("10.88.0.1"), A("10.87.0.0"), 16),
	   "outside subnet");
}

static void test_add_host(void)
{
	struct kctr_err err = { 0 };
	struct kctr_add_host h;

	ok(!kctr_parse_add_host("db:10.1.2.3", &h, &err) &&
	   !strcmp(h.name, "db") && h.addr4 == A("10.1.2.3") && !h.gateway,
	   "--add-host db:10.1.2.3");
	ok(!kctr_parse_add_host("host.docker.internal:host-gateway", &h,
				&err) && h.gateway &&
	   !strcmp(h.name, "host.docker.internal"), "host-gateway");
	ok(kctr_parse_add_host("db", &h, &err) < 0, "no colon refused");
	ok(kctr_parse_add_host(":1.2.3.4", &h, &err) < 0, "no name refused");
	ok(kctr_parse_add_host("a b:1.2.3.4", &h, &err) < 0 &&
	   strstr(err.msg, "bad host name"), "space in the name refused");
	ok(kctr_parse_add_host("db:1.2.3", &h, &err) < 0, "bad IP refused");
	ok(kctr_parse_add_host("db..x:1.2.3.4", &h, &err) < 0,
	   "empty label refused");
}

static void test_mac_mode(void)
{
	struct kctr_err err = { 0 };
	struct kctr_net_mode_arg m;
	uint8_t mac[6];

	ok(!kctr_parse_mac("02:42:ac:11:00:02", mac, &err) && mac[0] == 2 &&
	   mac[5] == 2, "MAC parsed");
	ok(kctr_parse_mac("01:00:5e:00:00:01", mac, &err) < 0 &&
	   strstr(err.msg, "multicast"), "multicast MAC refused");
	ok(kctr_parse_mac("00:00:00:00:00:00", mac, &err) < 0, "zero MAC");
	ok(kctr_parse_mac("02:42:ac:11:00", mac, &err) < 0, "short MAC");
	ok(kctr_parse_mac("02:42:ac:11:00:02:", mac, &err) < 0, "long MAC");
	kctr_mac_from_addr(A("10.87.0.12"), mac);
	ok(mac[0] == 2 && mac[1] == 0x6b && mac[2] == 10 && mac[5] == 12,
	   "MAC from the address: 02:6b:0a:57:00:0c");
	ok(!kctr_parse_net_mode("none", &m, &err) && m.mode == KCTR_NET_NONE,
	   "--network none");
	ok(!kctr_parse_net_mode("host", &m, &err) && m.mode == KCTR_NET_HOST,
	   "--network host");
	ok(!kctr_parse_net_mode("bridge", &m, &err) &&
	   m.mode == KCTR_NET_BRIDGE && !strcmp(m.arg, "kctr"),
	   "--network bridge is network kctr");
	ok(!kctr_parse_net_mode("web", &m, &err) && m.mode == KCTR_NET_BRIDGE &&
	   !strcmp(m.arg, "web"), "--network NAME");
	ok(!kctr_parse_net_mode("ns:/run/netns/x", &m, &err) &&
	   m.mode == KCTR_NET_NS && !strcmp(m.arg, "/run/netns/x"),
	   "--network ns:PATH");
	ok(kctr_parse_net_mode("ns:rel", &m, &err) < 0, "ns: relative refused");
	ok(!kctr_parse_net_mode("container:db", &m, &err) &&
	   m.mode == KCTR_NET_CONTAINER && !strcmp(m.arg, "db"),
	   "--network container:NAME");
	ok(kctr_parse_net_mode("container:", &m, &err) < 0, "container: empty");
	ok(kctr_parse_net_mode("toolongname12", &m, &err) < 0,
	   "a name over 11 characters refused");
	ok(!kctr_network_name_ok("-x") && !kctr_network_name_ok("a/b") &&
	   kctr_network_name_ok("a.b_c-1"), "network names");
}

static struct kctr_netconf conf(const char *cidr)
{
	struct kctr_netconf c = { .name = "t" };
	struct kctr_err err = { 0 };

	kctr_parse_cidr(cidr, &c.subnet, &c.prefix, &err);
	kctr_netconf_complete(&c, &err);
	return c;
}

static void test_ipam(void)
{
	struct kctr_netconf c = conf("10.87.5.0/29");	/* .1 gw, .2-.6 */
	struct kctr_err err = { 0 };
	uint32_t a, used[8];

	ok(!kctr_ipam_pick(&c, 1, NULL, 0, 0, &a) && a == A("10.87.5.2"),
	   "id 1: .2 (the gateway .1 is skipped)");
	ok(!kctr_ipam_pick(&c, 3, NULL, 0, 0, &a) && a == A("10.87.5.4"),
	   "id 3: .4");
	ok(!kctr_ipam_pick(&c, 6, NULL, 0, 0, &a) && a == A("10.87.5.2"),
	   "id 6 wraps past .6 to .2 (not .0, .7 nor the gateway)");
	used[0] = A("10.87.5.4");
	used[1] = A("10.87.5.5");
	ok(!kctr_ipam_pick(&c, 3, used, 2, 0, &a) && a == A("10.87.5.6"),
	   "taken ones skipped");
	ok(!kctr_ipam_pick(&c, 3, used, 2, 1, &a) && a == A("10.87.5.2"),
	   "skip 1 more (a refusal): wraps to .2");
	used[2] = A("10.87.5.2");
	used[3] = A("10.87.5.3");
	used[4] = A("10.87.5.6");
	is_int(kctr_ipam_pick(&c, 3, used, 5, 0, &a), -ENOSPC, "pool full");
	ok(kctr_check_ip(&c, A("10.87.6.2"), &err) < 0 &&
	   strstr(err.msg, "outside"), "--ip outside: %s", err.msg);
	ok(kctr_check_ip(&c, A("10.87.5.1"), &err) < 0 &&
	   strstr(err.msg, "gateway"), "--ip the gateway");
	ok(kctr_check_ip(&c, A("10.87.5.7"), &err) < 0 &&
	   strstr(err.msg, "broadcast"), "--ip broadcast");
	ok(kctr_check_ip(&c, A("10.87.5.0"), &err) < 0, "--ip the network");
	ok(!kctr_check_ip(&c, A("10.87.5.3"), &err), "--ip in the subnet");
}

static void test_netconf(void)
{
	struct kctr_netconf c = { .name = "kctr" }, d;
	struct kctr_err err = { 0 };
	char text[256];

	ok(!kctr_netconf_complete(&c, &err) && !strcmp(c.bridge, "kctr0") &&
	   c.subnet == A("10.87.0.0") && c.prefix == 16 &&
	   c.gateway == A("10.87.0.1"), "default network kctr: kctr0, "
	   "10.87.0.0/16, .1");
	d = (struct kctr_netconf){ .name = "web" };
	ok(!kctr_netconf_complete(&d, &err) && !strcmp(d.bridge, "kbr-web"),
	   "bridge kbr-NAME");
	d = (struct kctr_netconf){ .name = "bridge" };
	ok(kctr_netconf_complete(&d, &err) < 0, "'bridge' is a mode");
	d = conf("10.1.0.0/24");
	d.gateway = A("10.2.0.1");
	ok(kctr_netconf_complete(&d, &err) < 0 && strstr(err.msg, "gateway"),
	   "gateway outside refused");
	d = (struct kctr_netconf){ .name = "m", .mtu = 20 };
	ok(kctr_netconf_complete(&d, &err) < 0, "MTU 20 refused");
	c.mtu = 1400;
	c.internal = true;
	kctr_netconf_format(&c, text, sizeof(text));
	is_str(text, "subnet 10.87.0.0/16\ngateway 10.87.0.1\nbridge kctr0\n"
	       "mtu 1400\ninternal 1\n", "network file");
	ok(!kctr_netconf_parse("kctr", text, &d, &err) &&
	   !memcmp(&c, &d, sizeof(c)), "parsed back the same");
	ok(kctr_netconf_parse("x", "subnet 10.0.0.0/8\n", &d, &err) < 0,
	   "incomplete file refused");
}

static void test_hosts(void)
{
	struct kctr_add_host h[2] = {
		{ .name = "db", .addr4 = 0 }, { .name = "gw", .gateway = true },
	};
	struct kctr_etc e = {
		.hostname = "web", .name = "c7", .addr4 = A("10.87.0.7"),
		.gateway4 = A("10.87.0.1"), .add_hosts = h, .nr_add_hosts = 2,
	};
	char buf[1024];

	h[0].addr4 = A("10.9.9.9");
	ok(kctr_etc_hosts(&e, NULL, buf, sizeof(buf)) > 0, "hosts written");
	is_str(buf, "127.0.0.1\tlocalhost\n"
	       "::1\tlocalhost ip6-localhost ip6-loopback\n"
	       "10.87.0.7\tweb c7\n10.9.9.9\tdb\n10.87.0.1\tgw\n",
	       "hosts: localhost, own line, --add-host, host-gateway");
	e.addr4 = e.gateway4 = 0;
	e.nr_add_hosts = 1;
	e.name = "web";
	kctr_etc_hosts(&e, NULL, buf, sizeof(buf));
	is_str(buf, "127.0.0.1\tlocalhost\n"
	       "::1\tlocalhost ip6-localhost ip6-loopback\n"
	       "127.0.1.1\tweb\n10.9.9.9\tdb\n", "hosts without an address");
	e.nr_add_hosts = 2;
	is_int(kctr_etc_hosts(&e, NULL, buf, sizeof(buf)), -EINVAL,
	       "host-gateway without a gateway refused");
	e.nr_add_hosts = 1;
	e.host_mode = true;
	kctr_etc_hosts(&e, "127.0.0.1 localhost\n192.0.2.1 myhost", buf,
		       sizeof(buf));
	is_str(buf, "127.0.0.1 localhost\n192.0.2.1 myhost\n10.9.9.9\tdb\n",
	       "host mode: the host's file, then --add-host");
	ok(kctr_etc_hosts(&e, NULL, buf, 20) == -ENOSPC, "overflow reported");
}

static void test_resolv(void)
{
	const char *host = "# by hand\nnameserver 127.0.0.53\n"
			   "nameserver 192.0.2.53\nnameserver ::1\n"
			   "search example.org\noptions edns0\n";
	const char *dns[] = { "10.0.0.2" }, *search[] = { "a.test", "b.test" };
	const char *opts[] = { "ndots:2" };
	struct kctr_etc e = { .hostname = "x" };
	bool usable;
	char buf[1024];

	kctr_etc_resolv(&e, host, buf, sizeof(buf), &usable);
	is_str(buf, "# by hand\nnameserver 192.0.2.53\nsearch example.org\n"
	       "options edns0\n", "loopback nameservers dropped");
	ok(usable, "a nameserver left");
	kctr_etc_resolv(&e, "nameserver 127.0.0.53\nsearch x\n", buf,
			sizeof(buf), &usable);
	ok(!usable && !strcmp(buf, "search x\n"),
	   "only loopback nameservers: none usable (a warning)");
	e.host_mode = true;
	kctr_etc_resolv(&e, "nameserver 127.0.0.53\n", buf, sizeof(buf),
			&usable);
	ok(usable && !strcmp(buf, "nameserver 127.0.0.53\n"),
	   "host mode keeps them");
	e.host_mode = false;
	e.dns = dns;
	e.nr_dns = 1;
	e.dns_search = search;
	e.nr_dns_search = 2;
	e.dns_options = opts;
	e.nr_dns_options = 1;
	kctr_etc_resolv(&e, host, buf, sizeof(buf), &usable);
	is_str(buf, "# by hand\nnameserver 10.0.0.2\nsearch a.test b.test\n"
	       "options ndots:2\n", "--dns, --dns-search, --dns-option "
	       "replace the host's");
	kctr_etc_resolv(&e, NULL, buf, sizeof(buf), &usable);
	ok(usable && strstr(buf, "nameserver 10.0.0.2\n"), "no host file");
}

int main(void)
{
	tap_plan(83);
	test_publish();
	test_cidr();
	test_add_host();
	test_mac_mode();
	test_ipam();
	test_netconf();
	test_hosts();
	test_resolv();
	return tap_done();
}
