// SPDX-License-Identifier: GPL-2.0
/* What spawn and exec share: joining, the environment, the terminal. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cinit.h"
#include "spawn.h"
#include "util.h"

/*
 * A blocked signal is queued even while ignored. The reporting process
 * keeps the forwarded signals, SIGPIPE among them, blocked until its
 * workload runs (kctr_forward_signals()), so the SIGPIPE of a write to a
 * reader that is gone would wait there and then be forwarded to the
 * workload, killing it. Take it off the queue.
 */
static void discard_sigpipe(void)
{
	struct timespec now = { 0 };
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	if (!sigpending(&pending) && sigismember(&pending, SIGPIPE))
		sigtimedwait(&set, NULL, &now);
}

ssize_t kctr_write_nosigpipe(int fd, const void *buf, size_t len)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	ssize_t n;
	int saved;

	sigaction(SIGPIPE, &ign, &old);
	do {
		n = write(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	saved = errno;
	if (n < 0 && errno == EPIPE)
		discard_sigpipe();
	sigaction(SIGPIPE, &old, NULL);
	errno = saved;
	return n;
}

/*
 * The report goes to a kctr that may have been killed meanwhile. Its pipe
 * then has no reader; the process reporting must not die of SIGPIPE for
 * it, nor pass one on: once started, the container runs on without its
 * tool.
 */
void kctr_report_send(int fd, const struct kctr_err *err)
{
	struct kctr_report r = { .ok = !err };

	if (err) {
		r.code = err->code ? err->code : EIO;
		memcpy(r.msg, err->msg, sizeof(r.msg));
	}
	kctr_write_nosigpipe(fd, &r, sizeof(r));
}

/* One report from @fd into @r: the bytes read, or -1. */
static ssize_t read_report(int fd, struct kctr_report *r)
{
	ssize_t n;

	do {
		n = read(fd, r, sizeof(*r));
	} while (n < 0 && errno == EINTR);
	r->msg[sizeof(r->msg) - 1] = '\0';
	return n;
}

int kctr_report_recv(int fd, struct kctr_err *err)
{
	struct kctr_report r;

	if (read_report(fd, &r) != sizeof(r))
		return kctr_err_set(err, EPIPE, "the container's first process "
				    "exited during setup");
	if (r.ok)
		return 0;
	return kctr_err_set(err, r.code, "%s", r.msg);
}

/*
 * After a good report, until the reporter's execve() is done: its end of
 * the pipe is close-on-exec, so the pipe reads end-of-file once the
 * command has replaced it: 0. A reporter whose execve() failed sends a
 * second report before it exits (kctr_exec_reported()): its error. A
 * caller that returns then leaves the command, not kctr, in /proc.
 */
int kctr_report_wait_exec(int fd, struct kctr_err *err)
{
	struct kctr_report r;

	if (read_report(fd, &r) != sizeof(r) || r.ok)
		return 0;
	return kctr_err_set(err, r.code, "%s", r.msg);
}

static int capsets(bool keep_permitted)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	int i;

	if (syscall(SYS_capget, &hdr, d))
		return -errno;
	for (i = 0; i < 2; i++) {
		if (keep_permitted) {
			d[i].effective = d[i].permitted;
		} else {
			d[i].effective = d[i].permitted = 0;
			d[i].inheritable = 0;
		}
	}
	return syscall(SYS_capset, &hdr, d) ? -errno : 0;
}

/*
 * Switch to -u before JOIN, keeping the capabilities (the container may
 * not grant CAP_SETUID): JOIN then reduces them to the container's sets.
 */
static int set_user(const struct kctr_identity *u, struct kctr_err *err)
{
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		return kctr_err_set(err, errno, "user: keepcaps: %m");
	if (setgroups(u->nr_groups, u->groups))
		return kctr_err_set(err, errno, "user: setgroups (%zu "
				    "additional gids): %m", u->nr_groups);
	if (setresgid(u->gid, u->gid, u->gid))
		return kctr_err_set(err, errno, "user: setgid %u: %m", u->gid);
	if (setresuid(u->uid, u->uid, u->uid))
		return kctr_err_set(err, errno, "user: setuid %u: %m", u->uid);
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (capsets(true))
		return kctr_err_set(err, errno, "user: capset: %m");
	return 0;
}

