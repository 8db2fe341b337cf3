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

#define KCTR_OCI_VERSION	"0.1.0"

/* Run the command of @a: 0 or a negative errno with @err set. */
int oci_dispatch(const struct oci_args *a, struct oci_log *log,
		 struct kctr_err *err);

void oci_usage(FILE *f, enum oci_cmd cmd);
void oci_print_version(FILE *f);
/* runtime-spec features.md: what kctr-oci honours, nothing more. */
void oci_print_features(FILE *f);

#endif
