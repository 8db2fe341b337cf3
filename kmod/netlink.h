/* SPDX-License-Identifier: GPL-2.0 */
/* The "container" generic netlink family. */
#ifndef _KCTR_NETLINK_H
#define _KCTR_NETLINK_H

int kctr_genl_init(void);
void kctr_genl_exit(void);

#endif
