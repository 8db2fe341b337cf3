// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on the seccomp filter from inside a container, for
 * tests/e2e/28-spawn-seccomp.sh. Built static in the test's setup. Each line
 * is "what: result" with result "ok" or the errno's name, so the test can
 * compare the default profile with --seccomp unconfined: the filter is the
 * reason only where the two differ.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_BIT		0x40000000L
#define I386_GETPID	20
#define I386_IO_URING_SETUP 425

static void report(const char *what, long ret)
{
	printf("%s: %s\n", what, ret < 0 ? strerrorname_np(errno) : "ok");
}

/* A system call through the i386 entry point (int 0x80). */
static long i386_call(long nr, long a0, long a1)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a0), "c"(a1)
		     : "memory", "r8", "r9", "r10", "r11");
	if (ret < 0 && ret > -4096) {
		errno = -ret;
		return -1;
	}
	return ret;
}

int main(void)
{
	char params[120] = { 0 };	/* struct io_uring_params, zeroed */

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Without a filter: a ring fd (or EINVAL for 0 entries), not EPERM. */
	report("io_uring_setup", syscall(SYS_io_uring_setup, 1, params));
	/* Without a filter: EINVAL (args NULL, size 0), not ENOSYS. */
	report("clone3", syscall(SYS_clone3, NULL, 0));
	report("personality PER_LINUX32", syscall(SYS_personality, 0x0008));
	report("personality 0xffffffff", syscall(SYS_personality, 0xffffffff));
	report("personality READ_IMPLIES_EXEC",
	       syscall(SYS_personality, 0x0400000));
	syscall(SYS_personality, 0);
	report("i386 getpid", i386_call(I386_GETPID, 0, 0));
	report("i386 io_uring_setup", i386_call(I386_IO_URING_SETUP, 1,
						(long)params));
	/* Without a filter: ENOSYS where x32 is off, a ring where it is on. */
	report("x32 io_uring_setup",
	       syscall(X32_BIT | SYS_io_uring_setup, 1, params));
	/* KEYCTL_GET_KEYRING_ID of the session keyring: ok without a filter. */
	report("keyctl", syscall(SYS_keyctl, 0, -3, 1));
	report("add_key", syscall(SYS_add_key, "user", "kctr", "x", 1, -3));
	/* With CAP_DAC_READ_SEARCH, EBADF without a filter. */
	report("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
	/* Unknown command 9999: EINVAL without a filter. */
	report("bpf", syscall(SYS_bpf, 9999, NULL, 0));
	/* With CAP_SYS_ADMIN: ENOENT without a filter. */
	report("swapoff", syscall(SYS_swapoff, "/nonexistent"));
	report("setns", syscall(SYS_setns, -1, 0));
	report("getpid", syscall(SYS_getpid));
	return 0;
}
