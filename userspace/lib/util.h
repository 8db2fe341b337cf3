/* SPDX-License-Identifier: GPL-2.0 */
/* Small parsers and formatters shared by the commands. */
#ifndef KCTR_UTIL_H
#define KCTR_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/*
 * "512", "64k", "1.5G", "2GiB", "max" (-> KCTR_LIMIT_UNLIMITED when
 * @allow_max): binary multiples (k = 1024). 0 or -EINVAL/-ERANGE.
 */
int kctr_parse_size(const char *s, int allow_max, uint64_t *out);
/* "10", "1.5s", "250ms", "2m", "1h", "100us" -> microseconds. */
int kctr_parse_duration(const char *s, uint64_t *usec);
/* "TERM", "SIGTERM", "sigterm", "15", "RTMIN+3" -> 1..64, else -EINVAL. */
int kctr_parse_signal(const char *s);
/* "TERM" for 15, "RTMIN+3", or NULL when @sig is not a signal. */
const char *kctr_signal_name(int sig, char *buf, size_t len);
/* A u64 in decimal, no sign, no junk, no overflow. */
int kctr_parse_u64(const char *s, uint64_t *out);

/* "1.5GiB", "512B": binary units, at most one decimal. */
char *kctr_fmt_size(uint64_t bytes, char *buf, size_t len);
/* "3s", "4m12s", "2h5m", "3d4h". */
char *kctr_fmt_duration(uint64_t sec, char *buf, size_t len);
/* A wait status as people read it: "exited 0", "killed by KILL". */
char *kctr_fmt_wait_status(uint32_t status, char *buf, size_t len);
/* The shell convention: the exit code, or 128 + the signal. */
/*
 * Where the cgroup2 hierarchy is mounted into @buf: /sys/fs/cgroup if it
 * is a cgroup2 mount, else the first cgroup2 entry of /proc/self/mounts.
 * 0, -ENOENT if none, -ENAMETOOLONG.
 */
int kctr_cgroup2_root(char *buf, size_t len);
/*
 * Room for one more element in the array *@arr of @nr used of *@cap
 * (@first when empty, then doubling): 0, or -ENOMEM with *@arr intact.
 */
int kctr_grow_for_one(void **arr, size_t *cap, size_t nr, size_t elem,
		      size_t first);
/* Container ids in ascending order; then kctr_ids_has() by bisection. */
void kctr_ids_sort(uint64_t *ids, size_t nr);
bool kctr_ids_has(const uint64_t *ids, size_t nr, uint64_t id);
/*
 * The name of @uid in the passwd file @path (/etc/passwd): the static
 * executable has no NSS, and the state's owner is a local account. 0, or
 * -ENOENT (no such uid, no file), -ENAMETOOLONG.
 */
int kctr_passwd_name(const char *path, unsigned int uid, char *buf,
		     size_t len);
int kctr_wait_status_code(uint32_t status);
/* CLOCK_REALTIME nanoseconds -> "2026-11-23T08:30:00Z" (UTC, RFC 3339). */
char *kctr_fmt_time(uint64_t ns, char *buf, size_t len);
/* Now, CLOCK_REALTIME, in nanoseconds. */
uint64_t kctr_now_ns(void);

#endif
