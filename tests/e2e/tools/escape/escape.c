// SPDX-License-Identifier: GPL-2.0
/*
 * The classic container escapes, tried for real from inside a kctr
 * container by tests/e2e/50-escape-classic.sh. Every attempt prints one
 * line, "NAME RESULT", where RESULT is
 *
 *   refused:ERRNO       the call failed with that errno (EPERM, EROFS, ...)
 *   contained:WHAT      no call failed, but what it reached is the
 *                       container's own (only "lo", zeros in kallsyms, ...)
 *   ESCAPED:WHAT        the attempt reached something of the host's
 *   skip:WHY            not possible on this kernel or in this mode
 *
 * and the test decides, per container configuration, which results each
 * attempt may have. Nothing here is destructive: "write" attempts open
 * for writing and close without writing, the module calls use arguments
 * the kernel rejects after the permission checks (an empty image, fd -1,
 * a module name that does not exist), reboot uses a wrong magic number,
 * the clock is "set" to an invalid time, sysrq-trigger is never written.
 *
 *   escape [-m HOSTFILE] [-p HOSTPID]... [-V VOLDIR -H HANDLE]
 *          [-d c|b:MAJ:MIN] [-D DIR]... [-N NETNS_INODE]
 *   escape handle PATH    print PATH's file handle (run on the host)
 *
 * The attempts run only with KCTR_ESCAPE_INSIDE=1 in the environment, so
 * that nobody runs them on the test machine by mistake.
 *
 * -m a file that exists on the host only (the chroot breakout must not
 * reach it), -p host pids (must not be visible), -V/-H a volume and a
 * host handle for the shocker attempt, -d a host device, -D directories
 * to make it in, -N the inode of the host's network namespace.
 * KCTR_ESCAPE_PROBE=1: the run without the filter that shows the
 * calls reach the kernel; it skips the cgroup v1 mounts, which would
 * then succeed and bind controllers on the test machine.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_LIST 8

static const char *marker;
static const char *volume;
static const char *handle_arg;
static const char *devspec;
static const char *dev_dirs[MAX_LIST];
static int n_dev_dirs;
static pid_t host_pids[MAX_LIST];
static int n_host_pids;
static ino_t host_netns;
static int probe;

static void refused(const char *name)
{
	printf("%s refused:%s\n", name, strerrorname_np(errno) ?: "E?");
}

/* The outcome of a call that should fail: ret < 0 is a refusal. */
static void expect_fail(const char *name, long ret, const char *what)
{
	if (ret < 0)
		refused(name);
	else
		printf("%s ESCAPED:%s\n", name, what);
}

/* Open PATH with FLAGS, close it at once: never read nor write. */
static void try_open(const char *name, const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd >= 0)
		close(fd);
	expect_fail(name, fd, path);
}

static const char *scratch(void)
{
	static char dir[] = "/tmp/escape.XXXXXX";

	if (dir[sizeof(dir) - 2] == 'X' && !mkdtemp(dir))
		return "/tmp";
	return dir;
}

/* cgroup v1: a new hierarchy whose release_agent runs on the host. */
static void cgroup_v1(const char *name, const char *opts)
{
	char dir[256], path[300];
	int fd;

	snprintf(dir, sizeof(dir), "%s/%s", scratch(), name);
	mkdir(dir, 0700);
	if (mount("cgroup", dir, "cgroup", 0, opts)) {
		refused(name);
		return;
	}
	snprintf(path, sizeof(path), "%s/release_agent", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	printf("%s ESCAPED:mounted %s%s\n", name, opts,
	       fd >= 0 ? ", release_agent open for writing" : "");
	if (fd >= 0)
		close(fd);
	umount2(dir, MNT_DETACH);
}

/* Any release_agent or notify_on_release the container can see. */
static void cgroup_files(const char *name, const char *file)
{
	char path[512];
	struct dirent *d;
	int found = 0, fd;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		printf("%s ESCAPED:%s\n", name, path);
		return;
	}
	found += errno != ENOENT;
	dir = opendir("/sys/fs/cgroup");
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/fs/cgroup/%s/%s",
			 d->d_name, file);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			closedir(dir);
			printf("%s ESCAPED:%s\n", name, path);
			return;
		}
		found += errno != ENOENT && errno != ENOTDIR;
	}
	if (dir)
		closedir(dir);
	if (found)
		printf("%s refused:EROFS\n", name);
	else
		printf("%s contained:no such file\n", name);
}

