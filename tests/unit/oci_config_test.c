// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci's config.json / process.json parser (userspace/oci/config.c),
 * mount option table (lib/mounts.c) and resource mapping (resources.c).
 * Fixtures: fixtures/oci/ (captured/ holds what podman, ctr and Docker
 * sent in the VM; full.config.json every field the parser knows).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <linux/seccomp.h>

#include "config.h"
#include "jsonparse.h"
#include "nlclient.h"
#include "seccomp_profile.h"
#include "tap.h"

#define FIX "fixtures/oci/"
#define BIT64(n) ((uint64_t)1 << (n))
#define LIM(a) (1u << (a))

/* JSON written with ' for " to keep the C readable. */
static char *q(const char *s)
{
	char *d = strdup(s), *p;

	for (p = d; *p; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

/* A minimal valid config with @extra (",'key':value...") appended. */
static int parse_with(const char *extra, struct kctr_oci_config *cfg,
		      struct kctr_err *err)
{
	char buf[8192];
	char *text;
	int ret;

	snprintf(buf, sizeof(buf),
		 "{'ociVersion':'1.0.2','root':{'path':'rootfs'}%s}", extra);
	text = q(buf);
	memset(err, 0, sizeof(*err));
	ret = kctr_oci_config_parse(text, strlen(text), NULL, cfg, err);
	free(text);
	return ret;
}

static void bad(const char *extra, const char *want)
{
	struct kctr_oci_config cfg;
	struct kctr_err err;
	int ret = parse_with(extra, &cfg, &err);

	ok(ret == -EINVAL && strstr(err.msg, want), "refused: %s", want);
	if (ret != -EINVAL || !strstr(err.msg, want))
		printf("#   ret %d, msg \"%s\"\n", ret, err.msg);
	if (!ret)
		kctr_oci_config_free(&cfg);
}

static void good(const char *extra, const char *what)
{
	struct kctr_oci_config cfg;
	struct kctr_err err;
	int ret = parse_with(extra, &cfg, &err);

	ok(!ret, "accepted: %s", what);
	if (ret)
		printf("#   msg \"%s\"\n", err.msg);
	else
		kctr_oci_config_free(&cfg);
}

static uint64_t unsup_of(const char *extra)
{
	struct kctr_oci_config cfg;
	struct kctr_err err;
	uint64_t u;

	if (parse_with(extra, &cfg, &err)) {
		printf("#   parse failed: %s\n", err.msg);
		return ~0ULL;
	}
	u = cfg.unsupported;
	kctr_oci_config_free(&cfg);
	return u;
}

static uint64_t capbit(int c)
{
	return BIT64(c);
}

static void test_captured(void)
{
	static const char *const files[] = {
		"ctr-run.config.json", "docker-run-none.config.json",
		"podman-run-bridge.config.json",
		"podman-run-limits-readonly-user.config.json",
		"podman-run-none.builtin-defaults.config.json",
		"podman-run-none.debian-defaults.config.json",
	};
	struct kctr_oci_config cfg;
	struct kctr_limits_req l;
	struct kctr_err err = { 0 };
	char path[256];
	size_t i;
	int ret;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), FIX "captured/%s", files[i]);
		ret = kctr_oci_config_load(path, &cfg, &err);
		ok(!ret, "captured %s parses", files[i]);
		if (ret) {
			printf("#   %s\n", err.msg);
			continue;
		}
		ok(!cfg.unsupported, "%s: nothing unsupported", files[i]);
		ok(!kctr_oci_limits(&cfg.resources, &l, &err),
		   "%s: resources map onto limits", files[i]);
		kctr_oci_config_free(&cfg);
	}
}

static void test_ctr(void)
{
	struct kctr_oci_config cfg;
	struct kctr_limits_req l;
	struct kctr_err err = { 0 };
	uint64_t docker14 = 0;
	const struct kctr_oci_dev_rule *d;

	if (!ok(!kctr_oci_config_load(FIX "captured/ctr-run.config.json",
				      &cfg, &err), "ctr config loads"))
		return;
	docker14 = capbit(CAP_CHOWN) | capbit(CAP_DAC_OVERRIDE) |
		   capbit(CAP_FSETID) | capbit(CAP_FOWNER) |
		   capbit(CAP_MKNOD) | capbit(CAP_NET_RAW) |
		   capbit(CAP_SETGID) | capbit(CAP_SETUID) |
		   capbit(CAP_SETFCAP) | capbit(CAP_SETPCAP) |
		   capbit(CAP_NET_BIND_SERVICE) | capbit(CAP_SYS_CHROOT) |
		   capbit(CAP_KILL) | capbit(CAP_AUDIT_WRITE);
	is_str(cfg.oci_version, "1.0.2-dev", "ctr: ociVersion");
	is_str(cfg.root_path, "rootfs", "ctr: root.path relative");
	ok(!cfg.root_readonly, "ctr: root not readonly");
	ok(cfg.process.no_new_privileges, "ctr: noNewPrivileges true");
	is_u64(cfg.process.bounding, docker14, "ctr: bounding = 14 caps");
	is_u64(cfg.process.effective, docker14, "ctr: effective");
	is_u64(cfg.process.permitted, docker14, "ctr: permitted");
	is_u64(cfg.process.inheritable, 0, "ctr: no inheritable");
	is_u64(cfg.process.ambient, 0, "ctr: no ambient");
	is_int(cfg.process.nr_gids, 1, "ctr: one additional gid");
	is_int(cfg.process.nr_rlimits, 1, "ctr: one rlimit");
	is_int(cfg.process.rlimits[0].resource, RLIMIT_NOFILE,
	       "ctr: RLIMIT_NOFILE");
	is_u64(cfg.process.rlimits[0].soft, 1024, "ctr: soft 1024");
	ok(!cfg.process.has_oom_score_adj, "ctr: no oomScoreAdj");
	is_int(cfg.nr_mounts, 7, "ctr: 7 mounts");
	is_str(cfg.mounts[1].destination, "/dev", "ctr: mounts[1] /dev");
	is_str(cfg.mounts[1].opts.data, "mode=755,size=65536k",
	       "ctr: /dev data");
	is_u64(cfg.mounts[1].opts.flags, MS_NOSUID | MS_STRICTATIME,
	       "ctr: /dev flags");
	is_str(cfg.mounts[2].opts.data,
	       "newinstance,ptmxmode=0666,mode=0620,gid=5", "ctr: devpts data");
	is_u64(cfg.mounts[5].opts.flags,
	       MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, "ctr: /sys ro");
	is_int(cfg.resources.nr_devices, 10, "ctr: 10 device rules");
	d = &cfg.resources.devices[0];
	ok(!d->allow && d->type == 'a' && d->major == -1 && d->minor == -1 &&
	   d->access == 7, "ctr: deny all first");
	d = &cfg.resources.devices[8];
	ok(d->allow && d->type == 'c' && d->major == 136 && d->minor == -1,
	   "ctr: c 136:* (no minor = any)");
	is_str(cfg.cgroups_path, "/default/c1", "ctr: cgroupsPath");
	is_int(cfg.nr_namespaces, 5, "ctr: 5 namespaces");
	ok(kctr_oci_ns_find(&cfg, KCTR_OCI_NS_CGROUP) < 0,
	   "ctr: no cgroup namespace");
	ok(!cfg.has_seccomp, "ctr: no seccomp");
	is_int(cfg.nr_masked, 10, "ctr: 10 masked paths");
	is_str(cfg.masked_paths[1], "/proc/asound", "ctr: masked /proc/asound");
	ok(!kctr_oci_limits(&cfg.resources, &l, &err), "ctr: limits map");
	is_u64(l.present, LIM(KCTR_LIMIT_A_CPU_WEIGHT),
	       "ctr: only cpu.weight is set");
	is_int(l.cpu_weight, 39, "ctr: shares 1024 -> weight 39");
	kctr_oci_config_free(&cfg);
}

