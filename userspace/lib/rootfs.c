// SPDX-License-Identifier: GPL-2.0
/* Root filesystem of a container, from inside its new mount namespace. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "image.h"
#include "mounts.h"
#include "rootfs.h"
#include "rootfs_paths.h"
#include "trace.h"

#define NOSUID_NODEV_NOEXEC (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/*
 * Every path below the new root is resolved inside it, from a descriptor
 * of the merged overlay root, with openat2(): an image symlink (/lib ->
 * usr/lib, /var/run -> /run, /evil -> /) resolves as it would once the root
 * is "/", never into the host's tree, and each mount goes onto the
 * descriptor so resolved ("/proc/self/fd/N", or move_mount), not onto a
 * path that a swapped component could send elsewhere between the check
 * and the mount (the runc CVE-2021-30465 class). The init only, single-
 * threaded, until pivot_root.
 */
static int root_fd = -1;

/* User-given targets (volumes, --tmpfs, -w) follow image symlinks. */
#define IN_ROOT (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
/* Where kctr mounts its own file systems (proc, dev, sys): no symlinks. */
#define IN_ROOT_STRICT (IN_ROOT | RESOLVE_NO_SYMLINKS)
#define MAX_LINK_DEPTH 8

/* An fd for @rel resolved inside the root, or -errno. */
static int in_root(const char *rel, int flags, unsigned long long resolve)
{
	struct open_how how = {
		.flags = flags | O_CLOEXEC, .resolve = resolve,
	};
	long fd;

	while (*rel == '/')
		rel++;
	fd = syscall(SYS_openat2, root_fd, *rel ? rel : ".", &how,
		     sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

static int in_root_err(struct kctr_err *err, int e, const char *rel,
		       unsigned long long resolve)
{
	while (*rel == '/')
		rel++;
	if (e == ELOOP && (resolve & RESOLVE_NO_SYMLINKS))
		return kctr_err_set(err, e, "/%s: a symlink in the image on "
				    "the way: refused where kctr mounts its "
				    "own file systems", rel);
	if (e == ELOOP)
		return kctr_err_set(err, e, "/%s: too many symlinks (or a "
				    "magic link) in the image", rel);
	if (e == EXDEV)
		return kctr_err_set(err, e, "/%s: leaves the root", rel);
	return kctr_err_set(err, e, "/%s: %s", rel, strerror(e));
}

/* "/proc/self/fd/N": a mount(2) target or source that is @fd itself. */
static const char *fd_path(int fd, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return buf;
}

static int mount_on(const char *src, int fd, const char *shown,
		    const char *type, unsigned long flags, const char *data,
		    struct kctr_err *err)
{
	char target[32];

	while (*shown == '/')
		shown++;
	if (mount(src, fd_path(fd, target, sizeof(target)), type, flags,
		  data))
		return kctr_err_set(err, errno, "mount %s on /%s: %m",
				    type ? type : src ? src : "(remount)",
				    shown);
	return 0;
}

/* mount(2) onto @dst, a path of kctr's own below the root. */
static int do_mount(const char *src, const char *dst, const char *type,
		    unsigned long flags, const char *data,
		    struct kctr_err *err)
{
	int fd = in_root(dst, O_PATH, IN_ROOT_STRICT), ret;

	if (fd < 0)
		return in_root_err(err, -fd, dst, IN_ROOT_STRICT);
	ret = mount_on(src, fd, dst, type, flags, data, err);
	close(fd);
	return ret;
}

/*
 * A bind remount keeps the flags the kernel locked (nosuid, nodev, ...)
 * in a user namespace, or it fails with EPERM: carry them over. @fd is
 * the top mount at the path (resolved after mounting).
 */
static int remount_ro_fd(int fd, const char *shown, struct kctr_err *err)
{
	unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
	struct statvfs sv;

	if (fstatvfs(fd, &sv))
		return kctr_err_set(err, errno, "statvfs /%s: %m", shown);
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return mount_on(NULL, fd, shown, NULL, flags, NULL, err);
}

static int remount_ro(const char *path, struct kctr_err *err)
{
	int fd = in_root(path, O_PATH, IN_ROOT_STRICT), ret;

	if (fd < 0)
		return in_root_err(err, -fd, path, IN_ROOT_STRICT);
	ret = remount_ro_fd(fd, path, err);
	close(fd);
	return ret;
}

/* ---- entries of kctr_rootfs.mounts ---- */

/* The entry merged into kctr's own mount @std, or NULL. */
static const struct kctr_mount_plan *std_entry(const struct kctr_rootfs *r,
					       int std)
{
	size_t i;

	for (i = 0; i < r->nr_mounts; i++)
		if (r->mounts[i].std == std)
			return &r->mounts[i];
	return NULL;
}

/*
 * After an entry's mount, on @fd (its top): propagation in the order
 * given, then the recursive attributes (rro, rnosuid, ...).
 */
static int after_mount(const struct kctr_mount_plan *p, int fd,
		       struct kctr_err *err)
{
	struct mount_attr attr = {
		.attr_set = p->o.attr_set, .attr_clr = p->o.attr_clr,
	};
	char path[32];
	unsigned int i;

	for (i = 0; i < p->o.nr_propagation; i++)
		if (mount(NULL, fd_path(fd, path, sizeof(path)), NULL,
			  p->o.propagation[i], NULL))
			return kctr_err_set(err, errno, "propagation: %m");
	if ((attr.attr_set || attr.attr_clr) &&
	    mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			  sizeof(attr)))
		return kctr_err_set(err, errno, "recursive options: %m");
	return 0;
}

/*
 * kctr's own mount of @dst, merged with the entry for it if any: the
 * entry's flags are added to kctr's (never taken off: nosuid, nodev,
 * noexec and read-only stay), its data comes after kctr's (later values
 * win: size=, mode=, gid=), its propagation applies afterwards.
 */
static int std_mount(const struct kctr_rootfs *r, int std, const char *src,
		     const char *dst, const char *type, unsigned long flags,
		     const char *data, struct kctr_err *err)
{
	const struct kctr_mount_plan *p = std_entry(r, std);
	char buf[4096];
	int fd, ret;

	if (!p)
		return do_mount(src, dst, type, flags, data, err);
	flags |= p->o.flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
	if (p->o.data) {
		if ((size_t)snprintf(buf, sizeof(buf), "%s%s%s",
				     data ? data : "", data ? "," : "",
				     p->o.data) >= sizeof(buf))
			return kctr_err_set(err, E2BIG, "mount %s: options "
					    "too long", p->dst);
		data = buf;
	}
	ret = do_mount(src, dst, type, flags, data, err);
	if (!ret) {
		fd = in_root(dst, O_PATH, IN_ROOT_STRICT);
		if (fd < 0)
			return in_root_err(err, -fd, dst, IN_ROOT_STRICT);
		ret = after_mount(p, fd, err);
		close(fd);
	}
	return ret ? kctr_err_wrap(err, "mount %s", p->dst) : 0;
}

static int mkdir_in_root(const char *path, unsigned long long resolve,
			 int depth, struct kctr_err *err);

/*
 * @name in @dirfd (reached as @parent) is a symlink to something missing:
 * make its target, resolved inside the root as the kernel would.
 */
static int make_link_target(int dirfd, const char *parent, const char *name,
			    bool dir, unsigned long long resolve, int depth,
			    struct kctr_err *err);

/*
 * mkdir -p of @path inside the root, one component at a time: each prefix
 * is resolved in the root, a missing component is made with mkdirat()
 * relative to its resolved parent. The O_PATH fd of the directory, or
 * -errno with @err set.
 */
static int mkdir_in_root(const char *path, unsigned long long resolve,
			 int depth, struct kctr_err *err)
{
	char pre[PATH_MAX], parent[PATH_MAX], name[NAME_MAX + 1];
	const char *p = path, *end;
	size_t len = 0, n;
	int cur, next, ret;

	cur = in_root(".", O_PATH | O_DIRECTORY, resolve);
	if (cur < 0)
		return in_root_err(err, -cur, "", resolve);
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return cur;
		end = strchrnul(p, '/');
		n = end - p;
		if (n > NAME_MAX || len + n + 2 > sizeof(pre)) {
			close(cur);
			return kctr_err_set(err, ENAMETOOLONG, "%s: too long",
					    path);
		}
		memcpy(name, p, n);
		name[n] = '\0';
		memcpy(parent, pre, len);
		parent[len] = '\0';
		if (len)
			pre[len++] = '/';
		memcpy(pre + len, p, n);
		len += n;
		pre[len] = '\0';
		next = in_root(pre, O_PATH | O_DIRECTORY, resolve);
		if (next == -ENOENT) {
			if (mkdirat(cur, name, 0755) && errno != EEXIST) {
				ret = kctr_err_set(err, errno, "mkdir /%s: %m",
						   pre);
				close(cur);
				return ret;
			}
			next = in_root(pre, O_PATH | O_DIRECTORY, resolve);
		}
		if (next == -ENOENT && !(resolve & RESOLVE_NO_SYMLINKS)) {
			ret = make_link_target(cur, parent, name, true,
					       resolve, depth, err);
			if (ret) {
				close(cur);
				return ret;
			}
			next = in_root(pre, O_PATH | O_DIRECTORY, resolve);
		}
		close(cur);
		if (next < 0)
			return in_root_err(err, -next, pre, resolve);
		cur = next;
		p = end;
	}
}

