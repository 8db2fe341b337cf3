// SPDX-License-Identifier: GPL-2.0
/*
 * The device policy: rules, the cgroup device program they compile to,
 * and the bpf(2) calls that load and attach it (no libbpf: the program is
 * a handful of instructions kctr writes itself).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devices.h"

static int add_rule(struct kctr_dev_policy *p, const struct kctr_dev_rule *r,
		    struct kctr_err *err);
#include "image.h"
#include "util.h"

/* Largest numbers the kernel's dev_t has (12-bit major, 20-bit minor). */
#define DEV_MAJOR_MAX	4095L
#define DEV_MINOR_MAX	1048575L

/*
 * The standard nodes every container gets, as runc, crun and Docker give
 * them. mknod is allowed only for these: a node made for anything else is
 * refused at mknod already (a clear EPERM where it is attempted), and the
 * nodes that can be made are no more than what /dev already binds.
 */
static const struct kctr_dev_rule std_rules[] = {
	{ 'c', 1, 3, KCTR_DEV_RWM },		/* null */
	{ 'c', 1, 5, KCTR_DEV_RWM },		/* zero */
	{ 'c', 1, 7, KCTR_DEV_RWM },		/* full */
	{ 'c', 1, 8, KCTR_DEV_RWM },		/* random */
	{ 'c', 1, 9, KCTR_DEV_RWM },		/* urandom */
	{ 'c', 5, 0, KCTR_DEV_RWM },		/* tty */
	{ 'c', 5, 2, KCTR_DEV_RWM },		/* ptmx */
	{ 'c', 136, KCTR_DEV_ANY, KCTR_DEV_RWM },	/* pts/N */
};

static const struct kctr_dev_rule console_rule = {
	'c', 5, 1, KCTR_DEV_RWM,
};

int kctr_dev_parse_access(const char *s, unsigned int *access)
{
	unsigned int bit;

	*access = 0;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		bit = *s == 'r' ? KCTR_DEV_READ : *s == 'w' ? KCTR_DEV_WRITE :
		      *s == 'm' ? KCTR_DEV_MKNOD : 0;
		if (!bit || (*access & bit))
			return -EINVAL;
		*access |= bit;
	}
	return 0;
}

static bool has_dotdot(const char *p)
{
	const char *c;

	for (c = p; (c = strstr(c, "..")); c += 2)
		if ((c == p || c[-1] == '/') && (!c[2] || c[2] == '/'))
			return true;
	return false;
}

