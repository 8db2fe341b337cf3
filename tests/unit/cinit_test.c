// SPDX-License-Identifier: GPL-2.0
/* Which signals reach the workload, through kctr and through its init. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cinit.h"
#include "spawn.h"
#include "tap.h"

/*
 * A child waiting for @sig; kctr's forwarder in this process sends it on
 * when this process receives it. True if the child got it.
 */
static int forwarded_to_child(int sig)
{
	sigset_t set, old;
	int status, got;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { .tv_sec = 5 };

		_exit(sigtimedwait(&set, NULL, &ts) == sig ? 0 : 1);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	kctr_forward_signals(pid);
	raise(sig);
	got = waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0;
	signal(sig, SIG_DFL);
	return got;
}

int main(void)
{
	sigset_t set;

	ok(kctr_signal_forwarded(SIGTERM) && kctr_signal_forwarded(SIGINT) &&
	   kctr_signal_forwarded(SIGUSR1) && kctr_signal_forwarded(SIGALRM),
	   "TERM, INT, USR1, ALRM are forwarded");
	ok(kctr_signal_forwarded(SIGRTMIN) && kctr_signal_forwarded(SIGRTMAX),
	   "real-time signals are forwarded");
	ok(!kctr_signal_forwarded(SIGKILL) && !kctr_signal_forwarded(SIGSTOP) &&
	   !kctr_signal_forwarded(SIGCHLD), "KILL, STOP, CHLD are not");
	ok(!kctr_signal_forwarded(SIGSEGV) && !kctr_signal_forwarded(SIGBUS),
	   "the receiver's own faults are not");
	ok(!kctr_signal_forwarded(32) && !kctr_signal_forwarded(SIGRTMIN - 1),
	   "the C library's reserved signals are not");

	kctr_cinit_block(NULL);
	sigprocmask(SIG_BLOCK, NULL, &set);
	ok(sigismember(&set, SIGTERM) && sigismember(&set, SIGCHLD) &&
	   sigismember(&set, SIGRTMIN + 3),
	   "the init waits for TERM, CHLD and the real-time signals");
	ok(!sigismember(&set, SIGSEGV), "but not for SEGV");
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	ok(forwarded_to_child(SIGTERM), "kctr forwards TERM to the workload");
	ok(forwarded_to_child(SIGALRM), "kctr forwards ALRM");
	ok(forwarded_to_child(SIGRTMIN + 3), "kctr forwards SIGRTMIN+3");
	return tap_done();
}
