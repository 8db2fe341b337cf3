// SPDX-License-Identifier: GPL-2.0
/*
 * Generic mounts (mounts.h). An OCI mount's "options" into mount(2)
 * flags, propagation changes, mount_setattr(2) recursive attributes and
 * the data string: mount(8)'s filesystem-independent options, plus what
 * runc and crun accept and engines send (tmpcopyup, the r* recursive
 * forms). Then an entry checked and planned, before anything is made.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "mounts.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW	256
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY	0x00000001
#define MOUNT_ATTR_NOSUID	0x00000002
#define MOUNT_ATTR_NODEV	0x00000004
#define MOUNT_ATTR_NOEXEC	0x00000008
#define MOUNT_ATTR__ATIME	0x00000070
#define MOUNT_ATTR_RELATIME	0x00000000
#define MOUNT_ATTR_NOATIME	0x00000010
#define MOUNT_ATTR_STRICTATIME	0x00000020
#define MOUNT_ATTR_NODIRATIME	0x00000080
#define MOUNT_ATTR_NOSYMFOLLOW	0x00200000
#endif

struct flag_opt {
	const char *name;
	bool clear;		/* the option turns @flag off */
	unsigned long flag;
};

static const struct flag_opt flag_opts[] = {
	{ "ro", false, MS_RDONLY },		{ "rw", true, MS_RDONLY },
	{ "nosuid", false, MS_NOSUID },		{ "suid", true, MS_NOSUID },
	{ "nodev", false, MS_NODEV },		{ "dev", true, MS_NODEV },
	{ "noexec", false, MS_NOEXEC },		{ "exec", true, MS_NOEXEC },
	{ "sync", false, MS_SYNCHRONOUS },	{ "async", true, MS_SYNCHRONOUS },
	{ "dirsync", false, MS_DIRSYNC },
	{ "remount", false, MS_REMOUNT },
	{ "mand", false, MS_MANDLOCK },		{ "nomand", true, MS_MANDLOCK },
	{ "noatime", false, MS_NOATIME },	{ "atime", true, MS_NOATIME },
	{ "nodiratime", false, MS_NODIRATIME },
	{ "diratime", true, MS_NODIRATIME },
	{ "relatime", false, MS_RELATIME },	{ "norelatime", true, MS_RELATIME },
	{ "strictatime", false, MS_STRICTATIME },
	{ "nostrictatime", true, MS_STRICTATIME },
	{ "lazytime", false, MS_LAZYTIME },	{ "nolazytime", true, MS_LAZYTIME },
	{ "iversion", false, MS_I_VERSION },	{ "noiversion", true, MS_I_VERSION },
	{ "silent", false, MS_SILENT },		{ "loud", true, MS_SILENT },
	{ "nosymfollow", false, MS_NOSYMFOLLOW },
	{ "symfollow", true, MS_NOSYMFOLLOW },
	{ "bind", false, MS_BIND },
	{ "rbind", false, MS_BIND | MS_REC },
};

struct prop_opt {
	const char *name;
	unsigned long flag;
};

static const struct prop_opt prop_opts[] = {
	{ "private", MS_PRIVATE },	{ "rprivate", MS_PRIVATE | MS_REC },
	{ "shared", MS_SHARED },	{ "rshared", MS_SHARED | MS_REC },
	{ "slave", MS_SLAVE },		{ "rslave", MS_SLAVE | MS_REC },
	{ "unbindable", MS_UNBINDABLE },
	{ "runbindable", MS_UNBINDABLE | MS_REC },
};

/* The recursive forms, for mount_setattr(AT_RECURSIVE). */
struct attr_opt {
	const char *name;
	uint64_t set, clr;
};

