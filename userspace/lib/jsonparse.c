// SPDX-License-Identifier: GPL-2.0
/* A strict recursive-descent JSON parser; see jsonparse.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jsonparse.h"

#define KJSON_MAX_DEPTH 64

struct parser {
	const char *s, *end;
	const char *start;
	struct kctr_err *err;
	int depth;
};

static struct kjson *parse_value(struct parser *p);

static int fail(struct parser *p, const char *why)
{
	const char *c;
	int line = 1, col = 1;

	for (c = p->start; c < p->s; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return kctr_err_set(p->err, EINVAL, "line %d, column %d: %s",
			    line, col, why);
}

static void skip_ws(struct parser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' ||
				 *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static struct kjson *new_value(struct parser *p, enum kjson_type t)
{
	struct kjson *v = calloc(1, sizeof(*v));

	if (!v)
		kctr_err_set(p->err, ENOMEM, "out of memory");
	else
		v->type = t;
	return v;
}

void kjson_free(struct kjson *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		kjson_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n))
		return fail(p, "invalid literal");
	p->s += n;
	return 0;
}

static int hex4(struct parser *p, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	if (p->end - p->s < 4)
		return fail(p, "truncated \\u escape");
	for (i = 0; i < 4; i++) {
		char c = *p->s++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return fail(p, "bad hex digit in \\u escape");
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xc0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xe0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	o[0] = 0xf0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3f);
	o[2] = 0x80 | ((cp >> 6) & 0x3f);
	o[3] = 0x80 | (cp & 0x3f);
	return 4;
}

static int unicode_escape(struct parser *p, char *o, size_t *len)
{
	unsigned int cp, lo;

	if (hex4(p, &cp))
		return -EINVAL;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(p, "lone low surrogate in \\u escape");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->end - p->s < 2 || p->s[0] != '\\' || p->s[1] != 'u')
			return fail(p, "high surrogate without low surrogate");
		p->s += 2;
		if (hex4(p, &lo))
			return -EINVAL;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(p, "bad low surrogate in \\u escape");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (cp == 0)
		return fail(p, "\\u0000 is not allowed in strings");
	*len = put_utf8(o, cp);
	return 0;
}

static int escape(struct parser *p, char *o, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;

	if (p->s >= p->end)
		return fail(p, "unterminated string");
	if (*p->s == 'u') {
		p->s++;
		return unicode_escape(p, o, len);
	}
	e = strchr(from, *p->s);
	if (!e || !*p->s)
		return fail(p, "invalid escape in string");
	p->s++;
	*o = to[e - from];
	*len = 1;
	return 0;
}

/* Decoded strings are never longer than their source text. */
static char *parse_string_raw(struct parser *p)
{
	char *buf, *o;
	size_t n = 0;

	p->s++;	/* opening quote */
	buf = malloc(p->end - p->s + 1);
	if (!buf) {
		kctr_err_set(p->err, ENOMEM, "out of memory");
		return NULL;
	}
	o = buf;
	for (;;) {
		if (p->s >= p->end) {
			fail(p, "unterminated string");
			goto free_buf;
		}
		if (*p->s == '"')
			break;
		if ((unsigned char)*p->s < 0x20) {
			fail(p, "control character in string");
			goto free_buf;
		}
		if (*p->s != '\\') {
			*o++ = *p->s++;
			continue;
		}
		p->s++;
		if (escape(p, o, &n))
			goto free_buf;
		o += n;
	}
	p->s++;
	*o = '\0';
	return buf;

free_buf:
	free(buf);
	return NULL;
}

static bool is_digit(const struct parser *p)
{
	return p->s < p->end && *p->s >= '0' && *p->s <= '9';
}

static int scan_number(struct parser *p)
{
	if (p->s < p->end && *p->s == '-')
		p->s++;
	if (!is_digit(p))
		return fail(p, "invalid number");
	if (*p->s == '0') {
		p->s++;
		if (is_digit(p))
			return fail(p, "leading zero in number");
	} else {
		while (is_digit(p))
			p->s++;
	}
	if (p->s < p->end && *p->s == '.') {
		p->s++;
		if (!is_digit(p))
			return fail(p, "digit expected after '.'");
		while (is_digit(p))
			p->s++;
	}
	if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (!is_digit(p))
			return fail(p, "digit expected in exponent");
		while (is_digit(p))
			p->s++;
	}
	return 0;
}

static struct kjson *parse_number(struct parser *p)
{
	const char *from = p->s;
	struct kjson *v;

	if (scan_number(p))
		return NULL;
	v = new_value(p, KJSON_NUMBER);
	if (!v)
		return NULL;
	v->str = strndup(from, p->s - from);
	if (!v->str) {
		kctr_err_set(p->err, ENOMEM, "out of memory");
		kjson_free(v);
		return NULL;
	}
	return v;
}

static int append(struct parser *p, struct kjson *c, struct kjson *item,
		  char *key)
{
	struct kjson **items;
	char **keys;

	items = realloc(c->items, (c->n + 1) * sizeof(*items));
	if (!items)
		return kctr_err_set(p->err, ENOMEM, "out of memory");
	c->items = items;
	if (c->type == KJSON_OBJECT) {
		keys = realloc(c->keys, (c->n + 1) * sizeof(*keys));
		if (!keys)
			return kctr_err_set(p->err, ENOMEM, "out of memory");
		c->keys = keys;
		c->keys[c->n] = key;
	}
	c->items[c->n++] = item;
	return 0;
}

