// SPDX-License-Identifier: GPL-2.0
/*
 * A new process in a running container (kctr exec; launch.h). A helper is
 * cloned into the container's cgroup, enters every namespace the module
 * pinned for it with one setns() on the init's pidfd, and forks the process
 * that joins (JOIN, seccomp,
 * START through the module) and runs the command inside the pid namespace.
 * The helper waits for it and exits with its code; detached, it only stays
 * until the caller has the process's report, so that the pid it names
 * cannot be reused meanwhile, and leaves the process to the caller's child
 * subreaper.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apparmor.h"
#include "cinit.h"
#include "console.h"
#include "launch.h"
#include "spawn.h"
#include "trace.h"
#include "util.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

static const int ns_setns_flags[__KCTR_NS_KIND_COUNT] = {
	[KCTR_NS_KIND_MNT] = CLONE_NEWNS, [KCTR_NS_KIND_PID] = CLONE_NEWPID,
	[KCTR_NS_KIND_NET] = CLONE_NEWNET, [KCTR_NS_KIND_IPC] = CLONE_NEWIPC,
	[KCTR_NS_KIND_UTS] = CLONE_NEWUTS, [KCTR_NS_KIND_USER] = CLONE_NEWUSER,
	[KCTR_NS_KIND_CGROUP] = CLONE_NEWCGROUP,
	[KCTR_NS_KIND_TIME] = CLONE_NEWTIME,
};

struct exec {
	const struct kctr_exec_desc *d;
	bool interactive, tty, has_user, env_exact;
	uint32_t uid, gid;
	const char *workdir, *spec;
	const char *const *env;
	size_t nr_env;
	char **argv;
	struct kctr_info *info;
	struct kctr_nl *nl, *join_nl;
	int pidfd, cgfd, report[2], pty[2];
	int pidp[2];		/* helper -> caller: the process's pid */
	int hold[2];		/* detached: the helper waits for EOF */
	int setns_flags;		/* the pinned kinds that are not ours */
	bool enters_user;
	sigset_t held;			/* kctr's mask before the clone */
};

static int cgroup_fd(const char *rel, struct kctr_err *err)
{
	char mnt[PATH_MAX], path[PATH_MAX * 2];
	int fd, ret;

	ret = kctr_cgroup2_root(mnt, sizeof(mnt));
	if (ret)
		return kctr_err_set(err, -ret, "cgroup: no cgroup2 mount: %s",
				    strerror(-ret));
	snprintf(path, sizeof(path), "%s%s", mnt, rel);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "cgroup %s: %m", path);
	return fd;
}

/* rlimits, oom_score_adj and umask: before JOIN, with the caller's caps. */
static int process_attrs(const struct kctr_exec_desc *d, struct kctr_err *err)
{
	struct rlimit rl;
	char buf[16];
	size_t i;
	int fd, n;

	for (i = 0; i < d->nr_rlimits; i++) {
		rl.rlim_cur = d->rlimits[i].soft;
		rl.rlim_max = d->rlimits[i].hard;
		if (setrlimit(d->rlimits[i].resource, &rl))
			return kctr_err_set(err, errno, "rlimit %d: %m",
					    d->rlimits[i].resource);
	}
	if (d->has_oom_score_adj) {
		n = snprintf(buf, sizeof(buf), "%d", d->oom_score_adj);
		fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, buf, n) != n) {
			kctr_err_set(err, errno, "oom_score_adj %d: %m",
				     d->oom_score_adj);
			if (fd >= 0)
				close(fd);
			return -err->code;
		}
		close(fd);
	}
	if (d->has_umask)
		umask(d->umask);
	return 0;
}

static int cap_missing(uint64_t want, uint64_t have, const char *set,
		       struct kctr_err *err)
{
	uint64_t extra = want & ~have;

	if (!extra)
		return 0;
	return kctr_err_set(err, EPERM, "capabilities: %s set: capability "
			    "%d is not in the container's", set,
			    __builtin_ctzll(extra));
}

/*
 * After START: reduce the sets to @c (a reduction only: each asked set
 * within what START left). Bounding first, while CAP_SETPCAP may still
 * be effective, then ambient, then capset().
 */
