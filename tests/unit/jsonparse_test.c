// SPDX-License-Identifier: GPL-2.0
/* The strict JSON parser used for seccomp profiles. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jsonparse.h"
#include "tap.h"

static struct kjson *parse(const char *s, struct kctr_err *err)
{
	memset(err, 0, sizeof(*err));
	return kjson_parse(s, strlen(s), err);
}

/* The input as a one-line TAP description. */
static const char *shown(const char *s)
{
	static char buf[256];
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? '~' : s[i];
	buf[i] = '\0';
	return buf;
}

static void good(const char *s)
{
	struct kctr_err err;
	struct kjson *v = parse(s, &err);

	ok(v != NULL, "accepts %s%s%s", shown(s), v ? "" : ": ",
	   v ? "" : err.msg);
	kjson_free(v);
}

static void bad(const char *s, const char *why)
{
	struct kctr_err err;
	struct kjson *v = parse(s, &err);

	ok(!v && strstr(err.msg, why), "rejects %s (%s): %s", shown(s), why,
	   err.msg);
	kjson_free(v);
}

static void test_values(void)
{
	struct kctr_err err;
	const struct kjson *m;
	struct kjson *v;
	uint64_t n = 0;

	v = parse("{\"a\": [1, true, null, \"x\\u00e9\\ud83d\\ude00\\n\"],"
		  " \"n\": 18446744073709551615, \"f\": false}", &err);
	ok(v && v->type == KJSON_OBJECT && v->n == 3, "object with 3 members");
	m = kjson_get(v, "a");
	ok(m && m->type == KJSON_ARRAY && m->n == 4, "array of 4");
	ok(m && m->items[1]->type == KJSON_BOOL && m->items[1]->boolean,
	   "true");
	ok(m && m->items[2]->type == KJSON_NULL, "null");
	ok(m && !strcmp(m->items[3]->str, "x\xc3\xa9\xf0\x9f\x98\x80\n"),
	   "escapes and surrogate pairs decode to UTF-8");
	ok(!kjson_u64(kjson_get(v, "n"), &n) && n == UINT64_MAX,
	   "2^64-1 converts exactly");
	m = kjson_get(v, "f");
	ok(m && m->type == KJSON_BOOL && !m->boolean, "false");
	ok(!kjson_get(v, "missing"), "missing member is NULL");
	kjson_free(v);
	v = parse("18446744073709551616", &err);
	ok(v && kjson_u64(v, &n) == -ERANGE, "2^64 is out of range");
	kjson_free(v);
	v = parse("-1", &err);
	ok(v && kjson_u64(v, &n) == -EINVAL, "negative is not a u64");
	kjson_free(v);
	v = parse("1.5", &err);
	ok(v && kjson_u64(v, &n) == -EINVAL, "fraction is not a u64");
	kjson_free(v);
}

static void test_depth(void)
{
	char deep[200];

	memset(deep, '[', 70);
	memset(deep + 70, ']', 70);
	deep[140] = '\0';
	bad(deep, "nested too deeply");
	deep[64] = ']';
	memset(deep + 64, ']', 64);
	deep[128] = '\0';
	good(deep);
}

int main(void)
{
	test_values();
	good("[]");
	good("{}");
	good(" \t\r\n0 ");
	good("-0.5e+10");
	good("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
	bad("", "value expected");
	bad("[1,]", "value expected");
	bad("{\"a\":1,}", "member name");
	bad("{\"a\":1 \"b\":2}", "',' or '}' expected");
	bad("{\"a\":1,\"a\":2}", "duplicate member name");
	bad("[1] x", "trailing characters");
	bad("01", "leading zero");
	bad("1.", "digit expected");
	bad("\"a\tb\"", "control character");
	bad("\"\\x\"", "invalid escape");
	bad("\"\\ud800\"", "surrogate");
	bad("\"abc", "unterminated string");
	bad("tru", "invalid literal");
	bad("{\"a\"}", "':' expected");
	bad("[\n1,\n?]", "line 3, column 1");
	test_depth();
	return tap_done();
}
