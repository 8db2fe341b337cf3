// SPDX-License-Identifier: GPL-2.0
/*
 * config.json and process.json into struct kctr_oci_config: a walk over
 * the strict JSON tree that knows the spec's fields. See config.h for the
 * rules and Documentation/oci.md for what each field becomes.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/kctr.h>
#include <linux/seccomp.h>

#include "caps.h"
#include "config.h"
#include "json.h"
#include "jsonparse.h"

#define CONFIG_MAX_BYTES	(16 << 20)
#define PATH_LEN		256
#define MAP_MAX_EXTENTS		340	/* KCTR_MAP_MAX_EXTENTS */
#define BIT64(n)		((uint64_t)1 << (n))
#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))

struct ctx {
	const char *name;		/* "config.json" */
	struct kctr_err *err;
	uint64_t *unsup;
};

/* ---- paths and errors ---- */

/* Paths longer than PATH_LEN end in "..." (messages only). */
static void cut(char *out, int n)
{
	if (n >= PATH_LEN)
		strcpy(out + PATH_LEN - 4, "...");
}

static void join(char *out, const char *path, const char *key)
{
	cut(out, snprintf(out, PATH_LEN, "%s%s%s", path, *path ? "." : "",
			  key));
}

static void join_index(char *out, const char *path, size_t i)
{
	cut(out, snprintf(out, PATH_LEN, "%s[%zu]", path, i));
}

