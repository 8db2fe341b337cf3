// SPDX-License-Identifier: GPL-2.0
/*
 * The device policy: --device and volume option parsing, the rule list,
 * and the cgroup device program kctr generates, run here by a small
 * interpreter of the instructions it uses and checked against the rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices.h"
#include "spawnopts.h"
#include "tap.h"
#include "util.h"

/* struct bpf_cgroup_dev_ctx, as the kernel passes it. */
struct dev_ctx {
	uint32_t access_type, major, minor;
};

/*
 * Run @insns on @ctx: 1 allow, 0 deny, -1 when the program does anything
 * outside the subset (an unknown opcode, a jump out, a loop, a read
 * outside the context).
 */
static int run(const struct bpf_insn *insns, size_t n,
	       const struct dev_ctx *ctx)
{
	uint64_t r[11] = { 0 };
	size_t pc = 0, steps = 0;

	while (pc < n && steps++ < 4096) {
		const struct bpf_insn *i = &insns[pc++];
		uint32_t w;

		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			if (i->src_reg != BPF_REG_1 || i->off < 0 ||
			    i->off > 8 || i->off % 4)
				return -1;
			memcpy(&w, (const char *)ctx + i->off, 4);
			r[i->dst_reg] = w;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] & (uint32_t)i->imm;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] >> i->imm;
			break;
		case BPF_ALU | BPF_MOV | BPF_X:
			r[i->dst_reg] = (uint32_t)r[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			r[i->dst_reg] = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			if (r[i->dst_reg] != (uint64_t)(int64_t)i->imm) {
				if (i->off < 0)
					return -1;
				pc += i->off;
			}
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)r[0];
		default:
			return -1;
		}
	}
	return -1;
}

static int decide(const struct kctr_dev_policy *p, char type,
		  unsigned int maj, unsigned int min, unsigned int acc)
{
	struct bpf_insn insns[KCTR_DEV_MAX_INSNS];
	struct dev_ctx ctx = {
		(acc << 16) | (type == 'c' ? BPF_DEVCG_DEV_CHAR :
			       BPF_DEVCG_DEV_BLOCK), maj, min,
	};
	size_t n = kctr_dev_compile(p, insns);

	return run(insns, n, &ctx);
}

static void test_access(void)
{
	unsigned int a;

	ok(!kctr_dev_parse_access("rwm", &a) && a == KCTR_DEV_RWM, "rwm");
	ok(!kctr_dev_parse_access("mr", &a) &&
	   a == (KCTR_DEV_MKNOD | KCTR_DEV_READ), "mr");
	ok(kctr_dev_parse_access("", &a) < 0, "empty access refused");
	ok(kctr_dev_parse_access("rr", &a) < 0, "repeated letter refused");
	ok(kctr_dev_parse_access("rwx", &a) < 0, "unknown letter refused");
}

static void good(const char *arg, const char *host, const char *ctr,
		 unsigned int access)
{
	struct kctr_device d;
	struct kctr_err err = { 0 };

	ok(!kctr_parse_device(arg, &d, &err) && !strcmp(d.host, host) &&
	   !strcmp(d.ctr, ctr) && d.access == access,
	   "--device %s: %s as %s, access %u %s", arg, host, ctr, access,
	   err.msg);
}

static void bad(const char *arg, const char *why)
{
	struct kctr_device d;
	struct kctr_err err = { 0 };

	ok(kctr_parse_device(arg, &d, &err) == -EINVAL &&
	   strstr(err.msg, why), "--device %s refused: %s", arg, err.msg);
}

static void test_parse_device(void)
{
	good("/dev/full", "/dev/full", "/dev/full", KCTR_DEV_RWM);
	good("/dev/full:/dev/myfull", "/dev/full", "/dev/myfull",
	     KCTR_DEV_RWM);
	good("/dev/full:rw", "/dev/full", "/dev/full",
	     KCTR_DEV_READ | KCTR_DEV_WRITE);
	good("/dev/ttyS0:/dev/serial/a:r", "/dev/ttyS0", "/dev/serial/a",
	     KCTR_DEV_READ);
	bad("/dev/full:/dev/x:rwx", "bad access 'rwx'");
	bad("/dev/full:/dev/x:", "bad access ''");
	bad("/dev/full:/etc/x", "must name a node under /dev/");
	bad("/dev/full:/dev/../etc/x", "without '..'");
	bad("/dev/full:/dev/", "must name a node under /dev/");
	bad("/dev/full:/dev", "must name a node under /dev/");
	bad("/dev/full:/dev/x/", "must name a node under /dev/");
	bad("dev/full", "host path must be absolute");
	bad("/dev/../etc/passwd:/dev/x", "host path must be absolute");
	bad("/dev/full:/dev/x:r:w", "HOST[:CTR][:rwm]");
}

