// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup v2 limits: the netlink policy, semantic checks, and the text the
 * module writes into cgroupfs.
 *
 * Decisions the kernel leaves open:
 * - memory.max and memory.high must be at least 4096 bytes (or "max"). The
 *   kernel takes 0, but a container that can never charge a page only OOMs;
 *   that is always a mistake in a request, so it is refused up front.
 *   memory.low, memory.min and memory.swap.max take any value, 0 included.
 * - memory.low, memory.min and memory.high may not exceed memory.max when
 *   both are given: the kernel would accept it and silently never honour it.
 * - cpu.max: a quota without a period gets the kernel's default period
 *   (100000 us); a period alone means "max PERIOD".
 *
 * Write order: cgroup v2 does not reject any order between these files for
 * a cgroup without tasks (v1's "cpuset.mems before tasks" rule is gone), and
 * the node is always empty when the limits are written. The order is still
 * fixed: placement (cpuset) first, then cpu, then memory protections before
 * the limits that reclaim, then pids and io, so a later failure always
 * leaves the earlier, more basic settings in place for the error message.
 */
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/string.h>
#include <linux/threads.h>

#include "limits.h"

#define KCTR_MEM_MIN_LIMIT	4096ULL
#define KCTR_CPU_PERIOD_MIN	1000ULL
#define KCTR_CPU_PERIOD_MAX	1000000ULL
#define KCTR_CPU_PERIOD_DEFAULT	100000ULL
#define KCTR_CPU_QUOTA_MIN	1000ULL
/* The scheduler's bound on a quota (MAX_BW in kernel/sched/sched.h), us. */
#define KCTR_CPU_QUOTA_MAX	((1ULL << 44) - 1)
#define KCTR_CPU_WEIGHT_MIN	1
#define KCTR_CPU_WEIGHT_MAX	10000
#define KCTR_IO_MAJOR_MAX	((1U << (32 - MINORBITS)) - 1)

static const struct nla_policy kctr_io_dev_policy[KCTR_IO_A_MAX + 1] = {
	[KCTR_IO_A_MAJOR]	= { .type = NLA_U32 },
	[KCTR_IO_A_MINOR]	= { .type = NLA_U32 },
	[KCTR_IO_A_RBPS]	= { .type = NLA_U64 },
	[KCTR_IO_A_WBPS]	= { .type = NLA_U64 },
	[KCTR_IO_A_RIOPS]	= { .type = NLA_U64 },
	[KCTR_IO_A_WIOPS]	= { .type = NLA_U64 },
};

static const struct nla_policy kctr_io_max_policy[KCTR_IO_A_MAX + 1] = {
	[KCTR_IO_A_DEVICE]	= NLA_POLICY_NESTED(kctr_io_dev_policy),
};

const struct nla_policy kctr_limits_policy[KCTR_LIMIT_A_MAX + 1] = {
	[KCTR_LIMIT_A_MEMORY_MAX]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_MEMORY_HIGH]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_MEMORY_LOW]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_MEMORY_MIN]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_MEMORY_SWAP_MAX]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_CPU_MAX_QUOTA]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_CPU_MAX_PERIOD]	= { .type = NLA_U64 },
	[KCTR_LIMIT_A_CPU_WEIGHT]	= NLA_POLICY_RANGE(NLA_U32,
							   KCTR_CPU_WEIGHT_MIN,
							   KCTR_CPU_WEIGHT_MAX),
	[KCTR_LIMIT_A_PIDS_MAX]		= { .type = NLA_U64 },
	[KCTR_LIMIT_A_CPUSET_CPUS]	= { .type = NLA_NUL_STRING,
					    .len = KCTR_CPUSET_MAX },
	[KCTR_LIMIT_A_CPUSET_MEMS]	= { .type = NLA_NUL_STRING,
					    .len = KCTR_CPUSET_MAX },
	[KCTR_LIMIT_A_IO_MAX]		= NLA_POLICY_NESTED(kctr_io_max_policy),
};

static bool has(const struct kctr_limits *l, int attr)
{
	return l->present & BIT(attr);
}

/*
 * One decimal CPU or node number, at most 6 digits (beyond any CPU or node
 * id: a longer one is a typo, not a list). Returns the char after it.
 */
static const char *cpuset_number(const char *s, unsigned int *n)
{
	int digits = 0;

	*n = 0;
	while (*s >= '0' && *s <= '9' && digits++ < 6)
		*n = *n * 10 + (*s++ - '0');
	if (!digits || (*s >= '0' && *s <= '9'))
		return NULL;
	return s;
}

