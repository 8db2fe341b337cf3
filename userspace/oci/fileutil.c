// SPDX-License-Identifier: GPL-2.0
/* Atomic writes (temporary file + rename) and whole-file reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileutil.h"

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int oci_write_atomic(const char *path, const void *data, size_t len,
		     mode_t mode, struct kctr_err *err)
{
	const char *slash = strrchr(path, '/');
	char tmp[4096];
	int fd, ret;

	/* ".NAME.XXXXXX" beside NAME: same filesystem, so rename is atomic. */
	if (slash)
		ret = snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX",
			       (int)(slash - path), path, slash + 1);
	else
		ret = snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	if (ret < 0 || (size_t)ret >= sizeof(tmp))
		return kctr_err_set(err, ENAMETOOLONG, "%s: path too long",
				    path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: creating %s: %m", path,
				    tmp);
	ret = fchmod(fd, mode) ? -errno : write_all(fd, data, len);
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return kctr_err_set(err, -ret, "%s: writing: %s", path,
				    strerror(-ret));
	}
	return 0;
}

int oci_pid_file_write(const char *path, pid_t pid, struct kctr_err *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	if (oci_write_atomic(path, buf, (size_t)n, 0644, err))
		return kctr_err_wrap(err, "pid file");
	return 0;
}

int oci_read_file(const char *path, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = NULL, *p;
	ssize_t r;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (!buf || n + 1 >= cap) {
			cap *= 2;
			p = realloc(buf, cap);
			if (!p) {
				ret = -ENOMEM;
				break;
			}
			buf = p;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			break;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}
