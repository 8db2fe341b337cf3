// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink client for the "container" family, on libnl-genl-3.
 *
 * Every request is sent with NLM_F_ACK and NETLINK_EXT_ACK enabled, so a
 * failure comes back with the kernel's message and the offset of the
 * attribute it refused; both end up in the kctr_err.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "nlclient.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define KCTR_DUMP_RETRIES	16
#define KCTR_NOT_LOADED "the kctr kernel module is not loaded (insmod kctr.ko)"

struct kctr_nl {
	struct nl_sock *sk;
	struct nl_sock *ev_sk;
	int family;
};

/* State of one request/response exchange. */
struct kctr_xfer {
	struct nlmsghdr *sent;
	const char *what;
	struct kctr_err *err;
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int parse_err;
	bool done;
	int error;		/* negative errno from the kernel */
};

/* What the kernel's extended ACK said. */
struct ext_ack {
	char msg[256];
	int off;		/* -1: none */
};

static const char *const kctr_attr_names[KCTR_A_MAX + 1] = {
	[KCTR_A_VERSION] = "version", [KCTR_A_UAPI_VERSION] = "uapi-version",
	[KCTR_A_ID] = "id", [KCTR_A_NAME] = "name", [KCTR_A_STATE] = "state",
	[KCTR_A_FLAGS] = "flags", [KCTR_A_NS_MASK] = "ns-mask",
	[KCTR_A_HOSTNAME] = "hostname", [KCTR_A_IMAGE] = "image",
	[KCTR_A_COMMAND] = "command", [KCTR_A_LIMITS] = "limits",
	[KCTR_A_CAPS] = "caps", [KCTR_A_SECCOMP_PROG] = "seccomp-prog",
	[KCTR_A_UID_MAP] = "uid-map", [KCTR_A_GID_MAP] = "gid-map",
	[KCTR_A_MAP_EXTENT] = "map-extent", [KCTR_A_NS_FDS] = "ns-fds",
	[KCTR_A_SIGNAL] = "signal", [KCTR_A_NET] = "net",
};

/* A libnl error (negative NLE_*) as a negative errno. */
static int nl_to_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_BUSY:
		return -EBUSY;
	default:
		return -EIO;
	}
}

/* Names the attribute at byte @off of the request, looking into nests. */
static void describe_offset(const struct nlmsghdr *nlh, int off, char *buf,
			    size_t len)
{
	const int base = NLMSG_HDRLEN + GENL_HDRLEN;
	const struct nlattr *top, *nla;
	int rem, sub;
	const char *name;

	if (off < base || (unsigned int)off >= nlh->nlmsg_len) {
		snprintf(buf, len, "offset %d", off);
		return;
	}
	top = (const struct nlattr *)((const char *)nlh + base);
	rem = nlh->nlmsg_len - base;
	for (nla = top; nla_ok(nla, rem); nla = nla_next(nla, &rem)) {
		int start = (const char *)nla - (const char *)nlh;

		if (off < start || off >= start + nla->nla_len)
			continue;
		sub = nla_type(nla);
		name = sub <= KCTR_A_MAX && kctr_attr_names[sub] ?
			kctr_attr_names[sub] : "?";
		if (off == start)
			snprintf(buf, len, "attribute %s (%d) at offset %d",
				 name, sub, off);
		else
			snprintf(buf, len,
				 "inside attribute %s (%d), offset %d",
				 name, sub, off);
		return;
	}
	snprintf(buf, len, "offset %d", off);
}

/* The TLVs after @skip bytes of payload of an ACK or a DONE message. */
static void parse_ext_ack(const struct nlmsghdr *nlh, size_t skip,
			  struct ext_ack *ea)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	long tlv_len;

	ea->msg[0] = '\0';
	ea->off = -1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	tlv_len = (long)nlh->nlmsg_len - NLMSG_HDRLEN - (long)NLMSG_ALIGN(skip);
	if (tlv_len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)NLMSG_DATA(nlh) +
					NLMSG_ALIGN(skip)),
		      (int)tlv_len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(ea->msg, tb[NLMSGERR_ATTR_MSG], sizeof(ea->msg));
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) >= 4)
		ea->off = (int)nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

static void format_ack(const struct ext_ack *ea, int code,
		       const struct nlmsghdr *sent, const char *what,
		       struct kctr_err *err)
{
	const char *msg = ea->msg;
	char where[128] = "";

	/* The module prefixes its messages with its name; we print ours. */
	if (!strncmp(msg, "kctr: ", 6))
		msg += 6;
	if (ea->off >= 0 && sent)
		describe_offset(sent, ea->off, where, sizeof(where));
	if (msg[0] && where[0])
		kctr_err_set(err, code, "%s: %s (%s)", what, msg, where);
	else if (msg[0])
		kctr_err_set(err, code, "%s: %s", what, msg);
	else if (where[0])
		kctr_err_set(err, code, "%s: %s (%s)", what, strerror(-code),
			     where);
	else
		kctr_err_set(err, code, "%s: %s", what, strerror(-code));
}

int kctr_nl_ack_error(const struct nlmsghdr *nlh, const struct nlmsghdr *sent,
		      const char *what, struct kctr_err *err)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct ext_ack ea;
	size_t skip = sizeof(int);
	int code;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return 0;
	code = *(const int *)NLMSG_DATA(nlh);
	if (code >= 0)
		return 0;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		skip = sizeof(*e);
		/* Without NLM_F_CAPPED the whole request is echoed first. */
		if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(*e) &&
		    !(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len > NLMSG_HDRLEN)
			skip += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	parse_ext_ack(nlh, skip, &ea);
	format_ack(&ea, code, sent, what, err);
	return code;
}

static int xfer_err_cb(struct sockaddr_nl *who, struct nlmsgerr *e,
		       void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct kctr_xfer *x = arg;

	(void)who;
	x->error = kctr_nl_ack_error(nlh, x->sent, x->what, x->err);
	if (!x->error)
		x->error = kctr_err_set(x->err, e->error ? e->error : EIO,
					"%s: %s", x->what,
					strerror(e->error ? -e->error : EIO));
	x->done = true;
	return NL_STOP;
}

static int xfer_ack_cb(struct nl_msg *msg, void *arg)
{
	struct kctr_xfer *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

/* NLMSG_DONE of a dump carries the dump's error, if any. */
static int xfer_finish_cb(struct nl_msg *msg, void *arg)
{
	struct kctr_xfer *x = arg;

	x->done = true;
	x->error = kctr_nl_ack_error(nlmsg_hdr(msg), x->sent, x->what, x->err);
	return NL_STOP;
}

static int xfer_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KCTR_A_MAX + 1];
	struct kctr_xfer *x = arg;
	int ret;

	if (x->parse_err)
		return NL_SKIP;
	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, KCTR_A_MAX, NULL);
	if (ret < 0) {
		x->parse_err = -EBADMSG;
		return NL_SKIP;
	}
	if (x->parse)
		x->parse_err = x->parse(tb, x->arg);
	return NL_OK;
}

static int xfer_recv(struct nl_sock *sk, struct kctr_xfer *x)
{
	struct nl_cb *cb;
	int ret = 0;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -NLE_NOMEM;
	nl_cb_err(cb, NL_CB_CUSTOM, xfer_err_cb, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, xfer_ack_cb, x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, xfer_finish_cb, x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, xfer_valid_cb, x);
	while (!x->done && ret >= 0)
		ret = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	return ret < 0 ? ret : 0;
}

/*
 * Send @msg (consumed) and collect the answer: each reply message goes to
 * @parse. Returns 0 or a negative errno with err set ("what: why").
 */
