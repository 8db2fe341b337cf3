// SPDX-License-Identifier: GPL-2.0
/*
 * The nf_tables batch of a container (kctr_nft_build, nft.c), read back
 * with libnftnl as the kernel would get it: one owned table
 * (NFT_TABLE_F_OWNER, made exclusively), three nat base chains, a DNAT
 * in prerouting and in output (never for 127.0.0.0/8) per published
 * port, matching "any local address" (fib) or the one host address, the
 * outbound masquerade and, with ports, the hairpin masquerade; every
 * message between BEGIN and END asks for an ACK, and the count kctr waits
 * for is theirs.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "network.h"
#include "tap.h"

#define MAX_MSGS 32

/* One message of the batch, as text: "table ...", "chain ...", "rule ...". */
struct seen {
	unsigned int nr, acks, begin, end;
	char msg[MAX_MSGS][512];
};

static void hex(char *out, size_t len, const void *data, uint32_t n)
{
	const uint8_t *d = data;
	size_t used = 0;
	uint32_t i;

	out[0] = '\0';
	for (i = 0; i < n && used + 3 < len; i++)
		used += snprintf(out + used, len - used, "%02x", d[i]);
}

static void append(char *buf, const char *fmt, const char *a, const char *b)
{
	size_t used = strlen(buf);

	snprintf(buf + used, 512 - used, fmt, a, b);
}

/* A compact text of one expression, enough to tell each rule's meaning. */
static int expr_cb(struct nftnl_expr *e, void *data)
{
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	char *buf = data, h[64] = "", w[32] = "";
	const void *d;
	uint32_t len;

	if (!strcmp(name, "payload")) {
		snprintf(w, sizeof(w), "%s%u/%u",
			 nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE) ==
			 NFT_PAYLOAD_NETWORK_HEADER ? "nh" : "th",
			 nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET),
			 nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN));
		append(buf, " payload %s%s", w, "");
	} else if (!strcmp(name, "cmp")) {
		d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
		hex(h, sizeof(h), d, len);
		append(buf, " %s %s", nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP) ==
		       NFT_CMP_EQ ? "==" : "!=", h);
	} else if (!strcmp(name, "immediate")) {
		d = nftnl_expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
		hex(h, sizeof(h), d, len);
		snprintf(w, sizeof(w), "r%u",
			 nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_DREG));
		append(buf, " %s=%s", w, h);
	} else if (!strcmp(name, "meta")) {
		snprintf(w, sizeof(w), "%u",
			 nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY));
		append(buf, " meta %s%s",
		       nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY) ==
		       NFT_META_L4PROTO ? "l4proto" :
		       nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY) ==
		       NFT_META_OIFNAME ? "oifname" : w, "");
	} else if (!strcmp(name, "nat")) {
		append(buf, " %s%s", nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_TYPE) ==
		       NFT_NAT_DNAT ? "dnat" : "snat", "");
	} else if (!strcmp(name, "bitwise")) {
		d = nftnl_expr_get(e, NFTNL_EXPR_BITWISE_MASK, &len);
		hex(h, sizeof(h), d, len);
		append(buf, " & %s%s", h, "");
	} else if (!strcmp(name, "fib")) {
		append(buf, " fib daddr %s%s",
		       nftnl_expr_get_u32(e, NFTNL_EXPR_FIB_RESULT) ==
		       NFT_FIB_RESULT_ADDRTYPE ? "type" : "?", "");
	} else if (!strcmp(name, "ct")) {
		append(buf, " ct %s%s", nftnl_expr_get_u32(e, NFTNL_EXPR_CT_KEY) ==
		       NFT_CT_STATUS ? "status" : "?", "");
	} else {
		append(buf, " %s%s", name, "");
	}
	return 0;
}

