// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci's state: id rules, state.json written atomically in a 0700
 * directory and read back, the OCI state object (parsed back, pid only
 * while alive, created as RFC 3339 with nanoseconds), the pid file, and
 * the cgroup files pause/ps read (fakes in a temporary directory).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/kctr.h>

#include "jsonparse.h"
#include "oci/cgroup.h"
#include "oci/fileutil.h"
#include "oci/state.h"
#include "tap.h"

static char top[256];

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -errno : (int)(st.st_mode & 07777);
}

/* Entries of @dir other than . and .. */
static int entries(const char *dir)
{
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void ids(void)
{
	char id[300];
	struct kctr_err err = { 0 };

	ok(!oci_id_valid("c1", &err), "c1 is an id");
	ok(!oci_id_valid("4070d0e3-41dc-4b48-9635-e5688232ef54", &err),
	   "a uuid is an id");
	ok(!oci_id_valid("a+b_c.d-E9", &err), "every allowed character");
	memset(id, 'a', 255);
	id[255] = '\0';
	ok(!oci_id_valid(id, &err), "255 bytes is an id");
	id[255] = 'a';
	id[256] = '\0';
	ok(oci_id_valid(id, &err) == -EINVAL, "256 bytes is not");
	ok(oci_id_valid("", &err) == -EINVAL, "empty is not");
	ok(oci_id_valid(".", &err) == -EINVAL, ". is not");
	ok(oci_id_valid("..", &err) == -EINVAL, ".. is not");
	ok(oci_id_valid("a/b", &err) == -EINVAL, "a slash is not");
	ok(oci_id_valid("a b", &err) == -EINVAL, "a space is not");
	ok(oci_id_valid("a:b", &err) == -EINVAL, "a colon is not");
	ok(oci_id_valid(".hidden", &err) == -EINVAL,
	   "a leading . is not (the module refuses it)");
	ok(oci_id_valid("-x", &err) == -EINVAL, "a leading - is not");
	ok(!oci_id_valid("a..b-", &err), "dots and dashes inside are");
}

static struct oci_state sample(void)
{
	static char *args[] = { "hook", "--flag", NULL };
	static char *env[] = { "A=1", NULL };
	static struct oci_hook hook = { "/bin/true", args, env, 5 };
	static struct oci_annotation ann[] = {
		{ "io.kubernetes.cri.sandbox-id", "abc" },
		{ "quote", "a \"b\"\n" },
	};
	struct oci_state st = { 0 };

	snprintf(st.id, sizeof(st.id), "c1");
	st.kernel_id = 42;
	st.bundle = "/b";
	st.rootfs = "/b/rootfs";
	st.cgroups_path = "/docker/c1";
	st.owner = "root";
	st.created_ns = 1764632400123456789ULL;	/* 2025-12-01T23:40:00.123456789Z */
	st.pid = 1234;
	st.annotations = ann;
	st.nr_annotations = 2;
	st.poststop.v = &hook;
	st.poststop.n = 1;
	st.cgroup_manager = "cgroupfs";
	st.seccomp_flags = 6;	/* SECCOMP_FILTER_FLAG_LOG | _SPEC_ALLOW */
	return st;
}

static void files(void)
{
	struct oci_state st = sample(), back;
	struct kctr_err err = { 0 };
	char root[300], dir[400], path[500];

	snprintf(root, sizeof(root), "%s/root/sub", top);
	is_int(oci_state_dir_create(root, "c1", &err), 0,
	       "state dir created with its parents: %s", err.msg);
	snprintf(dir, sizeof(dir), "%s/c1", root);
	is_int(mode_of(root), 0700, "root is 0700");
	is_int(mode_of(dir), 0700, "state dir is 0700");
	is_int(oci_state_dir_create(root, "c1", &err), -EEXIST,
	       "a second create of the same id fails");
	ok(strstr(err.msg, "exists") != NULL, "  saying it exists: %s",
	   err.msg);
	is_int(oci_state_write(root, &st, &err), 0, "state.json written");
	snprintf(path, sizeof(path), "%s/state.json", dir);
	is_int(mode_of(path), 0600, "state.json is 0600");
	is_int(entries(dir), 1, "no temporary file left behind");
	is_int(oci_state_read(root, "c1", &back, &err), 0, "read back: %s",
	       err.msg);
	is_u64(back.kernel_id, 42, "kernel id");
	is_str(back.bundle, "/b", "bundle");
	is_str(back.rootfs, "/b/rootfs", "rootfs");
	is_str(back.cgroups_path, "/docker/c1", "cgroupsPath");
	is_u64(back.seccomp_flags, 6, "seccompFlags, for exec's filter");
	is_str(back.owner, "root", "owner");
	is_u64(back.created_ns, st.created_ns, "created, to the nanosecond");
	is_int(back.pid, 1234, "pid");
	is_int(back.nr_annotations, 2, "annotations");
	is_str(back.annotations[1].val, "a \"b\"\n", "  escaped value");
	is_int(back.poststop.n, 1, "one poststop hook");
	is_str(back.poststop.v[0].path, "/bin/true", "  its path");
	is_str(back.poststop.v[0].args[1], "--flag", "  its args");
	ok(!back.poststop.v[0].args[2], "  NULL-terminated");
	is_str(back.poststop.v[0].env[0], "A=1", "  its env");
	is_int(back.poststop.v[0].timeout, 5, "  its timeout");
	is_str(back.cgroup_manager, "cgroupfs", "recorded --cgroup-manager");
	oci_state_free(&back);

	/* A rewrite replaces the file whole. */
	st.pid = 99;
	is_int(oci_state_write(root, &st, &err), 0, "rewritten");
	is_int(oci_state_read(root, "c1", &back, &err), 0, "read again");
	is_int(back.pid, 99, "  the new content");
	oci_state_free(&back);

	is_int(oci_state_read(root, "nope", &back, &err), -ENOENT,
	       "an unknown id");
	is_str(err.msg, "container \"nope\" does not exist",
	       "  \"does not exist\", as engines match");
	is_int(oci_state_dir_create(root, "nostate", &err), 0,
	       "a directory without state.json");
	is_int(oci_state_read(root, "nostate", &back, &err), -ENOENT,
	       "  does not exist either");

	snprintf(path, sizeof(path), "%s/exec.fifo", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	is_int(oci_state_remove(root, "c1", &err), 0, "removed");
	is_int(mode_of(dir), -ENOENT, "  the directory is gone");
	is_int(oci_state_remove(root, "c1", &err), 0,
	       "removing it again is no error");
}

static void object(void)
{
	struct oci_state st = sample();
	struct kctr_err err = { 0 };
	const struct kjson *ann;
	struct kjson *v;
	char *s;

	s = oci_state_string(&st, OCI_STATUS_RUNNING, true);
	ok(s != NULL, "state object");
	v = s ? kjson_parse(s, strlen(s), &err) : NULL;
	ok(v && v->type == KJSON_OBJECT, "  is a JSON object: %s", err.msg);
	if (!v) {
		free(s);
		return;
	}
	is_str(kjson_get(v, "ociVersion")->str, "1.0.2", "  ociVersion");
	is_str(kjson_get(v, "id")->str, "c1", "  id");
	is_str(kjson_get(v, "status")->str, "running", "  status");
	is_str(kjson_get(v, "pid")->str, "1234", "  pid");
	is_str(kjson_get(v, "bundle")->str, "/b", "  bundle");
	is_str(kjson_get(v, "rootfs")->str, "/b/rootfs", "  rootfs");
	is_str(kjson_get(v, "created")->str, "2025-12-01T23:40:00.123456789Z",
	       "  created: RFC 3339, nanoseconds, as Go decodes it");
	is_str(kjson_get(v, "owner")->str, "root", "  owner");
	ann = kjson_get(v, "annotations");
	ok(ann && ann->type == KJSON_OBJECT && ann->n == 2,
	   "  annotations object");
	kjson_free(v);
	free(s);

	s = oci_state_string(&st, OCI_STATUS_STOPPED, false);
	v = kjson_parse(s, strlen(s), &err);
	ok(v && !kjson_get(v, "pid"), "stopped: no pid");
	ok(v && !kjson_get(v, "rootfs") && !kjson_get(v, "created"),
	   "hook form: the spec's fields only");
	kjson_free(v);
	free(s);
}

static void status(void)
{
	is_str(oci_status_name(oci_status_of(KCTR_STATE_CREATED, false)),
	       "created", "CREATED -> created");
	is_str(oci_status_name(oci_status_of(KCTR_STATE_RUNNING, false)),
	       "running", "RUNNING -> running");
	is_str(oci_status_name(oci_status_of(KCTR_STATE_RUNNING, true)),
	       "paused", "RUNNING and frozen -> paused");
	is_str(oci_status_name(oci_status_of(KCTR_STATE_STOPPED, true)),
	       "stopped", "STOPPED -> stopped, frozen or not");
	is_str(oci_status_name(oci_status_of(0, false)), "stopped",
	       "no kernel record -> stopped");
}

static void times(void)
{
	char buf[64];

	is_str(oci_fmt_time(0, false, buf, sizeof(buf)),
	       "1970-01-01T00:00:00.000000000Z", "epoch");
	setenv("TZ", "CET-1", 1);
	tzset();
	is_str(oci_fmt_time(1000000005ULL, true, buf, sizeof(buf)),
	       "1970-01-01T01:00:01.000000005+01:00", "local offset");
	setenv("TZ", "UTC0", 1);
	tzset();
	is_str(oci_fmt_time(1000000005ULL, true, buf, sizeof(buf)),
	       "1970-01-01T00:00:01.000000005Z", "local UTC is Z");
}

static void pid_file(void)
{
	struct kctr_err err = { 0 };
	char path[400], dir[300], *text = NULL;

	snprintf(dir, sizeof(dir), "%s/pid", top);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/init.pid", dir);
	is_int(oci_pid_file_write(path, 4321, &err), 0, "pid file written");
	ok(!oci_read_file(path, &text, NULL) && !strcmp(text, "4321"),
	   "  \"4321\", no newline");
	free(text);
	is_int(oci_pid_file_write(path, 7, &err), 0, "replaced");
	ok(!oci_read_file(path, &text, NULL) && !strcmp(text, "7"),
	   "  whole: \"7\"");
	free(text);
	is_int(mode_of(path), 0644, "  0644");
	is_int(entries(dir), 1, "  no temporary file left");
	snprintf(path, sizeof(path), "%s/missing/init.pid", top);
	ok(oci_pid_file_write(path, 7, &err) < 0 &&
	   strstr(err.msg, "pid file") != NULL,
	   "a missing directory: %s", err.msg);
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[400];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror("write");
		close(fd);
	}
}

static void cgroup(void)
{
	struct kctr_err err = { 0 };
	char dir[300], path[400], *text = NULL;
	pid_t *pids;
	size_t nr;

	ok(oci_cgroup_events_frozen("populated 1\nfrozen 1\n") == 1,
	   "events: frozen 1");
	ok(oci_cgroup_events_frozen("populated 1\nfrozen 0\n") == 0,
	   "events: frozen 0");
	ok(oci_cgroup_events_frozen("populated 0\n") == 0,
	   "events: no frozen line");
	snprintf(dir, sizeof(dir), "%s/cg", top);
	mkdir(dir, 0755);
	put(dir, "cgroup.procs", "12\n345\n6\n");
	is_int(oci_cgroup_procs(dir, &pids, &nr, &err), 0, "cgroup.procs");
	ok(nr == 3 && pids[0] == 12 && pids[1] == 345 && pids[2] == 6,
	   "  three pids in order");
	free(pids);
	put(dir, "cgroup.procs", "");
	is_int(oci_cgroup_procs(dir, &pids, &nr, &err), 0, "empty procs");
	is_int(nr, 0, "  none");
	free(pids);
	is_int(oci_cgroup_signal_all(dir, 0, &err), -ESRCH,
	       "signal with no process");
	is_str(err.msg, "no such process", "  \"no such process\"");
	put(dir, "cgroup.freeze", "0\n");
	put(dir, "cgroup.events", "populated 1\nfrozen 1\n");
	is_int(oci_cgroup_freeze(dir, true, 1000, &err), 0,
	       "freeze returns once events says frozen");
	snprintf(path, sizeof(path), "%s/cgroup.freeze", dir);
	ok(!oci_read_file(path, &text, NULL) && text[0] == '1',
	   "  cgroup.freeze written 1");
	free(text);
	is_int(oci_cgroup_freeze(dir, false, 300, &err), -ETIMEDOUT,
	       "thaw times out while events says frozen");
	ok(strstr(err.msg, "still frozen") != NULL, "  says so: %s",
	   err.msg);
}

int main(void)
{
	tap_plan(91);
	snprintf(top, sizeof(top), "/tmp/oci_state_test.XXXXXX");
	if (!mkdtemp(top)) {
		perror("mkdtemp");
		return 1;
	}
	ids();
	files();
	object();
	status();
	times();
	pid_file();
	cgroup();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf -- %s", top);
		if (system(cmd))
			perror("rm");
	}
	return tap_done();
}
