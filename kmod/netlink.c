// SPDX-License-Identifier: GPL-2.0
/* The "container" generic netlink family: policies, permissions, ops. */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "compat.h"
#include "guard.h"
#include "kctr.h"
#include "netlink.h"

static struct genl_family kctr_family;

static const struct nla_policy kctr_mapnest_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_MAP_EXTENT] = NLA_POLICY_NESTED(kctr_map_policy),
};

static const struct nla_policy kctr_create_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_NAME] = { .type = NLA_NUL_STRING, .len = KCTR_NAME_MAX },
	[KCTR_A_NS_MASK] = NLA_POLICY_MASK(NLA_U32, __KCTR_NS_ALL),
	[KCTR_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, KCTR_F_AUTO_REMOVE |
					 KCTR_F_VERIFY_CONTAINMENT |
					 KCTR_F_DEVICE_POLICY |
					 KCTR_F_PERSIST |
					 KCTR_F_ALLOW_NEW_PRIVS),
	[KCTR_A_HOSTNAME] = { .type = NLA_NUL_STRING,
			      .len = KCTR_HOSTNAME_MAX },
	[KCTR_A_IMAGE] = { .type = NLA_NUL_STRING, .len = KCTR_IMAGE_MAX },
	[KCTR_A_COMMAND] = { .type = NLA_NUL_STRING,
			     .len = KCTR_COMMAND_MAX },
	[KCTR_A_LIMITS] = NLA_POLICY_NESTED(kctr_limits_policy),
	[KCTR_A_CAPS] = NLA_POLICY_NESTED(kctr_caps_policy),
	[KCTR_A_SECCOMP_PROG] = { .type = NLA_BINARY,
				  .len = KCTR_SECCOMP_MAX_INSNS *
					 sizeof(struct sock_filter) },
	[KCTR_A_UID_MAP] = NLA_POLICY_NESTED(kctr_mapnest_policy),
	[KCTR_A_GID_MAP] = NLA_POLICY_NESTED(kctr_mapnest_policy),
	[KCTR_A_NET] = NLA_POLICY_NESTED(kctr_net_policy),
};

static const struct nla_policy kctr_join_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_ID] = { .type = NLA_U64 },
	[KCTR_A_NS_FDS] = NLA_POLICY_NESTED(kctr_nsfd_policy),
};

static const struct nla_policy kctr_id_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_ID] = { .type = NLA_U64 },
};

static const struct nla_policy kctr_get_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_ID] = { .type = NLA_U64 },
	[KCTR_A_NAME] = { .type = NLA_NUL_STRING, .len = KCTR_NAME_MAX },
	[KCTR_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, KCTR_F_NO_STATS |
					 KCTR_F_SUMMARY),
};

static const struct nla_policy kctr_kill_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_ID] = { .type = NLA_U64 },
	[KCTR_A_SIGNAL] = NLA_POLICY_RANGE(NLA_U32, 1, _NSIG),
	[KCTR_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, KCTR_F_KILL_ALL),
};

static const struct nla_policy kctr_delete_policy[KCTR_A_MAX + 1] = {
	[KCTR_A_ID] = { .type = NLA_U64 },
	[KCTR_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, KCTR_F_FORCE),
};

/* Who may see what: every container, only the caller's own, or nothing. */
enum kctr_view { KCTR_VIEW_NONE, KCTR_VIEW_ALL, KCTR_VIEW_OWN };

static enum kctr_view kctr_caller_view(const struct sk_buff *skb)
{
	if (kctr_cgroup_current_inside())
		return KCTR_VIEW_OWN;
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return KCTR_VIEW_ALL;
	return KCTR_VIEW_NONE;
}

/* Mutating ops: CAP_SYS_ADMIN, and never from inside a container. */
static int kctr_check_admin(const struct sk_buff *skb,
			    struct netlink_ext_ack *extack)
{
	if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG_MOD(extack, "needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	if (kctr_cgroup_current_inside()) {
		NL_SET_ERR_MSG_MOD(extack, "not allowed from inside a container");
		return -EPERM;
	}
	return 0;
}

/* A GET's record has the cgroup's figures, read from its files. */
static bool kctr_wants_stats(u32 flags)
{
	return !(flags & (KCTR_F_NO_STATS | KCTR_F_SUMMARY));
}

/* The flags attribute, whose bits the op's policy mask has checked. */
static u32 kctr_attr_flags(struct nlattr **attrs)
{
	return attrs[KCTR_A_FLAGS] ? nla_get_u32(attrs[KCTR_A_FLAGS]) : 0;
}

/* KILL and DELETE: a caller allowed to act, naming a container by id. */
static int kctr_check_admin_id(const struct sk_buff *skb,
			       struct genl_info *info)
{
	int err = kctr_check_admin(skb, info->extack);

	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, KCTR_A_ID))
		return -EINVAL;
	return 0;
}

static struct kctr_container *kctr_lookup_id(struct genl_info *info)
{
	struct kctr_container *c;

	c = kctr_registry_find(nla_get_u64(info->attrs[KCTR_A_ID]));
	if (!c)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KCTR_A_ID],
				    "no container with this id");
	return c;
}

static int kctr_put_u64(struct sk_buff *skb, int type, u64 value)
{
	return nla_put_u64_64bit(skb, type, value, KCTR_A_PAD);
}

static int kctr_put_str(struct sk_buff *skb, int type, const char *s)
{
	return s ? nla_put_string(skb, type, s) : 0;
}

static int kctr_fill_device_prog(struct sk_buff *skb,
				 const struct kctr_container *c)
{
	u32 id = kctr_cgroup_device_prog_id(&c->cg);

	return id ? nla_put_u32(skb, KCTR_A_DEVICE_PROG_ID, id) : 0;
}

