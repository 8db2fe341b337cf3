/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny TAP producer for host unit tests: ok(), is_int(), is_str(), then
 * return tap_done() from main (the plan goes last; the exit status is 1
 * when anything failed).
 */
#ifndef KCTR_TAP_H
#define KCTR_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failures;

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

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
