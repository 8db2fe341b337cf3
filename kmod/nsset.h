/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container's namespace set: one nsfs file per kind, handed in by the
 * init at JOIN. Holding the files pins the namespaces with exported
 * symbols only (get/put of several namespace kinds is not exported).
 */
#ifndef _KCTR_NSSET_H
#define _KCTR_NSSET_H

#include <linux/types.h>
#include <net/netlink.h>
#include <uapi/linux/kctr.h>

struct file;
struct task_struct;

struct kctr_nsset {
	struct file *files[__KCTR_NS_KIND_COUNT];	/* NULL: not pinned */
	u32 new_mask;	/* kinds that differ from the creator's */
	u32 released_mask;	/* pinned once, let go: inum kept */
	unsigned int released_inum[__KCTR_NS_KIND_COUNT];
};

extern const struct nla_policy kctr_nsfd_policy[KCTR_NSFD_A_MAX + 1];

/*
 * From current's context: take the fds in @fds (KCTR_A_NS_FDS), check
 * each names current's own namespace of that kind and that every kind in
 * @mask differs from @creator's (init_task when NULL), and pin them. All or
 * nothing.
 */
int kctr_nsset_pin(struct kctr_nsset *set, u32 mask, const struct nlattr *fds,
		   struct task_struct *creator, struct netlink_ext_ack *extack);
/* Are current's namespaces the pinned ones (for every pinned kind)? */
int kctr_nsset_verify_current(const struct kctr_nsset *set,
			      struct netlink_ext_ack *extack);
void kctr_nsset_release(struct kctr_nsset *set);
/*
 * Stop pinning the namespace of @kind, keeping its inum for GET; returns
 * the file for the caller to fput() (NULL if it was not pinned).
 */
struct file *kctr_nsset_let_go(struct kctr_nsset *set, int kind);
/* KCTR_A_NAMESPACES nest. */
int kctr_nsset_fill(struct sk_buff *skb, const struct kctr_nsset *set);
/* The pinned user namespace (for the live id maps), or NULL. */
struct user_namespace *kctr_nsset_user_ns(const struct kctr_nsset *set);

#endif
