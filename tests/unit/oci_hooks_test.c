// SPDX-License-Identifier: GPL-2.0
/*
 * OCI hooks with /bin/sh on the host: the state JSON on stdin, args with
 * args[0] as given, env exactly as given (nothing added), exit status and
 * timeout in the error, a hook that ignores stdin or leaves a child
 * holding its output pipe, a list that stops at the first failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oci/fileutil.h"
#include "oci/hooks.h"
#include "tap.h"

static char top[256];

static char *slurp(const char *name)
{
	char path[400], *text = NULL;

	snprintf(path, sizeof(path), "%s/%s", top, name);
	if (oci_read_file(path, &text, NULL))
		return NULL;
	return text;
}

/* A hook running "sh -c SCRIPT NAME" with TOP in its environment. */
static int run_sh(const char *script, char **env, int timeout,
		  const char *state, struct kctr_err *err)
{
	char *args[] = { "sh", "-c", (char *)script, "hookname", NULL };
	struct oci_hook h = { "/bin/sh", args, env, timeout };

	return oci_hook_run(&h, state, err);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	char envtop[300], script[600], *text, *big;
	struct kctr_err err = { 0 };
	char *env[] = { envtop, "ONLY=this", NULL };
	double t0;
	int ret;

	tap_plan(19);
	snprintf(top, sizeof(top), "/tmp/oci_hooks_test.XXXXXX");
	if (!mkdtemp(top)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(envtop, sizeof(envtop), "TOP=%s", top);

	ret = run_sh("cat > \"$TOP/stdin\"", env, 0, "{\"id\":\"c1\"}", &err);
	is_int(ret, 0, "a hook that exits 0: %s", err.msg);
	text = slurp("stdin");
	is_str(text, "{\"id\":\"c1\"}", "  read the state on stdin, whole");
	free(text);

	ret = run_sh("echo \"$0 $1\" > \"$TOP/args\"; env > \"$TOP/env\"",
		     env, 0, "{}", &err);
	is_int(ret, 0, "args and env hook");
	text = slurp("args");
	is_str(text, "hookname \n", "  $0 is args[3] as given");
	free(text);
	text = slurp("env");
	/* sh may add PWD; nothing from our own environment may leak. */
	ok(text && strstr(text, "ONLY=this\n") && strstr(text, envtop) &&
	   !strstr(text, "HOME=") && !strstr(text, "PATH=/usr"),
	   "  env exactly as given");
	free(text);

	{
		char *args[] = { "/bin/sh", "-c", "exit 3", NULL };
		struct oci_hook h = { "/bin/sh", args, NULL, 0 };

		ret = oci_hook_run(&h, "{}", &err);
	}
	ok(ret < 0, "exit 3 fails");
	is_str(err.msg, "hook /bin/sh failed: exit status 3", "  message");

	ret = run_sh("echo something broke >&2; exit 1", env, 0, "{}", &err);
	is_str(err.msg, "hook /bin/sh failed: exit status 1: something broke",
	       "  with the hook's last line of output");

	ret = run_sh("kill -9 $$", env, 0, "{}", &err);
	is_str(err.msg, "hook /bin/sh failed: killed by signal 9",
	       "killed by a signal");

	t0 = now();
	ret = run_sh("sleep 30", env, 1, "{}", &err);
	ok(ret == -ETIMEDOUT, "timeout 1 s kills a sleep 30");
	is_str(err.msg, "hook /bin/sh failed: timed out after 1s", "  message");
	ok(now() - t0 < 10, "  within the timeout (%.1fs)", now() - t0);

	/* 1 MiB: more than a pipe holds, and the hook never reads it. */
	big = malloc(1 << 20);
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	ret = run_sh("exit 0", env, 5, big, &err);
	is_int(ret, 0, "a hook that ignores a big stdin: %s", err.msg);
	ret = run_sh("wc -c > \"$TOP/count\"", env, 5, big, &err);
	text = slurp("count");
	ok(!ret && text && atoi(text) == (1 << 20) - 1,
	   "  and one that reads all of it: %s", text ? text : "");
	free(text);
	free(big);

	t0 = now();
	ret = run_sh("sleep 5 & exit 0", env, 0, "{}", &err);
	ok(!ret && now() - t0 < 4,
	   "a child left holding the output does not hold us (%.1fs)",
	   now() - t0);

	{
		struct oci_hook h = { "/nonexistent/hook", NULL, NULL, 0 };

		ret = oci_hook_run(&h, "{}", &err);
		ok(ret < 0 && strstr(err.msg, "exit status 127") &&
		   strstr(err.msg, "No such file"),
		   "a missing hook: %s", err.msg);
		h.path = "relative";
		ok(oci_hook_run(&h, "{}", &err) == -EINVAL,
		   "a relative path is refused");
	}

	{
		char *a1[] = { "sh", "-c", "echo 1 >> \"$TOP/order\"", NULL };
		char *a2[] = { "sh", "-c", "echo 2 >> \"$TOP/order\"; exit 4",
			       NULL };
		char *a3[] = { "sh", "-c", "echo 3 >> \"$TOP/order\"", NULL };
		struct oci_hook v[] = {
			{ "/bin/sh", a1, env, 0 },
			{ "/bin/sh", a2, env, 0 },
			{ "/bin/sh", a3, env, 0 },
		};
		struct oci_hook_list l = { v, 3 };

		ok(oci_hooks_run(&l, "{}", &err) < 0, "a list with a failure");
		text = slurp("order");
		is_str(text, "1\n2\n", "  stops at the failing hook");
		free(text);
	}

	snprintf(script, sizeof(script), "rm -rf -- %s", top);
	if (system(script))
		perror("rm");
	return tap_done();
}
