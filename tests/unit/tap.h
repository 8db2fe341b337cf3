/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny TAP producer for host unit tests: tap_plan(N) first in main,
 * then ok(), is_int(), is_str(), then return tap_done() (the exit status
 * is 1 when anything failed, or when the test ran other than N checks: a
 * loop that ran no check, or a branch that skipped some, is a failure,
 * not a shorter pass).
 */
#ifndef KCTR_TAP_H
#define KCTR_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failures, tap_planned = -1;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline int tap_vok(int pass, const char *file, int line,
			  const char *fmt, va_list ap)
{
	tap_count++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	printf("\n");
	if (!pass) {
		tap_failures++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

static inline __attribute__((format(printf, 4, 5)))
int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	return ret;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))	\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define is_u64(got, want, ...) do {					\
	uint64_t g_ = (got), w_ = (want);				\
	if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))	\
		printf("#   got %" PRIu64 ", want %" PRIu64 "\n", g_, w_); \
} while (0)

#define is_str(got, want, ...) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (!tap_ok(g_ && w_ && !strcmp(g_, w_), __FILE__, __LINE__,	\
		    __VA_ARGS__))					\
		printf("#   got  \"%s\"\n#   want \"%s\"\n",		\
		       g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

/* Without tap_plan(), the plan goes last: it catches a crash only. */
static inline int tap_done(void)
{
	if (tap_planned < 0) {
		printf("1..%d\n", tap_count);
	} else if (tap_count != tap_planned) {
		printf("# planned %d checks, ran %d\n", tap_planned, tap_count);
		return 1;
	}
	return tap_failures ? 1 : 0;
}

#endif
