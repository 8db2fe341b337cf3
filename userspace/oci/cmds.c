// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that need no container launch: state, list, kill, delete,
 * pause, resume, ps, features, --version. A container exists for kctr-oci
 * when <root>/<id>/state.json does (what `create` writes); its status and
 * pid come from the kernel record (GET by the recorded kernel id) and the
 * cgroup's cgroup.events. A container the module knows but that has no
 * state directory under this --root "does not exist", as for runc: the
 * root is the engine's namespace, and kctr's own containers are not the
 * engine's to signal or delete.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <seccomp.h>

#include "image.h"
#include "json.h"
#include "nlclient.h"
#include "startfifo.h"
#include "util.h"
#include "cgroup.h"
#include "cmds.h"
#include "create.h"
#include "fileutil.h"
#include "hooks.h"
#include "state.h"

#define FREEZE_TIMEOUT_MS	10000

void ctr_free(struct oci_ctr *c)
{
	oci_state_free(&c->st);
	free(c->info);
	c->info = NULL;
}

/*
 * The kernel's record of @c (by id; a record with another name is a
 * different container that reused the id: none). Then status and pid.
 */
static int ctr_lookup(struct kctr_nl *nl, struct oci_ctr *c,
		      struct kctr_err *err)
{
	struct kctr_info *info;
	uint32_t kstate = 0;
	bool frozen = false;
	int ret;

	c->cgdir[0] = '\0';
	info = calloc(1, sizeof(*info));
	if (!info)
		return kctr_err_set(err, ENOMEM, "out of memory");
	ret = c->st.kernel_id ?
		kctr_nl_get_brief(nl, c->st.kernel_id, NULL, info, err) :
		kctr_nl_get_brief(nl, 0, c->st.id, info, err);
	if (ret == -ENOENT || (!ret && strcmp(info->name, c->st.id))) {
		free(info);
		info = NULL;
		ret = 0;
	}
	if (ret) {
		free(info);
		return kctr_err_wrap(err, "container \"%s\"", c->st.id);
	}
	c->info = info;
	if (info) {
		kstate = info->state;
		if (KCTR_HAS(info, KCTR_A_INIT_PID) && info->init_pid)
			c->st.pid = (int)info->init_pid;
		if (!c->st.created_ns && KCTR_HAS(info, KCTR_A_CREATED_NS))
			c->st.created_ns = info->created_ns;
		if (KCTR_HAS(info, KCTR_A_CGROUP) &&
		    (info->cgroup.present & (1U << KCTR_CG_A_PATH)) &&
		    oci_cgroup_dir(info->cgroup.path, c->cgdir,
				   sizeof(c->cgdir), NULL))
			c->cgdir[0] = '\0';
		if (c->cgdir[0] && kstate != KCTR_STATE_STOPPED)
			frozen = oci_cgroup_frozen(c->cgdir) == 1;
	}
	c->status = oci_status_of(kstate, frozen);
	if (c->status == OCI_STATUS_STOPPED)
		c->st.pid = 0;
	return 0;
}

/* state.json, then the kernel: "does not exist" when there is no file. */
int ctr_load(const struct oci_args *a, struct kctr_nl **nl,
	     struct oci_ctr *c, struct kctr_err *err)
{
	int ret;

	memset(c, 0, sizeof(*c));
	ret = oci_state_read(a->g.root, a->id, &c->st, err);
	if (ret)
		return ret;
	if (!*nl) {
		ret = kctr_nl_open(nl, err);
		if (ret) {
			ctr_free(c);
			return ret;
		}
	}
	ret = ctr_lookup(*nl, c, err);
	if (ret)
		ctr_free(c);
	return ret;
}

static int not_running(const struct oci_ctr *c, struct kctr_err *err)
{
	return kctr_err_set(err, ESRCH, "container \"%s\": container not running",
			    c->st.id);
}

static int cmd_state(const struct oci_args *a, struct kctr_err *err)
{
	struct kctr_nl *nl = NULL;
	struct oci_ctr c;
	int ret;

	ret = ctr_load(a, &nl, &c, err);
	if (nl)
		kctr_nl_close(nl);
	if (ret)
		return ret;
	oci_state_print(stdout, &c.st, c.status, true, true);
	ctr_free(&c);
	return 0;
}

/*
 * poststart and poststop: a failure is a warning and the others still
 * run (config.md). The state they get is the one they run in.
 */
