/* SPDX-License-Identifier: GPL-2.0 */
/* Network interfaces of a container's own network namespace. */
#ifndef KCTR_NETIF_H
#define KCTR_NETIF_H

#include "err.h"

/*
 * Bring up "lo" in the caller's network namespace: a new namespace has
 * its loopback down, and "--net none" promises a working 127.0.0.1.
 * Needs CAP_NET_ADMIN over the namespace (the init before JOIN has it).
 */
int kctr_loopback_up(struct kctr_err *err);

#endif
