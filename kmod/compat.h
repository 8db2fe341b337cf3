/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Feature probes for kernel API differences. Debian 6.1 and 6.12 both
 * have everything the module uses; these fallbacks keep older headers
 * building by probing the macros, never the version number.
 */
#ifndef _KCTR_COMPAT_H
#define _KCTR_COMPAT_H

#include <net/genetlink.h>

/* the events group must not be open to everyone: no silent fallback */
#ifndef GENL_MCAST_CAP_SYS_ADMIN
#error "kctr needs GENL_MCAST_CAP_SYS_ADMIN (Linux 6.1 or later)"
#endif

#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) ({				\
	bool __missing = !(info)->attrs[attr];				\
									\
	if (__missing)							\
		NL_SET_ERR_ATTR_MISS((info)->extack, NULL, attr);	\
	__missing;							\
})
#endif

#endif