static void table_text(const struct nlmsghdr *nlh, char *buf)
{
	struct nftnl_table *t = nftnl_table_alloc();

	if (t && !nftnl_table_nlmsg_parse(nlh, t))
		snprintf(buf, 512, "table %s flags %u%s",
			 nftnl_table_get_str(t, NFTNL_TABLE_NAME),
			 nftnl_table_get_u32(t, NFTNL_TABLE_FLAGS),
			 nlh->nlmsg_flags & NLM_F_EXCL ? " excl" : "");
	nftnl_table_free(t);
}

static void chain_text(const struct nlmsghdr *nlh, char *buf)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (c && !nftnl_chain_nlmsg_parse(nlh, c))
		snprintf(buf, 512, "chain %s %s %s hook %u prio %d policy %u",
			 nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE),
			 nftnl_chain_get_str(c, NFTNL_CHAIN_NAME),
			 nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE),
			 nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM),
			 nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO),
			 nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY));
	nftnl_chain_free(c);
}

static void rule_text(const struct nlmsghdr *nlh, char *buf)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (r && !nftnl_rule_nlmsg_parse(nlh, r)) {
		snprintf(buf, 512, "rule %s %s:",
			 nftnl_rule_get_str(r, NFTNL_RULE_TABLE),
			 nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
		nftnl_expr_foreach(r, expr_cb, buf);
	}
	nftnl_rule_free(r);
}

static void walk(const void *buf, size_t size, struct seen *s)
{
	const struct nlmsghdr *nlh;
	int left = size;

	memset(s, 0, sizeof(*s));
	for (nlh = buf; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		uint16_t type = nlh->nlmsg_type;
		unsigned int i = s->nr;

		if (type == NFNL_MSG_BATCH_BEGIN) {
			s->begin = i + 1;
		} else if (type == NFNL_MSG_BATCH_END) {
			s->end = i + 1;
		} else if (i < MAX_MSGS) {
			if (nlh->nlmsg_flags & NLM_F_ACK)
				s->acks++;
			switch (type & 0xff) {
			case NFT_MSG_NEWTABLE:
				table_text(nlh, s->msg[i]);
				break;
			case NFT_MSG_NEWCHAIN:
				chain_text(nlh, s->msg[i]);
				break;
			case NFT_MSG_NEWRULE:
				rule_text(nlh, s->msg[i]);
				break;
			default:
				snprintf(s->msg[i], 512, "type %u", type);
			}
		}
		s->nr++;
	}
}

static struct kctr_netconf conf(void)
{
	struct kctr_netconf c = { .prefix = 16 };

	strcpy(c.name, "kctr");
	strcpy(c.bridge, "kctr0");
	c.subnet = inet_addr("10.87.0.0");
	c.gateway = inet_addr("10.87.0.1");
	return c;
}

static struct kctr_net_claim claim(unsigned int nr_ports)
{
	struct kctr_net_claim n = { .anchor_fd = -1, .prefix = 16 };

	strcpy(n.network, "kctr");
	n.addr4 = inet_addr("10.87.0.5");
	n.nr_ports = nr_ports;
	n.ports[0] = (struct kctr_port_claim){ KCTR_PORT_TCP, 0, 8080, 80 };
	n.ports[1] = (struct kctr_port_claim){
		KCTR_PORT_UDP, inet_addr("192.0.2.1"), 53, 5353 };
	return n;
}

