// SPDX-License-Identifier: GPL-2.0
/*
 * linux.resources (cgroup v1 vocabulary, as the spec words it) onto the
 * module's cgroup v2 limits (struct kctr_limits_req). See config.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "nlclient.h"

#define LIM_BIT(a)	(1u << (a))
#define RES		"config.json: linux.resources"

uint32_t kctr_oci_shares_to_weight(uint64_t shares)
{
	if (!shares)
		return 0;
	/* v1 clamps shares to 2..262144; the formula maps that onto 1..10000. */
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

int kctr_oci_swap_max(int64_t swap, int64_t limit, bool *set,
		      uint64_t *swap_max, struct kctr_err *err)
{
	*set = false;
	/* No memory limit and swap not given: both unlimited, as on v1. */
	if (limit == -1 && swap == 0) {
		*set = true;
		*swap_max = KCTR_LIMIT_UNLIMITED;
		return 0;
	}
	if (swap == 0)
		return 0;
	if (swap == -1) {
		*set = true;
		*swap_max = KCTR_LIMIT_UNLIMITED;
		return 0;
	}
	if (swap < 0)
		return kctr_err_set(err, EINVAL, RES ".memory.swap: %lld is "
				    "not -1 or a byte count", (long long)swap);
	if (limit <= 0)
		return kctr_err_set(err, EINVAL, RES ".memory.swap: a swap "
				    "limit needs a memory limit");
	if (swap < limit)
		return kctr_err_set(err, EINVAL, RES ".memory.swap: %lld is "
				    "below memory.limit %lld (swap is "
				    "memory+swap)", (long long)swap,
				    (long long)limit);
	*set = true;
	*swap_max = (uint64_t)(swap - limit);
	return 0;
}

/* A byte count or -1 (max); 0 unset. */
static int bytes(int64_t v, const char *what, uint32_t attr, uint64_t *out,
		 struct kctr_limits_req *l, struct kctr_err *err)
{
	if (!v)
		return 0;
	if (v < -1)
		return kctr_err_set(err, EINVAL, RES ".memory.%s: %lld is not "
				    "-1 or a byte count", what, (long long)v);
	*out = v == -1 ? KCTR_LIMIT_UNLIMITED : (uint64_t)v;
	l->present |= LIM_BIT(attr);
	return 0;
}

static int map_memory(const struct kctr_oci_resources *r,
		      struct kctr_limits_req *l, struct kctr_err *err)
{
	bool set;
	int ret;

	ret = bytes(r->mem_limit, "limit", KCTR_LIMIT_A_MEMORY_MAX,
		    &l->memory_max, l, err);
	if (!ret)
		ret = bytes(r->mem_reservation, "reservation",
			    KCTR_LIMIT_A_MEMORY_LOW, &l->memory_low, l, err);
	if (!ret)
		ret = kctr_oci_swap_max(r->mem_swap, r->mem_limit, &set,
					&l->memory_swap_max, err);
	if (!ret && set)
		l->present |= LIM_BIT(KCTR_LIMIT_A_MEMORY_SWAP_MAX);
	return ret;
}

static int cpuset(const char *v, const char *what, char *out, uint32_t attr,
		  struct kctr_limits_req *l, struct kctr_err *err)
{
	if (!v || !*v)
		return 0;
	if (strlen(v) > KCTR_CPUSET_MAX)
		return kctr_err_set(err, EINVAL, RES ".cpu.%s: longer than %d "
				    "characters", what, KCTR_CPUSET_MAX);
	strcpy(out, v);
	l->present |= LIM_BIT(attr);
	return 0;
}

static int map_cpu(const struct kctr_oci_resources *r,
		   struct kctr_limits_req *l, struct kctr_err *err)
{
	int ret;