static void test_resolve(void)
{
	struct kctr_device d;
	struct kctr_err err = { 0 };
	char dir[] = "/tmp/devtestXXXXXX", file[64];

	kctr_parse_device("/dev/null:/dev/n", &d, &err);
	ok(!kctr_dev_resolve(&d, &err) && d.type == 'c' && d.major == 1 &&
	   d.minor == 3, "/dev/null resolves to c 1:3");
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(file, sizeof(file), "%s/f", dir);
	close(creat(file, 0600));
	snprintf(d.host, sizeof(d.host), "%s", file);
	ok(kctr_dev_resolve(&d, &err) == -ENODEV &&
	   strstr(err.msg, "not a character or block device"),
	   "a regular file is refused: %s", err.msg);
	snprintf(d.host, sizeof(d.host), "%s/none", dir);
	ok(kctr_dev_resolve(&d, &err) == -ENOENT, "a missing node: %s",
	   err.msg);
	unlink(file);
	rmdir(dir);
}

static void test_volume_opts(void)
{
	char v1[] = "/a:/b:rw,dev", v2[] = "/a:/b", v3[] = "/a:/b:ro,dev",
	     v4[] = "/a:/b:ro,rw", v5[] = "/a:/b:dev,dev", v6[] = "/a:/b:nodev";
	struct kctr_volume v;
	struct kctr_err err = { 0 };

	ok(!kctr_parse_volume(v1, &v, &err) && !v.ro && v.dev, "rw,dev");
	ok(!kctr_parse_volume(v2, &v, &err) && !v.ro && !v.dev,
	   "no options: rw, nodev");
	ok(!kctr_parse_volume(v3, &v, &err) && v.ro && v.dev, "ro,dev");
	ok(kctr_parse_volume(v4, &v, &err) < 0, "ro,rw refused");
	ok(kctr_parse_volume(v5, &v, &err) < 0, "dev,dev refused");
	ok(kctr_parse_volume(v6, &v, &err) < 0, "unknown option refused");
}

static void test_spawn_option(void)
{
	char *argv[] = { "spawn", "--device", "/dev/full:/dev/f:r",
			 "--device", "/dev/zero", "sh", NULL };
	char *bad_argv[] = { "spawn", "--device", "/dev/full:/x", "sh", NULL };
	struct kctr_spawn_opts o;
	struct kctr_err err = { 0 };

	ok(!kctr_spawn_parse(6, argv, &o, &err) && o.nr_devs == 2 &&
	   !strcmp(o.devs[0].ctr, "/dev/f") &&
	   o.devs[0].access == KCTR_DEV_READ &&
	   !strcmp(o.devs[1].ctr, "/dev/zero"), "--device is repeatable");
	ok(kctr_spawn_parse(4, bad_argv, &o, &err) < 0 &&
	   strstr(err.msg, "under /dev/"), "spawn refuses a bad --device");
}

static struct kctr_dev_policy policy(bool tty, const char *extra)
{
	struct kctr_dev_policy p;
	struct kctr_err err = { 0 };

	kctr_dev_policy_build(&p, tty, NULL, 0, &err);
	if (extra && !kctr_dev_rule_parse(extra, &p.rules[p.nr]))
		p.nr++;
	return p;
}

#define R KCTR_DEV_READ
#define W KCTR_DEV_WRITE
#define M KCTR_DEV_MKNOD

