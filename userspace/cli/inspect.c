// SPDX-License-Identifier: GPL-2.0
/* kctr inspect: the module's whole record of a container, as JSON. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cmd.h"
#include "commands.h"
#include "devices.h"
#include "image.h"
#include "output.h"
#include "util.h"

static void inspect_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr inspect NAME|ID...\n"
		"\n"
		"Print the kernel-side record of each container as JSON: state and\n"
		"times, namespaces (id, reference count, level, owner), init pid at each\n"
		"pid-namespace level, uid/gid maps, cgroup path, id, limits and live\n"
		"figures, capability sets by name, seccomp state, device policy (the\n"
		"allow list and the attached program ids). Indented for people;\n"
		"with -j one compact object per line. Several containers: an array.\n");
}

static void json_time(struct kj *j, const char *key, const struct kctr_info *c,
		      int attr, uint64_t ns)
{
	char buf[48], k[32];

	snprintf(k, sizeof(k), "%s_ns", key);
	if (!KCTR_HAS(c, attr) || !ns) {
		kj_null(j, key);
		kj_null(j, k);
		return;
	}
	kj_str(j, key, kctr_fmt_time(ns, buf, sizeof(buf)));
	kj_u64(j, k, ns);
}

static void json_limit(struct kj *j, const char *key, uint64_t v)
{
	if (v == KCTR_LIMIT_UNLIMITED)
		kj_str(j, key, "max");
	else
		kj_u64(j, key, v);
}

static void json_flags(struct kj *j, uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;	/* as the YNL spec names it */
	} names[] = {
		{ KCTR_F_AUTO_REMOVE, "auto-remove" },
		{ KCTR_F_VERIFY_CONTAINMENT, "verify-containment" },
		{ KCTR_F_DEVICE_POLICY, "device-policy" },
		{ KCTR_F_PERSIST, "persist" },
		{ KCTR_F_ALLOW_NEW_PRIVS, "allow-new-privs" },
	};
	size_t i;

	kj_arr_open(j, "flags");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit)
			kj_str(j, NULL, names[i].name);
	kj_arr_close(j);
}

static void json_exit(struct kj *j, const struct kctr_info *c)
{
	char buf[64];
	int st = (int)c->exit_code;

	if (!KCTR_HAS(c, KCTR_A_EXIT_CODE) || c->state != KCTR_STATE_STOPPED) {
		kj_null(j, "exit");
		return;
	}
	kj_obj_open(j, "exit");
	kj_u64(j, "wait_status", c->exit_code);
	kj_u64(j, "code", kctr_wait_status_code(c->exit_code));
	if (WIFSIGNALED(st) &&
	    kctr_signal_name(WTERMSIG(st), buf, sizeof(buf)))
		kj_str(j, "signal", buf);
	else
		kj_null(j, "signal");
	kj_str(j, "text", kctr_fmt_wait_status(c->exit_code, buf, sizeof(buf)));
	kj_obj_close(j);
}

static void json_namespaces(struct kj *j, const struct kctr_info *c)
{
	unsigned int i;

	kj_arr_open(j, "namespaces");
	for (i = 0; i < c->nr_ns; i++) {
		const struct kctr_ns_info *ns = &c->ns[i];

		kj_obj_open(j, NULL);
		kj_str(j, "kind", kctr_ns_kind_name(ns->kind));
		kj_u64(j, "inum", ns->inum);
		if (ns->released)
			kj_null(j, "refcount");
		else
			kj_u64(j, "refcount", ns->refcount);
		kj_bool(j, "new", ns->is_new);
		if (ns->has_level)
			kj_u64(j, "level", ns->level);
		if (ns->has_owner)
			kj_u64(j, "owner_inum", ns->owner_inum);
		if (ns->released)
			kj_bool(j, "released", true);
		kj_obj_close(j);
	}
	kj_arr_close(j);
}

