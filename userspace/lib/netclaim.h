/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container's network claim: what kctr.ko records, arbitrates and holds
 * for it (KCTR_A_NET in CREATE and GET). The module configures nothing;
 * it refuses a second holder of an address on a network, or of a host
 * port, with EADDRINUSE, and it holds the nf_tables socket that owns the
 * container's table (NFT_TABLE_F_OWNER) until the init exits, so the
 * rules go when the container's process does, whoever is still running.
 *
 * This header is the contract between the netlink client (nlclient.c,
 * which encodes and decodes it) and the network set-up (network.c, which
 * fills it): Documentation/network.md.
 */
#ifndef KCTR_NETCLAIM_H
#define KCTR_NETCLAIM_H

#include <stdbool.h>
#include <stdint.h>

#define KCTR_NET_NAME_MAX	15	/* bytes, without the NUL (IFNAMSIZ - 1) */
#define KCTR_NET_PORTS_MAX	32

enum kctr_port_proto {
	KCTR_PORT_TCP = 6,		/* IPPROTO_TCP */
	KCTR_PORT_UDP = 17,		/* IPPROTO_UDP */
};

/* One published port: host_addr4 0 means every host address. */
struct kctr_port_claim {
	uint8_t proto;			/* enum kctr_port_proto */
	uint32_t host_addr4;		/* network byte order */
	uint16_t host_port, ctr_port;	/* host byte order */
};

struct kctr_net_claim {
	char network[KCTR_NET_NAME_MAX + 1];	/* the claim's key */
	uint32_t addr4;			/* network byte order; unique per network */
	uint8_t prefix;			/* informative */
	uint32_t gateway4;		/* network byte order; informative */
	uint8_t mac[6];			/* informative */
	unsigned int nr_ports;
	struct kctr_port_claim ports[KCTR_NET_PORTS_MAX];
	/*
	 * CREATE only: an AF_NETLINK/NETLINK_NETFILTER socket in the
	 * caller's network namespace, or -1. The module takes its own
	 * reference; the caller closes its descriptor when it likes.
	 */
	int anchor_fd;
	int anchored;			/* GET only: the module holds the anchor */
};

/* "tcp" or "udp", as -p takes them and kmod/netclaim.c prints them. */
const char *kctr_port_proto_name(uint8_t proto);
/*
 * The module's port rule (kctr_port_conflict() in kmod/netclaim.c): the
 * same protocol and host port, and either host address is "any"
 * (0.0.0.0) or both are the same address.
 */
bool kctr_ports_clash(const struct kctr_port_claim *a,
		      const struct kctr_port_claim *b);

#endif
