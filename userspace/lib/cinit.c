// SPDX-License-Identifier: GPL-2.0
/* A small PID 1: reap orphans, forward signals, pass the status on. */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cinit.h"

/* Signals that describe the init's own faults are not forwarded. */
int kctr_signal_forwarded(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS:
	case SIGFPE: case SIGILL: case SIGTRAP: case SIGSYS: case SIGABRT:
		return 0;
	}
	/* Between 31 and SIGRTMIN: the C library's own, never sent. */
	return sig < 32 || (sig >= SIGRTMIN && sig <= SIGRTMAX);
}

/*
 * What the init waits for: SIGCHLD and every forwarded signal, the
 * real-time ones included (a pid namespace's init that has no handler
 * for a signal never receives it: it would be dropped, not forwarded).
 */
static void init_sigset(sigset_t *set)
{
	int sig;

	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (sig = 1; sig <= SIGRTMAX; sig++)
		if (kctr_signal_forwarded(sig))
			sigaddset(set, sig);
}

void kctr_cinit_block(sigset_t *old)
{
	sigset_t set;

	init_sigset(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

int kctr_cinit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 125;
}

/* Reap every exited child; true once @workload is among them. */
static int reap(pid_t workload, int *code)
{
	int status, done = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == workload) {
			*code = kctr_cinit_code(status);
			done = 1;
		}
	}
	return done;
}

void kctr_cinit_loop(pid_t workload)
{
	sigset_t set;
	siginfo_t si;
	int sig, code = 0;

	prctl(PR_SET_NAME, "kctr-init");
	init_sigset(&set);
	for (;;) {
		if (reap(workload, &code))
			_exit(code);
		sig = sigwaitinfo(&set, &si);
		if (sig < 0 || sig == SIGCHLD)
			continue;
		kill(workload, sig);
	}
}

/* init/kctr-init, embedded by the Makefile (init/blob.S). */
extern const char kctr_init_blob[], kctr_init_blob_end[];

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

int kctr_cinit_memfd(struct kctr_err *err)
{
	const unsigned int flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
	size_t len = kctr_init_blob_end - kctr_init_blob, done = 0;
	ssize_t n;
	int fd;

	/* MFD_EXEC: 6.3+ with vm.memfd_noexec; older kernels refuse it. */
	fd = memfd_create("kctr-init", flags | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("kctr-init", flags);
	if (fd < 0)
		return kctr_err_set(err, errno, "init: memfd_create: %m");
	while (done < len) {
		n = write(fd, kctr_init_blob + done, len - done);
		if (n <= 0) {
			kctr_err_set(err, n ? errno : EIO, "init: memfd: %m");
			close(fd);
			return -EIO;
		}
		done += n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
		  F_SEAL_WRITE)) {
		kctr_err_set(err, errno, "init: sealing the memfd: %m");
		close(fd);
		return -EIO;
	}
	return fd;
}

int kctr_cinit_exec(int memfd, pid_t workload)
{
	static char *const envp[] = { NULL };
	char pid[16], name[] = "kctr-init";
	char *argv[] = { name, pid, NULL };

	snprintf(pid, sizeof(pid), "%d", (int)workload);
	syscall(SYS_execveat, memfd, "", argv, envp, AT_EMPTY_PATH);
	return -errno;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

void kctr_close_fds_except(const int *keep, size_t n)
{
	int sorted[16];
	unsigned int from = 0;
	size_t i, nr = 0;

	for (i = 0; i < n && nr < sizeof(sorted) / sizeof(*sorted); i++)
		if (keep[i] >= 0)
			sorted[nr++] = keep[i];
	qsort(sorted, nr, sizeof(*sorted), cmp_int);
	for (i = 0; i < nr; i++) {
		if ((unsigned int)sorted[i] > from)
			syscall(SYS_close_range, from, sorted[i] - 1, 0);
		from = sorted[i] + 1;
	}
	syscall(SYS_close_range, from, ~0U, 0);
}

void kctr_cloexec_from_3(void)
{
	syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
}
