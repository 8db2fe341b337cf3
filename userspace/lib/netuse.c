// SPDX-License-Identifier: GPL-2.0
/* Who uses a network: the kernel's registry, never a file of kctr's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "nlclient.h"

const struct kctr_net_claim *kctr_info_net(const struct kctr_info *info)
{
	return info->has_net ? &info->net : NULL;
}

int kctr_net_used(struct kctr_nl *nl, const char *network, uint32_t **addrs,
		  size_t *nr, char *user, size_t user_len, uint64_t *next_id,
		  struct kctr_err *err)
{
	const struct kctr_net_claim *n;
	struct kctr_info *list = NULL;
	size_t count = 0, i;
	int ret;

	*addrs = NULL;
	*nr = 0;
	if (user_len)
		user[0] = '\0';
	ret = kctr_nl_list_brief(nl, &list, &count, err);
	if (ret)
		return ret;
	*addrs = calloc(count + 1, sizeof(**addrs));
	if (!*addrs) {
		free(list);
		return kctr_err_set(err, ENOMEM, "out of memory");
	}
	*next_id = 1;
	for (i = 0; i < count; i++) {
		if (list[i].id >= *next_id)
			*next_id = list[i].id + 1;
		n = kctr_info_net(&list[i]);
		if (!n || strcmp(n->network, network))
			continue;
		if (user_len && !user[0])
			snprintf(user, user_len, "%s", list[i].name);
		(*addrs)[(*nr)++] = n->addr4;
	}
	free(list);
	return 0;
}