static int kctr_nl_xfer(struct kctr_nl *nl, struct nl_msg *msg,
			int (*parse)(struct nlattr **, void *), void *arg,
			const char *what, struct kctr_err *err)
{
	struct kctr_xfer x = { .parse = parse, .arg = arg, .what = what,
			       .err = err };
	int ret;

	x.sent = nlmsg_hdr(msg);
	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		nlmsg_free(msg);
		return kctr_err_set(err, nl_to_errno(ret), "%s: send: %s",
				    what, nl_geterror(ret));
	}
	ret = xfer_recv(nl->sk, &x);
	if (x.error) {
		nlmsg_free(msg);
		return x.error;
	}
	nlmsg_free(msg);
	if (ret == -NLE_DUMP_INTR)
		return kctr_err_set(err, EINTR, "%s: dump interrupted", what);
	if (ret < 0)
		return kctr_err_set(err, nl_to_errno(ret), "%s: receive: %s",
				    what, nl_geterror(ret));
	if (x.parse_err)
		return kctr_err_set(err, -x.parse_err,
				    "%s: malformed reply from the module: %s",
				    what, strerror(-x.parse_err));
	return 0;
}

static struct nl_msg *kctr_msg(struct kctr_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags | NLM_F_ACK, cmd, KCTR_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

#define KCTR_NL_RECV_BUF	(32 * 1024)

static void set_sockopts(struct nl_sock *sk)
{
	int one = 1, fd = nl_socket_get_fd(sk);

	/* Best effort: old kernels lack them, the errno alone still works. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/*
	 * One recvmsg of 32 KiB per reply, not a peek and then a read of a
	 * page: the kernel sizes a dump's parts by the largest read it has
	 * seen, so 1,000 records come in a few dozen parts instead of
	 * hundreds. The module's largest record fits (kctr_record_size_max(),
	 * checked by KUnit); a longer message would fail with NLE_MSG_TRUNC.
	 */
	nl_socket_set_msg_buf_size(sk, KCTR_NL_RECV_BUF);
	nl_socket_disable_msg_peek(sk);
}

/* A connected generic netlink socket with kctr's options, no family yet. */
static int open_socket(struct kctr_nl **out, struct kctr_err *err)
{
	struct kctr_nl *nl;
	int ret;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return kctr_err_set(err, ENOMEM, "netlink: out of memory");
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		free(nl);
		return kctr_err_set(err, ENOMEM, "netlink: out of memory");
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = kctr_err_set(err, nl_to_errno(ret),
				   "netlink: cannot open a generic netlink socket: %s",
				   nl_geterror(ret));
		kctr_nl_close(nl);
		return ret;
	}
	set_sockopts(nl->sk);
	*out = nl;
	return 0;
}

static int parse_family(struct nlattr **tb, void *arg)
{
	int *id = arg;

	if (!tb[CTRL_ATTR_FAMILY_ID] ||
	    nla_len(tb[CTRL_ATTR_FAMILY_ID]) < (int)sizeof(uint16_t))
		return -EBADMSG;
	*id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

/*
 * The family's id: one CTRL_CMD_GETFAMILY through the exchange every
 * request uses. libnl's genl_ctrl_resolve() first builds a family object
 * with each op and group of the reply, code that every kctr command ran
 * once and, under the emulator, paid to translate (about 4 ms).
 */
static int resolve_family(struct kctr_nl *nl, struct kctr_err *err)
{
	struct nl_msg *msg = nlmsg_alloc();
	int id = -1, ret;

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL,
				 0, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, KCTR_GENL_NAME)) {
		nlmsg_free(msg);
		return kctr_err_set(err, ENOMEM, "netlink: out of memory");
	}
	ret = kctr_nl_xfer(nl, msg, parse_family, &id,
			   "netlink: resolving family \"" KCTR_GENL_NAME "\"",
			   err);
	/* The controller's answer for a family nobody registered. */
	if (ret == -ENOENT)
		return kctr_err_set(err, KCTR_ENOMODULE, KCTR_NOT_LOADED);
	if (ret)
		return ret;
	if (id < 0)
		return kctr_err_set(err, EBADMSG, "netlink: resolving family "
				    "\"" KCTR_GENL_NAME "\": no id in the reply");
	nl->family = id;
	return 0;
}

int kctr_nl_open(struct kctr_nl **out, struct kctr_err *err)
{
	struct kctr_nl *nl;
	int ret;

	ret = open_socket(&nl, err);
	if (ret)
		return ret;
	ret = resolve_family(nl, err);
	if (ret) {
		kctr_nl_close(nl);
		return ret;
	}
	*out = nl;
	return 0;
}

int kctr_nl_open_sibling(struct kctr_nl **out, const struct kctr_nl *like,
			 struct kctr_err *err)
{
	int ret = open_socket(out, err);

	if (!ret)
		(*out)->family = like->family;
	return ret;
}

void kctr_nl_close(struct kctr_nl *nl)
{
	if (!nl)
		return;
	if (nl->ev_sk)
		nl_socket_free(nl->ev_sk);
	nl_socket_free(nl->sk);
	free(nl);
}

static void copy_str(char *dst, size_t len, const struct nlattr *nla)
{
	if (nla)
		nla_strlcpy(dst, nla, len);
	else
		dst[0] = '\0';
}

static int u32_ok(const struct nlattr *nla)
{
	return nla && nla_len(nla) >= (int)sizeof(uint32_t);
}

static int u64_ok(const struct nlattr *nla)
{
	return nla && nla_len(nla) >= (int)sizeof(uint64_t);
}

/* ---- version ---- */

struct version_arg {
	char *ver;
	size_t len;
	uint32_t *uapi;
	bool got;
};

static int parse_version(struct nlattr **tb, void *arg)
{
	struct version_arg *v = arg;

	if (!tb[KCTR_A_VERSION] || !u32_ok(tb[KCTR_A_UAPI_VERSION]))
		return -EBADMSG;
	copy_str(v->ver, v->len, tb[KCTR_A_VERSION]);
	*v->uapi = nla_get_u32(tb[KCTR_A_UAPI_VERSION]);
	v->got = true;
	return 0;
}

int kctr_nl_version(struct kctr_nl *nl, char *ver, size_t len,
		    uint32_t *uapi, struct kctr_err *err)
{
	struct version_arg v = { .ver = ver, .len = len, .uapi = uapi };
	struct nl_msg *msg;
	int ret;

	msg = kctr_msg(nl, KCTR_CMD_GET_VERSION, 0);
	if (!msg)
		return kctr_err_set(err, ENOMEM, "version: out of memory");
	ret = kctr_nl_xfer(nl, msg, parse_version, &v, "version", err);
	if (!ret && !v.got)
		ret = kctr_err_set(err, EBADMSG, "version: no reply");
	return ret;
}

/* ---- GET parsing ---- */

static void parse_init_pids(struct kctr_info *info, struct nlattr *nest)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) != KCTR_A_PID || !u32_ok(nla))
			continue;
		if (info->nr_init_pids >= KCTR_MAX_PID_LEVELS)
			break;
		info->init_pids[info->nr_init_pids++] = nla_get_u32(nla);
	}
}

static void parse_one_ns(struct kctr_info *info, struct nlattr *nest)
{
	struct nlattr *tb[KCTR_NS_A_MAX + 1];
	struct kctr_ns_info *ns;

	if (info->nr_ns >= __KCTR_NS_KIND_COUNT)
		return;
	if (nla_parse_nested(tb, KCTR_NS_A_MAX, nest, NULL) ||
	    !u32_ok(tb[KCTR_NS_A_KIND]))
		return;
	ns = &info->ns[info->nr_ns++];
	memset(ns, 0, sizeof(*ns));
	ns->kind = nla_get_u32(tb[KCTR_NS_A_KIND]);
	if (u32_ok(tb[KCTR_NS_A_INUM]))
		ns->inum = nla_get_u32(tb[KCTR_NS_A_INUM]);
	if (u32_ok(tb[KCTR_NS_A_REFCOUNT]))
		ns->refcount = nla_get_u32(tb[KCTR_NS_A_REFCOUNT]);
	ns->is_new = !!tb[KCTR_NS_A_NEW];
	ns->has_level = u32_ok(tb[KCTR_NS_A_LEVEL]);
	if (ns->has_level)
		ns->level = nla_get_u32(tb[KCTR_NS_A_LEVEL]);
	ns->released = !!tb[KCTR_NS_A_RELEASED];
	ns->has_owner = u32_ok(tb[KCTR_NS_A_OWNER_INUM]);
	if (ns->has_owner)
		ns->owner_inum = nla_get_u32(tb[KCTR_NS_A_OWNER_INUM]);
}

