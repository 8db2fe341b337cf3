// SPDX-License-Identifier: GPL-2.0
/*
 * Run inside a container as its root: look for a way to the host through
 * kctr's own processes there (pid 1 and any process still named "kctr":
 * exec's joiner before it runs the command). For each: every fd in
 * /proc/PID/fd, walking ".." from it looking for MARKER (a path that
 * exists on the host only); /proc/PID/{mem,environ,maps} read; exe, cwd,
 * root readlink; exe opened for writing; PTRACE_ATTACH. Prints one line
 * per way that worked ("ESCAPE ...") and, at the end, "seen N" (how many
 * times a kctr process was examined), "seen-exec N" (of them, not pid 1)
 * and "checked N" (attempts made).
 *
 *   escape-handle MARKER once
 *   escape-handle MARKER loop STOPFILE   (until STOPFILE exists)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *marker;
static long seen, seen_exec, checked, escapes;

static void escape(const char *what, int pid, const char *detail)
{
	escapes++;
	printf("ESCAPE %s pid %d %s\n", what, pid, detail);
	fflush(stdout);
}

/* From @fd, walk ".." up to the top, looking for the marker. */
static void walk(int pid, const char *fdname)
{
	char path[320];
	int d, up, i;

	snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid, fdname);
	d = open(path, O_PATH);
	if (d < 0)
		return;
	checked++;
	for (i = 0; i < 64; i++) {
		if (!faccessat(d, marker, F_OK, 0)) {
			escape("fd-walk", pid, path);
			break;
		}
		up = openat(d, "..", O_PATH | O_DIRECTORY);
		close(d);
		if (up < 0)
			return;
		d = up;
	}
	close(d);
}

static void try_open(int pid, const char *file, int flags)
{
	char path[64], buf[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, flags);
	checked++;
	if (fd < 0)
		return;
	/* exe opened for writing, or anything that reads */
	if (flags != O_RDONLY || read(fd, buf, sizeof(buf)) > 0)
		escape(flags == O_RDONLY ? "read" : "write", pid, path);
	close(fd);
}

static void try_link(int pid, const char *file)
{
	char path[64], target[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	n = readlink(path, target, sizeof(target) - 1);
	checked++;
	if (n < 0)
		return;
	target[n] = '\0';
	/* The static init's exe is its memfd: not the host's binary. */
	if (!strcmp(file, "exe") && !strncmp(target, "/memfd:kctr-init", 16))
		return;
	escape("readlink", pid, target);
}

static void try_ptrace(int pid)
{
	checked++;
	if (ptrace(PTRACE_ATTACH, pid, 0, 0))
		return;
	escape("ptrace", pid, "attached");
	waitpid(pid, NULL, __WALL);
	ptrace(PTRACE_DETACH, pid, 0, 0);
}

static void examine(int pid)
{
	char path[64];
	struct dirent *e;
	DIR *dir;

	seen++;
	if (pid != 1)
		seen_exec++;
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	if (dir) {
		while ((e = readdir(dir)))
			if (e->d_name[0] != '.')
				walk(pid, e->d_name);
		closedir(dir);
	}
	try_open(pid, "mem", O_RDONLY);
	try_open(pid, "environ", O_RDONLY);
	try_open(pid, "maps", O_RDONLY);
	try_open(pid, "exe", O_WRONLY);
	try_link(pid, "exe");
	try_link(pid, "cwd");
	try_link(pid, "root");
	try_ptrace(pid);
}

static int is_kctr(int pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	if (pid == 1)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return !strcmp(comm, "kctr\n");
}

static void scan(void)
{
	struct dirent *e;
	DIR *dir = opendir("/proc");
	int pid;

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		pid = atoi(e->d_name);
		if (pid > 0 && pid != getpid() && is_kctr(pid))
			examine(pid);
	}
	closedir(dir);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: escape-handle MARKER once|loop STOP\n");
		return 2;
	}
	/* relative: faccessat() from each directory reached */
	marker = argv[1] + (argv[1][0] == '/');
	if (!access(argv[1], F_OK)) {
		fprintf(stderr, "escape-handle: %s exists in here\n", argv[1]);
		return 2;
	}
	if (!strcmp(argv[2], "loop") && argc > 3) {
		/* a pause between scans: one vCPU is shared with kctr exec */
		struct timespec ms = { 0, 1000000 };

		while (access(argv[3], F_OK)) {
			scan();
			nanosleep(&ms, NULL);
		}
	} else {
		scan();
	}
	printf("seen %ld\nseen-exec %ld\nchecked %ld\n", seen, seen_exec,
	       checked);
	return escapes ? 1 : 0;
}
