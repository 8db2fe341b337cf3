// SPDX-License-Identifier: GPL-2.0
/* Errors as values: codes, messages, context, exit statuses. */
#include <errno.h>

#include "err.h"
#include "tap.h"

int main(void)
{
	struct kctr_err err = { 0 };
	char big[600];

	tap_plan(14);
	is_int(kctr_err_set(&err, EPERM, "create %s: %s", "web", "denied"),
	       -EPERM, "set returns -code");
	is_int(err.code, EPERM, "code stored positive");
	is_str(err.msg, "create web: denied", "printf-style message");
	is_int(kctr_err_set(&err, -ENOENT, "x"), -ENOENT,
	       "a negative code is normalised");
	is_int(err.code, ENOENT, "stored positive");
	kctr_err_set(&err, EBUSY, "busy");
	is_int(kctr_err_wrap(&err, "rm %s", "web"), -EBUSY, "wrap keeps the code");
	is_str(err.msg, "rm web: busy", "wrap prefixes context");
	kctr_err_set(&err, EINVAL, "create: invalid name");
	kctr_err_wrap(&err, "create");
	is_str(err.msg, "create: invalid name",
	       "wrap with the step already named says it once");
	kctr_err_wrap(&err, "creat");
	is_str(err.msg, "creat: create: invalid name",
	       "a prefix of the step's name is still another step");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	kctr_err_set(&err, EIO, "%s", big);
	is_int(strlen(err.msg), sizeof(err.msg) - 1, "long message truncated");
	kctr_err_wrap(&err, "ctx");
	ok(!strncmp(err.msg, "ctx: aaa", 8) &&
	   strlen(err.msg) == sizeof(err.msg) - 1,
	   "wrap of a full message keeps the prefix and fits");
	kctr_err_set(&err, KCTR_ENOMODULE, "not loaded");
	is_int(kctr_err_exit(&err), KCTR_EXIT_NO_MODULE, "no module: exit 4");
	kctr_err_set(&err, ENOENT, "x");
	is_int(kctr_err_exit(&err), KCTR_EXIT_NOT_FOUND, "ENOENT: exit 3");
	kctr_err_set(&err, EPERM, "x");
	is_int(kctr_err_exit(&err), KCTR_EXIT_FAILURE, "others: exit 1");
	return tap_done();
}
