// SPDX-License-Identifier: GPL-2.0
/*
 * Container cgroups: /kctr/<id> on the default hierarchy, reached through
 * a module-private mount of cgroup2 whose root is the cgroup namespace root
 * of whoever loaded the module. The module reads and writes control files
 * like any process would (file_open_root + kernel_read/kernel_write), with
 * its caller's credentials, so cgroupfs itself enforces every rule.
 *
 * A new cgroup2 mount re-applies the hierarchy-wide mount options
 * (nsdelegate, memory_recursiveprot, ...) and would silently clear those
 * the system was mounted with, so the private mount passes the options
 * that are in effect.
 */
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "cgroup.h"
#include "limits.h"

#define KCTR_CG_DIR		"kctr"
#define KCTR_CG_READ_MAX	8192

static struct vfsmount *kctr_mnt;
static struct dentry *kctr_dir;		/* /kctr, held */
static struct cgroup *kctr_root_cgrp;	/* /kctr, held */

#ifdef KCTR_HAVE_MNT_IDMAP
#define kctr_mnt_idmap()	mnt_idmap(kctr_mnt)
#else
#define kctr_mnt_idmap()	mnt_user_ns(kctr_mnt)
#endif

/* 6.1 has no formatted extack messages; it gets the fixed @plain one. */
#ifdef NL_SET_ERR_MSG_FMT
#define cg_err(extack, plain, fmt, ...) do {				\
	(void)(plain);							\
	NL_SET_ERR_MSG_FMT(extack, fmt, ##__VA_ARGS__);			\
} while (0)
#else
#define cg_err(extack, plain, fmt, ...) do {				\
	(void)(fmt);							\
	kctr_set_err(extack, NULL, plain);				\
} while (0)
#endif

/*
 * The 6.12-only options by value: their enum constants do not exist on
 * 6.1 (where the bits are never set), and an enum cannot be #ifdef'ed.
 */
static const struct {
	unsigned int flag;
	const char *opt;
} kctr_root_opts[] = {
	{ CGRP_ROOT_NS_DELEGATE, "nsdelegate" },
	{ CGRP_ROOT_FAVOR_DYNMODS, "favordynmods" },
	{ CGRP_ROOT_MEMORY_LOCAL_EVENTS, "memory_localevents" },
	{ CGRP_ROOT_MEMORY_RECURSIVE_PROT, "memory_recursiveprot" },
	{ BIT(19), "memory_hugetlb_accounting" },
	{ BIT(20), "pids_localevents" },
};

static int mount_cgroup2(void)
{
	struct file_system_type *type;
	unsigned int flags, i;
	char opts[160] = "";

	flags = READ_ONCE(cgrp_dfl_root.flags);
	for (i = 0; i < ARRAY_SIZE(kctr_root_opts); i++) {
		if (!(flags & kctr_root_opts[i].flag))
			continue;
		if (opts[0])
			strlcat(opts, ",", sizeof(opts));
		strlcat(opts, kctr_root_opts[i].opt, sizeof(opts));
	}
	type = get_fs_type("cgroup2");
	if (!type)
		return -ENODEV;
	kctr_mnt = vfs_kern_mount(type, SB_KERNMOUNT, "cgroup2",
				  opts[0] ? opts : NULL);
	/* what put_filesystem() does; it is not exported */
	module_put(type->owner);
	if (IS_ERR(kctr_mnt)) {
		int err = PTR_ERR(kctr_mnt);

		kctr_mnt = NULL;
		return err;
	}
	return 0;
}

/* @rel is relative to the root of the private mount. */
static int write_file(const char *rel, const char *val)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root_mnt(kctr_mnt, rel, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, val, strlen(val), &pos);
	fput(f);
	if (n < 0)
		return n;
	return n == strlen(val) ? 0 : -EIO;
}

