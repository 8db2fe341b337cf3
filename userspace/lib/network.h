/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Container networking (issue 11, Documentation/network.md): networks
 * (a bridge, a subnet and a gateway, kept under the state directory), the
 * option forms (-p, CIDR, --add-host), address choice, the container's
 * /etc files, the bridge and veth over rtnetlink (netlink_route.c) and the
 * container's owned nf_tables table (nft.c).
 *
 * kctr configures; kctr.ko arbitrates the address and the host ports and
 * holds the table's socket (struct kctr_net_claim, netclaim.h), so that
 * nothing a container got outlives it, whoever is still running.
 */
#ifndef KCTR_NETWORK_H
#define KCTR_NETWORK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "netclaim.h"

#define KCTR_DEFAULT_NETWORK	"kctr"
#define KCTR_DEFAULT_BRIDGE	"kctr0"
#define KCTR_DEFAULT_SUBNET	"10.87.0.0/16"
/* "kbr-" + the name fits IFNAMSIZ. */
#define KCTR_NETWORK_NAME_MAX	11
#define KCTR_VETH_PREFIX	"kve"

/* A network: what `kctr network create` keeps. Addresses in network order. */
struct kctr_netconf {
	char name[KCTR_NET_NAME_MAX + 1];
	char bridge[IFNAMSIZ];
	uint32_t subnet, gateway;
	uint8_t prefix;
	unsigned int mtu;		/* 0: the kernel's default */
	bool internal;			/* no NAT, no published ports */
};

/* ---- option forms (netparse.c): pure ---- */

int kctr_parse_ipv4(const char *s, uint32_t *addr, struct kctr_err *err);
/* "A.B.C.D/N", N 8..30, no host bits set. */
int kctr_parse_cidr(const char *s, uint32_t *net, uint8_t *prefix,
		    struct kctr_err *err);
/* "[HOSTIP:]HOSTPORT:CTRPORT[/tcp|/udp]"; a loopback host address refused. */
int kctr_parse_publish(const char *s, struct kctr_port_claim *p,
		       struct kctr_err *err);
/* "02:42:ac:11:00:02": unicast, not all zero. */
int kctr_parse_mac(const char *s, uint8_t mac[6], struct kctr_err *err);

struct kctr_add_host {
	char name[254];
	uint32_t addr4;			/* network order */
	bool gateway;			/* "host-gateway": the network's */
};
/* "NAME:IP" or "NAME:host-gateway". */
int kctr_parse_add_host(const char *s, struct kctr_add_host *h,
			struct kctr_err *err);

/* --network MODE */
enum kctr_net_mode {
	KCTR_NET_NONE,			/* new netns, lo up */
	KCTR_NET_HOST,			/* the caller's */
	KCTR_NET_BRIDGE,		/* a network: "bridge" is "kctr" */
	KCTR_NET_NS,			/* ns:PATH */
	KCTR_NET_CONTAINER,		/* container:NAME */
};
struct kctr_net_mode_arg {
	enum kctr_net_mode mode;
	const char *arg;		/* the network, path or container */
};
int kctr_parse_net_mode(const char *s, struct kctr_net_mode_arg *m,
			struct kctr_err *err);
/* 1..11 of [a-zA-Z0-9_.-], not starting with '.' or '-'. */
bool kctr_network_name_ok(const char *name);
bool kctr_in_subnet(uint32_t addr, uint32_t net, uint8_t prefix);
uint32_t kctr_prefix_mask(uint8_t prefix);	/* network order */
/* 02:6b:<the address's four bytes>: a reused address keeps its MAC. */
void kctr_mac_from_addr(uint32_t addr, uint8_t mac[6]);
/*
 * An --ip for @c: in the subnet, not its network, broadcast or gateway
 * address.
 */
int kctr_check_ip(const struct kctr_netconf *c, uint32_t addr,
		  struct kctr_err *err);

/* ---- address choice (ipam.c): pure ---- */

/*
 * The address for container @id on @c: the host part starts at
 * 1 + id mod (hosts), so ids, which only grow, rotate through the pool,
 * then goes up, wrapping, past the gateway and the @nr_used addresses in
 * @used; @skip more free ones are passed over (a retry after the module
 * refused one). 0, or -ENOSPC when the pool is full.
 */
int kctr_ipam_pick(const struct kctr_netconf *c, uint64_t id,
		   const uint32_t *used, size_t nr_used, unsigned int skip,
		   uint32_t *addr);

/* ---- the container's /etc files (etcfiles.c) ---- */

struct kctr_etc {
	const char *hostname;		/* its first name in hosts */
	const char *name;		/* the container's name, the second */
	uint32_t addr4, gateway4;	/* 0: none (no network address) */
	bool host_mode;			/* hosts: the host's file first */
	const struct kctr_add_host *add_hosts;
	size_t nr_add_hosts;
	const char *const *dns, *const *dns_search, *const *dns_options;
	size_t nr_dns, nr_dns_search, nr_dns_options;
};

/* hosts: localhost, the container's own line, then --add-host. */
int kctr_etc_hosts(const struct kctr_etc *e, const char *host_hosts,
		   char *buf, size_t len);
/*
 * resolv.conf: the host's (@host_resolv, may be NULL) without loopback
 * nameservers, which the container's namespace cannot reach (kept in
 * host mode); --dns replaces the nameservers, --dns-search the search
 * list, --dns-option the options. *usable: a nameserver is left.
 */
