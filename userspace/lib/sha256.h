/* SPDX-License-Identifier: GPL-2.0 */
/* SHA-256 (FIPS 180-4), small and self-contained: cache keys, not crypto. */
#ifndef KCTR_SHA256_H
#define KCTR_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define KCTR_SHA256_LEN	32

struct kctr_sha256 {
	uint32_t h[8];
	uint64_t bytes;		/* message length so far */
	uint8_t buf[64];	/* the partial block */
};

void kctr_sha256_init(struct kctr_sha256 *s);
void kctr_sha256_update(struct kctr_sha256 *s, const void *data, size_t len);
void kctr_sha256_final(struct kctr_sha256 *s, uint8_t out[KCTR_SHA256_LEN]);
/* One call for a buffer in memory. */
void kctr_sha256(const void *data, size_t len, uint8_t out[KCTR_SHA256_LEN]);
/* 64 lower-case hex digits and a NUL into @hex. */
void kctr_sha256_hex(const uint8_t d[KCTR_SHA256_LEN], char hex[65]);

#endif
