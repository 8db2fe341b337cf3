// SPDX-License-Identifier: GPL-2.0
/*
 * kctr spawn: its options turned into one launch description
 * (lib/launch.h), launched, then waited for unless -d.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "launch.h"
#include "spawnopts.h"

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
	int ret;

	ret = kctr_spawn_parse(argc, argv, &o, &err);
	if (ret) {
		if (ret < 0)
			fprintf(stderr, "kctr: spawn: %s\n", err.msg);
		return ret < 0 ? KCTR_EXIT_SPAWN_FAILED : 0;
	}
	describe(&o, &l, &map);
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
