// SPDX-License-Identifier: GPL-2.0
/* Text and JSON log lines, written with one write(2) each (O_APPEND). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "log.h"
#include "state.h"

static const char *const level_names[] = {
	[OCI_DEBUG] = "debug",
	[OCI_INFO] = "info",
	[OCI_WARN] = "warning",
	[OCI_ERROR] = "error",
};

int oci_log_open(struct oci_log *l, const char *path,
		 enum oci_log_format format, bool debug, struct kctr_err *err)
{
	l->fd = -1;
	l->err_fd = 2;
	l->format = format;
	l->debug = debug;
	if (!path)
		return 0;
	l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		     O_NOCTTY, 0644);
	if (l->fd < 0)
		return kctr_err_set(err, errno, "log file %s: %m", path);
	return 0;
}

void oci_log_close(struct oci_log *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

/* @s escaped as a JSON (and logrus-quoted) string body into @buf. */
static size_t escape(char *buf, size_t len, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[7];
		size_t k;

		if (c == '"' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)c;
			k = 2;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			tmp[0] = '\\';
			tmp[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
			k = 2;
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(tmp, "\\u00", 4);
			tmp[4] = hex[c >> 4];
			tmp[5] = hex[c & 15];
			k = 6;
		} else {
			tmp[0] = (char)c;
			k = 1;
		}
		if (n + k >= len)
			break;
		memcpy(buf + n, tmp, k);
		n += k;
	}
	if (len)
		buf[n] = '\0';
	return n;
}

int oci_log_format_line(char *buf, size_t len, enum oci_log_format format,
			enum oci_level level, const char *msg,
			uint64_t time_ns)
{
	char when[64], body[2048];
	int n;

	oci_fmt_time(time_ns, true, when, sizeof(when));
	escape(body, sizeof(body), msg);
	if (format == OCI_LOG_JSON)
		n = snprintf(buf, len,
			     "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s\"}\n",
			     level_names[level], body, when);
	else
		n = snprintf(buf, len, "time=\"%s\" level=%s msg=\"%s\"\n",
			     when, level_names[level], body);
	if (n < 0 || (size_t)n >= len) {
		if (len >= 2) {
			buf[len - 2] = '\n';
			buf[len - 1] = '\0';
		}
		return -ENOSPC;
	}
	return 0;
}

static void write_line(int fd, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void oci_log_msg(struct oci_log *l, enum oci_level level, const char *msg)
{
	char line[4096];

	if (level == OCI_DEBUG && !l->debug)
		return;
	if (l->fd >= 0) {
		oci_log_format_line(line, sizeof(line), l->format, level, msg,
				    kctr_now_ns());
		write_line(l->fd, line);
	}
	if (l->err_fd < 0)
		return;
	if (level == OCI_ERROR || (l->fd < 0 && level != OCI_INFO)) {
		snprintf(line, sizeof(line), "kctr-oci: %s%s\n",
			 level == OCI_WARN ? "warning: " :
			 level == OCI_DEBUG ? "debug: " : "", msg);
		write_line(l->err_fd, line);
	}
}

void oci_logf(struct oci_log *l, enum oci_level level, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	oci_log_msg(l, level, msg);
}
