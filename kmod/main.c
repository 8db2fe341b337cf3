// SPDX-License-Identifier: GPL-2.0
/* kctr: kernel-tracked containers. Module init and exit. */
#include <linux/module.h>

#include "kctr.h"
#include "netlink.h"

static int __init kctr_init(void)
{
	return kctr_genl_init();
}

static void __exit kctr_exit(void)
{
	kctr_genl_exit();
}

module_init(kctr_init);
module_exit(kctr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kctr: kernel-tracked containers (generic netlink family \"container\")");
MODULE_VERSION(KCTR_VERSION);
