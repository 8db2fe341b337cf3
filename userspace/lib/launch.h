/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One container launch, fully resolved: what `kctr spawn` builds from its
 * options (cli/spawn.c) and `kctr-oci create` from config.json.
 * kctr_launch() runs the sequence: CREATE in the module, the device
 * program on the cgroup, the init cloned into it with its new namespaces,
 * the init's root filesystem, JOIN, the seccomp filter, START.
 *
 * A field the launcher does not implement yet is refused by name
 * ("launch: console socket not supported yet"), never ignored: a caller
 * that sets it learns before anything is made.
 */
#ifndef KCTR_LAUNCH_H
#define KCTR_LAUNCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "devices.h"
#include "err.h"
#include "mounts.h"
#include "network.h"
#include "nlclient.h"
#include "rootfs.h"
#include "sysctl.h"

/* Namespace kinds the running kernel has (/proc/self/ns/<kind>). */
uint32_t kctr_ns_available(void);
/* "mnt", "pid", ... for KCTR_NS_KIND_*, "?" for anything else. */
const char *kctr_ns_name(int kind);

/* A resource limit, set on the init before it joins (setrlimit). */
struct kctr_rlimit {
	int resource;			/* RLIMIT_* */
	uint64_t soft, hard;
};

struct kctr_launch {
	/* ---- the module's record ---- */
	const char *name;		/* NULL: the module picks "c<id>" */
	/* With a new uts namespace, and $HOSTNAME; NULL: the name. */
	const char *hostname;
	uint32_t flags;			/* more CREATE flags (KCTR_F_*) */
	/*
	 * KCTR_F_AUTO_REMOVE, and kctr_launch_wait() removes the state
	 * directory once the init is reaped.
	 */
	bool auto_remove;

	/* ---- root: overlayfs over image layers, upper in the state dir ---- */
	const char *image;		/* NULL: KCTR_DEFAULT_IMAGE */
	const char *rootfs;		/* a directory as the only layer, instead */
	/*
	 * A tree used as it is, bound (recursively) as the root instead of
	 * an overlayfs: OCI root.path. Nothing is written beside it.
	 */
	const char *root_path;
	bool read_only;
	const char *cwd;		/* created if missing; NULL: "/" */

	/* ---- mounts, after the standard ones ---- */
	const struct kctr_volume *vols;	/* host directories bound in */
	size_t nr_vols;
	const char *const *tmpfs;	/* tmpfs mount points */
	size_t nr_tmpfs;
	/*
	 * Generic entries (OCI mounts[], struct kctr_mount in mounts.h),
	 * in order after the standard mounts, volumes and tmpfs, before
	 * the masked paths. An entry of kctr's own kind on one of its
	 * destinations (proc on /proc, tmpfs on /dev or /dev/shm, devpts
	 * on /dev/pts, mqueue on /dev/mqueue, sysfs on /sys, cgroup or
	 * cgroup2 on /sys/fs/cgroup) is merged into kctr's mount: its
	 * flags added, its data after kctr's, kctr's nosuid/nodev/noexec
	 * and read-only /sys kept. Every entry is nodev unless it says
	 * "dev" (then the device program decides). Checked (types,
	 * options, bind sources) before anything is made.
	 */
	const struct kctr_mount *mounts;
	size_t nr_mounts;
	/*
	 * Hidden (an empty tmpfs, or /dev/null) and made read-only, after
	 * kctr's own lists, which always apply: OCI maskedPaths and
	 * readonlyPaths. Paths inside the root; missing ones are skipped.
	 */
	const char *const *masked_paths, *const *readonly_paths;
	size_t nr_masked_paths, nr_readonly_paths;

	/* ---- namespaces ---- */
	uint32_t ns_new;		/* KCTR_NS_* bits: created */
	/*
	 * OCI linux.sysctl, written by the init in its new namespaces
	 * before its root is set up: only keys of a namespace in @ns_new
	 * (kctr_sysctl_check in sysctl.h), others refused by name before
	 * anything is made.
	 */
	const struct kctr_sysctl *sysctls;
	size_t nr_sysctls;
	/*
	 * A network (needs a new net namespace): bridge, veth, address and
	 * NAT, claimed in the module (network.h); the /etc files. NULL: the
	 * namespace has lo up and nothing else.
	 */
	const struct kctr_launch_net *net;
	/*
	 * Joined by path (NULL: new or the caller's): net, uts, ipc, cgroup
	 * and time by the init, pid around its clone; user and mnt refused.
	 */
	const char *ns_path[__KCTR_NS_KIND_COUNT];
	/*
	 * With KCTR_NS_USER, each 1 to KCTR_MAP_MAX_EXTENTS extents, one
	 * of them mapping inside id 0 (the init is root there first). With
	 * root_path any such maps, uids and gids apart; with an image or a
	 * rootfs one extent from 0, the same for both (layers are shifted
	 * by its outside id).
	 */
	const struct kctr_id_extent_req *uid_map, *gid_map;
	size_t nr_uid_map, nr_gid_map;

