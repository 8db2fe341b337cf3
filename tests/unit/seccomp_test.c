// SPDX-License-Identifier: GPL-2.0
/*
 * Seccomp profiles: the exported programs are installed in a forked child
 * (no_new_privs, nothing outlives it) and checked by their effect.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "seccomp_cache.h"
#include "seccomp_profile.h"
#include "sha256.h"
#include "tap.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define diag(...) (fprintf(stderr, "# " __VA_ARGS__), fputc('\n', stderr))

static void skip(int n, const char *why, const char *what)
{
	while (n--)
		printf("ok %d # skip %s %s\n", ++tap_count, what, why);
}

/* @nr through the i386 entry (int 0x80) or the x32 one. */
#define I386	0x10000000L
#define X32	0x40000000L

static long i386_syscall(long nr, long a0)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a0)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

/*
 * In a child under @prog: errno of syscall @nr(a0), 0 if it succeeded.
 * The child is killed (-1) if the filter kills it (e.g. a wrong ABI).
 */
static int errno_under(void *prog, size_t len, long nr, long a0)
{
	struct sock_fprog fp = { len / sizeof(struct sock_filter), prog };
	int status;
	pid_t pid;

	pid = fork();
	if (!pid) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp))
			_exit(255);
		if (nr & I386) {
			long r = i386_syscall(nr & 0xffff, a0);

			_exit(r < 0 && r > -4096 ? -r : 0);
		}
		_exit(syscall(nr, a0, 0, 0, 0) < 0 ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int build_json(const char *json, void **prog, size_t *len,
		      struct kctr_err *err)
{
	memset(err, 0, sizeof(*err));
	return kctr_seccomp_build_json(json, strlen(json), kctr_caps_default(),
				       prog, len, err);
}

static void test_default(void)
{
	struct kctr_err err = { 0 };
	void *prog = NULL;
	size_t len = 0;
	int ret;

	ret = kctr_seccomp_build("default", kctr_caps_default(), &prog, &len,
				 &err);
	ok(!ret && prog && len % 8 == 0 && len / 8 <= 4096,
	   "default profile compiles (%zu instructions) %s", len / 8, err.msg);
	if (ret)
		return;
	is_int(errno_under(prog, len, SYS_swapoff, (long)"/nonexistent"),
	       EPERM, "default: swapoff is EPERM");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_NEWUSER), EPERM,
	       "default: unshare(CLONE_NEWUSER) is EPERM");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_NEWNET), EPERM,
	       "default: unshare(CLONE_NEWNET) is EPERM");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_FILES), EPERM,
	       "default: unshare is EPERM whatever the flags (moby)");
	is_int(errno_under(prog, len, SYS_clone, CLONE_NEWUSER | SIGCHLD),
	       EPERM, "default: clone(CLONE_NEWUSER) is EPERM");
	is_int(errno_under(prog, len, SYS_clone, SIGCHLD), 0,
	       "default: a plain clone (fork) is allowed");
	is_int(errno_under(prog, len, SYS_io_uring_setup, 1), EPERM,
	       "default: io_uring_setup is EPERM");
	is_int(errno_under(prog, len, SYS_personality, 0x0008), 0,
	       "default: personality(PER_LINUX32) is allowed");
	is_int(errno_under(prog, len, SYS_personality, 0x0400000), EPERM,
	       "default: personality(READ_IMPLIES_EXEC) is EPERM");
	/* syslog(SYSLOG_ACTION_SIZE_BUFFER) succeeds for root without it. */
	is_int(errno_under(prog, len, SYS_syslog, 10), EPERM,
	       "default: syslog is EPERM without CAP_SYSLOG");
	is_int(errno_under(prog, len, SYS_mount, 0), EPERM,
	       "default: mount is EPERM");
	is_int(errno_under(prog, len, SYS_open_by_handle_at, -1), EPERM,
	       "default: open_by_handle_at is EPERM");
	is_int(errno_under(prog, len, I386 | 20, 0), 0,
	       "default: i386 getpid (int 0x80) is allowed");
	is_int(errno_under(prog, len, I386 | 103, 10), EPERM,
	       "default: i386 syslog (int 0x80) is EPERM: same list");
	is_int(errno_under(prog, len, I386 | 425, 1), EPERM,
	       "default: i386 io_uring_setup (int 0x80) is EPERM");
	/* Without the filter: ENOSYS (x32 off) or success, never EPERM. */
	is_int(errno_under(prog, len, X32 | SYS_syslog, 10), EPERM,
	       "default: x32 syslog is EPERM: same list");
	is_int(errno_under(prog, len, SYS_clone3, 0), ENOSYS,
	       "default: clone3 is ENOSYS (libc falls back to clone)");
	is_int(errno_under(prog, len, SYS_getpid, 0), 0,
	       "default: getpid is allowed");
	is_int(errno_under(prog, len, SYS_keyctl, 0), EPERM,
	       "default: keyctl is EPERM");
	free(prog);
	ret = kctr_seccomp_build("unconfined", 0, &prog, &len, &err);
	ok(!ret && !prog && !len, "unconfined: no program");
}

