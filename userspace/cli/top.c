// SPDX-License-Identifier: GPL-2.0
/* kctr top (ps NAME): the processes in a container's cgroup. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "util.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

struct proc_info {
	int pid, ppid, nspid, uid;
	char state;
	uint64_t utime, stime, rss_kb;
	char comm[64];
	char cmdline[512];
};

static void top_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr top NAME|ID\n"
		"       kctr ps NAME|ID\n"
		"\n"
		"List the processes in the container's cgroup (cgroup.procs, then /proc):\n"
		"host pid, pid inside the container, parent, uid, state, cpu time,\n"
		"resident memory and command line.\n");
}

static ssize_t read_file(const char *path, char *buf, size_t len)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

/* /proc/PID/stat: the comm may hold spaces and parens; scan from the last ')'. */
static int parse_stat(struct proc_info *p, const char *buf)
{
	const char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	unsigned long long ut, st;
	size_t n;

	if (!open || !close || close < open)
		return -EINVAL;
	n = (size_t)(close - open - 1);
	if (n >= sizeof(p->comm))
		n = sizeof(p->comm) - 1;
	memcpy(p->comm, open + 1, n);
	p->comm[n] = '\0';
	if (sscanf(close + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
		   &p->state, &p->ppid, &ut, &st) != 4)
		return -EINVAL;
	p->utime = ut;
	p->stime = st;
	return 0;
}

static void parse_status(struct proc_info *p, char *buf)
{
	char *line, *save = NULL, *last;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Uid:", 4)) {
			p->uid = atoi(line + 4);
		} else if (!strncmp(line, "VmRSS:", 6)) {
			p->rss_kb = strtoull(line + 6, NULL, 10);
		} else if (!strncmp(line, "NSpid:", 6)) {
			/* The last field: the pid in the innermost namespace. */
			last = strrchr(line, '\t');
			last = last ? last : line + 6;
			p->nspid = atoi(last);
		}
	}
}

static void read_cmdline(struct proc_info *p, const char *dir)
{
	char path[64];
	ssize_t n, i;

	snprintf(path, sizeof(path), "%s/cmdline", dir);
	n = read_file(path, p->cmdline, sizeof(p->cmdline));
	for (i = 0; i < n - 1; i++)
		if (!p->cmdline[i])
			p->cmdline[i] = ' ';
	if (n <= 0)
		snprintf(p->cmdline, sizeof(p->cmdline), "[%s]", p->comm);
}

static int read_proc(int pid, struct proc_info *p)
{
	char dir[32], path[64], buf[4096];

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->nspid = pid;
	snprintf(dir, sizeof(dir), "/proc/%d", pid);
	snprintf(path, sizeof(path), "%s/stat", dir);
	if (read_file(path, buf, sizeof(buf)) <= 0 || parse_stat(p, buf))
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/status", dir);
	if (read_file(path, buf, sizeof(buf)) > 0)
		parse_status(p, buf);
	read_cmdline(p, dir);
	return 0;
}

/* The pids of cgroup.procs under the container's node, malloc'ed. */
static int read_procs(const char *cgpath, int **pids, size_t *nr)
{
	char path[4200], *line, *save = NULL, *p;
	size_t cap = 1 << 20, n = 0, lines = 1;
	char *buf = malloc(cap);
	ssize_t len;
	int *out;

	if (!buf)
		return -ENOMEM;
	snprintf(path, sizeof(path), CGROUP_ROOT "%s/cgroup.procs", cgpath);
	len = read_file(path, buf, cap);
	if (len < 0) {
		free(buf);
		return (int)len;
	}
	for (p = buf; *p; p++)
		lines += *p == '\n';
	out = calloc(lines, sizeof(*out));
	if (!out) {
		free(buf);
		return -ENOMEM;
	}
	for (line = strtok_r(buf, "\n", &save); line && n < lines;
	     line = strtok_r(NULL, "\n", &save))
		out[n++] = atoi(line);
	free(buf);
	*pids = out;
	*nr = n;
	return 0;
}

