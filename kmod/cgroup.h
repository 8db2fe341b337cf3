/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Each container's cgroup v2 node, /kctr/<id> below the root of the
 * default hierarchy, created and removed by the module through a private
 * mount of cgroup2.
 */
#ifndef _KCTR_CGROUP_H
#define _KCTR_CGROUP_H

#include <linux/types.h>
#include <net/netlink.h>

struct cgroup;
struct task_struct;
struct kctr_limits;

struct kctr_cgroup_stats;

struct kctr_cgroup {
	struct cgroup *cgrp;	/* reference held while the node exists */
	u64 id;			/* cgroup id */
	char name[24];		/* directory name below /kctr */
	/* the files' figures, read off kctr_lock, for the fill (NULL: none) */
	const struct kctr_cgroup_stats *stats;
};

struct kctr_cgroup_stats {
	u64 memory_current, memory_peak, pids_current;
	u64 cpu_usage_usec, cpu_user_usec, cpu_system_usec;
	u64 oom, oom_kill, io_rbytes, io_wbytes;
};

int kctr_cgroup_init(void);	/* mount, create /kctr, enable controllers */
void kctr_cgroup_exit(void);
/* The highest /kctr/<id> an earlier load left behind, 0 if none. */
u64 kctr_cgroup_highest_leftover(void);

/* mkdir /kctr/<id> and write @limits; nothing left behind on failure. */
int kctr_cgroup_create(struct kctr_cgroup *cg, u64 id,
		       const struct kctr_limits *limits,
		       struct netlink_ext_ack *extack);
/* rmdir the node and the cgroups below it; -EBUSY while populated. */
int kctr_cgroup_remove(struct kctr_cgroup *cg);
/* Drop the reference to a node that is given up (it stays in /kctr). */
void kctr_cgroup_forget(struct kctr_cgroup *cg);
int kctr_cgroup_kill(struct kctr_cgroup *cg);	/* cgroup.kill */
bool kctr_cgroup_populated(struct kctr_cgroup *cg);
/* The figures of memory.current, cpu.stat, ...: by path, no kctr_lock. */
int kctr_cgroup_read_files(const struct kctr_cgroup *cg,
			   struct kctr_cgroup_stats *st);
/* memory.events oom_kill, by path only: no kctr_lock needed (0 if none). */
void kctr_cgroup_read_oom_kills(const struct kctr_cgroup *cg, u64 *kills);
/*
 * KCTR_A_CGROUP nest: path (in the caller's cgroup ns), id, populated,
 * and the figures of cg->stats when set.
 */
int kctr_cgroup_fill(struct sk_buff *skb, struct kctr_cgroup *cg);

/* Parsers of cgroupfs files, pure (KUnit). */
bool kctr_cgroup_parse_keyed(const char *buf, const char *key, u64 *val);
void kctr_cgroup_parse_io_stat(const char *buf, u64 *rbytes, u64 *wbytes);

/* Is @task in exactly this container's cgroup? */
bool kctr_cgroup_has_task(struct kctr_cgroup *cg, struct task_struct *task);
/* Is current anywhere below /kctr, i.e. inside some container? */
bool kctr_cgroup_current_inside(void);
/*
 * May a socket made in cgroup @from see the events of the container whose
 * cgroup is @cgrp (NULL once removed)? Yes from outside /kctr, and from
 * inside only for its own container. Atomic context, RCU held.
 */
bool kctr_cgroup_may_observe(struct cgroup *from, struct cgroup *cgrp);

#endif