static int reduce_caps(const struct kctr_caps_req *c, struct kctr_err *err)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct cd[2];
	uint64_t eff, prm, inh, bnd = 0, amb = 0;
	int cap, ret;

	if (syscall(SYS_capget, &hdr, cd))
		return kctr_err_set(err, errno, "capget: %m");
	eff = cd[0].effective | (uint64_t)cd[1].effective << 32;
	prm = cd[0].permitted | (uint64_t)cd[1].permitted << 32;
	inh = cd[0].inheritable | (uint64_t)cd[1].inheritable << 32;
	for (cap = 0; cap < 64; cap++) {
		ret = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (ret < 0)
			break;
		if (ret)
			bnd |= 1ULL << cap;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) > 0)
			amb |= 1ULL << cap;
	}
	ret = cap_missing(c->bounding, bnd, "bounding", err);
	if (!ret)
		ret = cap_missing(c->effective, eff, "effective", err);
	if (!ret)
		ret = cap_missing(c->permitted, prm, "permitted", err);
	if (!ret)
		ret = cap_missing(c->inheritable, inh, "inheritable", err);
	if (!ret)
		ret = cap_missing(c->ambient, amb, "ambient", err);
	if (ret)
		return ret;
	for (cap = 0; cap < 64; cap++) {
		if ((bnd & ~c->bounding) & (1ULL << cap) &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0))
			return kctr_err_set(err, errno, "capabilities: "
					    "dropping %d from the bounding "
					    "set: %m", cap);
		if ((amb & ~c->ambient) & (1ULL << cap) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0))
			return kctr_err_set(err, errno, "capabilities: "
					    "ambient %d: %m", cap);
	}
	cd[0].effective = (uint32_t)c->effective;
	cd[1].effective = (uint32_t)(c->effective >> 32);
	cd[0].permitted = (uint32_t)c->permitted;
	cd[1].permitted = (uint32_t)(c->permitted >> 32);
	cd[0].inheritable = (uint32_t)c->inheritable;
	cd[1].inheritable = (uint32_t)(c->inheritable >> 32);
	if (syscall(SYS_capset, &hdr, cd))
		return kctr_err_set(err, errno, "capset: %m");
	return 0;
}

/*
 * -u and the groups (capabilities kept), JOIN, filter, START, in the
 * order the container's flags need (kctr_join_prepare/finish: with
 * KCTR_F_ALLOW_NEW_PRIVS the filter goes in while CAP_SYS_ADMIN is still
 * held and START applies the sets, so a non-root user's drop to the
 * bounding set comes after START); then caps and nnp.
 */