static int kctr_fill_basic(struct sk_buff *skb, const struct kctr_container *c)
{
	uid_t owner = from_kuid_munged(current_user_ns(), c->owner);

	if (kctr_put_u64(skb, KCTR_A_ID, c->id) ||
	    nla_put_string(skb, KCTR_A_NAME, c->name) ||
	    nla_put_u32(skb, KCTR_A_STATE, c->state) ||
	    nla_put_u32(skb, KCTR_A_FLAGS, c->flags) ||
	    nla_put_u32(skb, KCTR_A_NS_MASK, c->ns_mask) ||
	    nla_put_u32(skb, KCTR_A_OWNER_UID, owner) ||
	    kctr_put_str(skb, KCTR_A_HOSTNAME, c->hostname) ||
	    kctr_put_str(skb, KCTR_A_IMAGE, c->image) ||
	    kctr_put_str(skb, KCTR_A_COMMAND, c->command) ||
	    kctr_put_u64(skb, KCTR_A_CREATED_NS, c->created_ns) ||
	    nla_put_u32(skb, KCTR_A_JOINS, c->joins))
		return -EMSGSIZE;
	if (c->started_ns && kctr_put_u64(skb, KCTR_A_STARTED_NS, c->started_ns))
		return -EMSGSIZE;
	/* No status when the init was reaped before the module could read it. */
	if (c->state == KCTR_STATE_STOPPED &&
	    (kctr_put_u64(skb, KCTR_A_EXITED_NS, c->exited_ns) ||
	     (c->exit_seen &&
	      nla_put_u32(skb, KCTR_A_EXIT_CODE, c->exit_code))))
		return -EMSGSIZE;
	return 0;
}

