// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci exec as conmon and containerd's shim call it ("exec --process F
 * --detach --pid-file P [--tty --console-socket S] ID"), and runc's flag
 * form. Building the description is pure (oci_exec_build, unit-tested);
 * cmds.c's oci_cmd_exec() loads the container and runs it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "cmds.h"
#include "exec.h"
#include "fileutil.h"
#include "log.h"

static int parse_id(const char *s, const char *what, uint32_t *out,
		    struct kctr_err *err)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || s[0] == '+' ||
	    v >= UINT32_MAX)
		return kctr_err_set(err, EINVAL, "exec: invalid %s \"%s\" "
				    "(a number)", what, s);
	*out = (uint32_t)v;
	return 0;
}

int oci_parse_user(const char *s, uint32_t *uid, uint32_t *gid,
		   struct kctr_err *err)
{
	char buf[32];
	char *colon;

	if (strlen(s) >= sizeof(buf))
		return kctr_err_set(err, EINVAL, "exec: invalid user \"%s\"",
				    s);
	strcpy(buf, s);
	colon = strchr(buf, ':');
	*gid = 0;
	if (colon) {
		*colon = '\0';
		if (parse_id(colon + 1, "gid", gid, err))
			return -EINVAL;
	}
	return parse_id(buf, "uid", uid, err);
}

static int copy_rlimits(const struct kctr_oci_process *p, struct oci_exec *x,
			struct kctr_err *err)
{
	size_t i;

	if (!p->nr_rlimits)
		return 0;
	x->rlimits = calloc(p->nr_rlimits, sizeof(*x->rlimits));
	if (!x->rlimits)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < p->nr_rlimits; i++) {
		x->rlimits[i].resource = p->rlimits[i].resource;
		x->rlimits[i].soft = p->rlimits[i].soft;
		x->rlimits[i].hard = p->rlimits[i].hard;
	}
	x->d.rlimits = x->rlimits;
	x->d.nr_rlimits = p->nr_rlimits;
	return 0;
}

/* The identity and process attributes of @p (a file or the base). */
static int from_process(const struct kctr_oci_process *p, struct oci_exec *x,
			struct kctr_err *err)
{
	struct kctr_exec_desc *d = &x->d;

	d->has_user = true;
	d->uid = p->uid;
	d->gid = p->gid;
	d->groups = p->gids;
	d->nr_groups = p->nr_gids;
	d->cwd = p->cwd;
	d->has_umask = p->has_umask;
	d->umask = p->umask;
	d->has_oom_score_adj = p->has_oom_score_adj;
	d->oom_score_adj = p->oom_score_adj;
	if (p->has_caps) {
		d->has_caps = true;
		d->caps = (struct kctr_caps_req){
			.bounding = p->bounding, .effective = p->effective,
			.permitted = p->permitted,
			.inheritable = p->inheritable, .ambient = p->ambient,
		};
	}
	d->nnp = p->no_new_privileges ? KCTR_EXEC_NNP_SET :
		KCTR_EXEC_NNP_CLEAR;
	d->apparmor_profile = p->apparmor_profile;
	return copy_rlimits(p, x, err);
}

static int from_file(const struct oci_args *a,
		     const struct kctr_oci_process *p, uint64_t unsupported,
		     struct oci_exec *x, struct kctr_err *err)
{
	struct kctr_exec_desc *d = &x->d;
	int ret;

	ret = kctr_oci_unsupported(unsupported, 0, "process.json", err);
	if (ret)
		return ret;
	ret = from_process(p, x, err);
	if (ret)
		return ret;
	d->argv = p->args;
	d->env = (const char *const *)p->env;
	d->nr_env = p->nr_env;
	d->env_exact = true;
	d->tty = p->terminal || a->tty;
	if (p->has_console_size) {
		d->tty_rows = (unsigned short)p->console_height;
		d->tty_cols = (unsigned short)p->console_width;
	}
	return 0;
}

/* @base's env, then --env (the later one of a name wins). */
static int flag_env(const struct oci_args *a,
		    const struct kctr_oci_process *base, struct oci_exec *x,
		    struct kctr_err *err)
{
	size_t nb = base ? base->nr_env : 0, i;

	for (i = 0; i < a->nr_env; i++)
		if (!strchr(a->env[i], '=') || a->env[i][0] == '=')
			return kctr_err_set(err, EINVAL, "exec: invalid --env "
					    "\"%s\" (NAME=VALUE)", a->env[i]);
	x->env = calloc(nb + a->nr_env + 1, sizeof(*x->env));
	if (!x->env)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < nb; i++)
		x->env[i] = base->env[i];
	for (i = 0; i < a->nr_env; i++)
		x->env[nb + i] = a->env[i];
	x->d.env = x->env;
	x->d.nr_env = nb + a->nr_env;
	x->d.env_exact = base != NULL;
	return 0;
}

