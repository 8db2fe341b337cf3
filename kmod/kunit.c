// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites of kctr.ko, built in with KCTR_KUNIT=y; they run when the
 * module is loaded into a kernel with CONFIG_KUNIT (the debug VM).
 *
 * Attributes are built for real in an skb and go through the same
 * nla_parse_nested() and policies as a netlink request, so the tests cover
 * the policies as well as the semantic checks.
 */
#include <kunit/skbuff.h>
#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/filter.h>
#include <linux/inet.h>
#include <linux/kthread.h>
#include <linux/pid_namespace.h>
#include <linux/sched/coredump.h>
#include <linux/seccomp.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/threads.h>
#include <linux/user_namespace.h>
#include <net/genetlink.h>
#include <uapi/linux/audit.h>

#include "guard.h"
#include "kctr.h"

/* netlink helpers */

static struct sk_buff *new_skb(struct kunit *test)
{
	struct sk_buff *skb = kunit_zalloc_skb(test, 65536, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	return skb;
}

static struct nlattr *nest_start(struct kunit *test, struct sk_buff *skb,
				 int type)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	KUNIT_ASSERT_NOT_NULL(test, nest);
	return nest;
}

static void put_u64(struct kunit *test, struct sk_buff *skb, int type, u64 v)
{
	KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(skb, type, v, 1), 0);
}

static void put_u32(struct kunit *test, struct sk_buff *skb, int type, u32 v)
{
	KUNIT_ASSERT_EQ(test, nla_put_u32(skb, type, v), 0);
}

static void put_str(struct kunit *test, struct sk_buff *skb, int type,
		    const char *s)
{
	KUNIT_ASSERT_EQ(test, nla_put_string(skb, type, s), 0);
}

static void kfree_action(void *p)
{
	kfree(p);
}

/* kctr-limits */

static struct nlattr *limits_u64(struct kunit *test, int type, u64 v)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);

	put_u64(test, skb, type, v);
	nla_nest_end(skb, nest);
	return nest;
}

static int parse_u64(struct kunit *test, int type, u64 v)
{
	struct netlink_ext_ack extack = {};
	struct kctr_limits *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, l);
	err = kctr_limits_parse(limits_u64(test, type, v), l, &extack);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	return err;
}

static struct kctr_limits *alloc_limits(struct kunit *test)
{
	struct kctr_limits *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, l);
	return l;
}

static struct kctr_limit_write *alloc_writes(struct kunit *test)
{
	struct kctr_limit_write *w;

	w = kunit_kcalloc(test, KCTR_LIMIT_WRITES_MAX, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	return w;
}

static void limits_empty(struct kunit *test)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);
	struct kctr_limits *l = alloc_limits(test);

	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, kctr_limits_parse(nest, l, NULL), 0);
	KUNIT_EXPECT_EQ(test, l->present, 0);
	KUNIT_EXPECT_EQ(test, kctr_limits_format(l, alloc_writes(test),
						 KCTR_LIMIT_WRITES_MAX), 0);
}

static struct nlattr *full_limits(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);
	struct nlattr *io, *dev;

	put_u64(test, skb, KCTR_LIMIT_A_MEMORY_MAX, 16 << 20);
	put_u64(test, skb, KCTR_LIMIT_A_MEMORY_HIGH, 8 << 20);
	put_u64(test, skb, KCTR_LIMIT_A_MEMORY_LOW, 2 << 20);
	put_u64(test, skb, KCTR_LIMIT_A_MEMORY_MIN, 1 << 20);
	put_u64(test, skb, KCTR_LIMIT_A_MEMORY_SWAP_MAX, 0);
	put_u64(test, skb, KCTR_LIMIT_A_CPU_MAX_QUOTA, 50000);
	put_u64(test, skb, KCTR_LIMIT_A_CPU_MAX_PERIOD, 200000);
	put_u32(test, skb, KCTR_LIMIT_A_CPU_WEIGHT, 200);
	put_u64(test, skb, KCTR_LIMIT_A_PIDS_MAX, 64);
	put_str(test, skb, KCTR_LIMIT_A_CPUSET_CPUS, "0-1,3");
	put_str(test, skb, KCTR_LIMIT_A_CPUSET_MEMS, "0");
	io = nest_start(test, skb, KCTR_LIMIT_A_IO_MAX);
	dev = nest_start(test, skb, KCTR_IO_A_DEVICE);
	put_u32(test, skb, KCTR_IO_A_MAJOR, 8);
	put_u32(test, skb, KCTR_IO_A_MINOR, 0);
	put_u64(test, skb, KCTR_IO_A_RBPS, 1048576);
	put_u64(test, skb, KCTR_IO_A_WIOPS, 100);
	nla_nest_end(skb, dev);
	dev = nest_start(test, skb, KCTR_IO_A_DEVICE);
	put_u32(test, skb, KCTR_IO_A_MAJOR, 253);
	put_u32(test, skb, KCTR_IO_A_MINOR, 1);
	put_u64(test, skb, KCTR_IO_A_WBPS, KCTR_LIMIT_UNLIMITED);
	nla_nest_end(skb, dev);
	nla_nest_end(skb, io);
	nla_nest_end(skb, nest);
	return nest;
}

static void limits_all_attributes(struct kunit *test)
{
	struct kctr_limits *l = alloc_limits(test);

	KUNIT_ASSERT_EQ(test, kctr_limits_parse(full_limits(test,
							    new_skb(test)),
						l, NULL), 0);
	KUNIT_EXPECT_EQ(test, l->present,
			GENMASK(KCTR_LIMIT_A_MAX, KCTR_LIMIT_A_MEMORY_MAX));
	KUNIT_EXPECT_EQ(test, l->memory_max, 16ULL << 20);
	KUNIT_EXPECT_EQ(test, l->memory_high, 8ULL << 20);
	KUNIT_EXPECT_EQ(test, l->memory_low, 2ULL << 20);
	KUNIT_EXPECT_EQ(test, l->memory_min, 1ULL << 20);
	KUNIT_EXPECT_EQ(test, l->memory_swap_max, 0);
	KUNIT_EXPECT_EQ(test, l->cpu_quota, 50000);
	KUNIT_EXPECT_EQ(test, l->cpu_period, 200000);
	KUNIT_EXPECT_EQ(test, l->cpu_weight, 200);
	KUNIT_EXPECT_EQ(test, l->pids_max, 64);
	KUNIT_EXPECT_STREQ(test, l->cpuset_cpus, "0-1,3");
	KUNIT_EXPECT_STREQ(test, l->cpuset_mems, "0");
	KUNIT_ASSERT_EQ(test, l->nr_io, 2);
	KUNIT_EXPECT_EQ(test, l->io[0].major, 8);
	KUNIT_EXPECT_EQ(test, l->io[0].minor, 0);
	KUNIT_EXPECT_EQ(test, l->io[0].rbps, 1048576);
	KUNIT_EXPECT_EQ(test, l->io[0].wbps, KCTR_LIMIT_UNLIMITED);
	KUNIT_EXPECT_EQ(test, l->io[0].riops, KCTR_LIMIT_UNLIMITED);
	KUNIT_EXPECT_EQ(test, l->io[0].wiops, 100);
	KUNIT_EXPECT_EQ(test, l->io[1].major, 253);
	KUNIT_EXPECT_EQ(test, l->io[1].minor, 1);
}

static void limits_format_order(struct kunit *test)
{
	static const char * const want[][2] = {
		{ "cpuset.cpus", "0-1,3" },
		{ "cpuset.mems", "0" },
		{ "cpu.weight", "200" },
		{ "cpu.max", "50000 200000" },
		{ "memory.min", "1048576" },
		{ "memory.low", "2097152" },
		{ "memory.high", "8388608" },
		{ "memory.max", "16777216" },
		{ "memory.swap.max", "0" },
		{ "pids.max", "64" },
		{ "io.max", "8:0 rbps=1048576 wbps=max riops=max wiops=100" },
		{ "io.max", "253:1 rbps=max wbps=max riops=max wiops=max" },
	};
	static const char * const controller[] = {
		"cpuset", "cpuset", "cpu", "cpu", "memory", "memory", "memory",
		"memory", "memory", "pids", "io", "io",
	};
	struct kctr_limits *l = alloc_limits(test);
	struct kctr_limit_write *w = alloc_writes(test);
	int i, n;

	KUNIT_ASSERT_EQ(test, kctr_limits_parse(full_limits(test,
							    new_skb(test)),
						l, NULL), 0);
	n = kctr_limits_format(l, w, KCTR_LIMIT_WRITES_MAX);
	KUNIT_ASSERT_EQ(test, n, ARRAY_SIZE(want));
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_STREQ(test, w[i].file, want[i][0]);
		KUNIT_EXPECT_STREQ(test, w[i].value, want[i][1]);
		KUNIT_EXPECT_STREQ(test, w[i].controller, controller[i]);
	}
	/* no room: an error, never a partial list */
	KUNIT_EXPECT_EQ(test, kctr_limits_format(l, w, n - 1), -ENOSPC);
}

static void limits_unlimited_is_max(struct kunit *test)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);
	struct kctr_limits *l = alloc_limits(test);
	struct kctr_limit_write *w = alloc_writes(test);

	put_u64(test, skb, KCTR_LIMIT_A_MEMORY_MAX, KCTR_LIMIT_UNLIMITED);
	put_u64(test, skb, KCTR_LIMIT_A_PIDS_MAX, KCTR_LIMIT_UNLIMITED);
	put_u64(test, skb, KCTR_LIMIT_A_CPU_MAX_QUOTA, KCTR_LIMIT_UNLIMITED);
	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, kctr_limits_parse(nest, l, NULL), 0);
	KUNIT_ASSERT_EQ(test, kctr_limits_format(l, w, KCTR_LIMIT_WRITES_MAX),
			3);
	KUNIT_EXPECT_STREQ(test, w[0].value, "max 100000");
	KUNIT_EXPECT_STREQ(test, w[1].value, "max");
	KUNIT_EXPECT_STREQ(test, w[2].value, "max");
}

static void limits_cpu_defaults(struct kunit *test)
{
	struct kctr_limits *l = alloc_limits(test);
	struct kctr_limit_write *w = alloc_writes(test);

	/* a quota alone gets the kernel's default period */
	KUNIT_ASSERT_EQ(test, kctr_limits_parse(limits_u64(test,
				KCTR_LIMIT_A_CPU_MAX_QUOTA, 25000), l, NULL), 0);
	KUNIT_EXPECT_EQ(test, l->cpu_period, 100000);
	KUNIT_ASSERT_EQ(test, kctr_limits_format(l, w, 1), 1);
	KUNIT_EXPECT_STREQ(test, w[0].file, "cpu.max");
	KUNIT_EXPECT_STREQ(test, w[0].value, "25000 100000");

	/* a period alone means no quota */
	KUNIT_ASSERT_EQ(test, kctr_limits_parse(limits_u64(test,
				KCTR_LIMIT_A_CPU_MAX_PERIOD, 50000), l, NULL), 0);
	KUNIT_ASSERT_EQ(test, kctr_limits_format(l, w, 1), 1);
	KUNIT_EXPECT_STREQ(test, w[0].value, "max 50000");
}

