// SPDX-License-Identifier: GPL-2.0
/*
 * The container registry: an xarray keyed by id, ids from a 64-bit counter
 * that never goes back, one kref per container. kctr_lock serialises the
 * registry and every state change.
 *
 * A container's final put may free it and drop the module reference taken
 * when it was inserted. That put only ever runs in a genetlink callback
 * (genl_unregister_family() waits for those) or in a work item on kctr_wq
 * (destroyed, hence flushed, by module exit), so no module code runs after
 * the module may be gone.
 */
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/net_namespace.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "kctr.h"

/* Give up removing a cgroup after this many tries, 100 ms apart. */
#define KCTR_RM_TRIES	600
/* DELETE with force waits this long for the processes to go, 20 ms apart. */
#define KCTR_FORCE_POLL_MS	20
#define KCTR_FORCE_POLLS	(5000 / KCTR_FORCE_POLL_MS)

DEFINE_MUTEX(kctr_lock);
struct workqueue_struct *kctr_wq;

static DEFINE_XARRAY(kctr_containers);
/*
 * Netlink ports that created containers a close of theirs would abort:
 * portid -> xa_mk_value(how many). Read locklessly by the URELEASE
 * notifier, so that it does nothing for every other socket.
 */
static DEFINE_XARRAY(kctr_creators);
static u64 kctr_last_id;
static u64 kctr_create_seq;
static unsigned int kctr_generation = 1;
static unsigned long kctr_count;

struct kctr_join {
	struct list_head node;
	struct pid *pid;
	int filters_before;
	bool nnp;		/* the joiner had no_new_privs already */
};

/*
 * ASCII only: the kernel's isalnum() follows Latin-1 and takes the bytes
 * 0xC0-0xFF (but 0xD7 and 0xF7) as letters.
 */
static bool kctr_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || (ch && strchr("_+.-", ch));
}

bool kctr_name_valid(const char *name)
{
	size_t i, len = strnlen(name, KCTR_NAME_MAX + 1);

	if (!len || len > KCTR_NAME_MAX || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		if (!kctr_name_char(name[i]))
			return false;
	}
	return true;
}

/*
 * The id after @last, or -ENOSPC once the counter is at the top: it
 * never wraps (to 0, which is no id), not even when a leftover cgroup
 * /kctr/18446744073709551615 set it there at load.
 */
int kctr_id_next(u64 last, u64 *id)
{
	if (last >= KCTR_ID_MAX)
		return -ENOSPC;
	*id = last + 1;
	return 0;
}

/*
 * created -> running (START of the init), created -> stopped (the init
 * exited before START), running -> stopped (the init exited). A stopped
 * container never runs again.
 */
bool kctr_state_change_valid(enum kctr_state from, enum kctr_state to)
{
	switch (from) {
	case KCTR_STATE_CREATED:
		return to == KCTR_STATE_RUNNING || to == KCTR_STATE_STOPPED;
	case KCTR_STATE_RUNNING:
		return to == KCTR_STATE_STOPPED;
	default:
		return false;
	}
}

static void kctr_rm_work(struct work_struct *work);
static void kctr_force_work(struct work_struct *work);

struct kctr_container *kctr_container_alloc(void)
{
	struct kctr_container *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	kref_init(&c->ref);
	c->state = KCTR_STATE_CREATED;
	INIT_LIST_HEAD(&c->pending);
	INIT_LIST_HEAD(&c->net.node);
	INIT_WORK(&c->exit_work, kctr_exitwatch_work);
	INIT_DELAYED_WORK(&c->rm_work, kctr_rm_work);
	INIT_DELAYED_WORK(&c->force_work, kctr_force_work);
	c->created_ns = ktime_get_real_ns();
	return c;
}

void kctr_container_get(struct kctr_container *c)
{
	kref_get(&c->ref);
}

static void kctr_pending_free(struct kctr_container *c)
{
	struct kctr_join *j, *tmp;

	list_for_each_entry_safe(j, tmp, &c->pending, node) {
		list_del(&j->node);
		put_pid(j->pid);
		kfree(j);
	}
	c->nr_pending = 0;
	c->nr_pending_nnp = 0;
}

