/* SPDX-License-Identifier: GPL-2.0 */
/* The container object and the module's cross-file interfaces. */
#ifndef _KCTR_KCTR_H
#define _KCTR_KCTR_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/kctr.h>

#include "cgroup.h"
#include "limits.h"
#include "nsset.h"
#include "policy.h"

#define KCTR_VERSION "0.1.0"

struct pid;
struct net;

struct kctr_container {
	struct kref ref;
	u64 id;
	char name[KCTR_NAME_MAX + 1];
	enum kctr_state state;
	u32 flags;
	u32 ns_mask;
	kuid_t owner;
	char *hostname, *image, *command;
	u64 created_ns, started_ns, exited_ns;

	struct kctr_limits limits;
	struct kctr_caps caps;
	struct kctr_seccomp seccomp;
	struct kctr_idmap *uid_map, *gid_map;
	struct kctr_cgroup cg;
	struct kctr_nsset ns;

	/* the socket that created it, until START (NETLINK_URELEASE) */
	u32 creator_portid;
	struct net *creator_net;
	struct pid *creator;

	struct pid *init_pid;
	wait_queue_entry_t exit_wait;
	struct work_struct exit_work;
	int exit_code;
	u32 joins;
	u64 oom_kills_seen;
};

extern struct mutex kctr_lock;	/* the registry and every state change */
extern struct workqueue_struct *kctr_wq;

#endif