static void json_map(struct kj *j, const char *key,
		     const struct kctr_id_extent_req *map, unsigned int nr)
{
	unsigned int i;

	kj_arr_open(j, key);
	for (i = 0; i < nr; i++) {
		kj_obj_open(j, NULL);
		kj_u64(j, "inside", map[i].inside);
		kj_u64(j, "outside", map[i].outside);
		kj_u64(j, "count", map[i].count);
		kj_obj_close(j);
	}
	kj_arr_close(j);
}

static void json_cgroup(struct kj *j, const struct kctr_cg_info *cg)
{
	static const struct { int attr; const char *key; } u64s[] = {
		{ KCTR_CG_A_ID, "id" },
		{ KCTR_CG_A_MEMORY_CURRENT, "memory_current" },
		{ KCTR_CG_A_MEMORY_PEAK, "memory_peak" },
		{ KCTR_CG_A_PIDS_CURRENT, "pids_current" },
		{ KCTR_CG_A_CPU_USAGE_USEC, "cpu_usage_usec" },
		{ KCTR_CG_A_CPU_USER_USEC, "cpu_user_usec" },
		{ KCTR_CG_A_CPU_SYSTEM_USEC, "cpu_system_usec" },
		{ KCTR_CG_A_OOM, "oom" },
		{ KCTR_CG_A_OOM_KILL, "oom_kill" },
		{ KCTR_CG_A_IO_RBYTES, "io_rbytes" },
		{ KCTR_CG_A_IO_WBYTES, "io_wbytes" },
	};
	const uint64_t val[] = {
		cg->id, cg->memory_current, cg->memory_peak, cg->pids_current,
		cg->cpu_usage_usec, cg->cpu_user_usec, cg->cpu_system_usec,
		cg->oom, cg->oom_kill, cg->io_rbytes, cg->io_wbytes,
	};
	size_t i;

	kj_str(j, "path", cg->present & (1U << KCTR_CG_A_PATH) ?
	       cg->path : NULL);
	for (i = 0; i < ARRAY_SIZE(u64s); i++)
		if (cg->present & (1U << u64s[i].attr))
			kj_u64(j, u64s[i].key, val[i]);
	if (cg->present & (1U << KCTR_CG_A_POPULATED))
		kj_bool(j, "populated", cg->populated);
}

static void json_io_max(struct kj *j, const struct kctr_limits_req *l)
{
	unsigned int i;

	kj_arr_open(j, "io_max");
	for (i = 0; i < l->nr_io; i++) {
		kj_obj_open(j, NULL);
		kj_u64(j, "major", l->io[i].major);
		kj_u64(j, "minor", l->io[i].minor);
		json_limit(j, "rbps", l->io[i].rbps);
		json_limit(j, "wbps", l->io[i].wbps);
		json_limit(j, "riops", l->io[i].riops);
		json_limit(j, "wiops", l->io[i].wiops);
		kj_obj_close(j);
	}
	kj_arr_close(j);
}

static void json_limits(struct kj *j, const struct kctr_limits_req *l)
{
	static const struct { int attr; const char *key; } u64s[] = {
		{ KCTR_LIMIT_A_MEMORY_MAX, "memory_max" },
		{ KCTR_LIMIT_A_MEMORY_HIGH, "memory_high" },
		{ KCTR_LIMIT_A_MEMORY_LOW, "memory_low" },
		{ KCTR_LIMIT_A_MEMORY_MIN, "memory_min" },
		{ KCTR_LIMIT_A_MEMORY_SWAP_MAX, "memory_swap_max" },
		{ KCTR_LIMIT_A_CPU_MAX_QUOTA, "cpu_max_quota_us" },
		{ KCTR_LIMIT_A_CPU_MAX_PERIOD, "cpu_max_period_us" },
		{ KCTR_LIMIT_A_PIDS_MAX, "pids_max" },
	};
	const uint64_t val[] = {
		l->memory_max, l->memory_high, l->memory_low, l->memory_min,
		l->memory_swap_max, l->cpu_quota, l->cpu_period, l->pids_max,
	};
	size_t i;

	kj_obj_open(j, "limits");
	for (i = 0; i < ARRAY_SIZE(u64s); i++)
		if (l->present & (1U << u64s[i].attr))
			json_limit(j, u64s[i].key, val[i]);
	if (l->present & (1U << KCTR_LIMIT_A_CPU_WEIGHT))
		kj_u64(j, "cpu_weight", l->cpu_weight);
	if (l->present & (1U << KCTR_LIMIT_A_CPUSET_CPUS))
		kj_str(j, "cpuset_cpus", l->cpuset_cpus);
	if (l->present & (1U << KCTR_LIMIT_A_CPUSET_MEMS))
		kj_str(j, "cpuset_mems", l->cpuset_mems);
	if (l->present & (1U << KCTR_LIMIT_A_IO_MAX))
		json_io_max(j, l);
	kj_obj_close(j);
}