/* BEGIN, then the messages (the first @first of them here), then END. */
static const char *const with_ports[] = {
	"table kctr-7 flags 2 excl",
	"chain kctr-7 pre nat hook 0 prio -100 policy 1",
	"chain kctr-7 out nat hook 3 prio -100 policy 1",
	"chain kctr-7 post nat hook 4 prio 100 policy 1",
	/* tcp 8080 on any local address -> 10.87.0.5:80 */
	"rule kctr-7 pre: fib daddr type == 02000000 meta l4proto == 06"
	" payload th2/2 == 1f90 r1=0a570005 r2=0050 dnat",
	"rule kctr-7 out: payload nh16/1 != 7f fib daddr type == 02000000"
	" meta l4proto == 06 payload th2/2 == 1f90 r1=0a570005 r2=0050 dnat",
	/* udp 192.0.2.1:53 -> 10.87.0.5:5353 */
	"rule kctr-7 pre: payload nh16/4 == c0000201 meta l4proto == 11"
	" payload th2/2 == 0035 r1=0a570005 r2=14e9 dnat",
	"rule kctr-7 out: payload nh16/1 != 7f payload nh16/4 == c0000201"
	" meta l4proto == 11 payload th2/2 == 0035 r1=0a570005 r2=14e9 dnat",
	/* outbound, not to the bridge: ip saddr A oifname != kctr0 */
	"rule kctr-7 post: payload nh12/4 == 0a570005 meta oifname !="
	" 6b637472300000000000000000000000 masq",
	/* hairpin: ip saddr 10.87.0.0/16 ip daddr A ct status dnat */
	"rule kctr-7 post: payload nh12/4 & ffff0000 == 0a570000"
	" payload nh16/4 == 0a570005 ct status & 20000000 != 00000000 masq",
};

static void check(const struct seen *s, const char *const *want,
		  unsigned int nr, uint32_t acks, const char *what)
{
	unsigned int i;

	is_int(s->nr, nr + 2, "%s: BEGIN, %u messages, END", what, nr);
	is_int(s->begin, 1, "%s: the batch begins with BATCH_BEGIN", what);
	is_int(s->end, nr + 2, "%s: ... and ends with BATCH_END", what);
	is_int(s->acks, nr, "%s: every message asks for an ACK", what);
	is_int(acks, nr, "%s: kctr waits for that many ACKs", what);
	for (i = 0; i < nr; i++)
		is_str(s->msg[i + 1], want[i], "%s: message %u", what, i + 1);
}

static void test_ports(void)
{
	struct kctr_netconf c = conf();
	struct kctr_net_claim n = claim(2);
	static char buf[64 * 1024];
	struct seen s;
	uint32_t acks = 0;
	size_t size;

	size = kctr_nft_build(buf, sizeof(buf), "kctr-7", 100, &c, &n, &acks);
	ok(size > 0, "a batch for two ports (%zu bytes)", size);
	walk(buf, size, &s);
	check(&s, with_ports, 10, acks, "two ports");
}

static void test_no_ports(void)
{
	static const char *const want[] = {
		"table kctr-7 flags 2 excl",
		"chain kctr-7 pre nat hook 0 prio -100 policy 1",
		"chain kctr-7 out nat hook 3 prio -100 policy 1",
		"chain kctr-7 post nat hook 4 prio 100 policy 1",
		"rule kctr-7 post: payload nh12/4 == 0a570005 meta oifname !="
		" 6b637472300000000000000000000000 masq",
	};
	struct kctr_netconf c = conf();
	struct kctr_net_claim n = claim(0);
	static char buf[64 * 1024];
	struct seen s;
	uint32_t acks = 0;
	size_t size;

	size = kctr_nft_build(buf, sizeof(buf), "kctr-7", 100, &c, &n, &acks);
	ok(size > 0, "a batch for no port");
	walk(buf, size, &s);
	check(&s, want, 5, acks, "no port: no DNAT, no hairpin");
}

static void test_too_small(void)
{
	struct kctr_netconf c = conf();
	struct kctr_net_claim n = claim(2);
	static char buf[1024];
	uint32_t acks;

	is_int(kctr_nft_build(buf, sizeof(buf), "kctr-7", 1, &c, &n, &acks), 0,
	       "a batch that does not fit is no batch (0), not a cut one");
}

int main(void)
{
	tap_plan(1 + 5 + 10 + 1 + 5 + 5 + 1);
	test_ports();
	test_no_ports();
	test_too_small();
	return tap_done();
}
