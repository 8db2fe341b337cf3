// SPDX-License-Identifier: GPL-2.0
/* Which signals reach the workload, through kctr and through its init. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cinit.h"
#include "spawn.h"
#include "util.h"
#include "tap.h"

/*
 * As spawn and exec do it: the forwarded signals are held across the fork
 * of a child that waits for @sig, then this process forwards to it. With
 * @early, @sig arrives while held, in the window between the fork and the
 * forwarder, where it used to end kctr. True if the child got it.
 */
static int forwarded_to_child(int sig, int early)
{
	sigset_t set, held;
	int got;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, sig);
	kctr_cinit_block(&held);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { .tv_sec = 5 };

		_exit(sigtimedwait(&set, NULL, &ts) == sig ? 0 : 1);
	}
	if (early)
		raise(sig);
	kctr_forward_signals(pid, &held);
	if (!early)
		raise(sig);
	got = kctr_wait_code(pid) == 0;
	signal(sig, SIG_DFL);
	return got;
}

/*
 * As spawn's init does it: signals held, fork a workload, become the
 * static init from its sealed memfd. The workload exits with @code when
 * it gets @sig (0: at once); @sig is sent to the init. The init's status.
 */
static int through_static_init(int sig, int code)
{
	struct kctr_err err = { 0 };
	sigset_t held, set;
	int fd, status;
	pid_t init, pid;

	fd = kctr_cinit_memfd(&err);
	if (fd < 0)
		return -1;
	kctr_cinit_block(&held);
	init = fork();
	if (!init) {
		pid = fork();
		if (!pid) {
			struct timespec ts = { .tv_sec = 10 };

			sigemptyset(&set);
			if (sig)
				sigaddset(&set, sig);
			if (sig && sigtimedwait(&set, NULL, &ts) != sig)
				_exit(99);
			_exit(code);
		}
		kctr_cinit_exec(fd, pid);
		_exit(98);
	}
	close(fd);
	if (sig)
		kill(init, sig);	/* held, or pending across the exec */
	sigprocmask(SIG_SETMASK, &held, NULL);
	if (waitpid(init, &status, 0) != init)
		return -1;
	return kctr_cinit_code(status);
}

/* In a child (it closes stdout): bit 0 kept ones open, bit 8 others shut. */
static int close_except_result(void)
{
	int status;
	pid_t pid = fork();

	if (!pid) {
		int a = dup(0), b = dup(0), c = dup(0), keep[] = { 2, -1, b };
		int r = 0;

		kctr_close_fds_except(keep, 3);
		if (fcntl(b, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
			r |= 1;
		if (fcntl(a, F_GETFD) < 0 && fcntl(c, F_GETFD) < 0 &&
		    fcntl(0, F_GETFD) < 0 && fcntl(1, F_GETFD) < 0)
			r |= 2;
		_exit(r);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return (WEXITSTATUS(status) & 1) | (WEXITSTATUS(status) & 2) << 7;
}

/* kctr_setup_interrupted() with @sig pending: its errno, message in @msg. */
static int interrupted_by(int sig, char *msg, size_t len)
{
	struct kctr_err err = { 0 };
	sigset_t set, old;
	int ret;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(sig);
	ret = kctr_setup_interrupted(&err);
	snprintf(msg, len, "%s", ret ? err.msg : "");
	sigwaitinfo(&set, NULL);	/* consume it */
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

int main(void)
{
	struct kctr_err err = { 0 };
	char msg[sizeof(((struct kctr_err *)0)->msg)];
	sigset_t set;

	tap_plan(27);
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

	ok(forwarded_to_child(SIGTERM, 0), "kctr forwards TERM to the workload");
	ok(forwarded_to_child(SIGALRM, 0), "kctr forwards ALRM");
	ok(forwarded_to_child(SIGRTMIN + 3, 0), "kctr forwards SIGRTMIN+3");
	ok(forwarded_to_child(SIGTERM, 1),
	   "a TERM that came between the clone and the forwarder is forwarded");
	ok(forwarded_to_child(SIGRTMIN + 3, 1), "so is a SIGRTMIN+3");
	sigprocmask(SIG_BLOCK, NULL, &set);
	ok(!sigismember(&set, SIGTERM) && !sigismember(&set, SIGCHLD),
	   "kctr's own mask is restored once it forwards");

	is_int(through_static_init(0, 7), 7,
	       "the static init exits with the workload's status");
	is_int(through_static_init(SIGTERM, 42), 42,
	       "it forwards TERM sent before and across its exec");
	is_int(through_static_init(SIGRTMIN + 3, 43), 43,
	       "and SIGRTMIN+3");
	is_int(through_static_init(SIGUSR1, 0), 0, "and USR1");
	{
		struct kctr_err e2 = { 0 };
		int fd = kctr_cinit_memfd(&e2);

		ok(fd >= 0 && (fcntl(fd, F_GET_SEALS) & (F_SEAL_SEAL |
		   F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK)) ==
		   (F_SEAL_SEAL | F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK),
		   "the init's memfd is sealed");
		ok(fd >= 0 && write(fd, "x", 1) < 0 && errno == EPERM,
		   "and cannot be written");
		ok(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC),
		   "and is close-on-exec");
		if (fd >= 0)
			close(fd);
	}
	is_int(close_except_result() & 1, 1,
	       "kctr_close_fds_except keeps what it is given");
	is_int(close_except_result() >> 8, 1, "and closes every other fd");

	ok(kctr_setup_interrupted(&err) == 0, "nothing pending: setup goes on");
	ok(interrupted_by(SIGTERM, msg, sizeof(msg)) == -EINTR,
	   "a pending TERM interrupts the setup");
	is_str(msg, "interrupted by SIGTERM during setup", "and says so");
	ok(interrupted_by(SIGINT, msg, sizeof(msg)) == -EINTR,
	   "so does INT (Ctrl-C)");
	ok(interrupted_by(SIGUSR1, msg, sizeof(msg)) == 0,
	   "USR1 does not: it waits for the workload");
	return tap_done();
}