static int parse_member(struct parser *p, struct kjson *obj)
{
	struct kjson *item;
	char *key;

	skip_ws(p);
	if (p->s >= p->end || *p->s != '"')
		return fail(p, "member name (a string) expected");
	key = parse_string_raw(p);
	if (!key)
		return -EINVAL;
	if (kjson_get(obj, key)) {
		free(key);
		return fail(p, "duplicate member name");
	}
	skip_ws(p);
	if (p->s >= p->end || *p->s != ':') {
		free(key);
		return fail(p, "':' expected after member name");
	}
	p->s++;
	item = parse_value(p);
	if (!item || append(p, obj, item, key)) {
		kjson_free(item);
		free(key);
		return -EINVAL;
	}
	return 0;
}

static int parse_element(struct parser *p, struct kjson *arr)
{
	struct kjson *item = parse_value(p);

	if (!item || append(p, arr, item, NULL)) {
		kjson_free(item);
		return -EINVAL;
	}
	return 0;
}

static struct kjson *parse_container(struct parser *p, enum kjson_type t)
{
	char close = t == KJSON_OBJECT ? '}' : ']';
	struct kjson *v;
	int ret;

	if (++p->depth > KJSON_MAX_DEPTH) {
		fail(p, "nested too deeply");
		return NULL;
	}
	p->s++;
	v = new_value(p, t);
	if (!v)
		return NULL;
	skip_ws(p);
	if (p->s < p->end && *p->s == close)
		goto done;
	for (;;) {
		ret = t == KJSON_OBJECT ? parse_member(p, v) :
					  parse_element(p, v);
		if (ret)
			goto free_v;
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close)
			break;
		fail(p, t == KJSON_OBJECT ? "',' or '}' expected" :
					    "',' or ']' expected");
		goto free_v;
	}
done:
	p->s++;
	p->depth--;
	return v;

free_v:
	kjson_free(v);
	return NULL;
}

static struct kjson *parse_literal(struct parser *p)
{
	struct kjson *v;

	if (*p->s == 'n') {
		if (literal(p, "null"))
			return NULL;
		return new_value(p, KJSON_NULL);
	}
	if (literal(p, *p->s == 't' ? "true" : "false"))
		return NULL;
	v = new_value(p, KJSON_BOOL);
	if (v)
		v->boolean = p->s[-1] == 'e' && p->s[-2] == 'u';
	return v;
}

static struct kjson *parse_value(struct parser *p)
{
	struct kjson *v;

	skip_ws(p);
	if (p->s >= p->end) {
		fail(p, "value expected");
		return NULL;
	}
	switch (*p->s) {
	case '{':
		return parse_container(p, KJSON_OBJECT);
	case '[':
		return parse_container(p, KJSON_ARRAY);
	case '"':
		v = new_value(p, KJSON_STRING);
		if (v) {
			v->str = parse_string_raw(p);
			if (!v->str) {
				kjson_free(v);
				v = NULL;
			}
		}
		return v;
	case 'n':
	case 't':
	case 'f':
		return parse_literal(p);
	default:
		if (*p->s != '-' && (*p->s < '0' || *p->s > '9')) {
			fail(p, "value expected");
			return NULL;
		}
		return parse_number(p);
	}
}

struct kjson *kjson_parse(const char *text, size_t len, struct kctr_err *err)
{
	struct parser p = { text, text + len, text, err, 0 };
	struct kjson *v;

	if (memchr(text, '\0', len)) {
		p.s = memchr(text, '\0', len);
		fail(&p, "NUL byte in input");
		return NULL;
	}
	v = parse_value(&p);
	if (!v)
		return NULL;
	skip_ws(&p);
	if (p.s != p.end) {
		fail(&p, "trailing characters after the value");
		kjson_free(v);
		return NULL;
	}
	return v;
}

const char *kjson_type_name(enum kjson_type t)
{
	static const char *const names[] = {
		"null", "boolean", "number", "string", "array", "object",
	};

	return t <= KJSON_OBJECT ? names[t] : "?";
}

const struct kjson *kjson_get(const struct kjson *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != KJSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

int kjson_u64(const struct kjson *v, uint64_t *out)
{
	uint64_t r = 0;
	const char *c;

	if (!v || v->type != KJSON_NUMBER || v->str[0] == '-')
		return -EINVAL;
	for (c = v->str; *c; c++) {
		if (*c < '0' || *c > '9')
			return -EINVAL;
		if (r > (UINT64_MAX - (*c - '0')) / 10)
			return -ERANGE;
		r = r * 10 + (*c - '0');
	}
	*out = r;
	return 0;
}

int kjson_i64(const struct kjson *v, int64_t *out)
{
	struct kjson mag;
	uint64_t u;
	int ret;

	if (!v || v->type != KJSON_NUMBER)
		return -EINVAL;
	if (v->str[0] != '-') {
		ret = kjson_u64(v, &u);
		if (!ret && u > INT64_MAX)
			ret = -ERANGE;
		if (!ret)
			*out = (int64_t)u;
		return ret;
	}
	/* The magnitude after '-'; "-0" is 0. */
	mag = *v;
	mag.str = v->str + 1;
	ret = kjson_u64(&mag, &u);
	if (ret)
		return ret;
	if (u > (uint64_t)INT64_MAX + 1)
		return -ERANGE;
	*out = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	return 0;
}
