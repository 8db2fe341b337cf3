/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AppArmor for a container's program (OCI process.apparmorProfile): the
 * profile it is confined by from its execve(2) on, as runc applies it.
 */
#ifndef KCTR_APPARMOR_H
#define KCTR_APPARMOR_H

#include <stdbool.h>

#include "err.h"

/* /sys/module/apparmor/parameters/enabled says Y. */
bool kctr_apparmor_enabled(void);

/*
 * "exec PROFILE" into this thread's /proc/thread-self/attr/apparmor/exec
 * (attr/exec before 5.1): the next execve(2) of this thread, and of the
 * children it forks, runs confined by PROFILE. The kernel refuses a
 * profile it has not loaded (ENOENT). 0 or -errno with @err.
 */
int kctr_apparmor_exec(const char *profile, struct kctr_err *err);

#endif
