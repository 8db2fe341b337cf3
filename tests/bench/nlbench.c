// SPDX-License-Identifier: GPL-2.0
/*
 * What kctr.ko's requests cost, through kctr's own netlink client
 * (userspace/lib/nlclient.c): CREATE+DELETE pairs of containers that never
 * start (each makes and removes a cgroup node; DELETE with KCTR_F_FORCE,
 * which a container that never ran needs), then, with N containers in
 * the registry, GET of one of them and the dump of all: whole, without
 * the cgroup's figures, and as the summary `kctr list` asks for. Prints one line per figure. Needs kctr.ko loaded; run by
 * scripts/vm-bench.sh in a VM, never on a host that matters.
 *
 *   nlbench [PAIRS [RECORDS]]     (defaults 10000 10000)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nlclient.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int fail(const char *what, const struct kctr_err *err)
{
	fprintf(stderr, "nlbench: %s: %s\n", what, err->msg);
	return 1;
}

static int create_one(struct kctr_nl *nl, uint64_t *id, struct kctr_err *err)
{
	/* What kctr spawn asks for, without a command line to record. */
	struct kctr_create_req req = {
		.ns_mask = KCTR_NS_MNT | KCTR_NS_PID | KCTR_NS_NET |
			   KCTR_NS_IPC | KCTR_NS_UTS | KCTR_NS_CGROUP,
		.hostname = "bench",
		.limits = { 0 },
	};
	char name[KCTR_NAME_MAX + 1];

	return kctr_nl_create(nl, &req, id, name, sizeof(name), err);
}

static int bench_pairs(struct kctr_nl *nl, long pairs, struct kctr_err *err)
{
	double t0 = now_ms(), ms;
	uint64_t id;
	long i;

	for (i = 0; i < pairs; i++) {
		if (create_one(nl, &id, err) < 0)
			return fail("CREATE", err);
		if (kctr_nl_delete(nl, id, KCTR_F_FORCE, err) < 0)
			return fail("DELETE", err);
	}
	ms = now_ms() - t0;
	printf("%10.1f us  CREATE+DELETE, one pair (%ld pairs in %.0f ms)\n",
	       ms * 1e3 / pairs, pairs, ms);
	return 0;
}

/* One dump of every record; *nr: how many came. */
typedef int dump_fn(struct kctr_nl *nl, size_t *nr, struct kctr_err *err);

static int dump_full(struct kctr_nl *nl, size_t *nr, struct kctr_err *err)
{
	struct kctr_info *all;
	int ret = kctr_nl_list(nl, &all, nr, err);

	if (!ret)
		free(all);
	return ret;
}

static int dump_brief(struct kctr_nl *nl, size_t *nr, struct kctr_err *err)
{
	struct kctr_info *all;
	int ret = kctr_nl_list_brief(nl, &all, nr, err);

	if (!ret)
		free(all);
	return ret;
}

static int count_one(const struct kctr_info *c, void *arg)
{
	(void)c;
	(*(size_t *)arg)++;
	return 0;
}

static void count_restart(void *arg)
{
	*(size_t *)arg = 0;
}

/* What kctr list asks for: KCTR_F_SUMMARY, one record at a time. */
static int dump_summary(struct kctr_nl *nl, size_t *nr, struct kctr_err *err)
{
	*nr = 0;
	return kctr_nl_each_summary(nl, count_one, count_restart, nr, err);
}

/* The fastest of five dumps through @dump, which must give @records. */
static int time_dump(struct kctr_nl *nl, dump_fn *dump, const char *what,
		     long records, struct kctr_err *err)
{
	double t0, ms, best = 1e12;
	size_t nr = 0;
	int rep;

	for (rep = 0; rep < 5; rep++) {
		t0 = now_ms();
		if (dump(nl, &nr, err) < 0)
			return fail(what, err);
		ms = now_ms() - t0;
		if (ms < best)
			best = ms;
	}
	printf("%10.1f ms  %s of all %zu records (fastest of 5)\n", best, what,
	       nr);
	if (nr == (size_t)records)
		return 0;
	fprintf(stderr, "nlbench: dumped %zu records, made %ld\n", nr, records);
	return 1;
}

static int bench_records(struct kctr_nl *nl, long records, struct kctr_err *err)
{
	uint64_t *ids = calloc(records, sizeof(*ids));
	struct kctr_info *info = malloc(sizeof(*info));
	double t0, ms;
	long i;
	int ret = 1;

	if (!ids || !info) {
		fprintf(stderr, "nlbench: out of memory\n");
		goto out;
	}
	t0 = now_ms();
	for (i = 0; i < records; i++)
		if (create_one(nl, &ids[i], err) < 0) {
			fail("CREATE", err);
			records = i;
			goto out;
		}
	ms = now_ms() - t0;
	printf("%10.1f us  CREATE, one of %ld kept (%.0f ms in all)\n",
	       ms * 1e3 / records, records, ms);

	t0 = now_ms();
	for (i = 0; i < 1000; i++)
		if (kctr_nl_get(nl, ids[(i * 7919) % records], NULL, info,
				err) < 0) {
			fail("GET", err);
			goto out;
		}
	printf("%10.1f us  GET of one, %ld in the registry\n",
	       (now_ms() - t0) * 1e3 / 1000, records);

	if (time_dump(nl, dump_full, "dump", records, err) ||
	    time_dump(nl, dump_brief, "dump, KCTR_F_NO_STATS", records, err) ||
	    time_dump(nl, dump_summary, "dump, KCTR_F_SUMMARY", records, err))
		goto out;
	ret = 0;
out:
	t0 = now_ms();
	for (i = 0; i < records; i++)
		if (kctr_nl_delete(nl, ids[i], KCTR_F_FORCE, err) < 0) {
			ret = fail("DELETE", err);
			break;
		}
	if (records > 0)
		printf("%10.1f us  DELETE, one of %ld\n",
		       (now_ms() - t0) * 1e3 / records, records);
	free(ids);
	free(info);
	return ret;
}

int main(int argc, char **argv)
{
	long pairs = argc > 1 ? atol(argv[1]) : 10000;
	long records = argc > 2 ? atol(argv[2]) : 10000;
	struct kctr_err err = { 0 };
	struct kctr_nl *nl;
	int ret;

	if (pairs < 1 || records < 1) {
		fprintf(stderr, "usage: nlbench [PAIRS [RECORDS]]\n");
		return 2;
	}
	if (kctr_nl_open(&nl, &err) < 0)
		return fail("open", &err);
	ret = bench_pairs(nl, pairs, &err) || bench_records(nl, records, &err);
	kctr_nl_close(nl);
	return ret;
}
