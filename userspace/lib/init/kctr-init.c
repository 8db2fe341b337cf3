// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-init: the container's PID 1 (unless --no-init). kctr's own init
 * process forks the workload, then executes this program from a sealed
 * memfd, passing the workload's pid: from then on PID 1 is a few pages of
 * code that hold nothing of the host's (no fd, no mapping of a host file,
 * not dumpable), not a clone of kctr.
 *
 * It does what cinit.c's kctr_cinit_loop() does: reap every child, forward
 * every signal but SIGCHLD, KILL, STOP and its own faults to the workload
 * (the real-time ones too), and exit with the workload's status as a
 * shell reports it (N, or 128 + signal). The forwarded signals were
 * blocked since kctr's clone and stay blocked across the exec: what came
 * meanwhile is pending and forwarded here.
 *
 * Freestanding: no C library at all, raw system calls only, so that the
 * binary is a few KB and each container pays a few pages for it (a static
 * glibc would be 700 KB per container, each in its own memfd).
 */
#include <asm/unistd.h>
#include <linux/prctl.h>

#define KSIG_CHLD	17
#define KSIG_NSIG	64
#define KWNOHANG	1
#define KSIG_BLOCK	0
#define EXIT_FAILED	125

typedef unsigned long long ksigset;

#if defined(__x86_64__)
static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile ("syscall"
			  : "=a"(ret)
			  : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			    "r"(r9)
			  : "rcx", "r11", "memory");
	return ret;
}

__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %rbp, %rbp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call kctr_init_main\n"
	"	hlt\n");
#elif defined(__aarch64__)
static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile ("svc 0"
			  : "+r"(x0)
			  : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			    "r"(x5)
			  : "memory");
	return x0;
}

__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	mov x0, sp\n"
	"	bl kctr_init_main\n"
	"	brk #0\n");
#else
#error "kctr-init: add the system call convention of this architecture"
#endif

#define sys(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), \
				(long)(d), 0, 0)

static __attribute__((noreturn)) void quit(int code)
{
	for (;;)
		sys(__NR_exit_group, code, 0, 0, 0);
}

/* The same set as kctr_signal_forwarded() (cinit.c), glibc's numbering. */
static int forwarded(int sig)
{
	switch (sig) {
	case 17: case 9: case 19: case 11: case 7:	/* CHLD KILL STOP SEGV BUS */
	case 8: case 4: case 5: case 31: case 6:	/* FPE ILL TRAP SYS ABRT */
	case 32: case 33:		/* the C library's own, below SIGRTMIN */
		return 0;
	}
	return sig >= 1 && sig <= KSIG_NSIG;
}

static int status_code(int status)
{
	int sig = status & 0x7f;

	if (!sig)
		return (status >> 8) & 0xff;
	if (sig != 0x7f)
		return 128 + sig;
	return EXIT_FAILED;
}

static long parse_pid(const char *s)
{
	long pid = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || pid > 1L << 30)
			return -1;
		pid = pid * 10 + (*s - '0');
	}
	return pid;
}

__attribute__((noreturn, used)) void kctr_init_main(long *sp)
{
	char **argv = (char **)(sp + 1);
	long workload = sp[0] == 2 ? parse_pid(argv[1]) : -1;
	ksigset set = 1ULL << (KSIG_CHLD - 1);
	/* siginfo_t: 128 bytes, si_signo first */
	int info[32];
	int status, sig;
	long pid;

	/* First: nothing of this process is readable or traceable. */
	sys(__NR_prctl, PR_SET_DUMPABLE, 0, 0, 0);
	sys(__NR_prctl, PR_SET_NAME, "kctr-init", 0, 0);
	if (workload <= 0)
		quit(EXIT_FAILED);
	for (sig = 1; sig <= KSIG_NSIG; sig++)
		if (forwarded(sig))
			set |= 1ULL << (sig - 1);
	sys(__NR_rt_sigprocmask, KSIG_BLOCK, &set, 0, sizeof(set));
	for (;;) {
		while ((pid = sys(__NR_wait4, -1, &status, KWNOHANG, 0)) > 0)
			if (pid == workload)
				quit(status_code(status));
		sig = sys(__NR_rt_sigtimedwait, &set, info, 0, sizeof(set));
		if (sig <= 0 || sig == KSIG_CHLD)
			continue;
		sys(__NR_kill, workload, sig, 0, 0);
	}
}