static void kctr_container_release(struct kref *ref)
{
	struct kctr_container *c = container_of(ref, struct kctr_container,
						ref);
	bool registered = c->id && c->removed;

	WARN_ON(c->exit_armed && !c->removed);
	/* an empty node (a failed CREATE); never leak its reference */
	if (c->cg.cgrp && kctr_cgroup_remove(&c->cg))
		kctr_cgroup_forget(&c->cg);
	kctr_nsset_release(&c->ns);
	kctr_net_release(&c->net);
	kctr_pending_free(c);
	kctr_seccomp_free(&c->seccomp);
	kfree(c->uid_map);
	kfree(c->gid_map);
	kfree(c->hostname);
	kfree(c->image);
	kfree(c->command);
	put_pid(c->init_pid);
	put_pid(c->init_thread);
	put_pid(c->creator);
	if (c->creator_net)
		put_net(c->creator_net);
	kfree(c);
	if (registered)
		module_put(THIS_MODULE);
}

void kctr_container_put(struct kctr_container *c)
{
	kref_put(&c->ref, kctr_container_release);
}

static struct kctr_container *kctr_find_name_locked(const char *name)
{
	struct kctr_container *c;
	unsigned long id;

	xa_for_each(&kctr_containers, id, c)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Check the name, take the next id and name the container "c<id>" if unnamed. */
int kctr_registry_reserve(struct kctr_container *c,
			  struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&kctr_lock);
	if (c->name[0] && kctr_find_name_locked(c->name)) {
		NL_SET_ERR_MSG_MOD(extack, "a container with this name exists");
		return -EEXIST;
	}
	if (kctr_id_next(kctr_last_id, &c->id)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no container id left: /kctr holds a cgroup named by the highest id");
		return -ENOSPC;
	}
	kctr_last_id = c->id;
	c->create_seq = ++kctr_create_seq;
	if (!c->name[0])
		snprintf(c->name, sizeof(c->name), "c%llu", c->id);
	if (kctr_find_name_locked(c->name)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the default name of the new container is taken");
		return -EEXIST;
	}
	return 0;
}

/*
 * Count @c's creator port in kctr_creators while a close of that socket
 * would abort @c (created, not KCTR_F_PERSIST). Only the increment can
 * fail (it may allocate); replacing or erasing an entry does not.
 */
static int kctr_creator_track(struct kctr_container *c, bool on)
{
	unsigned long n;
	void *v;

	lockdep_assert_held(&kctr_lock);
	if (c->creator_tracked == on || (on && (c->flags & KCTR_F_PERSIST)))
		return 0;
	v = xa_load(&kctr_creators, c->creator_portid);
	n = v ? xa_to_value(v) : 0;
	n = on ? n + 1 : n - 1;
	if (n) {
		v = xa_store(&kctr_creators, c->creator_portid,
			     xa_mk_value(n), GFP_KERNEL);
		if (xa_is_err(v))
			return xa_err(v);
	} else {
		xa_erase(&kctr_creators, c->creator_portid);
	}
	c->creator_tracked = on;
	return 0;
}

/* Lockless: might a close of @portid abort a container? */
bool kctr_registry_is_creator(u32 portid)
{
	return xa_load(&kctr_creators, portid);
}

/* The registry takes its own reference and one on the module. */
int kctr_registry_insert(struct kctr_container *c)
{
	int err;

	lockdep_assert_held(&kctr_lock);
	err = kctr_creator_track(c, true);
	if (err)
		return err;
	err = xa_insert(&kctr_containers, c->id, c, GFP_KERNEL);
	if (err) {
		kctr_creator_track(c, false);
		return err;
	}
	kref_get(&c->ref);
	__module_get(THIS_MODULE);
	kctr_generation++;
	kctr_count++;
	kctr_oom_arm();
	return 0;
}

/* Out of the registry: the name is free, lookups and dumps miss it. */
static void kctr_registry_unlink(struct kctr_container *c)
{
	lockdep_assert_held(&kctr_lock);
	if (c->unlinked)
		return;
	c->unlinked = true;
	xa_erase(&kctr_containers, c->id);
	kctr_creator_track(c, false);
	kctr_generation++;
	kctr_count--;
}

/*
 * Undo kctr_registry_insert() of a container no one has seen (kctr_lock
 * held since the insert): CREATE could not queue its reply. No event and
 * no removal work; the caller's put releases it, cgroup included.
 */
