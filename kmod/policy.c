// SPDX-License-Identifier: GPL-2.0
/*
 * A container's policy: its five capability sets, its seccomp program and
 * the uid/gid maps its init's user namespace must have.
 *
 * The module cannot install a seccomp filter (nothing that does is
 * exported), so it checks the program at CREATE the way the kernel will
 * check it at install time, hands it to the joining process, and verifies
 * afterwards that one more filter is attached than before.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/securebits.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "limits.h"
#include "policy.h"

/*
 * kernel_cap_t is { u64 val } since 6.3 and { u32 cap[2] } before. The
 * 64-bit form came with CAP_VALID_MASK, which the older header lacks, so
 * that macro is the probe.
 */
#ifdef CAP_VALID_MASK
static u64 cap_to_u64(kernel_cap_t c)
{
	return c.val;
}

static kernel_cap_t cap_from_u64(u64 v)
{
	return (kernel_cap_t){ .val = v };
}
#else
static u64 cap_to_u64(kernel_cap_t c)
{
	BUILD_BUG_ON(_KERNEL_CAPABILITY_U32S != 2);
	return (u64)c.cap[1] << 32 | c.cap[0];
}

static kernel_cap_t cap_from_u64(u64 v)
{
	return (kernel_cap_t){ .cap = { lower_32_bits(v), upper_32_bits(v) } };
}
#endif

#define KCTR_CAPS_VALID	GENMASK_ULL(CAP_LAST_CAP, 0)

const struct nla_policy kctr_caps_policy[KCTR_CAPS_A_MAX + 1] = {
	[KCTR_CAPS_A_BOUNDING]		= { .type = NLA_U64 },
	[KCTR_CAPS_A_EFFECTIVE]		= { .type = NLA_U64 },
	[KCTR_CAPS_A_PERMITTED]		= { .type = NLA_U64 },
	[KCTR_CAPS_A_INHERITABLE]	= { .type = NLA_U64 },
	[KCTR_CAPS_A_AMBIENT]		= { .type = NLA_U64 },
};

const struct nla_policy kctr_map_policy[KCTR_MAP_A_MAX + 1] = {
	[KCTR_MAP_A_INSIDE]	= { .type = NLA_U32 },
	[KCTR_MAP_A_OUTSIDE]	= { .type = NLA_U32 },
	[KCTR_MAP_A_COUNT]	= { .type = NLA_U32 },
};

/* The sets in KCTR_CAPS_A_* order, so checks can name the attribute. */
static void caps_sets(const struct kctr_caps *c, u64 *v)
{
	v[KCTR_CAPS_A_BOUNDING] = c->bounding;
	v[KCTR_CAPS_A_EFFECTIVE] = c->effective;
	v[KCTR_CAPS_A_PERMITTED] = c->permitted;
	v[KCTR_CAPS_A_INHERITABLE] = c->inheritable;
	v[KCTR_CAPS_A_AMBIENT] = c->ambient;
}

static int caps_check(const struct kctr_caps *c, int *bad, const char **msg)
{
	static const char * const unknown[KCTR_CAPS_A_MAX + 1] = {
		[KCTR_CAPS_A_BOUNDING] = "KCTR_CAPS_A_BOUNDING has bits above CAP_LAST_CAP",
		[KCTR_CAPS_A_EFFECTIVE] = "KCTR_CAPS_A_EFFECTIVE has bits above CAP_LAST_CAP",
		[KCTR_CAPS_A_PERMITTED] = "KCTR_CAPS_A_PERMITTED has bits above CAP_LAST_CAP",
		[KCTR_CAPS_A_INHERITABLE] = "KCTR_CAPS_A_INHERITABLE has bits above CAP_LAST_CAP",
		[KCTR_CAPS_A_AMBIENT] = "KCTR_CAPS_A_AMBIENT has bits above CAP_LAST_CAP",
	};
	u64 v[KCTR_CAPS_A_MAX + 1];
	int i;

	caps_sets(c, v);
	for (i = KCTR_CAPS_A_BOUNDING; i <= KCTR_CAPS_A_MAX; i++) {
		if (v[i] & ~KCTR_CAPS_VALID) {
			*bad = i;
			*msg = unknown[i];
			return -EINVAL;
		}
	}
	if (c->effective & ~c->permitted) {
		*bad = KCTR_CAPS_A_EFFECTIVE;
		*msg = "KCTR_CAPS_A_EFFECTIVE is not a subset of KCTR_CAPS_A_PERMITTED";
		return -EINVAL;
	}
	if (c->ambient & ~(c->permitted & c->inheritable)) {
		*bad = KCTR_CAPS_A_AMBIENT;
		*msg = "KCTR_CAPS_A_AMBIENT is not a subset of permitted and inheritable";
		return -EINVAL;
	}
	return 0;
}