static void test_default_program(void)
{
	static const struct {
		char type;
		unsigned int maj, min, acc;
		int want;
		const char *what;
	} cases[] = {
		{ 'c', 1, 3, R | W, 1, "null rw" },
		{ 'c', 1, 5, R, 1, "zero r" },
		{ 'c', 1, 7, W, 1, "full w" },
		{ 'c', 1, 8, R, 1, "random r" },
		{ 'c', 1, 9, R, 1, "urandom r" },
		{ 'c', 5, 0, R | W, 1, "tty rw" },
		{ 'c', 5, 2, R | W, 1, "ptmx rw" },
		{ 'c', 136, 0, R | W, 1, "pts/0 rw" },
		{ 'c', 136, 1048575, R | W, 1, "any pts rw" },
		{ 'c', 1, 3, M, 1, "mknod of null" },
		{ 'c', 1, 1, R, 0, "mem r" },
		{ 'c', 1, 1, M, 0, "mknod of mem" },
		{ 'c', 1, 11, R, 0, "kmsg r" },
		{ 'c', 4, 64, W, 0, "ttyS0 w" },
		{ 'c', 5, 1, R | W, 0, "console without -t" },
		{ 'c', 10, 200, R | W, 0, "net/tun" },
		{ 'b', 8, 0, R, 0, "sda r" },
		{ 'b', 8, 0, M, 0, "mknod of sda" },
		{ 'b', 254, 0, R | W, 0, "vda rw" },
		{ 'b', 7, 0, R, 0, "loop0 r" },
		{ 'b', 1, 3, R, 0, "a block device with null's numbers" },
		{ 'b', 136, 0, R, 0, "a block device with pts numbers" },
		{ 'c', 3, 1, R, 0, "null's numbers swapped" },
	};
	struct kctr_dev_policy p = policy(false, NULL), t = policy(true, NULL);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int got = decide(&p, cases[i].type, cases[i].maj,
				 cases[i].min, cases[i].acc);

		ok(got == cases[i].want && got == kctr_dev_allows(&p,
		   cases[i].type, cases[i].maj, cases[i].min, cases[i].acc),
		   "default: %s %s (program %d)", cases[i].what,
		   cases[i].want ? "allowed" : "denied", got);
	}
	is_int(decide(&t, 'c', 5, 1, R | W), 1, "-t: console allowed");
	is_int(decide(&t, 'c', 4, 64, R | W), 0, "-t: ttyS0 still denied");
}

static void test_device_rules(void)
{
	struct kctr_device d[2] = {
		{ .type = 'c', .major = 10, .minor = 200, .access = R },
		{ .type = 'b', .major = 7, .minor = 0, .access = R | W | M },
	};
	struct kctr_dev_policy p;
	struct kctr_err err = { 0 };

	ok(!kctr_dev_policy_build(&p, false, d, 2, &err) && p.nr == 10,
	   "two --device rules after the eight standard ones");
	is_int(decide(&p, 'c', 10, 200, R), 1, "--device ...:r: read allowed");
	is_int(decide(&p, 'c', 10, 200, R | W), 0, "...:r: read-write denied");
	is_int(decide(&p, 'c', 10, 200, W), 0, "...:r: write denied");
	is_int(decide(&p, 'c', 10, 200, M), 0, "...:r: mknod denied");
	is_int(decide(&p, 'c', 10, 201, R), 0, "...:r: the next minor denied");
	is_int(decide(&p, 'b', 7, 0, R | W), 1, "b 7:0 rwm: rw allowed");
	is_int(decide(&p, 'c', 7, 0, R), 0, "b 7:0: c 7:0 denied");
	is_int(decide(&p, 'b', 7, 1, R), 0, "b 7:0: loop1 denied");
	d[0].type = 0;
	ok(kctr_dev_policy_build(&p, false, d, 1, &err) < 0,
	   "an unresolved --device is refused");
}

/* The program and the reference decision agree on every combination. */
static void test_cross_check(void)
{
	static const unsigned int majs[] = { 0, 1, 4, 5, 7, 8, 10, 136, 4095 };
	static const unsigned int mins[] = { 0, 1, 2, 3, 5, 7, 8, 9, 64, 200,
					     1048575 };
	static const char *const extra[] = {
		NULL, "a *:* m", "b 8:* r", "c *:64 w", "a 10:200 rw",
	};
	size_t e, a, b, m, n = 0, bad = 0;
	unsigned int acc;

	for (e = 0; e < ARRAY_SIZE(extra); e++) {
		struct kctr_dev_policy p = policy(e & 1, extra[e]);

		for (a = 0; a < ARRAY_SIZE(majs); a++)
			for (b = 0; b < ARRAY_SIZE(mins); b++)
				for (m = 0; m < 2; m++)
					for (acc = 1; acc <= 7; acc++, n++)
						bad += decide(&p, m ? 'b' : 'c',
							majs[a], mins[b], acc) !=
							kctr_dev_allows(&p,
							m ? 'b' : 'c', majs[a],
							mins[b], acc);
	}
	ok(!bad, "program == rules on %zu requests (%zu differ)", n, bad);
	{
		struct kctr_dev_policy p = policy(false, "a *:* m");

		is_int(decide(&p, 'b', 8, 0, M), 1, "a *:* m: mknod of sda");
		is_int(decide(&p, 'b', 8, 0, R), 0, "a *:* m: but no read");
	}
}