/* A cpuset list: "N" or "N-M" (N <= M) items separated by single commas. */
bool kctr_cpuset_list_valid(const char *s)
{
	unsigned int first, last;

	for (;;) {
		s = cpuset_number(s, &first);
		if (!s)
			return false;
		last = first;
		if (*s == '-') {
			s = cpuset_number(s + 1, &last);
			if (!s || last < first)
				return false;
		}
		if (!*s)
			return true;
		if (*s++ != ',')
			return false;
	}
}

static int check_memory(const struct kctr_limits *l, int *bad,
			const char **msg)
{
	static const int upper[] = {
		KCTR_LIMIT_A_MEMORY_MAX, KCTR_LIMIT_A_MEMORY_HIGH,
	};
	static const int below_max[] = {
		KCTR_LIMIT_A_MEMORY_HIGH, KCTR_LIMIT_A_MEMORY_LOW,
		KCTR_LIMIT_A_MEMORY_MIN,
	};
	const u64 val[] = {
		[KCTR_LIMIT_A_MEMORY_MAX] = l->memory_max,
		[KCTR_LIMIT_A_MEMORY_HIGH] = l->memory_high,
		[KCTR_LIMIT_A_MEMORY_LOW] = l->memory_low,
		[KCTR_LIMIT_A_MEMORY_MIN] = l->memory_min,
	};
	static const char * const too_small[] = {
		"memory.max (KCTR_LIMIT_A_MEMORY_MAX) must be at least 4096 bytes or unlimited",
		"memory.high (KCTR_LIMIT_A_MEMORY_HIGH) must be at least 4096 bytes or unlimited",
	};
	static const char * const above_max[] = {
		"memory.high (KCTR_LIMIT_A_MEMORY_HIGH) is above memory.max",
		"memory.low (KCTR_LIMIT_A_MEMORY_LOW) is above memory.max",
		"memory.min (KCTR_LIMIT_A_MEMORY_MIN) is above memory.max",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(upper); i++) {
		if (has(l, upper[i]) && val[upper[i]] < KCTR_MEM_MIN_LIMIT) {
			*bad = upper[i];
			*msg = too_small[i];
			return -ERANGE;
		}
	}
	if (!has(l, KCTR_LIMIT_A_MEMORY_MAX))
		return 0;
	for (i = 0; i < ARRAY_SIZE(below_max); i++) {
		if (has(l, below_max[i]) && val[below_max[i]] > l->memory_max) {
			*bad = below_max[i];
			*msg = above_max[i];
			return -EINVAL;
		}
	}
	return 0;
}

static int check_cpu(const struct kctr_limits *l, int *bad, const char **msg)
{
	if (has(l, KCTR_LIMIT_A_CPU_MAX_PERIOD) &&
	    (l->cpu_period < KCTR_CPU_PERIOD_MIN ||
	     l->cpu_period > KCTR_CPU_PERIOD_MAX)) {
		*bad = KCTR_LIMIT_A_CPU_MAX_PERIOD;
		*msg = "cpu.max period (KCTR_LIMIT_A_CPU_MAX_PERIOD) must be 1000..1000000 us";
		return -ERANGE;
	}
	if (has(l, KCTR_LIMIT_A_CPU_MAX_QUOTA) &&
	    l->cpu_quota != KCTR_LIMIT_UNLIMITED &&
	    (l->cpu_quota < KCTR_CPU_QUOTA_MIN ||
	     l->cpu_quota > KCTR_CPU_QUOTA_MAX)) {
		*bad = KCTR_LIMIT_A_CPU_MAX_QUOTA;
		*msg = "cpu.max quota (KCTR_LIMIT_A_CPU_MAX_QUOTA) must be 1000..2^44-1 us or unlimited";
		return -ERANGE;
	}
	if (has(l, KCTR_LIMIT_A_CPU_WEIGHT) &&
	    (l->cpu_weight < KCTR_CPU_WEIGHT_MIN ||
	     l->cpu_weight > KCTR_CPU_WEIGHT_MAX)) {
		*bad = KCTR_LIMIT_A_CPU_WEIGHT;
		*msg = "cpu.weight (KCTR_LIMIT_A_CPU_WEIGHT) must be 1..10000";
		return -ERANGE;
	}
	return 0;
}