/* The init's pid in the caller's namespace and at each level below it. */
static int kctr_fill_pids(struct sk_buff *skb, const struct kctr_container *c)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct pid *pid = c->init_pid;
	struct nlattr *nest;
	unsigned int i;
	pid_t nr;

	if (!pid || c->state == KCTR_STATE_STOPPED)
		return 0;
	nr = pid_nr_ns(pid, ns);
	if (!nr)
		return 0;
	if (nla_put_u32(skb, KCTR_A_INIT_PID, nr))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, KCTR_A_INIT_PIDS);
	if (!nest)
		return -EMSGSIZE;
	for (i = ns->level; i <= pid->level; i++) {
		if (nla_put_u32(skb, KCTR_A_PID, pid->numbers[i].nr)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int kctr_fill_seccomp(struct sk_buff *skb,
			     const struct kctr_container *c)
{
	struct task_struct *task = NULL;
	struct nlattr *nest;
	int err = 0;

	nest = nla_nest_start(skb, KCTR_A_SECCOMP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KCTR_SECCOMP_A_INSNS, c->seccomp.len))
		goto err_cancel;
	if (c->init_pid && c->state != KCTR_STATE_STOPPED)
		task = get_pid_task(c->init_pid, PIDTYPE_PID);
#ifdef CONFIG_SECCOMP
	if (task)
		err = nla_put_u32(skb, KCTR_SECCOMP_A_INIT_MODE,
				  READ_ONCE(task->seccomp.mode));
#endif
	if (task)
		put_task_struct(task);
	if (err)
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int kctr_fill_policy(struct sk_buff *skb, struct kctr_container *c)
{
	struct user_namespace *uns = kctr_nsset_user_ns(&c->ns);
	int err;

	err = kctr_nsset_fill(skb, &c->ns);
	if (!err && uns)
		err = kctr_idmap_fill_live(skb, KCTR_A_UID_MAP, uns, false);
	if (!err && uns)
		err = kctr_idmap_fill_live(skb, KCTR_A_GID_MAP, uns, true);
	if (!err && c->cg.cgrp)
		err = kctr_cgroup_fill(skb, &c->cg);
	if (!err)
		err = kctr_limits_fill(skb, &c->limits);
	if (!err)
		err = kctr_caps_fill(skb, &c->caps);
	if (!err)
		err = kctr_fill_seccomp(skb, c);
	if (!err)
		err = kctr_net_fill(skb, &c->net);
	return err;
}

/*
 * One container record; in a dump, @cb marks it if the registry changed.
 * A @summary (KCTR_F_SUMMARY) stops after the init's pids: what a listing
 * shows, without the namespaces, maps, cgroup, limits, capabilities,
 * seccomp, network claim and device program, most of a record's
 * attributes and the cgroup walk that finds the program.
 */
static int kctr_fill_record(struct sk_buff *skb, struct kctr_container *c,
			    u32 portid, u32 seq, int flags, u8 cmd,
			    struct netlink_callback *cb, bool summary)
{
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &kctr_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	err = kctr_fill_basic(skb, c);
	if (!err)
		err = kctr_fill_pids(skb, c);
	if (!err && !summary)
		err = kctr_fill_device_prog(skb, c);
	if (!err && !summary)
		err = kctr_fill_policy(skb, c);
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * The largest record the uapi allows, as a whole netlink message: every
 * string at its maximum, two live id maps of KCTR_MAP_MAX_EXTENTS, every
 * namespace kind, pids at every pid namespace level, a cgroup path of
 * PATH_MAX, every limit with KCTR_IO_MAX_DEVICES devices, a network claim
 * with KCTR_NET_PORTS_MAX ports. About 28 KiB,
 * so a reader with a 32 KiB buffer gets any record (KUnit checks both).
 */
size_t kctr_record_size_max(void)
{
	const size_t u32a = nla_total_size(sizeof(u32));
	const size_t u64a = nla_total_size_64bit(sizeof(u64));
	const size_t ext = nla_total_size(3 * u32a);
	const size_t ns = nla_total_size(5 * u32a + nla_total_size(0));
	const size_t io = nla_total_size(2 * u32a + 4 * u64a);
	size_t basic, pids, set, maps, cg, lim, caps, sc;

	/* id, created, started, exited; state, flags, mask, owner, ... */
	basic = 4 * u64a + 8 * u32a + nla_total_size(KCTR_NAME_MAX + 1) +
		nla_total_size(KCTR_HOSTNAME_MAX + 1) +
		nla_total_size(KCTR_IMAGE_MAX + 1) +
		nla_total_size(KCTR_COMMAND_MAX + 1);
	pids = nla_total_size((MAX_PID_NS_LEVEL + 1) * u32a);
	set = nla_total_size(__KCTR_NS_KIND_COUNT * ns);
	maps = 2 * nla_total_size(KCTR_MAP_MAX_EXTENTS * ext);
	cg = nla_total_size(nla_total_size(PATH_MAX) + 11 * u64a + u32a);
	lim = nla_total_size(8 * u64a + u32a +
			     2 * nla_total_size(KCTR_CPUSET_MAX + 1) +
			     nla_total_size(KCTR_IO_MAX_DEVICES * io));
	caps = nla_total_size(5 * u64a);
	sc = nla_total_size(2 * u32a);
	return nlmsg_total_size(GENL_HDRLEN + basic + pids + set + maps + cg +
				lim + caps + sc + kctr_net_size_max());
}

int kctr_record_fill(struct sk_buff *skb, struct kctr_container *c,
		     bool summary)
{
	return kctr_fill_record(skb, c, 0, 0, 0, KCTR_CMD_GET, NULL, summary);
}

/* A reply holding @c's record: a page, else the largest record's size. */
static struct sk_buff *kctr_record_reply(struct kctr_container *c,
					 struct genl_info *info, bool summary)
{
	const size_t sizes[] = { NLMSG_GOODSIZE, kctr_record_size_max() };
	struct sk_buff *msg;
	unsigned int i;
	int err = -EMSGSIZE;

	for (i = 0; i < ARRAY_SIZE(sizes) && err == -EMSGSIZE; i++) {
		msg = genlmsg_new(sizes[i], GFP_KERNEL);
		if (!msg)
			return ERR_PTR(-ENOMEM);
		err = kctr_fill_record(msg, c, info->snd_portid, info->snd_seq,
				       0, info->genlhdr->cmd, NULL, summary);
		if (!err)
			return msg;
		nlmsg_free(msg);
	}
	return ERR_PTR(err);
}

#ifdef KCTR_HAVE_MCAST_FILTERED
/* Atomic context: non-zero drops @dsk, a socket made inside another one. */
static int kctr_event_filter(struct sock *dsk, struct sk_buff *skb,
			     void *data)
{
	return !kctr_cgroup_may_observe(sock_cgroup_ptr(&dsk->sk_cgrp_data),
					data);
}

static void kctr_nl_multicast(struct kctr_container *c, struct sk_buff *msg)
{
	genlmsg_multicast_netns_filtered(&kctr_family, &init_net, msg, 0, 0,
					 GFP_KERNEL, kctr_event_filter,
					 c->cg.cgrp);
}
#else
/* No filtered multicast (6.1): every subscriber gets every event. */
static void kctr_nl_multicast(struct kctr_container *c, struct sk_buff *msg)
{
	genlmsg_multicast(&kctr_family, msg, 0, 0, GFP_KERNEL);
}
#endif

void kctr_nl_event(struct kctr_container *c, enum kctr_event event, u64 arg)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &kctr_family, 0, KCTR_CMD_EVENT);
	if (!hdr)
		goto err_free;
	if (nla_put_u32(msg, KCTR_A_EVENT, event) ||
	    kctr_put_u64(msg, KCTR_A_ID, c->id) ||
	    nla_put_string(msg, KCTR_A_NAME, c->name) ||
	    kctr_put_u64(msg, KCTR_A_TIME_NS, ktime_get_real_ns()))
		goto err_free;
	if (event == KCTR_EVENT_EXITED && c->exit_seen &&
	    nla_put_u32(msg, KCTR_A_EXIT_CODE, arg))
		goto err_free;
	if (event == KCTR_EVENT_OOM && kctr_put_u64(msg, KCTR_A_OOM_KILLS, arg))
		goto err_free;
	genlmsg_end(msg, hdr);
	/* -ESRCH: nobody listens, which is fine */
	kctr_nl_multicast(c, msg);
	return;

err_free:
	nlmsg_free(msg);
}

static int kctr_nl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kctr_family, 0,
				KCTR_CMD_GET_VERSION);
	if (!hdr)
		goto err_free;
	if (nla_put_string(msg, KCTR_A_VERSION, KCTR_VERSION) ||
	    nla_put_u32(msg, KCTR_A_UAPI_VERSION, KCTR_UAPI_VERSION))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * NLA_NUL_STRING only wants a NUL somewhere: "ab\0cd" would pass as "ab".
 * A string attribute must be its characters and one final NUL.
 */
static bool kctr_str_whole(const struct nlattr *attr)
{
	return strnlen(nla_data(attr), nla_len(attr)) == nla_len(attr) - 1;
}

static int kctr_check_str(const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	if (!attr || kctr_str_whole(attr))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "a NUL inside the string (only one, at its end)");
	return -EINVAL;
}

static int kctr_dup_str(const struct nlattr *attr, char **out,
			struct netlink_ext_ack *extack)
{
	int err = kctr_check_str(attr, extack);

	if (err || !attr)
		return err;
	*out = nla_strdup(attr, GFP_KERNEL);
	return *out ? 0 : -ENOMEM;
}

