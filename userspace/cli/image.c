// SPDX-License-Identifier: GPL-2.0
/* kctr image: import, ls, rm (the layers themselves: lib/image.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "image.h"

static void image_usage(void)
{
	fputs("Usage: kctr image import [--parent IMAGE] NAME DIR|TARBALL\n"
	      "       kctr image ls\n"
	      "       kctr image rm NAME\n"
	      "\n"
	      "  -p, --parent IMAGE  stack the new layer on top of IMAGE's\n"
	      "  -h, --help          this help\n", stdout);
}

static void print_name(const char *name, void *arg)
{
	(void)arg;
	printf("%s\n", name);
}

static int image_ls(void)
{
	return kctr_image_foreach(print_name, NULL);
}

int kctr_cmd_image(int argc, char **argv, const struct kctr_global *g)
{
	static const struct option opts[] = {
		{ "parent", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *parent = NULL, *sub;
	struct kctr_err err = { 0 };
	int c, ret;

	(void)g;
	if (argc < 2 || argv[1][0] == '-') {
		image_usage();
		return argc >= 2 && (!strcmp(argv[1], "--help") ||
				     !strcmp(argv[1], "-h")) ? 0 :
			KCTR_EXIT_USAGE;
	}
	sub = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+hp:", opts, NULL)) != -1) {
		if (c == 'p' && !strcmp(sub, "import")) {
			parent = optarg;
			continue;
		}
		image_usage();
		return c == 'h' ? 0 : KCTR_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 && (!strcmp(sub, "ls") || !strcmp(sub, "list")))
		return image_ls();
	if (argc == 1 && !strcmp(sub, "rm")) {
		ret = kctr_image_remove(argv[0], &err);
	} else if (argc == 2 && !strcmp(sub, "import")) {
		ret = kctr_image_import(parent, argv[0], argv[1], &err);
	} else {
		image_usage();
		return KCTR_EXIT_USAGE;
	}
	if (ret) {
		fprintf(stderr, "kctr: image: %s\n", err.msg);
		return KCTR_EXIT_FAILURE;
	}
	return 0;
}