static void parse_namespaces(struct kctr_info *info, struct nlattr *nest)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, nest, rem)
		if (nla_type(nla) == KCTR_A_NS)
			parse_one_ns(info, nla);
}

static unsigned int parse_map(struct kctr_id_extent_req *map,
			      struct nlattr *nest)
{
	struct nlattr *tb[KCTR_MAP_A_MAX + 1], *nla;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) != KCTR_A_MAP_EXTENT ||
		    n >= KCTR_MAP_MAX_EXTENTS)
			continue;
		if (nla_parse_nested(tb, KCTR_MAP_A_MAX, nla, NULL) ||
		    !u32_ok(tb[KCTR_MAP_A_INSIDE]) ||
		    !u32_ok(tb[KCTR_MAP_A_OUTSIDE]) ||
		    !u32_ok(tb[KCTR_MAP_A_COUNT]))
			continue;
		map[n].inside = nla_get_u32(tb[KCTR_MAP_A_INSIDE]);
		map[n].outside = nla_get_u32(tb[KCTR_MAP_A_OUTSIDE]);
		map[n].count = nla_get_u32(tb[KCTR_MAP_A_COUNT]);
		n++;
	}
	return n;
}

static void parse_cgroup(struct kctr_cg_info *cg, struct nlattr *nest)
{
	static const int u64s[] = {
		KCTR_CG_A_ID, KCTR_CG_A_MEMORY_CURRENT, KCTR_CG_A_MEMORY_PEAK,
		KCTR_CG_A_PIDS_CURRENT, KCTR_CG_A_CPU_USAGE_USEC,
		KCTR_CG_A_CPU_USER_USEC, KCTR_CG_A_CPU_SYSTEM_USEC,
		KCTR_CG_A_OOM, KCTR_CG_A_OOM_KILL, KCTR_CG_A_IO_RBYTES,
		KCTR_CG_A_IO_WBYTES,
	};
	uint64_t *dst[] = {
		&cg->id, &cg->memory_current, &cg->memory_peak,
		&cg->pids_current, &cg->cpu_usage_usec, &cg->cpu_user_usec,
		&cg->cpu_system_usec, &cg->oom, &cg->oom_kill,
		&cg->io_rbytes, &cg->io_wbytes,
	};
	struct nlattr *tb[KCTR_CG_A_MAX + 1];
	size_t i;

	if (nla_parse_nested(tb, KCTR_CG_A_MAX, nest, NULL))
		return;
	for (i = 0; i < ARRAY_SIZE(u64s); i++) {
		if (!u64_ok(tb[u64s[i]]))
			continue;
		*dst[i] = nla_get_u64(tb[u64s[i]]);
		cg->present |= 1U << u64s[i];
	}
	if (tb[KCTR_CG_A_PATH]) {
		copy_str(cg->path, sizeof(cg->path), tb[KCTR_CG_A_PATH]);
		cg->present |= 1U << KCTR_CG_A_PATH;
	}
	if (u32_ok(tb[KCTR_CG_A_POPULATED])) {
		cg->populated = nla_get_u32(tb[KCTR_CG_A_POPULATED]);
		cg->present |= 1U << KCTR_CG_A_POPULATED;
	}
}

static void parse_io_max(struct kctr_limits_req *l, struct nlattr *nest)
{
	struct nlattr *tb[KCTR_IO_A_MAX + 1], *nla;
	struct kctr_io_req *io;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) != KCTR_IO_A_DEVICE ||
		    l->nr_io >= KCTR_IO_MAX_DEVICES)
			continue;
		if (nla_parse_nested(tb, KCTR_IO_A_MAX, nla, NULL) ||
		    !u32_ok(tb[KCTR_IO_A_MAJOR]) || !u32_ok(tb[KCTR_IO_A_MINOR]))
			continue;
		io = &l->io[l->nr_io++];
		io->major = nla_get_u32(tb[KCTR_IO_A_MAJOR]);
		io->minor = nla_get_u32(tb[KCTR_IO_A_MINOR]);
		io->rbps = u64_ok(tb[KCTR_IO_A_RBPS]) ?
			nla_get_u64(tb[KCTR_IO_A_RBPS]) : KCTR_LIMIT_UNLIMITED;
		io->wbps = u64_ok(tb[KCTR_IO_A_WBPS]) ?
			nla_get_u64(tb[KCTR_IO_A_WBPS]) : KCTR_LIMIT_UNLIMITED;
		io->riops = u64_ok(tb[KCTR_IO_A_RIOPS]) ?
			nla_get_u64(tb[KCTR_IO_A_RIOPS]) : KCTR_LIMIT_UNLIMITED;
		io->wiops = u64_ok(tb[KCTR_IO_A_WIOPS]) ?
			nla_get_u64(tb[KCTR_IO_A_WIOPS]) : KCTR_LIMIT_UNLIMITED;
	}
}

static void parse_limits(struct kctr_limits_req *l, struct nlattr *nest)
{
	static const int u64s[] = {
		KCTR_LIMIT_A_MEMORY_MAX, KCTR_LIMIT_A_MEMORY_HIGH,
		KCTR_LIMIT_A_MEMORY_LOW, KCTR_LIMIT_A_MEMORY_MIN,
		KCTR_LIMIT_A_MEMORY_SWAP_MAX, KCTR_LIMIT_A_CPU_MAX_QUOTA,
		KCTR_LIMIT_A_CPU_MAX_PERIOD, KCTR_LIMIT_A_PIDS_MAX,
	};
	uint64_t *dst[] = {
		&l->memory_max, &l->memory_high, &l->memory_low,
		&l->memory_min, &l->memory_swap_max, &l->cpu_quota,
		&l->cpu_period, &l->pids_max,
	};
	struct nlattr *tb[KCTR_LIMIT_A_MAX + 1];
	size_t i;

	if (nla_parse_nested(tb, KCTR_LIMIT_A_MAX, nest, NULL))
		return;
	for (i = 0; i < ARRAY_SIZE(u64s); i++) {
		if (!u64_ok(tb[u64s[i]]))
			continue;
		*dst[i] = nla_get_u64(tb[u64s[i]]);
		l->present |= 1U << u64s[i];
	}
	if (u32_ok(tb[KCTR_LIMIT_A_CPU_WEIGHT])) {
		l->cpu_weight = nla_get_u32(tb[KCTR_LIMIT_A_CPU_WEIGHT]);
		l->present |= 1U << KCTR_LIMIT_A_CPU_WEIGHT;
	}
	if (tb[KCTR_LIMIT_A_CPUSET_CPUS]) {
		copy_str(l->cpuset_cpus, sizeof(l->cpuset_cpus),
			 tb[KCTR_LIMIT_A_CPUSET_CPUS]);
		l->present |= 1U << KCTR_LIMIT_A_CPUSET_CPUS;
	}
	if (tb[KCTR_LIMIT_A_CPUSET_MEMS]) {
		copy_str(l->cpuset_mems, sizeof(l->cpuset_mems),
			 tb[KCTR_LIMIT_A_CPUSET_MEMS]);
		l->present |= 1U << KCTR_LIMIT_A_CPUSET_MEMS;
	}
	if (tb[KCTR_LIMIT_A_IO_MAX]) {
		parse_io_max(l, tb[KCTR_LIMIT_A_IO_MAX]);
		l->present |= 1U << KCTR_LIMIT_A_IO_MAX;
	}
}

