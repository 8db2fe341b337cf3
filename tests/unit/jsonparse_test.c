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

static void i64_is(const char *text, int want_ret, int64_t want,
		   const char *what)
{
	struct kctr_err err = { 0 };
	struct kjson *v = parse(text, &err);
	int64_t n = 12345;
	int ret = v ? kjson_i64(v, &n) : -999;

	ok(ret == want_ret && (ret || n == want), "i64 %s: %s", text, what);
	kjson_free(v);
}

static void test_i64(void)
{
	i64_is("0", 0, 0, "zero");
	i64_is("-0", 0, 0, "minus zero is 0");
	i64_is("-1", 0, -1, "minus one");
	i64_is("-1000", 0, -1000, "negative");
	i64_is("9223372036854775807", 0, INT64_MAX, "INT64_MAX");
	i64_is("-9223372036854775808", 0, INT64_MIN, "INT64_MIN");
	i64_is("9223372036854775808", -ERANGE, 0, "INT64_MAX+1 is out of range");
	i64_is("-9223372036854775809", -ERANGE, 0, "INT64_MIN-1 is out of range");
	i64_is("-1.5", -EINVAL, 0, "fraction is not an integer");
	i64_is("1e3", -EINVAL, 0, "exponent is not an integer");
	i64_is("\"1\"", -EINVAL, 0, "string is not a number");
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
	tap_plan(44);
	test_values();
	test_i64();
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
