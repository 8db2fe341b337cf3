// SPDX-License-Identifier: GPL-2.0
/* A user namespace joined by path (userns.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "userns.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

/* /proc/PID/FILE, as the reader sees it: outside ids in its namespace. */
static int read_map(pid_t pid, const char *file,
		    struct kctr_id_extent_req *m, size_t *nr,
		    struct kctr_err *err)
{
	unsigned int in, out, count;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	f = fopen(path, "re");
	if (!f)
		return kctr_err_set(err, errno, "user namespace: %s: %m",
				    path);
	*nr = 0;
	while (*nr < KCTR_MAP_MAX_EXTENTS &&
	       fscanf(f, "%u %u %u", &in, &out, &count) == 3)
		m[(*nr)++] = (struct kctr_id_extent_req){ in, out, count };
	fclose(f);
	return 0;
}

int kctr_userns_maps_of(int fd, struct kctr_userns_maps *m,
			struct kctr_err *err)
{
	int sync[2], ret;
	pid_t pid;
	char c;

	if (pipe2(sync, O_CLOEXEC))
		return kctr_err_set(err, errno, "user namespace: pipe: %m");
	pid = fork();
	if (pid < 0) {
		ret = kctr_err_set(err, errno, "user namespace: fork: %m");
		close(sync[0]);
		close(sync[1]);
		return ret;
	}
	if (!pid) {
		/* Parked in the namespace until the maps are read. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(sync[0]);
		if (setns(fd, CLONE_NEWUSER))
			_exit(1);
		if (write(sync[1], "j", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(sync[1]);
	if (read(sync[0], &c, 1) != 1)
		ret = kctr_err_set(err, EPERM, "user namespace: setns: "
				   "cannot enter it");
	else
		ret = read_map(pid, "uid_map", m->uid, &m->nr_uid, err) ?:
		      read_map(pid, "gid_map", m->gid, &m->nr_gid, err);
	close(sync[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ret;
}

long kctr_userns_clone(int fd, struct clone_args *ca, void (*fn)(void *),
		       void *arg, struct kctr_err *err)
{
	int *pidfd = (int *)(uintptr_t)ca->pidfd;
	long v = 0, pid;
	int p[2], e;
	pid_t h;
	ssize_t n;

	if (pipe2(p, O_CLOEXEC))
		return kctr_err_set(err, errno, "user namespace: pipe: %m");
	h = fork();
	if (h < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		return kctr_err_set(err, e, "user namespace: fork: %m");
	}
	if (!h) {
		close(p[0]);
		if (setns(fd, CLONE_NEWUSER)) {
			v = -errno;
		} else {
			ca->flags = (ca->flags & ~(uint64_t)CLONE_PIDFD) |
				    CLONE_PARENT;
			ca->pidfd = 0;
			/*
			 * clone3() takes none with CLONE_PARENT: the child
			 * gets ours (SIGCHLD, from fork()) for the caller.
			 */
			ca->exit_signal = 0;
			pid = syscall(SYS_clone3, ca, sizeof(*ca));
			if (!pid) {
				close(p[1]);
				fn(arg);
				_exit(127);
			}
			v = pid < 0 ? -errno : pid;
		}
		if (write(p[1], &v, sizeof(v)) != sizeof(v))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], &v, sizeof(v));
	close(p[0]);
	waitpid(h, NULL, 0);
	if (n != sizeof(v))
		return kctr_err_set(err, EIO, "user namespace: the helper "
				    "died");
	if (v < 0)
		return kctr_err_set(err, (int)-v, "user namespace: %s",
				    strerror((int)-v));
	if (pidfd) {
		/* Our child, not reaped: its pid cannot be reused yet. */
		*pidfd = (int)syscall(SYS_pidfd_open, (pid_t)v, 0);
		if (*pidfd < 0) {
			e = errno;
			kill((pid_t)v, SIGKILL);
			waitpid((pid_t)v, NULL, 0);
			return kctr_err_set(err, e, "pidfd_open: %m");
		}
	}
	return v;
}
