/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KCTR_TRACE_TIMES=1: a timeline of a command's phases on stderr, one line
 * per phase boundary, "kctr-trace PID NS PHASE", NS being CLOCK_MONOTONIC
 * in nanoseconds (one clock for the tool, the container's init and the
 * benchmark's stopwatch: kctr makes no time namespace). What
 * scripts/vm-bench.sh's "breakdown" part turns into a table. Unset, a
 * call costs one load and a branch.
 */
#ifndef KCTR_TRACE_H
#define KCTR_TRACE_H

void kctr_trace(const char *phase);

#endif
