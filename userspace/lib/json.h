/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer. Keys are given for members of objects and
 * NULL for elements of arrays and the top level. Compact mode writes one
 * value per line (for streams); pretty mode indents by two spaces.
 */
#ifndef KCTR_JSON_H
#define KCTR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define KJ_MAX_DEPTH	32

struct kj {
	FILE *f;
	bool pretty;
	int depth;
	bool first[KJ_MAX_DEPTH];
};

void kj_init(struct kj *j, FILE *f, bool pretty);
void kj_obj_open(struct kj *j, const char *key);
void kj_obj_close(struct kj *j);
void kj_arr_open(struct kj *j, const char *key);
void kj_arr_close(struct kj *j);
void kj_str(struct kj *j, const char *key, const char *val);
void kj_u64(struct kj *j, const char *key, uint64_t val);
void kj_i64(struct kj *j, const char *key, int64_t val);
void kj_double(struct kj *j, const char *key, double val);
void kj_bool(struct kj *j, const char *key, bool val);
void kj_null(struct kj *j, const char *key);
/* Write @s as a JSON string literal, quotes included. */
void kj_escape(FILE *f, const char *s);

#endif
