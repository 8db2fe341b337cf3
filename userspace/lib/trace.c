// SPDX-License-Identifier: GPL-2.0
/* The phase timeline of KCTR_TRACE_TIMES (trace.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trace.h"

/* -1 until the first call reads the environment: a fork keeps both. */
static int tracing = -1;
static char stop_at[64];

static void trace_setup(void)
{
	const char *v = getenv("KCTR_TRACE_TIMES");

	tracing = v && *v && strcmp(v, "0");
	/* Copied: the init clears its environment before its last phases. */
	v = getenv("KCTR_TRACE_STOP");
	if (v)
		snprintf(stop_at, sizeof(stop_at), "%s", v);
}

void kctr_trace(const char *phase)
{
	struct timespec ts;
	char line[128];
	int n;

	if (tracing < 0)
		trace_setup();
	if (tracing) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		/* One write: lines of the tool and its init do not interleave. */
		n = snprintf(line, sizeof(line), "kctr-trace %d %lld %s\n",
			     (int)getpid(), (long long)ts.tv_sec * 1000000000LL +
			     ts.tv_nsec, phase);
		if (n > 0 && write(STDERR_FILENO, line,
				   (size_t)n < sizeof(line) ? (size_t)n :
				   sizeof(line) - 1) < 0)
			tracing = 0;
	}
	/* KCTR_TRACE_STOP=PHASE: stopped there, to be looked at or killed. */
	if (stop_at[0] && !strcmp(stop_at, phase))
		raise(SIGSTOP);
}
