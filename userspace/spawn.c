// SPDX-License-Identifier: GPL-2.0
/*
 * kctr spawn: CREATE the container in the module, clone3() its init with
 * every new namespace straight into the module's cgroup, let the init
 * build its root filesystem and JOIN/START, then wait for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "cinit.h"
#include "commands.h"
#include "image.h"
#include "netif.h"
#include "rootfs.h"
#include "seccomp_profile.h"
#include "spawn.h"
#include "spawnopts.h"
#include "util.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

static const uint64_t ns_clone_flags[__KCTR_NS_KIND_COUNT] = {
	[KCTR_NS_KIND_MNT] = CLONE_NEWNS, [KCTR_NS_KIND_PID] = CLONE_NEWPID,
	[KCTR_NS_KIND_NET] = CLONE_NEWNET, [KCTR_NS_KIND_IPC] = CLONE_NEWIPC,
	[KCTR_NS_KIND_UTS] = CLONE_NEWUTS, [KCTR_NS_KIND_USER] = CLONE_NEWUSER,
	/* cgroup: unshared by the init once it is in its cgroup */
	[KCTR_NS_KIND_CGROUP] = 0, [KCTR_NS_KIND_TIME] = CLONE_NEWTIME,
};

struct spawn {
	struct kctr_spawn_opts o;
	char lowerdir[8192];
	char dir[PATH_MAX], upper[PATH_MAX], work[PATH_MAX], merged[PATH_MAX];
	char command[KCTR_COMMAND_MAX + 1];
	uint64_t id;
	char name[KCTR_NAME_MAX + 1];
	bool created, dirs_made;
	struct kctr_nl *nl, *init_nl;
	int cgfd;
	int go[2], report[2], pty[2];
	int logfd;			/* -d: the init's stdout and stderr */
	int initfd;			/* sealed memfd of init/kctr-init */
	bool dev_prog;			/* the kernel can run a device program */
	void *prog;
	size_t prog_len;
	pid_t pid;
	int pidfd;
	sigset_t held;			/* kctr's mask before the clone */
};

/* ---- the init, in its new namespaces ---- */

static int become_root(struct spawn *s, struct kctr_err *err)
{
	char c;

	/* Wait until the parent wrote our uid/gid maps. */
	if (read(s->go[0], &c, 1) != 1)
		_exit(KCTR_EXIT_SPAWN_FAILED);
	close(s->go[0]);
	s->go[0] = -1;
	if (!s->o.userns)
		return 0;
	if (setgroups(0, NULL) || setresgid(0, 0, 0) || setresuid(0, 0, 0))
		return kctr_err_set(err, errno, "user namespace: becoming "
				    "root: %m");
	return 0;
}

static int init_identity(struct spawn *s, struct kctr_err *err)
{
	const char *host = s->o.hostname ? s->o.hostname : s->name;
	int fd;

	if ((s->o.ns_mask & KCTR_NS_CGROUP) && unshare(CLONE_NEWCGROUP))
		return kctr_err_set(err, errno, "cgroup namespace: %m");
	if ((s->o.ns_mask & KCTR_NS_UTS) && sethostname(host, strlen(host)))
		return kctr_err_set(err, errno, "hostname: %m");
	if ((s->o.ns_mask & KCTR_NS_NET) && kctr_loopback_up(err))
		return -err->code;
	if (!s->o.interactive && !s->o.tty) {
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
			return kctr_err_set(err, errno, "stdin: %m");
		close(fd);
	}
	if (s->logfd >= 0 && (dup2(s->logfd, STDOUT_FILENO) < 0 ||
			      dup2(s->logfd, STDERR_FILENO) < 0))
		return kctr_err_set(err, errno, "log: %m");
	return 0;
}