static void sys_writes(void)
{
	static const char *const knobs[] = {
		"/sys/kernel/mm/transparent_hugepage/enabled",
		"/sys/kernel/mm/ksm/run", "/sys/kernel/profiling",
		/* Every SMP kernel has it (tree RCU): the debug VM's has
		 * none of the others. */
		"/sys/kernel/rcu_expedited",
	};
	char path[300];
	size_t i;

	try_open("sys_uevent_helper", "/sys/kernel/uevent_helper", O_WRONLY);
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		if (!access(knobs[i], F_OK))
			break;
	if (i < sizeof(knobs) / sizeof(knobs[0]))
		try_open("sys_kernel_knob", knobs[i], O_WRONLY);
	else
		printf("sys_kernel_knob skip:none of the knobs exists\n");
	try_open("sys_cgroup_procs", "/sys/fs/cgroup/cgroup.procs", O_WRONLY);
	snprintf(path, sizeof(path), "/sys/fs/cgroup/escape-%d", getpid());
	if (!mkdir(path, 0755)) {
		rmdir(path);
		printf("sys_cgroup_mkdir ESCAPED:%s\n", path);
	} else {
		refused("sys_cgroup_mkdir");
	}
}

static void proc_files(void)
{
	char buf[4096];
	int fd, zero = 1, lines = 0;
	ssize_t n;
	FILE *f;

	try_open("sysrq_trigger", "/proc/sysrq-trigger", O_WRONLY);
	fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		refused("kcore_read");
	} else {
		n = read(fd, buf, sizeof(buf));
		close(fd);
		if (n > 0)
			printf("kcore_read ESCAPED:read %zd bytes\n", n);
		else
			printf("kcore_read contained:empty\n");
	}
	f = fopen("/proc/kallsyms", "re");
	while (f && lines < 1000 && fgets(buf, sizeof(buf), f)) {
		lines++;
		if (strspn(buf, "0") < 16)
			zero = 0;
	}
	if (f)
		fclose(f);
	if (!f)
		refused("kallsyms_addresses");
	else if (!lines || zero)
		printf("kallsyms_addresses contained:zeros\n");
	else
		printf("kallsyms_addresses ESCAPED:%.16s\n", buf);
	try_open("core_pattern", "/proc/sys/kernel/core_pattern", O_WRONLY);
	try_open("sysctl_modprobe", "/proc/sys/kernel/modprobe", O_WRONLY);
	try_open("proc_self_exe", "/proc/self/exe", O_WRONLY);
	try_open("proc_1_exe", "/proc/1/exe", O_WRONLY);
	/* CVE-2019-5736: an O_PATH of the binary, reopened for writing. */
	fd = open("/proc/1/exe", O_PATH | O_CLOEXEC);
	if (fd < 0) {
		refused("proc_1_exe_reopen");
	} else {
		snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
		try_open("proc_1_exe_reopen", buf, O_WRONLY);
		close(fd);
	}
	try_open("dev_kmsg", "/dev/kmsg", O_RDONLY);
	expect_fail("syslog_read", klogctl(10 /* SIZE_BUFFER */, NULL, 0),
		    "the kernel log buffer's size");
}

/* In a child: unshare/setns/mount change the calling process. */
static void in_child(const char *name, int (*fn)(void))
{
	int st = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
		printf("%s skip:the child died\n", name);
		return;
	}
	errno = WEXITSTATUS(st);
	if (errno)
		refused(name);
	else
		printf("%s ESCAPED:succeeded\n", name);
}

#define CHILD_TRY(call) ((call) < 0 ? errno : 0)

static int do_mount_proc(void)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/proc", scratch());
	mkdir(dir, 0700);
	return CHILD_TRY(mount("proc", dir, "proc", 0, NULL));
}

static int do_mount_tmpfs(void)
{
	return CHILD_TRY(mount("t", scratch(), "tmpfs", 0, NULL));
}