static int copy_path(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

int kctr_parse_device(const char *arg, struct kctr_device *d,
		      struct kctr_err *err)
{
	const char *c1 = strchr(arg, ':'), *c2 = c1 ? strchr(c1 + 1, ':') :
						 NULL;
	const char *ctr = NULL, *acc = NULL;
	unsigned int bits;
	size_t ctr_len = 0;

	memset(d, 0, sizeof(*d));
	d->access = KCTR_DEV_RWM;
	if (c2 && strchr(c2 + 1, ':'))
		goto bad;
	if (c2) {
		ctr = c1 + 1;
		ctr_len = c2 - ctr;
		acc = c2 + 1;
	} else if (c1 && !kctr_dev_parse_access(c1 + 1, &bits)) {
		acc = c1 + 1;
	} else if (c1) {
		ctr = c1 + 1;
		ctr_len = strlen(ctr);
	}
	if (acc && kctr_dev_parse_access(acc, &d->access))
		return kctr_err_set(err, EINVAL, "--device %s: bad access "
				    "'%s' (r, w, m, each at most once)",
				    arg, acc);
	if (copy_path(d->host, sizeof(d->host), arg,
		      c1 ? (size_t)(c1 - arg) : strlen(arg)))
		goto bad;
	if (!ctr) {
		ctr = d->host;
		ctr_len = strlen(d->host);
	}
	if (copy_path(d->ctr, sizeof(d->ctr), ctr, ctr_len))
		goto bad;
	if (d->host[0] != '/' || has_dotdot(d->host))
		return kctr_err_set(err, EINVAL, "--device %s: the host path "
				    "must be absolute, without '..'", arg);
	if (strncmp(d->ctr, "/dev/", 5) || !d->ctr[5] ||
	    has_dotdot(d->ctr) || d->ctr[strlen(d->ctr) - 1] == '/' ||
	    strstr(d->ctr, "//"))
		return kctr_err_set(err, EINVAL, "--device %s: the container "
				    "path '%s' must name a node under /dev/, "
				    "without '..'", arg, d->ctr);
	return 0;
bad:
	return kctr_err_set(err, EINVAL, "bad --device '%s' (HOST[:CTR]"
			    "[:rwm], paths shorter than %zu)", arg,
			    sizeof(d->host));
}

int kctr_dev_resolve(struct kctr_device *d, struct kctr_err *err)
{
	struct stat st;

	if (stat(d->host, &st))
		return kctr_err_set(err, errno, "--device %s: %m", d->host);
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return kctr_err_set(err, ENODEV, "--device %s: not a "
				    "character or block device node",
				    d->host);
	d->type = S_ISCHR(st.st_mode) ? 'c' : 'b';
	d->major = major(st.st_rdev);
	d->minor = minor(st.st_rdev);
	return 0;
}

int kctr_dev_policy_add(struct kctr_dev_policy *p,
			const struct kctr_dev_rule *r, struct kctr_err *err)
{
	if (r->type != 'a' && r->type != 'c' && r->type != 'b')
		return kctr_err_set(err, EINVAL, "devices: rule type '%c' is "
				    "not a, b or c", r->type);
	if (!r->access || (r->access & ~KCTR_DEV_RWM))
		return kctr_err_set(err, EINVAL, "devices: rule access %#x "
				    "not a non-empty part of rwm", r->access);
	if ((r->major < 0 && r->major != KCTR_DEV_ANY) ||
	    (r->minor < 0 && r->minor != KCTR_DEV_ANY))
		return kctr_err_set(err, EINVAL, "devices: rule numbers must "
				    "be >= 0 or any");
	return add_rule(p, r, err);
}

static int add_rule(struct kctr_dev_policy *p, const struct kctr_dev_rule *r,
		    struct kctr_err *err)
{
	if (p->nr >= KCTR_DEV_MAX_RULES)
		return kctr_err_set(err, E2BIG, "devices: too many rules (at "
				    "most %d)", KCTR_DEV_MAX_RULES);
	p->rules[p->nr++] = *r;
	return 0;
}

int kctr_dev_policy_build(struct kctr_dev_policy *p, bool tty,
			  const struct kctr_device *devs, size_t nr,
			  struct kctr_err *err)
{
	size_t i;
	int ret = 0;

	p->nr = 0;
	for (i = 0; !ret && i < ARRAY_SIZE(std_rules); i++)
		ret = add_rule(p, &std_rules[i], err);
	if (!ret && tty)
		ret = add_rule(p, &console_rule, err);
	for (i = 0; !ret && i < nr; i++) {
		struct kctr_dev_rule r = {
			devs[i].type, devs[i].major, devs[i].minor,
			devs[i].access,
		};

		if (r.type != 'c' && r.type != 'b')
			return kctr_err_set(err, EINVAL, "--device %s: not "
					    "resolved", devs[i].host);
		ret = add_rule(p, &r, err);
	}
	return ret;
}

static void fmt_num(char *buf, size_t len, long v)
{
	if (v == KCTR_DEV_ANY)
		snprintf(buf, len, "*");
	else
		snprintf(buf, len, "%ld", v);
}

int kctr_dev_rule_fmt(const struct kctr_dev_rule *r, char *buf, size_t len)
{
	char maj[16], min[16], acc[4];
	size_t n = 0;
	int ret;

	fmt_num(maj, sizeof(maj), r->major);
	fmt_num(min, sizeof(min), r->minor);
	if (r->access & KCTR_DEV_READ)
		acc[n++] = 'r';
	if (r->access & KCTR_DEV_WRITE)
		acc[n++] = 'w';
	if (r->access & KCTR_DEV_MKNOD)
		acc[n++] = 'm';
	acc[n] = '\0';
	ret = snprintf(buf, len, "%c %s:%s %s", r->type, maj, min, acc);
	return ret < 0 || (size_t)ret >= len ? -ENOSPC : 0;
}

static int parse_num(const char *s, size_t n, long max, long *out)
{
	char buf[16], *end;

	if (n == 1 && *s == '*') {
		*out = KCTR_DEV_ANY;
		return 0;
	}
	if (!n || n >= sizeof(buf) || *s < '0' || *s > '9')
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtol(buf, &end, 10);
	return errno || *end || *out > max ? -EINVAL : 0;
}

int kctr_dev_rule_parse(const char *s, struct kctr_dev_rule *r)
{
	const char *colon, *space;

	if ((s[0] != 'c' && s[0] != 'b' && s[0] != 'a') || s[1] != ' ')
		return -EINVAL;
	r->type = s[0];
	s += 2;
	colon = strchr(s, ':');
	space = colon ? strchr(colon, ' ') : NULL;
	if (!space || parse_num(s, colon - s, DEV_MAJOR_MAX, &r->major) ||
	    parse_num(colon + 1, space - colon - 1, DEV_MINOR_MAX, &r->minor))
		return -EINVAL;
	return kctr_dev_parse_access(space + 1, &r->access);
}

bool kctr_dev_allows(const struct kctr_dev_policy *p, char type,
		     unsigned int major, unsigned int minor,
		     unsigned int access)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		const struct kctr_dev_rule *r = &p->rules[i];

		if (r->type != 'a' && r->type != type)
			continue;
		if (access & ~r->access)
			continue;
		if (r->major != KCTR_DEV_ANY && r->major != (long)major)
			continue;
		if (r->minor != KCTR_DEV_ANY && r->minor != (long)minor)
			continue;
		return true;
	}
	return false;
}

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src,
			    int16_t off, int32_t imm)
{
	struct bpf_insn i = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off,
		.imm = imm,
	};

	return i;
}

