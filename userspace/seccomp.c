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
#include <linux/sched.h>

#include "caps.h"
#include "jsonparse.h"
#include "seccomp_profile.h"

#define PROFILE_MAX_BYTES (4 << 20)

/* Denied with EPERM by the default profile, like other runtimes do. */
static const char *const default_deny[] = {
	"acct", "add_key", "adjtimex", "bpf", "clock_adjtime",
	"clock_settime", "create_module", "delete_module", "finit_module",
	"fsconfig", "fsmount", "fsopen", "fspick", "get_kernel_syms",
	"get_mempolicy", "init_module", "ioperm", "iopl", "kcmp",
	"kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie",
	"mbind", "mount", "mount_setattr", "move_mount", "move_pages",
	"name_to_handle_at", "nfsservctl", "open_by_handle_at", "open_tree",
	"perf_event_open", "pivot_root", "process_vm_readv",
	"process_vm_writev", "query_module", "quotactl", "quotactl_fd",
	"reboot", "request_key", "set_mempolicy", "setns", "settimeofday",
	"stime", "swapoff", "swapon", "syslog", "umount", "umount2",
	"uselib", "userfaultfd", "ustat", "vm86", "vm86old", "_sysctl",
	"sysfs",
};

/* Namespace creation is what CAP_SYS_ADMIN would be needed for. */
static const uint64_t clone_ns_flags[] = {
	CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
	CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
};

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

static int ns_flag_rules(scmp_filter_ctx ctx, const char *name,
			 uint64_t extra, struct kctr_err *err)
{
	struct scmp_arg_cmp cmp;
	size_t i;
	int ret;

	for (i = 0; i <= sizeof(clone_ns_flags) / sizeof(clone_ns_flags[0]);
	     i++) {
		uint64_t f = i < sizeof(clone_ns_flags) /
				 sizeof(clone_ns_flags[0]) ?
			     clone_ns_flags[i] : extra;

		if (!f)
			continue;
		cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, f, f);
		ret = rule(ctx, SCMP_ACT_ERRNO(EPERM), name, 1, &cmp, err);
		if (ret)
			return ret;
	}
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

static int build_default(scmp_filter_ctx ctx, struct kctr_err *err)
{
	size_t i;
	int ret;

	ret = add_secondary_arches(ctx, err);
	for (i = 0; !ret && i < sizeof(default_deny) / sizeof(default_deny[0]);
	     i++)
		ret = rule(ctx, SCMP_ACT_ERRNO(EPERM), default_deny[i], 0,
			   NULL, err);
	if (!ret)
		ret = ns_flag_rules(ctx, "clone", 0, err);
	if (!ret)
		ret = ns_flag_rules(ctx, "unshare", CLONE_NEWTIME, err);
	/* clone3's flags are behind a pointer: make libc fall back to clone. */
	if (!ret)
		ret = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL, err);
	return ret;
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

