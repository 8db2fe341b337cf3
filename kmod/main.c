// SPDX-License-Identifier: GPL-2.0
/* kctr: kernel-tracked containers. Module init and exit. */
#include <linux/module.h>
#include <linux/workqueue.h>

#include "kctr.h"
#include "netlink.h"

static int __init kctr_init(void)
{
	int err;

	kctr_wq = alloc_workqueue("kctr", WQ_UNBOUND, 0);
	if (!kctr_wq)
		return -ENOMEM;
	err = kctr_cgroup_init();
	if (err)
		goto err_destroy_wq;
	kctr_registry_ids_above(kctr_cgroup_highest_leftover());
	err = kctr_exitwatch_init();
	if (err)
		goto err_cgroup_exit;
	err = kctr_genl_init();
	if (err)
		goto err_exitwatch_exit;
	return 0;

err_exitwatch_exit:
	kctr_exitwatch_exit();
err_cgroup_exit:
	kctr_cgroup_exit();
err_destroy_wq:
	destroy_workqueue(kctr_wq);
	return err;
}

/*
 * Every container holds a module reference until its final release, so
 * the registry is empty here. Unregistering the family waits for running
 * callbacks; destroying the workqueue flushes the last releases.
 */
static void __exit kctr_exit(void)
{
	kctr_genl_exit();
	kctr_exitwatch_exit();
	destroy_workqueue(kctr_wq);
	kctr_cgroup_exit();
}

module_init(kctr_init);
module_exit(kctr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kctr: kernel-tracked containers (generic netlink family \"container\")");
MODULE_VERSION(KCTR_VERSION);
