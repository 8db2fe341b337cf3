// SPDX-License-Identifier: GPL-2.0
/* Aligned text tables and ellipsizing. */
#include <stdlib.h>

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

int main(void)
{
	static const char *const hdr[] = { "ID", "NAME", "COMMAND" };
	static const char *const r1[] = { "1", "web", "sleep 1000" };
	static const char *const r2[] = { "123", "database", "postgres -D x" };
	static const char *const r3[] = { "7", "caf\xc3\xa9", NULL };
	char s[64];
	struct kt t;
	char *out;

	ok(!kt_init(&t, 3, hdr), "table with a header");
	kt_add(&t, r1);
	kt_add(&t, r2);
	out = render(&t);
	is_str(out,
	       "ID   NAME      COMMAND\n"
	       "1    web       sleep 1000\n"
	       "123  database  postgres -D x\n",
	       "columns padded to the widest cell, last one not padded");
	free(out);
	t.right = 1;
	out = render(&t);
	is_str(out,
	       " ID  NAME      COMMAND\n"
	       "  1  web       sleep 1000\n"
	       "123  database  postgres -D x\n",
	       "right-aligned first column");
	free(out);
	kt_free(&t);

	kt_init(&t, 3, hdr);
	kt_add(&t, r3);
	out = render(&t);
	is_str(out, "ID  NAME  COMMAND\n7   caf\xc3\xa9  \n",
	       "UTF-8 counts by characters; a NULL cell is empty");
	free(out);
	kt_free(&t);

	snprintf(s, sizeof(s), "a very long command line");
	is_str(kctr_ellipsize(s, 10), "a very ...", "ellipsized to 10 columns");
	snprintf(s, sizeof(s), "short");
	is_str(kctr_ellipsize(s, 10), "short", "short strings untouched");
	snprintf(s, sizeof(s), "exactly10!");
	is_str(kctr_ellipsize(s, 10), "exactly10!", "exact width untouched");
	return tap_done();
}