static int init_rootfs(struct spawn *s, struct kctr_err *err)
{
	struct kctr_rootfs r = {
		.lowerdir = s->lowerdir, .upper = s->upper, .work = s->work,
		.merged = s->merged, .read_only = s->o.read_only,
		.workdir = s->o.workdir,
		.userns = s->o.userns,
		.new_net = s->o.ns_mask & KCTR_NS_NET,
		.new_ipc = s->o.ns_mask & KCTR_NS_IPC,
		.new_cgroup = s->o.ns_mask & KCTR_NS_CGROUP,
		.vols = s->o.vols, .nr_vols = s->o.nr_vols,
		.tmpfs = s->o.tmpfs, .nr_tmpfs = s->o.nr_tmpfs,
		.devs = s->o.devs, .nr_devs = s->o.nr_devs,
	};
	int ret;

	ret = kctr_rootfs_setup(&r, err);
	return ret ? kctr_err_wrap(err, "rootfs") : 0;
}

static int open_nsfds(uint32_t mask, int *fds, struct kctr_err *err)
{
	char path[64];
	int kind;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		fds[kind] = -1;
		if (!(mask & (1U << kind)))
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s",
			 kctr_ns_name(kind));
		fds[kind] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[kind] < 0)
			return kctr_err_set(err, errno, "namespaces: %s: %m",
					    path);
	}
	return 0;
}

static void close_nsfds(int *fds)
{
	int kind;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
		if (fds[kind] >= 0)
			close(fds[kind]);
}

/* On the terminal @slave (-1 without -t): say why not, and give up. */
static void attach_tty(int slave)
{
	int ret;

	if (slave < 0)
		return;
	ret = kctr_tty_attach(slave);
	if (ret) {
		fprintf(stderr, "kctr: tty: %s\n", strerror(-ret));
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
}

static void run_workload(struct spawn *s, int slave)
{
	pid_t pid;

	if (s->o.workdir && chdir(s->o.workdir)) {
		fprintf(stderr, "kctr: workdir %s: %m\n", s->o.workdir);
		_exit(KCTR_EXIT_CANNOT_EXEC);
	}
	if (s->o.no_init) {
		attach_tty(slave);
		sigprocmask(SIG_SETMASK, &s->held, NULL);
		kctr_exec_workload(s->o.argv);
	}
	/* Blocked since the clone: what came meanwhile is forwarded now. */
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "kctr: init: fork: %m\n");
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	if (pid) {
		/* Unless a --seccomp profile denies execveat. */
		kctr_cinit_exec(s->initfd, pid);
		kctr_cinit_loop(pid);
	}
	sigprocmask(SIG_SETMASK, &s->held, NULL);
	attach_tty(slave);
	kctr_exec_workload(s->o.argv);
}

static int init_setup(struct spawn *s, int *slave, struct kctr_err *err)
{
	int nsfds[__KCTR_NS_KIND_COUNT];
	int ret;

	ret = become_root(s, err);
	if (!ret)
		ret = init_identity(s, err);
	if (!ret)
		ret = init_rootfs(s, err);
	if (!ret && s->o.tty) {
		ret = kctr_tty_open(s->pty[1], s->o.has_user ? s->o.uid : 0,
				    s->o.has_user ? s->o.gid : 0, err);
		if (ret >= 0) {
			*slave = ret;
			ret = 0;
		}
	}
	if (ret)
		return ret;
	/*
	 * From here the module covers the tool's death: it aborts a container
	 * whose creating socket closes before START, killing its cgroup, and
	 * START and that abort are serialised in the module. Keeping the
	 * parent-death signal up to START would leave a window in which a
	 * container the module reports as running loses its init.
	 */
	prctl(PR_SET_PDEATHSIG, 0);
	ret = kctr_setup_interrupted(err);
	if (!ret)
		ret = open_nsfds(s->o.ns_mask, nsfds, err);
	if (!ret)
		ret = kctr_join_sequence(s->init_nl, s->id, nsfds,
					 s->o.has_user, s->o.uid, s->o.gid,
					 err);
	close_nsfds(nsfds);
	kctr_nl_close(s->init_nl);
	s->init_nl = NULL;
	return ret;
}

/*
 * First thing in the clone, before anything of the container can see it:
 * not dumpable (its /proc files and ptrace are refused to the container,
 * whatever its uid and capabilities: it holds host state until its exec),
 * and no fd but those the setup needs. The cgroup's O_PATH fd, opened in
 * the host's mount namespace, served CLONE_INTO_CGROUP and goes first.
 */
