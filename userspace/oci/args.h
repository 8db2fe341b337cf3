/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kctr-oci command line: runc's grammar as podman/conmon, containerd's
 * shim (go-runc) and runtime-tools write it. Global options come before the
 * command; "--opt value" and "--opt=value" both work. oci_args_parse() has
 * no side effects: it fills a struct whose strings point into argv.
 */
#ifndef KCTR_OCI_ARGS_H
#define KCTR_OCI_ARGS_H

#include <stdbool.h>

#include "err.h"

#define OCI_DEFAULT_ROOT	"/run/kctr-oci"
/* Repeatable exec options (--env, --cap, --additional-gids). */
#define OCI_MAX_LIST		256

enum oci_cmd {
	OCI_CMD_NONE,
	OCI_CMD_CREATE,
	OCI_CMD_START,
	OCI_CMD_STATE,
	OCI_CMD_KILL,
	OCI_CMD_DELETE,
	OCI_CMD_EXEC,
	OCI_CMD_PS,
	OCI_CMD_LIST,
	OCI_CMD_PAUSE,
	OCI_CMD_RESUME,
	OCI_CMD_FEATURES,
	OCI_CMD_VERSION,	/* --version, -v, "version" */
	OCI_CMD_HELP,		/* --help, -h, "help", "CMD --help" */
};

enum oci_log_format { OCI_LOG_TEXT, OCI_LOG_JSON };
enum oci_format { OCI_FMT_TABLE, OCI_FMT_JSON };

struct oci_global {
	const char *root;		/* default OCI_DEFAULT_ROOT */
	const char *log;		/* NULL: stderr only */
	enum oci_log_format log_format;
	bool debug;
	/* Accepted and recorded, not acted on. */
	bool systemd_cgroup;
	const char *rootless, *cgroup_manager, *criu;
};

struct oci_args {
	struct oci_global g;
	enum oci_cmd cmd;
	const char *cmd_name;		/* as written; NULL for none */
	enum oci_cmd help_cmd;		/* "CMD --help": CMD */
	const char *id;

	/* create, exec */
	const char *bundle;		/* create; NULL: the working directory */
	const char *pid_file, *console_socket;
	bool no_pivot, no_new_keyring, detach;
	unsigned int preserve_fds;

	/* kill */
	bool all;
	const char *signal;		/* as written; NULL: TERM */
	int sig;			/* parsed, 15 by default */

	/* delete */
	bool force;

	/* exec: --process F, or runc's flags and ARGS */
	const char *process, *cwd, *user, *apparmor, *process_label;
	const char *cgroup;
	bool tty, no_new_privs, ignore_paused;
	unsigned int nr_env, nr_caps, nr_gids;
	const char *env[OCI_MAX_LIST];
	const char *caps[OCI_MAX_LIST];
	const char *gids[OCI_MAX_LIST];
	int argc;			/* exec ARGS, ps's ps(1) arguments */
	char **argv;

	/* ps, list */
	enum oci_format format;
	bool quiet;
};

/*
 * Parse argv[0..argc-1] (argv[0] the program). 0, or -EINVAL with a
 * message runc would also give ("unknown option", "requires exactly 1
 * argument(s)", "invalid container id").
 */
int oci_args_parse(int argc, char **argv, struct oci_args *a,
		   struct kctr_err *err);
const char *oci_cmd_name(enum oci_cmd cmd);

#endif