static void limits_bounds(struct kunit *test)
{
	static const struct {
		int type;
		u64 v;
		int err;
	} cases[] = {
		{ KCTR_LIMIT_A_MEMORY_MAX, 0, -ERANGE },
		{ KCTR_LIMIT_A_MEMORY_MAX, 4095, -ERANGE },
		{ KCTR_LIMIT_A_MEMORY_MAX, 4096, 0 },
		{ KCTR_LIMIT_A_MEMORY_MAX, KCTR_LIMIT_UNLIMITED - 1, 0 },
		{ KCTR_LIMIT_A_MEMORY_HIGH, 4095, -ERANGE },
		{ KCTR_LIMIT_A_MEMORY_HIGH, 4096, 0 },
		{ KCTR_LIMIT_A_MEMORY_LOW, 0, 0 },
		{ KCTR_LIMIT_A_MEMORY_MIN, 0, 0 },
		{ KCTR_LIMIT_A_MEMORY_SWAP_MAX, 0, 0 },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, 999, -ERANGE },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, 1000, 0 },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, 1000000, 0 },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, 1000001, -ERANGE },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, KCTR_LIMIT_UNLIMITED, -ERANGE },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, 0, -ERANGE },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, 999, -ERANGE },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, 1000, 0 },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, (1ULL << 44) - 1, 0 },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, 1ULL << 44, -ERANGE },
		{ KCTR_LIMIT_A_PIDS_MAX, 0, -ERANGE },
		{ KCTR_LIMIT_A_PIDS_MAX, 1, 0 },
		{ KCTR_LIMIT_A_PIDS_MAX, PID_MAX_LIMIT, 0 },
		{ KCTR_LIMIT_A_PIDS_MAX, PID_MAX_LIMIT + 1, -ERANGE },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, parse_u64(test, cases[i].type,
						    cases[i].v),
				    cases[i].err, "attr %d value %llu",
				    cases[i].type, cases[i].v);
}

static int parse_weight(struct kunit *test, u32 w)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);

	put_u32(test, skb, KCTR_LIMIT_A_CPU_WEIGHT, w);
	nla_nest_end(skb, nest);
	return kctr_limits_parse(nest, alloc_limits(test), NULL);
}

static void limits_weight(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_weight(test, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, parse_weight(test, 1), 0);
	KUNIT_EXPECT_EQ(test, parse_weight(test, 10000), 0);
	KUNIT_EXPECT_EQ(test, parse_weight(test, 10001), -ERANGE);
}

/* The relation checks name the attribute that is wrong. */
static void limits_memory_relations(struct kunit *test)
{
	static const int below[] = {
		KCTR_LIMIT_A_MEMORY_HIGH, KCTR_LIMIT_A_MEMORY_LOW,
		KCTR_LIMIT_A_MEMORY_MIN,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(below); i++) {
		struct sk_buff *skb = new_skb(test);
		struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);
		struct netlink_ext_ack extack = {};
		struct nlattr *bad;

		put_u64(test, skb, KCTR_LIMIT_A_MEMORY_MAX, 1 << 20);
		bad = (struct nlattr *)skb_tail_pointer(skb);
		put_u64(test, skb, below[i], (1 << 20) + 4096);
		nla_nest_end(skb, nest);
		KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test),
							&extack), -EINVAL);
		KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, bad);
		KUNIT_EXPECT_NOT_NULL(test, strstr(extack._msg, "memory.max"));
	}
	/* equal is fine, and so is anything against an unlimited max */
	for (i = 0; i < ARRAY_SIZE(below); i++) {
		struct sk_buff *skb = new_skb(test);
		struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);

		put_u64(test, skb, KCTR_LIMIT_A_MEMORY_MAX, 1 << 20);
		put_u64(test, skb, below[i], 1 << 20);
		nla_nest_end(skb, nest);
		KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test),
							NULL), 0);
	}
	KUNIT_EXPECT_EQ(test, parse_u64(test, KCTR_LIMIT_A_MEMORY_HIGH,
					KCTR_LIMIT_UNLIMITED), 0);
}

static void limits_cpuset_lists(struct kunit *test)
{
	static const char * const good[] = {
		"0", "0-3", "0-3,5", "1,3,5", "0-0", "2-7,9-11,15", "999999",
	};
	static const char * const bad[] = {
		"", "a", "-1", "1-", "3-1", "1,,2", ",1", "1,", "1 2", "0x1",
		"1-2-3", "1234567", "0-1234567", " 1",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_TRUE_MSG(test, kctr_cpuset_list_valid(good[i]),
				      "\"%s\"", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_FALSE_MSG(test, kctr_cpuset_list_valid(bad[i]),
				       "\"%s\"", bad[i]);
}

static int parse_cpuset_raw(struct kunit *test, const void *data, int len)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);

	KUNIT_ASSERT_EQ(test, nla_put(skb, KCTR_LIMIT_A_CPUSET_CPUS, len,
				      data), 0);
	nla_nest_end(skb, nest);
	return kctr_limits_parse(nest, alloc_limits(test), NULL);
}

static void limits_cpuset_strings(struct kunit *test)
{
	char *big = kunit_kzalloc(test, KCTR_CPUSET_MAX + 2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_EQ(test, parse_cpuset_raw(test, "0-1", 4), 0);
	KUNIT_EXPECT_EQ(test, parse_cpuset_raw(test, "", 1), -EINVAL);
	/* NUL-terminated strings only */
	KUNIT_EXPECT_EQ(test, parse_cpuset_raw(test, "0-1", 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse_cpuset_raw(test, "0-a", 4), -EINVAL);
	/* 255 characters is the most the policy takes */
	memset(big, '1', KCTR_CPUSET_MAX);
	KUNIT_EXPECT_EQ(test, parse_cpuset_raw(test, big, KCTR_CPUSET_MAX + 1),
			-EINVAL);	/* valid length, but not a cpu number */
	memset(big, '1', KCTR_CPUSET_MAX + 1);
	KUNIT_EXPECT_LT(test, parse_cpuset_raw(test, big, KCTR_CPUSET_MAX + 2),
			0);
}

static void limits_strict_policy(struct kunit *test)
{
	struct sk_buff *skb;
	struct nlattr *nest;

	/* a u32 where a u64 belongs */
	skb = new_skb(test);
	nest = nest_start(test, skb, KCTR_A_LIMITS);
	put_u32(test, skb, KCTR_LIMIT_A_MEMORY_MAX, 1 << 20);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test), NULL),
			-EINVAL);

	/* an attribute type past the last one */
	skb = new_skb(test);
	nest = nest_start(test, skb, KCTR_A_LIMITS);
	put_u64(test, skb, KCTR_LIMIT_A_MAX + 1, 1);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test), NULL),
			-EINVAL);

	/* the pad attribute is for replies only */
	skb = new_skb(test);
	nest = nest_start(test, skb, KCTR_A_LIMITS);
	put_u32(test, skb, KCTR_LIMIT_A_PAD, 0);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test), NULL),
			-EINVAL);
}

struct io_dev {
	u32 major, minor;
	bool no_minor;
	u64 rbps;
};

static int parse_io(struct kunit *test, const struct io_dev *devs, int n)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);
	struct nlattr *io = nest_start(test, skb, KCTR_LIMIT_A_IO_MAX);
	struct netlink_ext_ack extack = {};
	struct kctr_limits *l = alloc_limits(test);
	int i, err;

	for (i = 0; i < n; i++) {
		struct nlattr *dev = nest_start(test, skb, KCTR_IO_A_DEVICE);

		put_u32(test, skb, KCTR_IO_A_MAJOR, devs[i].major);
		if (!devs[i].no_minor)
			put_u32(test, skb, KCTR_IO_A_MINOR, devs[i].minor);
		if (devs[i].rbps)
			put_u64(test, skb, KCTR_IO_A_RBPS, devs[i].rbps);
		nla_nest_end(skb, dev);
	}
	nla_nest_end(skb, io);
	nla_nest_end(skb, nest);
	err = kctr_limits_parse(nest, l, &extack);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	else
		KUNIT_EXPECT_EQ(test, l->nr_io, n);
	return err;
}

static void limits_io(struct kunit *test)
{
	struct io_dev *devs;
	int i;

	devs = kunit_kcalloc(test, KCTR_IO_MAX_DEVICES + 1, sizeof(*devs),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, devs);
	for (i = 0; i <= KCTR_IO_MAX_DEVICES; i++) {
		devs[i].major = 8;
		devs[i].minor = i * 16;
	}
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, 0), 0);
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, KCTR_IO_MAX_DEVICES), 0);
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, KCTR_IO_MAX_DEVICES + 1),
			-E2BIG);
	devs[1].minor = devs[0].minor;
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, 2), -EINVAL);
	devs[1].minor = 16;
	devs[1].no_minor = true;
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, 2), -EINVAL);
	devs[1].no_minor = false;
	devs[1].major = 4096;
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, 2), -ERANGE);
	devs[1].major = 4095;
	devs[1].minor = 1 << 20;
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, 2), -ERANGE);
	devs[1].minor = (1 << 20) - 1;
	KUNIT_EXPECT_EQ(test, parse_io(test, devs, 2), 0);
}

static void limits_io_rates_and_nesting(struct kunit *test)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_LIMITS);
	struct nlattr *io = nest_start(test, skb, KCTR_LIMIT_A_IO_MAX);
	struct nlattr *dev = nest_start(test, skb, KCTR_IO_A_DEVICE);

	/* a rate of 0 is refused by the kernel: refuse it first */
	put_u32(test, skb, KCTR_IO_A_MAJOR, 8);
	put_u32(test, skb, KCTR_IO_A_MINOR, 0);
	put_u64(test, skb, KCTR_IO_A_RIOPS, 0);
	nla_nest_end(skb, dev);
	nla_nest_end(skb, io);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test), NULL),
			-ERANGE);

	/* device attributes directly in KCTR_LIMIT_A_IO_MAX */
	skb = new_skb(test);
	nest = nest_start(test, skb, KCTR_A_LIMITS);
	io = nest_start(test, skb, KCTR_LIMIT_A_IO_MAX);
	put_u32(test, skb, KCTR_IO_A_MAJOR, 8);
	nla_nest_end(skb, io);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test), NULL),
			-EINVAL);

	/* a device nested in a device */
	skb = new_skb(test);
	nest = nest_start(test, skb, KCTR_A_LIMITS);
	io = nest_start(test, skb, KCTR_LIMIT_A_IO_MAX);
	dev = nest_start(test, skb, KCTR_IO_A_DEVICE);
	nla_nest_end(skb, nest_start(test, skb, KCTR_IO_A_DEVICE));
	nla_nest_end(skb, dev);
	nla_nest_end(skb, io);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_limits_parse(nest, alloc_limits(test), NULL),
			-EINVAL);
}

static void limits_fill_round_trip(struct kunit *test)
{
	struct kctr_limits *a = alloc_limits(test), *b = alloc_limits(test);
	struct sk_buff *skb = new_skb(test);
	struct nlattr *filled;
	unsigned int len;

	KUNIT_ASSERT_EQ(test, kctr_limits_parse(full_limits(test,
							    new_skb(test)),
						a, NULL), 0);
	filled = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, kctr_limits_fill(skb, a), 0);
	KUNIT_EXPECT_EQ(test, nla_type(filled), KCTR_A_LIMITS);
	KUNIT_ASSERT_EQ(test, kctr_limits_parse(filled, b, NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, a, b, sizeof(*a));

	/*
	 * A full skb fails cleanly. The allocator may round the buffer up,
	 * so fill it until only 64 bytes of tailroom are left.
	 */
	skb = kunit_zalloc_skb(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, skb_tailroom(skb) - 64);
	len = skb->len;
	KUNIT_EXPECT_EQ(test, kctr_limits_fill(skb, a), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, skb->len, len);
}

static struct kunit_case kctr_limits_cases[] = {
	KUNIT_CASE(limits_empty),
	KUNIT_CASE(limits_all_attributes),
	KUNIT_CASE(limits_format_order),
	KUNIT_CASE(limits_unlimited_is_max),
	KUNIT_CASE(limits_cpu_defaults),
	KUNIT_CASE(limits_bounds),
	KUNIT_CASE(limits_weight),
	KUNIT_CASE(limits_memory_relations),
	KUNIT_CASE(limits_cpuset_lists),
	KUNIT_CASE(limits_cpuset_strings),
	KUNIT_CASE(limits_strict_policy),
	KUNIT_CASE(limits_io),
	KUNIT_CASE(limits_io_rates_and_nesting),
	KUNIT_CASE(limits_fill_round_trip),
	{}
};

static struct kunit_suite kctr_limits_suite = {
	.name = "kctr-limits",
	.test_cases = kctr_limits_cases,
};