static void parse_caps(struct kctr_caps_req *c, struct nlattr *nest)
{
	struct nlattr *tb[KCTR_CAPS_A_MAX + 1];

	if (nla_parse_nested(tb, KCTR_CAPS_A_MAX, nest, NULL))
		return;
	if (u64_ok(tb[KCTR_CAPS_A_BOUNDING]))
		c->bounding = nla_get_u64(tb[KCTR_CAPS_A_BOUNDING]);
	if (u64_ok(tb[KCTR_CAPS_A_EFFECTIVE]))
		c->effective = nla_get_u64(tb[KCTR_CAPS_A_EFFECTIVE]);
	if (u64_ok(tb[KCTR_CAPS_A_PERMITTED]))
		c->permitted = nla_get_u64(tb[KCTR_CAPS_A_PERMITTED]);
	if (u64_ok(tb[KCTR_CAPS_A_INHERITABLE]))
		c->inheritable = nla_get_u64(tb[KCTR_CAPS_A_INHERITABLE]);
	if (u64_ok(tb[KCTR_CAPS_A_AMBIENT]))
		c->ambient = nla_get_u64(tb[KCTR_CAPS_A_AMBIENT]);
}

static void parse_seccomp(struct kctr_info *info, struct nlattr *nest)
{
	struct nlattr *tb[KCTR_SECCOMP_A_MAX + 1];

	if (nla_parse_nested(tb, KCTR_SECCOMP_A_MAX, nest, NULL))
		return;
	if (u32_ok(tb[KCTR_SECCOMP_A_INSNS]))
		info->seccomp_insns = nla_get_u32(tb[KCTR_SECCOMP_A_INSNS]);
	if (u32_ok(tb[KCTR_SECCOMP_A_INIT_MODE]))
		info->seccomp_mode = nla_get_u32(tb[KCTR_SECCOMP_A_INIT_MODE]);
}

static void parse_scalars(struct kctr_info *info, struct nlattr **tb)
{
	static const int u32s[] = {
		KCTR_A_STATE, KCTR_A_FLAGS, KCTR_A_NS_MASK, KCTR_A_OWNER_UID,
		KCTR_A_INIT_PID, KCTR_A_EXIT_CODE, KCTR_A_JOINS,
	};
	uint32_t *d32[] = {
		&info->state, &info->flags, &info->ns_mask, &info->owner_uid,
		&info->init_pid, &info->exit_code, &info->joins,
	};
	static const int u64s[] = {
		KCTR_A_CREATED_NS, KCTR_A_STARTED_NS, KCTR_A_EXITED_NS,
	};
	uint64_t *d64[] = {
		&info->created_ns, &info->started_ns, &info->exited_ns,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(u32s); i++) {
		if (!u32_ok(tb[u32s[i]]))
			continue;
		*d32[i] = nla_get_u32(tb[u32s[i]]);
		info->present |= 1ULL << u32s[i];
	}
	for (i = 0; i < ARRAY_SIZE(u64s); i++) {
		if (!u64_ok(tb[u64s[i]]))
			continue;
		*d64[i] = nla_get_u64(tb[u64s[i]]);
		info->present |= 1ULL << u64s[i];
	}
}

static int u8_ok(const struct nlattr *nla)
{
	return nla && nla_len(nla) >= (int)sizeof(uint8_t);
}

static int u16_ok(const struct nlattr *nla)
{
	return nla && nla_len(nla) >= (int)sizeof(uint16_t);
}

static int parse_port(const struct nlattr *nest, struct kctr_port_claim *p)
{
	struct nlattr *tb[KCTR_PORT_A_MAX + 1];

	if (nla_parse_nested(tb, KCTR_PORT_A_MAX, (struct nlattr *)nest, NULL)
	    || !u8_ok(tb[KCTR_PORT_A_PROTO]) ||
	    !u16_ok(tb[KCTR_PORT_A_HOST_PORT]) ||
	    !u16_ok(tb[KCTR_PORT_A_CTR_PORT]))
		return -EBADMSG;
	memset(p, 0, sizeof(*p));
	p->proto = nla_get_u8(tb[KCTR_PORT_A_PROTO]);
	if (u32_ok(tb[KCTR_PORT_A_HOST_ADDR4]))
		p->host_addr4 = nla_get_u32(tb[KCTR_PORT_A_HOST_ADDR4]);
	p->host_port = nla_get_u16(tb[KCTR_PORT_A_HOST_PORT]);
	p->ctr_port = nla_get_u16(tb[KCTR_PORT_A_CTR_PORT]);
	return 0;
}

static void parse_net_scalars(struct nlattr **tb, struct kctr_net_claim *net)
{
	if (u32_ok(tb[KCTR_NET_A_ADDR4]))
		net->addr4 = nla_get_u32(tb[KCTR_NET_A_ADDR4]);
	if (u8_ok(tb[KCTR_NET_A_PREFIX]))
		net->prefix = nla_get_u8(tb[KCTR_NET_A_PREFIX]);
	if (u32_ok(tb[KCTR_NET_A_GATEWAY4]))
		net->gateway4 = nla_get_u32(tb[KCTR_NET_A_GATEWAY4]);
	if (tb[KCTR_NET_A_MAC] &&
	    nla_len(tb[KCTR_NET_A_MAC]) == (int)sizeof(net->mac))
		memcpy(net->mac, nla_data(tb[KCTR_NET_A_MAC]), sizeof(net->mac));
	if (u8_ok(tb[KCTR_NET_A_ANCHORED]))
		net->anchored = !!nla_get_u8(tb[KCTR_NET_A_ANCHORED]);
}

/* Addresses stay in network byte order: the attributes are be32. */
int kctr_nl_parse_net(const struct nlattr *nest, struct kctr_net_claim *net)
{
	struct nlattr *tb[KCTR_NET_A_MAX + 1], *nla;
	int rem;

	memset(net, 0, sizeof(*net));
	net->anchor_fd = -1;
	if (nla_parse_nested(tb, KCTR_NET_A_MAX, (struct nlattr *)nest, NULL) ||
	    !tb[KCTR_NET_A_NETWORK])
		return -EBADMSG;
	copy_str(net->network, sizeof(net->network), tb[KCTR_NET_A_NETWORK]);
	parse_net_scalars(tb, net);
	nla_for_each_nested(nla, (struct nlattr *)nest, rem) {
		if (nla_type(nla) != KCTR_NET_A_PORT ||
		    net->nr_ports >= KCTR_NET_PORTS_MAX)
			continue;
		if (!parse_port(nla, &net->ports[net->nr_ports]))
			net->nr_ports++;
	}
	return 0;
}

/* Fills a zeroed @info from a record's attributes. */
static int parse_fields(struct nlattr **tb, struct kctr_info *info)
{
	int a;

	if (!u64_ok(tb[KCTR_A_ID]))
		return -EBADMSG;
	for (a = 1; a <= KCTR_A_MAX; a++)
		if (tb[a])
			info->present |= 1ULL << a;
	info->id = nla_get_u64(tb[KCTR_A_ID]);
	copy_str(info->name, sizeof(info->name), tb[KCTR_A_NAME]);
	copy_str(info->hostname, sizeof(info->hostname), tb[KCTR_A_HOSTNAME]);
	copy_str(info->image, sizeof(info->image), tb[KCTR_A_IMAGE]);
	copy_str(info->command, sizeof(info->command), tb[KCTR_A_COMMAND]);
	parse_scalars(info, tb);
	if (tb[KCTR_A_INIT_PIDS])
		parse_init_pids(info, tb[KCTR_A_INIT_PIDS]);
	if (tb[KCTR_A_NAMESPACES])
		parse_namespaces(info, tb[KCTR_A_NAMESPACES]);
	if (tb[KCTR_A_UID_MAP])
		info->nr_uid_map = parse_map(info->uid_map, tb[KCTR_A_UID_MAP]);
	if (tb[KCTR_A_GID_MAP])
		info->nr_gid_map = parse_map(info->gid_map, tb[KCTR_A_GID_MAP]);
	if (tb[KCTR_A_CGROUP])
		parse_cgroup(&info->cgroup, tb[KCTR_A_CGROUP]);
	if (tb[KCTR_A_LIMITS])
		parse_limits(&info->limits, tb[KCTR_A_LIMITS]);
	if (tb[KCTR_A_CAPS])
		parse_caps(&info->caps, tb[KCTR_A_CAPS]);
	if (tb[KCTR_A_SECCOMP])
		parse_seccomp(info, tb[KCTR_A_SECCOMP]);
	if (tb[KCTR_A_NET])
		info->has_net = !kctr_nl_parse_net(tb[KCTR_A_NET], &info->net);
	return 0;
}