static void init_seal(struct spawn *s)
{
	const int keep[] = {
		STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, s->go[0],
		s->report[1], s->o.tty ? s->pty[1] : -1, s->logfd,
		kctr_nl_fd(s->init_nl), s->initfd,
	};

	prctl(PR_SET_DUMPABLE, 0);
	close(s->cgfd);
	s->cgfd = -1;
	kctr_nl_close(s->nl);
	s->nl = NULL;
	kctr_close_fds_except(keep, sizeof(keep) / sizeof(*keep));
}

static void init_main(struct spawn *s)
{
	struct kctr_err err = { 0 };
	int slave = -1;

	init_seal(s);
	/* While it builds its root, the init must not outlive its kctr. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (init_setup(s, &slave, &err)) {
		kctr_report_send(s->report[1], &err);
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	/*
	 * Out of the terminal's process group: keyboard signals reach kctr
	 * only, which forwards them once (with -t they come from the pty).
	 */
	if (!s->o.tty)
		setsid();
	kctr_container_env(s->o.env, s->o.nr_env, s->o.tty,
			   !s->o.has_user || !s->o.uid,
			   s->o.hostname ? s->o.hostname : s->name);
	kctr_report_send(s->report[1], NULL);
	close(s->report[1]);
	if (s->o.tty)
		close(s->pty[1]);
	if (s->logfd >= 0)
		close(s->logfd);
	run_workload(s, slave);
}

/* ---- the parent ---- */

static bool id_mapped(const struct spawn *s, unsigned int id)
{
	return id >= s->o.userns_outside &&
	       id - s->o.userns_outside < s->o.userns_count;
}

/* Can the user namespace's root (a host uid in the map) search @st? */
static bool searchable_by_mapped(const struct spawn *s, const struct stat *st)
{
	if (id_mapped(s, st->st_uid))
		return st->st_mode & S_IXUSR;
	if (id_mapped(s, st->st_gid))
		return st->st_mode & S_IXGRP;
	return st->st_mode & S_IXOTH;
}

static int check_searchable(const struct spawn *s, const char *path,
			    struct kctr_err *err)
{
	struct stat st;

	if (stat(path, &st))
		return kctr_err_set(err, errno, "--rootfs: %s: %m", path);
	if (searchable_by_mapped(s, &st))
		return 0;
	return kctr_err_set(err, EACCES,
			    "--rootfs %s: %s (mode %04o, uid %u) is not searchable by the user namespace's root (uid %u outside)",
			    s->lowerdir, path,
			    (unsigned int)(st.st_mode & 07777),
			    (unsigned int)st.st_uid, s->o.userns_outside);
}

/*
 * overlayfs is mounted inside the user namespace, with its root's
 * credentials: every directory down to the tree must let it through.
 */
static int check_rootfs_reachable(const struct spawn *s, struct kctr_err *err)
{
	char path[sizeof(s->lowerdir)], *slash;
	int ret = 0;

	snprintf(path, sizeof(path), "%s", s->lowerdir);
	/* "/", "/a/", "/a/b/", ..., then the tree itself. */
	for (slash = path; slash && !ret; slash = strchr(slash + 1, '/')) {
		char keep = slash[1];

		slash[1] = '\0';
		ret = check_searchable(s, path, err);
		slash[1] = keep;
	}
	return ret ? ret : check_searchable(s, path, err);
}

/*
 * Image layers are id-shifted for --userns; a --rootfs tree is the user's
 * and is used as it is. It must be reachable from inside the user
 * namespace; owned by ids the map leaves out, it shows as nobody's there
 * and overlayfs cannot copy its files up: the container runs, but cannot
 * change them. Say so once, at the start.
 */
static int check_rootfs_userns(const struct spawn *s, const struct stat *st,
			       struct kctr_err *err)
{
	int ret;

	if (!s->o.userns)
		return 0;
	ret = check_rootfs_reachable(s, err);
	if (ret || id_mapped(s, st->st_uid))
		return ret;
	fprintf(stderr,
		"kctr: warning: --rootfs %s is owned by uid %u, outside the "
		"user namespace's map (%u-%u): inside it is nobody's and "
		"read-only; 'kctr image import' makes an image whose layers "
		"kctr shifts\n", s->lowerdir, (unsigned int)st->st_uid,
		s->o.userns_outside,
		s->o.userns_outside + s->o.userns_count - 1);
	return 0;
}

