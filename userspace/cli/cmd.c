// SPDX-License-Identifier: GPL-2.0
/* What the subcommands share: opening, resolving, printing errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "util.h"

int kctr_cmd_fail(const struct kctr_err *err)
{
	kctr_err_print(err);
	return kctr_err_exit(err);
}

int kctr_cmd_open(struct kctr_nl **nl)
{
	struct kctr_err err = { 0 };

	if (kctr_nl_open(nl, &err))
		return kctr_cmd_fail(&err);
	return 0;
}

int kctr_cmd_resolve(struct kctr_nl *nl, const char *spec,
		     struct kctr_info *info)
{
	struct kctr_err err = { 0 };

	if (kctr_nl_resolve(nl, spec, info, &err))
		return kctr_cmd_fail(&err);
	return 0;
}

int kctr_cmd_names(int argc, char **argv, void (*usage)(FILE *f), int *first)
{
	int ret = kctr_parse_help_only(argc, argv, usage);

	if (ret >= 0)
		return ret;
	if (optind >= argc)
		return kctr_usage_error(argv[0], "missing NAME|ID");
	*first = optind;
	return -1;
}

int kctr_cmd_one(int argc, char **argv, void (*usage)(FILE *f),
		 struct kctr_info **info)
{
	struct kctr_nl *nl;
	int first = 0, ret;

	*info = NULL;
	ret = kctr_cmd_names(argc, argv, usage, &first);
	if (ret >= 0)
		return ret;
	if (first != argc - 1)
		return kctr_usage_error(argv[0], "one NAME|ID only");
	*info = malloc(sizeof(**info));
	if (!*info) {
		fprintf(stderr, "kctr %s: out of memory\n", argv[0]);
		return KCTR_EXIT_FAILURE;
	}
	ret = kctr_cmd_open(&nl);
	if (!ret) {
		ret = kctr_cmd_resolve(nl, argv[first], *info);
		kctr_nl_close(nl);
	}
	if (ret) {
		free(*info);
		*info = NULL;
	}
	return ret;
}

int kctr_cmd_for_each(int argc, char **argv, const struct kctr_cmd_op *op)
{
	struct kctr_info *info;
	struct kctr_nl *nl;
	int i, ret, status = KCTR_EXIT_OK;

	ret = kctr_cmd_open(&nl);
	if (ret)
		return ret;
	info = malloc(sizeof(*info));
	if (!info) {
		kctr_nl_close(nl);
		fprintf(stderr, "kctr: out of memory\n");
		return KCTR_EXIT_FAILURE;
	}
	for (i = 0; i < argc; i++) {
		ret = kctr_cmd_resolve(nl, argv[i], info);
		if (!ret)
			ret = op->fn(nl, info, op->arg);
		if (ret)
			status = ret;
	}
	free(info);
	kctr_nl_close(nl);
	return status;
}

/* "CAP_CHOWN" for 0; names libcap does not know come back as numbers. */
static void cap_name(int cap, char *buf, size_t len)
{
	char *name = cap_to_name(cap);
	size_t i;

	if (!name || strncmp(name, "cap_", 4)) {
		snprintf(buf, len, "%s", name ? name : "?");
	} else {
		snprintf(buf, len, "CAP_%s", name + 4);
		for (i = 0; buf[i]; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] -= 'a' - 'A';
	}
	cap_free(name);
}

void kctr_json_caps(struct kj *j, const char *key, uint64_t mask)
{
	char name[64];
	int cap;

	kj_arr_open(j, key);
	for (cap = 0; cap < 64; cap++) {
		if (!(mask & (1ULL << cap)))
			continue;
		cap_name(cap, name, sizeof(name));
		kj_str(j, NULL, name);
	}
	kj_arr_close(j);
}

char *kctr_caps_list(uint64_t mask, char *buf, size_t len)
{
	char name[64];
	size_t n = 0;
	int cap;

	buf[0] = '\0';
	for (cap = 0; cap < 64 && n < len; cap++) {
		if (!(mask & (1ULL << cap)))
			continue;
		cap_name(cap, name, sizeof(name));
		n += snprintf(buf + n, len - n, "%s%s", n ? "," : "", name);
	}
	if (!mask)
		snprintf(buf, len, "-");
	return buf;
}

char *kctr_status_at(const struct kctr_status *st, uint64_t now_ns, char *buf,
		     size_t len)
{
	char d[32], ws[48];

	switch (st->state) {
	case KCTR_STATE_RUNNING:
		kctr_fmt_duration(now_ns > st->started_ns ?
				  (now_ns - st->started_ns) / 1000000000ULL : 0,
				  d, sizeof(d));
		snprintf(buf, len, "up %s", d);
		break;
	case KCTR_STATE_STOPPED:
		if (st->has_exit_code)
			kctr_fmt_wait_status(st->exit_code, ws, sizeof(ws));
		else
			snprintf(ws, sizeof(ws), "exited, status unknown");
		kctr_fmt_duration(now_ns > st->exited_ns ?
				  (now_ns - st->exited_ns) / 1000000000ULL : 0,
				  d, sizeof(d));
		snprintf(buf, len, "%s (%s ago)", ws, d);
		break;
	default:
		snprintf(buf, len, "%s", kctr_state_name(st->state));
	}
	return buf;
}