static int install_filter(void *prog, size_t len, unsigned int flags,
			  struct kctr_err *err)
{
	struct sock_fprog fp = {
		.len = len / sizeof(struct sock_filter),
		.filter = prog,
	};

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fp))
		return kctr_err_set(err, errno, "seccomp: installing the "
				    "filter (flags %#x): %m", flags);
	return 0;
}

int kctr_join_prepare(struct kctr_nl *nl, uint64_t id, const int *nsfds,
		      const struct kctr_identity *u, bool allow_new_privs,
		      struct kctr_joined *j, struct kctr_err *err)
{
	int ret;

	j->prog = NULL;
	j->len = 0;
	j->flags = 0;
	if (u->has_user || u->nr_groups) {
		ret = set_user(u, err);
		if (ret)
			return ret;
	}
	ret = kctr_nl_join(nl, id, nsfds, &j->prog, &j->len, err);
	if (ret)
		return kctr_err_wrap(err, "join");
	/*
	 * Like other runtimes: a non-root user keeps only the bounding set.
	 * With KCTR_F_ALLOW_NEW_PRIVS START applies the container's five
	 * sets, and the filter still needs CAP_SYS_ADMIN until then.
	 */
	if (!allow_new_privs && u->has_user && u->uid && !u->keep_caps &&
	    capsets(false)) {
		ret = kctr_err_set(err, errno, "user: dropping capabilities: %m");
		kctr_join_abandon(j);
	}
	return ret;
}

int kctr_join_finish(struct kctr_nl *nl, uint64_t id, struct kctr_joined *j,
		     struct kctr_err *err)
{
	int ret = 0;

	if (j->prog)
		ret = install_filter(j->prog, j->len, j->flags, err);
	if (!ret) {
		ret = kctr_nl_start(nl, id, err);
		if (ret)
			kctr_err_wrap(err, "start");
	}
	kctr_join_abandon(j);
	return ret;
}

int kctr_join_user_drop(const struct kctr_identity *u, struct kctr_err *err)
{
	if (u->has_user && u->uid && !u->keep_caps && capsets(false))
		return kctr_err_set(err, errno,
				    "user: dropping capabilities: %m");
	return 0;
}

void kctr_join_abandon(struct kctr_joined *j)
{
	free(j->prog);
	j->prog = NULL;
	j->len = 0;
}

int kctr_join_sequence(struct kctr_nl *nl, uint64_t id, const int *nsfds,
		       bool has_user, uint32_t uid, uint32_t gid,
		       struct kctr_err *err)
{
	struct kctr_identity u = { .has_user = has_user, .uid = uid,
				   .gid = gid };
	struct kctr_joined j;
	int ret;

	ret = kctr_join_prepare(nl, id, nsfds, &u, false, &j, err);
	return ret ? ret : kctr_join_finish(nl, id, &j, err);
}

void kctr_container_env(const char *const *env, size_t n, bool tty,
			bool root, const char *hostname)
{
	size_t i;
	char *eq;

	clearenv();
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
	       "/sbin:/bin", 1);
	setenv("HOME", root ? "/root" : "/", 1);
	if (hostname)
		setenv("HOSTNAME", hostname, 1);
	if (tty)
		setenv("TERM", "xterm", 1);
	for (i = 0; i < n; i++) {
		eq = strchr(env[i], '=');
		if (!eq)
			continue;
		*eq = '\0';
		setenv(env[i], eq + 1, 1);
		*eq = '=';
	}
}

void kctr_container_env_exact(const char *const *env, size_t n)
{
	size_t i;
	char *eq;

	clearenv();
	for (i = 0; i < n; i++) {
		eq = strchr(env[i], '=');
		if (!eq)
			continue;
		*eq = '\0';
		setenv(env[i], eq + 1, 1);
		*eq = '=';
	}
}

