// SPDX-License-Identifier: GPL-2.0
/* Image layers: the default busybox image, imports, whiteout conversion. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "image.h"
#include "util.h"

#define BUSYBOX_PATH "/bin/busybox"
#define BUSYBOX_LAYER "busybox-static"
#define WH_PREFIX ".wh."
#define WH_OPAQUE ".wh..wh..opq"

int kctr_pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

const char *kctr_state_dir(void)
{
	const char *d = getenv("KCTR_STATE_DIR");

	return d && *d ? d : "/var/lib/kctr";
}

/*
 * The state tree holds image contents, what containers wrote and their
 * logs: its top is root's alone (0700, or 0710 for the group of a user
 * namespace's root), whatever mode it was made with earlier, so nothing
 * below it needs a mode of its own to stay private.
 */
static int secure_state_top(const char *top, struct kctr_err *err)
{
	struct stat st;

	if (mkdir(top, 0700) && errno != EEXIST)
		return kctr_err_set(err, errno, "mkdir %s: %m", top);
	if (lstat(top, &st))
		return kctr_err_set(err, errno, "%s: %m", top);
	if (!S_ISDIR(st.st_mode))
		return kctr_err_set(err, ENOTDIR, "state directory %s: not a "
				    "directory", top);
	/* 0710: a --userns spawn let its root's group through (spawn.c). */
	if ((st.st_mode & 07777) != 0700 && (st.st_mode & 07777) != 0710 &&
	    chmod(top, 0700))
		return kctr_err_set(err, errno, "chmod 0700 %s: %m", top);
	return 0;
}

/* mkdir -p of @buf, a writable copy, each component made 0755. */
static int mkdir_each(char *buf, char *from, struct kctr_err *err)
{
	char *p, c;

	for (p = from; ; p++) {
		if (*p && *p != '/')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return kctr_err_set(err, errno, "mkdir %s: %m", buf);
		*p = c;
		if (!c)
			return 0;
	}
}

/* The state top secured (secure_state_top), its parents made if missing. */
static int state_top(const char *top, struct kctr_err *err)
{
	char buf[PATH_MAX], *slash;
	int ret;

	ret = secure_state_top(top, err);
	if (ret != -ENOENT)
		return ret;
	kctr_pathf(buf, sizeof(buf), "%s", top);
	slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return ret;
	*slash = '\0';
	ret = mkdir_each(buf, buf + 1, err);
	return ret ? ret : secure_state_top(top, err);
}

/*
 * mkdir -p of @path. Below the state top, the top is secured first, and
 * its parents are made only when it is missing (once per machine).
 */
int kctr_mkdir_p(const char *path, struct kctr_err *err)
{
	const char *top = kctr_state_dir();
	size_t n = strlen(top);
	char buf[PATH_MAX];
	int ret;

	if (kctr_pathf(buf, sizeof(buf), "%s", path))
		return kctr_err_set(err, ENAMETOOLONG, "%s: path too long",
				    path);
	if (strncmp(buf, top, n) || (buf[n] && buf[n] != '/'))
		return mkdir_each(buf, buf + 1, err);
	ret = state_top(top, err);
	if (ret || !buf[n] || !buf[n + 1])
		return ret;
	return mkdir_each(buf, buf + n + 1, err);
}

static int run(char *const argv[], struct kctr_err *err)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return kctr_err_set(err, errno, "fork: %m");
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, "kctr: %s: %m\n", argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return kctr_err_set(err, errno, "waitpid: %m");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return kctr_err_set(err, EIO, "%s failed (status %d)", argv[0],
				    status);
	return 0;
}

