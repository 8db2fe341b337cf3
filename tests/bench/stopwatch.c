// SPDX-License-Identifier: GPL-2.0
/*
 * stopwatch COMMAND [ARG...]: runs COMMAND and prints, on stderr, the
 * stamps that frame it in the format of kctr's KCTR_TRACE_TIMES timeline
 * (userspace/lib/trace.h): "kctr-trace PID NS begin" before the fork,
 * "... end" once the child is reaped, NS being CLOCK_MONOTONIC. Between
 * them, kctr's own stamps: breakdown.sh turns them into a table. Exits
 * with the command's status. Static: its own start costs nothing
 * measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void stamp(const char *what)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "kctr-trace %d %lld %s\n", (int)getpid(),
		(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec, what);
}

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: stopwatch COMMAND [ARG...]\n");
		return 2;
	}
	stamp("begin");
	pid = fork();
	if (pid < 0) {
		perror("stopwatch: fork");
		return 1;
	}
	if (!pid) {
		execvp(argv[1], argv + 1);
		perror("stopwatch: exec");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("stopwatch: waitpid");
		return 1;
	}
	stamp("end");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
