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
#include <linux/types.h>
#include <linux/kctr.h>

#include "err.h"
#include "netclaim.h"

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
	uint32_t flags;			/* KCTR_F_AUTO_REMOVE, _PERSIST, ... */
	const char *hostname, *image, *command;
	struct kctr_limits_req limits;
	int has_caps;
	struct kctr_caps_req caps;
	const void *seccomp_prog;	/* struct sock_filter[], or NULL */
	size_t seccomp_len;		/* bytes */
	unsigned int nr_uid_map, nr_gid_map;
	const struct kctr_id_extent_req *uid_map, *gid_map;
	const struct kctr_net_claim *net;	/* NULL: no KCTR_A_NET */
};

/* One namespace of the set, as GET reports it. */
struct kctr_ns_info {
	uint32_t kind;			/* KCTR_NS_KIND_* */
	uint32_t inum, refcount;
	uint32_t level, owner_inum;
	int is_new;
	int has_level, has_owner;
	int released;			/* no longer pinned: no refcount */
};

/* The cgroup node: identity and live figures; present: BIT(KCTR_CG_A_*). */
struct kctr_cg_info {
	uint32_t present;
	char path[4096];
	uint64_t id;
	uint64_t memory_current, memory_peak, pids_current;
	uint64_t cpu_usage_usec, cpu_user_usec, cpu_system_usec;
	uint64_t oom, oom_kill, io_rbytes, io_wbytes;
	uint32_t populated;
};

#define KCTR_MAX_PID_LEVELS	33	/* MAX_PID_NS_LEVEL + 1 */

/*
 * Everything a GET reply carries. present has BIT(KCTR_A_*) for each
 * top-level attribute the reply held; absent strings are "".
 */
struct kctr_info {
	uint64_t present;
	uint64_t id;
	char name[KCTR_NAME_MAX + 1];
	uint32_t state, flags, ns_mask, owner_uid;
	char hostname[KCTR_HOSTNAME_MAX + 1];
	char image[KCTR_IMAGE_MAX + 1];
	char command[KCTR_COMMAND_MAX + 1];
	uint64_t created_ns, started_ns, exited_ns;
	uint32_t init_pid;
	unsigned int nr_init_pids;	/* from the root pid namespace down */
	uint32_t init_pids[KCTR_MAX_PID_LEVELS];
	uint32_t exit_code;		/* wait status */
	unsigned int nr_ns;
	struct kctr_ns_info ns[__KCTR_NS_KIND_COUNT];
	unsigned int nr_uid_map, nr_gid_map;
	struct kctr_id_extent_req uid_map[KCTR_MAP_MAX_EXTENTS];
	struct kctr_id_extent_req gid_map[KCTR_MAP_MAX_EXTENTS];
	struct kctr_cg_info cgroup;
	struct kctr_limits_req limits;
	struct kctr_caps_req caps;
	uint32_t seccomp_insns, seccomp_mode;
	uint32_t joins;
	int has_net;			/* KCTR_A_NET was in the record */
	struct kctr_net_claim net;	/* anchor_fd -1; ports while claimed */
};

#define KCTR_HAS(info, attr)	(!!((info)->present & (1ULL << (attr))))

/* A lifecycle event from the "events" multicast group. */
struct kctr_event_info {
	uint32_t event;			/* KCTR_EVENT_* */
	uint64_t id;
	char name[KCTR_NAME_MAX + 1];
	uint64_t time_ns;
	int has_exit_code;
	uint32_t exit_code;
	int has_oom_kills;
	uint64_t oom_kills;
};

/*
 * Resolves the family at run time; if it is not registered, fails with
 * KCTR_ENOMODULE and "the kctr kernel module is not loaded (insmod kctr.ko)".
 */
int kctr_nl_open(struct kctr_nl **out, struct kctr_err *err);
/*
 * Another socket for the family @like resolved, without asking the
 * controller again: a genl family keeps its id while it is registered,
 * and a module loaded again gets a new one (ids are allocated
 * cyclically), so a stale id reaches no other family. For a second
 * socket in one command: the container's init gets its own.
 */
int kctr_nl_open_sibling(struct kctr_nl **out, const struct kctr_nl *like,
			 struct kctr_err *err);
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

/* GET one container by id (name NULL) or by name. ENOENT if none. */
int kctr_nl_get(struct kctr_nl *nl, uint64_t id, const char *name,
		struct kctr_info *info, struct kctr_err *err);
/* The same without the cgroup's figures: no cgroup file read (cheaper). */
int kctr_nl_get_brief(struct kctr_nl *nl, uint64_t id, const char *name,
		      struct kctr_info *info, struct kctr_err *err);
