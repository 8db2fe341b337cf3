// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge, the veth and the container's side, over rtnetlink
 * (libnl-route-3). Nothing here needs undoing: the veth's peer is born in
 * the container's network namespace, and when that namespace goes the
 * kernel deletes both ends and the bridge port.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>

#include "netif.h"
#include "network.h"

static int rt_open(struct nl_sock **sk, struct kctr_err *err)
{
	int ret;

	*sk = nl_socket_alloc();
	if (!*sk)
		return kctr_err_set(err, ENOMEM, "rtnetlink: out of memory");
	ret = nl_connect(*sk, NETLINK_ROUTE);
	if (ret) {
		nl_socket_free(*sk);
		*sk = NULL;
		return kctr_err_set(err, EIO, "rtnetlink: %s",
				    nl_geterror(ret));
	}
	return 0;
}

static int nl_fail(struct kctr_err *err, int nlerr, const char *what)
{
	int code = nlerr == -NLE_EXIST ? EEXIST : nlerr == -NLE_PERM ? EPERM :
		   nlerr == -NLE_NODEV ? ENODEV : nlerr == -NLE_NOMEM ?
		   ENOMEM : nlerr == -NLE_OPNOTSUPP ? EOPNOTSUPP : EIO;

	return kctr_err_set(err, code, "%s: %s", what, nl_geterror(nlerr));
}

static struct nl_addr *addr4(uint32_t a, uint8_t prefix)
{
	struct nl_addr *n = nl_addr_build(AF_INET, &a, 4);

	if (n)
		nl_addr_set_prefixlen(n, prefix);
	return n;
}

static int bridge_create(struct nl_sock *sk, const struct kctr_netconf *c,
			 struct kctr_err *err)
{
	struct rtnl_link *l = rtnl_link_bridge_alloc();
	int ret;

	if (!l)
		return kctr_err_set(err, ENOMEM, "bridge: out of memory");
	rtnl_link_set_name(l, c->bridge);
	if (c->mtu)
		rtnl_link_set_mtu(l, c->mtu);
	ret = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(l);
	if (ret && ret != -NLE_EXIST)
		return nl_fail(err, ret, c->bridge);
	return 0;
}

/*
 * A fixed MAC (from the gateway address), set explicitly: a bridge
 * otherwise takes its lowest port's, which changes as containers come
 * and go, and stale ARP entries on the containers point nowhere.
 */
static int bridge_configure(struct nl_sock *sk, struct rtnl_link *cur,
			    const struct kctr_netconf *c, struct kctr_err *err)
{
	struct rtnl_link *ch = rtnl_link_alloc();
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *mac, *local;
	uint8_t m[6];
	int ret;

	kctr_mac_from_addr(c->gateway, m);
	mac = nl_addr_build(AF_LLC, m, 6);
	local = addr4(c->gateway, c->prefix);
	if (!ch || !a || !mac || !local) {
		ret = kctr_err_set(err, ENOMEM, "bridge: out of memory");
		goto out;
	}
	rtnl_link_set_addr(ch, mac);
	rtnl_link_set_flags(ch, IFF_UP);
	if (c->mtu)
		rtnl_link_set_mtu(ch, c->mtu);
	ret = rtnl_link_change(sk, cur, ch, 0);
	if (ret) {
		ret = nl_fail(err, ret, c->bridge);
		goto out;
	}
	rtnl_addr_set_ifindex(a, rtnl_link_get_ifindex(cur));
	rtnl_addr_set_family(a, AF_INET);
	rtnl_addr_set_local(a, local);
	/* REPLACE: there already (a bridge that was healed) is fine. */
	ret = rtnl_addr_add(sk, a, NLM_F_REPLACE);
	ret = ret ? nl_fail(err, ret, "bridge address") : 0;
out:
	if (mac)
		nl_addr_put(mac);
	if (local)
		nl_addr_put(local);
	if (a)
		rtnl_addr_put(a);
	if (ch)
		rtnl_link_put(ch);
	return ret;
}

