// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci: the OCI runtime front of kctr. Parse, open the log (always,
 * so an engine reading it back finds a file), run the command, and report
 * a failure in the log and on stderr with exit status 1 (exec that
 * waited exits with its process's status).
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmds.h"
#include "log.h"

int main(int argc, char **argv)
{
	struct kctr_err err = { 0 }, lerr = { 0 };
	struct oci_log log;
	struct oci_args a;
	int ret;

	/* On a usage error a.g still holds the global options before it. */
	ret = oci_args_parse(argc, argv, &a, &err);
	if (oci_log_open(&log, a.g.log, a.g.log_format, a.g.debug, &lerr))
		fprintf(stderr, "kctr-oci: warning: %s\n", lerr.msg);
	if (!ret) {
		if (a.g.debug)
			oci_logf(&log, OCI_DEBUG, "%s %s", oci_cmd_name(a.cmd),
				 a.id ? a.id : "");
		ret = oci_dispatch(&a, &log, &err);
	}
	if (fflush(stdout) && !ret)
		ret = kctr_err_set(&err, 5, "writing the output failed");
	if (ret < 0)
		oci_log_msg(&log, OCI_ERROR, err.msg[0] ? err.msg :
			    strerror(err.code));
	oci_log_close(&log);
	/* exec without --detach: the process's status, as runc. */
	return ret < 0 ? 1 : ret;
}
