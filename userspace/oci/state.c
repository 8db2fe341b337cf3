// SPDX-License-Identifier: GPL-2.0
/*
 * <root>/<id>/state.json and the OCI state object. The file is private to
 * kctr-oci (its own field names); the object printed by `state` and fed to
 * hooks follows runtime.md "State".
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

#include "json.h"
#include "jsonparse.h"
#include "fileutil.h"
#include "state.h"

int oci_id_valid(const char *id, struct kctr_err *err)
{
	size_t i, n = id ? strlen(id) : 0;

	if (!n)
		return kctr_err_set(err, EINVAL, "invalid container id: empty");
	if (n > OCI_ID_MAX)
		return kctr_err_set(err, EINVAL,
				    "invalid container id: longer than %d bytes",
				    OCI_ID_MAX);
	/* runc allows these; the module's names (uapi 2) do not. */
	if (id[0] == '.' || id[0] == '-')
		return kctr_err_set(err, EINVAL,
				    "invalid container id \"%s\": it may not start with '.' or '-'",
				    id);
	for (i = 0; i < n; i++) {
		char c = id[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		    c == '.' || c == '-')
			continue;
		return kctr_err_set(err, EINVAL,
				    "invalid container id \"%s\": only [A-Za-z0-9_+.-] allowed",
				    id);
	}
	return 0;
}

int oci_state_dir(const char *root, const char *id, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", root, id);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* mkdir -p with @mode for each new level. */
static int mkdir_p(const char *path, mode_t mode)
{
	char buf[4096], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, mode) && errno != EEXIST)
		return -errno;
	return 0;
}

int oci_state_dir_create(const char *root, const char *id,
			 struct kctr_err *err)
{
	char dir[4096];
	int ret;

	ret = mkdir_p(root, 0700);
	if (ret)
		return kctr_err_set(err, -ret, "state root %s: %s", root,
				    strerror(-ret));
	if (oci_state_dir(root, id, dir, sizeof(dir)))
		return kctr_err_set(err, ENAMETOOLONG, "%s/%s: path too long",
				    root, id);
	if (mkdir(dir, 0700)) {
		if (errno == EEXIST)
			return kctr_err_set(err, EEXIST,
					    "container with id exists: %s", id);
		return kctr_err_set(err, errno, "state directory %s: %m", dir);
	}
	return 0;
}

static void json_strv(struct kj *j, const char *key, char **v)
{
	kj_arr_open(j, key);
	for (; v && *v; v++)
		kj_str(j, NULL, *v);
	kj_arr_close(j);
}

static void json_hooks(struct kj *j, const char *key,
		       const struct oci_hook_list *l)
{
	size_t i;

	kj_arr_open(j, key);
	for (i = 0; i < l->n; i++) {
		kj_obj_open(j, NULL);
		kj_str(j, "path", l->v[i].path);
		if (l->v[i].args)
			json_strv(j, "args", l->v[i].args);
		if (l->v[i].env)
			json_strv(j, "env", l->v[i].env);
		if (l->v[i].timeout)
			kj_i64(j, "timeout", l->v[i].timeout);
		kj_obj_close(j);
	}
	kj_arr_close(j);
}

static void json_annotations(struct kj *j, const struct oci_state *st)
{
	size_t i;

	kj_obj_open(j, "annotations");
	for (i = 0; i < st->nr_annotations; i++)
		kj_str(j, st->annotations[i].key, st->annotations[i].val);
	kj_obj_close(j);
}

char *oci_fmt_time(uint64_t ns, bool local, char *buf, size_t len)
{
	time_t t = (time_t)(ns / 1000000000ULL);
	char date[32], zone[32];
	struct tm tm;
	long off;

	if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm)) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "1970-01-01T00:00:00Z");
		return buf;
	}
	off = local ? tm.tm_gmtoff : 0;
	if (!off)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02ld:%02ld",
			 off < 0 ? '-' : '+', labs(off) / 3600,
			 labs(off) / 60 % 60);
	snprintf(buf, len, "%s.%09llu%s", date,
		 (unsigned long long)(ns % 1000000000ULL), zone);
	return buf;
}