/* Reads all of @rel into @buf, NUL-terminated; returns the length. */
static ssize_t read_file(const char *rel, char *buf, size_t len)
{
	struct file *f;
	loff_t pos = 0;
	size_t got = 0;
	ssize_t n;

	f = file_open_root_mnt(kctr_mnt, rel, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	do {
		n = kernel_read(f, buf + got, len - 1 - got, &pos);
		if (n > 0)
			got += n;
	} while (n > 0 && got < len - 1);
	fput(f);
	buf[got] = '\0';
	return n < 0 ? n : got;
}

/* Is @word one of the space-separated words of @list? */
static bool word_in(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || isspace(p[-1])) &&
		    (!p[len] || isspace(p[len])))
			return true;
		p += len;
	}
	return false;
}

static const char * const kctr_controllers[] = {
	"cpuset", "cpu", "io", "memory", "pids",
};

/* Controllers this load enabled in the root, BIT(i) of kctr_controllers. */
static unsigned long kctr_root_enabled;

/*
 * Enable in @dir/cgroup.subtree_control every controller of ours that @dir
 * has. Each one alone: a controller the kernel lacks or refuses is not
 * fatal, only the limits that need it will be refused at CREATE. Returns
 * the ones enabled here, not those that already were.
 */
static unsigned long enable_controllers(const char *dir, char *buf,
					size_t len)
{
	char word[16], path[64], *on = buf + len / 2;
	unsigned long enabled = 0;
	int i, err;

	snprintf(path, sizeof(path), "%s%scgroup.controllers", dir,
		 *dir ? "/" : "");
	if (read_file(path, buf, len / 2) < 0)
		return 0;
	snprintf(path, sizeof(path), "%s%scgroup.subtree_control", dir,
		 *dir ? "/" : "");
	if (read_file(path, on, len / 2) < 0)
		return 0;
	for (i = 0; i < ARRAY_SIZE(kctr_controllers); i++) {
		if (!word_in(buf, kctr_controllers[i]) ||
		    word_in(on, kctr_controllers[i]))
			continue;
		snprintf(word, sizeof(word), "+%s", kctr_controllers[i]);
		err = write_file(path, word);
		if (err)
			pr_info("kctr: cannot enable the %s controller in /%s: %d\n",
				kctr_controllers[i], dir, err);
		else
			enabled |= BIT(i);
	}
	return enabled;
}

/*
 * Unload: disable in the root what the load enabled itself and is still
 * on. cgroupfs refuses (EBUSY) while a cgroup below enables it for its
 * own children (a /kctr left behind, or anyone's); such a one stays on.
 */
static void restore_root_controllers(void)
{
	char word[16];
	int i, err;

	for (i = 0; i < ARRAY_SIZE(kctr_controllers); i++) {
		if (!(kctr_root_enabled & BIT(i)))
			continue;
		snprintf(word, sizeof(word), "-%s", kctr_controllers[i]);
		err = write_file("cgroup.subtree_control", word);
		if (err)
			pr_info("kctr: leaving the %s controller on in the root (enabled at load, now in use below it): %d\n",
				kctr_controllers[i], err);
	}
	kctr_root_enabled = 0;
}

/* The positive dentry @name in @parent (locked), or an ERR_PTR. */
static struct dentry *lookup_dir(struct dentry *parent, const char *name)
{
	struct dentry *d;

	d = lookup_one_len(name, parent, strlen(name));
	if (IS_ERR(d))
		return d;
	if (d_really_is_negative(d)) {
		dput(d);
		return ERR_PTR(-ENOENT);
	}
	return d;
}

/*
 * mkdir @name in @parent and return the new directory's cgroup. The parent
 * stays locked from mkdir to lookup, so the node cannot go in between.
 * kernfs leaves the mkdir dentry negative: the second lookup instantiates.
 * A directory made here is removed again when its cgroup cannot be had:
 * cgroup_get_from_id() refuses a cgroup outside the caller's cgroup
 * namespace (ENOENT), and CREATE must leave nothing behind.
 */
