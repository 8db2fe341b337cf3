// SPDX-License-Identifier: GPL-2.0
/*
 * The setup report a container's process sends to its kctr: what it
 * carries, and that sending it to a kctr already gone is harmless.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cinit.h"
#include "spawn.h"
#include "tap.h"

/*
 * Send a report into a pipe nobody reads any more; how did we end? With
 * @blocked, as spawn's init and exec's child do it: the forwarded signals
 * (SIGPIPE among them) blocked, where a SIGPIPE, even ignored, would be
 * queued and later forwarded to the workload.
 */
static int send_to_closed_reader(int blocked)
{
	sigset_t pending;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	close(fds[0]);		/* before the fork: the write gets EPIPE */
	pid = fork();
	if (pid == 0) {
		if (blocked)
			kctr_cinit_block(NULL);
		kctr_report_send(fds[1], NULL);
		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE))
			_exit(3);
		/* SIGPIPE's disposition is back to the default. */
		_exit(signal(SIGPIPE, SIG_DFL) == SIG_DFL ? 0 : 2);
	}
	close(fds[1]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/*
 * A child that reports success, then runs @path through
 * kctr_exec_reported(): what kctr_report_wait_exec() says, in @err, and
 * the child's exit status in @status.
 */
static int exec_after_report(const char *path, struct kctr_err *err,
			     int *status)
{
	char *argv[] = { (char *)path, NULL };
	int fds[2], ret;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		kctr_report_send(fds[1], NULL);
		kctr_exec_reported(argv, fds[1], true);
	}
	close(fds[1]);
	ret = kctr_report_recv(fds[0], err);
	if (!ret)
		ret = kctr_report_wait_exec(fds[0], err);
	close(fds[0]);
	waitpid(pid, status, 0);
	return ret;
}

int main(void)
{
	struct kctr_err sent = { 0 }, got = { 0 };
	int fds[2], status;

	tap_plan(12);
	if (pipe(fds))
		return 1;
	kctr_report_send(fds[1], NULL);
	is_int(kctr_report_recv(fds[0], &got), 0, "success arrives as 0");

	kctr_err_set(&sent, ENOENT, "rootfs: /x: No such file or directory");
	kctr_report_send(fds[1], &sent);
	is_int(kctr_report_recv(fds[0], &got), -ENOENT,
	       "a failure arrives with its errno");
	is_str(got.msg, "rootfs: /x: No such file or directory",
	       "and its message");

	close(fds[1]);
	is_int(kctr_report_recv(fds[0], &got), -EPIPE,
	       "no report at all is EPIPE");
	is_str(got.msg, "the container's first process exited during setup",
	       "which says the process exited");
	close(fds[0]);

	status = send_to_closed_reader(0);
	ok(status == 0,
	   "reporting to a kctr that is gone does not kill the reporter (status %#x)",
	   status);
	status = send_to_closed_reader(1);
	ok(status == 0,
	   "nor, with the signals blocked, leave a SIGPIPE pending for the workload (status %#x)",
	   status);

	memset(&got, 0, sizeof(got));
	is_int(exec_after_report("/bin/true", &got, &status), 0,
	       "an execve() that is done: end-of-file, 0");
	ok(WIFEXITED(status) && !WEXITSTATUS(status), "and the command ran");
	is_int(exec_after_report("/nonexistent/prog", &got, &status), -ENOENT,
	       "a failed execve() is reported after the good report");
	is_str(got.msg, "exec /nonexistent/prog: No such file or directory",
	       "with the program and the reason");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 127,
	   "and the child's status is 127, the shell's for not found");
	return tap_done();
}
