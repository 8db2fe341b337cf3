// SPDX-License-Identifier: GPL-2.0
/* Seccomp profiles compiled with libseccomp and exported as classic BPF. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/kctr.h>
#include <linux/capability.h>
#include <linux/sched.h>

#include "caps.h"
#include "jsonparse.h"
#include "image.h"
#include "seccomp_cache.h"
#include "seccomp_profile.h"
#include "sha256.h"
#include "util.h"

#define PROFILE_MAX_BYTES (4 << 20)

/*
 * The default profile: deny (EPERM) everything but an allow list. The list
 * is moby's profiles/seccomp/default.json as of 2024 (Docker 25 dropped
 * io_uring from it, so do we), with ptrace and process_vm_* (moby: kernel
 * >= 4.8) and the x86 arch_prctl and modify_ldt unconditional.
 */
static const char *const default_allow[] = {
	"accept", "accept4", "access", "adjtimex", "alarm", "arch_prctl",
	"bind", "brk", "capget", "capset", "chdir", "chmod", "chown",
	"chown32", "clock_adjtime", "clock_adjtime64", "clock_getres",
	"clock_getres_time64", "clock_gettime", "clock_gettime64",
	"clock_nanosleep", "clock_nanosleep_time64", "close", "close_range",
	"connect", "copy_file_range", "creat", "dup", "dup2", "dup3",
	"epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old",
	"epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old",
	"eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group",
	"faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate",
	"fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchown", "fchown32",
	"fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr",
	"flock", "fork", "fremovexattr", "fsetxattr", "fstat", "fstat64",
	"fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate",
	"ftruncate64", "futex", "futex_time64", "futex_waitv", "futimesat",
	"get_robust_list", "get_thread_area", "getcpu", "getcwd", "getdents",
	"getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid",
	"getgid32", "getgroups", "getgroups32", "getitimer", "getpeername",
	"getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrandom",
	"getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit",
	"getrusage", "getsid", "getsockname", "getsockopt", "gettid",
	"gettimeofday", "getuid", "getuid32", "getxattr", "inotify_add_watch",
	"inotify_init", "inotify_init1", "inotify_rm_watch", "io_cancel",
	"io_destroy", "io_getevents", "io_pgetevents", "io_pgetevents_time64",
	"io_setup", "io_submit", "ioctl", "ioprio_get", "ioprio_set", "ipc",
	"kill", "landlock_add_rule", "landlock_create_ruleset",
	"landlock_restrict_self", "lchown", "lchown32", "lgetxattr", "link",
	"linkat", "listen", "listxattr", "llistxattr", "_llseek",
	"lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise",
	"membarrier", "memfd_create", "memfd_secret", "mincore", "mkdir",
	"mkdirat", "mknod", "mknodat", "mlock", "mlock2", "mlockall", "mmap",
	"mmap2", "modify_ldt", "mprotect", "mq_getsetattr", "mq_notify",
	"mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
	"mq_timedsend_time64", "mq_unlink", "mremap", "msgctl", "msgget",
	"msgrcv", "msgsnd", "msync", "munlock", "munlockall", "munmap",
	"name_to_handle_at", "nanosleep", "newfstatat", "_newselect", "open",
	"openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal",
	"pipe", "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect", "poll",
	"ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2",
	"prlimit64", "process_mrelease", "process_vm_readv",
	"process_vm_writev", "pselect6", "pselect6_time64", "ptrace",
	"pwrite64", "pwritev", "pwritev2", "read", "readahead", "readlink",
	"readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
	"recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr",
	"rename", "renameat", "renameat2", "restart_syscall", "rmdir", "rseq",
	"rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo",
	"rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
	"rt_sigtimedwait_time64", "rt_tgsigqueueinfo",
	"sched_get_priority_max", "sched_get_priority_min",
	"sched_getaffinity", "sched_getattr", "sched_getparam",
	"sched_getscheduler", "sched_rr_get_interval",
	"sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr",
	"sched_setparam", "sched_setscheduler", "sched_yield", "seccomp",
	"select", "semctl", "semget", "semop", "semtimedop",
	"semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg",
	"sendmsg", "sendto", "set_robust_list", "set_thread_area",
	"set_tid_address", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32",
	"setgid", "setgid32", "setgroups", "setgroups32", "setitimer",
	"setpgid", "setpriority", "setregid", "setregid32", "setresgid",
	"setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
	"setrlimit", "setsid", "setsockopt", "setuid", "setuid32", "setxattr",
	"shmat", "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack",
	"signalfd", "signalfd4", "sigprocmask", "sigreturn", "socketcall",
	"socketpair", "splice", "stat", "stat64", "statfs", "statfs64",
	"statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs",
	"sysinfo", "tee", "tgkill", "time", "timer_create", "timer_delete",
	"timer_getoverrun", "timer_gettime", "timer_gettime64",
	"timer_settime", "timer_settime64", "timerfd_create",
	"timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
	"timerfd_settime64", "times", "tkill", "truncate", "truncate64",
	"ugetrlimit", "umask", "uname", "unlink", "unlinkat", "utime",
	"utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice",
	"wait4", "waitid", "waitpid", "write", "writev",
	NULL,
};