static int check_pids_cpuset(const struct kctr_limits *l, int *bad,
			     const char **msg)
{
	if (has(l, KCTR_LIMIT_A_PIDS_MAX) &&
	    l->pids_max != KCTR_LIMIT_UNLIMITED &&
	    (l->pids_max < 1 || l->pids_max > PID_MAX_LIMIT)) {
		*bad = KCTR_LIMIT_A_PIDS_MAX;
		*msg = "pids.max (KCTR_LIMIT_A_PIDS_MAX) must be 1..PID_MAX_LIMIT or unlimited";
		return -ERANGE;
	}
	if (has(l, KCTR_LIMIT_A_CPUSET_CPUS) &&
	    !kctr_cpuset_list_valid(l->cpuset_cpus)) {
		*bad = KCTR_LIMIT_A_CPUSET_CPUS;
		*msg = "cpuset.cpus (KCTR_LIMIT_A_CPUSET_CPUS) is not a list like \"0-3,5\"";
		return -EINVAL;
	}
	if (has(l, KCTR_LIMIT_A_CPUSET_MEMS) &&
	    !kctr_cpuset_list_valid(l->cpuset_mems)) {
		*bad = KCTR_LIMIT_A_CPUSET_MEMS;
		*msg = "cpuset.mems (KCTR_LIMIT_A_CPUSET_MEMS) is not a list like \"0-1\"";
		return -EINVAL;
	}
	return 0;
}

static bool io_rate_valid(u64 v)
{
	return v == KCTR_LIMIT_UNLIMITED || v >= 1;
}

