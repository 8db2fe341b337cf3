// SPDX-License-Identifier: GPL-2.0
/* Option parsing for `kctr spawn`: pure functions the host unit tests use. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "caps.h"
#include "spawnopts.h"
#include "util.h"

#define LIMIT_BIT(a) (1U << (a))

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static int size_arg(const char *s, uint64_t *out, struct kctr_err *err)
{
	if (!strcmp(s, "-1"))
		s = "max";
	if (kctr_parse_size(s, 1, out))
		return kctr_err_set(err, EINVAL, "bad size '%s' (e.g. 512m, "
				    "1g, max)", s);
	return 0;
}

int kctr_parse_cpus(const char *s, uint64_t *quota, uint64_t *period,
		    struct kctr_err *err)
{
	uint64_t whole, frac = 0, scale = 100000;
	const char *dot = strchr(s, '.');
	char buf[32];
	size_t i;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%.*s", dot ? (int)(dot - s) : (int)strlen(s),
		 s);
	if (parse_u64(buf, &whole) || whole > 100000)
		goto bad;
	if (dot) {
		if (!dot[1] || strlen(dot + 1) > 5)
			goto bad;
		for (i = 0; i < 5; i++) {
			scale /= 10;
			if (!dot[1 + i])
				break;
			if (dot[1 + i] < '0' || dot[1 + i] > '9')
				goto bad;
			frac += (dot[1 + i] - '0') * scale;
		}
	}
	*period = 100000;
	*quota = whole * 100000 + frac;
	if (*quota < 1000)
		goto bad;
	return 0;
bad:
	return kctr_err_set(err, EINVAL, "bad CPU count '%s' (e.g. 0.5, 2; at "
			    "least 0.01)", s);
}

static int io_field(const char *kv, struct kctr_io_req *io,
		    struct kctr_err *err)
{
	static const char *const keys[] = { "rbps", "wbps", "riops", "wiops" };
	uint64_t *dst[] = { &io->rbps, &io->wbps, &io->riops, &io->wiops };
	const char *eq = strchr(kv, '=');
	size_t i;

	for (i = 0; eq && i < 4; i++) {
		if ((size_t)(eq - kv) != strlen(keys[i]) ||
		    strncmp(kv, keys[i], eq - kv))
			continue;
		if (size_arg(eq + 1, dst[i], err))
			return kctr_err_wrap(err, "--io-max %s", keys[i]);
		return 0;
	}
	return kctr_err_set(err, EINVAL, "--io-max: bad field '%s' (rbps=, "
			    "wbps=, riops=, wiops=)", kv);
}

int kctr_parse_io_max(const char *s, struct kctr_io_req *io,
		      struct kctr_err *err)
{
	unsigned int maj, min;
	char *copy, *tok, *save = NULL;
	int n = 0, ret = 0;

	if (sscanf(s, "%u:%u:%n", &maj, &min, &n) != 2 || !n || !s[n])
		return kctr_err_set(err, EINVAL, "bad --io-max '%s' (MAJ:MIN:"
				    "rbps=SIZE,wbps=SIZE,riops=N,wiops=N)", s);
	*io = (struct kctr_io_req){ maj, min, KCTR_LIMIT_UNLIMITED,
		KCTR_LIMIT_UNLIMITED, KCTR_LIMIT_UNLIMITED,
		KCTR_LIMIT_UNLIMITED };
	copy = strdup(s + n);
	if (!copy)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save))
		ret = io_field(tok, io, err);
	free(copy);
	return ret;
}

static bool path_ok(const char *p)
{
	const char *c;

	if (p[0] != '/')
		return false;
	for (c = p; (c = strstr(c, "..")); c += 2)
		if ((c == p || c[-1] == '/') && (!c[2] || c[2] == '/'))
			return false;
	return true;
}

/* "ro", "rw", "dev", comma-separated, ro and rw excluding each other. */
static int volume_opts(const char *s, struct kctr_volume *v)
{
	bool ro = false, rw = false;
	const char *end;
	size_t n;

	for (; ; s = end + 1) {
		end = strchrnul(s, ',');
		n = end - s;
		if (n == 2 && !strncmp(s, "ro", 2) && !ro && !rw)
			ro = v->ro = true;
		else if (n == 2 && !strncmp(s, "rw", 2) && !ro && !rw)
			rw = true;
		else if (n == 3 && !strncmp(s, "dev", 3) && !v->dev)
			v->dev = true;
		else
			return -EINVAL;
		if (!*end)
			return 0;
	}
}

