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

/* The command line of --help for "kctr CMD": -h/--help was seen. */
#define KCTR_HELP_OPTION { "help", no_argument, NULL, 'h' }

/* "CAP_CHOWN", ... for the bits of @mask, as a JSON array or a list. */
void kctr_json_caps(struct kj *j, const char *key, uint64_t mask);
char *kctr_caps_list(uint64_t mask, char *buf, size_t len);

/* "created", "running (up 3m2s)", "exited 0 (5s ago)". */
char *kctr_status_text(const struct kctr_info *info, char *buf, size_t len);

/* The whole record of one container as a JSON object (inspect). */
void kctr_inspect_json(struct kj *j, const struct kctr_info *c);

#endif
