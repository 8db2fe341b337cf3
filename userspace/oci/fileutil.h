/* SPDX-License-Identifier: GPL-2.0 */
/* Files kctr-oci writes for others to read at once: whole or not at all. */
#ifndef KCTR_OCI_FILEUTIL_H
#define KCTR_OCI_FILEUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/*
 * Write @len bytes to @path through a temporary file in the same
 * directory, then rename(2): a reader sees the old file or the new one.
 */
int oci_write_atomic(const char *path, const void *data, size_t len,
		     mode_t mode, struct kctr_err *err);
/* The pid file engines read right after create/exec exit: "1234", no \n. */
int oci_pid_file_write(const char *path, pid_t pid, struct kctr_err *err);
/* Read a whole (small) file, NUL-terminated, malloc'ed; -errno. */
int oci_read_file(const char *path, char **out, size_t *len);

#endif