/* kctr-seccomp */

#define LD_ABS(k)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, k)
#define RET(k)		BPF_STMT(BPF_RET | BPF_K, k)
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, t, f)

static int check(struct kunit *test, const struct sock_filter *f,
		 unsigned int len)
{
	struct netlink_ext_ack extack = {};
	int err = kctr_seccomp_check(f, len, &extack);

	if (err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	return err;
}

#define CHECK(test, prog) check(test, prog, ARRAY_SIZE(prog))

/* What libseccomp exports for "allow read/write/exit, else EPERM". */
static const struct sock_filter libseccomp_like[] = {
	LD_ABS(offsetof(struct seccomp_data, arch)),
	JEQ(AUDIT_ARCH_X86_64, 1, 0),
	RET(SECCOMP_RET_KILL_PROCESS),
	LD_ABS(offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
	RET(SECCOMP_RET_ERRNO | 1),
	JEQ(0, 3, 0),
	JEQ(1, 2, 0),
	JEQ(60, 1, 0),
	RET(SECCOMP_RET_ERRNO | 1),
	RET(SECCOMP_RET_ALLOW),
};

static void seccomp_valid(struct kunit *test)
{
	static const struct sock_filter allow[] = { RET(SECCOMP_RET_ALLOW) };
	static const struct sock_filter ret_a[] = {
		LD_ABS(offsetof(struct seccomp_data, args[5]) + 4),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	static const struct sock_filter alu[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_LDX | BPF_IMM, 3),
		BPF_STMT(BPF_LD | BPF_IMM, 7),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1),
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3),
		BPF_STMT(BPF_ALU | BPF_MUL | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 2),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 1),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 1),
		BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 31),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 0),
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_NEG, 0),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 0),
		RET(SECCOMP_RET_ALLOW),
	};
	static const struct sock_filter scratch[] = {
		LD_ABS(0),
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_STX, 15),
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		BPF_STMT(BPF_LDX | BPF_MEM, 15),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	/* both branches write M[1] before they meet */
	static const struct sock_filter scratch_join[] = {
		LD_ABS(0),
		JEQ(1, 0, 2),
		BPF_STMT(BPF_ST, 1),
		BPF_STMT(BPF_JMP | BPF_JA, 1),
		BPF_STMT(BPF_ST, 1),
		BPF_STMT(BPF_LD | BPF_MEM, 1),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	/* an unconditional jump to the last instruction */
	static const struct sock_filter ja_last[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 1),
		RET(SECCOMP_RET_KILL),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_filter *big;
	int i;

	KUNIT_EXPECT_EQ(test, CHECK(test, allow), 0);
	KUNIT_EXPECT_EQ(test, CHECK(test, libseccomp_like), 0);
	KUNIT_EXPECT_EQ(test, CHECK(test, ret_a), 0);
	KUNIT_EXPECT_EQ(test, CHECK(test, alu), 0);
	KUNIT_EXPECT_EQ(test, CHECK(test, scratch), 0);
	KUNIT_EXPECT_EQ(test, CHECK(test, scratch_join), 0);
	KUNIT_EXPECT_EQ(test, CHECK(test, ja_last), 0);

	big = kunit_kcalloc(test, KCTR_SECCOMP_MAX_INSNS + 1, sizeof(*big),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	for (i = 0; i <= KCTR_SECCOMP_MAX_INSNS; i++)
		big[i] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	KUNIT_EXPECT_EQ(test, check(test, big, KCTR_SECCOMP_MAX_INSNS), 0);
	KUNIT_EXPECT_EQ(test, check(test, big, KCTR_SECCOMP_MAX_INSNS + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, check(test, big, 0), -EINVAL);
}

/* Instructions the classic checker or seccomp refuse, each alone. */
static void seccomp_bad_opcodes(struct kunit *test)
{
	static const u16 refused[] = {
		BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_B | BPF_ABS,
		BPF_LD | BPF_W | BPF_IND, BPF_LD | BPF_H | BPF_IND,
		BPF_LD | BPF_B | BPF_IND, BPF_LDX | BPF_B | BPF_MSH,
		BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_MOD | BPF_X,
		BPF_RET | BPF_X, BPF_LDX | BPF_W | BPF_ABS,
		BPF_ALU | BPF_NEG | BPF_X, BPF_ALU | BPF_END,
		BPF_JMP | BPF_JA | BPF_X, BPF_JMP | BPF_JNE | BPF_K,
		BPF_JMP | BPF_JLT | BPF_K, BPF_JMP | BPF_CALL,
		BPF_JMP | BPF_EXIT,
		BPF_ST | BPF_MEM | BPF_W, 0x2f, 0xffff,
	};
	struct sock_filter prog[2] = {
		{ 0 },
		RET(SECCOMP_RET_ALLOW),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		prog[0] = (struct sock_filter){ .code = refused[i], .k = 4 };
		KUNIT_EXPECT_EQ_MSG(test, CHECK(test, prog), -EINVAL,
				    "opcode %#x", refused[i]);
	}
}

static void seccomp_bad_operands(struct kunit *test)
{
	static const struct sock_filter cases[] = {
		LD_ABS(sizeof(struct seccomp_data)),	/* past the end */
		LD_ABS(2),				/* unaligned */
		LD_ABS(SKF_AD_OFF + SKF_AD_PROTOCOL),	/* ancillary */
		LD_ABS(-4),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32),
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 40),
		BPF_STMT(BPF_ST, BPF_MEMWORDS),
		BPF_STMT(BPF_STX, 0xffffffff),
	};
	struct sock_filter prog[2] = {
		{ 0 },
		RET(SECCOMP_RET_ALLOW),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		prog[0] = cases[i];
		KUNIT_EXPECT_EQ_MSG(test, CHECK(test, prog), -EINVAL,
				    "case %d", i);
	}
}

static void seccomp_bad_jumps(struct kunit *test)
{
	struct sock_filter prog[3] = {
		{ 0 },
		RET(SECCOMP_RET_KILL),
		RET(SECCOMP_RET_ALLOW),
	};
	static const struct sock_filter cases[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 2),		/* one past the end */
		BPF_STMT(BPF_JMP | BPF_JA, 0xffffffff),	/* would wrap */
		JEQ(0, 2, 0),
		JEQ(0, 0, 2),
		JEQ(0, 255, 255),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 2),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		prog[0] = cases[i];
		KUNIT_EXPECT_EQ_MSG(test, CHECK(test, prog), -EINVAL,
				    "case %d", i);
	}
	/* the largest in-range offsets are fine */
	prog[0] = (struct sock_filter)JEQ(0, 1, 1);
	KUNIT_EXPECT_EQ(test, CHECK(test, prog), 0);
}

static void seccomp_must_return(struct kunit *test)
{
	static const struct sock_filter no_ret[] = {
		LD_ABS(0),
	};
	static const struct sock_filter ends_in_jump[] = {
		LD_ABS(0),
		RET(SECCOMP_RET_ALLOW),
		JEQ(0, 0, 0),
	};
	static const struct sock_filter ends_in_load[] = {
		JEQ(0, 1, 1),
		RET(SECCOMP_RET_ALLOW),
		LD_ABS(0),
	};

	KUNIT_EXPECT_EQ(test, CHECK(test, no_ret), -EINVAL);
	KUNIT_EXPECT_EQ(test, CHECK(test, ends_in_jump), -EINVAL);
	KUNIT_EXPECT_EQ(test, CHECK(test, ends_in_load), -EINVAL);
}

static void seccomp_unwritten_scratch(struct kunit *test)
{
	static const struct sock_filter never[] = {
		BPF_STMT(BPF_LD | BPF_MEM, 3),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	/* the kernel checks unreachable code too: so must we */
	static const struct sock_filter unreachable[] = {
		RET(SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	static const struct sock_filter other_cell[] = {
		BPF_STMT(BPF_ST, 2),
		BPF_STMT(BPF_LDX | BPF_MEM, 3),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	/* only the true branch writes M[1] */
	static const struct sock_filter one_branch[] = {
		LD_ABS(0),
		JEQ(1, 0, 1),
		BPF_STMT(BPF_ST, 1),
		BPF_STMT(BPF_LD | BPF_MEM, 1),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	/* written only after a return that ends one path */
	static const struct sock_filter after_ret[] = {
		LD_ABS(0),
		JEQ(1, 2, 0),
		BPF_STMT(BPF_ST, 1),
		RET(SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_MEM, 1),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	KUNIT_EXPECT_EQ(test, CHECK(test, never), -EINVAL);
	KUNIT_EXPECT_EQ(test, CHECK(test, unreachable), -EINVAL);
	KUNIT_EXPECT_EQ(test, CHECK(test, other_cell), -EINVAL);
	KUNIT_EXPECT_EQ(test, CHECK(test, one_branch), -EINVAL);
	KUNIT_EXPECT_EQ(test, CHECK(test, after_ret), -EINVAL);
}

static void seccomp_parse_attr(struct kunit *test)
{
	struct sk_buff *skb = new_skb(test);
	struct netlink_ext_ack extack = {};
	struct kctr_seccomp sc = {};
	struct nlattr *attr;

	attr = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, nla_put(skb, KCTR_A_SECCOMP_PROG,
				      sizeof(libseccomp_like),
				      libseccomp_like), 0);
	KUNIT_ASSERT_EQ(test, kctr_seccomp_parse(attr, &sc, NULL), 0);
	KUNIT_EXPECT_EQ(test, sc.len, ARRAY_SIZE(libseccomp_like));
	KUNIT_EXPECT_PTR_NE(test, (void *)sc.insns,
			    (void *)nla_data(attr));
	KUNIT_EXPECT_MEMEQ(test, sc.insns, libseccomp_like,
			   sizeof(libseccomp_like));
	kctr_seccomp_free(&sc);
	KUNIT_EXPECT_NULL(test, sc.insns);
	KUNIT_EXPECT_EQ(test, sc.len, 0);

	/* not a whole number of instructions */
	attr = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, nla_put(skb, KCTR_A_SECCOMP_PROG, 12,
				      libseccomp_like), 0);
	KUNIT_EXPECT_EQ(test, kctr_seccomp_parse(attr, &sc, &extack), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, attr);
	KUNIT_EXPECT_NULL(test, sc.insns);

	/* a checker failure also names the attribute */
	memset(&extack, 0, sizeof(extack));
	attr = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, nla_put(skb, KCTR_A_SECCOMP_PROG, 8,
				      libseccomp_like), 0);
	KUNIT_EXPECT_EQ(test, kctr_seccomp_parse(attr, &sc, &extack), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, attr);
	KUNIT_EXPECT_NULL(test, sc.insns);
}

static struct kunit_case kctr_seccomp_cases[] = {
	KUNIT_CASE(seccomp_valid),
	KUNIT_CASE(seccomp_bad_opcodes),
	KUNIT_CASE(seccomp_bad_operands),
	KUNIT_CASE(seccomp_bad_jumps),
	KUNIT_CASE(seccomp_must_return),
	KUNIT_CASE(seccomp_unwritten_scratch),
	KUNIT_CASE(seccomp_parse_attr),
	{}
};

static struct kunit_suite kctr_seccomp_suite = {
	.name = "kctr-seccomp",
	.test_cases = kctr_seccomp_cases,
};

/* kctr-caps */

#define CAPS_ALL	GENMASK_ULL(CAP_LAST_CAP, 0)
#define C(cap)		BIT_ULL(cap)

static void caps_validate(struct kunit *test)
{
	struct kctr_caps ok = {
		.bounding = CAPS_ALL,
		.permitted = C(CAP_NET_BIND_SERVICE) | C(CAP_CHOWN),
		.effective = C(CAP_CHOWN),
		.inheritable = C(CAP_NET_BIND_SERVICE),
		.ambient = C(CAP_NET_BIND_SERVICE),
	};
	struct kctr_caps c;
	u64 *sets[] = {
		&c.bounding, &c.effective, &c.permitted, &c.inheritable,
		&c.ambient,
	};
	int i;

	KUNIT_EXPECT_EQ(test, kctr_caps_validate(&ok, NULL), 0);
	c = (struct kctr_caps){};
	KUNIT_EXPECT_EQ(test, kctr_caps_validate(&c, NULL), 0);
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		c = (struct kctr_caps){};
		*sets[i] = BIT_ULL(CAP_LAST_CAP + 1);
		KUNIT_EXPECT_EQ_MSG(test, kctr_caps_validate(&c, NULL), -EINVAL,
				    "set %d", i);
		*sets[i] = BIT_ULL(63);
		KUNIT_EXPECT_EQ(test, kctr_caps_validate(&c, NULL), -EINVAL);
	}
	c = ok;
	c.effective |= C(CAP_SYS_ADMIN);
	KUNIT_EXPECT_EQ(test, kctr_caps_validate(&c, NULL), -EINVAL);
	c = ok;
	c.ambient |= C(CAP_CHOWN);	/* permitted, not inheritable */
	KUNIT_EXPECT_EQ(test, kctr_caps_validate(&c, NULL), -EINVAL);
	c = ok;
	c.inheritable |= C(CAP_KILL);
	c.ambient |= C(CAP_KILL);	/* inheritable, not permitted */
	KUNIT_EXPECT_EQ(test, kctr_caps_validate(&c, NULL), -EINVAL);
}

static void caps_parse_and_fill(struct kunit *test)
{
	struct sk_buff *skb = new_skb(test);
	struct nlattr *nest = nest_start(test, skb, KCTR_A_CAPS);
	struct netlink_ext_ack extack = {};
	struct kctr_caps a, b;
	struct nlattr *bad, *filled;

	put_u64(test, skb, KCTR_CAPS_A_BOUNDING, CAPS_ALL);
	put_u64(test, skb, KCTR_CAPS_A_PERMITTED, C(CAP_KILL));
	put_u64(test, skb, KCTR_CAPS_A_EFFECTIVE, C(CAP_KILL));
	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, kctr_caps_parse(nest, &a, NULL), 0);
	KUNIT_EXPECT_EQ(test, a.bounding, CAPS_ALL);
	KUNIT_EXPECT_EQ(test, a.permitted, C(CAP_KILL));
	KUNIT_EXPECT_EQ(test, a.effective, C(CAP_KILL));
	KUNIT_EXPECT_EQ(test, a.inheritable, 0);
	KUNIT_EXPECT_EQ(test, a.ambient, 0);

	filled = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, kctr_caps_fill(skb, &a), 0);
	KUNIT_ASSERT_EQ(test, kctr_caps_parse(filled, &b, NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, &a, &b, sizeof(a));

	/* the message points at the set that is wrong */
	nest = nest_start(test, skb, KCTR_A_CAPS);
	put_u64(test, skb, KCTR_CAPS_A_PERMITTED, C(CAP_KILL));
	bad = (struct nlattr *)skb_tail_pointer(skb);
	put_u64(test, skb, KCTR_CAPS_A_AMBIENT, C(CAP_KILL));
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_caps_parse(nest, &a, &extack), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, bad);

	/* exact types only */
	nest = nest_start(test, skb, KCTR_A_CAPS);
	put_u32(test, skb, KCTR_CAPS_A_BOUNDING, 1);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_caps_parse(nest, &a, NULL), -EINVAL);
}