static int write_file(const char *path, const char *text, mode_t mode,
		      struct kctr_err *err)
{
	size_t len = strlen(text);
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (write(fd, text, len) != (ssize_t)len || fsync(fd)) {
		kctr_err_set(err, errno ? errno : EIO, "writing %s: %m", path);
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

static int copy_file(const char *from, const char *to, mode_t mode,
		     struct kctr_err *err)
{
	char buf[65536];
	ssize_t n;
	int in, out, ret = 0;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return kctr_err_set(err, errno, "%s: %m", from);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		ret = kctr_err_set(err, errno, "%s: %m", to);
		goto close_in;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			n = -1;
			break;
		}
	if (n < 0)
		ret = kctr_err_set(err, errno ? errno : EIO, "copying %s: %m",
				   from);
	close(out);
close_in:
	close(in);
	return ret;
}

/* busybox --list-full: one applet path per line, e.g. "usr/bin/awk". */
static int busybox_links(const char *root, struct kctr_err *err)
{
	char path[PATH_MAX], line[256], dir[PATH_MAX], *slash;
	int ret = 0;
	FILE *f;

	f = popen(BUSYBOX_PATH " --list-full", "re");
	if (!f)
		return kctr_err_set(err, errno, "busybox --list-full: %m");
	while (!ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || strstr(line, "..") || line[0] == '/' ||
		    !strcmp(line, "bin/busybox"))
			continue;
		kctr_pathf(path, sizeof(path), "%s/%s", root, line);
		kctr_pathf(dir, sizeof(dir), "%s", path);
		slash = strrchr(dir, '/');
		*slash = '\0';
		ret = kctr_mkdir_p(dir, err);
		if (!ret && symlink("/bin/busybox", path) && errno != EEXIST)
			ret = kctr_err_set(err, errno, "symlink %s: %m", path);
	}
	if (pclose(f) && !ret)
		ret = kctr_err_set(err, EIO, "busybox --list-full failed");
	return ret;
}

static int busybox_skeleton(const char *root, struct kctr_err *err)
{
	static const char *const dirs[] = {
		"bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "proc",
		"sys", "dev", "tmp", "var/tmp", "run", "home", "mnt",
	};
	char path[PATH_MAX];
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		kctr_pathf(path, sizeof(path), "%s/%s", root, dirs[i]);
		ret = kctr_mkdir_p(path, err);
	}
	for (i = 0; !ret && i < 2; i++) {
		kctr_pathf(path, sizeof(path), "%s/%s", root,
			 i ? "var/tmp" : "tmp");
		if (chmod(path, 01777))
			ret = kctr_err_set(err, errno, "chmod %s: %m", path);
	}
	kctr_pathf(path, sizeof(path), "%s/root", root);
	if (!ret && chmod(path, 0700))
		ret = kctr_err_set(err, errno, "chmod %s: %m", path);
	kctr_pathf(path, sizeof(path), "%s/etc/passwd", root);
	if (!ret)
		ret = write_file(path, "root:x:0:0:root:/root:/bin/sh\n"
				 "nobody:x:65534:65534:nobody:/:/bin/false\n",
				 0644, err);
	kctr_pathf(path, sizeof(path), "%s/etc/group", root);
	if (!ret)
		ret = write_file(path, "root:x:0:\nnogroup:x:65534:\n", 0644,
				 err);
	return ret;
}

static int build_busybox_layer(const char *layer, struct kctr_err *err)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int ret;

	if (access(BUSYBOX_PATH, X_OK))
		return kctr_err_set(err, errno, "building the default image "
				    "needs Debian's busybox-static (%s): %m",
				    BUSYBOX_PATH);
	kctr_pathf(tmp, sizeof(tmp), "%s.tmp-%d", layer, getpid());
	ret = kctr_mkdir_p(tmp, err);
	if (!ret)
		ret = busybox_skeleton(tmp, err);
	kctr_pathf(path, sizeof(path), "%s/bin/busybox", tmp);
	if (!ret)
		ret = copy_file(BUSYBOX_PATH, path, 0755, err);
	if (!ret)
		ret = busybox_links(tmp, err);
	if (!ret && rename(tmp, layer)) {
		/* Someone else built it first: theirs is as good. */
		if (errno != EEXIST && errno != ENOTEMPTY)
			ret = kctr_err_set(err, errno, "rename to %s: %m",
					   layer);
	}
	kctr_rm_tree(tmp, NULL);
	return ret ? kctr_err_wrap(err, "default image") : 0;
}

static int image_file(const char *name, char *buf, size_t len,
		      struct kctr_err *err)
{
	size_t n = strlen(name);

