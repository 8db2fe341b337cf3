// SPDX-License-Identifier: GPL-2.0
/* kctr version: the tool's, the module's and the uapi's versions. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "nlclient.h"
#include "output.h"
#include "version.h"

static void version_usage(FILE *f)
{
	fprintf(f,
		"Usage: kctr version\n"
		"\n"
		"Print the versions of the tool, of the loaded kctr.ko module and\n"
		"of the netlink uapi each speaks, with a warning when they differ.\n"
		"Exits 4 when the module is not loaded.\n");
}

static void print_version_json(const char *module, uint32_t uapi, int loaded)
{
	struct kj j;

	kj_init(&j, stdout, false);
	kj_obj_open(&j, NULL);
	kj_str(&j, "tool", KCTR_TOOL_VERSION);
	kj_u64(&j, "tool_uapi", KCTR_UAPI_VERSION);
	if (loaded) {
		kj_str(&j, "module", module);
		kj_u64(&j, "module_uapi", uapi);
		kj_bool(&j, "match", uapi == KCTR_UAPI_VERSION &&
			!strcmp(module, KCTR_TOOL_VERSION));
	} else {
		kj_null(&j, "module");
		kj_null(&j, "module_uapi");
	}
	kj_obj_close(&j);
}

static void warn_mismatch(const char *module, uint32_t uapi)
{
	if (uapi != KCTR_UAPI_VERSION)
		fprintf(stderr,
			"kctr: warning: the module speaks uapi %u, this tool uapi %u: commands may fail; use matching builds\n",
			uapi, KCTR_UAPI_VERSION);
	else if (strcmp(module, KCTR_TOOL_VERSION))
		fprintf(stderr,
			"kctr: warning: module version %s differs from tool version %s\n",
			module, KCTR_TOOL_VERSION);
}

int kctr_cmd_version(int argc, char **argv, const struct kctr_global *g)
{
	char module[64] = "";
	struct kctr_err err = { 0 };
	struct kctr_nl *nl = NULL;
	uint32_t uapi = 0;
	int ret;

	ret = kctr_parse_no_args(argc, argv, version_usage);
	if (ret >= 0)
		return ret;
	ret = kctr_nl_open(&nl, &err);
	if (!ret) {
		ret = kctr_nl_version(nl, module, sizeof(module), &uapi, &err);
		kctr_nl_close(nl);
	}
	if (g->json) {
		print_version_json(module, uapi, !ret);
	} else {
		printf("tool:   kctr %s (uapi %u)\n", KCTR_TOOL_VERSION,
		       KCTR_UAPI_VERSION);
		if (!ret)
			printf("module: kctr.ko %s (uapi %u)\n", module, uapi);
	}
	if (ret) {
		kctr_err_print(&err);
		return kctr_err_exit(&err);
	}
	warn_mismatch(module, uapi);
	return KCTR_EXIT_OK;
}