int kctr_caps_validate(const struct kctr_caps *caps,
		       struct netlink_ext_ack *extack)
{
	const char *msg = NULL;
	int bad, err;

	err = caps_check(caps, &bad, &msg);
	if (err)
		kctr_set_err(extack, NULL, msg);
	return err;
}

int kctr_caps_parse(const struct nlattr *nest, struct kctr_caps *caps,
		    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_CAPS_A_MAX + 1];
	const char *msg = NULL;
	int bad, err;

	memset(caps, 0, sizeof(*caps));
	err = nla_parse_nested(tb, KCTR_CAPS_A_MAX, nest, kctr_caps_policy,
			       extack);
	if (err)
		return err;
	if (tb[KCTR_CAPS_A_BOUNDING])
		caps->bounding = nla_get_u64(tb[KCTR_CAPS_A_BOUNDING]);
	if (tb[KCTR_CAPS_A_EFFECTIVE])
		caps->effective = nla_get_u64(tb[KCTR_CAPS_A_EFFECTIVE]);
	if (tb[KCTR_CAPS_A_PERMITTED])
		caps->permitted = nla_get_u64(tb[KCTR_CAPS_A_PERMITTED]);
	if (tb[KCTR_CAPS_A_INHERITABLE])
		caps->inheritable = nla_get_u64(tb[KCTR_CAPS_A_INHERITABLE]);
	if (tb[KCTR_CAPS_A_AMBIENT])
		caps->ambient = nla_get_u64(tb[KCTR_CAPS_A_AMBIENT]);
	err = caps_check(caps, &bad, &msg);
	if (err)
		kctr_set_err(extack, tb[bad] ?: nest, msg);
	return err;
}