#define LDX_W(dst, off)	insn(BPF_LDX | BPF_MEM | BPF_W, dst, BPF_REG_1, off, 0)
#define ALU32_K(op, dst, imm)	insn(BPF_ALU | (op) | BPF_K, dst, 0, 0, imm)
#define MOV32_X(dst, src)	insn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV64_K(dst, imm)	insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define JNE_K(dst, imm, off)	insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm)
#define EXIT()			insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Registers the program keeps the request in. */
#define R_TYPE	BPF_REG_2
#define R_ACC	BPF_REG_3
#define R_MAJ	BPF_REG_4
#define R_MIN	BPF_REG_5
#define R_TMP	BPF_REG_1	/* the context pointer, once read */

static size_t rule_len(const struct kctr_dev_rule *r)
{
	return (r->type != 'a') + 3 * (r->access != KCTR_DEV_RWM) +
	       (r->major != KCTR_DEV_ANY) + (r->minor != KCTR_DEV_ANY) + 2;
}

/*
 * Each rule is a block that jumps to the next one at the first field that
 * does not match and returns 1 (allow) at its end; after the last block,
 * 0 (deny). The access check allows a request only if every bit it asks
 * for is in the rule (an O_RDWR open asks for r and w at once).
 */
static size_t emit_rule(const struct kctr_dev_rule *r, struct bpf_insn *out)
{
	size_t n = 0, len = rule_len(r);

#define NEXT ((int16_t)(len - n - 1))
	if (r->type != 'a') {
		out[n] = JNE_K(R_TYPE, r->type == 'c' ? BPF_DEVCG_DEV_CHAR :
			       BPF_DEVCG_DEV_BLOCK, NEXT);
		n++;
	}
	if (r->access != KCTR_DEV_RWM) {
		out[n++] = MOV32_X(R_TMP, R_ACC);
		out[n++] = ALU32_K(BPF_AND, R_TMP, ~r->access & KCTR_DEV_RWM);
		out[n] = JNE_K(R_TMP, 0, NEXT);
		n++;
	}
	if (r->major != KCTR_DEV_ANY) {
		out[n] = JNE_K(R_MAJ, (int32_t)r->major, NEXT);
		n++;
	}
	if (r->minor != KCTR_DEV_ANY) {
		out[n] = JNE_K(R_MIN, (int32_t)r->minor, NEXT);
		n++;
	}
#undef NEXT
	out[n++] = MOV64_K(BPF_REG_0, 1);
	out[n++] = EXIT();
	return n;
}

size_t kctr_dev_compile(const struct kctr_dev_policy *p,
			struct bpf_insn *insns)
{
	size_t n = 0, i;

	/* struct bpf_cgroup_dev_ctx: access_type, major, minor (u32 each) */
	insns[n++] = LDX_W(R_TYPE, 0);
	insns[n++] = ALU32_K(BPF_AND, R_TYPE, 0xffff);
	insns[n++] = LDX_W(R_ACC, 0);
	insns[n++] = ALU32_K(BPF_RSH, R_ACC, 16);
	insns[n++] = LDX_W(R_MAJ, 4);
	insns[n++] = LDX_W(R_MIN, 8);
	for (i = 0; i < p->nr && i < KCTR_DEV_MAX_RULES; i++)
		n += emit_rule(&p->rules[i], insns + n);
	insns[n++] = MOV64_K(BPF_REG_0, 0);
	insns[n++] = EXIT();
	return n;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

bool kctr_dev_bpf_available(void)
{
	/* An invalid command: EINVAL where bpf() exists, ENOSYS where not. */
	return !(sys_bpf(-1, NULL) < 0 && errno == ENOSYS);
}

/*
 * Without the verifier's log first, as libbpf does: a log makes the
 * verifier print every instruction it walks, which costs more than the
 * check itself, and one longer than the buffer fails with ENOSPC and
 * needs a second load. Only a program the kernel refuses is loaded
 * again, with the log, for the error to say why.
 */
static int load(const struct kctr_dev_policy *p, struct kctr_err *err)
{
	static char log[4096];
	struct bpf_insn insns[KCTR_DEV_MAX_INSNS];
	union bpf_attr attr;
	int fd, e;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insn_cnt = kctr_dev_compile(p, insns);
	attr.insns = (uintptr_t)insns;
	attr.license = (uintptr_t)"GPL";
	snprintf(attr.prog_name, sizeof(attr.prog_name), "kctr_devices");
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0)
		return fd;
	e = errno;
	attr.log_level = 1;
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	log[0] = '\0';
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0)	/* refused once, then taken: keep it */
		return fd;
	return kctr_err_set(err, e, "devices: loading the cgroup device "
			    "program: %s%s%.200s", strerror(e),
			    log[0] ? ": " : "", log);
}

