// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace sets. The get/put helpers of several namespace kinds are not
 * exported, so the module pins a namespace by holding an open nsfs file of
 * it (the init hands in fds of its own /proc/self/ns/<kind>), and reaches
 * the namespace through the proc_ns_operations of that file, whose get()
 * and put() work for every kind without an exported symbol.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/user_namespace.h>

#include "limits.h"
#include "nsset.h"

const struct nla_policy kctr_nsfd_policy[KCTR_NSFD_A_MAX + 1] = {
	[KCTR_NSFD_A_MNT]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_PID]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_NET]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_IPC]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_UTS]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_USER]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_CGROUP]	= { .type = NLA_U32 },
	[KCTR_NSFD_A_TIME]	= { .type = NLA_U32 },
};

/*
 * The name of each kind's /proc/self/ns file, which is also the name of its
 * proc_ns_operations; it tells "pid" from "pid_for_children" (and "time"
 * from "time_for_children"), which share a CLONE_NEW* type.
 */
static const struct {
	const char *name;
	int type;
} kctr_ns_kinds[__KCTR_NS_KIND_COUNT] = {
	[KCTR_NS_KIND_MNT]	= { "mnt", CLONE_NEWNS },
	[KCTR_NS_KIND_PID]	= { "pid", CLONE_NEWPID },
	[KCTR_NS_KIND_NET]	= { "net", CLONE_NEWNET },
	[KCTR_NS_KIND_IPC]	= { "ipc", CLONE_NEWIPC },
	[KCTR_NS_KIND_UTS]	= { "uts", CLONE_NEWUTS },
	[KCTR_NS_KIND_USER]	= { "user", CLONE_NEWUSER },
	[KCTR_NS_KIND_CGROUP]	= { "cgroup", CLONE_NEWCGROUP },
	[KCTR_NS_KIND_TIME]	= { "time", CLONE_NEWTIME },
};

#ifdef NL_SET_ERR_MSG_FMT
#define nsset_err(extack, attr, kind, msg) do {				\
	NL_SET_ERR_MSG_FMT(extack, "%s namespace: " msg,		\
			   kctr_ns_kinds[kind].name);			\
	if (extack)							\
		(extack)->bad_attr = (attr);				\
} while (0)
#else
#define nsset_err(extack, attr, kind, msg) do {				\
	(void)(kind);							\
	NL_SET_ERR_MSG_ATTR(extack, attr, "namespace fd: " msg);	\
} while (0)
#endif

static struct ns_common *file_ns(struct file *f)
{
	return get_proc_ns(file_inode(f));
}

/* Is @ns the namespace of that kind @task lives in (or will, for NULL)? */
static bool task_has_ns(struct task_struct *task, struct ns_common *ns)
{
	struct ns_common *own = ns->ops->get(task);

	if (!own)
		return false;
	ns->ops->put(own);
	return own == ns;
}

/* Differs from the creator's, or from the initial one if it is gone. */
static bool ns_is_new(struct ns_common *ns, struct task_struct *creator)
{
	struct ns_common *other = NULL;

	if (creator)
		other = ns->ops->get(creator);
	if (!other)
		other = ns->ops->get(&init_task);
	if (!other)
		return true;
	ns->ops->put(other);
	return other != ns;
}

static struct file *get_ns_file(const struct nlattr *attr, int kind,
				struct netlink_ext_ack *extack)
{
	struct ns_common *ns;
	struct file *f;

	f = fget(nla_get_u32(attr));
	if (!f) {
		nsset_err(extack, attr, kind, "fd is not open");
		return ERR_PTR(-EBADF);
	}
	if (file_inode(f)->i_sb->s_magic != NSFS_MAGIC) {
		nsset_err(extack, attr, kind, "fd is not a /proc/self/ns file");
		goto put_file;
	}
	ns = file_ns(f);
	if (ns->ops->type != kctr_ns_kinds[kind].type ||
	    strcmp(ns->ops->name, kctr_ns_kinds[kind].name)) {
		nsset_err(extack, attr, kind, "fd is a namespace of another kind");
		goto put_file;
	}
	if (!task_has_ns(current, ns)) {
		nsset_err(extack, attr, kind, "fd is not the caller's own namespace");
		goto put_file;
	}
	return f;

put_file:
	fput(f);
	return ERR_PTR(-EINVAL);
}

void kctr_nsset_release(struct kctr_nsset *set)
{
	int kind;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		if (set->files[kind])
			fput(set->files[kind]);
		set->files[kind] = NULL;
	}
	set->new_mask = 0;
	set->released_mask = 0;
}

struct file *kctr_nsset_let_go(struct kctr_nsset *set, int kind)
{
	struct file *f = set->files[kind];

	if (!f)
		return NULL;
	set->released_inum[kind] = file_ns(f)->inum;
	set->released_mask |= BIT(kind);
	set->files[kind] = NULL;
	return f;
}

