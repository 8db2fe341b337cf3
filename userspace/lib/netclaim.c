// SPDX-License-Identifier: GPL-2.0
/*
 * The module's rules about claims, kept in step with kmod/netclaim.c so
 * that kctr names a holder the way the module refuses one (pure: tests/
 * unit/netclaim_test.c pins them).
 */
#include "netclaim.h"

const char *kctr_port_proto_name(uint8_t proto)
{
	return proto == KCTR_PORT_UDP ? "udp" : "tcp";
}

bool kctr_ports_clash(const struct kctr_port_claim *a,
		      const struct kctr_port_claim *b)
{
	if (a->proto != b->proto || a->host_port != b->host_port)
		return false;
	return !a->host_addr4 || !b->host_addr4 ||
	       a->host_addr4 == b->host_addr4;
}
