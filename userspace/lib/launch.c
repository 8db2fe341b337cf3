// SPDX-License-Identifier: GPL-2.0
/*
 * The launch of a container (launch.h): CREATE it in the module, put the
 * device program on its cgroup, clone3() its init with every new namespace
 * straight into that cgroup, let the init build its root filesystem and
 * JOIN/START, then hand the running container to the caller.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apparmor.h"
#include "caps.h"
#include "cinit.h"
#include "image.h"
#include "launch.h"
#include "netif.h"
#include "rootfs.h"
#include "seccomp_profile.h"
#include "spawn.h"
#include "startfifo.h"
#include "trace.h"
#include "userns.h"
#include "util.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* NS_GET_NSTYPE's answer per kind (CLONE_NEWCGROUP for cgroup). */
static const uint64_t ns_type[__KCTR_NS_KIND_COUNT] = {
	[KCTR_NS_KIND_MNT] = CLONE_NEWNS, [KCTR_NS_KIND_PID] = CLONE_NEWPID,
	[KCTR_NS_KIND_NET] = CLONE_NEWNET, [KCTR_NS_KIND_IPC] = CLONE_NEWIPC,
	[KCTR_NS_KIND_UTS] = CLONE_NEWUTS, [KCTR_NS_KIND_USER] = CLONE_NEWUSER,
	[KCTR_NS_KIND_CGROUP] = CLONE_NEWCGROUP,
	[KCTR_NS_KIND_TIME] = CLONE_NEWTIME,
};

/* init_seal() keeps one fd per kind. */
_Static_assert(__KCTR_NS_KIND_COUNT == 8, "namespace kinds");

static const uint64_t ns_clone_flags[__KCTR_NS_KIND_COUNT] = {
	[KCTR_NS_KIND_MNT] = CLONE_NEWNS, [KCTR_NS_KIND_PID] = CLONE_NEWPID,
	[KCTR_NS_KIND_NET] = CLONE_NEWNET, [KCTR_NS_KIND_IPC] = CLONE_NEWIPC,
	[KCTR_NS_KIND_UTS] = CLONE_NEWUTS, [KCTR_NS_KIND_USER] = CLONE_NEWUSER,
	/* cgroup: unshared by the init once it is in its cgroup */
	[KCTR_NS_KIND_CGROUP] = 0, [KCTR_NS_KIND_TIME] = CLONE_NEWTIME,
};

struct spawn {
	const struct kctr_launch *l;
	bool userns;			/* a new user namespace, or joined */
	bool userns_joined;		/* l->ns_path[KCTR_NS_KIND_USER] */
	/* The host uid of its root, and the count of that extent */
	uint32_t userns_outside, userns_count;
	uint32_t userns_root_gid;	/* the host gid of its root */
	struct kctr_caps_req caps;	/* l->caps, less CAP_MKNOD without bpf() */
	struct kctr_device *devs;	/* l->devs, resolved */
	struct kctr_mount_plan *plans;	/* l->mounts, checked */
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
	struct kctr_dev_policy dev_policy;	/* built before the clone */
	void *prog;			/* built from l->seccomp, or NULL */
	const void *filter;		/* prog or l->seccomp_prog */
	size_t prog_len;
	pid_t pid;
	int pidfd;
	sigset_t held;			/* kctr's mask before the clone */
	int ns_fd[__KCTR_NS_KIND_COUNT];	/* l->ns_path, opened */
	uint32_t ns_joined;		/* KCTR_NS_* bits entered by path */
	uint32_t ns_joined_other;	/* of those, not the caller's own */
	int fifo_fd;			/* O_PATH on l->start_fifo */
	pid_t hook_pid;			/* the init's, in the caller's pid ns */
	struct kctr_joined joined;	/* JOIN's reply, until START */
	struct kctr_identity user;	/* l's user, groups and keep_caps */
	/* ---- network (network.h): the net_* functions ---- */
	struct kctr_net_claim claim;	/* sent in CREATE when has_claim */
	bool has_claim;
	int net_lock;			/* kctr_network_lock() until CREATE */
	int anchor;			/* the nf_tables socket, until handed */
	struct kctr_volume *vols;	/* l->vols and the /etc files */
	size_t nr_vols;
	char etc_path[3][PATH_MAX];
};

/* ---- namespace kinds ---- */

static const char *const ns_names[__KCTR_NS_KIND_COUNT] = {
	[KCTR_NS_KIND_MNT] = "mnt", [KCTR_NS_KIND_PID] = "pid",
	[KCTR_NS_KIND_NET] = "net", [KCTR_NS_KIND_IPC] = "ipc",
	[KCTR_NS_KIND_UTS] = "uts", [KCTR_NS_KIND_USER] = "user",
	[KCTR_NS_KIND_CGROUP] = "cgroup", [KCTR_NS_KIND_TIME] = "time",
};

const char *kctr_ns_name(int kind)
{
	return kind >= 0 && kind < __KCTR_NS_KIND_COUNT ? ns_names[kind] : "?";
}

uint32_t kctr_ns_available(void)
{
	uint32_t mask = 0;
	int kind, dir;

	/* One walk to the directory, then each name in it. */
	dir = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return 0;
	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
		if (!faccessat(dir, ns_names[kind], F_OK, AT_SYMLINK_NOFOLLOW))
			mask |= 1U << kind;
	close(dir);
	return mask;
}

/* Non-fatal trouble goes to the caller's warn(), if any. */
static void warn(const struct spawn *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(const struct spawn *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!s->l->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->l->warn(msg, s->l->warn_arg);
}

/* ---- the init, in its new namespaces ---- */

/* The caller's steps of launch.h (at_created ...): a rendezvous first. */
static bool has_hooks(const struct kctr_launch *l)
{
	return l->at_created || l->before_pivot || l->before_exec;
}

static int become_root(struct spawn *s, struct kctr_err *err)
{
	char c;

	/* Wait until the parent wrote our uid/gid maps. */
	if (read(s->go[0], &c, 1) != 1)
		_exit(KCTR_EXIT_SPAWN_FAILED);
	if (!s->userns)
		return 0;
	/* A joined namespace may have setgroups "deny": groups stay none. */
	if ((setgroups(0, NULL) && !(s->userns_joined && errno == EPERM)) ||
	    setresgid(0, 0, 0) || setresuid(0, 0, 0))
		return kctr_err_set(err, errno, "user namespace: becoming "
				    "root: %m");
	return 0;
}

/* Before JOIN, while the init may still raise them. */
static int init_rlimits(const struct kctr_launch *l, struct kctr_err *err)
{
	struct rlimit rl;
	size_t i;

	for (i = 0; i < l->nr_rlimits; i++) {
		rl.rlim_cur = l->rlimits[i].soft;
		rl.rlim_max = l->rlimits[i].hard;
		if (setrlimit(l->rlimits[i].resource, &rl))
			return kctr_err_set(err, errno, "rlimit %d (soft %"
					    PRIu64 ", hard %" PRIu64 "): %m",
					    l->rlimits[i].resource,
					    l->rlimits[i].soft,
					    l->rlimits[i].hard);
	}
	return 0;
}

static int init_oom_score_adj(const struct kctr_launch *l,
			      struct kctr_err *err)
{
	char v[16];
	int fd, n, ret = 0;

	if (!l->has_oom_score_adj)
		return 0;
	n = snprintf(v, sizeof(v), "%d", l->oom_score_adj);
	fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, v, n) != n)
		ret = kctr_err_set(err, errno, "oom_score_adj %d: %m",
				   l->oom_score_adj);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Namespaces given by path, entered before anything is set up in them. */
static int init_join_ns(struct spawn *s, struct kctr_err *err)
{
	int kind;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		/* pid around the clone, user by the clone's helper */
		if (s->ns_fd[kind] < 0 || kind == KCTR_NS_KIND_PID ||
		    kind == KCTR_NS_KIND_USER)
			continue;
		if (setns(s->ns_fd[kind], 0))
			return kctr_err_set(err, errno, "namespace %s %s: "
					    "setns: %m", kctr_ns_name(kind),
					    s->l->ns_path[kind]);
		close(s->ns_fd[kind]);
		s->ns_fd[kind] = -1;
	}
	return 0;
}

