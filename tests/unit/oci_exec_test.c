// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci exec: the command lines conmon and containerd's shim write
 * (research/oci-captures/runtime-argv.txt) and podman's captured
 * process.json, through oci_exec_build() into the kctr_exec()
 * description; runc's flag form over the container's process; refusals.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "oci/args.h"
#include "oci/config.h"
#include "oci/exec.h"
#include "tap.h"

#define FIX "fixtures/oci/"
#define ID "004e2f3f1c0de8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f5296e6f"
#define BIT(c) (1ULL << (c))

static struct kctr_err err;

static int parse_v(struct oci_args *a, const char *const *words)
{
	static char *argv[64];
	int argc = 0;

	argv[argc++] = "kctr-oci";
	while (*words && argc < 63)
		argv[argc++] = (char *)*words++;
	argv[argc] = NULL;
	memset(&err, 0, sizeof(err));
	return oci_args_parse(argc, argv, a, &err);
}

#define PARSE(a, ...) parse_v(a, (const char *const[]){ __VA_ARGS__, NULL })

static int proc_text(const char *text, struct kctr_oci_process *p,
		     uint64_t *unsup)
{
	*unsup = 0;
	memset(&err, 0, sizeof(err));
	return kctr_oci_process_parse(text, strlen(text), NULL, p, unsup,
				      &err);
}

static void podman_exec(void)
{
	struct kctr_oci_process p;
	struct oci_exec x;
	struct oci_args a;
	uint64_t unsup = 0;
	int ret;

	ret = kctr_oci_process_load(FIX "captured/podman-exec.process.json",
				    &p, &unsup, &err);
	is_int(ret, 0, "podman's process.json loads: %s", err.msg);
	if (ret)
		return;
	is_int(PARSE(&a, "exec", "--pid-file", "/run/e/exec_pid", "--process",
		     "/run/e/exec-process-797636102", "--detach", ID), 0,
	       "conmon's exec line");
	ret = oci_exec_build(&a, &p, unsup, NULL, &x, &err);
	is_int(ret, 0, "podman exec builds: %s", err.msg);
	is_str(x.d.container, ID, "  the container id");
	ok(x.d.detach && !x.d.tty && !x.d.console_socket,
	   "  detached, no tty, no console socket");
	ok(x.d.argv && !strcmp(x.d.argv[0], "cat") &&
	   !strcmp(x.d.argv[1], "/proc/self/status") && !x.d.argv[2],
	   "  args from the file");
	ok(x.d.env_exact && x.d.nr_env == 4 &&
	   !strcmp(x.d.env[0], "container=podman") &&
	   !strcmp(x.d.env[3], "HOME=/root"), "  env exactly as given");
	ok(x.d.has_user && x.d.uid == 0 && x.d.gid == 0 && !x.d.nr_groups,
	   "  user 0:0, no additional gids");
	is_str(x.d.cwd, "/", "  cwd");
	ok(x.d.has_caps && x.d.caps.bounding == x.d.caps.effective &&
	   x.d.caps.effective == x.d.caps.permitted &&
	   (x.d.caps.bounding & BIT(CAP_SETPCAP)) &&
	   !(x.d.caps.bounding & BIT(CAP_SYS_ADMIN)) &&
	   !x.d.caps.inheritable && !x.d.caps.ambient,
	   "  the 14 capabilities in 3 sets, no inheritable/ambient");
	is_int(__builtin_popcountll(x.d.caps.bounding), 14, "  14 of them");
	is_int(x.d.nnp, KCTR_EXEC_NNP_CLEAR,
	       "  no noNewPrivileges: must be off");
	ok(x.d.nr_rlimits == 2 && x.d.rlimits[0].resource == RLIMIT_NOFILE &&
	   x.d.rlimits[0].soft == 1048576 && x.d.rlimits[0].hard == 1048576 &&
	   x.d.rlimits[1].resource == RLIMIT_NPROC &&
	   x.d.rlimits[1].soft == 32768, "  rlimits NOFILE, NPROC");
	ok(x.d.keep_stdin, "  stdio passed through");
	oci_exec_free(&x);

	is_int(PARSE(&a, "exec", "--pid-file", "/run/e/exec_pid", "--process",
		     "/run/e/p", "--detach", "--tty", "--console-socket",
		     "/tmp/conmon-term.MNGNZ3", ID), 0,
	       "conmon's exec -t line");
	is_int(oci_exec_build(&a, &p, unsup, NULL, &x, &err), 0,
	       "exec -t builds");
	ok(x.d.tty && x.d.detach, "  --tty: a terminal even if the file "
	   "says none");
	is_str(x.d.console_socket, "/tmp/conmon-term.MNGNZ3",
	       "  the console socket");
	oci_exec_free(&x);

	is_int(PARSE(&a, "exec", "--process", "/p", "--detach", "--tty", ID),
	       0, "detach --tty without a console socket parses");
	is_int(oci_exec_build(&a, &p, unsup, NULL, &x, &err), -EINVAL,
	       "  refused: nothing to hand the terminal to");
	is_int(PARSE(&a, "exec", "--process", "/p", "--console-socket",
		     "/s", ID), 0, "a console socket without a tty parses");
	is_int(oci_exec_build(&a, &p, unsup, NULL, &x, &err), -EINVAL,
	       "  refused: %s", err.msg);
	kctr_oci_process_free(&p);
}

