// SPDX-License-Identifier: GPL-2.0
/*
 * Generic mounts and sysctls, checked before anything is made: entry
 * planning (types, destinations, merge with kctr's own mounts, binds),
 * path normalisation, sysctl names and the namespaces they need.
 */
#include <errno.h>
#include <linux/kctr.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "mounts.h"
#include "sysctl.h"
#include "tap.h"

#define ALL_NS (KCTR_NS_NET | KCTR_NS_IPC | KCTR_NS_UTS)

static void test_normalise(void)
{
	static const char *const cases[][2] = {
		{ "/data", "/data" }, { "/a/./b//c/", "/a/b/c" },
		{ "/a/../b", "/b" }, { "/../../etc", "/etc" },
		{ "/..", "/" }, { "//", "/" }, { "/a/b/../../..", "/" },
		{ "/dev/./shm", "/dev/shm" },
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok(!kctr_mount_normalise(cases[i][0], out, sizeof(out)) &&
		   !strcmp(out, cases[i][1]), "normalise %s -> %s",
		   cases[i][0], cases[i][1]);
	}
	ok(kctr_mount_normalise("data", out, sizeof(out)) == -EINVAL,
	   "relative path refused");
	ok(kctr_mount_normalise("/aaaaaaaaaa/bbbbbbbbbb", out, 8) ==
	   -ENAMETOOLONG, "too long for the buffer");
}

/* Plan one entry; options space-separated. 0 or -errno, @msg the error. */
static int plan(const char *type, const char *src, const char *dst,
		const char *opts, struct kctr_mount_plan *p, char *msg)
{
	char copy[256], *v[16], *t, *save = NULL;
	struct kctr_mount m = {
		.destination = dst, .type = type, .source = src,
	};
	struct kctr_err err = { 0 };
	size_t n = 0;
	int ret;

	snprintf(copy, sizeof(copy), "%s", opts ? opts : "");
	for (t = strtok_r(copy, " ", &save); t && n < 16;
	     t = strtok_r(NULL, " ", &save))
		v[n++] = t;
	m.options = (const char *const *)v;
	m.nr_options = n;
	ret = kctr_mount_plan(&m, p, &err);
	snprintf(msg, 512, "%s", err.msg);
	return ret;
}

static void test_standard(void)
{
	static const struct {
		const char *type, *dst;
		int std;
	} cases[] = {
		{ "proc", "/proc", KCTR_STD_PROC },
		{ "tmpfs", "/dev", KCTR_STD_DEV },
		{ "devpts", "/dev/pts", KCTR_STD_PTS },
		{ "tmpfs", "/dev/shm", KCTR_STD_SHM },
		{ "mqueue", "/dev/mqueue", KCTR_STD_MQUEUE },
		{ "sysfs", "/sys", KCTR_STD_SYS },
		{ "cgroup", "/sys/fs/cgroup", KCTR_STD_CGROUP },
		{ "cgroup2", "/sys/fs/cgroup/", KCTR_STD_CGROUP },
		{ "tmpfs", "/run", KCTR_STD_NONE },
		{ "tmpfs", "/sys/fs/cgroup", KCTR_STD_NONE },
		{ "mqueue", "/dev/shm", KCTR_STD_NONE },
	};
	struct kctr_mount_plan p;
	char msg[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok(!plan(cases[i].type, NULL, cases[i].dst, "nosuid", &p,
			 msg) && p.std == cases[i].std && !p.o.bind,
		   "%s on %s: %s", cases[i].type, cases[i].dst,
		   cases[i].std == KCTR_STD_NONE ? "mounted as an entry" :
		   "merged into kctr's");
		kctr_mount_plan_free(&p);
	}
	ok(!plan("cgroup", "cgroup", "/sys/fs/cgroup", "ro", &p, msg) &&
	   !strcmp(p.fstype, "cgroup2"), "cgroup is mounted as cgroup2");
	ok(!plan("tmpfs", "shm", "/dev/shm", "nosuid mode=1777 size=64m", &p,
		 msg) && !strcmp(p.o.data, "mode=1777,size=64m") &&
	   !strcmp(p.source, "shm"), "data options kept for the merge");
	kctr_mount_plan_free(&p);
	ok(!plan("tmpfs", NULL, "/run", NULL, &p, msg) &&
	   !strcmp(p.source, "tmpfs"), "no source: the type's name");
	is_str(kctr_std_mount_path(KCTR_STD_PTS), "/dev/pts", "std path");
	ok(!kctr_std_mount_path(KCTR_STD_COUNT) &&
	   !kctr_std_mount_path(KCTR_STD_NONE), "std path out of range");
}

