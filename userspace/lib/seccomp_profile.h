/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seccomp profiles: the built-in default, "unconfined", or a Docker/OCI
 * JSON profile, compiled by libseccomp into the classic BPF program the
 * module stores for the container.
 */
#ifndef KCTR_SECCOMP_PROFILE_H
#define KCTR_SECCOMP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * @spec: "default", "unconfined" or a file name. @caps: the container's
 * effective set (for a profile's "includes"/"excludes" "caps"). On success
 * *prog is a malloc'ed struct sock_filter[] of *len bytes, or NULL for
 * unconfined.
 */
int kctr_seccomp_build(const char *spec, uint64_t caps, void **prog,
		       size_t *len, struct kctr_err *err);
/*
 * The same with the compiled-program cache in @cache_dir (NULL: none);
 * *hit tells whether the program came from it. kctr_seccomp_build() uses
 * "<state dir>/seccomp".
 */
int kctr_seccomp_build_cached(const char *spec, uint64_t caps,
			      const char *cache_dir, void **prog, size_t *len,
			      bool *hit, struct kctr_err *err);
/* The cache key of a profile: @text NULL for the built-in default. */
void kctr_seccomp_key(const char *text, size_t tlen, uint64_t caps,
		      uint8_t key[32]);
/*
 * The layout of the programs built from now on: libseccomp's binary tree
 * of syscall numbers (true, the default), or its linear list. Both decide
 * alike; tests compare them.
 */
void kctr_seccomp_use_tree(bool tree);
/* The same from a JSON text already in memory (tests). */
int kctr_seccomp_build_json(const char *text, size_t tlen, uint64_t caps,
			    void **prog, size_t *len, struct kctr_err *err);

#endif
