// SPDX-License-Identifier: GPL-2.0
/* config.json into struct kctr_launch (launchcfg.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "launchcfg.h"
#include "seccomp_profile.h"
#include "util.h"

/*
 * Fields config.json may set that kctr-oci honours by its own design
 * (Documentation/oci.md): none yet beyond what the parser leaves clear.
 */
#define HONOURED	0ULL

static int refuse(struct kctr_err *err, const char *field, const char *why)
{
	return kctr_err_set(err, EOPNOTSUPP, "config.json: %s: %s", field, why);
}

static int set_root(const struct kctr_oci_config *cfg, const char *bundle,
		    struct oci_launch *o, struct kctr_err *err)
{
	int n;

	if (!cfg->root_path || !*cfg->root_path)
		return kctr_err_set(err, EINVAL, "config.json: root.path is "
				    "required");
	if (cfg->root_path[0] == '/')
		n = snprintf(o->root, sizeof(o->root), "%s", cfg->root_path);
	else
		n = snprintf(o->root, sizeof(o->root), "%s/%s", bundle,
			     cfg->root_path);
	if (n < 0 || (size_t)n >= sizeof(o->root))
		return kctr_err_set(err, ENAMETOOLONG, "config.json: "
				    "root.path: too long");
	o->l.root_path = o->root;
	o->l.read_only = cfg->root_readonly;
	return 0;
}

/* A mount namespace of its own is where kctr builds the root. */
static int set_namespaces(const struct kctr_oci_config *cfg,
			  struct oci_launch *o, struct kctr_err *err)
{
	const struct kctr_oci_namespace *ns;
	uint32_t fresh, joined;
	unsigned int kind;
	size_t i;
	int n;

	kctr_oci_ns_masks(cfg, &fresh, &joined);
	if (!(fresh & KCTR_NS_MNT))
		return refuse(err, "linux.namespaces", joined & KCTR_NS_MNT ?
			      "joining a mount namespace by path is not "
			      "supported" : "a new mount namespace is "
			      "required");
	o->l.ns_new = fresh;
	for (i = 0; i < cfg->nr_namespaces; i++) {
		ns = &cfg->namespaces[i];
		if (!ns->path)
			continue;
		kind = kctr_oci_ns_kind(ns->type);
		n = snprintf(o->ns_path[kind], sizeof(o->ns_path[kind]), "%s",
			     ns->path);
		if (n < 0 || (size_t)n >= sizeof(o->ns_path[kind]))
			return kctr_err_set(err, ENAMETOOLONG, "config.json: "
					    "linux.namespaces[%zu].path: too "
					    "long", i);
		o->l.ns_path[kind] = o->ns_path[kind];
	}
	return 0;
}

static int copy_map(const struct kctr_oci_id_map *m, size_t n,
		    struct kctr_id_extent_req **out, struct kctr_err *err)
{
	size_t i;

	if (!n)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (!*out)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		(*out)[i].inside = m[i].container_id;
		(*out)[i].outside = m[i].host_id;
		(*out)[i].count = m[i].size;
	}
	return 0;
}

static int set_id_maps(const struct kctr_oci_config *cfg, struct oci_launch *o,
		       struct kctr_err *err)
{
	int ret;

	ret = copy_map(cfg->uid_maps, cfg->nr_uid_maps, &o->uid_map, err);
	if (!ret)
		ret = copy_map(cfg->gid_maps, cfg->nr_gid_maps, &o->gid_map,
			       err);
	o->l.uid_map = o->uid_map;
	o->l.nr_uid_map = cfg->nr_uid_maps;
	o->l.gid_map = o->gid_map;
	o->l.nr_gid_map = cfg->nr_gid_maps;
	return ret;
}

static int set_rlimits(const struct kctr_oci_process *p, struct oci_launch *o,
		       struct kctr_err *err)
{
	size_t i;

