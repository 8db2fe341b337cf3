/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic mounts (OCI config.json mounts[]): an entry's option list sorted
 * into mount(2) flags, propagation changes, mount_setattr(2) attributes
 * and the data string, and an entry checked and planned before anything
 * is made (mounts.c). Pure logic: rootfs.c does the mounting.
 */
#ifndef KCTR_MOUNTS_H
#define KCTR_MOUNTS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* An OCI mounts[] entry, as given (kctr_launch.mounts). */
struct kctr_mount {
	const char *destination;	/* absolute, inside the container */
	const char *type;		/* NULL: a bind (with bind/rbind) */
	const char *source;		/* binds: an absolute host path */
	const char *const *options;
	size_t nr_options;
};

#define KCTR_MOUNT_MAX_PROPAGATION	8

/* A mount's "options" sorted out, in the order given where it matters. */
struct kctr_mount_opts {
	unsigned long flags;		/* MS_* to set (MS_BIND|MS_REC: rbind) */
	unsigned long clear;		/* MS_* an option turned off ("rw") */
	/* MS_PRIVATE|MS_REC etc., applied after the mount, in order */
	unsigned int nr_propagation;
	unsigned long propagation[KCTR_MOUNT_MAX_PROPAGATION];
	/* recursive forms (rro, rnosuid, ...) for mount_setattr(AT_RECURSIVE) */
	uint64_t attr_set, attr_clr;
	bool bind;			/* bind or rbind */
	bool tmpcopyup;			/* copy the image's directory in */
	bool idmap;			/* idmap/ridmap: refused (flagged) */
	char *data;			/* "mode=755,size=65536k" or NULL */
};

/*
 * One option list into @o. Unknown options go to o->data comma-joined;
 * x-* (mount helper options) are dropped. -EINVAL only for a malformed
 * list (empty option). Free o->data with free().
 */
int kctr_mount_opts_parse(const char *const *options, size_t n,
			  struct kctr_mount_opts *o, struct kctr_err *err);
/* "private" -> MS_PRIVATE, "rslave" -> MS_SLAVE|MS_REC; 0 if not one. */
unsigned long kctr_propagation_flag(const char *name);

/*
 * The destinations kctr mounts its own file systems on. An entry of the
 * same kind there (proc on /proc, tmpfs on /dev, ...) is merged into
 * kctr's mount instead of mounted again (Documentation/spawn.md).
 */
enum kctr_std_mount {
	KCTR_STD_PROC, KCTR_STD_DEV, KCTR_STD_PTS, KCTR_STD_SHM,
	KCTR_STD_MQUEUE, KCTR_STD_SYS, KCTR_STD_CGROUP,
	KCTR_STD_COUNT, KCTR_STD_NONE = -1,
};

/* One entry, checked: what rootfs.c mounts. */
struct kctr_mount_plan {
	char dst[PATH_MAX];		/* normalised: "/a/b", no . or .. */
	const char *source;		/* binds: the host path */
	const char *fstype;		/* NULL for a bind; cgroup -> cgroup2 */
	int std;			/* enum kctr_std_mount */
	bool dir;			/* bind of a directory (else a file) */
	struct kctr_mount_opts o;
};

/*
 * "/a/./b//c/../d/" -> "/a/b/d", ".." stopping at "/" as inside the root.
 * -ENAMETOOLONG, or -EINVAL for a relative path.
 */
int kctr_mount_normalise(const char *path, char *out, size_t len);

/*
 * Check @m and plan it into @p (the caller frees p->o.data with
 * kctr_mount_plan_free): a known type (bind, tmpfs, proc, sysfs, devpts,
 * mqueue, cgroup, cgroup2), an absolute destination other than "/", proc
 * only on /proc and sysfs only on /sys (as runc: kctr masks paths there
 * alone), binds from an existing absolute host path (stat()ed here), no
 * idmap, remount or tmpcopyup outside tmpfs. Errors name the mount:
 * "mount /data: source /x: No such file or directory".
 */
int kctr_mount_plan(const struct kctr_mount *m, struct kctr_mount_plan *p,
		    struct kctr_err *err);
void kctr_mount_plan_free(struct kctr_mount_plan *p);
/* "/proc" for KCTR_STD_PROC, ...; NULL out of range. */
const char *kctr_std_mount_path(int std);

#endif