/*
 * lo up in every new network namespace; on a network, eth0 (made by the
 * parent before it let us go) addressed and up with the default route.
 * Before JOIN, while the init holds CAP_NET_ADMIN over the namespace.
 */
static int init_network(struct spawn *s, struct kctr_err *err)
{
	const struct kctr_netconf *c = s->has_claim ? s->l->net->conf : NULL;

	if (!c)
		return kctr_loopback_up(err);
	return kctr_ctr_net_setup(s->claim.addr4, s->claim.prefix,
				  s->claim.gateway4, c->mtu, err);
}

static int init_identity(struct spawn *s, struct kctr_err *err)
{
	const char *host = s->l->hostname ? s->l->hostname : s->name;
	size_t i;
	int fd;

	if (init_rlimits(s->l, err) || init_oom_score_adj(s->l, err))
		return -err->code;
	if ((s->l->ns_new & KCTR_NS_CGROUP) && unshare(CLONE_NEWCGROUP))
		return kctr_err_set(err, errno, "cgroup namespace: %m");
	if ((s->l->ns_new & KCTR_NS_UTS) && sethostname(host, strlen(host)))
		return kctr_err_set(err, errno, "hostname: %m");
	if ((s->l->ns_new & KCTR_NS_NET) && init_network(s, err))
		return -err->code;
	/* In its own namespaces (checked), through the host's /proc still. */
	for (i = 0; i < s->l->nr_sysctls; i++)
		if (kctr_sysctl_write(&s->l->sysctls[i], err))
			return -err->code;
	if (!s->l->keep_stdin && !s->l->tty) {
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

/*
 * SIGKILL every child of the init, by its /proc directory (the caller's
 * /proc, still there before pivot_root: its numbers are that namespace's,
 * which kill(2) in a new pid namespace would misread). @nr: how many.
 */
static int kill_children(int *nr, struct kctr_err *err)
{
	char path[32];
	int pid, fd;
	FILE *f;

	*nr = 0;
	f = fopen("/proc/thread-self/children", "re");
	if (!f)
		return kctr_err_set(err, errno, "hook: /proc/thread-self/"
				    "children: %m");
	while (fscanf(f, "%d", &pid) == 1) {
		(*nr)++;
		snprintf(path, sizeof(path), "/proc/%d", pid);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;	/* gone meanwhile */
		syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
		close(fd);
	}
	fclose(f);
	return 0;
}

/*
 * Nothing of a before_pivot step may outlive it: the init is the child
 * subreaper of what it started, so every descendant left is, or becomes
 * when its parent dies, a child of the init; kill them until none is
 * left (each round reaps at least one).
 */
static int kill_leftovers(struct kctr_err *err)
{
	int nr;

	for (;;) {
		if (kill_children(&nr, err))
			return -err->code;
		if (!nr)
			return 0;
		waitpid(-1, NULL, 0);
	}
}

/*
 * The parent attaches the device program while the init makes its mounts,
 * and says so on the go pipe; nothing of the container runs before (the
 * module's START also refuses a cgroup without one). Its failure closes
 * the pipe instead: it reports, the init just ends. The pipe stays open
 * for the hooks' rendezvous.
 */
static void init_wait_devices(struct spawn *s)
{
	char c;

	if (read(s->go[0], &c, 1) != 1)
		_exit(KCTR_EXIT_SPAWN_FAILED);
	if (!has_hooks(s->l)) {
		close(s->go[0]);
		s->go[0] = -1;
	}
}

/*
 * Mounts made, before pivot_root: tell the caller (a success report),
 * which runs at_created and answers with our pid in its namespace; then
 * before_pivot, and no process of it stays.
 */
static int init_at_pivot(void *arg, struct kctr_err *err)
{
	struct spawn *s = arg;
	struct kctr_err e = { 0 };
	pid_t pid;
	int ret;

	init_wait_devices(s);
	kctr_report_send(s->report[1], NULL);
	if (read(s->go[0], &pid, sizeof(pid)) != sizeof(pid))
		_exit(KCTR_EXIT_SPAWN_FAILED);	/* at_created failed */
	close(s->go[0]);
	s->go[0] = -1;
	s->hook_pid = pid;
	if (!s->l->before_pivot)
		return 0;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		return kctr_err_set(err, errno, "hook: subreaper: %m");
	ret = s->l->before_pivot(pid, s->l->hook_arg, err);
	if (kill_leftovers(&e) && !ret)
		ret = kctr_err_set(err, e.code, "%s", e.msg);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	return ret;
}

static int init_before_exec(struct spawn *s, struct kctr_err *err)
{
	if (!s->l->before_exec)
		return 0;
	return s->l->before_exec(s->hook_pid, s->l->hook_arg, err);
}

static int init_rootfs(struct spawn *s, struct kctr_err *err)
{
	struct kctr_rootfs r = {
		.lowerdir = s->lowerdir, .upper = s->upper, .work = s->work,
		.merged = s->merged, .read_only = s->l->read_only,
		.root_dir = s->l->root_path ? s->lowerdir : NULL,
		.suid = s->l->flags & KCTR_F_ALLOW_NEW_PRIVS,
		.workdir = s->l->cwd,
		.userns = s->userns,
		/* Not the host's: sysfs shows that namespace's devices. */
		.new_net = (s->l->ns_new | s->ns_joined) & KCTR_NS_NET,
		.new_ipc = s->l->ns_new & KCTR_NS_IPC,
		.new_cgroup = s->l->ns_new & KCTR_NS_CGROUP,
		.vols = s->vols, .nr_vols = s->nr_vols,
		.tmpfs = s->l->tmpfs, .nr_tmpfs = s->l->nr_tmpfs,
		.devs = s->devs, .nr_devs = s->l->nr_devs,
		.mounts = s->plans, .nr_mounts = s->l->nr_mounts,
		.masked = s->l->masked_paths,
		.nr_masked = s->l->nr_masked_paths,
		.readonly = s->l->readonly_paths,
		.nr_readonly = s->l->nr_readonly_paths,
		.before_pivot = has_hooks(s->l) ? init_at_pivot : NULL,
		.before_pivot_arg = s,
	};
	int ret;

	ret = kctr_rootfs_setup(&r, err);
	return ret ? kctr_err_wrap(err, "rootfs") : 0;
}

/* None open: what close_nsfds() may be given before open_nsfds(). */
static void nsfds_none(int *fds)
{
	int kind;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
		fds[kind] = -1;
}

/*
 * Every slot is -1 or an open fd when this returns, also on failure, so
 * that close_nsfds() closes only what was opened here.
 */
static int open_nsfds(uint32_t mask, int *fds, struct kctr_err *err)
{
	char path[64];
	int kind;

	nsfds_none(fds);
	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
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

/* What the workload's clone needs, on the init's stack. */
struct workload_start {
	struct spawn *s;
	int slave;
};

static int workload_main(void *arg)
{
	struct workload_start *w = arg;

	/* Blocked since the clone: what came meanwhile is forwarded now. */
	sigprocmask(SIG_SETMASK, &w->s->held, NULL);
	attach_tty(w->slave);
	kctr_trace("workload: execve");
	kctr_exec_workload((char **)w->s->l->argv);
}

/*
 * The workload's stack: execvp() builds the argv of its /bin/sh fallback
 * (a script without "#!") on it, one pointer per argument, as glibc's
 * posix_spawn() sizes its own; 64 KiB for the rest.
 */
static size_t workload_stack_size(const struct spawn *s)
{
	size_t argc = 0, page = (size_t)sysconf(_SC_PAGESIZE);

	while (s->l->argv[argc])
		argc++;
	return ((argc + 2) * sizeof(char *) + 64 * 1024 + page - 1) &
	       ~(page - 1);
}

/*
 * The workload, cloned in the init's memory (CLONE_VM | CLONE_VFORK, as
 * posix_spawn() does): a process that only sets its signal mask and
 * terminal before its execve() needs no copy of the init's page tables,
 * nor copies of the pages either then writes. It runs on a stack of its
 * own and changes nothing the init reads afterwards; the init goes on
 * once that execve() is done or the child has exited. A --seccomp profile
 * that refuses such a clone (or the mmap of its stack) gets a fork().
 */
static pid_t start_workload(struct spawn *s, int slave)
{
	struct workload_start w = { .s = s, .slave = slave };
	size_t size = workload_stack_size(s);
	char *stack;
	pid_t pid = -1;

	stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack != MAP_FAILED) {
		pid = clone(workload_main, stack + size,
			    CLONE_VM | CLONE_VFORK | SIGCHLD, &w);
		munmap(stack, size);
	}
	if (pid >= 0)
		return pid;
	pid = fork();
	if (!pid)
		workload_main(&w);
	return pid;
}

static void run_workload(struct spawn *s, int slave)
{
	pid_t pid;

	if (s->l->cwd && chdir(s->l->cwd)) {
		fprintf(stderr, "kctr: workdir %s: %m\n", s->l->cwd);
		_exit(KCTR_EXIT_CANNOT_EXEC);
	}
	if (s->l->has_umask)
		umask(s->l->umask);
	if (s->l->no_init) {
		attach_tty(slave);
		sigprocmask(SIG_SETMASK, &s->held, NULL);
		kctr_exec_workload((char **)s->l->argv);
	}
	pid = start_workload(s, slave);
	if (pid < 0) {
		fprintf(stderr, "kctr: init: fork: %m\n");
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	kctr_trace("init: forked the workload");
	/* Unless a --seccomp profile denies execveat. */
	kctr_cinit_exec(s->initfd, pid);
	kctr_cinit_loop(pid);
}

/*
 * The filter and START; with KCTR_F_ALLOW_NEW_PRIVS START applied the
 * five sets, and only then may a non-root user drop to the bounding set.
 */
static int init_finish(struct spawn *s, struct kctr_err *err)
{
	int ret;

	ret = kctr_join_finish(s->init_nl, s->id, &s->joined, err);
	if (!ret && (s->l->flags & KCTR_F_ALLOW_NEW_PRIVS))
		ret = kctr_join_user_drop(&s->user, err);
	return ret;
}

static int init_setup(struct spawn *s, int *slave, struct kctr_err *err)
{
	int nsfds[__KCTR_NS_KIND_COUNT];
	int ret;

	/*
	 * None open yet: close_nsfds() below also runs when an earlier step
	 * failed and open_nsfds() never did. Left uninitialised, it closed
	 * whatever fds the stack held, the report pipe and stderr among
	 * them (a SIGTERM during setup was then "exited during setup").
	 */
	nsfds_none(nsfds);

	ret = init_join_ns(s, err);
	if (!ret)
		ret = become_root(s, err);
	kctr_trace("init: go (maps written)");
	if (!ret)
		ret = init_identity(s, err);
	kctr_trace("init: hostname, lo, stdin");
	if (!ret)
		ret = init_rootfs(s, err);
	kctr_trace("init: rootfs, pivot_root");
	if (!ret && !has_hooks(s->l))
		init_wait_devices(s);
	kctr_trace("init: device program attached");
	if (!ret && s->l->tty) {
		ret = kctr_tty_open(s->pty[1], s->l->has_user ? s->l->uid : 0,
				    s->l->has_user ? s->l->gid : 0, err);
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
	/* The module pins every kind handed in: exec enters joined ones. */
	if (!ret)
		ret = open_nsfds(s->l->ns_new | s->ns_joined, nsfds, err);
	if (!ret)
		ret = kctr_join_prepare(s->init_nl, s->id, nsfds, &s->user,
					s->l->flags & KCTR_F_ALLOW_NEW_PRIVS,
					&s->joined, err);
	close_nsfds(nsfds);
	kctr_trace("init: JOIN");
	/*
	 * For its next execve (and its children's: before_exec's), asked for
	 * before it reports, so a profile the kernel lacks fails the launch.
	 */
	if (!ret && s->l->apparmor_profile)
		ret = kctr_apparmor_exec(s->l->apparmor_profile, err);
	s->joined.flags = s->l->seccomp_flags;
	if (!ret && !s->l->start_fifo)
		ret = init_finish(s, err);
	kctr_trace("init: filter, START");
	if (!ret && !s->l->start_fifo)
		ret = init_before_exec(s, err);
	return ret;
}

/*
 * Created, reported: wait until `start` opens the FIFO, then the filter
 * and START. Nobody waits for a report any more: failures go to stderr.
 */
static void init_wait_start(struct spawn *s)
{
	struct kctr_err err = { 0 };
	int wfd;

	wfd = kctr_start_fifo_wait(s->fifo_fd, &err);
	s->fifo_fd = -1;
	if (wfd < 0 || init_finish(s, &err) || init_before_exec(s, &err)) {
		fprintf(stderr, "kctr: %s\n", err.msg);
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	kctr_nl_close(s->init_nl);
	s->init_nl = NULL;
	kctr_start_fifo_done(wfd);
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
		s->report[1], s->l->tty ? s->pty[1] : -1, s->logfd,
		kctr_nl_fd(s->init_nl), s->initfd, s->fifo_fd,
		s->ns_fd[0], s->ns_fd[1], s->ns_fd[2], s->ns_fd[3],
		s->ns_fd[4], s->ns_fd[5], s->ns_fd[6], s->ns_fd[7],
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

	kctr_trace("init: cloned");
	init_seal(s);
	kctr_trace("init: sealed");
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
	if (!s->l->tty)
		setsid();
	if (s->l->env_exact)
		kctr_container_env_exact(s->l->env, s->l->nr_env);
	else
		kctr_container_env(s->l->env, s->l->nr_env, s->l->tty,
				   !s->l->has_user || !s->l->uid,
				   s->l->hostname ? s->l->hostname : s->name);
	kctr_report_send(s->report[1], NULL);
	close(s->report[1]);
	if (s->l->tty)
		close(s->pty[1]);
	if (s->logfd >= 0)
		close(s->logfd);
	if (s->l->start_fifo)
		init_wait_start(s);
	kctr_nl_close(s->init_nl);
	s->init_nl = NULL;
	run_workload(s, slave);
}

static void init_main_arg(void *s)
{
	init_main(s);
}

/* ---- the parent ---- */

static bool id_mapped(const struct spawn *s, unsigned int id)
{
	return id >= s->userns_outside &&
	       id - s->userns_outside < s->userns_count;
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
			    (unsigned int)st.st_uid, s->userns_outside);
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

	if (!s->userns)
		return 0;
	ret = check_rootfs_reachable(s, err);
	if (ret || id_mapped(s, st->st_uid))
		return ret;
	warn(s, "warning: --rootfs %s is owned by uid %u, outside the "
	     "user namespace's map (%u-%u): inside it is nobody's and "
	     "read-only; 'kctr image import' makes an image whose layers "
	     "kctr shifts", s->lowerdir, (unsigned int)st->st_uid,
	     s->userns_outside, s->userns_outside + s->userns_count - 1);
	return 0;
}

/* OCI root.path: the tree itself, resolved once, is the root. */
static int prepare_root_path(struct spawn *s, struct kctr_err *err)
{
	struct stat st;

	if (!realpath(s->l->root_path, s->lowerdir))
		return kctr_err_set(err, errno, "root %s: %m",
				    s->l->root_path);
	if (stat(s->lowerdir, &st))
		return kctr_err_set(err, errno, "root %s: %m", s->lowerdir);
	if (!S_ISDIR(st.st_mode))
		return kctr_err_set(err, ENOTDIR, "root %s: not a directory",
				    s->lowerdir);
	return 0;
}

static int prepare_image(struct spawn *s, struct kctr_err *err)
{
	struct stat st;

	if (s->l->root_path)
		return prepare_root_path(s, err);
	if (!s->l->rootfs)
		return kctr_image_lowerdir(s->l->image ? s->l->image :
					   KCTR_DEFAULT_IMAGE,
					   s->userns ? s->userns_outside : 0,
					   s->userns_count, s->lowerdir,
					   sizeof(s->lowerdir), err);
	if (stat(s->l->rootfs, &st))
		return kctr_err_set(err, errno, "--rootfs %s: %m",
				    s->l->rootfs);
	if (!S_ISDIR(st.st_mode))
		return kctr_err_set(err, ENOTDIR, "--rootfs %s: not a "
				    "directory", s->l->rootfs);
	if (!realpath(s->l->rootfs, s->lowerdir))
		return kctr_err_set(err, errno, "--rootfs %s: %m",
				    s->l->rootfs);
	if (strpbrk(s->lowerdir, ":,"))
		return kctr_err_set(err, EINVAL, "--rootfs %s: ':' and ',' "
				    "cannot be used in overlayfs paths",
				    s->lowerdir);
	return check_rootfs_userns(s, &st, err);
}

static void describe_command(struct spawn *s)
{
	size_t used = 0;
	char *const *a;

	for (a = s->l->argv; *a && used < sizeof(s->command) - 1; a++)
		used += snprintf(s->command + used, sizeof(s->command) - used,
				 "%s%s", used ? " " : "", *a);
}

/* @err for the claim of @s that record @c holds, if it holds one. */
static bool holder_err(const struct spawn *s, const struct kctr_info *c,
		       struct kctr_err *err)
{
	const struct kctr_net_claim *want = &s->claim, *held = &c->net;
	char ip[INET_ADDRSTRLEN];
	unsigned int i, j;

	if (!c->has_net)
		return false;
	if (!strcmp(held->network, want->network) &&
	    held->addr4 == want->addr4) {
		inet_ntop(AF_INET, &want->addr4, ip, sizeof(ip));
		kctr_err_set(err, EADDRINUSE, "create: address %s on network %s "
			     "is held by container %" PRIu64 " (%s)", ip,
			     want->network, c->id, c->name);
		return true;
	}
	for (i = 0; i < want->nr_ports; i++)
		for (j = 0; j < held->nr_ports; j++)
			if (kctr_ports_clash(&want->ports[i],
					     &held->ports[j])) {
				kctr_err_set(err, EADDRINUSE, "create: %s port "
					     "%u is held by container %" PRIu64
					     " (%s)",
					     kctr_port_proto_name(want->ports[i].proto),
					     want->ports[i].host_port, c->id,
					     c->name);
				return true;
			}
	return false;
}

/*
 * A kernel without formatted extack messages (6.1) says only "held by
 * another container": find the holder in a dump and name it, as the
 * module does on 6.12. If the dump does not show it, the message stays.
 */
struct holder {
	const struct spawn *s;
	struct kctr_err *err;
	bool named;
};

static int holder_one(const struct kctr_info *info, void *arg)
{
	struct holder *h = arg;

	if (!h->named)
		h->named = holder_err(h->s, info, h->err);
	return 0;
}

static void holder_restart(void *arg)
{
	((struct holder *)arg)->named = false;
}

static void name_holder(const struct spawn *s, struct kctr_err *err)
{
	struct holder h = { s, err, false };
	struct kctr_err e = { 0 };

	kctr_nl_each_brief(s->nl, holder_one, holder_restart, &h, &e);
}

static int create(struct spawn *s, struct kctr_err *err)
{
	struct kctr_create_req req = {
		.name = s->l->name,
		.ns_mask = s->l->ns_new,
		/*
		 * The module refuses START unless the device program is on
		 * the cgroup (attach_devices, before the clone), and unless
		 * the starting process (init or exec's joiner) is not
		 * dumpable and holds no directory outside its root.
		 */
		.flags = s->l->flags |
			 (s->l->auto_remove ? KCTR_F_AUTO_REMOVE : 0) |
			 (s->dev_prog ? KCTR_F_DEVICE_POLICY : 0) |
			 KCTR_F_VERIFY_CONTAINMENT,
		.hostname = s->l->hostname,
		.image = s->l->root_path ? s->lowerdir :
			 s->l->rootfs ? s->l->rootfs :
			 s->l->image ? s->l->image : KCTR_DEFAULT_IMAGE,
		.command = s->command,
		.limits = s->l->limits,
		.has_caps = 1,
		.caps = s->caps,
		.seccomp_prog = s->filter,
		.seccomp_len = s->prog_len,
		.net = s->has_claim ? &s->claim : NULL,
	};
	int ret;

	if (s->userns && !s->userns_joined) {
		/* The module checks them against the init's at JOIN. */
		req.nr_uid_map = s->l->nr_uid_map;
		req.uid_map = s->l->uid_map;
		req.nr_gid_map = s->l->nr_gid_map;
		req.gid_map = s->l->gid_map;
	}
	describe_command(s);
	ret = kctr_nl_create(s->nl, &req, &s->id, s->name, sizeof(s->name),
			     err);
	if (ret == -EADDRINUSE && s->has_claim &&
	    !strstr(err->msg, "held by container"))
		name_holder(s, err);
	if (ret)
		return ret == -EADDRINUSE ? ret : kctr_err_wrap(err, "create");
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
	uid_t owner = s->userns_outside;
	gid_t group = s->userns_root_gid;
	const char *top = kctr_state_dir();

	if (chown(s->dir, owner, group))
		return kctr_err_set(err, errno, "chown %s: %m", s->dir);
	if (chown(top, 0, group) || chmod(top, 0710))
		return kctr_err_set(err, errno, "%s: letting the user "
				    "namespace's root through: %m", top);
	return 0;
}

static int make_dirs(struct spawn *s, struct kctr_err *err)
{
	uid_t owner = s->userns ? s->userns_outside : 0;
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
	ret = s->l->root_path ? 0 : make_dir(s->upper, 0755, owner, err);
	if (!ret && !s->l->root_path)
		ret = make_dir(s->work, 0700, owner, err);
	if (!ret)
		ret = make_dir(s->merged, 0755, 0, err);
	if (!ret && s->userns)
		ret = userns_reach(s, err);
	if (!ret && s->l->log) {
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
/* Before the clone: a --device that is not a node fails before any work. */
static int build_devices(struct spawn *s, struct kctr_err *err)
{
	struct kctr_dev_policy *p = &s->dev_policy;
	size_t i;
	int ret = 0;

	if (!s->dev_prog)
		return 0;	/* no_device_program() made up for it */
	for (i = 0; !ret && i < s->l->nr_devs; i++)
		ret = kctr_dev_resolve(&s->devs[i], err);
	if (!ret)
		ret = kctr_dev_policy_build(p, s->l->tty, s->devs,
					    s->l->nr_devs, err);
	for (i = 0; !ret && i < s->l->nr_dev_rules; i++)
		ret = kctr_dev_policy_add(p, &s->l->dev_rules[i], err);
	return ret;
}

static int open_channels(struct spawn *s, struct kctr_err *err)
{
	if (pipe2(s->go, O_CLOEXEC) || pipe2(s->report, O_CLOEXEC))
		return kctr_err_set(err, errno, "pipe: %m");
	if (s->l->tty &&
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

/*
 * One byte on the go pipe. An init that failed its setup meanwhile has
 * closed its end: its report says why.
 */
static int wake_init(struct spawn *s, char what, struct kctr_err *err)
{
	int ret;

	if (kctr_write_nosigpipe(s->go[1], &what, 1) == 1)
		return 0;
	if (errno == EPIPE) {
		ret = kctr_report_recv(s->report[0], err);
		if (ret)
			return ret;
		errno = EPIPE;
	}
	return kctr_err_set(err, errno, "waking the init: %m");
}

/*
 * After the clone, while the init makes its mounts (the program's load
 * and the init's mounts run side by side), then the init may go on.
 */
static int attach_devices(struct spawn *s, struct kctr_err *err)
{
	int ret = 0;

	if (s->dev_prog) {
		ret = kctr_dev_attach(s->cgfd, &s->dev_policy, err);
		if (!ret)
			ret = kctr_dev_save(s->dir, &s->dev_policy, err);
		if (ret)
			return ret;
	}
	ret = wake_init(s, 'd', err);
	if (ret)
		return ret;
	/* With hooks, kept for the rendezvous (at_created). */
	if (!has_hooks(s->l))
		close_fd(&s->go[1]);
	return 0;
}

/*
 * A pid namespace by path is one for the children of the caller: entered
 * for the clone, and left again (setns to its own active one) after.
 */
static int enter_pid_ns(struct spawn *s, int *own, struct kctr_err *err)
{
	int fd = s->ns_fd[KCTR_NS_KIND_PID];

	*own = -1;
	if (fd < 0)
		return 0;
	*own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (*own < 0)
		return kctr_err_set(err, errno, "namespace pid: %m");
	if (setns(fd, CLONE_NEWPID)) {
		kctr_err_set(err, errno, "namespace pid %s: setns: %m",
			     s->l->ns_path[KCTR_NS_KIND_PID]);
		close(*own);
		*own = -1;
		return -err->code;
	}
	return 0;
}

static int leave_pid_ns(int own, struct kctr_err *err)
{
	int ret = 0;

	if (own < 0)
		return 0;
	if (setns(own, CLONE_NEWPID))
		ret = kctr_err_set(err, errno, "namespace pid: back to the "
				   "caller's: %m");
	close(own);
	return ret;
}

static int clone_init(struct spawn *s, struct kctr_err *err)
{
	struct clone_args ca = {
		.flags = CLONE_INTO_CGROUP | CLONE_PIDFD,
		.pidfd = (uintptr_t)&s->pidfd,
		.exit_signal = SIGCHLD,
		.cgroup = s->cgfd,
	};
	int kind, own_pid_ns = -1, ret, e;
	long pid;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
		if (s->l->ns_new & (1U << kind))
			ca.flags |= ns_clone_flags[kind];
	fflush(NULL);
	ret = enter_pid_ns(s, &own_pid_ns, err);
	if (ret)
		return ret;
	kctr_cinit_block(&s->held);
	if (s->userns_joined) {
		pid = kctr_userns_clone(s->ns_fd[KCTR_NS_KIND_USER], &ca,
					init_main_arg, s, err);
		errno = pid < 0 ? (int)-pid : 0;
	} else {
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
	}
	if (pid == 0)
		init_main(s);	/* never returns */
	e = errno;
	ret = leave_pid_ns(own_pid_ns, err);
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &s->held, NULL);
		return kctr_err_set(err, e, "clone3: %s", strerror(e));
	}
	if (ret) {
		sigprocmask(SIG_SETMASK, &s->held, NULL);
		s->pid = pid;
		return ret;
	}
	s->pid = pid;
	/* -d: kctr leaves once the container runs, nothing to forward. */
	if (!s->l->forward_signals)
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

/*
 * /proc/PID/{uid,gid}_map take the whole map in one write(2) of less than
 * a page: "INSIDE OUTSIDE COUNT" a line, in the order given.
 */
static int format_map(const struct kctr_id_extent_req *m, size_t n,
		      const char *what, char *buf, size_t size,
		      struct kctr_err *err)
{
	size_t used = 0, i;
	int len;

	for (i = 0; i < n; i++) {
		len = snprintf(buf + used, size - used, "%u %u %u\n",
			       m[i].inside, m[i].outside, m[i].count);
		if (len < 0 || (size_t)len >= size - used)
			return kctr_err_set(err, E2BIG, "%s: %zu extents do "
					    "not fit in the one write of "
					    "less than %zu bytes the kernel "
					    "takes", what, n, size);
		used += len;
	}
	return 0;
}

static int write_maps(struct spawn *s, struct kctr_err *err)
{
	char text[4096];
	int ret;

	ret = format_map(s->l->uid_map, s->l->nr_uid_map, "uid map", text,
			 sizeof(text), err);
	if (!ret)
		ret = write_map(s->pid, "uid_map", text, err);
	if (!ret)
		ret = format_map(s->l->gid_map, s->l->nr_gid_map, "gid map",
				 text, sizeof(text), err);
	if (!ret)
		ret = write_map(s->pid, "gid_map", text, err);
	return ret ? kctr_err_wrap(err, "user namespace") : 0;
}

static int release_init(struct spawn *s, struct kctr_err *err)
{
	int ret = 0;

	close_fd(&s->go[0]);
	close_fd(&s->report[1]);
	close_fd(&s->pty[1]);
	if (s->userns && !s->userns_joined) {
		ret = write_maps(s, err);
		if (ret)
			return ret;
	}
	return wake_init(s, 'g', err);
}

/*
 * The init made its mounts and waits before pivot_root: run at_created,
 * then let it go on with its pid (closing the pipe instead ends it).
 */
static int at_created(struct spawn *s, struct kctr_err *err)
{
	pid_t pid = s->pid;
	int ret;

	ret = kctr_report_recv(s->report[0], err);
	if (!ret && s->l->at_created)
		ret = s->l->at_created(pid, s->l->hook_arg, err);
	if (!ret && write(s->go[1], &pid, sizeof(pid)) != sizeof(pid))
		ret = kctr_err_set(err, errno, "waking the init: %m");
	close_fd(&s->go[1]);
	return ret;
}

/* ---- network (network.h): a launch's steps on a network ---- */

static bool on_network(const struct spawn *s)
{
	return s->l->net && s->l->net->conf;
}

/* A host listener on the port: DNAT would hide it from its clients. */
static int probe_host_port(const struct kctr_port_claim *p,
			   struct kctr_err *err)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(p->host_port),
		.sin_addr.s_addr = p->host_addr4,
	};
	const char *proto = kctr_port_proto_name(p->proto);
	char ip[INET_ADDRSTRLEN];
	int fd, ret = 0, one = 1;

	fd = socket(AF_INET, (p->proto == KCTR_PORT_UDP ? SOCK_DGRAM :
			      SOCK_STREAM) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return kctr_err_set(err, errno, "port %u/%s: socket: %m",
				    p->host_port, proto);
	/* Connections in TIME_WAIT do not count; a listener does. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	inet_ntop(AF_INET, &p->host_addr4, ip, sizeof(ip));
	if (!bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		ret = 0;
	else if (errno == EADDRINUSE)
		ret = kctr_err_set(err, EADDRINUSE, "host port %s:%u/%s is in "
				   "use on the host: publishing it would hide "
				   "that listener", ip, p->host_port, proto);
	else if (errno == EADDRNOTAVAIL)
		ret = kctr_err_set(err, EADDRNOTAVAIL, "--publish %s:%u: not "
				   "an address of this host", ip,
				   p->host_port);
	else
		ret = kctr_err_set(err, errno, "host port %s:%u/%s: %m", ip,
				   p->host_port, proto);
	close(fd);
	return ret;
}

/*
 * The address: --ip, or the first free one from the registry's claims
 * (the module refuses a taken one; @skip counts those refusals).
 */
static int net_pick(struct spawn *s, unsigned int skip, struct kctr_err *err)
{
	const struct kctr_launch_net *n = s->l->net;
	char user[KCTR_NAME_MAX + 1];
	uint32_t *used = NULL;
	uint64_t hint;
	size_t nr;
	int ret;

	if (n->ip) {
		ret = kctr_check_ip(n->conf, n->ip, err);
		s->claim.addr4 = n->ip;
	} else {
		ret = kctr_net_used(s->nl, n->conf->name, &used, &nr, user,
				    sizeof(user), &hint, err);
		if (!ret && kctr_ipam_pick(n->conf, hint, used, nr, skip,
					   &s->claim.addr4))
			ret = kctr_err_set(err, ENOSPC, "network %s: no free "
					   "address left", n->conf->name);
		free(used);
	}
	if (ret)
		return ret;
	if (n->has_mac)
		memcpy(s->claim.mac, n->mac, 6);
	else
		kctr_mac_from_addr(s->claim.addr4, s->claim.mac);
	return 0;
}

/*
 * Before CREATE, under the network lock (kept until CREATE recorded the
 * claim, so that `network rm` sees it): the bridge as it should be, the
 * host ports free on the host, the address, the nf_tables socket.
 */
static int net_prepare(struct spawn *s, struct kctr_err *err)
{
	const struct kctr_launch_net *n = s->l->net;
	const struct kctr_netconf *c;
	char desc[160];
	size_t i;
	int ret;

	if (!on_network(s))
		return 0;
	c = n->conf;
	if (!(s->l->ns_new & KCTR_NS_NET))
		return kctr_err_set(err, EINVAL, "network %s: needs a new "
				    "network namespace", c->name);
	if (c->internal && n->nr_ports)
		return kctr_err_set(err, EINVAL, "network %s is internal: no "
				    "port can be published", c->name);
	if (n->nr_ports > KCTR_NET_PORTS_MAX)
		return kctr_err_set(err, E2BIG, "at most %d published ports",
				    KCTR_NET_PORTS_MAX);
	for (i = 0; i < n->nr_ports; i++) {
		ret = probe_host_port(&n->ports[i], err);
		if (ret)
			return ret;
	}
	s->net_lock = kctr_network_lock(err);
	if (s->net_lock < 0)
		return s->net_lock;
	ret = kctr_bridge_ensure(c, err);
	if (ret)
		return ret;
	if (!c->internal && kctr_nft_forward_drop(desc, sizeof(desc)) == 1)
		warn(s, "warning: %s drops forwarded packets: containers on "
		     "%s reach nothing beyond its bridge %s until that "
		     "firewall accepts it (Documentation/network.md)", desc,
		     c->name, c->bridge);
	memset(&s->claim, 0, sizeof(s->claim));
	memcpy(s->claim.network, c->name, sizeof(c->name));
	s->claim.prefix = c->prefix;
	s->claim.gateway4 = c->gateway;
	s->claim.nr_ports = n->nr_ports;
	memcpy(s->claim.ports, n->ports, n->nr_ports * sizeof(*n->ports));
	s->claim.anchor_fd = -1;
	if (!c->internal) {
		s->anchor = kctr_nft_anchor_open(err);
		if (s->anchor < 0)
			return s->anchor;
		s->claim.anchor_fd = s->anchor;
	}
	s->has_claim = true;
	return net_pick(s, 0, err);
}

/*
 * The module refused the address (taken since the dump): the next free
 * one, a few times; never for --ip or a port, whose holder is the answer.
 */
static bool net_retry(struct spawn *s, unsigned int *tries,
		      struct kctr_err *err)
{
	struct kctr_err e = { 0 };

	if (!s->has_claim || s->l->net->ip || !strstr(err->msg, " on network ") ||
	    ++*tries > 16)
		return false;
	return !net_pick(s, *tries, &e);
}

/*
 * CREATE with the claim, then the owned table on the socket the module
 * now holds too; kctr's descriptor is closed: from here the table lives
 * as long as the module keeps the socket (until the init exits).
 */
static int net_create(struct spawn *s, struct kctr_err *err)
{
	unsigned int tries = 0;
	int ret;

	do {
		ret = create(s, err);
	} while (ret == -EADDRINUSE && net_retry(s, &tries, err));
	if (ret)
		return ret;
	close_fd(&s->net_lock);
	if (s->anchor < 0)
		return 0;
	ret = kctr_nft_container_table(s->anchor, s->id, s->l->net->conf,
				       &s->claim, err);
	close_fd(&s->anchor);
	return ret;
}

/* The /etc files in the state directory, bound before the user's volumes. */
static int net_etc_files(struct spawn *s, struct kctr_err *err)
{
	static const char *const dst[3] = {
		"/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
	};
	static const char *const file[3] = { "hosts", "hostname",
					     "resolv.conf" };
	const struct kctr_launch_net *n = s->l->net;
	struct kctr_etc e;
	bool no_ns;
	size_t i, k = 0;
	int ret;

	if (!n || !n->etc_files)
		return 0;
	e = n->etc;
	e.hostname = s->l->hostname ? s->l->hostname : s->name;
	e.name = s->name;
	e.addr4 = s->has_claim ? s->claim.addr4 : 0;
	e.gateway4 = s->has_claim ? s->claim.gateway4 : 0;
	ret = kctr_etc_write(s->dir, &e, n->no_hosts, &no_ns, err);
	if (ret)
		return kctr_err_wrap(err, "network");
	if (no_ns)
		warn(s, "warning: /etc/resolv.conf has no nameserver the "
		     "container can reach (the host's are on loopback): use "
		     "--dns");
	s->vols = calloc(s->l->nr_vols + 3, sizeof(*s->vols));
	if (!s->vols)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = n->no_hosts ? 1 : 0; i < 3; i++) {
		kctr_pathf(s->etc_path[i], sizeof(s->etc_path[i]), "%s/%s",
			   s->dir, file[i]);
		s->vols[k++] = (struct kctr_volume){
			.host = s->etc_path[i], .ctr = dst[i],
		};
	}
	memcpy(s->vols + k, s->l->vols, s->l->nr_vols * sizeof(*s->vols));
	s->nr_vols = k + s->l->nr_vols;
	return 0;
}

/* After the clone: eth0 appears in the init's namespace before it goes. */
static int net_veth(struct spawn *s, struct kctr_err *err)
{
	if (!s->has_claim)
		return 0;
	return kctr_veth_create(s->l->net->conf, s->id, s->pid,
				s->claim.mac, err);
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
		warn(s, "cleanup: %s", err.msg);
	if (s->dirs_made && kctr_rm_tree(s->dir, &err))
		warn(s, "cleanup: %s", err.msg);
}

static void free_plans(struct spawn *s)
{
	size_t i;

	for (i = 0; s->plans && i < s->l->nr_mounts; i++)
		kctr_mount_plan_free(&s->plans[i]);
	free(s->plans);
	s->plans = NULL;
}

static void init_spawn(struct spawn *s)
{
	memset(s, 0, sizeof(*s));
	s->cgfd = s->pidfd = s->logfd = s->initfd = -1;
	s->go[0] = s->go[1] = s->report[0] = s->report[1] = -1;
	s->pty[0] = s->pty[1] = -1;
	s->fifo_fd = -1;
	s->net_lock = s->anchor = -1;
	memset(s->ns_fd, -1, sizeof(s->ns_fd));
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
	close_fd(&s->fifo_fd);
	close_fd(&s->net_lock);
	close_fd(&s->anchor);
	if (s->vols != s->l->vols)
		free(s->vols);
	close_nsfds(s->ns_fd);
	kctr_join_abandon(&s->joined);
	if (s->init_nl)
		kctr_nl_close(s->init_nl);
	if (s->nl)
		kctr_nl_close(s->nl);
	free(s->prog);
	free(s->devs);
	free_plans(s);
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
	struct kctr_err err = { 0 };
	uint64_t *ids = NULL;
	size_t nr = 0;
	int lock;

	lock = kctr_container_state_lock(&err);
	if (lock < 0)
		return;
	/* Our own directory comes later: no directory, no dump to ask for. */
	if (kctr_container_state_any() &&
	    !kctr_nl_list_ids(s->nl, &ids, &nr, &err))
		kctr_container_state_gc(ids, nr);
	free(ids);
	close(lock);
}

/* The entry said "dev" or "rdev": its device nodes open. */
static bool plan_wants_dev(const struct kctr_mount_plan *p)
{
	return (p->o.clear & MS_NODEV) || (p->o.attr_clr & MOUNT_ATTR_NODEV);
}

/*
 * Every generic mount checked and planned, and every sysctl key allowed,
 * before anything is made: an error names the entry.
 */
static int plan_mounts(struct spawn *s, struct kctr_err *err)
{
	const struct kctr_launch *l = s->l;
	bool std[KCTR_STD_COUNT] = { false };
	size_t i;
	int ret;

	for (i = 0; i < l->nr_sysctls; i++) {
		ret = kctr_sysctl_check(&l->sysctls[i],
					l->ns_new | s->ns_joined_other, err);
		if (ret)
			return kctr_err_wrap(err, "launch");
	}
	if (!l->nr_mounts)
		return 0;
	s->plans = calloc(l->nr_mounts, sizeof(*s->plans));
	if (!s->plans)
		return kctr_err_set(err, ENOMEM, "mounts: out of memory");
	for (i = 0; i < l->nr_mounts; i++) {
		ret = kctr_mount_plan(&l->mounts[i], &s->plans[i], err);
		if (ret)
			return ret;
		if (s->plans[i].std == KCTR_STD_NONE)
			continue;
		if (std[s->plans[i].std])
			return kctr_err_set(err, EINVAL, "mount %s: given "
					    "twice", s->plans[i].dst);
		std[s->plans[i].std] = true;
	}
	return 0;
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

	uint64_t mknod = 1ULL << CAP_MKNOD;

	s->caps.bounding &= ~mknod;
	s->caps.effective &= ~mknod;
	s->caps.permitted &= ~mknod;
	s->caps.inheritable &= ~mknod;
	s->caps.ambient &= ~mknod;
	for (i = 0; i < s->l->nr_vols; i++)
		if (s->l->vols[i].dev)
			return kctr_err_set(err, EOPNOTSUPP, "volume %s: \"dev\" "
					    "needs a device program, and this "
					    "kernel has no bpf() (CONFIG_BPF_"
					    "SYSCALL)", s->l->vols[i].ctr);
	for (i = 0; i < s->l->nr_mounts; i++)
		if (plan_wants_dev(&s->plans[i]))
			return kctr_err_set(err, EOPNOTSUPP, "mount %s: "
					    "\"dev\" needs a device program, "
					    "and this kernel has no bpf() "
					    "(CONFIG_BPF_SYSCALL)",
					    s->plans[i].dst);
	return 0;
}

/*
 * A field set that the sequence below does not implement yet: refused by
 * name before anything is made, never ignored.
 */
static int refuse_unsupported(const struct kctr_launch *l,
			      struct kctr_err *err)
{
	if (l->console_socket)
		return kctr_err_set(err, EOPNOTSUPP, "launch: console socket "
				    "not supported yet");
	if (!l->argv || !l->argv[0])
		return kctr_err_set(err, EINVAL, "launch: no command");
	if (l->apparmor_profile && !kctr_apparmor_enabled())
		return kctr_err_set(err, EOPNOTSUPP, "launch: apparmor profile "
				    "%s: AppArmor is not enabled on this "
				    "kernel", l->apparmor_profile);
	if (l->seccomp && l->seccomp_prog)
		return kctr_err_set(err, EINVAL, "launch: seccomp: a profile "
				    "and a built program both given");
	if (!!l->rootfs + !!l->image + !!l->root_path > 1)
		return kctr_err_set(err, EINVAL, "launch: more than one of an "
				    "image, a rootfs and a root path given");
	return 0;
}

/*
 * Namespaces by path: opened now, each checked to be of its kind. A time
 * namespace is entered by the init like the others (setns(2) moves a
 * single-threaded caller into it at once, for itself and its children).
 * The user kind must own the namespaces created with it: the init is
 * cloned from inside it (kctr_userns_clone), only with a root path.
 * Refused: the mount kind (the init builds its root in a mount namespace
 * of its own); and any kind with a new user namespace, whose root holds
 * no capability over the host-owned ones.
 */
/*
 * Is @fd the caller's own namespace of @kind (a sysctl written in it
 * would change the runtime's, as runc checks for net.*)?
 */
static bool is_own_ns(int fd, int kind)
{
	struct stat a, b;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kctr_ns_name(kind));
	return fstat(fd, &a) || stat(path, &b) ||
	       (a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

static int open_ns_paths(struct spawn *s, struct kctr_err *err)
{
	const struct kctr_launch *l = s->l;
	int kind, type;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		if (!l->ns_path[kind])
			continue;
		if (kind == KCTR_NS_KIND_USER && !l->root_path)
			return kctr_err_set(err, EOPNOTSUPP, "namespace user "
					    "by path (%s): only with a root "
					    "path (an image's layers are "
					    "shifted for a map kctr makes)",
					    l->ns_path[kind]);
		if (kind == KCTR_NS_KIND_MNT)
			return kctr_err_set(err, EOPNOTSUPP, "namespace %s by "
					    "path (%s) not supported",
					    kctr_ns_name(kind), l->ns_path[kind]);
		if (l->ns_new & (1U << kind))
			return kctr_err_set(err, EINVAL, "namespace %s: both "
					    "new and by path", kctr_ns_name(kind));
		if (l->ns_new & KCTR_NS_USER)
			return kctr_err_set(err, EOPNOTSUPP, "namespace %s by "
					    "path with a new user namespace not "
					    "supported", kctr_ns_name(kind));
		s->ns_fd[kind] = open(l->ns_path[kind], O_RDONLY | O_CLOEXEC);
		if (s->ns_fd[kind] < 0)
			return kctr_err_set(err, errno, "namespace %s %s: %m",
					    kctr_ns_name(kind), l->ns_path[kind]);
		type = ioctl(s->ns_fd[kind], NS_GET_NSTYPE);
		if (type < 0 || (uint64_t)type != ns_type[kind])
			return kctr_err_set(err, EINVAL, "namespace %s %s: not "
					    "a %s namespace", kctr_ns_name(kind),
					    l->ns_path[kind], kctr_ns_name(kind));
		s->ns_joined |= 1U << kind;
		if (!is_own_ns(s->ns_fd[kind], kind))
			s->ns_joined_other |= 1U << kind;
	}
	return 0;
}

static bool maps_equal(const struct kctr_id_extent_req *a, size_t na,
		       const struct kctr_id_extent_req *b, size_t nb)
{
	return na == nb && !memcmp(a, b, na * sizeof(*a));
}

static const struct kctr_id_extent_req *
map_root(const struct kctr_id_extent_req *m, size_t n);

/*
 * A user namespace by path brings its own maps: they must map its root
 * (the init becomes it, as with a new one), and maps given too must be
 * exactly them (the caller's view of the same namespace).
 */
static int joined_user_map(struct spawn *s, struct kctr_err *err)
{
	const struct kctr_launch *l = s->l;
	const char *path = l->ns_path[KCTR_NS_KIND_USER];
	const struct kctr_id_extent_req *u, *g;
	struct kctr_userns_maps *m;
	int ret;

	if (s->ns_fd[KCTR_NS_KIND_USER] < 0)
		return 0;
	m = malloc(sizeof(*m));
	if (!m)
		return kctr_err_set(err, ENOMEM, "out of memory");
	ret = kctr_userns_maps_of(s->ns_fd[KCTR_NS_KIND_USER], m, err);
	u = map_root(m->uid, m->nr_uid);
	g = map_root(m->gid, m->nr_gid);
	if (!ret && (!u || !g))
		ret = kctr_err_set(err, EINVAL, "namespace user %s: it maps "
				   "no %s for its root (inside id 0)", path,
				   u ? "gid" : "uid");
	if (!ret && ((l->nr_uid_map &&
		      !maps_equal(l->uid_map, l->nr_uid_map, m->uid,
				  m->nr_uid)) ||
		     (l->nr_gid_map &&
		      !maps_equal(l->gid_map, l->nr_gid_map, m->gid,
				  m->nr_gid))))
		ret = kctr_err_set(err, EINVAL, "namespace user %s: the id "
				   "maps given are not the namespace's own",
				   path);
	if (!ret) {
		s->userns = s->userns_joined = true;
		s->userns_outside = u->outside;
		s->userns_count = u->count;
		s->userns_root_gid = g->outside;
	}
	free(m);
	return ret;
}

/* The extent of @m that maps the namespace's root (inside 0), or NULL. */
static const struct kctr_id_extent_req *
map_root(const struct kctr_id_extent_req *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!m[i].inside && m[i].count)
			return &m[i];
	return NULL;
}

/*
 * One map: 1 to KCTR_MAP_MAX_EXTENTS extents, none empty, one mapping
 * the root the init becomes (it builds the root file system as uid 0
 * inside). Overlaps are the kernel's to refuse, at the write.
 */
static int check_map(const struct kctr_id_extent_req *m, size_t n,
		     const char *what, struct kctr_err *err)
{
	size_t i;

	if (!n || n > KCTR_MAP_MAX_EXTENTS)
		return kctr_err_set(err, EINVAL, "launch: %s: %zu extents "
				    "(1 to %d)", what, n, KCTR_MAP_MAX_EXTENTS);
	for (i = 0; i < n; i++)
		if (!m[i].count)
			return kctr_err_set(err, EINVAL, "launch: %s: extent "
					    "%zu has size 0", what, i);
	if (!map_root(m, n))
		return kctr_err_set(err, EINVAL, "launch: %s: no extent maps "
				    "the namespace's root (inside id 0)",
				    what);
	return 0;
}

/*
 * A root tree (OCI root.path) is used as it is: any maps (several
 * extents each, uids and gids apart). Image layers and a --rootfs are
 * shifted or checked by one extent: then one from 0, equal for both.
 */
static int user_map(struct spawn *s, struct kctr_err *err)
{
	const struct kctr_launch *l = s->l;
	const struct kctr_id_extent_req *u = l->uid_map, *g = l->gid_map;
	int ret;

	if (!(l->ns_new & KCTR_NS_USER)) {
		/* With one by path: compared with its own (joined_user_map). */
		if ((l->nr_uid_map || l->nr_gid_map) &&
		    !l->ns_path[KCTR_NS_KIND_USER])
			return kctr_err_set(err, EINVAL, "launch: id maps "
					    "without a new user namespace");
		return 0;
	}
	ret = check_map(u, l->nr_uid_map, "uid map", err);
	if (!ret)
		ret = check_map(g, l->nr_gid_map, "gid map", err);
	if (ret)
		return ret;
	if (!l->root_path &&
	    (l->nr_uid_map != 1 || l->nr_gid_map != 1 || u->inside ||
	     g->inside || u->outside != g->outside || u->count != g->count))
		return kctr_err_set(err, EOPNOTSUPP, "launch: an image or "
				    "--rootfs needs one extent from 0, the "
				    "same for uids and gids (its layers are "
				    "shifted by it)");
	s->userns = true;
	s->userns_outside = map_root(u, l->nr_uid_map)->outside;
	s->userns_count = map_root(u, l->nr_uid_map)->count;
	s->userns_root_gid = map_root(g, l->nr_gid_map)->outside;
	return 0;
}

/* A private copy of the devices: resolving fills in their numbers. */
static int copy_devices(struct spawn *s, struct kctr_err *err)
{
	size_t n = s->l->nr_devs;

	if (!n)
		return 0;
	s->devs = calloc(n, sizeof(*s->devs));
	if (!s->devs)
		return kctr_err_set(err, ENOMEM, "devices: out of memory");
	memcpy(s->devs, s->l->devs, n * sizeof(*s->devs));
	return 0;
}

static int build_filter(struct spawn *s, struct kctr_err *err)
{
	int ret;

	if (s->l->seccomp_prog) {
		s->filter = s->l->seccomp_prog;
		s->prog_len = s->l->seccomp_len;
		return 0;
	}
	/* The profile's capability conditions look at the bounding set. */
	ret = kctr_seccomp_build(s->l->seccomp ? s->l->seccomp : "default",
				 s->caps.bounding, &s->prog, &s->prog_len,
				 err);
	s->filter = s->prog;
	return ret;
}

static int start(struct spawn *s, struct kctr_err *err)
{
	int ret;

	ret = refuse_unsupported(s->l, err);
	if (!ret)
		ret = user_map(s, err);
	if (!ret)
		ret = open_ns_paths(s, err);
	if (!ret)
		ret = joined_user_map(s, err);
	if (!ret && s->l->start_fifo) {
		s->fifo_fd = kctr_start_fifo_open_path(s->l->start_fifo, err);
		ret = s->fifo_fd < 0 ? s->fifo_fd : 0;
	}
	if (!ret)
		ret = copy_devices(s, err);
	if (!ret)
		ret = plan_mounts(s, err);
	if (ret)
		return ret;
	kctr_trace("launch checked");
	s->dev_prog = kctr_dev_bpf_available();
	if (!s->dev_prog) {
		ret = no_device_program(s, err);
		if (ret)
			return ret;
	}
	kctr_trace("device program probed");
	ret = prepare_image(s, err);
	if (ret)
		return kctr_err_wrap(err, "image");
	kctr_trace("image found");
	ret = build_filter(s, err);
	if (ret)
		return kctr_err_wrap(err, "seccomp");
	kctr_trace("seccomp program");
	ret = kctr_nl_open(&s->nl, err);
	if (!ret)
		ret = net_prepare(s, err);
	kctr_trace("netlink open");
	if (!ret)
		ret = net_create(s, err);
	kctr_trace("CREATE");
	if (!ret)
		collect_garbage(s);
	kctr_trace("state gc");
	if (!ret)
		ret = make_dirs(s, err);
	if (!ret)
		ret = net_etc_files(s, err);
	kctr_trace("state directory");
	if (!ret)
		ret = open_cgroup(s, err);
	if (!ret)
		ret = build_devices(s, err);
	kctr_trace("device policy");
	/* The init's own socket: a new netns could not reach the family. */
	if (!ret)
		ret = kctr_nl_open_sibling(&s->init_nl, s->nl, err);
	if (!ret)
		ret = open_channels(s, err);
	if (!ret && !s->l->no_init) {
		s->initfd = kctr_cinit_memfd(err);
		ret = s->initfd < 0 ? s->initfd : 0;
	}
	kctr_trace("init socket, pipes, memfd");
	if (!ret)
		ret = clone_init(s, err);
	kctr_trace("clone3");
	if (!ret)
		ret = net_veth(s, err);
	if (ret)
		return ret;
	close_fd(&s->initfd);
	kctr_nl_close(s->init_nl);
	s->init_nl = NULL;
	ret = release_init(s, err);
	kctr_trace("init released");
	if (!ret)
		ret = attach_devices(s, err);
	kctr_trace("device program attached");
	if (!ret && has_hooks(s->l))
		ret = at_created(s, err);
	if (ret)
		return ret;
	ret = kctr_report_recv(s->report[0], err);
	kctr_trace("init reported");
	return ret;
}

int kctr_launch(const struct kctr_launch *l, struct kctr_launched *c,
		struct kctr_err *err)
{
	struct spawn s;
	int ret;

	init_spawn(&s);
	s.l = l;
	s.vols = (struct kctr_volume *)l->vols;
	s.nr_vols = l->nr_vols;
	s.caps = l->caps;
	s.user = (struct kctr_identity){
		.has_user = l->has_user, .uid = l->uid, .gid = l->gid,
		.groups = l->groups, .nr_groups = l->nr_groups,
		.keep_caps = l->keep_caps,
	};
	memset(c, 0, sizeof(*c));
	c->pidfd = c->tty_sock = -1;
	ret = start(&s, err);
	if (ret) {
		cleanup(&s);
		free_spawn(&s);
		return ret;
	}
	/* Not needed any more: the module tracks the init by itself. */
	c->id = s.id;
	memcpy(c->name, s.name, sizeof(c->name));
	c->pid = s.pid;
	c->pidfd = s.pidfd;
	s.pidfd = -1;
	c->tty_sock = s.pty[0];
	s.pty[0] = -1;
	c->auto_remove = l->auto_remove;
	memcpy(c->dir, s.dir, sizeof(c->dir));
	free_spawn(&s);
	return 0;
}

int kctr_launch_wait(struct kctr_launched *c, struct kctr_err *err)
{
	struct kctr_err e = { 0 };
	int master, code;

	if (c->tty_sock >= 0) {
		master = kctr_tty_recv_master(c->tty_sock, &e);
		if (master < 0) {
			kctr_err_set(err, e.code, "%s", e.msg);
			kill(c->pid, SIGKILL);
		} else {
			kctr_tty_relay(master, c->pidfd);
			close(master);
		}
	}
	kctr_trace("waiting");
	code = kctr_wait_code(c->pid);
	c->pid = 0;
	kctr_trace("init reaped");
	if (c->auto_remove && kctr_rm_tree(c->dir, &e))
		kctr_err_set(err, e.code, "removing %s: %s", c->dir, e.msg);
	kctr_trace("state directory removed");
	return code;
}

void kctr_launched_close(struct kctr_launched *c)
{
	close_fd(&c->pidfd);
	close_fd(&c->tty_sock);
}