/*
 * What a capability in the container's set adds, as moby does it. Left out
 * on purpose, whatever the set: moby's CAP_SYS_ADMIN group for mount, the
 * new mount API, unshare, setns and namespace flags of clone (a container
 * never builds namespaces or mounts of its own), bpf, perf_event_open,
 * lookup_dcookie, open_by_handle_at (the "shocker" escape with
 * CAP_DAC_READ_SEARCH) and the module calls of CAP_SYS_MODULE. Use
 * --seccomp FILE (e.g. Docker's own profile) to get those.
 */
/*
 * Not syslog, which moby lets CAP_SYS_ADMIN have: Debian's 6.1 lets
 * CAP_SYS_ADMIN read the host's kernel log (a deprecated fallback for
 * CAP_SYSLOG); only CAP_SYSLOG, asked for by name, opens it.
 */
static const char *const allow_sys_admin[] = {
	"fanotify_init", "quotactl", "quotactl_fd", "setdomainname",
	"sethostname", NULL,
};
static const char *const allow_sys_boot[] = { "reboot", NULL };
static const char *const allow_sys_chroot[] = { "chroot", NULL };
static const char *const allow_sys_pacct[] = { "acct", NULL };
static const char *const allow_sys_ptrace[] = {
	"kcmp", "pidfd_getfd", "process_madvise", NULL,
};
static const char *const allow_sys_rawio[] = { "ioperm", "iopl", NULL };
static const char *const allow_sys_time[] = {
	"clock_settime", "clock_settime64", "settimeofday", "stime", NULL,
};
static const char *const allow_sys_tty_config[] = { "vhangup", NULL };
static const char *const allow_sys_nice[] = {
	"get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node",
	NULL,
};
static const char *const allow_syslog[] = { "syslog", NULL };

static const struct {
	int cap;
	const char *const *names;
} default_cap_allow[] = {
	{ CAP_SYS_ADMIN, allow_sys_admin },
	{ CAP_SYS_BOOT, allow_sys_boot },
	{ CAP_SYS_CHROOT, allow_sys_chroot },
	{ CAP_SYS_PACCT, allow_sys_pacct },
	{ CAP_SYS_PTRACE, allow_sys_ptrace },
	{ CAP_SYS_RAWIO, allow_sys_rawio },
	{ CAP_SYS_TIME, allow_sys_time },
	{ CAP_SYS_TTY_CONFIG, allow_sys_tty_config },
	{ CAP_SYS_NICE, allow_sys_nice },
	{ CAP_SYSLOG, allow_syslog },
};

/* Namespace flags of clone(2) and unshare(2): never from inside. */
#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
		  CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
		  CLONE_NEWTIME)

/* Calls allowed only with these arguments (each entry one ORed rule). */
static const struct {
	const char *name;
	struct scmp_arg_cmp cmp;
} default_arg_allow[] = {
	/* A thread or a process, never a namespace. */
	{ "clone", { 0, SCMP_CMP_MASKED_EQ, NS_FLAGS, 0 } },
	/* Everything but AF_VSOCK (moby). */
	{ "socket", { 0, SCMP_CMP_NE, 40, 0 } },
	/* PER_LINUX, PER_LINUX32, UNAME26 and the query (moby). */
	{ "personality", { 0, SCMP_CMP_EQ, 0x0, 0 } },
	{ "personality", { 0, SCMP_CMP_EQ, 0x8, 0 } },
	{ "personality", { 0, SCMP_CMP_EQ, 0x20000, 0 } },
	{ "personality", { 0, SCMP_CMP_EQ, 0x20008, 0 } },
	{ "personality", { 0, SCMP_CMP_EQ, 0xffffffff, 0 } },
};

/*
 * clone3's flags are behind a pointer the filter cannot read: ENOSYS makes
 * libc fall back to clone, whose flags it can.
 */
static const char default_enosys[] = "clone3";

/* Bump when the built-in profile above changes meaning (cache key). */
#define DEFAULT_PROFILE_VERSION	3

static int rule(scmp_filter_ctx ctx, uint32_t action, const char *name,
		unsigned int nargs, const struct scmp_arg_cmp *cmp,
		struct kctr_err *err)
{
	int nr = seccomp_syscall_resolve_name(name);
	int ret;

	/* Names unknown to every architecture in the filter are skipped. */
	if (nr == __NR_SCMP_ERROR)
		return 0;
	ret = seccomp_rule_add_array(ctx, action, nr, nargs, cmp);
	if (ret)
		return kctr_err_set(err, -ret, "rule for %s: %s", name,
				    strerror(-ret));
	return 0;
}

static int add_secondary_arches(scmp_filter_ctx ctx, struct kctr_err *err)
{
	int ret;

	if (seccomp_arch_native() != SCMP_ARCH_X86_64)
		return 0;
	ret = seccomp_arch_add(ctx, SCMP_ARCH_X86);
	if (!ret)
		ret = seccomp_arch_add(ctx, SCMP_ARCH_X32);
	if (ret && ret != -EEXIST)
		return kctr_err_set(err, -ret, "adding x86/x32: %s",
				    strerror(-ret));
	return 0;
}

