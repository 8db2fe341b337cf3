// SPDX-License-Identifier: GPL-2.0
/* The "container" generic netlink family: policies, permissions, ops. */
#include <linux/module.h>
#include <net/genetlink.h>

#include "kctr.h"
#include "netlink.h"

static struct genl_family kctr_family;

static const struct nla_policy kctr_version_policy[KCTR_A_MAX + 1] = {
};

static int kctr_nl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kctr_family, 0,
				KCTR_CMD_GET_VERSION);
	if (!hdr)
		goto err_free;
	if (nla_put_string(msg, KCTR_A_VERSION, KCTR_VERSION) ||
	    nla_put_u32(msg, KCTR_A_UAPI_VERSION, KCTR_UAPI_VERSION))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops kctr_ops[] = {
	{
		.cmd = KCTR_CMD_GET_VERSION,
		.doit = kctr_nl_get_version,
		.policy = kctr_version_policy,
		.maxattr = KCTR_A_MAX,
	},
};

static const struct genl_multicast_group kctr_mcgrps[] = {
	{ .name = KCTR_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

static struct genl_family kctr_family __ro_after_init = {
	.name = KCTR_GENL_NAME,
	.version = KCTR_GENL_VERSION,
	.maxattr = KCTR_A_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = kctr_ops,
	.n_ops = ARRAY_SIZE(kctr_ops),
	.mcgrps = kctr_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kctr_mcgrps),
};

int __init kctr_genl_init(void)
{
	return genl_register_family(&kctr_family);
}

void kctr_genl_exit(void)
{
	genl_unregister_family(&kctr_family);
}
