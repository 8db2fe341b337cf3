/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An OCI bundle's config.json (runtime-spec 1.0.2 .. 1.2) and exec's
 * process.json, parsed into plain C: no mounts, no syscalls but reading
 * the file. Documentation/oci.md says field by field what kctr-oci
 * honours, refuses and ignores.
 *
 * Rules (config.md "Extensibility" and "Valid values"): unknown keys are
 * ignored; a known key with a value of the wrong type, or an invalid
 * value, is an error naming the JSON path ("config.json: process.user.uid:
 * expected an integer"). JSON null counts as absent (Go encoders write
 * null for empty slices). Fields the spec defines but kctr does not
 * implement are parsed, and a bit in cfg->unsupported says so:
 * kctr_oci_unsupported() turns the first into an error by name.
 */
#ifndef KCTR_OCI_CONFIG_H
#define KCTR_OCI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mounts.h"

struct kctr_limits_req;

/* ---- process (config.json "process", or exec's process.json) ---- */

struct kctr_oci_rlimit {
	int resource;			/* RLIMIT_* */
	uint64_t soft, hard;
};

struct kctr_oci_process {
	bool terminal;
	bool has_console_size;
	unsigned int console_height, console_width;
	uint32_t uid, gid;
	bool has_umask;
	uint32_t umask;
	size_t nr_gids;
	uint32_t *gids;			/* additionalGids, as given */
	char **args;			/* NULL-terminated, at least one */
	size_t nr_args;
	char **env;			/* NULL-terminated, exactly as given */
	size_t nr_env;
	char *cwd;			/* absolute */
	bool has_caps;			/* "capabilities" present */
	uint64_t bounding, effective, permitted, inheritable, ambient;
	size_t nr_rlimits;
	struct kctr_oci_rlimit *rlimits;	/* no type twice */
	bool no_new_privileges;
	bool has_oom_score_adj;
	int oom_score_adj;		/* -1000 .. 1000 */
	char *apparmor_profile;		/* NULL if absent or "" */
	char *selinux_label;		/* NULL if absent or "" */
};

/* ---- mounts ---- */

struct kctr_oci_mount {
	char *destination;		/* absolute ("/" prefixed if relative) */
	char *type;			/* NULL if absent */
	char *source;			/* NULL if absent */
	size_t nr_options;
	char **options;			/* as given */
	struct kctr_mount_opts opts;	/* sorted by kctr_mount_opts_parse */
};

/* ---- hooks ---- */

struct kctr_oci_hook {
	char *path;			/* absolute */
	char **args;			/* NULL-terminated; may be empty */
	char **env;			/* NULL-terminated; may be empty */
	int timeout;			/* seconds, 0: none */
};

enum kctr_oci_hook_kind {
	KCTR_OCI_HOOK_PRESTART,
	KCTR_OCI_HOOK_CREATE_RUNTIME,
	KCTR_OCI_HOOK_CREATE_CONTAINER,
	KCTR_OCI_HOOK_START_CONTAINER,
	KCTR_OCI_HOOK_POSTSTART,
	KCTR_OCI_HOOK_POSTSTOP,
	KCTR_OCI_HOOK_KINDS
};

struct kctr_oci_hooks {
	size_t nr[KCTR_OCI_HOOK_KINDS];
	struct kctr_oci_hook *list[KCTR_OCI_HOOK_KINDS];
};

/* ---- linux ---- */

/* Bit numbers: one per namespace "type". */
enum kctr_oci_ns {
	KCTR_OCI_NS_PID,
	KCTR_OCI_NS_NETWORK,
	KCTR_OCI_NS_MOUNT,
	KCTR_OCI_NS_IPC,
	KCTR_OCI_NS_UTS,
	KCTR_OCI_NS_USER,
	KCTR_OCI_NS_CGROUP,
	KCTR_OCI_NS_TIME,
	KCTR_OCI_NS_KINDS
};

struct kctr_oci_namespace {
	enum kctr_oci_ns type;
	char *path;			/* NULL: a new namespace */
};

struct kctr_oci_id_map {
	uint32_t container_id, host_id, size;
};

struct kctr_oci_kv {
	char *key, *value;
};

/* linux.resources.devices[]: one cgroup device rule, in order. */
struct kctr_oci_dev_rule {
	bool allow;
	char type;			/* 'a', 'c' or 'b' */
	int64_t major, minor;		/* -1: any */
	unsigned int access;		/* KCTR_OCI_DEV_R | _W | _M */
};

#define KCTR_OCI_DEV_R	1u
#define KCTR_OCI_DEV_W	2u
#define KCTR_OCI_DEV_M	4u

struct kctr_oci_throttle {
	int64_t major, minor;
	uint64_t rate;
};

struct kctr_oci_hugepage {
	char *page_size;		/* "2MB" */
	uint64_t limit;
};

/*
 * linux.resources. The has_* flags say a value was given; zeroes given by
 * engines (Docker's cpu {shares 0}, memory {}) stay "given but 0" here
 * and kctr_oci_limits() treats them as unset.
 */
