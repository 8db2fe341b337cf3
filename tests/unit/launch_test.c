// SPDX-License-Identifier: GPL-2.0
/*
 * The launch description (lib/launch.h): what the launcher does not
 * implement yet is refused by name before anything is made, so are bad
 * mount entries and sysctls, and the
 * environment of an OCI process is exactly the one given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "apparmor.h"
#include "launch.h"
#include "spawn.h"
#include "tap.h"

static char *argv_true[] = { "true", NULL };

/* A valid description kctr spawn could build, without the module. */
static void base(struct kctr_launch *l)
{
	memset(l, 0, sizeof(*l));
	l->argv = argv_true;
	l->ns_new = KCTR_NS_MNT | KCTR_NS_PID;
}

/* Launch @l: refused with EOPNOTSUPP and a message naming @what? */
static void refused(const struct kctr_launch *l, const char *what)
{
	struct kctr_err err = { 0 };
	struct kctr_launched c;
	char want[128];
	int ret;

	snprintf(want, sizeof(want), "launch: %s not supported yet", what);
	ret = kctr_launch(l, &c, &err);
	ok(ret == -EOPNOTSUPP && !strcmp(err.msg, want),
	   "%s refused by name", what);
	if (strcmp(err.msg, want))
		printf("#   got \"%s\" (%d)\n", err.msg, ret);
}

static void test_refusals(void)
{
	static const struct kctr_mount m = {
		"/mnt", "ext4", "/dev/sda", NULL, 0,
	};
	static const struct kctr_mount dup[] = {
		{ "/proc", "proc", "proc", NULL, 0 },
		{ "/proc/", "proc", "proc", NULL, 0 },
	};
	static const struct kctr_sysctl sc = { "net.ipv4.ip_forward", "1" };
	static const struct kctr_dev_rule d = { 'c', 1, 3, KCTR_DEV_RWM };

	static const struct kctr_id_extent_req two[] = {
		{ 0, 100000, 1 }, { 1, 200000, 10 },
	};
	struct kctr_err err = { 0 };
	struct kctr_launched c;
	struct kctr_launch l;
	int ret;

	base(&l);
	l.mounts = &m;
	l.nr_mounts = 1;
	ok(kctr_launch(&l, &c, &err) == -EOPNOTSUPP &&
	   !strcmp(err.msg, "mount /mnt: type ext4 not supported (bind, "
		   "tmpfs, proc, sysfs, devpts, mqueue, cgroup, cgroup2)"),
	   "a mount entry is checked before anything is made (%s)", err.msg);
	base(&l);
	l.mounts = dup;
	l.nr_mounts = 2;
	ok(kctr_launch(&l, &c, &err) == -EINVAL &&
	   !strcmp(err.msg, "mount /proc: given twice"),
	   "two entries merged into kctr's /proc refused (%s)", err.msg);
	base(&l);
	l.sysctls = &sc;
	l.nr_sysctls = 1;
	ok(kctr_launch(&l, &c, &err) == -EPERM &&
	   !strcmp(err.msg, "launch: sysctl net.ipv4.ip_forward: needs a new "
		   "network namespace, or one joined by path that is not the "
		   "runtime's (it would change the host's)"),
	   "a sysctl of a namespace the container shares refused (%s)",
	   err.msg);
	base(&l);
	l.ns_new &= ~KCTR_NS_NET;
	l.ns_path[KCTR_NS_KIND_NET] = "/proc/self/ns/net";
	l.sysctls = &sc;
	l.nr_sysctls = 1;
	ok(kctr_launch(&l, &c, &err) == -EPERM &&
	   strstr(err.msg, "sysctl net.ipv4.ip_forward: needs a new network"),
	   "a net sysctl with the runtime's own netns joined by path refused "
	   "(%s)", err.msg);
	base(&l);
	l.apparmor_profile = "kctr-test";
	memset(&err, 0, sizeof(err));
	ret = kctr_launch(&l, &c, &err);
	if (kctr_apparmor_enabled())
		ok(!strstr(err.msg, "AppArmor is not enabled"),
		   "an apparmor profile with AppArmor on: not refused for it "
		   "(%s)", err.msg);
	else
		ok(ret == -EOPNOTSUPP && !strcmp(err.msg, "launch: apparmor "
		   "profile kctr-test: AppArmor is not enabled on this kernel"),
		   "an apparmor profile with AppArmor off: refused by name (%s)",
		   err.msg);
	base(&l);
	l.console_socket = "/tmp/console.sock";
	refused(&l, "console socket");

	base(&l);
	l.ns_new |= KCTR_NS_USER;
	l.uid_map = l.gid_map = two;
	l.nr_uid_map = l.nr_gid_map = 2;
	ok(kctr_launch(&l, &c, &err) == -EOPNOTSUPP &&
	   strstr(err.msg, "an image or --rootfs needs one extent from 0"),
	   "two id map extents refused for an image (%s)", err.msg);
	base(&l);
	l.ns_new |= KCTR_NS_USER;
	l.uid_map = l.gid_map = &two[1];
	l.nr_uid_map = l.nr_gid_map = 1;
	ok(kctr_launch(&l, &c, &err) == -EINVAL &&
	   strstr(err.msg, "uid map: no extent maps the namespace's root"),
	   "a map without inside 0 refused (%s)", err.msg);
	base(&l);
	l.ns_new |= KCTR_NS_USER;
	l.uid_map = l.gid_map = two;
	l.nr_uid_map = l.nr_gid_map = KCTR_MAP_MAX_EXTENTS + 1;
	ok(kctr_launch(&l, &c, &err) == -EINVAL &&
	   strstr(err.msg, "uid map: 341 extents (1 to 340)"),
	   "more extents than the kernel takes refused (%s)", err.msg);
	base(&l);
	l.uid_map = two;
	l.nr_uid_map = 1;
	ok(kctr_launch(&l, &c, &err) == -EINVAL &&
	   strstr(err.msg, "without a new user namespace"),
	   "an id map without a user namespace refused (%s)", err.msg);
	base(&l);
	l.argv = NULL;
	ok(kctr_launch(&l, &c, &err) == -EINVAL &&
	   !strcmp(err.msg, "launch: no command"), "no command refused");
	base(&l);
	l.seccomp = "default";
	l.seccomp_prog = &d;
	l.seccomp_len = 8;
	ok(kctr_launch(&l, &c, &err) == -EINVAL &&
	   strstr(err.msg, "both given"),
	   "a profile and a program both refused");
}