/* Unmasking: the bind over /proc/kcore or /proc/sys goes away. */
static int do_umount_masked(void)
{
	if (umount2("/proc/kcore", MNT_DETACH) && errno != EINVAL)
		return errno;
	return CHILD_TRY(umount2("/proc/sys", MNT_DETACH));
}

static int do_remount_sys(void)
{
	return CHILD_TRY(mount(NULL, "/sys", NULL, MS_REMOUNT | MS_BIND, NULL));
}

static int do_fsopen(void)
{
	return CHILD_TRY(syscall(SYS_fsopen, "tmpfs", 0));
}

static int do_open_tree(void)
{
	int fd = syscall(SYS_open_tree, AT_FDCWD, "/proc", 1 /* CLONE */);

	return CHILD_TRY(fd);
}

static int do_unshare_mnt(void)
{
	return CHILD_TRY(unshare(CLONE_NEWNS));
}

static int do_unshare_user(void)
{
	return CHILD_TRY(unshare(CLONE_NEWUSER));
}

static int do_unshare_net(void)
{
	return CHILD_TRY(unshare(CLONE_NEWNET));
}

static int do_clone_newuser(void)
{
	long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return CHILD_TRY(pid);
}

static int setns_to(const char *ns)
{
	char path[64];
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/1/ns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ret = CHILD_TRY(setns(fd, 0));
	close(fd);
	return ret;
}

static int do_setns_mnt(void)
{
	return setns_to("mnt");
}

static int do_setns_user(void)
{
	return setns_to("user");
}

/* A path that does not exist: ENOENT once past the permission check. */
static int do_pivot_root(void)
{
	return CHILD_TRY(syscall(SYS_pivot_root, "/none", "/none"));
}

static void namespaces(void)
{
	in_child("mount_proc", do_mount_proc);
	in_child("mount_tmpfs", do_mount_tmpfs);
	in_child("umount_masked", do_umount_masked);
	in_child("remount_sys_rw", do_remount_sys);
	in_child("fsopen", do_fsopen);
	in_child("open_tree", do_open_tree);
	in_child("pivot_root", do_pivot_root);
	in_child("unshare_mnt", do_unshare_mnt);
	in_child("unshare_user", do_unshare_user);
	in_child("unshare_net", do_unshare_net);
	in_child("clone_newuser", do_clone_newuser);
	in_child("setns_mnt", do_setns_mnt);
	in_child("setns_user", do_setns_user);
}

static void keys(void)
{
	long id = syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */,
			  -3 /* KEY_SPEC_SESSION_KEYRING */, 0);

	expect_fail("keyctl_session", id, "the session keyring");
	/* Into the process keyring: nothing outlives this process. */
	id = syscall(SYS_add_key, "user", "kctr-escape", "x", 1,
		     -2 /* KEY_SPEC_PROCESS_KEYRING */);
	expect_fail("add_key", id, "a key added");
}

/* The shocker exploit: a host inode opened through a volume's mount. */
static void shocker(void)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[128];
	} h;
	unsigned int type, i, byte;
	const char *p;
	int mfd, fd, n = 0;

	if (!volume || !handle_arg ||
	    sscanf(handle_arg, "%u:%n", &type, &n) != 1) {
		printf("open_by_handle_at skip:no volume\n");
		return;
	}
	memset(&h, 0, sizeof(h));
	h.fh.handle_type = type;
	for (p = handle_arg + n, i = 0; i < sizeof(h.bytes) &&
	     sscanf(p, "%2x", &byte) == 1; p += 2)
		h.bytes[i++] = byte;
	h.fh.handle_bytes = i;
	mfd = open(volume, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0) {
		refused("open_by_handle_at");
		return;
	}
	fd = syscall(SYS_open_by_handle_at, mfd, &h.fh,
		     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		printf("open_by_handle_at ESCAPED:the host directory opened\n");
	} else {
		refused("open_by_handle_at");
	}
	close(mfd);
}

