/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --console-socket for kctr-oci: the client lives in the library
 * (lib/console.h, kctr_console_send) since kctr_exec() needs it too.
 */
#ifndef KCTR_OCI_CONSOLE_H
#define KCTR_OCI_CONSOLE_H

#include "../lib/console.h"

#define OCI_CONSOLE_NAME_MAX	KCTR_CONSOLE_NAME_MAX

static inline int oci_console_send(const char *path, int master,
				   const char *name, struct kctr_err *err)
{
	return kctr_console_send(path, master, name, err);
}

#endif
