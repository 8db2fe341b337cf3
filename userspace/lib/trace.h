/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KCTR_TRACE_TIMES=1: a timeline of a command's phases on stderr, one line
 * per phase boundary, "kctr-trace PID NS PHASE", NS being CLOCK_MONOTONIC
 * in nanoseconds (one clock for the tool, the container's init and the
 * benchmark's stopwatch: kctr makes no time namespace). What
 * scripts/vm-bench.sh's "breakdown" part turns into a table.
 * KCTR_TRACE_STOP=PHASE: the process that reaches PHASE stops itself
 * there (SIGSTOP), traced or not: a debugger can look at that moment, a
 * test can kill it there (the kill ladders of e2e 26 and 52). Both unset,
 * a call costs two loads and two branches.
 */
#ifndef KCTR_TRACE_H
#define KCTR_TRACE_H

void kctr_trace(const char *phase);

#endif
