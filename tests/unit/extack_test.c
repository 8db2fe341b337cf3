// SPDX-License-Identifier: GPL-2.0
/*
 * Extended ACKs: the kernel's message and the offset of the refused
 * attribute become "what: message (attribute NAME (N) at offset O)",
 * for capped and uncapped ACKs and for the DONE message of a dump.
 */
#include <errno.h>
#include <stdlib.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "nlclient.h"
#include "tap.h"

static char ack[8192];

static void put_tlv(size_t *len, int type, const void *data, size_t n)
{
	struct nlattr *nla = (struct nlattr *)(ack + *len);

	nla->nla_len = NLA_HDRLEN + n;
	nla->nla_type = type;
	memcpy((char *)nla + NLA_HDRLEN, data, n);
	*len += NLA_ALIGN(nla->nla_len);
}

/* An NLMSG_ERROR for @req as the kernel builds it (netlink_ack()). */
static struct nlmsghdr *build_ack(const struct nlmsghdr *req, int error,
				  int capped, const char *msg, int off)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)ack;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t len = NLMSG_HDRLEN + sizeof(*e);
	uint32_t o = off;

	memset(ack, 0, sizeof(ack));
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = (msg || off >= 0) ? NLM_F_ACK_TLVS : 0;
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	e->error = error;
	e->msg = *req;
	if (!capped) {
		memcpy((char *)e + sizeof(*e), (const char *)req + NLMSG_HDRLEN,
		       req->nlmsg_len - NLMSG_HDRLEN);
		len += req->nlmsg_len - NLMSG_HDRLEN;
	}
	len = NLMSG_ALIGN(len);
	if (msg)
		put_tlv(&len, NLMSGERR_ATTR_MSG, msg, strlen(msg) + 1);
	if (off >= 0)
		put_tlv(&len, NLMSGERR_ATTR_OFFS, &o, sizeof(o));
	nlh->nlmsg_len = len;
	return nlh;
}

static struct nlmsghdr *build_done(int error, const char *msg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)ack;
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));

	memset(ack, 0, sizeof(ack));
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | (msg ? NLM_F_ACK_TLVS : 0);
	*(int *)NLMSG_DATA(nlh) = error;
	if (msg)
		put_tlv(&len, NLMSGERR_ATTR_MSG, msg, strlen(msg) + 1);
	nlh->nlmsg_len = len;
	return nlh;
}

int main(void)
{
	struct kctr_err err = { 0 };
	struct nlattr *nest;
	struct nlmsghdr *req;
	struct nl_msg *msg;
	int off_mask, off_mem;

	tap_plan(16);
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_ACK, KCTR_CMD_CREATE, 1);
	nla_put_string(msg, KCTR_A_NAME, ".bad");
	off_mask = nlmsg_hdr(msg)->nlmsg_len;
	nla_put_u32(msg, KCTR_A_NS_MASK, 0xff);
	nest = nla_nest_start(msg, KCTR_A_LIMITS);
	off_mem = nlmsg_hdr(msg)->nlmsg_len;
	nla_put_u64(msg, KCTR_LIMIT_A_MEMORY_MAX, 1);
	nla_nest_end(msg, nest);
	req = nlmsg_hdr(msg);

	is_int(kctr_nl_ack_error(build_ack(req, -EINVAL, 1, "kctr: invalid name", 20),
				 req, "create", &err), -EINVAL,
	       "capped ACK: the errno");
	is_str(err.msg, "create: invalid name (attribute name (5) at offset 20)",
	       "capped ACK: message without the module's prefix, attribute named");
	is_int(err.code, EINVAL, "capped ACK: err.code");

	kctr_nl_ack_error(build_ack(req, -EINVAL, 0, "invalid name", 20), req,
			  "create", &err);
	is_str(err.msg, "create: invalid name (attribute name (5) at offset 20)",
	       "uncapped ACK: the TLVs after the echoed request");

	kctr_nl_ack_error(build_ack(req, -ERANGE, 1, NULL, off_mask), req,
			  "create", &err);
	is_str(err.msg, "create: Numerical result out of range (attribute ns-mask (8) at offset 32)",
	       "offset only: strerror and the attribute");
	is_int(off_mask, 32, "ns-mask sits at offset 32");

	kctr_nl_ack_error(build_ack(req, -EINVAL, 1, "memory.max too small",
				    off_mem), req, "create", &err);
	ok(strstr(err.msg, "inside attribute limits (12)") != NULL,
	   "an offset inside a nest names the nest: %s", err.msg);

	kctr_nl_ack_error(build_ack(req, -EINVAL, 1, "x", 4000), req, "create",
			  &err);
	is_str(err.msg, "create: x (offset 4000)", "an offset past the request");

	is_int(kctr_nl_ack_error(build_ack(req, -EBUSY, 1, NULL, -1), req,
				 "delete", &err), -EBUSY, "no TLVs: the errno");
	is_str(err.msg, "delete: Device or resource busy", "no TLVs: strerror");

	memset(&err, 0, sizeof(err));
	is_int(kctr_nl_ack_error(build_ack(req, 0, 1, NULL, -1), req, "start",
				 &err), 0, "error 0 is an ACK, not an error");
	is_str(err.msg, "", "an ACK leaves err alone");

	is_int(kctr_nl_ack_error(build_done(-EPERM, "kctr: not allowed"), req,
				 "list", &err), -EPERM, "DONE with an error");
	is_str(err.msg, "list: not allowed", "DONE: the extended-ACK message");
	is_int(kctr_nl_ack_error(build_done(0, NULL), req, "list", &err), 0,
	       "DONE without an error");

	/* A TLV claiming more than the message holds must not be read. */
	build_ack(req, -EINVAL, 1, "abc", -1);
	((struct nlattr *)(ack + NLMSG_HDRLEN +
			   NLMSG_ALIGN(sizeof(struct nlmsgerr))))->nla_len = 200;
	kctr_nl_ack_error((struct nlmsghdr *)ack, req, "create", &err);
	is_str(err.msg, "create: Invalid argument",
	       "a malformed TLV falls back to strerror");

	nlmsg_free(msg);
	return tap_done();
}
