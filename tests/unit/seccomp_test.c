// SPDX-License-Identifier: GPL-2.0
/*
 * Seccomp profiles: the exported programs are installed in a forked child
 * (no_new_privs, nothing outlives it) and checked by their effect.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "seccomp_profile.h"
#include "tap.h"

/* In a child under @prog: errno of syscall @nr(a0), 0 if it succeeded. */
static int errno_under(void *prog, size_t len, long nr, long a0)
{
	struct sock_fprog fp = { len / sizeof(struct sock_filter), prog };
	int status;
	pid_t pid;

	pid = fork();
	if (!pid) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp))
			_exit(255);
		_exit(syscall(nr, a0, 0, 0, 0) < 0 ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int build_json(const char *json, void **prog, size_t *len,
		      struct kctr_err *err)
{
	memset(err, 0, sizeof(*err));
	return kctr_seccomp_build_json(json, strlen(json), kctr_caps_default(),
				       prog, len, err);
}

static void test_default(void)
{
	struct kctr_err err = { 0 };
	void *prog = NULL;
	size_t len = 0;
	int ret;

	ret = kctr_seccomp_build("default", kctr_caps_default(), &prog, &len,
				 &err);
	ok(!ret && prog && len % 8 == 0 && len / 8 <= 4096,
	   "default profile compiles (%zu instructions) %s", len / 8, err.msg);
	if (ret)
		return;
	is_int(errno_under(prog, len, SYS_swapoff, (long)"/nonexistent"),
	       EPERM, "default: swapoff is EPERM");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_NEWUSER), EPERM,
	       "default: unshare(CLONE_NEWUSER) is EPERM");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_NEWNET), EPERM,
	       "default: unshare(CLONE_NEWNET) is EPERM");
	is_int(errno_under(prog, len, SYS_unshare, CLONE_FILES), 0,
	       "default: unshare(CLONE_FILES) is allowed");
	is_int(errno_under(prog, len, SYS_clone3, 0), ENOSYS,
	       "default: clone3 is ENOSYS (libc falls back to clone)");
	is_int(errno_under(prog, len, SYS_getpid, 0), 0,
	       "default: getpid is allowed");
	is_int(errno_under(prog, len, SYS_keyctl, 0), EPERM,
	       "default: keyctl is EPERM");
	free(prog);
	ret = kctr_seccomp_build("unconfined", 0, &prog, &len, &err);
	ok(!ret && !prog && !len, "unconfined: no program");
}

static void test_json(void)
{
	struct kctr_err err;
	void *prog = NULL;
	size_t len = 0;
	int ret;

	ret = build_json("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
			 " \"architectures\": [\"SCMP_ARCH_X86_64\"],"
			 " \"syscalls\": [{\"names\": [\"getppid\", \"nosuch\"],"
			 " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38},"
			 " {\"names\": [\"getpgid\"], \"action\":"
			 " \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
			 " \"value\": 4242, \"op\": \"SCMP_CMP_EQ\"}]}]}",
			 &prog, &len, &err);
	ok(!ret && prog, "JSON profile compiles %s", err.msg);
	if (!ret) {
		is_int(errno_under(prog, len, SYS_getppid, 0), ENOSYS,
		       "JSON: errnoRet is honoured");
		is_int(errno_under(prog, len, SYS_getpgid, 4242), EPERM,
		       "JSON: argument filter matches");
		is_int(errno_under(prog, len, SYS_getpgid, 0), 0,
		       "JSON: argument filter lets other values through");
		free(prog);
	}
	ret = build_json("{\"defaultAction\": \"SCMP_ACT_ERRNO\","
			 " \"syscalls\": [{\"names\": [\"exit_group\", \"exit\","
			 " \"getpid\", \"seccomp\", \"prctl\"], \"action\":"
			 " \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\":"
			 " [\"CAP_CHOWN\"]}}]}", &prog, &len, &err);
	ok(!ret, "allow-list profile with includes.caps compiles %s", err.msg);
	if (!ret) {
		is_int(errno_under(prog, len, SYS_getpid, 0), 0,
		       "allow-list: listed call allowed");
		is_int(errno_under(prog, len, SYS_getppid, 0), EPERM,
		       "allow-list: other calls denied");
		free(prog);
	}
}

static void rejects(const char *json, const char *why)
{
	struct kctr_err err;
	void *prog = NULL;
	size_t len = 0;
	int ret = build_json(json, &prog, &len, &err);

	ok(ret < 0 && !prog && strstr(err.msg, why), "rejected (%s): %s", why,
	   err.msg);
	free(prog);
}

int main(void)
{
	test_default();
	test_json();
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"bogus\": 1}",
		"unknown field \"bogus\"");
	rejects("{\"defaultAction\": \"SCMP_ACT_MAYBE\"}",
		"unknown or unsupported action \"SCMP_ACT_MAYBE\"");
	rejects("{\"syscalls\": []}", "\"defaultAction\" string missing");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"args\": [{\"index\": 9, \"value\": 1, \"op\":"
		" \"SCMP_CMP_EQ\"}]}]}", "index 0..5");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"args\": [{\"index\": 0, \"value\": 1, \"op\":"
		" \"SCMP_CMP_ALMOST\"}]}]}", "unknown operator");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\":"
		" [\"SCMP_ARCH_VAX\"]}", "unknown architecture");
	rejects("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
		" [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		" \"colour\": 1}]}", "unknown field \"colour\"");
	rejects("{\"defaultAction\": ", "line 1, column 19");
	return tap_done();
}