int kctr_caps_fill(struct sk_buff *skb, const struct kctr_caps *caps)
{
	u64 v[KCTR_CAPS_A_MAX + 1];
	struct nlattr *nest;
	int i;

	caps_sets(caps, v);
	nest = nla_nest_start(skb, KCTR_A_CAPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = KCTR_CAPS_A_BOUNDING; i <= KCTR_CAPS_A_MAX; i++) {
		if (nla_put_u64_64bit(skb, i, v[i], KCTR_CAPS_A_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * commit_creds() checks nothing, so these are the rules capset(2) and
 * prctl(PR_CAP_AMBIENT_RAISE) would apply, minus every way to grow a set:
 * bounding and permitted only shrink; inheritable may gain only what
 * capset(2) allows without CAP_SETPCAP (bits of the old permitted set) and
 * never beyond the new bounding set; ambient stays within the new
 * permitted and inheritable sets and cannot grow when the securebits
 * forbid raising it.
 */
int kctr_caps_may_apply(const struct kctr_caps *cur, bool no_ambient_raise,
			const struct kctr_caps *want,
			struct netlink_ext_ack *extack)
{
	const char *msg = NULL;
	int bad;

	if (caps_check(want, &bad, &msg))
		goto refuse;
	msg = "capability bounding set would grow";
	if (want->bounding & ~cur->bounding)
		goto refuse;
	msg = "capability permitted set would grow";
	if (want->permitted & ~cur->permitted)
		goto refuse;
	msg = "capability inheritable set would gain bits outside the old inheritable and permitted sets";
	if (want->inheritable & ~(cur->inheritable | cur->permitted))
		goto refuse;
	msg = "capability inheritable set would gain bits outside the bounding set";
	if (want->inheritable & ~(cur->inheritable | want->bounding))
		goto refuse;
	msg = "capability ambient set would grow, which the securebits forbid";
	if (no_ambient_raise && (want->ambient & ~cur->ambient))
		goto refuse;
	return 0;

refuse:
	kctr_set_err(extack, NULL, msg);
	return -EPERM;
}

static void caps_of_cred(const struct cred *c, struct kctr_caps *caps)
{
	caps->bounding = cap_to_u64(c->cap_bset);
	caps->effective = cap_to_u64(c->cap_effective);
	caps->permitted = cap_to_u64(c->cap_permitted);
	caps->inheritable = cap_to_u64(c->cap_inheritable);
	caps->ambient = cap_to_u64(c->cap_ambient);
}

static int seccomp_filters(void)
{
#ifdef CONFIG_SECCOMP_FILTER
	return atomic_read(&current->seccomp.filter_count);
#else
	return 0;
#endif
}

/* May current's creds switch to @caps? *new_out keeps them if asked. */
static int caps_prepare(const struct kctr_caps *caps, struct cred **new_out,
			struct netlink_ext_ack *extack)
{
	struct kctr_caps cur;
	struct cred *new;
	bool no_raise;
	int err;

	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	caps_of_cred(new, &cur);
	no_raise = new->securebits & SECBIT_NO_CAP_AMBIENT_RAISE;
	err = kctr_caps_may_apply(&cur, no_raise, caps, extack);
	if (err || !new_out) {
		abort_creds(new);
		return err;
	}
	*new_out = new;
	return 0;
}

/* The five sets of @caps on current, in one commit_creds(). */
static int caps_commit(const struct kctr_caps *caps,
		       struct netlink_ext_ack *extack)
{
	struct cred *new;
	int err;

	err = caps_prepare(caps, &new, extack);
	if (err)
		return err;
	new->cap_bset = cap_from_u64(caps->bounding);
	new->cap_permitted = cap_from_u64(caps->permitted);
	new->cap_effective = cap_from_u64(caps->effective);
	new->cap_inheritable = cap_from_u64(caps->inheritable);
	new->cap_ambient = cap_from_u64(caps->ambient);
	commit_creds(new);
	return 0;
}

bool kctr_policy_reduces_at_start(u32 flags)
{
	return flags & KCTR_F_ALLOW_NEW_PRIVS;
}

int kctr_policy_join_current(const struct kctr_caps *caps, u32 flags,
			     int *filters_before,
			     struct netlink_ext_ack *extack)
{
	int err;

	if (kctr_policy_reduces_at_start(flags)) {
		/* refuse now what START would refuse; change nothing */
		err = caps_prepare(caps, NULL, extack);
	} else {
		err = caps_commit(caps, extack);
		if (!err)
			task_set_no_new_privs(current);
	}
	if (err)
		return err;
	*filters_before = seccomp_filters();
	return 0;
}

int kctr_policy_start_current(const struct kctr_caps *caps, u32 flags,
			      struct netlink_ext_ack *extack)
{
	if (!kctr_policy_reduces_at_start(flags))
		return 0;
	return caps_commit(caps, extack);
}

bool kctr_policy_confined_current(const struct kctr_caps *caps)
{
	u64 bset = cap_to_u64(current_cred()->cap_bset);

	return !(bset & ~caps->bounding);
}

void kctr_caps_of_current(struct kctr_caps *caps)
{
	caps_of_cred(current_cred(), caps);
}

/* Id maps. */

static bool ranges_overlap(u32 a, u32 b, u32 count_a, u32 count_b)
{
	return a < b + count_b && b < a + count_a;
}

static int extent_check(const struct kctr_idmap *map, unsigned int i,
			const char **msg)
{
	const struct kctr_id_extent *e = &map->ext[i];
	unsigned int j;

	*msg = "map extent (KCTR_A_MAP_EXTENT) has KCTR_MAP_A_COUNT 0";
	if (!e->count)
		return -EINVAL;
	/* like the kernel: the last id of a range must stay below (u32)-1 */
	*msg = "map extent (KCTR_A_MAP_EXTENT) runs past the last id";
	if ((u64)e->inside + e->count > U32_MAX ||
	    (u64)e->outside + e->count > U32_MAX)
		return -ERANGE;
	*msg = "map extents (KCTR_A_MAP_EXTENT) overlap";
	for (j = 0; j < i; j++) {
		const struct kctr_id_extent *o = &map->ext[j];

		if (ranges_overlap(e->inside, o->inside, e->count, o->count) ||
		    ranges_overlap(e->outside, o->outside, e->count, o->count))
			return -EINVAL;
	}
	return 0;
}

static int idmap_check(const struct kctr_idmap *map, unsigned int *bad,
		       const char **msg)
{
	unsigned int i;
	int err;

	*bad = 0;
	*msg = "id map has no extent or more than 340";
	if (!map->nr || map->nr > KCTR_MAP_MAX_EXTENTS)
		return -EINVAL;
	for (i = 0; i < map->nr; i++) {
		err = extent_check(map, i, msg);
		if (err) {
			*bad = i;
			return err;
		}
	}
	return 0;
}

int kctr_idmap_validate(const struct kctr_idmap *map,
			struct netlink_ext_ack *extack)
{
	const char *msg = NULL;
	unsigned int bad;
	int err;

	err = idmap_check(map, &bad, &msg);
	if (err)
		kctr_set_err(extack, NULL, msg);
	return err;
}

static int parse_extent(const struct nlattr *attr, struct kctr_id_extent *e,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KCTR_MAP_A_MAX + 1];
	int err;

	if (nla_type(attr) != KCTR_A_MAP_EXTENT) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "id map holds only KCTR_A_MAP_EXTENT");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, KCTR_MAP_A_MAX, attr, kctr_map_policy,
			       extack);
	if (err)
		return err;
	if (!tb[KCTR_MAP_A_INSIDE] || !tb[KCTR_MAP_A_OUTSIDE] ||
	    !tb[KCTR_MAP_A_COUNT]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "map extent needs KCTR_MAP_A_INSIDE, OUTSIDE and COUNT");
		return -EINVAL;
	}
	e->inside = nla_get_u32(tb[KCTR_MAP_A_INSIDE]);
	e->outside = nla_get_u32(tb[KCTR_MAP_A_OUTSIDE]);
	e->count = nla_get_u32(tb[KCTR_MAP_A_COUNT]);
	return 0;
}

