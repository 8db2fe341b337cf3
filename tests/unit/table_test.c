// SPDX-License-Identifier: GPL-2.0
/* Aligned text tables and ellipsizing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "tap.h"

static char *render(struct kt *t)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	kt_print(t, f);
	fclose(f);
	return buf;
}

/* A table of @hdr and the @nr rows, @right-aligned columns, printed. */
static void is_table(const char *const *hdr, const char *const *const *rows,
		     size_t nr, unsigned int right, const char *want,
		     const char *what)
{
	struct kt t;
	char *out;
	size_t i;

	kt_init(&t, 3, hdr);
	for (i = 0; i < nr; i++)
		kt_add(&t, rows[i]);
	t.right = right;
	out = render(&t);
	is_str(out, want, "%s", what);
	free(out);
	kt_free(&t);
}

/* kctr_take_json_flag on a copy of @words; the result joined by spaces. */
static const char *take_json(const char *words, bool *json)
{
	static char out[256];
	char buf[256], *argv[16], *w;
	int argc = 0, i, n;

	snprintf(buf, sizeof(buf), "%s", words);
	for (w = strtok(buf, " "); w && argc < 15; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	*json = false;
	n = kctr_take_json_flag(argc, argv, json);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? " " : "", argv[i]);
	if (argv[n])
		snprintf(out, sizeof(out), "argv[%d] is not NULL", n);
	return out;
}

static void test_json_after_command(void)
{
	bool json;

	is_str(take_json("list -a -j", &json), "list -a", "-j after the command is taken out");
	ok(json, "and sets JSON output");
	is_str(take_json("inspect --json web", &json), "inspect web", "--json too");
	ok(json, "and sets it");
	is_str(take_json("list -a", &json), "list -a", "nothing to take: argv as it was");
	ok(!json, "and no JSON");
	is_str(take_json("top -- -j", &json), "top -- -j", "after --, -j is an argument");
	ok(!json, "and no JSON");
	is_str(take_json("version -jq", &json), "version -jq", "-j inside other letters is left alone");
}

int main(void)
{
	tap_plan(17);
	test_json_after_command();
	static const char *const hdr[] = { "ID", "NAME", "COMMAND" };
	static const char *const r1[] = { "1", "web", "sleep 1000" };
	static const char *const r2[] = { "123", "database", "postgres -D x" };
	static const char *const r3[] = { "7", "caf\xc3\xa9", NULL };
	char s[64];
	struct kt t;

	static const char *const wide[] = {
		"2", "a-name-of-forty-characters-0123456789ab", "x" };
	const char *const *const two[] = { r1, r2 };
	const char *const *const utf8[] = { r3 };
	const char *const *const padded[] = { r1, wide };

	ok(!kt_init(&t, 3, hdr), "table with a header");
	kt_free(&t);
	is_table(hdr, two, 2, 0,
		 "ID   NAME      COMMAND\n"
		 "1    web       sleep 1000\n"
		 "123  database  postgres -D x\n",
		 "columns padded to the widest cell, last one not padded");
	is_table(hdr, two, 2, 1,
		 " ID  NAME      COMMAND\n"
		 "  1  web       sleep 1000\n"
		 "123  database  postgres -D x\n",
		 "right-aligned first column");
	is_table(hdr, utf8, 1, 0, "ID  NAME  COMMAND\n7   caf\xc3\xa9  \n",
		 "UTF-8 counts by characters; a NULL cell is empty");
	is_table(hdr, padded, 2, 0,
		 "ID  NAME                                     COMMAND\n"
		 "1   web                                      sleep 1000\n"
		 "2   a-name-of-forty-characters-0123456789ab  x\n",
		 "a pad longer than 32 spaces (pad()'s chunk)");

	snprintf(s, sizeof(s), "a very long command line");
	is_str(kctr_ellipsize(s, 10), "a very ...", "ellipsized to 10 columns");
	snprintf(s, sizeof(s), "short");
	is_str(kctr_ellipsize(s, 10), "short", "short strings untouched");
	snprintf(s, sizeof(s), "exactly10!");
	is_str(kctr_ellipsize(s, 10), "exactly10!", "exact width untouched");
	return tap_done();
}
