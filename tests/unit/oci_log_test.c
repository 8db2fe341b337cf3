// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci's log lines: JSON one object a line with level, msg and an RFC
 * 3339 time (containerd decodes them), logrus-style text, escaping, the
 * file created even when nothing is logged, errors also on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jsonparse.h"
#include "oci/fileutil.h"
#include "oci/log.h"
#include "tap.h"

#define T0 1764632400123456789ULL	/* 2025-12-01T23:40:00.123456789Z */

int main(void)
{
	char top[] = "/tmp/oci_log_test.XXXXXX", path[200], line[4096];
	char cmd[300], *text = NULL;
	struct kctr_err err = { 0 };
	struct oci_log log;
	struct kjson *v;
	struct stat st;
	int pfd[2];
	ssize_t n;

	tap_plan(17);
	setenv("TZ", "UTC0", 1);
	tzset();
	if (!mkdtemp(top))
		return 1;

	is_int(oci_log_format_line(line, sizeof(line), OCI_LOG_JSON, OCI_ERROR,
				   "container \"c1\" does not exist", T0), 0,
	       "a JSON line");
	is_str(line, "{\"level\":\"error\",\"msg\":\"container \\\"c1\\\" does not exist\","
	       "\"time\":\"2025-12-01T23:40:00.123456789Z\"}\n",
	       "  level, msg escaped, RFC 3339 time, newline");
	line[strlen(line) - 1] = '\0';
	v = kjson_parse(line, strlen(line), &err);
	ok(v && kjson_get(v, "msg") &&
	   !strcmp(kjson_get(v, "msg")->str, "container \"c1\" does not exist"),
	   "  parses back to the message");
	kjson_free(v);
	oci_log_format_line(line, sizeof(line), OCI_LOG_JSON, OCI_WARN,
			    "tab\there\nnew\x01", T0);
	ok(strstr(line, "\"level\":\"warning\"") &&
	   strstr(line, "tab\\there\\nnew\\u0001"),
	   "  control characters escaped: %s", line);
	is_int(oci_log_format_line(line, sizeof(line), OCI_LOG_TEXT,
				   OCI_INFO, "hello \"x\"", T0), 0,
	       "a text line");
	is_str(line, "time=\"2025-12-01T23:40:00.123456789Z\" level=info msg=\"hello \\\"x\\\"\"\n",
	       "  logrus's key=value form");
	setenv("TZ", "CET-1", 1);
	tzset();
	oci_log_format_line(line, sizeof(line), OCI_LOG_JSON, OCI_DEBUG, "d",
			    T0);
	ok(strstr(line, "\"time\":\"2025-12-02T00:40:00.123456789+01:00\"") !=
	   NULL, "  local time with its offset: %s", line);
	ok(oci_log_format_line(line, 32, OCI_LOG_JSON, OCI_DEBUG, "long",
			       T0) == -ENOSPC &&
	   line[strlen(line) - 1] == '\n', "a cut line still ends the line");

	snprintf(path, sizeof(path), "%s/log.json", top);
	is_int(oci_log_open(&log, path, OCI_LOG_JSON, false, &err), 0,
	       "log opened");
	oci_log_close(&log);
	ok(!stat(path, &st) && st.st_size == 0,
	   "  the file exists though nothing was logged");

	if (pipe(pfd))
		return 1;
	oci_log_open(&log, path, OCI_LOG_JSON, false, &err);
	log.err_fd = pfd[1];
	oci_log_msg(&log, OCI_DEBUG, "hidden");
	oci_log_msg(&log, OCI_INFO, "info line");
	oci_logf(&log, OCI_ERROR, "kill %s: %s", "c1", "container not running");
	oci_log_close(&log);
	close(pfd[1]);
	n = read(pfd[0], line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	is_str(line, "kctr-oci: kill c1: container not running\n",
	       "the error on stderr in text form, the info line not");
	ok(!oci_read_file(path, &text, NULL), "log file read");
	ok(text && !strstr(text, "hidden"), "  debug off: no debug line");
	ok(text && strstr(text, "\"level\":\"info\",\"msg\":\"info line\""),
	   "  the info line");
	ok(text && strstr(text, "\"level\":\"error\",\"msg\":\"kill c1: container not running\""),
	   "  the error line, last");
	ok(text && text[strlen(text) - 1] == '\n' &&
	   strchr(text, '\n') != strrchr(text, '\n'), "  two whole lines");
	free(text);

	ok(oci_log_open(&log, "/nonexistent/dir/log", OCI_LOG_TEXT, false,
			&err) < 0 && strstr(err.msg, "/nonexistent/dir/log"),
	   "an impossible log path is an error: %s", err.msg);
	snprintf(cmd, sizeof(cmd), "rm -rf -- %s", top);
	if (system(cmd))
		perror("rm");
	return tap_done();
}