static void test_json(void)
{
	struct kctr_err err;
	void *prog = NULL;
	size_t len = 0;
	int ret;

	ret = build_json("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
			 " \"architectures\": [\"SCMP_ARCH_X86_64\"],"
			 " \"syscalls\": [{\"names\": [\"getppid\", \"nosuch\"],"
			 " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38},"
			 " {\"names\": [\"getpgid\"], \"action\":"
			 " \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
			 " \"value\": 4242, \"op\": \"SCMP_CMP_EQ\"}]}]}",
			 &prog, &len, &err);
	ok(!ret && prog, "JSON profile compiles %s", err.msg);
	if (!ret) {
		is_int(errno_under(prog, len, SYS_getppid, 0), ENOSYS,
		       "JSON: errnoRet is honoured");
		is_int(errno_under(prog, len, SYS_getpgid, 4242), EPERM,
		       "JSON: argument filter matches");
		is_int(errno_under(prog, len, SYS_getpgid, 0), 0,
		       "JSON: argument filter lets other values through");
		free(prog);
	}
	ret = build_json("{\"defaultAction\": \"SCMP_ACT_ERRNO\","
			 " \"syscalls\": [{\"names\": [\"exit_group\", \"exit\","
			 " \"getpid\", \"seccomp\", \"prctl\"], \"action\":"
			 " \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\":"
			 " [\"CAP_CHOWN\"]}}]}", &prog, &len, &err);
	ok(!ret, "allow-list profile with includes.caps compiles %s", err.msg);
	if (!ret) {
		is_int(errno_under(prog, len, SYS_getpid, 0), 0,
		       "allow-list: listed call allowed");
		is_int(errno_under(prog, len, SYS_getppid, 0), EPERM,
		       "allow-list: other calls denied");
		free(prog);
	}
}

static void test_caps(void)
{
	struct kctr_err err = { 0 };
	uint64_t caps = kctr_caps_default();
	void *prog = NULL;
	size_t len = 0;
	int ret;

	ret = kctr_caps_update(&caps, "SYSLOG,SYS_ADMIN", 1, &err);
	if (!ret)
		ret = kctr_seccomp_build("default", caps, &prog, &len, &err);
	ok(!ret, "default with CAP_SYSLOG,CAP_SYS_ADMIN compiles %s", err.msg);
	if (ret)
		return;
	is_int(errno_under(prog, len, SYS_syslog, 10), 0,
	       "CAP_SYSLOG: syslog is allowed (moby)");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_NEWUSER), EPERM,
	       "CAP_SYS_ADMIN: unshare is still EPERM");
	is_int(errno_under(prog, len, SYS_mount, 0), EPERM,
	       "CAP_SYS_ADMIN: mount is still EPERM");
	is_int(errno_under(prog, len, SYS_swapoff, (long)"/nonexistent"),
	       EPERM, "CAP_SYS_ADMIN: swapoff is still EPERM");
	free(prog);
	prog = NULL;
	caps = kctr_caps_default();
	ret = kctr_caps_update(&caps, "SYS_ADMIN", 1, &err);
	if (!ret)
		ret = kctr_seccomp_build("default", caps, &prog, &len, &err);
	ok(!ret, "default with CAP_SYS_ADMIN alone compiles %s", err.msg);
	if (!ret)
		is_int(errno_under(prog, len, SYS_syslog, 10), EPERM,
		       "CAP_SYS_ADMIN without CAP_SYSLOG: syslog is EPERM");
	free(prog);
}