static int ip_forward_on(struct kctr_err *err)
{
	const char *path = "/proc/sys/net/ipv4/ip_forward";
	char v = '0';
	int fd, ret = 0;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (read(fd, &v, 1) == 1 && v != '1' && pwrite(fd, "1\n", 2, 0) != 2)
		ret = kctr_err_set(err, errno, "%s: %m", path);
	close(fd);
	return ret;
}

int kctr_bridge_ensure(const struct kctr_netconf *c, struct kctr_err *err)
{
	struct rtnl_link *cur = NULL;
	struct nl_sock *sk;
	const char *type;
	int ret;

	ret = rt_open(&sk, err);
	if (ret)
		return ret;
	ret = rtnl_link_get_kernel(sk, 0, c->bridge, &cur);
	if (ret) {
		ret = bridge_create(sk, c, err);
		if (!ret && (ret = rtnl_link_get_kernel(sk, 0, c->bridge,
							&cur)))
			ret = nl_fail(err, ret, c->bridge);
	}
	if (ret)
		goto out;
	type = rtnl_link_get_type(cur);
	if (!type || strcmp(type, "bridge")) {
		ret = kctr_err_set(err, EEXIST, "network %s: %s exists and is "
				   "not a bridge", c->name, c->bridge);
		goto out;
	}
	ret = bridge_configure(sk, cur, c, err);
	if (!ret && !c->internal)
		ret = ip_forward_on(err);
out:
	if (cur)
		rtnl_link_put(cur);
	nl_socket_free(sk);
	return ret ? kctr_err_wrap(err, "network %s", c->name) : 0;
}

int kctr_bridge_delete(const char *ifname, struct kctr_err *err)
{
	struct rtnl_link *l;
	struct nl_sock *sk;
	int ret;

	ret = rt_open(&sk, err);
	if (ret)
		return ret;
	l = rtnl_link_alloc();
	if (!l) {
		nl_socket_free(sk);
		return kctr_err_set(err, ENOMEM, "out of memory");
	}
	rtnl_link_set_name(l, ifname);
	ret = rtnl_link_delete(sk, l);
	rtnl_link_put(l);
	nl_socket_free(sk);
	if (ret == -NLE_NODEV || ret == -NLE_OBJ_NOTFOUND)
		return 0;
	return ret ? nl_fail(err, ret, ifname) : 0;
}

int kctr_veth_create(const struct kctr_netconf *c, uint64_t id, pid_t pid,
		     const uint8_t mac[6], struct kctr_err *err)
{
	struct rtnl_link *host = NULL, *peer = NULL;
	struct nl_addr *m = NULL;
	struct nl_sock *sk;
	char name[IFNAMSIZ];
	int ret, master;

	ret = rt_open(&sk, err);
	if (ret)
		return ret;
	snprintf(name, sizeof(name), KCTR_VETH_PREFIX "%" PRIu64, id);
	master = if_nametoindex(c->bridge);
	if (!master) {
		ret = kctr_err_set(err, errno, "veth: bridge %s: %m",
				   c->bridge);
		goto out;
	}
	host = rtnl_link_veth_alloc();
	m = nl_addr_build(AF_LLC, mac, 6);
	if (!host || !m) {
		ret = kctr_err_set(err, ENOMEM, "veth: out of memory");
		goto out;
	}
	peer = rtnl_link_veth_get_peer(host);
	rtnl_link_set_name(host, name);
	rtnl_link_set_master(host, master);
	rtnl_link_set_flags(host, IFF_UP);
	rtnl_link_set_name(peer, "eth0");
	rtnl_link_set_addr(peer, m);
	/* The init is our unreaped child: its pid names it. */
	rtnl_link_set_ns_pid(peer, pid);
	if (c->mtu) {
		rtnl_link_set_mtu(host, c->mtu);
		rtnl_link_set_mtu(peer, c->mtu);
	}
	ret = rtnl_link_add(sk, host, NLM_F_CREATE | NLM_F_EXCL);
	if (ret)
		ret = nl_fail(err, ret, name);
out:
	if (m)
		nl_addr_put(m);
	if (peer)
		rtnl_link_put(peer);
	if (host)
		rtnl_link_put(host);
	nl_socket_free(sk);
	return ret ? kctr_err_wrap(err, "veth") : 0;
}

