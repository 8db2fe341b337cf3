// SPDX-License-Identifier: GPL-2.0
/* The JSON writer: escaping, nesting, separators, one value per line. */
#include <stdlib.h>

#include "json.h"
#include "tap.h"

static char *buf;
static size_t len;

static FILE *mem(void)
{
	free(buf);
	buf = NULL;
	return open_memstream(&buf, &len);
}

static const char *escaped(const char *s)
{
	FILE *f = mem();

	kj_escape(f, s);
	fclose(f);
	return buf;
}

static void test_escape(void)
{
	is_str(escaped("plain"), "\"plain\"", "plain string");
	is_str(escaped(""), "\"\"", "empty string");
	is_str(escaped("a\"b"), "\"a\\\"b\"", "double quote");
	is_str(escaped("a\\b"), "\"a\\\\b\"", "backslash");
	is_str(escaped("l1\nl2\tx\r"), "\"l1\\nl2\\tx\\r\"", "newline, tab, CR");
	is_str(escaped("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"",
	       "other control characters as \\u00XX");
	is_str(escaped("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x90\xa7"),
	       "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x90\xa7\"",
	       "valid UTF-8 passes through");
	is_str(escaped("bad\xff\xfe"), "\"bad\\u00ff\\u00fe\"",
	       "invalid bytes become \\u00XX");
	is_str(escaped("\xc3"), "\"\\u00c3\"", "truncated sequence");
	is_str(escaped("\xc0\xaf"), "\"\\u00c0\\u00af\"", "overlong form rejected");
	is_str(escaped("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"",
	       "UTF-16 surrogate rejected");
	is_str(escaped("</script>"), "\"</script>\"", "slash kept");
	is_str(escaped("ab\x01" "cd\"\xc3\xa9\xff" "ef"),
	       "\"ab\\u0001cd\\\"\xc3\xa9\\u00ffef\"",
	       "plain runs between escapes kept whole");
}

static const char *number(int64_t i, uint64_t u, bool is_signed)
{
	FILE *f = mem();
	struct kj j;

	kj_init(&j, f, false);
	if (is_signed)
		kj_i64(&j, NULL, i);
	else
		kj_u64(&j, NULL, u);
	fclose(f);
	return buf;
}

static void test_numbers(void)
{
	is_str(number(0, 0, false), "0", "u64 zero");
	is_str(number(0, 10, false), "10", "u64 ten");
	is_str(number(0, 0, true), "0", "i64 zero");
	is_str(number(INT64_MAX, 0, true), "9223372036854775807", "i64 max");
	is_str(number(INT64_MIN, 0, true), "-9223372036854775808",
	       "i64 min: its magnitude does not fit an int64_t");
}

static void test_compact(void)
{
	FILE *f = mem();
	struct kj j;

	kj_init(&j, f, false);
	kj_obj_open(&j, NULL);
	kj_u64(&j, "id", 18446744073709551615ULL);
	kj_str(&j, "name", "a\"b");
	kj_i64(&j, "neg", -5);
	kj_bool(&j, "t", true);
	kj_null(&j, "n");
	kj_str(&j, "nulls", NULL);
	kj_arr_open(&j, "arr");
	kj_u64(&j, NULL, 1);
	kj_obj_open(&j, NULL);
	kj_obj_close(&j);
	kj_arr_open(&j, NULL);
	kj_arr_close(&j);
	kj_arr_close(&j);
	kj_double(&j, "d", 1.5);
	kj_obj_close(&j);
	kj_obj_open(&j, NULL);
	kj_u64(&j, "second", 2);
	kj_obj_close(&j);
	fclose(f);
	is_str(buf,
	       "{\"id\":18446744073709551615,\"name\":\"a\\\"b\",\"neg\":-5,"
	       "\"t\":true,\"n\":null,\"nulls\":null,\"arr\":[1,{},[]],"
	       "\"d\":1.5}\n{\"second\":2}\n",
	       "compact: nesting, separators, one top-level value per line");
}

static void test_pretty(void)
{
	FILE *f = mem();
	struct kj j;

	kj_init(&j, f, true);
	kj_obj_open(&j, NULL);
	kj_str(&j, "a", "x");
	kj_arr_open(&j, "b");
	kj_u64(&j, NULL, 1);
	kj_u64(&j, NULL, 2);
	kj_arr_close(&j);
	kj_obj_open(&j, "empty");
	kj_obj_close(&j);
	kj_obj_close(&j);
	fclose(f);
	is_str(buf,
	       "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2\n  ],\n"
	       "  \"empty\": {}\n}\n",
	       "pretty: two-space indentation");
}

static void test_special_doubles(void)
{
	FILE *f = mem();
	struct kj j;

	kj_init(&j, f, false);
	kj_arr_open(&j, NULL);
	kj_double(&j, NULL, 1.0 / 0.0);
	kj_double(&j, NULL, 0.0 / 0.0);
	kj_arr_close(&j);
	fclose(f);
	is_str(buf, "[null,null]\n", "non-finite numbers are null");
}

int main(void)
{
	tap_plan(21);
	test_escape();
	test_numbers();
	test_compact();
	test_pretty();
	test_special_doubles();
	free(buf);
	return tap_done();
}