/* containers/common's file as Debian ships it, if it is installed. */
static void test_docker_file(void)
{
	static const char path[] = "/usr/share/containers/seccomp.json";
	struct kctr_err err = { 0 };
	void *prog = NULL;
	size_t len = 0;
	int ret;

	if (access(path, R_OK)) {
		skip(4, "is not installed", path);
		return;
	}
	ret = kctr_seccomp_build(path, kctr_caps_default(), &prog, &len, &err);
	ok(!ret && prog, "%s loads as it is %s", path, err.msg);
	if (ret)
		return;
	is_int(errno_under(prog, len, SYS_getpid, 0), 0,
	       "containers-common: getpid is allowed");
	is_int(errno_under(prog, len, SYS_io_uring_setup, 1), ENOSYS,
	       "containers-common: an unlisted call gets defaultErrno ENOSYS");
	is_int(errno_under(prog, len, SYS_kexec_load, 0), EPERM,
	       "containers-common: kexec_load gets its errno \"EPERM\"");
	free(prog);
}

/* Two conditions on argument 0: ORed, not an impossible AND. */
static const char oci_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	" \"defaultErrno\": \"EACCES\", \"syscalls\": ["
	" {\"names\": [\"exit_group\", \"exit\"], \"action\":"
	" \"SCMP_ACT_ALLOW\"},"
	" {\"names\": [\"personality\"], \"action\":"
	" \"SCMP_ACT_ALLOW\", \"args\": ["
	" {\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"},"
	" {\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}"
	"]},"
	" {\"names\": [\"getpgid\"], \"action\":"
	" \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\":"
	" [\"amd64\", \"loong64\", \"nosucharch\"]}},"
	" {\"names\": [\"getppid\"], \"action\":"
	" \"SCMP_ACT_ALLOW\", \"excludes\": {\"caps\":"
	" [\"CAP_SYS_ADMIN\", \"CAP_CHOWN\"]}},"
	" {\"names\": [\"getsid\"], \"action\":"
	" \"SCMP_ACT_ERRNO\", \"errno\": \"ENOSYS\"}]}";

static void test_oci_or(void)
{
	struct kctr_err err;
	void *prog = NULL;
	size_t len = 0;
	int ret;

	ret = build_json(oci_profile, &prog, &len, &err);
	ok(!ret && prog, "OCI profile compiles %s", err.msg);
	if (ret)
		return;
	is_int(errno_under(prog, len, SYS_personality, 8), 0,
	       "OCI: first condition on arg 0 allows");
	is_int(errno_under(prog, len, SYS_personality, 0), 0,
	       "OCI: second condition on arg 0 allows (ORed)");
	is_int(errno_under(prog, len, SYS_personality, 0x20000), EACCES,
	       "OCI: neither: defaultErrno \"EACCES\"");
	is_int(errno_under(prog, len, SYS_getpgid, 0), 0,
	       "includes.arches \"amd64\" is the native x86_64");
	is_int(errno_under(prog, len, SYS_getppid, 0), EACCES,
	       "excludes.caps: any one cap in the set excludes");
	is_int(errno_under(prog, len, SYS_getsid, 0), ENOSYS,
	       "errno \"ENOSYS\" by name");
	free(prog);
}