/* Launch @l: refused with @code and a message containing @want? */
static void fails(const struct kctr_launch *l, int code, const char *want,
		  const char *what)
{
	struct kctr_err err = { 0 };
	struct kctr_launched c;
	int ret;

	ret = kctr_launch(l, &c, &err);
	ok(ret == -code && strstr(err.msg, want), "%s (%s)", what, err.msg);
}

/* Namespaces by path, root paths, the start FIFO: checked up front. */
static void test_paths(void)
{
	static const struct kctr_id_extent_req one = { 0, 100000, 65536 };
	struct kctr_launch l;

	base(&l);
	l.ns_path[KCTR_NS_KIND_USER] = "/proc/self/ns/user";
	fails(&l, EOPNOTSUPP, "namespace user by path (/proc/self/ns/user): "
	      "only with a root path", "a user namespace by path without a "
	      "root path refused");
	base(&l);
	l.ns_path[KCTR_NS_KIND_MNT] = "/proc/self/ns/mnt";
	fails(&l, EOPNOTSUPP, "namespace mnt by path", "a mount namespace "
	      "by path refused");
	base(&l);
	l.ns_path[KCTR_NS_KIND_PID] = "/proc/self/ns/pid";
	fails(&l, EINVAL, "namespace pid: both new and by path",
	      "a kind both new and by path refused");
	base(&l);
	l.ns_new |= KCTR_NS_USER;
	l.uid_map = l.gid_map = &one;
	l.nr_uid_map = l.nr_gid_map = 1;
	l.ns_path[KCTR_NS_KIND_NET] = "/proc/self/ns/net";
	fails(&l, EOPNOTSUPP, "with a new user namespace",
	      "by path with a new user namespace refused");
	base(&l);
	l.ns_path[KCTR_NS_KIND_NET] = "/proc/self/ns/ipc";
	fails(&l, EINVAL, "namespace net /proc/self/ns/ipc: not a net "
	      "namespace", "a namespace of another kind refused");
	base(&l);
	l.ns_path[KCTR_NS_KIND_NET] = "/etc/passwd";
	fails(&l, EINVAL, "not a net namespace", "a plain file refused as a "
	      "namespace");
	base(&l);
	l.ns_path[KCTR_NS_KIND_UTS] = "/nonexistent/ns";
	fails(&l, ENOENT, "namespace uts /nonexistent/ns: No such file",
	      "a missing namespace path named");
	base(&l);
	l.root_path = "/nonexistent/rootfs";
	fails(&l, ENOENT, "root /nonexistent/rootfs: No such file",
	      "a missing root path named");
	base(&l);
	l.root_path = "/etc/passwd";
	fails(&l, ENOTDIR, "not a directory", "a root path that is a file");
	base(&l);
	l.root_path = "/";
	l.image = "busybox";
	fails(&l, EINVAL, "more than one of an image, a rootfs and a root "
	      "path", "a root path and an image refused");
	base(&l);
	l.start_fifo = "/etc/passwd";
	fails(&l, ENOTSUP, "start fifo /etc/passwd: not a FIFO",
	      "a start FIFO that is not one refused");
}