	if (!n || n > 63 || name[0] == '.' || name[0] == '-' ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789_.-") != n)
		return kctr_err_set(err, EINVAL, "bad image name '%s' (1..63 "
				    "of A-Za-z0-9_.-)", name);
	snprintf(buf, len, "%s/images/%s", kctr_state_dir(), name);
	return 0;
}

static int ensure_default(struct kctr_err *err)
{
	char layer[PATH_MAX], img[PATH_MAX];
	int ret;

	kctr_pathf(layer, sizeof(layer), "%s/layers/%s", kctr_state_dir(),
		 BUSYBOX_LAYER);
	ret = image_file(KCTR_DEFAULT_IMAGE, img, sizeof(img), err);
	if (ret || !access(img, F_OK))
		return ret;
	kctr_pathf(img, sizeof(img), "%s/layers", kctr_state_dir());
	ret = kctr_mkdir_p(img, err);
	kctr_pathf(img, sizeof(img), "%s/images", kctr_state_dir());
	if (!ret)
		ret = kctr_mkdir_p(img, err);
	if (!ret && access(layer, F_OK))
		ret = build_busybox_layer(layer, err);
	image_file(KCTR_DEFAULT_IMAGE, img, sizeof(img), err);
	if (!ret)
		ret = write_file(img, BUSYBOX_LAYER "\n", 0644, err);
	return ret;
}

/* One layer name of an image file, @len bytes at @line, into @layers. */
static int add_layer(const char *img, const char *line, size_t len,
		     char layers[][128], int *n, int max, struct kctr_err *err)
{
	if (!len)
		return 0;
	if (*n == max || len >= 128 || memchr(line, '/', len) ||
	    memchr(line, ':', len) || memchr(line, ',', len) ||
	    memchr(line, '\0', len))
		return kctr_err_set(err, EINVAL, "%s: bad layer list", img);
	memcpy(layers[*n], line, len);
	layers[(*n)++][len] = '\0';
	return 0;
}

/*
 * The layer names of image file @img, one per line, bottom first. Read in
 * one go (32 names of under 128 bytes fit in the buffer, anything longer
 * is refused): every spawn of an image reads it.
 */
static int read_layers(const char *img, char layers[][128], int max,
		       struct kctr_err *err)
{
	char buf[32 * 128 + 64], *p, *end, *nl;
	ssize_t len;
	int fd, n = 0, ret = 0;

	fd = open(img, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", img);
	len = read(fd, buf, sizeof(buf));
	if (len < 0)
		ret = kctr_err_set(err, errno, "%s: %m", img);
	else if ((size_t)len == sizeof(buf))
		ret = kctr_err_set(err, EINVAL, "%s: bad layer list", img);
	close(fd);
	if (ret)
		return ret;
	end = buf + len;
	for (p = buf; !ret && p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		ret = add_layer(img, p, nl - p, layers, &n, max, err);
	}
	if (ret)
		return ret;
	if (!n)
		return kctr_err_set(err, EINVAL, "%s: no layers", img);
	return n;
}

static int unpack(const char *src, const char *dst, struct kctr_err *err);

static uid_t shift_by;
static unsigned int shift_count;
static int shift_err;
static bool shift_opaque_unsupported;	/* no user.* xattrs where it copies */

static int shift_one(const char *path, const struct stat *st, int flag,
		     struct FTW *ftw)
{
	uid_t uid = st->st_uid, gid = st->st_gid;
	char val[2];