static void test_docker(void)
{
	struct kctr_oci_config cfg;
	struct kctr_limits_req l;
	struct kctr_err err = { 0 };
	const struct kctr_oci_hook *h;

	if (!ok(!kctr_oci_config_load(FIX "captured/docker-run-none.config.json",
				      &cfg, &err), "docker config loads"))
		return;
	ok(cfg.process.has_oom_score_adj && cfg.process.oom_score_adj == 0,
	   "docker: oomScoreAdj 0 is set (and 0)");
	is_int(cfg.hooks.nr[KCTR_OCI_HOOK_PRESTART], 1, "docker: one prestart");
	h = &cfg.hooks.list[KCTR_OCI_HOOK_PRESTART][0];
	is_str(h->path, "/proc/201/exe", "docker: hook path");
	is_str(h->args[0], "libnetwork-setkey", "docker: hook args[0]");
	ok(h->args[4] == NULL && h->env && !h->env[0] && !h->timeout,
	   "docker: 4 args, no env, no timeout");
	is_int(cfg.nr_sysctl, 2, "docker: 2 sysctls");
	is_str(cfg.sysctl[1].key, "net.ipv4.ping_group_range",
	       "docker: sysctl order kept");
	is_str(cfg.sysctl[1].value, "0 2147483647", "docker: sysctl value");
	ok(cfg.has_seccomp && !strcmp(cfg.seccomp.default_action,
				      "SCMP_ACT_ERRNO"),
	   "docker: seccomp defaultAction");
	ok(cfg.mounts[7].opts.bind &&
	   cfg.mounts[7].opts.flags == (MS_BIND | MS_REC) &&
	   cfg.mounts[7].opts.nr_propagation == 1 &&
	   cfg.mounts[7].opts.propagation[0] == (MS_PRIVATE | MS_REC),
	   "docker: rbind rprivate");
	ok(cfg.resources.has_mem_limit == false && cfg.resources.cpu_shares == 0,
	   "docker: memory {} and cpu.shares 0 parse");
	ok(!kctr_oci_limits(&cfg.resources, &l, &err) && l.present == 0,
	   "docker: memory {}, shares 0, weight 0 map to no limits");
	kctr_oci_config_free(&cfg);
}

static void test_podman(void)
{
	struct kctr_oci_config cfg;
	struct kctr_limits_req l;
	struct kctr_err err = { 0 };
	const struct kctr_oci_mount *m;
	int i;

	if (!ok(!kctr_oci_config_load(FIX "captured/podman-run-limits-readonly-"
				      "user.config.json", &cfg, &err),
		"podman limits config loads"))
		return;
	ok(cfg.root_readonly, "podman: root.readonly");
	ok(cfg.process.uid == 65534 && cfg.process.gid == 65534 &&
	   cfg.process.has_umask && cfg.process.umask == 022,
	   "podman: user 65534, umask 18 = 022");
	ok(cfg.process.bounding && !cfg.process.effective &&
	   !cfg.process.permitted, "podman: eff/perm dropped, bounding kept");
	is_str(cfg.process.cwd, "/tmp", "podman: cwd");
	is_str(cfg.process.env[3], "FOO=bar", "podman: env in order");
	ok(cfg.process.nr_env == 6 && !cfg.process.env[6], "podman: 6 env");
	m = &cfg.mounts[0];
	ok(m->opts.tmpcopyup && !m->opts.data &&
	   m->opts.flags == (MS_NOSUID | MS_NODEV) &&
	   (m->opts.clear & MS_RDONLY), "podman: /tmp tmpcopyup, rw");
	m = &cfg.mounts[3];
	ok(m->opts.bind && (m->opts.flags & MS_REC), "podman: /vol rbind");
	i = kctr_oci_ns_find(&cfg, KCTR_OCI_NS_NETWORK);
	ok(i >= 0 && !cfg.namespaces[i].path, "podman: new netns");
	ok(!kctr_oci_limits(&cfg.resources, &l, &err), "podman: limits map");
	is_u64(l.memory_max, 67108864, "podman: memory.max 64m");
	is_u64(l.memory_swap_max, 67108864,
	       "podman: swap 128m (memory+swap) -> swap.max 64m");
	ok(l.cpu_quota == 50000 && l.cpu_period == 100000,
	   "podman: cpu.max 50000 100000");
	is_u64(l.pids_max, 50, "podman: pids.max 50");
	is_u64(l.present, LIM(KCTR_LIMIT_A_MEMORY_MAX) |
	       LIM(KCTR_LIMIT_A_MEMORY_SWAP_MAX) |
	       LIM(KCTR_LIMIT_A_CPU_MAX_QUOTA) |
	       LIM(KCTR_LIMIT_A_CPU_MAX_PERIOD) | LIM(KCTR_LIMIT_A_PIDS_MAX),
	       "podman: exactly those limits");
	kctr_oci_config_free(&cfg);

	if (!ok(!kctr_oci_config_load(FIX "captured/podman-run-bridge."
				      "config.json", &cfg, &err),
		"podman bridge config loads"))
		return;
	i = kctr_oci_ns_find(&cfg, KCTR_OCI_NS_NETWORK);
	ok(i >= 0 && cfg.namespaces[i].path &&
	   !strncmp(cfg.namespaces[i].path, "/run/netns/netns-", 17),
	   "podman bridge: netns by path");
	is_int(cfg.nr_annotations, 8, "podman: 8 annotations");
	is_str(cfg.annotations[0].key, "io.container.manager",
	       "podman: annotations in order");
	is_str(cfg.annotations[7].value, "15", "podman: stopSignal 15");
	kctr_oci_config_free(&cfg);
}