static int parse_info(struct nlattr **tb, struct kctr_info *info)
{
	memset(info, 0, sizeof(*info));
	return parse_fields(tb, info);
}

/* Zeroes @info's bytes from @from up to @to. */
#define CLEAR_SPAN(info, from, to)                                   \
	memset((char *)(info) + offsetof(struct kctr_info, from), 0,      \
	       offsetof(struct kctr_info, to) - offsetof(struct kctr_info, from))

/*
 * Leaves @info, which holds a dump's previous record, as zeroed as
 * parse_info()'s memset would, at the cost of what that record had: the
 * head (ids, strings, times, pids) always, each nested part only if the
 * record carried it. A part absent from a record is still zero from the
 * clear before, and a summary record carries none: 1.8 KB to clear per
 * record instead of 16 KB.
 */
static void clear_reused(struct kctr_info *info)
{
	uint64_t had = info->present;

	CLEAR_SPAN(info, present, nr_ns);
	if (had & (1ULL << KCTR_A_NAMESPACES))
		CLEAR_SPAN(info, nr_ns, nr_uid_map);
	if (had & (1ULL << KCTR_A_UID_MAP | 1ULL << KCTR_A_GID_MAP))
		CLEAR_SPAN(info, nr_uid_map, cgroup);
	if (had & (1ULL << KCTR_A_CGROUP))
		memset(&info->cgroup, 0, sizeof(info->cgroup));
	if (had & (1ULL << KCTR_A_LIMITS))
		memset(&info->limits, 0, sizeof(info->limits));
	/* The caps and the scalars after them, a few bytes: always. */
	CLEAR_SPAN(info, caps, net);
	if (had & (1ULL << KCTR_A_NET))
		memset(&info->net, 0, sizeof(info->net));
}

struct get_arg {
	struct kctr_info *info;
	bool got;
};

static int parse_get(struct nlattr **tb, void *arg)
{
	struct get_arg *g = arg;
	int ret;

	ret = parse_info(tb, g->info);
	if (!ret)
		g->got = true;
	return ret;
}

static int get_flags(struct kctr_nl *nl, uint64_t id, const char *name,
		     uint32_t flags, struct kctr_info *info,
		     struct kctr_err *err)
{
	struct get_arg g = { .info = info };
	struct nl_msg *msg;
	int ret;

	msg = kctr_msg(nl, KCTR_CMD_GET, 0);
	if (!msg)
		return kctr_err_set(err, ENOMEM, "get: out of memory");
	if ((name ? nla_put_string(msg, KCTR_A_NAME, name) :
		    nla_put_u64(msg, KCTR_A_ID, id)) ||
	    (flags && nla_put_u32(msg, KCTR_A_FLAGS, flags))) {
		nlmsg_free(msg);
		return kctr_err_set(err, EMSGSIZE, "get: message too long");
	}
	ret = kctr_nl_xfer(nl, msg, parse_get, &g, "get", err);
	if (!ret && !g.got)
		ret = kctr_err_set(err, EBADMSG, "get: no reply");
	return ret;
}

int kctr_nl_get(struct kctr_nl *nl, uint64_t id, const char *name,
		struct kctr_info *info, struct kctr_err *err)
{
	return get_flags(nl, id, name, 0, info, err);
}

int kctr_nl_get_brief(struct kctr_nl *nl, uint64_t id, const char *name,
		      struct kctr_info *info, struct kctr_err *err)
{
	return get_flags(nl, id, name, KCTR_F_NO_STATS, info, err);
}

struct list_arg {
	struct kctr_info *list;
	size_t nr, cap;
};

static int parse_list(struct nlattr **tb, void *arg)
{
	struct list_arg *l = arg;

	if (kctr_grow_for_one((void **)&l->list, &l->cap, l->nr, sizeof(*l->list),
			 8))
		return -ENOMEM;
	if (parse_info(tb, &l->list[l->nr]))
		return -EBADMSG;
	l->nr++;
	return 0;
}

int kctr_nl_stopped(struct kctr_nl *nl, uint64_t id, struct kctr_err *err)
{
	struct kctr_info *info = malloc(sizeof(*info));
	int ret;

	if (!info)
		return kctr_err_set(err, ENOMEM, "out of memory");
	ret = kctr_nl_get_brief(nl, id, NULL, info, err);
	if (ret == -ENOENT)
		ret = 1;
	else if (!ret)
		ret = info->state == KCTR_STATE_STOPPED;
	free(info);
	return ret;
}

/*
 * A GET dump with @flags, each record to @parse; started again, after
 * @restart(@arg), when the module says the registry changed during it.
 */
static int dump_records(struct kctr_nl *nl, uint32_t flags,
			int (*parse)(struct nlattr **, void *),
			void (*restart)(void *), void *arg,
			struct kctr_err *err)
{
	struct nl_msg *msg;
	int ret = 0, tries;

	for (tries = 0; tries < KCTR_DUMP_RETRIES; tries++) {
		msg = kctr_msg(nl, KCTR_CMD_GET, NLM_F_DUMP);
		if (!msg)
			return kctr_err_set(err, ENOMEM, "list: out of memory");
		if (flags && nla_put_u32(msg, KCTR_A_FLAGS, flags)) {
			nlmsg_free(msg);
			return kctr_err_set(err, EMSGSIZE,
					    "list: message too long");
		}
		if (tries)
			restart(arg);
		ret = kctr_nl_xfer(nl, msg, parse, arg, "list", err);
		if (ret != -EINTR)
			break;
	}
	return ret;
}

static void restart_list(void *arg)
{
	((struct list_arg *)arg)->nr = 0;
}

static int list_flags(struct kctr_nl *nl, uint32_t flags,
		      struct kctr_info **list, size_t *nr, struct kctr_err *err)
{
	struct list_arg l = { 0 };
	int ret;

	ret = dump_records(nl, flags, parse_list, restart_list, &l, err);
	if (ret) {
		free(l.list);
		return ret;
	}
	*list = l.list;
	*nr = l.nr;
	return 0;
}

struct ids_arg {
	uint64_t *ids;
	size_t nr, cap;
};

static void restart_ids(void *arg)
{
	((struct ids_arg *)arg)->nr = 0;
}

static int parse_id(struct nlattr **tb, void *arg)
{
	struct ids_arg *l = arg;

	if (!u64_ok(tb[KCTR_A_ID]))
		return -EBADMSG;
	if (kctr_grow_for_one((void **)&l->ids, &l->cap, l->nr, sizeof(*l->ids),
			 64))
		return -ENOMEM;
	l->ids[l->nr++] = nla_get_u64(tb[KCTR_A_ID]);
	return 0;
}

int kctr_nl_list_ids(struct kctr_nl *nl, uint64_t **ids, size_t *nr,
		     struct kctr_err *err)
{
	struct ids_arg l = { 0 };
	int ret;

	ret = dump_records(nl, KCTR_F_SUMMARY, parse_id, restart_ids, &l, err);
	if (ret) {
		free(l.ids);
		return ret;
	}
	kctr_ids_sort(l.ids, l.nr);
	*ids = l.ids;
	*nr = l.nr;
	return 0;
}


struct each_arg {
	struct kctr_info *info;		/* one, reused for every record */
	int (*fn)(const struct kctr_info *, void *);
	void (*restart)(void *);
	void *arg;
};

static int parse_each(struct nlattr **tb, void *arg)
{
	struct each_arg *e = arg;

	clear_reused(e->info);
	if (parse_fields(tb, e->info))
		return -EBADMSG;
	return e->fn(e->info, e->arg);
}

