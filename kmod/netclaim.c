// SPDX-License-Identifier: GPL-2.0
/*
 * Network claims. The module is the arbiter of addresses and host ports:
 * every claim still held is on kctr_net_claims (under kctr_lock), also
 * that of a container DELETE already took out of the registry whose init
 * still runs, so a CREATE is checked against everything that may still
 * be in use. The address is claimed until the container's removal, the
 * ports until its init exits. The anchor is a NETLINK_NETFILTER socket
 * whose file the module holds: nf_tables deletes a table created with
 * NFT_TABLE_F_OWNER when its owner socket is released, so the rules go
 * when the module lets go of the file, whoever is still running.
 *
 * fput() never releases a file synchronously (task work on return to
 * userspace, or delayed_fput from kernel threads), so the socket's
 * release, and nf_tables' commit_mutex with it, never nests in kctr_lock.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/netlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "kctr.h"
#include "portrule.h"

static LIST_HEAD(kctr_net_claims);

static const struct nla_policy kctr_port_policy[KCTR_PORT_A_MAX + 1] = {
	[KCTR_PORT_A_PROTO] = { .type = NLA_U8 },
	[KCTR_PORT_A_HOST_ADDR4] = { .type = NLA_BE32 },
	[KCTR_PORT_A_HOST_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[KCTR_PORT_A_CTR_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy kctr_net_policy[KCTR_NET_A_MAX + 1] = {
	[KCTR_NET_A_NETWORK] = { .type = NLA_NUL_STRING,
				 .len = KCTR_NET_NAME_MAX },
	[KCTR_NET_A_ADDR4] = { .type = NLA_BE32 },
	[KCTR_NET_A_PREFIX] = NLA_POLICY_MAX(NLA_U8, 32),
	[KCTR_NET_A_GATEWAY4] = { .type = NLA_BE32 },
	[KCTR_NET_A_MAC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[KCTR_NET_A_PORT] = NLA_POLICY_NESTED(kctr_port_policy),
	[KCTR_NET_A_ANCHOR_FD] = { .type = NLA_U32 },
	[KCTR_NET_A_ANCHORED] = { .type = NLA_REJECT,
				  .reject_message = "KCTR_NET_A_ANCHORED is reported by GET, not given" },
};

/*
 * A message naming the holder where the kernel formats extack messages
 * (6.2+); 6.1 gets the plain text. The formatted one is cut to the
 * extack buffer here, so the kernel never warns about a truncation.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define kctr_net_err(extack, attr, plain, fmt, ...) do {		\
	char __buf[NETLINK_MAX_FMTMSG_LEN];				\
									\
	(void)(plain);							\
	scnprintf(__buf, sizeof(__buf), fmt, ##__VA_ARGS__);		\
	NL_SET_ERR_MSG_FMT(extack, "%s", __buf);			\
	if (extack)							\
		(extack)->bad_attr = (attr);				\
} while (0)
#else
/* no_printk(): the arguments are still type-checked, and used */
#define kctr_net_err(extack, attr, plain, fmt, ...) do {		\
	no_printk(fmt, ##__VA_ARGS__);					\
	NL_SET_ERR_MSG_ATTR(extack, attr, plain);			\
} while (0)
#endif

/* [A-Za-z0-9_+.-], 1..15 bytes, not starting with '.' or '-'. */
bool kctr_net_name_valid(const char *name)
{
	size_t i, len = strnlen(name, KCTR_NET_NAME_MAX + 1);

	if (!len || len > KCTR_NET_NAME_MAX || name[0] == '.' ||
	    name[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || strchr("_+.-", ch)))
			return false;
	}
	return true;
}

/* The same protocol and host port, on a common host address (portrule.h). */
bool kctr_port_conflict(const struct kctr_port *a, const struct kctr_port *b)
{
	return kctr_port_rule_clash(a->proto, (__force u32)a->host_addr4,
				    a->host_port, b->proto,
				    (__force u32)b->host_addr4, b->host_port);
}

