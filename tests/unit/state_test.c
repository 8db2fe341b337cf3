// SPDX-License-Identifier: GPL-2.0
/*
 * The state tree on the host, no mounts: a 0700 top, containers/<id> made
 * exclusively (a stale one removed, never reused), gc of every id the
 * module does not list, whatever its id.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "tap.h"

static char top[256];

static int mode_of(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	return stat(path, &st) ? -errno : (int)(st.st_mode & 07777);
}

static void touch(const char *rel)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd >= 0)
		close(fd);
}

static void mkrel(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	mkdir(path, 0755);
}

int main(void)
{
	char tmpl[] = "/tmp/kctr-state-test.XXXXXX", dir[512];
	struct kctr_err err = { 0 };
	uint64_t live[] = { 5, 7 };
	int fd;

	tap_plan(20);
	if (!mkdtemp(tmpl))
		return 1;
	snprintf(top, sizeof(top), "%s/state", tmpl);
	setenv("KCTR_STATE_DIR", top, 1);

	fd = kctr_container_state_lock(&err);
	ok(fd >= 0, "lock makes containers/ (%s)", err.msg);
	close(fd);
	is_int(mode_of(""), 0700, "a new state top is 0700");
	ok(!kctr_container_state_any(), "an empty containers/: no gc to do");

	is_int(kctr_container_state_create(5, dir, sizeof(dir), &err), 0,
	       "containers/5 made");
	is_int(mode_of("containers/5"), 0700, "containers/5 is 0700");
	ok(kctr_container_state_any(), "containers/5: a gc has work");
	mkrel("containers/5/upper");
	touch("containers/5/upper/old-file");
	touch("containers/5/log");
	is_int(kctr_container_state_create(5, dir, sizeof(dir), &err), 0,
	       "the same id again: made anew");
	is_int(mode_of("containers/5/upper/old-file"), -ENOENT,
	       "nothing of the stale dir's upper is left");
	is_int(mode_of("containers/5/log"), -ENOENT, "nor its log");

	mkrel("containers/3");
	mkrel("containers/7");
	mkrel("containers/999999");
	touch("containers/999999/log");
	mkrel("containers/not-an-id");
	kctr_container_state_gc(live, 2);
	is_int(mode_of("containers/3"), -ENOENT, "gc: a stale id below is removed");
	is_int(mode_of("containers/999999"), -ENOENT,
	       "gc: a stale id above the live ones is removed too");
	is_int(mode_of("containers/5"), 0700, "gc: a live one stays");
	is_int(mode_of("containers/7"), 0755, "gc: another live one stays");
	is_int(mode_of("containers/not-an-id"), 0755,
	       "gc: a name that is no id is not touched");

	chmod(top, 0755);
	fd = kctr_container_state_lock(&err);
	close(fd);
	is_int(mode_of(""), 0700, "a world-readable top is made 0700 again");
	chmod(top, 0710);
	fd = kctr_container_state_lock(&err);
	close(fd);
	is_int(mode_of(""), 0710, "0710 (a --userns root's group) is kept");

	kctr_container_state_gc(NULL, 0);
	is_int(mode_of("containers/5"), -ENOENT, "gc with none live: 5 goes");
	ok(!kctr_container_state_any(),
	   "only a name that is no id left: no gc to do");

	/* A state top whose parents are missing: made, the top 0700. */
	snprintf(top, sizeof(top), "%s/new/deeper/state", tmpl);
	setenv("KCTR_STATE_DIR", top, 1);
	snprintf(dir, sizeof(dir), "%s/containers", top);
	is_int(kctr_mkdir_p(dir, &err), 0,
	       "mkdir -p below a state top not there yet");
	ok(mode_of("") == 0700 && mode_of("containers") == 0755,
	   "its parents made, the top 0700, containers/ 0755");

	kctr_rm_tree(tmpl, NULL);
	return tap_done();
}