static int parse_extents(const struct nlattr *nest, struct kctr_idmap *map,
			 struct netlink_ext_ack *extack)
{
	const struct nlattr *attr, *bad_attr = nest;
	const char *msg = NULL;
	unsigned int bad, i = 0;
	int rem, err;

	nla_for_each_nested(attr, nest, rem) {
		err = parse_extent(attr, &map->ext[i++], extack);
		if (err)
			return err;
	}
	map->nr = i;
	err = idmap_check(map, &bad, &msg);
	if (!err)
		return 0;
	i = 0;
	nla_for_each_nested(attr, nest, rem) {
		if (i++ == bad) {
			bad_attr = attr;
			break;
		}
	}
	kctr_set_err(extack, bad_attr, msg);
	return err;
}

int kctr_idmap_parse(const struct nlattr *nest, struct kctr_idmap **map,
		     struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	struct kctr_idmap *m;
	unsigned int n = 0;
	int rem, err;

	*map = NULL;
	nla_for_each_nested(attr, nest, rem)
		n++;
	if (!n || n > KCTR_MAP_MAX_EXTENTS) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "id map needs 1..340 KCTR_A_MAP_EXTENT");
		return -EINVAL;
	}
	m = kzalloc(struct_size(m, ext, n), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	err = parse_extents(nest, m, extack);
	if (err) {
		kfree(m);
		return err;
	}
	*map = m;
	return 0;
}

/* The live map, read the way map_id_range_down() does. */
static u32 live_nr(const struct uid_gid_map *live)
{
	u32 nr = READ_ONCE(live->nr_extents);

	/* pairs with the smp_wmb() in map_write() before nr_extents is set */
	smp_rmb();
	return nr;
}

static const struct uid_gid_extent *live_extent(const struct uid_gid_map *live,
						u32 nr, u32 i)
{
	if (nr <= UID_GID_MAP_MAX_BASE_EXTENTS)
		return &live->extent[i];
	return &live->forward[i];
}

bool kctr_idmap_matches(const struct kctr_idmap *want,
			const struct uid_gid_map *live)
{
	u32 nr = live_nr(live);
	unsigned int i, j;

	if (nr != want->nr)
		return false;
	for (i = 0; i < want->nr; i++) {
		const struct kctr_id_extent *w = &want->ext[i];

		for (j = 0; j < nr; j++) {
			const struct uid_gid_extent *e = live_extent(live, nr, j);

			if (e->first == w->inside &&
			    e->lower_first == w->outside &&
			    e->count == w->count)
				break;
		}
		if (j == nr)
			return false;
	}
	return true;
}

