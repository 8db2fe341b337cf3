/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, strict JSON parser (RFC 8259) for seccomp profiles: no
 * comments, no trailing commas, no duplicate keys, no trailing garbage.
 * Numbers keep their text so 64-bit values convert without loss.
 */
#ifndef KCTR_JSONPARSE_H
#define KCTR_JSONPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "err.h"

enum kjson_type {
	KJSON_NULL,
	KJSON_BOOL,
	KJSON_NUMBER,
	KJSON_STRING,
	KJSON_ARRAY,
	KJSON_OBJECT,
};

struct kjson {
	enum kjson_type type;
	bool boolean;
	char *str;		/* string value, or a number's text */
	size_t n;		/* array items or object members */
	struct kjson **items;
	char **keys;		/* objects only */
};

/* Parse @len bytes; NULL on error with "line L, column C: why" in @err. */
struct kjson *kjson_parse(const char *text, size_t len, struct kctr_err *err);
void kjson_free(struct kjson *v);

const char *kjson_type_name(enum kjson_type t);
/* Member @key of object @obj, or NULL. */
const struct kjson *kjson_get(const struct kjson *obj, const char *key);
/* A non-negative integer number that fits in 64 bits: 0, else -ERANGE/-EINVAL. */
int kjson_u64(const struct kjson *v, uint64_t *out);
/* An integer number (no fraction, no exponent) in int64_t: 0, else as above. */
int kjson_i64(const struct kjson *v, int64_t *out);

#endif