static void run_warn_hooks(struct oci_ctr *c, const struct oci_hook_list *l,
			   enum oci_status status, const char *what,
			   struct oci_log *log)
{
	struct kctr_err err = { 0 };
	char *state;
	size_t i;

	if (!l->n)
		return;
	state = oci_state_string(&c->st, status, false);
	if (!state) {
		oci_logf(log, OCI_WARN, "%s hooks of %s: out of memory", what,
			 c->st.id);
		return;
	}
	for (i = 0; i < l->n; i++)
		if (oci_hook_run(&l->v[i], state, &err))
			oci_logf(log, OCI_WARN, "%s: %s", what, err.msg);
	free(state);
}

static int start_refusal(const struct oci_ctr *c, struct kctr_err *err)
{
	switch (c->status) {
	case OCI_STATUS_STOPPED:
		return kctr_err_set(err, EINVAL, "cannot start a container that "
				    "has stopped");
	case OCI_STATUS_CREATED:
		return 0;
	default:
		return kctr_err_set(err, EINVAL, "cannot start an already "
				    "running container");
	}
}

/*
 * runtime.md "start": run the user program of a created container. The
 * init waits on <root>/<id>/exec.fifo; once it reports START the FIFO
 * goes, so a second start finds a running (or stopped) container.
 */
static int cmd_start(const struct oci_args *a, struct oci_log *log,
		     struct kctr_err *err)
{
	struct kctr_nl *nl = NULL;
	char dir[4096], fifo[4200];
	struct oci_ctr c;
	int ret;

	ret = ctr_load(a, &nl, &c, err);
	if (ret)
		goto out;
	ret = start_refusal(&c, err);
	if (!ret && oci_state_dir(a->g.root, a->id, dir, sizeof(dir)))
		ret = kctr_err_set(err, ENAMETOOLONG, "state directory: too long");
	if (ret)
		goto free;
	snprintf(fifo, sizeof(fifo), "%s/%s", dir, OCI_START_FIFO);
	if (access(fifo, F_OK)) {
		ret = kctr_err_set(err, EINVAL, "cannot start an already "
				   "running container");
		goto free;
	}
	ret = kctr_launch_start(fifo, c.st.pid, err);
	unlink(fifo);
	if (!ret)
		run_warn_hooks(&c, &c.st.poststart, OCI_STATUS_RUNNING,
			       "poststart", log);
free:
	ctr_free(&c);
out:
	if (nl)
		kctr_nl_close(nl);
	return ret;
}

static int cmd_kill(const struct oci_args *a, struct kctr_err *err)
{
	struct kctr_nl *nl = NULL;
	struct oci_ctr c;
	int ret;

	ret = ctr_load(a, &nl, &c, err);
	if (ret)
		goto out;
	if (!c.info || c.status == OCI_STATUS_STOPPED) {
		ret = not_running(&c, err);
	} else if (a->all && a->sig != 9) {
		/* The module's KILL_ALL is cgroup.kill: KILL only. */
		ret = c.cgdir[0] ? oci_cgroup_signal_all(c.cgdir, a->sig, err) :
			kctr_err_set(err, ENOENT,
				     "container \"%s\": no cgroup to signal",
				     c.st.id);
	} else {
		ret = kctr_nl_kill(nl, c.info->id, a->sig,
				   a->all ? KCTR_F_KILL_ALL : 0, err);
		/* It exited between GET and KILL. */
		if (ret == -ESRCH || ret == -ENOENT)
			ret = not_running(&c, err);
	}
	ctr_free(&c);
out:
	if (nl)
		kctr_nl_close(nl);
	return ret;
}

static int cmd_delete(const struct oci_args *a, struct oci_log *log,
		      struct kctr_err *err)
{
	struct kctr_nl *nl = NULL;
	struct oci_ctr c;
	int ret;

	ret = ctr_load(a, &nl, &c, err);
	if (ret)
		goto out;
	if (c.status != OCI_STATUS_STOPPED && !a->force) {
		ret = kctr_err_set(err, EBUSY,
				   "cannot delete container %s that is not stopped: %s",
				   c.st.id, oci_status_name(c.status));
		goto free;
	}
	if (c.info) {
		ret = kctr_nl_delete(nl, c.info->id, a->force ? KCTR_F_FORCE : 0,
				     err);
		if (ret == -ENOENT)
			ret = 0;
		if (ret) {
			kctr_err_wrap(err, "delete %s", c.st.id);
			goto free;
		}
	}
	/*
	 * kctr's own directory of the container (device list, mount point),
	 * only when the record was this container's: after a reload of the
	 * module the id may be another's, and the garbage collection of the
	 * next launch takes what is left.
	 */
	if (c.info && kctr_container_state_remove(c.info->id, err))
		oci_logf(log, OCI_WARN, "delete %s: %s", c.st.id, err->msg);
	c.st.pid = 0;
	run_warn_hooks(&c, &c.st.poststop, OCI_STATUS_STOPPED, "poststop", log);
	ret = oci_state_remove(a->g.root, c.st.id, err);
free:
	ctr_free(&c);
out:
	if (nl)
		kctr_nl_close(nl);
	return ret;
}

