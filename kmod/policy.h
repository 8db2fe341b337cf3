/* SPDX-License-Identifier: GPL-2.0 */
/* Capability sets, seccomp programs and id maps of a container. */
#ifndef _KCTR_POLICY_H
#define _KCTR_POLICY_H

#include <linux/types.h>
#include <linux/filter.h>
#include <net/netlink.h>
#include <uapi/linux/kctr.h>

struct user_namespace;
struct uid_gid_map;

struct kctr_caps {
	u64 bounding, effective, permitted, inheritable, ambient;
};

struct kctr_seccomp {
	struct sock_filter *insns;	/* kmalloc'ed, NULL when unconfined */
	unsigned int len;		/* instructions */
};

struct kctr_id_extent {
	u32 inside, outside, count;
};

struct kctr_idmap {
	unsigned int nr;
	struct kctr_id_extent ext[];
};

extern const struct nla_policy kctr_caps_policy[KCTR_CAPS_A_MAX + 1];
extern const struct nla_policy kctr_map_policy[KCTR_MAP_A_MAX + 1];

int kctr_caps_parse(const struct nlattr *nest, struct kctr_caps *caps,
		    struct netlink_ext_ack *extack);
int kctr_caps_fill(struct sk_buff *skb, const struct kctr_caps *caps);
/* Pure checks behind kctr_caps_parse() and kctr_policy_join_current(). */
int kctr_caps_validate(const struct kctr_caps *caps,
		       struct netlink_ext_ack *extack);
/*
 * May a process holding @cur (with ambient raising forbidden by its
 * securebits when @no_ambient_raise) switch to @want? Only reductions, plus
 * the inheritable bits capset(2) would let it add.
 */
int kctr_caps_may_apply(const struct kctr_caps *cur, bool no_ambient_raise,
			const struct kctr_caps *want,
			struct netlink_ext_ack *extack);

/* Checks a classic BPF program the way seccomp's own checker does. */
int kctr_seccomp_check(const struct sock_filter *insns, unsigned int len,
		       struct netlink_ext_ack *extack);
int kctr_seccomp_parse(const struct nlattr *attr, struct kctr_seccomp *sc,
		       struct netlink_ext_ack *extack);
void kctr_seccomp_free(struct kctr_seccomp *sc);

/*
 * Where the capability sets are applied: at START with
 * KCTR_F_ALLOW_NEW_PRIVS in @flags, else at JOIN.
 */
bool kctr_policy_reduces_at_start(u32 flags);
/*
 * JOIN's part, on current. Without KCTR_F_ALLOW_NEW_PRIVS: apply @caps in
 * one commit_creds() and set no_new_privs. With it: change nothing, only
 * refuse @caps START could not apply. Either way only ever a reduction
 * (-EPERM if a set would grow), and *@filters_before is the number of
 * seccomp filters current has, before it installs the container's.
 */
int kctr_policy_join_current(const struct kctr_caps *caps, u32 flags,
			     int *filters_before,
			     struct netlink_ext_ack *extack);
/*
 * START's part, after START's checks passed: with KCTR_F_ALLOW_NEW_PRIVS
 * apply @caps as JOIN does without it; no_new_privs is left alone.
 */
int kctr_policy_start_current(const struct kctr_caps *caps, u32 flags,
			      struct netlink_ext_ack *extack);
/* Is current's bounding set within @caps' (as the container's processes)? */
bool kctr_policy_confined_current(const struct kctr_caps *caps);
/* Current's five sets. */
void kctr_caps_of_current(struct kctr_caps *caps);

/* Parse a KCTR_A_UID_MAP/GID_MAP nest; *map is kmalloc'ed or NULL. */
int kctr_idmap_parse(const struct nlattr *nest, struct kctr_idmap **map,
		     struct netlink_ext_ack *extack);
int kctr_idmap_validate(const struct kctr_idmap *map,
			struct netlink_ext_ack *extack);
/* Same extents, in any order (the kernel sorts maps of more than 5)? */
bool kctr_idmap_matches(const struct kctr_idmap *want,
			const struct uid_gid_map *live);
/* Does the live map of @ns (uid or gid) equal @want? */
int kctr_idmap_verify(const struct kctr_idmap *want,
		      struct user_namespace *ns, bool gid,
		      struct netlink_ext_ack *extack);
/* Put the live map of @ns as attribute @attrtype. */
int kctr_idmap_fill_live(struct sk_buff *skb, int attrtype,
			 struct user_namespace *ns, bool gid);

#endif
