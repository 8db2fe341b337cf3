// SPDX-License-Identifier: GPL-2.0
/* Capability names, the default set, add/drop lists. */
#include <linux/capability.h>
#include <string.h>

#include "caps.h"
#include "tap.h"

#define B(c) ((uint64_t)1 << (c))

int main(void)
{
	struct kctr_err err = { 0 };
	uint64_t set = kctr_caps_default();
	char buf[1024];

	tap_plan(10);
	is_int(__builtin_popcountll(set), 14, "default set has 14 caps");
	ok(set & B(CAP_CHOWN) && set & B(CAP_AUDIT_WRITE) &&
	   !(set & B(CAP_SYS_ADMIN)) && !(set & B(CAP_NET_ADMIN)),
	   "default: CHOWN, AUDIT_WRITE, not SYS_ADMIN or NET_ADMIN");
	ok(!kctr_caps_update(&set, "NET_ADMIN,cap_sys_time", 1, &err) &&
	   set & B(CAP_NET_ADMIN) && set & B(CAP_SYS_TIME),
	   "add with and without prefix, any case");
	ok(!kctr_caps_update(&set, "CAP_CHOWN", 0, &err) &&
	   !(set & B(CAP_CHOWN)), "drop one");
	ok(!kctr_caps_update(&set, "ALL", 0, &err) && set == 0, "drop ALL");
	ok(!kctr_caps_update(&set, "all", 1, &err) &&
	   set == kctr_caps_all() && set & B(CAP_SYS_ADMIN), "add ALL");
	ok(kctr_caps_update(&set, "CAP_FLY", 1, &err) < 0 &&
	   strstr(err.msg, "CAP_FLY"), "unknown name rejected: %s", err.msg);
	ok(kctr_caps_update(&set, "12", 1, &err) < 0, "numbers rejected");
	ok(kctr_caps_update(&set, "", 1, &err) < 0, "empty list rejected");
	kctr_caps_format(B(CAP_KILL) | B(CAP_CHOWN), buf, sizeof(buf));
	is_str(buf, "chown,kill", "format");
	return tap_done();
}
