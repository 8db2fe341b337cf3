// SPDX-License-Identifier: GPL-2.0
/*
 * The console socket as conmon and go-runc read it: a listening SOCK_STREAM
 * socket, one connection, one message with the pty name as data and one
 * SCM_RIGHTS control message holding exactly one fd: the pty master.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "oci/console.h"
#include "tap.h"

static int listen_at(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 1)) {
		perror(path);
		exit(1);
	}
	return fd;
}

/* conmon's recvfd: one message, checks as strict as conmon's/go-runc's. */
static int receive(int lfd, char *name, size_t len, int *nfds,
		   size_t *cmsg_len)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { 0 };
	struct iovec iov = { name, len - 1 };
	struct cmsghdr *cm;
	int conn, fd = -1;
	ssize_t n;

	conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		return -errno;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	close(conn);
	if (n < 0)
		return -errno;
	name[n] = '\0';
	*nfds = 0;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
		*cmsg_len = cm->cmsg_len;
		*nfds = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	}
	if (cm && CMSG_NXTHDR(&msg, cm))
		*nfds = 99;	/* a second control message */
	return fd;
}

int main(void)
{
	char top[] = "/tmp/oci_console_test.XXXXXX", path[200], name[4096];
	char longdir[300], longpath[400], cmd[400];
	struct kctr_err err = { 0 };
	struct stat a, b;
	size_t cmsg_len = 0;
	int lfd, master, fd, nfds = 0;

	tap_plan(14);
	if (!mkdtemp(top))
		return 1;
	snprintf(path, sizeof(path), "%s/sock", top);
	lfd = listen_at(path);
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	ok(master >= 0, "a pty master");
	if (master < 0)
		return tap_done();
	is_int(oci_console_send(path, master, NULL, &err), 0, "sent: %s",
	       err.msg);
	fd = receive(lfd, name, sizeof(name), &nfds, &cmsg_len);
	ok(fd >= 0, "received an fd");
	is_int(nfds, 1, "  exactly one fd in one SCM_RIGHTS message");
	is_int(cmsg_len, CMSG_LEN(sizeof(int)),
	       "  cmsg_len == CMSG_LEN(sizeof(int)) (conmon's check)");
	ok(!strncmp(name, "/dev/pts/", 9), "  data is the pty name: %s", name);
	ok(fd >= 0 && !fstat(fd, &a) && !fstat(master, &b) &&
	   a.st_rdev == b.st_rdev && a.st_ino == b.st_ino,
	   "  the same file as the master we sent");
	ok(fd >= 0 && ptsname(fd) != NULL, "  and it is a master (ptsname)");
	if (fd >= 0)
		close(fd);

	is_int(oci_console_send(path, master, "/dev/pts/77", &err), 0,
	       "sent with a given name");
	fd = receive(lfd, name, sizeof(name), &nfds, &cmsg_len);
	is_str(name, "/dev/pts/77", "  the name as payload");
	if (fd >= 0)
		close(fd);

	/* A socket path longer than sun_path, as deep bundles make them. */
	snprintf(longdir, sizeof(longdir), "%s/%0120d", top, 0);
	mkdir(longdir, 0700);
	snprintf(longpath, sizeof(longpath), "%s/sock", longdir);
	{
		char rel[] = "sock";
		int cwd = open(".", O_PATH | O_DIRECTORY);
		int l2;

		if (chdir(longdir))
			perror("chdir");
		l2 = listen_at(rel);
		if (fchdir(cwd))
			perror("fchdir");
		close(cwd);
		is_int(oci_console_send(longpath, master, NULL, &err), 0,
		       "a %zu-byte socket path: %s", strlen(longpath), err.msg);
		fd = receive(l2, name, sizeof(name), &nfds, &cmsg_len);
		ok(fd >= 0 && nfds == 1, "  received through /proc/self/fd");
		if (fd >= 0)
			close(fd);
		close(l2);
	}

	close(lfd);
	unlink(path);
	ok(oci_console_send(path, master, NULL, &err) < 0 &&
	   strstr(err.msg, "connect"), "no listener: %s", err.msg);
	ok(oci_console_send(path, 0, NULL, &err) < 0,
	   "an fd that is not a pty master is refused");
	close(master);
	snprintf(cmd, sizeof(cmd), "rm -rf -- %s", top);
	if (system(cmd))
		perror("rm");
	return tap_done();
}
