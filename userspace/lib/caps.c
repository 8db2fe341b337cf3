// SPDX-License-Identifier: GPL-2.0
/* Capability sets by name, with libcap doing the name lookups. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

#include "caps.h"

#define BIT64(n) ((uint64_t)1 << (n))

uint64_t kctr_caps_all(void)
{
	int bits = cap_max_bits();

	if (bits <= 0 || bits > 64)
		bits = CAP_LAST_CAP + 1;
	return bits == 64 ? ~(uint64_t)0 : BIT64(bits) - 1;
}

uint64_t kctr_caps_default(void)
{
	static const int def[] = {
		CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER,
		CAP_MKNOD, CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP,
		CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL,
		CAP_AUDIT_WRITE,
	};
	uint64_t set = 0;
	size_t i;

	for (i = 0; i < sizeof(def) / sizeof(def[0]); i++)
		set |= BIT64(def[i]);
	return set;
}

static int cap_lookup(const char *name, uint64_t *bits, struct kctr_err *err)
{
	char full[64], *p;
	cap_value_t v;

	if (!strcasecmp(name, "ALL")) {
		*bits = kctr_caps_all();
		return 0;
	}
	if (!*name || strlen(name) > 40)
		return kctr_err_set(err, EINVAL,
				    "bad capability name '%s'", name);
	snprintf(full, sizeof(full), "%s%s",
		 strncasecmp(name, "CAP_", 4) ? "cap_" : "", name);
	for (p = full; *p; p++)
		*p = tolower((unsigned char)*p);
	/* libcap also accepts bare numbers; names only here. */
	if (strspn(full + 4, "0123456789") == strlen(full + 4) ||
	    cap_from_name(full, &v) || v < 0 || v > 63 ||
	    !(kctr_caps_all() & BIT64(v)))
		return kctr_err_set(err, EINVAL,
				    "unknown capability '%s'", name);
	*bits = BIT64(v);
	return 0;
}

int kctr_caps_update(uint64_t *set, const char *list, int add,
		     struct kctr_err *err)
{
	char *copy, *tok, *save = NULL;
	uint64_t bits = 0;
	int ret = 0;

	copy = strdup(list);
	if (!copy)
		return kctr_err_set(err, ENOMEM, "out of memory");
	if (!*copy)
		ret = kctr_err_set(err, EINVAL, "empty capability list");
	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save)) {
		ret = cap_lookup(tok, &bits, err);
		if (!ret)
			*set = add ? (*set | bits) : (*set & ~bits);
	}
	free(copy);
	return ret;
}

void kctr_caps_format(uint64_t set, char *buf, size_t len)
{
	size_t used = 0;
	char *name;
	int i;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < 64; i++) {
		if (!(set & BIT64(i)))
			continue;
		name = cap_to_name(i);
		if (!name)
			continue;
		if (used < len)
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? "," : "",
					 strncmp(name, "cap_", 4) ? name :
								    name + 4);
		cap_free(name);
	}
}