static int touch_in_root(const char *path, unsigned long long resolve,
			 int depth, struct kctr_err *err);

static int make_link_target(int dirfd, const char *parent, const char *name,
			    bool dir, unsigned long long resolve, int depth,
			    struct kctr_err *err)
{
	char target[PATH_MAX], full[PATH_MAX * 2];
	ssize_t n;
	int fd;

	n = readlinkat(dirfd, name, target, sizeof(target) - 1);
	if (n <= 0)	/* not a symlink: ENOENT is reported by the caller */
		return 0;
	target[n] = '\0';
	if (depth >= MAX_LINK_DEPTH)
		return kctr_err_set(err, ELOOP, "/%s%s%s: too many levels of "
				    "symlinks", parent, *parent ? "/" : "",
				    name);
	snprintf(full, sizeof(full), "%s/%s", target[0] == '/' ? "" : parent,
		 target);
	fd = dir ? mkdir_in_root(full, resolve, depth + 1, err) :
		touch_in_root(full, resolve, depth + 1, err);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/*
 * An O_PATH fd of the file @path inside the root, created empty (0644)
 * if missing, with its parents.
 */
static int touch_in_root(const char *path, unsigned long long resolve,
			 int depth, struct kctr_err *err)
{
	char dir[PATH_MAX];
	const char *base;
	int fd, dfd, ret = 0;

	fd = in_root(path, O_PATH, resolve);
	if (fd != -ENOENT)
		return fd >= 0 ? fd : in_root_err(err, -fd, path, resolve);
	if (kctr_pathf(dir, sizeof(dir), "%s", path))
		return kctr_err_set(err, ENAMETOOLONG, "%s: too long", path);
	base = strrchr(path, '/');
	dir[base ? base - path : 0] = '\0';
	base = base ? base + 1 : path;
	dfd = mkdir_in_root(dir, resolve, depth, err);
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST)
		ret = kctr_err_set(err, errno, "create %s: %m", path);
	else if (!(resolve & RESOLVE_NO_SYMLINKS))
		ret = make_link_target(dfd, dir, base, false, resolve, depth,
				       err);
	close(dfd);
	if (ret)
		return ret;
	fd = in_root(path, O_PATH, resolve);
	return fd >= 0 ? fd : in_root_err(err, -fd, path, resolve);
}

