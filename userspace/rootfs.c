// SPDX-License-Identifier: GPL-2.0
/* Root filesystem of a container, from inside its new mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "image.h"
#include "rootfs.h"

#define NOSUID_NODEV_NOEXEC (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* Hidden from the container, as other runtimes do. */
static const char *const masked_paths[] = {
	"proc/acpi", "proc/asound", "proc/kcore", "proc/keys",
	"proc/latency_stats", "proc/timer_list", "proc/timer_stats",
	"proc/sched_debug", "proc/scsi", "sys/firmware",
	"sys/devices/virtual/powercap",
};

static const char *const readonly_paths[] = {
	"proc/bus", "proc/fs", "proc/irq", "proc/sys", "proc/sysrq-trigger",
};

static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

static int do_mount(const char *src, const char *dst, const char *type,
		    unsigned long flags, const char *data,
		    struct kctr_err *err)
{
	if (mount(src, dst, type, flags, data))
		return kctr_err_set(err, errno, "mount %s on /%s: %m",
				    type ? type : src ? src : "(remount)",
				    dst);
	return 0;
}

/*
 * A bind remount keeps the flags the kernel locked (nosuid, nodev, ...)
 * in a user namespace, or it fails with EPERM: carry them over.
 */
static int remount_ro(const char *path, struct kctr_err *err)
{
	unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
	struct statvfs sv;

	if (statvfs(path, &sv))
		return kctr_err_set(err, errno, "statvfs /%s: %m", path);
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
	return do_mount(NULL, path, NULL, flags, NULL, err);
}

/*
 * Paths below the new root are resolved before pivot_root, against the
 * host's root: a symlink in the image must not lead a mount or a file
 * creation out of the container.
 */
static int no_symlinks(const char *path, struct kctr_err *err)
{
	char buf[PATH_MAX], *p;
	struct stat st;

	if (kctr_pathf(buf, sizeof(buf), "%s", path))
		return kctr_err_set(err, ENAMETOOLONG, "%s: too long", path);
	for (p = buf; p; p = strchr(p + 1, '/')) {
		char c = *p;

		*p = '\0';
		if (*buf && !lstat(buf, &st) && S_ISLNK(st.st_mode))
			return kctr_err_set(err, ELOOP, "/%s is a symlink in "
					    "the image: refused", buf);
		*p = c;
	}
	if (!lstat(buf, &st) && S_ISLNK(st.st_mode))
		return kctr_err_set(err, ELOOP, "/%s is a symlink in the "
				    "image: refused", buf);
	return 0;
}

/* mkdir -p of a path relative to the new root (the cwd). */
static int mkdir_rel(const char *path, struct kctr_err *err)
{
	char buf[PATH_MAX];
	int ret = no_symlinks(path, err);

	if (ret)
		return ret;
	if (kctr_pathf(buf, sizeof(buf), "./%s", path))
		return kctr_err_set(err, ENAMETOOLONG, "%s: too long", path);
	return kctr_mkdir_p(buf, err);
}

static int touch_rel(const char *path, struct kctr_err *err)
{
	int fd, ret = no_symlinks(path, err);

	if (ret)
		return ret;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0)
		return kctr_err_set(err, errno, "create /%s: %m", path);
	close(fd);
	return 0;
}

static int mount_overlay(const struct kctr_rootfs *r, struct kctr_err *err)
{
	char opts[8192];

	if (kctr_pathf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,"
		       "workdir=%s%s", r->lowerdir, r->upper, r->work,
		       r->userns ? ",userxattr" : ""))
		return kctr_err_set(err, E2BIG, "overlay options too long");
	if (mount("overlay", r->merged, "overlay", MS_NOSUID | MS_NODEV, opts))
		return kctr_err_set(err, errno, "mount overlay on %s: %m",
				    r->merged);
	return 0;
}

/*
 * nodev on a mount and every mount below it: a device node there, made
 * inside or found on the host, does not open (EACCES) whatever the device
 * program would say.
 */
static int make_nodev(const char *path, struct kctr_err *err)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_NODEV };

	if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &attr,
		    sizeof(attr)))
		return kctr_err_set(err, errno, "nodev on /%s: %m", path);
	return 0;
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