static void caps_only_reduce(struct kunit *test)
{
	const struct kctr_caps root = {
		.bounding = CAPS_ALL, .permitted = CAPS_ALL,
		.effective = CAPS_ALL,
	};
	const struct kctr_caps dropped = {
		.bounding = C(CAP_KILL) | C(CAP_CHOWN),
		.permitted = C(CAP_KILL), .effective = C(CAP_KILL),
	};
	struct kctr_caps want;

	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&root, false, &root, NULL), 0);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&root, false, &dropped, NULL),
			0);
	want = (struct kctr_caps){};
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&dropped, false, &want, NULL),
			0);

	want = dropped;
	want.bounding |= C(CAP_SYS_ADMIN);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&dropped, false, &want, NULL),
			-EPERM);
	want = dropped;
	want.permitted |= C(CAP_CHOWN);	/* in the bounding set, still a gain */
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&dropped, false, &want, NULL),
			-EPERM);

	/* inheritable may take permitted bits, as capset(2) allows */
	want = root;
	want.inheritable = C(CAP_NET_BIND_SERVICE);
	want.ambient = C(CAP_NET_BIND_SERVICE);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&root, false, &want, NULL), 0);
	/* ... but not bits outside the old permitted and inheritable */
	want = dropped;
	want.inheritable = C(CAP_CHOWN);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&dropped, false, &want, NULL),
			-EPERM);
	/* ... nor outside the new bounding set */
	want = root;
	want.bounding = C(CAP_KILL);
	want.inheritable = C(CAP_CHOWN);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&root, false, &want, NULL),
			-EPERM);
	/* an inheritable bit already held survives a smaller bounding set */
	want = (struct kctr_caps){ .inheritable = C(CAP_CHOWN) };
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&want, false, &want, NULL), 0);

	/* SECBIT_NO_CAP_AMBIENT_RAISE: ambient may only shrink */
	want = root;
	want.inheritable = C(CAP_KILL);
	want.ambient = C(CAP_KILL);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&root, true, &want, NULL),
			-EPERM);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&want, true, &want, NULL), 0);

	/* an invalid target is refused whatever the current sets */
	want = root;
	want.effective = C(CAP_LAST_CAP + 1);
	KUNIT_EXPECT_EQ(test, kctr_caps_may_apply(&root, false, &want, NULL),
			-EPERM);
}

/*
 * JOIN then START on a kernel thread of its own (it exits afterwards):
 * what each step left of no_new_privs and the capability sets.
 */
struct policy_run {
	struct completion done;
	struct kctr_caps want;
	u32 flags;
	bool pre_reduce;	/* start from @want's sets minus CAP_KILL */
	int join_err, start_err, filters;
	bool nnp_after_join, nnp_after_start, confined_after_start;
	struct kctr_caps after_join, after_start;
};

static int policy_run_fn(void *data)
{
	struct policy_run *r = data;

	if (r->pre_reduce) {
		struct kctr_caps less = r->want;

		less.permitted &= ~C(CAP_KILL);
		less.effective &= ~C(CAP_KILL);
		WARN_ON(kctr_policy_join_current(&less, 0, &r->filters, NULL));
	}
	r->join_err = kctr_policy_join_current(&r->want, r->flags, &r->filters,
					       NULL);
	r->nnp_after_join = task_no_new_privs(current);
	kctr_caps_of_current(&r->after_join);
	r->start_err = kctr_policy_start_current(&r->want, r->flags, NULL);
	r->nnp_after_start = task_no_new_privs(current);
	r->confined_after_start = kctr_policy_confined_current(&r->want);
	kctr_caps_of_current(&r->after_start);
	complete(&r->done);
	return 0;
}

static struct policy_run *policy_run(struct kunit *test, u32 flags,
				     bool pre_reduce)
{
	struct policy_run *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, r);
	init_completion(&r->done);
	r->flags = flags;
	r->pre_reduce = pre_reduce;
	r->want = (struct kctr_caps){
		.bounding = C(CAP_KILL) | C(CAP_CHOWN),
		.permitted = C(CAP_KILL), .effective = C(CAP_KILL),
	};
	t = kthread_run(policy_run_fn, r, "kctr-kunit-policy");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wait_for_completion(&r->done);
	return r;
}

static bool caps_equal(const struct kctr_caps *a, const struct kctr_caps *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* Without KCTR_F_ALLOW_NEW_PRIVS: JOIN reduces and sets nnp, START nothing */
static void policy_reduce_at_join(struct kunit *test)
{
	struct policy_run *r = policy_run(test, 0, false);

	KUNIT_EXPECT_FALSE(test, kctr_policy_reduces_at_start(0));
	KUNIT_EXPECT_EQ(test, r->join_err, 0);
	KUNIT_EXPECT_TRUE(test, r->nnp_after_join);
	KUNIT_EXPECT_TRUE(test, caps_equal(&r->after_join, &r->want));
	KUNIT_EXPECT_EQ(test, r->start_err, 0);
	KUNIT_EXPECT_TRUE(test, caps_equal(&r->after_start, &r->want));
	KUNIT_EXPECT_TRUE(test, r->confined_after_start);
}

/*
 * With it: JOIN leaves the thread's full sets (CAP_SYS_ADMIN, to install
 * a filter without nnp) and no nnp; START reduces, still without nnp.
 */
static void policy_reduce_at_start(struct kunit *test)
{
	struct policy_run *r = policy_run(test, KCTR_F_ALLOW_NEW_PRIVS, false);

	KUNIT_EXPECT_TRUE(test, kctr_policy_reduces_at_start(KCTR_F_ALLOW_NEW_PRIVS));
	KUNIT_EXPECT_EQ(test, r->join_err, 0);
	KUNIT_EXPECT_FALSE(test, r->nnp_after_join);
	KUNIT_EXPECT_TRUE(test, r->after_join.effective & C(CAP_SYS_ADMIN));
	KUNIT_EXPECT_EQ(test, r->after_join.bounding, CAPS_ALL);
	KUNIT_EXPECT_EQ(test, r->start_err, 0);
	KUNIT_EXPECT_FALSE(test, r->nnp_after_start);
	KUNIT_EXPECT_TRUE(test, caps_equal(&r->after_start, &r->want));
	KUNIT_EXPECT_TRUE(test, r->confined_after_start);
}

/* Sets that would grow are refused at JOIN in both orders, changing nothing */
static void policy_refused_at_join(struct kunit *test)
{
	static const u32 flags[] = { 0, KCTR_F_ALLOW_NEW_PRIVS };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		struct policy_run *r = policy_run(test, flags[i], true);

		KUNIT_EXPECT_EQ_MSG(test, r->join_err, -EPERM, "flags %u",
				    flags[i]);
		KUNIT_EXPECT_FALSE(test, r->after_join.permitted & C(CAP_KILL));
		/* the pre-reduction set nnp: only its own sets are held */
		KUNIT_EXPECT_EQ(test, r->after_join.bounding,
				r->want.bounding);
	}
	/* START without the flag applies nothing, so it cannot refuse */
	KUNIT_EXPECT_EQ(test, policy_run(test, 0, true)->start_err, 0);
	KUNIT_EXPECT_EQ(test, policy_run(test, KCTR_F_ALLOW_NEW_PRIVS,
					 true)->start_err, -EPERM);
}

static struct kunit_case kctr_caps_cases[] = {
	KUNIT_CASE(caps_validate),
	KUNIT_CASE(caps_parse_and_fill),
	KUNIT_CASE(caps_only_reduce),
	KUNIT_CASE(policy_reduce_at_join),
	KUNIT_CASE(policy_reduce_at_start),
	KUNIT_CASE(policy_refused_at_join),
	{}
};

static struct kunit_suite kctr_caps_suite = {
	.name = "kctr-caps",
	.test_cases = kctr_caps_cases,
};

/* kctr-idmap */

static struct nlattr *map_nest(struct kunit *test, struct sk_buff *skb,
			       const struct kctr_id_extent *ext, int n)
{
	struct nlattr *nest = nest_start(test, skb, KCTR_A_UID_MAP);
	int i;

	for (i = 0; i < n; i++) {
		struct nlattr *e = nest_start(test, skb, KCTR_A_MAP_EXTENT);

		put_u32(test, skb, KCTR_MAP_A_INSIDE, ext[i].inside);
		put_u32(test, skb, KCTR_MAP_A_OUTSIDE, ext[i].outside);
		put_u32(test, skb, KCTR_MAP_A_COUNT, ext[i].count);
		nla_nest_end(skb, e);
	}
	nla_nest_end(skb, nest);
	return nest;
}

