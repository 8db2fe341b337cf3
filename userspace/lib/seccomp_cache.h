/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiled seccomp programs cached on disk by a key (the SHA-256 of the
 * profile and of everything else the program depends on), so the default
 * allow list costs one hash and one small read per spawn, not a libseccomp
 * compilation. An entry is trusted only after it is checked: a directory
 * and file of ours (the caller's euid, no group or other access), the
 * magic, the format, the key, the length and the SHA-256 of the program.
 */
#ifndef KCTR_SECCOMP_CACHE_H
#define KCTR_SECCOMP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

#define KCTR_SECCOMP_CACHE_FORMAT	1

/* An entry: this header, then insns struct sock_filter. */
struct kctr_seccomp_cache_hdr {
	char magic[8];			/* "KCTRBPF\0" */
	uint32_t format;		/* KCTR_SECCOMP_CACHE_FORMAT */
	uint32_t insns;			/* 1..KCTR_SECCOMP_MAX_INSNS */
	uint8_t key[KCTR_SHA256_LEN];	/* also the file name, in hex */
	uint8_t sum[KCTR_SHA256_LEN];	/* SHA-256 of the program */
};

/*
 * The program cached under @key in @dir: 0 and a malloc'ed *prog of *len
 * bytes, or -1 when there is no valid entry (missing, foreign, corrupt).
 */
int kctr_seccomp_cache_load(const char *dir, const uint8_t *key, void **prog,
			    size_t *len);
/*
 * Store @prog under @key in @dir (created 0700), atomically (a temporary
 * file renamed over the entry). 0, or -errno: a cache that cannot be
 * written only costs time, the caller goes on.
 */
int kctr_seccomp_cache_store(const char *dir, const uint8_t *key,
			     const void *prog, size_t len);

#endif
