/* SPDX-License-Identifier: GPL-2.0 */
/* `kctr-oci create` (runtime.md "create"): the container, created, waiting. */
#ifndef KCTR_OCI_CREATE_H
#define KCTR_OCI_CREATE_H

#include "args.h"
#include "err.h"
#include "log.h"

/* The FIFO `start` opens, in <root>/<id>/. */
#define OCI_START_FIFO	"exec.fifo"

int oci_cmd_create(const struct oci_args *a, struct oci_log *log,
		   struct kctr_err *err);

#endif
