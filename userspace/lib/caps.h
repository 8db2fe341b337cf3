/* SPDX-License-Identifier: GPL-2.0 */
/* Capability names (libcap), the default container set, add/drop lists. */
#ifndef KCTR_CAPS_H
#define KCTR_CAPS_H

#include <stdint.h>

#include "err.h"

/* Every capability the running kernel knows. */
uint64_t kctr_caps_all(void);
/* What container runtimes customarily grant (Docker's default list). */
uint64_t kctr_caps_default(void);
/*
 * Apply a comma-separated list of names ("NET_ADMIN", "cap_sys_time",
 * "ALL") to @set: add or remove. -EINVAL naming the bad entry.
 */
int kctr_caps_update(uint64_t *set, const char *list, int add,
		     struct kctr_err *err);
/* "chown,kill,..." into @buf (lower case, no prefix); "" for none. */
void kctr_caps_format(uint64_t set, char *buf, size_t len);

#endif