static int check_io(const struct kctr_limits *l, int *bad, const char **msg)
{
	unsigned int i, j;

	*bad = KCTR_LIMIT_A_IO_MAX;
	if (l->nr_io > KCTR_IO_MAX_DEVICES) {
		*msg = "io.max (KCTR_LIMIT_A_IO_MAX) has more than 16 devices";
		return -E2BIG;
	}
	for (i = 0; i < l->nr_io; i++) {
		const struct kctr_io_limit *io = &l->io[i];

		if (io->major > KCTR_IO_MAJOR_MAX || io->minor > MINORMASK) {
			*msg = "io.max device number (KCTR_IO_A_MAJOR/MINOR) out of range";
			return -ERANGE;
		}
		if (!io_rate_valid(io->rbps) || !io_rate_valid(io->wbps) ||
		    !io_rate_valid(io->riops) || !io_rate_valid(io->wiops)) {
			*msg = "io.max rate (KCTR_IO_A_RBPS/WBPS/RIOPS/WIOPS) must be at least 1 or unlimited";
			return -ERANGE;
		}
		for (j = 0; j < i; j++) {
			if (l->io[j].major == io->major &&
			    l->io[j].minor == io->minor) {
				*msg = "io.max (KCTR_LIMIT_A_IO_MAX) names a device twice";
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int limits_check(const struct kctr_limits *l, int *bad,
			const char **msg)
{
	int err;

	err = check_memory(l, bad, msg);
	if (!err)
		err = check_cpu(l, bad, msg);
	if (!err)
		err = check_pids_cpuset(l, bad, msg);
	if (!err && has(l, KCTR_LIMIT_A_IO_MAX))
		err = check_io(l, bad, msg);
	return err;
}

int kctr_limits_validate(const struct kctr_limits *l,
			 struct netlink_ext_ack *extack)
{
	const char *msg = NULL;
	int bad, err;

	err = limits_check(l, &bad, &msg);
	if (err)
		kctr_set_err(extack, NULL, msg);
	return err;
}

static u64 rate_or_max(const struct nlattr *attr)
{
	return attr ? nla_get_u64(attr) : KCTR_LIMIT_UNLIMITED;
}

static int parse_io_device(const struct nlattr *dev, struct kctr_io_limit *io,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_IO_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, KCTR_IO_A_MAX, dev, kctr_io_dev_policy,
			       extack);
	if (err)
		return err;
	if (!tb[KCTR_IO_A_MAJOR] || !tb[KCTR_IO_A_MINOR]) {
		NL_SET_ERR_MSG_ATTR(extack, dev,
				    "io.max device (KCTR_IO_A_DEVICE) needs KCTR_IO_A_MAJOR and KCTR_IO_A_MINOR");
		return -EINVAL;
	}
	io->major = nla_get_u32(tb[KCTR_IO_A_MAJOR]);
	io->minor = nla_get_u32(tb[KCTR_IO_A_MINOR]);
	io->rbps = rate_or_max(tb[KCTR_IO_A_RBPS]);
	io->wbps = rate_or_max(tb[KCTR_IO_A_WBPS]);
	io->riops = rate_or_max(tb[KCTR_IO_A_RIOPS]);
	io->wiops = rate_or_max(tb[KCTR_IO_A_WIOPS]);
	return 0;
}

static int parse_io(const struct nlattr *nest, struct kctr_limits *l,
		    struct netlink_ext_ack *extack)
{
	const struct nlattr *dev;
	int rem, err;

	nla_for_each_nested(dev, nest, rem) {
		if (nla_type(dev) != KCTR_IO_A_DEVICE) {
			NL_SET_ERR_MSG_ATTR(extack, dev,
					    "io.max (KCTR_LIMIT_A_IO_MAX) holds only KCTR_IO_A_DEVICE");
			return -EINVAL;
		}
		if (l->nr_io == KCTR_IO_MAX_DEVICES) {
			NL_SET_ERR_MSG_ATTR(extack, dev,
					    "io.max (KCTR_LIMIT_A_IO_MAX) has more than 16 devices");
			return -E2BIG;
		}
		err = parse_io_device(dev, &l->io[l->nr_io], extack);
		if (err)
			return err;
		l->nr_io++;
	}
	return 0;
}

static void parse_u64s(struct nlattr **tb, struct kctr_limits *l)
{
	static const int attrs[] = {
		KCTR_LIMIT_A_MEMORY_MAX, KCTR_LIMIT_A_MEMORY_HIGH,
		KCTR_LIMIT_A_MEMORY_LOW, KCTR_LIMIT_A_MEMORY_MIN,
		KCTR_LIMIT_A_MEMORY_SWAP_MAX, KCTR_LIMIT_A_CPU_MAX_QUOTA,
		KCTR_LIMIT_A_CPU_MAX_PERIOD, KCTR_LIMIT_A_PIDS_MAX,
	};
	u64 *const field[] = {
		&l->memory_max, &l->memory_high, &l->memory_low,
		&l->memory_min, &l->memory_swap_max, &l->cpu_quota,
		&l->cpu_period, &l->pids_max,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		if (!tb[attrs[i]])
			continue;
		*field[i] = nla_get_u64(tb[attrs[i]]);
		l->present |= BIT(attrs[i]);
	}
}

static void parse_strings(struct nlattr **tb, struct kctr_limits *l)
{
	if (tb[KCTR_LIMIT_A_CPUSET_CPUS]) {
		nla_strscpy(l->cpuset_cpus, tb[KCTR_LIMIT_A_CPUSET_CPUS],
			    sizeof(l->cpuset_cpus));
		l->present |= BIT(KCTR_LIMIT_A_CPUSET_CPUS);
	}
	if (tb[KCTR_LIMIT_A_CPUSET_MEMS]) {
		nla_strscpy(l->cpuset_mems, tb[KCTR_LIMIT_A_CPUSET_MEMS],
			    sizeof(l->cpuset_mems));
		l->present |= BIT(KCTR_LIMIT_A_CPUSET_MEMS);
	}
}

/* Fill in what the kernel would assume, so what is stored is what applies. */
static void complete_cpu_max(struct kctr_limits *l)
{
	if (has(l, KCTR_LIMIT_A_CPU_MAX_QUOTA) &&
	    !has(l, KCTR_LIMIT_A_CPU_MAX_PERIOD)) {
		l->cpu_period = KCTR_CPU_PERIOD_DEFAULT;
		l->present |= BIT(KCTR_LIMIT_A_CPU_MAX_PERIOD);
	} else if (has(l, KCTR_LIMIT_A_CPU_MAX_PERIOD) &&
		   !has(l, KCTR_LIMIT_A_CPU_MAX_QUOTA)) {
		l->cpu_quota = KCTR_LIMIT_UNLIMITED;
		l->present |= BIT(KCTR_LIMIT_A_CPU_MAX_QUOTA);
	}
}

int kctr_limits_parse(const struct nlattr *nest, struct kctr_limits *out,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_LIMIT_A_MAX + 1];
	const char *msg = NULL;
	int bad = 0, err;

	memset(out, 0, sizeof(*out));
	err = nla_parse_nested(tb, KCTR_LIMIT_A_MAX, nest, kctr_limits_policy,
			       extack);
	if (err)
		return err;
	parse_u64s(tb, out);
	if (tb[KCTR_LIMIT_A_CPU_WEIGHT]) {
		out->cpu_weight = nla_get_u32(tb[KCTR_LIMIT_A_CPU_WEIGHT]);
		out->present |= BIT(KCTR_LIMIT_A_CPU_WEIGHT);
	}
	parse_strings(tb, out);
	if (tb[KCTR_LIMIT_A_IO_MAX]) {
		out->present |= BIT(KCTR_LIMIT_A_IO_MAX);
		err = parse_io(tb[KCTR_LIMIT_A_IO_MAX], out, extack);
		if (err)
			return err;
	}
	/* range checks see what was sent, before defaults are filled in */
	err = limits_check(out, &bad, &msg);
	if (err) {
		kctr_set_err(extack, tb[bad] ?: nest, msg);
		return err;
	}
	complete_cpu_max(out);
	return 0;
}

static void fmt_u64(char *buf, size_t len, u64 v)
{
	if (v == KCTR_LIMIT_UNLIMITED)
		strscpy(buf, "max", len);
	else
		snprintf(buf, len, "%llu", v);
}

struct kctr_writer {
	struct kctr_limit_write *w;
	unsigned int n, max;
};

static struct kctr_limit_write *next_write(struct kctr_writer *wr,
					   const char *file,
					   const char *controller)
{
	struct kctr_limit_write *w;

	if (wr->n == wr->max)
		return NULL;
	w = &wr->w[wr->n++];
	w->file = file;
	w->controller = controller;
	w->value[0] = '\0';
	return w;
}

static int put_limit(struct kctr_writer *wr, const struct kctr_limits *l,
		   int attr, const char *file, const char *controller, u64 v)
{
	struct kctr_limit_write *w;

	if (!has(l, attr))
		return 0;
	w = next_write(wr, file, controller);
	if (!w)
		return -ENOSPC;
	fmt_u64(w->value, sizeof(w->value), v);
	return 0;
}

static int put_cpuset(struct kctr_writer *wr, const struct kctr_limits *l,
		   int attr, const char *file, const char *s)
{
	struct kctr_limit_write *w;

	if (!has(l, attr))
		return 0;
	w = next_write(wr, file, "cpuset");
	if (!w)
		return -ENOSPC;
	strscpy(w->value, s, sizeof(w->value));
	return 0;
}

static int put_cpu_max(struct kctr_writer *wr, const struct kctr_limits *l)
{
	struct kctr_limit_write *w;
	char quota[24];

	if (has(l, KCTR_LIMIT_A_CPU_WEIGHT)) {
		w = next_write(wr, "cpu.weight", "cpu");
		if (!w)
			return -ENOSPC;
		snprintf(w->value, sizeof(w->value), "%u", l->cpu_weight);
	}
	if (!has(l, KCTR_LIMIT_A_CPU_MAX_QUOTA) &&
	    !has(l, KCTR_LIMIT_A_CPU_MAX_PERIOD))
		return 0;
	w = next_write(wr, "cpu.max", "cpu");
	if (!w)
		return -ENOSPC;
	fmt_u64(quota, sizeof(quota), l->cpu_quota);
	snprintf(w->value, sizeof(w->value), "%s %llu", quota, l->cpu_period);
	return 0;
}

static int put_io_max(struct kctr_writer *wr, const struct kctr_limits *l)
{
	char r[24], wb[24], ri[24], wi[24];
	struct kctr_limit_write *w;
	unsigned int i;

	for (i = 0; i < l->nr_io; i++) {
		const struct kctr_io_limit *io = &l->io[i];

		w = next_write(wr, "io.max", "io");
		if (!w)
			return -ENOSPC;
		fmt_u64(r, sizeof(r), io->rbps);
		fmt_u64(wb, sizeof(wb), io->wbps);
		fmt_u64(ri, sizeof(ri), io->riops);
		fmt_u64(wi, sizeof(wi), io->wiops);
		snprintf(w->value, sizeof(w->value),
			 "%u:%u rbps=%s wbps=%s riops=%s wiops=%s",
			 io->major, io->minor, r, wb, ri, wi);
	}
	return 0;
}

int kctr_limits_format(const struct kctr_limits *l,
		       struct kctr_limit_write *w, unsigned int max)
{
	struct kctr_writer wr = { .w = w, .max = max };
	int err;

	err = put_cpuset(&wr, l, KCTR_LIMIT_A_CPUSET_CPUS, "cpuset.cpus",
		      l->cpuset_cpus) ?:
	      put_cpuset(&wr, l, KCTR_LIMIT_A_CPUSET_MEMS, "cpuset.mems",
		      l->cpuset_mems) ?:
	      put_cpu_max(&wr, l) ?:
	      put_limit(&wr, l, KCTR_LIMIT_A_MEMORY_MIN, "memory.min", "memory",
		      l->memory_min) ?:
	      put_limit(&wr, l, KCTR_LIMIT_A_MEMORY_LOW, "memory.low", "memory",
		      l->memory_low) ?:
	      put_limit(&wr, l, KCTR_LIMIT_A_MEMORY_HIGH, "memory.high",
		      "memory", l->memory_high) ?:
	      put_limit(&wr, l, KCTR_LIMIT_A_MEMORY_MAX, "memory.max", "memory",
		      l->memory_max) ?:
	      put_limit(&wr, l, KCTR_LIMIT_A_MEMORY_SWAP_MAX, "memory.swap.max",
		      "memory", l->memory_swap_max) ?:
	      put_limit(&wr, l, KCTR_LIMIT_A_PIDS_MAX, "pids.max", "pids",
		      l->pids_max) ?:
	      put_io_max(&wr, l);
	return err ?: wr.n;
}

static int fill_io(struct sk_buff *skb, const struct kctr_limits *l)
{
	struct nlattr *nest, *dev;
	unsigned int i;

	nest = nla_nest_start(skb, KCTR_LIMIT_A_IO_MAX);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < l->nr_io; i++) {
		const struct kctr_io_limit *io = &l->io[i];

		dev = nla_nest_start(skb, KCTR_IO_A_DEVICE);
		if (!dev ||
		    nla_put_u32(skb, KCTR_IO_A_MAJOR, io->major) ||
		    nla_put_u32(skb, KCTR_IO_A_MINOR, io->minor) ||
		    nla_put_u64_64bit(skb, KCTR_IO_A_RBPS, io->rbps,
				      KCTR_IO_A_PAD) ||
		    nla_put_u64_64bit(skb, KCTR_IO_A_WBPS, io->wbps,
				      KCTR_IO_A_PAD) ||
		    nla_put_u64_64bit(skb, KCTR_IO_A_RIOPS, io->riops,
				      KCTR_IO_A_PAD) ||
		    nla_put_u64_64bit(skb, KCTR_IO_A_WIOPS, io->wiops,
				      KCTR_IO_A_PAD))
			goto cancel_nest;
		nla_nest_end(skb, dev);
	}
	nla_nest_end(skb, nest);
	return 0;

cancel_nest:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int fill_scalars(struct sk_buff *skb, const struct kctr_limits *l)
{
	const struct { int attr; u64 v; } u64s[] = {
		{ KCTR_LIMIT_A_MEMORY_MAX, l->memory_max },
		{ KCTR_LIMIT_A_MEMORY_HIGH, l->memory_high },
		{ KCTR_LIMIT_A_MEMORY_LOW, l->memory_low },
		{ KCTR_LIMIT_A_MEMORY_MIN, l->memory_min },
		{ KCTR_LIMIT_A_MEMORY_SWAP_MAX, l->memory_swap_max },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, l->cpu_quota },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, l->cpu_period },
		{ KCTR_LIMIT_A_PIDS_MAX, l->pids_max },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(u64s); i++) {
		if (has(l, u64s[i].attr) &&
		    nla_put_u64_64bit(skb, u64s[i].attr, u64s[i].v,
				      KCTR_LIMIT_A_PAD))
			return -EMSGSIZE;
	}
	if ((has(l, KCTR_LIMIT_A_CPU_WEIGHT) &&
	     nla_put_u32(skb, KCTR_LIMIT_A_CPU_WEIGHT, l->cpu_weight)) ||
	    (has(l, KCTR_LIMIT_A_CPUSET_CPUS) &&
	     nla_put_string(skb, KCTR_LIMIT_A_CPUSET_CPUS, l->cpuset_cpus)) ||
	    (has(l, KCTR_LIMIT_A_CPUSET_MEMS) &&
	     nla_put_string(skb, KCTR_LIMIT_A_CPUSET_MEMS, l->cpuset_mems)))
		return -EMSGSIZE;
	return 0;
}

int kctr_limits_fill(struct sk_buff *skb, const struct kctr_limits *l)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, KCTR_A_LIMITS);
	if (!nest)
		return -EMSGSIZE;
	if (fill_scalars(skb, l) ||
	    (has(l, KCTR_LIMIT_A_IO_MAX) && fill_io(skb, l)))
		goto cancel_nest;
	nla_nest_end(skb, nest);
	return 0;

cancel_nest:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