static void test_full(void)
{
	struct kctr_oci_config cfg;
	struct kctr_limits_req l;
	struct kctr_err err = { 0 };
	const struct kctr_oci_process *p = &cfg.process;
	const struct kctr_oci_resources *r = &cfg.resources;
	uint32_t fresh, joined;
	struct kjson *sec;
	int ret;

	ret = kctr_oci_config_load(FIX "full.config.json", &cfg, &err);
	if (!ok(!ret, "full config loads (unknown keys ignored)")) {
		printf("#   %s\n", err.msg);
		return;
	}
	ok(p->terminal && p->has_console_size && p->console_height == 25 &&
	   p->console_width == 80, "full: terminal, consoleSize");
	ok(p->uid == 1000 && p->gid == 1001 && p->nr_gids == 3 &&
	   p->gids[2] == 4294967295u, "full: user, gids up to 2^32-1");
	ok(p->nr_args == 3 && !strcmp(p->args[2], "echo hi") && !p->args[3],
	   "full: args");
	ok(p->nr_env == 4 && !strcmp(p->env[1], "EMPTY=") &&
	   !strcmp(p->env[3], "A=d"), "full: env exactly as given");
	is_u64(p->bounding, capbit(CAP_AUDIT_WRITE) | capbit(CAP_KILL) |
	       capbit(CAP_NET_BIND_SERVICE), "full: bounding");
	is_u64(p->effective, capbit(CAP_AUDIT_WRITE) | capbit(CAP_KILL),
	       "full: effective");
	is_u64(p->inheritable, capbit(CAP_KILL), "full: inheritable");
	is_u64(p->ambient, capbit(CAP_NET_BIND_SERVICE),
	       "full: ambient (lower-case name)");
	ok(p->nr_rlimits == 2 && p->rlimits[1].resource == RLIMIT_CORE &&
	   p->rlimits[1].hard == UINT64_MAX && p->rlimits[0].soft == 512,
	   "full: rlimits (u64 max = infinity)");
	ok(p->has_oom_score_adj && p->oom_score_adj == -999,
	   "full: negative oomScoreAdj");
	is_str(p->apparmor_profile, "acme_secure_profile", "full: apparmor");
	ok(!p->selinux_label, "full: empty selinuxLabel is absent");
	ok(!cfg.domainname[0], "full: empty domainname kept");
	is_str(cfg.hostname, "slartibartfast", "full: hostname");
	is_str(cfg.mounts[3].destination, "/run",
	       "full: relative destination is made absolute");
	ok(!cfg.mounts[0].options[0] && cfg.mounts[0].nr_options == 0,
	   "full: mount without options");
	ok(cfg.mounts[2].opts.attr_set == MOUNT_ATTR_RDONLY &&
	   !cfg.mounts[2].opts.data, "full: rro, x-* dropped");
	is_int(cfg.hooks.nr[KCTR_OCI_HOOK_PRESTART], 2, "full: 2 prestart");
	ok(cfg.hooks.nr[KCTR_OCI_HOOK_CREATE_RUNTIME] == 1 &&
	   cfg.hooks.nr[KCTR_OCI_HOOK_CREATE_CONTAINER] == 1 &&
	   cfg.hooks.nr[KCTR_OCI_HOOK_START_CONTAINER] == 1 &&
	   cfg.hooks.nr[KCTR_OCI_HOOK_POSTSTOP] == 1,
	   "full: every hook kind");
	is_int(cfg.hooks.list[KCTR_OCI_HOOK_POSTSTART][0].timeout, 5,
	       "full: hook timeout");
	is_str(cfg.hooks.list[KCTR_OCI_HOOK_PRESTART][0].env[0],
	       "key1=value1", "full: hook env");
	ok(cfg.nr_annotations == 3 &&
	   !strcmp(cfg.annotations[0].key, "com.example.z") &&
	   !strcmp(cfg.annotations[1].value, ""),
	   "full: annotations in file order, empty value");
	ok(cfg.nr_devices == 3 && cfg.devices[0].type == 'c' &&
	   cfg.devices[0].major == 10 && cfg.devices[0].minor == 229 &&
	   cfg.devices[0].file_mode == 0666 && cfg.devices[0].has_uid &&
	   !cfg.devices[1].has_file_mode && cfg.devices[2].type == 'p',
	   "full: linux.devices");
	ok(cfg.nr_uid_maps == 2 && cfg.uid_maps[1].host_id == 100000 &&
	   cfg.uid_maps[1].size == 65536 && cfg.nr_gid_maps == 1,
	   "full: several uid extents");
	is_int(cfg.nr_namespaces, 8, "full: 8 namespaces, time included");
	ok(kctr_oci_ns_find(&cfg, KCTR_OCI_NS_TIME) == 7 &&
	   kctr_oci_ns_find(&cfg, KCTR_OCI_NS_USER) == 5, "full: ns_find");
	is_str(kctr_oci_ns_name(KCTR_OCI_NS_NETWORK), "network", "ns name");
	kctr_oci_ns_masks(&cfg, &fresh, &joined);
	is_u64(joined, KCTR_NS_NET, "full: the netns is joined by path");
	is_u64(fresh, KCTR_NS_PID | KCTR_NS_IPC | KCTR_NS_UTS | KCTR_NS_MNT |
	       KCTR_NS_USER | KCTR_NS_CGROUP | KCTR_NS_TIME,
	       "full: the other seven are new");
	is_u64(cfg.rootfs_propagation, MS_SLAVE, "full: rootfsPropagation");
	ok(!cfg.mount_label, "full: empty mountLabel is absent");
	ok(cfg.nr_masked == 2 && cfg.nr_readonly == 3, "full: masked/ro");
	is_u64(cfg.seccomp.flags, SECCOMP_FILTER_FLAG_LOG |
	       SECCOMP_FILTER_FLAG_SPEC_ALLOW, "full: seccomp flags");
	sec = cfg.seccomp.json ? kjson_parse(cfg.seccomp.json,
					     strlen(cfg.seccomp.json),
					     &err) : NULL;
	ok(sec && kjson_get(sec, "defaultErrnoRet") &&
	   !strcmp(kjson_get(sec, "defaultErrnoRet")->str, "38") &&
	   strstr(cfg.seccomp.json, "18446744073709551615"),
	   "full: seccomp object kept as JSON text, numbers exact");
	kjson_free(sec);
	ok(r->nr_devices == 4 && r->devices[1].access == (KCTR_OCI_DEV_R |
	   KCTR_OCI_DEV_W) && r->devices[3].access == 7,
	   "full: device rules, access defaults to rwm");
	is_u64(cfg.unsupported, 0, "full: nothing unsupported");
	ok(!kctr_oci_limits(r, &l, &err), "full: limits map");
	ok(l.memory_max == 536870912 && l.memory_low == 268435456 &&
	   l.memory_swap_max == 536870912, "full: memory max/low/swap");
	is_int(l.cpu_weight, 39, "full: weight");
	ok(!strcmp(l.cpuset_cpus, "2-3") && !strcmp(l.cpuset_mems, "0-7"),
	   "full: cpuset");
	is_u64(l.pids_max, 32771, "full: pids");
	is_int(l.nr_io, 2, "full: io.max for 2 devices (rate 0 skipped)");
	ok(l.io[0].major == 8 && l.io[0].minor == 0 && l.io[0].rbps == 600 &&
	   l.io[0].wbps == 700 && l.io[0].riops == KCTR_LIMIT_UNLIMITED,
	   "full: 8:0 rbps and wbps merged, the rest max");
	ok(l.io[1].minor == 16 && l.io[1].wiops == 300, "full: 8:16 wiops");
	kctr_oci_config_free(&cfg);
}