static int allow_names(scmp_filter_ctx ctx, const char *const *names,
		       struct kctr_err *err)
{
	int ret = 0;

	for (; !ret && *names; names++)
		ret = rule(ctx, SCMP_ACT_ALLOW, *names, 0, NULL, err);
	return ret;
}

/*
 * The i386 and x32 entry points get the same allow list as x86_64 (moby's
 * archMap does the same): libseccomp resolves each name per ABI, so a
 * 32-bit program runs and a call reached through int 0x80 or the x32 bit is
 * judged by the same list instead of bypassing it. Any other ABI is killed
 * (SCMP_FLTATR_ACT_BADARCH).
 */
static int build_default(scmp_filter_ctx ctx, uint64_t caps,
			 struct kctr_err *err)
{
	size_t i;
	int ret;

	ret = add_secondary_arches(ctx, err);
	if (!ret)
		ret = allow_names(ctx, default_allow, err);
	for (i = 0; !ret && i < ARRAY_SIZE(default_cap_allow); i++)
		if (caps & (1ULL << default_cap_allow[i].cap))
			ret = allow_names(ctx, default_cap_allow[i].names, err);
	for (i = 0; !ret && i < ARRAY_SIZE(default_arg_allow); i++)
		ret = rule(ctx, SCMP_ACT_ALLOW, default_arg_allow[i].name, 1,
			   &default_arg_allow[i].cmp, err);
	if (!ret)
		ret = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), default_enosys, 0, NULL,
			   err);
	return ret;
}

/*
 * The built-in profile's part of its cache key: the digest of this file,
 * which holds its tables and the code that compiles them, taken by the
 * Makefile. Hashing the tables themselves (some 400 names) at each spawn
 * cost about 1.5 ms under TCG; any edit of the file gives a new key.
 */
#ifndef KCTR_SECCOMP_SOURCE_DIGEST
#error "KCTR_SECCOMP_SOURCE_DIGEST: the sha256 of seccomp.c (see the Makefile)"
#endif

static void hash_default(struct kctr_sha256 *s)
{
	static const int version = DEFAULT_PROFILE_VERSION;
	static const char digest[] = KCTR_SECCOMP_SOURCE_DIGEST;

	kctr_sha256_update(s, "default", 8);
	kctr_sha256_update(s, &version, sizeof(version));
	kctr_sha256_update(s, digest, sizeof(digest));
}

/* ---- Docker/OCI JSON profiles ---- */

struct profile {
	scmp_filter_ctx ctx;
	uint32_t def_action;
	uint64_t caps;
	struct kctr_err *err;
};

static int check_keys(const struct kjson *obj, const char *what,
		      const char *const *allowed, struct kctr_err *err)
{
	const char *const *a;
	size_t i;

	if (obj->type != KJSON_OBJECT)
		return kctr_err_set(err, EINVAL, "%s: object expected, not %s",
				    what, kjson_type_name(obj->type));
	for (i = 0; i < obj->n; i++) {
		for (a = allowed; *a && strcmp(*a, obj->keys[i]); a++)
			;
		if (!*a)
			return kctr_err_set(err, EINVAL,
					    "%s: unknown field \"%s\"", what,
					    obj->keys[i]);
	}
	return 0;
}

static int want_type(const struct kjson *v, enum kjson_type t,
		     const char *what, struct kctr_err *err)
{
	if (v->type != t)
		return kctr_err_set(err, EINVAL, "%s: %s expected, not %s",
				    what, kjson_type_name(t),
				    kjson_type_name(v->type));
	return 0;
}

/* "EPERM" -> 1: every name glibc knows. */
static int errno_by_name(const char *name)
{
	const char *n;
	int e;

	for (e = 1; e < 4096; e++) {
		n = strerrorname_np(e);
		if (n && !strcmp(n, name))
			return e;
	}
	return -1;
}

/*
 * The errno of an ERRNO action: the number @num ("errnoRet",
 * "defaultErrnoRet") or else the name @name ("errno", "defaultErrno", as
 * containers/common writes them); both must agree when both are given.
 */
static int errno_of(const struct kjson *num, const struct kjson *name,
		    int def, int *out, const char *what, struct kctr_err *err)
{
	uint64_t n;
	int byname = -1;

	*out = def;
	if (name && name->type != KJSON_NULL) {
		if (name->type != KJSON_STRING ||
		    (byname = errno_by_name(name->str)) < 0)
			return kctr_err_set(err, EINVAL, "%s: unknown errno "
					    "name in \"%s\"", what,
					    name->type == KJSON_STRING ?
					    name->str : "(not a string)");
		*out = byname;
	}
	if (!num || num->type == KJSON_NULL)
		return 0;
	if (kjson_u64(num, &n) || n > 4095)
		return kctr_err_set(err, EINVAL,
				    "%s: errnoRet must be 0..4095", what);
	if (byname >= 0 && (uint64_t)byname != n)
		return kctr_err_set(err, EINVAL, "%s: errnoRet %llu and errno "
				    "\"%s\" disagree", what,
				    (unsigned long long)n, name->str);
	*out = n;
	return 0;
}

