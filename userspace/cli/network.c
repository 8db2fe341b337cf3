// SPDX-License-Identifier: GPL-2.0
/*
 * kctr network create|ls|inspect|rm, and kctr port: networks are files
 * of kctr's (netconf.c); who uses one, and which ports a container
 * publishes, is the kernel's record (its claims), never a file.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "network.h"
#include "output.h"

static void network_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr network create NAME [--subnet CIDR] [--gateway IP]\n"
		"                           [--bridge IFNAME] [--internal] [--mtu N]\n"
		"       kctr network ls [-q]\n"
		"       kctr network inspect NAME...\n"
		"       kctr network rm NAME...\n"
		"\n"
		"A network is a bridge with a subnet and a gateway address on the host;\n"
		"containers on it (kctr spawn --network NAME) get an address, outbound\n"
		"NAT (unless --internal) and published ports (-p). The network \"kctr\"\n"
		"(bridge kctr0, " KCTR_DEFAULT_SUBNET ") is made on first use of\n"
		"--network bridge. Names are 1..%d characters; the bridge defaults to\n"
		"kbr-NAME. rm is refused while a container in the registry uses the\n"
		"network. -j: JSON (ls, inspect).\n"
		"\n"
		"  --subnet CIDR    default " KCTR_DEFAULT_SUBNET " (refused if it\n"
		"                   overlaps a route of the host)\n"
		"  --gateway IP     the bridge's address (default: the first host)\n"
		"  --bridge IFNAME  --internal (no NAT, no ports)  --mtu N\n"
		"  -q, --quiet      ls: names only\n"
		"  -h, --help       this help\n", KCTR_NETWORK_NAME_MAX);
}

static const char *ip(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* No other network on the bridge or an overlapping subnet. */
static int check_unique(const struct kctr_netconf *c, struct kctr_err *err)
{
	struct kctr_netconf *list;
	uint8_t p;
	size_t nr, i;
	int ret;

	ret = kctr_netconf_list(&list, &nr, err);
	for (i = 0; !ret && i < nr; i++) {
		p = list[i].prefix < c->prefix ? list[i].prefix : c->prefix;
		if (!strcmp(list[i].name, c->name))
			ret = kctr_err_set(err, EEXIST, "network %s exists",
					   c->name);
		else if (!strcmp(list[i].bridge, c->bridge))
			ret = kctr_err_set(err, EEXIST, "bridge %s is network "
					   "%s's", c->bridge, list[i].name);
		else if (kctr_in_subnet(c->subnet, list[i].subnet &
					kctr_prefix_mask(p), p))
			ret = kctr_err_set(err, EEXIST, "the subnet overlaps "
					   "network %s's", list[i].name);
	}
	free(list);
	return ret;
}

enum { OPT_SUBNET = 256, OPT_GATEWAY, OPT_BRIDGE, OPT_INTERNAL, OPT_MTU };

static const struct option network_long[] = {
	{ "subnet", required_argument, NULL, OPT_SUBNET },
	{ "gateway", required_argument, NULL, OPT_GATEWAY },
	{ "bridge", required_argument, NULL, OPT_BRIDGE },
	{ "internal", no_argument, NULL, OPT_INTERNAL },
	{ "mtu", required_argument, NULL, OPT_MTU },
	{ "quiet", no_argument, NULL, 'q' },
	KCTR_HELP_OPTION,
	{ NULL, 0, NULL, 0 },
};

struct net_args {
	struct kctr_netconf c;
	bool quiet;
};

static int parse(int argc, char **argv, struct net_args *a)
{
	struct kctr_err err = { 0 };
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", network_long, NULL)) != -1) {
		switch (c) {
		case 'h':
			network_usage(stdout);
			return 0;
		case 'q':
			a->quiet = true;
			break;
		case OPT_SUBNET:
			if (kctr_parse_cidr(optarg, &a->c.subnet, &a->c.prefix,
					    &err))
				return kctr_usage_error("network", "%s",
							err.msg);
			break;
		case OPT_GATEWAY:
			if (kctr_parse_ipv4(optarg, &a->c.gateway, &err))
				return kctr_usage_error("network", "--gateway: "
							"%s", err.msg);
			break;
		case OPT_BRIDGE:
			if (!*optarg || strlen(optarg) >= IFNAMSIZ)
				return kctr_usage_error("network", "bad --bridge "
							"'%s'", optarg);
			strcpy(a->c.bridge, optarg);
			break;
		case OPT_INTERNAL:
			a->c.internal = true;
			break;
		case OPT_MTU:
			a->c.mtu = strtoul(optarg, &end, 10);
			if (*end || !*optarg)
				return kctr_usage_error("network", "bad --mtu "
							"'%s'", optarg);
			break;
		default:
			return kctr_bad_option(argv, c);
		}
	}
	return -1;
}