static int cmd_freeze(const struct oci_args *a, bool freeze,
		      struct kctr_err *err)
{
	struct kctr_nl *nl = NULL;
	struct oci_ctr c;
	int ret;

	ret = ctr_load(a, &nl, &c, err);
	if (nl)
		kctr_nl_close(nl);
	if (ret)
		return ret;
	if (c.status == OCI_STATUS_STOPPED)
		ret = not_running(&c, err);
	else if (freeze && c.status == OCI_STATUS_PAUSED)
		ret = kctr_err_set(err, EINVAL, "container \"%s\" is already paused",
				   c.st.id);
	else if (!freeze && c.status != OCI_STATUS_PAUSED)
		ret = kctr_err_set(err, EINVAL, "container \"%s\" is not paused",
				   c.st.id);
	else if (!c.cgdir[0])
		ret = kctr_err_set(err, ENOENT,
				   "container \"%s\": the module reports no cgroup",
				   c.st.id);
	else
		ret = oci_cgroup_freeze(c.cgdir, freeze, FREEZE_TIMEOUT_MS, err);
	ctr_free(&c);
	return ret;
}

static void print_comm(pid_t pid)
{
	char path[64], *text;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (oci_read_file(path, &text, &len)) {
		printf("%d\t?\n", (int)pid);
		return;
	}
	if (len && text[len - 1] == '\n')
		text[len - 1] = '\0';
	printf("%d\t%s\n", (int)pid, text);
	free(text);
}

