/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.json (parsed: config.h) into the library's launch description
 * (lib/launch.h): what `kctr-oci create` hands to kctr_launch(). Pure: no
 * syscall but building the seccomp program and resolving the root path.
 * What kctr cannot honour is refused by the field's JSON name.
 */
#ifndef KCTR_OCI_LAUNCHCFG_H
#define KCTR_OCI_LAUNCHCFG_H

#include <limits.h>

#include "config.h"
#include "err.h"
#include "launch.h"

/* The description and everything it points to that was made for it. */
struct oci_launch {
	struct kctr_launch l;
	struct kctr_mount *mounts;
	char **sources;			/* bundle-relative bind sources, made
					 * absolute (NULL where not) */
	struct kctr_sysctl *sysctls;
	struct kctr_rlimit *rlimits;
	struct kctr_id_extent_req *uid_map, *gid_map;
	struct kctr_dev_rule *dev_rules;
	struct kctr_device *devs;	/* linux.devices, as host nodes */
	void *seccomp_prog;
	char root[PATH_MAX];		/* bundle + root.path */
	char ns_path[__KCTR_NS_KIND_COUNT][PATH_MAX];
};

/*
 * Fill @o from @cfg for the container @id of the bundle @bundle (an
 * absolute path). @cfg must outlive @o (strings are shared). 0, or
 * -errno with err naming the field; oci_launch_free() either way.
 */
int oci_launch_from_config(const struct kctr_oci_config *cfg,
			   const char *bundle, const char *id,
			   struct oci_launch *o, struct kctr_err *err);
void oci_launch_free(struct oci_launch *o);

/*
 * linux.resources.devices (evaluated in order, the last match wins) as
 * extra allow rules after kctr's standard nodes. A "deny all" clears what
 * came before it; a narrower deny cannot be expressed in an allow list
 * and is refused. Malloc'ed into *rules.
 */
int oci_dev_rules(const struct kctr_oci_resources *r,
		  struct kctr_dev_rule **rules, size_t *nr,
		  struct kctr_err *err);

#endif
