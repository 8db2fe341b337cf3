/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Images under the state directory ($KCTR_STATE_DIR, default
 * /var/lib/kctr): layers/<layer>/ are read-only trees shared by every
 * container; images/<name> lists an image's layers, lowest first. The
 * default image "busybox" is built on first use from the host's
 * busybox-static.
 */
#ifndef KCTR_IMAGE_H
#define KCTR_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

#define KCTR_DEFAULT_IMAGE "busybox"

const char *kctr_state_dir(void);
/* snprintf into a path buffer; -ENAMETOOLONG if it did not fit. */
int kctr_pathf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* mkdir -p @path (mode 0755 for every new component). */
int kctr_mkdir_p(const char *path, struct kctr_err *err);
/*
 * rm -rf @path by file descriptor, at any depth, without following
 * symlinks or crossing mount points (EBUSY); 0 if it did not exist.
 */
int kctr_rm_tree(const char *path, struct kctr_err *err);
/*
 * The overlayfs "lowerdir=" value for image @name (topmost layer first),
 * building the default image if needed. With @shift, layers are copies
 * whose ids 0..@count-1 are moved up by @shift (for user namespaces).
 */
int kctr_image_lowerdir(const char *name, uid_t shift, unsigned int count,
			char *buf, size_t len, struct kctr_err *err);
/* rm -rf the state directory of container @id (upper, work, merged). */
int kctr_container_state_remove(uint64_t id, struct kctr_err *err);
/*
 * Remove the state directories of containers not in @live (ascending ids,
 * read from the module after the caller's CREATE, under
 * kctr_container_state_lock).
 */
void kctr_container_state_gc(const uint64_t *live, size_t nr);
/* Whether containers/ holds any id's directory: a gc has work only then. */
bool kctr_container_state_any(void);
/*
 * Lock the containers/ directory against concurrent gc (flock, released by
 * closing the returned fd), creating it if needed. fd or -errno.
 */
int kctr_container_state_lock(struct kctr_err *err);
/*
 * Create containers/<@id> (0700) into @dir exclusively: an existing one is
 * stale (an earlier module load, a crash) and is removed first, never
 * reused.
 */
int kctr_container_state_create(uint64_t id, char *dir, size_t len,
				struct kctr_err *err);
/*
 * Turn ".wh.NAME" files and ".wh..wh..opq" markers below @dir into
 * overlayfs whiteouts and opaque directories.
 */
int kctr_whiteouts_convert(const char *dir, struct kctr_err *err);
/*
 * Import @src (a directory or a tarball) as a new layer on top of the
 * layers of @parent (or none), as image @name.
 */
int kctr_image_import(const char *parent, const char *name, const char *src,
		      struct kctr_err *err);
/* Remove image @name (its layers stay: others may share them). */
int kctr_image_remove(const char *name, struct kctr_err *err);
/* @fn for every image's name (the default one built first if needed). */
int kctr_image_foreach(void (*fn)(const char *name, void *arg), void *arg);

#endif