/* 1 once container @id has stopped or is gone, 0 while not, or -errno. */
int kctr_nl_stopped(struct kctr_nl *nl, uint64_t id, struct kctr_err *err);
/* Dump every container the caller may see (retried when interrupted). */
int kctr_nl_list(struct kctr_nl *nl, struct kctr_info **list, size_t *nr,
		 struct kctr_err *err);
/*
 * The same without the cgroup's figures (KCTR_F_NO_STATS): the module
 * then reads no cgroup file, which is most of a dump's cost.
 */
int kctr_nl_list_brief(struct kctr_nl *nl, struct kctr_info **list,
		       size_t *nr, struct kctr_err *err);
/*
 * The brief dump of kctr_nl_list_brief() handed to @fn one record at a
 * time, in one struct reused for each (a struct kctr_info is 16 KB: an
 * array of them for 1,000 containers was most of kctr list's time). @fn
 * returns 0, or a negative errno that ends the dump and is returned. If
 * the module restarts the dump (the registry changed during it),
 * @restart(@arg) is called first and the records come again.
 */
int kctr_nl_each_brief(struct kctr_nl *nl,
		       int (*fn)(const struct kctr_info *, void *),
		       void (*restart)(void *), void *arg,
		       struct kctr_err *err);
/*
 * The same with KCTR_F_SUMMARY (uapi 5): each record holds only what a
 * listing shows (id, name, state, flags, owner, hostname, image, command,
 * times, joins, init pids, exit code); the namespaces, maps, cgroup,
 * limits, capabilities, seccomp, network claim and device program are
 * left out by the module, so they read as zero here. kctr list's dump.
 */
int kctr_nl_each_summary(struct kctr_nl *nl,
			 int (*fn)(const struct kctr_info *, void *),
			 void (*restart)(void *), void *arg,
			 struct kctr_err *err);
/*
 * Only the ids of a summary dump, sorted (*ids malloc'ed, NULL if none):
 * for a caller that needs to know which containers exist, without a 16 KB
 * struct kctr_info per record. kctr_ids_has() (util.h) looks one up.
 */
int kctr_nl_list_ids(struct kctr_nl *nl, uint64_t **ids, size_t *nr,
		     struct kctr_err *err);
/*
 * "NAME|IDPREFIX": a name, an exact id, or an unambiguous decimal id
 * prefix (tried in that order: a GET each, a brief dump for a prefix).
 * ENOENT when nothing matches, EINVAL when ambiguous.
 */
int kctr_nl_resolve(struct kctr_nl *nl, const char *spec,
		    struct kctr_info *info, struct kctr_err *err);
int kctr_nl_resolve_brief(struct kctr_nl *nl, const char *spec,
			  struct kctr_info *info, struct kctr_err *err);
/*
 * The pure part of kctr_nl_resolve(): the index in @list picked by @spec,
 * or a negative errno with err set.
 */
int kctr_resolve_in(const char *spec, const struct kctr_info *list,
		    size_t nr, struct kctr_err *err);

/* Join the "events" multicast group (on a socket of its own). */
int kctr_nl_subscribe(struct kctr_nl *nl, struct kctr_err *err);
/* The request socket's fd (to keep it across kctr_close_fds_except()). */
int kctr_nl_fd(struct kctr_nl *nl);
/* The events socket's fd, for poll(); -1 before kctr_nl_subscribe(). */
int kctr_nl_event_fd(struct kctr_nl *nl);
/*
 * Wait up to @timeout_ms (-1: forever) for the next event. Returns 1 with
 * *ev filled, 0 on timeout, or a negative errno (ENOBUFS: events were lost).
 */
int kctr_nl_next_event(struct kctr_nl *nl, struct kctr_event_info *ev,
		       int timeout_ms, struct kctr_err *err);

struct nlmsghdr;
/*
 * The error an NLMSG_ERROR or NLMSG_DONE message reports for the request
 * @sent: 0 if none, else the negative errno, with err set to "what: the
 * kernel's extended-ACK message (the attribute at the offset it named)".
 */
int kctr_nl_ack_error(const struct nlmsghdr *nlh, const struct nlmsghdr *sent,
		      const char *what, struct kctr_err *err);

struct nl_msg;
struct nlattr;
/*
 * KCTR_A_NET of a CREATE, from @net (anchor_fd < 0: none; anchored is not
 * sent), and back from a record's KCTR_A_NET into @net (anchor_fd -1).
 * 0 or -EMSGSIZE / -EBADMSG; the pure halves of create and get.
 */
int kctr_nl_put_net(struct nl_msg *msg, const struct kctr_net_claim *net);
int kctr_nl_parse_net(const struct nlattr *nest, struct kctr_net_claim *net);

/* Names for enums; "?" when unknown. */
const char *kctr_state_name(uint32_t state);
const char *kctr_event_name(uint32_t event);
const char *kctr_ns_kind_name(uint32_t kind);	/* as in /proc/self/ns */
int kctr_event_by_name(const char *name);	/* -1 if unknown */

#endif