struct kctr_oci_resources {
	size_t nr_devices;
	struct kctr_oci_dev_rule *devices;

	bool has_mem_limit, has_mem_reservation, has_mem_swap;
	bool has_mem_kernel, has_mem_kernel_tcp, has_mem_swappiness;
	int64_t mem_limit, mem_reservation, mem_swap;
	int64_t mem_kernel, mem_kernel_tcp;
	uint64_t mem_swappiness;
	bool mem_disable_oom_killer;

	uint64_t cpu_shares, cpu_period;
	int64_t cpu_quota;
	bool has_cpu_quota;
	char *cpu_cpus, *cpu_mems;	/* NULL if absent */
	int64_t cpu_rt_runtime;
	uint64_t cpu_rt_period;
	bool cpu_burst_set, cpu_idle_set;

	bool has_pids;
	int64_t pids_limit;

	uint16_t blkio_weight, blkio_leaf_weight;
	size_t nr_blkio_weight_device;
	/* throttle{Read,Write}{Bps,IOPS}Device */
	size_t nr_throttle[4];
	struct kctr_oci_throttle *throttle[4];

	size_t nr_hugepages;
	struct kctr_oci_hugepage *hugepages;
	size_t nr_unified;
	struct kctr_oci_kv *unified;	/* in order */
};

enum kctr_oci_throttle_kind {
	KCTR_OCI_THROTTLE_READ_BPS,
	KCTR_OCI_THROTTLE_WRITE_BPS,
	KCTR_OCI_THROTTLE_READ_IOPS,
	KCTR_OCI_THROTTLE_WRITE_IOPS,
};

/* linux.devices[]: a node to create in the container's /dev. */
struct kctr_oci_device {
	char *path;
	char type;			/* 'c', 'b', 'u' or 'p' */
	int64_t major, minor;
	bool has_file_mode, has_uid, has_gid;
	uint32_t file_mode, uid, gid;
};

/* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19; older headers lack it) */
#define KCTR_SECCOMP_FLAG_WAIT_KILLABLE_RECV	(1U << 5)

/* linux.seccomp: the whole object, and what the runtime checks itself. */
struct kctr_oci_seccomp {
	/* The object re-serialised, for kctr_seccomp_build_json(). */
	char *json;
	char *default_action;
	unsigned int flags;		/* "flags" as SECCOMP_FILTER_FLAG_* */
	char *listener_path;		/* NULL if absent or "" */
};

struct kctr_oci_time_offset {
	bool set;
	int64_t secs;
	uint32_t nanosecs;
};

/* ---- unsupported fields, by bit ---- */

enum kctr_oci_unsup {
	KCTR_OCI_U_SELINUX_LABEL,	/* process.selinuxLabel non-empty */
	KCTR_OCI_U_MOUNT_LABEL,		/* linux.mountLabel non-empty */
	KCTR_OCI_U_SCHEDULER,		/* process.scheduler */
	KCTR_OCI_U_IO_PRIORITY,		/* process.ioPriority */
	KCTR_OCI_U_EXEC_CPU_AFFINITY,	/* process.execCPUAffinity */
	KCTR_OCI_U_INTEL_RDT,		/* linux.intelRdt */
	KCTR_OCI_U_PERSONALITY,		/* linux.personality */
	KCTR_OCI_U_TIME_OFFSETS,	/* linux.timeOffsets */
	KCTR_OCI_U_MEMORY_POLICY,	/* linux.memoryPolicy */
	KCTR_OCI_U_NET_DEVICES,		/* linux.netDevices */
	KCTR_OCI_U_HUGEPAGE_LIMITS,	/* non-empty */
	KCTR_OCI_U_UNIFIED,		/* non-empty */
	KCTR_OCI_U_RDMA,		/* non-empty */
	KCTR_OCI_U_NETWORK,		/* resources.network */
	KCTR_OCI_U_BLKIO_WEIGHT,	/* weight, leafWeight, weightDevice */
	KCTR_OCI_U_MEM_KERNEL,		/* kernel, kernelTCP (not -1/0) */
	KCTR_OCI_U_MEM_SWAPPINESS,	/* set, other than 0 */
	KCTR_OCI_U_MEM_DISABLE_OOM_KILLER,
	KCTR_OCI_U_CPU_REALTIME,	/* realtimeRuntime/Period non-zero */
	KCTR_OCI_U_CPU_BURST,
	KCTR_OCI_U_CPU_IDLE,
	KCTR_OCI_U_SECCOMP_LISTENER,	/* listenerPath (seccomp notify) */
	KCTR_OCI_U_SECCOMP_FLAG,	/* a flag kctr does not know */
	KCTR_OCI_U_MOUNT_IDMAP,		/* mounts[].uidMappings, idmap */
	KCTR_OCI_U_DOMAINNAME,		/* domainname non-empty */
	KCTR_OCI_U_COUNT
};

/* ---- the whole config ---- */