static int parse_action(const char *name, int eno, uint32_t *out,
			const char *what, struct kctr_err *err)
{
	static const struct {
		const char *name;
		uint32_t action;
	} tab[] = {
		{ "SCMP_ACT_KILL", SCMP_ACT_KILL },
		{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
		{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
		{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
		{ "SCMP_ACT_LOG", SCMP_ACT_LOG },
	};
	size_t i;

	if (!strcmp(name, "SCMP_ACT_ERRNO")) {
		*out = SCMP_ACT_ERRNO(eno);
		return 0;
	}
	if (!strcmp(name, "SCMP_ACT_TRACE")) {
		*out = SCMP_ACT_TRACE(eno);
		return 0;
	}
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!strcmp(name, tab[i].name)) {
			*out = tab[i].action;
			return 0;
		}
	}
	return kctr_err_set(err, EINVAL, "%s: unknown or unsupported action "
			    "\"%s\"", what, name);
}

static int parse_op(const char *name, enum scmp_compare *op,
		    struct kctr_err *err)
{
	static const char *const names[] = {
		[SCMP_CMP_NE] = "SCMP_CMP_NE", [SCMP_CMP_LT] = "SCMP_CMP_LT",
		[SCMP_CMP_LE] = "SCMP_CMP_LE", [SCMP_CMP_EQ] = "SCMP_CMP_EQ",
		[SCMP_CMP_GE] = "SCMP_CMP_GE", [SCMP_CMP_GT] = "SCMP_CMP_GT",
		[SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i] && !strcmp(name, names[i])) {
			*op = i;
			return 0;
		}
	}
	return kctr_err_set(err, EINVAL, "unknown operator \"%s\"", name);
}

/*
 * "SCMP_ARCH_X86_64" (architectures, archMap) or the Go name "amd64"
 * (includes/excludes "arches", as Docker and containers/common write them).
 */
static int arch_of(const char *name, uint32_t *arch, struct kctr_err *err)
{
	static const char *const go_names[][2] = {
		{ "amd64", "x86_64" }, { "386", "x86" }, { "arm64", "aarch64" },
		{ "mipsle", "mipsel" }, { "mips64le", "mipsel64" },
		{ "mips64p32", "mips64n32" }, { "mips64p32le", "mipsel64n32" },
		{ "loong64", "loongarch64" },
	};
	const char *s = name;
	char low[32];
	size_t i;

	if (!strncmp(s, "SCMP_ARCH_", 10))
		s += 10;
	if (strlen(s) >= sizeof(low))
		goto unknown;
	for (i = 0; s[i]; i++)
		low[i] = tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (i = 0; s == name && i < ARRAY_SIZE(go_names); i++)
		if (!strcmp(low, go_names[i][0]))
			strcpy(low, go_names[i][1]);
	*arch = seccomp_arch_resolve_name(low);
	if (*arch)
		return 0;
unknown:
	return kctr_err_set(err, EINVAL, "unknown architecture \"%s\"", name);
}

static int parse_arg(const struct kjson *a, struct scmp_arg_cmp *cmp,
		     struct kctr_err *err)
{
	static const char *const keys[] = {
		"index", "value", "valueTwo", "op", NULL,
	};
	const struct kjson *idx, *val, *two, *op;
	uint64_t i, v, v2 = 0;
	enum scmp_compare c = SCMP_CMP_EQ;
	int ret;

	ret = check_keys(a, "syscalls[].args[]", keys, err);
	if (ret)
		return ret;
	idx = kjson_get(a, "index");
	val = kjson_get(a, "value");
	two = kjson_get(a, "valueTwo");
	op = kjson_get(a, "op");
	if (!idx || !val || !op || kjson_u64(idx, &i) || i > 5 ||
	    kjson_u64(val, &v) || (two && kjson_u64(two, &v2)) ||
	    op->type != KJSON_STRING)
		return kctr_err_set(err, EINVAL, "syscalls[].args[]: needs "
				    "index 0..5, value, op (and valueTwo) "
				    "as unsigned integers and a string");
	ret = parse_op(op->str, &c, err);
	if (ret)
		return ret;
	/* Docker's "value" is the mask and "valueTwo" the datum. */
	*cmp = (struct scmp_arg_cmp){ .arg = i, .op = c, .datum_a = v,
				      .datum_b = v2 };
	return 0;
}

/*
 * Is the native architecture among @arches? A name libseccomp does not know
 * is not the native one: skipped, so a profile written for a newer
 * libseccomp still loads.
 */
static int native_arch_name_matches(const struct kjson *arches, bool *hit,
				    struct kctr_err *err)
{
	struct kctr_err ignored;
	uint32_t arch;
	size_t i;
	int ret;

	*hit = false;
	ret = want_type(arches, KJSON_ARRAY, "arches", err);
	for (i = 0; !ret && i < arches->n; i++) {
		ret = want_type(arches->items[i], KJSON_STRING, "arches[]",
				err);
		if (!ret && !arch_of(arches->items[i]->str, &arch, &ignored) &&
		    arch == seccomp_arch_native())
			*hit = true;
	}
	return ret;
}