static void test_binds(void)
{
	struct kctr_mount_plan p;
	char msg[512];

	ok(!plan("bind", "/etc/hostname", "/etc/hostname", "rbind rprivate",
		 &p, msg) && p.o.bind && !p.dir && (p.o.flags & MS_REC) &&
	   p.o.nr_propagation == 1 && p.std == KCTR_STD_NONE,
	   "a file bind (type bind, rbind, rprivate)");
	ok(!plan(NULL, "/tmp", "/data", "bind ro", &p, msg) && p.o.bind &&
	   p.dir && !(p.o.flags & MS_REC) && (p.o.flags & MS_RDONLY),
	   "a directory bind without a type, by its bind option");
	ok(!plan("tmpfs", "/tmp", "/dev/shm", "bind", &p, msg) && p.o.bind &&
	   p.std == KCTR_STD_NONE,
	   "a bind on /dev/shm (podman's) is an entry, not merged");
	ok(!plan("bind", "/dev/null", "/dev/null", "bind dev", &p, msg) &&
	   (p.o.clear & MS_NODEV), "dev noted for the device check");
	ok(plan("bind", "/no/such/kctr-source", "/data", "rbind", &p, msg) ==
	   -ENOENT && !strcmp(msg, "mount /data: source /no/such/kctr-source: "
			      "No such file or directory"),
	   "a missing source: named with the mount (%s)", msg);
	ok(plan("bind", "rel/dir", "/data", "rbind", &p, msg) == -EINVAL &&
	   strstr(msg, "mount /data: source rel/dir: a bind needs an absolute"),
	   "a relative source refused (%s)", msg);
	ok(plan("bind", NULL, "/data", "rbind", &p, msg) == -EINVAL,
	   "a bind without a source refused");
	ok(plan("bind", "/tmp", "/data", "rbind tmpcopyup", &p, msg) == -EINVAL,
	   "tmpcopyup on a bind refused");
}

static void test_refused(void)
{
	static const struct {
		const char *type, *src, *dst, *opts, *msg;
		int ret;
	} cases[] = {
		{ "proc", "proc", "/tmp/proc", NULL,
		  "mount /tmp/proc: proc only on /proc", -EPERM },
		{ "sysfs", "sysfs", "/mnt/sys", NULL,
		  "mount /mnt/sys: sysfs only on /sys", -EPERM },
		{ "proc", "proc", "/proc/../x", NULL, "proc only on", -EPERM },
		{ "ext4", "/dev/sda1", "/mnt", NULL,
		  "mount /mnt: type ext4 not supported", -EOPNOTSUPP },
		{ "tmpfs", NULL, "/", NULL,
		  "mount /: not on the container's root", -EINVAL },
		{ "tmpfs", NULL, "/a/..", NULL, "not on the container's root",
		  -EINVAL },
		{ "tmpfs", NULL, "run", NULL, "must be an absolute path",
		  -EINVAL },
		{ "tmpfs", NULL, NULL, NULL, "must be an absolute path",
		  -EINVAL },
		{ NULL, NULL, "/x", "nosuid", "mount /x: no type", -EINVAL },
		{ "tmpfs", NULL, "/x", "remount", "remount not supported",
		  -EOPNOTSUPP },
		{ "bind", "/tmp", "/x", "rbind idmap", "idmapped mounts",
		  -EOPNOTSUPP },
		{ "mqueue", NULL, "/x", "tmpcopyup", "tmpcopyup is for tmpfs",
		  -EINVAL },
	};
	struct kctr_mount_plan p;
	char msg[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = plan(cases[i].type, cases[i].src, cases[i].dst,
			       cases[i].opts, &p, msg);

		ok(ret == cases[i].ret && strstr(msg, cases[i].msg),
		   "refused: %s (%s)", cases[i].msg, msg);
	}
	ok(!plan("tmpfs", NULL, "/run", "tmpcopyup mode=755", &p, msg) &&
	   p.o.tmpcopyup && !strcmp(p.o.data, "mode=755"),
	   "tmpcopyup on tmpfs accepted");
	kctr_mount_plan_free(&p);
}