/* What the parser keeps of linux.seccomp is what kctr's compiler takes. */
static void test_seccomp_compiles(void)
{
	static const char *const files[] = {
		FIX "captured/podman-run-bridge.config.json",
		FIX "captured/docker-run-none.config.json",
		FIX "full.config.json",
	};
	struct kctr_oci_config cfg;
	struct kctr_err err = { 0 };
	void *prog = NULL;
	size_t i, len = 0;
	int ret;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (kctr_oci_config_load(files[i], &cfg, &err)) {
			ok(0, "%s loads: %s", files[i], err.msg);
			continue;
		}
		ret = kctr_seccomp_build_json(cfg.seccomp.json,
					      strlen(cfg.seccomp.json),
					      cfg.process.bounding, &prog, &len,
					      &err);
		ok(!ret && len && len % 8 == 0,
		   "%s: linux.seccomp compiles to BPF", files[i]);
		if (ret)
			printf("#   %s\n", err.msg);
		free(prog);
		prog = NULL;
		kctr_oci_config_free(&cfg);
	}
}

static void test_process_json(void)
{
	struct kctr_oci_process p;
	struct kctr_err err = { 0 };
	uint64_t u = 1;
	char *text;
	int ret;

	ret = kctr_oci_process_load(FIX "captured/podman-exec.process.json",
				    &p, &u, &err);
	if (!ok(!ret, "podman exec process.json loads")) {
		printf("#   %s\n", err.msg);
		return;
	}
	ok(p.nr_args == 2 && !strcmp(p.args[1], "/proc/self/status"),
	   "process.json: args");
	ok(!p.has_umask && p.uid == 0 && u == 0,
	   "process.json: no umask, nothing unsupported");
	is_int(p.nr_rlimits, 2, "process.json: rlimits");
	kctr_oci_process_free(&p);

	text = q("{'user':{'uid':'0','gid':0},'args':['sh'],'cwd':'/'}");
	ret = kctr_oci_process_parse(text, strlen(text), NULL, &p, NULL, &err);
	free(text);
	ok(ret == -EINVAL, "process.json: string uid refused");
	is_str(err.msg, "process.json: user.uid: expected an integer",
	       "process.json: the path has no process. prefix");
	text = q("{'args':['sh'],'cwd':'/','ioPriority':{'class':'x'}}");
	ret = kctr_oci_process_parse(text, strlen(text), NULL, &p, &u, &err);
	free(text);
	ok(!ret && (u & BIT64(KCTR_OCI_U_IO_PRIORITY)),
	   "process.json: ioPriority flagged");
	if (!ret)
		kctr_oci_process_free(&p);
}