static int kctr_create_parse_maps(struct kctr_container *c,
				  struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	int err = 0;

	if (!attrs[KCTR_A_UID_MAP] && !attrs[KCTR_A_GID_MAP])
		return 0;
	if (!(c->ns_mask & KCTR_NS_USER)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    attrs[KCTR_A_UID_MAP] ?: attrs[KCTR_A_GID_MAP],
				    "id maps need a new user namespace (KCTR_NS_USER)");
		return -EINVAL;
	}
	if (attrs[KCTR_A_UID_MAP])
		err = kctr_idmap_parse(attrs[KCTR_A_UID_MAP], &c->uid_map,
				       info->extack);
	if (!err && attrs[KCTR_A_GID_MAP])
		err = kctr_idmap_parse(attrs[KCTR_A_GID_MAP], &c->gid_map,
				       info->extack);
	return err;
}

static int kctr_create_parse(struct kctr_container *c, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	int err;

	if (attrs[KCTR_A_NAME]) {
		nla_strscpy(c->name, attrs[KCTR_A_NAME], sizeof(c->name));
		if (!kctr_str_whole(attrs[KCTR_A_NAME]) ||
		    !kctr_name_valid(c->name)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KCTR_A_NAME],
					    "invalid name: 1..255 of [A-Za-z0-9_+.-], not starting with '.' or '-'");
			return -EINVAL;
		}
	}
	c->ns_mask = nla_get_u32(attrs[KCTR_A_NS_MASK]);
	c->flags = kctr_attr_flags(attrs);
	err = kctr_dup_str(attrs[KCTR_A_HOSTNAME], &c->hostname, extack);
	if (!err)
		err = kctr_dup_str(attrs[KCTR_A_IMAGE], &c->image, extack);
	if (!err)
		err = kctr_dup_str(attrs[KCTR_A_COMMAND], &c->command, extack);
	if (!err && attrs[KCTR_A_LIMITS])
		err = kctr_limits_parse(attrs[KCTR_A_LIMITS], &c->limits,
					extack);
	if (!err && attrs[KCTR_A_CAPS])
		err = kctr_caps_parse(attrs[KCTR_A_CAPS], &c->caps, extack);
	if (!err && attrs[KCTR_A_SECCOMP_PROG])
		err = kctr_seccomp_parse(attrs[KCTR_A_SECCOMP_PROG],
					 &c->seccomp, extack);
	if (!err)
		err = kctr_create_parse_maps(c, info);
	if (!err && attrs[KCTR_A_NET])
		err = kctr_net_parse(&c->net, attrs[KCTR_A_NET],
				     genl_info_net(info), extack);
	return err;
}

/*
 * Under kctr_lock: id, network claim, cgroup, reply, registry, then the
 * reply is queued. All or nothing: a failure before the insert ends the
 * claim and leaves the cgroup to the release; a reply that cannot be
 * queued (the caller's receive queue is full) takes the container out
 * again, before anyone could see it (the lock is held throughout) and
 * before CREATED is sent.
 */
static int kctr_create_register(struct kctr_container *c,
				struct genl_info *info)
{
	struct sk_buff *reply;
	int err;

	err = kctr_registry_reserve(c, info->extack);
	if (!err)
		err = kctr_net_check(&c->net, info->extack);
	if (err)
		return err;
	kctr_net_claim(&c->net);
	err = kctr_cgroup_create(&c->cg, c->id, &c->limits, info->extack);
	if (err)
		goto err_unclaim;
	c->owner = current_euid();
	c->creator_portid = info->snd_portid;
	c->creator_net = get_net(genl_info_net(info));
	c->creator = get_pid(task_tgid(current));
	reply = kctr_record_reply(c, info, false);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto err_unclaim;
	}
	err = kctr_registry_insert(c);
	if (err) {
		nlmsg_free(reply);
		goto err_unclaim;
	}
	err = genlmsg_reply(reply, info);
	if (err) {
		kctr_registry_unpublish(c);
		return err;
	}
	kctr_nl_event(c, KCTR_EVENT_CREATED, 0);
	return 0;

err_unclaim:
	kctr_net_unclaim(&c->net);
	return err;
}

static int kctr_nl_create(struct sk_buff *skb, struct genl_info *info)
{
	struct kctr_container *c;
	int err;

	err = kctr_check_admin(skb, info->extack);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, KCTR_A_NS_MASK))
		return -EINVAL;
	c = kctr_container_alloc();
	if (!c)
		return -ENOMEM;
	err = kctr_create_parse(c, info);
	if (!err) {
		mutex_lock(&kctr_lock);
		err = kctr_create_register(c, info);
		mutex_unlock(&kctr_lock);
	}
	kctr_container_put(c);
	return err;
}

static struct sk_buff *kctr_join_msg(struct kctr_container *c,
				     struct genl_info *info)
{
	size_t len = c->seccomp.len * sizeof(struct sock_filter);
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(len) + NLMSG_DEFAULT_SIZE,
			  GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	hdr = genlmsg_put_reply(msg, info, &kctr_family, 0, KCTR_CMD_JOIN);
	if (!hdr)
		goto err_free;
	if (kctr_put_u64(msg, KCTR_A_ID, c->id))
		goto err_free;
	if (len && nla_put(msg, KCTR_A_SECCOMP_PROG, len, c->seccomp.insns))
		goto err_free;
	genlmsg_end(msg, hdr);
	return msg;

err_free:
	nlmsg_free(msg);
	return ERR_PTR(-EMSGSIZE);
}

/*
 * Forget a JOIN whose reply could not be sent: the init's pins, exit
 * watch and identity, or the exec's pending entry. Capabilities that
 * JOIN reduced stay reduced (commit_creds() has no undo, and a reduction
 * grants nothing); the caller may JOIN again.
 */
