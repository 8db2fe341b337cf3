/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container's cgroup v2 node as kctr-oci uses it: pause/resume
 * (cgroup.freeze, then wait for cgroup.events "frozen"), ps and kill --all
 * with a signal other than KILL (cgroup.procs).
 */
#ifndef KCTR_OCI_CGROUP_H
#define KCTR_OCI_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* <cgroup2 mount><rel> (rel from GET's KCTR_CG_A_PATH) into @buf. */
int oci_cgroup_dir(const char *rel, char *buf, size_t len,
		   struct kctr_err *err);
/* 1 when @events (cgroup.events text) says "frozen 1", else 0. */
int oci_cgroup_events_frozen(const char *events);
/* 1 frozen, 0 not, -errno when @dir/cgroup.events cannot be read. */
int oci_cgroup_frozen(const char *dir);
/*
 * Write cgroup.freeze and wait (up to @timeout_ms) for cgroup.events to
 * agree: a pause has happened only once every task is frozen.
 */
int oci_cgroup_freeze(const char *dir, bool freeze, int timeout_ms,
		      struct kctr_err *err);
/* The pids of @dir/cgroup.procs, malloc'ed. */
int oci_cgroup_procs(const char *dir, pid_t **pids, size_t *nr,
		     struct kctr_err *err);
/*
 * Send @sig to each pid of cgroup.procs; pids that exit meanwhile are
 * skipped. ESRCH "no such process" when there was none.
 */
int oci_cgroup_signal_all(const char *dir, int sig, struct kctr_err *err);

#endif
