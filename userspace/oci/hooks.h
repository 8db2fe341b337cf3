/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OCI hooks (config.md "POSIX-platform Hooks"): run path with args (args[0]
 * included) and env exactly as given, the container's state JSON on
 * stdin, killed after timeout seconds. Library code: errors as values.
 */
#ifndef KCTR_OCI_HOOKS_H
#define KCTR_OCI_HOOKS_H

#include <stddef.h>

#include "err.h"

struct oci_hook {
	char *path;		/* absolute */
	char **args;		/* NULL-terminated, may be NULL: { path } */
	char **env;		/* NULL-terminated, may be NULL: empty */
	int timeout;		/* seconds, 0: none */
};

struct oci_hook_list {
	struct oci_hook *v;
	size_t n;
};

/*
 * Run one hook; @state is written to its stdin. 0 when it exited 0, else
 * -1 with err "hook PATH failed: exit status N" (or "killed by signal N",
 * "timed out after Ns"), its output's last line appended when it wrote
 * one.
 */
int oci_hook_run(const struct oci_hook *h, const char *state,
		 struct kctr_err *err);
/* Run the hooks in order, stopping at the first failure (prestart...). */
int oci_hooks_run(const struct oci_hook_list *l, const char *state,
		  struct kctr_err *err);

/* Deep copies and frees, for the state file. */
int oci_hook_copy(struct oci_hook *dst, const struct oci_hook *src);
void oci_hook_list_free(struct oci_hook_list *l);

#endif