static void processes(void)
{
	struct dirent *d;
	char buf[64];
	int i, n = 0;
	DIR *dir;

	for (i = 0; i < n_host_pids; i++) {
		snprintf(buf, sizeof(buf), "kill_host_%d", i);
		expect_fail(buf, kill(host_pids[i], 0), "a host pid");
		snprintf(buf, sizeof(buf), "ptrace_host_%d", i);
		errno = 0;
		expect_fail(buf, ptrace(PTRACE_ATTACH, host_pids[i], 0, 0),
			    "a host pid attached");
	}
	dir = opendir("/proc");
	while (dir && (d = readdir(dir)))
		n += d->d_name[0] >= '1' && d->d_name[0] <= '9';
	if (dir)
		closedir(dir);
	/* The container runs this, its shell and kctr's init: a handful. */
	if (n > 0 && n < 10)
		printf("proc_pids contained:%d\n", n);
	else
		printf("proc_pids ESCAPED:%d pids in /proc\n", n);
}

static void io_uring(void)
{
	struct io_uring_params p;
	long fd;

	memset(&p, 0, sizeof(p));
	fd = syscall(SYS_io_uring_setup, 1, &p);
	if (fd >= 0)
		close(fd);
	expect_fail("io_uring_setup", fd, "a ring");
}

static void kernel_calls(void)
{
	struct timespec ts = { .tv_sec = 1, .tv_nsec = 2000000000 };
	struct timeval tv = { .tv_sec = 1, .tv_usec = 2000000 };

	/* An empty image: ENOEXEC once past the permission checks. */
	expect_fail("init_module", syscall(SYS_init_module, NULL, 0, ""),
		    "an empty module");
	expect_fail("finit_module", syscall(SYS_finit_module, -1, "", 0),
		    "fd -1");
	expect_fail("delete_module",
		    syscall(SYS_delete_module, "kctr_escape_none", O_NONBLOCK),
		    "no such module");
	/* A wrong magic: EINVAL once past CAP_SYS_BOOT. */
	expect_fail("reboot", syscall(SYS_reboot, 0xfee1dead, 1, 0, NULL),
		    "reboot with a wrong magic");
	expect_fail("swapon", swapon("/nonexistent-swap", 0), "swapon");
	/* Invalid times: EINVAL before any permission check, so EPERM
	 * can only be the filter's. Raw calls: libc checks them itself.
	 */
	expect_fail("clock_settime",
		    syscall(SYS_clock_settime, CLOCK_REALTIME, &ts),
		    "an invalid time");
	expect_fail("settimeofday", syscall(SYS_settimeofday, &tv, NULL),
		    "an invalid time");
}

/* The double chroot: chroot into a subdirectory, climb out with "..". */
static int do_chroot_breakout(void)
{
	struct stat before, after;
	char dir[256];
	int fd, i;

	if (stat("/", &before))
		return errno;
	snprintf(dir, sizeof(dir), "%s/chroot", scratch());
	mkdir(dir, 0700);
	fd = open("/", O_PATH | O_DIRECTORY);
	if (fd < 0 || chroot(dir))
		return errno;
	if (fchdir(fd))
		return errno;
	for (i = 0; i < 64; i++)
		if (chdir(".."))
			return errno;
	if (chroot("."))
		return errno;
	if (stat("/", &after))
		return errno;
	if (marker && !access(marker, F_OK))
		return 0;	/* the host's file: out */
	if (after.st_dev != before.st_dev || after.st_ino != before.st_ino)
		return 0;	/* somewhere else than our own root */
	return EXDEV;		/* back at the container's root: contained */
}

static void chroot_breakout(void)
{
	in_child("chroot_breakout", do_chroot_breakout);
	if (marker)
		expect_fail("host_marker", access(marker, F_OK), marker);
}

/* mknod of a host device, then open: one of the two must fail. */
static void devices(void)
{
	unsigned int maj, min;
	char kind, path[300], name[64];
	mode_t mode;
	int i, fd;

	if (!devspec || sscanf(devspec, "%c:%u:%u", &kind, &maj, &min) != 3) {
		printf("mknod skip:no device given\n");
		return;
	}
	mode = (kind == 'b' ? S_IFBLK : S_IFCHR) | 0600;
	for (i = 0; i < n_dev_dirs; i++) {
		snprintf(name, sizeof(name), "mknod_%s", dev_dirs[i] + 1);
		for (char *c = name; *c; c++)
			if (*c == '/')
				*c = '_';
		snprintf(path, sizeof(path), "%s/escape-dev-%d", dev_dirs[i],
			 getpid());
		if (mknod(path, mode, makedev(maj, min))) {
			refused(name);
			continue;
		}
		fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
		unlink(path);
		expect_fail(name, fd, "the host device opened");
	}
}

