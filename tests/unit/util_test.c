// SPDX-License-Identifier: GPL-2.0
/* Size, duration and signal parsing; formatting sizes, times, statuses. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/types.h>
#include <linux/kctr.h>

#include "tap.h"
#include "util.h"

static void size_ok(const char *s, uint64_t want)
{
	uint64_t v = 0;
	int ret = kctr_parse_size(s, 1, &v);

	ok(!ret && v == want, "size '%s' = %llu (got %d, %llu)", s,
	   (unsigned long long)want, ret, (unsigned long long)v);
}

static void size_bad(const char *s, int allow_max)
{
	uint64_t v = 12345;
	int ret = kctr_parse_size(s, allow_max, &v);

	ok(ret < 0 && v == 12345, "size '%s' rejected, output untouched", s);
}

static void test_sizes(void)
{
	size_ok("0", 0);
	size_ok("512", 512);
	size_ok("512b", 512);
	size_ok("64k", 65536);
	size_ok("64K", 65536);
	size_ok("64KiB", 65536);
	size_ok("100m", 100ULL << 20);
	size_ok("1.5G", 3ULL << 29);
	size_ok("2GiB", 2ULL << 30);
	size_ok("1t", 1ULL << 40);
	size_ok("max", KCTR_LIMIT_UNLIMITED);
	size_ok("15p", 15ULL << 50);
	size_bad("max", 0);
	size_bad("", 1);
	size_bad("abc", 1);
	size_bad("-1", 1);
	size_bad("1x", 1);
	size_bad("1.5", 1);
	size_bad("16384p", 1);
	size_bad("99999999999999999999999", 1);
	size_bad(" 5", 1);
	size_bad("5 ", 1);
}

static void dur_ok(const char *s, uint64_t want)
{
	uint64_t v = 0;
	int ret = kctr_parse_duration(s, &v);

	ok(!ret && v == want, "duration '%s' = %llu us (got %d, %llu)", s,
	   (unsigned long long)want, ret, (unsigned long long)v);
}

static void test_durations(void)
{
	uint64_t v;

	dur_ok("10", 10000000);
	dur_ok("1.5s", 1500000);
	dur_ok("250ms", 250000);
	dur_ok("100us", 100);
	dur_ok("2m", 120000000);
	dur_ok("1h", 3600000000ULL);
	dur_ok("1d", 86400000000ULL);
	dur_ok("0", 0);
	ok(kctr_parse_duration("", &v) < 0, "empty duration rejected");
	ok(kctr_parse_duration("-1s", &v) < 0, "negative duration rejected");
	ok(kctr_parse_duration("5 s", &v) < 0, "space before unit rejected");
	ok(kctr_parse_duration("5y", &v) < 0, "unknown unit rejected");
	ok(kctr_parse_duration("1e30d", &v) < 0, "overflow rejected");
}

static void test_signals(void)
{
	char buf[16];
	int sig, all = 1;

	is_int(kctr_parse_signal("TERM"), SIGTERM, "TERM");
	is_int(kctr_parse_signal("SIGTERM"), SIGTERM, "SIGTERM");
	is_int(kctr_parse_signal("sigkill"), SIGKILL, "sigkill, any case");
	is_int(kctr_parse_signal("9"), 9, "a number");
	is_int(kctr_parse_signal("64"), 64, "64 is the last signal");
	is_int(kctr_parse_signal("RTMIN"), 32, "RTMIN is the kernel's 32");
	is_int(kctr_parse_signal("RTMIN+3"), 35, "RTMIN+3");
	is_int(kctr_parse_signal("RTMAX-1"), 63, "RTMAX-1");
	is_int(kctr_parse_signal("IOT"), SIGABRT, "IOT alias");
	ok(kctr_parse_signal("0") < 0, "0 rejected");
	ok(kctr_parse_signal("65") < 0, "65 rejected");
	ok(kctr_parse_signal("RTMIN+33") < 0, "RTMIN+33 rejected");
	ok(kctr_parse_signal("FOO") < 0, "unknown name rejected");
	ok(kctr_parse_signal("") < 0, "empty rejected");
	ok(kctr_parse_signal("9x") < 0, "trailing junk rejected");
	is_str(kctr_signal_name(SIGTERM, buf, sizeof(buf)), "TERM", "name of 15");
	is_str(kctr_signal_name(34, buf, sizeof(buf)), "RTMIN+2", "name of 34");
	ok(!kctr_signal_name(0, buf, sizeof(buf)), "0 has no name");
	ok(!kctr_signal_name(65, buf, sizeof(buf)), "65 has no name");
	for (sig = 1; sig <= 64; sig++) {
		if (!kctr_signal_name(sig, buf, sizeof(buf)))
			continue;
		if (kctr_parse_signal(buf) != sig) {
			all = 0;
			printf("# %d -> %s does not parse back\n", sig, buf);
		}
	}
	ok(all, "every signal name parses back to its number");
}

static void test_formats(void)
{
	char buf[64];

	is_str(kctr_fmt_size(0, buf, sizeof(buf)), "0B", "0 bytes");
	is_str(kctr_fmt_size(1023, buf, sizeof(buf)), "1023B", "1023 bytes");
	is_str(kctr_fmt_size(1024, buf, sizeof(buf)), "1KiB", "1 KiB");
	is_str(kctr_fmt_size(1536, buf, sizeof(buf)), "1.5KiB", "1.5 KiB");
	is_str(kctr_fmt_size(100ULL << 20, buf, sizeof(buf)), "100MiB", "100 MiB");
	is_str(kctr_fmt_size(KCTR_LIMIT_UNLIMITED, buf, sizeof(buf)), "max",
	       "unlimited is max");
	is_str(kctr_fmt_duration(59, buf, sizeof(buf)), "59s", "seconds");
	is_str(kctr_fmt_duration(252, buf, sizeof(buf)), "4m12s", "minutes");
	is_str(kctr_fmt_duration(7500, buf, sizeof(buf)), "2h5m", "hours");
	is_str(kctr_fmt_duration(273600, buf, sizeof(buf)), "3d4h", "days");
	is_str(kctr_fmt_wait_status(0, buf, sizeof(buf)), "exited 0", "exit 0");
	is_str(kctr_fmt_wait_status(3 << 8, buf, sizeof(buf)), "exited 3",
	       "exit 3");
	is_str(kctr_fmt_wait_status(SIGKILL, buf, sizeof(buf)), "killed by KILL",
	       "killed by signal");
	is_str(kctr_fmt_wait_status(SIGSEGV | 0x80, buf, sizeof(buf)),
	       "killed by SEGV (core dumped)", "core dump");
	is_int(kctr_wait_status_code(3 << 8), 3, "exit code 3");
	is_int(kctr_wait_status_code(SIGKILL), 137, "KILL is 137");
	is_str(kctr_fmt_time(0, buf, sizeof(buf)), "1970-01-01T00:00:00Z",
	       "epoch");
	is_str(kctr_fmt_time(1795423800ULL * 1000000000ULL + 5, buf,
			     sizeof(buf)), "2026-11-23T08:50:00Z", "a date");
	is_str(kctr_fmt_time(UINT64_MAX, buf, sizeof(buf)),
	       "2554-07-21T23:34:33Z", "the last second a u64 of ns holds");
	is_str(kctr_fmt_time(0, buf, 20), "?", "a buffer one byte short: ?");
}

static void test_u64(void)
{
	uint64_t v;

	ok(!kctr_parse_u64("18446744073709551615", &v) && v == UINT64_MAX,
	   "u64 max");
	is_int(kctr_parse_u64("18446744073709551616", &v), -ERANGE, "u64 overflow");
	ok(kctr_parse_u64("-1", &v) < 0, "no sign");
	ok(kctr_parse_u64("+1", &v) < 0, "no plus");
	ok(kctr_parse_u64("", &v) < 0, "empty");
}

/* The state GC's lookup: sorted once, then bisected (ids above 2^63 too). */
static void test_ids(void)
{
	uint64_t ids[] = { 42, 7, UINT64_MAX, 1ULL << 63, 9, 8 };
	size_t n = sizeof(ids) / sizeof(*ids), i;
	bool sorted = true;

	kctr_ids_sort(ids, n);
	for (i = 1; i < n; i++)
		sorted &= ids[i - 1] < ids[i];
	ok(sorted, "ids sorted ascending, 2^63 and the u64 maximum last");
	ok(kctr_ids_has(ids, n, 7) && kctr_ids_has(ids, n, 42) &&
	   kctr_ids_has(ids, n, UINT64_MAX) && kctr_ids_has(ids, n, 1ULL << 63),
	   "each id is found");
	ok(!kctr_ids_has(ids, n, 0) && !kctr_ids_has(ids, n, 10) &&
	   !kctr_ids_has(ids, n, UINT64_MAX - 1), "others are not");
	ok(!kctr_ids_has(NULL, 0, 7), "none in an empty list");
}