/* mkdir -p of a path of kctr's own, below the root. */
static int mkdir_rel(const char *path, struct kctr_err *err)
{
	int fd = mkdir_in_root(path, IN_ROOT_STRICT, 0, err);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int touch_rel(const char *path, struct kctr_err *err)
{
	int fd = touch_in_root(path, IN_ROOT_STRICT, 0, err);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int overlay_err(int fsfd, const char *what, struct kctr_err *err)
{
	char msg[256] = "";
	int e = errno;
	ssize_t n;

	/* The kernel's own words, from the fs context's log. */
	n = fsfd >= 0 ? read(fsfd, msg, sizeof(msg) - 1) : -1;
	if (n > 2)
		msg[n - (msg[n - 1] == '\n')] = '\0';
	return kctr_err_set(err, e, "mount overlay (%s): %s%s%s", what,
			    strerror(e), n > 2 ? ": " : "",
			    n > 2 ? msg + 2 : "");
}

/* The mount @mnt attached on r->merged, and kept as root_fd. */
static int attach_root(const struct kctr_rootfs *r, int mnt,
		       struct kctr_err *err)
{
	int to, ret = 0;

	to = open(r->merged, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (to < 0 || move_mount(mnt, "", to, "", MOVE_MOUNT_F_EMPTY_PATH |
				 MOVE_MOUNT_T_EMPTY_PATH)) {
		ret = kctr_err_set(err, errno, "mount the root on %s: %m",
				   r->merged);
		close(mnt);
	} else {
		root_fd = mnt;
	}
	if (to >= 0)
		close(to);
	return ret;
}

/*
 * A tree used as it is (OCI root.path): a detached recursive clone whose
 * flags are set before it is attached, so nothing is remounted by path.
 */
static int bind_root_dir(const struct kctr_rootfs *r, struct kctr_err *err)
{
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_NODEV | (r->suid ? 0 : MOUNT_ATTR_NOSUID),
	};
	int mnt;

	mnt = open_tree(AT_FDCWD, r->root_dir, OPEN_TREE_CLONE |
			OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (mnt < 0)
		return kctr_err_set(err, errno, "root %s: %m", r->root_dir);
	if (mount_setattr(mnt, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			  sizeof(attr))) {
		close(mnt);
		return kctr_err_set(err, errno, "root %s: nodev: %m",
				    r->root_dir);
	}
	return attach_root(r, mnt, err);
}

/*
 * fsopen/fsmount: the mount fd is the merged root itself, opened by the
 * kernel, with no path to resolve; then attached on "merged".
 */
static int mount_overlay(const struct kctr_rootfs *r, struct kctr_err *err)
{
	int fsfd, mnt, ret = 0;

	fsfd = fsopen("overlay", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return overlay_err(-1, "fsopen", err);
	if (fsconfig(fsfd, FSCONFIG_SET_STRING, "lowerdir", r->lowerdir, 0) ||
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "upperdir", r->upper, 0) ||
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "workdir", r->work, 0) ||
	    (r->userns &&
	     fsconfig(fsfd, FSCONFIG_SET_FLAG, "userxattr", NULL, 0)) ||
	    fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) {
		ret = overlay_err(fsfd, r->merged, err);
		close(fsfd);
		return ret;
	}
	mnt = fsmount(fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV |
		      (r->suid ? 0 : MOUNT_ATTR_NOSUID));
	if (mnt < 0)
		ret = overlay_err(fsfd, "fsmount", err);
	close(fsfd);
	return ret ? ret : attach_root(r, mnt, err);
}

/*
 * --device: the host's node bound onto a file in the nodev /dev. A bind
 * mount has its own flags (those of the host's /dev, which has devices),
 * and unlike mknod it works in a user namespace too. The device program
 * allows the node's numbers with the access asked for.
 */
static int bind_devices(const struct kctr_rootfs *r, struct kctr_err *err)
{
	char dir[PATH_MAX], *slash;
	const char *rel;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < r->nr_devs; i++) {
		rel = r->devs[i].ctr + 1;
		kctr_pathf(dir, sizeof(dir), "%s", rel);
		slash = strrchr(dir, '/');
		*slash = '\0';
		ret = mkdir_rel(dir, err);
		/* Also over a node already there, never through a symlink. */
		if (!ret)
			ret = touch_rel(rel, err);
		if (!ret)
			ret = do_mount(r->devs[i].host, rel, NULL, MS_BIND, NULL,
				       err);
		if (ret)
			ret = kctr_err_wrap(err, "--device %s",
					    r->devs[i].host);
	}
	return ret;
}

/*
 * The host's node /dev/@name bound onto a new file of that name in
 * @devfd (mknod is not allowed in a user namespace).
 */
static int bind_dev_node(int devfd, const char *name, struct kctr_err *err)
{
	char host[64], shown[64];
	int fd, ret;

	snprintf(host, sizeof(host), "/dev/%s", name);
	snprintf(shown, sizeof(shown), "dev/%s", name);
	fd = openat(devfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
	if (fd < 0)
		return kctr_err_set(err, errno, "create /%s: %m", shown);
	ret = mount_on(host, fd, shown, NULL, MS_BIND, NULL, err);
	close(fd);
	return ret;
}

/*
 * The standard nodes, links and directories of /dev, made by name in
 * @devfd, the tmpfs kctr has just mounted there: it is empty and nothing
 * but this init has seen it, so no entry needs resolving from the root
 * again (the image's own /dev lies below it).
 */
static int fill_dev(int devfd, struct kctr_err *err)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
		{ "pts/ptmx", "ptmx" }, { "/proc/kcore", "core" },
	};
	static const char *const dirs[] = { "pts", "shm", "mqueue" };
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < sizeof(dev_nodes) / sizeof(dev_nodes[0]);
	     i++)
		ret = bind_dev_node(devfd, dev_nodes[i], err);
	for (i = 0; !ret && i < sizeof(links) / sizeof(links[0]); i++)
		if (symlinkat(links[i][0], devfd, links[i][1]))
			ret = kctr_err_set(err, errno, "symlink /dev/%s: %m",
					   links[i][1]);
	for (i = 0; !ret && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(devfd, dirs[i], 0755))
			ret = kctr_err_set(err, errno, "mkdir /dev/%s: %m",
					   dirs[i]);
	return ret;
}

