/* SPDX-License-Identifier: GPL-2.0 */
/* Errors that travel upward as values with their context. */
#ifndef KCTR_ERR_H
#define KCTR_ERR_H

/* Exit statuses scripts can rely on (spawn/exec return the workload's). */
enum {
	KCTR_EXIT_OK = 0,
	KCTR_EXIT_FAILURE = 1,		/* the operation failed */
	KCTR_EXIT_USAGE = 2,		/* bad command line */
	KCTR_EXIT_NOT_FOUND = 3,	/* no such container */
	KCTR_EXIT_NO_MODULE = 4,	/* kctr.ko is not loaded */
	/* spawn/exec: 125 kctr itself failed, 126 cannot execute, 127 not found */
	KCTR_EXIT_SPAWN_FAILED = 125,
	KCTR_EXIT_CANNOT_EXEC = 126,
	KCTR_EXIT_CMD_NOT_FOUND = 127,
};

struct kctr_err {
	int code;		/* positive errno, 0 if none */
	char msg[512];		/* "what: why" */
};

/*
 * err->code when the "container" family is not registered: kctr.ko is not
 * loaded. kctr_err_exit() maps it to KCTR_EXIT_NO_MODULE.
 */
#define KCTR_ENOMODULE	ENOPKG

/* Record an error (printf-style); returns -code so callers can return it. */
int kctr_err_set(struct kctr_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix an existing message with more context ("step: "). */
int kctr_err_wrap(struct kctr_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The exit status for a failure: no module 4, no such container 3, else 1. */
int kctr_err_exit(const struct kctr_err *err);

#endif
