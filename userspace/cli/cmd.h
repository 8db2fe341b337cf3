/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers the subcommands share: open, resolve, print errors. */
#ifndef KCTR_CMD_H
#define KCTR_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "nlclient.h"

/* Open the netlink client; 0, or the exit status after printing why. */
int kctr_cmd_open(struct kctr_nl **nl);
/* Resolve NAME|IDPREFIX; 0, or the exit status after printing why. */
int kctr_cmd_resolve(struct kctr_nl *nl, const char *spec,
		     struct kctr_info *info);
/* Print a failure and return its exit status. */
int kctr_cmd_fail(const struct kctr_err *err);

/*
 * Commands whose only option is -h/--help, followed by NAME|ID arguments.
 * kctr_cmd_names() parses that: -1 when the caller goes on with
 * argv[*first..argc-1] (one at least), else the exit status to return
 * (help printed, or a usage error). kctr_cmd_one() takes exactly one
 * NAME|ID and resolves it: 0 with *info set (free it), or the exit status
 * with *info NULL; help printed is 0 with *info NULL.
 */
int kctr_cmd_names(int argc, char **argv, void (*usage)(FILE *f), int *first);
int kctr_cmd_one(int argc, char **argv, void (*usage)(FILE *f),
		 struct kctr_info **info);

/* What to do with each container a command names. */
struct kctr_cmd_op {
	int (*fn)(struct kctr_nl *nl, struct kctr_info *c, void *arg);
	void *arg;
};
/*
 * Resolve each NAME|ID of argv[0..argc-1] and run op->fn on it, on one
 * netlink socket; a name that does not resolve is reported and skipped.
 * The status is the last failure's, else 0.
 */
int kctr_cmd_for_each(int argc, char **argv, const struct kctr_cmd_op *op);

/* The command line of --help for "kctr CMD": -h/--help was seen. */
#define KCTR_HELP_OPTION { "help", no_argument, NULL, 'h' }

/* "CAP_CHOWN", ... for the bits of @mask, as a JSON array or a list. */
void kctr_json_caps(struct kj *j, const char *key, uint64_t mask);
char *kctr_caps_list(uint64_t mask, char *buf, size_t len);

/* What a container's STATUS column is made of. */
struct kctr_status {
	uint32_t state, exit_code;
	bool has_exit_code;
	uint64_t started_ns, exited_ns;
};

/* "created", "up 3m2s", "exited 0 (5s ago)", as of @now_ns (realtime). */
char *kctr_status_at(const struct kctr_status *st, uint64_t now_ns, char *buf,
		     size_t len);


/* The whole record of one container as a JSON object (inspect). */
void kctr_inspect_json(struct kj *j, const struct kctr_info *c);

#endif