static int setup_dev(const struct kctr_rootfs *r, struct kctr_err *err)
{
	int devfd, ret;

	ret = mkdir_rel("dev", err);
	if (!ret)
		ret = std_mount(r, KCTR_STD_DEV, "tmpfs", "dev", "tmpfs",
				NOSUID_NODEV_NOEXEC, "mode=755,size=65536k",
				err);
	if (ret)
		return ret;
	devfd = in_root("dev", O_PATH | O_DIRECTORY, IN_ROOT_STRICT);
	if (devfd < 0)
		return in_root_err(err, -devfd, "dev", IN_ROOT_STRICT);
	ret = fill_dev(devfd, err);
	close(devfd);
	if (!ret)
		ret = std_mount(r, KCTR_STD_PTS, "devpts", "dev/pts", "devpts",
				MS_NOSUID | MS_NOEXEC,
				"newinstance,ptmxmode=0666,mode=0620", err);
	if (!ret)
		ret = std_mount(r, KCTR_STD_SHM, "shm", "dev/shm", "tmpfs",
				NOSUID_NODEV_NOEXEC, "mode=1777,size=65536k",
				err);
	return ret ? ret : bind_devices(r, err);
}

static int setup_sys(const struct kctr_rootfs *r, struct kctr_err *err)
{
	int ret = mkdir_rel("sys", err);

	if (ret)
		return ret;
	/* sysfs in a userns needs a network namespace that userns owns. */
	if (r->userns && !r->new_net) {
		ret = do_mount("/sys", "sys", NULL, MS_BIND | MS_REC, NULL, err);
		return ret ? ret : remount_ro("sys", err);
	}
	ret = std_mount(r, KCTR_STD_SYS, "sysfs", "sys", "sysfs",
			NOSUID_NODEV_NOEXEC | MS_RDONLY, NULL, err);
	/*
	 * Without a cgroup namespace only when an entry asks (as runc):
	 * read-only, it shows the host's hierarchy.
	 */
	if (ret || (!r->new_cgroup && !std_entry(r, KCTR_STD_CGROUP)))
		return ret;
	return std_mount(r, KCTR_STD_CGROUP, "cgroup2", "sys/fs/cgroup",
			 "cgroup2", NOSUID_NODEV_NOEXEC | MS_RDONLY, NULL, err);
}