static void test_sysctl_path(void)
{
	static const char *const good[][2] = {
		{ "net.ipv4.ip_forward", "net/ipv4/ip_forward" },
		{ "net/ipv4/conf/eth0.1/forwarding",
		  "net/ipv4/conf/eth0.1/forwarding" },
		{ "kernel.shm_rmid_forced", "kernel/shm_rmid_forced" },
	};
	static const char *const bad[] = {
		"", ".", "..", "net..ipv4", "net.ipv4.", ".net.ipv4",
		"/net/ipv4/x", "net/../kernel/core_pattern", "net/./x",
		"net//x", "net/ipv4/", "../../etc/passwd",
	};
	struct kctr_err err = { 0 };
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(!kctr_sysctl_path(good[i][0], out, sizeof(out), &err) &&
		   !strcmp(out, good[i][1]), "sysctl %s -> %s", good[i][0],
		   good[i][1]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(kctr_sysctl_path(bad[i], out, sizeof(out), &err) == -EINVAL,
		   "sysctl name \"%s\" refused", bad[i]);
	ok(kctr_sysctl_path("net.a.b.c", out, 6, &err) == -ENAMETOOLONG,
	   "sysctl too long for the buffer");
}

static int check(const char *key, uint32_t ns, char *msg)
{
	struct kctr_sysctl s = { key, "1" };
	struct kctr_err err = { 0 };
	int ret = kctr_sysctl_check(&s, ns, &err);

	snprintf(msg, 512, "%s", err.msg);
	return ret;
}

static void test_sysctl_check(void)
{
	static const struct {
		const char *key;
		uint32_t need;
	} allowed[] = {
		{ "kernel.msgmax", KCTR_NS_IPC },
		{ "kernel.msgmnb", KCTR_NS_IPC },
		{ "kernel.msgmni", KCTR_NS_IPC }, { "kernel.sem", KCTR_NS_IPC },
		{ "kernel.shmall", KCTR_NS_IPC },
		{ "kernel.shmmax", KCTR_NS_IPC },
		{ "kernel.shmmni", KCTR_NS_IPC },
		{ "kernel.shm_rmid_forced", KCTR_NS_IPC },
		{ "fs.mqueue.msg_max", KCTR_NS_IPC },
		{ "kernel.hostname", KCTR_NS_UTS },
		{ "kernel.domainname", KCTR_NS_UTS },
		{ "net.ipv4.ip_forward", KCTR_NS_NET },
		{ "net/ipv4/conf/eth0.1/forwarding", KCTR_NS_NET },
	};
	static const char *const host[] = {
		"kernel.core_pattern", "kernel.pid_max", "vm.overcommit_memory",
		"fs.file-max", "kernel.modprobe", "fs.mqueue", "netx.y",
		"kernel/sem/../core_pattern", "kernel.shmmax.x",
	};
	struct kctr_sysctl nov = { "net.ipv4.ip_forward", NULL };
	struct kctr_err err = { 0 };
	char msg[512];
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		ok(!check(allowed[i].key, allowed[i].need, msg),
		   "%s allowed with its namespace", allowed[i].key);
		ok(check(allowed[i].key, ALL_NS & ~allowed[i].need, msg) ==
		   -EPERM && strstr(msg, allowed[i].key) &&
		   strstr(msg, "needs a new"),
		   "%s refused without it (%s)", allowed[i].key, msg);
	}
	for (i = 0; i < sizeof(host) / sizeof(host[0]); i++)
		ok(check(host[i], ALL_NS, msg) < 0 && strstr(msg, host[i]),
		   "%s refused: not namespaced (%s)", host[i], msg);
	ok(kctr_sysctl_check(&nov, ALL_NS, &err) == -EINVAL,
	   "no value refused");
}

int main(void)
{
	tap_plan(99);
	test_normalise();
	test_standard();
	test_binds();
	test_refused();
	test_sysctl_path();
	test_sysctl_check();
	return tap_done();
}