static void test_limits(void)
{
	struct bpf_insn insns[KCTR_DEV_MAX_INSNS];
	struct kctr_dev_policy p;
	size_t i, n;

	for (i = 0; i < KCTR_DEV_MAX_RULES; i++)
		p.rules[i] = (struct kctr_dev_rule){ 'c', 100 + i, i, R };
	p.nr = KCTR_DEV_MAX_RULES;
	n = kctr_dev_compile(&p, insns);
	ok(n <= KCTR_DEV_MAX_INSNS, "the largest policy fits: %zu insns", n);
	is_int(decide(&p, 'c', 100 + KCTR_DEV_MAX_RULES - 1,
		      KCTR_DEV_MAX_RULES - 1, R), 1, "its last rule matches");
}

static bool same(const struct kctr_dev_policy *p,
		 const struct kctr_dev_policy *q)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (p->rules[i].type != q->rules[i].type ||
		    p->rules[i].major != q->rules[i].major ||
		    p->rules[i].minor != q->rules[i].minor ||
		    p->rules[i].access != q->rules[i].access)
			return false;
	return true;
}

static void test_rule_text(void)
{
	static const char *const good_rules[] = {
		"c 1:3 rwm", "c 136:* rwm", "b 8:0 r", "a *:* m", "c 4095:1048575 w",
	};
	static const char *const bad_rules[] = {
		"x 1:2 r", "c 1:2", "c 1:2 q", "c 4096:1 r", "c 1:1048576 r",
		"c -1:2 r", "c1:2 r", "c 1 r",
	};
	struct kctr_dev_policy p, q;
	struct kctr_dev_rule r;
	struct kctr_err err = { 0 };
	char buf[64], dir[] = "/tmp/devtestXXXXXX", path[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good_rules); i++)
		ok(!kctr_dev_rule_parse(good_rules[i], &r) &&
		   !kctr_dev_rule_fmt(&r, buf, sizeof(buf)) &&
		   !strcmp(buf, good_rules[i]), "rule '%s' round-trips",
		   good_rules[i]);
	for (i = 0; i < ARRAY_SIZE(bad_rules); i++)
		ok(kctr_dev_rule_parse(bad_rules[i], &r) < 0,
		   "rule '%s' refused", bad_rules[i]);
	p = policy(true, "b 7:0 r");
	ok(mkdtemp(dir) && !kctr_dev_save(dir, &p, &err) &&
	   !kctr_dev_load(dir, &q) && q.nr == p.nr && same(&p, &q),
	   "save and load: the same %zu rules %s", p.nr, err.msg);
	snprintf(path, sizeof(path), "%s/devices", dir);
	unlink(path);
	ok(kctr_dev_load(dir, &q) == -ENOENT, "no file: -ENOENT");
	rmdir(dir);
}

/* OCI's extra allow rules: checked, then decided like the others. */
static void test_policy_add(void)
{
	static const struct kctr_dev_rule bad[] = {
		{ 'x', 1, 3, R }, { 'c', 1, 3, 0 }, { 'c', 1, 3, 8 },
		{ 'c', -2, 3, R }, { 'b', 8, -5, R },
	};
	struct kctr_dev_rule tun = { 'c', 10, 200, R | W };
	struct kctr_dev_policy p;
	struct kctr_err err = { 0 };
	size_t i;

	ok(!kctr_dev_policy_build(&p, false, NULL, 0, &err),
	   "policy_add: the standard list");
	ok(!kctr_dev_allows(&p, 'c', 10, 200, R),
	   "policy_add: tun denied before");
	ok(!kctr_dev_policy_add(&p, &tun, &err) &&
	   kctr_dev_allows(&p, 'c', 10, 200, R | W) &&
	   !kctr_dev_allows(&p, 'c', 10, 200, M) &&
	   !kctr_dev_allows(&p, 'b', 10, 200, R),
	   "policy_add: c 10:200 rw allows exactly that");
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(kctr_dev_policy_add(&p, &bad[i], &err) == -EINVAL,
		   "policy_add: bad rule %zu refused (%s)", i, err.msg);
	p.nr = KCTR_DEV_MAX_RULES;
	ok(kctr_dev_policy_add(&p, &tun, &err) == -E2BIG,
	   "policy_add: at most %d rules", KCTR_DEV_MAX_RULES);
}

int main(void)
{
	tap_plan(95);
	test_access();
	test_parse_device();
	test_resolve();
	test_volume_opts();
	test_spawn_option();
	test_default_program();
	test_device_rules();
	test_cross_check();
	test_limits();
	test_rule_text();
	test_policy_add();
	return tap_done();
}