	/* ---- identity ---- */
	bool has_user;			/* else root (0:0) */
	uint32_t uid, gid;
	const uint32_t *groups;		/* additional gids (setgroups) */
	size_t nr_groups;
	bool has_umask;			/* else the caller's umask */
	mode_t umask;
	bool has_oom_score_adj;		/* /proc/<init>/oom_score_adj */
	int oom_score_adj;
	/*
	 * The five sets, each a mask of CAP_* bits. kctr spawn sets
	 * bounding = effective = permitted, no inheritable nor ambient.
	 */
	struct kctr_caps_req caps;
	/*
	 * A non-root user keeps the five sets as given (OCI); else it keeps
	 * only the bounding set, as other runtimes do for `-u`.
	 */
	bool keep_caps;
	const struct kctr_rlimit *rlimits; /* on the init, before JOIN */
	size_t nr_rlimits;

	/* ---- the process ---- */
	char *const *argv;		/* NULL-terminated, argv[0] looked up in PATH */
	const char *const *env;		/* "VAR=VALUE" */
	size_t nr_env;
	/*
	 * false: PATH, HOME, HOSTNAME (and TERM with a tty) first, then
	 * @env over them (kctr spawn); true: @env alone, as given (OCI).
	 */
	bool env_exact;
	bool no_init;			/* the workload is pid 1 (no kctr-init) */

	/* ---- terminal and stdio ---- */
	/* A pty in the container's devpts: its master from kctr_launch_wait. */
	bool tty;
	bool keep_stdin;		/* else stdin is /dev/null (unless tty) */
	bool log;			/* stdout and stderr to <state dir>/log */
	const char *console_socket;	/* master sent over it: not yet */
	/*
	 * Signals sent to the caller (INT, TERM, HUP, ...) go to the init
	 * until kctr_launch_wait() reaped it.
	 */
	bool forward_signals;
	/*
	 * Two phases (OCI create, then start): a FIFO the init opens for
	 * writing once it joined the container. kctr_launch() returns as
	 * soon as the container is created (the init waits in that open);
	 * whoever opens the FIFO for reading lets it install its filter,
	 * START and run the workload. After START the init writes one byte
	 * "0" to it (kctr_launch_start()). NULL: one phase.
	 */
	const char *start_fifo;

	/*
	 * An AppArmor profile (OCI process.apparmorProfile) the workload runs
	 * confined by, from its execve(2) on (and the before_exec step's
	 * programs, not before_pivot's): the init asks for it after JOIN,
	 * before it reports, so a profile the kernel has not loaded fails
	 * the launch. Refused up front where AppArmor is not enabled.
	 */
	const char *apparmor_profile;

	/* ---- seccomp: one of ---- */
	const char *seccomp;		/* "default", "unconfined" or a JSON file */
	const void *seccomp_prog;	/* a built struct sock_filter[] */
	size_t seccomp_len;		/* bytes */
	/*
	 * seccomp(2)'s SECCOMP_FILTER_FLAG_* for the install (OCI
	 * linux.seccomp.flags): TSYNC, LOG, SPEC_ALLOW; the kernel refuses
	 * one it does not know, and the launch fails naming it.
	 */
	unsigned int seccomp_flags;

	/* ---- devices and limits ---- */
	const struct kctr_device *devs;	/* host nodes bound into /dev */
	size_t nr_devs;
	/* More device program rules (OCI linux.resources.devices): not yet. */
	const struct kctr_dev_rule *dev_rules;
	size_t nr_dev_rules;
	struct kctr_limits_req limits;

	/*
	 * Three points of the sequence for a caller's own steps (OCI's
	 * prestart and createRuntime, createContainer, startContainer
	 * hooks), each given the init's pid in the caller's pid namespace:
	 *
	 * - @at_created, in the caller, once the init is in its cgroup and
	 *   namespaces (network set up) and has made its mounts, before its
	 *   pivot_root; the init waits for it.
	 * - @before_pivot, in the init right after: its mount namespace
	 *   still shows the caller's tree, it holds the caller's
	 *   credentials (no filter, nothing reduced: it has not joined).
	 *   Whatever process it leaves behind is killed (the init is their
	 *   child subreaper and kills its children until it has none), so
	 *   only the init goes on to JOIN.
	 * - @before_exec, in the init once START is done: inside its root,
	 *   with the workload's credentials and filter, before the exec
	 *   (with @start_fifo before `start` is told START succeeded).
	 *
	 * An error from any fails the launch (at_created, before_pivot:
	 * nothing left behind; before_exec: the init exits, its message on
	 * stderr, and the workload never runs). The init runs in a copy of
	 * the caller's memory: @hook_arg holds what the caller set before
	 * kctr_launch().
	 */
	int (*at_created)(pid_t pid, void *arg, struct kctr_err *err);
	int (*before_pivot)(pid_t pid, void *arg, struct kctr_err *err);
	int (*before_exec)(pid_t pid, void *arg, struct kctr_err *err);
	void *hook_arg;