/* ---- the tree and the list decide alike ---- */

#define AUDIT_X86_64	0xc000003eU
#define AUDIT_I386	0x40000003U
#define AUDIT_AARCH64	0xc00000b7U

struct sc_data {		/* struct seccomp_data */
	int32_t nr;
	uint32_t arch;
	uint64_t ip;
	uint64_t args[6];
};

/* A conditional jump's test into *@t; -1 for an op seccomp refuses. */
static int cbpf_jump(uint16_t op, uint32_t a, uint32_t v, bool *t)
{
	switch (op) {
	case BPF_JEQ:
		*t = a == v;
		return 0;
	case BPF_JGT:
		*t = a > v;
		return 0;
	case BPF_JGE:
		*t = a >= v;
		return 0;
	case BPF_JSET:
		*t = a & v;
		return 0;
	}
	return -1;
}

/* An ALU op on *@a; -1 for a division by 0 or an unknown op. */
static int cbpf_alu(uint16_t op, uint32_t *a, uint32_t v)
{
	switch (op) {
	case BPF_ADD:
		*a += v;
		break;
	case BPF_SUB:
		*a -= v;
		break;
	case BPF_MUL:
		*a *= v;
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (!v)
			return -1;
		*a = op == BPF_DIV ? *a / v : *a % v;
		break;
	case BPF_AND:
		*a &= v;
		break;
	case BPF_OR:
		*a |= v;
		break;
	case BPF_XOR:
		*a ^= v;
		break;
	case BPF_LSH:
		*a = v < 32 ? *a << v : 0;
		break;
	case BPF_RSH:
		*a = v < 32 ? *a >> v : 0;
		break;
	case BPF_NEG:
		*a = -*a;
		break;
	default:
		return -1;
	}
	return 0;
}

/*
 * What the kernel returns for @d under classic BPF program @f (@n
 * instructions), interpreted here: the instructions seccomp(2) accepts
 * (seccomp_check_filter). Any other, or a bad load, yields 0 (KILL), which
 * the comparison then reports.
 */
static uint32_t cbpf_run(const struct sock_filter *f, size_t n,
			 const struct sc_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, v;
	size_t pc;
	bool t;

	for (pc = 0; pc < n; pc++) {
		const struct sock_filter *i = &f[pc];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k % 4 || i->k > sizeof(*d) - 4)
				return 0;
			memcpy(&a, (const char *)d + i->k, 4);
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			a = sizeof(*d);
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			x = sizeof(*d);
			break;
		case BPF_LD | BPF_IMM:
			a = i->k;
			break;
		case BPF_LDX | BPF_IMM:
			x = i->k;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (i->k >= BPF_MEMWORDS)
				return 0;
			if (i->code == BPF_ST)
				mem[i->k] = a;
			else if (i->code == BPF_STX)
				mem[i->k] = x;
			else if (i->code == (BPF_LD | BPF_MEM))
				a = mem[i->k];
			else
				x = mem[i->k];
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		case BPF_RET | BPF_A:
			return a;
		case BPF_JMP | BPF_JA:
			pc += i->k;
			break;
		default:
			v = BPF_SRC(i->code) == BPF_X ? x : i->k;
			if (BPF_CLASS(i->code) == BPF_JMP) {
				if (cbpf_jump(BPF_OP(i->code), a, v, &t))
					return 0;
				pc += t ? i->jt : i->jf;
			} else if (BPF_CLASS(i->code) != BPF_ALU ||
				   cbpf_alu(BPF_OP(i->code), &a, v)) {
				return 0;
			}
		}
	}
	return 0;	/* fell off the end: seccomp(2) refuses such a program */
}