static void test_errors(void)
{
	struct kctr_oci_config cfg;
	struct kctr_err err;
	char *text;

	bad(",'process':{'user':{'uid':'0','gid':0},'args':['a'],'cwd':'/'}",
	    "config.json: process.user.uid: expected an integer");
	bad(",'process':{'user':{'uid':-1,'gid':0},'args':['a'],'cwd':'/'}",
	    "process.user.uid: -1 is out of range");
	bad(",'process':{'user':{'uid':1.5,'gid':0},'args':['a'],'cwd':'/'}",
	    "process.user.uid: expected an integer");
	bad(",'process':{'user':{'uid':0},'args':['a'],'cwd':'/'}",
	    "process.user.gid: missing");
	bad(",'process':{'args':[],'cwd':'/'}",
	    "process.args: at least one entry is required");
	bad(",'process':{'args':['a', 1],'cwd':'/'}",
	    "process.args[1]: expected a string, not number");
	bad(",'process':{'args':['a'],'cwd':'rel'}",
	    "process.cwd: \"rel\" is not an absolute path");
	bad(",'process':{'args':['a']}", "process.cwd: missing");
	bad(",'process':{'args':['a'],'cwd':'/','env':['A=1','NOEQ']}",
	    "config.json: process.env[1]: \"NOEQ\" is not NAME=VALUE "
	    "(missing '=')");
	bad(",'process':{'args':['a'],'cwd':'/','env':['=v']}",
	    "process.env[0]: \"=v\": empty variable name");
	bad(",'hooks':{'prestart':[{'path':'/h','env':['X']}]}",
	    "hooks.prestart[0].env[0]: \"X\" is not NAME=VALUE");
	good(",'process':{'args':['a'],'cwd':'/','env':['A=','B==x','A=2']}",
	     "env: empty values, '=' in a value, a name twice");
	bad(",'process':{'args':['a'],'cwd':'/','terminal':'yes'}",
	    "process.terminal: expected a boolean, not string");
	bad(",'process':{'args':['a'],'cwd':'/','capabilities':"
	    "{'effective':['CAP_NOPE']}}",
	    "process.capabilities.effective[0]: unknown capability \"CAP_NOPE\"");
	bad(",'process':{'args':['a'],'cwd':'/','capabilities':"
	    "{'bounding':['CHOWN']}}", "is not a capability name");
	bad(",'process':{'args':['a'],'cwd':'/','rlimits':[{'type':"
	    "'RLIMIT_NOFILE','soft':1,'hard':1},{'type':'RLIMIT_NOFILE',"
	    "'soft':2,'hard':2}]}", "process.rlimits[1]: RLIMIT_NOFILE given twice");
	bad(",'process':{'args':['a'],'cwd':'/','rlimits':[{'type':"
	    "'RLIMIT_BOGUS','soft':1,'hard':1}]}", "unknown rlimit type");
	bad(",'process':{'args':['a'],'cwd':'/','rlimits':[{'type':"
	    "'RLIMIT_NOFILE','soft':-1,'hard':1}]}",
	    "process.rlimits[0].soft: -1 is negative");
	bad(",'process':{'args':['a'],'cwd':'/','rlimits':[{'type':"
	    "'RLIMIT_NOFILE','soft':5,'hard':1}]}", "soft 5 is above hard 1");
	bad(",'process':{'args':['a'],'cwd':'/','oomScoreAdj':1001}",
	    "process.oomScoreAdj: 1001 is out of range (-1000..1000)");
	bad(",'process':{'args':['a'],'cwd':'/','user':{'uid':0,'gid':0,"
	    "'umask':4096}}", "process.user.umask: 010000 is not a umask");
	bad(",'process':{'args':['a'],'cwd':'/','consoleSize':{'height':1}}",
	    "process.consoleSize.width: missing");
	bad(",'mounts':[{'destination':'/a'},{'type':'tmpfs'}]",
	    "mounts[1].destination: missing");
	bad(",'mounts':[{'destination':'/a','options':['ro','']}]",
	    "config.json: mounts[0]: options[1]: empty mount option");
	bad(",'mounts':{}", "mounts: expected an array, not object");
	bad(",'hooks':{'prestart':[{'path':'rel'}]}",
	    "hooks.prestart[0].path: \"rel\" is not an absolute path");
	bad(",'hooks':{'poststop':[{'path':'/x','timeout':0}]}",
	    "hooks.poststop[0].timeout: must be greater than zero");
	bad(",'annotations':{'a':1}", "annotations.a: expected a string");
	bad(",'annotations':{'':'x'}", "annotations: empty key");
	bad(",'linux':{'namespaces':[{'type':'pid'},{'type':'pid'}]}",
	    "linux.namespaces[1]: namespace type \"pid\" given twice");
	bad(",'linux':{'namespaces':[{'type':'net'}]}",
	    "linux.namespaces[0]: unknown namespace type \"net\"");
	bad(",'linux':{'namespaces':[{'type':'network','path':'x'}]}",
	    "is not absolute");
	bad(",'linux':{'uidMappings':[{'containerID':0,'hostID':0}]}",
	    "linux.uidMappings[0].size: missing");
	bad(",'linux':{'uidMappings':[{'containerID':0,'hostID':1,'size':0}]}",
	    "linux.uidMappings[0]: size is 0");
	bad(",'linux':{'sysctl':{'a':1}}", "linux.sysctl.a: expected a string");
	bad(",'linux':{'sysctl':{'kernel/../../x':'1'}}",
	    "linux.sysctl.kernel/../../x: not a sysctl name");
	bad(",'linux':{'sysctl':{'/etc/x':'1'}}", "not a sysctl name");
	good(",'linux':{'sysctl':{'net/ipv4/conf/eth0.1/forwarding':'1'}}",
	     "sysctl with / separators");
	bad(",'linux':{'maskedPaths':['/proc/kcore','proc/x']}",
	    "linux.maskedPaths[1]: \"proc/x\" is not an absolute path");
	bad(",'linux':{'readonlyPaths':['x']}",
	    "linux.readonlyPaths[0]: \"x\" is not an absolute path");
	bad(",'linux':{'resources':{'memory':{'limit':'1g'}}}",
	    "linux.resources.memory.limit: expected an integer");
	bad(",'linux':{'resources':{'pids':{'limit':true}}}",
	    "linux.resources.pids.limit: expected an integer");
	bad(",'linux':{'resources':{'devices':[{'access':'rwm'}]}}",
	    "linux.resources.devices[0].allow: missing");
	bad(",'linux':{'resources':{'devices':[{'allow':true,'access':'rwx'}]}}",
	    "linux.resources.devices[0].access: \"rwx\" is not made of r, w and m");
	bad(",'linux':{'resources':{'devices':[{'allow':true,'type':'u'}]}}",
	    "linux.resources.devices[0].type: \"u\" is not a, c or b");
	bad(",'linux':{'resources':{'blockIO':{'throttleReadBpsDevice':"
	    "[{'major':8,'rate':1}]}}}",
	    "linux.resources.blockIO.throttleReadBpsDevice[0]: major, minor "
	    "and rate are required");
	bad(",'linux':{'resources':{'cpu':{'shares':-2}}}",
	    "linux.resources.cpu.shares: -2 is negative");
	bad(",'linux':{'rootfsPropagation':'sideways'}",
	    "linux.rootfsPropagation: \"sideways\" is not");
	bad(",'linux':{'seccomp':{'syscalls':[]}}",
	    "linux.seccomp.defaultAction: missing");
	bad(",'linux':{'devices':[{'path':'/dev/x','type':'c','major':1}]}",
	    "linux.devices[0]: major and minor are required for type c");
	bad(",'linux':{'devices':[{'path':'/dev/x','type':'x'}]}",
	    "linux.devices[0]: type \"x\" is not c, b, u or p");
	bad(",'linux':{'personality':{'domain':'SVR4'}}",
	    "linux.personality.domain: \"SVR4\" is not LINUX or LINUX32");
	bad(",'linux':[]", "linux: expected an object, not array");
	bad(",'hostname':5", "hostname: expected a string, not number");

	text = q("{'root':{'path':'r'}}");
	memset(&err, 0, sizeof(err));
	ok(kctr_oci_config_parse(text, strlen(text), NULL, &cfg, &err) ==
	   -EINVAL && !strcmp(err.msg, "config.json: ociVersion: missing"),
	   "missing ociVersion");
	free(text);
	text = q("{'ociVersion':'2.0.0','root':{'path':'r'}}");
	ok(kctr_oci_config_parse(text, strlen(text), NULL, &cfg, &err) ==
	   -EINVAL && strstr(err.msg, "\"2.0.0\" is not a 1.x version"),
	   "ociVersion 2.0.0 refused");
	free(text);
	text = q("{'ociVersion':'1.0.2'}");
	ok(kctr_oci_config_parse(text, strlen(text), NULL, &cfg, &err) ==
	   -EINVAL && !strcmp(err.msg, "config.json: root: missing"),
	   "missing root");
	free(text);
	text = q("{'ociVersion':'1.0.2',}");
	ok(kctr_oci_config_parse(text, strlen(text), "cfg.json", &cfg, &err) ==
	   -EINVAL && !strncmp(err.msg, "cfg.json: line 1, column", 24),
	   "JSON syntax errors name the file and the place");
	free(text);
	memset(&err, 0, sizeof(err));
	ok(kctr_oci_config_load(FIX "no-such-file.json", &cfg, &err) ==
	   -ENOENT && strstr(err.msg, "no-such-file.json"),
	   "a missing file is ENOENT naming it");
	ok(kctr_oci_config_load(FIX "captured", &cfg, &err) == -EINVAL &&
	   strstr(err.msg, "not a regular file"), "a directory is refused");
}