enum kctr_net_clash kctr_net_clash(const struct kctr_net *held,
				   const struct kctr_net *want,
				   unsigned int *want_port,
				   unsigned int *held_port)
{
	unsigned int i, j;

	if (held->addr_claimed && held->addr4 == want->addr4 &&
	    !strcmp(held->network, want->network))
		return KCTR_NET_CLASH_ADDR;
	if (!held->ports_claimed)
		return KCTR_NET_CLASH_NONE;
	for (i = 0; i < want->nr_ports; i++) {
		for (j = 0; j < held->nr_ports; j++) {
			if (kctr_port_conflict(&want->ports[i],
					       &held->ports[j])) {
				*want_port = i;
				*held_port = j;
				return KCTR_NET_CLASH_PORT;
			}
		}
	}
	return KCTR_NET_CLASH_NONE;
}

bool kctr_net_self_clash(const struct kctr_net *n, unsigned int *a,
			 unsigned int *b)
{
	unsigned int i, j;

	for (i = 0; i < n->nr_ports; i++) {
		for (j = i + 1; j < n->nr_ports; j++) {
			if (kctr_port_conflict(&n->ports[i], &n->ports[j])) {
				*a = i;
				*b = j;
				return true;
			}
		}
	}
	return false;
}

static const char *kctr_proto_name(u8 proto)
{
	return proto == IPPROTO_UDP ? "udp" : "tcp";
}

/* The anchor: a NETLINK_NETFILTER socket of @net, held by its file. */
static struct file *kctr_anchor_get(const struct nlattr *attr,
				    struct net *net,
				    struct netlink_ext_ack *extack)
{
	struct socket *sock;
	struct file *f;

	f = fget(nla_get_u32(attr));
	if (!f) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "anchor fd is not open");
		return ERR_PTR(-EBADF);
	}
	sock = sock_from_file(f);
	if (!sock || !sock->sk || sock->sk->sk_family != AF_NETLINK ||
	    sock->sk->sk_protocol != NETLINK_NETFILTER) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "anchor fd is not a NETLINK_NETFILTER socket");
		goto err_put;
	}
	if (!net_eq(sock_net(sock->sk), net)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "anchor socket is in another network namespace");
		goto err_put;
	}
	return f;

err_put:
	fput(f);
	return ERR_PTR(-EINVAL);
}

static int kctr_port_parse(struct kctr_port *p, const struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_PORT_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, KCTR_PORT_A_MAX, attr, kctr_port_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, KCTR_PORT_A_PROTO) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, KCTR_PORT_A_HOST_PORT) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, KCTR_PORT_A_CTR_PORT))
		return -EINVAL;
	p->proto = nla_get_u8(tb[KCTR_PORT_A_PROTO]);
	if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KCTR_PORT_A_PROTO],
				    "port protocol: 6 (tcp) or 17 (udp)");
		return -EINVAL;
	}
	p->host_addr4 = tb[KCTR_PORT_A_HOST_ADDR4] ?
			nla_get_in_addr(tb[KCTR_PORT_A_HOST_ADDR4]) : 0;
	p->host_port = nla_get_u16(tb[KCTR_PORT_A_HOST_PORT]);
	p->ctr_port = nla_get_u16(tb[KCTR_PORT_A_CTR_PORT]);
	return 0;
}

static int kctr_net_parse_ports(struct kctr_net *n, const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	unsigned int a, b;
	int rem, err;

	nla_for_each_nested(nla, attr, rem) {
		if (nla_type(nla) != KCTR_NET_A_PORT)
			continue;
		if (n->nr_ports == KCTR_NET_PORTS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "more than 32 published ports");
			return -EINVAL;
		}
		err = kctr_port_parse(&n->ports[n->nr_ports], nla, extack);
		if (err)
			return err;
		n->nr_ports++;
	}
	if (!kctr_net_self_clash(n, &a, &b))
		return 0;
	kctr_net_err(extack, attr, "two published ports of the request conflict",
		     "published ports %u and %u conflict: %s port %u",
		     a + 1, b + 1, kctr_proto_name(n->ports[b].proto),
		     n->ports[b].host_port);
	return -EADDRINUSE;
}

