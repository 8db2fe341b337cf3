// SPDX-License-Identifier: GPL-2.0
/*
 * kctr exec: its options turned into an exec description (lib/launch.h),
 * run, waited for (the process itself: lib/exec.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "launch.h"
#include "spawnopts.h"

struct exec_opts {
	bool interactive, tty, has_user;
	uint32_t uid, gid;
	const char *workdir, *spec;
	const char *env[KCTR_MAX_LIST];
	size_t nr_env;
	uint32_t groups[KCTR_MAX_LIST];
	size_t nr_groups;
	char **argv;
};

static void exec_usage(void)
{
	fputs("Usage: kctr exec [-i] [-t] [-u UID[:GID]] [-e VAR=VALUE] "
	      "[-w DIR] [--group GID]... NAME|ID [--] COMMAND [ARG...]\n"
	      "\n"
	      "Run COMMAND in a running container: in every namespace the\n"
	      "module pinned for it, in its cgroup, with its capabilities and\n"
	      "its seccomp filter.\n"
	      "\n"
	      "  -i, --interactive    keep stdin (else /dev/null)\n"
	      "  -t, --tty            a terminal in the container's devpts\n"
	      "  -u, --user UID[:GID] run as UID (and GID; default 0:0)\n"
	      "  -e, --env VAR=VALUE  set a variable (repeatable)\n"
	      "  -w, --workdir DIR    working directory (default the init's)\n"
	      "      --group GID      an additional group (repeatable)\n"
	      "  -h, --help           this help\n",
	      stdout);
}

/* --group GID: an additional (supplementary) group of the process. */
static int parse_gid(struct exec_opts *x, const char *s, struct kctr_err *err)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > UINT32_MAX - 1 ||
	    x->nr_groups >= KCTR_MAX_LIST)
		return kctr_err_set(err, EINVAL, "bad --group '%s' (a numeric "
				    "gid)", s);
	x->groups[x->nr_groups++] = (uint32_t)v;
	return 0;
}

static int parse(struct exec_opts *x, int argc, char **argv,
		 struct kctr_err *err)
{
	static const struct option opts[] = {
		{ "interactive", no_argument, NULL, 'i' },
		{ "tty", no_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'u' },
		{ "env", required_argument, NULL, 'e' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "group", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+itu:e:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			x->interactive = true;
			break;
		case 't':
			x->tty = true;
			break;
		case 'u':
			x->has_user = true;
			if (kctr_parse_user(optarg, &x->uid, &x->gid, err))
				return -EINVAL;
			break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=' ||
			    x->nr_env >= KCTR_MAX_LIST)
				return kctr_err_set(err, EINVAL, "bad --env "
						    "'%s'", optarg);
			x->env[x->nr_env++] = optarg;
			break;
		case 'w':
			if (optarg[0] != '/')
				return kctr_err_set(err, EINVAL, "--workdir "
						    "needs an absolute path");
			x->workdir = optarg;
			break;
		case 'G':
			if (parse_gid(x, optarg, err))
				return -EINVAL;
			break;
		case 'h':
			exec_usage();
			return 1;
		default:
			return kctr_err_set(err, EINVAL, "bad option '%s' (see "
					    "kctr exec --help)",
					    argv[optind - 1]);
		}
	}
	if (x->nr_groups && !x->has_user)
		return kctr_err_set(err, EINVAL, "--group needs --user");
	if (optind + 1 >= argc)
		return kctr_err_set(err, EINVAL, "usage: kctr exec [OPTIONS] "
				    "NAME|ID [--] COMMAND [ARG...]");
	x->spec = argv[optind++];
	if (!strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		return kctr_err_set(err, EINVAL, "no command given");
	x->argv = argv + optind;
	return 0;
}

int kctr_cmd_exec(int argc, char **argv, const struct kctr_global *g)
{
	struct kctr_err err = { 0 };
	struct exec_opts x = { 0 };
	struct kctr_exec_desc d;
	int ret;

	(void)g;
	ret = parse(&x, argc, argv, &err);
	if (ret > 0)
		return 0;
	if (!ret) {
		d = (struct kctr_exec_desc){
			.container = x.spec, .argv = x.argv,
			.env = x.env, .nr_env = x.nr_env,
			.has_user = x.has_user, .uid = x.uid, .gid = x.gid,
			.groups = x.groups, .nr_groups = x.nr_groups,
			.cwd = x.workdir, .tty = x.tty,
			.keep_stdin = x.interactive,
		};
		ret = kctr_exec(&d, &err);
	}
	if (ret < 0)
		fprintf(stderr, "kctr: exec: %s\n", err.msg);
	return ret < 0 ? KCTR_EXIT_SPAWN_FAILED : ret;
}
