// SPDX-License-Identifier: GPL-2.0
/* cgroup.freeze, cgroup.events and cgroup.procs of the container's node. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "cgroup.h"
#include "fileutil.h"

int oci_cgroup_dir(const char *rel, char *buf, size_t len,
		   struct kctr_err *err)
{
	char mnt[4096];
	int ret;

	ret = kctr_cgroup2_root(mnt, sizeof(mnt));
	if (ret)
		return kctr_err_set(err, -ret, "cgroup: no cgroup2 mount: %s",
				    strerror(-ret));
	ret = snprintf(buf, len, "%s%s%s", mnt, rel[0] == '/' ? "" : "/",
		       rel);
	if (ret < 0 || (size_t)ret >= len)
		return kctr_err_set(err, ENAMETOOLONG, "cgroup %s: too long",
				    rel);
	return 0;
}

int oci_cgroup_events_frozen(const char *events)
{
	const char *p = events;

	while (p && *p) {
		if (!strncmp(p, "frozen ", 7))
			return p[7] == '1';
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static int read_in(const char *dir, const char *file, char **text)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return oci_read_file(path, text, NULL);
}

int oci_cgroup_frozen(const char *dir)
{
	char *text;
	int ret;

	ret = read_in(dir, "cgroup.events", &text);
	if (ret)
		return ret;
	ret = oci_cgroup_events_frozen(text);
	free(text);
	return ret;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int oci_cgroup_freeze(const char *dir, bool freeze, int timeout_ms,
		      struct kctr_err *err)
{
	int64_t deadline = now_ms() + timeout_ms, left;
	char path[4200];
	struct pollfd pfd;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/cgroup.freeze", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	ret = write(fd, freeze ? "1" : "0", 1) == 1 ? 0 : -errno;
	close(fd);
	if (ret)
		return kctr_err_set(err, -ret, "%s: %s", path, strerror(-ret));
	/* cgroup.events notifies (POLLPRI) on each change of "frozen". */
	snprintf(path, sizeof(path), "%s/cgroup.events", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	for (;;) {
		ret = oci_cgroup_frozen(dir);
		if (ret < 0) {
			ret = kctr_err_set(err, -ret, "%s: %s", path,
					   strerror(-ret));
			break;
		}
		if (ret == (int)freeze) {
			ret = 0;
			break;
		}
		left = deadline - now_ms();
		if (left <= 0) {
			ret = kctr_err_set(err, ETIMEDOUT,
					   "%s: still %sfrozen after %d ms",
					   dir, freeze ? "not " : "",
					   timeout_ms);
			break;
		}
		pfd = (struct pollfd){ .fd = fd, .events = POLLPRI };
		/*
		 * Re-read at least every 100 ms: a notification that
		 * came between the read and the poll is not repeated.
		 */
		poll(&pfd, 1, left < 100 ? (int)left : 100);
	}
	close(fd);
	return ret;
}

int oci_cgroup_procs(const char *dir, pid_t **pids, size_t *nr,
		     struct kctr_err *err)
{
	char *text, *p, *end;
	size_t n = 0, cap = 16;
	pid_t *out, *tmp;
	long v;
	int ret;

	ret = read_in(dir, "cgroup.procs", &text);
	if (ret)
		return kctr_err_set(err, -ret, "%s/cgroup.procs: %s", dir,
				    strerror(-ret));
	out = malloc(cap * sizeof(*out));
	for (p = text; out && *p; p = end) {
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p) {
			end = p + 1;
			continue;
		}
		if (v <= 0 || errno)
			continue;
		if (n == cap) {
			cap *= 2;
			tmp = realloc(out, cap * sizeof(*out));
			if (!tmp) {
				free(out);
				out = NULL;
				break;
			}
			out = tmp;
		}
		out[n++] = (pid_t)v;
	}
	free(text);
	if (!out)
		return kctr_err_set(err, ENOMEM, "out of memory");
	*pids = out;
	*nr = n;
	return 0;
}

int oci_cgroup_signal_all(const char *dir, int sig, struct kctr_err *err)
{
	size_t nr, i, sent = 0;
	pid_t *pids;
	int ret;

	ret = oci_cgroup_procs(dir, &pids, &nr, err);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		if (!kill(pids[i], sig))
			sent++;
		else if (errno != ESRCH && !ret)
			ret = kctr_err_set(err, errno, "kill %d: %m", pids[i]);
	}
	free(pids);
	if (!ret && !sent)
		ret = kctr_err_set(err, ESRCH, "no such process");
	return ret;
}
