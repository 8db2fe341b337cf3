// SPDX-License-Identifier: GPL-2.0
/*
 * kctr_rm_tree (lib/rmtree.c), on a scratch tree without mounts: files,
 * directories and symlinks go, what the symlinks point to stays, a tree
 * nested far deeper than PATH_MAX goes whole, and so does a directory
 * with more entries than one getdents64 buffer holds. A directory that
 * reads empty but cannot be removed (unlinkat() below, as a file system
 * that lists less than it holds would answer) is an error, not a loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "image.h"
#include "tap.h"

static char top[256];

/*
 * libc's unlinkat, but a directory named "stuck" is never empty enough
 * to go: kctr_rm_tree (in libkctr.a) calls this one.
 */
int unlinkat(int dfd, const char *name, int flags)
{
	if ((flags & AT_REMOVEDIR) && !strcmp(name, "stuck")) {
		errno = ENOTEMPTY;
		return -1;
	}
	return syscall(SYS_unlinkat, dfd, name, flags);
}

static int exists(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	return !lstat(path, &st);
}

static void touch_at(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd >= 0)
		close(fd);
}

static int open_rel(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* @levels directories "d" inside each other below @rel, a file at the end. */
static int make_deep(const char *rel, int levels)
{
	int fd = open_rel(rel), next, i;

	for (i = 0; fd >= 0 && i < levels; i++) {
		if (mkdirat(fd, "d", 0755) && errno != EEXIST)
			break;
		next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	if (fd < 0)
		return -1;
	touch_at(fd, "bottom");
	close(fd);
	return i;
}

static void link_in(const char *rel, const char *target, const char *name)
{
	int fd = open_rel(rel);

	if (fd >= 0) {
		symlinkat(target, fd, name);
		close(fd);
	}
}

static void mkrel(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	mkdir(path, 0755);
}

int main(void)
{
	char tmpl[] = "/tmp/kctr-rmtree-test.XXXXXX", path[512], name[32];
	struct kctr_err err = { 0 };
	int fd, i;

	tap_plan(15);
	if (!mkdtemp(tmpl))
		return 1;
	snprintf(top, sizeof(top), "%s", tmpl);

	/* Symlinks to a file and to a directory outside the tree. */
	mkrel("outside");
	fd = open_rel("outside");
	touch_at(fd, "keep");
	close(fd);
	mkrel("t");
	mkrel("t/a");
	mkrel("t/a/b");
	mkrel("t/empty");
	fd = open_rel("t/a/b");
	touch_at(fd, "f");
	close(fd);
	snprintf(path, sizeof(path), "%s/outside", top);
	link_in("t/a", path, "to-dir");
	snprintf(path, sizeof(path), "%s/outside/keep", top);
	link_in("t", path, "to-file");
	snprintf(path, sizeof(path), "%s/t", top);
	is_int(kctr_rm_tree(path, &err), 0, "a tree with symlinks (%s)",
	       err.msg);
	ok(!exists("t"), "  is gone");
	ok(exists("outside/keep"), "  what its symlinks pointed to stays");

	/* 3000 levels: a path of 6000 bytes and more, past PATH_MAX. */
	mkrel("deep");
	is_int(make_deep("deep", 3000), 3000, "3000 nested directories made");
	snprintf(path, sizeof(path), "%s/deep", top);
	is_int(kctr_rm_tree(path, &err), 0,
	       "a tree deeper than PATH_MAX (%d) (%s)", PATH_MAX, err.msg);
	ok(!exists("deep"), "  is gone whole");

	/* More names than one 8 KiB getdents64 buffer holds. */
	mkrel("wide");
	fd = open_rel("wide");
	for (i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "file-with-a-long-name-%04d", i);
		touch_at(fd, name);
	}
	mkdirat(fd, "sub", 0755);
	close(fd);
	snprintf(path, sizeof(path), "%s/wide", top);
	is_int(kctr_rm_tree(path, &err), 0, "2000 files in one directory (%s)",
	       err.msg);
	ok(!exists("wide"), "  are gone");

	/* A file, a symlink, nothing. */
	fd = open_rel("");
	touch_at(fd, "file");
	symlinkat("outside", fd, "link");
	close(fd);
	snprintf(path, sizeof(path), "%s/file", top);
	is_int(kctr_rm_tree(path, &err), 0, "a file (%s)", err.msg);
	snprintf(path, sizeof(path), "%s/link", top);
	is_int(kctr_rm_tree(path, &err), 0, "a symlink to a directory (%s)",
	       err.msg);
	ok(!exists("link") && exists("outside/keep"),
	   "  the link goes, its directory stays");
	snprintf(path, sizeof(path), "%s/none", top);
	is_int(kctr_rm_tree(path, &err), 0, "a path that does not exist: 0");

	/* Bounded: a loop here would hang every spawn's garbage collection. */
	mkrel("odd");
	mkrel("odd/stuck");
	snprintf(path, sizeof(path), "%s/odd", top);
	alarm(20);
	is_int(kctr_rm_tree(path, &err), -ENOTEMPTY,
	       "a directory that reads empty but stays: an error (%s)",
	       err.msg);
	alarm(0);
	ok(strstr(err.msg, "not empty") != NULL,
	   "  which names ENOTEMPTY: %s", err.msg);
	rmdir(strcat(path, "/stuck"));
	err.msg[0] = '\0';

	is_int(kctr_rm_tree(tmpl, &err), 0, "the scratch tree (%s)", err.msg);
	return tap_done();
}
