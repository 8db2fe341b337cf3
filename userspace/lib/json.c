// SPDX-License-Identifier: GPL-2.0
/* The JSON writer: escaping, nesting and separators. */
#include <math.h>
#include <inttypes.h>

#include "json.h"

void kj_init(struct kj *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->first[0] = true;
}

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	int n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The two-character escape JSON has for @c, or 0. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\t':
		return 't';
	case '\r':
		return 'r';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	}
	return 0;
}

/*
 * Bytes written as they are, up to the next one that needs an escape: a
 * run goes out in one fwrite, not one call per character (a listing of
 * 1,000 containers escapes some 10,000 strings).
 */
static size_t plain_run(const unsigned char *s)
{
	size_t i = 0;
	int n;

	while (s[i]) {
		if (s[i] < 0x80) {
			if (s[i] < 0x20 || s[i] == 0x7f || short_escape(s[i]))
				break;
			i++;
			continue;
		}
		n = utf8_len(s + i);
		if (!n)
			break;
		i += n;
	}
	return i;
}

void kj_escape(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	char esc[2] = { '\\' };
	size_t run;

	fputc('"', f);
	for (;;) {
		run = plain_run(s);
		fwrite(s, 1, run, f);
		s += run;
		if (!*s)
			break;
		esc[1] = short_escape(*s);
		if (esc[1])
			fwrite(esc, 1, 2, f);
		else	/* controls; invalid bytes are kept visible as Latin-1 */
			fprintf(f, "\\u%04x", *s);
		s++;
	}
	fputc('"', f);
}

static void newline_indent(struct kj *j)
{
	int i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Separator, indentation and key before a value. */
static void kj_member(struct kj *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	if (j->depth > 0)
		newline_indent(j);
	j->first[j->depth] = false;
	if (key) {
		kj_escape(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void kj_open(struct kj *j, const char *key, char c)
{
	kj_member(j, key);
	fputc(c, j->f);
	if (j->depth < KJ_MAX_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void kj_close(struct kj *j, char c)
{
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		newline_indent(j);
	fputc(c, j->f);
	if (j->depth == 0) {
		/* A complete top-level value: one per line. */
		fputc('\n', j->f);
		fflush(j->f);
		j->first[0] = true;
	}
}

void kj_obj_open(struct kj *j, const char *key)
{
	kj_open(j, key, '{');
}

void kj_obj_close(struct kj *j)
{
	kj_close(j, '}');
}

void kj_arr_open(struct kj *j, const char *key)
{
	kj_open(j, key, '[');
}

void kj_arr_close(struct kj *j)
{
	kj_close(j, ']');
}

void kj_str(struct kj *j, const char *key, const char *val)
{
	kj_member(j, key);
	if (val)
		kj_escape(j->f, val);
	else
		fputs("null", j->f);
}

/* @val in decimal, @neg with a minus: the printf a number cost, saved. */
static void put_decimal(FILE *f, uint64_t val, bool neg)
{
	char buf[21];
	char *p = buf + sizeof(buf);

	do {
		*--p = '0' + val % 10;
		val /= 10;
	} while (val);
	if (neg)
		*--p = '-';
	fwrite(p, 1, buf + sizeof(buf) - p, f);
}

void kj_u64(struct kj *j, const char *key, uint64_t val)
{
	kj_member(j, key);
	put_decimal(j->f, val, false);
}

void kj_i64(struct kj *j, const char *key, int64_t val)
{
	kj_member(j, key);
	/* The magnitude as unsigned: -INT64_MIN does not fit an int64_t. */
	put_decimal(j->f, val < 0 ? -(uint64_t)val : (uint64_t)val, val < 0);
}

void kj_double(struct kj *j, const char *key, double val)
{
	kj_member(j, key);
	if (isfinite(val))
		fprintf(j->f, "%.6g", val);
	else
		fputs("null", j->f);
}

void kj_bool(struct kj *j, const char *key, bool val)
{
	kj_member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void kj_null(struct kj *j, const char *key)
{
	kj_member(j, key);
	fputs("null", j->f);
}
