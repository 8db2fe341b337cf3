// SPDX-License-Identifier: GPL-2.0
/* Parsing sizes, durations and signals; formatting them back. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/magic.h>
#include <linux/types.h>
#include <linux/kctr.h>

#include "util.h"

int kctr_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A non-negative decimal number, then a unit suffix in *unit. */
static int parse_number(const char *s, double *val, const char **unit)
{
	char *end;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return -EINVAL;
	errno = 0;
	*val = strtod(s, &end);
	if (errno || end == s || !isfinite(*val) || *val < 0)
		return -EINVAL;
	*unit = end;
	return 0;
}

int kctr_parse_size(const char *s, int allow_max, uint64_t *out)
{
	static const struct { const char *sfx; int shift; } units[] = {
		{ "", 0 }, { "b", 0 },
		{ "k", 10 }, { "kb", 10 }, { "kib", 10 },
		{ "m", 20 }, { "mb", 20 }, { "mib", 20 },
		{ "g", 30 }, { "gb", 30 }, { "gib", 30 },
		{ "t", 40 }, { "tb", 40 }, { "tib", 40 },
		{ "p", 50 }, { "pb", 50 }, { "pib", 50 },
	};
	const char *unit;
	double v;
	size_t i;

	if (!s)
		return -EINVAL;
	if (allow_max && !strcmp(s, "max")) {
		*out = KCTR_LIMIT_UNLIMITED;
		return 0;
	}
	if (parse_number(s, &v, &unit))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcasecmp(unit, units[i].sfx))
			continue;
		v = ldexp(v, units[i].shift);
		/* 2^64 is exactly representable; anything from it on overflows. */
		if (v >= 18446744073709551616.0)
			return -ERANGE;
		if (v != floor(v))
			return -EINVAL;
		*out = (uint64_t)v;
		return 0;
	}
	return -EINVAL;
}

int kctr_parse_duration(const char *s, uint64_t *usec)
{
	static const struct { const char *sfx; double mul; } units[] = {
		{ "", 1e6 }, { "s", 1e6 }, { "ms", 1e3 }, { "us", 1 },
		{ "m", 60e6 }, { "h", 3600e6 }, { "d", 86400e6 },
	};
	const char *unit;
	double v;
	size_t i;

	if (!s || parse_number(s, &v, &unit))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcmp(unit, units[i].sfx))
			continue;
		v *= units[i].mul;
		if (v >= 18446744073709551616.0)
			return -ERANGE;
		*usec = (uint64_t)llround(v);
		return 0;
	}
	return -EINVAL;
}