/*
 * A clone of the host's tree, made read-only and nodev (unless asked) before
 * it is attached (no remount by path afterwards), moved onto the target's
 * fd. nodev is recursive: a device node anywhere below does not open.
 */
static int setup_volume(const struct kctr_volume *v, struct kctr_err *err)
{
	struct mount_attr attr = {
		.attr_set = (v->ro ? MOUNT_ATTR_RDONLY : 0) |
			    (v->dev ? 0 : MOUNT_ATTR_NODEV),
	};
	const char *rel = v->ctr + 1;
	struct stat st;
	int tfd, mfd, ret = 0;

	if (stat(v->host, &st))
		return kctr_err_set(err, errno, "volume %s: %m", v->host);
	tfd = S_ISDIR(st.st_mode) ? mkdir_in_root(rel, IN_ROOT, 0, err) :
		touch_in_root(rel, IN_ROOT, 0, err);
	if (tfd < 0)
		return kctr_err_wrap(err, "volume target %s", v->ctr);
	mfd = open_tree(AT_FDCWD, v->host, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			AT_RECURSIVE);
	if (mfd < 0)
		ret = kctr_err_set(err, errno, "volume %s: %m", v->host);
	else if (attr.attr_set &&
		 mount_setattr(mfd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			       sizeof(attr)))
		ret = kctr_err_set(err, errno, "volume %s: %s: %m", v->host,
				   v->ro ? "read-only, nodev" : "nodev");
	else if (move_mount(mfd, "", tfd, "", MOVE_MOUNT_F_EMPTY_PATH |
			    MOVE_MOUNT_T_EMPTY_PATH))
		ret = kctr_err_set(err, errno, "mount %s on %s: %m", v->host,
				   v->ctr);
	if (mfd >= 0)
		close(mfd);
	close(tfd);
	return ret;
}

static int setup_tmpfs(const char *path, struct kctr_err *err)
{
	int fd = mkdir_in_root(path, IN_ROOT, 0, err), ret;

	if (fd < 0)
		return kctr_err_wrap(err, "--tmpfs %s", path);
	ret = mount_on("tmpfs", fd, path, "tmpfs", MS_NOSUID | MS_NODEV,
		       "mode=1777", err);
	close(fd);
	return ret;
}

/* An entry's "dev" or "rdev": its device nodes open (else nodev). */
static bool entry_dev(const struct kctr_mount_plan *p)
{
	return (p->o.clear & MS_NODEV) || (p->o.attr_clr & MOUNT_ATTR_NODEV);
}

/* MS_* flags a bind can change on its own mount, as MOUNT_ATTR_*. */
static uint64_t ms_attr(unsigned long ms)
{
	return (ms & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) |
		(ms & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0) |
		(ms & MS_NODEV ? MOUNT_ATTR_NODEV : 0) |
		(ms & MS_NOEXEC ? MOUNT_ATTR_NOEXEC : 0) |
		(ms & MS_NODIRATIME ? MOUNT_ATTR_NODIRATIME : 0) |
		(ms & MS_NOSYMFOLLOW ? MOUNT_ATTR_NOSYMFOLLOW : 0);
}

