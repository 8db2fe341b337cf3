// SPDX-License-Identifier: GPL-2.0
/*
 * KCTR_A_NET: what kctr_nl_put_net() sends is what kctr_nl_parse_net()
 * reads back from a record (addresses in network byte order), and the
 * fields a CREATE leaves out (no anchor, a zero prefix, gateway or MAC,
 * "any" host address) are left out on the wire too; the port rule and
 * the protocol names.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "nlclient.h"
#include "tap.h"

static struct kctr_net_claim sample(void)
{
	struct kctr_net_claim n = { .anchor_fd = 7 };
	static const uint8_t mac[6] = { 0x02, 0x42, 0x0a, 0x57, 0x00, 0x05 };

	strcpy(n.network, "kctr");
	n.addr4 = inet_addr("10.87.0.5");
	n.prefix = 16;
	n.gateway4 = inet_addr("10.87.0.1");
	memcpy(n.mac, mac, sizeof(mac));
	n.nr_ports = 2;
	n.ports[0] = (struct kctr_port_claim){ KCTR_PORT_TCP, 0, 8080, 80 };
	n.ports[1] = (struct kctr_port_claim){
		KCTR_PORT_UDP, inet_addr("192.0.2.1"), 53, 5353 };
	return n;
}

/* The KCTR_A_NET nest of @msg's payload, or NULL. */
static struct nlattr *net_nest(struct nl_msg *msg)
{
	struct nlattr *tb[KCTR_A_MAX + 1];

	if (nla_parse(tb, KCTR_A_MAX, nlmsg_attrdata(nlmsg_hdr(msg), 0),
		      nlmsg_attrlen(nlmsg_hdr(msg), 0), NULL))
		return NULL;
	return tb[KCTR_A_NET];
}

static struct nlattr *inner(struct nlattr *nest, int type)
{
	struct nlattr *tb[KCTR_NET_A_MAX + 1];

	if (nla_parse_nested(tb, KCTR_NET_A_MAX, nest, NULL))
		return NULL;
	return tb[type];
}

static void test_roundtrip(void)
{
	struct kctr_net_claim in = sample(), out;
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	is_int(kctr_nl_put_net(msg, &in), 0, "put_net: the sample fits");
	nest = net_nest(msg);
	ok(nest, "put_net: one KCTR_A_NET nest");
	ok(nest && inner(nest, KCTR_NET_A_ANCHOR_FD), "the anchor fd is sent");
	ok(nest && !inner(nest, KCTR_NET_A_ANCHORED), "anchored is not sent");
	is_int(nest ? kctr_nl_parse_net(nest, &out) : -1, 0, "parse_net: ok");
	is_str(out.network, "kctr", "network");
	ok(out.addr4 == in.addr4, "address, network byte order");
	is_int(out.prefix, 16, "prefix");
	ok(out.gateway4 == in.gateway4, "gateway");
	ok(!memcmp(out.mac, in.mac, 6), "mac");
	is_int(out.nr_ports, 2, "two ports");
	ok(!memcmp(&out.ports[0], &in.ports[0], sizeof(out.ports[0])) &&
	   !memcmp(&out.ports[1], &in.ports[1], sizeof(out.ports[1])),
	   "ports, in order, host addresses included");
	is_int(out.anchor_fd, -1, "a parsed claim has no fd");
	nlmsg_free(msg);
}

