// SPDX-License-Identifier: GPL-2.0
/*
 * kctr spawn: its options turned into one launch description
 * (lib/launch.h), launched, then waited for unless -d.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "launch.h"
#include "network.h"
#include "spawnopts.h"
#include "trace.h"

/* What --network resolves to, kept for the launch. */
struct spawn_net {
	struct kctr_netconf conf;
	struct kctr_launch_net net;
	char ns_path[64];		/* container:NAME's /proc/PID/ns/net */
};

/* container:NAME: the running init's network namespace, by its pid. */
static int container_netns(const char *spec, char *path, size_t len,
			   struct kctr_err *err)
{
	struct kctr_info *info;
	struct kctr_nl *nl;
	uint64_t id = 0;
	char *end;
	int ret;

	info = calloc(1, sizeof(*info));
	if (!info)
		return kctr_err_set(err, ENOMEM, "out of memory");
	ret = kctr_nl_open(&nl, err);
	if (!ret) {
		id = strtoull(spec, &end, 10);
		if (*end || !*spec)
			id = 0;
		ret = kctr_nl_get(nl, id, id ? NULL : spec, info, err);
		kctr_nl_close(nl);
	}
	if (!ret && (info->state != KCTR_STATE_RUNNING || !info->init_pid))
		ret = kctr_err_set(err, ESRCH, "container %s is not running",
				   spec);
	if (!ret)
		snprintf(path, len, "/proc/%u/ns/net", info->init_pid);
	free(info);
	return ret ? kctr_err_wrap(err, "--network container:%s", spec) : 0;
}

/* The network, its ports and the /etc files, from the options. */
static int describe_net(const struct kctr_spawn_opts *o, struct spawn_net *sn,
			struct kctr_launch *l, struct kctr_err *err)
{
	struct kctr_launch_net *n = &sn->net;
	int ret;

	memset(sn, 0, sizeof(*sn));
	switch (o->net.mode) {
	case KCTR_NET_NS:
		l->ns_path[KCTR_NS_KIND_NET] = o->net.arg;
		break;
	case KCTR_NET_CONTAINER:
		ret = container_netns(o->net.arg, sn->ns_path,
				      sizeof(sn->ns_path), err);
		if (ret)
			return ret;
		l->ns_path[KCTR_NS_KIND_NET] = sn->ns_path;
		break;
	case KCTR_NET_BRIDGE:
		ret = kctr_netconf_load(o->net.arg, &sn->conf, err);
		if (ret)
			return ret;
		n->conf = &sn->conf;
		break;
	default:
		break;
	}
	n->ip = o->ip;
	n->has_mac = o->has_mac;
	memcpy(n->mac, o->mac, sizeof(n->mac));
	n->ports = o->ports;
	n->nr_ports = o->nr_ports;
	/* The image's files unless a network or an option changes them. */
	n->etc_files = o->net.mode == KCTR_NET_BRIDGE || o->nr_dns ||
		       o->nr_dns_search || o->nr_dns_options ||
		       o->nr_add_hosts;
	n->no_hosts = o->no_hosts;
	n->etc = (struct kctr_etc){
		.host_mode = o->net.mode == KCTR_NET_HOST,
		.add_hosts = o->add_hosts, .nr_add_hosts = o->nr_add_hosts,
		.dns = o->dns, .nr_dns = o->nr_dns,
		.dns_search = o->dns_search,
		.nr_dns_search = o->nr_dns_search,
		.dns_options = o->dns_options,
		.nr_dns_options = o->nr_dns_options,
	};
	l->net = n;
	return 0;
}

static void print_warning(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "kctr: spawn: %s\n", msg);
}

/* What the options mean, resolved: nothing left to the launcher's guess. */
static void describe(const struct kctr_spawn_opts *o, struct kctr_launch *l,
		     struct kctr_id_extent_req *map)
{
	memset(l, 0, sizeof(*l));
	l->name = o->name;
	l->hostname = o->hostname;
	l->auto_remove = o->rm;
	l->image = o->rootfs ? NULL : o->image;
	l->rootfs = o->rootfs;
	l->read_only = o->read_only;
	l->cwd = o->workdir;
	l->vols = o->vols;
	l->nr_vols = o->nr_vols;
	l->tmpfs = o->tmpfs;
	l->nr_tmpfs = o->nr_tmpfs;
	l->mounts = o->mounts;
	l->nr_mounts = o->nr_mounts;
	l->sysctls = o->sysctls;
	l->nr_sysctls = o->nr_sysctls;
	l->ns_new = o->ns_mask;
	if (o->userns) {
		*map = (struct kctr_id_extent_req){
			0, o->userns_outside, o->userns_count,
		};
		l->uid_map = l->gid_map = map;
		l->nr_uid_map = l->nr_gid_map = 1;
	}
	l->has_user = o->has_user;
	l->uid = o->uid;
	l->gid = o->gid;
	/* kctr's one set: bounding, effective and permitted alike. */
	l->caps = (struct kctr_caps_req){
		.bounding = o->caps, .effective = o->caps,
		.permitted = o->caps,
	};
	l->argv = o->argv;
	l->env = o->env;
	l->nr_env = o->nr_env;
	l->no_init = o->no_init;
	if (o->allow_new_privs)
		l->flags |= KCTR_F_ALLOW_NEW_PRIVS;
	l->tty = o->tty;
	l->keep_stdin = o->interactive;
	l->log = o->detach;
	l->forward_signals = !o->detach;
	l->seccomp = o->seccomp;
	l->devs = o->devs;
	l->nr_devs = o->nr_devs;
	l->limits = o->limits;
	l->warn = print_warning;
}

int kctr_cmd_spawn(int argc, char **argv, const struct kctr_global *g)
{
	struct kctr_spawn_opts o = { 0 };
	struct kctr_err err = { 0 };
	struct kctr_id_extent_req map;
	struct kctr_launched c;
	struct kctr_launch l;
	struct spawn_net sn;
	int ret;

	ret = kctr_spawn_parse(argc, argv, &o, &err);
	if (ret) {
		if (ret < 0)
			fprintf(stderr, "kctr: spawn: %s\n", err.msg);
		return ret < 0 ? KCTR_EXIT_SPAWN_FAILED : 0;
	}
	kctr_trace("options parsed");
	describe(&o, &l, &map);
	ret = describe_net(&o, &sn, &l, &err);
	if (!ret)
		ret = kctr_launch(&l, &c, &err);
	if (ret) {
		fprintf(stderr, "kctr: spawn: %s\n", err.msg);
		return KCTR_EXIT_SPAWN_FAILED;
	}
	if (o.detach) {
		if (!g || !g->quiet)
			printf("%" PRIu64 "\n", c.id);
		kctr_launched_close(&c);
		return 0;
	}
	ret = kctr_launch_wait(&c, &err);
	if (err.code)
		fprintf(stderr, "kctr: spawn: %s\n", err.msg);
	kctr_launched_close(&c);
	return ret;
}