/* The argument values tried at each index: flags the profiles test. */
static const uint64_t arg_values[] = {
	1, 8, 0x20000, 0x400000, CLONE_NEWUSER, CLONE_NEWNET | CLONE_NEWNS,
	0xffffffffULL, 0x100000000ULL, ~0ULL,
};

/* Every number of every ABI the filter sees, and one foreign arch. */
static bool next_call(struct sc_data *d, unsigned int *step)
{
	static const struct { uint32_t arch; int32_t base; } abis[] = {
		{ AUDIT_X86_64, 0 }, { AUDIT_X86_64, 0x40000000 },
		{ AUDIT_I386, 0 }, { AUDIT_AARCH64, 0 },
	};
	unsigned int abi = *step / 1025, nr = *step % 1025;

	if (abi >= sizeof(abis) / sizeof(*abis))
		return false;
	d->arch = abis[abi].arch;
	d->nr = nr == 1024 ? -1 : abis[abi].base + (int32_t)nr;
	(*step)++;
	return true;
}

/*
 * Programs @a and @b return the same for every call next_call() makes,
 * with all arguments 0 and with each value of arg_values[] at each index.
 * The first difference is a diagnostic; returns the number of them.
 */
static unsigned int decisions_differ(const void *a, size_t alen,
				     const void *b, size_t blen, size_t *runs)
{
	struct sc_data d = { 0 };
	unsigned int step = 0, bad = 0;
	size_t i, k;
	uint32_t ra, rb;

	while (next_call(&d, &step)) {
		for (i = 0; i <= 6 * ARRAY_SIZE(arg_values); i++) {
			memset(d.args, 0, sizeof(d.args));
			k = i ? (i - 1) / ARRAY_SIZE(arg_values) : 0;
			if (i)
				d.args[k] = arg_values[(i - 1) %
							ARRAY_SIZE(arg_values)];
			ra = cbpf_run(a, alen / 8, &d);
			rb = cbpf_run(b, blen / 8, &d);
			(*runs)++;
			if (ra != rb && !bad++)
				diag("arch %#x nr %d args[%zu] %#llx: %#x against %#x",
				     d.arch, d.nr, k,
				     (unsigned long long)d.args[k], ra, rb);
		}
	}
	return bad;
}

/* @what built as a tree and as a list: the same decisions. */
static void same_as_list(const char *what, int (*build)(const void *arg,
		void **prog, size_t *len, struct kctr_err *err), const void *arg)
{
	struct kctr_err err = { 0 };
	void *tree = NULL, *list = NULL;
	size_t tlen = 0, llen = 0, runs = 0;
	int rt, rl;

	kctr_seccomp_use_tree(true);
	rt = build(arg, &tree, &tlen, &err);
	kctr_seccomp_use_tree(false);
	rl = build(arg, &list, &llen, &err);
	kctr_seccomp_use_tree(true);
	ok(!rt && !rl && tree && list && tlen != llen,
	   "%s: built as a tree (%zu instructions) and as a list (%zu) %s",
	   what, tlen / 8, llen / 8, err.msg);
	if (!rt && !rl)
		is_int(decisions_differ(tree, tlen, list, llen, &runs), 0,
		       "%s: the tree decides as the list (%zu calls)", what,
		       runs);
	else
		ok(0, "%s: nothing to compare", what);
	free(tree);
	free(list);
}

static int build_default(const void *caps, void **prog, size_t *len,
			 struct kctr_err *err)
{
	bool hit;

	/* No cache: each layout compiled. */
	return kctr_seccomp_build_cached("default", *(const uint64_t *)caps,
					 NULL, prog, len, &hit, err);
}

static int build_text(const void *json, void **prog, size_t *len,
		      struct kctr_err *err)
{
	return build_json(json, prog, len, err);
}

static int build_path(const void *path, void **prog, size_t *len,
		      struct kctr_err *err)
{
	bool hit;

	return kctr_seccomp_build_cached(path, kctr_caps_default(), NULL, prog,
					 len, &hit, err);
}

