// SPDX-License-Identifier: GPL-2.0
/*
 * An OCI mount's "options" into mount(2) flags, propagation changes,
 * mount_setattr(2) recursive attributes and the data string: mount(8)'s
 * filesystem-independent options, plus what runc and crun accept and
 * engines send (tmpcopyup, the r* recursive forms). See config.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>

#include "config.h"

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

unsigned long kctr_oci_propagation_flag(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(prop_opts); i++)
		if (!strcmp(name, prop_opts[i].name))
			return prop_opts[i].flag;
	return 0;
}

static bool flag_option(const char *opt, struct kctr_oci_mount_opts *o)
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

static bool attr_option(const char *opt, struct kctr_oci_mount_opts *o)
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

static int add_data(struct kctr_oci_mount_opts *o, const char *opt,
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

static int one_option(const char *opt, struct kctr_oci_mount_opts *o,
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
	prop = kctr_oci_propagation_flag(opt);
	if (prop) {
		if (o->nr_propagation == KCTR_OCI_MAX_PROPAGATION)
			return kctr_err_set(err, EINVAL, "more than %d "
					    "propagation options",
					    KCTR_OCI_MAX_PROPAGATION);
		o->propagation[o->nr_propagation++] = prop;
		return 0;
	}
	/* Filesystem-specific: "mode=755", "size=65536k", "newinstance". */
	return add_data(o, opt, err);
}

int kctr_oci_mount_opts_parse(char *const *options, size_t n,
			      struct kctr_oci_mount_opts *o,
			      struct kctr_err *err)
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
