// SPDX-License-Identifier: GPL-2.0
/*
 * The io_uring personality attack on JOIN (audit H1): register the
 * current creds as a personality, change creds (PR_SET_KEEPCAPS commits
 * new ones), then send JOIN {KCTR_A_ID = argv[1]} through IORING_OP_SENDMSG
 * under that personality, so the module runs with current->cred !=
 * current->real_cred. A module that calls commit_creds() then hits its
 * BUG_ON. Raw syscalls, no liburing; built static by the test.
 *
 * Prints "sendmsg=<res> join_errno=<n> msg=<extack>" and exits 0 when the
 * JOIN was refused with EPERM naming overridden credentials (or an
 * io_uring worker, should the request be punted to io-wq), 2 when
 * io_uring is not available, 1 otherwise.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/io_uring.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KCTR_CMD_JOIN	3
#define KCTR_A_ID	4

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
};

static void put_attr(struct nlmsghdr *n, int type, const void *data, int len)
{
	struct nlattr *a = (void *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void init_req(struct req *r, int type, int cmd, int version)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->n.nlmsg_seq = 1;
	r->g.cmd = cmd;
	r->g.version = version;
}

static int resolve(int s)
{
	char buf[8192];
	struct req r;
	ssize_t len;

	init_req(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 2);
	put_attr(&r.n, CTRL_ATTR_FAMILY_NAME, "container", 10);
	if (send(s, &r, r.n.nlmsg_len, 0) < 0)
		return -1;
	len = recv(s, buf, sizeof(buf), 0);
	for (struct nlmsghdr *n = (void *)buf; NLMSG_OK(n, len);
	     n = NLMSG_NEXT(n, len)) {
		struct nlattr *a;
		int rem;

		if (n->nlmsg_type != GENL_ID_CTRL)
			continue;
		a = (void *)((char *)NLMSG_DATA(n) + GENL_HDRLEN);
		rem = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN) {
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				return *(uint16_t *)((char *)a + NLA_HDRLEN);
			rem -= NLA_ALIGN(a->nla_len);
			a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
		}
	}
	return -1;
}

/* The ACK of request @seq: its errno (positive) and extack message. */
static int read_ack(int s, unsigned int seq, char *msg, size_t msglen)
{
	char buf[8192];
	ssize_t len;

	msg[0] = 0;
again:
	len = recv(s, buf, sizeof(buf), 0);
	if (len <= 0)
		return -1;
	for (struct nlmsghdr *n = (void *)buf; NLMSG_OK(n, len);
	     n = NLMSG_NEXT(n, len)) {
		struct nlmsgerr *e = NLMSG_DATA(n);
		struct nlattr *a;
		int rem;

		/* the GETFAMILY ACK may still be queued: skip it */
		if (n->nlmsg_type != NLMSG_ERROR || n->nlmsg_seq != seq)
			continue;
		a = (void *)((char *)e + sizeof(*e));
		rem = n->nlmsg_len - NLMSG_LENGTH(sizeof(*e));
		while ((n->nlmsg_flags & NLM_F_ACK_TLVS) &&
		       rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN) {
			if (a->nla_type == NLMSGERR_ATTR_MSG)
				snprintf(msg, msglen, "%s",
					 (char *)a + NLA_HDRLEN);
			rem -= NLA_ALIGN(a->nla_len);
			a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
		}
		return -e->error;
	}
	goto again;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	char *sq, *cq, extack[512];
	unsigned int *tail, head;
	struct msghdr mh = { 0 };
	struct iovec iov;
	int s, one = 1, fam, ring, pers, err, res;
	uint64_t id;
	struct req r;

	if (argc != 2) {
		fprintf(stderr, "usage: iou_join ID\n");
		return 1;
	}
	id = strtoull(argv[1], NULL, 0);
	s = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(s, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	fam = resolve(s);
	if (fam < 0) {
		perror("resolve family container");
		return 1;
	}
	ring = syscall(__NR_io_uring_setup, 4, &p);
	if (ring < 0) {
		printf("io_uring unavailable: %s\n", strerror(errno));
		return 2;
	}
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(*cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
		perror("mmap ring");
		return 1;
	}
	/* ids start at 0, which an SQE cannot name (0: no personality) */
	do
		pers = syscall(__NR_io_uring_register, ring,
			       IORING_REGISTER_PERSONALITY, NULL, 0);
	while (pers == 0);
	if (pers < 0) {
		perror("IORING_REGISTER_PERSONALITY");
		return 1;
	}
	/* new creds: the personality's are no longer current's */
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)) {
		perror("PR_SET_KEEPCAPS");
		return 1;
	}

	init_req(&r, fam, KCTR_CMD_JOIN, 1);
	r.n.nlmsg_seq = 2;
	put_attr(&r.n, KCTR_A_ID, &id, sizeof(id));
	iov.iov_base = &r;
	iov.iov_len = r.n.nlmsg_len;
	mh.msg_name = &dst;
	mh.msg_namelen = sizeof(dst);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;

	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_SENDMSG;
	sqes[0].fd = s;
	sqes[0].addr = (uintptr_t)&mh;
	sqes[0].len = 1;
	sqes[0].personality = pers;
	tail = (unsigned int *)(sq + p.sq_off.tail);
	((unsigned int *)(sq + p.sq_off.array))
		[*tail & *(unsigned int *)(sq + p.sq_off.ring_mask)] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0) {
		perror("io_uring_enter");
		return 1;
	}
	head = __atomic_load_n((unsigned int *)(cq + p.cq_off.head),
			       __ATOMIC_ACQUIRE);
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
	      (head & *(unsigned int *)(cq + p.cq_off.ring_mask));
	res = cqe->res;
	err = read_ack(s, 2, extack, sizeof(extack));
	printf("sendmsg=%d join_errno=%d msg=%s\n", res, err, extack);
	/* inline: overridden creds; punted to io-wq: an io_uring worker */
	return err == EPERM && (strstr(extack, "overridden") ||
				strstr(extack, "io_uring worker")) ? 0 : 1;
}