static struct cgroup *make_dir(struct dentry *parent, const char *name,
			       bool may_exist, struct dentry **dentry)
{
	struct inode *dir = d_inode(parent);
	struct cgroup *cgrp;
	struct dentry *d;
	bool made = false;
	int err;

	err = mnt_want_write(kctr_mnt);
	if (err)
		return ERR_PTR(err);
	inode_lock_nested(dir, I_MUTEX_PARENT);
	d = lookup_one_len(name, parent, strlen(name));
	if (IS_ERR(d)) {
		cgrp = ERR_CAST(d);
		goto unlock;
	}
	if (d_really_is_negative(d)) {
		err = vfs_mkdir(kctr_mnt_idmap(), dir, d, 0755);
		made = !err;
	} else if (!may_exist)
		err = -EEXIST;
	dput(d);
	if (err) {
		cgrp = ERR_PTR(err);
		goto unlock;
	}
	d = lookup_dir(parent, name);
	if (IS_ERR(d)) {
		cgrp = ERR_CAST(d);
		goto unlock;
	}
	/* the kernfs inode number is the cgroup id */
	cgrp = cgroup_get_from_id(d_inode(d)->i_ino);
	if (!IS_ERR(cgrp) && dentry)
		*dentry = dget(d);
	if (IS_ERR(cgrp) && made) {
		err = vfs_rmdir(kctr_mnt_idmap(), dir, d);
		if (err)
			pr_warn("kctr: cgroup %s is out of reach, and rmdir failed: %d\n",
				name, err);
	}
	dput(d);
unlock:
	inode_unlock(dir);
	mnt_drop_write(kctr_mnt);
	return cgrp;
}

static int remove_dir(struct dentry *parent, const char *name)
{
	struct inode *dir = d_inode(parent);
	struct dentry *d;
	int err;

	err = mnt_want_write(kctr_mnt);
	if (err)
		return err;
	inode_lock_nested(dir, I_MUTEX_PARENT);
	d = lookup_dir(parent, name);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto unlock;
	}
	err = vfs_rmdir(kctr_mnt_idmap(), dir, d);
	dput(d);
unlock:
	inode_unlock(dir);
	mnt_drop_write(kctr_mnt);
	return err;
}

int kctr_cgroup_init(void)
{
	struct cgroup *cgrp;
	char *buf;
	int err;

	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = mount_cgroup2();
	if (err)
		goto free_buf;
	kctr_root_enabled = enable_controllers("", buf, PAGE_SIZE);
	/* an existing /kctr is reused: it is empty whenever no module runs */
	cgrp = make_dir(kctr_mnt->mnt_root, KCTR_CG_DIR, true, &kctr_dir);
	if (IS_ERR(cgrp)) {
		err = PTR_ERR(cgrp);
		pr_err("kctr: cannot create the /%s cgroup: %d\n", KCTR_CG_DIR,
		       err);
		restore_root_controllers();
		goto put_mnt;
	}
	kctr_root_cgrp = cgrp;
	enable_controllers(KCTR_CG_DIR, buf, PAGE_SIZE);
	kfree(buf);
	return 0;

put_mnt:
	mntput(kctr_mnt);
	kctr_mnt = NULL;
free_buf:
	kfree(buf);
	return err;
}

struct leftover_scan {
	struct dir_context ctx;
	u64 highest;
};

static bool note_leftover(struct dir_context *ctx, const char *name,
			  int len, loff_t pos, u64 ino, unsigned int type)
{
	struct leftover_scan *scan = container_of(ctx, struct leftover_scan,
						  ctx);
	char buf[24];
	u64 id;

	if (type != DT_DIR || len >= sizeof(buf))
		return true;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (!kstrtou64(buf, 10, &id) && id > scan->highest)
		scan->highest = id;
	return true;
}

/*
 * Only a container whose cgroup stayed populated past its removal leaves
 * its node here (see kctr_rm_cgroup()); /kctr itself then stays
 * too, and the next load reuses it.
 */
u64 kctr_cgroup_highest_leftover(void)
{
	struct path path = { .mnt = kctr_mnt, .dentry = kctr_dir };
	struct leftover_scan scan = { .ctx.actor = note_leftover };
	struct file *dir;
	int err;

	dir = dentry_open(&path, O_RDONLY | O_DIRECTORY, current_cred());
	if (IS_ERR(dir)) {
		pr_warn("kctr: cannot read /%s: %ld\n", KCTR_CG_DIR,
			PTR_ERR(dir));
		return 0;
	}
	err = iterate_dir(dir, &scan.ctx);
	fput(dir);
	if (err)
		pr_warn("kctr: reading /%s: %d\n", KCTR_CG_DIR, err);
	if (scan.highest)
		pr_warn("kctr: /%s holds cgroups an earlier load left, up to /%s/%llu: new ids start above\n",
			KCTR_CG_DIR, KCTR_CG_DIR, scan.highest);
	return scan.highest;
}

