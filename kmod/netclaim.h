/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container's network claim (KCTR_A_NET): the module records it,
 * refuses a second holder of an address on a network or of a host port,
 * and holds the anchor, the nf_tables socket that owns the container's
 * table, until the init exits. It configures nothing itself.
 */
#ifndef _KCTR_NETCLAIM_H
#define _KCTR_NETCLAIM_H

#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/types.h>
#include <net/netlink.h>
#include <uapi/linux/kctr.h>

struct file;
struct net;

struct kctr_port {
	u8 proto;		/* IPPROTO_TCP or IPPROTO_UDP */
	__be32 host_addr4;	/* 0: every host address */
	u16 host_port, ctr_port;
};

struct kctr_net {
	bool present;		/* CREATE had KCTR_A_NET */
	char network[KCTR_NET_NAME_MAX + 1];
	__be32 addr4, gateway4;
	u8 prefix;
	u8 mac[ETH_ALEN];
	bool has_prefix, has_gateway, has_mac;
	unsigned int nr_ports;
	struct kctr_port ports[KCTR_NET_PORTS_MAX];

	/* under kctr_lock: what is still claimed, and the anchor */
	bool addr_claimed;	/* until removal */
	bool ports_claimed;	/* until the init exits, or removal */
	struct file *anchor;	/* until the init exits, or removal */
	bool listed;		/* on the claims list (node) */
	struct list_head node;
};

extern const struct nla_policy kctr_net_policy[KCTR_NET_A_MAX + 1];

/* The pure rules (KUnit). */
enum kctr_net_clash {
	KCTR_NET_CLASH_NONE,
	KCTR_NET_CLASH_ADDR,
	KCTR_NET_CLASH_PORT,
};

bool kctr_net_name_valid(const char *name);
bool kctr_port_conflict(const struct kctr_port *a, const struct kctr_port *b);
/*
 * What of @want collides with what @held still claims; for a port,
 * *@want_port and *@held_port are the indexes of the pair.
 */
enum kctr_net_clash kctr_net_clash(const struct kctr_net *held,
				   const struct kctr_net *want,
				   unsigned int *want_port,
				   unsigned int *held_port);
/* Two ports of one request that conflict: true with their indexes. */
bool kctr_net_self_clash(const struct kctr_net *n, unsigned int *a,
			 unsigned int *b);

/*
 * KCTR_A_NET of a CREATE into @n (the anchor fd resolved in @caller_net
 * and its file held). On failure the caller's kctr_net_release() drops
 * whatever was taken.
 */
int kctr_net_parse(struct kctr_net *n, const struct nlattr *attr,
		   struct net *caller_net, struct netlink_ext_ack *extack);
/* Under kctr_lock: -EADDRINUSE naming the holder if @n collides. */
int kctr_net_check(const struct kctr_net *n, struct netlink_ext_ack *extack);
/* Under kctr_lock, once the container is in the registry. */
void kctr_net_claim(struct kctr_net *n);
/*
 * Under kctr_lock, at the init's exit: the ports are free; returns the
 * anchor for the caller to fput() once it dropped the lock.
 */
struct file *kctr_net_exited(struct kctr_net *n);
/* Under kctr_lock, at removal: nothing is claimed or held any more. */
void kctr_net_unclaim(struct kctr_net *n);
/* At the container's release (no lock): the anchor of a failed CREATE. */
void kctr_net_release(struct kctr_net *n);
int kctr_net_fill(struct sk_buff *skb, const struct kctr_net *n);
size_t kctr_net_size_max(void);

#endif