static void containerd_exec(void)
{
	static const char text[] =
		"{\"user\":{\"uid\":1000,\"gid\":1001,\"additionalGids\":"
		"[1001,27,5],\"umask\":18},\"args\":[\"sh\",\"-c\",\"id\"],"
		"\"env\":[\"PATH=/bin\",\"A=1\",\"A=2\"],\"cwd\":\"/tmp\","
		"\"terminal\":true,\"consoleSize\":{\"height\":25,"
		"\"width\":80},\"noNewPrivileges\":true,\"oomScoreAdj\":500,"
		"\"capabilities\":{\"bounding\":[\"CAP_KILL\",\"CAP_CHOWN\"],"
		"\"effective\":[\"CAP_KILL\"],\"permitted\":[\"CAP_KILL\"],"
		"\"inheritable\":[\"CAP_KILL\"],\"ambient\":[\"CAP_KILL\"]}}";
	struct kctr_oci_process p;
	struct oci_exec x;
	struct oci_args a;
	uint64_t unsup;

	is_int(proc_text(text, &p, &unsup), 0, "a full process.json parses");
	is_int(PARSE(&a, "--root", "/run/containerd/runc/default", "exec",
		     "--process", "/tmp/runc-process1", "--console-socket",
		     "/run/s.sock", "--detach", "--pid-file", "/run/e1.pid",
		     "c3"), 0, "the shim's exec line");
	is_int(oci_exec_build(&a, &p, unsup, NULL, &x, &err), 0,
	       "builds: %s", err.msg);
	ok(x.d.uid == 1000 && x.d.gid == 1001 && x.d.nr_groups == 3 &&
	   x.d.groups[0] == 1001 && x.d.groups[1] == 27 && x.d.groups[2] == 5,
	   "  uid, gid, additionalGids in order");
	ok(x.d.has_umask && x.d.umask == 022, "  umask");
	ok(x.d.has_oom_score_adj && x.d.oom_score_adj == 500,
	   "  oomScoreAdj");
	ok(x.d.tty && x.d.tty_rows == 25 && x.d.tty_cols == 80,
	   "  terminal with its size");
	is_int(x.d.nnp, KCTR_EXEC_NNP_SET, "  noNewPrivileges true: set");
	ok(x.d.caps.bounding == (BIT(CAP_KILL) | BIT(CAP_CHOWN)) &&
	   x.d.caps.effective == BIT(CAP_KILL) &&
	   x.d.caps.inheritable == BIT(CAP_KILL) &&
	   x.d.caps.ambient == BIT(CAP_KILL), "  all five sets");
	ok(x.d.nr_env == 3 && !strcmp(x.d.env[2], "A=2"),
	   "  env kept with its duplicate");
	is_str(x.d.cwd, "/tmp", "  cwd");
	oci_exec_free(&x);
	kctr_oci_process_free(&p);

	is_int(proc_text("{\"args\":[\"true\"],\"cwd\":\"/\",\"user\":"
			 "{\"uid\":0,\"gid\":0},\"apparmorProfile\":\"x\"}",
			 &p, &unsup), 0, "apparmorProfile parses");
	is_int(PARSE(&a, "exec", "--process", "/p", ID), 0, "exec --process");
	is_int(oci_exec_build(&a, &p, unsup, NULL, &x, &err), 0,
	       "apparmorProfile accepted (the library refuses it where "
	       "AppArmor is off)");
	ok(x.d.apparmor_profile && !strcmp(x.d.apparmor_profile, "x"),
	   "  passed on to the exec");
	oci_exec_free(&x);
	kctr_oci_process_free(&p);
	is_int(proc_text("{\"args\":[\"true\"],\"cwd\":\"/\",\"user\":"
			 "{\"uid\":0,\"gid\":0},\"selinuxLabel\":\"l\"}",
			 &p, &unsup), 0, "selinuxLabel parses");
	is_int(oci_exec_build(&a, &p, unsup, NULL, &x, &err), -EOPNOTSUPP,
	       "selinuxLabel refused");
	ok(strstr(err.msg, "process.selinuxLabel") != NULL, "  by name: %s",
	   err.msg);
	kctr_oci_process_free(&p);
	ok(!x.env && !x.gids && !x.rlimits, "  nothing left allocated");
}

