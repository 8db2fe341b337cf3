// SPDX-License-Identifier: GPL-2.0
/* kctr list (ps): the containers in the module's registry. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "util.h"

static void list_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr list [-a|--all] [-q|--quiet]\n"
		"       kctr ps [-a] [-q]\n"
		"       kctr ps NAME|ID         (same as kctr top NAME|ID)\n"
		"\n"
		"List the containers in the module's registry: id, name, state, init\n"
		"pid, image, uptime or exit status, command.\n"
		"\n"
		"  -a, --all     include stopped containers\n"
		"  -q, --quiet   print ids only, one per line\n");
}

/*
 * What a listing shows of one container, kept as the dump goes by: the
 * module's records come one at a time (kctr_nl_each_summary), and 1,000
 * rows of this cost what 1,000 struct kctr_info (16 KB each) did not.
 */
struct list_row {
	uint64_t id, created_ns;
	struct kctr_status st;
	uint32_t init_pid;
	bool has_pid;
	char *name, *image, *command;
};

struct list {
	struct list_row *rows;
	size_t nr, cap;
	bool all;
};

static void rows_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->rows[i].name);
		free(l->rows[i].image);
		free(l->rows[i].command);
	}
	l->nr = 0;
}

static void list_restart(void *arg)
{
	rows_free(arg);
}

static int list_add(const struct kctr_info *c, void *arg)
{
	struct list *l = arg;
	struct list_row *r;

	if (!l->all && c->state == KCTR_STATE_STOPPED)
		return 0;
	if (kctr_grow_for_one((void **)&l->rows, &l->cap, l->nr, sizeof(*r),
			      64))
		return -ENOMEM;
	r = &l->rows[l->nr];
	*r = (struct list_row){
		.id = c->id, .created_ns = c->created_ns,
		.st = {
			.state = c->state, .exit_code = c->exit_code,
			.has_exit_code = KCTR_HAS(c, KCTR_A_EXIT_CODE),
			.started_ns = c->started_ns, .exited_ns = c->exited_ns,
		},
		.init_pid = c->init_pid,
		.has_pid = KCTR_HAS(c, KCTR_A_INIT_PID) && c->init_pid &&
			   c->state != KCTR_STATE_STOPPED,
		.name = strdup(c->name), .image = strdup(c->image),
		.command = strdup(c->command),
	};
	l->nr++;
	if (!r->name || !r->image || !r->command)
		return -ENOMEM;
	return 0;
}

/* @now_ns: one clock read for the whole listing, so its rows agree. */
static void list_json_one(struct kj *j, const struct list_row *r,
			  uint64_t now_ns)
{
	char buf[64];

	kj_obj_open(j, NULL);
	kj_u64(j, "id", r->id);
	kj_str(j, "name", r->name);
	kj_str(j, "state", kctr_state_name(r->st.state));
	if (r->has_pid)
		kj_u64(j, "init_pid", r->init_pid);
	else
		kj_null(j, "init_pid");
	kj_str(j, "image", r->image);
	kj_str(j, "command", r->command);
	kj_str(j, "created", kctr_fmt_time(r->created_ns, buf, sizeof(buf)));
	if (r->st.state == KCTR_STATE_RUNNING)
		kj_u64(j, "uptime_s", now_ns > r->st.started_ns ?
		       (now_ns - r->st.started_ns) / 1000000000ULL : 0);
	if (r->st.state == KCTR_STATE_STOPPED) {
		kj_u64(j, "exit_code", kctr_wait_status_code(r->st.exit_code));
		kj_str(j, "exit_status",
		       kctr_fmt_wait_status(r->st.exit_code, buf, sizeof(buf)));
	}
	kj_obj_close(j);
}

static void list_text(const struct list *l, uint64_t now_ns)
{
	static const char *const hdr[] = {
		"ID", "NAME", "STATE", "PID", "IMAGE", "STATUS", "COMMAND"
	};
	char id[24], pid[16], cmd[64], status[96];
	struct kt t;
	size_t i;

	if (kt_init(&t, 7, hdr))
		return;
	t.right = 1U << 0 | 1U << 3;
	for (i = 0; i < l->nr; i++) {
		const struct list_row *r = &l->rows[i];
		const char *row[7] = { id, r->name,
				       kctr_state_name(r->st.state), pid,
				       r->image[0] ? r->image : "-", status,
				       cmd };

		snprintf(id, sizeof(id), "%llu", (unsigned long long)r->id);
		if (r->has_pid)
			snprintf(pid, sizeof(pid), "%u", r->init_pid);
		else
			snprintf(pid, sizeof(pid), "-");
		snprintf(cmd, sizeof(cmd), "%s", r->command);
		kctr_ellipsize(cmd, 40);
		kctr_status_at(&r->st, now_ns, status, sizeof(status));
		kt_add(&t, row);
	}
	kt_print(&t, stdout);
	kt_free(&t);
}

static int by_id(const void *a, const void *b)
{
	const struct list_row *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int kctr_cmd_list(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	struct kctr_err err = { 0 };
	bool all = false, quiet = g->quiet;
	struct list l = { 0 };
	struct kctr_nl *nl;
	uint64_t now_ns;
	size_t i;
	struct kj j;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+aqh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			list_usage(stdout);
			return KCTR_EXIT_OK;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	if (optind < argc) {
		if (!strcmp(argv[0], "ps") && optind == argc - 1 && !all &&
		    !quiet)
			return kctr_cmd_top(argc - optind + 1,
					    argv + optind - 1, g);
		return kctr_usage_error(argv[0], "unexpected argument '%s'",
					argv[optind]);
	}
	ret = kctr_cmd_open(&nl);
	if (ret)
		return ret;
	l.all = all;
	ret = kctr_nl_each_summary(nl, list_add, list_restart, &l, &err);
	kctr_nl_close(nl);
	if (ret) {
		rows_free(&l);
		free(l.rows);
		return kctr_cmd_fail(&err);
	}
	/* The module dumps in id order; the sort keeps that a detail. */
	qsort(l.rows, l.nr, sizeof(*l.rows), by_id);
	now_ns = kctr_now_ns();
	if (quiet) {
		for (i = 0; i < l.nr; i++)
			printf("%llu\n", (unsigned long long)l.rows[i].id);
	} else if (g->json) {
		kj_init(&j, stdout, false);
		kj_arr_open(&j, NULL);
		for (i = 0; i < l.nr; i++)
			list_json_one(&j, &l.rows[i], now_ns);
		kj_arr_close(&j);
	} else {
		list_text(&l, now_ns);
	}
	rows_free(&l);
	free(l.rows);
	return KCTR_EXIT_OK;
}
