/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module checks about the process that sends JOIN and START:
 * a whole, single-threaded userspace process acting with its own creds,
 * the same thread at START with exactly one more seccomp filter, and,
 * when the container asks for it, nothing of the host's still held.
 */
#ifndef _KCTR_GUARD_H
#define _KCTR_GUARD_H

#include <linux/types.h>
#include <net/netlink.h>

struct kctr_cgroup;

/* The facts about a JOIN caller its refusal depends on (pure, KUnit). */
struct kctr_join_facts {
	bool creds_overridden;	/* current->cred != current->real_cred */
	bool io_worker;		/* PF_IO_WORKER */
	bool kthread;		/* PF_KTHREAD */
	int nr_threads;		/* threads in the caller's thread group */
};

/* The facts about a START caller, against what JOIN recorded. */
struct kctr_start_facts {
	bool same_thread;	/* the thread that sent JOIN */
	bool creds_overridden;	/* START may commit_creds() (ALLOW_NEW_PRIVS) */
	int nr_threads;
	bool has_prog;		/* the container has a seccomp program */
	int seccomp_mode;	/* SECCOMP_MODE_* of the caller now */
	int filters_before;	/* filter_count at JOIN */
	int filters_now;	/* filter_count now */
};

/* The check @f fails, as an extack message, or NULL if it passes. */
const char *kctr_join_refusal(const struct kctr_join_facts *f);
const char *kctr_start_refusal(const struct kctr_start_facts *f);
/* Is a process whose dumpable mode is @mode barred from START? */
bool kctr_dumpable_refused(int mode);

/* The facts of current. */
void kctr_join_facts_current(struct kctr_join_facts *f);
int kctr_seccomp_filters_current(void);
int kctr_seccomp_mode_current(void);

/* JOIN: refuse (-EPERM or -EINVAL) before anything is changed. */
int kctr_guard_join(struct netlink_ext_ack *extack);
/* START, KCTR_F_VERIFY_CONTAINMENT: no host dir held, cwd inside, no dump. */
int kctr_guard_containment(struct netlink_ext_ack *extack);
/* The id of the first effective BPF_CGROUP_DEVICE program, 0 if none. */
u32 kctr_cgroup_device_prog_id(const struct kctr_cgroup *cg);

#endif
