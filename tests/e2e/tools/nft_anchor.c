// SPDX-License-Identifier: GPL-2.0
/*
 * The nf_tables side of e2e 19-netlink-net, with libmnl and libnftnl:
 *
 *   nft_anchor create TABLE UNIXFD
 *	opens a NETLINK_NETFILTER socket, creates "table ip TABLE" with
 *	NFT_TABLE_F_OWNER over it, sends the socket over the UNIX socket
 *	UNIXFD (SCM_RIGHTS) and exits: the table then lives as long as
 *	whoever received the socket holds it.
 *   nft_anchor exists TABLE
 *	exit 0 if "table ip TABLE" exists, 1 if not, 2 on an error.
 *   nft_anchor delete TABLE
 *	tries to delete it from this (another) socket: prints the errno
 *	name ("EPERM" for an owned table, "OK" when it was deleted).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/table.h>

static char buf[65536];	/* MNL_SOCKET_BUFFER_SIZE is not constant */

static struct mnl_socket *open_nft(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nft_anchor: netlink socket");
		exit(2);
	}
	return nl;
}

/* One table message in a batch; the kernel's answer as -errno or 0. */
static int table_batch(struct mnl_socket *nl, int msg_type, const char *name,
		       uint32_t flags)
{
	uint32_t seq = (uint32_t)time(NULL), portid = mnl_socket_get_portid(nl);
	struct nftnl_table *t = nftnl_table_alloc();
	struct mnl_nlmsg_batch *b;
	struct nlmsghdr *nlh;
	int ret;

	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	if (flags)
		nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS, flags);
	b = mnl_nlmsg_batch_start(buf, sizeof(buf));
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);
	nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), msg_type,
					  NFPROTO_IPV4,
					  msg_type == NFT_MSG_NEWTABLE ?
					  NLM_F_CREATE | NLM_F_ACK : NLM_F_ACK,
					  seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	mnl_nlmsg_batch_next(b);
	nftnl_batch_end(mnl_nlmsg_batch_current(b), seq + 1);
	mnl_nlmsg_batch_next(b);
	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b),
			      mnl_nlmsg_batch_size(b)) < 0) {
		perror("nft_anchor: send");
		exit(2);
	}
	mnl_nlmsg_batch_stop(b);
	ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret < 0)
		return -errno;
	ret = mnl_cb_run(buf, ret, seq, portid, NULL, NULL);
	return ret < 0 ? -errno : 0;
}

static int send_fd(int unix_fd, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 'a';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(unix_fd, &msg, 0) == 1 ? 0 : -1;
}

static int cmd_create(const char *name, int unix_fd)
{
	struct mnl_socket *nl = open_nft();
	int err = table_batch(nl, NFT_MSG_NEWTABLE, name, NFT_TABLE_F_OWNER);

	if (err) {
		fprintf(stderr, "nft_anchor: new table %s: %s\n", name,
			strerror(-err));
		return 2;
	}
	if (send_fd(unix_fd, mnl_socket_get_fd(nl))) {
		perror("nft_anchor: sendmsg");
		return 2;
	}
	mnl_socket_close(nl);
	return 0;
}

static int cmd_exists(const char *name)
{
	struct mnl_socket *nl = open_nft();
	uint32_t seq = (uint32_t)time(NULL), portid = mnl_socket_get_portid(nl);
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;
	int ret;

	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	nlh = nftnl_table_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, NFPROTO_IPV4,
					  NLM_F_ACK, seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("nft_anchor: send");
		return 2;
	}
	ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	while (ret > 0) {
		ret = mnl_cb_run(buf, ret, seq, portid, NULL, NULL);
		if (ret <= MNL_CB_STOP)
			break;
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	}
	mnl_socket_close(nl);
	if (ret >= 0)
		return 0;
	if (errno == ENOENT)
		return 1;
	perror("nft_anchor: get table");
	return 2;
}

static int cmd_delete(const char *name)
{
	struct mnl_socket *nl = open_nft();
	int err = table_batch(nl, NFT_MSG_DELTABLE, name, 0);

	printf("%s\n", !err ? "OK" : err == -EPERM ? "EPERM" : strerror(-err));
	mnl_socket_close(nl);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "create"))
		return cmd_create(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "exists"))
		return cmd_exists(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "delete"))
		return cmd_delete(argv[2]);
	fprintf(stderr, "usage: nft_anchor create TABLE UNIXFD | exists TABLE | delete TABLE\n");
	return 2;
}