static void flag_form(void)
{
	static const char base_text[] =
		"{\"user\":{\"uid\":5,\"gid\":6,\"additionalGids\":[7]},"
		"\"args\":[\"init\"],\"env\":[\"PATH=/bin\",\"B=base\"],"
		"\"cwd\":\"/srv\",\"terminal\":true,\"noNewPrivileges\":true,"
		"\"capabilities\":{\"bounding\":[\"CAP_KILL\"],"
		"\"effective\":[\"CAP_KILL\"],\"permitted\":[\"CAP_KILL\"]},"
		"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":10,"
		"\"hard\":20}]}";
	struct kctr_oci_process base;
	struct oci_exec x;
	struct oci_args a;
	uint64_t unsup;

	is_int(PARSE(&a, "exec", "-e", "A=1", "--env=B=2", ID, "ls", "-l"), 0,
	       "runc's flag form without a base");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), 0, "builds");
	ok(x.d.argv == a.argv && !strcmp(x.d.argv[0], "ls") &&
	   !strcmp(x.d.argv[1], "-l"), "  ARGS are the command");
	ok(!x.d.env_exact && x.d.nr_env == 2 && !strcmp(x.d.env[0], "A=1") &&
	   !strcmp(x.d.env[1], "B=2"), "  kctr's defaults under --env");
	ok(x.d.has_user && !x.d.uid && !x.d.gid && !x.d.nr_groups,
	   "  root, no supplementary groups");
	ok(!x.d.has_caps && x.d.nnp == KCTR_EXEC_NNP_INHERIT && !x.d.tty,
	   "  the container's caps and no_new_privs, no tty");
	oci_exec_free(&x);

	is_int(proc_text(base_text, &base, &unsup), 0, "a base process");
	is_int(oci_exec_build(&a, NULL, 0, &base, &x, &err), 0,
	       "flag form over the base");
	ok(x.d.env_exact && x.d.nr_env == 4 && !strcmp(x.d.env[1], "B=base") &&
	   !strcmp(x.d.env[3], "B=2"), "  base env, then --env (later wins)");
	ok(x.d.uid == 5 && x.d.gid == 6 && x.d.nr_groups == 1 &&
	   x.d.groups[0] == 7, "  the base's user");
	is_str(x.d.cwd, "/srv", "  the base's cwd");
	ok(!x.d.tty, "  terminal only with --tty");
	ok(x.d.has_caps && x.d.caps.bounding == BIT(CAP_KILL) &&
	   x.d.nnp == KCTR_EXEC_NNP_SET && x.d.nr_rlimits == 1,
	   "  the base's caps, noNewPrivileges, rlimits");
	oci_exec_free(&x);

	is_int(PARSE(&a, "exec", "--user", "1000:100", "--additional-gids",
		     "10", "-g", "11", "--cwd", "/w", "--cap", "CAP_CHOWN",
		     "--no-new-privs", "-t", ID, "sh"), 0, "every runc flag");
	is_int(oci_exec_build(&a, NULL, 0, &base, &x, &err), 0, "builds: %s",
	       err.msg);
	ok(x.d.uid == 1000 && x.d.gid == 100 && x.d.nr_groups == 2 &&
	   x.d.groups[0] == 10 && x.d.groups[1] == 11,
	   "  --user and --additional-gids over the base");
	is_str(x.d.cwd, "/w", "  --cwd");
	ok(x.d.caps.bounding == (BIT(CAP_KILL) | BIT(CAP_CHOWN)) &&
	   x.d.caps.effective == x.d.caps.bounding &&
	   x.d.caps.permitted == x.d.caps.bounding, "  --cap added");
	ok(x.d.tty && x.d.nnp == KCTR_EXEC_NNP_SET, "  --tty, --no-new-privs");
	oci_exec_free(&x);

	is_int(PARSE(&a, "exec", "--user", "1000", ID, "sh"), 0, "-u UID");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), 0, "builds");
	ok(x.d.uid == 1000 && x.d.gid == 0, "  gid 0 by default");
	oci_exec_free(&x);
	kctr_oci_process_free(&base);
}