static int net_create(int argc, char **argv)
{
	struct kctr_err err = { 0 };
	struct net_args a;
	char route[128];
	int ret, lock;

	ret = parse(argc, argv, &a);
	if (ret >= 0)
		return ret;
	if (optind != argc - 1)
		return kctr_usage_error("network", "create takes one NAME");
	if (strlen(argv[optind]) > KCTR_NETWORK_NAME_MAX)
		return kctr_usage_error("network", "network name '%s' longer "
					"than %d", argv[optind],
					KCTR_NETWORK_NAME_MAX);
	strcpy(a.c.name, argv[optind]);
	if (kctr_netconf_complete(&a.c, &err))
		return kctr_usage_error("network", "%s", err.msg);
	lock = kctr_network_lock(&err);
	if (lock < 0)
		return kctr_cmd_fail(&err);
	if (kctr_route_overlap(a.c.subnet, a.c.prefix, a.c.bridge, route,
			       sizeof(route)))
		ret = kctr_err_set(&err, EEXIST, "network %s: the subnet "
				   "overlaps the host's route %s", a.c.name,
				   route);
	else
		ret = check_unique(&a.c, &err);
	if (!ret)
		ret = kctr_netconf_save(&a.c, &err);
	if (!ret && (ret = kctr_bridge_ensure(&a.c, &err)))
		kctr_netconf_remove(a.c.name, &(struct kctr_err){ 0 });
	close(lock);
	if (ret)
		return kctr_cmd_fail(&err);
	printf("%s\n", a.c.name);
	return 0;
}

/* The containers of the registry on each network (count, first name). */
static int users(struct kctr_nl *nl, const char *network, size_t *nr,
		 char *first, size_t len, struct kctr_err *err)
{
	uint32_t *addrs;
	uint64_t next;
	int ret;

	ret = kctr_net_used(nl, network, &addrs, nr, first, len, &next, err);
	free(addrs);
	return ret;
}

static int net_ls(int argc, char **argv, const struct kctr_global *g)
{
	static const char *const head[] = { "NAME", "BRIDGE", "SUBNET",
					    "GATEWAY", "CONTAINERS" };
	char sub[INET_ADDRSTRLEN + 4], gw[INET_ADDRSTRLEN], n[16];
	char first[KCTR_NAME_MAX + 1];
	struct kctr_err err = { 0 };
	struct kctr_netconf *list;
	struct net_args a;
	struct kctr_nl *nl = NULL;
	size_t nr, i, used;
	struct kj j;
	struct kt t;
	int ret;

	ret = parse(argc, argv, &a);
	if (ret >= 0)
		return ret;
	if (optind != argc)
		return kctr_usage_error("network", "ls takes no argument");
	if (kctr_netconf_list(&list, &nr, &err))
		return kctr_cmd_fail(&err);
	ret = a.quiet ? 0 : kctr_cmd_open(&nl);
	if (ret) {
		free(list);
		return ret;
	}
	kj_init(&j, stdout, true);
	if (g->json)
		kj_arr_open(&j, NULL);
	kt_init(&t, 5, head);
	for (i = 0; i < nr; i++) {
		const struct kctr_netconf *c = &list[i];

		if (a.quiet) {
			printf("%s\n", c->name);
			continue;
		}
		if (users(nl, c->name, &used, first, sizeof(first), &err)) {
			ret = kctr_cmd_fail(&err);
			break;
		}
		snprintf(sub, sizeof(sub), "%s/%u", ip(c->subnet, gw),
			 c->prefix);
		ip(c->gateway, gw);
		snprintf(n, sizeof(n), "%zu", used);
		if (g->json) {
			kj_obj_open(&j, NULL);
			kj_str(&j, "name", c->name);
			kj_str(&j, "bridge", c->bridge);
			kj_str(&j, "subnet", sub);
			kj_str(&j, "gateway", gw);
			kj_bool(&j, "internal", c->internal);
			kj_u64(&j, "containers", used);
			kj_obj_close(&j);
		} else {
			kt_add(&t, (const char *const[]){ c->name, c->bridge,
							 sub, gw, n });
		}
	}
	if (g->json) {
		kj_arr_close(&j);
		fputc('\n', stdout);
	} else if (!a.quiet && !ret) {
		kt_print(&t, stdout);
	}
	kt_free(&t);
	if (nl)
		kctr_nl_close(nl);
	free(list);
	return ret;
}