static const char *const signames[] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT",
	[SIGILL] = "ILL", [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",
	[SIGBUS] = "BUS", [SIGFPE] = "FPE", [SIGKILL] = "KILL",
	[SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM",
	[SIGSTKFLT] = "STKFLT", [SIGCHLD] = "CHLD", [SIGCONT] = "CONT",
	[SIGSTOP] = "STOP", [SIGTSTP] = "TSTP", [SIGTTIN] = "TTIN",
	[SIGTTOU] = "TTOU", [SIGURG] = "URG", [SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ", [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF",
	[SIGWINCH] = "WINCH", [SIGIO] = "IO", [SIGPWR] = "PWR",
	[SIGSYS] = "SYS",
};

/* Kernel numbering: glibc's SIGRTMIN hides two signals it uses itself. */
#define KSIGRTMIN	32
#define KSIGRTMAX	64

static int parse_rt(const char *s)
{
	uint64_t off;

	if (!strcasecmp(s, "RTMIN"))
		return KSIGRTMIN;
	if (!strcasecmp(s, "RTMAX"))
		return KSIGRTMAX;
	if (!strncasecmp(s, "RTMIN+", 6) && !kctr_parse_u64(s + 6, &off) &&
	    off <= KSIGRTMAX - KSIGRTMIN)
		return KSIGRTMIN + (int)off;
	if (!strncasecmp(s, "RTMAX-", 6) && !kctr_parse_u64(s + 6, &off) &&
	    off <= KSIGRTMAX - KSIGRTMIN)
		return KSIGRTMAX - (int)off;
	return -EINVAL;
}

int kctr_parse_signal(const char *s)
{
	uint64_t n;
	size_t i;

	if (!s || !*s)
		return -EINVAL;
	if (isdigit((unsigned char)*s))
		return !kctr_parse_u64(s, &n) && n >= 1 && n <= KSIGRTMAX ?
			(int)n : -EINVAL;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (i = 1; i < ARRAY_SIZE(signames); i++)
		if (signames[i] && !strcasecmp(s, signames[i]))
			return (int)i;
	if (!strcasecmp(s, "IOT"))
		return SIGABRT;
	if (!strcasecmp(s, "POLL"))
		return SIGIO;
	return parse_rt(s);
}

const char *kctr_signal_name(int sig, char *buf, size_t len)
{
	if (sig >= 1 && sig < (int)ARRAY_SIZE(signames) &&
	    signames[sig]) {
		snprintf(buf, len, "%s", signames[sig]);
		return buf;
	}
	if (sig == KSIGRTMIN)
		snprintf(buf, len, "RTMIN");
	else if (sig == KSIGRTMAX)
		snprintf(buf, len, "RTMAX");
	else if (sig > KSIGRTMIN && sig < KSIGRTMAX)
		snprintf(buf, len, "RTMIN+%d", sig - KSIGRTMIN);
	else
		return NULL;
	return buf;
}

char *kctr_fmt_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	double v = (double)bytes;
	int u = -1;

	if (bytes == KCTR_LIMIT_UNLIMITED) {
		snprintf(buf, len, "max");
		return buf;
	}
	if (bytes < 1024) {
		snprintf(buf, len, "%lluB", (unsigned long long)bytes);
		return buf;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (v < 10 && v != floor(v))
		snprintf(buf, len, "%.1f%s", v, units[u]);
	else
		snprintf(buf, len, "%.0f%s", v, units[u]);
	return buf;
}

char *kctr_fmt_duration(uint64_t sec, char *buf, size_t len)
{
	if (sec < 60)
		snprintf(buf, len, "%llus", (unsigned long long)sec);
	else if (sec < 3600)
		snprintf(buf, len, "%llum%llus", (unsigned long long)sec / 60,
			 (unsigned long long)sec % 60);
	else if (sec < 86400)
		snprintf(buf, len, "%lluh%llum", (unsigned long long)sec / 3600,
			 (unsigned long long)sec % 3600 / 60);
	else
		snprintf(buf, len, "%llud%lluh",
			 (unsigned long long)sec / 86400,
			 (unsigned long long)sec % 86400 / 3600);
	return buf;
}

char *kctr_fmt_wait_status(uint32_t status, char *buf, size_t len)
{
	char sig[16];
	int st = (int)status;

	if (WIFEXITED(st)) {
		snprintf(buf, len, "exited %d", WEXITSTATUS(st));
	} else if (WIFSIGNALED(st)) {
		if (!kctr_signal_name(WTERMSIG(st), sig, sizeof(sig)))
			snprintf(sig, sizeof(sig), "%d", WTERMSIG(st));
		snprintf(buf, len, "killed by %s%s", sig,
			 WCOREDUMP(st) ? " (core dumped)" : "");
	} else {
		snprintf(buf, len, "status 0x%x", status);
	}
	return buf;
}

int kctr_grow_for_one(void **arr, size_t *cap, size_t nr, size_t elem,
		      size_t first)
{
	size_t n = *cap ? *cap * 2 : first;
	void *p;

	if (nr < *cap)
		return 0;
	p = realloc(*arr, n * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

/* "name:password:uid:..." -> name, if the uid field is @uid. */
static bool passwd_line_is(const char *line, unsigned int uid, size_t *name)
{
	const char *pw = strchr(line, ':'), *id = pw ? strchr(pw + 1, ':') :
		NULL;
	unsigned long v;
	char *end;

	if (!id || !isdigit((unsigned char)id[1]))
		return false;
	errno = 0;
	v = strtoul(id + 1, &end, 10);
	if (errno || *end != ':' || v != uid)
		return false;
	*name = pw - line;
	return true;
}

int kctr_passwd_name(const char *path, unsigned int uid, char *buf,
		     size_t len)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0, name;
	int ret = -ENOENT;

	if (!f)
		return -ENOENT;
	while (getline(&line, &cap, f) > 0) {
		if (!passwd_line_is(line, uid, &name))
			continue;
		ret = name < len ? 0 : -ENAMETOOLONG;
		if (!ret)
			snprintf(buf, len, "%.*s", (int)name, line);
		break;
	}
	free(line);
	fclose(f);
	return ret;
}

int kctr_wait_status_code(uint32_t status)
{
	int st = (int)status;

	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 255;
}

/* @v (0-99) as two digits at @p; returns the end. */
static char *put2(char *p, int v)
{
	p[0] = '0' + v / 10;
	p[1] = '0' + v % 10;
	return p + 2;
}

/*
 * Digits by hand, not strftime(): its locale machinery was a hot spot of
 * kctr list -j, which formats a time per container. A u64 of ns ends in
 * the year 2554, so the year has four digits.
 */
char *kctr_fmt_time(uint64_t ns, char *buf, size_t len)
{
	time_t t = (time_t)(ns / 1000000000ULL);
	char out[sizeof("YYYY-MM-DDTHH:MM:SSZ")], *p = out;
	struct tm tm;
	int year;

	if (!gmtime_r(&t, &tm) || len < sizeof(out)) {
		snprintf(buf, len, "?");
		return buf;
	}
	year = tm.tm_year + 1900;
	p = put2(p, year / 100);
	p = put2(p, year % 100);
	*p++ = '-';
	p = put2(p, tm.tm_mon + 1);
	*p++ = '-';
	p = put2(p, tm.tm_mday);
	*p++ = 'T';
	p = put2(p, tm.tm_hour);
	*p++ = ':';
	p = put2(p, tm.tm_min);
	*p++ = ':';
	p = put2(p, tm.tm_sec);
	*p++ = 'Z';
	*p = '\0';
	memcpy(buf, out, sizeof(out));
	return buf;
}

uint64_t kctr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

#define KCTR_CGROUP2_USUAL "/sys/fs/cgroup"

int kctr_cgroup2_root(char *buf, size_t len)
{
	char line[4096], mnt[PATH_MAX], type[64];
	int found = -ENOENT;
	struct statfs sfs;
	FILE *f;

	/*
	 * Where systemd and every distribution put it: one statfs instead of
	 * the kernel printing the whole mount table (spawn asks twice, exec
	 * once). Elsewhere (a hybrid layout) the table says.
	 */
	if (!statfs(KCTR_CGROUP2_USUAL, &sfs) &&
	    sfs.f_type == CGROUP2_SUPER_MAGIC)
		return (size_t)snprintf(buf, len, "%s", KCTR_CGROUP2_USUAL) <
			len ? 0 : -ENAMETOOLONG;
	f = fopen("/proc/self/mounts", "re");
	if (!f)
		return -errno;
	while (found == -ENOENT && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %4095s %63s", mnt, type) == 2 &&
		    !strcmp(type, "cgroup2"))
			found = (size_t)snprintf(buf, len, "%s", mnt) < len ?
				0 : -ENAMETOOLONG;
	fclose(f);
	return found;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void kctr_ids_sort(uint64_t *ids, size_t nr)
{
	if (nr > 1)
		qsort(ids, nr, sizeof(*ids), cmp_u64);
}

bool kctr_ids_has(const uint64_t *ids, size_t nr, uint64_t id)
{
	return nr && bsearch(&id, ids, nr, sizeof(*ids), cmp_u64);
}
