/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kctr-oci's log: --log FILE in text (logrus's key=value, as runc) or
 * json (one object a line: level, msg, time RFC 3339), which containerd
 * reads back on failure: it shows the last "level":"error" line. The file
 * is created on every run, even when nothing is logged, so that reader
 * never sees ENOENT instead of the real error.
 */
#ifndef KCTR_OCI_LOG_H
#define KCTR_OCI_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "args.h"

enum oci_level { OCI_DEBUG, OCI_INFO, OCI_WARN, OCI_ERROR };

struct oci_log {
	int fd;			/* the log file, -1: none */
	int err_fd;		/* errors in text form, -1: none (stderr) */
	enum oci_log_format format;
	bool debug;		/* log debug lines too */
};

/*
 * Open (create, append) @path; NULL path: no file. err_fd is set to 2.
 * Errors only when the file cannot be opened.
 */
int oci_log_open(struct oci_log *l, const char *path,
		 enum oci_log_format format, bool debug, struct kctr_err *err);
void oci_log_close(struct oci_log *l);

/*
 * One line, newline included, into @buf: 0, or -ENOSPC when it did not
 * fit (the message is then cut). @time_ns CLOCK_REALTIME.
 */
int oci_log_format_line(char *buf, size_t len, enum oci_log_format format,
			enum oci_level level, const char *msg,
			uint64_t time_ns);

/*
 * Log @msg. Errors also go to err_fd as "kctr-oci: msg"; without a log
 * file, warnings and (with debug) debug lines go there too.
 */
void oci_log_msg(struct oci_log *l, enum oci_level level, const char *msg);
void oci_logf(struct oci_log *l, enum oci_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