static int net_inspect(int argc, char **argv)
{
	char sub[INET_ADDRSTRLEN + 4], gw[INET_ADDRSTRLEN];
	char first[KCTR_NAME_MAX + 1];
	struct kctr_err err = { 0 };
	struct kctr_netconf c;
	struct net_args a;
	struct kctr_nl *nl;
	size_t used;
	struct kj j;
	int ret, i, status = 0;

	ret = parse(argc, argv, &a);
	if (ret >= 0)
		return ret;
	if (optind >= argc)
		return kctr_usage_error("network", "inspect needs a NAME");
	ret = kctr_cmd_open(&nl);
	if (ret)
		return ret;
	kj_init(&j, stdout, true);
	kj_arr_open(&j, NULL);
	for (i = optind; i < argc; i++) {
		if (kctr_netconf_load(argv[i], &c, &err) ||
		    users(nl, c.name, &used, first, sizeof(first), &err)) {
			status = kctr_cmd_fail(&err);
			continue;
		}
		snprintf(sub, sizeof(sub), "%s/%u", ip(c.subnet, gw),
			 c.prefix);
		kj_obj_open(&j, NULL);
		kj_str(&j, "name", c.name);
		kj_str(&j, "bridge", c.bridge);
		kj_str(&j, "subnet", sub);
		kj_str(&j, "gateway", ip(c.gateway, gw));
		kj_u64(&j, "mtu", c.mtu);
		kj_bool(&j, "internal", c.internal);
		kj_bool(&j, "bridge_present", if_nametoindex(c.bridge) != 0);
		kj_u64(&j, "containers", used);
		kj_obj_close(&j);
	}
	kj_arr_close(&j);
	fputc('\n', stdout);
	kctr_nl_close(nl);
	return status;
}

static int net_rm_one(struct kctr_nl *nl, const char *name,
		      struct kctr_err *err)
{
	char first[KCTR_NAME_MAX + 1];
	struct kctr_netconf c;
	size_t used;
	int ret, lock;

	lock = kctr_network_lock(err);
	if (lock < 0)
		return lock;
	ret = kctr_netconf_load(name, &c, err);
	if (!ret)
		ret = users(nl, name, &used, first, sizeof(first), err);
	if (!ret && used)
		ret = kctr_err_set(err, EBUSY, "network %s is used by %zu "
				   "container%s (%s): remove %s first", name,
				   used, used == 1 ? "" : "s", first,
				   used == 1 ? "it" : "them");
	if (!ret)
		ret = kctr_bridge_delete(c.bridge, err);
	if (!ret)
		ret = kctr_netconf_remove(name, err);
	close(lock);
	return ret;
}

static int net_rm(int argc, char **argv)
{
	struct kctr_err err = { 0 };
	struct net_args a;
	struct kctr_nl *nl;
	int ret, i, status = 0;

	ret = parse(argc, argv, &a);
	if (ret >= 0)
		return ret;
	if (optind >= argc)
		return kctr_usage_error("network", "rm needs a NAME");
	ret = kctr_cmd_open(&nl);
	if (ret)
		return ret;
	for (i = optind; i < argc; i++) {
		if (net_rm_one(nl, argv[i], &err))
			status = kctr_cmd_fail(&err);
		else
			printf("%s\n", argv[i]);
	}
	kctr_nl_close(nl);
	return status;
}

int kctr_cmd_network(int argc, char **argv, const struct kctr_global *g)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || !strcmp(sub, "-h") || !strcmp(sub, "--help")) {
		network_usage(sub ? stdout : stderr);
		return sub ? 0 : KCTR_EXIT_USAGE;
	}
	argc = kctr_take_json_flag(argc - 1, argv + 1, &(bool){ false });
	if (!strcmp(sub, "create"))
		return net_create(argc, argv + 1);
	if (!strcmp(sub, "ls") || !strcmp(sub, "list"))
		return net_ls(argc, argv + 1, g);
	if (!strcmp(sub, "inspect"))
		return net_inspect(argc, argv + 1);
	if (!strcmp(sub, "rm") || !strcmp(sub, "remove"))
		return net_rm(argc, argv + 1);
	return kctr_usage_error("network", "unknown subcommand '%s' (create, "
				"ls, inspect, rm)", sub);
}

/* ---- kctr port ---- */

static void port_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr port NAME|ID\n"
		"\n"
		"The container's published ports, from the kernel's record:\n"
		"CTRPORT/PROTO -> HOSTIP:HOSTPORT. -j: JSON.\n");
}

int kctr_cmd_port(int argc, char **argv, const struct kctr_global *g)
{
	const struct kctr_net_claim *n;
	char a[INET_ADDRSTRLEN];
	struct kctr_info *info;
	unsigned int i;
	struct kj j;
	int ret;

	ret = kctr_cmd_one(argc, argv, port_usage, &info);
	if (!info)
		return ret;
	n = kctr_info_net(info);
	kj_init(&j, stdout, true);
	if (g->json)
		kj_arr_open(&j, NULL);
	for (i = 0; n && i < n->nr_ports; i++) {
		const struct kctr_port_claim *p = &n->ports[i];
		const char *proto = kctr_port_proto_name(p->proto);

		ip(p->host_addr4, a);
		if (!g->json) {
			printf("%u/%s -> %s:%u\n", p->ctr_port, proto, a,
			       p->host_port);
			continue;
		}
		kj_obj_open(&j, NULL);
		kj_str(&j, "proto", proto);
		kj_str(&j, "host_ip", a);
		kj_u64(&j, "host_port", p->host_port);
		kj_u64(&j, "container_port", p->ctr_port);
		kj_obj_close(&j);
	}
	if (g->json) {
		kj_arr_close(&j);
		fputc('\n', stdout);
	}
	free(info);
	return 0;
}