	(void)flag;
	(void)ftw;
	uid = uid < shift_count ? uid + shift_by : 65534 + shift_by;
	gid = gid < shift_count ? gid + shift_by : 65534 + shift_by;
	if (lchown(path, uid, gid))
		return shift_err = errno;
	/* chown dropped set-id bits; put the mode back. */
	if (!S_ISLNK(st->st_mode) && chmod(path, st->st_mode & 07777))
		return shift_err = errno;
	/* overlayfs mounted with userxattr reads user.overlay.* only. */
	if (S_ISDIR(st->st_mode) &&
	    getxattr(path, "trusted.overlay.opaque", val, sizeof(val)) == 1 &&
	    val[0] == 'y' &&
	    setxattr(path, "user.overlay.opaque", "y", 1, 0)) {
		shift_opaque_unsupported = errno == EOPNOTSUPP;
		return shift_err = errno;
	}
	return 0;
}

static int shift_failed(const char *tmp, int e, struct kctr_err *err)
{
	if (shift_opaque_unsupported)
		return kctr_err_set(err, e, "the layer has opaque directories, "
				    "which overlayfs in a user namespace reads "
				    "from user.overlay.opaque, and the file "
				    "system of %s has no user.* extended "
				    "attributes (tmpfs has them from Linux 6.6 "
				    "on): use a state directory "
				    "(KCTR_STATE_DIR) on ext4, xfs or btrfs",
				    kctr_state_dir());
	return kctr_err_set(err, e, "shifting ids in %s: %s", tmp,
			    strerror(e));
}

/*
 * In a user namespace, overlayfs cannot copy up files owned by ids the
 * namespace does not map: use a copy of the layer owned by the mapped ids.
 */
static int shifted_layer(const char *layer, uid_t by, unsigned int count,
			 char *out, size_t len, struct kctr_err *err)
{
	char tmp[PATH_MAX + 32];
	int ret;

	if (kctr_pathf(out, len, "%s@%u", layer, by))
		return kctr_err_set(err, ENAMETOOLONG, "%s: too long", layer);
	if (!access(out, F_OK))
		return 0;
	kctr_pathf(tmp, sizeof(tmp), "%s.tmp-%d", out, getpid());
	ret = kctr_mkdir_p(tmp, err);
	if (!ret)
		ret = unpack(layer, tmp, err);
	if (!ret) {
		shift_by = by;
		shift_count = count;
		shift_err = 0;
		shift_opaque_unsupported = false;
		if (nftw(tmp, shift_one, 32, FTW_PHYS) || shift_err)
			ret = shift_failed(tmp, shift_err ? shift_err : errno,
					   err);
	}
	if (!ret && rename(tmp, out) && errno != EEXIST && errno != ENOTEMPTY)
		ret = kctr_err_set(err, errno, "rename %s: %m", tmp);
	kctr_rm_tree(tmp, NULL);
	return ret;
}

int kctr_image_lowerdir(const char *name, uid_t shift, unsigned int count,
			char *buf, size_t len, struct kctr_err *err)
{
	char img[PATH_MAX], layers[32][128], dir[PATH_MAX], sh[PATH_MAX];
	size_t used = 0;
	int n, ret;

	if (!strcmp(name, KCTR_DEFAULT_IMAGE)) {
		ret = ensure_default(err);
		if (ret)
			return ret;
	}
	ret = image_file(name, img, sizeof(img), err);
	if (ret)
		return ret;
	n = read_layers(img, layers, 32, err);
	if (n == -ENOENT)
		return kctr_err_set(err, ENOENT, "no image '%s' (kctr image "
				    "import NAME DIR|TARBALL)", name);
	if (n < 0)
		return n;
	if (len)
		buf[0] = '\0';
	while (n-- > 0) {
		kctr_pathf(dir, sizeof(dir), "%s/layers/%s", kctr_state_dir(),
			   layers[n]);
		if (shift) {
			ret = shifted_layer(dir, shift, count, sh, sizeof(sh),
					    err);
			if (ret)
				return ret;
			strcpy(dir, sh);
		}
		if (used < len)
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? ":" : "", dir);
		if (used >= len)
			return kctr_err_set(err, ENAMETOOLONG,
					    "image '%s': too many layers", name);
	}
	return 0;
}

int kctr_container_state_remove(uint64_t id, struct kctr_err *err)
{
	char dir[PATH_MAX];

	kctr_pathf(dir, sizeof(dir), "%s/containers/%" PRIu64,
		   kctr_state_dir(), id);
	return kctr_rm_tree(dir, err);
}

/* A name in containers/ that is a container's id, in @id. */
static bool state_id(const char *name, uint64_t *id)
{
	char *end;

	if (name[0] < '0' || name[0] > '9')
		return false;
	*id = strtoull(name, &end, 10);
	return !*end;
}

static DIR *open_containers(void)
{
	char dir[PATH_MAX];

	kctr_pathf(dir, sizeof(dir), "%s/containers", kctr_state_dir());
	return opendir(dir);
}

bool kctr_container_state_any(void)
{
	struct dirent *de;
	bool any = false;
	uint64_t id;
	DIR *d;

	d = open_containers();
	if (!d)
		return false;
	while (!any && (de = readdir(d)))
		any = state_id(de->d_name, &id);
	closedir(d);
	return any;
}

void kctr_container_state_gc(const uint64_t *live, size_t nr)
{
	struct dirent *de;
	uint64_t id;
	DIR *d;

	d = open_containers();
	if (!d)
		return;
	while ((de = readdir(d))) {
		/*
		 * Not in the module: its container is gone, whatever its id
		 * (ids restart after a module reload).
		 */
		if (state_id(de->d_name, &id) && !kctr_ids_has(live, nr, id))
			kctr_container_state_remove(id, NULL);
	}
	closedir(d);
}

int kctr_container_state_lock(struct kctr_err *err)
{
	char dir[PATH_MAX];
	int fd, ret;

	kctr_pathf(dir, sizeof(dir), "%s/containers", kctr_state_dir());
	ret = kctr_mkdir_p(dir, err);
	if (ret)
		return ret;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", dir);
	if (flock(fd, LOCK_EX)) {
		ret = kctr_err_set(err, errno, "locking %s: %m", dir);
		close(fd);
		return ret;
	}
	return fd;
}

int kctr_container_state_create(uint64_t id, char *dir, size_t len,
				struct kctr_err *err)
{
	int ret;

