/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device policy of a container: an allow list of device rules, compiled to
 * a BPF_PROG_TYPE_CGROUP_DEVICE program that kctr attaches to the
 * container's cgroup before the init enters it. Anything the list does not
 * name is denied (EPERM), whatever nodes exist or are made inside.
 */
#ifndef KCTR_DEVICES_H
#define KCTR_DEVICES_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The kernel's BPF_DEVCG_ACC_* bits. */
#define KCTR_DEV_MKNOD		1U
#define KCTR_DEV_READ		2U
#define KCTR_DEV_WRITE		4U
#define KCTR_DEV_RWM		7U
#define KCTR_DEV_ANY		(-1L)	/* major or minor wildcard */
#define KCTR_DEV_MAX_RULES	96
#define KCTR_DEV_MAX_INSNS	(6 + 8 * KCTR_DEV_MAX_RULES + 2)

struct kctr_dev_rule {
	char type;		/* 'c', 'b' or 'a' (both) */
	long major, minor;	/* KCTR_DEV_ANY for '*' */
	unsigned int access;	/* KCTR_DEV_{READ,WRITE,MKNOD} */
};

struct kctr_dev_policy {
	struct kctr_dev_rule rules[KCTR_DEV_MAX_RULES];
	size_t nr;
};

/* One --device HOST[:CTR][:rwm]: parsed, then the host node's numbers. */
struct kctr_device {
	char host[256], ctr[256];
	unsigned int access;
	char type;		/* set by kctr_dev_resolve */
	long major, minor;
};

/* "rwm", "r", "wr", ...: a non-empty set, each letter once. */
int kctr_dev_parse_access(const char *s, unsigned int *access);
/* Docker's syntax; CTR defaults to HOST, must be under /dev, no "..". */
int kctr_parse_device(const char *arg, struct kctr_device *d,
		      struct kctr_err *err);
/* stat the host node: a character or block device, or an error. */
int kctr_dev_resolve(struct kctr_device *d, struct kctr_err *err);

/* The standard nodes (null, zero, full, random, urandom, tty, ptmx, pts),
 * console with @tty, then one rule for each of @devs. */
int kctr_dev_policy_build(struct kctr_dev_policy *p, bool tty,
			  const struct kctr_device *devs, size_t nr,
			  struct kctr_err *err);

/* One more allow rule, checked (type a/b/c, access within rwm). */
int kctr_dev_policy_add(struct kctr_dev_policy *p,
			const struct kctr_dev_rule *r, struct kctr_err *err);

/* "c 1:3 rwm", "c 136:* rwm", "a *:* rw"; and back. */
int kctr_dev_rule_fmt(const struct kctr_dev_rule *r, char *buf, size_t len);
int kctr_dev_rule_parse(const char *s, struct kctr_dev_rule *r);

/* The reference decision: does the list allow this access? */
bool kctr_dev_allows(const struct kctr_dev_policy *p, char type,
		     unsigned int major, unsigned int minor,
		     unsigned int access);

/* The program for @p into @insns (KCTR_DEV_MAX_INSNS); its length. */
size_t kctr_dev_compile(const struct kctr_dev_policy *p,
			struct bpf_insn *insns);

/* Load the program and attach it (BPF_F_ALLOW_MULTI) to @cgfd. */
/*
 * Whether this kernel has the bpf() system call (CONFIG_BPF_SYSCALL): without
 * it no device program can be attached.
 */
bool kctr_dev_bpf_available(void);
int kctr_dev_attach(int cgfd, const struct kctr_dev_policy *p,
		    struct kctr_err *err);
/* Ids of the device programs attached to the cgroup @cgfd. */
int kctr_dev_query(int cgfd, uint32_t *ids, uint32_t *nr);
/* The same for the cgroup of container @id (<cgroup2>/kctr/<id>). */
int kctr_dev_query_id(uint64_t id, uint32_t *ids, uint32_t *nr);

/* The rule list as text, one rule a line, in the state dir @dir. */
int kctr_dev_save(const char *dir, const struct kctr_dev_policy *p,
		  struct kctr_err *err);
int kctr_dev_load(const char *dir, struct kctr_dev_policy *p);

#endif