static __attribute__((format(printf, 3, 4)))
int perr(struct ctx *c, const char *path, const char *fmt, ...)
{
	char why[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (*path)
		return kctr_err_set(c->err, EINVAL, "%s: %s: %s", c->name,
				    path, why);
	return kctr_err_set(c->err, EINVAL, "%s: %s", c->name, why);
}

static int nomem(struct ctx *c)
{
	return kctr_err_set(c->err, ENOMEM, "%s: out of memory", c->name);
}

static void flag_unsup(struct ctx *c, enum kctr_oci_unsup u)
{
	if (c->unsup)
		*c->unsup |= BIT64(u);
}

/* A member, with JSON null taken as absent. */
static const struct kjson *member(const struct kjson *obj, const char *key)
{
	const struct kjson *v = kjson_get(obj, key);

	return v && v->type != KJSON_NULL ? v : NULL;
}

static bool nonempty(const struct kjson *v)
{
	if (!v)
		return false;
	if (v->type == KJSON_OBJECT || v->type == KJSON_ARRAY)
		return v->n > 0;
	if (v->type == KJSON_STRING)
		return v->str[0] != '\0';
	if (v->type == KJSON_NUMBER)
		return strcmp(v->str, "0") != 0;
	return v->type == KJSON_BOOL ? v->boolean : false;
}

static int want(struct ctx *c, const struct kjson *v, enum kjson_type t,
		const char *path)
{
	static const char *const names[] = {
		[KJSON_NULL] = "null", [KJSON_BOOL] = "a boolean",
		[KJSON_NUMBER] = "a number", [KJSON_STRING] = "a string",
		[KJSON_ARRAY] = "an array", [KJSON_OBJECT] = "an object",
	};

	if (v->type != t)
		return perr(c, path, "expected %s, not %s", names[t],
			    kjson_type_name(v->type));
	return 0;
}

static int int_error(struct ctx *c, const struct kjson *v, int ret,
		     const char *path)
{
	if (v->type != KJSON_NUMBER || ret == -EINVAL)
		return perr(c, path, "expected an integer");
	return perr(c, path, "%s is out of range", v->str);
}

static int to_i64(struct ctx *c, const struct kjson *v, const char *path,
		  int64_t *out)
{
	int ret = kjson_i64(v, out);

	return ret ? int_error(c, v, ret, path) : 0;
}

static int to_u64(struct ctx *c, const struct kjson *v, const char *path,
		  uint64_t *out)
{
	int ret;

	if (v->type == KJSON_NUMBER && v->str[0] == '-' &&
	    !strpbrk(v->str, ".eE"))
		return perr(c, path, "%s is negative", v->str);
	ret = kjson_u64(v, out);
	return ret ? int_error(c, v, ret, path) : 0;
}

static int to_range(struct ctx *c, const struct kjson *v, const char *path,
		    int64_t min, int64_t max, int64_t *out)
{
	int ret = to_i64(c, v, path, out);

	if (!ret && (*out < min || *out > max))
		return perr(c, path, "%s is out of range (%lld..%lld)",
			    v->str, (long long)min, (long long)max);
	return ret;
}

static int to_u32(struct ctx *c, const struct kjson *v, const char *path,
		  uint32_t *out)
{
	int64_t n;
	int ret = to_range(c, v, path, 0, UINT32_MAX, &n);

	if (!ret)
		*out = (uint32_t)n;
	return ret;
}

/* Getters: 0 and *has false when absent, 0 when set, -errno otherwise. */

static int get_obj(struct ctx *c, const struct kjson *obj, const char *path,
		   const char *key, const struct kjson **out, char *sub)
{
	const struct kjson *v = member(obj, key);

	join(sub, path, key);
	*out = NULL;
	if (!v)
		return 0;
	if (want(c, v, KJSON_OBJECT, sub))
		return -EINVAL;
	*out = v;
	return 0;
}

static int get_arr(struct ctx *c, const struct kjson *obj, const char *path,
		   const char *key, const struct kjson **out, char *sub)
{
	const struct kjson *v = member(obj, key);

	join(sub, path, key);
	*out = NULL;
	if (!v)
		return 0;
	if (want(c, v, KJSON_ARRAY, sub))
		return -EINVAL;
	*out = v;
	return 0;
}

static int get_str(struct ctx *c, const struct kjson *obj, const char *path,
		   const char *key, char **out)
{
	const struct kjson *v = member(obj, key);
	char sub[PATH_LEN];

	if (!v)
		return 0;
	join(sub, path, key);
	if (want(c, v, KJSON_STRING, sub))
		return -EINVAL;
	free(*out);
	*out = strdup(v->str);
	return *out ? 0 : nomem(c);
}

/* A string that must be there. */
static int need_str(struct ctx *c, const struct kjson *obj, const char *path,
		    const char *key, char **out)
{
	char sub[PATH_LEN];
	int ret = get_str(c, obj, path, key, out);

	if (!ret && !*out) {
		join(sub, path, key);
		return perr(c, sub, "missing");
	}
	return ret;
}

static int get_bool(struct ctx *c, const struct kjson *obj, const char *path,
		    const char *key, bool *out)
{
	const struct kjson *v = member(obj, key);
	char sub[PATH_LEN];

	if (!v)
		return 0;
	join(sub, path, key);
	if (want(c, v, KJSON_BOOL, sub))
		return -EINVAL;
	*out = v->boolean;
	return 0;
}

static int get_i64(struct ctx *c, const struct kjson *obj, const char *path,
		   const char *key, int64_t *out, bool *has)
{
	const struct kjson *v = member(obj, key);
	char sub[PATH_LEN];

	if (has)
		*has = false;
	if (!v)
		return 0;
	join(sub, path, key);
	if (to_i64(c, v, sub, out))
		return -EINVAL;
	if (has)
		*has = true;
	return 0;
}

static int get_u64(struct ctx *c, const struct kjson *obj, const char *path,
		   const char *key, uint64_t *out, bool *has)
{
	const struct kjson *v = member(obj, key);
	char sub[PATH_LEN];

	if (has)
		*has = false;
	if (!v)
		return 0;
	join(sub, path, key);
	if (to_u64(c, v, sub, out))
		return -EINVAL;
	if (has)
		*has = true;
	return 0;
}

static int get_u32(struct ctx *c, const struct kjson *obj, const char *path,
		   const char *key, uint32_t *out, bool *has, bool required)
{
	const struct kjson *v = member(obj, key);
	char sub[PATH_LEN];

	join(sub, path, key);
	if (has)
		*has = false;
	if (!v)
		return required ? perr(c, sub, "missing") : 0;
	if (to_u32(c, v, sub, out))
		return -EINVAL;
	if (has)
		*has = true;
	return 0;
}

static void strv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

/* An array of strings into a NULL-terminated vector (empty if absent). */
static int get_strv(struct ctx *c, const struct kjson *obj, const char *path,
		    const char *key, char ***out, size_t *nr)
{
	const struct kjson *a;
	char sub[PATH_LEN], el[PATH_LEN];
	char **v;
	size_t i;

	if (get_arr(c, obj, path, key, &a, sub))
		return -EINVAL;
	v = calloc((a ? a->n : 0) + 1, sizeof(*v));
	if (!v)
		return nomem(c);
	for (i = 0; a && i < a->n; i++) {
		join_index(el, sub, i);
		if (want(c, a->items[i], KJSON_STRING, el)) {
			strv_free(v);
			return -EINVAL;
		}
		v[i] = strdup(a->items[i]->str);
		if (!v[i]) {
			strv_free(v);
			return nomem(c);
		}
	}
	strv_free(*out);
	*out = v;
	if (nr)
		*nr = a ? a->n : 0;
	return 0;
}

/* An object of string values, in the file's order. */
static int get_kv(struct ctx *c, const struct kjson *obj, const char *path,
		  const char *key, struct kctr_oci_kv **out, size_t *nr)
{
	const struct kjson *o;
	char sub[PATH_LEN], el[PATH_LEN];
	struct kctr_oci_kv *kv;
	size_t i;

	if (get_obj(c, obj, path, key, &o, sub))
		return -EINVAL;
	if (!o)
		return 0;
	kv = calloc(o->n ? o->n : 1, sizeof(*kv));
	if (!kv)
		return nomem(c);
	*out = kv;
	for (i = 0; i < o->n; i++) {
		join(el, sub, o->keys[i]);
		if (!o->keys[i][0])
			return perr(c, sub, "empty key");
		if (want(c, o->items[i], KJSON_STRING, el))
			return -EINVAL;
		kv[i].key = strdup(o->keys[i]);
		kv[i].value = strdup(o->items[i]->str);
		*nr = i + 1;
		if (!kv[i].key || !kv[i].value)
			return nomem(c);
	}
	return 0;
}

static void kv_free(struct kctr_oci_kv *kv, size_t n)
{
	size_t i;

	for (i = 0; kv && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

/* calloc for n items of an array the caller fills (at least one). */
static void *items(struct ctx *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		nomem(c);
	return p;
}

/* ---- process ---- */

static int cap_bit(struct ctx *c, const char *name, const char *path,
		   uint64_t *set)
{
	char low[64];
	cap_value_t v;
	size_t i;

	if (strncasecmp(name, "CAP_", 4) || strlen(name) >= sizeof(low) ||
	    strspn(name + 4, "0123456789") == strlen(name + 4))
		return perr(c, path, "\"%s\" is not a capability name", name);
	for (i = 0; name[i]; i++)
		low[i] = tolower((unsigned char)name[i]);
	low[i] = '\0';
	if (cap_from_name(low, &v) || v < 0 || v > 63 ||
	    !(kctr_caps_all() & BIT64(v)))
		return perr(c, path, "unknown capability \"%s\"", name);
	*set |= BIT64(v);
	return 0;
}

static int parse_caps(struct ctx *c, const struct kjson *proc,
		      const char *path, struct kctr_oci_process *p)
{
	static const char *const sets[] = {
		"bounding", "effective", "permitted", "inheritable", "ambient",
	};
	uint64_t *out[] = {
		&p->bounding, &p->effective, &p->permitted, &p->inheritable,
		&p->ambient,
	};
	const struct kjson *caps, *a;
	char sub[PATH_LEN], set[PATH_LEN], el[PATH_LEN];
	size_t s, i;

	if (get_obj(c, proc, path, "capabilities", &caps, sub))
		return -EINVAL;
	if (!caps)
		return 0;
	p->has_caps = true;
	for (s = 0; s < ARRAY_LEN(sets); s++) {
		if (get_arr(c, caps, sub, sets[s], &a, set))
			return -EINVAL;
		for (i = 0; a && i < a->n; i++) {
			join_index(el, set, i);
			if (want(c, a->items[i], KJSON_STRING, el) ||
			    cap_bit(c, a->items[i]->str, el, out[s]))
				return -EINVAL;
		}
	}
	return 0;
}

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "RLIMIT_AS", RLIMIT_AS },		{ "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU },		{ "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE },	{ "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
	{ "RLIMIT_NICE", RLIMIT_NICE },		{ "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },	{ "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_STACK", RLIMIT_STACK },
};

static int parse_rlimit(struct ctx *c, const struct kjson *o, const char *path,
			struct kctr_oci_process *p, size_t idx)
{
	struct kctr_oci_rlimit *r = &p->rlimits[idx];
	char *type = NULL;
	size_t i;
	bool has;

	if (want(c, o, KJSON_OBJECT, path) ||
	    need_str(c, o, path, "type", &type))
		goto fail;
	for (i = 0; i < ARRAY_LEN(rlimit_names); i++)
		if (!strcmp(type, rlimit_names[i].name))
			break;
	if (i == ARRAY_LEN(rlimit_names)) {
		perr(c, path, "unknown rlimit type \"%s\"", type);
		goto fail;
	}
	r->resource = rlimit_names[i].resource;
	for (i = 0; i < idx; i++)
		if (p->rlimits[i].resource == r->resource) {
			perr(c, path, "%s given twice", type);
			goto fail;
		}
	if (get_u64(c, o, path, "soft", &r->soft, &has))
		goto fail;
	if (!has) {
		perr(c, path, "soft: missing");
		goto fail;
	}
	if (get_u64(c, o, path, "hard", &r->hard, &has))
		goto fail;
	if (!has) {
		perr(c, path, "hard: missing");
		goto fail;
	}
	if (r->soft > r->hard) {
		perr(c, path, "soft %llu is above hard %llu",
		     (unsigned long long)r->soft, (unsigned long long)r->hard);
		goto fail;
	}
	free(type);
	return 0;
fail:
	free(type);
	return -EINVAL;
}

static int parse_user(struct ctx *c, const struct kjson *proc,
		      const char *path, struct kctr_oci_process *p)
{
	const struct kjson *u, *g;
	char sub[PATH_LEN], gs[PATH_LEN], el[PATH_LEN];
	size_t i;

	if (get_obj(c, proc, path, "user", &u, sub))
		return -EINVAL;
	if (!u)
		return 0;
	if (get_u32(c, u, sub, "uid", &p->uid, NULL, true) ||
	    get_u32(c, u, sub, "gid", &p->gid, NULL, true) ||
	    get_u32(c, u, sub, "umask", &p->umask, &p->has_umask, false))
		return -EINVAL;
	if (p->has_umask && p->umask > 0777) {
		join(el, sub, "umask");
		return perr(c, el, "%#o is not a umask", p->umask);
	}
	if (get_arr(c, u, sub, "additionalGids", &g, gs))
		return -EINVAL;
	if (!g)
		return 0;
	p->gids = items(c, g->n, sizeof(*p->gids));
	if (!p->gids)
		return -ENOMEM;
	for (i = 0; i < g->n; i++) {
		join_index(el, gs, i);
		if (to_u32(c, g->items[i], el, &p->gids[i]))
			return -EINVAL;
	}
	p->nr_gids = g->n;
	return 0;
}

static int parse_console(struct ctx *c, const struct kjson *proc,
			 const char *path, struct kctr_oci_process *p)
{
	const struct kjson *cs;
	char sub[PATH_LEN];

	if (get_obj(c, proc, path, "consoleSize", &cs, sub))
		return -EINVAL;
	if (!cs)
		return 0;
	p->has_console_size = true;
	if (get_u32(c, cs, sub, "height", &p->console_height, NULL, true) ||
	    get_u32(c, cs, sub, "width", &p->console_width, NULL, true))
		return -EINVAL;
	if (p->console_height > 0xffff || p->console_width > 0xffff)
		return perr(c, sub, "larger than 65535");
	return 0;
}

static int parse_identity(struct ctx *c, const struct kjson *proc,
			  const char *path, struct kctr_oci_process *p)
{
	const struct kjson *v;
	char sub[PATH_LEN];
	int64_t n;

	if (get_bool(c, proc, path, "noNewPrivileges", &p->no_new_privileges))
		return -EINVAL;
	v = member(proc, "oomScoreAdj");
	join(sub, path, "oomScoreAdj");
	if (v) {
		if (to_range(c, v, sub, -1000, 1000, &n))
			return -EINVAL;
		p->oom_score_adj = (int)n;
		p->has_oom_score_adj = true;
	}
	if (get_str(c, proc, path, "apparmorProfile", &p->apparmor_profile) ||
	    get_str(c, proc, path, "selinuxLabel", &p->selinux_label))
		return -EINVAL;
	if (p->apparmor_profile && !p->apparmor_profile[0]) {
		free(p->apparmor_profile);
		p->apparmor_profile = NULL;
	}
	if (p->selinux_label && !p->selinux_label[0]) {
		free(p->selinux_label);
		p->selinux_label = NULL;
	}
	if (p->selinux_label)
		flag_unsup(c, KCTR_OCI_U_SELINUX_LABEL);
	if (member(proc, "scheduler"))
		flag_unsup(c, KCTR_OCI_U_SCHEDULER);
	if (member(proc, "ioPriority"))
		flag_unsup(c, KCTR_OCI_U_IO_PRIORITY);
	if (member(proc, "execCPUAffinity"))
		flag_unsup(c, KCTR_OCI_U_EXEC_CPU_AFFINITY);
	return 0;
}

/*
 * config.md gives env "the same semantics as IEEE Std 1003.1-2008's
 * environ", whose strings "have the form name=value": an entry without
 * '=' or with an empty name is refused by index, as runc does ("invalid
 * environment variable: missing '='"), not dropped or passed on.
 */
static int check_env(struct ctx *c, const char *path, char *const *env,
		     size_t n)
{
	char sub[PATH_LEN], el[PATH_LEN];
	const char *eq;
	size_t i;

	join(sub, path, "env");
	for (i = 0; i < n; i++) {
		join_index(el, sub, i);
		eq = strchr(env[i], '=');
		if (!eq)
			return perr(c, el, "\"%s\" is not NAME=VALUE "
				    "(missing '=')", env[i]);
		if (eq == env[i])
			return perr(c, el, "\"%s\": empty variable name",
				    env[i]);
	}
	return 0;
}

static int parse_process_obj(struct ctx *c, const struct kjson *proc,
			     const char *path, struct kctr_oci_process *p)
{
	const struct kjson *rl;
	char sub[PATH_LEN], el[PATH_LEN];
	size_t i;

	if (want(c, proc, KJSON_OBJECT, *path ? path : "(top level)") ||
	    get_bool(c, proc, path, "terminal", &p->terminal) ||
	    parse_console(c, proc, path, p) ||
	    parse_user(c, proc, path, p) ||
	    get_strv(c, proc, path, "args", &p->args, &p->nr_args) ||
	    get_strv(c, proc, path, "env", &p->env, &p->nr_env) ||
	    check_env(c, path, p->env, p->nr_env) ||
	    need_str(c, proc, path, "cwd", &p->cwd) ||
	    parse_caps(c, proc, path, p) || parse_identity(c, proc, path, p))
		return -EINVAL;
	if (!p->nr_args) {
		join(sub, path, "args");
		return perr(c, sub, "at least one entry is required");
	}
	if (p->cwd[0] != '/') {
		join(sub, path, "cwd");
		return perr(c, sub, "\"%s\" is not an absolute path", p->cwd);
	}
	if (get_arr(c, proc, path, "rlimits", &rl, sub))
		return -EINVAL;
	if (!rl)
		return 0;
	p->rlimits = items(c, rl->n, sizeof(*p->rlimits));
	if (!p->rlimits)
		return -ENOMEM;
	for (i = 0; i < rl->n; i++) {
		join_index(el, sub, i);
		if (parse_rlimit(c, rl->items[i], el, p, i))
			return -EINVAL;
		p->nr_rlimits = i + 1;
	}
	return 0;
}

void kctr_oci_process_free(struct kctr_oci_process *p)
{
	free(p->gids);
	strv_free(p->args);
	strv_free(p->env);
	free(p->cwd);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	memset(p, 0, sizeof(*p));
}

/* ---- mounts ---- */

static int parse_mount(struct ctx *c, const struct kjson *o, const char *path,
		       struct kctr_oci_mount *m)
{
	char sub[PATH_LEN], *d;

	if (want(c, o, KJSON_OBJECT, path) ||
	    need_str(c, o, path, "destination", &m->destination) ||
	    get_str(c, o, path, "type", &m->type) ||
	    get_str(c, o, path, "source", &m->source) ||
	    get_strv(c, o, path, "options", &m->options, &m->nr_options))
		return -EINVAL;
	if (!m->destination[0]) {
		join(sub, path, "destination");
		return perr(c, sub, "empty");
	}
	/* 1.1: a relative destination is relative to "/". */
	if (m->destination[0] != '/') {
		if (asprintf(&d, "/%s", m->destination) < 0)
			return nomem(c);
		free(m->destination);
		m->destination = d;
	}
	if (kctr_mount_opts_parse((const char *const *)m->options,
				  m->nr_options, &m->opts, c->err)) {
		if (c->err->code == ENOMEM)
			return -ENOMEM;
		return kctr_err_wrap(c->err, "%s: %s", c->name, path);
	}
	if (m->opts.idmap || member(o, "uidMappings") ||
	    member(o, "gidMappings"))
		flag_unsup(c, KCTR_OCI_U_MOUNT_IDMAP);
	return 0;
}

static int parse_mounts(struct ctx *c, const struct kjson *root,
			struct kctr_oci_config *cfg)
{
	const struct kjson *a;
	char sub[PATH_LEN], el[PATH_LEN];
	size_t i;

	if (get_arr(c, root, "", "mounts", &a, sub))
		return -EINVAL;
	if (!a)
		return 0;
	cfg->mounts = items(c, a->n, sizeof(*cfg->mounts));
	if (!cfg->mounts)
		return -ENOMEM;
	cfg->nr_mounts = a->n;
	for (i = 0; i < a->n; i++) {
		join_index(el, sub, i);
		if (parse_mount(c, a->items[i], el, &cfg->mounts[i]))
			return -c->err->code;
	}
	return 0;
}

/* ---- hooks ---- */

static const char *const hook_names[KCTR_OCI_HOOK_KINDS] = {
	"prestart", "createRuntime", "createContainer", "startContainer",
	"poststart", "poststop",
};

static int parse_hook(struct ctx *c, const struct kjson *o, const char *path,
		      struct kctr_oci_hook *h)
{
	char sub[PATH_LEN];
	size_t nr_env = 0;
	int64_t t;
	bool has;

	if (want(c, o, KJSON_OBJECT, path) ||
	    need_str(c, o, path, "path", &h->path) ||
	    get_strv(c, o, path, "args", &h->args, NULL) ||
	    get_strv(c, o, path, "env", &h->env, &nr_env) ||
	    check_env(c, path, h->env, nr_env) ||
	    get_i64(c, o, path, "timeout", &t, &has))
		return -EINVAL;
	if (h->path[0] != '/') {
		join(sub, path, "path");
		return perr(c, sub, "\"%s\" is not an absolute path", h->path);
	}
	if (has && (t <= 0 || t > INT32_MAX)) {
		join(sub, path, "timeout");
		return perr(c, sub, "must be greater than zero");
	}
	h->timeout = has ? (int)t : 0;
	return 0;
}

static int parse_hooks(struct ctx *c, const struct kjson *root,
		       struct kctr_oci_hooks *hooks)
{
	const struct kjson *o, *a;
	char sub[PATH_LEN], kind[PATH_LEN], el[PATH_LEN];
	size_t k, i;

	if (get_obj(c, root, "", "hooks", &o, sub))
		return -EINVAL;
	if (!o)
		return 0;
	for (k = 0; k < KCTR_OCI_HOOK_KINDS; k++) {
		if (get_arr(c, o, sub, hook_names[k], &a, kind))
			return -EINVAL;
		if (!a)
			continue;
		hooks->list[k] = items(c, a->n, sizeof(struct kctr_oci_hook));
		if (!hooks->list[k])
			return -ENOMEM;
		hooks->nr[k] = a->n;
		for (i = 0; i < a->n; i++) {
			join_index(el, kind, i);
			if (parse_hook(c, a->items[i], el,
				       &hooks->list[k][i]))
				return -c->err->code;
		}
	}
	return 0;
}

static void hooks_free(struct kctr_oci_hooks *hooks)
{
	size_t k, i;

	for (k = 0; k < KCTR_OCI_HOOK_KINDS; k++) {
		for (i = 0; i < hooks->nr[k]; i++) {
			free(hooks->list[k][i].path);
			strv_free(hooks->list[k][i].args);
			strv_free(hooks->list[k][i].env);
		}
		free(hooks->list[k]);
	}
}

/* ---- linux: namespaces, maps, devices ---- */

static const char *const ns_names[KCTR_OCI_NS_KINDS] = {
	[KCTR_OCI_NS_PID] = "pid", [KCTR_OCI_NS_NETWORK] = "network",
	[KCTR_OCI_NS_MOUNT] = "mount", [KCTR_OCI_NS_IPC] = "ipc",
	[KCTR_OCI_NS_UTS] = "uts", [KCTR_OCI_NS_USER] = "user",
	[KCTR_OCI_NS_CGROUP] = "cgroup", [KCTR_OCI_NS_TIME] = "time",
};

const char *kctr_oci_ns_name(enum kctr_oci_ns type)
{
	return type < KCTR_OCI_NS_KINDS ? ns_names[type] : "?";
}

unsigned int kctr_oci_ns_kind(enum kctr_oci_ns type)
{
	static const unsigned int kinds[KCTR_OCI_NS_KINDS] = {
		[KCTR_OCI_NS_PID] = KCTR_NS_KIND_PID,
		[KCTR_OCI_NS_NETWORK] = KCTR_NS_KIND_NET,
		[KCTR_OCI_NS_MOUNT] = KCTR_NS_KIND_MNT,
		[KCTR_OCI_NS_IPC] = KCTR_NS_KIND_IPC,
		[KCTR_OCI_NS_UTS] = KCTR_NS_KIND_UTS,
		[KCTR_OCI_NS_USER] = KCTR_NS_KIND_USER,
		[KCTR_OCI_NS_CGROUP] = KCTR_NS_KIND_CGROUP,
		[KCTR_OCI_NS_TIME] = KCTR_NS_KIND_TIME,
	};

	return kinds[type];
}

void kctr_oci_ns_masks(const struct kctr_oci_config *cfg, uint32_t *fresh,
		       uint32_t *joined)
{
	const struct kctr_oci_namespace *ns;
	size_t i;

	*fresh = *joined = 0;
	for (i = 0; i < cfg->nr_namespaces; i++) {
		ns = &cfg->namespaces[i];
		if (ns->path)
			*joined |= 1u << kctr_oci_ns_kind(ns->type);
		else
			*fresh |= 1u << kctr_oci_ns_kind(ns->type);
	}
}

int kctr_oci_ns_find(const struct kctr_oci_config *cfg, enum kctr_oci_ns type)
{
	size_t i;

	for (i = 0; i < cfg->nr_namespaces; i++)
		if (cfg->namespaces[i].type == type)
			return (int)i;
	return -1;
}

static int parse_namespaces(struct ctx *c, const struct kjson *lx,
			    struct kctr_oci_config *cfg)
{
	const struct kjson *a;
	char sub[PATH_LEN], el[PATH_LEN];
	struct kctr_oci_namespace *ns;
	char *type = NULL;
	size_t i;
	int t;

	if (get_arr(c, lx, "linux", "namespaces", &a, sub))
		return -EINVAL;
	if (!a)
		return 0;
	cfg->namespaces = items(c, a->n, sizeof(*cfg->namespaces));
	if (!cfg->namespaces)
		return -ENOMEM;
	for (i = 0; i < a->n; i++) {
		join_index(el, sub, i);
		ns = &cfg->namespaces[i];
		if (want(c, a->items[i], KJSON_OBJECT, el) ||
		    need_str(c, a->items[i], el, "type", &type))
			goto fail;
		for (t = 0; t < KCTR_OCI_NS_KINDS; t++)
			if (!strcmp(type, ns_names[t]))
				break;
		if (t == KCTR_OCI_NS_KINDS) {
			perr(c, el, "unknown namespace type \"%s\"", type);
			goto fail;
		}
		if (kctr_oci_ns_find(cfg, t) >= 0) {
			perr(c, el, "namespace type \"%s\" given twice", type);
			goto fail;
		}
		ns->type = t;
		cfg->nr_namespaces = i + 1;
		if (get_str(c, a->items[i], el, "path", &ns->path))
			goto fail;
		if (ns->path && ns->path[0] != '/') {
			perr(c, el, "path \"%s\" is not absolute", ns->path);
			goto fail;
		}
		free(type);
		type = NULL;
	}
	return 0;
fail:
	free(type);
	return -c->err->code;
}

static int parse_maps(struct ctx *c, const struct kjson *lx, const char *key,
		      struct kctr_oci_id_map **out, size_t *nr)
{
	const struct kjson *a, *o;
	char sub[PATH_LEN], el[PATH_LEN];
	struct kctr_oci_id_map *m;
	size_t i;

	if (get_arr(c, lx, "linux", key, &a, sub))
		return -EINVAL;
	if (!a)
		return 0;
	if (a->n > MAP_MAX_EXTENTS)
		return perr(c, sub, "%zu extents, at most %d are allowed",
			    a->n, MAP_MAX_EXTENTS);
	*out = items(c, a->n, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (i = 0; i < a->n; i++) {
		join_index(el, sub, i);
		o = a->items[i];
		m = &(*out)[i];
		if (want(c, o, KJSON_OBJECT, el) ||
		    get_u32(c, o, el, "containerID", &m->container_id, NULL,
			    true) ||
		    get_u32(c, o, el, "hostID", &m->host_id, NULL, true) ||
		    get_u32(c, o, el, "size", &m->size, NULL, true))
			return -EINVAL;
		if (!m->size)
			return perr(c, el, "size is 0");
		if ((uint64_t)m->container_id + m->size > 1ULL << 32 ||
		    (uint64_t)m->host_id + m->size > 1ULL << 32)
			return perr(c, el, "the range passes 2^32");
	}
	*nr = a->n;
	return 0;
}

static int parse_device(struct ctx *c, const struct kjson *o, const char *path,
			struct kctr_oci_device *d)
{
	char *type = NULL;
	bool has_major, has_minor;
	int ret = -EINVAL;

	if (want(c, o, KJSON_OBJECT, path) ||
	    need_str(c, o, path, "path", &d->path) ||
	    need_str(c, o, path, "type", &type))
		goto out;
	if (d->path[0] != '/') {
		perr(c, path, "path \"%s\" is not absolute", d->path);
		goto out;
	}
	if (strlen(type) != 1 || !strchr("cbup", type[0])) {
		perr(c, path, "type \"%s\" is not c, b, u or p", type);
		goto out;
	}
	d->type = type[0];
	if (get_i64(c, o, path, "major", &d->major, &has_major) ||
	    get_i64(c, o, path, "minor", &d->minor, &has_minor) ||
	    get_u32(c, o, path, "fileMode", &d->file_mode, &d->has_file_mode,
		    false) ||
	    get_u32(c, o, path, "uid", &d->uid, &d->has_uid, false) ||
	    get_u32(c, o, path, "gid", &d->gid, &d->has_gid, false))
		goto out;
	if (d->type != 'p' && (!has_major || !has_minor)) {
		perr(c, path, "major and minor are required for type %c",
		     d->type);
		goto out;
	}
	if (d->major < 0 || d->minor < 0 || d->major > 0xfff ||
	    d->minor > 0xfffff) {
		perr(c, path, "device number %lld:%lld is out of range",
		     (long long)d->major, (long long)d->minor);
		goto out;
	}
	if (d->has_file_mode && d->file_mode > 07777) {
		perr(c, path, "fileMode %#o has bits beyond 07777",
		     d->file_mode);
		goto out;
	}
	ret = 0;
out:
	free(type);
	return ret;
}

static int parse_devices(struct ctx *c, const struct kjson *lx,
			 struct kctr_oci_config *cfg)
{
	const struct kjson *a;
	char sub[PATH_LEN], el[PATH_LEN];
	size_t i;

	if (get_arr(c, lx, "linux", "devices", &a, sub))
		return -EINVAL;
	if (!a)
		return 0;
	cfg->devices = items(c, a->n, sizeof(*cfg->devices));
	if (!cfg->devices)
		return -ENOMEM;
	cfg->nr_devices = a->n;
	for (i = 0; i < a->n; i++) {
		join_index(el, sub, i);
		if (parse_device(c, a->items[i], el, &cfg->devices[i]))
			return -c->err->code;
	}
	return 0;
}

/* ---- linux.resources ---- */

static int parse_dev_rule(struct ctx *c, const struct kjson *o,
			  const char *path, struct kctr_oci_dev_rule *r)
{
	const struct kjson *allow = member(o, "allow");
	char *type = NULL, *access = NULL, sub[PATH_LEN];
	const char *a;
	bool has;
	int ret = -EINVAL;

	if (want(c, o, KJSON_OBJECT, path))
		return -EINVAL;
	join(sub, path, "allow");
	if (!allow)
		return perr(c, sub, "missing");
	if (want(c, allow, KJSON_BOOL, sub))
		return -EINVAL;
	r->allow = allow->boolean;
	if (get_str(c, o, path, "type", &type) ||
	    get_str(c, o, path, "access", &access))
		goto out;
	r->type = type ? type[0] : 'a';
	if (type && (strlen(type) != 1 || !strchr("acb", type[0]))) {
		join(sub, path, "type");
		perr(c, sub, "\"%s\" is not a, c or b", type);
		goto out;
	}
	r->major = r->minor = -1;
	if (get_i64(c, o, path, "major", &r->major, &has) ||
	    get_i64(c, o, path, "minor", &r->minor, &has))
		goto out;
	if (r->major < -1 || r->minor < -1) {
		perr(c, path, "major and minor are -1 (any) or a number");
		goto out;
	}
	/* No access given: all of them, as runc and crun read it. */
	for (a = access ? access : "rwm"; *a; a++) {
		switch (*a) {
		case 'r':
			r->access |= KCTR_OCI_DEV_R;
			break;
		case 'w':
			r->access |= KCTR_OCI_DEV_W;
			break;
		case 'm':
			r->access |= KCTR_OCI_DEV_M;
			break;
		default:
			join(sub, path, "access");
			perr(c, sub, "\"%s\" is not made of r, w and m",
			     access);
			goto out;
		}
	}
	ret = 0;
out:
	free(type);
	free(access);
	return ret;
}

static int parse_dev_rules(struct ctx *c, const struct kjson *res,
			   const char *path, struct kctr_oci_resources *r)
{
	const struct kjson *a;
	char sub[PATH_LEN], el[PATH_LEN];
	size_t i;

	if (get_arr(c, res, path, "devices", &a, sub))
		return -EINVAL;
	if (!a)
		return 0;
	r->devices = items(c, a->n, sizeof(*r->devices));
	if (!r->devices)
		return -ENOMEM;
	r->nr_devices = a->n;
	for (i = 0; i < a->n; i++) {
		join_index(el, sub, i);
		if (parse_dev_rule(c, a->items[i], el, &r->devices[i]))
			return -c->err->code;
	}
	return 0;
}

static int parse_memory(struct ctx *c, const struct kjson *res,
			const char *path, struct kctr_oci_resources *r)
{
	const struct kjson *m;
	char sub[PATH_LEN];

	if (get_obj(c, res, path, "memory", &m, sub))
		return -EINVAL;
	if (!m)
		return 0;
	if (get_i64(c, m, sub, "limit", &r->mem_limit, &r->has_mem_limit) ||
	    get_i64(c, m, sub, "reservation", &r->mem_reservation,
		    &r->has_mem_reservation) ||
	    get_i64(c, m, sub, "swap", &r->mem_swap, &r->has_mem_swap) ||
	    get_i64(c, m, sub, "kernel", &r->mem_kernel, &r->has_mem_kernel) ||
	    get_i64(c, m, sub, "kernelTCP", &r->mem_kernel_tcp,
		    &r->has_mem_kernel_tcp) ||
	    get_u64(c, m, sub, "swappiness", &r->mem_swappiness,
		    &r->has_mem_swappiness) ||
	    get_bool(c, m, sub, "disableOOMKiller",
		     &r->mem_disable_oom_killer))
		return -EINVAL;
	/* Deprecated in 1.1 and gone from cgroup v2: only "no limit" is ok. */
	if ((r->has_mem_kernel && r->mem_kernel != -1 && r->mem_kernel) ||
	    (r->has_mem_kernel_tcp && r->mem_kernel_tcp != -1 &&
	     r->mem_kernel_tcp))
		flag_unsup(c, KCTR_OCI_U_MEM_KERNEL);
	/* v2 has no per-cgroup swappiness; 0..100 are v1's values. */
	if (r->has_mem_swappiness && r->mem_swappiness > 100)
		return perr(c, sub, "swappiness %llu is above 100",
			    (unsigned long long)r->mem_swappiness);
	if (r->has_mem_swappiness && r->mem_swappiness)
		flag_unsup(c, KCTR_OCI_U_MEM_SWAPPINESS);
	if (r->mem_disable_oom_killer)
		flag_unsup(c, KCTR_OCI_U_MEM_DISABLE_OOM_KILLER);
	return 0;
}

static int parse_cpu(struct ctx *c, const struct kjson *res, const char *path,
		     struct kctr_oci_resources *r)
{
	const struct kjson *o;
	char sub[PATH_LEN];
	uint64_t burst = 0;
	int64_t idle = 0;

	if (get_obj(c, res, path, "cpu", &o, sub))
		return -EINVAL;
	if (!o)
		return 0;
	if (get_u64(c, o, sub, "shares", &r->cpu_shares, NULL) ||
	    get_i64(c, o, sub, "quota", &r->cpu_quota, &r->has_cpu_quota) ||
	    get_u64(c, o, sub, "period", &r->cpu_period, NULL) ||
	    get_u64(c, o, sub, "burst", &burst, NULL) ||
	    get_i64(c, o, sub, "realtimeRuntime", &r->cpu_rt_runtime, NULL) ||
	    get_u64(c, o, sub, "realtimePeriod", &r->cpu_rt_period, NULL) ||
	    get_str(c, o, sub, "cpus", &r->cpu_cpus) ||
	    get_str(c, o, sub, "mems", &r->cpu_mems) ||
	    get_i64(c, o, sub, "idle", &idle, NULL))
		return -EINVAL;
	r->cpu_burst_set = burst != 0;
	r->cpu_idle_set = idle != 0;
	if (r->cpu_burst_set)
		flag_unsup(c, KCTR_OCI_U_CPU_BURST);
	if (r->cpu_idle_set)
		flag_unsup(c, KCTR_OCI_U_CPU_IDLE);
	if (r->cpu_rt_runtime || r->cpu_rt_period)
		flag_unsup(c, KCTR_OCI_U_CPU_REALTIME);
	return 0;
}

static int parse_throttles(struct ctx *c, const struct kjson *b,
			   const char *path, struct kctr_oci_resources *r)
{
	static const char *const keys[] = {
		"throttleReadBpsDevice", "throttleWriteBpsDevice",
		"throttleReadIOPSDevice", "throttleWriteIOPSDevice",
	};
	const struct kjson *a, *o;
	char sub[PATH_LEN], el[PATH_LEN];
	struct kctr_oci_throttle *t;
	size_t k, i;
	bool has_maj, has_min, has_rate;

	for (k = 0; k < ARRAY_LEN(keys); k++) {
		if (get_arr(c, b, path, keys[k], &a, sub))
			return -EINVAL;
		if (!a)
			continue;
		r->throttle[k] = items(c, a->n, sizeof(*t));
		if (!r->throttle[k])
			return -ENOMEM;
		r->nr_throttle[k] = a->n;
		for (i = 0; i < a->n; i++) {
			join_index(el, sub, i);
			o = a->items[i];
			t = &r->throttle[k][i];
			if (want(c, o, KJSON_OBJECT, el) ||
			    get_i64(c, o, el, "major", &t->major, &has_maj) ||
			    get_i64(c, o, el, "minor", &t->minor, &has_min) ||
			    get_u64(c, o, el, "rate", &t->rate, &has_rate))
				return -EINVAL;
			if (!has_maj || !has_min || !has_rate)
				return perr(c, el, "major, minor and rate are "
					    "required");
			if (t->major < 0 || t->minor < 0 ||
			    t->major > UINT32_MAX || t->minor > UINT32_MAX)
				return perr(c, el, "bad device number");
		}
	}
	return 0;
}

static int parse_blkio(struct ctx *c, const struct kjson *res,
		       const char *path, struct kctr_oci_resources *r)
{
	const struct kjson *b, *wd;
	char sub[PATH_LEN], wds[PATH_LEN];
	uint32_t w = 0, lw = 0;

	if (get_obj(c, res, path, "blockIO", &b, sub))
		return -EINVAL;
	if (!b)
		return 0;
	if (get_u32(c, b, sub, "weight", &w, NULL, false) ||
	    get_u32(c, b, sub, "leafWeight", &lw, NULL, false) ||
	    get_arr(c, b, sub, "weightDevice", &wd, wds))
		return -EINVAL;
	if (w > 1000 || lw > 1000)
		return perr(c, sub, "weight is 10..1000 (0: unset)");
	r->blkio_weight = w;
	r->blkio_leaf_weight = lw;
	r->nr_blkio_weight_device = wd ? wd->n : 0;
	if (w || lw || r->nr_blkio_weight_device)
		flag_unsup(c, KCTR_OCI_U_BLKIO_WEIGHT);
	return parse_throttles(c, b, sub, r);
}

static int parse_hugepages(struct ctx *c, const struct kjson *res,
			   const char *path, struct kctr_oci_resources *r)
{
	const struct kjson *a, *o;
	char sub[PATH_LEN], el[PATH_LEN];
	bool has;
	size_t i;

	if (get_arr(c, res, path, "hugepageLimits", &a, sub))
		return -EINVAL;
	if (!a)
		return 0;
	r->hugepages = items(c, a->n, sizeof(*r->hugepages));
	if (!r->hugepages)
		return -ENOMEM;
	r->nr_hugepages = a->n;
	for (i = 0; i < a->n; i++) {
		join_index(el, sub, i);
		o = a->items[i];
		if (want(c, o, KJSON_OBJECT, el) ||
		    need_str(c, o, el, "pageSize", &r->hugepages[i].page_size) ||
		    get_u64(c, o, el, "limit", &r->hugepages[i].limit, &has))
			return -EINVAL;
		if (!has)
			return perr(c, el, "limit: missing");
	}
	if (a->n)
		flag_unsup(c, KCTR_OCI_U_HUGEPAGE_LIMITS);
	return 0;
}

static int parse_resources(struct ctx *c, const struct kjson *lx,
			   struct kctr_oci_config *cfg)
{
	struct kctr_oci_resources *r = &cfg->resources;
	const struct kjson *res, *v;
	char sub[PATH_LEN], el[PATH_LEN];
	bool has;

	if (get_obj(c, lx, "linux", "resources", &res, sub))
		return -EINVAL;
	if (!res)
		return 0;
	cfg->has_resources = true;
	if (parse_dev_rules(c, res, sub, r) || parse_memory(c, res, sub, r) ||
	    parse_cpu(c, res, sub, r) || parse_blkio(c, res, sub, r) ||
	    parse_hugepages(c, res, sub, r) ||
	    get_kv(c, res, sub, "unified", &r->unified, &r->nr_unified))
		return -c->err->code;
	if (get_obj(c, res, sub, "pids", &v, el))
		return -EINVAL;
	if (v) {
		if (get_i64(c, v, el, "limit", &r->pids_limit, &has))
			return -EINVAL;
		r->has_pids = has;
	}
	if (r->nr_unified)
		flag_unsup(c, KCTR_OCI_U_UNIFIED);
	v = member(res, "rdma");
	join(el, sub, "rdma");
	if (v && want(c, v, KJSON_OBJECT, el))
		return -EINVAL;
	if (nonempty(v))
		flag_unsup(c, KCTR_OCI_U_RDMA);
	v = member(res, "network");
	join(el, sub, "network");
	if (v && want(c, v, KJSON_OBJECT, el))
		return -EINVAL;
	if (v && (nonempty(member(v, "classID")) ||
		  nonempty(member(v, "priorities"))))
		flag_unsup(c, KCTR_OCI_U_NETWORK);
	return 0;
}

/* ---- linux.seccomp ---- */

static void write_json(FILE *f, const struct kjson *v)
{
	size_t i;

	switch (v->type) {
	case KJSON_NULL:
		fputs("null", f);
		break;
	case KJSON_BOOL:
		fputs(v->boolean ? "true" : "false", f);
		break;
	case KJSON_NUMBER:
		fputs(v->str, f);
		break;
	case KJSON_STRING:
		kj_escape(f, v->str);
		break;
	case KJSON_ARRAY:
	case KJSON_OBJECT:
		fputc(v->type == KJSON_ARRAY ? '[' : '{', f);
		for (i = 0; i < v->n; i++) {
			if (i)
				fputc(',', f);
			if (v->type == KJSON_OBJECT) {
				kj_escape(f, v->keys[i]);
				fputc(':', f);
			}
			write_json(f, v->items[i]);
		}
		fputc(v->type == KJSON_ARRAY ? ']' : '}', f);
		break;
	}
}

static char *to_json_text(const struct kjson *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	write_json(f, v);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static const struct {
	const char *name;
	unsigned int flag;
} seccomp_flags[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
	{ "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
	  KCTR_SECCOMP_FLAG_WAIT_KILLABLE_RECV },
};

/*
 * What seccomp(2) gets: the flags as given, but WAIT_KILLABLE_RECV, which
 * changes only how a user-notification's target waits and which the
 * kernel refuses without SECCOMP_FILTER_FLAG_NEW_LISTENER. kctr's filters
 * have no notify action (listenerPath is refused), so there is no such
 * wait and the flag holds as it is.
 */
unsigned int kctr_oci_seccomp_install_flags(const struct kctr_oci_config *cfg)
{
	if (!cfg->has_seccomp)
		return 0;
	return cfg->seccomp.flags & ~KCTR_SECCOMP_FLAG_WAIT_KILLABLE_RECV;
}

static int parse_seccomp(struct ctx *c, const struct kjson *lx,
			 struct kctr_oci_config *cfg)
{
	struct kctr_oci_seccomp *s = &cfg->seccomp;
	const struct kjson *o;
	char sub[PATH_LEN], el[PATH_LEN], fl[PATH_LEN];
	char **flags = NULL;
	size_t i, j, n = 0;
	const struct kjson *sys;

	if (get_obj(c, lx, "linux", "seccomp", &o, sub))
		return -EINVAL;
	if (!o)
		return 0;
	cfg->has_seccomp = true;
	if (need_str(c, o, sub, "defaultAction", &s->default_action) ||
	    get_str(c, o, sub, "listenerPath", &s->listener_path) ||
	    get_arr(c, o, sub, "syscalls", &sys, el) ||
	    get_arr(c, o, sub, "architectures", &sys, el) ||
	    get_strv(c, o, sub, "flags", &flags, &n))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		for (j = 0; j < ARRAY_LEN(seccomp_flags); j++)
			if (!strcmp(flags[i], seccomp_flags[j].name))
				break;
		if (j < ARRAY_LEN(seccomp_flags)) {
			s->flags |= seccomp_flags[j].flag;
			continue;
		}
		/* Not one of config-linux.md's constants: invalid. */
		join(fl, sub, "flags");
		join_index(el, fl, i);
		perr(c, el, "unknown flag \"%s\"", flags[i]);
		strv_free(flags);
		return -EINVAL;
	}
	strv_free(flags);
	if (s->listener_path && !s->listener_path[0]) {
		free(s->listener_path);
		s->listener_path = NULL;
	}
	if (s->listener_path)
		flag_unsup(c, KCTR_OCI_U_SECCOMP_LISTENER);
	s->json = to_json_text(o);
	return s->json ? 0 : nomem(c);
}

/* ---- linux: the rest ---- */

/* The spec: "The values MUST be absolute paths in the container namespace." */
static int check_absolute(struct ctx *c, char *const *v, const char *path)
{
	char el[PATH_LEN];
	size_t i;

	for (i = 0; v && v[i]; i++) {
		if (v[i][0] != '/') {
			join_index(el, path, i);
			return perr(c, el, "\"%s\" is not an absolute path",
				    v[i]);
		}
	}
	return 0;
}

/*
 * A key becomes a path under /proc/sys ("net.ipv4.ip_forward" or
 * "net/ipv4/ip_forward"): nothing that could leave it.
 */
static int check_sysctl(struct ctx *c, const struct kctr_oci_config *cfg)
{
	char el[PATH_LEN];
	const char *k;
	size_t i;

	for (i = 0; i < cfg->nr_sysctl; i++) {
		k = cfg->sysctl[i].key;
		if (k[0] == '.' || k[0] == '/' || strstr(k, "..") ||
		    strstr(k, "/.") || strstr(k, "./") || strstr(k, "//")) {
			join(el, "linux.sysctl", k);
			return perr(c, el, "not a sysctl name");
		}
	}
	return 0;
}

static int parse_time_offset(struct ctx *c, const struct kjson *t,
			     const char *path, const char *key,
			     struct kctr_oci_time_offset *out)
{
	const struct kjson *o;
	char sub[PATH_LEN];
	bool has;

	if (get_obj(c, t, path, key, &o, sub))
		return -EINVAL;
	if (!o)
		return 0;
	out->set = true;
	if (get_i64(c, o, sub, "secs", &out->secs, &has) ||
	    get_u32(c, o, sub, "nanosecs", &out->nanosecs, &has, false))
		return -EINVAL;
	if (out->nanosecs >= 1000000000u)
		return perr(c, sub, "nanosecs is above 999999999");
	return 0;
}

static int parse_linux_misc(struct ctx *c, const struct kjson *lx,
			    struct kctr_oci_config *cfg)
{
	const struct kjson *o;
	char sub[PATH_LEN], *prop = NULL, *dom = NULL;
	int ret = -EINVAL;

	if (get_str(c, lx, "linux", "cgroupsPath", &cfg->cgroups_path) ||
	    get_strv(c, lx, "linux", "maskedPaths", &cfg->masked_paths,
		     &cfg->nr_masked) ||
	    get_strv(c, lx, "linux", "readonlyPaths", &cfg->readonly_paths,
		     &cfg->nr_readonly) ||
	    check_absolute(c, cfg->masked_paths, "linux.maskedPaths") ||
	    check_absolute(c, cfg->readonly_paths, "linux.readonlyPaths") ||
	    get_str(c, lx, "linux", "mountLabel", &cfg->mount_label) ||
	    get_str(c, lx, "linux", "rootfsPropagation", &prop))
		goto out;
	if (prop && prop[0]) {
		cfg->rootfs_propagation = kctr_propagation_flag(prop);
		if (!cfg->rootfs_propagation) {
			perr(c, "linux.rootfsPropagation", "\"%s\" is not "
			     "shared, slave, private or unbindable", prop);
			goto out;
		}
	}
	if (cfg->mount_label && !cfg->mount_label[0]) {
		free(cfg->mount_label);
		cfg->mount_label = NULL;
	}
	if (cfg->mount_label)
		flag_unsup(c, KCTR_OCI_U_MOUNT_LABEL);
	if (get_obj(c, lx, "linux", "personality", &o, sub))
		goto out;
	if (o) {
		if (need_str(c, o, sub, "domain", &dom))
			goto out;
		if (!strcmp(dom, "LINUX")) {
			cfg->personality_domain = PER_LINUX;
		} else if (!strcmp(dom, "LINUX32")) {
			cfg->personality_domain = PER_LINUX32;
		} else {
			perr(c, "linux.personality.domain",
			     "\"%s\" is not LINUX or LINUX32", dom);
			goto out;
		}
		flag_unsup(c, KCTR_OCI_U_PERSONALITY);
	}
	if (get_obj(c, lx, "linux", "timeOffsets", &o, sub))
		goto out;
	if (o) {
		if (parse_time_offset(c, o, sub, "monotonic",
				      &cfg->time_monotonic) ||
		    parse_time_offset(c, o, sub, "boottime",
				      &cfg->time_boottime))
			goto out;
		if (cfg->time_monotonic.set || cfg->time_boottime.set)
			flag_unsup(c, KCTR_OCI_U_TIME_OFFSETS);
	}
	if (member(lx, "intelRdt"))
		flag_unsup(c, KCTR_OCI_U_INTEL_RDT);
	if (member(lx, "memoryPolicy"))
		flag_unsup(c, KCTR_OCI_U_MEMORY_POLICY);
	if (nonempty(member(lx, "netDevices")))
		flag_unsup(c, KCTR_OCI_U_NET_DEVICES);
	ret = 0;
out:
	free(prop);
	free(dom);
	return ret;
}

static int parse_linux(struct ctx *c, const struct kjson *root,
		       struct kctr_oci_config *cfg)
{
	const struct kjson *lx;
	char sub[PATH_LEN];

	if (get_obj(c, root, "", "linux", &lx, sub))
		return -EINVAL;
	if (!lx)
		return 0;
	if (parse_namespaces(c, lx, cfg) ||
	    parse_maps(c, lx, "uidMappings", &cfg->uid_maps,
		       &cfg->nr_uid_maps) ||
	    parse_maps(c, lx, "gidMappings", &cfg->gid_maps,
		       &cfg->nr_gid_maps) ||
	    get_kv(c, lx, "linux", "sysctl", &cfg->sysctl, &cfg->nr_sysctl) ||
	    check_sysctl(c, cfg) ||
	    parse_resources(c, lx, cfg) || parse_seccomp(c, lx, cfg) ||
	    parse_devices(c, lx, cfg) || parse_linux_misc(c, lx, cfg))
		return -c->err->code;
	return 0;
}

/* ---- top level ---- */

static int parse_version(struct ctx *c, const struct kjson *root,
			 struct kctr_oci_config *cfg)
{
	const char *v;

	if (need_str(c, root, "", "ociVersion", &cfg->oci_version))
		return -EINVAL;
	v = cfg->oci_version;
	/* SemVer: MAJOR.MINOR.PATCH[-pre][+build]; kctr reads major 1. */
	if (strncmp(v, "1.", 2) || !isdigit((unsigned char)v[2]))
		return perr(c, "ociVersion", "\"%s\" is not a 1.x version", v);
	return 0;
}

static int parse_root(struct ctx *c, const struct kjson *root,
		      struct kctr_oci_config *cfg)
{
	const struct kjson *r;
	char sub[PATH_LEN];

	if (get_obj(c, root, "", "root", &r, sub))
		return -EINVAL;
	if (!r)
		return perr(c, "root", "missing");
	if (need_str(c, r, sub, "path", &cfg->root_path) ||
	    get_bool(c, r, sub, "readonly", &cfg->root_readonly))
		return -EINVAL;
	if (!cfg->root_path[0])
		return perr(c, "root.path", "empty");
	return 0;
}

static int parse_config(struct ctx *c, const struct kjson *root,
			struct kctr_oci_config *cfg)
{
	const struct kjson *p;
	char sub[PATH_LEN];

	if (want(c, root, KJSON_OBJECT, "(top level)") ||
	    parse_version(c, root, cfg) || parse_root(c, root, cfg))
		return -c->err->code;
	if (get_obj(c, root, "", "process", &p, sub))
		return -EINVAL;
	if (p) {
		cfg->has_process = true;
		if (parse_process_obj(c, p, "process", &cfg->process))
			return -c->err->code;
	}
	if (get_str(c, root, "", "hostname", &cfg->hostname) ||
	    get_str(c, root, "", "domainname", &cfg->domainname) ||
	    parse_mounts(c, root, cfg) || parse_hooks(c, root, &cfg->hooks) ||
	    get_kv(c, root, "", "annotations", &cfg->annotations,
		   &cfg->nr_annotations) ||
	    parse_linux(c, root, cfg))
		return -c->err->code;
	if (cfg->domainname && cfg->domainname[0])
		flag_unsup(c, KCTR_OCI_U_DOMAINNAME);
	return 0;
}

int kctr_oci_config_parse(const char *text, size_t len, const char *name,
			  struct kctr_oci_config *cfg, struct kctr_err *err)
{
	struct ctx c = { name ? name : "config.json", err, &cfg->unsupported };
	struct kjson *root;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	root = kjson_parse(text, len, err);
	if (!root)
		return kctr_err_wrap(err, "%s", c.name);
	ret = parse_config(&c, root, cfg);
	kjson_free(root);
	if (ret) {
		if (!err->code)
			ret = kctr_err_set(err, EINVAL, "%s: invalid", c.name);
		kctr_oci_config_free(cfg);
	}
	return ret;
}

int kctr_oci_process_parse(const char *text, size_t len, const char *name,
			   struct kctr_oci_process *proc,
			   uint64_t *unsupported, struct kctr_err *err)
{
	uint64_t unsup = 0;
	struct ctx c = { name ? name : "process.json", err, &unsup };
	struct kjson *root;
	int ret;

	memset(proc, 0, sizeof(*proc));
	root = kjson_parse(text, len, err);
	if (!root)
		return kctr_err_wrap(err, "%s", c.name);
	ret = parse_process_obj(&c, root, "", proc);
	kjson_free(root);
	if (ret) {
		if (!err->code)
			ret = kctr_err_set(err, EINVAL, "%s: invalid", c.name);
		kctr_oci_process_free(proc);
		return ret;
	}
	if (unsupported)
		*unsupported = unsup;
	return 0;
}

static int read_text(const char *path, char **text, size_t *len,
		     struct kctr_err *err)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	char *buf;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (fstat(fd, &st)) {
		ret = kctr_err_set(err, errno, "%s: %m", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_BYTES) {
		ret = kctr_err_set(err, EINVAL, "%s: not a regular file of at "
				   "most %d bytes", path, CONFIG_MAX_BYTES);
		goto out;
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		ret = kctr_err_set(err, ENOMEM, "out of memory");
		goto out;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = kctr_err_set(err, n ? errno : EIO,
					   "%s: short read", path);
			free(buf);
			goto out;
		}
		got += n;
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
out:
	close(fd);
	return ret;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int kctr_oci_config_load(const char *path, struct kctr_oci_config *cfg,
			 struct kctr_err *err)
{
	char *text;
	size_t len;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	ret = read_text(path, &text, &len, err);
	if (ret)
		return ret;
	ret = kctr_oci_config_parse(text, len, base_name(path), cfg, err);
	free(text);
	return ret;
}

int kctr_oci_process_load(const char *path, struct kctr_oci_process *proc,
			  uint64_t *unsupported, struct kctr_err *err)
{
	char *text;
	size_t len;
	int ret;

	memset(proc, 0, sizeof(*proc));
	ret = read_text(path, &text, &len, err);
	if (ret)
		return ret;
	ret = kctr_oci_process_parse(text, len, base_name(path), proc,
				     unsupported, err);
	free(text);
	return ret;
}

void kctr_oci_config_free(struct kctr_oci_config *cfg)
{
	struct kctr_oci_resources *r = &cfg->resources;
	size_t i;

	free(cfg->oci_version);
	free(cfg->root_path);
	kctr_oci_process_free(&cfg->process);
	free(cfg->hostname);
	free(cfg->domainname);
	for (i = 0; i < cfg->nr_mounts; i++) {
		free(cfg->mounts[i].destination);
		free(cfg->mounts[i].type);
		free(cfg->mounts[i].source);
		strv_free(cfg->mounts[i].options);
		free(cfg->mounts[i].opts.data);
	}
	free(cfg->mounts);
	hooks_free(&cfg->hooks);
	kv_free(cfg->annotations, cfg->nr_annotations);
	for (i = 0; i < cfg->nr_namespaces; i++)
		free(cfg->namespaces[i].path);
	free(cfg->namespaces);
	free(cfg->uid_maps);
	free(cfg->gid_maps);
	kv_free(cfg->sysctl, cfg->nr_sysctl);
	free(r->devices);
	free(r->cpu_cpus);
	free(r->cpu_mems);
	for (i = 0; i < 4; i++)
		free(r->throttle[i]);
	for (i = 0; i < r->nr_hugepages; i++)
		free(r->hugepages[i].page_size);
	free(r->hugepages);
	kv_free(r->unified, r->nr_unified);
	free(cfg->cgroups_path);
	strv_free(cfg->masked_paths);
	strv_free(cfg->readonly_paths);
	free(cfg->seccomp.json);
	free(cfg->seccomp.default_action);
	free(cfg->seccomp.listener_path);
	for (i = 0; i < cfg->nr_devices; i++)
		free(cfg->devices[i].path);
	free(cfg->devices);
	free(cfg->mount_label);
	memset(cfg, 0, sizeof(*cfg));
}

/* ---- unsupported fields ---- */

static const char *const unsup_names[KCTR_OCI_U_COUNT] = {
	[KCTR_OCI_U_SELINUX_LABEL] = "process.selinuxLabel",
	[KCTR_OCI_U_MOUNT_LABEL] = "linux.mountLabel",
	[KCTR_OCI_U_SCHEDULER] = "process.scheduler",
	[KCTR_OCI_U_IO_PRIORITY] = "process.ioPriority",
	[KCTR_OCI_U_EXEC_CPU_AFFINITY] = "process.execCPUAffinity",
	[KCTR_OCI_U_INTEL_RDT] = "linux.intelRdt",
	[KCTR_OCI_U_PERSONALITY] = "linux.personality",
	[KCTR_OCI_U_TIME_OFFSETS] = "linux.timeOffsets",
	[KCTR_OCI_U_MEMORY_POLICY] = "linux.memoryPolicy",
	[KCTR_OCI_U_NET_DEVICES] = "linux.netDevices",
	[KCTR_OCI_U_HUGEPAGE_LIMITS] = "linux.resources.hugepageLimits",
	[KCTR_OCI_U_UNIFIED] = "linux.resources.unified",
	[KCTR_OCI_U_RDMA] = "linux.resources.rdma",
	[KCTR_OCI_U_NETWORK] = "linux.resources.network",
	[KCTR_OCI_U_BLKIO_WEIGHT] =
		"linux.resources.blockIO.weight (or leafWeight, weightDevice)",
	[KCTR_OCI_U_MEM_KERNEL] =
		"linux.resources.memory.kernel (or kernelTCP)",
	[KCTR_OCI_U_MEM_SWAPPINESS] = "linux.resources.memory.swappiness",
	[KCTR_OCI_U_MEM_DISABLE_OOM_KILLER] =
		"linux.resources.memory.disableOOMKiller",
	[KCTR_OCI_U_CPU_REALTIME] =
		"linux.resources.cpu.realtimeRuntime (or realtimePeriod)",
	[KCTR_OCI_U_CPU_BURST] = "linux.resources.cpu.burst",
	[KCTR_OCI_U_CPU_IDLE] = "linux.resources.cpu.idle",
	[KCTR_OCI_U_SECCOMP_LISTENER] =
		"linux.seccomp.listenerPath (seccomp notify)",
	[KCTR_OCI_U_SECCOMP_FLAG] = "a linux.seccomp.flags entry",
	[KCTR_OCI_U_MOUNT_IDMAP] = "an idmapped mount (mounts[].uidMappings, "
				   "gidMappings or idmap)",
	[KCTR_OCI_U_DOMAINNAME] = "domainname",
};

const char *kctr_oci_unsup_name(enum kctr_oci_unsup u)
{
	return u < KCTR_OCI_U_COUNT ? unsup_names[u] : NULL;
}

int kctr_oci_unsupported(uint64_t unsupported, uint64_t honoured,
			 const char *name, struct kctr_err *err)
{
	uint64_t left = unsupported & ~honoured;
	int u;

	for (u = 0; u < KCTR_OCI_U_COUNT; u++)
		if (left & BIT64(u))
			return kctr_err_set(err, EOPNOTSUPP,
					    "%s: %s is not supported",
					    name ? name : "config.json",
					    unsup_names[u]);
	return 0;
}