static int prepare_image(struct spawn *s, struct kctr_err *err)
{
	struct stat st;

	if (!s->o.rootfs)
		return kctr_image_lowerdir(s->o.image ? s->o.image :
					   KCTR_DEFAULT_IMAGE,
					   s->o.userns ? s->o.userns_outside : 0,
					   s->o.userns_count, s->lowerdir,
					   sizeof(s->lowerdir), err);
	if (stat(s->o.rootfs, &st) || !S_ISDIR(st.st_mode))
		return kctr_err_set(err, errno ? errno : ENOTDIR,
				    "--rootfs %s: %s", s->o.rootfs,
				    errno ? strerror(errno) :
				    "not a directory");
	if (!realpath(s->o.rootfs, s->lowerdir))
		return kctr_err_set(err, errno, "--rootfs %s: %m",
				    s->o.rootfs);
	if (strpbrk(s->lowerdir, ":,"))
		return kctr_err_set(err, EINVAL, "--rootfs %s: ':' and ',' "
				    "cannot be used in overlayfs paths",
				    s->lowerdir);
	return check_rootfs_userns(s, &st, err);
}

static void describe_command(struct spawn *s)
{
	size_t used = 0;
	char **a;

	for (a = s->o.argv; *a && used < sizeof(s->command) - 1; a++)
		used += snprintf(s->command + used, sizeof(s->command) - used,
				 "%s%s", used ? " " : "", *a);
}

static int create(struct spawn *s, struct kctr_err *err)
{
	struct kctr_id_extent_req map = {
		0, s->o.userns_outside, s->o.userns_count,
	};
	struct kctr_create_req req = {
		.name = s->o.name,
		.ns_mask = s->o.ns_mask,
		/*
		 * The module refuses START unless the device program is on
		 * the cgroup (attach_devices, before the clone), and unless
		 * the starting process (init or exec's joiner) is not
		 * dumpable and holds no directory outside its root.
		 */
		.flags = (s->o.rm ? KCTR_F_AUTO_REMOVE : 0) |
			 (s->dev_prog ? KCTR_F_DEVICE_POLICY : 0) |
			 KCTR_F_VERIFY_CONTAINMENT,
		.hostname = s->o.hostname,
		.image = s->o.rootfs ? s->o.rootfs :
			 s->o.image ? s->o.image : KCTR_DEFAULT_IMAGE,
		.command = s->command,
		.limits = s->o.limits,
		.has_caps = 1,
		.caps = { s->o.caps, s->o.caps, s->o.caps, 0, 0 },
		.seccomp_prog = s->prog,
		.seccomp_len = s->prog_len,
	};
	int ret;

	if (s->o.userns) {
		req.nr_uid_map = req.nr_gid_map = 1;
		req.uid_map = req.gid_map = &map;
	}
	describe_command(s);
	ret = kctr_nl_create(s->nl, &req, &s->id, s->name, sizeof(s->name),
			     err);
	if (ret)
		return kctr_err_wrap(err, "create");
	s->created = true;
	return 0;
}

static int make_dir(const char *path, mode_t mode, uid_t owner,
		    struct kctr_err *err)
{
	if (mkdir(path, mode))
		return kctr_err_set(err, errno, "mkdir %s: %m", path);
	/* overlayfs writes the upper layer with the container root's ids. */
	if (owner && chown(path, owner, owner))
		return kctr_err_set(err, errno, "chown %s: %m", path);
	return 0;
}

/*
 * The state tree is root's alone (0700), but overlayfs is mounted inside
 * the user namespace, with its root's credentials: they must walk down to
 * the layers and to upper and work. As /var/lib/docker does for a
 * remapped root: the top becomes 0710 with the group of the namespace's
 * root (search only, for that group alone), and containers/<id> is that
 * root's, 0700. No other host user gets in.
 */