int oci_state_to_json(const struct oci_state *st, char **out)
{
	char when[64];
	size_t size;
	struct kj j;
	FILE *f;

	f = open_memstream(out, &size);
	if (!f)
		return -errno;
	kj_init(&j, f, true);
	kj_obj_open(&j, NULL);
	kj_str(&j, "id", st->id);
	kj_u64(&j, "kernelId", st->kernel_id);
	kj_str(&j, "bundle", st->bundle ? st->bundle : "");
	kj_str(&j, "rootfs", st->rootfs ? st->rootfs : "");
	if (st->cgroups_path)
		kj_str(&j, "cgroupsPath", st->cgroups_path);
	kj_str(&j, "owner", st->owner ? st->owner : "");
	kj_str(&j, "created", oci_fmt_time(st->created_ns, false, when,
					   sizeof(when)));
	kj_u64(&j, "createdNs", st->created_ns);
	if (st->seccomp_flags)
		kj_u64(&j, "seccompFlags", st->seccomp_flags);
	kj_i64(&j, "pid", st->pid);
	json_annotations(&j, st);
	kj_obj_open(&j, "hooks");
	json_hooks(&j, "poststart", &st->poststart);
	json_hooks(&j, "poststop", &st->poststop);
	kj_obj_close(&j);
	kj_bool(&j, "systemdCgroup", st->systemd_cgroup);
	if (st->cgroup_manager)
		kj_str(&j, "cgroupManager", st->cgroup_manager);
	if (st->rootless)
		kj_str(&j, "rootless", st->rootless);
	kj_obj_close(&j);
	fputc('\n', f);
	if (fclose(f))
		return -errno;
	return 0;
}

int oci_state_write(const char *root, const struct oci_state *st,
		    struct kctr_err *err)
{
	char path[4096];
	char *text;
	int ret;

	if (snprintf(path, sizeof(path), "%s/%s/" OCI_STATE_FILE, root,
		     st->id) >= (int)sizeof(path))
		return kctr_err_set(err, ENAMETOOLONG, "%s/%s: path too long",
				    root, st->id);
	ret = oci_state_to_json(st, &text);
	if (ret)
		return kctr_err_set(err, -ret, "state of %s: %s", st->id,
				    strerror(-ret));
	ret = oci_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	return ret;
}

/* Members of a string, a string array or a number, checked by type. */
static int get_str(const struct kjson *o, const char *key, char **out,
		   struct kctr_err *err)
{
	const struct kjson *v = kjson_get(o, key);

	if (!v)
		return 0;
	if (v->type != KJSON_STRING)
		return kctr_err_set(err, EINVAL, "%s: not a string", key);
	*out = strdup(v->str);
	return *out ? 0 : kctr_err_set(err, ENOMEM, "out of memory");
}

static int get_strv(const struct kjson *v, const char *key, char ***out,
		    struct kctr_err *err)
{
	size_t i;

	if (!v)
		return 0;
	if (v->type != KJSON_ARRAY)
		return kctr_err_set(err, EINVAL, "%s: not an array", key);
	*out = calloc(v->n + 1, sizeof(char *));
	if (!*out)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type != KJSON_STRING)
			return kctr_err_set(err, EINVAL,
					    "%s[%zu]: not a string", key, i);
		(*out)[i] = strdup(v->items[i]->str);
		if (!(*out)[i])
			return kctr_err_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

static int get_u64(const struct kjson *o, const char *key, uint64_t *out,
		   struct kctr_err *err)
{
	const struct kjson *v = kjson_get(o, key);

	if (v && kjson_u64(v, out))
		return kctr_err_set(err, EINVAL, "%s: not a number", key);
	return 0;
}

static int parse_hooks(const struct kjson *arr, struct oci_hook_list *l,
		       struct kctr_err *err)
{
	uint64_t timeout;
	size_t i;
	int ret;

	if (!arr)
		return 0;
	if (arr->type != KJSON_ARRAY)
		return kctr_err_set(err, EINVAL, "hooks: not an array");
	l->v = calloc(arr->n ? arr->n : 1, sizeof(*l->v));
	if (!l->v)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < arr->n; i++) {
		const struct kjson *h = arr->items[i];
		struct oci_hook *o = &l->v[l->n++];

		if (h->type != KJSON_OBJECT)
			return kctr_err_set(err, EINVAL, "hook: not an object");
		timeout = 0;
		ret = get_str(h, "path", &o->path, err);
		if (!ret)
			ret = get_strv(kjson_get(h, "args"), "args", &o->args,
				       err);
		if (!ret)
			ret = get_strv(kjson_get(h, "env"), "env", &o->env,
				       err);
		if (!ret)
			ret = get_u64(h, "timeout", &timeout, err);
		if (ret)
			return ret;
		if (!o->path)
			return kctr_err_set(err, EINVAL, "hook without a path");
		o->timeout = timeout > 3600000 ? 3600000 : (int)timeout;
	}
	return 0;
}