static int kernel_at_least(const char *ver, bool *ok, struct kctr_err *err)
{
	unsigned int a, b, x = 0, y = 0;
	struct utsname u;

	if (sscanf(ver, "%u.%u", &a, &b) != 2)
		return kctr_err_set(err, EINVAL, "bad minKernel \"%s\"", ver);
	uname(&u);
	sscanf(u.release, "%u.%u", &x, &y);
	*ok = x > a || (x == a && y >= b);
	return 0;
}

/*
 * The caps of an "includes" (@all: every one in the set) or an "excludes"
 * (any one in the set). A name kctr does not know is not in the set.
 */
static int caps_match(const struct kjson *v, uint64_t caps, bool all,
		      bool *match, struct kctr_err *err)
{
	struct kctr_err ignored;
	uint64_t want;
	bool in;
	size_t i;
	int ret;

	ret = want_type(v, KJSON_ARRAY, "caps", err);
	*match = all;
	for (i = 0; !ret && i < v->n; i++) {
		want = 0;
		ret = want_type(v->items[i], KJSON_STRING, "caps[]", err);
		if (ret)
			break;
		in = !kctr_caps_update(&want, v->items[i]->str, 1, &ignored) &&
		     (caps & want);
		if (all ? !in : in)
			*match = !all;
	}
	return ret;
}

/*
 * "includes" (@all) applies when every condition holds, "excludes" when any
 * does, as Docker's and containers/common's profile loaders read them.
 */
static int cond_matches(const struct kjson *c, uint64_t caps, bool all,
			bool *match, struct kctr_err *err)
{
	static const char *const keys[] = { "caps", "arches", "minKernel",
					    NULL };
	const struct kjson *v;
	bool hit, any = false, every = true;
	int ret;

	ret = check_keys(c, all ? "includes" : "excludes", keys, err);
	v = kjson_get(c, "caps");
	if (!ret && v && v->type != KJSON_NULL && v->n) {
		ret = caps_match(v, caps, all, &hit, err);
		any |= hit;
		every &= hit;
	}
	v = kjson_get(c, "arches");
	if (!ret && v && v->type != KJSON_NULL && v->n) {
		ret = native_arch_name_matches(v, &hit, err);
		any |= hit;
		every &= hit;
	}
	v = kjson_get(c, "minKernel");
	if (!ret && v && v->type != KJSON_NULL) {
		ret = want_type(v, KJSON_STRING, "minKernel", err);
		if (!ret)
			ret = kernel_at_least(v->str, &hit, err);
		any |= hit;
		every &= hit;
	}
	*match = all ? every : any;
	return ret;
}

static int entry_applies(const struct kjson *s, uint64_t caps, bool *yes,
			 struct kctr_err *err)
{
	const struct kjson *inc = kjson_get(s, "includes");
	const struct kjson *exc = kjson_get(s, "excludes");
	bool m;
	int ret;

	*yes = true;
	if (inc && inc->type != KJSON_NULL) {
		ret = cond_matches(inc, caps, true, &m, err);
		if (ret)
			return ret;
		*yes = m;
	}
	if (exc && exc->type != KJSON_NULL) {
		ret = cond_matches(exc, caps, false, &m, err);
		if (ret)
			return ret;
		*yes = *yes && !m;
	}
	return 0;
}

static int entry_names(const struct kjson *s, const struct kjson **names,
		       struct kctr_err *err)
{
	*names = kjson_get(s, "names");
	if (!*names)
		*names = kjson_get(s, "name");
	if (!*names)
		return kctr_err_set(err, EINVAL, "syscalls[]: \"names\" missing");
	if ((*names)->type != KJSON_ARRAY && (*names)->type != KJSON_STRING)
		return kctr_err_set(err, EINVAL, "syscalls[].names: array of "
				    "strings expected");
	return 0;
}

/*
 * OCI semantics, as runc and crun apply them: the conditions of one entry
 * are ANDed, unless two of them test the same argument (which an AND could
 * never satisfy for EQ): then each condition is a rule of its own, ORed.
 */
static bool args_or(unsigned int nargs, const struct scmp_arg_cmp *cmp)
{
	unsigned int seen = 0, i;

	for (i = 0; i < nargs; i++) {
		if (seen & 1U << cmp[i].arg)
			return true;
		seen |= 1U << cmp[i].arg;
	}
	return false;
}

static int name_rules(struct profile *p, const char *name, uint32_t action,
		      unsigned int nargs, const struct scmp_arg_cmp *cmp)
{
	unsigned int i;
	int ret = 0;

	if (!args_or(nargs, cmp))
		return rule(p->ctx, action, name, nargs, cmp, p->err);
	for (i = 0; !ret && i < nargs; i++)
		ret = rule(p->ctx, action, name, 1, &cmp[i], p->err);
	return ret;
}