static void test_accepted(void)
{
	good(",'process':null,'hooks':null,'linux':{'seccomp':null}",
	     "null is absent");
	good(",'futureKey':{'a':[1,{'b':2}]},'linux':{'futureLinux':1,"
	     "'resources':{'futureController':{}}}", "unknown keys ignored");
	good(",'process':{'args':['a'],'cwd':'/','user':{'uid':0,'gid':0,"
	     "'futureUserKey':'x'}}", "unknown key inside a known object");
	good(",'linux':{'resources':{'memory':{'swap':-1,'limit':-1},"
	     "'pids':{'limit':-1},'cpu':{'quota':-1}}}", "signed -1 values");
	good(",'linux':{'resources':{'devices':[{'allow':true,'major':-1,"
	     "'minor':-1}]}}", "device rule -1 = any");
	good(",'mounts':[{'destination':'/x','options':['defaults','idmap']}]",
	     "idmap option parses (flagged)");
}

/* What seccomp(2) gets from linux.seccomp.flags. */
static void test_seccomp_install_flags(void)
{
	struct kctr_oci_config cfg;
	struct kctr_err err;

	if (!ok(!parse_with(",'linux':{'seccomp':{'defaultAction':"
			    "'SCMP_ACT_ALLOW','flags':["
			    "'SECCOMP_FILTER_FLAG_TSYNC',"
			    "'SECCOMP_FILTER_FLAG_LOG',"
			    "'SECCOMP_FILTER_FLAG_SPEC_ALLOW',"
			    "'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV']}}",
			    &cfg, &err), "the four flags parse"))
		return;
	is_u64(cfg.seccomp.flags, SECCOMP_FILTER_FLAG_TSYNC |
	       SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW |
	       KCTR_SECCOMP_FLAG_WAIT_KILLABLE_RECV, "all four recorded");
	is_u64(kctr_oci_seccomp_install_flags(&cfg), SECCOMP_FILTER_FLAG_TSYNC |
	       SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW,
	       "seccomp(2) gets TSYNC, LOG, SPEC_ALLOW (WAIT_KILLABLE_RECV "
	       "needs a listener kctr never has)");
	kctr_oci_config_free(&cfg);
	if (!parse_with("", &cfg, &err)) {
		is_u64(kctr_oci_seccomp_install_flags(&cfg), 0,
		       "no linux.seccomp: no flags");
		kctr_oci_config_free(&cfg);
	}
}

