/* SPDX-License-Identifier: GPL-2.0 */
/* Cgroup v2 limits: parsing from netlink, formatting for cgroupfs. */
#ifndef _KCTR_LIMITS_H
#define _KCTR_LIMITS_H

#include <linux/types.h>
#include <net/netlink.h>
#include <uapi/linux/kctr.h>

struct kctr_io_limit {
	u32 major, minor;
	u64 rbps, wbps, riops, wiops;	/* KCTR_LIMIT_UNLIMITED: "max" */
};

struct kctr_limits {
	u32 present;	/* BIT(KCTR_LIMIT_A_*) for every limit that was set */
	u64 memory_max, memory_high, memory_low, memory_min, memory_swap_max;
	u64 cpu_quota, cpu_period;
	u32 cpu_weight;
	u64 pids_max;
	char cpuset_cpus[KCTR_CPUSET_MAX + 1];
	char cpuset_mems[KCTR_CPUSET_MAX + 1];
	unsigned int nr_io;
	struct kctr_io_limit io[KCTR_IO_MAX_DEVICES];
};

/* One cgroupfs control file and the text to write into it. */
struct kctr_limit_write {
	const char *file;	/* e.g. "memory.max" */
	const char *controller;	/* the controller the file belongs to */
	char value[KCTR_CPUSET_MAX + 1];
};

/* Room kctr_limits_format() may need: 5 memory, 2 cpu, pids, 2 cpuset, io. */
#define KCTR_LIMIT_WRITES_MAX	(10 + KCTR_IO_MAX_DEVICES)

/*
 * Extended-ACK message chosen at run time; @msg must be a string literal
 * (or otherwise live forever), as NL_SET_ERR_MSG() wants.
 */
static inline void kctr_set_err(struct netlink_ext_ack *extack,
				const struct nlattr *attr, const char *msg)
{
	if (!extack)
		return;
	extack->_msg = msg;
	extack->bad_attr = attr;
}

extern const struct nla_policy kctr_limits_policy[KCTR_LIMIT_A_MAX + 1];

int kctr_limits_parse(const struct nlattr *nest, struct kctr_limits *out,
		      struct netlink_ext_ack *extack);
/* The semantic checks of kctr_limits_parse() on an already filled struct. */
int kctr_limits_validate(const struct kctr_limits *l,
			 struct netlink_ext_ack *extack);
bool kctr_cpuset_list_valid(const char *s);
/*
 * Fill @w (room for @max entries) with the writes that apply @l, in the
 * order they must be written. Returns the number of entries or -errno.
 */
int kctr_limits_format(const struct kctr_limits *l,
		       struct kctr_limit_write *w, unsigned int max);
int kctr_limits_fill(struct sk_buff *skb, const struct kctr_limits *l);

#endif
