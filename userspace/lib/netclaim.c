// SPDX-License-Identifier: GPL-2.0
/*
 * The module's rules about claims: the port rule is kmod/portrule.h, the
 * lines kctr.ko compiles, so that kctr names a holder by the rule the
 * module refused with (pure: tests/unit/netclaim_test.c).
 */
#include "netclaim.h"
#include "../../kmod/portrule.h"

const char *kctr_port_proto_name(uint8_t proto)
{
	return proto == KCTR_PORT_UDP ? "udp" : "tcp";
}

bool kctr_ports_clash(const struct kctr_port_claim *a,
		      const struct kctr_port_claim *b)
{
	return kctr_port_rule_clash(a->proto, a->host_addr4, a->host_port,
				    b->proto, b->host_addr4, b->host_port);
}