static int entry_rules(struct profile *p, const struct kjson *names,
		       uint32_t action, unsigned int nargs,
		       const struct scmp_arg_cmp *cmp)
{
	size_t i, n = names->type == KJSON_STRING ? 1 : names->n;
	const struct kjson *nm;
	int ret;

	/* The default action needs no rule (libseccomp refuses one). */
	if (action == p->def_action)
		return 0;
	for (i = 0; i < n; i++) {
		nm = names->type == KJSON_STRING ? names : names->items[i];
		ret = want_type(nm, KJSON_STRING, "syscalls[].names[]", p->err);
		if (!ret)
			ret = name_rules(p, nm->str, action, nargs, cmp);
		if (ret)
			return ret;
	}
	return 0;
}

#define MAX_ENTRY_ARGS	64

static int parse_entry(struct profile *p, const struct kjson *s)
{
	static const char *const keys[] = {
		"names", "name", "action", "args", "errnoRet", "errno",
		"comment", "includes", "excludes", NULL,
	};
	struct scmp_arg_cmp cmp[MAX_ENTRY_ARGS];
	const struct kjson *names, *act, *args;
	uint32_t action;
	bool applies;
	size_t i;
	int ret, eno = EPERM;

	ret = check_keys(s, "syscalls[]", keys, p->err);
	if (!ret)
		ret = entry_names(s, &names, p->err);
	if (!ret)
		ret = entry_applies(s, p->caps, &applies, p->err);
	if (ret || !applies)
		return ret;
	act = kjson_get(s, "action");
	if (!act || act->type != KJSON_STRING)
		return kctr_err_set(p->err, EINVAL,
				    "syscalls[]: \"action\" string missing");
	ret = errno_of(kjson_get(s, "errnoRet"), kjson_get(s, "errno"), EPERM,
		       &eno, "syscalls[]", p->err);
	if (!ret)
		ret = parse_action(act->str, eno, &action, "syscalls[]",
				   p->err);
	args = kjson_get(s, "args");
	if (args && args->type == KJSON_NULL)
		args = NULL;
	if (!ret && args)
		ret = want_type(args, KJSON_ARRAY, "syscalls[].args", p->err);
	if (!ret && args && args->n > MAX_ENTRY_ARGS)
		ret = kctr_err_set(p->err, EINVAL, "syscalls[].args: at most "
				   "%d", MAX_ENTRY_ARGS);
	for (i = 0; !ret && args && i < args->n; i++)
		ret = parse_arg(args->items[i], &cmp[i], p->err);
	if (ret)
		return ret;
	return entry_rules(p, names, action, args ? args->n : 0, cmp);
}

static int add_arches(struct profile *p, const struct kjson *root)
{
	const struct kjson *arches = kjson_get(root, "architectures");
	const struct kjson *map = kjson_get(root, "archMap");
	const struct kjson *a, *sub;
	uint32_t arch;
	size_t i, j;
	int ret;

	for (i = 0; arches && i < arches->n; i++) {
		a = arches->items[i];
		ret = want_type(a, KJSON_STRING, "architectures[]", p->err);
		if (!ret)
			ret = arch_of(a->str, &arch, p->err);
		if (ret)
			return ret;
		ret = seccomp_arch_add(p->ctx, arch);
		if (ret && ret != -EEXIST)
			return kctr_err_set(p->err, -ret, "architecture %s: %s",
					    a->str, strerror(-ret));
	}
	for (i = 0; map && map->type == KJSON_ARRAY && i < map->n; i++) {
		a = kjson_get(map->items[i], "architecture");
		sub = kjson_get(map->items[i], "subArchitectures");
		if (!a || a->type != KJSON_STRING || arch_of(a->str, &arch,
							    p->err))
			return kctr_err_set(p->err, EINVAL,
					    "archMap[]: bad \"architecture\"");
		if (arch != seccomp_arch_native())
			continue;
		for (j = 0; sub && j < sub->n; j++) {
			ret = want_type(sub->items[j], KJSON_STRING,
					"subArchitectures[]", p->err);
			if (!ret)
				ret = arch_of(sub->items[j]->str, &arch,
					      p->err);
			if (ret)
				return ret;
			ret = seccomp_arch_add(p->ctx, arch);
			if (ret && ret != -EEXIST)
				return kctr_err_set(p->err, -ret, "arch: %s",
						    strerror(-ret));
		}
	}
	return 0;
}

static int check_root(const struct kjson *root, struct kctr_err *err)
{
	static const char *const keys[] = {
		"defaultAction", "defaultErrnoRet", "defaultErrno",
		"architectures", "archMap", "syscalls", "flags", "listenerPath",
		"listenerMetadata", NULL,
	};
	const struct kjson *v;
	int ret;

	ret = check_keys(root, "profile", keys, err);
	if (ret)
		return ret;
	v = kjson_get(root, "listenerPath");
	if (v && v->type == KJSON_STRING && v->str[0])
		return kctr_err_set(err, EINVAL, "profile: \"listenerPath\" "
				    "(seccomp notify) is not supported");
	v = kjson_get(root, "defaultAction");
	if (!v || v->type != KJSON_STRING)
		return kctr_err_set(err, EINVAL,
				    "profile: \"defaultAction\" string missing");
	v = kjson_get(root, "architectures");
	if (v)
		ret = want_type(v, KJSON_ARRAY, "architectures", err);
	v = kjson_get(root, "syscalls");
	if (!ret && v && v->type != KJSON_NULL)
		ret = want_type(v, KJSON_ARRAY, "syscalls", err);
	return ret;
}

