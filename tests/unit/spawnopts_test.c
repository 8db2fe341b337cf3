// SPDX-License-Identifier: GPL-2.0
/* `kctr spawn` option parsing, without side effects. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "caps.h"
#include "spawnopts.h"
#include "tap.h"

#define LB(a) (1U << (a))

static int parse(struct kctr_spawn_opts *o, struct kctr_err *err, ...)
{
	static char *argv[64];
	char *a;
	va_list ap;
	int argc = 0;

	argv[argc++] = "spawn";
	va_start(ap, err);
	while ((a = va_arg(ap, char *)))
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	memset(err, 0, sizeof(*err));
	return kctr_spawn_parse(argc, argv, o, err);
}

static void test_full(void)
{
	static char vol[] = "/srv/data:/data:ro";
	struct kctr_spawn_opts o;
	struct kctr_err err;
	int ret;

	ret = parse(&o, &err, "--name", "web", "--rm", "-e", "A=1",
		    "--memory", "512m", "--cpus", "1.5", "--pids-limit", "64",
		    "--cpuset-cpus", "0-1", "--cap-drop", "ALL", "--cap-add",
		    "NET_RAW", "-v", vol, "--tmpfs", "/run", "--userns",
		    "--net", "host", "-u", "1000:100", "--", "sh", "-c", "x",
		    NULL);
	is_int(ret, 0, "full command line parses %s", err.msg);
	is_str(o.name, "web", "name");
	ok(o.rm && o.userns && o.has_user && o.uid == 1000 && o.gid == 100,
	   "--rm, --userns, -u");
	is_u64(o.limits.memory_max, 512ULL << 20, "memory 512m");
	is_u64(o.limits.cpu_quota, 150000, "cpus 1.5: quota");
	is_u64(o.limits.cpu_period, 100000, "cpus 1.5: period");
	is_u64(o.limits.pids_max, 64, "pids-limit");
	ok(o.limits.present == (LB(KCTR_LIMIT_A_MEMORY_MAX) |
				LB(KCTR_LIMIT_A_CPU_MAX_QUOTA) |
				LB(KCTR_LIMIT_A_CPU_MAX_PERIOD) |
				LB(KCTR_LIMIT_A_PIDS_MAX) |
				LB(KCTR_LIMIT_A_CPUSET_CPUS)),
	   "present bits name exactly what was given");
	is_u64(o.caps, (uint64_t)1 << 13, "cap-drop ALL, cap-add NET_RAW");
	ok(o.nr_vols == 1 && !strcmp(o.vols[0].host, "/srv/data") &&
	   !strcmp(o.vols[0].ctr, "/data") && o.vols[0].ro, "volume");
	ok(!(o.ns_mask & KCTR_NS_NET) && (o.ns_mask & KCTR_NS_USER) &&
	   (o.ns_mask & KCTR_NS_MNT), "--net host drops net, --userns adds user");
	ok(o.argv && !strcmp(o.argv[0], "sh") && !strcmp(o.argv[2], "x"),
	   "command after --");
	ok(!strcmp(o.seccomp, "default") && o.userns_outside == 100000 &&
	   o.userns_count == 65536, "defaults");
}

static void bad(const char *why, ...)
{
	static char *argv[16];
	struct kctr_spawn_opts o;
	struct kctr_err err = { 0 };
	va_list ap;
	char *a;
	int argc = 0, ret;

	argv[argc++] = "spawn";
	va_start(ap, why);
	while ((a = va_arg(ap, char *)))
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	ret = kctr_spawn_parse(argc, argv, &o, &err);
	ok(ret < 0 && strstr(err.msg, why), "rejected: %s", err.msg);
}

static void test_parsers(void)
{
	struct kctr_err err = { 0 };
	struct kctr_io_req io;
	uint64_t q, p;
	uint32_t a, b;
	char v1[] = "relative:/x", v2[] = "/a:/b:rx", v3[] = "/a/../etc:/b";

	ok(!kctr_parse_cpus("0.01", &q, &p, &err) && q == 1000,
	   "cpus 0.01 = 1000us");
	ok(kctr_parse_cpus("0.001", &q, &p, &err) < 0, "cpus 0.001 too small");
	ok(kctr_parse_cpus("1.x", &q, &p, &err) < 0, "cpus 1.x rejected");
	ok(!kctr_parse_io_max("8:0:rbps=1m,wiops=100", &io, &err) &&
	   io.major == 8 && io.minor == 0 && io.rbps == 1 << 20 &&
	   io.wiops == 100 && io.wbps == KCTR_LIMIT_UNLIMITED, "io-max");
	ok(kctr_parse_io_max("8:0:speed=1", &io, &err) < 0 &&
	   strstr(err.msg, "speed=1"), "io-max bad field: %s", err.msg);
	ok(kctr_parse_io_max("8:0", &io, &err) < 0, "io-max needs a field");
	ok(kctr_parse_volume(v1, &(struct kctr_volume){ 0 }, &err) < 0,
	   "volume: relative host path");
	ok(kctr_parse_volume(v2, &(struct kctr_volume){ 0 }, &err) < 0,
	   "volume: bad mode");
	ok(kctr_parse_volume(v3, &(struct kctr_volume){ 0 }, &err) < 0,
	   "volume: '..'");
	ok(!kctr_parse_user("0", &a, &b, &err) && a == 0 && b == 0,
	   "user 0 = 0:0");
	ok(kctr_parse_user("root", &a, &b, &err) < 0, "user names rejected");
	ok(!kctr_parse_ns_list("mnt,pid", &a, &err) &&
	   a == (KCTR_NS_MNT | KCTR_NS_PID), "ns list");
	ok(kctr_parse_ns_list("mnt,moon", &a, &err) < 0 &&
	   strstr(err.msg, "moon"), "ns list: unknown kind named");
	ok(!kctr_parse_userns("200000:1000", &a, &b, &err) && a == 200000 &&
	   b == 1000, "userns range");
	ok(kctr_parse_userns("0:1000", &a, &b, &err) < 0,
	   "userns: outside 0 rejected");
	ok(kctr_parse_userns("4294967295:2", &a, &b, &err) < 0,
	   "userns: range overflow rejected");
}

static void test_mount_sysctl(void)
{
	static char m1[] =
		"type=bind,src=/srv,dst=/data,options=rbind:ro:rprivate";
	static char m2[] = "type=tmpfs,target=/run,o=mode=755:size=1m";
	static char s1[] = "net.ipv4.ip_forward=1";
	static char s2[] = "kernel.sem=250 32000 32 128";
	struct kctr_spawn_opts o;
	struct kctr_err err;
	int ret;

	ret = parse(&o, &err, "--mount", m1, "--mount", m2, "--sysctl", s1,
		    "--sysctl", s2, "sh", NULL);
	is_int(ret, 0, "--mount and --sysctl parse %s", err.msg);
	ok(o.nr_mounts == 2 && !strcmp(o.mounts[0].type, "bind") &&
	   !strcmp(o.mounts[0].source, "/srv") &&
	   !strcmp(o.mounts[0].destination, "/data"), "--mount fields");
	ok(o.mounts[0].nr_options == 3 &&
	   !strcmp(o.mounts[0].options[0], "rbind") &&
	   !strcmp(o.mounts[0].options[2], "rprivate"),
	   "--mount options split on ':'");
	ok(!strcmp(o.mounts[1].destination, "/run") && !o.mounts[1].source &&
	   o.mounts[1].nr_options == 2 &&
	   !strcmp(o.mounts[1].options[0], "mode=755"),
	   "--mount target= and o=, data options kept");
	ok(o.nr_sysctls == 2 && !strcmp(o.sysctls[0].key, "net.ipv4.ip_forward")
	   && !strcmp(o.sysctls[0].value, "1") &&
	   !strcmp(o.sysctls[1].value, "250 32000 32 128"), "--sysctl K=V");
}

int main(void)
{
	tap_plan(52);
	test_full();
	test_parsers();
	test_mount_sysctl();
	{
		static char a[] = "type=tmpfs,dst=run", b[] = "type=tmpfs",
			    c[] = "kind=tmpfs,dst=/x", d[] = "=1";

		bad("absolute path is needed", "--mount", a, "sh", NULL);
		bad("dst= an absolute", "--mount", b, "sh", NULL);
		bad("bad --mount field 'kind'", "--mount", c, "sh", NULL);
		bad("bad --sysctl", "--sysctl", d, "sh", NULL);
	}
	bad("no command given", "--rm", NULL);
	bad("bad size", "--memory", "12q", "sh", NULL);
	bad("unknown capability", "--cap-add", "WINGS", "sh", NULL);
	bad("exclude each other", "--rootfs", "/a", "--image", "b", "sh", NULL);
	bad("bad --network", "--net", "bad/name", "sh", NULL);
	bad("--network", "--network", "host", "-p", "80:80", "sh", NULL);
	bad("needs a network", "--network", "none", "--ip", "10.87.0.5", "sh", NULL);
	bad("container:", "--network", "container:x", "--dns", "1.1.1.1", "sh", NULL);
	bad("loopback host address", "--network", "bridge", "-p", "127.0.0.1:80:80", "sh", NULL);
	bad("must include mnt", "--ns", "pid", "sh", NULL);
	bad("-d cannot be combined", "-d", "-t", "sh", NULL);
	bad("bad or incomplete option", "--frobnicate", "sh", NULL);
	bad("--cpu-weight", "--cpu-weight", "0", "sh", NULL);
	bad("cpuset", "--cpuset-cpus", "a-b", "sh", NULL);
	return tap_done();
}
