// SPDX-License-Identifier: GPL-2.0
/* linux.sysctl: which keys a container may set, and writing them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kctr.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysctl.h"

/* The ipc namespace's own (ipc/ipc_sysctl.c, as runc's list). */
static const char *const ipc_keys[] = {
	"kernel/msgmax", "kernel/msgmnb", "kernel/msgmni", "kernel/sem",
	"kernel/shmall", "kernel/shmmax", "kernel/shmmni",
	"kernel/shm_rmid_forced",
};

int kctr_sysctl_path(const char *key, char *out, size_t len,
		     struct kctr_err *err)
{
	bool slashes = strchr(key, '/');
	char sep = slashes ? '/' : '.';
	const char *p = key, *end;
	size_t n, o = 0;

	if (!*key)
		return kctr_err_set(err, EINVAL, "sysctl \"\": no name");
	for (;;) {
		end = strchrnul(p, sep);
		n = end - p;
		if (!n || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return kctr_err_set(err, EINVAL, "sysctl %s: not a "
					    "sysctl name (an empty, . or .. "
					    "component)", key);
		if (o + n + 2 > len)
			return kctr_err_set(err, ENAMETOOLONG, "sysctl %s: "
					    "too long", key);
		memcpy(out + o, p, n);
		o += n;
		if (!*end)
			break;
		out[o++] = '/';
		p = end + 1;
	}
	out[o] = '\0';
	return 0;
}

static bool is_ipc_key(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(ipc_keys) / sizeof(ipc_keys[0]); i++)
		if (!strcmp(path, ipc_keys[i]))
			return true;
	return !strncmp(path, "fs/mqueue/", 10);
}

int kctr_sysctl_check(const struct kctr_sysctl *s, uint32_t ns_new,
		      struct kctr_err *err)
{
	char path[PATH_MAX];
	uint32_t need;
	const char *ns;
	int ret;

	ret = kctr_sysctl_path(s->key, path, sizeof(path), err);
	if (ret)
		return ret;
	if (!s->value)
		return kctr_err_set(err, EINVAL, "sysctl %s: no value", s->key);
	if (is_ipc_key(path)) {
		need = KCTR_NS_IPC;
		ns = "ipc";
	} else if (!strcmp(path, "kernel/hostname") ||
		   !strcmp(path, "kernel/domainname")) {
		need = KCTR_NS_UTS;
		ns = "uts";
	} else if (!strncmp(path, "net/", 4)) {
		need = KCTR_NS_NET;
		ns = "network";
	} else {
		return kctr_err_set(err, EPERM, "sysctl %s: not in a "
				    "namespace of the container's own (it "
				    "would change the host)", s->key);
	}
	if (!(ns_new & need))
		return kctr_err_set(err, EPERM, "sysctl %s: needs a new %s "
				    "namespace, or one joined by path that is "
				    "not the runtime's (it would change the "
				    "host's)", s->key, ns);
	return 0;
}

int kctr_sysctl_write(const struct kctr_sysctl *s, struct kctr_err *err)
{
	struct open_how how = {
		.flags = O_WRONLY | O_TRUNC | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	char path[PATH_MAX];
	size_t len = strlen(s->value);
	int dir, fd, ret = 0;

	ret = kctr_sysctl_path(s->key, path, sizeof(path), err);
	if (ret)
		return ret;
	dir = open("/proc/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return kctr_err_set(err, errno, "sysctl %s: /proc/sys: %m",
				    s->key);
	fd = syscall(SYS_openat2, dir, path, &how, sizeof(how));
	close(dir);
	if (fd < 0)
		return kctr_err_set(err, errno, "sysctl %s: /proc/sys/%s: %m",
				    s->key, path);
	errno = 0;
	if (write(fd, s->value, len) != (ssize_t)len)
		ret = kctr_err_set(err, errno ? errno : EIO, "sysctl %s=%s: "
				   "%m", s->key, s->value);
	close(fd);
	return ret;
}