static void refusals(void)
{
	struct oci_exec x;
	struct oci_args a;

	PARSE(&a, "exec", "--user", "bob", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EINVAL,
	       "a user name: refused (%s)", err.msg);
	PARSE(&a, "exec", "--user", "1:x", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EINVAL,
	       "a bad gid");
	PARSE(&a, "exec", "-g", "-1", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EINVAL,
	       "a negative additional gid");
	PARSE(&a, "exec", "--cwd", "rel", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EINVAL,
	       "a relative --cwd");
	PARSE(&a, "exec", "--cap", "CAP_KILL", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EOPNOTSUPP,
	       "--cap without the container's capabilities (%s)", err.msg);
	PARSE(&a, "exec", "--apparmor", "p", ID, "sh");
	ok(!oci_exec_build(&a, NULL, 0, NULL, &x, &err) &&
	   x.d.apparmor_profile && !strcmp(x.d.apparmor_profile, "p"),
	   "--apparmor: passed on to the exec (%s)", err.msg);
	oci_exec_free(&x);
	PARSE(&a, "exec", "--process-label", "l", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EOPNOTSUPP,
	       "--process-label");
	PARSE(&a, "exec", "--preserve-fds", "2", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EOPNOTSUPP,
	       "--preserve-fds");
	PARSE(&a, "exec", "--ignore-paused", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EOPNOTSUPP,
	       "--ignore-paused");
	PARSE(&a, "exec", "--cgroup", "sub", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EOPNOTSUPP,
	       "--cgroup");
	PARSE(&a, "exec", "-e", "=x", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EINVAL,
	       "--env without a name");
	PARSE(&a, "exec", "-d", "-t", ID, "sh");
	is_int(oci_exec_build(&a, NULL, 0, NULL, &x, &err), -EINVAL,
	       "-d -t without a console socket");
	ok(strstr(err.msg, "console-socket") != NULL, "  says why: %s",
	   err.msg);
}

int main(void)
{
	tap_plan(76);
	podman_exec();
	containerd_exec();
	flag_form();
	refusals();
	return tap_done();
}
