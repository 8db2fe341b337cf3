// SPDX-License-Identifier: GPL-2.0
/* kctr ns: a container's namespace set side by side with the host's. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/nsfs.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"

/* What /proc says about one namespace of some process. */
struct proc_ns {
	bool ok;
	uint32_t inum;
	bool has_level, has_owner;
	uint32_t level, owner_inum;
};

/* The container's namespace of one kind: pinned by the module, or not. */
struct ctr_ns {
	bool ok, pinned, is_new, released;
	uint32_t inum, refcount;
	bool has_level, has_owner;
	uint32_t level, owner_inum;
};

static void ns_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr ns NAME|ID\n"
		"\n"
		"Show the container's namespace set as the module pinned it (ids, reference\n"
		"counts, nesting levels, owning user namespaces) next to the host's\n"
		"(/proc/1/ns) and kctr's own (/proc/self/ns, '=' when the host's): which\n"
		"kinds are new, which shared with the host or inherited from kctr (read\n"
		"from the init's /proc/PID/ns, REFS '-': not pinned, or released by the\n"
		"module once the init exited), and the init's pid at each pid-namespace\n"
		"level.\n");
}

static uint32_t fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint32_t)st.st_ino;
}

/* Nesting depth: how many NS_GET_PARENT steps reach the top. */
static int ns_depth(int fd)
{
	int depth = 0, cur = dup(fd), parent;

	while (cur >= 0 && depth < 64) {
		parent = ioctl(cur, NS_GET_PARENT);
		close(cur);
		if (parent < 0)
			return errno == EPERM ? depth : -1;
		cur = parent;
		depth++;
	}
	return -1;
}

static void read_proc_ns(const char *pid, uint32_t kind, struct proc_ns *p)
{
	char path[64];
	int fd, owner, depth;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "/proc/%s/ns/%s", pid,
		 kctr_ns_kind_name(kind));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	p->ok = true;
	p->inum = fd_ino(fd);
	if (kind == KCTR_NS_KIND_PID || kind == KCTR_NS_KIND_USER) {
		depth = ns_depth(fd);
		p->has_level = depth >= 0;
		p->level = depth;
	}
	owner = ioctl(fd, NS_GET_USERNS);
	if (owner >= 0) {
		p->has_owner = true;
		p->owner_inum = fd_ino(owner);
		close(owner);
	}
	close(fd);
}

static const struct kctr_ns_info *find_ns(const struct kctr_info *c,
					  uint32_t kind)
{
	unsigned int i;

	for (i = 0; i < c->nr_ns; i++)
		if (c->ns[i].kind == kind)
			return &c->ns[i];
	return NULL;
}

/*
 * The module pins only the kinds the container made new; for the others
 * the init's /proc/PID/ns says which namespace it shares.
 */
static void ctr_ns(const struct kctr_info *c, uint32_t kind, struct ctr_ns *v)
{
	const struct kctr_ns_info *ns = find_ns(c, kind);
	struct proc_ns p;
	char pid[16];

	memset(v, 0, sizeof(*v));
	if (ns) {
		/*
		 * A kind the module let go of (the net namespace of a container
		 * with a network, once its init exited) has its id and no count.
		 */
		v->ok = true;
		v->pinned = !ns->released;
		v->released = ns->released;
		v->is_new = ns->is_new;
		v->inum = ns->inum;
		v->refcount = ns->refcount;
		v->has_level = ns->has_level;
		v->level = ns->level;
		v->has_owner = ns->has_owner;
		v->owner_inum = ns->owner_inum;
		return;
	}
	if (c->state != KCTR_STATE_RUNNING || !c->init_pid)
		return;
	snprintf(pid, sizeof(pid), "%u", c->init_pid);
	read_proc_ns(pid, kind, &p);
	v->ok = p.ok;
	v->inum = p.inum;
	v->has_level = p.has_level;
	v->level = p.level;
	v->has_owner = p.has_owner;
	v->owner_inum = p.owner_inum;
}

static const char *sharing(const struct ctr_ns *v, const struct proc_ns *host)
{
	if (!v->ok)
		return "-";
	if (v->is_new)
		return "new";
	if (host->ok && host->inum == v->inum)
		return "host";
	return "inherited";
}

static void u32_or_dash(char *buf, size_t len, bool has, uint32_t v)
{
	if (has)
		snprintf(buf, len, "%u", v);
	else
		snprintf(buf, len, "-");
}