static int parse_map(struct kunit *test, const struct kctr_id_extent *ext,
		     int n, struct kctr_idmap **out)
{
	struct netlink_ext_ack extack = {};
	struct kctr_idmap *map = NULL;
	int err;

	err = kctr_idmap_parse(map_nest(test, new_skb(test), ext, n), &map,
			       &extack);
	if (err) {
		KUNIT_EXPECT_NULL(test, map);
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
		return err;
	}
	KUNIT_ASSERT_NOT_NULL(test, map);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kfree_action,
							map), 0);
	if (out)
		*out = map;
	return 0;
}

static void idmap_parse_valid(struct kunit *test)
{
	static const struct kctr_id_extent ext[] = {
		{ 0, 100000, 65536 },
		{ 65536, 1000, 1 },		/* adjacent inside */
		{ 70000, 165536, 10 },		/* adjacent outside */
	};
	static const struct kctr_id_extent whole[] = {
		{ 0, 0, 4294967295U },		/* the initial map */
	};
	struct kctr_idmap *map;

	KUNIT_ASSERT_EQ(test, parse_map(test, ext, ARRAY_SIZE(ext), &map), 0);
	KUNIT_EXPECT_EQ(test, map->nr, ARRAY_SIZE(ext));
	KUNIT_EXPECT_MEMEQ(test, map->ext, ext, sizeof(ext));
	KUNIT_EXPECT_EQ(test, parse_map(test, whole, 1, NULL), 0);
}

static void idmap_parse_invalid(struct kunit *test)
{
	static const struct {
		struct kctr_id_extent ext[2];
		int n, err;
	} cases[] = {
		{ { { 0, 0, 0 } }, 1, -EINVAL },		/* count 0 */
		{ { { 1, 0, 4294967295U } }, 1, -ERANGE },	/* inside wraps */
		{ { { 0, 1, 4294967295U } }, 1, -ERANGE },	/* outside wraps */
		{ { { 4294967295U, 0, 1 } }, 1, -ERANGE },	/* id -1 */
		{ { { 0, 1000, 10 }, { 9, 5000, 1 } }, 2, -EINVAL },
		{ { { 0, 1000, 10 }, { 100, 1009, 5 } }, 2, -EINVAL },
		{ { { 5, 1000, 10 }, { 0, 2000, 6 } }, 2, -EINVAL },
		{ { {} }, 0, -EINVAL },				/* empty */
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, parse_map(test, cases[i].ext,
						    cases[i].n, NULL),
				    cases[i].err, "case %d", i);
}

static void idmap_parse_limits_and_shape(struct kunit *test)
{
	struct kctr_id_extent *ext;
	struct kctr_idmap *map = NULL;
	struct sk_buff *skb;
	struct nlattr *nest, *e;
	int i;

	ext = kunit_kcalloc(test, KCTR_MAP_MAX_EXTENTS + 1, sizeof(*ext),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ext);
	for (i = 0; i <= KCTR_MAP_MAX_EXTENTS; i++)
		ext[i] = (struct kctr_id_extent){ i * 10, 100000 + i * 10, 10 };
	KUNIT_EXPECT_EQ(test, parse_map(test, ext, KCTR_MAP_MAX_EXTENTS, NULL),
			0);
	KUNIT_EXPECT_EQ(test, parse_map(test, ext, KCTR_MAP_MAX_EXTENTS + 1,
					NULL), -EINVAL);

	/* an extent without COUNT */
	skb = new_skb(test);
	nest = nest_start(test, skb, KCTR_A_UID_MAP);
	e = nest_start(test, skb, KCTR_A_MAP_EXTENT);
	put_u32(test, skb, KCTR_MAP_A_INSIDE, 0);
	put_u32(test, skb, KCTR_MAP_A_OUTSIDE, 0);
	nla_nest_end(skb, e);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_idmap_parse(nest, &map, NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, map);

	/* something other than an extent in the map */
	nest = nest_start(test, skb, KCTR_A_UID_MAP);
	put_u32(test, skb, KCTR_MAP_A_INSIDE, 0);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_idmap_parse(nest, &map, NULL), -EINVAL);

	/* a u64 count */
	nest = nest_start(test, skb, KCTR_A_UID_MAP);
	e = nest_start(test, skb, KCTR_A_MAP_EXTENT);
	put_u32(test, skb, KCTR_MAP_A_INSIDE, 0);
	put_u32(test, skb, KCTR_MAP_A_OUTSIDE, 0);
	put_u64(test, skb, KCTR_MAP_A_COUNT, 1);
	nla_nest_end(skb, e);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, kctr_idmap_parse(nest, &map, NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, map);
}