/* execvp()'s failure @e as the exit status of a command that never ran. */
static int exec_status(int e)
{
	return e == ENOENT || e == ENOTDIR ? KCTR_EXIT_CMD_NOT_FOUND :
	       KCTR_EXIT_CANNOT_EXEC;
}

void kctr_exec_workload(char **argv)
{
	kctr_exec_reported(argv, -1, false);
}

void kctr_exec_reported(char **argv, int report_fd, bool quiet)
{
	struct kctr_err err = { 0 };
	int e;

	/* The workload gets 0, 1 and 2; the kernel closes the rest at exec. */
	kctr_cloexec_from_3();
	execvp(argv[0], argv);
	e = errno;
	kctr_err_set(&err, e, "exec %s: %s", argv[0], strerror(e));
	if (report_fd >= 0)
		kctr_report_send(report_fd, &err);
	if (!quiet)
		fprintf(stderr, "kctr: exec %s: %s\n", argv[0], strerror(e));
	_exit(exec_status(e));
}

/* ---- signals and waiting ---- */

static volatile pid_t fwd_pid;

static void fwd_handler(int sig)
{
	if (fwd_pid > 0)
		kill(fwd_pid, sig);
}

/*
 * Not forwarded from kctr itself, beyond the init's own faults: a closed
 * pipe or a job-control stop concerns kctr, the terminal size goes
 * through the pty (-t).
 */
static bool tool_keeps(int sig)
{
	switch (sig) {
	case SIGPIPE: case SIGWINCH: case SIGTSTP: case SIGTTIN:
	case SIGTTOU: case SIGCONT: case SIGURG:
		return true;
	}
	return false;
}

/*
 * Every signal sent to kctr that concerns the workload goes to @pid; then
 * the mask kctr_cinit_block() saved in @held is restored, so that what
 * arrived since the clone, held pending, is forwarded now.
 */
void kctr_forward_signals(pid_t pid, const sigset_t *held)
{
	struct sigaction sa = { .sa_handler = fwd_handler };
	int sig;

	fwd_pid = pid;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig <= SIGRTMAX; sig++)
		if (kctr_signal_forwarded(sig) && !tool_keeps(sig))
			sigaction(sig, &sa, NULL);
	sigprocmask(SIG_SETMASK, held, NULL);
}

int kctr_setup_interrupted(struct kctr_err *err)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	char name[16];
	sigset_t pending;
	size_t i;

	if (sigpending(&pending))
		return 0;
	for (i = 0; i < ARRAY_SIZE(stops); i++)
		if (sigismember(&pending, stops[i]))
			return kctr_err_set(err, EINTR, "interrupted by SIG%s "
					    "during setup",
					    kctr_signal_name(stops[i], name,
							     sizeof(name)));
	return 0;
}

int kctr_wait_code(pid_t pid)
{
	siginfo_t si;
	int status;

	/* Forwarding ends before the reap: a reaped pid may be reused. */
	while (waitid(P_PID, pid, &si, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			return KCTR_EXIT_SPAWN_FAILED;
	if (fwd_pid == pid)
		fwd_pid = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return KCTR_EXIT_SPAWN_FAILED;
	return kctr_cinit_code(status);
}

/* ---- terminals ---- */

int kctr_tty_attach(int slave)
{
	if (setsid() < 0)
		return -errno;
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return -errno;
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	if (slave > 2)
		close(slave);
	return 0;
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &mh, 0) == 1 ? 0 : -errno;
}

int kctr_tty_recv_master(int sock, struct kctr_err *err)
{
	char cbuf[CMSG_SPACE(sizeof(int))], byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) != 1)
		return kctr_err_set(err, EPIPE, "tty: no terminal from the "
				    "container");
	c = CMSG_FIRSTHDR(&mh);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return kctr_err_set(err, EPROTO, "tty: no terminal passed");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