static void json_caps(struct kj *j, const struct kctr_info *c)
{
	if (!KCTR_HAS(c, KCTR_A_CAPS)) {
		kj_null(j, "capabilities");
		return;
	}
	kj_obj_open(j, "capabilities");
	kctr_json_caps(j, "bounding", c->caps.bounding);
	kctr_json_caps(j, "effective", c->caps.effective);
	kctr_json_caps(j, "permitted", c->caps.permitted);
	kctr_json_caps(j, "inheritable", c->caps.inheritable);
	kctr_json_caps(j, "ambient", c->caps.ambient);
	kj_obj_close(j);
}

static const char *seccomp_mode_name(uint32_t mode)
{
	static const char *const names[] = { "disabled", "strict", "filter" };

	return mode < 3 ? names[mode] : "?";
}

static void json_seccomp(struct kj *j, const struct kctr_info *c)
{
	if (!KCTR_HAS(c, KCTR_A_SECCOMP)) {
		kj_null(j, "seccomp");
		return;
	}
	kj_obj_open(j, "seccomp");
	kj_u64(j, "insns", c->seccomp_insns);
	kj_u64(j, "init_mode", c->seccomp_mode);
	kj_str(j, "init_mode_name", seccomp_mode_name(c->seccomp_mode));
	kj_obj_close(j);
}

/*
 * The rule list kctr attached (kept in the state directory), and the ids
 * of the device programs the kernel has on the container's cgroup.
 */
static void json_devices(struct kj *j, const struct kctr_info *c)
{
	struct kctr_dev_policy p;
	char dir[PATH_MAX], line[64];
	uint32_t ids[8], nr = ARRAY_SIZE(ids), i;
	size_t r;

	if (kctr_pathf(dir, sizeof(dir), "%s/containers/%" PRIu64,
		       kctr_state_dir(), c->id) || kctr_dev_load(dir, &p)) {
		kj_null(j, "devices");
		return;
	}
	kj_obj_open(j, "devices");
	kj_str(j, "default", "deny");
	kj_arr_open(j, "allow");
	for (r = 0; r < p.nr; r++)
		if (!kctr_dev_rule_fmt(&p.rules[r], line, sizeof(line)))
			kj_str(j, NULL, line);
	kj_arr_close(j);
	if (kctr_dev_query_id(c->id, ids, &nr)) {
		kj_null(j, "attached_prog_ids");
	} else {
		kj_arr_open(j, "attached_prog_ids");
		for (i = 0; i < nr && i < ARRAY_SIZE(ids); i++)
			kj_u64(j, NULL, ids[i]);
		kj_arr_close(j);
	}
	kj_obj_close(j);
}

static void json_ids(struct kj *j, const struct kctr_info *c)
{
	unsigned int i;

	if (KCTR_HAS(c, KCTR_A_INIT_PID))
		kj_u64(j, "init_pid", c->init_pid);
	else
		kj_null(j, "init_pid");
	kj_arr_open(j, "init_pids");
	for (i = 0; i < c->nr_init_pids; i++)
		kj_u64(j, NULL, c->init_pids[i]);
	kj_arr_close(j);
}

/* An IPv4 address in network byte order, or null for 0 (when @null0). */
static void json_addr4(struct kj *j, const char *key, uint32_t a, bool null0)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr in = { .s_addr = a };

	if (!a && null0)
		kj_null(j, key);
	else
		kj_str(j, key, inet_ntop(AF_INET, &in, buf, sizeof(buf)));
}