static int cmd_ps(const struct oci_args *a, struct kctr_err *err)
{
	struct kctr_nl *nl = NULL;
	pid_t *pids = NULL;
	size_t nr = 0, i;
	struct oci_ctr c;
	struct kj j;
	int ret;

	if (a->argc)
		return kctr_err_set(err, EINVAL,
				    "ps: ps(1) arguments are not supported");
	ret = ctr_load(a, &nl, &c, err);
	if (nl)
		kctr_nl_close(nl);
	if (ret)
		return ret;
	if (c.status != OCI_STATUS_STOPPED && c.cgdir[0])
		ret = oci_cgroup_procs(c.cgdir, &pids, &nr, err);
	ctr_free(&c);
	if (ret)
		return ret;
	if (a->format == OCI_FMT_JSON) {
		kj_init(&j, stdout, false);
		kj_arr_open(&j, NULL);
		for (i = 0; i < nr; i++)
			kj_i64(&j, NULL, pids[i]);
		kj_arr_close(&j);
		putchar('\n');
	} else {
		printf("PID\tCMD\n");
		for (i = 0; i < nr; i++)
			print_comm(pids[i]);
	}
	free(pids);
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The ids under --root that have a state file, sorted. */
static int list_ids(const char *root, char ***ids, size_t *nr,
		    struct kctr_err *err)
{
	size_t n = 0, cap = 16;
	struct dirent *de;
	char **v, **tmp;
	DIR *d;

	*ids = NULL;
	*nr = 0;
	d = opendir(root);
	if (!d)
		return errno == ENOENT ? 0 :
			kctr_err_set(err, errno, "%s: %m", root);
	v = malloc(cap * sizeof(*v));
	while (v && (de = readdir(d))) {
		if (oci_id_valid(de->d_name, NULL))
			continue;
		if (n == cap) {
			cap *= 2;
			tmp = realloc(v, cap * sizeof(*v));
			if (!tmp)
				break;
			v = tmp;
		}
		v[n] = strdup(de->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	if (!v)
		return kctr_err_set(err, ENOMEM, "out of memory");
	qsort(v, n, sizeof(*v), cmp_str);
	*ids = v;
	*nr = n;
	return 0;
}

static void list_table_row(const struct oci_ctr *c, int w)
{
	char when[64];

	printf("%-*s  %-8d  %-8s  %-40s  %-31s  %s\n", w, c->st.id, c->st.pid,
	       oci_status_name(c->status), c->st.bundle ? c->st.bundle : "",
	       oci_fmt_time(c->st.created_ns, false, when, sizeof(when)),
	       c->st.owner ? c->st.owner : "");
}

static int cmd_list(const struct oci_args *a, struct kctr_err *err)
{
	struct oci_args one = *a;
	struct kctr_nl *nl = NULL;
	size_t nr, i, shown = 0;
	struct oci_ctr c;
	int ret, w = 2;
	char **ids;

	ret = list_ids(a->g.root, &ids, &nr, err);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		if ((int)strlen(ids[i]) > w)
			w = (int)strlen(ids[i]);
	if (a->format == OCI_FMT_JSON)
		printf("[");
	else if (!a->quiet)
		printf("%-*s  %-8s  %-8s  %-40s  %-31s  %s\n", w, "ID", "PID",
		       "STATUS", "BUNDLE", "CREATED", "OWNER");
	for (i = 0; i < nr; i++) {
		one.id = ids[i];
		/* A directory without a state file is one being created. */
		if (ctr_load(&one, &nl, &c, err)) {
			if (err->code == ENOENT || err->code == EINVAL)
				continue;
			ret = -err->code;
			break;
		}
		if (a->format == OCI_FMT_JSON) {
			if (shown++)
				putchar(',');
			oci_state_print(stdout, &c.st, c.status, true, false);
		} else if (a->quiet) {
			printf("%s\n", c.st.id);
		} else {
			list_table_row(&c, w);
		}
		ctr_free(&c);
	}
	if (a->format == OCI_FMT_JSON)
		printf("]\n");
	for (i = 0; i < nr; i++)
		free(ids[i]);
	free(ids);
	if (nl)
		kctr_nl_close(nl);
	return ret;
}

void oci_print_version(FILE *f)
{
	fprintf(f, "kctr-oci version %s\nspec: %s\n", KCTR_OCI_VERSION,
		OCI_SPEC_VERSION);
}

static void strs(struct kj *j, const char *key, const char *const *v)
{
	kj_arr_open(j, key);
	for (; *v; v++)
		kj_str(j, NULL, *v);
	kj_arr_close(j);
}

/* config-linux.md's filter flags, which create applies. */
static const char *const seccomp_flag_names[] = {
	"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
	"SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL,
};

/*
 * Those the running kernel knows: seccomp(2) with a NULL program answers
 * EFAULT for a known flag, EINVAL for another. WAIT_KILLABLE_RECV is
 * known only with NEW_LISTENER, so it is asked with it.
 */
static void features_seccomp_flags(struct kj *j)
{
	static const unsigned int bits[] = {
		1U << 0, 1U << 1, 1U << 2, (1U << 5) | (1U << 3),
	};
	size_t i;

	kj_arr_open(j, "supportedFlags");
	for (i = 0; seccomp_flag_names[i]; i++)
		if (syscall(SYS_seccomp, 1 /* SET_MODE_FILTER */, bits[i],
			    NULL) < 0 && errno == EFAULT)
			kj_str(j, NULL, seccomp_flag_names[i]);
	kj_arr_close(j);
}

static void features_caps(struct kj *j)
{
	char upper[64];
	int cap, last = CAP_LAST_CAP;
	char *name;
	size_t i;

	if (cap_max_bits() > 0 && cap_max_bits() <= 64)
		last = cap_max_bits() - 1;
	kj_arr_open(j, "capabilities");
	for (cap = 0; cap <= last; cap++) {
		name = cap_to_name(cap);
		if (!name)
			continue;
		for (i = 0; name[i] && i + 1 < sizeof(upper); i++)
			upper[i] = (char)toupper((unsigned char)name[i]);
		upper[i] = '\0';
		cap_free(name);
		/* libcap names unknown bits by number: skip those. */
		if (!strncmp(upper, "CAP_", 4))
			kj_str(j, NULL, upper);
	}
	kj_arr_close(j);
}

static void features_archs(struct kj *j)
{
	static const char *const archs[][2] = {
		{ "SCMP_ARCH_X86", "x86" }, { "SCMP_ARCH_X86_64", "x86_64" },
		{ "SCMP_ARCH_X32", "x32" }, { "SCMP_ARCH_ARM", "arm" },
		{ "SCMP_ARCH_AARCH64", "aarch64" },
		{ "SCMP_ARCH_MIPS", "mips" }, { "SCMP_ARCH_MIPS64", "mips64" },
		{ "SCMP_ARCH_MIPS64N32", "mips64n32" },
		{ "SCMP_ARCH_MIPSEL", "mipsel" },
		{ "SCMP_ARCH_MIPSEL64", "mipsel64" },
		{ "SCMP_ARCH_MIPSEL64N32", "mipsel64n32" },
		{ "SCMP_ARCH_PPC", "ppc" }, { "SCMP_ARCH_PPC64", "ppc64" },
		{ "SCMP_ARCH_PPC64LE", "ppc64le" },
		{ "SCMP_ARCH_RISCV64", "riscv64" },
		{ "SCMP_ARCH_S390", "s390" }, { "SCMP_ARCH_S390X", "s390x" },
	};
	size_t i;

	kj_arr_open(j, "archs");
	for (i = 0; i < ARRAY_SIZE(archs); i++)
		if (seccomp_arch_resolve_name(archs[i][1]))
			kj_str(j, NULL, archs[i][0]);
	kj_arr_close(j);
}

static bool apparmor_enabled(void)
{
	char *text = NULL;
	bool on;

	if (oci_read_file("/sys/module/apparmor/parameters/enabled", &text,
			  NULL))
		return false;
	on = text[0] == 'Y';
	free(text);
	return on;
}

void oci_print_features(FILE *f)
{
	/* The hook kinds kctr-oci runs (config.c parses the 1.2 ones too). */
	static const char *const hooks[] = {
		"prestart", "createRuntime", "createContainer",
		"startContainer", "poststart", "poststop", NULL,
	};
	/* What lib/mounts.c maps (the r* forms through mount_setattr). */
	static const char *const mount_options[] = {
		"async", "atime", "bind", "defaults", "dev", "diratime",
		"dirsync", "exec", "iversion", "lazytime", "loud", "mand",
		"noatime", "nodev", "nodiratime", "noexec", "noiversion",
		"nolazytime", "nomand", "norelatime", "nostrictatime",
		"nosuid", "nosymfollow", "private", "ratime", "rbind", "rdev",
		"rdiratime", "relatime", "remount", "rexec", "rnoatime",
		"rnodev", "rnodiratime", "rnoexec", "rnorelatime",
		"rnostrictatime", "rnosuid", "rnosymfollow", "ro", "rprivate",
		"rrelatime", "rro", "rrw", "rshared", "rslave",
		"rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw",
		"shared", "silent", "slave", "strictatime", "suid",
		"symfollow", "sync", "tmpcopyup", "unbindable", NULL,
	};
	static const char *const namespaces[] = {
		"cgroup", "ipc", "mount", "network", "pid", "time", "user",
		"uts", NULL,
	};
	static const char *const actions[] = {
		"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",
		"SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
		"SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP", NULL,
	};
	static const char *const operators[] = {
		"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE",
		"SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", NULL,
	};
	struct kj j;

	kj_init(&j, f, true);
	kj_obj_open(&j, NULL);
	kj_str(&j, "ociVersionMin", "1.0.0");
	/* config.c reads 1.x and refuses by name what it cannot apply. */
	kj_str(&j, "ociVersionMax", "1.2.0");
	strs(&j, "hooks", hooks);
	strs(&j, "mountOptions", mount_options);
	kj_obj_open(&j, "linux");
	strs(&j, "namespaces", namespaces);
	features_caps(&j);
	kj_obj_open(&j, "cgroup");
	kj_bool(&j, "v1", false);
	kj_bool(&j, "v2", true);
	kj_bool(&j, "systemd", false);
	kj_bool(&j, "systemdUser", false);
	kj_bool(&j, "rdma", false);
	kj_obj_close(&j);
	kj_obj_open(&j, "seccomp");
	kj_bool(&j, "enabled", true);
	strs(&j, "actions", actions);
	strs(&j, "operators", operators);
	features_archs(&j);
	strs(&j, "knownFlags", seccomp_flag_names);
	features_seccomp_flags(&j);
	kj_obj_close(&j);
	kj_obj_open(&j, "apparmor");
	kj_bool(&j, "enabled", apparmor_enabled());
	kj_obj_close(&j);
	kj_obj_open(&j, "selinux");
	kj_bool(&j, "enabled", false);
	kj_obj_close(&j);
	kj_obj_open(&j, "intelRdt");
	kj_bool(&j, "enabled", false);
	kj_obj_close(&j);
	kj_obj_close(&j);
	kj_obj_open(&j, "annotations");
	kj_str(&j, "io.github.kctr.oci.version", KCTR_OCI_VERSION);
	kj_obj_close(&j);
	kj_obj_close(&j);
	fputc('\n', f);
}

void oci_usage(FILE *f, enum oci_cmd cmd)
{
	switch (cmd) {
	case OCI_CMD_CREATE:
		fprintf(f, "Usage: kctr-oci create [--bundle|-b DIR] [--pid-file FILE]\n"
			"         [--console-socket PATH] [--no-pivot] [--no-new-keyring]\n"
			"         [--preserve-fds N] ID\n");
		return;
	case OCI_CMD_START:
	case OCI_CMD_STATE:
	case OCI_CMD_PAUSE:
	case OCI_CMD_RESUME:
		fprintf(f, "Usage: kctr-oci %s ID\n", oci_cmd_name(cmd));
		return;
	case OCI_CMD_KILL:
		fprintf(f, "Usage: kctr-oci kill [--all|-a] ID [SIGNAL]\n"
			"SIGNAL: a number, or a name with or without SIG (default TERM)\n");
		return;
	case OCI_CMD_DELETE:
		fprintf(f, "Usage: kctr-oci delete [--force|-f] ID\n");
		return;
	case OCI_CMD_EXEC:
		fprintf(f, "Usage: kctr-oci exec [--process|-p FILE] [--detach|-d] [--pid-file FILE]\n"
			"         [--tty|-t] [--console-socket PATH] [--cwd DIR] [--env|-e K=V]...\n"
			"         [--user|-u UID[:GID]] [--additional-gids|-g GID]... [--cap CAP]...\n"
			"         [--no-new-privs] [--apparmor P] [--process-label L]\n"
			"         [--preserve-fds N] ID [COMMAND [ARG...]]\n");
		return;
	case OCI_CMD_PS:
		fprintf(f, "Usage: kctr-oci ps [--format|-f table|json] ID\n");
		return;
	case OCI_CMD_LIST:
		fprintf(f, "Usage: kctr-oci list [--format|-f table|json] [--quiet|-q]\n");
		return;
	case OCI_CMD_FEATURES:
		fprintf(f, "Usage: kctr-oci features\n");
		return;
	default:
		break;
	}
	fprintf(f,
		"Usage: kctr-oci [GLOBAL OPTIONS] COMMAND [OPTIONS] [ID] [ARGS]\n"
		"\n"
		"An OCI runtime (runtime-spec %s) with kctr.ko as the authority.\n"
		"\n"
		"Commands: create start state kill delete exec ps list pause resume\n"
		"          features help; --version\n"
		"\n"
		"Global options (before the command; --opt value or --opt=value):\n"
		"  --root DIR           state directory (default %s)\n"
		"  --log FILE           log file, created on every run\n"
		"  --log-format FORMAT  text or json (one object a line)\n"
		"  --debug              log debug lines too\n"
		"  --systemd-cgroup, --rootless VALUE, --cgroup-manager VALUE,\n"
		"  --criu PATH          accepted and recorded, not acted on\n"
		"  -v, --version        print the version\n"
		"  -h, --help           this text; COMMAND --help for a command's\n",
		OCI_SPEC_VERSION, OCI_DEFAULT_ROOT);
}

int oci_dispatch(const struct oci_args *a, struct oci_log *log,
		 struct kctr_err *err)
{
	switch (a->cmd) {
	case OCI_CMD_HELP:
		oci_usage(stdout, a->help_cmd);
		return 0;
	case OCI_CMD_VERSION:
		oci_print_version(stdout);
		return 0;
	case OCI_CMD_FEATURES:
		oci_print_features(stdout);
		return 0;
	case OCI_CMD_STATE:
		return cmd_state(a, err);
	case OCI_CMD_LIST:
		return cmd_list(a, err);
	case OCI_CMD_KILL:
		return cmd_kill(a, err);
	case OCI_CMD_DELETE:
		return cmd_delete(a, log, err);
	case OCI_CMD_PAUSE:
		return cmd_freeze(a, true, err);
	case OCI_CMD_RESUME:
		return cmd_freeze(a, false, err);
	case OCI_CMD_PS:
		return cmd_ps(a, err);
	case OCI_CMD_EXEC:
		return oci_cmd_exec(a, log, err);
	case OCI_CMD_CREATE:
		return oci_cmd_create(a, log, err);
	case OCI_CMD_START:
		return cmd_start(a, log, err);
	default:
		return kctr_err_set(err, EINVAL, "no command given");
	}
}
