// SPDX-License-Identifier: GPL-2.0
/* kctr events: lifecycle events from the module's multicast group. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "util.h"

#define MAX_FILTERS	32

/* Filters of one key are ORed, different keys ANDed (as docker does). */
struct ev_filter {
	const char *names[MAX_FILTERS];
	int nr_names;
	uint64_t ids[MAX_FILTERS];
	int nr_ids;
	int events[MAX_FILTERS];
	int nr_events;
};

static void events_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr events [-f|--filter KEY=VALUE]... [-n|--count N]\n"
		"                   [--ready-fd FD]\n"
		"\n"
		"Stream lifecycle events from the module (created, started, exited,\n"
		"oom, removed), one per line; with -j one JSON object per line. Events\n"
		"come from the kernel, so exits nobody asked for show up too.\n"
		"\n"
		"  -f, --filter name=NAME    only this container name\n"
		"  -f, --filter id=ID        only this container id\n"
		"  -f, --filter event=EVENT  only this event kind\n"
		"                            (several values of a key: any of them;\n"
		"                            different keys: all of them)\n"
		"  -n, --count N             exit after N events\n"
		"      --ready-fd FD         once subscribed (every later event\n"
		"                            arrives), write \"ready\" and a newline\n"
		"                            to FD (3 or above) and close it\n");
}

static int add_filter(struct ev_filter *f, const char *arg)
{
	const char *val = strchr(arg, '=');
	uint64_t id;
	int ev;

	if (!val || !val[1])
		return -EINVAL;
	val++;
	if (!strncmp(arg, "name=", 5) && f->nr_names < MAX_FILTERS) {
		f->names[f->nr_names++] = val;
	} else if (!strncmp(arg, "id=", 3) && f->nr_ids < MAX_FILTERS) {
		if (kctr_parse_u64(val, &id))
			return -EINVAL;
		f->ids[f->nr_ids++] = id;
	} else if (!strncmp(arg, "event=", 6) && f->nr_events < MAX_FILTERS) {
		ev = kctr_event_by_name(val);
		if (ev < 0)
			return -EINVAL;
		f->events[f->nr_events++] = ev;
	} else {
		return -EINVAL;
	}
	return 0;
}

static bool match(const struct ev_filter *f, const struct kctr_event_info *ev)
{
	bool ok;
	int i;

	if (f->nr_names) {
		for (ok = false, i = 0; i < f->nr_names && !ok; i++)
			ok = !strcmp(f->names[i], ev->name);
		if (!ok)
			return false;
	}
	if (f->nr_ids) {
		for (ok = false, i = 0; i < f->nr_ids && !ok; i++)
			ok = f->ids[i] == ev->id;
		if (!ok)
			return false;
	}
	if (f->nr_events) {
		for (ok = false, i = 0; i < f->nr_events && !ok; i++)
			ok = f->events[i] == (int)ev->event;
		if (!ok)
			return false;
	}
	return true;
}

static char *event_time(uint64_t ns, char *buf, size_t len)
{
	char base[40];

	kctr_fmt_time(ns, base, sizeof(base));
	/* "...:SSZ" -> "...:SS.nnnnnnnnnZ" */
	base[strlen(base) - 1] = '\0';
	snprintf(buf, len, "%s.%09lluZ", base,
		 (unsigned long long)(ns % 1000000000ULL));
	return buf;
}