static void json_ports(struct kj *j, const struct kctr_net_claim *n)
{
	unsigned int i;

	kj_arr_open(j, "ports");
	for (i = 0; i < n->nr_ports; i++) {
		const struct kctr_port_claim *p = &n->ports[i];

		kj_obj_open(j, NULL);
		kj_str(j, "proto", kctr_port_proto_name(p->proto));
		json_addr4(j, "host_address", p->host_addr4, false);
		kj_u64(j, "host_port", p->host_port);
		kj_u64(j, "container_port", p->ctr_port);
		kj_obj_close(j);
	}
	kj_arr_close(j);
}

/* The network claim the module holds (KCTR_A_NET), or null. */
static void json_network(struct kj *j, const struct kctr_info *c)
{
	static const uint8_t zero[6];
	const struct kctr_net_claim *n = &c->net;
	char mac[18];

	if (!c->has_net) {
		kj_null(j, "network");
		return;
	}
	kj_obj_open(j, "network");
	kj_str(j, "network", n->network);
	json_addr4(j, "address", n->addr4, false);
	kj_u64(j, "prefix", n->prefix);
	json_addr4(j, "gateway", n->gateway4, true);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0],
		 n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	if (memcmp(n->mac, zero, sizeof(zero)))
		kj_str(j, "mac", mac);
	else
		kj_null(j, "mac");
	json_ports(j, n);
	kj_bool(j, "anchored", n->anchored);
	kj_obj_close(j);
}

void kctr_inspect_json(struct kj *j, const struct kctr_info *c)
{
	kj_obj_open(j, NULL);
	kj_u64(j, "id", c->id);
	kj_str(j, "name", c->name);
	kj_str(j, "state", kctr_state_name(c->state));
	json_flags(j, c->flags);
	kj_u64(j, "owner_uid", c->owner_uid);
	kj_str(j, "hostname", c->hostname);
	kj_str(j, "image", c->image);
	kj_str(j, "command", c->command);
	json_time(j, "created", c, KCTR_A_CREATED_NS, c->created_ns);
	json_time(j, "started", c, KCTR_A_STARTED_NS, c->started_ns);
	json_time(j, "exited", c, KCTR_A_EXITED_NS, c->exited_ns);
	json_exit(j, c);
	json_ids(j, c);
	kj_u64(j, "joins", c->joins);
	kj_u64(j, "ns_mask", c->ns_mask);
	json_namespaces(j, c);
	json_map(j, "uid_map", c->uid_map, c->nr_uid_map);
	json_map(j, "gid_map", c->gid_map, c->nr_gid_map);
	kj_obj_open(j, "cgroup");
	json_cgroup(j, &c->cgroup);
	json_limits(j, &c->limits);
	kj_obj_close(j);
	json_caps(j, c);
	json_seccomp(j, c);
	json_devices(j, c);
	json_network(j, c);
	kj_obj_close(j);
}

struct inspect_out {
	struct kj j;
	bool many;	/* several names: an array of objects */
	bool opened;	/* the array was begun: something resolved */
};

static int inspect_one(struct kctr_nl *nl, struct kctr_info *c, void *arg)
{
	struct inspect_out *o = arg;

	(void)nl;
	if (o->many && !o->opened) {
		kj_arr_open(&o->j, NULL);
		o->opened = true;
	}
	kctr_inspect_json(&o->j, c);
	return 0;
}

int kctr_cmd_inspect(int argc, char **argv, const struct kctr_global *g)
{
	struct inspect_out o = { 0 };
	struct kctr_cmd_op op = { inspect_one, &o };
	int first = 0, ret;

	ret = kctr_cmd_names(argc, argv, inspect_usage, &first);
	if (ret >= 0)
		return ret;
	o.many = argc - first > 1;
	kj_init(&o.j, stdout, !g->json);
	ret = kctr_cmd_for_each(argc - first, argv + first, &op);
	if (o.opened)
		kj_arr_close(&o.j);
	return ret;
}