int kctr_parse_volume(char *s, struct kctr_volume *v, struct kctr_err *err)
{
	char *c1 = strchr(s, ':'), *c2;

	if (!c1)
		goto bad;
	*c1 = '\0';
	c2 = strchr(c1 + 1, ':');
	v->host = s;
	v->ctr = c1 + 1;
	v->ro = false;
	v->dev = false;
	if (c2) {
		*c2 = '\0';
		if (volume_opts(c2 + 1, v))
			goto bad_restore;
	}
	if (!path_ok(v->host) || !path_ok(v->ctr) || !strcmp(v->ctr, "/"))
		goto bad_restore;
	return 0;
bad_restore:
	*c1 = ':';
	if (c2)
		*c2 = ':';
bad:
	return kctr_err_set(err, EINVAL, "bad volume '%s' (/host/path:"
			    "/container/path[:ro|rw][,dev])", s);
}

static int mount_options(char *v, struct kctr_mount *m, const char **optv,
			 size_t max, struct kctr_err *err)
{
	char *c;

	m->options = optv;
	m->nr_options = 0;
	if (!*v)
		return 0;
	for (;;) {
		if (m->nr_options == max)
			return kctr_err_set(err, E2BIG, "--mount: more than "
					    "%zu options", max);
		optv[m->nr_options++] = v;
		c = strchr(v, ':');
		if (!c)
			return 0;
		*c = '\0';
		v = c + 1;
	}
}

static int mount_field(char *f, struct kctr_mount *m, const char **optv,
		       size_t max, struct kctr_err *err)
{
	char *v = strchr(f, '=');

	if (!v)
		goto bad;
	*v++ = '\0';
	if (!strcmp(f, "type"))
		m->type = v;
	else if (!strcmp(f, "src") || !strcmp(f, "source"))
		m->source = v;
	else if (!strcmp(f, "dst") || !strcmp(f, "destination") ||
		 !strcmp(f, "target"))
		m->destination = v;
	else if (!strcmp(f, "options") || !strcmp(f, "o"))
		return mount_options(v, m, optv, max, err);
	else
		goto bad;
	return 0;
bad:
	return kctr_err_set(err, EINVAL, "bad --mount field '%s' (type=T,"
			    "src=S,dst=D,options=A:B)", f);
}

int kctr_parse_mount(char *s, struct kctr_mount *m, const char **optv,
		     size_t max, struct kctr_err *err)
{
	char *f, *save = NULL;

	memset(m, 0, sizeof(*m));
	m->options = optv;
	for (f = strtok_r(s, ",", &save); f; f = strtok_r(NULL, ",", &save))
		if (mount_field(f, m, optv, max, err))
			return -EINVAL;
	if (!m->destination || m->destination[0] != '/')
		return kctr_err_set(err, EINVAL, "--mount: dst= an absolute "
				    "path is needed (type=T,src=S,dst=D,"
				    "options=A:B)");
	return 0;
}

int kctr_parse_sysctl(char *s, struct kctr_sysctl *sc, struct kctr_err *err)
{
	char *eq = strchr(s, '=');

	if (!eq || eq == s)
		return kctr_err_set(err, EINVAL, "bad --sysctl '%s' "
				    "(KEY=VALUE)", s);
	*eq = '\0';
	sc->key = s;
	sc->value = eq + 1;
	return 0;
}

