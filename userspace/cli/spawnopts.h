/* SPDX-License-Identifier: GPL-2.0 */
/* The options of `kctr spawn` and `kctr exec`, parsed without side effects. */
#ifndef KCTR_SPAWNOPTS_H
#define KCTR_SPAWNOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices.h"
#include "err.h"
#include "launch.h"
#include "network.h"
#include "nlclient.h"
#include "rootfs.h"

#define KCTR_USERNS_DEFAULT_OUTSIDE	100000
#define KCTR_USERNS_DEFAULT_COUNT	65536
#define KCTR_MAX_LIST			64
#define KCTR_MAX_DEVICES		32
#define KCTR_MAX_MOUNT_OPTS		32

struct kctr_spawn_opts {
	const char *rootfs, *image, *name, *hostname, *workdir, *seccomp;
	bool rm, detach, interactive, tty, read_only, no_init;
	bool allow_new_privs;		/* KCTR_F_ALLOW_NEW_PRIVS */
	bool userns;
	uint32_t userns_outside, userns_count;
	bool has_user;
	uint32_t uid, gid;
	uint32_t ns_mask;
	size_t nr_env, nr_vols, nr_tmpfs;
	const char *env[KCTR_MAX_LIST];
	struct kctr_volume vols[KCTR_MAX_LIST];
	const char *tmpfs[KCTR_MAX_LIST];
	size_t nr_devs;
	struct kctr_device devs[KCTR_MAX_DEVICES];
	size_t nr_mounts, nr_sysctls;
	struct kctr_mount mounts[KCTR_MAX_LIST];
	const char *mount_optv[KCTR_MAX_LIST][KCTR_MAX_MOUNT_OPTS];
	struct kctr_sysctl sysctls[KCTR_MAX_LIST];
	struct kctr_limits_req limits;
	uint64_t caps;
	/* ---- network (network.h) ---- */
	struct kctr_net_mode_arg net;	/* --network, default none */
	bool net_given;
	size_t nr_ports;
	struct kctr_port_claim ports[KCTR_NET_PORTS_MAX];
	uint32_t ip;			/* --ip, 0: none */
	bool has_mac, no_hosts;
	uint8_t mac[6];
	size_t nr_dns, nr_dns_search, nr_dns_options, nr_add_hosts;
	const char *dns[KCTR_MAX_LIST], *dns_search[KCTR_MAX_LIST];
	const char *dns_options[KCTR_MAX_LIST];
	struct kctr_add_host add_hosts[KCTR_MAX_LIST];
	char **argv;		/* the command, NULL-terminated */
};

/* "1.5" CPUs: quota/period in microseconds (period 100000). */
int kctr_parse_cpus(const char *s, uint64_t *quota, uint64_t *period,
		    struct kctr_err *err);
/* "MAJ:MIN:rbps=1m,wbps=2m,riops=100,wiops=max". */
int kctr_parse_io_max(const char *s, struct kctr_io_req *io,
		      struct kctr_err *err);
/* "host:/ctr[:OPTS]", OPTS "ro", "rw", "dev" comma-separated; both paths
 * absolute, no "..". */
int kctr_parse_volume(char *s, struct kctr_volume *v, struct kctr_err *err);
/*
 * --mount "type=T,src=S,dst=D,options=A:B" (also source=, destination=,
 * target=), split in place; the options go to @optv (at most @max). Only
 * the form is checked here: the launcher checks the entry itself.
 */
int kctr_parse_mount(char *s, struct kctr_mount *m, const char **optv,
		     size_t max, struct kctr_err *err);
/* --sysctl "KEY=VALUE", split in place. */
int kctr_parse_sysctl(char *s, struct kctr_sysctl *sc, struct kctr_err *err);
/* "uid[:gid]", numeric. */
int kctr_parse_user(const char *s, uint32_t *uid, uint32_t *gid,
		    struct kctr_err *err);
/* "mnt,pid,net,ipc,uts,user,cgroup,time" into KCTR_NS_* bits. */
int kctr_parse_ns_list(const char *s, uint32_t *mask, struct kctr_err *err);
/* "OUTSIDE:COUNT" */
int kctr_parse_userns(const char *s, uint32_t *outside, uint32_t *count,
		      struct kctr_err *err);

/*
 * Parse spawn's argv (argv[0] = "spawn"). Returns 0, 1 when help was
 * printed, or -errno with a message (usage error).
 */
int kctr_spawn_parse(int argc, char **argv, struct kctr_spawn_opts *o,
		     struct kctr_err *err);
void kctr_spawn_usage(void);

#endif
