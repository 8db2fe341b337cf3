// SPDX-License-Identifier: GPL-2.0
/*
 * Address choice: kctr picks, kctr.ko guarantees uniqueness (a second
 * claim of an address on a network is refused there). No lease file.
 */
#include <arpa/inet.h>
#include <errno.h>

#include "network.h"

static bool taken(uint32_t addr, const uint32_t *used, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (used[i] == addr)
			return true;
	return false;
}

int kctr_ipam_pick(const struct kctr_netconf *c, uint64_t id,
		   const uint32_t *used, size_t nr_used, unsigned int skip,
		   uint32_t *addr)
{
	uint32_t base = ntohl(c->subnet);
	uint32_t hosts = (1U << (32 - c->prefix)) - 2;	/* 1..size-2 */
	uint32_t i, off, a;

	for (i = 0; i < hosts; i++) {
		off = 1 + (uint32_t)((id + i) % hosts);
		a = htonl(base + off);
		if (a == c->gateway || taken(a, used, nr_used))
			continue;
		if (skip) {
			skip--;
			continue;
		}
		*addr = a;
		return 0;
	}
	return -ENOSPC;
}
