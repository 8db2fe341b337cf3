/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kctr-oci's per-container state: <root>/<id>/state.json, what the kernel
 * record does not keep (bundle, rootfs, annotations, the hooks start and
 * delete must run, the requested cgroupsPath), written atomically in a 0700 directory.
 * The kernel registry stays the truth for status and pid; the OCI state
 * JSON (runtime.md "State") is built from both.
 */
#ifndef KCTR_OCI_STATE_H
#define KCTR_OCI_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "hooks.h"

#define OCI_ID_MAX		255	/* the module's name limit (uapi 2) */
#define OCI_SPEC_VERSION	"1.0.2"
#define OCI_STATE_FILE		"state.json"

struct oci_annotation {
	char *key, *val;
};

struct oci_state {
	char id[OCI_ID_MAX + 1];
	uint64_t kernel_id;		/* the module's u64 id */
	char *bundle;			/* absolute */
	char *rootfs;			/* absolute */
	char *cgroups_path;		/* as requested; NULL if none */
	/* linux.seccomp.flags applied, for exec's filter (SECCOMP_FILTER_*) */
	uint64_t seccomp_flags;
	char *owner;			/* user name, "" if unknown */
	uint64_t created_ns;		/* CLOCK_REALTIME */
	int pid;			/* the init's host pid, 0 if none */
	size_t nr_annotations;
	struct oci_annotation *annotations;
	struct oci_hook_list poststart;	/* start runs these */
	struct oci_hook_list poststop;	/* delete runs these */
	/* Global options of create, recorded. */
	bool systemd_cgroup;
	char *cgroup_manager, *rootless;
};

/*
 * runc's rule, [A-Za-z0-9_+.-]{1,255}, and the module's: not starting with
 * '.' or '-' (so never "." or ".."). 0 or -EINVAL.
 */
int oci_id_valid(const char *id, struct kctr_err *err);

/* <root>/<id> into @buf: 0 or -ENAMETOOLONG. */
int oci_state_dir(const char *root, const char *id, char *buf, size_t len);
/*
 * Make <root> (0700, parents too) and <root>/<id> (0700, exclusively:
 * EEXIST "container with id exists: ID").
 */
int oci_state_dir_create(const char *root, const char *id,
			 struct kctr_err *err);
/* Write state.json atomically (a temporary file, then rename). */
int oci_state_write(const char *root, const struct oci_state *st,
		    struct kctr_err *err);
/*
 * Read <root>/<id>/state.json into @st (oci_state_free() it). ENOENT:
 * "container \"ID\" does not exist".
 */
int oci_state_read(const char *root, const char *id, struct oci_state *st,
		   struct kctr_err *err);
/* Remove <root>/<id> and what is in it; a missing one is not an error. */
int oci_state_remove(const char *root, const char *id, struct kctr_err *err);
void oci_state_free(struct oci_state *st);

/* The private file's JSON, from the struct (for tests and writing). */
int oci_state_to_json(const struct oci_state *st, char **out);
int oci_state_from_json(const char *text, size_t len, struct oci_state *st,
			struct kctr_err *err);

/* "created", "running", "stopped" or "paused" from the kernel's view. */
enum oci_status {
	OCI_STATUS_CREATING,
	OCI_STATUS_CREATED,
	OCI_STATUS_RUNNING,
	OCI_STATUS_STOPPED,
	OCI_STATUS_PAUSED,
};
const char *oci_status_name(enum oci_status s);
/*
 * @kstate: KCTR_STATE_* or 0 when the module has no record (the container
 * is gone: stopped). @frozen: the cgroup's "frozen 1".
 */
enum oci_status oci_status_of(uint32_t kstate, bool frozen);

/*
 * The OCI state object on @f: ociVersion, id, status, pid (only while
 * created, running or paused), bundle, annotations; with @extras also
 * rootfs, created, owner as runc prints them (the state command; hooks get
 * the spec's fields only). @pretty indents.
 */
void oci_state_print(FILE *f, const struct oci_state *st,
		     enum oci_status status, bool extras, bool pretty);
/* The same into a malloc'ed string, or NULL. */
char *oci_state_string(const struct oci_state *st, enum oci_status status,
		       bool extras);

/*
 * RFC 3339 with nanoseconds, "2026-12-01T23:40:00.123456789Z" (UTC), as
 * Go's time.Time decodes it; with @local the local offset ("+01:00").
 */
char *oci_fmt_time(uint64_t ns, bool local, char *buf, size_t len);

#endif
