/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A user namespace joined by path (OCI linux.namespaces user with a path,
 * podman's --userns=ns:PATH, a pod's): its maps as the runtime sees them,
 * and the init cloned from inside it, so that it owns the namespaces made
 * with the init. Used by launch.c only.
 */
#ifndef KCTR_USERNS_H
#define KCTR_USERNS_H

#include <linux/sched.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"
#include "nlclient.h"

struct kctr_userns_maps {
	struct kctr_id_extent_req uid[KCTR_MAP_MAX_EXTENTS];
	struct kctr_id_extent_req gid[KCTR_MAP_MAX_EXTENTS];
	size_t nr_uid, nr_gid;
};

/*
 * The uid and gid maps of the user namespace @fd, host ids outside (read
 * by this process from a child parked in it). 0 or -errno with @err.
 */
int kctr_userns_maps_of(int fd, struct kctr_userns_maps *m,
			struct kctr_err *err);

/*
 * clone3(@ca) from inside the user namespace @fd, the new process a child
 * of the caller (CLONE_PARENT, from a helper that entered it: setns(2)
 * into a user namespace cannot be undone, and the caller stays outside).
 * @fn runs in the new process and must not return. CLONE_PIDFD is done by
 * pidfd_open(2) into *@ca->pidfd. The pid, or -errno with @err.
 */
long kctr_userns_clone(int fd, struct clone_args *ca, void (*fn)(void *),
		       void *arg, struct kctr_err *err);

#endif
