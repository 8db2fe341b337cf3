// SPDX-License-Identifier: GPL-2.0
/*
 * Noticing, by itself, that a container's init exited: a wait queue entry
 * on the init's struct pid wait_pidfd queue, the queue pidfd_poll() uses.
 * Also the periodic OOM check of running containers.
 */
#include <linux/file.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>

#include "kctr.h"

static struct delayed_work kctr_oom_work;

/* The status wait() reports, as wait_task_zombie() computes it. */
static int kctr_wait_status(struct task_struct *t)
{
	if (t->signal->flags & SIGNAL_GROUP_EXIT)
		return t->signal->group_exit_code;
	return t->exit_code;
}

/*
 * Runs in the exiting init's context, under the wait queue's spinlock and
 * with tasklist_lock held for writing (exit_notify, do_notify_parent) or
 * from the pid's detach at reap time. The task is still hashed on the pid
 * in the first two cases, so pid_task() under RCU finds it and its signal
 * struct; exit_code and group_exit_code are final by then. Wake-ups for a
 * leader that exits before its threads (6.12 PIDFD_THREAD) are ignored: the
 * process is not gone yet.
 */
static int kctr_exit_wake(wait_queue_entry_t *wait, unsigned int mode,
			  int sync, void *key)
{
	struct kctr_container *c = container_of(wait, struct kctr_container,
						exit_wait);
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(c->init_pid, PIDTYPE_PID);
	if (task && (!task->exit_state || !thread_group_empty(task))) {
		rcu_read_unlock();
		return 0;
	}
	if (task) {
		c->exit_code = kctr_wait_status(task);
		c->exit_seen = true;
	}
	rcu_read_unlock();
	/* fires once; the watch's reference now belongs to exit_work */
	list_del_init(&wait->entry);
	queue_work(kctr_wq, &c->exit_work);
	return 0;
}

/* Called from the init's own JOIN: it is alive while the entry goes in. */
int kctr_exitwatch_arm(struct kctr_container *c)
{
	lockdep_assert_held(&kctr_lock);
	if (WARN_ON(!c->init_pid || c->exit_armed))
		return -EINVAL;
	init_waitqueue_func_entry(&c->exit_wait, kctr_exit_wake);
	kctr_container_get(c);
	c->exit_armed = true;
	add_wait_queue(&c->init_pid->wait_pidfd, &c->exit_wait);
	return 0;
}

void kctr_exitwatch_disarm(struct kctr_container *c)
{
	wait_queue_head_t *wq;
	unsigned long flags;
	bool queued;

	lockdep_assert_held(&kctr_lock);
	if (!c->exit_armed)
		return;
	c->exit_armed = false;
	wq = &c->init_pid->wait_pidfd;
	spin_lock_irqsave(&wq->lock, flags);
	queued = !list_empty(&c->exit_wait.entry);
	if (queued)
		list_del_init(&c->exit_wait.entry);
	spin_unlock_irqrestore(&wq->lock, flags);
	/* not queued: the wake fired and exit_work owns the reference */
	if (queued)
		kctr_container_put(c);
}

/*
 * The init exited: what a network claim held for the running container
 * goes now, before EXITED is sent (a port is free once EXITED is seen).
 * The anchor's release drops the container's owned nf_tables table; the
 * network namespace pin goes too, so the namespace, and the veth in it,
 * die once the killed processes are gone, not at removal. The files are
 * returned for an fput() outside kctr_lock.
 */
static void kctr_exit_network(struct kctr_container *c, struct file **anchor,
			      struct file **netns)
{
	if (!c->net.present)
		return;
	*anchor = kctr_net_exited(&c->net);
	*netns = kctr_nsset_let_go(&c->ns, KCTR_NS_KIND_NET);
}

void kctr_exitwatch_work(struct work_struct *work)
{
	struct kctr_container *c = container_of(work, struct kctr_container,
						exit_work);
	struct file *anchor = NULL, *netns = NULL;

	mutex_lock(&kctr_lock);
	if (!c->removed && c->state != KCTR_STATE_STOPPED) {
		c->exited_ns = ktime_get_real_ns();
		kctr_registry_set_state(c, KCTR_STATE_STOPPED);
		kctr_cgroup_kill(&c->cg);
		kctr_exit_network(c, &anchor, &netns);
		kctr_nl_event(c, KCTR_EVENT_EXITED, c->exit_code);
		if ((c->flags & KCTR_F_AUTO_REMOVE) || c->remove_on_exit)
			kctr_container_remove(c);
	}
	mutex_unlock(&kctr_lock);
	if (anchor)
		fput(anchor);
	if (netns)
		fput(netns);
	kctr_container_put(c);
}

/*
 * Once a second while containers exist: armed by the first insert, it
 * stops re-arming itself when the registry is empty (both under
 * kctr_lock, so an insert either sees the work idle or is seen by it).
 */
static void kctr_oom_check(struct work_struct *work)
{
	bool again;

	again = kctr_registry_check_oom();
	if (again)
		queue_delayed_work(kctr_wq, &kctr_oom_work, HZ);
}

void kctr_oom_arm(void)
{
	lockdep_assert_held(&kctr_lock);
	queue_delayed_work(kctr_wq, &kctr_oom_work, HZ);
}

int kctr_exitwatch_init(void)
{
	INIT_DELAYED_WORK(&kctr_oom_work, kctr_oom_check);
	return 0;
}

void kctr_exitwatch_exit(void)
{
	cancel_delayed_work_sync(&kctr_oom_work);
}
