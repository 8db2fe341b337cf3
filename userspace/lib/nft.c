// SPDX-License-Identifier: GPL-2.0
/*
 * A container's NAT and published ports: one nf_tables table, "table ip
 * kctr-<id>", made in one batch with NFT_TABLE_F_OWNER on a socket that
 * kctr hands to kctr.ko in CREATE (claim.anchor_fd). The kernel deletes an
 * owned table when its socket is released, nobody else may delete it, and
 * "nft flush ruleset" leaves it alone; the module drops the socket when
 * the init exits, so the rules go with the container, whoever is running.
 *
 *   chain pre  (nat prerouting -100):  [fib daddr type local | ip daddr H]
 *              meta l4proto P th dport HP dnat to A:CP           per port
 *   chain out  (nat output -100):      the same, not for 127.0.0.0/8
 *   chain post (nat postrouting 100):  ip saddr A oifname != BR masquerade
 *              ip saddr SUBNET ip daddr A ct status dnat masquerade
 *
 * Loopback host addresses are refused earlier (route_localnet would be
 * needed, the CVE-2020-8558 class). Built with libnftnl on libmnl, the
 * layer nft itself uses, since libnftables keeps its socket private.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "network.h"

#ifndef NFT_TABLE_F_OWNER
#define NFT_TABLE_F_OWNER 0x2
#endif

int kctr_nft_anchor_open(struct kctr_err *err)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);

	if (fd < 0)
		return kctr_err_set(err, errno, "nf_tables: socket: %m%s",
				    errno == EPROTONOSUPPORT ? " (no "
				    "CONFIG_NETFILTER_NETLINK)" : "");
	return fd;
}

/* ---- expressions ---- */

struct rb {
	struct nftnl_rule *r;
	bool nomem;
};

static struct nftnl_expr *expr(struct rb *b, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	if (!e)
		b->nomem = true;
	else
		nftnl_rule_add_expr(b->r, e);
	return e;
}

static void payload(struct rb *b, uint32_t base, uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = expr(b, "payload");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
}

static void cmp(struct rb *b, uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr(b, "cmp");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
}

static void meta(struct rb *b, uint32_t key)
{
	struct nftnl_expr *e = expr(b, "meta");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
}

static void mask(struct rb *b, const void *m, uint32_t len)
{
	struct nftnl_expr *e = expr(b, "bitwise");
	static const uint8_t zero[16];

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, m, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, len);
}

static void imm(struct rb *b, uint32_t reg, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr(b, "immediate");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, reg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
}

/* ip saddr (off 12) or daddr (16) == a */
static void ip_addr_eq(struct rb *b, uint32_t off, uint32_t a)
{
	payload(b, NFT_PAYLOAD_NETWORK_HEADER, off, 4);
	cmp(b, NFT_CMP_EQ, &a, 4);
}

static void ip_saddr_in(struct rb *b, uint32_t net, uint8_t prefix)
{
	uint32_t m = kctr_prefix_mask(prefix);

	payload(b, NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	mask(b, &m, 4);
	cmp(b, NFT_CMP_EQ, &net, 4);
}

static void fib_daddr_local(struct rb *b)
{
	struct nftnl_expr *e = expr(b, "fib");
	uint32_t local = RTN_LOCAL;

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
	nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_FLAGS, NFTA_FIB_F_DADDR);
	cmp(b, NFT_CMP_EQ, &local, 4);
}

static void oifname_neq(struct rb *b, const char *ifname)
{
	char name[IFNAMSIZ] = { 0 };

	memcpy(name, ifname, strnlen(ifname, sizeof(name) - 1));
	meta(b, NFT_META_OIFNAME);
	cmp(b, NFT_CMP_NEQ, name, sizeof(name));
}

static void ct_status_dnat(struct rb *b)
{
	struct nftnl_expr *e = expr(b, "ct");
	uint32_t m = IPS_DST_NAT, zero = 0;

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, NFT_CT_STATUS);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, NFT_REG_1);
	mask(b, &m, 4);
	cmp(b, NFT_CMP_NEQ, &zero, 4);
}

static void masquerade(struct rb *b)
{
	expr(b, "masq");
}