static void ns_text_row(struct kt *t, const struct kctr_info *c, uint32_t kind)
{
	char cid[16], refs[16], lvl[16], own[16], hid[16], hlvl[16], hown[16];
	char sid[16];
	struct proc_ns host, self;
	struct ctr_ns v;
	const char *row[] = { kctr_ns_kind_name(kind), "", cid, refs, lvl,
			      own, hid, hlvl, hown, sid };

	ctr_ns(c, kind, &v);
	read_proc_ns("1", kind, &host);
	read_proc_ns("self", kind, &self);
	row[1] = sharing(&v, &host);
	u32_or_dash(cid, sizeof(cid), v.ok, v.inum);
	u32_or_dash(refs, sizeof(refs), v.pinned, v.refcount);
	u32_or_dash(lvl, sizeof(lvl), v.has_level, v.level);
	u32_or_dash(own, sizeof(own), v.has_owner, v.owner_inum);
	u32_or_dash(hid, sizeof(hid), host.ok, host.inum);
	u32_or_dash(hlvl, sizeof(hlvl), host.has_level, host.level);
	u32_or_dash(hown, sizeof(hown), host.has_owner, host.owner_inum);
	if (self.ok && host.ok && self.inum == host.inum)
		snprintf(sid, sizeof(sid), "=");
	else
		u32_or_dash(sid, sizeof(sid), self.ok, self.inum);
	kt_add(t, row);
}

static void ns_text(const struct kctr_info *c)
{
	static const char *const hdr[] = {
		"KIND", "SHARING", "CONTAINER", "REFS", "LEVEL", "OWNER",
		"HOST(pid 1)", "LEVEL", "OWNER", "KCTR"
	};
	struct kt t;
	unsigned int i;
	uint32_t kind;

	printf("container %llu (%s), %s, namespace mask 0x%x\n",
	       (unsigned long long)c->id, c->name, kctr_state_name(c->state),
	       c->ns_mask);
	if (c->nr_init_pids) {
		printf("init pid by level:");
		for (i = 0; i < c->nr_init_pids; i++)
			printf(" %u%s", c->init_pids[i],
			       i + 1 < c->nr_init_pids ? " ->" : "");
		printf("\n");
	}
	if (kt_init(&t, 10, hdr))
		return;
	t.right = 0x3fc;
	for (kind = 0; kind < __KCTR_NS_KIND_COUNT; kind++)
		ns_text_row(&t, c, kind);
	printf("\n");
	kt_print(&t, stdout);
	kt_free(&t);
	for (i = 0; i < c->nr_uid_map; i++)
		printf("%suid %u -> host %u, %u ids\n", i ? "" : "\n",
		       c->uid_map[i].inside, c->uid_map[i].outside,
		       c->uid_map[i].count);
	for (i = 0; i < c->nr_gid_map; i++)
		printf("gid %u -> host %u, %u ids\n", c->gid_map[i].inside,
		       c->gid_map[i].outside, c->gid_map[i].count);
}

static void json_proc_ns(struct kj *j, const char *key, const struct proc_ns *p)
{
	if (!p->ok) {
		kj_null(j, key);
		return;
	}
	kj_obj_open(j, key);
	kj_u64(j, "inum", p->inum);
	if (p->has_level)
		kj_u64(j, "level", p->level);
	if (p->has_owner)
		kj_u64(j, "owner_inum", p->owner_inum);
	kj_obj_close(j);
}

static void ns_json_kind(struct kj *j, const struct kctr_info *c, uint32_t kind)
{
	struct proc_ns host, self;
	struct ctr_ns v;

	ctr_ns(c, kind, &v);
	read_proc_ns("1", kind, &host);
	read_proc_ns("self", kind, &self);
	kj_obj_open(j, NULL);
	kj_str(j, "kind", kctr_ns_kind_name(kind));
	kj_str(j, "sharing", sharing(&v, &host));
	if (v.ok) {
		kj_obj_open(j, "container");
		kj_u64(j, "inum", v.inum);
		kj_bool(j, "pinned", v.pinned);
		if (v.pinned)
			kj_u64(j, "refcount", v.refcount);
		if (v.released)
			kj_bool(j, "released", true);
		kj_bool(j, "new", v.is_new);
		if (v.has_level)
			kj_u64(j, "level", v.level);
		if (v.has_owner)
			kj_u64(j, "owner_inum", v.owner_inum);
		kj_obj_close(j);
	} else {
		kj_null(j, "container");
	}
	json_proc_ns(j, "host", &host);
	json_proc_ns(j, "kctr", &self);
	kj_obj_close(j);
}

static void ns_json(const struct kctr_info *c)
{
	unsigned int i;
	struct kj j;

	kj_init(&j, stdout, false);
	kj_obj_open(&j, NULL);
	kj_u64(&j, "id", c->id);
	kj_str(&j, "name", c->name);
	kj_u64(&j, "ns_mask", c->ns_mask);
	kj_arr_open(&j, "init_pids");
	for (i = 0; i < c->nr_init_pids; i++)
		kj_u64(&j, NULL, c->init_pids[i]);
	kj_arr_close(&j);
	kj_arr_open(&j, "namespaces");
	for (i = 0; i < __KCTR_NS_KIND_COUNT; i++)
		ns_json_kind(&j, c, i);
	kj_arr_close(&j);
	kj_obj_close(&j);
}

int kctr_cmd_ns(int argc, char **argv, const struct kctr_global *g)
{
	struct kctr_info *info;
	int ret;

	ret = kctr_cmd_one(argc, argv, ns_usage, &info);
	if (!info)
		return ret;
	if (g->json)
		ns_json(info);
	else
		ns_text(info);
	free(info);
	return KCTR_EXIT_OK;
}