/*
 * The non-recursive options on the bind's own mount (the atime field is
 * replaced whole when one is given). Superblock options (sync, lazytime,
 * ...) are the source file system's: left alone, as a bind remount does.
 */
static void bind_attr(const struct kctr_mount_plan *p, struct mount_attr *a)
{
	unsigned long f = p->o.flags;

	a->attr_set = ms_attr(f);
	a->attr_clr = ms_attr(p->o.clear);
	if (f & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME)) {
		a->attr_clr |= MOUNT_ATTR__ATIME;
		a->attr_set |= f & MS_NOATIME ? MOUNT_ATTR_NOATIME :
			f & MS_STRICTATIME ? MOUNT_ATTR_STRICTATIME :
			MOUNT_ATTR_RELATIME;
	}
}

/*
 * A bind: the host's tree (resolved in the host, before pivot_root)
 * cloned, nodev on the whole clone unless the entry says "dev", its own
 * options on the top, then moved onto the destination resolved inside
 * the root (a directory, or a file for a file), as volumes.
 */
static int setup_bind(const struct kctr_mount_plan *p, struct kctr_err *err)
{
	struct mount_attr rec = {
		.attr_set = entry_dev(p) ? 0 : MOUNT_ATTR_NODEV,
	}, top = { 0 };
	int tfd, mfd, ret = 0;

	tfd = p->dir ? mkdir_in_root(p->dst, IN_ROOT, 0, err) :
		touch_in_root(p->dst, IN_ROOT, 0, err);
	if (tfd < 0)
		return tfd;
	mfd = open_tree(AT_FDCWD, p->source, OPEN_TREE_CLONE |
			OPEN_TREE_CLOEXEC |
			(p->o.flags & MS_REC ? AT_RECURSIVE : 0));
	bind_attr(p, &top);
	if (mfd < 0)
		ret = kctr_err_set(err, errno, "source %s: %m", p->source);
	else if (rec.attr_set &&
		 mount_setattr(mfd, "", AT_EMPTY_PATH | AT_RECURSIVE, &rec,
			       sizeof(rec)))
		ret = kctr_err_set(err, errno, "nodev: %m");
	else if ((top.attr_set || top.attr_clr) &&
		 mount_setattr(mfd, "", AT_EMPTY_PATH, &top, sizeof(top)))
		ret = kctr_err_set(err, errno, "options: %m");
	else if (move_mount(mfd, "", tfd, "", MOVE_MOUNT_F_EMPTY_PATH |
			    MOVE_MOUNT_T_EMPTY_PATH))
		ret = kctr_err_set(err, errno, "mount %s on %s: %m", p->source,
				   p->dst);
	else
		ret = after_mount(p, mfd, err);
	if (mfd >= 0)
		close(mfd);
	close(tfd);
	return ret;
}

#define MAX_COPY_DEPTH 32

static int copy_tree(int from, int to, int depth, struct kctr_err *err);

static int copy_err(struct kctr_err *err, int e, const char *name)
{
	return kctr_err_set(err, e, "tmpcopyup %s: %s", name, strerror(e));
}

static int copy_link(int from, int to, const char *name,
		     struct kctr_err *err)
{
	char target[PATH_MAX];
	ssize_t n;

	n = readlinkat(from, name, target, sizeof(target) - 1);
	if (n < 0)
		return copy_err(err, errno, name);
	target[n] = '\0';
	return symlinkat(target, to, name) ? copy_err(err, errno, name) : 0;
}

static int copy_dir(int from, int to, const char *name, mode_t mode,
		    int depth, struct kctr_err *err)
{
	int in, out, ret;

	if (mkdirat(to, name, mode & 07777))
		return copy_err(err, errno, name);
	in = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	out = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		     O_CLOEXEC);
	ret = in < 0 || out < 0 ? copy_err(err, errno, name) :
		copy_tree(in, out, depth + 1, err);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ret;
}

static int copy_file(int from, int to, const char *name, mode_t mode,
		     struct kctr_err *err)
{
	char buf[16384];
	ssize_t n = 0, w;
	int in, out, ret = 0;

	in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		     O_CLOEXEC, mode & 07777);
	if (in < 0 || out < 0)
		ret = copy_err(err, errno, name);
	while (!ret && (n = read(in, buf, sizeof(buf))) > 0) {
		w = write(out, buf, n);
		if (w != n)
			ret = copy_err(err, w < 0 ? errno : ENOSPC, name);
	}
	if (!ret && n < 0)
		ret = copy_err(err, errno, name);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ret;
}

/*
 * One entry of a tmpcopyup: a directory, a file or a symlink, with its
 * owner and mode (devices, fifos and sockets are not copied).
 */