static void restart_each(void *arg)
{
	struct each_arg *e = arg;

	e->restart(e->arg);
}

/* The dump with @flags, each record to @fn in one struct (zeroed once). */
static int each_record(struct kctr_nl *nl, uint32_t flags,
		       int (*fn)(const struct kctr_info *, void *),
		       void (*restart)(void *), void *arg,
		       struct kctr_err *err)
{
	struct each_arg e = { calloc(1, sizeof(*e.info)), fn, restart, arg };
	int ret;

	if (!e.info)
		return kctr_err_set(err, ENOMEM, "list: out of memory");
	ret = dump_records(nl, flags, parse_each, restart_each, &e, err);
	free(e.info);
	return ret;
}

int kctr_nl_each_brief(struct kctr_nl *nl,
		       int (*fn)(const struct kctr_info *, void *),
		       void (*restart)(void *), void *arg,
		       struct kctr_err *err)
{
	return each_record(nl, KCTR_F_NO_STATS, fn, restart, arg, err);
}

int kctr_nl_each_summary(struct kctr_nl *nl,
			 int (*fn)(const struct kctr_info *, void *),
			 void (*restart)(void *), void *arg,
			 struct kctr_err *err)
{
	return each_record(nl, KCTR_F_SUMMARY, fn, restart, arg, err);
}

int kctr_nl_list(struct kctr_nl *nl, struct kctr_info **list, size_t *nr,
		 struct kctr_err *err)
{
	return list_flags(nl, 0, list, nr, err);
}

int kctr_nl_list_brief(struct kctr_nl *nl, struct kctr_info **list,
		       size_t *nr, struct kctr_err *err)
{
	return list_flags(nl, KCTR_F_NO_STATS, list, nr, err);
}