struct kctr_oci_config {
	char *oci_version;
	char *root_path;		/* as given (relative: to the bundle) */
	bool root_readonly;
	bool has_process;
	struct kctr_oci_process process;
	char *hostname, *domainname;	/* NULL if absent */
	size_t nr_mounts;
	struct kctr_oci_mount *mounts;
	struct kctr_oci_hooks hooks;
	size_t nr_annotations;
	struct kctr_oci_kv *annotations;	/* in the file's order */

	/* linux */
	size_t nr_namespaces;
	struct kctr_oci_namespace *namespaces;	/* no type twice */
	size_t nr_uid_maps, nr_gid_maps;
	struct kctr_oci_id_map *uid_maps, *gid_maps;
	size_t nr_sysctl;
	struct kctr_oci_kv *sysctl;
	bool has_resources;
	struct kctr_oci_resources resources;
	char *cgroups_path;		/* NULL if absent */
	size_t nr_masked, nr_readonly;
	char **masked_paths, **readonly_paths;
	unsigned long rootfs_propagation;	/* MS_* | MS_REC, 0: unset */
	bool has_seccomp;
	struct kctr_oci_seccomp seccomp;
	size_t nr_devices;
	struct kctr_oci_device *devices;
	char *mount_label;		/* NULL if absent or "" */
	unsigned long personality_domain;	/* PER_LINUX or PER_LINUX32 */
	struct kctr_oci_time_offset time_monotonic, time_boottime;

	uint64_t unsupported;		/* BIT(KCTR_OCI_U_*) */
};

/*
 * Parse config.json's text (@name is the file name for messages,
 * "config.json" if NULL). 0, or -errno with err = "config.json: PATH:
 * why". On success the caller owns @cfg (kctr_oci_config_free).
 */
int kctr_oci_config_parse(const char *text, size_t len, const char *name,
			  struct kctr_oci_config *cfg, struct kctr_err *err);
/* Read and parse @path (at most 16 MiB). */
int kctr_oci_config_load(const char *path, struct kctr_oci_config *cfg,
			 struct kctr_err *err);
void kctr_oci_config_free(struct kctr_oci_config *cfg);
/* linux.seccomp.flags for seccomp(2) (0 without linux.seccomp). */
unsigned int kctr_oci_seccomp_install_flags(const struct kctr_oci_config *cfg);

/*
 * exec's process.json (a "process" object at top level). Bits for the
 * unsupported fields it holds go to *unsupported (may be NULL).
 */
int kctr_oci_process_parse(const char *text, size_t len, const char *name,
			   struct kctr_oci_process *proc,
			   uint64_t *unsupported, struct kctr_err *err);
int kctr_oci_process_load(const char *path, struct kctr_oci_process *proc,
			  uint64_t *unsupported, struct kctr_err *err);
void kctr_oci_process_free(struct kctr_oci_process *proc);

/* "linux.intelRdt" for KCTR_OCI_U_INTEL_RDT; NULL if out of range. */
const char *kctr_oci_unsup_name(enum kctr_oci_unsup u);
/*
 * The first field in @unsupported outside @honoured as an error:
 * -EOPNOTSUPP, "config.json: linux.intelRdt is not supported". 0 if none.
 */
int kctr_oci_unsupported(uint64_t unsupported, uint64_t honoured,
			 const char *name, struct kctr_err *err);

/* The index of the namespace entry of @type, or -1. */
int kctr_oci_ns_find(const struct kctr_oci_config *cfg, enum kctr_oci_ns type);
/* "pid" ... "time" (the spec's names). */
const char *kctr_oci_ns_name(enum kctr_oci_ns type);
/* The module's KCTR_NS_KIND_* for @type. */
unsigned int kctr_oci_ns_kind(enum kctr_oci_ns type);
/*
 * The module's KCTR_NS_* bits: @fresh for the entries without a path (new
 * namespaces), @joined for those with one. Kinds not listed are neither
 * (the container shares the runtime's).
 */
void kctr_oci_ns_masks(const struct kctr_oci_config *cfg, uint32_t *fresh,
		       uint32_t *joined);

/*
 * linux.resources onto the module's limits (cgroup v2 semantics): memory
 * limit -> memory.max, reservation -> memory.low, swap (memory+swap) ->
 * swap.max = swap - limit (-1: max), cpu quota/period -> cpu.max, shares
 * -> cpu.weight (runc/crun's formula), pids limit <= 0 -> max, cpus/mems
 * -> cpuset, blockIO throttles -> io.max. Zero means unset. @out is
 * cleared first. -EINVAL naming the field when a value cannot be mapped.
 */
int kctr_oci_limits(const struct kctr_oci_resources *r,
		    struct kctr_limits_req *out, struct kctr_err *err);
/* cpu.shares (cgroup v1) to cpu.weight (v2): 0 -> 0 (unset), 2..262144. */
uint32_t kctr_oci_shares_to_weight(uint64_t shares);
/*
 * memory+swap (OCI) to swap.max (v2): 0 and *swap_max untouched when
 * unset, KCTR_LIMIT_UNLIMITED for -1, else swap - limit.
 */
int kctr_oci_swap_max(int64_t swap, int64_t limit, bool *set,
		      uint64_t *swap_max, struct kctr_err *err);

#endif