static void print_event(const struct kctr_event_info *ev, bool json)
{
	char t[64], st[64], sig[16];
	int ws = (int)ev->exit_code;
	struct kj j;

	event_time(ev->time_ns, t, sizeof(t));
	if (!json) {
		printf("%s %s id=%llu name=%s", t, kctr_event_name(ev->event),
		       (unsigned long long)ev->id, ev->name);
		if (ev->has_exit_code)
			printf(" exit_code=%d status=\"%s\"",
			       kctr_wait_status_code(ev->exit_code),
			       kctr_fmt_wait_status(ev->exit_code, st, sizeof(st)));
		if (ev->has_oom_kills)
			printf(" oom_kills=%llu",
			       (unsigned long long)ev->oom_kills);
		printf("\n");
		fflush(stdout);
		return;
	}
	kj_init(&j, stdout, false);
	kj_obj_open(&j, NULL);
	kj_str(&j, "time", t);
	kj_u64(&j, "time_ns", ev->time_ns);
	kj_str(&j, "event", kctr_event_name(ev->event));
	kj_u64(&j, "id", ev->id);
	kj_str(&j, "name", ev->name);
	if (ev->has_exit_code) {
		kj_u64(&j, "wait_status", ev->exit_code);
		kj_u64(&j, "exit_code", kctr_wait_status_code(ev->exit_code));
		if (WIFSIGNALED(ws) &&
		    kctr_signal_name(WTERMSIG(ws), sig, sizeof(sig)))
			kj_str(&j, "signal", sig);
	}
	if (ev->has_oom_kills)
		kj_u64(&j, "oom_kills", ev->oom_kills);
	kj_obj_close(&j);
}

/*
 * Tell whoever waits on @fd that the membership is in place: an event
 * the module sends from now on is read. Closed, so that a reader sees
 * EOF after the line, and also if kctr dies before it.
 */
static int signal_ready(int fd, struct kctr_err *err)
{
	static const char line[] = "ready\n";
	ssize_t n;

	if (fd < 0)
		return 0;
	n = write(fd, line, sizeof(line) - 1);
	if (n != (ssize_t)sizeof(line) - 1) {
		kctr_err_set(err, n < 0 ? errno : EIO,
			     "events: --ready-fd %d: %s", fd,
			     n < 0 ? strerror(errno) : "short write");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int events_loop(struct kctr_nl *nl, const struct ev_filter *f,
		       uint64_t count, int ready_fd, bool json)
{
	struct kctr_err err = { 0 };
	struct kctr_event_info ev;
	uint64_t seen = 0;
	int ret;

	if (kctr_nl_subscribe(nl, &err) || signal_ready(ready_fd, &err))
		return kctr_cmd_fail(&err);
	while (!count || seen < count) {
		ret = kctr_nl_next_event(nl, &ev, -1, &err);
		if (ret == -ENOBUFS) {
			/* Keep streaming, but never silently. */
			fprintf(stderr, "kctr: warning: %s\n", err.msg);
			continue;
		}
		if (ret < 0)
			return kctr_cmd_fail(&err);
		if (!ret || !match(f, &ev))
			continue;
		print_event(&ev, json);
		seen++;
	}
	return KCTR_EXIT_OK;
}

int kctr_cmd_events(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "filter", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "ready-fd", required_argument, NULL, 'R' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	struct ev_filter f = { 0 };
	struct kctr_nl *nl;
	uint64_t count = 0, fd;
	int c, ret, ready_fd = -1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (add_filter(&f, optarg))
				return kctr_usage_error(argv[0],
							"invalid filter '%s' (name=NAME, id=ID or event=created|started|exited|oom|removed)",
							optarg);
			break;
		case 'n':
			if (kctr_parse_u64(optarg, &count) || !count)
				return kctr_usage_error(argv[0],
							"invalid count '%s' (a positive number)",
							optarg);
			break;
		case 'R':
			/* Not 0-2: the stream and its warnings use them. */
			if (kctr_parse_u64(optarg, &fd) || fd < 3 ||
			    fd > INT_MAX || fcntl((int)fd, F_GETFD) < 0)
				return kctr_usage_error(argv[0],
							"invalid --ready-fd '%s' (an open file descriptor above 2)",
							optarg);
			ready_fd = (int)fd;
			break;
		case 'h':
			events_usage(stdout);
			return KCTR_EXIT_OK;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	if (optind < argc)
		return kctr_usage_error(argv[0], "unexpected argument '%s'",
					argv[optind]);
	ret = kctr_cmd_open(&nl);
	if (ret)
		return ret;
	/* Line-buffered so a pipe sees each event when it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = events_loop(nl, &f, count, ready_fd, g->json);
	kctr_nl_close(nl);
	return ret;
}
