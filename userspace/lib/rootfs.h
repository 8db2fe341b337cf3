/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container's root filesystem, set up by the init in its new mount
 * namespace before it joins the container: overlayfs, /proc, /dev, /sys,
 * volumes, tmpfs mounts, generic (OCI) mounts, masked and read-only
 * paths, pivot_root.
 */
#ifndef KCTR_ROOTFS_H
#define KCTR_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

#include "devices.h"
#include "err.h"
#include "mounts.h"

/* A host directory bound into the container (kctr spawn -v). */
struct kctr_volume {
	const char *host, *ctr;
	bool ro;
	bool dev;		/* device nodes open (default nodev) */
};

struct kctr_rootfs {
	const char *lowerdir;		/* overlayfs lowerdir= value */
	const char *workdir;		/* created if missing, or NULL */
	const char *upper, *work, *merged;
	/*
	 * Instead of the overlayfs: this tree bound recursively, nodev (and
	 * nosuid unless @suid), as OCI's root.path.
	 */
	const char *root_dir;
	bool suid;
	bool read_only;
	bool userns;			/* mounting inside a user namespace */
	bool new_net, new_ipc, new_cgroup;
	const struct kctr_volume *vols;
	size_t nr_vols;
	const char *const *tmpfs;
	size_t nr_tmpfs;
	const struct kctr_device *devs;	/* --device: bound into /dev */
	size_t nr_devs;
	/* Generic entries, checked (kctr_mount_plan), in order. */
	const struct kctr_mount_plan *mounts;
	size_t nr_mounts;
	/* Besides kctr's own lists: hidden, and read-only (missing: skipped). */
	const char *const *masked, *const *readonly;
	size_t nr_masked, nr_readonly;
	/* Called once everything is mounted, right before pivot_root. */
	int (*before_pivot)(void *arg, struct kctr_err *err);
	void *before_pivot_arg;
};

/* Everything up to and including pivot_root; cwd is "/" afterwards. */
int kctr_rootfs_setup(const struct kctr_rootfs *r, struct kctr_err *err);

#endif