static void kctr_join_undo(struct kctr_container *c, bool init)
{
	if (!init) {
		kctr_pending_undo(c, task_pid(current));
		return;
	}
	kctr_exitwatch_disarm(c);
	put_pid(c->init_pid);
	c->init_pid = NULL;
	put_pid(c->init_thread);
	c->init_thread = NULL;
	c->init_filters = 0;
	kctr_nsset_release(&c->ns);
}

/* The reply (the program to install), or the JOIN is undone. */
static int kctr_join_reply(struct kctr_container *c, struct genl_info *info,
			   bool init)
{
	struct sk_buff *msg = kctr_join_msg(c, info);
	int err;

	err = IS_ERR(msg) ? PTR_ERR(msg) : genlmsg_reply(msg, info);
	if (err)
		kctr_join_undo(c, init);
	return err;
}

static int kctr_verify_maps(struct kctr_container *c,
			    struct netlink_ext_ack *extack)
{
	struct user_namespace *uns = kctr_nsset_user_ns(&c->ns);
	int err = 0;

	if (!c->uid_map && !c->gid_map)
		return 0;
	if (!uns) {
		NL_SET_ERR_MSG_MOD(extack, "id maps given but no user namespace pinned");
		return -EINVAL;
	}
	if (c->uid_map)
		err = kctr_idmap_verify(c->uid_map, uns, false, extack);
	if (!err && c->gid_map)
		err = kctr_idmap_verify(c->gid_map, uns, true, extack);
	return err;
}

static int kctr_pin_init_ns(struct kctr_container *c, struct genl_info *info)
{
	struct task_struct *creator;
	int err;

	if (c->ns_mask && GENL_REQ_ATTR_CHECK(info, KCTR_A_NS_FDS))
		return -EINVAL;
	if (!c->ns_mask && !info->attrs[KCTR_A_NS_FDS])
		return 0;
	creator = get_pid_task(c->creator, PIDTYPE_PID);
	err = kctr_nsset_pin(&c->ns, c->ns_mask, info->attrs[KCTR_A_NS_FDS],
			     creator, info->extack);
	if (creator)
		put_task_struct(creator);
	return err;
}

static int kctr_join_init(struct kctr_container *c, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	int err;

	if (c->init_pid) {
		NL_SET_ERR_MSG_MOD(extack, "the container's init already joined");
		return -EBUSY;
	}
	if ((c->ns_mask & KCTR_NS_PID) && task_tgid_vnr(current) != 1) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the init must be pid 1 of the container's pid namespace");
		return -EPERM;
	}
	err = kctr_pin_init_ns(c, info);
	if (err)
		return err;
	err = kctr_verify_maps(c, extack);
	if (err)
		goto err_release_ns;
	err = kctr_policy_join_current(&c->caps, c->flags, &c->init_filters,
				       extack);
	if (err)
		goto err_release_ns;
	c->init_pid = get_pid(task_tgid(current));
	c->init_thread = get_pid(task_pid(current));
	kctr_exitwatch_arm(c);
	return 0;

err_release_ns:
	kctr_nsset_release(&c->ns);
	return err;
}

/*
 * Is the exec joiner one of the container's own processes, which count
 * against KCTR_MAX_PENDING_JOINS_NNP? They all have no_new_privs, except
 * in a KCTR_F_ALLOW_NEW_PRIVS container: there, a bounding set within the
 * container's is what marks them (the host's kctr exec has more).
 */
static bool kctr_joiner_from_inside(const struct kctr_container *c)
{
	if (task_no_new_privs(current))
		return true;
	return kctr_policy_reduces_at_start(c->flags) &&
	       kctr_policy_confined_current(&c->caps);
}

static int kctr_join_exec(struct kctr_container *c, struct genl_info *info)
{
	bool nnp = kctr_joiner_from_inside(c);
	int filters_before;
	int err;

	err = kctr_nsset_verify_current(&c->ns, info->extack);
	if (err)
		return err;
	err = kctr_policy_join_current(&c->caps, c->flags, &filters_before,
				       info->extack);
	if (err)
		return err;
	err = kctr_pending_add(c, task_pid(current), filters_before, nnp);
	if (err == -EBUSY)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "too many processes joining at once");
	return err;
}

/*
 * JOIN and START come from processes already in the container's cgroup.
 * To anyone who may not list containers (from inside another one, or
 * without CAP_SYS_ADMIN) this one does not exist: the same errno and
 * message as for an unknown id.
 */
static struct kctr_container *kctr_lookup_member(struct sk_buff *skb,
						 struct genl_info *info)
{
	struct kctr_container *c = kctr_lookup_id(info);

	if (c && !kctr_cgroup_has_task(&c->cg, current)) {
		if (kctr_caller_view(skb) != KCTR_VIEW_ALL) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[KCTR_A_ID],
					    "no container with this id");
			return ERR_PTR(-ENOENT);
		}
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the caller is not in the container's cgroup");
		return ERR_PTR(-EPERM);
	}
	return c ?: ERR_PTR(-ENOENT);
}

static int kctr_nl_join(struct sk_buff *skb, struct genl_info *info)
{
	struct kctr_container *c;
	bool init = false;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, KCTR_A_ID))
		return -EINVAL;
	/* nothing is looked up or changed for a caller that may not JOIN */
	err = kctr_guard_join(info->extack);
	if (err)
		return err;
	mutex_lock(&kctr_lock);
	c = kctr_lookup_member(skb, info);
	if (IS_ERR(c)) {
		err = PTR_ERR(c);
	} else if (c->state == KCTR_STATE_CREATED) {
		init = true;
		err = kctr_join_init(c, info);
	} else if (c->state == KCTR_STATE_RUNNING) {
		err = kctr_join_exec(c, info);
	} else {
		NL_SET_ERR_MSG_MOD(info->extack, "the container has stopped");
		err = -ESRCH;
	}
	if (!err)
		err = kctr_join_reply(c, info, init);
	mutex_unlock(&kctr_lock);
	return err;
}