static int setup_dev(const struct kctr_rootfs *r, struct kctr_err *err)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "dev/fd" }, { "/proc/self/fd/0", "dev/stdin" },
		{ "/proc/self/fd/1", "dev/stdout" },
		{ "/proc/self/fd/2", "dev/stderr" }, { "pts/ptmx", "dev/ptmx" },
		{ "/proc/kcore", "dev/core" },
	};
	char path[64], host[64];
	size_t i;
	int ret;

	ret = mkdir_rel("dev", err);
	if (!ret)
		ret = do_mount("tmpfs", "dev", "tmpfs", NOSUID_NODEV_NOEXEC,
			       "mode=755,size=65536k", err);
	for (i = 0; !ret && i < sizeof(dev_nodes) / sizeof(dev_nodes[0]);
	     i++) {
		/* Bind the host's nodes: mknod is not allowed in a userns. */
		snprintf(path, sizeof(path), "dev/%s", dev_nodes[i]);
		snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i]);
		ret = touch_rel(path, err);
		if (!ret)
			ret = do_mount(host, path, NULL, MS_BIND, NULL, err);
	}
	for (i = 0; !ret && i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][0], links[i][1]))
			ret = kctr_err_set(err, errno, "symlink /%s: %m",
					   links[i][1]);
	for (i = 0; !ret && i < 3; i++)
		ret = mkdir_rel(i == 0 ? "dev/pts" : i == 1 ? "dev/shm" :
				"dev/mqueue", err);
	if (!ret)
		ret = do_mount("devpts", "dev/pts", "devpts",
			       MS_NOSUID | MS_NOEXEC,
			       "newinstance,ptmxmode=0666,mode=0620", err);
	if (!ret)
		ret = do_mount("shm", "dev/shm", "tmpfs", NOSUID_NODEV_NOEXEC,
			       "mode=1777,size=65536k", err);
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
	ret = do_mount("sysfs", "sys", "sysfs",
		       NOSUID_NODEV_NOEXEC | MS_RDONLY, NULL, err);
	if (ret || !r->new_cgroup)
		return ret;
	return do_mount("cgroup2", "sys/fs/cgroup", "cgroup2",
			NOSUID_NODEV_NOEXEC | MS_RDONLY, NULL, err);
}

static int setup_volume(const struct kctr_volume *v, struct kctr_err *err)
{
	const char *rel = v->ctr + 1;
	struct stat st;
	int ret;

	if (stat(v->host, &st))
		return kctr_err_set(err, errno, "volume %s: %m", v->host);
	if (S_ISDIR(st.st_mode)) {
		ret = mkdir_rel(rel, err);
	} else {
		char dir[PATH_MAX], *slash;

		kctr_pathf(dir, sizeof(dir), "%s", rel);
		slash = strrchr(dir, '/');
		ret = 0;
		if (slash) {
			*slash = '\0';
			ret = mkdir_rel(dir, err);
		}
		if (!ret && access(rel, F_OK))
			ret = touch_rel(rel, err);
	}
	if (!ret)
		ret = do_mount(v->host, rel, NULL, MS_BIND | MS_REC, NULL, err);
	if (!ret && !v->dev)
		ret = make_nodev(rel, err);
	if (!ret && v->ro)
		ret = remount_ro(rel, err);
	return ret;
}

static int mask_paths(struct kctr_err *err)
{
	struct stat st;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < sizeof(masked_paths) / sizeof(masked_paths[0]);
	     i++) {
		if (lstat(masked_paths[i], &st))
			continue;	/* not on this kernel */
		if (S_ISDIR(st.st_mode))
			ret = do_mount("tmpfs", masked_paths[i], "tmpfs",
				       MS_RDONLY | NOSUID_NODEV_NOEXEC,
				       "size=0", err);
		else
			ret = do_mount("/dev/null", masked_paths[i], NULL,
				       MS_BIND, NULL, err);
	}
	for (i = 0; !ret &&
	     i < sizeof(readonly_paths) / sizeof(readonly_paths[0]); i++) {
		if (lstat(readonly_paths[i], &st))
			continue;
		ret = do_mount(readonly_paths[i], readonly_paths[i], NULL,
			       MS_BIND | MS_REC, NULL, err);
		if (!ret)
			ret = remount_ro(readonly_paths[i], err);
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
		ret = do_mount("proc", "proc", "proc", NOSUID_NODEV_NOEXEC, NULL,
			       err);
	if (!ret)
		ret = setup_dev(r, err);
	if (!ret && r->new_ipc)
		ret = do_mount("mqueue", "dev/mqueue", "mqueue",
			       NOSUID_NODEV_NOEXEC, NULL, err);
	if (!ret)
		ret = setup_sys(r, err);
	for (i = 0; !ret && i < r->nr_vols; i++)
		ret = setup_volume(&r->vols[i], err);
	for (i = 0; !ret && i < r->nr_tmpfs; i++) {
		ret = mkdir_rel(r->tmpfs[i] + 1, err);
		if (!ret)
			ret = do_mount("tmpfs", r->tmpfs[i] + 1, "tmpfs",
				       MS_NOSUID | MS_NODEV, "mode=1777", err);
	}
	if (!ret)
		ret = mask_paths(err);
	/* Before a --read-only root makes that impossible. */
	if (!ret && r->workdir)
		ret = mkdir_rel(r->workdir + 1, err);
	return ret;
}

int kctr_rootfs_setup(const struct kctr_rootfs *r, struct kctr_err *err)
{
	int ret;

	/* Nothing done here may propagate back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return kctr_err_set(err, errno, "making mounts private: %m");
	ret = mount_overlay(r, err);
	if (ret)
		return ret;
	if (chdir(r->merged))
		return kctr_err_set(err, errno, "chdir %s: %m", r->merged);
	ret = setup_mounts(r, err);
	if (!ret)
		ret = pivot(err);
	if (!ret && r->read_only)
		ret = remount_ro("/", err);
	return ret;
}