void kctr_registry_unpublish(struct kctr_container *c)
{
	lockdep_assert_held(&kctr_lock);
	kctr_registry_unlink(c);
	kctr_net_unclaim(&c->net);
	/* the release drops the module reference of a removed container */
	c->removed = true;
	kctr_container_put(c);
}

struct kctr_container *kctr_registry_find(u64 id)
{
	lockdep_assert_held(&kctr_lock);
	if (id > ULONG_MAX)
		return NULL;
	return xa_load(&kctr_containers, id);
}

struct kctr_container *kctr_registry_find_name(const char *name)
{
	lockdep_assert_held(&kctr_lock);
	return kctr_find_name_locked(name);
}

/* The container whose cgroup current is in, if any. */
struct kctr_container *kctr_registry_find_current(void)
{
	struct kctr_container *c;
	unsigned long id;

	lockdep_assert_held(&kctr_lock);
	xa_for_each(&kctr_containers, id, c)
		if (kctr_cgroup_has_task(&c->cg, current))
			return c;
	return NULL;
}

/* The first container with an id above *cursor; moves the cursor to it. */
struct kctr_container *kctr_registry_next(u64 *cursor)
{
	struct kctr_container *c;
	unsigned long idx;

	lockdep_assert_held(&kctr_lock);
	if (*cursor >= ULONG_MAX)
		return NULL;
	idx = *cursor + 1;
	c = xa_find(&kctr_containers, &idx, ULONG_MAX, XA_PRESENT);
	if (c)
		*cursor = idx;
	return c;
}

void kctr_registry_set_state(struct kctr_container *c, enum kctr_state to)
{
	lockdep_assert_held(&kctr_lock);
	if (WARN_ON(!kctr_state_change_valid(c->state, to)))
		return;
	/* a started or stopped container is not aborted any more */
	kctr_creator_track(c, false);
	c->state = to;
	kctr_generation++;
}

unsigned int kctr_registry_generation(void)
{
	lockdep_assert_held(&kctr_lock);
	return kctr_generation;
}

/*
 * At load, before the family is registered: new ids start above @id, so a
 * /kctr/<id> an earlier load could not remove (a cgroup that stayed
 * populated) is never handed out again.
 */
void kctr_registry_ids_above(u64 id)
{
	mutex_lock(&kctr_lock);
	if (id > kctr_last_id)
		kctr_last_id = id;
	mutex_unlock(&kctr_lock);
}

u64 kctr_registry_create_seq(void)
{
	return READ_ONCE(kctr_create_seq);
}

unsigned long kctr_registry_count(void)
{
	lockdep_assert_held(&kctr_lock);
	return kctr_count;
}

/*
 * -EBUSY: still populated (or a cgroup below appeared meanwhile);
 * -EACCES/-EPERM: the first try runs with the DELETE caller's credentials,
 * the work's with the kernel's. Both are retried; anything else, or a
 * minute of it, gives the node up: it stays in /kctr (the next load's ids
 * start above it), but its struct cgroup reference is dropped.
 */
static bool kctr_rm_retry(int err)
{
	return err == -EBUSY || err == -EACCES || err == -EPERM;
}

static void kctr_rm_cgroup(struct kctr_container *c)
{
	int err = kctr_cgroup_remove(&c->cg);

	if (kctr_rm_retry(err) && ++c->rm_tries < KCTR_RM_TRIES) {
		kctr_cgroup_kill(&c->cg);
		queue_delayed_work(kctr_wq, &c->rm_work, HZ / 10);
		return;
	}
	if (err) {
		pr_warn("kctr: container %llu: cannot remove its cgroup: %d\n",
			c->id, err);
		kctr_cgroup_forget(&c->cg);
	}
	/* the registry's reference, carried over to here */
	kctr_container_put(c);
}

static void kctr_rm_work(struct work_struct *work)
{
	struct kctr_container *c = container_of(to_delayed_work(work),
						struct kctr_container,
						rm_work);

	/*
	 * No kctr_lock: the container is out of the registry and sends no
	 * more events, so nothing else touches its cgroup until the release,
	 * which this work's reference holds off; rmdir and cgroup.kill of a
	 * subtree need not stall every other request meanwhile.
	 */
	kctr_rm_cgroup(c);
}