static int prog_attach(int cgfd, int prog)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.target_fd = cgfd;
	attr.attach_bpf_fd = prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	/* Programs below (a nested runtime's) can only deny more. */
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	return sys_bpf(BPF_PROG_ATTACH, &attr) ? -errno : 0;
}

int kctr_dev_attach(int cgfd, const struct kctr_dev_policy *p,
		    struct kctr_err *err)
{
	char path[64];
	int prog, ret, dirfd;

	prog = load(p, err);
	if (prog < 0)
		return prog;
	ret = prog_attach(cgfd, prog);
	if (ret == -EBADF) {
		/* A kernel that wants a real fd, not an O_PATH one. */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", cgfd);
		dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ret = dirfd < 0 ? -errno : prog_attach(dirfd, prog);
		if (dirfd >= 0)
			close(dirfd);
	}
	/* The attachment holds the program; the cgroup's removal frees it. */
	close(prog);
	if (ret)
		return kctr_err_set(err, -ret, "devices: attaching the cgroup "
				    "device program: %s", strerror(-ret));
	return 0;
}

int kctr_dev_query(int cgfd, uint32_t *ids, uint32_t *nr)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.query.target_fd = cgfd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uintptr_t)ids;
	attr.query.prog_cnt = *nr;
	if (sys_bpf(BPF_PROG_QUERY, &attr))
		return -errno;
	*nr = attr.query.prog_cnt;
	return 0;
}

int kctr_dev_query_id(uint64_t id, uint32_t *ids, uint32_t *nr)
{
	char root[PATH_MAX], path[PATH_MAX];
	int fd, ret;

	ret = kctr_cgroup2_root(root, sizeof(root));
	if (ret)
		return ret;
	if (kctr_pathf(path, sizeof(path), "%s/kctr/%" PRIu64, root, id))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = kctr_dev_query(fd, ids, nr);
	close(fd);
	return ret;
}

int kctr_dev_save(const char *dir, const struct kctr_dev_policy *p,
		  struct kctr_err *err)
{
	char path[PATH_MAX], *text;
	size_t i, len = 0, size;
	int fd, ret = 0;

	if (kctr_pathf(path, sizeof(path), "%s/devices", dir))
		return kctr_err_set(err, ENAMETOOLONG, "%s: too long", dir);
	/* One write of every rule, a line each (under 64 bytes a rule). */
	size = p->nr * 64 + 1;
	text = malloc(size);
	if (!text)
		return kctr_err_set(err, ENOMEM, "out of memory");
	for (i = 0; !ret && i < p->nr; i++) {
		ret = kctr_dev_rule_fmt(&p->rules[i], text + len, 64);
		if (!ret) {
			len += strlen(text + len);
			text[len++] = '\n';
		}
	}
	if (ret) {
		free(text);
		return kctr_err_set(err, EIO, "devices: writing %s", path);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = kctr_err_set(err, errno, "devices: %s: %m", path);
	} else {
		if (write(fd, text, len) != (ssize_t)len)
			ret = kctr_err_set(err, EIO, "devices: writing %s",
					   path);
		close(fd);
	}
	free(text);
	return ret;
}

int kctr_dev_load(const char *dir, struct kctr_dev_policy *p)
{
	char path[PATH_MAX], line[64];
	FILE *f;
	int ret = 0;

	p->nr = 0;
	if (kctr_pathf(path, sizeof(path), "%s/devices", dir))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (p->nr >= KCTR_DEV_MAX_RULES)
			ret = -E2BIG;
		else if (kctr_dev_rule_parse(line, &p->rules[p->nr]))
			ret = -EINVAL;
		else
			p->nr++;
	}
	fclose(f);
	return ret;
}