/* What START verifies of the thread that joined (see the uapi header). */
static int kctr_start_verify(struct kctr_container *c, struct pid *joined,
			     int filters_before,
			     struct netlink_ext_ack *extack)
{
	struct kctr_start_facts f = {
		.same_thread = joined == task_pid(current),
		.creds_overridden = current->cred != current->real_cred,
		.nr_threads = get_nr_threads(current),
		.has_prog = !!c->seccomp.insns,
		.seccomp_mode = kctr_seccomp_mode_current(),
		.filters_before = filters_before,
		.filters_now = kctr_seccomp_filters_current(),
	};
	const char *msg = kctr_start_refusal(&f);

	if (msg) {
		kctr_set_err(extack, NULL, msg);
		return -EPERM;
	}
	if (c->flags & KCTR_F_VERIFY_CONTAINMENT) {
		int err = kctr_guard_containment(extack);

		if (err)
			return err;
	}
	if ((c->flags & KCTR_F_DEVICE_POLICY) &&
	    !kctr_cgroup_device_prog_id(&c->cg)) {
		NL_SET_ERR_MSG(extack,
			       "KCTR_F_DEVICE_POLICY: the container's cgroup has no device program");
		return -EPERM;
	}
	return 0;
}

static int kctr_start_init(struct kctr_container *c,
			   struct netlink_ext_ack *extack)
{
	int err;

	err = kctr_start_verify(c, c->init_thread, c->init_filters, extack);
	if (!err)
		err = kctr_policy_start_current(&c->caps, c->flags, extack);
	if (err)
		return err;
	c->started_ns = ktime_get_real_ns();
	kctr_registry_set_state(c, KCTR_STATE_RUNNING);
	kctr_nl_event(c, KCTR_EVENT_STARTED, 0);
	return 0;
}

static int kctr_start_exec(struct kctr_container *c,
			   struct netlink_ext_ack *extack)
{
	int filters_before;
	int err;

	if (kctr_pending_take(c, task_pid(current), &filters_before)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "START without a JOIN first (from this thread)");
		return -EINVAL;
	}
	err = kctr_start_verify(c, task_pid(current), filters_before, extack);
	if (!err)
		err = kctr_policy_start_current(&c->caps, c->flags, extack);
	if (!err)
		c->joins++;
	return err;
}

static int kctr_nl_start(struct sk_buff *skb, struct genl_info *info)
{
	struct kctr_container *c;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, KCTR_A_ID))
		return -EINVAL;
	mutex_lock(&kctr_lock);
	c = kctr_lookup_member(skb, info);
	if (IS_ERR(c)) {
		err = PTR_ERR(c);
	} else if (c->state == KCTR_STATE_CREATED &&
		   c->init_pid == task_tgid(current)) {
		err = kctr_start_init(c, info->extack);
	} else if (c->state == KCTR_STATE_RUNNING) {
		err = kctr_start_exec(c, info->extack);
	} else if (c->state == KCTR_STATE_CREATED) {
		NL_SET_ERR_MSG_MOD(info->extack, "START without a JOIN first");
		err = -EINVAL;
	} else {
		NL_SET_ERR_MSG_MOD(info->extack, "the container has stopped");
		err = -ESRCH;
	}
	mutex_unlock(&kctr_lock);
	return err;
}

static struct kctr_container *kctr_get_target(struct sk_buff *skb,
					      struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	enum kctr_view view = kctr_caller_view(skb);
	struct kctr_container *c;

	if (view == KCTR_VIEW_NONE) {
		NL_SET_ERR_MSG_MOD(info->extack, "needs CAP_SYS_ADMIN");
		return ERR_PTR(-EPERM);
	}
	if (attrs[KCTR_A_ID]) {
		c = kctr_registry_find(nla_get_u64(attrs[KCTR_A_ID]));
	} else if (attrs[KCTR_A_NAME]) {
		c = kctr_registry_find_name(nla_data(attrs[KCTR_A_NAME]));
	} else {
		NL_SET_ERR_MSG_MOD(info->extack, "KCTR_A_ID or KCTR_A_NAME needed");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, KCTR_A_ID);
		return ERR_PTR(-EINVAL);
	}
	/* from inside, other containers do not exist */
	if (c && view == KCTR_VIEW_OWN && c != kctr_registry_find_current())
		c = NULL;
	if (!c) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such container");
		return ERR_PTR(-ENOENT);
	}
	return c;
}

/*
 * A GET reads the cgroup's files (memory.current, cpu.stat, ...) before
 * it takes kctr_lock, on a reference: a slow cgroupfs read stalls no
 * other request. The record, these figures included, is then filled
 * under the lock; a container removed meanwhile is not found. With
 * KCTR_F_NO_STATS or KCTR_F_SUMMARY the files are not read at all.
 */
static struct sk_buff *kctr_get_reply(struct kctr_container *c,
				      struct genl_info *info, u32 flags)
{
	bool stats = kctr_wants_stats(flags);
	struct kctr_cgroup_stats st;
	struct sk_buff *reply;
	int err;