static void test_grow(void)
{
	size_t cap = 0, nr;
	int *a = NULL;
	bool kept = true;

	is_int(kctr_grow_for_one((void **)&a, &cap, 0, sizeof(*a), 4), 0,
	       "an empty array gets room");
	is_int(cap, 4, "... for @first elements");
	for (nr = 0; nr < 9; nr++) {
		if (kctr_grow_for_one((void **)&a, &cap, nr, sizeof(*a), 4))
			break;
		a[nr] = (int)nr;
	}
	for (size_t i = 0; i < nr; i++)
		kept &= a[i] == (int)i;
	ok(nr == 9 && cap == 16 && kept,
	   "then doubles (4, 8, 16), keeping what it held");
	is_int(kctr_grow_for_one((void **)&a, &cap, 3, sizeof(*a), 4), 0,
	       "no growth while there is room");
	free(a);
}

static void test_passwd(void)
{
	char path[] = "/tmp/kctr-passwd-XXXXXX", name[16];
	FILE *f;
	int fd = mkstemp(path);

	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!ok(f, "a passwd file to read")) {
		printf("Bail out! mkstemp: %m\n");
		exit(1);
	}
	fputs("root:x:0:0:root:/root:/bin/sh\n"
	      "# a comment:x:7:\n"
	      "bad:x:12x:0::/:\n"
	      "daemon:x:1:1::/:/usr/sbin/nologin\n"
	      "averyveryverylongname:x:1000:1000::/:\n"
	      "last:x:4294967295:0::/:", f);
	fclose(f);
	is_int(kctr_passwd_name(path, 0, name, sizeof(name)), 0, "uid 0 found");
	is_str(name, "root", "... as root");
	is_int(kctr_passwd_name(path, 1, name, sizeof(name)), 0, "uid 1 found");
	is_str(name, "daemon", "... as daemon, past a comment and a bad uid");
	is_int(kctr_passwd_name(path, 12, name, sizeof(name)), -ENOENT,
	       "'12x' is no uid 12");
	is_int(kctr_passwd_name(path, 4294967295u, name, sizeof(name)), 0,
	       "the last line, without a newline");
	is_str(name, "last", "... as last");
	is_int(kctr_passwd_name(path, 1000, name, sizeof(name)), -ENAMETOOLONG,
	       "a name longer than the buffer: an error, not a cut name");
	is_int(kctr_passwd_name(path, 2, name, sizeof(name)), -ENOENT,
	       "an unknown uid: -ENOENT");
	unlink(path);
	is_int(kctr_passwd_name(path, 0, name, sizeof(name)), -ENOENT,
	       "no file: -ENOENT");
}

int main(void)
{
	tap_plan(99);
	test_sizes();
	test_durations();
	test_signals();
	test_formats();
	test_u64();
	test_ids();
	test_grow();
	test_passwd();
	return tap_done();
}
