/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kctr-oci exec: the command line (runc's flags, or --process FILE with
 * an OCI "process" object) turned into a kctr_exec() description, then
 * run in the container (lib/exec.c).
 */
#ifndef KCTR_OCI_EXEC_H
#define KCTR_OCI_EXEC_H

#include <stdint.h>

#include "args.h"
#include "config.h"
#include "err.h"
#include "launch.h"

struct oci_exec {
	struct kctr_exec_desc d;
	/* Owned arrays @d points into. */
	const char **env;
	uint32_t *gids;
	struct kctr_rlimit *rlimits;
};

/*
 * Pure: @a's exec options, with @file the parsed --process file (NULL
 * without; @unsupported its unsupported-field bits) and @base the
 * container's config.json process (NULL if unknown), into @x->d. With a
 * file, the file alone (as runc: the other flags are ignored): args, env
 * exactly, cwd, user with additionalGids, terminal (or --tty), console
 * size, capabilities (absent: the container's), noNewPrivileges, rlimits,
 * oomScoreAdj, umask; apparmorProfile and selinuxLabel refused by name.
 * Without, runc's flag form over @base: ARGS, @base's env then --env,
 * --cwd, --user UID[:GID], --additional-gids, --cap added to the bounding,
 * effective and permitted sets, --no-new-privs, --tty. Without @base, the
 * environment is kctr's default (PATH, HOME, HOSTNAME, TERM) under
 * --env. @x keeps pointers into @a, @file and @base. 0 or -errno.
 */
int oci_exec_build(const struct oci_args *a,
		   const struct kctr_oci_process *file, uint64_t unsupported,
		   const struct kctr_oci_process *base,
		   struct oci_exec *x, struct kctr_err *err);
void oci_exec_free(struct oci_exec *x);

/*
 * "UID[:GID]", numeric as runc takes it (GID defaults to 0 as for runc's
 * exec --user). 0 or -EINVAL.
 */
int oci_parse_user(const char *s, uint32_t *uid, uint32_t *gid,
		   struct kctr_err *err);

#endif
