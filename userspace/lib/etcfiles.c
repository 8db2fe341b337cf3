// SPDX-License-Identifier: GPL-2.0
/*
 * The container's /etc/hosts, /etc/hostname and /etc/resolv.conf, as
 * Docker and podman users expect them: written in its state directory and
 * bound over the image's by the init (as volumes are).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "network.h"
#include "image.h"

/* Appending to a fixed buffer: the first overflow sticks. */
struct out {
	char *buf;
	size_t len, used;
	bool full;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used)
		o->full = true;
	else
		o->used += n;
}

static int done(struct out *o)
{
	return o->full ? -ENOSPC : (int)o->used;
}

static const char *ip(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

int kctr_etc_hosts(const struct kctr_etc *e, const char *host_hosts,
		   char *buf, size_t len)
{
	struct out o = { buf, len, 0, false };
	char a[INET_ADDRSTRLEN];
	size_t i;

	buf[0] = '\0';
	if (e->host_mode && host_hosts) {
		put(&o, "%s", host_hosts);
		if (o.used && buf[o.used - 1] != '\n')
			put(&o, "\n");
	} else {
		put(&o, "127.0.0.1\tlocalhost\n");
		put(&o, "::1\tlocalhost ip6-localhost ip6-loopback\n");
		if (e->addr4 && e->hostname) {
			put(&o, "%s\t%s", ip(e->addr4, a), e->hostname);
			if (e->name && strcmp(e->name, e->hostname))
				put(&o, " %s", e->name);
			put(&o, "\n");
		} else if (e->hostname) {
			put(&o, "127.0.1.1\t%s\n", e->hostname);
		}
	}
	for (i = 0; i < e->nr_add_hosts; i++) {
		const struct kctr_add_host *h = &e->add_hosts[i];

		if (h->gateway && !e->gateway4)
			return -EINVAL;
		put(&o, "%s\t%s\n", ip(h->gateway ? e->gateway4 : h->addr4, a),
		    h->name);
	}
	return done(&o);
}

/* A nameserver the container's own network namespace cannot reach. */
static bool loopback_nameserver(const char *v)
{
	struct in6_addr a6;
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) == 1)
		return (ntohl(a.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, v, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

/* The first word of @line and where its value starts. */
static bool keyword(const char *line, const char *kw, const char **val)
{
	size_t n = strlen(kw);

	if (strncmp(line, kw, n) || (line[n] != ' ' && line[n] != '\t'))
		return false;
	*val = line + n + strspn(line + n, " \t");
	return true;
}

static void host_lines(struct out *o, const struct kctr_etc *e,
		       const char *host, bool *usable)
{
	char line[1024], word[256];
	const char *p = host, *nl, *val;

	while (p && *p) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s",
			 (int)(nl ? nl - p : (long)strlen(p)), p);
		p = nl ? nl + 1 : NULL;
		if (keyword(line, "nameserver", &val)) {
			if (e->nr_dns)
				continue;
			sscanf(val, "%255s", word);
			if (!e->host_mode && loopback_nameserver(word))
				continue;
			*usable = true;
		} else if ((keyword(line, "search", &val) ||
			    keyword(line, "domain", &val)) &&
			   e->nr_dns_search) {
			continue;
		} else if (keyword(line, "options", &val) &&
			   e->nr_dns_options) {
			continue;
		}
		put(o, "%s\n", line);
	}
}

int kctr_etc_resolv(const struct kctr_etc *e, const char *host_resolv,
		    char *buf, size_t len, bool *usable)
{
	struct out o = { buf, len, 0, false };
	size_t i;

	buf[0] = '\0';
	*usable = false;
	host_lines(&o, e, host_resolv, usable);
	for (i = 0; i < e->nr_dns; i++) {
		put(&o, "nameserver %s\n", e->dns[i]);
		*usable = true;
	}
	if (e->nr_dns_search) {
		put(&o, "search");
		for (i = 0; i < e->nr_dns_search; i++)
			put(&o, " %s", e->dns_search[i]);
		put(&o, "\n");
	}
	if (e->nr_dns_options) {
		put(&o, "options");
		for (i = 0; i < e->nr_dns_options; i++)
			put(&o, " %s", e->dns_options[i]);
		put(&o, "\n");
	}
	return done(&o);
}

/* At most 64 KiB of a host file; NULL when it cannot be read. */
static char *read_small(const char *path)
{
	char *buf = malloc(65536);
	ssize_t n = -1;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, 65535);
		close(fd);
	}
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int write_file(const char *dir, const char *name, const char *text,
		      struct kctr_err *err)
{
	char path[PATH_MAX];
	size_t len = strlen(text);
	int fd;

	kctr_pathf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (write(fd, text, len) != (ssize_t)len) {
		kctr_err_set(err, errno ? errno : EIO, "writing %s: %m", path);
		close(fd);
		return -err->code;
	}
	close(fd);
	return 0;
}

int kctr_etc_write(const char *dir, const struct kctr_etc *e, bool no_hosts,
		   bool *no_nameserver, struct kctr_err *err)
{
	char *host = NULL, buf[65536 + 4096];
	bool usable;
	int n, ret = 0;

	if (!no_hosts) {
		host = e->host_mode ? read_small("/etc/hosts") : NULL;
		n = kctr_etc_hosts(e, host, buf, sizeof(buf));
		free(host);
		if (n < 0)
			return kctr_err_set(err, -n, "/etc/hosts: %s", n ==
					    -EINVAL ? "host-gateway needs a "
					    "network with a gateway" :
					    "too long");
		ret = write_file(dir, "hosts", buf, err);
	}
	if (!ret) {
		snprintf(buf, sizeof(buf), "%s\n", e->hostname ? e->hostname :
			 "");
		ret = write_file(dir, "hostname", buf, err);
	}
	if (ret)
		return ret;
	host = read_small("/etc/resolv.conf");
	n = kctr_etc_resolv(e, host, buf, sizeof(buf), &usable);
	free(host);
	if (n < 0)
		return kctr_err_set(err, ENOSPC, "/etc/resolv.conf: too long");
	*no_nameserver = !usable;
	return write_file(dir, "resolv.conf", buf, err);
}