static struct kctr_idmap *make_map(struct kunit *test,
				   const struct kctr_id_extent *ext, int n)
{
	struct kctr_idmap *m;

	m = kunit_kzalloc(test, struct_size(m, ext, n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	m->nr = n;
	memcpy(m->ext, ext, n * sizeof(*ext));
	return m;
}

static void idmap_matches_live(struct kunit *test)
{
	static const struct kctr_id_extent ext[] = {
		{ 0, 100000, 1 }, { 1, 200000, 1 }, { 2, 300000, 1 },
		{ 3, 400000, 1 }, { 4, 500000, 1 }, { 5, 600000, 1 },
		{ 6, 700000, 1 },
	};
	struct uid_gid_map *live;
	struct uid_gid_extent *fwd;
	struct kctr_idmap *want;
	int i;

	live = kunit_kzalloc(test, sizeof(*live), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, live);

	/* two inline extents, in the other order */
	live->extent[0] = (struct uid_gid_extent){ 1, 200000, 1 };
	live->extent[1] = (struct uid_gid_extent){ 0, 100000, 1 };
	live->nr_extents = 2;
	KUNIT_EXPECT_TRUE(test, kctr_idmap_matches(make_map(test, ext, 2),
						   live));
	KUNIT_EXPECT_FALSE(test, kctr_idmap_matches(make_map(test, ext, 1),
						    live));
	want = make_map(test, ext, 2);
	want->ext[1].count = 2;
	KUNIT_EXPECT_FALSE(test, kctr_idmap_matches(want, live));
	want = make_map(test, ext, 2);
	want->ext[0].outside++;
	KUNIT_EXPECT_FALSE(test, kctr_idmap_matches(want, live));

	/* more than UID_GID_MAP_MAX_BASE_EXTENTS live in a separate array */
	fwd = kunit_kcalloc(test, ARRAY_SIZE(ext), sizeof(*fwd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fwd);
	for (i = 0; i < ARRAY_SIZE(ext); i++)
		fwd[ARRAY_SIZE(ext) - 1 - i] = (struct uid_gid_extent){
			ext[i].inside, ext[i].outside, ext[i].count };
	memset(live, 0, sizeof(*live));
	live->forward = fwd;
	live->nr_extents = ARRAY_SIZE(ext);
	KUNIT_EXPECT_TRUE(test, kctr_idmap_matches(make_map(test, ext,
							    ARRAY_SIZE(ext)),
						   live));
	fwd[3].count = 5;
	KUNIT_EXPECT_FALSE(test, kctr_idmap_matches(make_map(test, ext,
							     ARRAY_SIZE(ext)),
						    live));
	/* an unwritten map matches nothing */
	live->nr_extents = 0;
	KUNIT_EXPECT_FALSE(test, kctr_idmap_matches(make_map(test, ext, 1),
						    live));
}

static void idmap_verify_and_fill_init_ns(struct kunit *test)
{
	static const struct kctr_id_extent whole = { 0, 0, 4294967295U };
	static const struct kctr_id_extent part = { 0, 0, 1000 };
	struct sk_buff *skb = new_skb(test);
	struct kctr_idmap *back = NULL;
	struct nlattr *filled;

	KUNIT_EXPECT_EQ(test, kctr_idmap_verify(NULL, &init_user_ns, false,
						NULL), 0);
	KUNIT_EXPECT_EQ(test, kctr_idmap_verify(make_map(test, &whole, 1),
						&init_user_ns, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, kctr_idmap_verify(make_map(test, &part, 1),
						&init_user_ns, false, NULL),
			-EPERM);
	KUNIT_EXPECT_EQ(test, kctr_idmap_verify(make_map(test, &whole, 1),
						NULL, false, NULL), -EPERM);

	filled = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, kctr_idmap_fill_live(skb, KCTR_A_GID_MAP,
						   &init_user_ns, true), 0);
	KUNIT_EXPECT_EQ(test, nla_type(filled), KCTR_A_GID_MAP);
	KUNIT_ASSERT_EQ(test, kctr_idmap_parse(filled, &back, NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kfree_action,
							back), 0);
	KUNIT_EXPECT_EQ(test, back->nr, 1);
	KUNIT_EXPECT_MEMEQ(test, &back->ext[0], &whole, sizeof(whole));
}

static struct kunit_case kctr_idmap_cases[] = {
	KUNIT_CASE(idmap_parse_valid),
	KUNIT_CASE(idmap_parse_invalid),
	KUNIT_CASE(idmap_parse_limits_and_shape),
	KUNIT_CASE(idmap_matches_live),
	KUNIT_CASE(idmap_verify_and_fill_init_ns),
	{}
};

static struct kunit_suite kctr_idmap_suite = {
	.name = "kctr-idmap",
	.test_cases = kctr_idmap_cases,
};

/* kctr-cgroup-files: the parsers of cgroupfs files */

static void cgroup_keyed_files(struct kunit *test)
{
	static const char cpu_stat[] =
		"usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n"
		"nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n";
	static const char mem_events[] =
		"low 0\nhigh 3\nmax 7\noom 2\noom_kill 1\noom_group_kill 9\n";
	u64 v = 42;

	KUNIT_EXPECT_TRUE(test, kctr_cgroup_parse_keyed(cpu_stat, "usage_usec",
							&v));
	KUNIT_EXPECT_EQ(test, v, 123456);
	KUNIT_EXPECT_TRUE(test, kctr_cgroup_parse_keyed(cpu_stat, "user_usec",
							&v));
	KUNIT_EXPECT_EQ(test, v, 100000);
	KUNIT_EXPECT_TRUE(test, kctr_cgroup_parse_keyed(cpu_stat,
							"system_usec", &v));
	KUNIT_EXPECT_EQ(test, v, 23456);
	/* "oom" must not match "oom_kill" or "oom_group_kill" */
	KUNIT_EXPECT_TRUE(test, kctr_cgroup_parse_keyed(mem_events, "oom", &v));
	KUNIT_EXPECT_EQ(test, v, 2);
	KUNIT_EXPECT_TRUE(test, kctr_cgroup_parse_keyed(mem_events, "oom_kill",
							&v));
	KUNIT_EXPECT_EQ(test, v, 1);
	v = 42;
	KUNIT_EXPECT_FALSE(test, kctr_cgroup_parse_keyed(mem_events, "usage",
							 &v));
	KUNIT_EXPECT_FALSE(test, kctr_cgroup_parse_keyed("", "oom", &v));
	KUNIT_EXPECT_FALSE(test, kctr_cgroup_parse_keyed("oom x\n", "oom",
							 &v));
	KUNIT_EXPECT_EQ(test, v, 42);
	KUNIT_EXPECT_TRUE(test, kctr_cgroup_parse_keyed("oom 5", "oom", &v));
	KUNIT_EXPECT_EQ(test, v, 5);
}

static void cgroup_io_stat(struct kunit *test)
{
	static const char io_stat[] =
		"8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n"
		"253:1 rbytes=5 wbytes=7 rios=1 wios=1 dbytes=9 dios=1\n";
	u64 r = 1, w = 1;

	kctr_cgroup_parse_io_stat(io_stat, &r, &w);
	KUNIT_EXPECT_EQ(test, r, 105);
	KUNIT_EXPECT_EQ(test, w, 207);
	kctr_cgroup_parse_io_stat("", &r, &w);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, w, 0);
	kctr_cgroup_parse_io_stat("8:0 rbytes=18446744073709551615", &r, &w);
	KUNIT_EXPECT_EQ(test, r, U64_MAX);
	KUNIT_EXPECT_EQ(test, w, 0);
}

static struct kunit_case kctr_cgroup_cases[] = {
	KUNIT_CASE(cgroup_keyed_files),
	KUNIT_CASE(cgroup_io_stat),
	{}
};

static struct kunit_suite kctr_cgroup_suite = {
	.name = "kctr-cgroup-files",
	.test_cases = kctr_cgroup_cases,
};

/*
 * kctr-registry (kmod-core): names, the state machine, id allocation,
 * lookups, pending exec joins and concurrent creates, on the live
 * registry of the loaded module.
 */

static void registry_names(struct kunit *test)
{
	static const char * const good[] = {
		"a", "web-1", "A_b.c", "0", "x-", "a..b", "c++", "+x", "a+b.c",
		"123456789012345678901234567890123456789012345678901234567890123",
		/* an OCI id: 64 hex digits */
		"004e2f3f0c9b0d7ae5f1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c5296e6f",
	};
	static const char * const bad[] = {
		"", ".", "..", ".x", "-x", "a/b", "a b", "tab\t", "caf\xc3\xa9",
		"a:b", "a=b", "a@b",
		/* Latin-1 letters to the kernel's isalnum() */
		"\xc0", "\xc0\xc1", "\xe9t\xe9", "a\xff", "x\xdf",
	};
	char *name = kunit_kzalloc(test, KCTR_NAME_MAX + 2, GFP_KERNEL);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_TRUE_MSG(test, kctr_name_valid(good[i]), "%s",
				      good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_FALSE_MSG(test, kctr_name_valid(bad[i]), "%s",
				       bad[i]);
	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_EXPECT_EQ(test, KCTR_NAME_MAX, 255);
	memset(name, 'n', KCTR_NAME_MAX);
	KUNIT_EXPECT_TRUE(test, kctr_name_valid(name));
	name[KCTR_NAME_MAX] = 'n';
	KUNIT_EXPECT_FALSE(test, kctr_name_valid(name));
}

/* Which containers the close of their creating socket aborts. */
static void registry_abort_persist(struct kunit *test)
{
	struct kctr_container *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct net *net = (struct net *)0x1000, *other = (struct net *)0x2000;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->state = KCTR_STATE_CREATED;
	c->creator_net = net;
	c->creator_portid = 42;
	c->create_seq = 7;
	KUNIT_EXPECT_TRUE(test, kctr_abort_applies(c, net, 42, 7));
	KUNIT_EXPECT_TRUE(test, kctr_abort_applies(c, net, 42, 9));
	/* another socket, another netns, a later create on a reused portid */
	KUNIT_EXPECT_FALSE(test, kctr_abort_applies(c, net, 43, 7));
	KUNIT_EXPECT_FALSE(test, kctr_abort_applies(c, other, 42, 7));
	KUNIT_EXPECT_FALSE(test, kctr_abort_applies(c, net, 42, 6));
	c->flags = KCTR_F_PERSIST;
	KUNIT_EXPECT_FALSE(test, kctr_abort_applies(c, net, 42, 7));
	c->flags = KCTR_F_AUTO_REMOVE | KCTR_F_ALLOW_NEW_PRIVS;
	KUNIT_EXPECT_TRUE(test, kctr_abort_applies(c, net, 42, 7));
	c->state = KCTR_STATE_RUNNING;
	KUNIT_EXPECT_FALSE(test, kctr_abort_applies(c, net, 42, 7));
	c->state = KCTR_STATE_STOPPED;
	KUNIT_EXPECT_FALSE(test, kctr_abort_applies(c, net, 42, 7));
}

static void registry_states(struct kunit *test)
{
	enum kctr_state s[] = { KCTR_STATE_CREATED, KCTR_STATE_RUNNING,
				KCTR_STATE_STOPPED };
	/* allowed[from][to] */
	static const bool allowed[3][3] = {
		{ false, true, true },
		{ false, false, true },
		{ false, false, false },
	};
	unsigned int from, to;

	for (from = 0; from < 3; from++)
		for (to = 0; to < 3; to++)
			KUNIT_EXPECT_EQ_MSG(test,
					    kctr_state_change_valid(s[from], s[to]),
					    allowed[from][to], "%u -> %u",
					    s[from], s[to]);
	KUNIT_EXPECT_FALSE(test, kctr_state_change_valid(0, KCTR_STATE_RUNNING));
	KUNIT_EXPECT_FALSE(test, kctr_state_change_valid(KCTR_STATE_MAX + 1,
							 KCTR_STATE_STOPPED));
}

/* A registered container without a cgroup; NULL on failure. */
static struct kctr_container *registry_add(const char *name)
{
	struct kctr_container *c = kctr_container_alloc();

	if (!c)
		return NULL;
	if (name)
		strscpy(c->name, name, sizeof(c->name));
	mutex_lock(&kctr_lock);
	if (kctr_registry_reserve(c, NULL) || kctr_registry_insert(c)) {
		mutex_unlock(&kctr_lock);
		kctr_container_put(c);
		return NULL;
	}
	mutex_unlock(&kctr_lock);
	return c;
}

static void registry_drop(struct kctr_container *c)
{
	mutex_lock(&kctr_lock);
	kctr_container_remove(c);
	mutex_unlock(&kctr_lock);
	kctr_container_put(c);
}

static void registry_ids_and_lookup(struct kunit *test)
{
	struct kctr_container *a, *b, *dup, *c;
	unsigned long before;
	u64 ida, idb;
	char want[24];

	mutex_lock(&kctr_lock);
	before = kctr_registry_count();
	mutex_unlock(&kctr_lock);
	a = registry_add("kunit-a");
	b = registry_add(NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	ida = a->id;
	idb = b->id;
	KUNIT_EXPECT_GT(test, ida, 0ULL);
	KUNIT_EXPECT_GT(test, idb, ida);
	snprintf(want, sizeof(want), "c%llu", idb);
	KUNIT_EXPECT_STREQ(test, b->name, want);

	dup = kctr_container_alloc();
	KUNIT_ASSERT_NOT_NULL(test, dup);
	strscpy(dup->name, "kunit-a", sizeof(dup->name));
	mutex_lock(&kctr_lock);
	KUNIT_EXPECT_EQ(test, kctr_registry_reserve(dup, NULL), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, kctr_registry_find(ida), a);
	KUNIT_EXPECT_PTR_EQ(test, kctr_registry_find_name("kunit-a"), a);
	KUNIT_EXPECT_PTR_EQ(test, kctr_registry_find_name(want), b);
	KUNIT_EXPECT_NULL(test, kctr_registry_find_name("kunit-none"));
	KUNIT_EXPECT_EQ(test, kctr_registry_count(), before + 2);
	mutex_unlock(&kctr_lock);
	kctr_container_put(dup);

	registry_drop(a);
	registry_drop(b);
	mutex_lock(&kctr_lock);
	KUNIT_EXPECT_NULL(test, kctr_registry_find(ida));
	KUNIT_EXPECT_NULL(test, kctr_registry_find_name("kunit-a"));
	KUNIT_EXPECT_EQ(test, kctr_registry_count(), before);
	mutex_unlock(&kctr_lock);

	/* the name is free again, the ids are not */
	c = registry_add("kunit-a");
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_GT(test, c->id, idb);
	registry_drop(c);
}

/* ids start above one taken elsewhere (a leftover cgroup), never below */
static void registry_ids_above(struct kunit *test)
{
	struct kctr_container *a, *b;
	u64 above;

	a = registry_add(NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	above = a->id + 1000;
	registry_drop(a);

	kctr_registry_ids_above(above);
	b = registry_add(NULL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, b->id, above + 1);
	registry_drop(b);

	kctr_registry_ids_above(1);	/* lower: no effect */
	a = registry_add(NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, a->id, above + 2);
	registry_drop(a);
}

/* the counter stops at the top instead of wrapping to 0 (no id) */
static void registry_id_next(struct kunit *test)
{
	u64 id = 77;

	KUNIT_EXPECT_EQ(test, kctr_id_next(0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 1ULL);
	KUNIT_EXPECT_EQ(test, kctr_id_next(KCTR_ID_MAX - 1, &id), 0);
	KUNIT_EXPECT_EQ(test, id, KCTR_ID_MAX);
	id = 77;
	KUNIT_EXPECT_EQ(test, kctr_id_next(KCTR_ID_MAX, &id), -ENOSPC);
	KUNIT_EXPECT_EQ(test, id, 77ULL);
	KUNIT_EXPECT_EQ(test, kctr_id_next(U64_MAX, &id), -ENOSPC);
	KUNIT_EXPECT_EQ(test, KCTR_ID_MAX, (u64)ULONG_MAX);
}

static void fill_str(struct kunit *test, char **s, char ch, size_t len)
{
	*s = kmalloc(len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *s);
	memset(*s, ch, len);
	(*s)[len] = '\0';
}

/* Every limit, io.max with every device, cpuset lists of 255 bytes. */
static void fill_limits_max(struct kctr_limits *l)
{
	unsigned int i;

	l->present = GENMASK(KCTR_LIMIT_A_MAX, KCTR_LIMIT_A_MEMORY_MAX);
	memset(l->cpuset_cpus, '0', KCTR_CPUSET_MAX);
	memset(l->cpuset_mems, '0', KCTR_CPUSET_MAX);
	l->nr_io = KCTR_IO_MAX_DEVICES;
	for (i = 0; i < KCTR_IO_MAX_DEVICES; i++)
		l->io[i] = (struct kctr_io_limit){ 8, i * 16, 1, 2, 3, 4 };
}

/* A user namespace whose maps have @n extents each (forward arrays). */
static struct user_namespace *fake_userns(struct kunit *test, u32 n)
{
	struct user_namespace *uns = kunit_kzalloc(test, sizeof(*uns),
						   GFP_KERNEL);
	struct uid_gid_extent *fwd;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, uns);
	fwd = kunit_kcalloc(test, n, sizeof(*fwd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fwd);
	for (i = 0; i < n; i++)
		fwd[i] = (struct uid_gid_extent){ i, 4000000000U + i, 1 };
	uns->uid_map.nr_extents = n;
	uns->uid_map.forward = fwd;
	uns->gid_map.nr_extents = n;
	uns->gid_map.forward = fwd;
	return uns;
}

/* A network claim at its largest: every field, 32 ports, claimed. */
static void fill_net_max(struct kctr_net *n)
{
	unsigned int i;

	n->present = true;
	memset(n->network, 'w', KCTR_NET_NAME_MAX);
	n->addr4 = htonl(0x0a570005);
	n->has_prefix = n->has_gateway = n->has_mac = true;
	n->nr_ports = KCTR_NET_PORTS_MAX;
	for (i = 0; i < n->nr_ports; i++)
		n->ports[i] = (struct kctr_port){ IPPROTO_UDP, htonl(1),
						  1000 + i, 80 };
	n->ports_claimed = true;
}

/*
 * kctr_record_size_max() is what every dump part has room for: a record
 * with every string, limit, flag-dependent field and network claim at its
 * maximum, plus
 * two live maps of KCTR_MAP_MAX_EXTENTS, must fit with room left for the
 * parts only a live container has (cgroup path, namespaces, pids); and
 * it must fit the 32 KiB a raw reader is expected to offer.
 */
static void registry_record_size_max(struct kunit *test)
{
	size_t max = kctr_record_size_max(), live;
	struct user_namespace *uns = fake_userns(test, KCTR_MAP_MAX_EXTENTS);
	struct kctr_container *c = kctr_container_alloc();
	struct sk_buff *skb;

	KUNIT_EXPECT_LE(test, max, SKB_WITH_OVERHEAD(32768));
	KUNIT_EXPECT_GT(test, max, NLMSG_GOODSIZE);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->id = KCTR_ID_MAX;
	memset(c->name, 'n', KCTR_NAME_MAX);
	fill_str(test, &c->hostname, 'h', KCTR_HOSTNAME_MAX);
	fill_str(test, &c->image, 'i', KCTR_IMAGE_MAX);
	fill_str(test, &c->command, 'c', KCTR_COMMAND_MAX);
	fill_limits_max(&c->limits);
	c->seccomp.len = KCTR_SECCOMP_MAX_INSNS;
	c->state = KCTR_STATE_STOPPED;
	c->started_ns = 1;
	c->exited_ns = 2;
	fill_net_max(&c->net);

	skb = kunit_zalloc_skb(test, 2 * max, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, kctr_record_fill(skb, c, false), 0);
	KUNIT_ASSERT_EQ(test, kctr_idmap_fill_live(skb, KCTR_A_UID_MAP, uns,
						   false), 0);
	KUNIT_ASSERT_EQ(test, kctr_idmap_fill_live(skb, KCTR_A_GID_MAP, uns,
						   true), 0);
	live = nla_total_size(PATH_MAX) +
	       __KCTR_NS_KIND_COUNT * nla_total_size(0) +
	       (MAX_PID_NS_LEVEL + 1) * nla_total_size(sizeof(u32));
	KUNIT_EXPECT_LE_MSG(test, skb->len + live, max,
			    "record %u bytes without the live parts", skb->len);
	/* a record alone in a part of exactly that size, as netlink_dump() */
	skb = kunit_zalloc_skb(test, max, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, skb_tailroom(skb) - max);
	KUNIT_EXPECT_EQ(test, kctr_record_fill(skb, c, false), 0);
	kctr_container_put(c);
}

/*
 * KCTR_F_SUMMARY: a listing's attributes and nothing of the policy; the
 * same container's full record carries every part the summary drops.
 */
static void registry_record_summary(struct kunit *test)
{
	static const int kept[] = {
		KCTR_A_ID, KCTR_A_NAME, KCTR_A_STATE, KCTR_A_FLAGS,
		KCTR_A_OWNER_UID, KCTR_A_IMAGE, KCTR_A_COMMAND,
		KCTR_A_CREATED_NS, KCTR_A_STARTED_NS, KCTR_A_EXITED_NS,
	};
	static const int dropped[] = {
		KCTR_A_NAMESPACES, KCTR_A_LIMITS, KCTR_A_CAPS, KCTR_A_SECCOMP,
		KCTR_A_NET,
	};
	struct kctr_container *c = kctr_container_alloc();
	struct sk_buff *full, *brief;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->id = 7;
	fill_str(test, &c->image, 'i', 16);
	fill_str(test, &c->command, 'c', 16);
	fill_limits_max(&c->limits);
	fill_net_max(&c->net);
	c->seccomp.len = 3;
	c->state = KCTR_STATE_STOPPED;
	c->started_ns = 1;
	c->exited_ns = 2;
	full = kunit_zalloc_skb(test, kctr_record_size_max(), GFP_KERNEL);
	brief = kunit_zalloc_skb(test, kctr_record_size_max(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, full);
	KUNIT_ASSERT_NOT_NULL(test, brief);
	KUNIT_ASSERT_EQ(test, kctr_record_fill(full, c, false), 0);
	KUNIT_ASSERT_EQ(test, kctr_record_fill(brief, c, true), 0);
	for (i = 0; i < ARRAY_SIZE(kept); i++)
		KUNIT_EXPECT_NOT_NULL_MSG(test,
			nlmsg_find_attr(nlmsg_hdr(brief), GENL_HDRLEN, kept[i]),
			"attribute %d kept", kept[i]);
	for (i = 0; i < ARRAY_SIZE(dropped); i++) {
		KUNIT_EXPECT_NOT_NULL_MSG(test,
			nlmsg_find_attr(nlmsg_hdr(full), GENL_HDRLEN,
					dropped[i]),
			"attribute %d in the full record", dropped[i]);
		KUNIT_EXPECT_NULL_MSG(test,
			nlmsg_find_attr(nlmsg_hdr(brief), GENL_HDRLEN,
					dropped[i]),
			"attribute %d left out of the summary", dropped[i]);
	}
	KUNIT_EXPECT_LT(test, brief->len, full->len);
	kctr_container_put(c);
}

static void registry_state_changes(struct kunit *test)
{
	struct kctr_container *c = registry_add(NULL);
	unsigned int gen;

	KUNIT_ASSERT_NOT_NULL(test, c);
	mutex_lock(&kctr_lock);
	gen = kctr_registry_generation();
	KUNIT_EXPECT_EQ(test, c->state, KCTR_STATE_CREATED);
	kctr_registry_set_state(c, KCTR_STATE_RUNNING);
	KUNIT_EXPECT_EQ(test, c->state, KCTR_STATE_RUNNING);
	KUNIT_EXPECT_NE(test, kctr_registry_generation(), gen);
	kctr_registry_set_state(c, KCTR_STATE_STOPPED);
	KUNIT_EXPECT_EQ(test, c->state, KCTR_STATE_STOPPED);
	mutex_unlock(&kctr_lock);
	registry_drop(c);
}

static void registry_pending_joins(struct kunit *test)
{
	struct kctr_container *c = registry_add(NULL);
	struct pid *me = task_tgid(current);
	int filters = -1;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	mutex_lock(&kctr_lock);
	KUNIT_EXPECT_EQ(test, kctr_pending_take(c, me, &filters), -ENOENT);
	for (i = 0; i < KCTR_MAX_PENDING_JOINS; i++)
		KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, i, false), 0);
	/* a live joiner is never pruned: the list stays bounded */
	KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, 99, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, kctr_pending_take(c, me, &filters), 0);
	KUNIT_EXPECT_EQ(test, filters, 0);
	KUNIT_EXPECT_EQ(test, c->nr_pending, KCTR_MAX_PENDING_JOINS - 1);
	mutex_unlock(&kctr_lock);
	registry_drop(c);
}

/* Joiners with no_new_privs (from inside) leave slots to the host's. */
static void registry_pending_joins_nnp(struct kunit *test)
{
	struct kctr_container *c = registry_add(NULL);
	struct pid *me = task_tgid(current);
	int filters = -1;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	mutex_lock(&kctr_lock);
	for (i = 0; i < KCTR_MAX_PENDING_JOINS_NNP; i++)
		KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, i, true), 0);
	KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, 99, true), -EBUSY);
	KUNIT_EXPECT_EQ(test, c->nr_pending_nnp, KCTR_MAX_PENDING_JOINS_NNP);
	for (i = KCTR_MAX_PENDING_JOINS_NNP; i < KCTR_MAX_PENDING_JOINS; i++)
		KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, i, false), 0);
	KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, 99, false), -EBUSY);
	/* taking an nnp entry frees an nnp slot, not more */
	KUNIT_EXPECT_EQ(test, kctr_pending_take(c, me, &filters), 0);
	KUNIT_EXPECT_EQ(test, filters, 0);
	KUNIT_EXPECT_EQ(test, c->nr_pending_nnp, KCTR_MAX_PENDING_JOINS_NNP - 1);
	KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, 7, true), 0);
	KUNIT_EXPECT_EQ(test, kctr_pending_add(c, me, 8, true), -EBUSY);
	mutex_unlock(&kctr_lock);
	registry_drop(c);	/* frees the rest: kmemleak would tell */
}

