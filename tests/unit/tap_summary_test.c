// SPDX-License-Identifier: GPL-2.0
/*
 * scripts/tap-summary.py, the counter behind every suite's figures: a
 * stream that did not run as planned must count as a failure, never
 * vanish as "0 passed, 0 failed". Each case writes a TAP file and checks
 * the script's exit status and its closing count line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define SUMMARY "../../scripts/tap-summary.py"

static char dir[] = "/tmp/tap-summary-test.XXXXXX";

/* Run tap-summary on @tap (NULL: no argument); its last line in @last. */
static int summarize(const char *tap, char *last, size_t len)
{
	char path[256], cmd[512], line[512];
	FILE *f, *p;
	int status;

	snprintf(cmd, sizeof(cmd), "%s 2>/dev/null", SUMMARY);
	if (tap) {
		snprintf(path, sizeof(path), "%s/t.tap", dir);
		f = fopen(path, "w");
		if (!f)
			return -1;
		fputs(tap, f);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", SUMMARY, path);
	}
	last[0] = '\0';
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		snprintf(last, len, "%s", line);
	last[strcspn(last, "\n")] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void counts(const char *tap, int want_rc, const char *want_last,
		   const char *what)
{
	char last[512];

	is_int(summarize(tap, last, sizeof(last)), want_rc, "%s: exit", what);
	if (want_last)
		is_str(last, want_last, "%s: counts", what);
}

int main(void)
{
	char path[256];

	tap_plan(22);
	if (!mkdtemp(dir))
		return 1;
	counts("1..2\nok 1 - a\nok 2 - b\n", 0,
	       "2 passed, 0 failed, 0 skipped", "a clean stream");
	counts("ok 1 - a\nok 2 - b # SKIP no x\n1..2\n", 0,
	       "1 passed, 0 failed, 1 skipped", "a trailing plan, a skip");
	counts("1..0 # SKIP nothing here\n", 0,
	       "0 passed, 0 failed, 1 skipped", "a skipped plan is a skip");
	counts(NULL, 2, NULL, "no input at all is an error");
	counts("", 1, "0 passed, 1 failed, 0 skipped", "an empty stream");
	counts("1..3\nok 1 - a\nok 2 - b\n", 1,
	       "2 passed, 1 failed, 0 skipped", "fewer than planned");
	counts("1..2\nok 1 - a\nok 1 - b\n", 1,
	       "2 passed, 1 failed, 0 skipped", "a number seen twice");
	counts("1..2\nok 2 - a\nok 1 - b\n", 1,
	       "2 passed, 2 failed, 0 skipped", "numbers out of order");
	counts("1..1\nok 1 - a\n1..1\n", 1,
	       "1 passed, 1 failed, 0 skipped", "a second plan");
	counts("1..2\nok 1 - a\nBail out! broke\n", 1, NULL, "a bail out");
	counts("1..1\nnot ok 1 - a\n", 1,
	       "0 passed, 1 failed, 0 skipped", "a failure");
	counts("1..2\nok - a\nok - b\n", 0,
	       "2 passed, 0 failed, 0 skipped", "unnumbered points");
	snprintf(path, sizeof(path), "%s/t.tap", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