	if (r->cpu_quota > 0) {
		l->cpu_quota = (uint64_t)r->cpu_quota;
		l->present |= LIM_BIT(KCTR_LIMIT_A_CPU_MAX_QUOTA);
	} else if (r->cpu_quota == -1) {
		l->cpu_quota = KCTR_LIMIT_UNLIMITED;
		l->present |= LIM_BIT(KCTR_LIMIT_A_CPU_MAX_QUOTA);
	} else if (r->cpu_quota < -1) {
		return kctr_err_set(err, EINVAL, RES ".cpu.quota: %lld is not "
				    "-1 or a number of microseconds",
				    (long long)r->cpu_quota);
	}
	if (r->cpu_period) {
		l->cpu_period = r->cpu_period;
		l->present |= LIM_BIT(KCTR_LIMIT_A_CPU_MAX_PERIOD);
	}
	l->cpu_weight = kctr_oci_shares_to_weight(r->cpu_shares);
	if (l->cpu_weight)
		l->present |= LIM_BIT(KCTR_LIMIT_A_CPU_WEIGHT);
	ret = cpuset(r->cpu_cpus, "cpus", l->cpuset_cpus,
		     KCTR_LIMIT_A_CPUSET_CPUS, l, err);
	if (!ret)
		ret = cpuset(r->cpu_mems, "mems", l->cpuset_mems,
			     KCTR_LIMIT_A_CPUSET_MEMS, l, err);
	return ret;
}

static struct kctr_io_req *io_entry(struct kctr_limits_req *l, int64_t major,
				    int64_t minor, struct kctr_err *err)
{
	struct kctr_io_req *io;
	unsigned int i;

	for (i = 0; i < l->nr_io; i++)
		if (l->io[i].major == major && l->io[i].minor == minor)
			return &l->io[i];
	if (l->nr_io == KCTR_IO_MAX_DEVICES) {
		kctr_err_set(err, EINVAL, RES ".blockIO: throttles for more "
			     "than %d devices", KCTR_IO_MAX_DEVICES);
		return NULL;
	}
	io = &l->io[l->nr_io++];
	*io = (struct kctr_io_req){ (uint32_t)major, (uint32_t)minor,
		KCTR_LIMIT_UNLIMITED, KCTR_LIMIT_UNLIMITED,
		KCTR_LIMIT_UNLIMITED, KCTR_LIMIT_UNLIMITED };
	return io;
}

static int map_io(const struct kctr_oci_resources *r,
		  struct kctr_limits_req *l, struct kctr_err *err)
{
	const struct kctr_oci_throttle *t;
	struct kctr_io_req *io;
	uint64_t *field;
	size_t k, i;

	for (k = 0; k < 4; k++) {
		for (i = 0; i < r->nr_throttle[k]; i++) {
			t = &r->throttle[k][i];
			/* A rate of 0 is "no throttle", as runc reads it. */
			if (!t->rate)
				continue;
			io = io_entry(l, t->major, t->minor, err);
			if (!io)
				return -EINVAL;
			field = k == KCTR_OCI_THROTTLE_READ_BPS ? &io->rbps :
				k == KCTR_OCI_THROTTLE_WRITE_BPS ? &io->wbps :
				k == KCTR_OCI_THROTTLE_READ_IOPS ? &io->riops :
								   &io->wiops;
			*field = t->rate;
		}
	}
	if (l->nr_io)
		l->present |= LIM_BIT(KCTR_LIMIT_A_IO_MAX);
	return 0;
}

int kctr_oci_limits(const struct kctr_oci_resources *r,
		    struct kctr_limits_req *out, struct kctr_err *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = map_memory(r, out, err);
	if (!ret)
		ret = map_cpu(r, out, err);
	if (ret)
		return ret;
	if (r->has_pids) {
		out->pids_max = r->pids_limit > 0 ? (uint64_t)r->pids_limit :
						    KCTR_LIMIT_UNLIMITED;
		out->present |= LIM_BIT(KCTR_LIMIT_A_PIDS_MAX);
	}
	return map_io(r, out, err);
}
