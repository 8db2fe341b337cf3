// SPDX-License-Identifier: GPL-2.0
/* A small PID 1: reap orphans, forward signals, pass the status on. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
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
