// SPDX-License-Identifier: GPL-2.0
/*
 * The setup report a container's process sends to its kctr: what it
 * carries, and that sending it to a kctr already gone is harmless.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "tap.h"

/* Send a report into a pipe nobody reads any more; how did we end? */
static int send_to_closed_reader(void)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		kctr_report_send(fds[1], NULL);
		/* SIGPIPE's disposition is back to the default. */
		_exit(signal(SIGPIPE, SIG_DFL) == SIG_DFL ? 0 : 2);
	}
	close(fds[0]);
	close(fds[1]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int main(void)
{
	struct kctr_err sent = { 0 }, got = { 0 };
	int fds[2], status;

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

	status = send_to_closed_reader();
	ok(status == 0,
	   "reporting to a kctr that is gone does not kill the reporter (status %#x)",
	   status);
	return tap_done();
}
