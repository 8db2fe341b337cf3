// SPDX-License-Identifier: GPL-2.0
/*
 * Networks, kept as one small text file each in <state>/networks/NAME
 * ("subnet 10.87.0.0/16", "gateway ...", "bridge ...", "mtu N",
 * "internal 0|1"). Only the configuration: who uses a network is in the
 * kernel's registry (the containers' claims), never in a file.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "network.h"
#include "util.h"

static void networks_dir(char *buf, size_t len)
{
	kctr_pathf(buf, len, "%s/networks", kctr_state_dir());
}

int kctr_network_lock(struct kctr_err *err)
{
	char path[PATH_MAX];
	int fd;

	networks_dir(path, sizeof(path));
	if (kctr_mkdir_p(path, err))
		return kctr_err_wrap(err, "networks");
	kctr_pathf(path, sizeof(path), "%s/networks/.lock", kctr_state_dir());
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (flock(fd, LOCK_EX)) {
		kctr_err_set(err, errno, "%s: flock: %m", path);
		close(fd);
		return -err->code;
	}
	return fd;
}

int kctr_netconf_complete(struct kctr_netconf *c, struct kctr_err *err)
{
	char n[INET_ADDRSTRLEN];

	if (!kctr_network_name_ok(c->name))
		return kctr_err_set(err, EINVAL, "bad network name '%s' (1..%d "
				    "of letters, digits, '_', '.', '-')",
				    c->name, KCTR_NETWORK_NAME_MAX);
	if (!strcmp(c->name, "none") || !strcmp(c->name, "host") ||
	    !strcmp(c->name, "bridge"))
		return kctr_err_set(err, EINVAL, "network name '%s' is a "
				    "--network mode", c->name);
	if (!c->bridge[0])
		snprintf(c->bridge, sizeof(c->bridge), "%s",
			 !strcmp(c->name, KCTR_DEFAULT_NETWORK) ?
			 KCTR_DEFAULT_BRIDGE : "kbr-");
	if (!strcmp(c->bridge, "kbr-"))
		snprintf(c->bridge, sizeof(c->bridge), "kbr-%.*s",
			 KCTR_NETWORK_NAME_MAX, c->name);
	if (!strncmp(c->bridge, KCTR_VETH_PREFIX, 3) ||
	    !strcmp(c->bridge, "lo") || strchr(c->bridge, '/') ||
	    strchr(c->bridge, ' '))
		return kctr_err_set(err, EINVAL, "bridge name '%s' not usable",
				    c->bridge);
	if (!c->prefix) {
		struct kctr_err e = { 0 };

		kctr_parse_cidr(KCTR_DEFAULT_SUBNET, &c->subnet, &c->prefix,
				&e);
	}
	if (!c->gateway)
		c->gateway = htonl(ntohl(c->subnet) + 1);
	inet_ntop(AF_INET, &c->subnet, n, sizeof(n));
	if (!kctr_in_subnet(c->gateway, c->subnet, c->prefix) ||
	    c->gateway == c->subnet ||
	    c->gateway == (c->subnet | ~kctr_prefix_mask(c->prefix)))
		return kctr_err_set(err, EINVAL, "the gateway is not a host "
				    "address of %s/%u", n, c->prefix);
	if (c->mtu && (c->mtu < 68 || c->mtu > 65535))
		return kctr_err_set(err, EINVAL, "bad MTU %u (68..65535)",
				    c->mtu);
	return 0;
}

int kctr_netconf_format(const struct kctr_netconf *c, char *buf, size_t len)
{
	char n[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &c->subnet, n, sizeof(n));
	inet_ntop(AF_INET, &c->gateway, g, sizeof(g));
	return snprintf(buf, len, "subnet %s/%u\ngateway %s\nbridge %s\n"
			"mtu %u\ninternal %d\n", n, c->prefix, g, c->bridge,
			c->mtu, c->internal);
}

int kctr_netconf_parse(const char *name, const char *text,
		       struct kctr_netconf *c, struct kctr_err *err)
{
	char key[32], val[64];
	const char *p = text;
	int n, seen = 0;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	while (sscanf(p, "%31s %63s%n", key, val, &n) == 2) {
		p += n;
		if (!strcmp(key, "subnet")) {
			if (kctr_parse_cidr(val, &c->subnet, &c->prefix, err))
				return kctr_err_wrap(err, "network %s", name);
			seen |= 1;
		} else if (!strcmp(key, "gateway")) {
			if (kctr_parse_ipv4(val, &c->gateway, err))
				return kctr_err_wrap(err, "network %s", name);
			seen |= 2;
		} else if (!strcmp(key, "bridge")) {
			if (strlen(val) >= sizeof(c->bridge))
				return kctr_err_set(err, EINVAL, "network %s: "
						    "bad bridge name", name);
			memcpy(c->bridge, val, strlen(val) + 1);
			seen |= 4;
		} else if (!strcmp(key, "mtu")) {
			c->mtu = strtoul(val, NULL, 10);
		} else if (!strcmp(key, "internal")) {
			c->internal = !strcmp(val, "1");
		}
	}
	if (seen != 7)
		return kctr_err_set(err, EINVAL, "network %s: its file lacks "
				    "the subnet, gateway or bridge", name);
	return kctr_netconf_complete(c, err) ?
		kctr_err_wrap(err, "network %s", name) : 0;
}

static void conf_path(const char *name, char *buf, size_t len)
{
	kctr_pathf(buf, len, "%s/networks/%s", kctr_state_dir(), name);
}

int kctr_netconf_save(const struct kctr_netconf *c, struct kctr_err *err)
{
	char path[PATH_MAX], text[512];
	int fd, n;

	networks_dir(path, sizeof(path));
	if (kctr_mkdir_p(path, err))
		return kctr_err_wrap(err, "networks");
	conf_path(c->name, path, sizeof(path));
	n = kctr_netconf_format(c, text, sizeof(text));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ?
			kctr_err_set(err, EEXIST, "network %s exists", c->name) :
			kctr_err_set(err, errno, "%s: %m", path);
	if (write(fd, text, n) != n) {
		kctr_err_set(err, errno ? errno : EIO, "writing %s: %m", path);
		close(fd);
		unlink(path);
		return -err->code;
	}
	close(fd);
	return 0;
}

static int make_default(struct kctr_netconf *c, struct kctr_err *err)
{
	int ret;

	memset(c, 0, sizeof(*c));
	strcpy(c->name, KCTR_DEFAULT_NETWORK);
	ret = kctr_netconf_complete(c, err);
	if (!ret)
		ret = kctr_netconf_save(c, err);
	return ret == -EEXIST ? 0 : ret;
}

int kctr_netconf_load(const char *name, struct kctr_netconf *c,
		      struct kctr_err *err)
{
	char path[PATH_MAX], text[1024];
	ssize_t n;
	int fd, ret;

	if (!kctr_network_name_ok(name))
		return kctr_err_set(err, EINVAL, "bad network name '%s'", name);
	conf_path(name, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && !strcmp(name, KCTR_DEFAULT_NETWORK)) {
		ret = make_default(c, err);
		if (ret)
			return ret;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return errno == ENOENT ?
			kctr_err_set(err, ENOENT, "no network %s (kctr network "
				     "create %s)", name, name) :
			kctr_err_set(err, errno, "%s: %m", path);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	text[n] = '\0';
	return kctr_netconf_parse(name, text, c, err);
}

int kctr_netconf_remove(const char *name, struct kctr_err *err)
{
	char path[PATH_MAX];

	conf_path(name, path, sizeof(path));
	if (unlink(path))
		return errno == ENOENT ?
			kctr_err_set(err, ENOENT, "no network %s", name) :
			kctr_err_set(err, errno, "%s: %m", path);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct kctr_netconf *)a)->name,
		      ((const struct kctr_netconf *)b)->name);
}

int kctr_netconf_list(struct kctr_netconf **list, size_t *nr,
		      struct kctr_err *err)
{
	char path[PATH_MAX];
	struct kctr_netconf *v = NULL, *nv;
	struct dirent *d;
	size_t n = 0;
	DIR *dir;

	*list = NULL;
	*nr = 0;
	networks_dir(path, sizeof(path));
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? 0 :
			kctr_err_set(err, errno, "%s: %m", path);
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || !kctr_network_name_ok(d->d_name))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv) {
			closedir(dir);
			free(v);
			return kctr_err_set(err, ENOMEM, "out of memory");
		}
		v = nv;
		if (kctr_netconf_load(d->d_name, &v[n], err)) {
			closedir(dir);
			free(v);
			return -err->code;
		}
		n++;
	}
	closedir(dir);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*list = v;
	*nr = n;
	return 0;
}