static int copy_one(int from, int to, const char *name, int depth,
		    struct kctr_err *err)
{
	struct stat st;
	int ret;

	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW))
		return copy_err(err, errno, name);
	if (S_ISLNK(st.st_mode))
		ret = copy_link(from, to, name, err);
	else if (S_ISDIR(st.st_mode))
		ret = copy_dir(from, to, name, st.st_mode, depth, err);
	else if (S_ISREG(st.st_mode))
		ret = copy_file(from, to, name, st.st_mode, err);
	else
		return 0;
	if (!ret && fchownat(to, name, st.st_uid, st.st_gid,
			     AT_SYMLINK_NOFOLLOW))
		ret = copy_err(err, errno, name);
	/* After chown, which drops set-id bits; the umask is undone too. */
	if (!ret && !S_ISLNK(st.st_mode) &&
	    fchmodat(to, name, st.st_mode & 07777, 0))
		ret = copy_err(err, errno, name);
	return ret;
}

/* The image's directory @from into the new tmpfs @to (tmpcopyup). */
static int copy_tree(int from, int to, int depth, struct kctr_err *err)
{
	struct dirent *de;
	DIR *d;
	int fd, ret = 0;

	if (depth > MAX_COPY_DEPTH)
		return kctr_err_set(err, ELOOP, "tmpcopyup: deeper than %d",
				    MAX_COPY_DEPTH);
	fd = dup(from);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return kctr_err_set(err, errno, "tmpcopyup: %m");
	}
	while (!ret && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ret = copy_one(from, to, de->d_name, depth, err);
	closedir(d);
	return ret;
}

/*
 * Any other file system (tmpfs, devpts, mqueue, cgroup2): on the
 * destination resolved inside the root, nodev unless "dev". With
 * tmpcopyup, the directory it covers (still open) is copied in.
 */
static int setup_fs(const struct kctr_mount_plan *p, struct kctr_err *err)
{
	unsigned long flags = (p->o.flags & ~(MS_BIND | MS_REC)) |
			      (entry_dev(p) ? 0 : MS_NODEV);
	int fd, from = -1, top, ret;

	fd = mkdir_in_root(p->dst, IN_ROOT, 0, err);
	if (fd < 0)
		return fd;
	if (p->o.tmpcopyup) {
		from = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (from < 0) {
			close(fd);
			return kctr_err_set(err, errno, "tmpcopyup: %m");
		}
	}
	ret = mount_on(p->source, fd, p->dst, p->fstype, flags, p->o.data,
		       err);
	close(fd);
	if (!ret) {
		top = in_root(p->dst, O_RDONLY | O_DIRECTORY, IN_ROOT);
		if (top < 0)
			ret = in_root_err(err, -top, p->dst, IN_ROOT);
		else if (from >= 0)
			ret = copy_tree(from, top, 0, err);
		if (!ret)
			ret = after_mount(p, top, err);
		if (top >= 0)
			close(top);
	}
	if (from >= 0)
		close(from);
	return ret;
}

static int setup_entry(const struct kctr_mount_plan *p, struct kctr_err *err)
{
	int ret;

	if (p->std != KCTR_STD_NONE)
		return 0;	/* merged into kctr's own (std_mount) */
	ret = p->o.bind ? setup_bind(p, err) : setup_fs(p, err);
	return ret ? kctr_err_wrap(err, "mount %s", p->dst) : 0;
}

/* @rel hidden: an empty read-only tmpfs on a directory, else /dev/null. */
static int mask_one(const char *rel, struct kctr_err *err)
{
	struct stat st;
	int fd, ret;

	fd = in_root(rel, O_PATH, IN_ROOT_STRICT);
	if (fd == -ENOENT)
		return 0;	/* not on this kernel, not in this image */
	if (fd < 0)
		return in_root_err(err, -fd, rel, IN_ROOT_STRICT);
	if (fstat(fd, &st))
		ret = kctr_err_set(err, errno, "/%s: %m", rel);
	else if (S_ISDIR(st.st_mode))
		ret = mount_on("tmpfs", fd, rel, "tmpfs",
			       MS_RDONLY | NOSUID_NODEV_NOEXEC, "size=0", err);
	else
		ret = mount_on("/dev/null", fd, rel, NULL, MS_BIND, NULL, err);
	close(fd);
	return ret;
}

/* @rel bound on itself, then made read-only. */
static int readonly_one(const char *rel, struct kctr_err *err)
{
	char src[32];
	int fd, ret;

	fd = in_root(rel, O_PATH, IN_ROOT_STRICT);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return in_root_err(err, -fd, rel, IN_ROOT_STRICT);
	ret = mount_on(fd_path(fd, src, sizeof(src)), fd, rel, NULL,
		       MS_BIND | MS_REC, NULL, err);
	close(fd);
	return ret ? ret : remount_ro(rel, err);
}