	if (!p->nr_rlimits)
		return 0;
	o->rlimits = calloc(p->nr_rlimits, sizeof(*o->rlimits));
	if (!o->rlimits)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < p->nr_rlimits; i++) {
		o->rlimits[i].resource = p->rlimits[i].resource;
		o->rlimits[i].soft = p->rlimits[i].soft;
		o->rlimits[i].hard = p->rlimits[i].hard;
	}
	o->l.rlimits = o->rlimits;
	o->l.nr_rlimits = p->nr_rlimits;
	return 0;
}

static int set_process(const struct kctr_oci_config *cfg, struct oci_launch *o,
		       struct kctr_err *err)
{
	const struct kctr_oci_process *p = &cfg->process;
	struct kctr_launch *l = &o->l;

	if (!cfg->has_process)
		return kctr_err_set(err, EINVAL, "config.json: process is "
				    "required to create a container");
	/* Applied by the init; refused where AppArmor is off, as runc. */
	l->apparmor_profile = p->apparmor_profile;
	l->argv = p->args;
	l->env = (const char *const *)p->env;
	l->nr_env = p->nr_env;
	l->env_exact = true;
	l->cwd = p->cwd;
	l->has_user = true;
	/* config.json's five sets are the process's, whoever it runs as. */
	l->keep_caps = true;
	l->uid = p->uid;
	l->gid = p->gid;
	l->groups = p->gids;
	l->nr_groups = p->nr_gids;
	l->has_umask = p->has_umask;
	l->umask = p->umask;
	l->has_oom_score_adj = p->has_oom_score_adj;
	l->oom_score_adj = p->oom_score_adj;
	/* Absent capabilities: none at all (config.md has no default). */
	if (p->has_caps) {
		l->caps.bounding = p->bounding;
		l->caps.effective = p->effective;
		l->caps.permitted = p->permitted;
		l->caps.inheritable = p->inheritable;
		l->caps.ambient = p->ambient;
	}
	if (!p->no_new_privileges)
		l->flags |= KCTR_F_ALLOW_NEW_PRIVS;
	l->tty = p->terminal;
	/* The engine's stdio, untouched; the process is pid 1 itself. */
	l->keep_stdin = true;
	l->no_init = true;
	return set_rlimits(p, o, err);
}

/*
 * A bind's source relative to the bundle (config.md "Mounts") made
 * absolute; the library checks the entries (lib/mounts.c).
 */
static int bind_source(const struct kctr_oci_mount *m, const char *bundle,
		       char **abs, const char **src)
{
	bool bind = m->opts.bind || (m->type && !strcmp(m->type, "bind"));

	*src = m->source;
	if (!bind || !m->source || m->source[0] == '/')
		return 0;
	if (asprintf(abs, "%s/%s", bundle, m->source) < 0) {
		*abs = NULL;
		return -ENOMEM;
	}
	*src = *abs;
	return 0;
}

static int set_mounts(const struct kctr_oci_config *cfg, const char *bundle,
		      struct oci_launch *o, struct kctr_err *err)
{
	const struct kctr_oci_mount *m;
	size_t i;

