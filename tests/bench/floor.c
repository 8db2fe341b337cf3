// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-only floor of a spawn: the kernel work `kctr spawn --rm --
 * /bin/true` makes, with nothing else. No netlink, no libraries, no
 * option parsing, no image lookup, no state directory beyond the three
 * overlay directories; every step is the system call kctr's sequence
 * makes (Documentation/spawn.md, "The sequence"):
 *
 *   a cgroup v2 node with memory.max and pids.max, created and removed;
 *   clone3 into it with new mount, pid, uts, ipc, net and cgroup
 *   namespaces; hostname; lo up; mount propagation private; overlayfs
 *   over the image; /proc; a nodev tmpfs on /dev with six host nodes
 *   bound in, devpts, /dev/shm, /dev/mqueue; sysfs and cgroup2 read-only;
 *   eleven paths of /proc and /sys masked and five made read-only, as
 *   kctr's init does for every container; a BPF_CGROUP_DEVICE program of
 *   the shape and size kctr compiles for its eight default devices,
 *   loaded and attached to the cgroup; pivot_root and the lazy unmount of
 *   the old root; the bounding set and the capability sets cut to
 *   Docker's defaults; no_new_privs; a seccomp filter of kctr's default
 *   profile's size; exec; wait.
 *
 *   floor LOWERDIR SCRATCH CGROUP-PARENT [FILTER-INSNS]
 *
 * LOWERDIR is the image (kctr's default busybox tree), SCRATCH an empty
 * directory for upper/, work/ and merged/ (one run at a time), CGROUP-
 * PARENT a cgroup v2 directory whose subtree_control has memory and pids.
 * Exits with /bin/true's status, or 125 and a message on stderr.
 * scripts/vm-bench.sh compares it with kctr, crun, runc and bwrap.
 */
/* _GNU_SOURCE comes from the Makefile, as for every kctr source */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* kctr's device nodes, masked and read-only paths, the same lists. */
#include "rootfs_paths.h"

/* Docker's default capabilities: what a kctr container keeps. */
static const int kept_caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
	CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

/* kctr's default device rules: char major:minor, -1 for any minor. */
static const int dev_rules[][2] = {
	{ 1, 3 }, { 1, 5 }, { 1, 7 }, { 1, 8 }, { 1, 9 }, { 5, 0 }, { 5, 2 },
	{ 136, -1 },
};

static void die(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	fprintf(stderr, "floor: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	va_end(ap);
	_exit(125);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		die("writing %s", path);
	close(fd);
}

static void mount_or_die(const char *src, const char *dst, const char *type,
			 unsigned long flags, const char *data)
{
	if (mount(src, dst, type, flags, data) < 0)
		die("mount %s", dst);
}

static void loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die("lo");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		die("lo up");
	close(fd);
}

static void setup_dev(void)
{
	char host[64], inside[64];
	const unsigned long nodev = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	size_t i;
	int fd;

	mount_or_die("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NODEV,
		     "mode=755,size=64k");
	for (i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i]);
		snprintf(inside, sizeof(inside), "dev/%s", dev_nodes[i]);
		fd = open(inside, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			die("creating %s", inside);
		close(fd);
		mount_or_die(host, inside, NULL, MS_BIND, NULL);
	}
	if (mkdir("dev/pts", 0755) < 0 || mkdir("dev/shm", 01777) < 0 ||
	    mkdir("dev/mqueue", 0755) < 0)
		die("dev subdirectories");
	mount_or_die("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=620");
	mount_or_die("shm", "dev/shm", "tmpfs", nodev, "mode=1777,size=64m");
	mount_or_die("mqueue", "dev/mqueue", "mqueue", nodev, NULL);
}

static void mask_paths(void)
{
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	struct statvfs sv;
	unsigned long flags;
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(masked_paths) / sizeof(masked_paths[0]); i++) {
		if (stat(masked_paths[i], &st) < 0)
			continue;	/* not on this kernel, as kctr skips it */
		if (S_ISDIR(st.st_mode))
			mount_or_die("tmpfs", masked_paths[i], "tmpfs", ro,
				     "size=0");
		else
			mount_or_die("/dev/null", masked_paths[i], NULL,
				     MS_BIND, NULL);
	}
	for (i = 0; i < sizeof(readonly_paths) / sizeof(readonly_paths[0]);
	     i++) {
		if (stat(readonly_paths[i], &st) < 0)
			continue;
		mount_or_die(readonly_paths[i], readonly_paths[i], NULL,
			     MS_BIND | MS_REC, NULL);
		if (statvfs(readonly_paths[i], &sv) < 0)
			die("statvfs %s", readonly_paths[i]);
		flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
		flags |= sv.f_flag & ST_NOSUID ? MS_NOSUID : 0;
		flags |= sv.f_flag & ST_NODEV ? MS_NODEV : 0;
		flags |= sv.f_flag & ST_NOEXEC ? MS_NOEXEC : 0;
		mount_or_die(NULL, readonly_paths[i], NULL, flags, NULL);
	}
}

static void setup_root(const char *lower, const char *scratch)
{
	char opts[4096];
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;

	mount_or_die(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	snprintf(opts, sizeof(opts),
		 "lowerdir=%s,upperdir=%s/upper,workdir=%s/work",
		 lower, scratch, scratch);
	if (chdir(scratch) < 0)
		die("chdir %s", scratch);
	mount_or_die("overlay", "merged", "overlay", 0, opts);
	if (chdir("merged") < 0)
		die("chdir merged");
	mount_or_die("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     NULL);
	setup_dev();
	mount_or_die("sysfs", "sys", "sysfs", ro, NULL);
	mount_or_die("cgroup2", "sys/fs/cgroup", "cgroup2", ro, NULL);
	mask_paths();
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die("pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		die("umount old root");
	if (chdir("/") < 0)
		die("chdir /");
}

static void drop_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };
	unsigned long long keep = 0;
	size_t i;
	int cap;

	for (i = 0; i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++)
		keep |= 1ULL << kept_caps[i];
	for (cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (!(keep & (1ULL << cap)) &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			die("dropping cap %d from the bounding set", cap);
	data[0].effective = data[0].permitted = (uint32_t)keep;
	data[1].effective = data[1].permitted = (uint32_t)(keep >> 32);
	if (syscall(SYS_capset, &hdr, data) < 0)
		die("capset");
}

/*
 * A filter of n instructions that allows everything: loading and
 * attaching it is the kernel's share of kctr's default profile, whose
 * compiled size vm-bench.sh passes in.
 */
static void load_filter(unsigned int n)
{
	struct sock_filter *insns = calloc(n, sizeof(*insns));
	struct sock_fprog prog = { .len = n, .filter = insns };
	unsigned int i;

	if (!insns)
		die("filter");
	insns[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			offsetof(struct seccomp_data, nr));
	for (i = 1; i + 1 < n; i++)
		insns[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							 0xfffff000 + i, 0, 0);
	insns[n - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						    SECCOMP_RET_ALLOW);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("no_new_privs");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		die("seccomp");
	free(insns);
}

static int child(const char *lower, const char *scratch, unsigned int insns)
{
	char *const argv[] = { "/bin/true", NULL };
	char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

	if (sethostname("floor", 5) < 0)
		die("sethostname");
	loopback_up();
	setup_root(lower, scratch);
	drop_caps();
	load_filter(insns);
	execve(argv[0], argv, envp);
	die("exec %s", argv[0]);
	return 125;
}

static struct bpf_insn insn(uint8_t code, uint8_t dst, int16_t off,
			    int32_t imm)
{
	/* Only the loads read through a register: r1, the context. */
	uint8_t src = BPF_CLASS(code) == BPF_LDX ? 1 : 0;

	return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				  .off = off, .imm = imm };
}

/*
 * kctr's device program for its default rules, the same shape (a block
 * per rule: type, major, minor, allow) and length: the verifier's and
 * the JIT's work. Attached to the container's cgroup as kctr does.
 */
static void attach_device_program(const char *cgroup)
{
	struct bpf_insn p[64];
	union bpf_attr attr;
	size_t n = 0, i;
	int prog, dir;

	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, 2, 0, 0);
	p[n++] = insn(BPF_ALU | BPF_AND | BPF_K, 2, 0, 0xffff);
	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, 3, 0, 0);
	p[n++] = insn(BPF_ALU | BPF_RSH | BPF_K, 3, 0, 16);
	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, 4, 4, 0);
	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, 5, 8, 0);
	for (i = 0; i < sizeof(dev_rules) / sizeof(dev_rules[0]); i++) {
		int len = dev_rules[i][1] < 0 ? 4 : 5, k = 0;

		p[n + k] = insn(BPF_JMP | BPF_JNE | BPF_K, 2, len - k - 1,
				BPF_DEVCG_DEV_CHAR);
		k++;
		p[n + k] = insn(BPF_JMP | BPF_JNE | BPF_K, 4, len - k - 1,
				dev_rules[i][0]);
		k++;
		if (dev_rules[i][1] >= 0) {
			p[n + k] = insn(BPF_JMP | BPF_JNE | BPF_K, 5,
					len - k - 1, dev_rules[i][1]);
			k++;
		}
		p[n + k++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 1);
		p[n + k++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0);
		n += k;
	}
	p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0);
	p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insn_cnt = n;
	attr.insns = (uintptr_t)p;
	attr.license = (uintptr_t)"GPL";
	prog = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0)
		die("loading the device program");
	dir = open(cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		die("open %s", cgroup);
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = dir;
	attr.attach_bpf_fd = prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0)
		die("attaching the device program");
	close(dir);
	close(prog);
}

static int make_cgroup(const char *parent, char *path, size_t len)
{
	char file[4200];
	int fd;

	snprintf(path, len, "%s/floor-%d", parent, getpid());
	if (mkdir(path, 0755) < 0)
		die("mkdir %s", path);
	snprintf(file, sizeof(file), "%s/memory.max", path);
	write_file(file, "268435456");
	snprintf(file, sizeof(file), "%s/pids.max", path);
	write_file(file, "100");
	attach_device_program(path);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die("open %s", path);
	return fd;
}

/* As kctr's state directory: made for the run, removed after it. */
static const char *const scratch_dirs[] = { "upper", "work", "merged" };

static void make_scratch(const char *scratch)
{
	char path[4200];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", scratch, scratch_dirs[i]);
		if (mkdir(path, 0755) < 0)
			die("mkdir %s", path);
	}
}

static void remove_scratch(const char *scratch)
{
	char path[4200];
	size_t i;

	/* overlayfs leaves work/work behind; /bin/true writes nothing. */
	snprintf(path, sizeof(path), "%s/work/work", scratch);
	if (rmdir(path) < 0 && errno != ENOENT)
		die("rmdir %s", path);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", scratch, scratch_dirs[i]);
		if (rmdir(path) < 0)
			die("rmdir %s", path);
	}
}

int main(int argc, char **argv)
{
	struct clone_args args = {
		.flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			 CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP |
			 CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
	};
	unsigned int insns = argc > 4 ? (unsigned int)atoi(argv[4]) : 400;
	char cg[4096];
	int cgfd, status;
	pid_t pid;

	if (argc < 4 || insns < 2 || insns > BPF_MAXINSNS) {
		fprintf(stderr,
			"usage: floor LOWERDIR SCRATCH CGROUP-PARENT [FILTER-INSNS]\n");
		return 2;
	}
	make_scratch(argv[2]);
	cgfd = make_cgroup(argv[3], cg, sizeof(cg));
	args.cgroup = (uint64_t)cgfd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		die("clone3");
	if (pid == 0)
		return child(argv[1], argv[2], insns);
	close(cgfd);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (rmdir(cg) < 0)
		die("rmdir %s", cg);
	remove_scratch(argv[2]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