	if (stats) {
		err = kctr_cgroup_read_files(&c->cg, &st);
		if (err)
			return ERR_PTR(err);
	}
	mutex_lock(&kctr_lock);
	if (c->removed) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such container");
		reply = ERR_PTR(-ENOENT);
	} else {
		c->cg.stats = stats ? &st : NULL;
		reply = kctr_record_reply(c, info, flags & KCTR_F_SUMMARY);
		c->cg.stats = NULL;
	}
	mutex_unlock(&kctr_lock);
	return reply;
}

static int kctr_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct kctr_container *c;
	struct sk_buff *reply;
	int err;

	err = kctr_check_str(info->attrs[KCTR_A_NAME], info->extack);
	if (err)
		return err;
	mutex_lock(&kctr_lock);
	c = kctr_get_target(skb, info);
	if (!IS_ERR(c))
		kctr_container_get(c);
	mutex_unlock(&kctr_lock);
	if (IS_ERR(c))
		return PTR_ERR(c);
	reply = kctr_get_reply(c, info, kctr_attr_flags(info->attrs));
	kctr_container_put(c);
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

/*
 * The request's KCTR_A_FLAGS, already checked against kctr_get_policy by
 * genetlink; looked up in the message itself, as the dump's parsed
 * attributes sit in different places on 6.1 and 6.12.
 */
static u32 kctr_dump_flags(const struct netlink_callback *cb)
{
	const struct nlattr *a;

	a = nlmsg_find_attr(cb->nlh, GENL_HDRLEN, KCTR_A_FLAGS);
	return a ? nla_get_u32(a) : 0;
}

/*
 * cb->args: [0] the last id dumped, [1] enum kctr_view, [2] own id,
 * [3] the request's flags.
 */
static int kctr_get_dump_start(struct netlink_callback *cb)
{
	enum kctr_view view = kctr_caller_view(cb->skb);
	struct kctr_container *own;

	if (view == KCTR_VIEW_NONE) {
		NL_SET_ERR_MSG_MOD(cb->extack, "needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	/*
	 * Room for the largest record in every part: netlink_dump() sizes
	 * the skb by the reader's past recvmsg() lengths, often a page, and
	 * a record that fits no part would fail the whole dump.
	 */
	cb->min_dump_alloc = kctr_record_size_max();
	cb->args[0] = 0;
	cb->args[1] = view;
	cb->args[2] = 0;
	cb->args[3] = kctr_dump_flags(cb);
	if (view == KCTR_VIEW_OWN) {
		mutex_lock(&kctr_lock);
		own = kctr_registry_find_current();
		cb->args[2] = own ? own->id : 0;
		mutex_unlock(&kctr_lock);
	}
	return 0;
}

/*
 * Returns skb->len while records remain and 0 at the end, which both the
 * 6.1 and the 6.12 netlink_dump() read as "call again" and "done".
 */
/* The next container of the dump after *@next, with a reference. */
static struct kctr_container *kctr_dump_next(struct netlink_callback *cb,
					     u64 *next)
{
	struct kctr_container *c;

	mutex_lock(&kctr_lock);
	while ((c = kctr_registry_next(next)))
		if (cb->args[1] != KCTR_VIEW_OWN || c->id == cb->args[2])
			break;
	if (c)
		kctr_container_get(c);
	mutex_unlock(&kctr_lock);
	return c;
}

/*
 * One record, its cgroup files read off kctr_lock as for GET (unless
 * KCTR_F_NO_STATS or KCTR_F_SUMMARY); one that was removed meanwhile is
 * left out. As before, the generation is taken once per part: a change
 * during one marks the next as interrupted.
 */
static int kctr_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			 struct kctr_container *c)
{
	bool stats = kctr_wants_stats(cb->args[3]);
	struct kctr_cgroup_stats st;
	int err = 0;

	if (stats) {
		err = kctr_cgroup_read_files(&c->cg, &st);
		if (err)
			return err;
	}
	mutex_lock(&kctr_lock);
	if (!c->removed) {
		c->cg.stats = stats ? &st : NULL;
		err = kctr_fill_record(skb, c, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       KCTR_CMD_GET, cb,
				       cb->args[3] & KCTR_F_SUMMARY);
		c->cg.stats = NULL;
	}
	mutex_unlock(&kctr_lock);
	return err;
}

static int kctr_get_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	u64 cursor = cb->args[0], next = cursor;
	struct kctr_container *c;
	int err = 0;

	if (cb->args[1] == KCTR_VIEW_OWN && !cb->args[2])
		return 0;
	mutex_lock(&kctr_lock);
	cb->seq = kctr_registry_generation();
	mutex_unlock(&kctr_lock);
	while ((c = kctr_dump_next(cb, &next))) {
		err = kctr_dump_one(skb, cb, c);
		kctr_container_put(c);
		if (err)
			break;
		cursor = next;
	}
	cb->args[0] = cursor;
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int kctr_nl_kill(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct kctr_container *c;
	u32 flags, sig;
	int err;

	err = kctr_check_admin_id(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, KCTR_A_SIGNAL))
		return -EINVAL;
	sig = nla_get_u32(attrs[KCTR_A_SIGNAL]);
	flags = kctr_attr_flags(attrs);
	if ((flags & KCTR_F_KILL_ALL) && sig != SIGKILL) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[KCTR_A_SIGNAL],
				    "KCTR_F_KILL_ALL works with SIGKILL only");
		return -EINVAL;
	}
	mutex_lock(&kctr_lock);
	c = kctr_lookup_id(info);
	if (!c) {
		err = -ENOENT;
	} else if (flags & KCTR_F_KILL_ALL) {
		err = kctr_cgroup_kill(&c->cg);
	} else if (!c->init_pid || c->state == KCTR_STATE_STOPPED) {
		NL_SET_ERR_MSG_MOD(info->extack, "the container has no live init");
		err = -ESRCH;
	} else {
		/* as from the caller: kill(2)'s permission and LSM checks */
		err = kill_pid(c->init_pid, sig, 0);
	}
	mutex_unlock(&kctr_lock);
	return err;
}

