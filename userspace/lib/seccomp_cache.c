// SPDX-License-Identifier: GPL-2.0
/* The on-disk cache of compiled seccomp programs (seccomp_cache.h). */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/kctr.h>

#include "seccomp_cache.h"

static const char magic[8] = "KCTRBPF";

/* Ours and private: owned by our euid, nobody else may read or write. */
static bool private_to_us(const struct stat *st)
{
	return st->st_uid == geteuid() && !(st->st_mode & 077);
}

static int open_dir(const char *dir, bool create)
{
	struct stat st;
	int fd;

	if (create && mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !private_to_us(&st)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

static void entry_name(const uint8_t *key, char name[70])
{
	kctr_sha256_hex(key, name);
	strcat(name, ".bpf");
}

static bool entry_valid(const struct kctr_seccomp_cache_hdr *h,
			const uint8_t *key, const void *prog, size_t len)
{
	uint8_t sum[KCTR_SHA256_LEN];

	if (memcmp(h->magic, magic, sizeof(magic)) ||
	    h->format != KCTR_SECCOMP_CACHE_FORMAT || !h->insns ||
	    h->insns > KCTR_SECCOMP_MAX_INSNS ||
	    len != h->insns * sizeof(struct sock_filter) ||
	    memcmp(h->key, key, KCTR_SHA256_LEN))
		return false;
	kctr_sha256(prog, len, sum);
	return !memcmp(sum, h->sum, sizeof(sum));
}

int kctr_seccomp_cache_load(const char *dir, const uint8_t *key, void **prog,
			    size_t *len)
{
	struct kctr_seccomp_cache_hdr h;
	char name[70];
	struct stat st;
	size_t body;
	void *buf = NULL;
	int dfd, fd, ret = -1;

	dfd = open_dir(dir, false);
	if (dfd < 0)
		return -1;
	entry_name(key, name);
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !private_to_us(&st) ||
	    st.st_size < (off_t)sizeof(h) ||
	    st.st_size > (off_t)(sizeof(h) + KCTR_SECCOMP_MAX_INSNS *
				 sizeof(struct sock_filter)))
		goto out;
	body = st.st_size - sizeof(h);
	buf = malloc(body ? body : 1);
	if (!buf || pread(fd, &h, sizeof(h), 0) != sizeof(h) ||
	    pread(fd, buf, body, sizeof(h)) != (ssize_t)body ||
	    !entry_valid(&h, key, buf, body))
		goto out;
	*prog = buf;
	*len = body;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	close(fd);
	return ret;
}

static int write_all(int fd, const void *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p = (const char *)p + w;
		n -= w;
	}
	return 0;
}

int kctr_seccomp_cache_store(const char *dir, const uint8_t *key,
			     const void *prog, size_t len)
{
	struct kctr_seccomp_cache_hdr h = { .format = KCTR_SECCOMP_CACHE_FORMAT };
	char name[70], tmp[80];
	int dfd, fd, ret;

	if (!len || len % sizeof(struct sock_filter) ||
	    len / sizeof(struct sock_filter) > KCTR_SECCOMP_MAX_INSNS)
		return -EINVAL;
	memcpy(h.magic, magic, sizeof(magic));
	h.insns = len / sizeof(struct sock_filter);
	memcpy(h.key, key, KCTR_SHA256_LEN);
	kctr_sha256(prog, len, h.sum);
	dfd = open_dir(dir, true);
	if (dfd < 0)
		return dfd;
	entry_name(key, name);
	snprintf(tmp, sizeof(tmp), ".%.16s.%d", name, (int)getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		goto close_dir;
	}
	ret = write_all(fd, &h, sizeof(h));
	if (!ret)
		ret = write_all(fd, prog, len);
	if (close(fd) && !ret)
		ret = -errno;
	/* No fsync: a torn entry after a crash fails validation, is rebuilt. */
	if (!ret && renameat(dfd, tmp, dfd, name))
		ret = -errno;
	if (ret)
		unlinkat(dfd, tmp, 0);
close_dir:
	close(dfd);
	return ret;
}