static int userns_reach(struct spawn *s, struct kctr_err *err)
{
	uid_t owner = s->o.userns_outside;
	const char *top = kctr_state_dir();

	if (chown(s->dir, owner, owner))
		return kctr_err_set(err, errno, "chown %s: %m", s->dir);
	if (chown(top, 0, owner) || chmod(top, 0710))
		return kctr_err_set(err, errno, "%s: letting the user "
				    "namespace's root through: %m", top);
	return 0;
}

static int make_dirs(struct spawn *s, struct kctr_err *err)
{
	uid_t owner = s->o.userns ? s->o.userns_outside : 0;
	char path[PATH_MAX];
	int ret, lock;

	lock = kctr_container_state_lock(err);
	if (lock < 0)
		return kctr_err_wrap(err, "state directory");
	ret = kctr_container_state_create(s->id, s->dir, sizeof(s->dir), err);
	close(lock);
	if (ret)
		return kctr_err_wrap(err, "state directory");
	s->dirs_made = true;
	kctr_pathf(s->upper, sizeof(s->upper), "%s/upper", s->dir);
	kctr_pathf(s->work, sizeof(s->work), "%s/work", s->dir);
	kctr_pathf(s->merged, sizeof(s->merged), "%s/merged", s->dir);
	/* upper's mode is the container's "/" mode. */
	ret = make_dir(s->upper, 0755, owner, err);
	if (!ret)
		ret = make_dir(s->work, 0700, owner, err);
	if (!ret)
		ret = make_dir(s->merged, 0755, 0, err);
	if (!ret && s->o.userns)
		ret = userns_reach(s, err);
	if (!ret && s->o.detach) {
		kctr_pathf(path, sizeof(path), "%s/log", s->dir);
		s->logfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND |
				O_CLOEXEC, 0640);
		if (s->logfd < 0)
			ret = kctr_err_set(err, errno, "%s: %m", path);
	}
	return ret ? kctr_err_wrap(err, "state directory") : 0;
}

static int open_cgroup(struct spawn *s, struct kctr_err *err)
{
	char root[PATH_MAX], path[PATH_MAX];
	int ret;

	ret = kctr_cgroup2_root(root, sizeof(root));
	if (ret)
		return kctr_err_set(err, -ret, "cgroup: no cgroup2 mount: %s",
				    strerror(-ret));
	kctr_pathf(path, sizeof(path), "%s/kctr/%" PRIu64, root, s->id);
	s->cgfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->cgfd < 0)
		return kctr_err_set(err, errno, "cgroup: %s: %m", path);
	return 0;
}

/*
 * The device program goes on the cgroup before the init is cloned into
 * it: no process of the container ever runs without it. The rule list is
 * kept in the state directory for kctr inspect.
 */
static int attach_devices(struct spawn *s, struct kctr_err *err)
{
	struct kctr_dev_policy p;
	size_t i;
	int ret = 0;

	if (!s->dev_prog)
		return 0;	/* no_device_program() made up for it */
	for (i = 0; !ret && i < s->o.nr_devs; i++)
		ret = kctr_dev_resolve(&s->o.devs[i], err);
	if (!ret)
		ret = kctr_dev_policy_build(&p, s->o.tty, s->o.devs,
					    s->o.nr_devs, err);
	if (!ret)
		ret = kctr_dev_attach(s->cgfd, &p, err);
	return ret ? ret : kctr_dev_save(s->dir, &p, err);
}

static int open_channels(struct spawn *s, struct kctr_err *err)
{
	if (pipe2(s->go, O_CLOEXEC) || pipe2(s->report, O_CLOEXEC))
		return kctr_err_set(err, errno, "pipe: %m");
	if (s->o.tty &&
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s->pty))
		return kctr_err_set(err, errno, "socketpair: %m");
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int clone_init(struct spawn *s, struct kctr_err *err)
{
	struct clone_args ca = {
		.flags = CLONE_INTO_CGROUP | CLONE_PIDFD,
		.pidfd = (uintptr_t)&s->pidfd,
		.exit_signal = SIGCHLD,
		.cgroup = s->cgfd,
	};
	int kind;
	long pid;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
		if (s->o.ns_mask & (1U << kind))
			ca.flags |= ns_clone_flags[kind];
	fflush(NULL);
	kctr_cinit_block(&s->held);
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		init_main(s);	/* never returns */
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &s->held, NULL);
		return kctr_err_set(err, errno, "clone3: %m");
	}
	s->pid = pid;
	/* -d: kctr leaves once the container runs, nothing to forward. */
	if (s->o.detach)
		sigprocmask(SIG_SETMASK, &s->held, NULL);
	else
		kctr_forward_signals(pid, &s->held);
	return 0;
}