static void test_tree_list(void)
{
	static const char docker[] = "/usr/share/containers/seccomp.json";
	const uint64_t caps = kctr_caps_default(), all = ~0ULL;

	struct kctr_err err = { 0 };
	struct sc_data d = { .arch = AUDIT_X86_64, .nr = SYS_getpid };
	void *prog = NULL;
	size_t len = 0;

	/* The interpreter agrees with the kernel's verdicts (test_default). */
	if (build_default(&caps, &prog, &len, &err))
		diag("default profile: %s", err.msg);
	is_int(prog ? cbpf_run(prog, len / 8, &d) : 1, SECCOMP_RET_ALLOW,
	       "interpreted: getpid is allowed");
	d.nr = SYS_swapoff;
	is_int(prog ? cbpf_run(prog, len / 8, &d) : 1,
	       SECCOMP_RET_ERRNO | EPERM, "interpreted: swapoff is EPERM");
	d.arch = AUDIT_AARCH64;
	is_int(prog ? cbpf_run(prog, len / 8, &d) : 1,
	       SECCOMP_RET_KILL_PROCESS, "interpreted: a foreign arch is killed");
	/* ... and the comparison sees a difference where there is one. */
	{
		void *more = NULL;
		size_t mlen = 0, runs = 0;

		ok(prog && !build_default(&all, &more, &mlen, &err) &&
		   decisions_differ(prog, len, more, mlen, &runs) > 0,
		   "the default profile with all capabilities decides otherwise");
		free(more);
	}
	free(prog);
	same_as_list("default profile", build_default, &caps);
	same_as_list("default profile, all capabilities", build_default, &all);
	same_as_list("OCI profile with ORed arguments", build_text, oci_profile);
	if (access(docker, R_OK))
		skip(2, "is not installed", docker);
	else
		same_as_list(docker, build_path, docker);
}

static const char *cache_dir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "%s/seccomp", getenv("KCTR_STATE_DIR"));
	return dir;
}

static bool build_hit(uint64_t caps, void **prog, size_t *len)
{
	struct kctr_err err = { 0 };
	bool hit = false;

	*prog = NULL;
	if (kctr_seccomp_build_cached("default", caps, cache_dir(), prog, len,
				      &hit, &err))
		diag("build: %s", err.msg);
	return hit;
}

static void entry_path(uint64_t caps, char *path, size_t n)
{
	uint8_t key[32];
	char hex[65];

	kctr_seccomp_key(NULL, 0, caps, key);
	kctr_sha256_hex(key, hex);
	snprintf(path, n, "%s/%s.bpf", cache_dir(), hex);
}

static void poke(const char *path, off_t off, int truncate_to)
{
	int fd = open(path, O_RDWR);
	char c;

	if (fd < 0)
		return;
	if (truncate_to >= 0) {
		if (ftruncate(fd, truncate_to))
			diag("ftruncate: %m");
	} else if (pread(fd, &c, 1, off) == 1) {
		c ^= 0x40;
		if (pwrite(fd, &c, 1, off) != 1)
			diag("pwrite: %m");
	}
	close(fd);
}