static const struct attr_opt attr_opts[] = {
	{ "rro", MOUNT_ATTR_RDONLY, 0 },
	{ "rrw", 0, MOUNT_ATTR_RDONLY },
	{ "rnosuid", MOUNT_ATTR_NOSUID, 0 },
	{ "rsuid", 0, MOUNT_ATTR_NOSUID },
	{ "rnodev", MOUNT_ATTR_NODEV, 0 },
	{ "rdev", 0, MOUNT_ATTR_NODEV },
	{ "rnoexec", MOUNT_ATTR_NOEXEC, 0 },
	{ "rexec", 0, MOUNT_ATTR_NOEXEC },
	{ "rnodiratime", MOUNT_ATTR_NODIRATIME, 0 },
	{ "rdiratime", 0, MOUNT_ATTR_NODIRATIME },
	{ "rnosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
	{ "rsymfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
	/* The kernel wants the whole atime field cleared to change it. */
	{ "rnoatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
	{ "rstrictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
	{ "rnorelatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
	{ "ratime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
	{ "rrelatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
	{ "rnostrictatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

unsigned long kctr_propagation_flag(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(prop_opts); i++)
		if (!strcmp(name, prop_opts[i].name))
			return prop_opts[i].flag;
	return 0;
}

static bool flag_option(const char *opt, struct kctr_mount_opts *o)
{
	const struct flag_opt *f;
	size_t i;

	for (i = 0; i < ARRAY_LEN(flag_opts); i++) {
		f = &flag_opts[i];
		if (strcmp(opt, f->name))
			continue;
		/* The last of "ro" and "rw" wins. */
		if (f->clear) {
			o->flags &= ~f->flag;
			o->clear |= f->flag;
		} else {
			o->flags |= f->flag;
			o->clear &= ~f->flag;
		}
		if (f->flag & MS_BIND)
			o->bind = true;
		return true;
	}
	return false;
}

static bool attr_option(const char *opt, struct kctr_mount_opts *o)
{
	const struct attr_opt *a;
	size_t i;

	for (i = 0; i < ARRAY_LEN(attr_opts); i++) {
		a = &attr_opts[i];
		if (strcmp(opt, a->name))
			continue;
		/* Later options win; the atime field is cleared whole. */
		o->attr_clr = (o->attr_clr & ~a->set) | a->clr;
		o->attr_set = (o->attr_set & ~a->clr) | a->set;
		return true;
	}
	return false;
}

static int add_data(struct kctr_mount_opts *o, const char *opt,
		    struct kctr_err *err)
{
	size_t have = o->data ? strlen(o->data) : 0;
	char *d = realloc(o->data, have + strlen(opt) + 2);

	if (!d)
		return kctr_err_set(err, ENOMEM, "out of memory");
	if (have)
		d[have++] = ',';
	strcpy(d + have, opt);
	o->data = d;
	return 0;
}

static int one_option(const char *opt, struct kctr_mount_opts *o,
		      struct kctr_err *err)
{
	unsigned long prop;

	if (!*opt)
		return kctr_err_set(err, EINVAL, "empty mount option");
	if (!strcmp(opt, "defaults"))
		return 0;
	if (!strcmp(opt, "tmpcopyup")) {
		o->tmpcopyup = true;
		return 0;
	}
	if (!strcmp(opt, "idmap") || !strcmp(opt, "ridmap") ||
	    !strncmp(opt, "idmap=", 6) || !strncmp(opt, "ridmap=", 7)) {
		o->idmap = true;
		return 0;
	}
	/* Options for mount helpers (x-systemd.*, X-mount.*): not ours. */
	if (!strncasecmp(opt, "x-", 2))
		return 0;
	if (flag_option(opt, o) || attr_option(opt, o))
		return 0;
	prop = kctr_propagation_flag(opt);
	if (prop) {
		if (o->nr_propagation == KCTR_MOUNT_MAX_PROPAGATION)
			return kctr_err_set(err, EINVAL, "more than %d "
					    "propagation options",
					    KCTR_MOUNT_MAX_PROPAGATION);
		o->propagation[o->nr_propagation++] = prop;
		return 0;
	}
	/* Filesystem-specific: "mode=755", "size=65536k", "newinstance". */
	return add_data(o, opt, err);
}

int kctr_mount_opts_parse(const char *const *options, size_t n,
			  struct kctr_mount_opts *o, struct kctr_err *err)
{
	size_t i;
	int ret;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < n; i++) {
		ret = one_option(options[i], o, err);
		if (ret) {
			free(o->data);
			o->data = NULL;
			return kctr_err_wrap(err, "options[%zu]", i);
		}
	}
	return 0;
}

/* ---- an entry, checked and planned ---- */

static const struct {
	const char *path;
	const char *type, *alt;		/* the entry types merged there */
} std_mounts[KCTR_STD_COUNT] = {
	[KCTR_STD_PROC] = { "/proc", "proc", NULL },
	[KCTR_STD_DEV] = { "/dev", "tmpfs", NULL },
	[KCTR_STD_PTS] = { "/dev/pts", "devpts", NULL },
	[KCTR_STD_SHM] = { "/dev/shm", "tmpfs", NULL },
	[KCTR_STD_MQUEUE] = { "/dev/mqueue", "mqueue", NULL },
	[KCTR_STD_SYS] = { "/sys", "sysfs", NULL },
	[KCTR_STD_CGROUP] = { "/sys/fs/cgroup", "cgroup2", "cgroup" },
};

/* What an entry may mount besides binds: the types engines send. */
static const char *const fs_types[] = {
	"tmpfs", "proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2",
};

const char *kctr_std_mount_path(int std)
{
	return std >= 0 && std < KCTR_STD_COUNT ? std_mounts[std].path : NULL;
}

int kctr_mount_normalise(const char *path, char *out, size_t len)
{
	const char *p = path, *end;
	size_t o = 0, n;

	if (!path || path[0] != '/' || len < 2)
		return -EINVAL;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchrnul(p, '/');
		n = end - p;
		if (n == 1 && p[0] == '.') {
			p = end;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* Inside the root, ".." at "/" stays at "/". */
			while (o && out[--o] != '/')
				;
			p = end;
			continue;
		}
		if (o + 1 + n + 1 > len)
			return -ENAMETOOLONG;
		out[o++] = '/';
		memcpy(out + o, p, n);
		o += n;
		p = end;
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

static int std_of(const char *dst, const char *fstype)
{
	int i;

	for (i = 0; i < KCTR_STD_COUNT; i++)
		if (!strcmp(dst, std_mounts[i].path))
			return !strcmp(fstype, std_mounts[i].type) ||
				(std_mounts[i].alt &&
				 !strcmp(fstype, std_mounts[i].alt)) ?
				i : KCTR_STD_NONE;
	return KCTR_STD_NONE;
}

static int plan_bind(const struct kctr_mount *m, struct kctr_mount_plan *p,
		     struct kctr_err *err)
{
	struct stat st;

	if (!m->source || m->source[0] != '/')
		return kctr_err_set(err, EINVAL, "source %s: a bind needs an "
				    "absolute host path", m->source ?
				    m->source : "(none)");
	if (stat(m->source, &st))
		return kctr_err_set(err, errno, "source %s: %m", m->source);
	if (p->o.tmpcopyup)
		return kctr_err_set(err, EINVAL, "tmpcopyup is for tmpfs "
				    "mounts, not binds");
	p->source = m->source;
	p->dir = S_ISDIR(st.st_mode);
	return 0;
}

static int plan_fs(const struct kctr_mount *m, struct kctr_mount_plan *p,
		   struct kctr_err *err)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(fs_types); i++)
		if (!strcmp(m->type, fs_types[i]))
			break;
	if (i == ARRAY_LEN(fs_types))
		return kctr_err_set(err, EOPNOTSUPP, "type %s not supported "
				    "(bind, tmpfs, proc, sysfs, devpts, "
				    "mqueue, cgroup, cgroup2)", m->type);
	/* cgroup v2 only: a "cgroup" entry is the unified hierarchy. */
	p->fstype = !strcmp(m->type, "cgroup") ? "cgroup2" : m->type;
	/* As runc: kctr's masked paths cover /proc and /sys alone. */
	if (!strcmp(p->fstype, "proc") && strcmp(p->dst, "/proc"))
		return kctr_err_set(err, EPERM, "proc only on /proc (its "
				    "masked paths are there)");
	if (!strcmp(p->fstype, "sysfs") && strcmp(p->dst, "/sys"))
		return kctr_err_set(err, EPERM, "sysfs only on /sys (its "
				    "masked paths are there)");
	if (p->o.tmpcopyup && strcmp(p->fstype, "tmpfs"))
		return kctr_err_set(err, EINVAL, "tmpcopyup is for tmpfs "
				    "mounts");
	p->source = m->source ? m->source : p->fstype;
	p->std = std_of(p->dst, m->type);
	return 0;
}

static int plan_one(const struct kctr_mount *m, struct kctr_mount_plan *p,
		    struct kctr_err *err)
{
	int ret;

	ret = kctr_mount_opts_parse(m->options, m->nr_options, &p->o, err);
	if (ret)
		return ret;
	if (p->o.idmap)
		return kctr_err_set(err, EOPNOTSUPP, "idmapped mounts not "
				    "supported yet");
	if (p->o.flags & MS_REMOUNT)
		return kctr_err_set(err, EOPNOTSUPP, "remount not supported");
	if (m->type && !strcmp(m->type, "bind"))
		p->o.bind = true;
	if (p->o.bind)
		return plan_bind(m, p, err);
	if (!m->type || !*m->type)
		return kctr_err_set(err, EINVAL, "no type (and no bind or "
				    "rbind option)");
	return plan_fs(m, p, err);
}

int kctr_mount_plan(const struct kctr_mount *m, struct kctr_mount_plan *p,
		    struct kctr_err *err)
{
	const char *d = m->destination ? m->destination : "";
	int ret;

	memset(p, 0, sizeof(*p));
	p->std = KCTR_STD_NONE;
	ret = kctr_mount_normalise(d, p->dst, sizeof(p->dst));
	if (ret == -ENAMETOOLONG)
		return kctr_err_set(err, ENAMETOOLONG, "mount %.64s...: "
				    "destination too long", d);
	if (ret)
		return kctr_err_set(err, EINVAL, "mount \"%s\": the "
				    "destination must be an absolute path", d);
	if (!strcmp(p->dst, "/"))
		return kctr_err_set(err, EINVAL, "mount %s: not on the "
				    "container's root", d);
	ret = plan_one(m, p, err);
	if (ret) {
		kctr_mount_plan_free(p);
		return kctr_err_wrap(err, "mount %s", d);
	}
	return 0;
}

void kctr_mount_plan_free(struct kctr_mount_plan *p)
{
	free(p->o.data);
	p->o.data = NULL;
}