static void test_unsupported(void)
{
	struct kctr_err err = { 0 };
	uint64_t u;

	ok(unsup_of(",'linux':{'intelRdt':{'closID':'x'}}") ==
	   BIT64(KCTR_OCI_U_INTEL_RDT), "intelRdt flagged");
	u = unsup_of(",'linux':{'personality':{'domain':'LINUX32'},"
		     "'timeOffsets':{'monotonic':{'secs':-5}},"
		     "'memoryPolicy':{},'netDevices':{'eth0':{}},"
		     "'mountLabel':'x'}");
	is_u64(u, BIT64(KCTR_OCI_U_PERSONALITY) |
	       BIT64(KCTR_OCI_U_TIME_OFFSETS) |
	       BIT64(KCTR_OCI_U_MEMORY_POLICY) |
	       BIT64(KCTR_OCI_U_NET_DEVICES) | BIT64(KCTR_OCI_U_MOUNT_LABEL),
	       "personality, timeOffsets, memoryPolicy, netDevices, "
	       "mountLabel flagged");
	u = unsup_of(",'linux':{'resources':{'hugepageLimits':[{'pageSize':"
		     "'2MB','limit':1}],'unified':{'io.weight':'50'},"
		     "'rdma':{'mlx':{'hcaHandles':1}},'network':{'classID':1},"
		     "'blockIO':{'weight':10},'memory':{'kernel':1,"
		     "'swappiness':60,'disableOOMKiller':true},"
		     "'cpu':{'realtimeRuntime':1,'burst':1,'idle':1}}}");
	is_u64(u, BIT64(KCTR_OCI_U_HUGEPAGE_LIMITS) | BIT64(KCTR_OCI_U_UNIFIED) |
	       BIT64(KCTR_OCI_U_RDMA) | BIT64(KCTR_OCI_U_NETWORK) |
	       BIT64(KCTR_OCI_U_BLKIO_WEIGHT) | BIT64(KCTR_OCI_U_MEM_KERNEL) |
	       BIT64(KCTR_OCI_U_MEM_SWAPPINESS) |
	       BIT64(KCTR_OCI_U_MEM_DISABLE_OOM_KILLER) |
	       BIT64(KCTR_OCI_U_CPU_REALTIME) | BIT64(KCTR_OCI_U_CPU_BURST) |
	       BIT64(KCTR_OCI_U_CPU_IDLE), "resource fields flagged");
	ok(unsup_of(",'linux':{'resources':{'hugepageLimits':[],'unified':{},"
		    "'rdma':{},'network':{},'blockIO':{'weight':0},"
		    "'memory':{'kernel':-1,'swappiness':0}}}") == 0,
	   "empty and zero forms are not flagged");
	ok(unsup_of(",'process':{'args':['a'],'cwd':'/','selinuxLabel':'x',"
		    "'scheduler':{'policy':'SCHED_OTHER'},'execCPUAffinity':"
		    "{'initial':'0'}},'domainname':'d'") ==
	   (BIT64(KCTR_OCI_U_SELINUX_LABEL) | BIT64(KCTR_OCI_U_SCHEDULER) |
	    BIT64(KCTR_OCI_U_EXEC_CPU_AFFINITY) | BIT64(KCTR_OCI_U_DOMAINNAME)),
	   "process.selinuxLabel, scheduler, execCPUAffinity, domainname");
	ok(unsup_of(",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW',"
		    "'listenerPath':'/run/s'}}") ==
	   BIT64(KCTR_OCI_U_SECCOMP_LISTENER), "seccomp listenerPath flagged");
	bad(",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW',"
	    "'flags':['SECCOMP_FILTER_FLAG_LOG','SECCOMP_FILTER_FLAG_X']}}",
	    "config.json: linux.seccomp.flags[1]: unknown flag "
	    "\"SECCOMP_FILTER_FLAG_X\"");
	test_seccomp_install_flags();
	ok(unsup_of(",'mounts':[{'destination':'/x','uidMappings':[]}]") ==
	   BIT64(KCTR_OCI_U_MOUNT_IDMAP), "mount uidMappings flagged");

	u = BIT64(KCTR_OCI_U_INTEL_RDT) | BIT64(KCTR_OCI_U_PERSONALITY);
	ok(kctr_oci_unsupported(u, 0, NULL, &err) == -EOPNOTSUPP,
	   "kctr_oci_unsupported refuses");
	is_str(err.msg, "config.json: linux.intelRdt is not supported",
	       "the first field by name");
	ok(kctr_oci_unsupported(u, BIT64(KCTR_OCI_U_INTEL_RDT), NULL, &err) ==
	   -EOPNOTSUPP && !strcmp(err.msg, "config.json: linux.personality "
				  "is not supported"), "honoured bits skipped");
	ok(kctr_oci_unsupported(u, u, NULL, &err) == 0, "all honoured: 0");
	ok(kctr_oci_unsup_name(KCTR_OCI_U_COUNT - 1) &&
	   !kctr_oci_unsup_name(KCTR_OCI_U_COUNT), "every bit has a name");
}

static void opts_of(const char *list, struct kctr_mount_opts *o)
{
	char *copy = strdup(list), *v[32], *save = NULL, *t;
	size_t n = 0;
	struct kctr_err err = { 0 };

	for (t = strtok_r(copy, " ", &save); t && n < 32;
	     t = strtok_r(NULL, " ", &save))
		v[n++] = t;
	if (kctr_mount_opts_parse((const char *const *)v, n, o, &err))
		printf("#   %s\n", err.msg);
	free(copy);
}

static void test_mount_opts(void)
{
	static const struct {
		const char *opt;
		unsigned long flag;
	} table[] = {
		{ "ro", MS_RDONLY }, { "nosuid", MS_NOSUID },
		{ "nodev", MS_NODEV }, { "noexec", MS_NOEXEC },
		{ "sync", MS_SYNCHRONOUS }, { "dirsync", MS_DIRSYNC },
		{ "remount", MS_REMOUNT }, { "mand", MS_MANDLOCK },
		{ "noatime", MS_NOATIME }, { "nodiratime", MS_NODIRATIME },
		{ "relatime", MS_RELATIME }, { "strictatime", MS_STRICTATIME },
		{ "lazytime", MS_LAZYTIME }, { "silent", MS_SILENT },
		{ "iversion", MS_I_VERSION }, { "nosymfollow", 256 },
		{ "bind", MS_BIND }, { "rbind", MS_BIND | MS_REC },
	};
	static const struct {
		const char *opt;
		unsigned long flag;
	} clears[] = {
		{ "rw", MS_RDONLY }, { "suid", MS_NOSUID }, { "dev", MS_NODEV },
		{ "exec", MS_NOEXEC }, { "async", MS_SYNCHRONOUS },
		{ "nomand", MS_MANDLOCK }, { "atime", MS_NOATIME },
		{ "diratime", MS_NODIRATIME }, { "norelatime", MS_RELATIME },
		{ "nostrictatime", MS_STRICTATIME },
		{ "nolazytime", MS_LAZYTIME }, { "loud", MS_SILENT },
	};
	static const char *const props[] = {
		"private", "rprivate", "shared", "rshared", "slave", "rslave",
		"unbindable", "runbindable",
	};
	static const unsigned long prop_flags[] = {
		MS_PRIVATE, MS_PRIVATE | MS_REC, MS_SHARED, MS_SHARED | MS_REC,
		MS_SLAVE, MS_SLAVE | MS_REC, MS_UNBINDABLE,
		MS_UNBINDABLE | MS_REC,
	};
	struct kctr_mount_opts o;
	struct kctr_err err = { 0 };
	char *empty[] = { "" };
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		opts_of(table[i].opt, &o);
		ok(o.flags == table[i].flag && !o.clear && !o.data,
		   "option %s sets its flag", table[i].opt);
	}
	for (i = 0; i < sizeof(clears) / sizeof(clears[0]); i++) {
		opts_of(clears[i].opt, &o);
		ok(!o.flags && o.clear == clears[i].flag && !o.data,
		   "option %s clears its flag", clears[i].opt);
	}
	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		opts_of(props[i], &o);
		ok(o.nr_propagation == 1 && o.propagation[0] == prop_flags[i] &&
		   !o.flags, "propagation %s", props[i]);
		is_u64(kctr_propagation_flag(props[i]), prop_flags[i],
		       "propagation_flag(%s)", props[i]);
	}
	ok(!kctr_propagation_flag("ro"), "ro is no propagation");
	opts_of("ro rw", &o);
	ok(!(o.flags & MS_RDONLY) && (o.clear & MS_RDONLY), "ro rw: rw wins");
	opts_of("rw ro", &o);
	ok((o.flags & MS_RDONLY) && !(o.clear & MS_RDONLY), "rw ro: ro wins");
	opts_of("rbind rprivate rslave", &o);
	ok(o.bind && o.nr_propagation == 2 &&
	   o.propagation[1] == (MS_SLAVE | MS_REC),
	   "propagation kept in order");
	opts_of("mode=755 nosuid size=65536k newinstance", &o);
	is_str(o.data, "mode=755,size=65536k,newinstance",
	       "filesystem options joined as data");
	free(o.data);
	opts_of("tmpcopyup defaults X-mount.mkdir x-systemd.x", &o);
	ok(o.tmpcopyup && !o.data && !o.flags, "tmpcopyup, defaults, x-*");
	opts_of("rro rnosuid rnodev rnoexec", &o);
	ok(o.attr_set == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
			  MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC) &&
	   !o.attr_clr && !o.flags, "recursive forms -> mount_setattr set");
	opts_of("rro rrw", &o);
	ok(!o.attr_set && o.attr_clr == MOUNT_ATTR_RDONLY, "rro rrw: clear");
	opts_of("rnoatime", &o);
	ok(o.attr_set == MOUNT_ATTR_NOATIME && o.attr_clr == MOUNT_ATTR__ATIME,
	   "rnoatime clears the whole atime field");
	opts_of("rnoatime rrelatime", &o);
	ok(o.attr_set == MOUNT_ATTR_RELATIME && o.attr_clr == MOUNT_ATTR__ATIME,
	   "rrelatime after rnoatime");
	opts_of("idmap", &o);
	ok(o.idmap, "idmap noted");
	ok(kctr_mount_opts_parse((const char *const *)empty, 1, &o, &err) ==
	   -EINVAL &&
	   strstr(err.msg, "options[0]: empty mount option"),
	   "empty option refused");
}