/* kctr exec's description: inconsistent ones refused before netlink. */
static void test_exec_refusals(void)
{
	static const uint32_t groups[] = { 10 };
	struct kctr_exec_desc d = { .container = "c", .argv = argv_true };
	struct kctr_err err = { 0 };

	d.detach = true;
	d.tty = true;
	ok(kctr_exec(&d, &err) == -EINVAL &&
	   strstr(err.msg, "detached tty needs a console socket"),
	   "exec: a detached tty without a console socket (%s)", err.msg);
	d.detach = d.tty = false;
	d.console_socket = "/tmp/s";
	ok(kctr_exec(&d, &err) == -EINVAL &&
	   strstr(err.msg, "console socket needs a tty"),
	   "exec: a console socket without a tty (%s)", err.msg);
	d.console_socket = NULL;
	d.groups = groups;
	d.nr_groups = 1;
	ok(kctr_exec(&d, &err) == -EINVAL &&
	   strstr(err.msg, "additional groups need a user"),
	   "exec: additional groups without a user (%s)", err.msg);
	d.has_user = true;
	d.nr_groups = KCTR_MAX_GROUPS + 1;
	ok(kctr_exec(&d, &err) == -EINVAL && strstr(err.msg, "more than"),
	   "exec: too many additional groups (%s)", err.msg);
	d.nr_groups = 0;
	d.container = NULL;
	ok(kctr_exec(&d, &err) == -EINVAL && strstr(err.msg, "no container"),
	   "exec: neither a name nor an id");
}

static void test_env_exact(void)
{
	/* Writable: the '=' is cut and put back while setting. */
	static char a[] = "A=1", path[] = "PATH=/x", junk[] = "junk";
	const char *const env[] = { a, path, junk };

	setenv("KEPT", "no", 1);
	kctr_container_env_exact(env, 3);
	is_str(getenv("A"), "1", "exact env: A as given");
	is_str(getenv("PATH"), "/x", "exact env: PATH as given");
	ok(!getenv("HOME") && !getenv("KEPT") && !getenv("HOSTNAME") &&
	   !getenv("TERM"), "exact env: nothing added, nothing kept");
	kctr_container_env(env, 3, true, true, "h");
	is_str(getenv("HOME"), "/root", "kctr env: HOME added");
	is_str(getenv("PATH"), "/x", "kctr env: PATH given wins");
	is_str(getenv("TERM"), "xterm", "kctr env: TERM with a tty");
}

int main(void)
{
	tap_plan(34);
	/*
	 * Nothing may be built if a refusal went missing: below a file,
	 * no directory can be made, not even by root (the tests run as root
	 * on CI hosts, where /nonexistent could be made).
	 */
	setenv("KCTR_STATE_DIR", "/dev/null/kctr-launch-test", 1);
	test_refusals();
	test_paths();
	test_exec_refusals();
	test_env_exact();
	return tap_done();
}