static void top_json(struct proc_info *ps, size_t nr, long hz)
{
	char st[2] = "";
	struct kj j;
	size_t i;

	kj_init(&j, stdout, false);
	kj_arr_open(&j, NULL);
	for (i = 0; i < nr; i++) {
		kj_obj_open(&j, NULL);
		kj_u64(&j, "pid", ps[i].pid);
		kj_u64(&j, "container_pid", ps[i].nspid);
		kj_u64(&j, "ppid", ps[i].ppid);
		kj_u64(&j, "uid", ps[i].uid);
		st[0] = ps[i].state;
		kj_str(&j, "state", st);
		kj_double(&j, "cpu_s", (double)(ps[i].utime + ps[i].stime) / hz);
		kj_u64(&j, "rss_bytes", ps[i].rss_kb * 1024);
		kj_str(&j, "comm", ps[i].comm);
		kj_str(&j, "cmdline", ps[i].cmdline);
		kj_obj_close(&j);
	}
	kj_arr_close(&j);
}

static void top_text(struct proc_info *ps, size_t nr, long hz)
{
	static const char *const hdr[] = {
		"PID", "CPID", "PPID", "UID", "S", "TIME", "RSS", "COMMAND"
	};
	char pid[16], cpid[16], ppid[16], uid[16], st[2], tm[32], rss[32];
	const char *row[] = { pid, cpid, ppid, uid, st, tm, rss, NULL };
	struct kt t;
	size_t i;

	if (kt_init(&t, 8, hdr))
		return;
	t.right = 0x6f;
	for (i = 0; i < nr; i++) {
		snprintf(pid, sizeof(pid), "%d", ps[i].pid);
		snprintf(cpid, sizeof(cpid), "%d", ps[i].nspid);
		snprintf(ppid, sizeof(ppid), "%d", ps[i].ppid);
		snprintf(uid, sizeof(uid), "%d", ps[i].uid);
		st[0] = ps[i].state;
		st[1] = '\0';
		kctr_fmt_duration((ps[i].utime + ps[i].stime) / hz, tm,
				  sizeof(tm));
		kctr_fmt_size(ps[i].rss_kb * 1024, rss, sizeof(rss));
		row[7] = ps[i].cmdline;
		kt_add(&t, row);
	}
	kt_print(&t, stdout);
	kt_free(&t);
}

static int top_show(const struct kctr_info *c, bool json)
{
	struct proc_info *ps;
	size_t nr = 0, i, n = 0;
	long hz = sysconf(_SC_CLK_TCK);
	int *pids, ret;

	if (!(c->cgroup.present & (1U << KCTR_CG_A_PATH))) {
		fprintf(stderr, "kctr top: %s: the module reports no cgroup\n",
			c->name);
		return KCTR_EXIT_FAILURE;
	}
	ret = read_procs(c->cgroup.path, &pids, &nr);
	if (ret) {
		fprintf(stderr, "kctr top: %s: reading %s%s/cgroup.procs: %s\n",
			c->name, CGROUP_ROOT, c->cgroup.path, strerror(-ret));
		return KCTR_EXIT_FAILURE;
	}
	ps = calloc(nr ? nr : 1, sizeof(*ps));
	if (!ps) {
		free(pids);
		return KCTR_EXIT_FAILURE;
	}
	/* A process may exit between cgroup.procs and /proc: skip it. */
	for (i = 0; i < nr; i++)
		if (!read_proc(pids[i], &ps[n]))
			n++;
	if (json)
		top_json(ps, n, hz > 0 ? hz : 100);
	else
		top_text(ps, n, hz > 0 ? hz : 100);
	free(ps);
	free(pids);
	return KCTR_EXIT_OK;
}

int kctr_cmd_top(int argc, char **argv, const struct kctr_global *g)
{
	struct kctr_info *info;
	int ret;

	ret = kctr_cmd_one(argc, argv, top_usage, &info);
	if (!info)
		return ret;
	ret = top_show(info, g->json);
	free(info);
	return ret;
}
