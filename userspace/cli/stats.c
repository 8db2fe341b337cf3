// SPDX-License-Identifier: GPL-2.0
/* kctr stats: cpu, memory, pids and io per container, from the module. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "util.h"

/* One container in one sample. */
struct sample {
	struct kctr_info *info;
	uint64_t at_ns;
};

struct stats_opts {
	bool watch, json;
	uint64_t interval_us;
	char **specs;
	int nr_specs;
};

static void stats_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr stats [-w|--watch] [-i|--interval DURATION] [NAME|ID...]\n"
		"\n"
		"Cpu, memory, pids and io of each container (all running ones by default),\n"
		"from the live figures the module reads in the container's cgroup. CPU%%\n"
		"is measured over the interval (100%% = one cpu).\n"
		"\n"
		"  -w, --watch              refresh in place until interrupted (with -j:\n"
		"                           one JSON object per container and refresh)\n"
		"  -i, --interval DURATION  time between samples (default 1s; a one-shot\n"
		"                           run samples twice, 500ms apart)\n");
}

/* The containers to show now, fetched fresh; NULL and *nr 0 on none. */
static int fetch(struct kctr_nl *nl, const struct stats_opts *o,
		 struct kctr_info **out, size_t *nr)
{
	struct kctr_err err = { 0 };
	struct kctr_info *list = NULL, *sel;
	size_t n = 0, i, k = 0;
	int idx, status = 0;

	if (kctr_nl_list(nl, &list, &n, &err))
		return kctr_cmd_fail(&err);
	sel = calloc(o->nr_specs ? (size_t)o->nr_specs : (n ? n : 1),
		     sizeof(*sel));
	if (!sel) {
		free(list);
		return KCTR_EXIT_FAILURE;
	}
	if (!o->nr_specs) {
		for (i = 0; i < n; i++)
			if (list[i].state == KCTR_STATE_RUNNING)
				sel[k++] = list[i];
	}
	for (i = 0; i < (size_t)o->nr_specs; i++) {
		idx = kctr_resolve_in(o->specs[i], list, n, &err);
		if (idx < 0) {
			status = kctr_cmd_fail(&err);
			continue;
		}
		sel[k++] = list[idx];
	}
	free(list);
	*out = sel;
	*nr = k;
	return status;
}

static const struct kctr_info *previous(const struct kctr_info *prev,
					size_t nr, uint64_t id)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (prev[i].id == id)
			return &prev[i];
	return NULL;
}

static double cpu_percent(const struct kctr_info *c,
			  const struct kctr_info *p, uint64_t dt_ns)
{
	if (!p || !dt_ns || c->cgroup.cpu_usage_usec < p->cgroup.cpu_usage_usec)
		return 0;
	return (double)(c->cgroup.cpu_usage_usec - p->cgroup.cpu_usage_usec) *
		1e5 / (double)dt_ns;
}

static void stats_json_one(struct kj *j, const struct kctr_info *c,
			   double cpu, bool with_time)
{
	const struct kctr_cg_info *cg = &c->cgroup;
	const struct kctr_limits_req *l = &c->limits;
	char buf[48];

	kj_obj_open(j, NULL);
	if (with_time)
		kj_str(j, "time", kctr_fmt_time(kctr_now_ns(), buf, sizeof(buf)));
	kj_u64(j, "id", c->id);
	kj_str(j, "name", c->name);
	kj_str(j, "state", kctr_state_name(c->state));
	kj_double(j, "cpu_percent", cpu);
	kj_u64(j, "cpu_usage_usec", cg->cpu_usage_usec);
	kj_u64(j, "cpu_user_usec", cg->cpu_user_usec);
	kj_u64(j, "cpu_system_usec", cg->cpu_system_usec);
	kj_u64(j, "memory_current", cg->memory_current);
	if ((l->present & (1U << KCTR_LIMIT_A_MEMORY_MAX)) &&
	    l->memory_max != KCTR_LIMIT_UNLIMITED)
		kj_u64(j, "memory_max", l->memory_max);
	else
		kj_null(j, "memory_max");
	kj_u64(j, "pids_current", cg->pids_current);
	if ((l->present & (1U << KCTR_LIMIT_A_PIDS_MAX)) &&
	    l->pids_max != KCTR_LIMIT_UNLIMITED)
		kj_u64(j, "pids_max", l->pids_max);
	else
		kj_null(j, "pids_max");
	kj_u64(j, "io_rbytes", cg->io_rbytes);
	kj_u64(j, "io_wbytes", cg->io_wbytes);
	kj_u64(j, "oom_kill", cg->oom_kill);
	kj_obj_close(j);
}

