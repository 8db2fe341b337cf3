/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Subcommands of kctr. kctr.c parses the global options and dispatches;
 * each command parses its own options (getopt_long, exact names) from
 * argv[0] = the command name, and returns the process exit status.
 */
#ifndef KCTR_COMMANDS_H
#define KCTR_COMMANDS_H

#include <stdbool.h>

#include "err.h"		/* the exit statuses */

struct kctr_global {
	bool json;	/* -j/--json */
	bool quiet;
};

int kctr_cmd_spawn(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_exec(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_image(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_version(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_list(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_inspect(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_ns(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_top(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_logs(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_stats(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_kill(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_stop(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_rm(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_network(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_port(int argc, char **argv, const struct kctr_global *g);
int kctr_cmd_events(int argc, char **argv, const struct kctr_global *g);

#endif