static int kctr_net_parse_name(struct kctr_net *n, const struct nlattr *attr,
			       struct netlink_ext_ack *extack)
{
	/* one NUL, at the end: "ab\0cd" is not "ab" */
	if (strnlen(nla_data(attr), nla_len(attr)) != nla_len(attr) - 1)
		goto err_name;
	nla_strscpy(n->network, attr, sizeof(n->network));
	if (kctr_net_name_valid(n->network))
		return 0;
err_name:
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "invalid network: 1..15 of [A-Za-z0-9_+.-], not starting with '.' or '-'");
	return -EINVAL;
}

static void kctr_net_parse_info(struct kctr_net *n, struct nlattr **tb)
{
	n->has_prefix = !!tb[KCTR_NET_A_PREFIX];
	if (n->has_prefix)
		n->prefix = nla_get_u8(tb[KCTR_NET_A_PREFIX]);
	n->has_gateway = !!tb[KCTR_NET_A_GATEWAY4];
	if (n->has_gateway)
		n->gateway4 = nla_get_in_addr(tb[KCTR_NET_A_GATEWAY4]);
	n->has_mac = !!tb[KCTR_NET_A_MAC];
	if (n->has_mac)
		memcpy(n->mac, nla_data(tb[KCTR_NET_A_MAC]), ETH_ALEN);
}

int kctr_net_parse(struct kctr_net *n, const struct nlattr *attr,
		   struct net *caller_net, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_NET_A_MAX + 1];
	struct file *anchor;
	int err;

	err = nla_parse_nested(tb, KCTR_NET_A_MAX, attr, kctr_net_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, KCTR_NET_A_NETWORK) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, KCTR_NET_A_ADDR4))
		return -EINVAL;
	err = kctr_net_parse_name(n, tb[KCTR_NET_A_NETWORK], extack);
	if (err)
		return err;
	n->addr4 = nla_get_in_addr(tb[KCTR_NET_A_ADDR4]);
	if (!n->addr4) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KCTR_NET_A_ADDR4],
				    "the address 0.0.0.0 cannot be claimed");
		return -EINVAL;
	}
	kctr_net_parse_info(n, tb);
	err = kctr_net_parse_ports(n, attr, extack);
	if (err)
		return err;
	if (tb[KCTR_NET_A_ANCHOR_FD]) {
		anchor = kctr_anchor_get(tb[KCTR_NET_A_ANCHOR_FD], caller_net,
					 extack);
		if (IS_ERR(anchor))
			return PTR_ERR(anchor);
		n->anchor = anchor;
	}
	n->present = true;
	return 0;
}

static int kctr_net_clash_err(const struct kctr_net *held,
			      const struct kctr_net *want, unsigned int wi,
			      unsigned int hi, enum kctr_net_clash clash,
			      struct netlink_ext_ack *extack)
{
	const struct kctr_container *c = container_of(held,
						      struct kctr_container,
						      net);
	const struct kctr_port *p = &want->ports[wi];

	if (clash == KCTR_NET_CLASH_ADDR) {
		kctr_net_err(extack, NULL,
			     "the address on this network is held by another container",
			     "address %pI4 on network %s is held by container %llu (%s)",
			     &want->addr4, want->network, c->id, c->name);
		return -EADDRINUSE;
	}
	if (held->ports[hi].host_addr4 && p->host_addr4)
		kctr_net_err(extack, NULL,
			     "a published host port is held by another container",
			     "%s port %pI4:%u is held by container %llu (%s)",
			     kctr_proto_name(p->proto), &p->host_addr4,
			     p->host_port, c->id, c->name);
	else
		kctr_net_err(extack, NULL,
			     "a published host port is held by another container",
			     "%s port %u is held by container %llu (%s)",
			     kctr_proto_name(p->proto), p->host_port, c->id,
			     c->name);
	return -EADDRINUSE;
}

int kctr_net_check(const struct kctr_net *n, struct netlink_ext_ack *extack)
{
	const struct kctr_net *held;
	enum kctr_net_clash clash;
	unsigned int wi = 0, hi = 0;

	lockdep_assert_held(&kctr_lock);
	if (!n->present)
		return 0;
	list_for_each_entry(held, &kctr_net_claims, node) {
		clash = kctr_net_clash(held, n, &wi, &hi);
		if (clash != KCTR_NET_CLASH_NONE)
			return kctr_net_clash_err(held, n, wi, hi, clash,
						  extack);
	}
	return 0;
}

