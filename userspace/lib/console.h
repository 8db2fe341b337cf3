/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --console-socket: the protocol of conmon (src/conn_sock.c, src/cmsg.c)
 * and go-runc (console.go): connect to the AF_UNIX SOCK_STREAM socket at
 * the path and send one message whose data is the pty's name and whose
 * only control message is SCM_RIGHTS with exactly one fd, the master.
 * Used by kctr_exec() (and kctr-oci create) for a console socket.
 */
#ifndef KCTR_CONSOLE_H
#define KCTR_CONSOLE_H

#include "err.h"

/* The name conmon/go-runc read back has to fit in their 4096-byte buffer. */
#define KCTR_CONSOLE_NAME_MAX	4095

/*
 * Send @master over a new connection to @path. @name is the payload
 * (runc sends the slave's path); NULL: the master's ptsname(). Paths
 * longer than sun_path are reached through /proc/self/fd.
 */
int kctr_console_send(const char *path, int master, const char *name,
		      struct kctr_err *err);

#endif