static int write_map(pid_t pid, const char *file, const char *text,
		     struct kctr_err *err)
{
	char path[64];
	ssize_t len = strlen(text);
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (write(fd, text, len) != len) {
		kctr_err_set(err, errno, "writing %s: %m", path);
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

static int release_init(struct spawn *s, struct kctr_err *err)
{
	char map[64];
	int ret = 0;

	close_fd(&s->go[0]);
	close_fd(&s->report[1]);
	close_fd(&s->pty[1]);
	if (s->o.userns) {
		snprintf(map, sizeof(map), "0 %u %u\n", s->o.userns_outside,
			 s->o.userns_count);
		ret = write_map(s->pid, "uid_map", map, err);
		if (!ret)
			ret = write_map(s->pid, "gid_map", map, err);
		if (ret)
			return kctr_err_wrap(err, "user namespace");
	}
	if (write(s->go[1], "g", 1) != 1)
		return kctr_err_set(err, errno, "waking the init: %m");
	close_fd(&s->go[1]);
	return 0;
}

/* Undo what was made, in reverse order; the init is gone or killed. */
static void cleanup(struct spawn *s)
{
	struct kctr_err err = { 0 };

	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		kctr_wait_code(s->pid);
	}
	if (s->created && kctr_nl_delete(s->nl, s->id, KCTR_F_FORCE, &err) &&
	    err.code != ENOENT)
		fprintf(stderr, "kctr: spawn: cleanup: %s\n", err.msg);
	if (s->dirs_made && kctr_rm_tree(s->dir, &err))
		fprintf(stderr, "kctr: spawn: cleanup: %s\n", err.msg);
}

static void init_spawn(struct spawn *s)
{
	memset(s, 0, sizeof(*s));
	s->cgfd = s->pidfd = s->logfd = s->initfd = -1;
	s->go[0] = s->go[1] = s->report[0] = s->report[1] = -1;
	s->pty[0] = s->pty[1] = -1;
}

static void free_spawn(struct spawn *s)
{
	close_fd(&s->cgfd);
	close_fd(&s->pidfd);
	close_fd(&s->logfd);
	close_fd(&s->initfd);
	close_fd(&s->go[0]);
	close_fd(&s->go[1]);
	close_fd(&s->report[0]);
	close_fd(&s->report[1]);
	close_fd(&s->pty[0]);
	close_fd(&s->pty[1]);
	if (s->init_nl)
		kctr_nl_close(s->init_nl);
	if (s->nl)
		kctr_nl_close(s->nl);
	free(s->prog);
}

/*
 * State left by --rm containers whose kctr was gone when they exited, by
 * crashes and by an earlier load of the module (ids restart after a
 * reload): a directory whose id is not in the registry (read after our
 * CREATE) belongs to a container that is gone. Under the state lock, so
 * that a spawn whose CREATE came after our list has not made its directory
 * yet (make_dirs takes the same lock).
 */
static void collect_garbage(struct spawn *s)
{
	struct kctr_info *list = NULL;
	struct kctr_err err = { 0 };
	uint64_t *ids;
	size_t nr = 0, i;
	int lock;

	lock = kctr_container_state_lock(&err);
	if (lock < 0)
		return;
	if (kctr_nl_list(s->nl, &list, &nr, &err))
		goto out;
	ids = calloc(nr + 1, sizeof(*ids));
	if (ids) {
		for (i = 0; i < nr; i++)
			ids[i] = list[i].id;
		kctr_container_state_gc(ids, nr);
	}
	free(ids);
	free(list);
out:
	close(lock);
}

/*
 * A kernel without bpf() (CONFIG_BPF_SYSCALL off, as in the debug kernel)
 * runs no device program. Then no node may be made: CAP_MKNOD goes, and
 * since /dev and volumes are nodev, no node the container finds opens;
 * a "dev" volume, which would rely on the program, is refused.
 */
static int no_device_program(struct spawn *s, struct kctr_err *err)
{
	size_t i;

	s->o.caps &= ~(1ULL << CAP_MKNOD);
	for (i = 0; i < s->o.nr_vols; i++)
		if (s->o.vols[i].dev)
			return kctr_err_set(err, EOPNOTSUPP, "volume %s: \"dev\" "
					    "needs a device program, and this "
					    "kernel has no bpf() (CONFIG_BPF_"
					    "SYSCALL)", s->o.vols[i].ctr);
	return 0;
}

static int start(struct spawn *s, struct kctr_err *err)
{
	int ret;

	s->dev_prog = kctr_dev_bpf_available();
	if (!s->dev_prog) {
		ret = no_device_program(s, err);
		if (ret)
			return ret;
	}
	ret = prepare_image(s, err);
	if (ret)
		return kctr_err_wrap(err, "image");
	ret = kctr_seccomp_build(s->o.seccomp, s->o.caps, &s->prog,
				 &s->prog_len, err);
	if (ret)
		return kctr_err_wrap(err, "seccomp");
	ret = kctr_nl_open(&s->nl, err);
	if (!ret)
		ret = create(s, err);
	if (!ret)
		collect_garbage(s);
	if (!ret)
		ret = make_dirs(s, err);
	if (!ret)
		ret = open_cgroup(s, err);
	if (!ret)
		ret = attach_devices(s, err);
	/* The init's own socket: a new netns could not reach the family. */
	if (!ret)
		ret = kctr_nl_open(&s->init_nl, err);
	if (!ret)
		ret = open_channels(s, err);
	if (!ret && !s->o.no_init) {
		s->initfd = kctr_cinit_memfd(err);
		ret = s->initfd < 0 ? s->initfd : 0;
	}
	if (!ret)
		ret = clone_init(s, err);
	if (ret)
		return ret;
	close_fd(&s->initfd);
	kctr_nl_close(s->init_nl);
	s->init_nl = NULL;
	ret = release_init(s, err);
	if (ret)
		return ret;
	return kctr_report_recv(s->report[0], err);
}

static int wait_init(struct spawn *s)
{
	struct kctr_err err = { 0 };
	int master, code;

	if (s->o.tty) {
		master = kctr_tty_recv_master(s->pty[0], &err);
		if (master < 0) {
			fprintf(stderr, "kctr: spawn: %s\n", err.msg);
			kill(s->pid, SIGKILL);
		} else {
			kctr_tty_relay(master, s->pidfd);
			close(master);
		}
	}
	code = kctr_wait_code(s->pid);
	if (s->o.rm && kctr_rm_tree(s->dir, &err))
		fprintf(stderr, "kctr: spawn: removing %s: %s\n", s->dir,
			err.msg);
	return code;
}

int kctr_cmd_spawn(int argc, char **argv, const struct kctr_global *g)
{
	struct kctr_err err = { 0 };
	struct spawn s;
	int ret;

	init_spawn(&s);
	ret = kctr_spawn_parse(argc, argv, &s.o, &err);
	if (ret) {
		if (ret < 0)
			fprintf(stderr, "kctr: spawn: %s\n", err.msg);
		return ret < 0 ? KCTR_EXIT_SPAWN_FAILED : 0;
	}
	ret = start(&s, &err);
	if (ret) {
		fprintf(stderr, "kctr: spawn: %s\n", err.msg);
		cleanup(&s);
		free_spawn(&s);
		return KCTR_EXIT_SPAWN_FAILED;
	}
	if (s.o.detach) {
		if (!g || !g->quiet)
			printf("%" PRIu64 "\n", s.id);
		free_spawn(&s);
		return 0;
	}
	/* Not needed any more: the module tracks the init by itself. */
	kctr_nl_close(s.nl);
	s.nl = NULL;
	ret = wait_init(&s);
	free_spawn(&s);
	return ret;
}