int kctr_etc_resolv(const struct kctr_etc *e, const char *host_resolv,
		    char *buf, size_t len, bool *usable);
/*
 * Write hosts (unless @no_hosts), hostname and resolv.conf into @dir;
 * *warn set when resolv.conf has no nameserver.
 */
int kctr_etc_write(const char *dir, const struct kctr_etc *e, bool no_hosts,
		   bool *no_nameserver, struct kctr_err *err);

/* ---- networks kept under the state directory (netconf.c) ---- */

/* An flock over every network's bridge and config: released by close(). */
int kctr_network_lock(struct kctr_err *err);
/* Check @c (name, subnet, gateway, bridge, mtu) and fill the defaults. */
int kctr_netconf_complete(struct kctr_netconf *c, struct kctr_err *err);
int kctr_netconf_save(const struct kctr_netconf *c, struct kctr_err *err);
/* -ENOENT "no network NAME" when there is none; "kctr" made on first use. */
int kctr_netconf_load(const char *name, struct kctr_netconf *c,
		      struct kctr_err *err);
int kctr_netconf_remove(const char *name, struct kctr_err *err);
/* Every network, sorted by name, "kctr" included once it exists. */
int kctr_netconf_list(struct kctr_netconf **list, size_t *nr,
		      struct kctr_err *err);
/* Text form of a config file, and back (pure: unit-tested). */
int kctr_netconf_format(const struct kctr_netconf *c, char *buf, size_t len);
int kctr_netconf_parse(const char *name, const char *text,
		       struct kctr_netconf *c, struct kctr_err *err);

/* ---- rtnetlink (netlink_route.c) ---- */

/*
 * The bridge of @c as it should be, whatever was there: made if missing,
 * its MAC fixed, the gateway address on it, up; ip_forward on unless the
 * network is internal. Under kctr_network_lock().
 */
int kctr_bridge_ensure(const struct kctr_netconf *c, struct kctr_err *err);
/* Deleted if it exists (network rm). */
int kctr_bridge_delete(const char *ifname, struct kctr_err *err);
/*
 * One RTM_NEWLINK: kve<id> on the bridge, up; its peer eth0 with @mac
 * made straight in @pid's network namespace.
 */
int kctr_veth_create(const struct kctr_netconf *c, uint64_t id, pid_t pid,
		     const uint8_t mac[6], struct kctr_err *err);
/*
 * In the container's network namespace (the init, before JOIN): lo up,
 * and with @addr eth0 addressed, up, with a default route via @gateway.
 */
int kctr_ctr_net_setup(uint32_t addr, uint8_t prefix, uint32_t gateway,
		       unsigned int mtu, struct kctr_err *err);
/*
 * A route of the main table (not through @bridge) that overlaps
 * net/prefix: its text in @desc, 1; else 0.
 */
int kctr_route_overlap(uint32_t net, uint8_t prefix, const char *bridge,
		       char *desc, size_t len);

/* ---- the kernel's record (netuse.c) ---- */

struct kctr_info;
struct kctr_nl;
/* The container's claim as GET reported it, or NULL (no network). */
const struct kctr_net_claim *kctr_info_net(const struct kctr_info *info);
/*
 * From a registry dump: the addresses claimed on @network (*addrs, to
 * free), the first container using it (*user, "" if none) and the next
 * id the module is likely to give (the highest one + 1: ipam's start).
 */
int kctr_net_used(struct kctr_nl *nl, const char *network, uint32_t **addrs,
		  size_t *nr, char *user, size_t user_len, uint64_t *next_id,
		  struct kctr_err *err);

/* ---- a launch's network (launch.h) ---- */

struct kctr_launch_net {
	/* On a network: a veth on its bridge, an address, NAT. */
	const struct kctr_netconf *conf;
	uint32_t ip;			/* --ip; 0: picked (ipam.c) */
	bool has_mac;			/* else from the address */
	uint8_t mac[6];
	const struct kctr_port_claim *ports;
	size_t nr_ports;
	/*
	 * /etc/hosts (unless no_hosts), /etc/hostname and /etc/resolv.conf
	 * written in the state directory and bound over the image's; the
	 * launcher fills the names and addresses of @etc.
	 */
	bool etc_files, no_hosts;
	struct kctr_etc etc;
};

/* ---- nf_tables (nft.c) ---- */

/* The socket that will own the container's table: a NETLINK_NETFILTER fd. */
int kctr_nft_anchor_open(struct kctr_err *err);
/*
 * In one batch on @fd: table ip kctr-<id> (owned by @fd's socket), its
 * prerouting and output DNAT for each port, its outbound and hairpin
 * masquerade.
 */
int kctr_nft_container_table(int fd, uint64_t id, const struct kctr_netconf *c,
			     const struct kctr_net_claim *claim,
			     struct kctr_err *err);
/*
 * That batch, built into @buf of @len bytes (half of it the batch's limit)
 * with sequence numbers from @seq, sent by nobody (pure: tests/unit): its
 * size, or 0 when it does not fit; *nr_acks: the messages it asks the
 * kernel to acknowledge.
 */
size_t kctr_nft_build(void *buf, size_t len, const char *table, uint32_t seq,
		      const struct kctr_netconf *c,
		      const struct kctr_net_claim *n, uint32_t *nr_acks);
/*
 * A base chain at the forward hook with a drop policy (Docker's, ufw's):
 * "table ip filter chain FORWARD" in @desc, 1; else 0 (or -errno).
 */
int kctr_nft_forward_drop(char *desc, size_t len);

#endif