/*
 * Take @c out of the registry, now: its name is free again, REMOVED is
 * sent, the namespace set released and the network claim ended. The cgroup goes as soon as it is
 * empty; until then a delayed work retries, keeping the module loaded.
 * The caller holds its own reference.
 */
void kctr_container_remove(struct kctr_container *c)
{
	lockdep_assert_held(&kctr_lock);
	if (c->removed)
		return;
	c->removed = true;
	kctr_registry_unlink(c);
	kctr_exitwatch_disarm(c);
	kctr_nl_event(c, KCTR_EVENT_REMOVED, 0);
	kctr_nsset_release(&c->ns);
	kctr_net_unclaim(&c->net);
	kctr_pending_free(c);
	kctr_rm_cgroup(c);
}

/* Force: gone once the init's exit was handled, or nothing runs at all. */
bool kctr_force_done(struct kctr_container *c)
{
	if (c->removed || c->state == KCTR_STATE_STOPPED)
		return true;
	return !c->exit_armed && !kctr_cgroup_populated(&c->cg);
}

static void kctr_force_work(struct work_struct *work)
{
	struct kctr_container *c = container_of(to_delayed_work(work),
						struct kctr_container,
						force_work);

	mutex_lock(&kctr_lock);
	if (!kctr_force_done(c) && ++c->force_polls < KCTR_FORCE_POLLS) {
		queue_delayed_work(kctr_wq, &c->force_work,
				   msecs_to_jiffies(KCTR_FORCE_POLL_MS));
		mutex_unlock(&kctr_lock);
		return;
	}
	/* no-op if the exit work removed it (EXITED, then REMOVED) */
	kctr_container_remove(c);
	mutex_unlock(&kctr_lock);
	kctr_container_put(c);
}

/*
 * DELETE with force of a container whose processes were just killed:
 * out of the registry now (its name is free, GET no longer finds it),
 * removed once the init's exit was handled (remove_on_exit: EXITED, then
 * REMOVED) or nothing runs, at the latest after 5 s. Nobody waits: a
 * genetlink callback must not sleep under cb_lock, which every family's
 * requests and (un)registrations share.
 */
void kctr_container_remove_later(struct kctr_container *c)
{
	lockdep_assert_held(&kctr_lock);
	c->remove_on_exit = true;
	kctr_registry_unlink(c);
	kctr_container_get(c);
	queue_delayed_work(kctr_wq, &c->force_work,
			   msecs_to_jiffies(KCTR_FORCE_POLL_MS));
}

/*
 * Does the close of socket @portid in @net (noticed when the last create
 * was @seq) abort @c? Only an unstarted container that socket created,
 * and never a KCTR_F_PERSIST one: that one waits for DELETE.
 */
bool kctr_abort_applies(const struct kctr_container *c, const struct net *net,
			u32 portid, u64 seq)
{
	return c->state == KCTR_STATE_CREATED && !(c->flags & KCTR_F_PERSIST) &&
	       c->creator_net == net && c->creator_portid == portid &&
	       c->create_seq <= seq;
}

/* NETLINK_URELEASE: the creator's socket is gone; abort what it left. */
void kctr_registry_abort_creator(struct net *net, u32 portid, u64 seq)
{
	struct kctr_container *c;
	unsigned long id;

	lockdep_assert_held(&kctr_lock);
	xa_for_each(&kctr_containers, id, c) {
		if (!kctr_abort_applies(c, net, portid, seq))
			continue;
		kctr_cgroup_kill(&c->cg);
		kctr_container_get(c);
		kctr_container_remove(c);
		kctr_container_put(c);
	}
}

static bool kctr_has_memory_limit(const struct kctr_container *c)
{
	return c->limits.present & (BIT(KCTR_LIMIT_A_MEMORY_MAX) |
				    BIT(KCTR_LIMIT_A_MEMORY_HIGH) |
				    BIT(KCTR_LIMIT_A_MEMORY_SWAP_MAX));
}

/* Running containers with a memory limit: references, under the lock. */
static unsigned int kctr_oom_candidates(struct kctr_container **out,
					unsigned int max)
{
	struct kctr_container *c;
	unsigned int n = 0;
	unsigned long id;

	lockdep_assert_held(&kctr_lock);
	xa_for_each(&kctr_containers, id, c) {
		if (n == max)
			break;
		if (c->state != KCTR_STATE_RUNNING || !kctr_has_memory_limit(c))
			continue;
		kctr_container_get(c);
		out[n++] = c;
	}
	return n;
}