/*
 * The per-namespace fallback devices a kernel with built-in tunnel
 * drivers (CONFIG_IPV6_SIT=y, ...) puts in every new network namespace:
 * down, unconfigured, the namespace's own. They say nothing about the
 * host's network.
 */
static bool fallback_tunnel(const char *name)
{
	static const char *const names[] = {
		"tunl0", "sit0", "ip6tnl0", "gre0", "gretap0", "erspan0",
		"ip6gre0", "ip_vti0", "ip6_vti0",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * The host's network, reached two ways: the same network namespace as
 * the host (its inode given by -N), or an interface of the host's seen
 * from inside.
 */
static void network(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	char names[256] = "";
	int others = 0, fd;
	struct stat st;
	bool shared;

	shared = host_netns && !stat("/proc/self/ns/net", &st) &&
		 st.st_ino == host_netns;
	for (i = ifs; i && i->if_index; i++) {
		if (fallback_tunnel(i->if_name))
			continue;
		if (strcmp(i->if_name, "lo"))
			others++;
		strncat(names, i->if_name, sizeof(names) - strlen(names) - 2);
		strcat(names, ",");
	}
	if (ifs)
		if_freenameindex(ifs);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		close(fd);
	if (others || shared)
		printf("raw_net ESCAPED:%sraw socket %s, interfaces %s\n",
		       shared ? "the host's network namespace, " : "",
		       fd >= 0 ? "made" : "refused", names);
	else
		printf("raw_net contained:%s\n", names);
}

static int print_handle(const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[128];
	} h;
	unsigned int i;
	int mnt;

	h.fh.handle_bytes = sizeof(h.bytes);
	if (syscall(SYS_name_to_handle_at, AT_FDCWD, path, &h.fh, &mnt, 0)) {
		perror(path);
		return 1;
	}
	printf("%d:", h.fh.handle_type);
	for (i = 0; i < h.fh.handle_bytes; i++)
		printf("%02x", h.bytes[i]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	int c;

	if (argc == 3 && !strcmp(argv[1], "handle"))
		return print_handle(argv[2]);
	/* The attempts mount, chroot and mknod: never on the test machine. */
	if (!getenv("KCTR_ESCAPE_INSIDE")) {
		fprintf(stderr, "escape: run me inside a container, with "
			"KCTR_ESCAPE_INSIDE=1\n");
		return 2;
	}
	while ((c = getopt(argc, argv, "m:p:V:H:d:D:N:")) != -1) {
		switch (c) {
		case 'm':
			marker = optarg;
			break;
		case 'p':
			if (n_host_pids < MAX_LIST)
				host_pids[n_host_pids++] = atoi(optarg);
			break;
		case 'V':
			volume = optarg;
			break;
		case 'H':
			handle_arg = optarg;
			break;
		case 'd':
			devspec = optarg;
			break;
		case 'N':
			host_netns = strtoull(optarg, NULL, 10);
			break;
		case 'D':
			if (n_dev_dirs < MAX_LIST)
				dev_dirs[n_dev_dirs++] = optarg;
			break;
		default:
			return 2;
		}
	}
	probe = !!getenv("KCTR_ESCAPE_PROBE");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!probe) {
		cgroup_v1("cgroup1_none", "none,name=kctrescape");
		cgroup_v1("cgroup1_memory", "memory");
		cgroup_v1("cgroup1_rdma", "rdma");
	}
	cgroup_files("release_agent", "release_agent");
	cgroup_files("notify_on_release", "notify_on_release");
	sys_writes();
	proc_files();
	namespaces();
	keys();
	shocker();
	processes();
	io_uring();
	kernel_calls();
	chroot_breakout();
	devices();
	network();
	printf("done\n");
	return 0;
}