static void test_minimal(void)
{
	struct kctr_net_claim in = { .anchor_fd = -1 }, out;
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *port;

	strcpy(in.network, "n1");
	in.addr4 = inet_addr("10.0.0.2");
	in.nr_ports = 1;
	in.ports[0] = (struct kctr_port_claim){ KCTR_PORT_TCP, 0, 1, 65535 };
	is_int(kctr_nl_put_net(msg, &in), 0, "put_net: minimal claim");
	nest = net_nest(msg);
	ok(nest && !inner(nest, KCTR_NET_A_ANCHOR_FD), "no fd: none sent");
	ok(nest && !inner(nest, KCTR_NET_A_PREFIX) &&
	   !inner(nest, KCTR_NET_A_GATEWAY4) && !inner(nest, KCTR_NET_A_MAC),
	   "zero prefix, gateway and MAC are not sent");
	port = nest ? inner(nest, KCTR_NET_A_PORT) : NULL;
	ok(port && !nla_find(nla_data(port), nla_len(port),
			     KCTR_PORT_A_HOST_ADDR4),
	   "host address 0 (any) is not sent");
	is_int(nest ? kctr_nl_parse_net(nest, &out) : -1, 0, "parse_net: ok");
	ok(out.ports[0].host_port == 1 && out.ports[0].ctr_port == 65535 &&
	   out.ports[0].host_addr4 == 0, "port limits survive");
	is_int(out.anchored, 0, "not anchored without the attribute");
	nlmsg_free(msg);
}

static void test_bad_records(void)
{
	struct kctr_net_claim out;
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	nest = nla_nest_start(msg, KCTR_A_NET);
	nla_put_u32(msg, KCTR_NET_A_ADDR4, 1);
	nla_nest_end(msg, nest);
	is_int(kctr_nl_parse_net(net_nest(msg), &out), -EBADMSG,
	       "a record without a network name is refused");
	nlmsg_free(msg);
}

/*
 * kctr_ports_clash() is kmod/portrule.h, the lines kctr_port_conflict()
 * in kmod/netclaim.c applies under the registry lock (KUnit case
 * net_port_rule checks the same cases there): kctr names the holder the
 * module refused with by this rule.
 */
static void test_ports_clash(void)
{
	const struct {
		uint8_t proto_a;
		const char *ip_a;
		uint16_t port_a;
		uint8_t proto_b;
		const char *ip_b;
		uint16_t port_b;
		bool clash;
		const char *why;
	} cases[] = {
		{ 6, "0.0.0.0", 8080, 6, "0.0.0.0", 8080, true,
		  "tcp 8080 on any address twice" },
		{ 6, "0.0.0.0", 8080, 6, "192.0.2.1", 8080, true,
		  "any address vs 192.0.2.1, same port" },
		{ 6, "192.0.2.1", 8080, 6, "0.0.0.0", 8080, true,
		  "192.0.2.1 vs any address, same port" },
		{ 6, "192.0.2.1", 8080, 6, "192.0.2.1", 8080, true,
		  "the same host address and port" },
		{ 6, "192.0.2.1", 8080, 6, "192.0.2.2", 8080, false,
		  "two host addresses share a port" },
		{ 6, "0.0.0.0", 8080, 17, "0.0.0.0", 8080, false,
		  "tcp and udp share a port" },
		{ 6, "0.0.0.0", 8080, 6, "0.0.0.0", 8081, false,
		  "another port" },
		{ 17, "0.0.0.0", 53, 17, "198.51.100.7", 53, true,
		  "udp: any address vs one" },
	};
	struct kctr_port_claim a, b;
	static const char *const verdict[] = { "no clash", "clash" };
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = (struct kctr_port_claim){ cases[i].proto_a,
			inet_addr(cases[i].ip_a), cases[i].port_a, 80 };
		b = (struct kctr_port_claim){ cases[i].proto_b,
			inet_addr(cases[i].ip_b), cases[i].port_b, 81 };
		is_int(kctr_ports_clash(&a, &b), cases[i].clash, "%s: %s",
		       cases[i].why, verdict[cases[i].clash]);
	}
	/* The container port is no part of the claim. */
	a = (struct kctr_port_claim){ KCTR_PORT_TCP, 0, 9000, 1 };
	b = (struct kctr_port_claim){ KCTR_PORT_TCP, 0, 9000, 2 };
	ok(kctr_ports_clash(&a, &b), "container ports differ: still a clash");
	is_str(kctr_port_proto_name(KCTR_PORT_TCP), "tcp", "proto 6 is tcp");
	is_str(kctr_port_proto_name(KCTR_PORT_UDP), "udp", "proto 17 is udp");
}

int main(void)
{
	tap_plan(32);
	test_roundtrip();
	test_minimal();
	test_bad_records();
	test_ports_clash();
	return tap_done();
}