int kctr_tty_open(int sock, uid_t uid, gid_t gid, struct kctr_err *err)
{
	char name[64];
	int master, slave, ret;

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return kctr_err_set(err, errno, "tty: /dev/ptmx: %m");
	if (unlockpt(master) || ptsname_r(master, name, sizeof(name))) {
		ret = kctr_err_set(err, errno, "tty: unlockpt: %m");
		goto close_master;
	}
	/*
	 * Opened now, while the caller is still root, and given to the
	 * workload's user: after JOIN a "-u 1000" process could not open
	 * a terminal that belongs to root, nor use it as its own.
	 */
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0) {
		ret = kctr_err_set(err, errno, "tty: %s: %m", name);
		goto close_master;
	}
	if (fchown(slave, uid, gid)) {
		ret = kctr_err_set(err, errno, "tty: %s: chown to %u:%u: %m",
				   name, (unsigned int)uid, (unsigned int)gid);
		goto close_slave;
	}
	ret = send_fd(sock, master);
	if (ret) {
		kctr_err_set(err, -ret, "tty: passing the terminal: %s",
			     strerror(-ret));
		goto close_slave;
	}
	close(master);
	return slave;
close_slave:
	close(slave);
close_master:
	close(master);
	return ret;
}

static volatile sig_atomic_t winch;

static void winch_handler(int sig)
{
	(void)sig;
	winch = 1;
}

static void copy_winsize(int master)
{
	struct winsize ws;

	if (!ioctl(STDIN_FILENO, TIOCGWINSZ, &ws))
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Copy what is readable from @from to @to; false at EOF or error. */
static bool pump(int from, int to)
{
	char buf[4096];
	ssize_t n, off = 0, w;

	n = read(from, buf, sizeof(buf));
	if (n <= 0)
		return n < 0 && (errno == EINTR || errno == EAGAIN);
	while (off < n) {
		w = write(to, buf + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += w;
	}
	return true;
}

/*
 * The end of kctr's input becomes the end of the workload's: its
 * terminal's EOF character, when it reads lines (a program in raw mode
 * reads bytes and has no EOF to be given).
 */
static void pass_eof(int master)
{
	struct termios t;

	if (!tcgetattr(master, &t) && (t.c_lflag & ICANON))
		(void)!write(master, &t.c_cc[VEOF], 1);
}

/*
 * What the terminal already holds as complete lines is passed on in
 * canonical mode, before the switch to raw: an EOF typed (or sent, as
 * script(1) does when its input ends) is kept in the line buffer as a
 * NUL, and raw mode would hand that NUL to the container as input.
 * Returns false when the terminal's input has ended.
 */
static bool pass_typeahead(int master)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	while (poll(&p, 1, 0) == 1 && (p.revents & POLLIN))
		if (!pump(STDIN_FILENO, master))
			return false;
	return true;
}

void kctr_tty_relay(int master, int pidfd)
{
	struct sigaction sa = { .sa_handler = winch_handler };
	struct termios saved, raw;
	bool is_tty = isatty(STDIN_FILENO), in_open = true;
	struct pollfd pfd[3];
	char buf[4096];
	ssize_t n;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	if (is_tty && !tcgetattr(STDIN_FILENO, &saved)) {
		if ((saved.c_lflag & ICANON) && !pass_typeahead(master)) {
			in_open = false;
			pass_eof(master);
		}
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
		copy_winsize(master);
	} else {
		is_tty = false;
	}
	for (;;) {
		if (winch) {
			winch = 0;
			copy_winsize(master);
		}
		pfd[0] = (struct pollfd){ master, POLLIN, 0 };
		pfd[1] = (struct pollfd){ pidfd, POLLIN, 0 };
		pfd[2] = (struct pollfd){ in_open ? STDIN_FILENO : -1,
					  POLLIN, 0 };
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents & POLLIN) {
			if (!pump(master, STDOUT_FILENO))
				break;
			continue;
		}
		if (pfd[0].revents & (POLLHUP | POLLERR))
			break;
		if (pfd[2].revents & (POLLIN | POLLHUP)) {
			in_open = pump(STDIN_FILENO, master);
			if (!in_open)
				pass_eof(master);
		}
		if (pfd[1].revents & POLLIN)
			break;
	}
	/* What the workload wrote just before it exited. */
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	while ((n = read(master, buf, sizeof(buf))) > 0)
		if (write(STDOUT_FILENO, buf, n) != n)
			break;
	if (is_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
}
