/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kctr netlink client: talks to the "container" generic netlink family
 * with libnl-genl-3. Every call returns 0 or a negative errno and, on
 * failure, fills a struct kctr_err with a message that says what and why
 * (including the kernel's extended-ACK text).
 */
#ifndef KCTR_NLCLIENT_H
#define KCTR_NLCLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kctr.h>

#include "err.h"

struct kctr_nl;

struct kctr_io_req {
	uint32_t major, minor;
	uint64_t rbps, wbps, riops, wiops;	/* KCTR_LIMIT_UNLIMITED: max */
};

/* Limits to set: a field is sent only when its BIT(KCTR_LIMIT_A_*) is set. */
struct kctr_limits_req {
	uint32_t present;
	uint64_t memory_max, memory_high, memory_low, memory_min;
	uint64_t memory_swap_max;
	uint64_t cpu_quota, cpu_period;
	uint32_t cpu_weight;
	uint64_t pids_max;
	char cpuset_cpus[KCTR_CPUSET_MAX + 1];
	char cpuset_mems[KCTR_CPUSET_MAX + 1];
	unsigned int nr_io;
	struct kctr_io_req io[KCTR_IO_MAX_DEVICES];
};

struct kctr_caps_req {
	uint64_t bounding, effective, permitted, inheritable, ambient;
};

struct kctr_id_extent_req {
	uint32_t inside, outside, count;
};

struct kctr_create_req {
	const char *name;		/* NULL: the module picks "c<id>" */
	uint32_t ns_mask;
	uint32_t flags;			/* KCTR_F_AUTO_REMOVE */
	const char *hostname, *image, *command;
	struct kctr_limits_req limits;
	int has_caps;
	struct kctr_caps_req caps;
	const void *seccomp_prog;	/* struct sock_filter[], or NULL */
	size_t seccomp_len;		/* bytes */
	unsigned int nr_uid_map, nr_gid_map;
	const struct kctr_id_extent_req *uid_map, *gid_map;
};

int kctr_nl_open(struct kctr_nl **out, struct kctr_err *err);
void kctr_nl_close(struct kctr_nl *nl);

int kctr_nl_version(struct kctr_nl *nl, char *ver, size_t len,
		    uint32_t *uapi, struct kctr_err *err);
int kctr_nl_create(struct kctr_nl *nl, const struct kctr_create_req *req,
		   uint64_t *id, char *name, size_t name_len,
		   struct kctr_err *err);
/*
 * From the joining process. @nsfds[KCTR_NS_KIND_*] are fds of the caller's
 * /proc/self/ns/<kind> (init only; -1 or NULL for none). On success *prog
 * is a malloc'ed seccomp program (NULL if the container has none).
 */
int kctr_nl_join(struct kctr_nl *nl, uint64_t id, const int *nsfds,
		 void **prog, size_t *prog_len, struct kctr_err *err);
int kctr_nl_start(struct kctr_nl *nl, uint64_t id, struct kctr_err *err);
int kctr_nl_kill(struct kctr_nl *nl, uint64_t id, int sig, uint32_t flags,
		 struct kctr_err *err);
int kctr_nl_delete(struct kctr_nl *nl, uint64_t id, uint32_t flags,
		   struct kctr_err *err);

#endif