static void limit_text(char *buf, size_t len, const struct kctr_limits_req *l,
		       int attr, uint64_t v, bool size)
{
	if (!(l->present & (1U << attr)) || v == KCTR_LIMIT_UNLIMITED)
		snprintf(buf, len, "max");
	else if (size)
		kctr_fmt_size(v, buf, len);
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

static void stats_row(struct kt *t, const struct kctr_info *c, double cpu)
{
	const struct kctr_cg_info *cg = &c->cgroup;
	const struct kctr_limits_req *l = &c->limits;
	char id[24], pct[16], ctime[24], mem[64], mpct[16], pids[48], io[64];
	char a[24], b[24];
	const char *row[] = { id, c->name, pct, ctime, mem, mpct, pids, io };

	snprintf(id, sizeof(id), "%llu", (unsigned long long)c->id);
	snprintf(pct, sizeof(pct), "%.1f%%", cpu);
	kctr_fmt_duration(cg->cpu_usage_usec / 1000000, ctime, sizeof(ctime));
	kctr_fmt_size(cg->memory_current, a, sizeof(a));
	limit_text(b, sizeof(b), l, KCTR_LIMIT_A_MEMORY_MAX, l->memory_max,
		   true);
	snprintf(mem, sizeof(mem), "%s / %s", a, b);
	if (strcmp(b, "max") && l->memory_max)
		snprintf(mpct, sizeof(mpct), "%.1f%%",
			 100.0 * cg->memory_current / l->memory_max);
	else
		snprintf(mpct, sizeof(mpct), "-");
	limit_text(b, sizeof(b), l, KCTR_LIMIT_A_PIDS_MAX, l->pids_max, false);
	snprintf(pids, sizeof(pids), "%llu / %s",
		 (unsigned long long)cg->pids_current, b);
	kctr_fmt_size(cg->io_rbytes, a, sizeof(a));
	kctr_fmt_size(cg->io_wbytes, b, sizeof(b));
	snprintf(io, sizeof(io), "%s / %s", a, b);
	kt_add(t, row);
}

static void stats_print(const struct stats_opts *o, const struct kctr_info *cur,
			size_t nr, const struct kctr_info *prev, size_t nprev,
			uint64_t dt_ns)
{
	static const char *const hdr[] = {
		"ID", "NAME", "CPU%", "CPU TIME", "MEM / LIMIT", "MEM%",
		"PIDS / LIMIT", "IO READ / WRITE"
	};
	struct kj j;
	struct kt t;
	size_t i;

	if (o->json) {
		kj_init(&j, stdout, false);
		if (!o->watch)
			kj_arr_open(&j, NULL);
		for (i = 0; i < nr; i++)
			stats_json_one(&j, &cur[i],
				       cpu_percent(&cur[i], previous(prev, nprev,
								     cur[i].id),
						   dt_ns), o->watch);
		if (!o->watch)
			kj_arr_close(&j);
		return;
	}
	if (kt_init(&t, 8, hdr))
		return;
	t.right = 1U << 0 | 1U << 2 | 1U << 3 | 1U << 5;
	for (i = 0; i < nr; i++)
		stats_row(&t, &cur[i], cpu_percent(&cur[i],
						   previous(prev, nprev, cur[i].id),
						   dt_ns));
	if (o->watch)
		fputs("\033[H", stdout);
	kt_print(&t, stdout);
	if (o->watch)
		fputs("\033[J", stdout);
	fflush(stdout);
	kt_free(&t);
}

static int stats_loop(struct kctr_nl *nl, const struct stats_opts *o)
{
	struct kctr_info *prev = NULL, *cur = NULL;
	size_t nprev = 0, nr = 0;
	uint64_t t_prev, t_cur;
	int ret;

	ret = fetch(nl, o, &prev, &nprev);
	if (ret)
		goto out;
	t_prev = kctr_now_ns();
	if (o->watch && !o->json)
		fputs("\033[H\033[2J", stdout);
	for (;;) {
		usleep(o->watch ? o->interval_us : 500000);
		ret = fetch(nl, o, &cur, &nr);
		if (ret)
			goto out;
		t_cur = kctr_now_ns();
		stats_print(o, cur, nr, prev, nprev, t_cur - t_prev);
		if (!o->watch)
			break;
		free(prev);
		prev = cur;
		nprev = nr;
		cur = NULL;
		t_prev = t_cur;
	}
out:
	free(prev);
	free(cur);
	return ret;
}

int kctr_cmd_stats(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "watch", no_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'i' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	struct stats_opts o = { .json = g->json, .interval_us = 1000000 };
	struct kctr_nl *nl;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:wi:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			o.watch = true;
			break;
		case 'i':
			if (kctr_parse_duration(optarg, &o.interval_us) ||
			    o.interval_us < 10000)
				return kctr_usage_error(argv[0],
							"invalid interval '%s' (a duration of at least 10ms: 1s, 500ms)",
							optarg);
			break;
		case 'h':
			stats_usage(stdout);
			return KCTR_EXIT_OK;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	o.specs = argv + optind;
	o.nr_specs = argc - optind;
	ret = kctr_cmd_open(&nl);
	if (ret)
		return ret;
	ret = stats_loop(nl, &o);
	kctr_nl_close(nl);
	return ret;
}
