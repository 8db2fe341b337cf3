/* SPDX-License-Identifier: GPL-2.0 */
/* The container object and the module's cross-file interfaces. */
#ifndef _KCTR_KCTR_H
#define _KCTR_KCTR_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/kctr.h>

#include "cgroup.h"
#include "limits.h"
#include "netclaim.h"
#include "nsset.h"
#include "policy.h"

#define KCTR_VERSION "0.1.0"

/* Processes that sent JOIN to a running container but not START yet. */
#define KCTR_MAX_PENDING_JOINS	64
/* Of those, from callers that already had no_new_privs (from inside). */
#define KCTR_MAX_PENDING_JOINS_NNP	16

struct net;
struct pid;
struct sk_buff;

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
	struct kctr_net net;

	/*
	 * the socket that created it, until START (NETLINK_URELEASE);
	 * its close does not abort a KCTR_F_PERSIST container
	 */
	u32 creator_portid;
	struct net *creator_net;
	struct pid *creator;
	u64 create_seq;

	struct pid *init_pid;
	struct pid *init_thread;	/* the thread that sent the init JOIN */
	int init_filters;	/* seccomp filters on the init at JOIN */
	wait_queue_entry_t exit_wait;
	bool exit_armed;	/* exit_wait is queued on init_pid */
	struct work_struct exit_work;
	int exit_code;
	bool exit_seen;		/* exit_code came from the exiting task */
	u32 joins;
	u64 oom_kills_seen;

	struct list_head pending;	/* struct kctr_join, exec JOINs */
	unsigned int nr_pending;
	unsigned int nr_pending_nnp;	/* of those, joiners with nnp */

	bool unlinked;		/* out of the registry (name, lookups, dumps) */
	bool removed;		/* unlinked, REMOVED sent; teardown under way */
	bool remove_on_exit;	/* DELETE/abort asked while the init runs */
	bool creator_tracked;	/* counted in the creators' ports (abort) */
	struct delayed_work rm_work;
	unsigned int rm_tries;
	struct delayed_work force_work;	/* DELETE with force: waits for exit */
	unsigned int force_polls;
};

extern struct mutex kctr_lock;	/* the registry and every state change */
extern struct workqueue_struct *kctr_wq;

/* Ids are xarray indexes: 1..KCTR_ID_MAX, never 0, never reused. */
#define KCTR_ID_MAX	((u64)ULONG_MAX)

/* registry.c */
bool kctr_name_valid(const char *name);
int kctr_id_next(u64 last, u64 *id);
bool kctr_state_change_valid(enum kctr_state from, enum kctr_state to);
struct kctr_container *kctr_container_alloc(void);
void kctr_container_get(struct kctr_container *c);
void kctr_container_put(struct kctr_container *c);
int kctr_registry_reserve(struct kctr_container *c,
			  struct netlink_ext_ack *extack);
int kctr_registry_insert(struct kctr_container *c);
void kctr_registry_unpublish(struct kctr_container *c);
struct kctr_container *kctr_registry_find(u64 id);
struct kctr_container *kctr_registry_find_name(const char *name);
struct kctr_container *kctr_registry_find_current(void);
struct kctr_container *kctr_registry_next(u64 *cursor);
void kctr_registry_set_state(struct kctr_container *c, enum kctr_state to);
void kctr_container_remove(struct kctr_container *c);
bool kctr_force_done(struct kctr_container *c);
void kctr_container_remove_later(struct kctr_container *c);
bool kctr_registry_is_creator(u32 portid);
unsigned int kctr_registry_generation(void);
u64 kctr_registry_create_seq(void);
void kctr_registry_ids_above(u64 id);
bool kctr_abort_applies(const struct kctr_container *c, const struct net *net,
			u32 portid, u64 seq);
void kctr_registry_abort_creator(struct net *net, u32 portid, u64 seq);
bool kctr_registry_check_oom(void);
unsigned long kctr_registry_count(void);
int kctr_pending_add(struct kctr_container *c, struct pid *pid,
		     int filters_before, bool nnp);
int kctr_pending_take(struct kctr_container *c, struct pid *pid,
		      int *filters_before);
void kctr_pending_undo(struct kctr_container *c, struct pid *pid);

/* exitwatch.c */
int kctr_exitwatch_arm(struct kctr_container *c);
void kctr_exitwatch_disarm(struct kctr_container *c);
void kctr_exitwatch_work(struct work_struct *work);
int kctr_exitwatch_init(void);
void kctr_exitwatch_exit(void);
void kctr_oom_arm(void);

/* netlink.c */
size_t kctr_record_size_max(void);
int kctr_record_fill(struct sk_buff *skb, struct kctr_container *c,
		     bool summary);
void kctr_nl_event(struct kctr_container *c, enum kctr_event event, u64 arg);

#endif
