/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container's PID 1 when --no-init is not given: the workload runs as
 * its child; the init forwards signals to it, reaps every orphan, and exits
 * with the workload's status (128+N when killed by signal N).
 */
#ifndef KCTR_CINIT_H
#define KCTR_CINIT_H

#include <signal.h>
#include <sys/types.h>

/* Block the signals the init waits for; @old gets the previous mask. */
void kctr_cinit_block(sigset_t *old);
/* In the init, after forking @workload: never returns. */
void kctr_cinit_loop(pid_t workload) __attribute__((noreturn));
/*
 * Signals that go on to the workload: all but SIGCHLD, KILL, STOP and
 * those describing the receiver's own faults (SEGV, BUS, ...); the
 * real-time ones too.
 */
int kctr_signal_forwarded(int sig);
/* A wait status as a shell exit code: N, or 128 + signal. */
int kctr_cinit_code(int status);

#endif
