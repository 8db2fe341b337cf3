// SPDX-License-Identifier: GPL-2.0
/* kctr: the command-line front. Global options, then one subcommand. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "output.h"
#include "trace.h"
#include "util.h"
#include "version.h"

struct kctr_command {
	const char *name;
	int (*fn)(int argc, char **argv, const struct kctr_global *g);
	const char *summary;
	/*
	 * Prints data: -j/--json may follow the command's name too. Not for
	 * spawn, exec or image, whose arguments may be the workload's.
	 */
	bool json_after;
};

static const struct kctr_command commands[] = {
	{ "spawn", kctr_cmd_spawn, "run a new container", false },
	{ "exec", kctr_cmd_exec, "run a command in a running container", false },
	{ "image", kctr_cmd_image, "import, list and remove images", false },
	{ "list", kctr_cmd_list, "list containers (-a: stopped ones too)", true },
	{ "ps", kctr_cmd_list, "list, or with NAME|ID the container's processes", true },
	{ "inspect", kctr_cmd_inspect, "the kernel's record of a container, JSON", true },
	{ "ns", kctr_cmd_ns, "namespace set, side by side with the host's", true },
	{ "top", kctr_cmd_top, "processes in a container", true },
	{ "logs", kctr_cmd_logs, "output of a detached container (-f: follow)", false },
	{ "stats", kctr_cmd_stats, "cpu, memory, pids and io (--watch)", true },
	{ "kill", kctr_cmd_kill, "send a signal to a container", false },
	{ "stop", kctr_cmd_stop, "TERM, then kill everything after a timeout", false },
	{ "rm", kctr_cmd_rm, "delete containers (-f: running ones too)", false },
	{ "network", kctr_cmd_network, "create, list, inspect and remove networks", true },
	{ "port", kctr_cmd_port, "a container's published ports", true },
	{ "events", kctr_cmd_events, "stream lifecycle events from the kernel", true },
	{ "version", kctr_cmd_version, "tool, module and uapi versions", true },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: kctr [-j|--json] [-h|--help] [--version] COMMAND [ARGS...]\n"
		"\n"
		"Kernel-tracked Linux containers: the kctr.ko module owns every\n"
		"container; this tool drives it over generic netlink.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json     JSON output (one object per line for streams);\n"
		"                 commands that print data take it after their\n"
		"                 name too\n"
		"  -h, --help     this help; 'kctr COMMAND --help' for a command\n"
		"      --version  print the tool's version and exit\n"
		"\n"
		"See kctr(8).\n");
}

/*
 * A command's end: its output flushed, then _exit(). exit() would also
 * run the libraries' destructors (libnl unregisters its cache types and
 * frees them), which free only what the exit frees anyway.
 */
static void __attribute__((noreturn)) leave(int code)
{
	if (fflush(NULL) && code == KCTR_EXIT_OK) {
		fprintf(stderr, "kctr: writing the output: %m\n");
		code = KCTR_EXIT_FAILURE;
	}
	_exit(code);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct kctr_global g = { 0 };
	size_t i;
	int c;

	kctr_trace("main");
	/* '+': stop at the first non-option, the subcommand. */
	while ((c = getopt_long(argc, argv, "+jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			g.json = true;
			break;
		case 'h':
			usage(stdout);
			return KCTR_EXIT_OK;
		case 'V':
			printf("kctr %s\n", KCTR_TOOL_VERSION);
			return KCTR_EXIT_OK;
		default:
			usage(stderr);
			return KCTR_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return KCTR_EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[optind], commands[i].name))
			continue;
		argc -= optind;
		argv += optind;
		optind = 0;	/* reset getopt for the command's own parsing */
		if (commands[i].json_after)
			argc = kctr_take_json_flag(argc, argv, &g.json);
		leave(commands[i].fn(argc, argv, &g));
	}
	fprintf(stderr, "kctr: unknown command '%s' (see 'kctr --help')\n",
		argv[optind]);
	return KCTR_EXIT_USAGE;
}