static int parse_annotations(const struct kjson *o, struct oci_state *st,
			     struct kctr_err *err)
{
	size_t i;

	if (!o)
		return 0;
	if (o->type != KJSON_OBJECT)
		return kctr_err_set(err, EINVAL, "annotations: not an object");
	st->annotations = calloc(o->n ? o->n : 1, sizeof(*st->annotations));
	if (!st->annotations)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < o->n; i++) {
		if (o->items[i]->type != KJSON_STRING)
			return kctr_err_set(err, EINVAL,
					    "annotation %s: not a string",
					    o->keys[i]);
		st->annotations[i].key = strdup(o->keys[i]);
		st->annotations[i].val = strdup(o->items[i]->str);
		st->nr_annotations++;
		if (!st->annotations[i].key || !st->annotations[i].val)
			return kctr_err_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

int oci_state_from_json(const char *text, size_t len, struct oci_state *st,
			struct kctr_err *err)
{
	const struct kjson *v, *hooks;
	struct kjson *root;
	uint64_t pid = 0;
	char *id = NULL;
	int ret;

	memset(st, 0, sizeof(*st));
	root = kjson_parse(text, len, err);
	if (!root)
		return -EINVAL;
	ret = -EINVAL;
	if (root->type != KJSON_OBJECT) {
		kctr_err_set(err, EINVAL, "not an object");
		goto out;
	}
	ret = get_str(root, "id", &id, err);
	if (!ret && (!id || oci_id_valid(id, err)))
		ret = kctr_err_set(err, EINVAL, "no valid id");
	if (ret)
		goto out;
	snprintf(st->id, sizeof(st->id), "%s", id);
	ret = get_u64(root, "kernelId", &st->kernel_id, err);
	if (!ret)
		ret = get_str(root, "bundle", &st->bundle, err);
	if (!ret)
		ret = get_str(root, "rootfs", &st->rootfs, err);
	if (!ret)
		ret = get_str(root, "cgroupsPath", &st->cgroups_path, err);
	if (!ret)
		ret = get_str(root, "owner", &st->owner, err);
	if (!ret)
		ret = get_u64(root, "createdNs", &st->created_ns, err);
	if (!ret)
		ret = get_u64(root, "pid", &pid, err);
	if (!ret)
		ret = get_u64(root, "seccompFlags", &st->seccomp_flags, err);
	if (!ret)
		ret = parse_annotations(kjson_get(root, "annotations"), st,
					err);
	hooks = kjson_get(root, "hooks");
	if (!ret && hooks)
		ret = parse_hooks(kjson_get(hooks, "poststart"),
				  &st->poststart, err);
	if (!ret && hooks)
		ret = parse_hooks(kjson_get(hooks, "poststop"), &st->poststop,
				  err);
	v = kjson_get(root, "systemdCgroup");
	if (v && v->type == KJSON_BOOL)
		st->systemd_cgroup = v->boolean;
	if (!ret)
		ret = get_str(root, "cgroupManager", &st->cgroup_manager, err);
	if (!ret)
		ret = get_str(root, "rootless", &st->rootless, err);
	st->pid = pid > 0x7fffffff ? 0 : (int)pid;
out:
	free(id);
	kjson_free(root);
	if (ret)
		oci_state_free(st);
	return ret;
}

int oci_state_read(const char *root, const char *id, struct oci_state *st,
		   struct kctr_err *err)
{
	char path[4096], *text;
	size_t len;
	int ret;

	memset(st, 0, sizeof(*st));
	if (snprintf(path, sizeof(path), "%s/%s/" OCI_STATE_FILE, root, id) >=
	    (int)sizeof(path))
		return kctr_err_set(err, ENAMETOOLONG, "%s/%s: path too long",
				    root, id);
	ret = oci_read_file(path, &text, &len);
	if (ret == -ENOENT || ret == -ENOTDIR)
		return kctr_err_set(err, ENOENT,
				    "container \"%s\" does not exist", id);
	if (ret)
		return kctr_err_set(err, -ret, "%s: %s", path, strerror(-ret));
	ret = oci_state_from_json(text, len, st, err);
	free(text);
	if (ret)
		return kctr_err_wrap(err, "%s", path);
	if (strcmp(st->id, id)) {
		oci_state_free(st);
		return kctr_err_set(err, EINVAL, "%s: holds id \"%s\"", path,
				    st->id);
	}
	return 0;
}

int oci_state_remove(const char *root, const char *id, struct kctr_err *err)
{
	char dir[4096];
	struct dirent *de;
	int dfd, ret = 0;
	DIR *d;

	if (oci_state_dir(root, id, dir, sizeof(dir)))
		return kctr_err_set(err, ENAMETOOLONG, "%s/%s: path too long",
				    root, id);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0)
		return errno == ENOENT ? 0 :
			kctr_err_set(err, errno, "%s: %m", dir);
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return kctr_err_set(err, errno, "%s: %m", dir);
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (unlinkat(dfd, de->d_name, 0) && errno != ENOENT && !ret)
			ret = kctr_err_set(err, errno, "%s/%s: %m", dir,
					   de->d_name);
	}
	closedir(d);
	if (!ret && rmdir(dir) && errno != ENOENT)
		ret = kctr_err_set(err, errno, "%s: %m", dir);
	return ret;
}