static int flag_user(const struct oci_args *a, struct oci_exec *x,
		     struct kctr_err *err)
{
	unsigned int i;

	if (a->user) {
		x->d.has_user = true;
		if (oci_parse_user(a->user, &x->d.uid, &x->d.gid, err))
			return -EINVAL;
	}
	if (!a->nr_gids)
		return 0;
	x->gids = calloc(a->nr_gids, sizeof(*x->gids));
	if (!x->gids)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < a->nr_gids; i++)
		if (parse_id(a->gids[i], "additional gid", &x->gids[i], err))
			return -EINVAL;
	x->d.has_user = true;
	x->d.groups = x->gids;
	x->d.nr_groups = a->nr_gids;
	return 0;
}

static int flag_caps(const struct oci_args *a,
		     const struct kctr_oci_process *base, struct oci_exec *x,
		     struct kctr_err *err)
{
	uint64_t add = 0;
	unsigned int i;

	if (!a->nr_caps)
		return 0;
	if (!base || !base->has_caps)
		return kctr_err_set(err, EOPNOTSUPP, "exec: --cap needs the "
				    "container's process.capabilities (its "
				    "bundle's config.json)");
	for (i = 0; i < a->nr_caps; i++)
		if (kctr_caps_update(&add, a->caps[i], 1, err))
			return kctr_err_wrap(err, "exec: --cap");
	x->d.caps.bounding |= add;
	x->d.caps.effective |= add;
	x->d.caps.permitted |= add;
	return 0;
}

static int from_flags(const struct oci_args *a,
		      const struct kctr_oci_process *base, struct oci_exec *x,
		      struct kctr_err *err)
{
	struct kctr_exec_desc *d = &x->d;
	int ret;

	if (a->process_label)
		return kctr_err_set(err, EOPNOTSUPP, "exec: --process-label "
				    "is not supported");
	if (base) {
		ret = from_process(base, x, err);
		if (ret)
			return ret;
	} else {
		/* runc's default: root, no supplementary group. */
		d->has_user = true;
		d->nnp = KCTR_EXEC_NNP_INHERIT;
	}
	d->argv = a->argv;
	d->tty = a->tty;
	/* Over the base's, as runc's --apparmor. */
	if (a->apparmor)
		d->apparmor_profile = a->apparmor;
	if (a->cwd) {
		if (a->cwd[0] != '/')
			return kctr_err_set(err, EINVAL, "exec: --cwd must be "
					    "an absolute path");
		d->cwd = a->cwd;
	}
	if (a->no_new_privs)
		d->nnp = KCTR_EXEC_NNP_SET;
	ret = flag_env(a, base, x, err);
	if (!ret)
		ret = flag_user(a, x, err);
	if (!ret)
		ret = flag_caps(a, base, x, err);
	return ret;
}

int oci_exec_build(const struct oci_args *a,
		   const struct kctr_oci_process *file, uint64_t unsupported,
		   const struct kctr_oci_process *base,
		   struct oci_exec *x, struct kctr_err *err)
{
	int ret;

	memset(x, 0, sizeof(*x));
	if (a->cgroup)
		ret = kctr_err_set(err, EOPNOTSUPP, "exec: --cgroup is not "
				   "supported (the process joins the "
				   "container's cgroup)");
	else if (a->preserve_fds)
		ret = kctr_err_set(err, EOPNOTSUPP, "exec: --preserve-fds is "
				   "not supported yet");
	else if (a->ignore_paused)
		ret = kctr_err_set(err, EOPNOTSUPP, "exec: --ignore-paused is "
				   "not supported (a process cloned into a "
				   "frozen cgroup would not run)");
	else if (file)
		ret = from_file(a, file, unsupported, x, err);
	else
		ret = from_flags(a, base, x, err);
	if (!ret && a->console_socket && !x->d.tty)
		ret = kctr_err_set(err, EINVAL, "exec: --console-socket needs "
				   "a terminal (--tty or process.terminal)");
	if (!ret && a->detach && x->d.tty && !a->console_socket)
		ret = kctr_err_set(err, EINVAL, "exec: cannot allocate a tty "
				   "when detached without --console-socket");
	if (ret) {
		oci_exec_free(x);
		return ret;
	}
	x->d.container = a->id;
	x->d.console_socket = a->console_socket;
	x->d.detach = a->detach;
	/* Without a tty, stdio go to the process untouched. */
	x->d.keep_stdin = true;
	return 0;
}

