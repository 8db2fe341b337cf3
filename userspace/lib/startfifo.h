/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two phases of an OCI container (runtime.md "create" then "start"),
 * on a FIFO as runc's exec.fifo: the init, joined and created, blocks in
 * opening it for writing; `start` opens it for reading, which lets the
 * init go on to its filter and START, and reads the one byte the init
 * writes once START succeeded.
 */
#ifndef KCTR_STARTFIFO_H
#define KCTR_STARTFIFO_H

#include <sys/types.h>

#include "err.h"

/*
 * Make the FIFO @path, 0622 as runc does: the init may have become a user
 * without capabilities when it reopens it (its directory is 0700 root).
 */
int kctr_start_fifo_make(const char *path, struct kctr_err *err);
/*
 * An O_PATH fd on the FIFO @path, for the init to inherit; -ENOTSUP and
 * why if @path is not a FIFO.
 */
int kctr_start_fifo_open_path(const char *path, struct kctr_err *err);
/*
 * In the init, after pivot_root: reopen @pathfd for writing through
 * /proc/self/fd, which blocks until `start` opens it for reading. The
 * write end, or -errno; @pathfd is closed either way.
 */
int kctr_start_fifo_wait(int pathfd, struct kctr_err *err);
/* In the init after START: the byte `start` waits for; closes @wfd. */
void kctr_start_fifo_done(int wfd);
/*
 * `start`: release the init @pid waiting on @path, and wait until it
 * reports START (0), exits, or closes the FIFO without the byte (an
 * error that says so: the init's own words went to its stderr).
 */
int kctr_launch_start(const char *path, pid_t pid, struct kctr_err *err);

#endif
