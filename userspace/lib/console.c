// SPDX-License-Identifier: GPL-2.0
/* Handing a pty master to an engine over its console socket (console.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "console.h"

static int connect_path(const char *path, struct kctr_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, pfd = -1, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return kctr_err_set(err, errno, "console socket: socket: %m");
	if (strlen(path) < sizeof(sa.sun_path)) {
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	} else {
		/* Too long for sun_path: connect through an O_PATH fd. */
		pfd = open(path, O_PATH | O_CLOEXEC);
		if (pfd < 0) {
			ret = kctr_err_set(err, errno,
					   "console socket %s: %m", path);
			close(fd);
			return ret;
		}
		snprintf(sa.sun_path, sizeof(sa.sun_path),
			 "/proc/self/fd/%d", pfd);
	}
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (ret)
		ret = kctr_err_set(err, errno, "console socket %s: connect: %m",
				   path);
	if (pfd >= 0)
		close(pfd);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

int kctr_console_send(const char *path, int master, const char *name,
		     struct kctr_err *err)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char pts[256];
	struct msghdr msg = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	ssize_t n;
	int fd, ret = 0;

	if (!name) {
		if (ptsname_r(master, pts, sizeof(pts)))
			return kctr_err_set(err, errno,
					    "console: the fd is not a pty master: %m");
		name = pts;
	}
	/* A stream socket drops control data sent with no data at all. */
	if (!*name || strlen(name) > KCTR_CONSOLE_NAME_MAX)
		return kctr_err_set(err, EINVAL,
				    "console: the pty name must be 1..%d bytes",
				    KCTR_CONSOLE_NAME_MAX);
	fd = connect_path(path, err);
	if (fd < 0)
		return fd;
	iov.iov_base = (void *)name;
	iov.iov_len = strlen(name);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	memset(&u, 0, sizeof(u));
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &master, sizeof(int));
	do {
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		ret = kctr_err_set(err, errno, "console socket %s: sendmsg: %m",
				   path);
	else if ((size_t)n != iov.iov_len)
		ret = kctr_err_set(err, EIO,
				   "console socket %s: short write (%zd of %zu)",
				   path, n, iov.iov_len);
	close(fd);
	return ret;
}
