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
 * needed, the CVE-2020-8558 class).
 *
 * The batch is written here, attribute by attribute, in the format of
 * <linux/netfilter/nf_tables.h>: nft's libnftnl sits on libmnl, which
 * Debian ships only as a shared library, and one shared library makes
 * every kctr command pay for ld.so (Documentation/testing.md, "A static
 * binary"). tests/unit/nft_test.c reads the batch back with libnftnl.
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
#include <netlink/attr.h>
#include <netlink/msg.h>
#include "network.h"
#include "nlclient.h"

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

/* ---- the batch, written in place ---- */

/*
 * Messages and attributes go straight into the caller's buffer, each
 * aligned as netlink wants (NLMSG_ALIGN, NLA_ALIGN). A write that does not
 * fit marks the batch full and writes nothing: kctr_nft_build() then
 * returns 0, never a cut batch. Nests are remembered by offset and closed
 * by patching their length.
 */
struct batch {
	char *buf;
	size_t cap, used;
	const char *table;
	uint32_t seq, nr;		/* nr: messages that want an ACK */
	size_t msg;			/* offset of the message being written */
	bool full;
};

static void *reserve(struct batch *bt, size_t len)
{
	void *p;

	if (bt->full || bt->cap - bt->used < NLA_ALIGN(len)) {
		bt->full = true;
		return NULL;
	}
	p = bt->buf + bt->used;
	memset(p, 0, NLA_ALIGN(len));
	bt->used += NLA_ALIGN(len);
	return p;
}

static void msg_start(struct batch *bt, uint16_t type, uint16_t flags,
		      uint8_t family, uint16_t res_id)
{
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;

	bt->msg = bt->used;
	nlh = reserve(bt, NLMSG_HDRLEN);
	nfg = reserve(bt, sizeof(*nfg));
	if (!nlh || !nfg)
		return;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = bt->seq++;
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(res_id);
}

static void msg_end(struct batch *bt)
{
	if (!bt->full)
		((struct nlmsghdr *)(bt->buf + bt->msg))->nlmsg_len =
			bt->used - bt->msg;
}

/* An nf_tables request between BEGIN and END: each one is ACKed. */
static void nft_msg_start(struct batch *bt, uint16_t type, uint16_t flags)
{
	msg_start(bt, NFNL_SUBSYS_NFTABLES << 8 | type, flags | NLM_F_ACK,
		  NFPROTO_IPV4, 0);
	bt->nr++;
}

static void attr(struct batch *bt, uint16_t type, const void *data,
		 size_t len)
{
	struct nlattr *a = reserve(bt, NLA_HDRLEN + len);

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
}

/* nf_tables' integers are big-endian (NLA_BE32 in its policies). */
static void attr_be32(struct batch *bt, uint16_t type, uint32_t v)
{
	v = htonl(v);
	attr(bt, type, &v, sizeof(v));
}

static void attr_str(struct batch *bt, uint16_t type, const char *s)
{
	attr(bt, type, s, strlen(s) + 1);
}

static size_t nest_start(struct batch *bt, uint16_t type)
{
	size_t off = bt->used;
	struct nlattr *a = reserve(bt, NLA_HDRLEN);

	if (a)
		a->nla_type = type | NLA_F_NESTED;
	return off;
}

static void nest_end(struct batch *bt, size_t off)
{
	if (!bt->full)
		((struct nlattr *)(bt->buf + off))->nla_len = bt->used - off;
}

/* A constant (cmp's operand, a mask, an immediate): NFTA_DATA_VALUE. */
static void attr_value(struct batch *bt, uint16_t type, const void *data,
		       size_t len)
{
	size_t nest = nest_start(bt, type);

	attr(bt, NFTA_DATA_VALUE, data, len);
	nest_end(bt, nest);
}

/* ---- expressions ---- */

/* One expression of a rule: NFTA_LIST_ELEM { NAME, DATA { ... } }. */
struct expr {
	size_t elem, data;
};

static struct expr expr_start(struct batch *bt, const char *name)
{
	struct expr e;

	e.elem = nest_start(bt, NFTA_LIST_ELEM);
	attr_str(bt, NFTA_EXPR_NAME, name);
	e.data = nest_start(bt, NFTA_EXPR_DATA);
	return e;
}

static void expr_end(struct batch *bt, struct expr e)
{
	nest_end(bt, e.data);
	nest_end(bt, e.elem);
}

static void payload(struct batch *bt, uint32_t base, uint32_t off,
		    uint32_t len)
{
	struct expr e = expr_start(bt, "payload");

	attr_be32(bt, NFTA_PAYLOAD_DREG, NFT_REG_1);
	attr_be32(bt, NFTA_PAYLOAD_BASE, base);
	attr_be32(bt, NFTA_PAYLOAD_OFFSET, off);
	attr_be32(bt, NFTA_PAYLOAD_LEN, len);
	expr_end(bt, e);
}

static void cmp(struct batch *bt, uint32_t op, const void *data,
		uint32_t len)
{
	struct expr e = expr_start(bt, "cmp");

	attr_be32(bt, NFTA_CMP_SREG, NFT_REG_1);
	attr_be32(bt, NFTA_CMP_OP, op);
	attr_value(bt, NFTA_CMP_DATA, data, len);
	expr_end(bt, e);
}

static void meta(struct batch *bt, uint32_t key)
{
	struct expr e = expr_start(bt, "meta");

	attr_be32(bt, NFTA_META_KEY, key);
	attr_be32(bt, NFTA_META_DREG, NFT_REG_1);
	expr_end(bt, e);
}

static void mask(struct batch *bt, const void *m, uint32_t len)
{
	struct expr e = expr_start(bt, "bitwise");
	static const uint8_t zero[16];

	attr_be32(bt, NFTA_BITWISE_SREG, NFT_REG_1);
	attr_be32(bt, NFTA_BITWISE_DREG, NFT_REG_1);
	attr_be32(bt, NFTA_BITWISE_LEN, len);
	attr_value(bt, NFTA_BITWISE_MASK, m, len);
	attr_value(bt, NFTA_BITWISE_XOR, zero, len);
	expr_end(bt, e);
}

static void imm(struct batch *bt, uint32_t reg, const void *data,
		uint32_t len)
{
	struct expr e = expr_start(bt, "immediate");

	attr_be32(bt, NFTA_IMMEDIATE_DREG, reg);
	attr_value(bt, NFTA_IMMEDIATE_DATA, data, len);
	expr_end(bt, e);
}

/* ip saddr (off 12) or daddr (16) == a */
static void ip_addr_eq(struct batch *bt, uint32_t off, uint32_t a)
{
	payload(bt, NFT_PAYLOAD_NETWORK_HEADER, off, 4);
	cmp(bt, NFT_CMP_EQ, &a, 4);
}

static void ip_saddr_in(struct batch *bt, uint32_t net, uint8_t prefix)
{
	uint32_t m = kctr_prefix_mask(prefix);

	payload(bt, NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	mask(bt, &m, 4);
	cmp(bt, NFT_CMP_EQ, &net, 4);
}

static void fib_daddr_local(struct batch *bt)
{
	struct expr e = expr_start(bt, "fib");
	uint32_t local = RTN_LOCAL;

	attr_be32(bt, NFTA_FIB_DREG, NFT_REG_1);
	attr_be32(bt, NFTA_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
	attr_be32(bt, NFTA_FIB_FLAGS, NFTA_FIB_F_DADDR);
	expr_end(bt, e);
	cmp(bt, NFT_CMP_EQ, &local, 4);
}

static void oifname_neq(struct batch *bt, const char *ifname)
{
	char name[IFNAMSIZ] = { 0 };

	memcpy(name, ifname, strnlen(ifname, sizeof(name) - 1));
	meta(bt, NFT_META_OIFNAME);
	cmp(bt, NFT_CMP_NEQ, name, sizeof(name));
}

static void ct_status_dnat(struct batch *bt)
{
	struct expr e = expr_start(bt, "ct");
	uint32_t m = IPS_DST_NAT, zero = 0;

	attr_be32(bt, NFTA_CT_KEY, NFT_CT_STATUS);
	attr_be32(bt, NFTA_CT_DREG, NFT_REG_1);
	expr_end(bt, e);
	mask(bt, &m, 4);
	cmp(bt, NFT_CMP_NEQ, &zero, 4);
}

static void masquerade(struct batch *bt)
{
	expr_end(bt, expr_start(bt, "masq"));
}

/* The match on the host side and the DNAT of one published port. */
static void dnat_port(struct batch *bt, const struct kctr_port_claim *p,
		      uint32_t ctr, bool output)
{
	uint16_t hport = htons(p->host_port), cport = htons(p->ctr_port);
	uint8_t loop = 127, proto = p->proto;
	struct expr e;

	if (output) {
		/* Never for 127.0.0.0/8: that would need route_localnet. */
		payload(bt, NFT_PAYLOAD_NETWORK_HEADER, 16, 1);
		cmp(bt, NFT_CMP_NEQ, &loop, 1);
	}
	if (p->host_addr4)
		ip_addr_eq(bt, 16, p->host_addr4);
	else
		fib_daddr_local(bt);
	meta(bt, NFT_META_L4PROTO);
	cmp(bt, NFT_CMP_EQ, &proto, 1);
	payload(bt, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(bt, NFT_CMP_EQ, &hport, 2);
	imm(bt, NFT_REG_1, &ctr, 4);
	imm(bt, NFT_REG_2, &cport, 2);
	e = expr_start(bt, "nat");
	attr_be32(bt, NFTA_NAT_TYPE, NFT_NAT_DNAT);
	attr_be32(bt, NFTA_NAT_FAMILY, NFPROTO_IPV4);
	attr_be32(bt, NFTA_NAT_REG_ADDR_MIN, NFT_REG_1);
	attr_be32(bt, NFTA_NAT_REG_PROTO_MIN, NFT_REG_2);
	expr_end(bt, e);
}

/* ---- tables, chains, rules ---- */

static void add_table(struct batch *bt)
{
	nft_msg_start(bt, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL);
	attr_str(bt, NFTA_TABLE_NAME, bt->table);
	attr_be32(bt, NFTA_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	msg_end(bt);
}

static void add_chain(struct batch *bt, const char *name, uint32_t hook,
		      int prio)
{
	size_t nest;

	nft_msg_start(bt, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL);
	attr_str(bt, NFTA_CHAIN_TABLE, bt->table);
	attr_str(bt, NFTA_CHAIN_NAME, name);
	nest = nest_start(bt, NFTA_CHAIN_HOOK);
	attr_be32(bt, NFTA_HOOK_HOOKNUM, hook);
	attr_be32(bt, NFTA_HOOK_PRIORITY, (uint32_t)prio);
	nest_end(bt, nest);
	attr_be32(bt, NFTA_CHAIN_POLICY, NF_ACCEPT);
	attr_str(bt, NFTA_CHAIN_TYPE, "nat");
	msg_end(bt);
}

/* A rule's expressions follow; rule_end() closes the list and message. */
static size_t rule_start(struct batch *bt, const char *chain)
{
	nft_msg_start(bt, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
	attr_str(bt, NFTA_RULE_TABLE, bt->table);
	attr_str(bt, NFTA_RULE_CHAIN, chain);
	return nest_start(bt, NFTA_RULE_EXPRESSIONS);
}

static void rule_end(struct batch *bt, size_t exprs)
{
	nest_end(bt, exprs);
	msg_end(bt);
}

static void batch_mark(struct batch *bt, uint16_t type)
{
	msg_start(bt, type, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	msg_end(bt);
}

static void build(struct batch *bt, const struct kctr_netconf *c,
		  const struct kctr_net_claim *n)
{
	unsigned int i;
	size_t r;

	batch_mark(bt, NFNL_MSG_BATCH_BEGIN);
	add_table(bt);
	add_chain(bt, "pre", NF_INET_PRE_ROUTING, -100);
	add_chain(bt, "out", NF_INET_LOCAL_OUT, -100);
	add_chain(bt, "post", NF_INET_POST_ROUTING, 100);
	for (i = 0; i < n->nr_ports; i++) {
		r = rule_start(bt, "pre");
		dnat_port(bt, &n->ports[i], n->addr4, false);
		rule_end(bt, r);
		r = rule_start(bt, "out");
		dnat_port(bt, &n->ports[i], n->addr4, true);
		rule_end(bt, r);
	}
	r = rule_start(bt, "post");
	ip_addr_eq(bt, 12, n->addr4);
	oifname_neq(bt, c->bridge);
	masquerade(bt);
	rule_end(bt, r);
	if (n->nr_ports) {
		/* Hairpin: a neighbour through a published port. */
		r = rule_start(bt, "post");
		ip_saddr_in(bt, c->subnet, c->prefix);
		ip_addr_eq(bt, 16, n->addr4);
		ct_status_dnat(bt);
		masquerade(bt);
		rule_end(bt, r);
	}
	batch_mark(bt, NFNL_MSG_BATCH_END);
}

size_t kctr_nft_build(void *buf, size_t len, const char *table, uint32_t seq,
		      const struct kctr_netconf *c,
		      const struct kctr_net_claim *n, uint32_t *nr_acks)
{
	struct batch bt = { .buf = buf, .cap = len, .table = table,
			    .seq = seq };

	build(&bt, c, n);
	*nr_acks = bt.nr;
	return bt.full ? 0 : bt.used;
}

/* ---- the socket ---- */

static int nft_bind(int fd)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return bind(fd, (struct sockaddr *)&sa, sizeof(sa));
}

static ssize_t nft_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };

	return sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to));
}

/* Every ACK (or error) of the batch; the first error is the answer. */
static int read_acks(int fd, uint32_t nr, struct kctr_err *err)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	const struct nlmsghdr *nlh;
	uint32_t got = 0;
	int ret = 0, code;
	ssize_t n;

	while (got < nr) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return kctr_err_set(err, errno, "nf_tables: %m");
		for (nlh = (void *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			got++;
			code = kctr_nl_ack_error(nlh, NULL, "nf_tables",
						 ret ? NULL : err);
			if (code && !ret)
				ret = code;
		}
	}
	return ret;
}

int kctr_nft_container_table(int fd, uint64_t id, const struct kctr_netconf *c,
			     const struct kctr_net_claim *claim,
			     struct kctr_err *err)
{
	struct timeval tv = { .tv_sec = 10 };
	size_t len = 64 * 1024, size;
	char table[32], *buf;
	uint32_t nr;
	int ret, one = 1;

	snprintf(table, sizeof(table), "kctr-%" PRIu64, id);
	buf = malloc(len);
	if (!buf) {
		ret = kctr_err_set(err, ENOMEM, "nf_tables: out of memory");
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (nft_bind(fd) < 0) {
		ret = kctr_err_set(err, errno, "nf_tables: bind: %m");
		goto out;
	}
	size = kctr_nft_build(buf, len, table, time(NULL), c, claim, &nr);
	if (!size)
		ret = kctr_err_set(err, E2BIG,
				   "nf_tables: the batch passes %zu bytes", len);
	else if (nft_send(fd, buf, size) < 0)
		ret = kctr_err_set(err, errno, "nf_tables: send: %m");
	else
		ret = read_acks(fd, nr, err);
out:
	/* The fd is the caller's (and the module's): it stays open. */
	free(buf);
	return ret ? kctr_err_wrap(err, "table ip %s", table) : 0;
}

/* One chain of a GETCHAIN dump: "table F T chain C" if it drops forward. */
static void forward_drop_chain(const struct nlmsghdr *nlh, char *desc,
			       size_t len)
{
	const struct nfgenmsg *nfg = NLMSG_DATA(nlh);
	struct nlattr *tb[NFTA_CHAIN_MAX + 1], *hook[NFTA_HOOK_MAX + 1];
	char table[NFT_TABLE_MAXNAMELEN], chain[NFT_CHAIN_MAXNAMELEN];

	if (nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*nfg), tb,
			NFTA_CHAIN_MAX, NULL) ||
	    !tb[NFTA_CHAIN_HOOK] || !tb[NFTA_CHAIN_POLICY] ||
	    !tb[NFTA_CHAIN_TABLE] || !tb[NFTA_CHAIN_NAME] ||
	    nla_parse_nested(hook, NFTA_HOOK_MAX, tb[NFTA_CHAIN_HOOK], NULL) ||
	    !hook[NFTA_HOOK_HOOKNUM] ||
	    ntohl(nla_get_u32(hook[NFTA_HOOK_HOOKNUM])) != NF_INET_FORWARD ||
	    ntohl(nla_get_u32(tb[NFTA_CHAIN_POLICY])) != NF_DROP)
		return;
	nla_strlcpy(table, tb[NFTA_CHAIN_TABLE], sizeof(table));
	nla_strlcpy(chain, tb[NFTA_CHAIN_NAME], sizeof(chain));
	snprintf(desc, len, "table %s %s chain %s",
		 nfg->nfgen_family == NFPROTO_INET ? "inet" :
		 nfg->nfgen_family == NFPROTO_BRIDGE ? "bridge" : "ip",
		 table, chain);
}