void kctr_cgroup_exit(void)
{
	if (!kctr_mnt)
		return;
	cgroup_put(kctr_root_cgrp);
	kctr_root_cgrp = NULL;
	dput(kctr_dir);
	kctr_dir = NULL;
	/* leave nothing behind; EBUSY if someone else put a node there */
	remove_dir(kctr_mnt->mnt_root, KCTR_CG_DIR);
	restore_root_controllers();
	mntput(kctr_mnt);
	kctr_mnt = NULL;
}

#define KCTR_WRITE_MSG(f) { f, "cgroup: writing " f " failed" }

static const char *limit_write_failed(const char *file)
{
	static const struct {
		const char *file, *msg;
	} msgs[] = {
		KCTR_WRITE_MSG("cpuset.cpus"), KCTR_WRITE_MSG("cpuset.mems"),
		KCTR_WRITE_MSG("cpu.weight"), KCTR_WRITE_MSG("cpu.max"),
		KCTR_WRITE_MSG("memory.min"), KCTR_WRITE_MSG("memory.low"),
		KCTR_WRITE_MSG("memory.high"), KCTR_WRITE_MSG("memory.max"),
		KCTR_WRITE_MSG("memory.swap.max"), KCTR_WRITE_MSG("pids.max"),
		KCTR_WRITE_MSG("io.max"),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(msgs); i++) {
		if (!strcmp(msgs[i].file, file))
			return msgs[i].msg;
	}
	return "cgroup: writing a limit failed";
}