static void test_shares_swap(void)
{
	struct kctr_err err = { 0 };
	uint64_t sw = 42;
	bool set;

	is_int(kctr_oci_shares_to_weight(0), 0, "shares 0 = unset");
	is_int(kctr_oci_shares_to_weight(2), 1, "shares 2 -> 1");
	is_int(kctr_oci_shares_to_weight(1024), 39, "shares 1024 -> 39");
	is_int(kctr_oci_shares_to_weight(512), 20, "shares 512 -> 20");
	is_int(kctr_oci_shares_to_weight(262144), 10000,
	       "shares 262144 -> 10000");
	is_int(kctr_oci_shares_to_weight(1), 1, "shares 1 clamps to 1");
	is_int(kctr_oci_shares_to_weight(1000000), 10000,
	       "shares above 262144 clamp to 10000");

	ok(!kctr_oci_swap_max(0, 100, &set, &sw, &err) && !set && sw == 42,
	   "swap 0: unset");
	ok(!kctr_oci_swap_max(-1, 100, &set, &sw, &err) && set &&
	   sw == KCTR_LIMIT_UNLIMITED, "swap -1: max");
	ok(!kctr_oci_swap_max(0, -1, &set, &sw, &err) && set &&
	   sw == KCTR_LIMIT_UNLIMITED, "memory -1, swap unset: max");
	ok(!kctr_oci_swap_max(300, 100, &set, &sw, &err) && set && sw == 200,
	   "swap 300 limit 100: 200");
	ok(!kctr_oci_swap_max(100, 100, &set, &sw, &err) && set && sw == 0,
	   "swap = limit: no swap");
	ok(kctr_oci_swap_max(50, 100, &set, &sw, &err) == -EINVAL &&
	   strstr(err.msg, "memory.swap: 50 is below memory.limit 100"),
	   "swap below limit refused");
	ok(kctr_oci_swap_max(300, 0, &set, &sw, &err) == -EINVAL &&
	   strstr(err.msg, "needs a memory limit"),
	   "swap without limit refused");
	ok(kctr_oci_swap_max(-2, 100, &set, &sw, &err) == -EINVAL,
	   "swap -2 refused");
}

static void test_limits_edges(void)
{
	struct kctr_oci_resources r;
	struct kctr_limits_req l;
	struct kctr_err err = { 0 };

	memset(&r, 0, sizeof(r));
	r.has_pids = true;
	r.pids_limit = 0;
	ok(!kctr_oci_limits(&r, &l, &err) && l.pids_max == KCTR_LIMIT_UNLIMITED &&
	   l.present == LIM(KCTR_LIMIT_A_PIDS_MAX), "pids 0 -> max");
	r.pids_limit = -1;
	ok(!kctr_oci_limits(&r, &l, &err) && l.pids_max == KCTR_LIMIT_UNLIMITED,
	   "pids -1 -> max");
	memset(&r, 0, sizeof(r));
	r.mem_limit = -1;
	ok(!kctr_oci_limits(&r, &l, &err) &&
	   l.memory_max == KCTR_LIMIT_UNLIMITED &&
	   l.memory_swap_max == KCTR_LIMIT_UNLIMITED,
	   "memory -1: memory.max and swap.max max");
	r.mem_limit = -5;
	ok(kctr_oci_limits(&r, &l, &err) == -EINVAL &&
	   strstr(err.msg, "memory.limit: -5"), "memory -5 refused");
	memset(&r, 0, sizeof(r));
	r.cpu_quota = -1;
	r.cpu_period = 20000;
	ok(!kctr_oci_limits(&r, &l, &err) && l.cpu_quota == KCTR_LIMIT_UNLIMITED &&
	   l.cpu_period == 20000, "quota -1: max with a period");
	memset(&r, 0, sizeof(r));
	r.cpu_cpus = "0-1,3";
	ok(!kctr_oci_limits(&r, &l, &err) && !strcmp(l.cpuset_cpus, "0-1,3") &&
	   l.present == LIM(KCTR_LIMIT_A_CPUSET_CPUS), "cpuset.cpus");
}

int main(void)
{
	tap_plan(302);
	test_captured();
	test_ctr();
	test_docker();
	test_podman();
	test_full();
	test_seccomp_compiles();
	test_process_json();
	test_errors();
	test_accepted();
	test_unsupported();
	test_mount_opts();
	test_shares_swap();
	test_limits_edges();
	return tap_done();
}
