/* SPDX-License-Identifier: GPL-2.0 */
/* Pieces spawn and exec share: the joining sequence and the tty relay. */
#ifndef KCTR_SPAWN_H
#define KCTR_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "nlclient.h"

/* What a child tells its parent before it runs the workload. */
struct kctr_report {
	int ok;
	int code;
	char msg[512];
};

/* write(), but a reader that is gone is EPIPE, never a SIGPIPE. */
ssize_t kctr_write_nosigpipe(int fd, const void *buf, size_t len);
/* Child side: send a failure (or success when @err is NULL). */
void kctr_report_send(int fd, const struct kctr_err *err);
/* Parent side: 0 once the child reported success, else -errno + err. */
int kctr_report_recv(int fd, struct kctr_err *err);
/*
 * Parent side, after a success: until the child's execve() is done; 0, or
 * the error the child reported when that execve() failed.
 */
int kctr_report_wait_exec(int fd, struct kctr_err *err);

/* At most this many additional gids (the kernel's NGROUPS_MAX is 65536). */
#define KCTR_MAX_GROUPS		1024

/* Who a container process runs as. */
struct kctr_identity {
	bool has_user;			/* else it stays root (0:0) */
	uint32_t uid, gid;
	const uint32_t *groups;		/* additional gids */
	size_t nr_groups;
	/*
	 * A non-root user keeps the container's sets instead of only the
	 * bounding set: the caller reduces them itself after START (exec
	 * with OCI process.capabilities).
	 */
	bool keep_caps;
};

/* What JOIN handed back, for kctr_join_finish(). */
struct kctr_joined {
	void *prog;			/* the container's filter, or NULL */
	size_t len;
	/* SECCOMP_FILTER_FLAG_* for its install: set between the halves */
	unsigned int flags;
};

/*
 * The first half, from the joining process: -u and groups, JOIN (and, for
 * a non-root user of a container without KCTR_F_ALLOW_NEW_PRIVS, down to
 * the bounding set). @nsfds only for the init.
 */
int kctr_join_prepare(struct kctr_nl *nl, uint64_t id, const int *nsfds,
		      const struct kctr_identity *u, bool allow_new_privs,
		      struct kctr_joined *j, struct kctr_err *err);
/* The second half: the filter, START. Frees what @j holds. */
int kctr_join_finish(struct kctr_nl *nl, uint64_t id, struct kctr_joined *j,
		     struct kctr_err *err);
void kctr_join_abandon(struct kctr_joined *j);
/*
 * After START in a KCTR_F_ALLOW_NEW_PRIVS container (where JOIN left the
 * sets alone): a non-root @u without keep_caps down to the bounding set,
 * as kctr_join_prepare() does after JOIN in the others.
 */
int kctr_join_user_drop(const struct kctr_identity *u, struct kctr_err *err);
/*
 * Both halves: JOIN, -u, seccomp, START. @uid/@gid applied when
 * @has_user.
 */
int kctr_join_sequence(struct kctr_nl *nl, uint64_t id, const int *nsfds,
		       bool has_user, uint32_t uid, uint32_t gid,
		       struct kctr_err *err);

/* The environment of a container process: defaults, then @env. */
void kctr_container_env(const char *const *env, size_t n, bool tty,
			bool root, const char *hostname);

/* The environment of a container process: @env alone, as given. */
void kctr_container_env_exact(const char *const *env, size_t n);

/* exec @argv; on failure print why and _exit(126 or 127). */
void kctr_exec_workload(char **argv) __attribute__((noreturn));
/*
 * kctr_exec_workload() for a process that reported its setup on
 * @report_fd (close-on-exec; -1: none): a failed execve() is reported
 * there too, for kctr_report_wait_exec(), and told on stderr unless
 * @quiet.
 */
void kctr_exec_reported(char **argv, int report_fd, bool quiet)
	__attribute__((noreturn));

/*
 * Parent side of -t: relay between the terminal and @master until @pidfd
 * is readable (the child exited).
 */
void kctr_tty_relay(int master, int pidfd);

/*
 * Signals and the clone of a container's process. Before the clone, the
 * parent blocks what the child will forward (kctr_cinit_block(&held)); the
 * child inherits the block and keeps it until its workload runs, so that
 * nothing sent meanwhile is lost: not by the default action ending kctr
 * before it forwards, nor by a pid namespace's init without a handler.
 * After the clone the parent forwards SIGINT, SIGTERM, ... to @pid and
 * restores @held: what it received since is forwarded then.
 */
void kctr_forward_signals(pid_t pid, const sigset_t *held);
/*
 * In the child before START: -EINTR, and why, if SIGINT, SIGTERM, SIGHUP
 * or SIGQUIT is pending (held since the clone). A request to stop fails
 * the setup instead of starting a container only to stop it; one that
 * comes later reaches the workload once it runs.
 */
int kctr_setup_interrupted(struct kctr_err *err);
/*
 * Wait for @pid through EINTR, stop forwarding to it, reap it; the exit
 * code as a shell reports it.
 */
int kctr_wait_code(pid_t pid);

/* Become the session leader of the terminal @slave and use it as 0/1/2. */
int kctr_tty_attach(int slave);
/*
 * Open a pty in the container's devpts, pass the master over @sock; the
 * slave's fd (close-on-exec, owned by @uid:@gid), or -errno and why.
 */
int kctr_tty_open(int sock, uid_t uid, gid_t gid, struct kctr_err *err);
int kctr_tty_recv_master(int sock, struct kctr_err *err);

#endif