static int check_controllers(const struct kctr_limit_write *w, int n,
			     char *buf, struct netlink_ext_ack *extack)
{
	ssize_t len;
	int i;

	len = read_file(KCTR_CG_DIR "/cgroup.subtree_control", buf,
			KCTR_CG_READ_MAX);
	if (len < 0) {
		NL_SET_ERR_MSG(extack, "cgroup: cannot read /kctr/cgroup.subtree_control");
		return len;
	}
	for (i = 0; i < n; i++) {
		if (word_in(buf, w[i].controller))
			continue;
		cg_err(extack, "cgroup: a controller the limits need is not available",
		       "cgroup: controller %s not available (for %s)",
		       w[i].controller, w[i].file);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int write_limits(struct kctr_cgroup *cg, const struct kctr_limits *l,
			struct netlink_ext_ack *extack)
{
	struct kctr_limit_write *w;
	char path[64], *buf;
	int n, i, err;

	w = kcalloc(KCTR_LIMIT_WRITES_MAX, sizeof(*w), GFP_KERNEL);
	buf = kmalloc(KCTR_CG_READ_MAX, GFP_KERNEL);
	err = -ENOMEM;
	if (!w || !buf)
		goto free;
	n = kctr_limits_format(l, w, KCTR_LIMIT_WRITES_MAX);
	err = n;
	if (n < 0)
		goto free;
	err = check_controllers(w, n, buf, extack);
	for (i = 0; !err && i < n; i++) {
		snprintf(path, sizeof(path), KCTR_CG_DIR "/%s/%s", cg->name,
			 w[i].file);
		err = write_file(path, w[i].value);
		if (err == -ENOENT)
			cg_err(extack, "cgroup: a limit file does not exist on this kernel",
			       "cgroup: %s does not exist on this kernel",
			       w[i].file);
		else if (err)
			cg_err(extack, limit_write_failed(w[i].file),
			       "cgroup: %s refused \"%.30s\": errno %d",
			       w[i].file, w[i].value, -err);
	}
free:
	kfree(buf);
	kfree(w);
	return err;
}

int kctr_cgroup_create(struct kctr_cgroup *cg, u64 id,
		       const struct kctr_limits *limits,
		       struct netlink_ext_ack *extack)
{
	struct cgroup *cgrp;
	int err;

	if (!kctr_mnt)
		return -ENODEV;
	snprintf(cg->name, sizeof(cg->name), "%llu", id);
	cgrp = make_dir(kctr_dir, cg->name, false, NULL);
	if (IS_ERR(cgrp)) {
		cg_err(extack, "cgroup: cannot create the container's cgroup",
		       "cgroup: mkdir /kctr/%s failed: errno %d", cg->name,
		       (int)-PTR_ERR(cgrp));
		return PTR_ERR(cgrp);
	}
	cg->cgrp = cgrp;
	cg->id = cgroup_id(cgrp);
	err = write_limits(cg, limits, extack);
	if (err)
		goto remove_node;
	return 0;

remove_node:
	kctr_cgroup_remove(cg);
	return err;
}

struct subdir_scan {
	struct dir_context ctx;
	char name[NAME_MAX + 1];
	bool found;
};

static bool note_subdir(struct dir_context *ctx, const char *name, int len,
			loff_t pos, u64 ino, unsigned int type)
{
	struct subdir_scan *scan = container_of(ctx, struct subdir_scan, ctx);

	if (type != DT_DIR || (name[0] == '.' &&
			       (len == 1 || (len == 2 && name[1] == '.'))))
		return true;
	if (len > NAME_MAX)
		return true;
	memcpy(scan->name, name, len);
	scan->name[len] = '\0';
	scan->found = true;
	return false;
}

/* A child cgroup of @dir, positive and held, NULL if none, or ERR_PTR. */
static struct dentry *first_subdir(struct dentry *dir)
{
	struct path path = { .mnt = kctr_mnt, .dentry = dir };
	struct subdir_scan scan = { .ctx.actor = note_subdir };
	struct dentry *d;
	struct file *f;
	int err;

	f = dentry_open(&path, O_RDONLY | O_DIRECTORY, current_cred());
	if (IS_ERR(f))
		return ERR_CAST(f);
	err = iterate_dir(f, &scan.ctx);
	fput(f);
	if (err)
		return ERR_PTR(err);
	if (!scan.found)
		return NULL;
	d = lookup_one_len_unlocked(scan.name, dir, strlen(scan.name));
	if (!IS_ERR(d) && d_really_is_negative(d)) {
		dput(d);
		return ERR_PTR(-EAGAIN);	/* gone meanwhile: look again */
	}
	return d;
}

/*
 * rmdir the deepest first cgroup below @node; 1 when there is none left.
 * Iterative, not recursive: the tree below a container is the
 * container's, as deep as it likes.
 */
static int remove_one_below(struct dentry *node)
{
	struct dentry *parent = NULL, *leaf = dget(node), *child;
	int err;

	while (!IS_ERR_OR_NULL(child = first_subdir(leaf))) {
		dput(parent);
		parent = leaf;
		leaf = child;
	}
	err = PTR_ERR_OR_ZERO(child);
	if (!err && !parent) {
		err = 1;
	} else if (!err) {
		struct name_snapshot name;

		/* a cgroup may be renamed meanwhile: not d_name itself */
		take_dentry_name_snapshot(&name, leaf);
		err = remove_dir(parent, name.name.name);
		release_dentry_name_snapshot(&name);
	}
	dput(leaf);
	dput(parent);
	return err == -EAGAIN || err == -ENOENT ? 0 : err;
}

/*
 * The container's node and every cgroup below it, deepest first: a
 * container may make child cgroups (a delegated init does), and they go
 * with it. -EBUSY while any of them is populated.
 */
static int remove_tree(struct kctr_cgroup *cg)
{
	struct dentry *node;
	int err;

	node = lookup_one_len_unlocked(cg->name, kctr_dir, strlen(cg->name));
	if (IS_ERR(node))
		return PTR_ERR(node);
	if (d_really_is_negative(node)) {
		dput(node);
		return -ENOENT;
	}
	do {
		err = remove_one_below(node);
		cond_resched();
	} while (!err);
	dput(node);
	if (err < 0)
		return err;
	return remove_dir(kctr_dir, cg->name);
}

int kctr_cgroup_remove(struct kctr_cgroup *cg)
{
	int err;

	if (!cg->cgrp)
		return 0;
	err = remove_tree(cg);
	if (err && err != -ENOENT)
		return err;
	kctr_cgroup_forget(cg);
	return 0;
}

void kctr_cgroup_forget(struct kctr_cgroup *cg)
{
	if (!cg->cgrp)
		return;
	cgroup_put(cg->cgrp);
	cg->cgrp = NULL;
}

int kctr_cgroup_kill(struct kctr_cgroup *cg)
{
	char path[64];

	snprintf(path, sizeof(path), KCTR_CG_DIR "/%s/cgroup.kill", cg->name);
	return write_file(path, "1");
}

bool kctr_cgroup_populated(struct kctr_cgroup *cg)
{
	return cg->cgrp && cgroup_is_populated(cg->cgrp);
}

/*
 * Value of the line "@key N" in a flat-keyed cgroup file (cpu.stat,
 * memory.events, ...); false when there is no such line.
 */
bool kctr_cgroup_parse_keyed(const char *buf, const char *key, u64 *val)
{
	size_t len = strlen(key);
	const char *p = buf;
	char num[24];
	size_t i;

	while (p && *p) {
		if (!strncmp(p, key, len) && p[len] == ' ') {
			p += len + 1;
			for (i = 0; i < sizeof(num) - 1 && isdigit(p[i]); i++)
				num[i] = p[i];
			num[i] = '\0';
			return !kstrtou64(num, 10, val);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

/* Sum of rbytes= and wbytes= over the device lines of io.stat. */
void kctr_cgroup_parse_io_stat(const char *buf, u64 *rbytes, u64 *wbytes)
{
	static const char * const keys[] = { " rbytes=", " wbytes=" };
	u64 *sums[] = { rbytes, wbytes };
	const char *line = buf, *end, *p;
	unsigned long long v;
	int k;

	*rbytes = 0;
	*wbytes = 0;
	while (line && *line) {
		end = strchrnul(line, '\n');
		for (k = 0; k < ARRAY_SIZE(keys); k++) {
			p = strnstr(line, keys[k], end - line);
			if (p && sscanf(p + strlen(keys[k]), "%llu", &v) == 1)
				*sums[k] += v;
		}
		line = *end ? end + 1 : NULL;
	}
}

static u64 read_u64(const struct kctr_cgroup *cg, const char *file,
		    char *buf)
{
	char path[64];
	u64 v;

	snprintf(path, sizeof(path), KCTR_CG_DIR "/%s/%s", cg->name, file);
	if (read_file(path, buf, KCTR_CG_READ_MAX) < 0 ||
	    kstrtou64(strim(buf), 10, &v))
		return 0;
	return v;
}

static bool read_stat_file(const struct kctr_cgroup *cg, const char *file,
			   char *buf)
{
	char path[64];

	snprintf(path, sizeof(path), KCTR_CG_DIR "/%s/%s", cg->name, file);
	return read_file(path, buf, KCTR_CG_READ_MAX) >= 0;
}

/*
 * Files of controllers that are not enabled are missing: their figures
 * read as 0 rather than failing the whole GET. By path below kctr_mnt, so
 * a node removed meanwhile reads as 0s too: callers need no kctr_lock.
 */
int kctr_cgroup_read_files(const struct kctr_cgroup *cg,
			   struct kctr_cgroup_stats *st)
{
	char *buf;

	memset(st, 0, sizeof(*st));
	buf = kmalloc(KCTR_CG_READ_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	st->memory_current = read_u64(cg, "memory.current", buf);
	st->memory_peak = read_u64(cg, "memory.peak", buf);
	st->pids_current = read_u64(cg, "pids.current", buf);
	if (read_stat_file(cg, "cpu.stat", buf)) {
		kctr_cgroup_parse_keyed(buf, "usage_usec", &st->cpu_usage_usec);
		kctr_cgroup_parse_keyed(buf, "user_usec", &st->cpu_user_usec);
		kctr_cgroup_parse_keyed(buf, "system_usec",
					&st->cpu_system_usec);
	}
	if (read_stat_file(cg, "memory.events", buf)) {
		kctr_cgroup_parse_keyed(buf, "oom", &st->oom);
		kctr_cgroup_parse_keyed(buf, "oom_kill", &st->oom_kill);
	}
	if (read_stat_file(cg, "io.stat", buf))
		kctr_cgroup_parse_io_stat(buf, &st->io_rbytes, &st->io_wbytes);
	kfree(buf);
	return 0;
}

void kctr_cgroup_read_oom_kills(const struct kctr_cgroup *cg, u64 *kills)
{
	char path[64], *buf;

	*kills = 0;
	buf = kmalloc(KCTR_CG_READ_MAX, GFP_KERNEL);
	if (!buf)
		return;
	snprintf(path, sizeof(path), KCTR_CG_DIR "/%s/memory.events",
		 cg->name);
	if (read_file(path, buf, KCTR_CG_READ_MAX) >= 0)
		kctr_cgroup_parse_keyed(buf, "oom_kill", kills);
	kfree(buf);
}

static int fill_path(struct sk_buff *skb, struct kctr_cgroup *cg)
{
	char *path;
	int len, err;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	len = cgroup_path_ns(cg->cgrp, path, PATH_MAX,
			     current->nsproxy->cgroup_ns);
	err = len < 0 ? len : nla_put_string(skb, KCTR_CG_A_PATH, path);
	kfree(path);
	return err;
}

static int fill_stats(struct sk_buff *skb, const struct kctr_cgroup_stats *st)
{
	if (nla_put_u64_64bit(skb, KCTR_CG_A_MEMORY_CURRENT,
			      st->memory_current, KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_MEMORY_PEAK, st->memory_peak,
			      KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_PIDS_CURRENT, st->pids_current,
			      KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_CPU_USAGE_USEC,
			      st->cpu_usage_usec, KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_CPU_USER_USEC,
			      st->cpu_user_usec, KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_CPU_SYSTEM_USEC,
			      st->cpu_system_usec, KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_OOM, st->oom, KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_OOM_KILL, st->oom_kill,
			      KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_IO_RBYTES, st->io_rbytes,
			      KCTR_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, KCTR_CG_A_IO_WBYTES, st->io_wbytes,
			      KCTR_CG_A_PAD))
		return -EMSGSIZE;
	return 0;
}

int kctr_cgroup_fill(struct sk_buff *skb, struct kctr_cgroup *cg)
{
	struct nlattr *nest;
	int err;

	if (!cg->cgrp)
		return 0;
	nest = nla_nest_start(skb, KCTR_A_CGROUP);
	if (!nest)
		return -EMSGSIZE;
	err = fill_path(skb, cg);
	if (err)
		goto cancel_nest;
	err = -EMSGSIZE;
	if (nla_put_u64_64bit(skb, KCTR_CG_A_ID, cg->id, KCTR_CG_A_PAD) ||
	    nla_put_u32(skb, KCTR_CG_A_POPULATED,
			cgroup_is_populated(cg->cgrp)))
		goto cancel_nest;
	if (cg->stats) {
		err = fill_stats(skb, cg->stats);
		if (err)
			goto cancel_nest;
	}
	nla_nest_end(skb, nest);
	return 0;

cancel_nest:
	nla_nest_cancel(skb, nest);
	return err;
}

bool kctr_cgroup_has_task(struct kctr_cgroup *cg, struct task_struct *task)
{
	bool in;

	if (!cg->cgrp)
		return false;
	rcu_read_lock();
	in = task_dfl_cgroup(task) == cg->cgrp;
	rcu_read_unlock();
	return in;
}

bool kctr_cgroup_may_observe(struct cgroup *from, struct cgroup *cgrp)
{
	if (!kctr_root_cgrp || !cgroup_is_descendant(from, kctr_root_cgrp))
		return true;
	return cgrp && cgroup_is_descendant(from, cgrp);
}

bool kctr_cgroup_current_inside(void)
{
	bool inside;

	if (!kctr_root_cgrp)
		return false;
	rcu_read_lock();
	inside = cgroup_is_descendant(task_dfl_cgroup(current),
				      kctr_root_cgrp);
	rcu_read_unlock();
	return inside;
}
