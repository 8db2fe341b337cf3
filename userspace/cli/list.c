// SPDX-License-Identifier: GPL-2.0
/* kctr list (ps): the containers in the module's registry. */
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

static void list_json_one(struct kj *j, const struct kctr_info *c)
{
	char buf[64];

	kj_obj_open(j, NULL);
	kj_u64(j, "id", c->id);
	kj_str(j, "name", c->name);
	kj_str(j, "state", kctr_state_name(c->state));
	if (KCTR_HAS(c, KCTR_A_INIT_PID) && c->state != KCTR_STATE_STOPPED)
		kj_u64(j, "init_pid", c->init_pid);
	else
		kj_null(j, "init_pid");
	kj_str(j, "image", c->image);
	kj_str(j, "command", c->command);
	kj_str(j, "created", kctr_fmt_time(c->created_ns, buf, sizeof(buf)));
	if (c->state == KCTR_STATE_RUNNING)
		kj_u64(j, "uptime_s",
		       (kctr_now_ns() - c->started_ns) / 1000000000ULL);
	if (c->state == KCTR_STATE_STOPPED) {
		kj_u64(j, "exit_code", kctr_wait_status_code(c->exit_code));
		kj_str(j, "exit_status",
		       kctr_fmt_wait_status(c->exit_code, buf, sizeof(buf)));
	}
	kj_obj_close(j);
}

static void list_text(const struct kctr_info *list, size_t nr, bool all)
{
	static const char *const hdr[] = {
		"ID", "NAME", "STATE", "PID", "IMAGE", "STATUS", "COMMAND"
	};
	char id[24], pid[16], status[96], cmd[64];
	struct kt t;
	size_t i;

	if (kt_init(&t, 7, hdr))
		return;
	t.right = 1U << 0 | 1U << 3;
	for (i = 0; i < nr; i++) {
		const struct kctr_info *c = &list[i];
		const char *row[7] = { id, c->name, kctr_state_name(c->state),
				       pid, c->image[0] ? c->image : "-",
				       status, cmd };

		if (!all && c->state == KCTR_STATE_STOPPED)
			continue;
		snprintf(id, sizeof(id), "%llu", (unsigned long long)c->id);
		if (c->init_pid && c->state != KCTR_STATE_STOPPED)
			snprintf(pid, sizeof(pid), "%u", c->init_pid);
		else
			snprintf(pid, sizeof(pid), "-");
		kctr_status_text(c, status, sizeof(status));
		snprintf(cmd, sizeof(cmd), "%s", c->command);
		kctr_ellipsize(cmd, 40);
		kt_add(&t, row);
	}
	kt_print(&t, stdout);
	kt_free(&t);
}

static int by_id(const void *a, const void *b)
{
	const struct kctr_info *x = a, *y = b;

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
	struct kctr_info *list = NULL;
	bool all = false, quiet = g->quiet;
	struct kctr_nl *nl;
	size_t nr = 0, i;
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
	if (kctr_nl_list_brief(nl, &list, &nr, &err)) {
		kctr_nl_close(nl);
		return kctr_cmd_fail(&err);
	}
	kctr_nl_close(nl);
	qsort(list, nr, sizeof(*list), by_id);
	if (quiet) {
		for (i = 0; i < nr; i++)
			if (all || list[i].state != KCTR_STATE_STOPPED)
				printf("%llu\n", (unsigned long long)list[i].id);
	} else if (g->json) {
		kj_init(&j, stdout, false);
		kj_arr_open(&j, NULL);
		for (i = 0; i < nr; i++)
			if (all || list[i].state != KCTR_STATE_STOPPED)
				list_json_one(&j, &list[i]);
		kj_arr_close(&j);
	} else {
		list_text(list, nr, all);
	}
	free(list);
	return KCTR_EXIT_OK;
}
