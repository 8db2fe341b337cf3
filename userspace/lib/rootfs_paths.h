/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The paths every container's root gets from kctr's init, whatever its
 * config asks: the host device nodes bound into its /dev, and the parts of
 * /proc and /sys masked or made read-only, as other runtimes do. One list
 * for rootfs.c, which applies them, and for tests/bench/floor.c, which
 * makes the same kernel calls to measure them.
 */
#ifndef KCTR_ROOTFS_PATHS_H
#define KCTR_ROOTFS_PATHS_H

static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

/* Hidden from the container. */
static const char *const masked_paths[] = {
	"proc/acpi", "proc/asound", "proc/kcore", "proc/keys",
	"proc/latency_stats", "proc/timer_list", "proc/timer_stats",
	"proc/sched_debug", "proc/scsi", "sys/firmware",
	"sys/devices/virtual/powercap",
};

static const char *const readonly_paths[] = {
	"proc/bus", "proc/fs", "proc/irq", "proc/sys", "proc/sysrq-trigger",
};

#endif
