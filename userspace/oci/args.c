// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci's command line. runc (urfave/cli on Go's flag package) is the
 * model: global options before the command, per-command options, "--opt
 * value", "--opt=value", "-o value", booleans also as "--opt=true|false".
 * Options may follow the id (runtime-tools writes "kill ID KILL", people
 * "delete ID --force"), except for exec and ps whose arguments after the
 * id belong to the program (exec ID ls -l) or to ps(1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "args.h"
#include "state.h"

enum opt_id {
	O_ROOT, O_LOG, O_LOG_FORMAT, O_DEBUG, O_SYSTEMD_CGROUP, O_ROOTLESS,
	O_CGROUP_MANAGER, O_CRIU, O_VERSION, O_HELP,
	O_BUNDLE, O_PID_FILE, O_CONSOLE_SOCKET, O_NO_PIVOT, O_NO_NEW_KEYRING,
	O_PRESERVE_FDS, O_DETACH, O_ALL, O_FORCE, O_PROCESS, O_TTY, O_CWD,
	O_ENV, O_USER, O_CAP, O_GIDS, O_NO_NEW_PRIVS, O_APPARMOR,
	O_PROCESS_LABEL, O_CGROUP, O_IGNORE_PAUSED, O_FORMAT, O_QUIET,
};

struct optdef {
	const char *name;
	char short_name;	/* 0: none */
	bool has_arg;
	enum opt_id id;
};

#define OPT(n, s, a, i)	{ n, s, a, i }
#define END		{ NULL, 0, false, 0 }

static const struct optdef global_opts[] = {
	OPT("root", 0, true, O_ROOT),
	OPT("log", 0, true, O_LOG),
	OPT("log-format", 0, true, O_LOG_FORMAT),
	OPT("debug", 0, false, O_DEBUG),
	OPT("systemd-cgroup", 0, false, O_SYSTEMD_CGROUP),
	OPT("rootless", 0, true, O_ROOTLESS),
	OPT("cgroup-manager", 0, true, O_CGROUP_MANAGER),
	OPT("criu", 0, true, O_CRIU),
	OPT("version", 'v', false, O_VERSION),
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef create_opts[] = {
	OPT("bundle", 'b', true, O_BUNDLE),
	OPT("pid-file", 0, true, O_PID_FILE),
	OPT("console-socket", 0, true, O_CONSOLE_SOCKET),
	OPT("no-pivot", 0, false, O_NO_PIVOT),
	OPT("no-new-keyring", 0, false, O_NO_NEW_KEYRING),
	OPT("preserve-fds", 0, true, O_PRESERVE_FDS),
	OPT("detach", 'd', false, O_DETACH),	/* go-runc may add it */
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef kill_opts[] = {
	OPT("all", 'a', false, O_ALL),
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef delete_opts[] = {
	OPT("force", 'f', false, O_FORCE),
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef exec_opts[] = {
	OPT("process", 'p', true, O_PROCESS),
	OPT("detach", 'd', false, O_DETACH),
	OPT("pid-file", 0, true, O_PID_FILE),
	OPT("tty", 't', false, O_TTY),
	OPT("console-socket", 0, true, O_CONSOLE_SOCKET),
	OPT("cwd", 0, true, O_CWD),
	OPT("env", 'e', true, O_ENV),
	OPT("user", 'u', true, O_USER),
	OPT("additional-gids", 'g', true, O_GIDS),
	OPT("cap", 'c', true, O_CAP),
	OPT("no-new-privs", 0, false, O_NO_NEW_PRIVS),
	OPT("apparmor", 0, true, O_APPARMOR),
	OPT("process-label", 0, true, O_PROCESS_LABEL),
	OPT("preserve-fds", 0, true, O_PRESERVE_FDS),
	OPT("cgroup", 0, true, O_CGROUP),
	OPT("ignore-paused", 0, false, O_IGNORE_PAUSED),
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef format_opts[] = {
	OPT("format", 'f', true, O_FORMAT),
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef list_opts[] = {
	OPT("format", 'f', true, O_FORMAT),
	OPT("quiet", 'q', false, O_QUIET),
	OPT("help", 'h', false, O_HELP),
	END
};

static const struct optdef help_only[] = {
	OPT("help", 'h', false, O_HELP),
	END
};

/* nargs: exact number of positional arguments; -1: ID then any. */
struct cmddef {
	const char *name;
	enum oci_cmd cmd;
	const struct optdef *opts;
	int nargs;
};

static const struct cmddef cmds[] = {
	{ "create", OCI_CMD_CREATE, create_opts, 1 },
	{ "start", OCI_CMD_START, help_only, 1 },
	{ "state", OCI_CMD_STATE, help_only, 1 },
	{ "kill", OCI_CMD_KILL, kill_opts, 2 },	/* ID [SIG] */
	{ "delete", OCI_CMD_DELETE, delete_opts, 1 },
	{ "exec", OCI_CMD_EXEC, exec_opts, -1 },
	{ "ps", OCI_CMD_PS, format_opts, -1 },
	{ "list", OCI_CMD_LIST, list_opts, 0 },
	{ "pause", OCI_CMD_PAUSE, help_only, 1 },
	{ "resume", OCI_CMD_RESUME, help_only, 1 },
	{ "features", OCI_CMD_FEATURES, help_only, 0 },
	{ "version", OCI_CMD_VERSION, help_only, 0 },
	{ "help", OCI_CMD_HELP, help_only, 0 },
};

const char *oci_cmd_name(enum oci_cmd cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (cmds[i].cmd == cmd)
			return cmds[i].name;
	return "kctr-oci";
}

/* One option as written: its definition and its value (NULL if none). */
struct optval {
	const struct optdef *def;
	const char *val;
	const char *text;	/* argv element, for messages */
};

static const struct optdef *find_opt(const struct optdef *opts,
				     const char *name, size_t len, char c)
{
	for (; opts->name; opts++)
		if (c ? opts->short_name == c :
		    strlen(opts->name) == len && !strncmp(opts->name, name, len))
			return opts;
	return NULL;
}

/*
 * argv[*i] starts with '-': look it up in @opts, take its value (inline
 * after '=' or the next element) and advance *i past what it used.
 */
static int take_opt(int argc, char **argv, int *i, const struct optdef *opts,
		    const char *where, struct optval *ov, struct kctr_err *err)
{
	const char *s = argv[*i], *name, *eq;
	size_t len;

	ov->text = s;
	ov->val = NULL;
	if (s[1] == '-') {
		name = s + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		ov->def = find_opt(opts, name, len, 0);
	} else {
		name = s + 1;
		eq = name[1] == '=' ? name + 1 : NULL;
		ov->def = (eq || !name[1]) ? find_opt(opts, NULL, 0, name[0]) :
			  NULL;
		/* Go's flag package also takes -long for --long. */
		if (!ov->def) {
			eq = strchr(name, '=');
			len = eq ? (size_t)(eq - name) : strlen(name);
			ov->def = len > 1 ? find_opt(opts, name, len, 0) : NULL;
		}
	}
	if (!ov->def)
		return kctr_err_set(err, EINVAL, "%s: unknown option %s", where,
				    s);
	(*i)++;
	if (eq) {
		ov->val = eq + 1;
		if (ov->def->has_arg)
			return 0;
		if (strcmp(ov->val, "true") && strcmp(ov->val, "false"))
			return kctr_err_set(err, EINVAL,
					    "%s: option %s takes true or false",
					    where, s);
		return 0;
	}
	if (!ov->def->has_arg)
		return 0;
	if (*i >= argc)
		return kctr_err_set(err, EINVAL,
				    "%s: option %s needs a value", where, s);
	ov->val = argv[(*i)++];
	return 0;
}

static bool flag_on(const struct optval *ov)
{
	return !ov->val || !strcmp(ov->val, "true");
}

static int parse_uint(const char *s, const struct optval *ov,
		      unsigned int *out, struct kctr_err *err)
{
	uint64_t n;

	if (kctr_parse_u64(s, &n) || n > 65536)
		return kctr_err_set(err, EINVAL,
				    "option %s: \"%s\" is not a number of fds",
				    ov->text, s);
	*out = (unsigned int)n;
	return 0;
}

static int push(const char **list, unsigned int *nr, const struct optval *ov,
		struct kctr_err *err)
{
	if (*nr >= OCI_MAX_LIST)
		return kctr_err_set(err, E2BIG, "option %s: more than %d",
				    ov->text, OCI_MAX_LIST);
	list[(*nr)++] = ov->val;
	return 0;
}

static int apply_global(struct oci_args *a, const struct optval *ov,
			struct kctr_err *err)
{
	struct oci_global *g = &a->g;

	switch (ov->def->id) {
	case O_ROOT:
		if (!*ov->val)
			return kctr_err_set(err, EINVAL, "--root: empty path");
		g->root = ov->val;
		return 0;
	case O_LOG:
		g->log = *ov->val ? ov->val : NULL;
		return 0;
	case O_LOG_FORMAT:
		if (!strcmp(ov->val, "text"))
			g->log_format = OCI_LOG_TEXT;
		else if (!strcmp(ov->val, "json"))
			g->log_format = OCI_LOG_JSON;
		else
			return kctr_err_set(err, EINVAL,
					    "--log-format: \"%s\" is neither text nor json",
					    ov->val);
		return 0;
	case O_DEBUG:
		g->debug = flag_on(ov);
		return 0;
	case O_SYSTEMD_CGROUP:
		g->systemd_cgroup = flag_on(ov);
		return 0;
	case O_ROOTLESS:
		g->rootless = ov->val;
		return 0;
	case O_CGROUP_MANAGER:
		g->cgroup_manager = ov->val;
		return 0;
	case O_CRIU:
		g->criu = ov->val;
		return 0;
	case O_VERSION:
		if (a->cmd != OCI_CMD_HELP)
			a->cmd = OCI_CMD_VERSION;
		return 0;
	case O_HELP:
		a->cmd = OCI_CMD_HELP;
		return 0;
	default:
		return kctr_err_set(err, EINVAL, "unexpected option %s",
				    ov->text);
	}
}

static int apply_cmd_opt(struct oci_args *a, const struct optval *ov,
			 struct kctr_err *err)
{
	switch (ov->def->id) {
	case O_BUNDLE:
		a->bundle = ov->val;
		return 0;
	case O_PID_FILE:
		a->pid_file = ov->val;
		return 0;
	case O_CONSOLE_SOCKET:
		a->console_socket = ov->val;
		return 0;
	case O_NO_PIVOT:
		a->no_pivot = flag_on(ov);
		return 0;
	case O_NO_NEW_KEYRING:
		a->no_new_keyring = flag_on(ov);
		return 0;
	case O_PRESERVE_FDS:
		return parse_uint(ov->val, ov, &a->preserve_fds, err);
	case O_DETACH:
		a->detach = flag_on(ov);
		return 0;
	case O_ALL:
		a->all = flag_on(ov);
		return 0;
	case O_FORCE:
		a->force = flag_on(ov);
		return 0;
	case O_PROCESS:
		a->process = ov->val;
		return 0;
	case O_TTY:
		a->tty = flag_on(ov);
		return 0;
	case O_CWD:
		a->cwd = ov->val;
		return 0;
	case O_ENV:
		return push(a->env, &a->nr_env, ov, err);
	case O_USER:
		a->user = ov->val;
		return 0;
	case O_CAP:
		return push(a->caps, &a->nr_caps, ov, err);
	case O_GIDS:
		return push(a->gids, &a->nr_gids, ov, err);
	case O_NO_NEW_PRIVS:
		a->no_new_privs = flag_on(ov);
		return 0;
	case O_APPARMOR:
		a->apparmor = ov->val;
		return 0;
	case O_PROCESS_LABEL:
		a->process_label = ov->val;
		return 0;
	case O_CGROUP:
		a->cgroup = ov->val;
		return 0;
	case O_IGNORE_PAUSED:
		a->ignore_paused = flag_on(ov);
		return 0;
	case O_FORMAT:
		if (!strcmp(ov->val, "table"))
			a->format = OCI_FMT_TABLE;
		else if (!strcmp(ov->val, "json"))
			a->format = OCI_FMT_JSON;
		else
			return kctr_err_set(err, EINVAL,
					    "invalid format option \"%s\" (table or json)",
					    ov->val);
		return 0;
	case O_QUIET:
		a->quiet = flag_on(ov);
		return 0;
	case O_HELP:
		a->cmd = OCI_CMD_HELP;
		return 0;
	default:
		return kctr_err_set(err, EINVAL, "unexpected option %s",
				    ov->text);
	}
}

static bool is_option(const char *s)
{
	return s[0] == '-' && s[1];
}

/*
 * The command's options and positional arguments from argv[i..]. For a
 * command taking "ID ARGS..." the options end at the id.
 */
static int parse_command(int argc, char **argv, int i,
			 const struct cmddef *cd, struct oci_args *a,
			 struct kctr_err *err)
{
	char *pos[2];
	int npos = 0, ret;
	bool dashdash = false;
	struct optval ov;

	while (i < argc) {
		if (!dashdash && !strcmp(argv[i], "--")) {
			dashdash = true;
			i++;
			continue;
		}
		if (!dashdash && is_option(argv[i])) {
			ret = take_opt(argc, argv, &i, cd->opts, cd->name, &ov,
				       err);
			if (!ret)
				ret = apply_cmd_opt(a, &ov, err);
			if (ret)
				return ret;
			if (a->cmd == OCI_CMD_HELP) {
				a->help_cmd = cd->cmd;
				return 0;
			}
			continue;
		}
		if (cd->nargs < 0) {
			/* ID, then the rest verbatim. */
			pos[npos++] = argv[i++];
			a->argc = argc - i;
			a->argv = argv + i;
			break;
		}
		if (npos >= cd->nargs)
			return kctr_err_set(err, EINVAL,
					    "\"%s\" takes at most %d argument(s), got \"%s\" too",
					    cd->name, cd->nargs, argv[i]);
		pos[npos++] = argv[i++];
	}
	if (cd->nargs != 0 && npos == 0)
		return kctr_err_set(err, EINVAL,
				    "\"%s\" requires a container id", cd->name);
	if (npos > 0) {
		a->id = pos[0];
		ret = oci_id_valid(a->id, err);
		if (ret)
			return ret;
	}
	if (npos > 1)
		a->signal = pos[1];
	return 0;
}

static int check_command(struct oci_args *a, struct kctr_err *err)
{
	switch (a->cmd) {
	case OCI_CMD_KILL:
		if (!a->signal)
			return 0;
		a->sig = kctr_parse_signal(a->signal);
		if (a->sig < 0)
			return kctr_err_set(err, EINVAL,
					    "unknown signal \"%s\"", a->signal);
		return 0;
	case OCI_CMD_EXEC:
		if (!a->process && a->argc == 0)
			return kctr_err_set(err, EINVAL,
					    "exec: no --process and no command: process args cannot be empty");
		return 0;
	case OCI_CMD_PS:
		if (a->format == OCI_FMT_JSON && a->argc)
			return kctr_err_set(err, EINVAL,
					    "ps: arguments cannot be given with --format json");
		return 0;
	default:
		return 0;
	}
}

int oci_args_parse(int argc, char **argv, struct oci_args *a,
		   struct kctr_err *err)
{
	const struct cmddef *cd = NULL;
	struct optval ov;
	int i = 1, ret;
	size_t k;

	memset(a, 0, sizeof(*a));
	a->g.root = OCI_DEFAULT_ROOT;
	a->sig = 15;
	while (i < argc && is_option(argv[i])) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		ret = take_opt(argc, argv, &i, global_opts, "kctr-oci", &ov,
			       err);
		if (!ret)
			ret = apply_global(a, &ov, err);
		if (ret)
			return ret;
	}
	if (a->cmd == OCI_CMD_HELP || a->cmd == OCI_CMD_VERSION)
		return 0;
	if (i >= argc)
		return kctr_err_set(err, EINVAL,
				    "no command given (see kctr-oci --help)");
	for (k = 0; k < ARRAY_SIZE(cmds); k++)
		if (!strcmp(argv[i], cmds[k].name))
			cd = &cmds[k];
	if (!cd)
		return kctr_err_set(err, EINVAL,
				    "unknown command \"%s\" (see kctr-oci --help)",
				    argv[i]);
	a->cmd = cd->cmd;
	a->cmd_name = cd->name;
	ret = parse_command(argc, argv, i + 1, cd, a, err);
	if (ret || a->cmd == OCI_CMD_HELP)
		return ret;
	return check_command(a, err);
}