static void free_strv(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

void oci_hook_list_free(struct oci_hook_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free_strv(l->v[i].args);
		free_strv(l->v[i].env);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void oci_state_free(struct oci_state *st)
{
	size_t i;

	free(st->bundle);
	free(st->rootfs);
	free(st->cgroups_path);
	free(st->owner);
	for (i = 0; i < st->nr_annotations; i++) {
		free(st->annotations[i].key);
		free(st->annotations[i].val);
	}
	free(st->annotations);
	oci_hook_list_free(&st->poststart);
	oci_hook_list_free(&st->poststop);
	free(st->cgroup_manager);
	free(st->rootless);
	memset(st, 0, sizeof(*st));
}

const char *oci_status_name(enum oci_status s)
{
	static const char *const names[] = {
		[OCI_STATUS_CREATING] = "creating",
		[OCI_STATUS_CREATED] = "created",
		[OCI_STATUS_RUNNING] = "running",
		[OCI_STATUS_STOPPED] = "stopped",
		[OCI_STATUS_PAUSED] = "paused",
	};

	return (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

enum oci_status oci_status_of(uint32_t kstate, bool frozen)
{
	switch (kstate) {
	case KCTR_STATE_CREATED:
		return frozen ? OCI_STATUS_PAUSED : OCI_STATUS_CREATED;
	case KCTR_STATE_RUNNING:
		return frozen ? OCI_STATUS_PAUSED : OCI_STATUS_RUNNING;
	default:
		/* Exited, or no record at all: the container is gone. */
		return OCI_STATUS_STOPPED;
	}
}

void oci_state_print(FILE *f, const struct oci_state *st,
		     enum oci_status status, bool extras, bool pretty)
{
	char when[64];
	struct kj j;

	kj_init(&j, f, pretty);
	kj_obj_open(&j, NULL);
	kj_str(&j, "ociVersion", OCI_SPEC_VERSION);
	kj_str(&j, "id", st->id);
	kj_str(&j, "status", oci_status_name(status));
	/* REQUIRED while the process exists, meaningless once it is gone. */
	if (status != OCI_STATUS_STOPPED && st->pid > 0)
		kj_i64(&j, "pid", st->pid);
	kj_str(&j, "bundle", st->bundle ? st->bundle : "");
	if (extras) {
		kj_str(&j, "rootfs", st->rootfs ? st->rootfs : "");
		kj_str(&j, "created", oci_fmt_time(st->created_ns, false,
						   when, sizeof(when)));
		kj_str(&j, "owner", st->owner ? st->owner : "");
	}
	json_annotations(&j, st);
	kj_obj_close(&j);
	if (pretty)
		fputc('\n', f);
}

char *oci_state_string(const struct oci_state *st, enum oci_status status,
		       bool extras)
{
	char *out = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&out, &size);
	if (!f)
		return NULL;
	oci_state_print(f, st, status, extras, false);
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}