	if (!cfg->nr_mounts)
		return 0;
	o->mounts = calloc(cfg->nr_mounts, sizeof(*o->mounts));
	o->sources = calloc(cfg->nr_mounts, sizeof(*o->sources));
	if (!o->mounts || !o->sources)
		return kctr_err_set(err, ENOMEM, "out of memory");
	o->l.mounts = o->mounts;
	o->l.nr_mounts = cfg->nr_mounts;
	for (i = 0; i < cfg->nr_mounts; i++) {
		m = &cfg->mounts[i];
		o->mounts[i].destination = m->destination;
		o->mounts[i].type = m->type;
		o->mounts[i].options = (const char *const *)m->options;
		o->mounts[i].nr_options = m->nr_options;
		if (bind_source(m, bundle, &o->sources[i],
				&o->mounts[i].source))
			return kctr_err_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

/* linux.sysctl as given: the library allows namespaced keys only. */
static int set_sysctls(const struct kctr_oci_config *cfg,
		       struct oci_launch *o, struct kctr_err *err)
{
	size_t i;

	if (!cfg->nr_sysctl)
		return 0;
	o->sysctls = calloc(cfg->nr_sysctl, sizeof(*o->sysctls));
	if (!o->sysctls)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < cfg->nr_sysctl; i++) {
		o->sysctls[i].key = cfg->sysctl[i].key;
		o->sysctls[i].value = cfg->sysctl[i].value;
	}
	o->l.sysctls = o->sysctls;
	o->l.nr_sysctls = cfg->nr_sysctl;
	return 0;
}

static void set_paths(const struct kctr_oci_config *cfg, struct oci_launch *o)
{
	o->l.masked_paths = (const char *const *)cfg->masked_paths;
	o->l.nr_masked_paths = cfg->nr_masked;
	o->l.readonly_paths = (const char *const *)cfg->readonly_paths;
	o->l.nr_readonly_paths = cfg->nr_readonly;
}

/* linux.seccomp as given, or none at all (config-linux.md). */
static int set_seccomp(const struct kctr_oci_config *cfg, struct oci_launch *o,
		       struct kctr_err *err)
{
	size_t len = 0;
	int ret;

	if (!cfg->has_seccomp) {
		o->l.seccomp = "unconfined";
		return 0;
	}
	ret = kctr_seccomp_build_json(cfg->seccomp.json,
				      strlen(cfg->seccomp.json),
				      o->l.caps.bounding, &o->seccomp_prog,
				      &len, err);
	if (ret)
		return kctr_err_wrap(err, "config.json: linux.seccomp");
	if (!o->seccomp_prog) {
		o->l.seccomp = "unconfined";
		return 0;
	}
	o->l.seccomp_prog = o->seccomp_prog;
	o->l.seccomp_len = len;
	o->l.seccomp_flags = kctr_oci_seccomp_install_flags(cfg);
	return 0;
}

static bool deny_all(const struct kctr_oci_dev_rule *d)
{
	return !d->allow && d->type == 'a' && d->major < 0 && d->minor < 0 &&
	       d->access == (KCTR_OCI_DEV_R | KCTR_OCI_DEV_W | KCTR_OCI_DEV_M);
}

static unsigned int dev_access(unsigned int oci)
{
	return (oci & KCTR_OCI_DEV_R ? KCTR_DEV_READ : 0) |
	       (oci & KCTR_OCI_DEV_W ? KCTR_DEV_WRITE : 0) |
	       (oci & KCTR_OCI_DEV_M ? KCTR_DEV_MKNOD : 0);
}

static bool dev_num_overlap(long kept, long oci)
{
	return kept == KCTR_DEV_ANY || oci < 0 || kept == oci;
}

/*
 * Whether the deny rule d takes anything from the allows kept so far.
 * kctr's policy is an allow list (what no rule allows is denied), so a
 * deny that overlaps none of them changes nothing and may be dropped:
 * Docker denies /dev/fuse (c 10:229) after its own short allow list.
 */
static bool deny_overlaps(const struct kctr_oci_dev_rule *d,
			  const struct kctr_dev_rule *kept, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (kept[i].type != 'a' && d->type != 'a' &&
		    kept[i].type != d->type)
			continue;
		if (dev_num_overlap(kept[i].major, d->major) &&
		    dev_num_overlap(kept[i].minor, d->minor) &&
		    (kept[i].access & dev_access(d->access)))
			return true;
	}
	return false;
}

int oci_dev_rules(const struct kctr_oci_resources *r,
		  struct kctr_dev_rule **rules, size_t *nr,
		  struct kctr_err *err)
{
	const struct kctr_oci_dev_rule *d;
	size_t i;

