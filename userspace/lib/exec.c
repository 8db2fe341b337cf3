// SPDX-License-Identifier: GPL-2.0
/*
 * A new process in a running container (kctr exec; launch.h). A helper is
 * cloned into the container's cgroup, enters every namespace the module
 * pinned for it with one setns() on the init's pidfd, and forks the process
 * that joins (JOIN, seccomp,
 * START through the module) and runs the command inside the pid namespace.
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
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cinit.h"
#include "launch.h"
#include "spawn.h"
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
	bool interactive, tty, has_user, env_exact;
	uint32_t uid, gid;
	const char *workdir, *spec;
	const char *const *env;
	size_t nr_env;
	char **argv;
	struct kctr_info *info;
	struct kctr_nl *nl, *join_nl;
	int pidfd, cgfd, report[2], pty[2];
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
		ret = kctr_setup_interrupted(&err);
	if (!ret)
		ret = kctr_join_sequence(x->join_nl, x->info->id, NULL,
					 x->has_user, x->uid, x->gid, &err);
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
	kctr_report_send(x->report[1], NULL);
	close(x->report[1]);
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
	kctr_exec_workload(x->argv);
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
	};

	prctl(PR_SET_DUMPABLE, 0);
	close(x->cgfd);
	x->cgfd = -1;
	kctr_nl_close(x->nl);
	x->nl = NULL;
	kctr_close_fds_except(keep, sizeof(keep) / sizeof(*keep));
}

/* In the container's cgroup, still in the host's namespaces. */
static void helper(struct exec *x)
{
	struct kctr_err err = { 0 };
	pid_t pid;

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
	pid = fork();
	if (pid < 0) {
		kctr_err_set(&err, errno, "fork: %m");
		kctr_report_send(x->report[1], &err);
		_exit(KCTR_EXIT_SPAWN_FAILED);
	}
	if (!pid)
		joiner(x);
	close(x->report[1]);
	kctr_nl_close(x->join_nl);
	close(x->pidfd);
	if (x->tty)
		close(x->pty[1]);
	kctr_forward_signals(pid, &x->held);
	_exit(kctr_wait_code(pid));
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

static int prepare(struct exec *x, struct kctr_err *err)
{
	int ret;

	ret = kctr_nl_open(&x->nl, err);
	if (ret)
		return ret;
	x->info = calloc(1, sizeof(*x->info));
	if (!x->info)
		return kctr_err_set(err, ENOMEM, "out of memory");
	ret = kctr_nl_resolve(x->nl, x->spec, x->info, err);
	if (ret)
		return ret;
	if (x->info->state != KCTR_STATE_RUNNING || !x->info->init_pid)
		return kctr_err_set(err, EINVAL, "container %s is not running",
				    x->info->name);
	ret = pinned_setns_flags(x, err);
	if (ret)
		return ret;
	x->pidfd = syscall(SYS_pidfd_open, x->info->init_pid, 0);
	if (x->pidfd < 0)
		return kctr_err_set(err, errno, "pidfd_open %u: %m",
				    x->info->init_pid);
	x->cgfd = cgroup_fd(x->info->cgroup.path, err);
	if (x->cgfd < 0)
		return x->cgfd;
	ret = kctr_nl_open(&x->join_nl, err);
	if (!ret && (pipe2(x->report, O_CLOEXEC) ||
		     (x->tty && socketpair(AF_UNIX, SOCK_SEQPACKET |
					   SOCK_CLOEXEC, 0, x->pty))))
		ret = kctr_err_set(err, errno, "pipe: %m");
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
	long pid;

	fflush(NULL);
	/* Held until forwarded: see kctr_forward_signals(). */
	kctr_cinit_block(&x->held);
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (!pid)
		helper(x);
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &x->held, NULL);
		return kctr_err_set(err, errno, "clone3: %m");
	}
	close(x->report[1]);
	x->report[1] = -1;
	kctr_nl_close(x->join_nl);
	x->join_nl = NULL;
	kctr_forward_signals(pid, &x->held);
	if (x->tty)
		master = kctr_tty_recv_master(x->pty[0], err);
	ret = kctr_report_recv(x->report[0], err);
	if (ret || (x->tty && master < 0)) {
		kill(pid, SIGKILL);
		kctr_wait_code(pid);
		return ret ? ret : master;
	}
	if (master >= 0) {
		int pidfd = syscall(SYS_pidfd_open, pid, 0);

		kctr_tty_relay(master, pidfd);
		close(pidfd);
		close(master);
	}
	return kctr_wait_code(pid);
}

static int refuse_unsupported(const struct kctr_exec_desc *d,
			      struct kctr_err *err)
{
	const char *what = NULL;

	if (d->nr_groups)
		what = "additional groups";
	else if (d->console_socket)
		what = "console socket";
	else if (d->detach)
		what = "detach";
	if (what)
		return kctr_err_set(err, EOPNOTSUPP, "exec: %s not supported "
				    "yet", what);
	if (!d->container || !d->argv || !d->argv[0])
		return kctr_err_set(err, EINVAL, "exec: no container or no "
				    "command");
	return 0;
}

int kctr_exec(const struct kctr_exec_desc *d, struct kctr_err *err)
{
	struct exec x = { .pidfd = -1, .cgfd = -1, .report = { -1, -1 },
			  .pty = { -1, -1 } };
	int ret;

	ret = refuse_unsupported(d, err);
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
	if (x.pidfd >= 0)
		close(x.pidfd);
	if (x.cgfd >= 0)
		close(x.cgfd);
	if (x.report[0] >= 0)
		close(x.report[0]);
	return ret;
}
