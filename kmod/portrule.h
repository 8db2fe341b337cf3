/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host-port rule, one definition for kctr.ko (kctr_port_conflict() in
 * netclaim.c, which refuses under the registry lock) and for kctr
 * (kctr_ports_clash() in userspace/lib/netclaim.c, which names the holder
 * where the kernel's refusal does not, 6.1): no kernel or libc type in
 * it, so that both compile these same lines. Addresses as stored (network
 * order), 0 meaning every host address.
 */
#ifndef KCTR_PORTRULE_H
#define KCTR_PORTRULE_H

/*
 * Two published ports clash with the same protocol and host port on a
 * common host address: either is "any", or both are the same address.
 */
static inline bool kctr_port_rule_clash(unsigned int proto_a,
					unsigned int addr_a,
					unsigned int port_a,
					unsigned int proto_b,
					unsigned int addr_b,
					unsigned int port_b)
{
	if (proto_a != proto_b || port_a != port_b)
		return false;
	return !addr_a || !addr_b || addr_a == addr_b;
}

#endif