/* The match on the host side and the DNAT of one published port. */
static void dnat_port(struct rb *b, const struct kctr_port_claim *p,
		      uint32_t ctr, bool output)
{
	uint16_t hport = htons(p->host_port), cport = htons(p->ctr_port);
	uint8_t loop = 127, proto = p->proto;
	struct nftnl_expr *e;

	if (output) {
		/* Never for 127.0.0.0/8: that would need route_localnet. */
		payload(b, NFT_PAYLOAD_NETWORK_HEADER, 16, 1);
		cmp(b, NFT_CMP_NEQ, &loop, 1);
	}
	if (p->host_addr4)
		ip_addr_eq(b, 16, p->host_addr4);
	else
		fib_daddr_local(b);
	meta(b, NFT_META_L4PROTO);
	cmp(b, NFT_CMP_EQ, &proto, 1);
	payload(b, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(b, NFT_CMP_EQ, &hport, 2);
	imm(b, NFT_REG_1, &ctr, 4);
	imm(b, NFT_REG_2, &cport, 2);
	e = expr(b, "nat");
	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
}

/* ---- the batch ---- */

struct batch {
	struct mnl_nlmsg_batch *b;
	const char *table;
	uint32_t seq, nr;		/* nr: messages that want an ACK */
	bool nomem;
};

static struct nlmsghdr *msg(struct batch *bt, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), type,
				    NFPROTO_IPV4, flags | NLM_F_ACK, bt->seq++);
	bt->nr++;
	return nlh;
}

static void next(struct batch *bt)
{
	if (!mnl_nlmsg_batch_next(bt->b))
		bt->nomem = true;
}

static void add_table(struct batch *bt)
{
	struct nftnl_table *t = nftnl_table_alloc();

	if (!t) {
		bt->nomem = true;
		return;
	}
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, bt->table);
	nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	nftnl_table_nlmsg_build_payload(msg(bt, NFT_MSG_NEWTABLE,
					    NLM_F_CREATE | NLM_F_EXCL), t);
	nftnl_table_free(t);
	next(bt);
}

static void add_chain(struct batch *bt, const char *name, uint32_t hook,
		      int prio)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (!c) {
		bt->nomem = true;
		return;
	}
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, bt->table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "nat");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nftnl_chain_nlmsg_build_payload(msg(bt, NFT_MSG_NEWCHAIN,
					    NLM_F_CREATE | NLM_F_EXCL), c);
	nftnl_chain_free(c);
	next(bt);
}

static struct rb rule_start(struct batch *bt, const char *chain)
{
	struct rb b = { nftnl_rule_alloc(), false };

