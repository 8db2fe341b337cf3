// SPDX-License-Identifier: GPL-2.0
/* The forms of the network options: pure functions the unit tests use. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"

int kctr_parse_ipv4(const char *s, uint32_t *addr, struct kctr_err *err)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return kctr_err_set(err, EINVAL, "bad IPv4 address '%s'", s);
	*addr = a.s_addr;
	return 0;
}

uint32_t kctr_prefix_mask(uint8_t prefix)
{
	return prefix ? htonl(~0U << (32 - prefix)) : 0;
}

bool kctr_in_subnet(uint32_t addr, uint32_t net, uint8_t prefix)
{
	return (addr & kctr_prefix_mask(prefix)) == net;
}

int kctr_parse_cidr(const char *s, uint32_t *net, uint8_t *prefix,
		    struct kctr_err *err)
{
	char ip[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	char *end;
	long n;

	if (!slash || (size_t)(slash - s) >= sizeof(ip))
		return kctr_err_set(err, EINVAL, "bad subnet '%s' (e.g. "
				    "10.88.5.0/24)", s);
	snprintf(ip, sizeof(ip), "%.*s", (int)(slash - s), s);
	errno = 0;
	n = strtol(slash + 1, &end, 10);
	if (!isdigit((unsigned char)slash[1]) || *end || errno ||
	    kctr_parse_ipv4(ip, net, err))
		return kctr_err_set(err, EINVAL, "bad subnet '%s' (e.g. "
				    "10.88.5.0/24)", s);
	if (n < 8 || n > 30)
		return kctr_err_set(err, EINVAL, "subnet '%s': the prefix "
				    "must be 8..30", s);
	*prefix = n;
	if (*net & ~kctr_prefix_mask(*prefix))
		return kctr_err_set(err, EINVAL, "subnet '%s': host bits set "
				    "(the network address is needed)", s);
	return 0;
}

static int parse_port(const char *s, size_t len, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 5)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (!v || v > 65535)
		return -EINVAL;
	*port = v;
	return 0;
}

static int bad_publish(const char *s, struct kctr_err *err)
{
	return kctr_err_set(err, EINVAL, "bad --publish '%s' ([HOSTIP:]"
			    "HOSTPORT:CTRPORT[/tcp|/udp], ports 1..65535)", s);
}

int kctr_parse_publish(const char *s, struct kctr_port_claim *p,
		       struct kctr_err *err)
{
	char buf[64], *proto, *ctr, *host, *ip = NULL;

	memset(p, 0, sizeof(*p));
	if (strlen(s) >= sizeof(buf))
		return bad_publish(s, err);
	strcpy(buf, s);
	p->proto = KCTR_PORT_TCP;
	proto = strchr(buf, '/');
	if (proto) {
		*proto++ = '\0';
		if (!strcmp(proto, "udp"))
			p->proto = KCTR_PORT_UDP;
		else if (strcmp(proto, "tcp"))
			return bad_publish(s, err);
	}
	ctr = strrchr(buf, ':');
	if (!ctr)
		return bad_publish(s, err);
	*ctr++ = '\0';
	host = strrchr(buf, ':');
	if (host) {
		*host++ = '\0';
		ip = buf;
	} else {
		host = buf;
	}
	if (parse_port(host, strlen(host), &p->host_port) ||
	    parse_port(ctr, strlen(ctr), &p->ctr_port))
		return bad_publish(s, err);
	if (ip && *ip && kctr_parse_ipv4(ip, &p->host_addr4, err))
		return kctr_err_wrap(err, "--publish '%s'", s);
	if ((ntohl(p->host_addr4) >> 24) == 127)
		return kctr_err_set(err, EINVAL, "--publish '%s': a loopback "
				    "host address would need route_localnet, "
				    "which lets other hosts reach the port "
				    "(CVE-2020-8558); publish on a host "
				    "address or 0.0.0.0", s);
	return 0;
}

int kctr_parse_mac(const char *s, uint8_t mac[6], struct kctr_err *err)
{
	unsigned int b[6];
	char end;
	int i;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return kctr_err_set(err, EINVAL, "bad MAC address '%s' (e.g. "
				    "02:42:ac:11:00:02)", s);
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	if (mac[0] & 1)
		return kctr_err_set(err, EINVAL, "MAC address '%s': a "
				    "multicast address", s);
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return kctr_err_set(err, EINVAL, "MAC address '%s': all zero",
				    s);
	return 0;
}

/* RFC 1123 host names: labels of letters, digits and '-'. */
static bool host_name_ok(const char *s)
{
	size_t label = 0;

	if (!*s || strlen(s) > 253)
		return false;
	for (; *s; s++) {
		if (*s == '.') {
			if (!label)
				return false;
			label = 0;
		} else if (isalnum((unsigned char)*s) || *s == '-' ||
			   *s == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return label > 0;
}

int kctr_parse_add_host(const char *s, struct kctr_add_host *h,
			struct kctr_err *err)
{
	const char *colon = strchr(s, ':');

	memset(h, 0, sizeof(*h));
	if (!colon || (size_t)(colon - s) >= sizeof(h->name))
		return kctr_err_set(err, EINVAL, "bad --add-host '%s' "
				    "(NAME:IP or NAME:host-gateway)", s);
	snprintf(h->name, sizeof(h->name), "%.*s", (int)(colon - s), s);
	if (!host_name_ok(h->name))
		return kctr_err_set(err, EINVAL, "--add-host '%s': bad host "
				    "name '%s'", s, h->name);
	if (!strcmp(colon + 1, "host-gateway")) {
		h->gateway = true;
		return 0;
	}
	if (kctr_parse_ipv4(colon + 1, &h->addr4, err))
		return kctr_err_wrap(err, "--add-host '%s'", s);
	return 0;
}

bool kctr_network_name_ok(const char *name)
{
	size_t n = strlen(name), i;

	if (!n || n > KCTR_NETWORK_NAME_MAX || name[0] == '.' ||
	    name[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) &&
		    !strchr("_.-", name[i]))
			return false;
	return true;
}

int kctr_parse_net_mode(const char *s, struct kctr_net_mode_arg *m,
			struct kctr_err *err)
{
	m->arg = NULL;
	if (!strcmp(s, "none")) {
		m->mode = KCTR_NET_NONE;
	} else if (!strcmp(s, "host")) {
		m->mode = KCTR_NET_HOST;
	} else if (!strcmp(s, "bridge")) {
		m->mode = KCTR_NET_BRIDGE;
		m->arg = KCTR_DEFAULT_NETWORK;
	} else if (!strncmp(s, "ns:", 3)) {
		m->mode = KCTR_NET_NS;
		m->arg = s + 3;
		if (m->arg[0] != '/')
			return kctr_err_set(err, EINVAL, "--network '%s': an "
					    "absolute path is needed", s);
	} else if (!strncmp(s, "container:", 10)) {
		m->mode = KCTR_NET_CONTAINER;
		m->arg = s + 10;
		if (!*m->arg)
			return kctr_err_set(err, EINVAL, "--network '%s': no "
					    "container named", s);
	} else if (kctr_network_name_ok(s)) {
		m->mode = KCTR_NET_BRIDGE;
		m->arg = s;
	} else {
		return kctr_err_set(err, EINVAL, "bad --network '%s' (none, "
				    "host, bridge, NAME, ns:PATH, "
				    "container:NAME)", s);
	}
	return 0;
}

void kctr_mac_from_addr(uint32_t addr, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x6b;
	memcpy(mac + 2, &addr, 4);
}

int kctr_check_ip(const struct kctr_netconf *c, uint32_t addr,
		  struct kctr_err *err)
{
	char a[INET_ADDRSTRLEN], n[INET_ADDRSTRLEN];
	uint32_t bcast = c->subnet | ~kctr_prefix_mask(c->prefix);

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	inet_ntop(AF_INET, &c->subnet, n, sizeof(n));
	if (!kctr_in_subnet(addr, c->subnet, c->prefix))
		return kctr_err_set(err, EINVAL, "--ip %s is outside network "
				    "%s's subnet %s/%u", a, c->name, n,
				    c->prefix);
	if (addr == c->subnet || addr == bcast)
		return kctr_err_set(err, EINVAL, "--ip %s is the network or "
				    "broadcast address of %s/%u", a, n,
				    c->prefix);
	if (addr == c->gateway)
		return kctr_err_set(err, EINVAL, "--ip %s is network %s's "
				    "gateway", a, c->name);
	return 0;
}
