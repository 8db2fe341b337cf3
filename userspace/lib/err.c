// SPDX-License-Identifier: GPL-2.0
/* Errors as values: a code and a message that grows context on the way up. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int kctr_err_set(struct kctr_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (code < 0)
		code = -code;
	if (!err)
		return -code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -code;
}

int kctr_err_wrap(struct kctr_err *err, const char *fmt, ...)
{
	char buf[sizeof(err->msg)];
	size_t n;
	va_list ap;

	if (!err)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = strlen(buf);
	/*
	 * A layer below may have named the same step already ("create:
	 * out of memory" from the netlink client, wrapped in "create" by
	 * spawn): say it once.
	 */
	if (!strncmp(err->msg, buf, n) && !strncmp(err->msg + n, ": ", 2))
		return -err->code;
	/* buf = prefix ": " old, cut to fit. */
	if (n + 2 < sizeof(buf)) {
		memcpy(buf + n, ": ", 2);
		n += 2;
		snprintf(buf + n, sizeof(buf) - n, "%.*s",
			 (int)(sizeof(buf) - n - 1), err->msg);
	}
	memcpy(err->msg, buf, sizeof(buf));
	return -err->code;
}

int kctr_err_exit(const struct kctr_err *err)
{
	switch (err->code) {
	case KCTR_ENOMODULE:
		return KCTR_EXIT_NO_MODULE;
	case ENOENT:
		return KCTR_EXIT_NOT_FOUND;
	default:
		return KCTR_EXIT_FAILURE;
	}
}