	if (kctr_pathf(dir, len, "%s/containers/%" PRIu64, kctr_state_dir(),
		       id))
		return kctr_err_set(err, ENAMETOOLONG, "state directory of "
				    "%" PRIu64 ": path too long", id);
	if (!mkdir(dir, 0700))
		return 0;
	if (errno != EEXIST)
		return kctr_err_set(err, errno, "mkdir %s: %m", dir);
	/* A stale one (an earlier module's container, a crash): never reuse. */
	ret = kctr_rm_tree(dir, err);
	if (ret)
		return kctr_err_wrap(err, "removing the stale %s", dir);
	if (mkdir(dir, 0700))
		return kctr_err_set(err, errno, "mkdir %s: %m", dir);
	return 0;
}

/* ---- whiteouts ---- */

static int wh_err;

static int wh_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	const char *base = path + ftw->base;
	char target[PATH_MAX], dir[PATH_MAX];

	(void)st;
	if (flag == FTW_D || flag == FTW_DP ||
	    strncmp(base, WH_PREFIX, strlen(WH_PREFIX)))
		return 0;
	kctr_pathf(dir, sizeof(dir), "%.*s", ftw->base, path);
	if (!strcmp(base, WH_OPAQUE)) {
		if (setxattr(dir, "trusted.overlay.opaque", "y", 1, 0))
			return wh_err = errno;
	} else {
		kctr_pathf(target, sizeof(target), "%s%s", dir,
			 base + strlen(WH_PREFIX));
		if (unlink(path) || kctr_rm_tree(target, NULL) ||
		    mknod(target, S_IFCHR | 0, makedev(0, 0)))
			return wh_err = errno ? errno : EIO;
		return 0;
	}
	if (unlink(path))
		return wh_err = errno;
	return 0;
}

int kctr_whiteouts_convert(const char *dir, struct kctr_err *err)
{
	wh_err = 0;
	if (nftw(dir, wh_one, 32, FTW_PHYS) || wh_err)
		return kctr_err_set(err, wh_err ? wh_err : errno,
				    "converting whiteouts in %s: %s", dir,
				    strerror(wh_err ? wh_err : errno));
	return 0;
}

/* ---- imports ---- */

/*
 * A layer tarball is the image author's, not ours: GNU tar's own defences
 * (leading "/" and "../" stripped, placeholders for dangerous symlinks)
 * are kept, and tar runs in a private mount namespace in which every
 * mount is read-only and nodev but @dst: whatever a member name or a
 * symlink in the archive resolves to, tar can write nowhere else. Owners,
 * modes and set-id bits are kept (a layer needs them; containers mount it
 * nosuid,nodev below a root-only tree).
 */
static int run_confined(char *const argv[], const char *dst,
			struct kctr_err *err)
{
	struct mount_attr ro = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV,
	};
	struct mount_attr rw = { .attr_clr = MOUNT_ATTR_RDONLY };
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return kctr_err_set(err, errno, "fork: %m");
	if (!pid) {
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount(dst, dst, NULL, MS_BIND, NULL) ||
		    mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro,
				  sizeof(ro)) ||
		    mount_setattr(AT_FDCWD, dst, 0, &rw, sizeof(rw))) {
			fprintf(stderr, "kctr: image: confining tar to %s: "
				"%m\n", dst);
			_exit(126);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "kctr: %s: %m\n", argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return kctr_err_set(err, errno, "waitpid: %m");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return kctr_err_set(err, EIO, "%s -x failed or refused members "
				    "(above; status %d): nothing imported",
				    argv[0], status);
	return 0;
}

/*
 * Device nodes have no place in an image layer (a container gets its own
 * /dev): refuse the archive, naming the member. "tar -tv" starts every
 * line with the member's mode string; names are quoted (no raw newline).
 */