/* "/proc/kcore" and "proc/kcore" alike; "/" itself is refused. */
static int rel_of(const char *path, const char **rel, struct kctr_err *err)
{
	while (*path == '/')
		path++;
	if (!*path)
		return kctr_err_set(err, EINVAL, "masking or making \"/\" "
				    "read-only this way is refused");
	*rel = path;
	return 0;
}

/*
 * kctr's own lists first, always (a container keeps them whatever its
 * config asks), then the caller's (OCI maskedPaths, readonlyPaths).
 */
static int mask_paths(const struct kctr_rootfs *r, struct kctr_err *err)
{
	const char *rel = NULL;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < sizeof(masked_paths) / sizeof(masked_paths[0]);
	     i++)
		ret = mask_one(masked_paths[i], err);
	for (i = 0; !ret && i < r->nr_masked; i++) {
		ret = rel_of(r->masked[i], &rel, err);
		if (!ret)
			ret = mask_one(rel, err);
	}
	for (i = 0; !ret &&
	     i < sizeof(readonly_paths) / sizeof(readonly_paths[0]); i++)
		ret = readonly_one(readonly_paths[i], err);
	for (i = 0; !ret && i < r->nr_readonly; i++) {
		ret = rel_of(r->readonly[i], &rel, err);
		if (!ret)
			ret = readonly_one(rel, err);
	}
	return ret;
}

static int pivot(struct kctr_err *err)
{
	/* pivot_root(".", "."): the old root ends up on top, then goes. */
	if (syscall(SYS_pivot_root, ".", "."))
		return kctr_err_set(err, errno, "pivot_root: %m");
	if (umount2(".", MNT_DETACH))
		return kctr_err_set(err, errno, "detaching the old root: %m");
	if (chdir("/"))
		return kctr_err_set(err, errno, "chdir /: %m");
	return 0;
}

static int setup_mounts(const struct kctr_rootfs *r, struct kctr_err *err)
{
	size_t i;
	int ret;

	ret = mkdir_rel("proc", err);
	if (!ret)
		ret = std_mount(r, KCTR_STD_PROC, "proc", "proc", "proc",
				NOSUID_NODEV_NOEXEC, NULL, err);
	kctr_trace("init: /proc");
	if (!ret)
		ret = setup_dev(r, err);
	kctr_trace("init: /dev");
	/* With the host's ipc namespace only when an entry asks. */
	if (!ret && (r->new_ipc || std_entry(r, KCTR_STD_MQUEUE)))
		ret = std_mount(r, KCTR_STD_MQUEUE, "mqueue", "dev/mqueue",
				"mqueue", NOSUID_NODEV_NOEXEC, NULL, err);
	if (!ret)
		ret = setup_sys(r, err);
	kctr_trace("init: mqueue, /sys");
	for (i = 0; !ret && i < r->nr_vols; i++)
		ret = setup_volume(&r->vols[i], err);
	for (i = 0; !ret && i < r->nr_tmpfs; i++)
		ret = setup_tmpfs(r->tmpfs[i], err);
	for (i = 0; !ret && i < r->nr_mounts; i++)
		ret = setup_entry(&r->mounts[i], err);
	/* Last: over what the entries mounted on /proc and /sys too. */
	if (!ret)
		ret = mask_paths(r, err);
	/*
	 * Before a --read-only root makes that impossible. The workload's
	 * chdir comes after pivot_root, where "/" is this root: it resolves
	 * the same way and cannot leave it.
	 */
	if (!ret && r->workdir) {
		int fd = mkdir_in_root(r->workdir, IN_ROOT, 0, err);

		if (fd < 0)
			return kctr_err_wrap(err, "workdir %s", r->workdir);
		close(fd);
	}
	return ret;
}

int kctr_rootfs_setup(const struct kctr_rootfs *r, struct kctr_err *err)
{
	int ret;

	/* Nothing done here may propagate back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return kctr_err_set(err, errno, "making mounts private: %m");
	kctr_trace("init: mounts private");
	ret = r->root_dir ? bind_root_dir(r, err) : mount_overlay(r, err);
	if (ret)
		return ret;
	kctr_trace("init: overlay");
	if (fchdir(root_fd))
		ret = kctr_err_set(err, errno, "chdir %s: %m", r->merged);
	if (!ret)
		ret = setup_mounts(r, err);
	kctr_trace("init: volumes, masks");
	if (!ret && r->before_pivot)
		ret = r->before_pivot(r->before_pivot_arg, err);
	if (!ret)
		ret = pivot(err);
	/* root_fd is "/" now. */
	if (!ret && r->read_only)
		ret = remount_ro("/", err);
	close(root_fd);
	root_fd = -1;
	return ret;
}
