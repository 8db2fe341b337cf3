// SPDX-License-Identifier: GPL-2.0
/* The create/start FIFO (startfifo.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "startfifo.h"

/* Bounds a hung init: START itself takes milliseconds. */
#define START_TIMEOUT_MS	120000

int kctr_start_fifo_make(const char *path, struct kctr_err *err)
{
	/* chmod: mkfifo's mode is cut by the umask. */
	if (mkfifo(path, 0600) || chmod(path, 0622))
		return kctr_err_set(err, errno, "start fifo %s: %m", path);
	return 0;
}

int kctr_start_fifo_open_path(const char *path, struct kctr_err *err)
{
	struct stat st;
	int fd;

	fd = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return kctr_err_set(err, errno, "start fifo %s: %m", path);
	if (fstat(fd, &st) || !S_ISFIFO(st.st_mode)) {
		close(fd);
		return kctr_err_set(err, ENOTSUP, "start fifo %s: not a FIFO",
				    path);
	}
	return fd;
}

int kctr_start_fifo_wait(int pathfd, struct kctr_err *err)
{
	char proc[64];
	int fd;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pathfd);
	do {
		fd = open(proc, O_WRONLY | O_CLOEXEC);
	} while (fd < 0 && errno == EINTR);
	if (fd < 0)
		kctr_err_set(err, errno, "start fifo: reopening %s: %m", proc);
	close(pathfd);
	return fd;
}

void kctr_start_fifo_done(int wfd)
{
	ssize_t n;

	/* A filter that denies write(2) loses the byte: start then asks. */
	do {
		n = write(wfd, "0", 1);
	} while (n < 0 && errno == EINTR);
	close(wfd);
}

/*
 * Linux reports POLLHUP on a FIFO only once a writer came and went, so
 * a reader opened before the init's open() waits for it, not for HUP.
 */
static int wait_byte(int fd, int pidfd, struct kctr_err *err)
{
	struct pollfd p[2] = {
		{ .fd = fd, .events = POLLIN }, { .fd = pidfd, .events = POLLIN },
	};
	char c;
	ssize_t n;
	int ret;

	for (;;) {
		ret = poll(p, 2, START_TIMEOUT_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return kctr_err_set(err, errno, "start: poll: %m");
		if (!ret)
			return kctr_err_set(err, ETIMEDOUT, "start: the init did "
					    "not start within %d s",
					    START_TIMEOUT_MS / 1000);
		if (p[0].revents) {
			n = read(fd, &c, 1);
			if (n == 1)
				return 0;
			if (n < 0 && errno == EAGAIN)
				continue;
			return kctr_err_set(err, EIO, "start: the container's "
					    "init failed before it started "
					    "(its own message went to its "
					    "stderr)");
		}
		if (p[1].revents)
			return kctr_err_set(err, ESRCH, "start: the container's "
					    "init exited before it started");
	}
}

int kctr_launch_start(const char *path, pid_t pid, struct kctr_err *err)
{
	int fd, pidfd, ret;

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return kctr_err_set(err, errno == ESRCH ? ESRCH : errno,
				    "start: the init (pid %d): %m", (int)pid);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		ret = kctr_err_set(err, errno, "start fifo %s: %m", path);
		close(pidfd);
		return ret;
	}
	ret = wait_byte(fd, pidfd, err);
	close(fd);
	close(pidfd);
	return ret;
}