static int join(struct exec *x, struct kctr_err *err)
{
	const struct kctr_exec_desc *d = x->d;
	const struct kctr_identity u = {
		.has_user = x->has_user, .uid = x->uid, .gid = x->gid,
		.groups = d->groups, .nr_groups = d->nr_groups,
		.keep_caps = d->has_caps,
	};
	bool anp = x->info->flags & KCTR_F_ALLOW_NEW_PRIVS;
	struct kctr_joined j;
	int ret;

	ret = kctr_join_prepare(x->join_nl, x->info->id, NULL, &u, anp, &j,
				err);
	j.flags = d->seccomp_flags;
	if (!ret)
		ret = kctr_join_finish(x->join_nl, x->info->id, &j, err);
	if (!ret && anp)
		ret = kctr_join_user_drop(&u, err);
	if (!ret && d->has_caps)
		ret = reduce_caps(&d->caps, err);
	if (!ret && d->nnp == KCTR_EXEC_NNP_SET &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		ret = kctr_err_set(err, errno, "no_new_privs: %m");
	return ret;
}

/* The process that joins and runs the command, inside the pid ns. */
static void joiner(struct exec *x)
{
	struct kctr_err err = { 0 };
	int slave = -1, ret = 0;

	/* Not dumpable since the helper's clone; the pidfd is done with. */
	close(x->pidfd);
	x->pidfd = -1;

	/* Entering a user namespace leaves our (unmapped) ids: become root. */
	if (x->enters_user && !x->has_user &&
	    (setgroups(0, NULL) || setresgid(0, 0, 0) || setresuid(0, 0, 0)))
		ret = kctr_err_set(&err, errno, "user namespace: root: %m");
	if (!ret && x->tty) {
		ret = kctr_tty_open(x->pty[1], x->has_user ? x->uid : 0,
				    x->has_user ? x->gid : 0, &err);
		if (ret >= 0) {
			slave = ret;
			ret = 0;
		}
	}
	if (!ret)
		ret = process_attrs(x->d, &err);
	if (!ret)
		ret = kctr_setup_interrupted(&err);
	kctr_trace("joiner: forked, set up");
	if (!ret)
		ret = join(x, &err);
	kctr_trace("joiner: JOIN, filter, START");
	if (!ret && x->d->apparmor_profile)
		ret = kctr_apparmor_exec(x->d->apparmor_profile, &err);
	kctr_nl_close(x->join_nl);
	x->join_nl = NULL;
	if (!ret && x->workdir && chdir(x->workdir))
		ret = kctr_err_set(&err, errno,
				   "workdir %s: %m", x->workdir);
	if (ret) {
		kctr_report_send(x->report[1], &err);
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	if (x->env_exact)
		kctr_container_env_exact(x->env, x->nr_env);
	else
		kctr_container_env(x->env, x->nr_env, x->tty,
				   !x->has_user || !x->uid, x->info->hostname);
	/* Left open: the execve closes it (kctr_report_wait_exec()). */
	kctr_report_send(x->report[1], NULL);
	if (slave >= 0) {
		ret = kctr_tty_attach(slave);
		if (ret) {
			fprintf(stderr, "kctr: exec: tty: %s\n", strerror(-ret));
			_exit(KCTR_EXIT_SPAWN_FAILED);
		}
	}
	if (!x->interactive && !x->tty) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (fd >= 0 && fd != STDIN_FILENO) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
	}
	sigprocmask(SIG_SETMASK, &x->held, NULL);
	kctr_trace("joiner: execve");
	/* Detached, kctr says why the command did not run; else its status. */
	kctr_exec_reported(x->argv, x->report[1], x->d->detach);
}

/*
 * First thing in the helper, before it enters the container: not
 * dumpable (its joiner inherits that: the container cannot open their
 * /proc files nor ptrace them while they hold host state), and only the
 * fds the join needs; the cgroup's O_PATH fd, opened on the host, served
 * CLONE_INTO_CGROUP and goes first.
 */
static void helper_seal(struct exec *x)
{
	const int keep[] = {
		STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, x->pidfd,
		x->report[1], x->tty ? x->pty[1] : -1, kctr_nl_fd(x->join_nl),
		x->pidp[1], x->hold[0],
	};

	prctl(PR_SET_DUMPABLE, 0);
	close(x->cgfd);
	x->cgfd = -1;
	kctr_nl_close(x->nl);
	x->nl = NULL;
	kctr_close_fds_except(keep, sizeof(keep) / sizeof(*keep));
}

/* The helper's end: wait for the process, or (detached) for the caller. */
static void helper_finish(struct exec *x, pid_t pid)
{
	char byte;

	close(x->report[1]);
	kctr_nl_close(x->join_nl);
	close(x->pidfd);
	if (x->tty)
		close(x->pty[1]);
	if (write(x->pidp[1], &pid, sizeof(pid)) != sizeof(pid))
		_exit(KCTR_EXIT_SPAWN_FAILED);
	close(x->pidp[1]);
	if (x->d->detach) {
		/* Until the caller has the report: @pid is not reused. */
		while (read(x->hold[0], &byte, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	kctr_forward_signals(pid, &x->held);
	_exit(kctr_wait_code(pid));
}

/* In the container's cgroup, still in the host's namespaces. */
static void helper(struct exec *x)
{
	struct kctr_err err = { 0 };
	pid_t pid;

	kctr_trace("helper: cloned");
	helper_seal(x);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* As for spawn: keyboard signals come through kctr only. */
	if (!x->tty)
		setsid();
	if (x->setns_flags && setns(x->pidfd, x->setns_flags)) {
		kctr_err_set(&err, errno, "setns: %m");
		kctr_report_send(x->report[1], &err);
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	kctr_trace("helper: sealed, setns");
	pid = fork();
	if (pid < 0) {
		kctr_err_set(&err, errno, "fork: %m");
		kctr_report_send(x->report[1], &err);
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	if (!pid) {
		close(x->pidp[1]);
		if (x->hold[0] >= 0)
			close(x->hold[0]);
		joiner(x);
	}
	helper_finish(x, pid);
}

/*
 * Every namespace the module pinned for the container (GET's
 * KCTR_A_NAMESPACES), not only the new ones of its mask: a kind the init
 * joined by path (an engine's network namespace) is the container's too,
 * and JOIN checks all of them. A pinned kind that is already ours (shared
 * with the host) is left out: setns() refuses to re-enter one's own user
 * namespace.
 */
static int pinned_setns_flags(struct exec *x, struct kctr_err *err)
{
	const struct kctr_info *info = x->info;
	char path[64];
	struct stat st;
	unsigned int i;

	x->setns_flags = 0;
	x->enters_user = false;
	for (i = 0; i < info->nr_ns; i++) {
		uint32_t kind = info->ns[i].kind;

		if (kind >= __KCTR_NS_KIND_COUNT)
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s",
			 kctr_ns_kind_name(kind));
		if (stat(path, &st))
			return kctr_err_set(err, errno, "%s: %m", path);
		if (st.st_ino == info->ns[i].inum)
			continue;
		x->setns_flags |= ns_setns_flags[kind];
		if (kind == KCTR_NS_KIND_USER)
			x->enters_user = true;
	}
	return 0;
}

static int lookup(struct exec *x, struct kctr_err *err)
{
	int ret;

	if (x->d->id) {
		ret = kctr_nl_get_brief(x->nl, x->d->id, NULL, x->info, err);
		if (ret == -ENOENT)
			return kctr_err_set(err, ENOENT, "container %" PRIu64
					    " does not exist", x->d->id);
		return ret;
	}
	return kctr_nl_resolve_brief(x->nl, x->spec, x->info, err);
}

static int prepare(struct exec *x, struct kctr_err *err)
{
	int ret;

	ret = kctr_nl_open(&x->nl, err);
	if (ret)
		return ret;
	x->info = calloc(1, sizeof(*x->info));
	if (!x->info)
		return kctr_err_set(err, ENOMEM, "out of memory");
	ret = lookup(x, err);
	if (ret)
		return ret;
	kctr_trace("exec: netlink open, GET");
	if (x->info->state != KCTR_STATE_RUNNING || !x->info->init_pid)
		return kctr_err_set(err, ESRCH, "container %s is not running",
				    x->info->name);
	if (x->d->nnp == KCTR_EXEC_NNP_CLEAR &&
	    !(x->info->flags & KCTR_F_ALLOW_NEW_PRIVS))
		return kctr_err_set(err, EOPNOTSUPP, "container %s sets "
				    "no_new_privs for all its processes (made "
				    "without allow-new-privs): an exec without "
				    "it is not possible", x->info->name);
	ret = pinned_setns_flags(x, err);
	if (ret)
		return ret;
	x->pidfd = syscall(SYS_pidfd_open, x->info->init_pid, 0);
	if (x->pidfd < 0)
		return kctr_err_set(err, errno, "pidfd_open %u: %m",
				    x->info->init_pid);
	kctr_trace("exec: namespaces compared, pidfd");
	x->cgfd = cgroup_fd(x->info->cgroup.path, err);
	if (x->cgfd < 0)
		return x->cgfd;
	kctr_trace("exec: cgroup open");
	ret = kctr_nl_open_sibling(&x->join_nl, x->nl, err);
	if (!ret && (pipe2(x->report, O_CLOEXEC) || pipe2(x->pidp, O_CLOEXEC) ||
		     (x->d->detach && pipe2(x->hold, O_CLOEXEC)) ||
		     (x->tty && socketpair(AF_UNIX, SOCK_SEQPACKET |
					   SOCK_CLOEXEC, 0, x->pty))))
		ret = kctr_err_set(err, errno, "pipe: %m");
	return ret;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The process's pid from the helper (EOF: the helper failed first). */
static pid_t recv_pid(struct exec *x)
{
	pid_t pid;
	ssize_t n;

	do {
		n = read(x->pidp[0], &pid, sizeof(pid));
	} while (n < 0 && errno == EINTR);
	return n == sizeof(pid) ? pid : -1;
}

/* The process runs: the master to the console socket, the pid file. */
static int started(struct exec *x, pid_t pid, int *master,
		   struct kctr_err *err)
{
	const struct kctr_exec_desc *d = x->d;
	struct winsize ws = { .ws_row = d->tty_rows, .ws_col = d->tty_cols };
	int ret = 0;

	if (*master >= 0 && ws.ws_row && ws.ws_col)
		ioctl(*master, TIOCSWINSZ, &ws);
	if (*master >= 0 && d->console_socket) {
		ret = kctr_console_send(d->console_socket, *master, NULL, err);
		close_fd(master);
	}
	if (!ret && d->started)
		ret = d->started(pid, d->started_arg, err);
	return ret;
}

static int run(struct exec *x, struct kctr_err *err)
{
	struct clone_args ca = {
		.flags = CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = x->cgfd,
	};
	int ret, master = -1;
	pid_t proc;
	long pid;

	fflush(NULL);
	/* Held until forwarded: see kctr_forward_signals(). */
	kctr_cinit_block(&x->held);
	kctr_trace("exec: join socket, pipes");
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (!pid)
		helper(x);
	kctr_trace("exec: clone3");
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &x->held, NULL);
		return kctr_err_set(err, errno, "clone3: %m");
	}
	close_fd(&x->report[1]);
	close_fd(&x->pidp[1]);
	close_fd(&x->hold[0]);
	close_fd(&x->pty[1]);
	kctr_nl_close(x->join_nl);
	x->join_nl = NULL;
	kctr_forward_signals(pid, &x->held);
	proc = recv_pid(x);
	if (x->tty && proc > 0)
		master = kctr_tty_recv_master(x->pty[0], err);
	ret = proc > 0 ? kctr_report_recv(x->report[0], err) :
		kctr_report_recv(x->report[0], err) ?:
		kctr_err_set(err, EPIPE, "exec: the helper failed");
	kctr_trace("exec: joiner reported");
	if (!ret && x->tty && master < 0)
		ret = master;
	/* The helper lives (holding @proc) until hold closes or @proc ends. */
	if (!ret)
		ret = started(x, proc, &master, err);
	/* Detached, kctr returns once the command runs, not just before. */
	if (!ret && x->d->detach)
		ret = kctr_report_wait_exec(x->report[0], err);
	else if (!ret)
		kctr_report_wait_exec(x->report[0], NULL);
	if (ret) {
		if (proc > 0)
			kill(proc, SIGKILL);
		close_fd(&x->hold[1]);
		close_fd(&master);
		kctr_wait_code(pid);
		return ret;
	}
	if (x->d->detach) {
		close_fd(&x->hold[1]);
		kctr_wait_code(pid);
		return 0;
	}
	if (master >= 0) {
		int pidfd = syscall(SYS_pidfd_open, pid, 0);

		kctr_tty_relay(master, pidfd);
		close(pidfd);
		close(master);
	}
	ret = kctr_wait_code(pid);
	kctr_trace("exec: helper reaped");
	return ret;
}

static int check_desc(const struct kctr_exec_desc *d, struct kctr_err *err)
{
	if ((!d->container && !d->id) || !d->argv || !d->argv[0])
		return kctr_err_set(err, EINVAL, "exec: no container or no "
				    "command");
	if (d->apparmor_profile && !kctr_apparmor_enabled())
		return kctr_err_set(err, EOPNOTSUPP, "exec: apparmor profile "
				    "%s: AppArmor is not enabled on this "
				    "kernel", d->apparmor_profile);
	if (d->console_socket && !d->tty)
		return kctr_err_set(err, EINVAL, "exec: a console socket "
				    "needs a tty");
	if (d->detach && d->tty && !d->console_socket)
		return kctr_err_set(err, EINVAL, "exec: a detached tty needs "
				    "a console socket");
	if (d->nr_groups && !d->has_user)
		return kctr_err_set(err, EINVAL, "exec: additional groups "
				    "need a user");
	if (d->nr_groups > KCTR_MAX_GROUPS)
		return kctr_err_set(err, EINVAL, "exec: more than %d "
				    "additional groups", KCTR_MAX_GROUPS);
	return 0;
}

int kctr_exec(const struct kctr_exec_desc *d, struct kctr_err *err)
{
	struct exec x = { .d = d, .pidfd = -1, .cgfd = -1,
			  .report = { -1, -1 }, .pty = { -1, -1 },
			  .pidp = { -1, -1 }, .hold = { -1, -1 } };
	int ret;

	ret = check_desc(d, err);
	if (ret)
		return ret;
	x.spec = d->container;
	x.argv = (char **)d->argv;
	x.env = d->env;
	x.nr_env = d->nr_env;
	x.env_exact = d->env_exact;
	x.has_user = d->has_user;
	x.uid = d->uid;
	x.gid = d->gid;
	x.workdir = d->cwd;
	x.tty = d->tty;
	x.interactive = d->keep_stdin;
	ret = prepare(&x, err);
	if (!ret)
		ret = run(&x, err);
	if (x.join_nl)
		kctr_nl_close(x.join_nl);
	if (x.nl)
		kctr_nl_close(x.nl);
	free(x.info);
	close_fd(&x.pidfd);
	close_fd(&x.cgfd);
	close_fd(&x.report[0]);
	close_fd(&x.report[1]);
	close_fd(&x.pidp[0]);
	close_fd(&x.pidp[1]);
	close_fd(&x.hold[0]);
	close_fd(&x.hold[1]);
	close_fd(&x.pty[0]);
	close_fd(&x.pty[1]);
	return ret;
}