int kctr_parse_user(const char *s, uint32_t *uid, uint32_t *gid,
		    struct kctr_err *err)
{
	char buf[64], *colon;
	uint64_t u, g;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	colon = strchr(buf, ':');
	if (colon)
		*colon = '\0';
	if (parse_u64(buf, &u) || u >= UINT32_MAX)
		goto bad;
	g = u;
	if (colon && (parse_u64(colon + 1, &g) || g >= UINT32_MAX))
		goto bad;
	*uid = u;
	*gid = g;
	return 0;
bad:
	return kctr_err_set(err, EINVAL, "bad user '%s' (UID[:GID], numeric)",
			    s);
}

int kctr_parse_ns_list(const char *s, uint32_t *mask, struct kctr_err *err)
{
	char *copy, *tok, *save = NULL;
	int kind, ret = 0;

	copy = strdup(s);
	if (!copy)
		return kctr_err_set(err, ENOMEM, "out of memory");
	*mask = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save)) {
		for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
			if (!strcmp(tok, kctr_ns_name(kind)))
				break;
		if (kind == __KCTR_NS_KIND_COUNT)
			ret = kctr_err_set(err, EINVAL, "unknown namespace "
					   "kind '%s' (mnt, pid, net, ipc, "
					   "uts, user, cgroup, time)", tok);
		else
			*mask |= 1U << kind;
	}
	free(copy);
	if (!ret && !*mask)
		ret = kctr_err_set(err, EINVAL, "empty namespace list");
	return ret;
}

int kctr_parse_userns(const char *s, uint32_t *outside, uint32_t *count,
		      struct kctr_err *err)
{
	unsigned long long o, c;
	int n = 0;

	if (sscanf(s, "%llu:%llu%n", &o, &c, &n) != 2 || s[n] ||
	    s[0] < '0' || s[0] > '9' || !o || !c ||
	    o + c > UINT32_MAX || c > UINT32_MAX)
		return kctr_err_set(err, EINVAL, "bad --userns '%s' (OUTSIDE_"
				    "UID:COUNT, outside uid not 0)", s);
	*outside = o;
	*count = c;
	return 0;
}

void kctr_spawn_usage(void)
{
	fputs(
"Usage: kctr spawn [OPTIONS] [--] COMMAND [ARG...]\n"
"  --image NAME          image (default: busybox, built on first use)\n"
"  --rootfs DIR          use DIR as the read-only image layer\n"
"  --name NAME           container name\n"
"  --rm                  remove the container when it exits\n"
"  -d, --detach          print the id and return once it runs\n"
"  -i, --interactive     keep stdin open\n"
"  -t, --tty             allocate a pseudo-terminal\n"
"  --hostname NAME       -e, --env VAR=VALUE    -w, --workdir DIR\n"
"  -u, --user UID[:GID]\n"
"  --memory SIZE  --memory-high SIZE  --memory-low SIZE  --memory-min SIZE\n"
"  --memory-swap SIZE    memory.swap.max (swap only)\n"
"  --cpus N  --cpu-weight 1..10000  --cpuset-cpus LIST  --cpuset-mems LIST\n"
"  --pids-limit N  --io-max MAJ:MIN:rbps=SIZE,wbps=SIZE,riops=N,wiops=N\n"
"  --cap-add CAPS  --cap-drop CAPS   (comma-separated names, or ALL)\n"
"  --seccomp default|unconfined|FILE (Docker/OCI JSON profile)\n"
"  --userns[=OUTSIDE:COUNT]  map root to an unprivileged host range\n"
"                        (default 100000:65536)\n"
"  --ns LIST             namespace kinds (default: all the kernel has)\n"
"  --network, --net MODE none (new netns, lo up: the default), host, bridge\n"
"                        (network kctr, made on first use), NAME (kctr\n"
"                        network create), ns:PATH, container:NAME\n"
"  -p, --publish [HOSTIP:]HOSTPORT:CTRPORT[/tcp|/udp]  on a network (not\n"
"                        on 127.0.0.1)\n"
"  --ip ADDR  --mac-address MAC  (on a network)\n"
"  --dns IP  --dns-search DOMAIN  --dns-option OPT  (/etc/resolv.conf)\n"
"  --add-host NAME:IP|NAME:host-gateway  --no-hosts  (/etc/hosts)\n"
"  --read-only           --no-init\n"
"  --allow-new-privs     no no_new_privs: set-uid files and file caps work\n"
"                        (within the bounding set), as OCI's default\n"
"  -v, --volume /host:/ctr[:ro|rw][,dev]  (nodev unless ,dev)\n"
"  --tmpfs /path\n"
"  --mount type=T,src=S,dst=D[,options=A:B...]  an OCI mount entry, after\n"
"                        the standard mounts: T bind, tmpfs, devpts, mqueue,\n"
"                        cgroup2 (proc on /proc, sysfs on /sys only);\n"
"                        nodev unless the options say dev\n"
"  --sysctl KEY=VALUE    a namespaced kernel parameter (net.* with a new\n"
"                        net namespace, kernel.shm*/msg*/sem, fs.mqueue.*\n"
"                        with ipc, kernel.hostname/domainname with uts)\n"
"  --device HOST[:CTR][:rwm]  make the node HOST usable as CTR (under\n"
"                        /dev); every other device is denied\n"
	      "  -h, --help            this help\n", stdout);
}

