// SPDX-License-Identifier: GPL-2.0
/*
 * rm -rf of a state directory. A container's upper layer is whatever its
 * root made of it, so the removal goes by file descriptor, never by path:
 * each directory is read through its own fd (getdents64) and its entries
 * go with unlinkat(). No path grows with the tree, which nftw's did: a
 * tree nested deeper than PATH_MAX stayed behind with ENAMETOOLONG. The
 * memory held is one inode number per level. Symlinks are removed, never
 * followed; a mount below (another st_dev) stops the removal with EBUSY
 * and stays as it is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

struct rm {
	int fd;			/* the directory being emptied */
	ino_t ino;		/* its inode */
	ino_t emptied;		/* the directory emptied last, 0 for none */
	dev_t dev;		/* the tree's file system */
	ino_t *up;		/* the inodes of the directories above it */
	size_t depth, cap;
};

/* What one entry or one pass did. */
enum { RM_REMOVED = 1, RM_ENTERED, RM_EMPTY };

/* Into the non-empty subdirectory @name: it is emptied next. */
static int rm_enter(struct rm *r, const char *name, const struct stat *st)
{
	ino_t *up;
	int fd;

	if (r->depth == r->cap) {
		up = realloc(r->up, (r->cap * 2 + 64) * sizeof(*up));
		if (!up)
			return -ENOMEM;
		r->up = up;
		r->cap = r->cap * 2 + 64;
	}
	fd = openat(r->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r->up[r->depth++] = r->ino;
	close(r->fd);
	r->fd = fd;
	r->ino = st->st_ino;
	return RM_ENTERED;
}

/*
 * Back to the parent of the emptied directory, whose next pass removes
 * it. ".." is checked to be the directory come from: nothing but this
 * removal should be moving the tree.
 */
static int rm_leave(struct rm *r)
{
	struct stat st;
	int fd;

	fd = openat(r->fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_dev != r->dev ||
	    st.st_ino != r->up[r->depth - 1]) {
		close(fd);
		return -ESTALE;
	}
	close(r->fd);
	r->fd = fd;
	r->ino = r->up[--r->depth];
	return 0;
}

static int rm_entry(struct rm *r, const char *name)
{
	struct stat st;

	if (fstatat(r->fd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? RM_REMOVED : -errno;
	/* Never into (or below) something mounted here. */
	if (st.st_dev != r->dev)
		return -EBUSY;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(r->fd, name, 0) ? -errno : RM_REMOVED;
	if (!unlinkat(r->fd, name, AT_REMOVEDIR))
		return RM_REMOVED;
	if (errno != ENOTEMPTY && errno != EEXIST)
		return -errno;
	/*
	 * Emptied, read empty, and still not removable (a file system that
	 * lists less than the directory holds): an error, never a loop.
	 */
	if (st.st_ino == r->emptied)
		return -errno;
	return rm_enter(r, name, &st);
}

/*
 * One read of the directory from its start: RM_EMPTY if it held nothing,
 * RM_REMOVED if it held only what it removed (another pass makes sure:
 * getdents may skip entries while others go), RM_ENTERED, or -errno.
 */
static int rm_pass(struct rm *r)
{
	char buf[8192] __attribute__((aligned(8)));
	struct dirent64 *de;
	int ret, done = RM_EMPTY;
	ssize_t n, off;

	if (lseek(r->fd, 0, SEEK_SET) < 0)
		return -errno;
	while ((n = getdents64(r->fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += de->d_reclen) {
			de = (struct dirent64 *)(buf + off);
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			ret = rm_entry(r, de->d_name);
			if (ret != RM_REMOVED)
				return ret;
			done = RM_REMOVED;
		}
	}
	return n < 0 ? -errno : done;
}

/* Everything below the open directory @r->fd, at any depth. */
static int rm_below(struct rm *r)
{
	int ret;

	for (;;) {
		ret = rm_pass(r);
		if (ret < 0)
			return ret;
		if (ret != RM_EMPTY)
			continue;
		if (!r->depth)
			return 0;
		r->emptied = r->ino;
		ret = rm_leave(r);
		if (ret)
			return ret;
	}
}

int kctr_rm_tree(const char *path, struct kctr_err *err)
{
	struct rm r = { .fd = -1 };
	struct stat st;
	int ret = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 :
			kctr_err_set(err, errno, "%s: %m", path);
	if (S_ISDIR(st.st_mode)) {
		r.fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
		if (r.fd < 0)
			ret = -errno;
		r.dev = st.st_dev;
		r.ino = st.st_ino;
		if (!ret)
			ret = rm_below(&r);
		if (r.fd >= 0)
			close(r.fd);
		free(r.up);
		if (!ret && rmdir(path))
			ret = -errno;
	} else if (unlink(path)) {
		ret = -errno;
	}
	if (ret == -EBUSY)
		return kctr_err_set(err, EBUSY, "removing %s: a mount below it "
				    "stays, and so does the directory that "
				    "holds it", path);
	if (ret)
		return kctr_err_set(err, -ret, "removing %s: %s", path,
				    strerror(-ret));
	return 0;
}