/*
 * DELETE with KCTR_F_FORCE of a live container: kill everything, then
 * remove at once if nothing runs, else when the init's exit is handled
 * (so EXITED precedes REMOVED), without waiting here.
 */
static void kctr_delete_force(struct kctr_container *c)
{
	lockdep_assert_held(&kctr_lock);
	kctr_cgroup_kill(&c->cg);
	if (kctr_force_done(c))
		kctr_container_remove(c);
	else
		kctr_container_remove_later(c);
}

static int kctr_nl_delete(struct sk_buff *skb, struct genl_info *info)
{
	struct kctr_container *c;
	u32 flags;
	int err;

	err = kctr_check_admin_id(skb, info);
	if (err)
		return err;
	flags = kctr_attr_flags(info->attrs);
	mutex_lock(&kctr_lock);
	c = kctr_lookup_id(info);
	if (!c) {
		err = -ENOENT;
	} else if (c->state == KCTR_STATE_STOPPED) {
		kctr_container_remove(c);
	} else if (flags & KCTR_F_FORCE) {
		kctr_delete_force(c);
	} else {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the container is not stopped (KCTR_F_FORCE kills it)");
		err = -EBUSY;
	}
	mutex_unlock(&kctr_lock);
	return err;
}

static const struct genl_ops kctr_ops[] = {
	{
		.cmd = KCTR_CMD_GET_VERSION,
		.doit = kctr_nl_get_version,
	},
	{
		.cmd = KCTR_CMD_CREATE,
		.doit = kctr_nl_create,
		.policy = kctr_create_policy,
		.maxattr = KCTR_A_MAX,
	},
	{
		.cmd = KCTR_CMD_JOIN,
		.doit = kctr_nl_join,
		.policy = kctr_join_policy,
		.maxattr = KCTR_A_MAX,
	},
	{
		.cmd = KCTR_CMD_START,
		.doit = kctr_nl_start,
		.policy = kctr_id_policy,
		.maxattr = KCTR_A_MAX,
	},
	{
		.cmd = KCTR_CMD_GET,
		.doit = kctr_nl_get,
		.start = kctr_get_dump_start,
		.dumpit = kctr_get_dump,
		.policy = kctr_get_policy,
		.maxattr = KCTR_A_MAX,
	},
	{
		.cmd = KCTR_CMD_KILL,
		.doit = kctr_nl_kill,
		.policy = kctr_kill_policy,
		.maxattr = KCTR_A_MAX,
	},
	{
		.cmd = KCTR_CMD_DELETE,
		.doit = kctr_nl_delete,
		.policy = kctr_delete_policy,
		.maxattr = KCTR_A_MAX,
	},
};

static const struct genl_multicast_group kctr_mcgrps[] = {
	{ .name = KCTR_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

/*
 * Strict validation for every op (resv_start_op 0); not reachable from
 * other network namespaces, so a container with its own netns cannot
 * even resolve the family. Ops run in parallel: kctr_lock serialises.
 */
static struct genl_family kctr_family __ro_after_init = {
	.name = KCTR_GENL_NAME,
	.version = KCTR_GENL_VERSION,
	.maxattr = KCTR_A_MAX,
	.netnsok = false,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = kctr_ops,
	.n_ops = ARRAY_SIZE(kctr_ops),
	.mcgrps = kctr_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kctr_mcgrps),
};

struct kctr_urelease {
	struct work_struct work;
	struct net *net;	/* compared only, never dereferenced */
	u32 portid;
	u64 seq;
};

static void kctr_urelease_work(struct work_struct *work)
{
	struct kctr_urelease *u = container_of(work, struct kctr_urelease,
					       work);

	mutex_lock(&kctr_lock);
	kctr_registry_abort_creator(u->net, u->portid, u->seq);
	mutex_unlock(&kctr_lock);
	kfree(u);
}

/*
 * A netlink socket closed (the notifier chain is a blocking one: this may
 * sleep). Only a socket of the initial network namespace (the family is
 * not reachable from others) that created containers a close aborts is
 * of interest (kctr_creators, read locklessly). The abort runs on kctr_wq,
 * with the kernel's credentials for the cgroup writes; if there is no
 * memory for the work item, it runs here rather than being lost.
 * Containers created after this point (a new socket reusing the portid)
 * have a higher create_seq and are spared.
 */
static int kctr_netlink_notify(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct netlink_notify *n = ptr;
	struct kctr_urelease *u;
	u64 seq;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net) || !kctr_registry_is_creator(n->portid))
		return NOTIFY_DONE;
	seq = kctr_registry_create_seq();
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u) {
		mutex_lock(&kctr_lock);
		kctr_registry_abort_creator(n->net, n->portid, seq);
		mutex_unlock(&kctr_lock);
		return NOTIFY_DONE;
	}
	INIT_WORK(&u->work, kctr_urelease_work);
	u->net = n->net;
	u->portid = n->portid;
	u->seq = seq;
	queue_work(kctr_wq, &u->work);
	return NOTIFY_DONE;
}

static struct notifier_block kctr_netlink_nb = {
	.notifier_call = kctr_netlink_notify,
};

int __init kctr_genl_init(void)
{
	int err;

	err = netlink_register_notifier(&kctr_netlink_nb);
	if (err)
		return err;
	err = genl_register_family(&kctr_family);
	if (err)
		netlink_unregister_notifier(&kctr_netlink_nb);
	return err;
}

void kctr_genl_exit(void)
{
	genl_unregister_family(&kctr_family);
	netlink_unregister_notifier(&kctr_netlink_nb);
}
