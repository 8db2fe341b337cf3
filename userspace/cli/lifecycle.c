// SPDX-License-Identifier: GPL-2.0
/* kctr kill, stop and rm: signals and removal through the module. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "image.h"
#include "commands.h"
#include "output.h"
#include "util.h"

#define STOP_DEFAULT_US		10000000ULL
#define STOP_KILL_WAIT_MS	10000

static void kill_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr kill [-s|--signal SIGNAL] [-a|--all] NAME|ID...\n"
		"\n"
		"Send a signal to the container's init (default KILL).\n"
		"\n"
		"  -s, --signal SIGNAL  a name (TERM, SIGTERM, RTMIN+3) or a number 1..64\n"
		"  -a, --all            kill every process in the container's cgroup\n"
		"                       (cgroup.kill; KILL only)\n");
}

static void stop_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr stop [-t|--time SECONDS] NAME|ID...\n"
		"\n"
		"Send TERM to the container's init, wait for it to exit, and after the\n"
		"timeout kill every process left in the container's cgroup. Stopping a\n"
		"stopped container does nothing.\n"
		"\n"
		"  -t, --time, --timeout SECONDS\n"
		"                       grace period before the kill (default 10; a duration\n"
		"                       such as 500ms is accepted too; 0 kills at once)\n");
}

static void rm_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr rm [-f|--force] NAME|ID...\n"
		"\n"
		"Delete stopped containers: the module removes the cgroup node and\n"
		"releases the namespace set.\n"
		"\n"
		"  -f, --force   kill a container that is not stopped first\n");
}

struct kill_arg {
	int sig;
	uint32_t flags;
};

static int kill_one(struct kctr_nl *nl, struct kctr_info *c, void *arg)
{
	struct kctr_err err = { 0 };
	struct kill_arg *k = arg;

	if (kctr_nl_kill(nl, c->id, k->sig, k->flags, &err)) {
		kctr_err_wrap(&err, "%s", c->name);
		return kctr_cmd_fail(&err);
	}
	return 0;
}

int kctr_cmd_kill(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "signal", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	struct kill_arg k = { .sig = SIGKILL };
	struct kctr_cmd_op op = { kill_one, &k };
	int c;

	(void)g;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:s:ah", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			k.sig = kctr_parse_signal(optarg);
			if (k.sig < 0)
				return kctr_usage_error(argv[0],
							"invalid signal '%s' (a name like TERM or a number 1..64)",
							optarg);
			break;
		case 'a':
			k.flags |= KCTR_F_KILL_ALL;
			break;
		case 'h':
			kill_usage(stdout);
			return KCTR_EXIT_OK;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	if ((k.flags & KCTR_F_KILL_ALL) && k.sig != SIGKILL)
		return kctr_usage_error(argv[0],
					"--all kills through cgroup.kill: it works with KILL only");
	if (optind >= argc)
		return kctr_usage_error(argv[0], "missing NAME|ID");
	return kctr_cmd_for_each(argc - optind, argv + optind, &op);
}

/*
 * Wait until the container stops, at most @timeout_ms: the events say
 * when; a GET every 100 ms covers events the socket could not queue.
 */
static int wait_stopped(struct kctr_nl *nl, uint64_t id, uint64_t timeout_ms,
			struct kctr_err *err)
{
	uint64_t deadline = kctr_now_ns() + timeout_ms * 1000000ULL, now;
	struct kctr_event_info ev;
	int ret;

	for (;;) {
		ret = kctr_nl_stopped(nl, id, err);
		if (ret)
			return ret;
		now = kctr_now_ns();
		if (now >= deadline)
			return 0;
		ret = kctr_nl_next_event(nl, &ev, (deadline - now) / 1000000 <
					 100 ? (int)((deadline - now) / 1000000) :
					 100, err);
		if (ret == -ENOBUFS)
			continue;
		if (ret < 0)
			return ret;
		if (ret && ev.id == id && (ev.event == KCTR_EVENT_EXITED ||
					   ev.event == KCTR_EVENT_REMOVED))
			return 1;
	}
}

