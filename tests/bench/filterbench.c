// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel charges for kctr's default seccomp program in each of
 * libseccomp's layouts (userspace/lib/seccomp.c, "tree_layout"):
 *
 *   filterbench [RUNS]
 *
 * For the binary tree and for the linear list: the program's length, the
 * time of seccomp(SECCOMP_SET_MODE_FILTER) in a fresh child (mean and
 * minimum of RUNS children, default 200), and the cost of one call the
 * kernel's cache of always-allowed calls cannot cover, so that the filter
 * runs (personality(0xffffffff), a query: its argument is checked). Each
 * filter lives only in its child. A benchmark: it prints, never judges.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "caps.h"
#include "seccomp_profile.h"

#define CALLS 100000

struct sample {
	double install_ms;
	double call_ns;
};

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* In a child: install @prog (none if @len is 0), then make CALLS calls. */
static int measure(const void *prog, size_t len, bool calls,
		   struct sample *out)
{
	struct sock_fprog fp = { len / sizeof(struct sock_filter),
				 (struct sock_filter *)prog };
	int pfd[2], status;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct sample s = { 0 };
		double t0, t1;
		int i;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(1);
		/* Warm: the first calls of a child pay for its page faults. */
		for (i = 0; i < CALLS / 10; i++)
			syscall(SYS_personality, 0xffffffffUL);
		t0 = now_ms();
		if (len && syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp))
			_exit(2);
		t1 = now_ms();
		s.install_ms = t1 - t0;
		if (calls) {
			for (i = 0; i < CALLS; i++)
				syscall(SYS_personality, 0xffffffffUL);
			s.call_ns = (now_ms() - t1) * 1e6 / CALLS;
		}
		_exit(write(pfd[1], &s, sizeof(s)) == sizeof(s) ? 0 : 3);
	}
	close(pfd[1]);
	if (pid < 0 || read(pfd[0], out, sizeof(*out)) != sizeof(*out) ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		close(pfd[0]);
		return -1;
	}
	close(pfd[0]);
	return 0;
}

static int bench(const char *layout, bool tree, int runs)
{
	struct kctr_err err = { 0 };
	struct sample s, calls;
	double sum = 0, min = 1e9;
	void *prog = NULL;
	size_t len = 0;
	bool hit;
	int i;

	kctr_seccomp_use_tree(tree);
	if (kctr_seccomp_build_cached("default", kctr_caps_default(), NULL,
				      &prog, &len, &hit, &err)) {
		fprintf(stderr, "filterbench: %s: %s\n", layout, err.msg);
		return -1;
	}
	for (i = 0; i < runs; i++) {
		if (measure(prog, len, false, &s)) {
			fprintf(stderr, "filterbench: %s: the child failed\n",
				layout);
			free(prog);
			return -1;
		}
		sum += s.install_ms;
		if (s.install_ms < min)
			min = s.install_ms;
	}
	if (measure(prog, len, true, &calls)) {
		free(prog);
		return -1;
	}
	printf("| %s | %zu | %.3f ms | %.3f ms | %.0f ns |\n", layout,
	       len / sizeof(struct sock_filter), sum / runs, min, calls.call_ns);
	free(prog);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 200;
	struct sample none;
	int ret;

	if (runs < 1)
		runs = 1;
	printf("kctr's default profile, %d installs each\n\n", runs);
	printf("| layout | instructions | install, mean | install, min "
	       "| personality(2) under it |\n|---|---:|---:|---:|---:|\n");
	if (measure(NULL, 0, true, &none))
		return 1;
	printf("| no filter | 0 | | | %.0f ns |\n", none.call_ns);
	ret = bench("tree (libseccomp optimize 2)", true, runs);
	ret |= bench("list (optimize 1)", false, runs);
	return ret ? 1 : 0;
}