static void test_cache(void)
{
	uint64_t caps = kctr_caps_default();
	struct kctr_err err = { 0 };
	void *ref = NULL, *prog = NULL;
	size_t rlen = 0, len = 0;
	char path[200], other[200];
	struct stat st;

	kctr_seccomp_build_cached("default", caps, NULL, &ref, &rlen, &(bool){0},
				  &err);
	entry_path(caps, path, sizeof(path));
	unlink(path);	/* test_default() put it there */
	ok(!build_hit(caps, &prog, &len), "cache: first build compiles");
	ok(!stat(path, &st) && (st.st_mode & 0777) == 0600 &&
	   st.st_size == (off_t)(sizeof(struct kctr_seccomp_cache_hdr) + rlen),
	   "cache: entry %s written, 0600, header + program", path);
	ok(!stat(cache_dir(), &st) && (st.st_mode & 0777) == 0700,
	   "cache: directory is 0700");
	free(prog);
	ok(build_hit(caps, &prog, &len) && len == rlen &&
	   !memcmp(prog, ref, len), "cache: second build is a hit, same bytes");
	free(prog);
	poke(path, sizeof(struct kctr_seccomp_cache_hdr) + 13, -1);
	ok(!build_hit(caps, &prog, &len) && len == rlen &&
	   !memcmp(prog, ref, len), "cache: a flipped bit is ignored");
	free(prog);
	ok(build_hit(caps, &prog, &len), "cache: ... and the entry rewritten");
	free(prog);
	poke(path, 0, sizeof(struct kctr_seccomp_cache_hdr) + 12);
	ok(!build_hit(caps, &prog, &len) && len == rlen,
	   "cache: a truncated entry is ignored");
	free(prog);
	/* A valid entry under another key's name is not that key's program. */
	entry_path(caps | 1ULL << CAP_SYSLOG, other, sizeof(other));
	ok(!build_hit(caps | 1ULL << CAP_SYSLOG, &prog, &len),
	   "cache: another cap set is another key");
	free(prog);
	ok(!rename(path, other) &&
	   !build_hit(caps | 1ULL << CAP_SYSLOG, &prog, &len),
	   "cache: an entry whose header has another key is ignored");
	free(prog);
	chmod(cache_dir(), 0755);
	ok(!build_hit(caps | 1ULL << CAP_SYSLOG, &prog, &len) &&
	   !build_hit(caps | 1ULL << CAP_SYSLOG, &prog, &len),
	   "cache: a directory others can read is not used");
	free(prog);
	free(ref);
}

static void rejects(const char *json, const char *why)
{
	struct kctr_err err;
	void *prog = NULL;
	size_t len = 0;
	int ret = build_json(json, &prog, &len, &err);

	ok(ret < 0 && !prog && strstr(err.msg, why), "rejected (%s): %s", why,
	   err.msg);
	free(prog);
}

int main(void)
{
	char state[] = "/tmp/kctr-seccomp-test.XXXXXX";

	tap_plan(80);
	/* The cache goes there, never into the host's /var/lib/kctr. */
	if (!mkdtemp(state))
		return 1;
	setenv("KCTR_STATE_DIR", state, 1);
	test_default();
	test_caps();
	test_docker_file();
	test_oci_or();
	test_tree_list();
	test_cache();
	test_json();
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"bogus\": 1}",
		"unknown field \"bogus\"");
	rejects("{\"defaultAction\": \"SCMP_ACT_MAYBE\"}",
		"unknown or unsupported action \"SCMP_ACT_MAYBE\"");
	rejects("{\"syscalls\": []}", "\"defaultAction\" string missing");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"args\": [{\"index\": 9, \"value\": 1, \"op\":"
		" \"SCMP_CMP_EQ\"}]}]}", "index 0..5");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"args\": [{\"index\": 0, \"value\": 1, \"op\":"
		" \"SCMP_CMP_ALMOST\"}]}]}", "unknown operator");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\":"
		" [\"SCMP_ARCH_VAX\"]}", "unknown architecture");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"colour\": 1}]}", "unknown field \"colour\"");
	rejects("{\"defaultAction\": ", "line 1, column 19");
	rejects("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\":"
		" \"EWHATEVER\"}", "unknown errno name in \"EWHATEVER\"");
	rejects("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\":"
		" \"EPERM\", \"defaultErrnoRet\": 38}", "disagree");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"includes\": {\"kernel\": \"6.1\"}}]}",
		"includes: unknown field \"kernel\"");
	rejects("{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}",
		"unsupported action \"SCMP_ACT_NOTIFY\"");
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state);
		if (system(cmd))
			diag("could not remove %s", state);
	}
	return tap_done();
}
