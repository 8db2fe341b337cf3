/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kctr-oci's commands, dispatched on the parsed command line. Each one
 * prints its result on stdout and nothing else; errors come back as
 * values for main() to log (--log, and stderr).
 */
#ifndef KCTR_OCI_CMDS_H
#define KCTR_OCI_CMDS_H

#include <stdio.h>

#include "err.h"
#include "args.h"
#include "log.h"
#include "nlclient.h"
#include "state.h"

#define KCTR_OCI_VERSION	"0.1.0"

/* Run the command of @a: 0 or a negative errno with @err set. */
int oci_dispatch(const struct oci_args *a, struct oci_log *log,
		 struct kctr_err *err);

/* A container as the commands see it: the file and the kernel's record. */
struct oci_ctr {
	struct oci_state st;
	struct kctr_info *info;		/* NULL: the module has none */
	enum oci_status status;
	char cgdir[4096];		/* "" when unknown */
};

/*
 * <root>/<id>/state.json, then the kernel's record by its id (opening
 * *@nl if NULL): ENOENT "container \"ID\" does not exist" without the
 * file. ctr_free() what it filled.
 */
int ctr_load(const struct oci_args *a, struct kctr_nl **nl,
	     struct oci_ctr *c, struct kctr_err *err);
void ctr_free(struct oci_ctr *c);

/* exec (oci/exec.c): 0, the process's exit status, or -errno. */
int oci_cmd_exec(const struct oci_args *a, struct oci_log *log,
		 struct kctr_err *err);

void oci_usage(FILE *f, enum oci_cmd cmd);
void oci_print_version(FILE *f);
/* runtime-spec features.md: what kctr-oci honours, nothing more. */
void oci_print_features(FILE *f);

#endif
