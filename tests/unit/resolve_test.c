// SPDX-License-Identifier: GPL-2.0
/* NAME|IDPREFIX resolution over a list of containers. */
#include <errno.h>
#include <stdlib.h>

#include "nlclient.h"
#include "tap.h"

static struct kctr_info *list;
static size_t nr;

static void add(uint64_t id, const char *name)
{
	list = realloc(list, (nr + 1) * sizeof(*list));
	memset(&list[nr], 0, sizeof(*list));
	list[nr].id = id;
	snprintf(list[nr].name, sizeof(list[nr].name), "%s", name);
	nr++;
}

/* The id picked by @spec, or the negative errno. */
static long long pick(const char *spec, struct kctr_err *err)
{
	int idx = kctr_resolve_in(spec, list, nr, err);

	return idx < 0 ? idx : (long long)list[idx].id;
}

int main(void)
{
	struct kctr_err err = { 0 };

	tap_plan(20);
	add(1, "web");
	add(12, "db");
	add(123, "cache");
	add(45, "4");
	add(46, "worker");
	add(7, "77");

	is_int(pick("web", &err), 1, "a name");
	is_int(pick("db", &err), 12, "another name");
	is_int(pick("1", &err), 1, "an exact id wins over prefixes");
	is_int(pick("12", &err), 12, "exact id 12 (also a prefix of 123)");
	is_int(pick("123", &err), 123, "exact id 123");
	is_int(pick("4", &err), 45, "a name made of digits wins over ids");
	is_int(pick("46", &err), 46, "exact id 46");
	is_int(pick("77", &err), 7, "name '77' (no id 77) picks id 7");
	is_int(pick("7", &err), 7, "exact id 7");
	is_int(pick("nope", &err), -ENOENT, "unknown name: ENOENT");
	ok(strstr(err.msg, "nope") && strstr(err.msg, "no such container"),
	   "the message names it: %s", err.msg);
	is_int(pick("9", &err), -ENOENT, "unknown id: ENOENT");
	is_int(pick("", &err), -EINVAL, "empty: EINVAL");

	add(1234, "x1");
	add(1235, "x2");
	is_int(pick("123", &err), 123, "exact 123 among 1234, 1235");
	is_int(pick("1234", &err), 1234, "exact 1234");
	free(list);
	list = NULL;
	nr = 0;
	add(1234, "x1");
	add(1235, "x2");
	add(999, "x3");
	is_int(pick("123", &err), -EINVAL, "ambiguous prefix: EINVAL");
	ok(strstr(err.msg, "ambiguous") && strstr(err.msg, "2 containers"),
	   "the message says ambiguous and how many: %s", err.msg);
	is_int(pick("99", &err), 999, "unambiguous prefix");
	is_int(pick("x", &err), -ENOENT, "names are not prefix-matched");
	is_int(kctr_resolve_in("1", NULL, 0, &err), -ENOENT, "empty list");
	free(list);
	return tap_done();
}