/*
 * The OOM poll: memory.events of each candidate is read without
 * kctr_lock (a file read may block on cgroupfs), the counts compared and
 * events sent under it. Returns whether containers remain (re-arm).
 */
bool kctr_registry_check_oom(void)
{
	struct kctr_container **cs;
	unsigned int n, i;
	u64 *kills;
	bool again;

	mutex_lock(&kctr_lock);
	n = kctr_count;
	again = n > 0;
	mutex_unlock(&kctr_lock);
	if (!n)
		return false;
	cs = kcalloc(n, sizeof(*cs), GFP_KERNEL);
	kills = kcalloc(n, sizeof(*kills), GFP_KERNEL);
	if (!cs || !kills)
		goto out;
	mutex_lock(&kctr_lock);
	n = kctr_oom_candidates(cs, n);
	mutex_unlock(&kctr_lock);
	for (i = 0; i < n; i++)
		kctr_cgroup_read_oom_kills(&cs[i]->cg, &kills[i]);
	mutex_lock(&kctr_lock);
	for (i = 0; i < n; i++) {
		if (!cs[i]->removed && kills[i] > cs[i]->oom_kills_seen) {
			cs[i]->oom_kills_seen = kills[i];
			kctr_nl_event(cs[i], KCTR_EVENT_OOM, kills[i]);
		}
	}
	again = kctr_count > 0;
	mutex_unlock(&kctr_lock);
	for (i = 0; i < n; i++)
		kctr_container_put(cs[i]);
out:
	kfree(kills);
	kfree(cs);
	return again;
}

static void kctr_pending_del(struct kctr_container *c, struct kctr_join *j)
{
	list_del(&j->node);
	put_pid(j->pid);
	c->nr_pending--;
	if (j->nnp)
		c->nr_pending_nnp--;
	kfree(j);
}

static bool kctr_pending_full(struct kctr_container *c, bool nnp)
{
	return c->nr_pending >= KCTR_MAX_PENDING_JOINS ||
	       (nnp && c->nr_pending_nnp >= KCTR_MAX_PENDING_JOINS_NNP);
}

/*
 * Exec JOINs waiting for their START, keyed by the joining thread. A
 * joiner that already has no_new_privs (which every process the container
 * made itself inherits from its init and cannot clear) uses at most
 * KCTR_MAX_PENDING_JOINS_NNP slots, so the container cannot take the
 * slots of the host's kctr exec.
 */
int kctr_pending_add(struct kctr_container *c, struct pid *pid,
		     int filters_before, bool nnp)
{
	struct kctr_join *j, *tmp;

	lockdep_assert_held(&kctr_lock);
	if (kctr_pending_full(c, nnp)) {
		/* forget joiners that died before their START */
		list_for_each_entry_safe(j, tmp, &c->pending, node) {
			if (!pid_has_task(j->pid, PIDTYPE_PID))
				kctr_pending_del(c, j);
		}
		if (kctr_pending_full(c, nnp))
			return -EBUSY;
	}
	j = kzalloc(sizeof(*j), GFP_KERNEL);
	if (!j)
		return -ENOMEM;
	j->pid = get_pid(pid);
	j->filters_before = filters_before;
	j->nnp = nnp;
	list_add_tail(&j->node, &c->pending);
	c->nr_pending++;
	if (nnp)
		c->nr_pending_nnp++;
	return 0;
}

/* Drop @pid's latest pending JOIN: its reply could not be sent. */
void kctr_pending_undo(struct kctr_container *c, struct pid *pid)
{
	struct kctr_join *j;

	lockdep_assert_held(&kctr_lock);
	list_for_each_entry_reverse(j, &c->pending, node) {
		if (j->pid == pid) {
			kctr_pending_del(c, j);
			return;
		}
	}
}

/* Take @pid's pending JOIN: its filter count, or -ENOENT. */
int kctr_pending_take(struct kctr_container *c, struct pid *pid,
		      int *filters_before)
{
	struct kctr_join *j;

	lockdep_assert_held(&kctr_lock);
	list_for_each_entry(j, &c->pending, node) {
		if (j->pid != pid)
			continue;
		*filters_before = j->filters_before;
		kctr_pending_del(c, j);
		return 0;
	}
	return -ENOENT;
}