static int build_profile(const struct kjson *root, uint64_t caps,
			 scmp_filter_ctx *out, struct kctr_err *err)
{
	struct profile p = { .caps = caps, .err = err };
	const struct kjson *sys;
	size_t i;
	int ret, eno = EPERM;

	ret = check_root(root, err);
	if (!ret)
		ret = errno_of(kjson_get(root, "defaultErrnoRet"),
			       kjson_get(root, "defaultErrno"), EPERM, &eno,
			       "profile", err);
	if (!ret)
		ret = parse_action(kjson_get(root, "defaultAction")->str, eno,
				   &p.def_action, "defaultAction", err);
	if (ret)
		return ret;
	p.ctx = seccomp_init(p.def_action);
	if (!p.ctx)
		return kctr_err_set(err, EINVAL, "seccomp_init failed");
	ret = add_arches(&p, root);
	sys = kjson_get(root, "syscalls");
	for (i = 0; !ret && sys && sys->type == KJSON_ARRAY && i < sys->n; i++)
		ret = parse_entry(&p, sys->items[i]);
	if (ret) {
		if (!err->code)
			kctr_err_set(err, -ret, "%s", strerror(-ret));
		kctr_err_wrap(err, "profile");
		seccomp_release(p.ctx);
		return ret;
	}
	*out = p.ctx;
	return 0;
}

/* ---- export ---- */

static int export_bpf(scmp_filter_ctx ctx, void **prog, size_t *len,
		      struct kctr_err *err)
{
	struct stat st;
	void *buf;
	int fd, ret;

	fd = memfd_create("kctr-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "memfd_create: %m");
	ret = seccomp_export_bpf(ctx, fd);
	if (ret) {
		kctr_err_set(err, -ret, "seccomp_export_bpf: %s",
			     strerror(-ret));
		goto close_fd;
	}
	if (fstat(fd, &st)) {
		ret = kctr_err_set(err, errno, "fstat: %m");
		goto close_fd;
	}
	if (st.st_size == 0 || st.st_size % 8 ||
	    st.st_size / 8 > KCTR_SECCOMP_MAX_INSNS) {
		ret = kctr_err_set(err, E2BIG, "the program has %lld "
				   "instructions, at most %d are allowed",
				   (long long)st.st_size / 8,
				   KCTR_SECCOMP_MAX_INSNS);
		goto close_fd;
	}
	buf = malloc(st.st_size);
	if (!buf) {
		ret = kctr_err_set(err, ENOMEM, "out of memory");
		goto close_fd;
	}
	if (pread(fd, buf, st.st_size, 0) != st.st_size) {
		ret = kctr_err_set(err, EIO, "reading the exported program");
		free(buf);
		goto close_fd;
	}
	*prog = buf;
	*len = st.st_size;
close_fd:
	close(fd);
	return ret;
}

/*
 * How the exported program finds a syscall number: libseccomp's binary
 * tree (optimisation level 2) or its linear list (1). Both decide every
 * call alike (tests/unit/seccomp_test.c runs both over every number), but
 * the kernel pays for the list's length: seccomp(2) emulates the filter
 * for every syscall number of every architecture to fill its cache of
 * always-allowed calls, and a call the cache does not cover (clone,
 * socket, personality...) walks the filter on each entry. With the tree
 * the default profile installs in a third of the time (974 instructions
 * linear, 1215 in the tree: tests/bench/filterbench.c).
 */
static bool tree_layout = true;

void kctr_seccomp_use_tree(bool tree)
{
	tree_layout = tree;
}

static int set_layout(scmp_filter_ctx ctx, bool tree, struct kctr_err *err)
{
	int ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, tree ? 2 : 1);

	if (ret)
		kctr_err_set(err, -ret, "seccomp_attr_set(optimize): %s",
			     strerror(-ret));
	return ret;
}

static int finish(scmp_filter_ctx ctx, void **prog, size_t *len,
		  struct kctr_err *err)
{
	int ret;

	/* The module sets no_new_privs itself at JOIN. */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			       SCMP_ACT_KILL_PROCESS);
	if (ret)
		kctr_err_set(err, -ret, "seccomp_attr_set: %s", strerror(-ret));
	if (!ret)
		ret = set_layout(ctx, tree_layout, err);
	if (!ret)
		ret = export_bpf(ctx, prog, len, err);
	/* The tree is longer: a profile it takes past the limit is a list. */
	if (ret == -E2BIG && tree_layout) {
		ret = set_layout(ctx, false, err);
		if (!ret)
			ret = export_bpf(ctx, prog, len, err);
	}
	seccomp_release(ctx);
	return ret;
}

