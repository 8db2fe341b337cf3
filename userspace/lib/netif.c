// SPDX-License-Identifier: GPL-2.0
/* Network interfaces of a container's own network namespace. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netif.h"

int kctr_loopback_up(struct kctr_err *err)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd, ret = 0;

	/* Any socket of the namespace takes interface ioctls; AF_UNIX is
	 * there whatever protocols the kernel has. */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return kctr_err_set(err, errno, "loopback: socket: %m");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		ret = kctr_err_set(err, errno, "loopback: lo: %m");
	} else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			ret = kctr_err_set(err, errno,
					   "loopback: bringing lo up: %m");
	}
	close(fd);
	return ret;
}
