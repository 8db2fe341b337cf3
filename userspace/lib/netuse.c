// SPDX-License-Identifier: GPL-2.0
/* Who uses a network: the kernel's registry, never a file of kctr's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "nlclient.h"
#include "util.h"

const struct kctr_net_claim *kctr_info_net(const struct kctr_info *info)
{
	return info->has_net ? &info->net : NULL;
}

struct net_used {
	const char *network;
	uint32_t *addrs;
	size_t nr, cap;
	char *user;
	size_t user_len;
	uint64_t next_id;
};

static void net_used_restart(void *arg)
{
	struct net_used *u = arg;

	u->nr = 0;
	u->next_id = 1;
	if (u->user_len)
		u->user[0] = '\0';
}

/* One record of the dump: its address, if it is on the network. */
static int net_used_one(const struct kctr_info *info, void *arg)
{
	const struct kctr_net_claim *n = kctr_info_net(info);
	struct net_used *u = arg;

	if (info->id >= u->next_id)
		u->next_id = info->id + 1;
	if (!n || strcmp(n->network, u->network))
		return 0;
	if (kctr_grow_for_one((void **)&u->addrs, &u->cap, u->nr,
			      sizeof(*u->addrs), 16))
		return -ENOMEM;
	if (u->user_len && !u->user[0])
		snprintf(u->user, u->user_len, "%s", info->name);
	u->addrs[u->nr++] = n->addr4;
	return 0;
}

int kctr_net_used(struct kctr_nl *nl, const char *network, uint32_t **addrs,
		  size_t *nr, char *user, size_t user_len, uint64_t *next_id,
		  struct kctr_err *err)
{
	struct net_used u = { .network = network, .user = user,
			      .user_len = user_len };
	int ret;

	*addrs = NULL;
	*nr = 0;
	net_used_restart(&u);
	ret = kctr_nl_each_brief(nl, net_used_one, net_used_restart, &u, err);
	if (ret) {
		free(u.addrs);
		return ret;
	}
	/* As before: an array even when no address is claimed. */
	if (!u.addrs)
		u.addrs = calloc(1, sizeof(*u.addrs));
	if (!u.addrs)
		return kctr_err_set(err, ENOMEM, "out of memory");
	*addrs = u.addrs;
	*nr = u.nr;
	*next_id = u.next_id;
	return 0;
}