static int refuse_devices(const char *src, struct kctr_err *err)
{
	char cmd[PATH_MAX + 64], line[PATH_MAX + 256];
	int ret = 0, status;
	FILE *f;

	if (strchr(src, '\''))
		return kctr_err_set(err, EINVAL, "%s: a quote in the name",
				    src);
	snprintf(cmd, sizeof(cmd), "tar -tv --numeric-owner -f '%s'", src);
	f = popen(cmd, "re");
	if (!f)
		return kctr_err_set(err, errno, "tar -tv %s: %m", src);
	while (fgets(line, sizeof(line), f))
		if (!ret && (line[0] == 'b' || line[0] == 'c')) {
			line[strcspn(line, "\n")] = '\0';
			ret = kctr_err_set(err, EPERM, "%s: refused: a device "
					   "node in the layer (%s)", src,
					   line);
		}
	status = pclose(f);
	if (!ret && status)
		ret = kctr_err_set(err, EIO, "%s: not a tar archive tar can "
				   "list (status %d)", src, status);
	return ret;
}

static int unpack(const char *src, const char *dst, struct kctr_err *err)
{
	char from[PATH_MAX];
	struct stat st;

	if (stat(src, &st))
		return kctr_err_set(err, errno, "%s: %m", src);
	if (S_ISDIR(st.st_mode)) {
		char *cp[] = { "cp", "-a", "--", from, (char *)dst, NULL };

		kctr_pathf(from, sizeof(from), "%s/.", src);
		return run(cp, err);
	}
	char *tar[] = { "tar", "-x", "--numeric-owner", "-p",
			"--xattrs", "-f", (char *)src, "-C", (char *)dst,
			NULL };
	int ret = refuse_devices(src, err);

	return ret ? ret : run_confined(tar, dst, err);
}

int kctr_image_import(const char *parent, const char *name, const char *src,
		      struct kctr_err *err)
{
	char img[PATH_MAX], layer[PATH_MAX], tmp[PATH_MAX + 32], id[128];
	char list[4096] = "", pimg[PATH_MAX], layers[32][128];
	int ret, n, i;
	size_t used = 0;

	ret = image_file(name, img, sizeof(img), err);
	if (ret)
		return ret;
	if (!access(img, F_OK))
		return kctr_err_set(err, EEXIST, "image '%s' exists", name);
	if (parent) {
		if (!strcmp(parent, KCTR_DEFAULT_IMAGE)) {
			ret = ensure_default(err);
			if (ret)
				return ret;
		}
		ret = image_file(parent, pimg, sizeof(pimg), err);
		n = ret ? ret : read_layers(pimg, layers, 31, err);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++)
			used += snprintf(list + used, sizeof(list) - used,
					 "%s\n", layers[i]);
	}
	kctr_pathf(id, sizeof(id), "%s-%ld-%d", name, (long)time(NULL),
		 getpid());
	kctr_pathf(layer, sizeof(layer), "%s/layers/%s", kctr_state_dir(), id);
	kctr_pathf(tmp, sizeof(tmp), "%s.tmp", layer);
	ret = kctr_mkdir_p(tmp, err);
	if (!ret)
		ret = unpack(src, tmp, err);
	if (!ret)
		ret = kctr_whiteouts_convert(tmp, err);
	if (!ret && rename(tmp, layer))
		ret = kctr_err_set(err, errno, "rename %s: %m", tmp);
	if (ret) {
		kctr_rm_tree(tmp, NULL);
		return ret;
	}
	snprintf(list + used, sizeof(list) - used, "%s\n", id);
	kctr_pathf(tmp, sizeof(tmp), "%s/images", kctr_state_dir());
	ret = kctr_mkdir_p(tmp, err);
	kctr_pathf(tmp, sizeof(tmp), "%s.tmp", img);
	if (!ret)
		ret = write_file(tmp, list, 0644, err);
	if (!ret && rename(tmp, img))
		ret = kctr_err_set(err, errno, "rename %s: %m", tmp);
	if (ret)
		kctr_rm_tree(layer, NULL);
	return ret;
}

int kctr_image_foreach(void (*fn)(const char *name, void *arg), void *arg)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	/* What is stored, nothing built: the default image shows once used. */
	kctr_pathf(path, sizeof(path), "%s/images", kctr_state_dir());
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && !strstr(de->d_name, ".tmp"))
			fn(de->d_name, arg);
	closedir(d);
	return 0;
}

int kctr_image_remove(const char *name, struct kctr_err *err)
{
	char img[PATH_MAX];
	int ret;

	ret = image_file(name, img, sizeof(img), err);
	if (ret)
		return ret;
	/* Layers stay: other images and containers may use them. */
	if (unlink(img))
		return kctr_err_set(err, errno, "image '%s': %m", name);
	return 0;
}