	*rules = NULL;
	*nr = 0;
	if (!r->nr_devices)
		return 0;
	*rules = calloc(r->nr_devices, sizeof(**rules));
	if (!*rules)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < r->nr_devices; i++) {
		d = &r->devices[i];
		if (deny_all(d)) {
			*nr = 0;
			continue;
		}
		if (!d->allow && !deny_overlaps(d, *rules, *nr))
			continue;
		if (!d->allow)
			return kctr_err_set(err, EOPNOTSUPP, "config.json: "
					    "linux.resources.devices[%zu]: a "
					    "deny rule narrower than all "
					    "devices, rwm, taking from an "
					    "allow before it is not supported "
					    "(kctr keeps an allow list)", i);
		(*rules)[*nr].type = d->type;
		(*rules)[*nr].major = d->major < 0 ? KCTR_DEV_ANY : d->major;
		(*rules)[*nr].minor = d->minor < 0 ? KCTR_DEV_ANY : d->minor;
		(*rules)[*nr].access = dev_access(d->access);
		(*nr)++;
	}
	return 0;
}

static int set_resources(const struct kctr_oci_config *cfg,
			 struct oci_launch *o, struct kctr_err *err)
{
	size_t nr;
	int ret;

	if (!cfg->has_resources)
		return 0;
	ret = kctr_oci_limits(&cfg->resources, &o->l.limits, err);
	if (ret)
		return ret;
	ret = oci_dev_rules(&cfg->resources, &o->dev_rules, &nr, err);
	o->l.dev_rules = o->dev_rules;
	o->l.nr_dev_rules = nr;
	return ret;
}

/* What the rules after deny-all allow of a node, read and write only. */
static unsigned int allowed_access(const struct oci_launch *o, char type,
				   long major, long minor)
{
	const struct kctr_dev_rule *r;
	unsigned int access = 0;
	size_t i;

	for (i = 0; i < o->l.nr_dev_rules; i++) {
		r = &o->dev_rules[i];
		if ((r->type == 'a' || r->type == type) &&
		    (r->major == KCTR_DEV_ANY || r->major == major) &&
		    (r->minor == KCTR_DEV_ANY || r->minor == minor))
			access |= r->access;
	}
	return access & (KCTR_DEV_READ | KCTR_DEV_WRITE);
}

static bool host_node(const char *path, char type, int64_t maj, int64_t min)
{
	struct stat st;

	return !stat(path, &st) &&
	       (type == 'c' ? S_ISCHR(st.st_mode) : S_ISBLK(st.st_mode)) &&
	       major(st.st_rdev) == maj && minor(st.st_rdev) == min;
}

/* The host's node of those numbers: /dev/DEVNAME from its sysfs uevent. */
static bool node_by_numbers(char type, int64_t maj, int64_t min, char *buf,
			    size_t len)
{
	char path[96], line[256];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/dev/%s/%" PRId64 ":%" PRId64
		 "/uevent", type == 'c' ? "char" : "block", maj, min);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "DEVNAME=", 8) || strstr(line, ".."))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "/dev/%s", line + 8);
		found = host_node(buf, type, maj, min);
	}
	fclose(f);
	if (!found)
		buf[0] = '\0';
	return found;
}

/*
 * linux.devices: kctr's /dev is nodev, so a node is the host's own bound
 * in (as with kctr spawn --device): the node at the same path if it has
 * that type and those numbers, else the one sysfs names for them; its
 * access is what linux.resources.devices allows.
 */
static int set_device(const struct kctr_oci_device *d, size_t i,
		      struct kctr_device *out, const struct oci_launch *o,
		      struct kctr_err *err)
{
	char type = d->type == 'u' ? 'c' : d->type;