/* The dump's messages in @buf; 1 at its end (DONE or an error). */
static int forward_drop_scan(const char *buf, ssize_t n, uint32_t seq,
			     char *desc, size_t len)
{
	const struct nlmsghdr *nlh;

	for (nlh = (const void *)buf; NLMSG_OK(nlh, n);
	     nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_DONE ||
		    nlh->nlmsg_type == NLMSG_ERROR)
			return 1;
		if ((nlh->nlmsg_type & 0xff) == NFT_MSG_NEWCHAIN && !desc[0])
			forward_drop_chain(nlh, desc, len);
	}
	return 0;
}

int kctr_nft_forward_drop(char *desc, size_t len)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct batch bt = { .buf = buf, .cap = sizeof(buf),
			    .seq = time(NULL) };
	uint32_t seq = bt.seq;
	char found[NFT_TABLE_MAXNAMELEN + NFT_CHAIN_MAXNAMELEN + 32] = "";
	int fd, ret = 0;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0)
		return -errno;
	msg_start(&bt, NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETCHAIN,
		  NLM_F_DUMP, NFPROTO_UNSPEC, 0);
	msg_end(&bt);
	if (nft_bind(fd) < 0 || nft_send(fd, buf, bt.used) < 0) {
		ret = -errno;
		goto out;
	}
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		if (forward_drop_scan(buf, n, seq, found, sizeof(found)))
			break;
	if (found[0]) {
		snprintf(desc, len, "%s", found);
		ret = 1;
	}
out:
	close(fd);
	return ret;
}