/*
 * Every kind the init hands in is pinned, so GET shows shared kinds too;
 * the kinds in @mask must also differ from the creator's.
 */
int kctr_nsset_pin(struct kctr_nsset *set, u32 mask, const struct nlattr *fds,
		   struct task_struct *creator, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_NSFD_A_MAX + 1];
	struct kctr_nsset tmp = {};
	struct file *f;
	int kind, err;

	if (!fds) {
		if (!mask)
			return 0;
		NL_SET_ERR_MSG(extack, "KCTR_A_NS_FDS is required for a namespace mask");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, KCTR_NSFD_A_MAX, fds, kctr_nsfd_policy,
			       extack);
	if (err)
		return err;
	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		const struct nlattr *attr = tb[kind + 1];

		if (!attr) {
			if (!(mask & BIT(kind)))
				continue;
			nsset_err(extack, fds, kind, "no fd in KCTR_A_NS_FDS for a kind in the mask");
			err = -EINVAL;
			goto release_tmp;
		}
		f = get_ns_file(attr, kind, extack);
		if (IS_ERR(f)) {
			err = PTR_ERR(f);
			goto release_tmp;
		}
		tmp.files[kind] = f;
		if (ns_is_new(file_ns(f), creator))
			tmp.new_mask |= BIT(kind);
		else if (mask & BIT(kind)) {
			nsset_err(extack, attr, kind, "the creator's, not a new one");
			err = -EINVAL;
			goto release_tmp;
		}
	}
	*set = tmp;
	return 0;

release_tmp:
	kctr_nsset_release(&tmp);
	return err;
}

int kctr_nsset_verify_current(const struct kctr_nsset *set,
			      struct netlink_ext_ack *extack)
{
	int kind;

	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		if (!set->files[kind])
			continue;
		if (!task_has_ns(current, file_ns(set->files[kind]))) {
			nsset_err(extack, NULL, kind, "the caller is not in the container's");
			return -EPERM;
		}
	}
	return 0;
}

static int ns_level(int kind, struct ns_common *ns, u32 *level)
{
	if (kind == KCTR_NS_KIND_PID)
		*level = container_of(ns, struct pid_namespace, ns)->level;
	else if (kind == KCTR_NS_KIND_USER)
		*level = container_of(ns, struct user_namespace, ns)->level;
	else
		return 0;
	return 1;
}

static int fill_one(struct sk_buff *skb, const struct kctr_nsset *set,
		    int kind)
{
	struct ns_common *ns = file_ns(set->files[kind]);
	struct user_namespace *owner = ns->ops->owner(ns);
	struct nlattr *nest;
	u32 level;

	nest = nla_nest_start(skb, KCTR_A_NS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KCTR_NS_A_KIND, kind) ||
	    nla_put_u32(skb, KCTR_NS_A_INUM, ns->inum) ||
	    nla_put_u32(skb, KCTR_NS_A_REFCOUNT, refcount_read(&ns->count)) ||
	    ((set->new_mask & BIT(kind)) &&
	     nla_put_flag(skb, KCTR_NS_A_NEW)) ||
	    (ns_level(kind, ns, &level) &&
	     nla_put_u32(skb, KCTR_NS_A_LEVEL, level)) ||
	    (owner && nla_put_u32(skb, KCTR_NS_A_OWNER_INUM, owner->ns.inum))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A kind let go: what is known without the namespace. */
static int fill_released(struct sk_buff *skb, const struct kctr_nsset *set,
			 int kind)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, KCTR_A_NS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KCTR_NS_A_KIND, kind) ||
	    nla_put_u32(skb, KCTR_NS_A_INUM, set->released_inum[kind]) ||
	    ((set->new_mask & BIT(kind)) &&
	     nla_put_flag(skb, KCTR_NS_A_NEW)) ||
	    nla_put_flag(skb, KCTR_NS_A_RELEASED)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int fill_kind(struct sk_buff *skb, const struct kctr_nsset *set,
		     int kind)
{
	if (set->files[kind])
		return fill_one(skb, set, kind);
	if (set->released_mask & BIT(kind))
		return fill_released(skb, set, kind);
	return 0;
}

int kctr_nsset_fill(struct sk_buff *skb, const struct kctr_nsset *set)
{
	struct nlattr *nest;
	int kind;

	nest = nla_nest_start(skb, KCTR_A_NAMESPACES);
	if (!nest)
		return -EMSGSIZE;
	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++) {
		if (fill_kind(skb, set, kind)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

struct user_namespace *kctr_nsset_user_ns(const struct kctr_nsset *set)
{
	struct file *f = set->files[KCTR_NS_KIND_USER];

	if (!f)
		return NULL;
	return container_of(file_ns(f), struct user_namespace, ns);
}