static const struct uid_gid_map *ns_map(struct user_namespace *ns, bool gid)
{
	return gid ? &ns->gid_map : &ns->uid_map;
}

int kctr_idmap_verify(const struct kctr_idmap *want,
		      struct user_namespace *ns, bool gid,
		      struct netlink_ext_ack *extack)
{
	if (!want)
		return 0;
	if (ns && kctr_idmap_matches(want, ns_map(ns, gid)))
		return 0;
	if (gid)
		NL_SET_ERR_MSG(extack, "the init's gid map differs from KCTR_A_GID_MAP");
	else
		NL_SET_ERR_MSG(extack, "the init's uid map differs from KCTR_A_UID_MAP");
	return -EPERM;
}

int kctr_idmap_fill_live(struct sk_buff *skb, int attrtype,
			 struct user_namespace *ns, bool gid)
{
	const struct uid_gid_map *live = ns_map(ns, gid);
	struct nlattr *nest, *ext;
	u32 nr = live_nr(live), i;

	nest = nla_nest_start(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < nr; i++) {
		const struct uid_gid_extent *e = live_extent(live, nr, i);

		ext = nla_nest_start(skb, KCTR_A_MAP_EXTENT);
		if (!ext ||
		    nla_put_u32(skb, KCTR_MAP_A_INSIDE, e->first) ||
		    nla_put_u32(skb, KCTR_MAP_A_OUTSIDE, e->lower_first) ||
		    nla_put_u32(skb, KCTR_MAP_A_COUNT, e->count)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, ext);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Seccomp programs. A filter must pass both checks the kernel runs when a
 * process installs it: the classic BPF checker (bounds, jumps, a final
 * RET, no division by a constant zero, no read of an unwritten scratch
 * cell) and seccomp's own list of instructions, which drops packet loads
 * (BPF_IND, BPF_H, BPF_B, BPF_MSH), BPF_MOD and ancillary loads, and
 * confines BPF_ABS loads to aligned words of struct seccomp_data.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define seccomp_err(extack, pc, msg) \
	NL_SET_ERR_MSG_FMT(extack, "seccomp insn %u: " msg, pc)
#else
/* 6.1 has no formatted messages: the instruction number is left out */
#define seccomp_err(extack, pc, msg) do {				\
	(void)(pc);							\
	NL_SET_ERR_MSG(extack, "seccomp program: " msg);		\
} while (0)
#endif

static bool seccomp_code_allowed(u16 code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_NEG:
	case BPF_JMP | BPF_JA:
		return true;
	}
	if (BPF_CLASS(code) == BPF_ALU) {
		switch (code & ~BPF_SRC(0xff)) {
		case BPF_ALU | BPF_ADD:
		case BPF_ALU | BPF_SUB:
		case BPF_ALU | BPF_MUL:
		case BPF_ALU | BPF_DIV:
		case BPF_ALU | BPF_AND:
		case BPF_ALU | BPF_OR:
		case BPF_ALU | BPF_XOR:
		case BPF_ALU | BPF_LSH:
		case BPF_ALU | BPF_RSH:
			return true;
		}
		return false;
	}
	if (BPF_CLASS(code) == BPF_JMP) {
		switch (code & ~BPF_SRC(0xff)) {
		case BPF_JMP | BPF_JEQ:
		case BPF_JMP | BPF_JGT:
		case BPF_JMP | BPF_JGE:
		case BPF_JMP | BPF_JSET:
			return true;
		}
	}
	return false;
}