void oci_exec_free(struct oci_exec *x)
{
	free(x->env);
	free(x->gids);
	free(x->rlimits);
	x->env = NULL;
	x->gids = NULL;
	x->rlimits = NULL;
}

/* ---- the command ---- */

/*
 * runc refuses a paused or stopped container with these words. It lets
 * an exec into a created one; kctr cannot: kctr.ko takes a JOIN of a
 * created container as its init's, an exec's only once START ran (the
 * five sets, the filter and the containment checks are START's), so
 * that one is refused with the reason.
 */
static int exec_refused(const struct oci_ctr *c, struct kctr_err *err)
{
	switch (c->status) {
	case OCI_STATUS_RUNNING:
		return 0;
	case OCI_STATUS_PAUSED:
		return kctr_err_set(err, EBUSY, "cannot exec in a paused "
				    "container \"%s\"", c->st.id);
	case OCI_STATUS_STOPPED:
		return kctr_err_set(err, ESRCH, "cannot exec in a stopped "
				    "container \"%s\": container not running",
				    c->st.id);
	default:
		return kctr_err_set(err, ESRCH, "cannot exec in container "
				    "\"%s\" before start (%s): container not "
				    "running (kctr.ko admits an exec only "
				    "after the init's START)", c->st.id,
				    oci_status_name(c->status));
	}
}

/*
 * The container's own process (runc keeps it in its state; kctr-oci
 * reads the bundle's config.json again): the base of the flag form.
 * 1 when @cfg was loaded (kctr_oci_config_free it), 0 when the bundle
 * or its config.json is gone (a hand-made state directory): kctr's
 * defaults then.
 */
static int load_base(const struct oci_ctr *c, struct kctr_oci_config *cfg,
		     struct oci_log *log, struct kctr_err *err)
{
	char path[4096];
	int ret;

	if (!c->st.bundle)
		return 0;
	if (snprintf(path, sizeof(path), "%s/config.json", c->st.bundle) >=
	    (int)sizeof(path))
		return kctr_err_set(err, ENAMETOOLONG, "%s: path too long",
				    c->st.bundle);
	ret = kctr_oci_config_load(path, cfg, err);
	if (ret == -ENOENT) {
		oci_logf(log, OCI_DEBUG, "exec: %s: none, kctr's defaults",
			 path);
		return 0;
	}
	return ret ? ret : 1;
}

static int write_pid(pid_t pid, void *arg, struct kctr_err *err)
{
	const char *path = arg;

	return oci_pid_file_write(path, pid, err);
}

static int run_exec(const struct oci_args *a, const struct oci_ctr *c,
		    const struct kctr_oci_process *file, uint64_t unsup,
		    const struct kctr_oci_process *base, struct kctr_err *err)
{
	struct oci_exec x;
	int ret;

	ret = oci_exec_build(a, file, unsup, base, &x, err);
	if (ret)
		return ret;
	/* By the kernel id: another container may reuse the name later. */
	x.d.id = c->info->id;
	/* The filter is the container's, installed as its init's was. */
	x.d.seccomp_flags = (unsigned int)c->st.seccomp_flags;
	if (a->pid_file) {
		x.d.started = write_pid;
		x.d.started_arg = (void *)a->pid_file;
	}
	ret = kctr_exec(&x.d, err);
	oci_exec_free(&x);
	return ret;
}

int oci_cmd_exec(const struct oci_args *a, struct oci_log *log,
		 struct kctr_err *err)
{
	struct kctr_oci_process file, *fp = NULL;
	struct kctr_oci_config cfg = { 0 };
	struct kctr_nl *nl = NULL;
	uint64_t unsup = 0;
	struct oci_ctr c;
	int ret, loaded = 0;

	ret = ctr_load(a, &nl, &c, err);
	if (nl)
		kctr_nl_close(nl);
	if (ret)
		return ret;
	ret = exec_refused(&c, err);
	if (!ret && a->process) {
		ret = kctr_oci_process_load(a->process, &file, &unsup, err);
		if (!ret)
			fp = &file;
	} else if (!ret) {
		loaded = load_base(&c, &cfg, log, err);
		if (loaded < 0)
			ret = loaded;
	}
	if (!ret)
		ret = run_exec(a, &c, fp, unsup, loaded > 0 && cfg.has_process ?
			       &cfg.process : NULL, err);
	if (fp)
		kctr_oci_process_free(fp);
	if (loaded > 0)
		kctr_oci_config_free(&cfg);
	ctr_free(&c);
	return ret;
}