static int eth0_address(struct nl_sock *sk, int ifindex, uint32_t addr,
			uint8_t prefix, struct kctr_err *err)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local = addr4(addr, prefix);
	int ret;

	if (!a || !local) {
		ret = kctr_err_set(err, ENOMEM, "eth0: out of memory");
	} else {
		rtnl_addr_set_ifindex(a, ifindex);
		rtnl_addr_set_family(a, AF_INET);
		rtnl_addr_set_local(a, local);
		ret = rtnl_addr_add(sk, a, 0);
		ret = ret ? nl_fail(err, ret, "eth0: address") : 0;
	}
	if (local)
		nl_addr_put(local);
	if (a)
		rtnl_addr_put(a);
	return ret;
}

static int default_route(struct nl_sock *sk, int ifindex, uint32_t gateway,
			 struct kctr_err *err)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct nl_addr *dst = addr4(0, 0), *gw = addr4(gateway, 32);
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	int ret;

	if (!r || !dst || !gw || !nh) {
		ret = kctr_err_set(err, ENOMEM, "route: out of memory");
		if (nh)
			rtnl_route_nh_free(nh);
		goto out;
	}
	rtnl_route_set_family(r, AF_INET);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_dst(r, dst);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	rtnl_route_nh_set_gateway(nh, gw);
	rtnl_route_add_nexthop(r, nh);	/* r owns nh now */
	ret = rtnl_route_add(sk, r, NLM_F_EXCL);
	ret = ret ? nl_fail(err, ret, "default route") : 0;
out:
	if (gw)
		nl_addr_put(gw);
	if (dst)
		nl_addr_put(dst);
	if (r)
		rtnl_route_put(r);
	return ret;
}

int kctr_ctr_net_setup(uint32_t addr, uint8_t prefix, uint32_t gateway,
		       unsigned int mtu, struct kctr_err *err)
{
	struct rtnl_link *eth = NULL, *ch = NULL;
	struct nl_sock *sk;
	int ret, ifindex;

	(void)mtu;	/* set on both ends when the veth was made */
	ret = kctr_loopback_up(err);
	if (ret || !addr)
		return ret;
	ret = rt_open(&sk, err);
	if (ret)
		return ret;
	ret = rtnl_link_get_kernel(sk, 0, "eth0", &eth);
	if (ret) {
		ret = nl_fail(err, ret, "eth0");
		goto out;
	}
	ifindex = rtnl_link_get_ifindex(eth);
	ret = eth0_address(sk, ifindex, addr, prefix, err);
	if (ret)
		goto out;
	ch = rtnl_link_alloc();
	if (!ch) {
		ret = kctr_err_set(err, ENOMEM, "eth0: out of memory");
		goto out;
	}
	rtnl_link_set_flags(ch, IFF_UP);
	ret = rtnl_link_change(sk, eth, ch, 0);
	if (ret)
		ret = nl_fail(err, ret, "eth0: up");
	else if (gateway)
		ret = default_route(sk, ifindex, gateway, err);
out:
	if (ch)
		rtnl_link_put(ch);
	if (eth)
		rtnl_link_put(eth);
	nl_socket_free(sk);
	return ret ? kctr_err_wrap(err, "network") : 0;
}

int kctr_route_overlap(uint32_t net, uint8_t prefix, const char *bridge,
		       char *desc, size_t len)
{
	char line[256], ifname[64], d[INET_ADDRSTRLEN];
	unsigned int dst, gw, flags, mask, m;
	FILE *f = fopen("/proc/net/route", "re");
	int found = 0;

	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))	/* the header */
		goto out;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %x %x %x %*d %*d %*d %x", ifname, &dst,
			   &gw, &flags, &mask) != 5)
			continue;
		/* The default route overlaps everything: not a conflict. */
		if (!mask || !strcmp(ifname, bridge))
			continue;
		m = mask & kctr_prefix_mask(prefix);
		if ((dst & m) != (net & m))
			continue;
		inet_ntop(AF_INET, &dst, d, sizeof(d));
		snprintf(desc, len, "%s/%d dev %s", d,
			 __builtin_popcount(mask), ifname);
		found = 1;
	}
out:
	fclose(f);
	return found;
}