	/* Non-fatal trouble (warnings, cleanup); NULL: dropped. */
	void (*warn)(const char *msg, void *arg);
	void *warn_arg;
};

/* A running container, as kctr_launch() leaves it to its caller. */
struct kctr_launched {
	uint64_t id;
	char name[KCTR_NAME_MAX + 1];
	pid_t pid;			/* its init, a child of the caller */
	int pidfd;
	int tty_sock;			/* with tty: the master comes on it */
	bool auto_remove;
	char dir[PATH_MAX];		/* the state directory */
};

/*
 * Launch @l: 0 once the container is running (START done), @c filled;
 * else -errno with @err, and nothing left behind (no record, no state
 * directory, no process).
 */
int kctr_launch(const struct kctr_launch *l, struct kctr_launched *c,
		struct kctr_err *err);
/*
 * With a tty, relay between the caller's terminal and the container's;
 * then reap the init and, with auto_remove, remove the state directory.
 * The exit code as a shell reports it; trouble on the way (no terminal
 * came, the directory stayed) in @err, with err->code set.
 */
int kctr_launch_wait(struct kctr_launched *c, struct kctr_err *err);
/* Close what @c holds (the init runs on). */
void kctr_launched_close(struct kctr_launched *c);

/* no_new_privs of an exec'd process. */
enum kctr_exec_nnp {
	KCTR_EXEC_NNP_INHERIT,	/* as the container's processes have it */
	KCTR_EXEC_NNP_SET,	/* set after START (OCI noNewPrivileges) */
	/*
	 * Must be off: refused, before anything is done, in a container
	 * without KCTR_F_ALLOW_NEW_PRIVS (the module sets it at JOIN).
	 */
	KCTR_EXEC_NNP_CLEAR,
};

/* A new process in a running container (kctr exec, kctr-oci exec). */
struct kctr_exec_desc {
	const char *container;		/* name or id */
	uint64_t id;			/* not 0: instead of @container */
	char *const *argv;		/* NULL-terminated, looked up in PATH */
	const char *const *env;		/* "VAR=VALUE" */
	size_t nr_env;
	bool env_exact;			/* as kctr_launch.env_exact */
	bool has_user;			/* else root (0:0) */
	uint32_t uid, gid;
	/* Supplementary groups (setgroups before JOIN); needs has_user. */
	const uint32_t *groups;
	size_t nr_groups;
	const char *cwd;		/* NULL: the init's */
	bool has_umask;
	mode_t umask;
	/* setrlimit() before JOIN, in this order (OCI process.rlimits). */
	const struct kctr_rlimit *rlimits;
	size_t nr_rlimits;
	bool has_oom_score_adj;
	int oom_score_adj;
	/*
	 * The five sets after START: each must be within what the process
	 * holds then (the container's sets), -EPERM naming the first
	 * capability that is not. Without: the container's sets (a non-root
	 * user keeps only the bounding set).
	 */
	bool has_caps;
	struct kctr_caps_req caps;
	enum kctr_exec_nnp nnp;
	/* As kctr_launch.seccomp_flags: the container's, for its filter. */
	unsigned int seccomp_flags;
	/* As kctr_launch.apparmor_profile, asked for after START. */
	const char *apparmor_profile;

	/*
	 * A pty in the container's devpts: relayed to the caller's terminal,
	 * or with @console_socket its master sent over that AF_UNIX socket
	 * (console.h) and nothing relayed.
	 */
	bool tty;
	const char *console_socket;	/* needs tty */
	unsigned short tty_rows, tty_cols;	/* TIOCSWINSZ if not 0 */
	bool keep_stdin;		/* else stdin is /dev/null (unless tty) */
	/*
	 * Return 0 once the process runs (START done), not waiting for it:
	 * it is left to the caller's child subreaper (or init). Needs a
	 * console socket with a tty.
	 */
	bool detach;
	/*
	 * Called once the process runs, with its pid in the caller's pid
	 * namespace (the pid file); an error kills the process and is
	 * kctr_exec()'s.
	 */
	int (*started)(pid_t pid, void *arg, struct kctr_err *err);
	void *started_arg;
};

/*
 * Run @d in its container (every namespace of the init, its cgroup, JOIN,
 * filter, START) and wait for it, forwarding the caller's signals: the
 * exit code as a shell reports it (128+N for signal N), or -errno with
 * @err. With @d->detach 0 once it runs.
 */
int kctr_exec(const struct kctr_exec_desc *d, struct kctr_err *err);

#endif
