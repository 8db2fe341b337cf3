// SPDX-License-Identifier: GPL-2.0
/*
 * Running one OCI hook: fork, the state JSON into a pipe on its stdin, its
 * stdout and stderr into another pipe (kept for the error message), a
 * pidfd to see it exit, a deadline after which it is killed. The pidfd,
 * not EOF on the output pipe, says it is done: a hook that leaves a
 * daemon holding the pipe must not hang the runtime.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define HOOK_OUTPUT_MAX	4096

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void child(const struct oci_hook *h, int in, int out)
{
	char *const empty[] = { NULL };
	char *const self[] = { h->path, NULL };
	sigset_t none;

	/* The caller may block signals; the hook starts clean. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(127);
	execve(h->path, h->args && h->args[0] ? h->args : self,
	       h->env ? h->env : empty);
	dprintf(2, "exec %s: %s\n", h->path, strerror(errno));
	_exit(127);
}

/* The last non-empty line of @buf, in place. */
static const char *last_line(char *buf, size_t n)
{
	char *p;

	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	p = strrchr(buf, '\n');
	return p ? p + 1 : buf;
}

/* Feed stdin, collect output until the hook exits or the deadline. */
static int supervise(int pidfd, int in, int out, const char *state,
		     uint64_t deadline, char *buf, size_t *got)
{
	size_t len = state ? strlen(state) : 0, off = 0;
	struct pollfd pfd[3];
	ssize_t n;
	int nfds, timeout;
	char sink[512];

	for (;;) {
		if (in >= 0 && off == len) {
			close(in);
			in = -1;
		}
		pfd[0] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = out, .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = in, .events = POLLOUT };
		nfds = in >= 0 ? 3 : 2;
		if (out < 0)
			pfd[1].fd = -1;
		timeout = -1;
		if (deadline) {
			uint64_t now = now_ms();

			if (now >= deadline) {
				if (in >= 0)
					close(in);
				return -ETIMEDOUT;
			}
			timeout = (int)(deadline - now);
		}
		if (poll(pfd, nfds, timeout) < 0) {
			if (errno == EINTR)
				continue;
			if (in >= 0)
				close(in);
			return -errno;
		}
		if (out >= 0 && pfd[1].revents) {
			n = read(out, *got < HOOK_OUTPUT_MAX ? buf + *got :
				 sink, *got < HOOK_OUTPUT_MAX ?
				 HOOK_OUTPUT_MAX - *got : sizeof(sink));
			if (n > 0 && *got < HOOK_OUTPUT_MAX)
				*got += (size_t)n;
			else if (n == 0)
				out = -1;
		}
		if (in >= 0 && pfd[2].revents) {
			/* EPIPE: the hook does not read its stdin; fine. */
			n = write(in, state + off, len - off);
			if (n > 0)
				off += (size_t)n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR)
				off = len;
		}
		if (pfd[0].revents) {
			if (in >= 0)
				close(in);
			/* What it wrote before exiting is still in the pipe. */
			while (out >= 0 && *got < HOOK_OUTPUT_MAX &&
			       (n = read(out, buf + *got,
					 HOOK_OUTPUT_MAX - *got)) > 0)
				*got += (size_t)n;
			return 0;
		}
	}
}

static int hook_error(const struct oci_hook *h, int status, char *buf,
		      size_t got, struct kctr_err *err)
{
	const char *line = last_line(buf, got);
	char why[64];

	if (WIFEXITED(status))
		snprintf(why, sizeof(why), "exit status %d",
			 WEXITSTATUS(status));
	else
		snprintf(why, sizeof(why), "killed by signal %d",
			 WTERMSIG(status));
	if (*line)
		return kctr_err_set(err, EIO, "hook %s failed: %s: %s",
				    h->path, why, line);
	return kctr_err_set(err, EIO, "hook %s failed: %s", h->path, why);
}

int oci_hook_run(const struct oci_hook *h, const char *state,
		 struct kctr_err *err)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, pidfd = -1;
	char buf[HOOK_OUTPUT_MAX + 1];
	sigset_t pipe_set, old;
	size_t got = 0;
	uint64_t deadline = 0;
	int status = 0, ret;
	pid_t pid;

	if (!h->path || h->path[0] != '/')
		return kctr_err_set(err, EINVAL,
				    "hook %s: the path must be absolute",
				    h->path ? h->path : "(none)");
	if (h->timeout < 0)
		return kctr_err_set(err, EINVAL,
				    "hook %s: timeout %d is not positive",
				    h->path, h->timeout);
	if (pipe2(inp, O_CLOEXEC) || pipe2(outp, O_CLOEXEC)) {
		ret = kctr_err_set(err, errno, "hook %s: pipe: %m", h->path);
		goto close_pipes;
	}
	/* A hook that exits without reading stdin must not kill us. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	pid = fork();
	if (pid < 0) {
		ret = kctr_err_set(err, errno, "hook %s: fork: %m", h->path);
		goto restore;
	}
	if (pid == 0)
		child(h, inp[0], outp[1]);
	close(inp[0]);
	close(outp[1]);
	inp[0] = outp[1] = -1;
	fcntl(inp[1], F_SETFL, O_NONBLOCK);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		ret = kctr_err_set(err, errno, "hook %s: pidfd_open: %m",
				   h->path);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto restore;
	}
	if (h->timeout)
		deadline = now_ms() + (uint64_t)h->timeout * 1000;
	ret = supervise(pidfd, inp[1], outp[0], state, deadline, buf, &got);
	inp[1] = -1;	/* closed by supervise() */
	if (ret)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ret == -ETIMEDOUT)
		ret = kctr_err_set(err, ETIMEDOUT,
				   "hook %s failed: timed out after %ds",
				   h->path, h->timeout);
	else if (ret)
		ret = kctr_err_set(err, -ret, "hook %s: %s", h->path,
				   strerror(-ret));
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		ret = hook_error(h, status, buf, got, err);
restore:
	{
		struct timespec zero = { 0, 0 };

		/* Drop a SIGPIPE raised while blocked, then unblock. */
		while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
			;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
close_pipes:
	if (pidfd >= 0)
		close(pidfd);
	if (inp[0] >= 0)
		close(inp[0]);
	if (inp[1] >= 0)
		close(inp[1]);
	if (outp[0] >= 0)
		close(outp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	return ret;
}

int oci_hooks_run(const struct oci_hook_list *l, const char *state,
		  struct kctr_err *err)
{
	size_t i;
	int ret;

	for (i = 0; i < l->n; i++) {
		ret = oci_hook_run(&l->v[i], state, err);
		if (ret)
			return ret;
	}
	return 0;
}

static char **dup_strv(char **v, int *fail)
{
	size_t n = 0, i;
	char **out;

	if (!v)
		return NULL;
	while (v[n])
		n++;
	out = calloc(n + 1, sizeof(*out));
	if (!out) {
		*fail = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		out[i] = strdup(v[i]);
		if (!out[i])
			*fail = 1;
	}
	return out;
}

int oci_hook_copy(struct oci_hook *dst, const struct oci_hook *src)
{
	int fail = 0;

	dst->path = src->path ? strdup(src->path) : NULL;
	dst->args = dup_strv(src->args, &fail);
	dst->env = dup_strv(src->env, &fail);
	dst->timeout = src->timeout;
	return fail || (src->path && !dst->path) ? -ENOMEM : 0;
}