	if (!b.r) {
		b.nomem = true;
		return b;
	}
	nftnl_rule_set_str(b.r, NFTNL_RULE_TABLE, bt->table);
	nftnl_rule_set_str(b.r, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_set_u32(b.r, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	return b;
}

static void rule_end(struct batch *bt, struct rb *b)
{
	if (!b->r || b->nomem) {
		bt->nomem = true;
	} else {
		nftnl_rule_nlmsg_build_payload(msg(bt, NFT_MSG_NEWRULE,
						   NLM_F_CREATE |
						   NLM_F_APPEND), b->r);
		next(bt);
	}
	if (b->r)
		nftnl_rule_free(b->r);
}

static void build(struct batch *bt, const struct kctr_netconf *c,
		  const struct kctr_net_claim *n)
{
	struct rb b;
	unsigned int i;

	nftnl_batch_begin(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	next(bt);
	add_table(bt);
	add_chain(bt, "pre", NF_INET_PRE_ROUTING, -100);
	add_chain(bt, "out", NF_INET_LOCAL_OUT, -100);
	add_chain(bt, "post", NF_INET_POST_ROUTING, 100);
	for (i = 0; i < n->nr_ports; i++) {
		b = rule_start(bt, "pre");
		dnat_port(&b, &n->ports[i], n->addr4, false);
		rule_end(bt, &b);
		b = rule_start(bt, "out");
		dnat_port(&b, &n->ports[i], n->addr4, true);
		rule_end(bt, &b);
	}
	b = rule_start(bt, "post");
	ip_addr_eq(&b, 12, n->addr4);
	oifname_neq(&b, c->bridge);
	masquerade(&b);
	rule_end(bt, &b);
	if (n->nr_ports) {
		/* Hairpin: a neighbour through a published port. */
		b = rule_start(bt, "post");
		ip_saddr_in(&b, c->subnet, c->prefix);
		ip_addr_eq(&b, 16, n->addr4);
		ct_status_dnat(&b);
		masquerade(&b);
		rule_end(bt, &b);
	}
	nftnl_batch_end(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	next(bt);
}

size_t kctr_nft_build(void *buf, size_t len, const char *table, uint32_t seq,
		      const struct kctr_netconf *c,
		      const struct kctr_net_claim *n, uint32_t *nr_acks)
{
	struct batch bt = { .table = table, .seq = seq };
	size_t size;

	/* A message may overrun the limit before next() sees it: half. */
	bt.b = mnl_nlmsg_batch_start(buf, len / 2);
	if (!bt.b)
		return 0;
	build(&bt, c, n);
	size = bt.nomem ? 0 : mnl_nlmsg_batch_size(bt.b);
	mnl_nlmsg_batch_stop(bt.b);
	*nr_acks = bt.nr;
	return size;
}

/* The extended ACK's message, if the kernel gave one. */
static const char *ext_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off = sizeof(*nlh) + sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	for (a = (const void *)((const char *)nlh + MNL_ALIGN(off));
	     mnl_attr_ok(a, (const char *)nlh + nlh->nlmsg_len -
			 (const char *)a); a = mnl_attr_next(a))
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			return mnl_attr_get_str(a);
	return NULL;
}

/* Every ACK (or error) of the batch; the first error is the answer. */
static int read_acks(struct mnl_socket *nl, uint32_t nr, struct kctr_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const struct nlmsghdr *nlh;
	const struct nlmsgerr *e;
	uint32_t got = 0;
	int ret = 0, n;

	while (got < nr) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return kctr_err_set(err, errno, "nf_tables: %m");
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			got++;
			e = mnl_nlmsg_get_payload(nlh);
			if (e->error && !ret)
				ret = kctr_err_set(err, -e->error, "nf_tables: "
						   "%s%s%s", strerror(-e->error),
						   ext_msg(nlh) ? ": " : "",
						   ext_msg(nlh) ?: "");
		}
	}
	return ret;
}

int kctr_nft_container_table(int fd, uint64_t id, const struct kctr_netconf *c,
			     const struct kctr_net_claim *claim,
			     struct kctr_err *err)
{
	struct timeval tv = { .tv_sec = 10 };
	struct mnl_socket *nl;
	char table[32], *buf;
	size_t len = 64 * 1024, size;
	uint32_t nr;
	int ret, one = 1;

	snprintf(table, sizeof(table), "kctr-%" PRIu64, id);
	nl = mnl_socket_fdopen(fd);
	buf = malloc(len);
	if (!nl || !buf) {
		ret = kctr_err_set(err, ENOMEM, "nf_tables: out of memory");
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = kctr_err_set(err, errno, "nf_tables: bind: %m");
		goto out;
	}
	size = kctr_nft_build(buf, len, table, time(NULL), c, claim, &nr);
	if (!size)
		ret = kctr_err_set(err, ENOMEM, "nf_tables: out of memory");
	else if (mnl_socket_sendto(nl, buf, size) < 0)
		ret = kctr_err_set(err, errno, "nf_tables: send: %m");
	else
		ret = read_acks(nl, nr, err);
out:
	free(buf);
	/* The fd is the caller's (and the module's): only the wrapper goes. */
	free(nl);
	return ret ? kctr_err_wrap(err, "table ip %s", table) : 0;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	char *desc = data;

	if (!c)
		return MNL_CB_OK;
	if (!nftnl_chain_nlmsg_parse(nlh, c) &&
	    nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM) &&
	    nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY) &&
	    nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM) == NF_INET_FORWARD &&
	    nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY) == NF_DROP &&
	    !desc[0]) {
		uint32_t f = nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY);

		snprintf(desc, 128, "table %s %s chain %s",
			 f == NFPROTO_INET ? "inet" : f == NFPROTO_BRIDGE ?
			 "bridge" : "ip",
			 nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE),
			 nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
	}
	nftnl_chain_free(c);
	return MNL_CB_OK;
}

int kctr_nft_forward_drop(char *desc, size_t len)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], found[128] = "";
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	uint32_t seq = time(NULL), portid;
	int n, ret = 0;

	nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC,
				    NLM_F_DUMP, seq);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		n = mnl_cb_run(buf, n, seq, portid, chain_cb, found);
		if (n <= 0)
			break;
	}
	if (found[0]) {
		snprintf(desc, len, "%s", found);
		ret = 1;
	}
out:
	mnl_socket_close(nl);
	return ret;
}