int kctr_seccomp_build_json(const char *text, size_t tlen, uint64_t caps,
			    void **prog, size_t *len, struct kctr_err *err)
{
	scmp_filter_ctx ctx = NULL;
	struct kjson *root;
	int ret;

	root = kjson_parse(text, tlen, err);
	if (!root)
		return -err->code;
	ret = build_profile(root, caps, &ctx, err);
	kjson_free(root);
	if (ret)
		return ret;
	return finish(ctx, prog, len, err);
}

static int read_file(const char *path, char **text, size_t *len,
		     struct kctr_err *err)
{
	struct stat st;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kctr_err_set(err, errno, "%s: %m", path);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > PROFILE_MAX_BYTES) {
		ret = kctr_err_set(err, EINVAL, "%s: not a regular file of "
				   "at most %d bytes", path, PROFILE_MAX_BYTES);
		goto close_fd;
	}
	*text = malloc(st.st_size + 1);
	if (!*text) {
		ret = kctr_err_set(err, ENOMEM, "out of memory");
		goto close_fd;
	}
	n = read(fd, *text, st.st_size);
	if (n != st.st_size) {
		ret = kctr_err_set(err, EIO, "%s: short read", path);
		free(*text);
		goto close_fd;
	}
	*len = n;
close_fd:
	close(fd);
	return ret;
}

/*
 * The cache key: the profile (the built-in tables or the file's bytes) and
 * everything else the compiled program depends on: the cache format, the
 * libseccomp version, the native architecture, the capability set
 * (includes/excludes "caps" and the default's capability groups), the
 * program's layout (tree or list) and the kernel release (a profile's
 * "minKernel").
 */
void kctr_seccomp_key(const char *text, size_t tlen, uint64_t caps,
		      uint8_t key[KCTR_SHA256_LEN])
{
	const struct scmp_version *v = seccomp_version();
	uint32_t format = KCTR_SECCOMP_CACHE_FORMAT, arch;
	struct kctr_sha256 s;
	struct utsname u;

	kctr_sha256_init(&s);
	kctr_sha256_update(&s, "kctr seccomp", 13);
	kctr_sha256_update(&s, &format, sizeof(format));
	kctr_sha256_update(&s, v, sizeof(*v));
	arch = seccomp_arch_native();
	kctr_sha256_update(&s, &arch, sizeof(arch));
	kctr_sha256_update(&s, &caps, sizeof(caps));
	kctr_sha256_update(&s, &tree_layout, sizeof(tree_layout));
	memset(&u, 0, sizeof(u));
	uname(&u);
	kctr_sha256_update(&s, u.release, strlen(u.release) + 1);
	if (text) {
		kctr_sha256_update(&s, "file", 5);
		kctr_sha256_update(&s, &tlen, sizeof(tlen));
		kctr_sha256_update(&s, text, tlen);
	} else {
		hash_default(&s);
	}
	kctr_sha256_final(&s, key);
}

static int compile_default(uint64_t caps, void **prog, size_t *len,
			   struct kctr_err *err)
{
	scmp_filter_ctx ctx;
	int ret;

	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx)
		return kctr_err_set(err, ENOMEM, "seccomp_init failed");
	ret = build_default(ctx, caps, err);
	if (ret) {
		seccomp_release(ctx);
		return ret;
	}
	return finish(ctx, prog, len, err);
}

int kctr_seccomp_build_cached(const char *spec, uint64_t caps,
			      const char *cache_dir, void **prog, size_t *len,
			      bool *hit, struct kctr_err *err)
{
	uint8_t key[KCTR_SHA256_LEN];
	size_t tlen = 0;
	char *text = NULL;
	int ret;

	*prog = NULL;
	*len = 0;
	*hit = false;
	if (!strcmp(spec, "unconfined"))
		return 0;
	if (strcmp(spec, "default")) {
		ret = read_file(spec, &text, &tlen, err);
		if (ret)
			return ret;
	}
	kctr_seccomp_key(text, tlen, caps, key);
	if (cache_dir && !kctr_seccomp_cache_load(cache_dir, key, prog, len)) {
		*hit = true;
		free(text);
		return 0;
	}
	if (text) {
		ret = kctr_seccomp_build_json(text, tlen, caps, prog, len, err);
		if (ret)
			kctr_err_wrap(err, "%s", spec);
	} else {
		ret = compile_default(caps, prog, len, err);
	}
	free(text);
	if (!ret && cache_dir)
		kctr_seccomp_cache_store(cache_dir, key, *prog, *len);
	return ret;
}

int kctr_seccomp_build(const char *spec, uint64_t caps, void **prog,
		       size_t *len, struct kctr_err *err)
{
	struct kctr_err ignored;
	char dir[4096];
	bool hit;

	/* No state directory, no cache: the program is only compiled. */
	if (kctr_pathf(dir, sizeof(dir), "%s/seccomp", kctr_state_dir()) ||
	    kctr_mkdir_p(kctr_state_dir(), &ignored))
		return kctr_seccomp_build_cached(spec, caps, NULL, prog, len,
						 &hit, err);
	return kctr_seccomp_build_cached(spec, caps, dir, prog, len, &hit,
					 err);
}