static int stop_one(struct kctr_nl *nl, struct kctr_info *c, void *arg)
{
	uint64_t timeout_us = *(uint64_t *)arg;
	struct kctr_err err = { 0 };
	int ret;

	if (c->state == KCTR_STATE_STOPPED)
		goto done;
	ret = kctr_nl_subscribe(nl, &err);
	if (ret)
		goto fail;
	if (c->state == KCTR_STATE_RUNNING && timeout_us) {
		ret = kctr_nl_kill(nl, c->id, SIGTERM, 0, &err);
		/* ESRCH: the init is already gone; just wait for the record. */
		if (ret && ret != -ESRCH)
			goto fail;
		ret = wait_stopped(nl, c->id, timeout_us / 1000, &err);
		if (ret < 0)
			goto fail;
		if (ret)
			goto done;
	}
	ret = kctr_nl_kill(nl, c->id, SIGKILL, KCTR_F_KILL_ALL, &err);
	if (ret && ret != -ESRCH)
		goto fail;
	ret = wait_stopped(nl, c->id, STOP_KILL_WAIT_MS, &err);
	if (ret < 0)
		goto fail;
	if (!ret) {
		kctr_err_set(&err, ETIMEDOUT,
			     "still not stopped %d s after KILL",
			     STOP_KILL_WAIT_MS / 1000);
		goto fail;
	}
done:
	printf("%s\n", c->name);
	return 0;
fail:
	kctr_err_wrap(&err, "stop %s", c->name);
	return kctr_cmd_fail(&err);
}

/* Seconds as an integer (the usual -t), or any duration ("500ms"). */
static int parse_timeout(const char *s, uint64_t *us)
{
	uint64_t sec;

	if (!kctr_parse_u64(s, &sec)) {
		if (sec > 86400ULL * 365)
			return -ERANGE;
		*us = sec * 1000000ULL;
		return 0;
	}
	return kctr_parse_duration(s, us);
}

int kctr_cmd_stop(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "time", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 't' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	uint64_t timeout_us = STOP_DEFAULT_US;
	struct kctr_cmd_op op = { stop_one, &timeout_us };
	int c;

	(void)g;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_timeout(optarg, &timeout_us))
				return kctr_usage_error(argv[0],
							"invalid timeout '%s' (seconds, or a duration like 500ms)",
							optarg);
			break;
		case 'h':
			stop_usage(stdout);
			return KCTR_EXIT_OK;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	if (optind >= argc)
		return kctr_usage_error(argv[0], "missing NAME|ID");
	return kctr_cmd_for_each(argc - optind, argv + optind, &op);
}

static int rm_one(struct kctr_nl *nl, struct kctr_info *c, void *arg)
{
	uint32_t flags = *(uint32_t *)arg;
	struct kctr_err err = { 0 };
	int ret;
	char why[sizeof(err.msg)];

	ret = kctr_nl_delete(nl, c->id, flags, &err);
	if (ret == -EBUSY && !(flags & KCTR_F_FORCE)) {
		memcpy(why, err.msg, sizeof(why));
		kctr_err_set(&err, EBUSY, "%.400s; it is %s: stop it first, or use -f",
			     why, kctr_state_name(c->state));
	}
	/* The container's upper and work dirs (spawn's state) go too. */
	if (!ret)
		ret = kctr_container_state_remove(c->id, &err);
	if (ret) {
		kctr_err_wrap(&err, "rm %s", c->name);
		return kctr_cmd_fail(&err);
	}
	printf("%s\n", c->name);
	return 0;
}

int kctr_cmd_rm(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	uint32_t flags = 0;
	struct kctr_cmd_op op = { rm_one, &flags };
	int c;

	(void)g;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+fh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			flags |= KCTR_F_FORCE;
			break;
		case 'h':
			rm_usage(stdout);
			return KCTR_EXIT_OK;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	if (optind >= argc)
		return kctr_usage_error(argv[0], "missing NAME|ID");
	return kctr_cmd_for_each(argc - optind, argv + optind, &op);
}
