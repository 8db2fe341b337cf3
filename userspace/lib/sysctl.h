/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel parameters of a container (OCI linux.sysctl): checked before
 * anything is made, written by its init inside its new namespaces.
 */
#ifndef KCTR_SYSCTL_H
#define KCTR_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* "net.ipv4.ip_forward" (or "net/ipv4/ip_forward") = "1". */
struct kctr_sysctl {
	const char *key, *value;
};

/*
 * @key as a path below /proc/sys: dots become slashes, unless the key
 * already has slashes (runc's form for names with dots, as
 * "net/ipv4/conf/eth0.1/forwarding"). No empty, "." or ".." component, no
 * leading or trailing separator: nothing that leaves /proc/sys. 0 or
 * -EINVAL/-ENAMETOOLONG with @err.
 */
int kctr_sysctl_path(const char *key, char *out, size_t len,
		     struct kctr_err *err);
/*
 * Only what a namespace of the container's own holds, as runc allows:
 * kernel.msgmax, msgmnb, msgmni, sem, shmall, shmmax, shmmni,
 * shm_rmid_forced and fs.mqueue.* with a new ipc namespace (KCTR_NS_IPC
 * in @ns_new), kernel.hostname and kernel.domainname with a new uts
 * namespace, net.* with a new network namespace. @ns_new also holds the
 * kinds joined by path that are not the runtime's own (launch.c compares
 * them): the init writes the keys after it entered them, so they land
 * there. Anything else: -EPERM naming the key and why.
 */
int kctr_sysctl_check(const struct kctr_sysctl *s, uint32_t ns_new,
		      struct kctr_err *err);
/* Write @s under /proc/sys, resolved beneath it with no symlink. */
int kctr_sysctl_write(const struct kctr_sysctl *s, struct kctr_err *err);

#endif