static bool is_cond_jump(u16 code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* One instruction on its own; jumps are checked against @len. */
static int seccomp_check_insn(const struct sock_filter *f, unsigned int pc,
			      unsigned int len, struct netlink_ext_ack *extack)
{
	if (!seccomp_code_allowed(f->code)) {
		seccomp_err(extack, pc, "opcode not allowed in a seccomp filter");
		return -EINVAL;
	}
	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k >= sizeof(struct seccomp_data) || f->k & 3) {
			seccomp_err(extack, pc, "load outside seccomp_data or unaligned");
			return -EINVAL;
		}
		return 0;
	case BPF_ALU | BPF_DIV | BPF_K:
		if (!f->k) {
			seccomp_err(extack, pc, "division by zero");
			return -EINVAL;
		}
		return 0;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		if (f->k >= 32) {
			seccomp_err(extack, pc, "shift by 32 or more");
			return -EINVAL;
		}
		return 0;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		if (f->k >= BPF_MEMWORDS) {
			seccomp_err(extack, pc, "scratch memory index out of range");
			return -EINVAL;
		}
		return 0;
	case BPF_JMP | BPF_JA:
		if (f->k >= len - pc - 1) {
			seccomp_err(extack, pc, "jump out of the program");
			return -EINVAL;
		}
		return 0;
	}
	if (is_cond_jump(f->code) &&
	    (pc + 1 + f->jt >= len || pc + 1 + f->jf >= len)) {
		seccomp_err(extack, pc, "jump out of the program");
		return -EINVAL;
	}
	return 0;
}

/*
 * No path may read a scratch cell before writing it. Jumps only go
 * forward, so one pass suffices: each instruction's set of surely written
 * cells is the intersection over every way into it.
 */
static int seccomp_check_scratch(const struct sock_filter *insns,
				 unsigned int len,
				 struct netlink_ext_ack *extack)
{
	u16 *valid_at, valid = 0;
	unsigned int pc;
	int err = 0;

	BUILD_BUG_ON(BPF_MEMWORDS > 16);
	valid_at = kmalloc_array(len, sizeof(*valid_at), GFP_KERNEL);
	if (!valid_at)
		return -ENOMEM;
	memset(valid_at, 0xff, len * sizeof(*valid_at));
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];

		valid &= valid_at[pc];
		if (f->code == BPF_ST || f->code == BPF_STX) {
			valid |= BIT(f->k);
		} else if (f->code == (BPF_LD | BPF_MEM) ||
			   f->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & BIT(f->k))) {
				seccomp_err(extack, pc, "reads a scratch cell no path wrote");
				err = -EINVAL;
				break;
			}
		} else if (f->code == (BPF_JMP | BPF_JA)) {
			valid_at[pc + 1 + f->k] &= valid;
			valid = 0xffff;
		} else if (is_cond_jump(f->code)) {
			valid_at[pc + 1 + f->jt] &= valid;
			valid_at[pc + 1 + f->jf] &= valid;
			valid = 0xffff;
		}
	}
	kfree(valid_at);
	return err;
}

int kctr_seccomp_check(const struct sock_filter *insns, unsigned int len,
		       struct netlink_ext_ack *extack)
{
	unsigned int pc;
	int err;

	if (!len || len > KCTR_SECCOMP_MAX_INSNS) {
		NL_SET_ERR_MSG(extack, "seccomp program: needs 1..4096 instructions");
		return -EINVAL;
	}
	for (pc = 0; pc < len; pc++) {
		err = seccomp_check_insn(&insns[pc], pc, len, extack);
		if (err)
			return err;
	}
	if (BPF_CLASS(insns[len - 1].code) != BPF_RET) {
		seccomp_err(extack, len - 1, "the last instruction is not a return");
		return -EINVAL;
	}
	return seccomp_check_scratch(insns, len, extack);
}

int kctr_seccomp_parse(const struct nlattr *attr, struct kctr_seccomp *sc,
		       struct netlink_ext_ack *extack)
{
	unsigned int len = nla_len(attr) / sizeof(struct sock_filter);
	int err;

	sc->insns = NULL;
	sc->len = 0;
	if (nla_len(attr) % sizeof(struct sock_filter)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "KCTR_A_SECCOMP_PROG is not an array of struct sock_filter");
		return -EINVAL;
	}
	err = kctr_seccomp_check(nla_data(attr), len, extack);
	if (err) {
		if (extack)
			extack->bad_attr = attr;
		return err;
	}
	sc->insns = kmemdup(nla_data(attr), nla_len(attr), GFP_KERNEL);
	if (!sc->insns)
		return -ENOMEM;
	sc->len = len;
	return 0;
}

void kctr_seccomp_free(struct kctr_seccomp *sc)
{
	kfree(sc->insns);
	sc->insns = NULL;
	sc->len = 0;
}