enum {
	OPT_ROOTFS = 256, OPT_IMAGE, OPT_NAME, OPT_RM, OPT_HOSTNAME,
	OPT_MEMORY, OPT_MEMORY_HIGH, OPT_MEMORY_LOW, OPT_MEMORY_MIN,
	OPT_MEMORY_SWAP, OPT_CPUS, OPT_CPU_WEIGHT, OPT_CPUSET_CPUS,
	OPT_CPUSET_MEMS, OPT_PIDS_LIMIT, OPT_IO_MAX, OPT_CAP_ADD,
	OPT_CAP_DROP, OPT_SECCOMP, OPT_USERNS, OPT_NS, OPT_NET,
	OPT_READ_ONLY, OPT_TMPFS, OPT_NO_INIT, OPT_DEVICE,
	OPT_ALLOW_NEW_PRIVS, OPT_MOUNT, OPT_SYSCTL, OPT_IP, OPT_MAC,
	OPT_DNS, OPT_DNS_SEARCH, OPT_DNS_OPTION, OPT_ADD_HOST, OPT_NO_HOSTS,
};

static const struct option spawn_long[] = {
	{ "rootfs", required_argument, NULL, OPT_ROOTFS },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "rm", no_argument, NULL, OPT_RM },
	{ "detach", no_argument, NULL, 'd' },
	{ "interactive", no_argument, NULL, 'i' },
	{ "tty", no_argument, NULL, 't' },
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "env", required_argument, NULL, 'e' },
	{ "workdir", required_argument, NULL, 'w' },
	{ "user", required_argument, NULL, 'u' },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "memory-high", required_argument, NULL, OPT_MEMORY_HIGH },
	{ "memory-low", required_argument, NULL, OPT_MEMORY_LOW },
	{ "memory-min", required_argument, NULL, OPT_MEMORY_MIN },
	{ "memory-swap", required_argument, NULL, OPT_MEMORY_SWAP },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "cpu-weight", required_argument, NULL, OPT_CPU_WEIGHT },
	{ "cpuset-cpus", required_argument, NULL, OPT_CPUSET_CPUS },
	{ "cpuset-mems", required_argument, NULL, OPT_CPUSET_MEMS },
	{ "pids-limit", required_argument, NULL, OPT_PIDS_LIMIT },
	{ "io-max", required_argument, NULL, OPT_IO_MAX },
	{ "cap-add", required_argument, NULL, OPT_CAP_ADD },
	{ "cap-drop", required_argument, NULL, OPT_CAP_DROP },
	{ "seccomp", required_argument, NULL, OPT_SECCOMP },
	{ "userns", optional_argument, NULL, OPT_USERNS },
	{ "ns", required_argument, NULL, OPT_NS },
	{ "net", required_argument, NULL, OPT_NET },
	{ "network", required_argument, NULL, OPT_NET },
	{ "publish", required_argument, NULL, 'p' },
	{ "ip", required_argument, NULL, OPT_IP },
	{ "mac-address", required_argument, NULL, OPT_MAC },
	{ "dns", required_argument, NULL, OPT_DNS },
	{ "dns-search", required_argument, NULL, OPT_DNS_SEARCH },
	{ "dns-option", required_argument, NULL, OPT_DNS_OPTION },
	{ "add-host", required_argument, NULL, OPT_ADD_HOST },
	{ "no-hosts", no_argument, NULL, OPT_NO_HOSTS },
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "volume", required_argument, NULL, 'v' },
	{ "tmpfs", required_argument, NULL, OPT_TMPFS },
	{ "no-init", no_argument, NULL, OPT_NO_INIT },
	{ "allow-new-privs", no_argument, NULL, OPT_ALLOW_NEW_PRIVS },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "mount", required_argument, NULL, OPT_MOUNT },
	{ "sysctl", required_argument, NULL, OPT_SYSCTL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int set_size(struct kctr_spawn_opts *o, int attr, uint64_t *dst,
		    const char *arg, const char *opt, struct kctr_err *err)
{
	if (size_arg(arg, dst, err))
		return kctr_err_wrap(err, "--%s", opt);
	o->limits.present |= LIMIT_BIT(attr);
	return 0;
}

static int set_cpuset(char *dst, const char *arg, int attr,
		      struct kctr_spawn_opts *o, struct kctr_err *err)
{
	if (!*arg || strlen(arg) > KCTR_CPUSET_MAX ||
	    strspn(arg, "0123456789,-") != strlen(arg))
		return kctr_err_set(err, EINVAL, "bad cpuset list '%s' (e.g. "
				    "0-3,5)", arg);
	strcpy(dst, arg);
	o->limits.present |= LIMIT_BIT(attr);
	return 0;
}

static int add_list(const char **list, size_t *n, const char *v,
		    const char *what, struct kctr_err *err)
{
	if (*n >= KCTR_MAX_LIST)
		return kctr_err_set(err, E2BIG, "too many %s (at most %d)",
				    what, KCTR_MAX_LIST);
	list[(*n)++] = v;
	return 0;
}

static int opt_limits(struct kctr_spawn_opts *o, int c, char *arg,
		      struct kctr_err *err)
{
	struct kctr_limits_req *l = &o->limits;
	uint64_t v;

	switch (c) {
	case OPT_MEMORY:
		return set_size(o, KCTR_LIMIT_A_MEMORY_MAX, &l->memory_max, arg,
				"memory", err);
	case OPT_MEMORY_HIGH:
		return set_size(o, KCTR_LIMIT_A_MEMORY_HIGH, &l->memory_high,
				arg, "memory-high", err);
	case OPT_MEMORY_LOW:
		return set_size(o, KCTR_LIMIT_A_MEMORY_LOW, &l->memory_low, arg,
				"memory-low", err);
	case OPT_MEMORY_MIN:
		return set_size(o, KCTR_LIMIT_A_MEMORY_MIN, &l->memory_min, arg,
				"memory-min", err);
	case OPT_MEMORY_SWAP:
		return set_size(o, KCTR_LIMIT_A_MEMORY_SWAP_MAX,
				&l->memory_swap_max, arg, "memory-swap", err);
	case OPT_CPUS:
		if (kctr_parse_cpus(arg, &l->cpu_quota, &l->cpu_period, err))
			return -EINVAL;
		l->present |= LIMIT_BIT(KCTR_LIMIT_A_CPU_MAX_QUOTA) |
			      LIMIT_BIT(KCTR_LIMIT_A_CPU_MAX_PERIOD);
		return 0;
	case OPT_CPU_WEIGHT:
		if (parse_u64(arg, &v) || v < 1 || v > 10000)
			return kctr_err_set(err, EINVAL, "bad --cpu-weight "
					    "'%s' (1..10000)", arg);
		l->cpu_weight = v;
		l->present |= LIMIT_BIT(KCTR_LIMIT_A_CPU_WEIGHT);
		return 0;
	case OPT_CPUSET_CPUS:
		return set_cpuset(l->cpuset_cpus, arg,
				  KCTR_LIMIT_A_CPUSET_CPUS, o, err);
	case OPT_CPUSET_MEMS:
		return set_cpuset(l->cpuset_mems, arg,
				  KCTR_LIMIT_A_CPUSET_MEMS, o, err);
	case OPT_PIDS_LIMIT:
		if (!strcmp(arg, "max")) {
			l->pids_max = KCTR_LIMIT_UNLIMITED;
		} else if (parse_u64(arg, &l->pids_max) || !l->pids_max) {
			return kctr_err_set(err, EINVAL, "bad --pids-limit "
					    "'%s' (a positive number or max)",
					    arg);
		}
		l->present |= LIMIT_BIT(KCTR_LIMIT_A_PIDS_MAX);
		return 0;
	case OPT_IO_MAX:
		if (l->nr_io >= KCTR_IO_MAX_DEVICES)
			return kctr_err_set(err, E2BIG, "too many --io-max");
		if (kctr_parse_io_max(arg, &l->io[l->nr_io], err))
			return -EINVAL;
		l->nr_io++;
		l->present |= LIMIT_BIT(KCTR_LIMIT_A_IO_MAX);
		return 0;
	}
	return 1;
}

/* The network options (network.h); 1: not one of them. */
static int opt_network(struct kctr_spawn_opts *o, int c, char *arg,
		       struct kctr_err *err)
{
	switch (c) {
	case OPT_NET:
		o->net_given = true;
		return kctr_parse_net_mode(arg, &o->net, err);
	case 'p':
		if (o->nr_ports >= KCTR_NET_PORTS_MAX)
			return kctr_err_set(err, E2BIG, "too many --publish (at "
					    "most %d)", KCTR_NET_PORTS_MAX);
		return kctr_parse_publish(arg, &o->ports[o->nr_ports++], err);
	case OPT_IP:
		return kctr_parse_ipv4(arg, &o->ip, err) ?
			kctr_err_wrap(err, "--ip") : 0;
	case OPT_MAC:
		o->has_mac = true;
		return kctr_parse_mac(arg, o->mac, err) ?
			kctr_err_wrap(err, "--mac-address") : 0;
	case OPT_DNS:
		if (kctr_parse_ipv4(arg, &(uint32_t){ 0 }, err))
			return kctr_err_wrap(err, "--dns");
		return add_list(o->dns, &o->nr_dns, arg, "--dns", err);
	case OPT_DNS_SEARCH:
		return add_list(o->dns_search, &o->nr_dns_search, arg,
				"--dns-search", err);
	case OPT_DNS_OPTION:
		return add_list(o->dns_options, &o->nr_dns_options, arg,
				"--dns-option", err);
	case OPT_ADD_HOST:
		if (o->nr_add_hosts >= KCTR_MAX_LIST)
			return kctr_err_set(err, E2BIG, "too many --add-host");
		return kctr_parse_add_host(arg,
					   &o->add_hosts[o->nr_add_hosts++],
					   err);
	case OPT_NO_HOSTS:
		o->no_hosts = true;
		return 0;
	}
	return 1;
}

static bool dns_given(const struct kctr_spawn_opts *o)
{
	return o->nr_dns || o->nr_dns_search || o->nr_dns_options;
}

static bool host_gateway_used(const struct kctr_spawn_opts *o)
{
	size_t i;

	for (i = 0; i < o->nr_add_hosts; i++)
		if (o->add_hosts[i].gateway)
			return true;
	return false;
}

/*
 * Combinations that mean nothing are refused here, before anything is
 * made; the mode decides the net namespace (a new one, or none: host,
 * ns: and container: join one that exists).
 */
static int check_network(struct kctr_spawn_opts *o, struct kctr_err *err)
{
	static const char *const mode[] = {
		[KCTR_NET_NONE] = "none", [KCTR_NET_HOST] = "host",
		[KCTR_NET_BRIDGE] = "bridge", [KCTR_NET_NS] = "ns:PATH",
		[KCTR_NET_CONTAINER] = "container:NAME",
	};
	bool bridge;
	const char *m;

	/* Without --network, --ns says: net in it is "none", else "host". */
	if (!o->net_given)
		o->net.mode = o->ns_mask & KCTR_NS_NET ? KCTR_NET_NONE :
			      KCTR_NET_HOST;
	bridge = o->net.mode == KCTR_NET_BRIDGE;
	m = mode[o->net.mode];

	if (o->nr_ports && !bridge)
		return kctr_err_set(err, EINVAL, "--publish needs a network "
				    "(--network bridge or NAME), not %s: %s",
				    m, o->net.mode == KCTR_NET_HOST ?
				    "the container's ports are the host's" :
				    "nothing on the host leads there");
	if (o->ip && !bridge)
		return kctr_err_set(err, EINVAL, "--ip needs a network "
				    "(--network bridge or NAME), not %s", m);
	if (o->has_mac && !bridge)
		return kctr_err_set(err, EINVAL, "--mac-address needs a "
				    "network (--network bridge or NAME), not "
				    "%s", m);
	if (host_gateway_used(o) && !bridge)
		return kctr_err_set(err, EINVAL, "--add-host NAME:host-gateway "
				    "needs a network (a gateway), not %s", m);
	if (o->net.mode == KCTR_NET_CONTAINER &&
	    (dns_given(o) || o->nr_add_hosts || o->no_hosts))
		return kctr_err_set(err, EINVAL, "--dns*, --add-host and "
				    "--no-hosts do not go with --network "
				    "container: (it shares that container's "
				    "network)");
	if (o->net.mode == KCTR_NET_NONE || bridge)
		o->ns_mask |= KCTR_NS_NET;
	else
		o->ns_mask &= ~KCTR_NS_NET;
	return 0;
}

static int opt_other(struct kctr_spawn_opts *o, int c, char *arg,
		     struct kctr_err *err)
{
	switch (c) {
	case OPT_ROOTFS:
		o->rootfs = arg;
		return 0;
	case OPT_IMAGE:
		o->image = arg;
		return 0;
	case OPT_NAME:
		o->name = arg;
		return 0;
	case OPT_RM:
		o->rm = true;
		return 0;
	case 'd':
		o->detach = true;
		return 0;
	case 'i':
		o->interactive = true;
		return 0;
	case 't':
		o->tty = true;
		return 0;
	case OPT_HOSTNAME:
		if (!*arg || strlen(arg) > KCTR_HOSTNAME_MAX)
			return kctr_err_set(err, EINVAL, "bad --hostname '%s'",
					    arg);
		o->hostname = arg;
		return 0;
	case 'e':
		if (!strchr(arg, '=') || arg[0] == '=')
			return kctr_err_set(err, EINVAL, "bad --env '%s' "
					    "(VAR=VALUE)", arg);
		return add_list(o->env, &o->nr_env, arg, "--env", err);
	case 'w':
		if (arg[0] != '/')
			return kctr_err_set(err, EINVAL, "--workdir '%s': an "
					    "absolute path is needed", arg);
		o->workdir = arg;
		return 0;
	case 'u':
		o->has_user = true;
		return kctr_parse_user(arg, &o->uid, &o->gid, err);
	case OPT_CAP_ADD:
		return kctr_caps_update(&o->caps, arg, 1, err) ?
			kctr_err_wrap(err, "--cap-add") : 0;
	case OPT_CAP_DROP:
		return kctr_caps_update(&o->caps, arg, 0, err) ?
			kctr_err_wrap(err, "--cap-drop") : 0;
	case OPT_SECCOMP:
		o->seccomp = arg;
		return 0;
	case OPT_USERNS:
		o->userns = true;
		o->ns_mask |= KCTR_NS_USER;
		return arg ? kctr_parse_userns(arg, &o->userns_outside,
					       &o->userns_count, err) : 0;
	case OPT_NS:
		return kctr_parse_ns_list(arg, &o->ns_mask, err);
	case OPT_READ_ONLY:
		o->read_only = true;
		return 0;
	case 'v':
		if (o->nr_vols >= KCTR_MAX_LIST)
			return kctr_err_set(err, E2BIG, "too many volumes");
		return kctr_parse_volume(arg, &o->vols[o->nr_vols++], err);
	case OPT_TMPFS:
		if (!path_ok(arg) || !strcmp(arg, "/"))
			return kctr_err_set(err, EINVAL, "bad --tmpfs '%s' (an "
					    "absolute path)", arg);
		return add_list(o->tmpfs, &o->nr_tmpfs, arg, "--tmpfs", err);
	case OPT_NO_INIT:
		o->no_init = true;
		return 0;
	case OPT_ALLOW_NEW_PRIVS:
		o->allow_new_privs = true;
		return 0;
	case OPT_DEVICE:
		if (o->nr_devs >= KCTR_MAX_DEVICES)
			return kctr_err_set(err, E2BIG, "too many --device (at "
					    "most %d)", KCTR_MAX_DEVICES);
		return kctr_parse_device(arg, &o->devs[o->nr_devs++], err);
	case OPT_MOUNT:
		if (o->nr_mounts >= KCTR_MAX_LIST)
			return kctr_err_set(err, E2BIG, "too many --mount");
		o->nr_mounts++;
		return kctr_parse_mount(arg, &o->mounts[o->nr_mounts - 1],
					o->mount_optv[o->nr_mounts - 1],
					KCTR_MAX_MOUNT_OPTS, err);
	case OPT_SYSCTL:
		if (o->nr_sysctls >= KCTR_MAX_LIST)
			return kctr_err_set(err, E2BIG, "too many --sysctl");
		return kctr_parse_sysctl(arg, &o->sysctls[o->nr_sysctls++],
					 err);
	}
	return kctr_err_set(err, EINVAL, "unknown option (see kctr spawn "
			    "--help)");
}

static void defaults(struct kctr_spawn_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seccomp = "default";
	o->userns_outside = KCTR_USERNS_DEFAULT_OUTSIDE;
	o->userns_count = KCTR_USERNS_DEFAULT_COUNT;
	o->caps = kctr_caps_default();
	/* User namespaces are opt-in (--userns), as with other runtimes. */
	o->ns_mask = kctr_ns_available() & ~KCTR_NS_USER;
}

static int check(struct kctr_spawn_opts *o, struct kctr_err *err)
{
	if (o->rootfs && o->image)
		return kctr_err_set(err, EINVAL, "--rootfs and --image "
				    "exclude each other");
	if (o->userns && !(o->ns_mask & KCTR_NS_USER))
		return kctr_err_set(err, EINVAL, "--userns needs 'user' in --ns");
	if ((o->ns_mask & KCTR_NS_USER) && !o->userns)
		o->userns = true;
	if (!(o->ns_mask & KCTR_NS_MNT))
		return kctr_err_set(err, EINVAL, "--ns must include mnt (the "
				    "container has its own root)");
	if (o->detach && (o->tty || o->interactive))
		return kctr_err_set(err, EINVAL, "-d cannot be combined with "
				    "-i or -t");
	return check_network(o, err);
}

int kctr_spawn_parse(int argc, char **argv, struct kctr_spawn_opts *o,
		     struct kctr_err *err)
{
	int c, ret;

	defaults(o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+dite:w:u:v:p:h", spawn_long,
				NULL)) != -1) {
		if (c == 'h') {
			kctr_spawn_usage();
			return 1;
		}
		if (c == '?' || c == ':')
			return kctr_err_set(err, EINVAL, "bad or incomplete "
					    "option '%s' (see kctr spawn "
					    "--help)", argv[optind - 1]);
		ret = opt_limits(o, c, optarg, err);
		if (ret == 1)
			ret = opt_network(o, c, optarg, err);
		if (ret == 1)
			ret = opt_other(o, c, optarg, err);
		if (ret)
			return ret < 0 ? ret : -EINVAL;
	}
	if (optind >= argc)
		return kctr_err_set(err, EINVAL, "no command given (kctr spawn "
				    "[OPTIONS] [--] COMMAND [ARG...])");
	o->argv = argv + optind;
	return check(o, err);
}
