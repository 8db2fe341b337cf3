// SPDX-License-Identifier: GPL-2.0
/* AppArmor's change_onexec, written to /proc (apparmor.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apparmor.h"

bool kctr_apparmor_enabled(void)
{
	char c = 0;
	int fd;

	fd = open("/sys/module/apparmor/parameters/enabled",
		  O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == 'Y';
}

int kctr_apparmor_exec(const char *profile, struct kctr_err *err)
{
	char cmd[4096];
	int fd, n, e;

	n = snprintf(cmd, sizeof(cmd), "exec %s", profile);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		return kctr_err_set(err, ENAMETOOLONG, "apparmor profile %s: "
				    "too long", profile);
	/* The LSM's own directory first: with stacking attr/exec may be another's. */
	fd = open("/proc/thread-self/attr/apparmor/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		fd = open("/proc/thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "apparmor profile %s: "
				    "/proc/thread-self/attr: %m", profile);
	if (write(fd, cmd, n) != n) {
		e = errno;
		close(fd);
		return kctr_err_set(err, e, "apparmor profile %s: %s", profile,
				    e == ENOENT ? "not loaded in the kernel" :
				    strerror(e));
	}
	close(fd);
	return 0;
}
