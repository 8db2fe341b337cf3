/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container's PID 1 when --no-init is not given: the workload runs as
 * its child; the init forwards signals to it, reaps every orphan, and exits
 * with the workload's status (128+N when killed by signal N).
 */
#ifndef KCTR_CINIT_H
#define KCTR_CINIT_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

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

/*
 * The static init (init/kctr-init.c, embedded in kctr) in a sealed memfd
 * (close-on-exec): the fd, or -errno with @err set.
 */
int kctr_cinit_memfd(struct kctr_err *err);
/*
 * In the init, after forking @workload: become the static init from
 * @memfd, with the signal mask as it is. Returns only if the exec failed
 * (e.g. a --seccomp profile that denies execveat), with -errno.
 */
int kctr_cinit_exec(int memfd, pid_t workload);
/*
 * Close every fd but those in @keep (negative entries ignored): what a
 * process kctr puts into a container does first, so that nothing kctr
 * inherited or opened on the host side stays reachable.
 */
void kctr_close_fds_except(const int *keep, size_t n);
/* Mark fds 3 and above close-on-exec: the workload gets 0, 1, 2 only. */
void kctr_cloexec_from_3(void);

#endif