#define REGISTRY_THREADS	4
#define REGISTRY_PER_THREAD	50

struct registry_worker {
	struct completion done;
	struct kctr_container *c[REGISTRY_PER_THREAD];
	int failed;
};

static int registry_worker_fn(void *data)
{
	struct registry_worker *w = data;
	unsigned int i;

	for (i = 0; i < REGISTRY_PER_THREAD; i++) {
		w->c[i] = registry_add(NULL);
		if (!w->c[i])
			w->failed++;
	}
	complete(&w->done);
	return 0;
}

static int registry_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void registry_concurrent_creates(struct kunit *test)
{
	const unsigned int n = REGISTRY_THREADS * REGISTRY_PER_THREAD;
	struct registry_worker *w;
	struct task_struct *t;
	unsigned int i, j, k = 0;
	u64 *ids;

	w = kunit_kcalloc(test, REGISTRY_THREADS, sizeof(*w), GFP_KERNEL);
	ids = kunit_kcalloc(test, n, sizeof(*ids), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, ids);
	for (i = 0; i < REGISTRY_THREADS; i++) {
		init_completion(&w[i].done);
		t = kthread_run(registry_worker_fn, &w[i], "kctr-kunit-%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < REGISTRY_THREADS; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].failed, 0);
		for (j = 0; j < REGISTRY_PER_THREAD; j++)
			if (w[i].c[j])
				ids[k++] = w[i].c[j]->id;
	}
	KUNIT_EXPECT_EQ(test, k, n);
	sort(ids, k, sizeof(*ids), registry_cmp_u64, NULL);
	for (i = 1; i < k; i++)
		KUNIT_EXPECT_LT(test, ids[i - 1], ids[i]);
	for (i = 0; i < REGISTRY_THREADS; i++)
		for (j = 0; j < REGISTRY_PER_THREAD; j++)
			if (w[i].c[j])
				registry_drop(w[i].c[j]);
}

static struct kunit_case kctr_registry_cases[] = {
	KUNIT_CASE(registry_names),
	KUNIT_CASE(registry_abort_persist),
	KUNIT_CASE(registry_states),
	KUNIT_CASE(registry_ids_and_lookup),
	KUNIT_CASE(registry_ids_above),
	KUNIT_CASE(registry_id_next),
	KUNIT_CASE(registry_record_size_max),
	KUNIT_CASE(registry_record_summary),
	KUNIT_CASE(registry_state_changes),
	KUNIT_CASE(registry_pending_joins),
	KUNIT_CASE(registry_pending_joins_nnp),
	KUNIT_CASE(registry_concurrent_creates),
	{}
};

static struct kunit_suite kctr_registry_suite = {
	.name = "kctr-registry",
	.test_cases = kctr_registry_cases,
};

/* guard.c: what JOIN and START refuse */

static void guard_join_refusals(struct kunit *test)
{
	static const struct {
		struct kctr_join_facts f;
		const char *want;	/* a word of the message, NULL: allowed */
	} cases[] = {
		{ { .nr_threads = 1 }, NULL },
		{ { .nr_threads = 2 }, "multi-threaded" },
		{ { .nr_threads = 1, .creds_overridden = true }, "overridden" },
		{ { .nr_threads = 1, .io_worker = true }, "io_uring worker" },
		{ { .nr_threads = 1, .kthread = true }, "kernel thread" },
		/* an io-wq worker has threads and borrowed creds: named first */
		{ { .nr_threads = 3, .io_worker = true,
		    .creds_overridden = true }, "io_uring worker" },
		{ { .nr_threads = 2, .creds_overridden = true }, "overridden" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *msg = kctr_join_refusal(&cases[i].f);

		if (!cases[i].want) {
			KUNIT_EXPECT_NULL_MSG(test, msg, "case %u", i);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL_MSG(test, msg, "case %u", i);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(msg, cases[i].want),
					  "case %u: %s", i, msg);
	}
}

/* The KUnit runner is a kernel thread: JOIN from it is refused. */
static void guard_join_current(struct kunit *test)
{
	struct kctr_join_facts f;

	kctr_join_facts_current(&f);
	KUNIT_EXPECT_TRUE(test, f.kthread);
	KUNIT_EXPECT_FALSE(test, f.creds_overridden);
	KUNIT_EXPECT_EQ(test, kctr_guard_join(NULL), -EPERM);
}

static void guard_start_refusals(struct kunit *test)
{
	const struct kctr_start_facts ok = {
		.same_thread = true, .nr_threads = 1, .has_prog = true,
		.seccomp_mode = SECCOMP_MODE_FILTER, .filters_before = 2,
		.filters_now = 3,
	};
	struct kctr_start_facts f;
	const char *msg;

	KUNIT_EXPECT_NULL(test, kctr_start_refusal(&ok));
	f = ok;
	f.same_thread = false;
	msg = kctr_start_refusal(&f);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "another thread"));
	f = ok;
	f.nr_threads = 2;
	msg = kctr_start_refusal(&f);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "multi-threaded"));
	/* START may commit_creds() (KCTR_F_ALLOW_NEW_PRIVS): own creds only */
	f = ok;
	f.creds_overridden = true;
	msg = kctr_start_refusal(&f);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "overridden"));
	f = ok;
	f.filters_now = f.filters_before;
	msg = kctr_start_refusal(&f);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "not installed"));
	f = ok;
	f.seccomp_mode = SECCOMP_MODE_DISABLED;
	KUNIT_EXPECT_NOT_NULL(test, kctr_start_refusal(&f));
	f = ok;
	f.filters_now = f.filters_before + 2;
	msg = kctr_start_refusal(&f);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "more than one"));
	/* no program: the filter count does not matter, the thread does */
	f = ok;
	f.has_prog = false;
	f.seccomp_mode = SECCOMP_MODE_DISABLED;
	f.filters_now = 0;
	f.filters_before = 0;
	KUNIT_EXPECT_NULL(test, kctr_start_refusal(&f));
	f.same_thread = false;
	KUNIT_EXPECT_NOT_NULL(test, kctr_start_refusal(&f));
}