	if (type != 'c' && type != 'b')
		return kctr_err_set(err, EOPNOTSUPP, "config.json: linux."
				    "devices[%zu] %s: only character and block "
				    "devices are supported", i, d->path);
	if (strncmp(d->path, "/dev/", 5) || strstr(d->path, "/../") ||
	    strlen(d->path) >= sizeof(out->ctr))
		return kctr_err_set(err, EINVAL, "config.json: linux."
				    "devices[%zu] %s: must be below /dev", i,
				    d->path);
	if (!host_node(d->path, type, d->major, d->minor) &&
	    !node_by_numbers(type, d->major, d->minor, out->host,
			     sizeof(out->host)))
		return kctr_err_set(err, EOPNOTSUPP, "config.json: linux."
				    "devices[%zu] %s: the host has no %c "
				    "%" PRId64 ":%" PRId64 " node (kctr binds "
				    "the host's nodes)", i, d->path, type,
				    d->major, d->minor);
	if (!out->host[0])
		snprintf(out->host, sizeof(out->host), "%s", d->path);
	snprintf(out->ctr, sizeof(out->ctr), "%s", d->path);
	out->access = allowed_access(o, type, d->major, d->minor);
	return 0;
}

static int set_devices(const struct kctr_oci_config *cfg,
		       struct oci_launch *o, struct kctr_err *err)
{
	size_t i;
	int ret = 0;

	if (!cfg->nr_devices)
		return 0;
	o->devs = calloc(cfg->nr_devices, sizeof(*o->devs));
	if (!o->devs)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; !ret && i < cfg->nr_devices; i++)
		ret = set_device(&cfg->devices[i], i, &o->devs[i], o, err);
	o->l.devs = o->devs;
	o->l.nr_devs = cfg->nr_devices;
	return ret;
}

/* What kctr sets up its own way, or not at all: refused by name. */
static int refuse_unhonoured(const struct kctr_oci_config *cfg,
			     struct kctr_err *err)
{
	unsigned long prop = cfg->rootfs_propagation & ~MS_REC;
	int ret;

	ret = kctr_oci_unsupported(cfg->unsupported, HONOURED, NULL, err);
	if (ret)
		return ret;
	/* Every mount of the container is private already. */
	if (prop && prop != MS_PRIVATE)
		return refuse(err, "linux.rootfsPropagation", "only private "
			      "and rprivate are supported");
	return 0;
}

int oci_launch_from_config(const struct kctr_oci_config *cfg,
			   const char *bundle, const char *id,
			   struct oci_launch *o, struct kctr_err *err)
{
	int ret;

	memset(o, 0, sizeof(*o));
	o->l.name = id;
	o->l.hostname = cfg->hostname;
	/* OCI create exits before start: the record must outlive it. */
	o->l.flags = KCTR_F_PERSIST;
	ret = refuse_unhonoured(cfg, err);
	if (!ret)
		ret = set_root(cfg, bundle, o, err);
	if (!ret)
		ret = set_namespaces(cfg, o, err);
	if (!ret)
		ret = set_id_maps(cfg, o, err);
	if (!ret)
		ret = set_process(cfg, o, err);
	if (!ret)
		ret = set_mounts(cfg, bundle, o, err);
	if (!ret)
		ret = set_sysctls(cfg, o, err);
	if (!ret)
		set_paths(cfg, o);
	if (!ret)
		ret = set_resources(cfg, o, err);
	if (!ret)
		ret = set_devices(cfg, o, err);
	if (!ret)
		ret = set_seccomp(cfg, o, err);
	return ret;
}

void oci_launch_free(struct oci_launch *o)
{
	size_t i;

	for (i = 0; o->sources && i < o->l.nr_mounts; i++)
		free(o->sources[i]);
	free(o->sources);
	free(o->sysctls);
	free(o->mounts);
	free(o->rlimits);
	free(o->uid_map);
	free(o->gid_map);
	free(o->dev_rules);
	free(o->devs);
	free(o->seccomp_prog);
	memset(o, 0, sizeof(*o));
}