static int errno_of(const struct kjson *v, int def, int *out,
		    const char *what, struct kctr_err *err)
{
	uint64_t n;

	if (!v) {
		*out = def;
		return 0;
	}
	if (kjson_u64(v, &n) || n > 4095)
		return kctr_err_set(err, EINVAL,
				    "%s: errnoRet must be 0..4095", what);
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

static int arch_of(const char *name, uint32_t *arch, struct kctr_err *err)
{
	char low[32];
	size_t i;

	if (strncmp(name, "SCMP_ARCH_", 10) || strlen(name + 10) >= sizeof(low))
		return kctr_err_set(err, EINVAL, "unknown architecture \"%s\"",
				    name);
	for (i = 0; name[10 + i]; i++)
		low[i] = tolower((unsigned char)name[10 + i]);
	low[i] = '\0';
	*arch = seccomp_arch_resolve_name(low);
	if (!*arch)
		return kctr_err_set(err, EINVAL, "unknown architecture \"%s\"",
				    name);
	return 0;
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

static int native_arch_name_matches(const struct kjson *arches, bool *hit,
				    struct kctr_err *err)
{
	uint32_t arch;
	size_t i;
	int ret;

	*hit = false;
	for (i = 0; i < arches->n; i++) {
		ret = want_type(arches->items[i], KJSON_STRING, "arches", err);
		if (!ret)
			ret = arch_of(arches->items[i]->str, &arch, err);
		if (ret)
			return ret;
		if (arch == seccomp_arch_native())
			*hit = true;
	}
	return 0;
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

/* "includes"/"excludes": does the filter (caps, arches, minKernel) match? */
static int cond_matches(const struct kjson *c, uint64_t caps, bool *match,
			struct kctr_err *err)
{
	static const char *const keys[] = { "caps", "arches", "minKernel",
					    NULL };
	const struct kjson *v;
	uint64_t want;
	bool hit = false;
	size_t i;
	int ret;

	*match = true;
	ret = check_keys(c, "includes/excludes", keys, err);
	v = kjson_get(c, "caps");
	for (i = 0; !ret && v && i < v->n; i++) {
		want = 0;
		ret = want_type(v->items[i], KJSON_STRING, "caps", err);
		if (!ret)
			ret = kctr_caps_update(&want, v->items[i]->str, 1, err);
		if (!ret && !(caps & want))
			*match = false;
	}
	v = kjson_get(c, "arches");
	if (!ret && v) {
		ret = native_arch_name_matches(v, &hit, err);
		*match = *match && hit;
	}
	v = kjson_get(c, "minKernel");
	if (!ret && v) {
		ret = want_type(v, KJSON_STRING, "minKernel", err);
		if (!ret)
			ret = kernel_at_least(v->str, &hit, err);
		*match = *match && hit;
	}
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
	if (inc) {
		ret = cond_matches(inc, caps, &m, err);
		if (ret)
			return ret;
		*yes = m;
	}
	if (exc && exc->n) {
		ret = cond_matches(exc, caps, &m, err);
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
			ret = rule(p->ctx, action, nm->str, nargs, cmp, p->err);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_entry(struct profile *p, const struct kjson *s)
{
	static const char *const keys[] = {
		"names", "name", "action", "args", "errnoRet", "comment",
		"includes", "excludes", NULL,
	};
	struct scmp_arg_cmp cmp[6];
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
	ret = errno_of(kjson_get(s, "errnoRet"), EPERM, &eno, "syscalls[]",
		       p->err);
	if (!ret)
		ret = parse_action(act->str, eno, &action, "syscalls[]",
				   p->err);
	args = kjson_get(s, "args");
	if (args && args->type == KJSON_NULL)
		args = NULL;
	if (!ret && args)
		ret = want_type(args, KJSON_ARRAY, "syscalls[].args", p->err);
	if (!ret && args && args->n > 6)
		ret = kctr_err_set(p->err, EINVAL, "syscalls[].args: at most 6");
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
		"defaultAction", "defaultErrnoRet", "architectures", "archMap",
		"syscalls", "flags", "listenerPath", "listenerMetadata", NULL,
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
		ret = errno_of(kjson_get(root, "defaultErrnoRet"), EPERM, &eno,
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

static int finish(scmp_filter_ctx ctx, void **prog, size_t *len,
		  struct kctr_err *err)
{
	int ret;

	/* The module sets no_new_privs itself at JOIN. */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			       SCMP_ACT_KILL_PROCESS);
	if (ret)
		kctr_err_set(err, -ret, "seccomp_attr_set: %s", strerror(-ret));
	else
		ret = export_bpf(ctx, prog, len, err);
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

int kctr_seccomp_build(const char *spec, uint64_t caps, void **prog,
		       size_t *len, struct kctr_err *err)
{
	scmp_filter_ctx ctx = NULL;
	size_t tlen = 0;
	char *text = NULL;
	int ret;

	*prog = NULL;
	*len = 0;
	if (!strcmp(spec, "unconfined"))
		return 0;
	if (strcmp(spec, "default")) {
		ret = read_file(spec, &text, &tlen, err);
		if (ret)
			return ret;
		ret = kctr_seccomp_build_json(text, tlen, caps, prog, len, err);
		free(text);
		if (ret)
			kctr_err_wrap(err, "%s", spec);
		return ret;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return kctr_err_set(err, ENOMEM, "seccomp_init failed");
	ret = build_default(ctx, err);
	if (ret) {
		seccomp_release(ctx);
		return ret;
	}
	return finish(ctx, prog, len, err);
}
