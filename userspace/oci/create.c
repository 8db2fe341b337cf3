// SPDX-License-Identifier: GPL-2.0
/*
 * `kctr-oci create`: parse the bundle's config.json, launch the container
 * in two phases (lib/launch.h start_fifo) so that it is created, joined
 * and waiting for `start`, hand the pty master to the console socket,
 * record state.json, write the pid file and exit. The hooks run inside
 * the launch (launch.h): prestart and createRuntime here once the init's
 * namespaces and mounts exist, createContainer in the init before its
 * pivot_root, startContainer in the init at `start`. The init stays a
 * child of the caller until then, so the engine's subreaper (conmon, the
 * shim) inherits it. Any failure removes what was made: the kernel
 * record, the init, the state directory.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "console.h"
#include "create.h"
#include "fileutil.h"
#include "hooks.h"
#include "image.h"
#include "launch.h"
#include "launchcfg.h"
#include "nlclient.h"
#include "spawn.h"
#include "startfifo.h"
#include "util.h"
#include "state.h"

struct create {
	const struct oci_args *a;
	struct oci_log *log;
	char bundle[PATH_MAX], dir[PATH_MAX], fifo[PATH_MAX];
	struct kctr_oci_config cfg;
	bool cfg_loaded, dir_made, launched;
	struct oci_launch ol;
	struct kctr_launched c;
	struct oci_state st;
};

static void warn_to_log(const char *msg, void *arg)
{
	oci_logf(arg, OCI_WARN, "%s", msg);
}

static int load_bundle(struct create *cr, struct kctr_err *err)
{
	const char *b = cr->a->bundle ? cr->a->bundle : ".";
	char path[PATH_MAX + 16];

	if (!realpath(b, cr->bundle))
		return kctr_err_set(err, errno, "bundle %s: %m", b);
	snprintf(path, sizeof(path), "%s/config.json", cr->bundle);
	if (kctr_oci_config_load(path, &cr->cfg, err))
		return -err->code;
	cr->cfg_loaded = true;
	return 0;
}

static int make_state_dir(struct create *cr, struct kctr_err *err)
{
	const struct oci_args *a = cr->a;

	if (oci_state_dir_create(a->g.root, a->id, err))
		return -err->code;
	cr->dir_made = true;
	if (oci_state_dir(a->g.root, a->id, cr->dir, sizeof(cr->dir)) ||
	    (size_t)snprintf(cr->fifo, sizeof(cr->fifo), "%s/%s", cr->dir,
			     OCI_START_FIFO) >= sizeof(cr->fifo))
		return kctr_err_set(err, ENAMETOOLONG, "%s/%s: too long",
				    a->g.root, a->id);
	return kctr_start_fifo_make(cr->fifo, err);
}

/* runc's rule: a terminal needs somewhere to put it, and only then. */
static int check_console(struct create *cr, struct kctr_err *err)
{
	bool tty = cr->cfg.process.terminal;

	if (tty && !cr->a->console_socket)
		return kctr_err_set(err, EINVAL, "process.terminal is true: "
				    "--console-socket is required");
	if (!tty && cr->a->console_socket)
		return kctr_err_set(err, EINVAL, "--console-socket given but "
				    "process.terminal is false");
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int copy_hooks(const struct kctr_oci_hooks *h,
		      enum kctr_oci_hook_kind kind, struct oci_hook_list *out)
{
	const struct kctr_oci_hook *src = h->list[kind];
	struct oci_hook tmp;
	size_t i;

	out->n = 0;
	out->v = calloc(h->nr[kind] + 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	for (i = 0; i < h->nr[kind]; i++) {
		tmp.path = src[i].path;
		tmp.args = src[i].args;
		tmp.env = src[i].env;
		tmp.timeout = src[i].timeout;
		if (oci_hook_copy(&out->v[i], &tmp))
			return -ENOMEM;
		out->n++;
	}
	return 0;
}

/*
 * What the hooks' state and state.json hold, but the kernel id and the
 * pid: before the launch, whose hooks need it.
 */
static int fill_state(struct create *cr, struct kctr_err *err)
{
	const struct kctr_oci_config *cfg = &cr->cfg;
	struct oci_state *st = &cr->st;
	char owner[256] = "";
	size_t i;

	snprintf(st->id, sizeof(st->id), "%s", cr->a->id);
	st->created_ns = now_ns();
	st->bundle = strdup(cr->bundle);
	st->rootfs = strdup(cr->ol.root);
	kctr_passwd_name("/etc/passwd", geteuid(), owner, sizeof(owner));
	st->owner = strdup(owner);
	st->cgroups_path = cfg->cgroups_path ? strdup(cfg->cgroups_path) : NULL;
	st->seccomp_flags = cr->ol.l.seccomp_flags;
	st->systemd_cgroup = cr->a->g.systemd_cgroup;
	st->cgroup_manager = cr->a->g.cgroup_manager ?
			     strdup(cr->a->g.cgroup_manager) : NULL;
	st->rootless = cr->a->g.rootless ? strdup(cr->a->g.rootless) : NULL;
	st->annotations = calloc(cfg->nr_annotations + 1,
				 sizeof(*st->annotations));
	if (!st->bundle || !st->rootfs || !st->owner || !st->annotations)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < cfg->nr_annotations; i++) {
		st->annotations[i].key = strdup(cfg->annotations[i].key);
		st->annotations[i].val = strdup(cfg->annotations[i].value);
		st->nr_annotations++;
		if (!st->annotations[i].key || !st->annotations[i].val)
			return kctr_err_set(err, ENOMEM, "out of memory");
	}
	if (copy_hooks(&cfg->hooks, KCTR_OCI_HOOK_POSTSTART, &st->poststart) ||
	    copy_hooks(&cfg->hooks, KCTR_OCI_HOOK_POSTSTOP, &st->poststop))
		return kctr_err_set(err, ENOMEM, "out of memory");
	return 0;
}

/*
 * The hooks of @kinds in order, the state (@status, @pid) on their stdin,
 * stopping at the first failure: creating while create runs them (as
 * runc), created at start. Run by the launch (launch.h): in
 * create for prestart and createRuntime, in the init for createContainer
 * (before pivot_root, the runtime's tree and credentials) and
 * startContainer (after START, inside the container).
 */
static int run_hooks(struct create *cr, pid_t pid, enum oci_status status,
		     const enum kctr_oci_hook_kind *kinds, size_t n,
		     struct kctr_err *err)
{
	struct oci_hook_list l = { 0 };
	char *state;
	size_t k;
	int ret = 0;

	cr->st.pid = pid;
	state = oci_state_string(&cr->st, status, false);
	if (!state)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (k = 0; !ret && k < n; k++) {
		if (!cr->cfg.hooks.nr[kinds[k]])
			continue;
		ret = copy_hooks(&cr->cfg.hooks, kinds[k], &l) ?
		      kctr_err_set(err, ENOMEM, "out of memory") :
		      oci_hooks_run(&l, state, err);
		oci_hook_list_free(&l);
	}
	free(state);
	return ret;
}

/* prestart (deprecated, still Docker's networking) then createRuntime. */
static int at_created(pid_t pid, void *arg, struct kctr_err *err)
{
	static const enum kctr_oci_hook_kind kinds[] = {
		KCTR_OCI_HOOK_PRESTART, KCTR_OCI_HOOK_CREATE_RUNTIME,
	};

	return run_hooks(arg, pid, OCI_STATUS_CREATING, kinds, 2, err);
}

static int before_pivot(pid_t pid, void *arg, struct kctr_err *err)
{
	static const enum kctr_oci_hook_kind kind =
		KCTR_OCI_HOOK_CREATE_CONTAINER;

	return run_hooks(arg, pid, OCI_STATUS_CREATING, &kind, 1, err);
}

static int before_exec(pid_t pid, void *arg, struct kctr_err *err)
{
	static const enum kctr_oci_hook_kind kind =
		KCTR_OCI_HOOK_START_CONTAINER;

	return run_hooks(arg, pid, OCI_STATUS_CREATED, &kind, 1, err);
}

/* Only the points with hooks to run: each costs a rendezvous. */
static void set_hooks(struct create *cr)
{
	const struct kctr_oci_hooks *h = &cr->cfg.hooks;
	struct kctr_launch *l = &cr->ol.l;

	if (h->nr[KCTR_OCI_HOOK_PRESTART] || h->nr[KCTR_OCI_HOOK_CREATE_RUNTIME])
		l->at_created = at_created;
	if (h->nr[KCTR_OCI_HOOK_CREATE_CONTAINER])
		l->before_pivot = before_pivot;
	if (h->nr[KCTR_OCI_HOOK_START_CONTAINER])
		l->before_exec = before_exec;
	l->hook_arg = cr;
}

static int launch(struct create *cr, struct kctr_err *err)
{
	int ret;

	ret = oci_launch_from_config(&cr->cfg, cr->bundle, cr->a->id, &cr->ol,
				     err);
	if (!ret)
		ret = fill_state(cr, err);
	if (ret)
		return ret;
	set_hooks(cr);
	cr->ol.l.start_fifo = cr->fifo;
	cr->ol.l.warn = warn_to_log;
	cr->ol.l.warn_arg = cr->log;
	ret = kctr_launch(&cr->ol.l, &cr->c, err);
	if (ret)
		return ret;
	cr->launched = true;
	cr->st.kernel_id = cr->c.id;
	cr->st.pid = cr->c.pid;
	return 0;
}

static int pass_console(struct create *cr, struct kctr_err *err)
{
	int master, ret;

	if (!cr->cfg.process.terminal)
		return 0;
	master = kctr_tty_recv_master(cr->c.tty_sock, err);
	if (master < 0)
		return kctr_err_wrap(err, "console");
	ret = oci_console_send(cr->a->console_socket, master, NULL, err);
	close(master);
	return ret;
}

/* Undo, newest first: the init and its record, then the directory. */
static void undo(struct create *cr)
{
	struct kctr_err e = { 0 };
	struct kctr_nl *nl = NULL;

	if (cr->launched) {
		kill(cr->c.pid, SIGKILL);
		waitpid(cr->c.pid, NULL, 0);
		if (!kctr_nl_open(&nl, &e)) {
			if (kctr_nl_delete(nl, cr->c.id, KCTR_F_FORCE, &e) &&
			    e.code != ENOENT)
				oci_logf(cr->log, OCI_WARN, "cleanup: %s", e.msg);
			kctr_nl_close(nl);
		}
		kctr_rm_tree(cr->c.dir, &e);
	}
	if (cr->dir_made && oci_state_remove(cr->a->g.root, cr->a->id, &e))
		oci_logf(cr->log, OCI_WARN, "cleanup: %s", e.msg);
}

static int create(struct create *cr, struct kctr_err *err)
{
	int ret;

	ret = oci_id_valid(cr->a->id, err);
	if (!ret && cr->a->preserve_fds)
		ret = kctr_err_set(err, EOPNOTSUPP, "--preserve-fds %u: not "
				   "supported yet", cr->a->preserve_fds);
	if (!ret)
		ret = load_bundle(cr, err);
	if (!ret)
		ret = check_console(cr, err);
	if (!ret)
		ret = make_state_dir(cr, err);
	if (!ret)
		ret = launch(cr, err);
	if (!ret)
		ret = pass_console(cr, err);
	if (!ret)
		ret = oci_state_write(cr->a->g.root, &cr->st, err);
	if (!ret && cr->a->pid_file)
		ret = oci_pid_file_write(cr->a->pid_file, cr->c.pid, err);
	return ret;
}

int oci_cmd_create(const struct oci_args *a, struct oci_log *log,
		   struct kctr_err *err)
{
	struct create cr = { .a = a, .log = log };
	int ret;

	cr.c.pidfd = cr.c.tty_sock = -1;
	ret = create(&cr, err);
	if (ret)
		undo(&cr);
	if (cr.launched)
		kctr_launched_close(&cr.c);
	oci_state_free(&cr.st);
	oci_launch_free(&cr.ol);
	if (cr.cfg_loaded)
		kctr_oci_config_free(&cr.cfg);
	return ret;
}
