// SPDX-License-Identifier: GPL-2.0
/*
 * kctr logs: the output of a detached container. "spawn -d" points the
 * container's stdout and stderr at <state dir>/containers/<id>/log, which
 * lives until "kctr rm"; this prints it and, with -f, follows it until the
 * kernel reports that the container has exited.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "image.h"
#include "output.h"
#include "util.h"

/* How often -f looks for new output while no event arrives. */
#define LOGS_POLL_MS 200

static void logs_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr logs [-f|--follow] NAME|ID\n"
		"\n"
		"Print what a container started with 'spawn -d' wrote to its\n"
		"stdout and stderr. The log is kept until 'kctr rm'.\n"
		"\n"
		"  -f, --follow  keep printing new output until the container exits\n");
}

/* Copy what @fd has up to its current end to stdout; 0 or -errno. */
static int copy_available(int fd, struct kctr_err *err)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, n, stdout) != (size_t)n)
			return kctr_err_set(err, EIO, "writing the log: %m");
	if (n < 0)
		return kctr_err_set(err, errno, "reading the log: %m");
	if (fflush(stdout))
		return kctr_err_set(err, errno, "writing the log: %m");
	return 0;
}

static int open_log(const struct kctr_info *c, struct kctr_err *err)
{
	char path[PATH_MAX];
	int fd;

	kctr_pathf(path, sizeof(path), "%s/containers/%" PRIu64 "/log",
		   kctr_state_dir(), c->id);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	/* ENODATA, not ENOENT: the container exists (exit 1, not 3). */
	if (errno == ENOENT)
		return kctr_err_set(err, ENODATA,
				    "%s has no log: only containers started with 'spawn -d' keep one (%s)",
				    c->name, path);
	return kctr_err_set(err, errno, "%s: %m", path);
}

static int follow(struct kctr_nl *nl, uint64_t id, int fd,
		  struct kctr_err *err)
{
	struct kctr_event_info ev;
	int ret, done;

	/* Subscribed first: an exit after the GET still arrives. */
	ret = kctr_nl_subscribe(nl, err);
	if (ret)
		return ret;
	done = kctr_nl_stopped(nl, id, err);
	while (done == 0) {
		ret = copy_available(fd, err);
		if (ret)
			return ret;
		ret = kctr_nl_next_event(nl, &ev, LOGS_POLL_MS, err);
		if (ret == -ENOBUFS)	/* events lost: ask the registry */
			done = kctr_nl_stopped(nl, id, err);
		else if (ret < 0)
			return ret;
		else if (ret && ev.id == id &&
			 (ev.event == KCTR_EVENT_EXITED ||
			  ev.event == KCTR_EVENT_REMOVED))
			done = 1;
	}
	return done < 0 ? done : 0;
}

int kctr_cmd_logs(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		KCTR_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	struct kctr_err err = { 0 };
	struct kctr_info *info;
	struct kctr_nl *nl;
	bool follow_it = false;
	int c, fd, ret;

	(void)g;	/* the log is the container's bytes: no JSON form */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+fh", opts, NULL)) != -1) {
		if (c == 'f') {
			follow_it = true;
			continue;
		}
		if (c == 'h') {
			logs_usage(stdout);
			return KCTR_EXIT_OK;
		}
		return kctr_bad_option(argv, c);
	}
	if (optind != argc - 1)
		return kctr_usage_error(argv[0], optind >= argc ?
					"missing NAME|ID" : "one NAME|ID only");
	info = malloc(sizeof(*info));
	if (!info) {
		fprintf(stderr, "kctr logs: out of memory\n");
		return KCTR_EXIT_FAILURE;
	}
	ret = kctr_cmd_open(&nl);
	if (ret)
		goto out_free;
	ret = kctr_cmd_resolve(nl, argv[optind], info);
	if (ret)
		goto out_close;
	fd = open_log(info, &err);
	if (fd < 0) {
		ret = kctr_cmd_fail(&err);
		goto out_close;
	}
	if (follow_it)
		ret = follow(nl, info->id, fd, &err);
	/* What is there, or what came after the exit was seen. */
	if (!ret)
		ret = copy_available(fd, &err);
	ret = ret ? kctr_cmd_fail(&err) : KCTR_EXIT_OK;
	close(fd);
out_close:
	kctr_nl_close(nl);
out_free:
	free(info);
	return ret;
}