static void guard_dumpable(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, kctr_dumpable_refused(SUID_DUMP_DISABLE));
	KUNIT_EXPECT_TRUE(test, kctr_dumpable_refused(SUID_DUMP_USER));
	KUNIT_EXPECT_FALSE(test, kctr_dumpable_refused(SUID_DUMP_ROOT));
}

static struct kunit_case kctr_guard_cases[] = {
	KUNIT_CASE(guard_join_refusals),
	KUNIT_CASE(guard_join_current),
	KUNIT_CASE(guard_start_refusals),
	KUNIT_CASE(guard_dumpable),
	{}
};

static struct kunit_suite kctr_guard_suite = {
	.name = "kctr-guard",
	.test_cases = kctr_guard_cases,
};

/* kctr-net: the claim rules, the policy and the record */

static struct kctr_net *new_net(struct kunit *test, const char *network,
				const char *addr)
{
	struct kctr_net *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, n);
	strscpy(n->network, network, sizeof(n->network));
	n->addr4 = in_aton(addr);
	n->present = true;
	INIT_LIST_HEAD(&n->node);
	return n;
}

static void add_port(struct kctr_net *n, u8 proto, const char *host,
		     u16 hport, u16 cport)
{
	struct kctr_port *p = &n->ports[n->nr_ports++];

	p->proto = proto;
	p->host_addr4 = host ? in_aton(host) : 0;
	p->host_port = hport;
	p->ctr_port = cport;
}

static void net_names(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, kctr_net_name_valid("kctr"));
	KUNIT_EXPECT_TRUE(test, kctr_net_name_valid("a_b+c.d-e"));
	KUNIT_EXPECT_TRUE(test, kctr_net_name_valid("fifteen-bytes15"));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid(""));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid("sixteen-bytes-16"));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid(".hidden"));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid("-opt"));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid("a/b"));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid("sp ace"));
	KUNIT_EXPECT_FALSE(test, kctr_net_name_valid("caf\xc3\xa9"));
}

/* (proto, port) conflicts when either host address is 0 or they are equal */
static void net_port_rule(struct kunit *test)
{
	struct kctr_port any = { IPPROTO_TCP, 0, 8080, 80 };
	struct kctr_port one = { IPPROTO_TCP, in_aton("192.0.2.1"), 8080, 81 };
	struct kctr_port two = { IPPROTO_TCP, in_aton("192.0.2.2"), 8080, 82 };
	struct kctr_port udp = { IPPROTO_UDP, 0, 8080, 80 };
	struct kctr_port other = { IPPROTO_TCP, 0, 8081, 80 };

	KUNIT_EXPECT_TRUE(test, kctr_port_conflict(&any, &any));
	KUNIT_EXPECT_TRUE(test, kctr_port_conflict(&any, &one));
	KUNIT_EXPECT_TRUE(test, kctr_port_conflict(&one, &any));
	KUNIT_EXPECT_TRUE(test, kctr_port_conflict(&one, &one));
	KUNIT_EXPECT_FALSE(test, kctr_port_conflict(&one, &two));
	KUNIT_EXPECT_FALSE(test, kctr_port_conflict(&any, &udp));
	KUNIT_EXPECT_FALSE(test, kctr_port_conflict(&any, &other));
}

static void net_clash(struct kunit *test)
{
	struct kctr_net *held = new_net(test, "kctr", "10.87.0.5");
	struct kctr_net *want = new_net(test, "kctr", "10.87.0.5");
	unsigned int wi = 99, hi = 99;

	add_port(held, IPPROTO_TCP, NULL, 8080, 80);
	add_port(held, IPPROTO_UDP, "192.0.2.1", 53, 53);
	held->addr_claimed = true;
	held->ports_claimed = true;
	KUNIT_EXPECT_EQ(test, kctr_net_clash(held, want, &wi, &hi),
			KCTR_NET_CLASH_ADDR);
	/* the same address on another network is another claim */
	strscpy(want->network, "other", sizeof(want->network));
	KUNIT_EXPECT_EQ(test, kctr_net_clash(held, want, &wi, &hi),
			KCTR_NET_CLASH_NONE);
	add_port(want, IPPROTO_TCP, "198.51.100.1", 9000, 1);
	add_port(want, IPPROTO_UDP, NULL, 53, 1);
	KUNIT_EXPECT_EQ(test, kctr_net_clash(held, want, &wi, &hi),
			KCTR_NET_CLASH_PORT);
	KUNIT_EXPECT_EQ(test, wi, 1U);
	KUNIT_EXPECT_EQ(test, hi, 1U);
	/* after the init's exit the ports are free, the address is not */
	held->ports_claimed = false;
	KUNIT_EXPECT_EQ(test, kctr_net_clash(held, want, &wi, &hi),
			KCTR_NET_CLASH_NONE);
	strscpy(want->network, "kctr", sizeof(want->network));
	KUNIT_EXPECT_EQ(test, kctr_net_clash(held, want, &wi, &hi),
			KCTR_NET_CLASH_ADDR);
	held->addr_claimed = false;
	KUNIT_EXPECT_EQ(test, kctr_net_clash(held, want, &wi, &hi),
			KCTR_NET_CLASH_NONE);
}

static void net_self_clash(struct kunit *test)
{
	struct kctr_net *n = new_net(test, "kctr", "10.87.0.5");
	unsigned int a = 99, b = 99;

	add_port(n, IPPROTO_TCP, "192.0.2.1", 9000, 1);
	add_port(n, IPPROTO_TCP, "192.0.2.2", 9000, 2);
	add_port(n, IPPROTO_UDP, NULL, 9000, 3);
	KUNIT_EXPECT_FALSE(test, kctr_net_self_clash(n, &a, &b));
	add_port(n, IPPROTO_TCP, NULL, 9000, 4);
	KUNIT_EXPECT_TRUE(test, kctr_net_self_clash(n, &a, &b));
	KUNIT_EXPECT_EQ(test, a, 0U);
	KUNIT_EXPECT_EQ(test, b, 3U);
}

static void put_port_nest(struct kunit *test, struct sk_buff *skb, u8 proto,
			  u16 hport, u16 cport)
{
	struct nlattr *p = nest_start(test, skb, KCTR_NET_A_PORT);

	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, KCTR_PORT_A_PROTO, proto), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u16(skb, KCTR_PORT_A_HOST_PORT, hport), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u16(skb, KCTR_PORT_A_CTR_PORT, cport), 0);
	nla_nest_end(skb, p);
}

/* A KCTR_A_NET nest: "kctr", 10.87.0.5/16, @nports tcp ports from 8000. */
static struct nlattr *net_attr(struct kunit *test, struct sk_buff *skb,
			       unsigned int nports, u16 dup)
{
	struct nlattr *nest = nest_start(test, skb, KCTR_A_NET);
	unsigned int i;

	put_str(test, skb, KCTR_NET_A_NETWORK, "kctr");
	KUNIT_ASSERT_EQ(test, nla_put_in_addr(skb, KCTR_NET_A_ADDR4,
					      in_aton("10.87.0.5")), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, KCTR_NET_A_PREFIX, 16), 0);
	for (i = 0; i < nports; i++)
		put_port_nest(test, skb, IPPROTO_TCP, 8000 + i, 80);
	if (dup)
		put_port_nest(test, skb, IPPROTO_TCP, dup, 81);
	nla_nest_end(skb, nest);
	return nest;
}

static const struct nla_policy net_top_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_NET] = NLA_POLICY_NESTED(kctr_net_policy),
};

static int net_parse(struct kunit *test, struct nlattr *attr,
		     struct kctr_net *n)
{
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[KCTR_A_MAX + 1];
	int err;

	/* the CREATE policy first, as genetlink applies it */
	err = nla_parse(tb, KCTR_A_MAX, attr, nla_total_size(nla_len(attr)),
			net_top_policy, &extack);
	if (err)
		return err;
	err = kctr_net_parse(n, tb[KCTR_A_NET], &init_net, &extack);
	kctr_net_release(n);
	return err;
}

static void net_parse_and_fill(struct kunit *test)
{
	struct sk_buff *skb = new_skb(test), *out = new_skb(test);
	struct kctr_net *n = new_net(test, "", "0.0.0.0");
	struct kctr_net *back = new_net(test, "", "0.0.0.0");
	struct nlattr *attr;

	memset(n, 0, sizeof(*n));
	KUNIT_ASSERT_EQ(test, net_parse(test, net_attr(test, skb, 32, 0), n), 0);
	KUNIT_EXPECT_STREQ(test, n->network, "kctr");
	KUNIT_EXPECT_EQ(test, n->nr_ports, 32U);
	KUNIT_EXPECT_TRUE(test, n->has_prefix && !n->has_gateway);
	n->ports_claimed = true;
	KUNIT_ASSERT_EQ(test, kctr_net_fill(out, n), 0);
	KUNIT_EXPECT_LE(test, (size_t)out->len, kctr_net_size_max());
	attr = (struct nlattr *)out->data;
	memset(back, 0, sizeof(*back));
	KUNIT_ASSERT_EQ(test, net_parse(test, attr, back), -EINVAL);
	/* a record carries ANCHORED, which CREATE rejects */
	KUNIT_EXPECT_NOT_NULL(test, nla_find_nested(attr, KCTR_NET_A_ANCHORED));
}

static void net_parse_refusals(struct kunit *test)
{
	struct kctr_net *n = new_net(test, "", "0.0.0.0");
	struct sk_buff *skb;

	skb = new_skb(test);
	memset(n, 0, sizeof(*n));
	KUNIT_EXPECT_EQ(test, net_parse(test, net_attr(test, skb, 33, 0), n),
			-EINVAL);
	skb = new_skb(test);
	memset(n, 0, sizeof(*n));
	KUNIT_EXPECT_EQ(test, net_parse(test, net_attr(test, skb, 2, 8001), n),
			-EADDRINUSE);
	skb = new_skb(test);
	memset(n, 0, sizeof(*n));
	KUNIT_EXPECT_EQ(test, net_parse(test, net_attr(test, skb, 0, 0), n), 0);
	KUNIT_EXPECT_FALSE(test, n->anchor);
}

static struct kunit_case kctr_net_cases[] = {
	KUNIT_CASE(net_names),
	KUNIT_CASE(net_port_rule),
	KUNIT_CASE(net_clash),
	KUNIT_CASE(net_self_clash),
	KUNIT_CASE(net_parse_and_fill),
	KUNIT_CASE(net_parse_refusals),
	{}
};

static struct kunit_suite kctr_net_suite = {
	.name = "kctr-net",
	.test_cases = kctr_net_cases,
};

kunit_test_suites(&kctr_limits_suite, &kctr_seccomp_suite, &kctr_caps_suite,
		  &kctr_idmap_suite, &kctr_cgroup_suite, &kctr_registry_suite,
		  &kctr_guard_suite, &kctr_net_suite);