static bool is_decimal(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int kctr_resolve_in(const char *spec, const struct kctr_info *list,
		    size_t nr, struct kctr_err *err)
{
	char idbuf[32];
	size_t i, len = strlen(spec);
	int found = -1, matches = 0;

	if (!len)
		return kctr_err_set(err, EINVAL, "empty container name or id");
	for (i = 0; i < nr; i++)
		if (!strcmp(list[i].name, spec))
			return (int)i;
	if (!is_decimal(spec))
		return kctr_err_set(err, ENOENT, "%s: no such container", spec);
	for (i = 0; i < nr; i++) {
		snprintf(idbuf, sizeof(idbuf), "%llu",
			 (unsigned long long)list[i].id);
		if (!strcmp(idbuf, spec))
			return (int)i;
		if (!strncmp(idbuf, spec, len)) {
			found = (int)i;
			matches++;
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1)
		return kctr_err_set(err, EINVAL,
				    "%s: ambiguous id prefix (%d containers match)",
				    spec, matches);
	return kctr_err_set(err, ENOENT, "%s: no such container", spec);
}

/*
 * A name or an exact id costs one GET; 1 when neither matches. A spec that
 * is no valid name (EINVAL from the module) may still be an id prefix.
 */
static int resolve_exact(struct kctr_nl *nl, const char *spec,
			 uint32_t flags, struct kctr_info *info,
			 struct kctr_err *err)
{
	unsigned long long id;
	char *end;
	int ret;

	ret = get_flags(nl, 0, spec, flags, info, err);
	if (ret != -ENOENT && ret != -EINVAL)
		return ret;
	if (!is_decimal(spec))
		return 1;
	errno = 0;
	id = strtoull(spec, &end, 10);
	if (errno || *end)
		return 1;
	ret = get_flags(nl, id, NULL, flags, info, err);
	return ret == -ENOENT ? 1 : ret;
}

static int resolve_flags(struct kctr_nl *nl, const char *spec,
			 uint32_t flags, struct kctr_info *info,
			 struct kctr_err *err)
{
	struct kctr_info *list = NULL;
	uint64_t id;
	size_t nr = 0;
	int ret, idx;

	if (!*spec)
		return kctr_err_set(err, EINVAL, "empty container name or id");
	ret = resolve_exact(nl, spec, flags, info, err);
	if (ret <= 0)
		return ret;
	/* an id prefix: the brief dump finds it, a GET brings the record */
	ret = kctr_nl_list_brief(nl, &list, &nr, err);
	if (ret)
		return ret;
	idx = kctr_resolve_in(spec, list, nr, err);
	id = idx >= 0 ? list[idx].id : 0;
	free(list);
	if (idx < 0)
		return idx;
	return get_flags(nl, id, NULL, flags, info, err);
}

int kctr_nl_resolve(struct kctr_nl *nl, const char *spec,
		    struct kctr_info *info, struct kctr_err *err)
{
	return resolve_flags(nl, spec, 0, info, err);
}

int kctr_nl_resolve_brief(struct kctr_nl *nl, const char *spec,
			  struct kctr_info *info, struct kctr_err *err)
{
	return resolve_flags(nl, spec, KCTR_F_NO_STATS, info, err);
}

/* ---- mutations ---- */

static int put_limits(struct nl_msg *msg, const struct kctr_limits_req *l)
{
	static const int u64s[] = {
		KCTR_LIMIT_A_MEMORY_MAX, KCTR_LIMIT_A_MEMORY_HIGH,
		KCTR_LIMIT_A_MEMORY_LOW, KCTR_LIMIT_A_MEMORY_MIN,
		KCTR_LIMIT_A_MEMORY_SWAP_MAX, KCTR_LIMIT_A_CPU_MAX_QUOTA,
		KCTR_LIMIT_A_CPU_MAX_PERIOD, KCTR_LIMIT_A_PIDS_MAX,
	};
	const uint64_t val[] = {
		l->memory_max, l->memory_high, l->memory_low, l->memory_min,
		l->memory_swap_max, l->cpu_quota, l->cpu_period, l->pids_max,
	};
	struct nlattr *nest, *io, *dev;
	unsigned int i;

	if (!l->present)
		return 0;
	nest = nla_nest_start(msg, KCTR_A_LIMITS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(u64s); i++)
		if ((l->present & (1U << u64s[i])) &&
		    nla_put_u64(msg, u64s[i], val[i]))
			return -EMSGSIZE;
	if ((l->present & (1U << KCTR_LIMIT_A_CPU_WEIGHT)) &&
	    nla_put_u32(msg, KCTR_LIMIT_A_CPU_WEIGHT, l->cpu_weight))
		return -EMSGSIZE;
	if ((l->present & (1U << KCTR_LIMIT_A_CPUSET_CPUS)) &&
	    nla_put_string(msg, KCTR_LIMIT_A_CPUSET_CPUS, l->cpuset_cpus))
		return -EMSGSIZE;
	if ((l->present & (1U << KCTR_LIMIT_A_CPUSET_MEMS)) &&
	    nla_put_string(msg, KCTR_LIMIT_A_CPUSET_MEMS, l->cpuset_mems))
		return -EMSGSIZE;
	if (l->present & (1U << KCTR_LIMIT_A_IO_MAX)) {
		io = nla_nest_start(msg, KCTR_LIMIT_A_IO_MAX);
		if (!io)
			return -EMSGSIZE;
		for (i = 0; i < l->nr_io && i < KCTR_IO_MAX_DEVICES; i++) {
			const struct kctr_io_req *r = &l->io[i];

			dev = nla_nest_start(msg, KCTR_IO_A_DEVICE);
			if (!dev ||
			    nla_put_u32(msg, KCTR_IO_A_MAJOR, r->major) ||
			    nla_put_u32(msg, KCTR_IO_A_MINOR, r->minor) ||
			    nla_put_u64(msg, KCTR_IO_A_RBPS, r->rbps) ||
			    nla_put_u64(msg, KCTR_IO_A_WBPS, r->wbps) ||
			    nla_put_u64(msg, KCTR_IO_A_RIOPS, r->riops) ||
			    nla_put_u64(msg, KCTR_IO_A_WIOPS, r->wiops))
				return -EMSGSIZE;
			nla_nest_end(msg, dev);
		}
		nla_nest_end(msg, io);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_caps(struct nl_msg *msg, const struct kctr_caps_req *c)
{
	struct nlattr *nest = nla_nest_start(msg, KCTR_A_CAPS);

	if (!nest ||
	    nla_put_u64(msg, KCTR_CAPS_A_BOUNDING, c->bounding) ||
	    nla_put_u64(msg, KCTR_CAPS_A_EFFECTIVE, c->effective) ||
	    nla_put_u64(msg, KCTR_CAPS_A_PERMITTED, c->permitted) ||
	    nla_put_u64(msg, KCTR_CAPS_A_INHERITABLE, c->inheritable) ||
	    nla_put_u64(msg, KCTR_CAPS_A_AMBIENT, c->ambient))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_map(struct nl_msg *msg, int type,
		   const struct kctr_id_extent_req *map, unsigned int nr)
{
	struct nlattr *nest, *ext;
	unsigned int i;

	if (!nr)
		return 0;
	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < nr; i++) {
		ext = nla_nest_start(msg, KCTR_A_MAP_EXTENT);
		if (!ext ||
		    nla_put_u32(msg, KCTR_MAP_A_INSIDE, map[i].inside) ||
		    nla_put_u32(msg, KCTR_MAP_A_OUTSIDE, map[i].outside) ||
		    nla_put_u32(msg, KCTR_MAP_A_COUNT, map[i].count))
			return -EMSGSIZE;
		nla_nest_end(msg, ext);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_port(struct nl_msg *msg, const struct kctr_port_claim *p)
{
	struct nlattr *nest = nla_nest_start(msg, KCTR_NET_A_PORT);

	if (!nest ||
	    nla_put_u8(msg, KCTR_PORT_A_PROTO, p->proto) ||
	    (p->host_addr4 &&
	     nla_put_u32(msg, KCTR_PORT_A_HOST_ADDR4, p->host_addr4)) ||
	    nla_put_u16(msg, KCTR_PORT_A_HOST_PORT, p->host_port) ||
	    nla_put_u16(msg, KCTR_PORT_A_CTR_PORT, p->ctr_port))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static bool mac_set(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return memcmp(mac, zero, sizeof(zero)) != 0;
}

/*
 * Every port is sent, even beyond KCTR_NET_PORTS_MAX (the kernel says
 * what is wrong); a zero prefix, gateway or MAC is not sent.
 */
int kctr_nl_put_net(struct nl_msg *msg, const struct kctr_net_claim *net)
{
	struct nlattr *nest = nla_nest_start(msg, KCTR_A_NET);
	unsigned int i;

	if (!nest ||
	    nla_put_string(msg, KCTR_NET_A_NETWORK, net->network) ||
	    nla_put_u32(msg, KCTR_NET_A_ADDR4, net->addr4) ||
	    (net->prefix && nla_put_u8(msg, KCTR_NET_A_PREFIX, net->prefix)) ||
	    (net->gateway4 &&
	     nla_put_u32(msg, KCTR_NET_A_GATEWAY4, net->gateway4)) ||
	    (mac_set(net->mac) &&
	     nla_put(msg, KCTR_NET_A_MAC, sizeof(net->mac), net->mac)))
		return -EMSGSIZE;
	for (i = 0; i < net->nr_ports && i < KCTR_NET_PORTS_MAX; i++)
		if (put_port(msg, &net->ports[i]))
			return -EMSGSIZE;
	if (net->anchor_fd >= 0 &&
	    nla_put_u32(msg, KCTR_NET_A_ANCHOR_FD, (uint32_t)net->anchor_fd))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_create(struct nl_msg *msg, const struct kctr_create_req *req)
{
	if ((req->name && nla_put_string(msg, KCTR_A_NAME, req->name)) ||
	    nla_put_u32(msg, KCTR_A_NS_MASK, req->ns_mask) ||
	    (req->flags && nla_put_u32(msg, KCTR_A_FLAGS, req->flags)) ||
	    (req->hostname &&
	     nla_put_string(msg, KCTR_A_HOSTNAME, req->hostname)) ||
	    (req->image && nla_put_string(msg, KCTR_A_IMAGE, req->image)) ||
	    (req->command &&
	     nla_put_string(msg, KCTR_A_COMMAND, req->command)))
		return -EMSGSIZE;
	if (put_limits(msg, &req->limits))
		return -EMSGSIZE;
	if (req->has_caps && put_caps(msg, &req->caps))
		return -EMSGSIZE;
	if (req->seccomp_prog &&
	    nla_put(msg, KCTR_A_SECCOMP_PROG, (int)req->seccomp_len,
		    req->seccomp_prog))
		return -EMSGSIZE;
	if (put_map(msg, KCTR_A_UID_MAP, req->uid_map, req->nr_uid_map) ||
	    put_map(msg, KCTR_A_GID_MAP, req->gid_map, req->nr_gid_map))
		return -EMSGSIZE;
	if (req->net && kctr_nl_put_net(msg, req->net))
		return -EMSGSIZE;
	return 0;
}

int kctr_nl_create(struct kctr_nl *nl, const struct kctr_create_req *req,
		   uint64_t *id, char *name, size_t name_len,
		   struct kctr_err *err)
{
	struct kctr_info *info;
	struct get_arg g;
	struct nl_msg *msg;
	int ret;

	info = malloc(sizeof(*info));
	if (!info)
		return kctr_err_set(err, ENOMEM, "create: out of memory");
	g.info = info;
	g.got = false;
	msg = nlmsg_alloc_size(65536);
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				 NLM_F_ACK, KCTR_CMD_CREATE,
				 KCTR_GENL_VERSION) ||
	    put_create(msg, req)) {
		if (msg)
			nlmsg_free(msg);
		free(info);
		return kctr_err_set(err, EMSGSIZE,
				    "create: request does not fit a message");
	}
	ret = kctr_nl_xfer(nl, msg, parse_get, &g, "create", err);
	if (!ret && !g.got)
		ret = kctr_err_set(err, EBADMSG, "create: no reply");
	if (!ret) {
		*id = info->id;
		if (name && name_len)
			snprintf(name, name_len, "%s", info->name);
	}
	free(info);
	return ret;
}

struct join_arg {
	void *prog;
	size_t len;
};

static int parse_join(struct nlattr **tb, void *arg)
{
	struct join_arg *j = arg;
	struct nlattr *p = tb[KCTR_A_SECCOMP_PROG];

	if (!p || !nla_len(p) || j->prog)
		return 0;
	j->prog = malloc(nla_len(p));
	if (!j->prog)
		return -ENOMEM;
	memcpy(j->prog, nla_data(p), nla_len(p));
	j->len = nla_len(p);
	return 0;
}

int kctr_nl_join(struct kctr_nl *nl, uint64_t id, const int *nsfds,
		 void **prog, size_t *prog_len, struct kctr_err *err)
{
	struct join_arg j = { 0 };
	struct nlattr *nest;
	struct nl_msg *msg;
	int k, ret;

	msg = kctr_msg(nl, KCTR_CMD_JOIN, 0);
	if (!msg || nla_put_u64(msg, KCTR_A_ID, id))
		goto err_msg;
	if (nsfds) {
		nest = nla_nest_start(msg, KCTR_A_NS_FDS);
		if (!nest)
			goto err_msg;
		for (k = 0; k < __KCTR_NS_KIND_COUNT; k++)
			if (nsfds[k] >= 0 &&
			    nla_put_u32(msg, k + 1, (uint32_t)nsfds[k]))
				goto err_msg;
		nla_nest_end(msg, nest);
	}
	ret = kctr_nl_xfer(nl, msg, parse_join, &j, "join", err);
	if (ret) {
		free(j.prog);
		return ret;
	}
	if (prog) {
		*prog = j.prog;
		*prog_len = j.len;
	} else {
		free(j.prog);
	}
	return 0;

err_msg:
	if (msg)
		nlmsg_free(msg);
	return kctr_err_set(err, ENOMEM, "join: cannot build the request");
}

/* A do-request carrying an id and optional u32s; reply ignored. */
static int simple_cmd(struct kctr_nl *nl, uint8_t cmd, uint64_t id,
		      int a1, uint32_t v1, int a2, uint32_t v2,
		      const char *what, struct kctr_err *err)
{
	struct nl_msg *msg = kctr_msg(nl, cmd, 0);

	if (!msg || nla_put_u64(msg, KCTR_A_ID, id) ||
	    (a1 && nla_put_u32(msg, a1, v1)) ||
	    (a2 && nla_put_u32(msg, a2, v2))) {
		if (msg)
			nlmsg_free(msg);
		return kctr_err_set(err, ENOMEM, "%s: cannot build the request",
				    what);
	}
	return kctr_nl_xfer(nl, msg, NULL, NULL, what, err);
}

int kctr_nl_start(struct kctr_nl *nl, uint64_t id, struct kctr_err *err)
{
	return simple_cmd(nl, KCTR_CMD_START, id, 0, 0, 0, 0, "start", err);
}

int kctr_nl_kill(struct kctr_nl *nl, uint64_t id, int sig, uint32_t flags,
		 struct kctr_err *err)
{
	return simple_cmd(nl, KCTR_CMD_KILL, id, KCTR_A_SIGNAL, (uint32_t)sig,
			  flags ? KCTR_A_FLAGS : 0, flags, "kill", err);
}

int kctr_nl_delete(struct kctr_nl *nl, uint64_t id, uint32_t flags,
		   struct kctr_err *err)
{
	return simple_cmd(nl, KCTR_CMD_DELETE, id,
			  flags ? KCTR_A_FLAGS : 0, flags, 0, 0, "delete", err);
}

/* ---- events ---- */

int kctr_nl_subscribe(struct kctr_nl *nl, struct kctr_err *err)
{
	int grp, ret;

	if (nl->ev_sk)
		return 0;
	grp = genl_ctrl_resolve_grp(nl->sk, KCTR_GENL_NAME, KCTR_MCGRP_EVENTS);
	if (grp < 0)
		return kctr_err_set(err, nl_to_errno(grp),
				    "events: no multicast group \"%s\": %s",
				    KCTR_MCGRP_EVENTS, nl_geterror(grp));
	nl->ev_sk = nl_socket_alloc();
	if (!nl->ev_sk)
		return kctr_err_set(err, ENOMEM, "events: out of memory");
	nl_socket_disable_seq_check(nl->ev_sk);
	ret = genl_connect(nl->ev_sk);
	if (!ret)
		ret = nl_socket_add_membership(nl->ev_sk, grp);
	if (ret < 0) {
		nl_socket_free(nl->ev_sk);
		nl->ev_sk = NULL;
		return kctr_err_set(err, nl_to_errno(ret),
				    "events: cannot join the multicast group: %s",
				    nl_geterror(ret));
	}
	nl_socket_set_buffer_size(nl->ev_sk, 1 << 20, 0);
	return 0;
}

int kctr_nl_fd(struct kctr_nl *nl)
{
	return nl ? nl_socket_get_fd(nl->sk) : -1;
}

int kctr_nl_event_fd(struct kctr_nl *nl)
{
	return nl->ev_sk ? nl_socket_get_fd(nl->ev_sk) : -1;
}

struct event_arg {
	struct kctr_event_info *ev;
	int family;
	bool got;
};

static int event_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KCTR_A_MAX + 1];
	struct event_arg *e = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct kctr_event_info *ev = e->ev;

	if (nlh->nlmsg_type != e->family || gh->cmd != KCTR_CMD_EVENT)
		return NL_SKIP;
	if (genlmsg_parse(nlh, 0, tb, KCTR_A_MAX, NULL) ||
	    !u32_ok(tb[KCTR_A_EVENT]) || !u64_ok(tb[KCTR_A_ID]))
		return NL_SKIP;
	memset(ev, 0, sizeof(*ev));
	ev->event = nla_get_u32(tb[KCTR_A_EVENT]);
	ev->id = nla_get_u64(tb[KCTR_A_ID]);
	copy_str(ev->name, sizeof(ev->name), tb[KCTR_A_NAME]);
	if (u64_ok(tb[KCTR_A_TIME_NS]))
		ev->time_ns = nla_get_u64(tb[KCTR_A_TIME_NS]);
	ev->has_exit_code = u32_ok(tb[KCTR_A_EXIT_CODE]);
	if (ev->has_exit_code)
		ev->exit_code = nla_get_u32(tb[KCTR_A_EXIT_CODE]);
	ev->has_oom_kills = u64_ok(tb[KCTR_A_OOM_KILLS]);
	if (ev->has_oom_kills)
		ev->oom_kills = nla_get_u64(tb[KCTR_A_OOM_KILLS]);
	e->got = true;
	/* One event per call: the rest of the buffer stays queued. */
	return NL_STOP;
}

/* Notifications carry sequence number 0: accept them all. */
static int event_seq_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int kctr_nl_next_event(struct kctr_nl *nl, struct kctr_event_info *ev,
		       int timeout_ms, struct kctr_err *err)
{
	struct event_arg e = { .ev = ev, .family = nl->family };
	struct pollfd pfd;
	struct nl_cb *cb;
	int ret;

	if (!nl->ev_sk)
		return kctr_err_set(err, EINVAL, "events: not subscribed");
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return kctr_err_set(err, ENOMEM, "events: out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_valid_cb, &e);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, event_seq_cb, NULL);
	pfd.fd = nl_socket_get_fd(nl->ev_sk);
	pfd.events = POLLIN;
	while (!e.got) {
		ret = poll(&pfd, 1, timeout_ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			ret = kctr_err_set(err, errno, "events: poll: %s",
					   strerror(errno));
			goto out;
		}
		if (ret == 0)
			goto out;
		ret = nl_recvmsgs(nl->ev_sk, cb);
		if (ret == -NLE_NOMEM) {
			ret = kctr_err_set(err, ENOBUFS,
					   "events: receive buffer overrun, events were lost");
			goto out;
		}
		if (ret < 0) {
			ret = kctr_err_set(err, nl_to_errno(ret),
					   "events: receive: %s",
					   nl_geterror(ret));
			goto out;
		}
	}
	ret = 1;
out:
	nl_cb_put(cb);
	return ret < 0 ? ret : (e.got ? 1 : 0);
}

/* ---- names ---- */

const char *kctr_state_name(uint32_t state)
{
	static const char *const names[] = {
		[KCTR_STATE_CREATED] = "created",
		[KCTR_STATE_RUNNING] = "running",
		[KCTR_STATE_STOPPED] = "stopped",
	};

	return state <= KCTR_STATE_MAX && names[state] ? names[state] : "?";
}

static const char *const event_names[] = {
	[KCTR_EVENT_CREATED] = "created",
	[KCTR_EVENT_STARTED] = "started",
	[KCTR_EVENT_EXITED] = "exited",
	[KCTR_EVENT_OOM] = "oom",
	[KCTR_EVENT_REMOVED] = "removed",
};

const char *kctr_event_name(uint32_t event)
{
	return event <= KCTR_EVENT_MAX && event_names[event] ?
		event_names[event] : "?";
}

int kctr_event_by_name(const char *name)
{
	int i;

	for (i = 1; i <= KCTR_EVENT_MAX; i++)
		if (event_names[i] && !strcmp(event_names[i], name))
			return i;
	return -1;
}

const char *kctr_ns_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		[KCTR_NS_KIND_MNT] = "mnt", [KCTR_NS_KIND_PID] = "pid",
		[KCTR_NS_KIND_NET] = "net", [KCTR_NS_KIND_IPC] = "ipc",
		[KCTR_NS_KIND_UTS] = "uts", [KCTR_NS_KIND_USER] = "user",
		[KCTR_NS_KIND_CGROUP] = "cgroup", [KCTR_NS_KIND_TIME] = "time",
	};

	return kind < __KCTR_NS_KIND_COUNT ? names[kind] : "?";
}