void kctr_net_claim(struct kctr_net *n)
{
	lockdep_assert_held(&kctr_lock);
	if (!n->present || n->listed)
		return;
	n->addr_claimed = true;
	n->ports_claimed = true;
	n->listed = true;
	list_add_tail(&n->node, &kctr_net_claims);
}

static void kctr_net_unlist_idle(struct kctr_net *n)
{
	if (n->listed && !n->addr_claimed && !n->ports_claimed) {
		list_del(&n->node);
		n->listed = false;
	}
}

struct file *kctr_net_exited(struct kctr_net *n)
{
	struct file *anchor = n->anchor;

	lockdep_assert_held(&kctr_lock);
	n->anchor = NULL;
	n->ports_claimed = false;
	kctr_net_unlist_idle(n);
	return anchor;
}

void kctr_net_unclaim(struct kctr_net *n)
{
	lockdep_assert_held(&kctr_lock);
	n->addr_claimed = false;
	/* deferred by fput() itself: see the top of this file */
	if (n->anchor)
		fput(kctr_net_exited(n));
	else
		kctr_net_exited(n);
}

void kctr_net_release(struct kctr_net *n)
{
	WARN_ON(n->listed);
	if (n->anchor)
		fput(n->anchor);
	n->anchor = NULL;
}

static int kctr_port_fill(struct sk_buff *skb, const struct kctr_port *p)
{
	struct nlattr *nest = nla_nest_start(skb, KCTR_NET_A_PORT);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, KCTR_PORT_A_PROTO, p->proto) ||
	    nla_put_in_addr(skb, KCTR_PORT_A_HOST_ADDR4, p->host_addr4) ||
	    nla_put_u16(skb, KCTR_PORT_A_HOST_PORT, p->host_port) ||
	    nla_put_u16(skb, KCTR_PORT_A_CTR_PORT, p->ctr_port)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int kctr_net_fill_info(struct sk_buff *skb, const struct kctr_net *n)
{
	if (nla_put_string(skb, KCTR_NET_A_NETWORK, n->network) ||
	    nla_put_in_addr(skb, KCTR_NET_A_ADDR4, n->addr4) ||
	    (n->has_prefix && nla_put_u8(skb, KCTR_NET_A_PREFIX, n->prefix)) ||
	    (n->has_gateway &&
	     nla_put_in_addr(skb, KCTR_NET_A_GATEWAY4, n->gateway4)) ||
	    (n->has_mac && nla_put(skb, KCTR_NET_A_MAC, ETH_ALEN, n->mac)) ||
	    nla_put_u8(skb, KCTR_NET_A_ANCHORED, !!n->anchor))
		return -EMSGSIZE;
	return 0;
}

/* KCTR_A_NET of a record: the ports only while they are claimed. */
int kctr_net_fill(struct sk_buff *skb, const struct kctr_net *n)
{
	struct nlattr *nest;
	unsigned int i;

	if (!n->present)
		return 0;
	nest = nla_nest_start(skb, KCTR_A_NET);
	if (!nest)
		return -EMSGSIZE;
	if (kctr_net_fill_info(skb, n))
		goto err_cancel;
	for (i = 0; n->ports_claimed && i < n->nr_ports; i++)
		if (kctr_port_fill(skb, &n->ports[i]))
			goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* The largest KCTR_A_NET nest, for kctr_record_size_max(). */
size_t kctr_net_size_max(void)
{
	const size_t u8a = nla_total_size(sizeof(u8));
	const size_t u16a = nla_total_size(sizeof(u16));
	const size_t u32a = nla_total_size(sizeof(u32));
	const size_t port = nla_total_size(u8a + u32a + 2 * u16a);

	return nla_total_size(nla_total_size(KCTR_NET_NAME_MAX + 1) +
			      2 * u32a + 2 * u8a + nla_total_size(ETH_ALEN) +
			      KCTR_NET_PORTS_MAX * port);
}
