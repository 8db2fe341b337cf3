/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kctr: kernel-tracked containers, the "container" generic netlink family.
 *
 * The kernel module owns every container: its id, its state, its cgroup v2
 * node and limits, its pinned namespace set and its capability and seccomp
 * policy. Userspace prepares root filesystems and starts processes; it asks
 * the module for everything else.
 *
 * Commands and attributes start at 1. Every request is validated strictly:
 * unknown attributes, wrong lengths, over-long strings and unknown flag bits
 * are rejected with an errno and an extended-ACK message naming the
 * attribute. All integers are in host byte order.
 *
 * KCTR_CMD_GET_VERSION: do; anyone.
 *   Reply: KCTR_A_VERSION (string), KCTR_A_UAPI_VERSION (u32).
 *
 * KCTR_CMD_CREATE: do; needs CAP_SYS_ADMIN and must come from outside every
 * kctr container. Creates a container in state KCTR_STATE_CREATED.
 *   KCTR_A_NAME            string, optional (default "c<id>"), 1..255 bytes
 *                          of [A-Za-z0-9_+.-], not starting with '.' or
 *                          '-' (so neither "." nor ".."), unique among
 *                          existing containers (an OCI container id, 64
 *                          hex digits, fits)
 *   KCTR_A_NS_MASK         u32, required: KCTR_NS_* bits the init must have
 *                          new (unknown bits rejected)
 *   KCTR_A_FLAGS           u32, optional: KCTR_F_AUTO_REMOVE,
 *                          KCTR_F_VERIFY_CONTAINMENT (START checks the
 *                          process holds nothing of the host's, see
 *                          START; kctr sets it, and it will become
 *                          mandatory), KCTR_F_DEVICE_POLICY (START needs
 *                          a cgroup device program, see START),
 *                          KCTR_F_PERSIST (the container outlives the
 *                          socket that created it, see below),
 *                          KCTR_F_ALLOW_NEW_PRIVS (JOIN sets no
 *                          no_new_privs and leaves the capabilities;
 *                          START reduces them, see JOIN and START)
 *   KCTR_A_HOSTNAME        string, optional, at most 64 bytes (informative;
 *                          the init sets it in its UTS namespace)
 *   KCTR_A_IMAGE           string, optional, at most 255 bytes (informative)
 *   KCTR_A_COMMAND         string, optional, at most 1023 bytes (informative)
 *   KCTR_A_LIMITS          nest of KCTR_LIMIT_A_*, optional
 *   KCTR_A_CAPS            nest of KCTR_CAPS_A_*, optional (default: empty
 *                          sets, i.e. no capability at all)
 *   KCTR_A_SECCOMP_PROG    binary, optional: an array of struct sock_filter
 *                          (classic BPF, as seccomp_export_bpf() writes it),
 *                          1..4096 instructions, checked like the kernel's
 *                          seccomp checker would
 *   KCTR_A_UID_MAP,
 *   KCTR_A_GID_MAP         nest of KCTR_A_MAP_EXTENT (each a nest of
 *                          KCTR_MAP_A_INSIDE/OUTSIDE/COUNT u32), optional,
 *                          at most 340 extents; expected maps, checked against
 *                          the init's user namespace at START
 *   KCTR_A_NET             nest of KCTR_NET_A_*, optional (uapi 3): the
 *                          container's network claim, see below
 *   Reply: the container record (as for GET with KCTR_F_NO_STATS). Event
 *   KCTR_EVENT_CREATED.
 *   All or nothing: a CREATE that fails (its reply too cannot be queued
 *   included) leaves no container, cgroup or event behind; ENOSPC when
 *   no id is left (ids are never reused, never 0).
 *   If the netlink socket that sent CREATE is closed before START, the
 *   container is aborted and removed, unless it has KCTR_F_PERSIST: then
 *   it stays until DELETE, whoever created it. A PERSIST container whose
 *   init dies before START becomes KCTR_STATE_STOPPED with the init's
 *   exit status (it is not removed); one whose init never joined stays
 *   KCTR_STATE_CREATED until a DELETE with KCTR_F_FORCE. KCTR_F_PERSIST
 *   is for a front that returns before START (OCI "create"); it gives
 *   nothing beyond what CREATE already allows (CAP_SYS_ADMIN, outside
 *   containers).
 *
 * KCTR_CMD_JOIN: do; sent by a process from its own context to attach to a
 * container: the container's init (state CREATED) or a process entering a
 * running container (kctr exec).
 *   KCTR_A_ID              u64, required
 *   KCTR_A_NS_FDS          nest, init only, required then: for each kind in
 *                          the container's mask, an fd (u32) of the caller's
 *                          own /proc/self/ns/<kind> file, attribute type
 *                          KCTR_NSFD_A_<KIND>
 *   The caller must be a whole userspace process acting with its own
 *   credentials: JOIN fails with EPERM, before anything is changed, from a
 *   kernel thread or an io_uring worker, with overridden credentials (an
 *   io_uring personality: current->cred != current->real_cred) and from a
 *   multi-threaded process (credentials and no_new_privs are per thread).
 *   The module records the joining thread and its seccomp filter count.
 *   The module checks that the caller lives in the container's cgroup and
 *   (for the init) that every fd names the caller's own namespace and that
 *   each namespace in the mask differs from the creator's; for an exec it
 *   checks that the caller's namespaces are the container's pinned ones. It
 *   then pins the set (init), applies the five capability sets in one
 *   commit_creds() (only ever a reduction), sets no_new_privs and replies
 *   with KCTR_A_SECCOMP_PROG when the container has one. The caller then
 *   installs that filter itself and sends START. With KCTR_F_ALLOW_NEW_PRIVS
 *   JOIN neither sets no_new_privs nor changes the capabilities (it only
 *   checks that START will be able to apply them): the caller installs the
 *   filter with the CAP_SYS_ADMIN it still has, which the kernel requires
 *   of a filter installed without no_new_privs, and START applies the
 *   capability sets. The same holds for an exec JOIN into such a
 *   container. A caller inside a kctr
 *   container that is not in this container's cgroup gets ENOENT "no
 *   container with this id", as for an id that does not exist. At most
 *   KCTR_MAX_PENDING_JOINS exec JOINs wait for their START per container,
 *   and of those at most KCTR_MAX_PENDING_JOINS_NNP from callers that
 *   already have no_new_privs (every process the container made itself;
 *   in a KCTR_F_ALLOW_NEW_PRIVS container: from callers whose bounding
 *   set is within the container's), so the container cannot use up the
 *   slots of the host's kctr exec.
 *
 * KCTR_CMD_START: do; sent by the thread that joined, after it installed the
 * filter. The module verifies, else EPERM with an extack naming the check:
 * the same thread as at JOIN, acting with its own credentials (START may
 * commit_creds(), see below), still single-threaded, and, when the container
 * has a seccomp program, seccomp mode filter with exactly one filter more
 * than at JOIN. Which program that filter runs is NOT verified: struct
 * seccomp_filter is private to the kernel and nothing exported compares
 * programs, nor are the install flags (SPEC_ALLOW, NEW_LISTENER) visible.
 * With KCTR_F_VERIFY_CONTAINMENT also: no open fd of the process (O_PATH
 * ones included) is a directory outside the process's root, its working
 * directory is inside its root, and it is not dumpable (PR_SET_DUMPABLE 0,
 * so that /proc/<pid> of it is closed to the container). With
 * KCTR_F_DEVICE_POLICY: the container's cgroup has an effective
 * BPF_CGROUP_DEVICE program (GET reports its id). With
 * KCTR_F_ALLOW_NEW_PRIVS, once every check passed, START applies the five
 * capability sets in one commit_creds() as JOIN does without the flag (EPERM
 * if a set would grow); no_new_privs is left as the caller has it. For the
 * init: state becomes KCTR_STATE_RUNNING, event KCTR_EVENT_STARTED.
 *   KCTR_A_ID              u64, required
 *
 * KCTR_CMD_GET: do (KCTR_A_ID or KCTR_A_NAME) or dump (all containers the
 * caller may see); KCTR_A_FLAGS u32 optional in both: KCTR_F_NO_STATS
 * leaves out the cgroup's figures (memory, pids, cpu, oom, io: read from
 * six cgroup files per container), which listings need not pay for; the
 * KCTR_A_CGROUP nest then holds only PATH, ID and POPULATED, as in
 * CREATE's reply, whose fresh node has no figures yet. KCTR_F_SUMMARY
 * (uapi 5) leaves out everything after KCTR_A_INIT_PIDS below: the record
 * holds what a listing shows (id, name, state, flags, mask, owner,
 * hostname, image, command, times, joins, init pids, exit code), no file
 * is read, and no nest but KCTR_A_INIT_PIDS is sent. Callers with
 * CAP_SYS_ADMIN outside containers see every container; a process inside a
 * container sees only its own; anyone else gets EPERM. Dumps set
 * NLM_F_DUMP_INTR when the registry changed between parts. Reply: one KCTR_CMD_GET message per container with
 *   KCTR_A_ID u64, KCTR_A_NAME, KCTR_A_STATE u32 (KCTR_STATE_*),
 *   KCTR_A_FLAGS u32, KCTR_A_NS_MASK u32, KCTR_A_OWNER_UID u32 (as seen in
 *   the caller's user namespace), KCTR_A_HOSTNAME, KCTR_A_IMAGE,
 *   KCTR_A_COMMAND, KCTR_A_CREATED_NS / KCTR_A_STARTED_NS / KCTR_A_EXITED_NS
 *   u64 (CLOCK_REALTIME, ns), KCTR_A_INIT_PID u32 (in the caller's pid
 *   namespace), KCTR_A_INIT_PIDS (nest of KCTR_A_PID u32, one per pid
 *   namespace level from the root down), KCTR_A_EXIT_CODE u32 (wait status
 *   as waitpid() reports it; absent when the init was gone before the
 *   module could read its status), KCTR_A_NAMESPACES (nest of KCTR_A_NS, each a
 *   nest of KCTR_NS_A_*), KCTR_A_UID_MAP/KCTR_A_GID_MAP (the live maps),
 *   KCTR_A_CGROUP (nest of KCTR_CG_A_*), KCTR_A_LIMITS, KCTR_A_CAPS,
 *   KCTR_A_SECCOMP (nest of KCTR_SECCOMP_A_*), KCTR_A_JOINS u32,
 *   KCTR_A_DEVICE_PROG_ID u32 (the bpf prog id of the first effective
 *   BPF_CGROUP_DEVICE program of the container's cgroup, when it has one),
 *   KCTR_A_NET (as CREATE gave it, without the fd, with KCTR_NET_A_ANCHORED;
 *   the ports only while they are claimed). A namespace the module pinned
 *   and let go (the network namespace of a KCTR_A_NET container, at the
 *   init's exit) keeps its KIND, INUM and NEW, gets KCTR_NS_A_RELEASED and
 *   loses REFCOUNT, LEVEL and OWNER_INUM.
 *   A record takes at most about 28 KiB (340-extent maps, every string and
 *   limit at its maximum); every dump part has room for the largest, so
 *   dumps are read with a buffer of 32 KiB (or MSG_PEEK, as libnl does).
 *
 * KCTR_CMD_KILL: do; CAP_SYS_ADMIN, outside containers. The signal is sent
 *   as from the caller (kill(2)'s permission check and the LSM task_kill
 *   hook apply; CAP_KILL passes the former).
 *   KCTR_A_ID u64 required, KCTR_A_SIGNAL u32 required (1..64),
 *   KCTR_A_FLAGS u32 optional: KCTR_F_KILL_ALL kills every process in the
 *   container's cgroup (only with SIGKILL, through cgroup.kill).
 *
 * KCTR_CMD_DELETE: do; CAP_SYS_ADMIN, outside containers.
 *   KCTR_A_ID u64 required, KCTR_A_FLAGS optional: KCTR_F_FORCE kills a
 *   container that is not stopped first. Without it, deleting a created or
 *   running container fails with EBUSY. Removes the cgroup node with
 *   every cgroup the container made below it, releases the namespace
 *   set. Event KCTR_EVENT_REMOVED. With KCTR_F_FORCE, a container whose
 *   processes still run is gone from GET (its name free) when DELETE
 *   returns; REMOVED follows its EXITED, and the cgroup node goes, once
 *   they died (DELETE does not wait for that).
 *
 * KCTR_A_NET, the network claim. kctr.ko configures no network: it records
 * the claim, refuses a second holder and holds the lifetime of the rules.
 *   KCTR_NET_A_NETWORK     string, required, 1..15 bytes of [A-Za-z0-9_+.-]
 *                          not starting with '.' or '-': the network, the
 *                          key of the address claim
 *   KCTR_NET_A_ADDR4       be32, required, not 0: claimed, unique on the
 *                          network among the containers the module holds
 *   KCTR_NET_A_PREFIX      u8 0..32, KCTR_NET_A_GATEWAY4 be32,
 *   KCTR_NET_A_MAC         6 bytes: optional, informative
 *   KCTR_NET_A_PORT        nest, repeated, at most KCTR_NET_PORTS_MAX: a
 *                          published port, KCTR_PORT_A_PROTO u8 (6 tcp,
 *                          17 udp) required, KCTR_PORT_A_HOST_ADDR4 be32
 *                          (0 or absent: every host address),
 *                          KCTR_PORT_A_HOST_PORT u16 and KCTR_PORT_A_CTR_PORT
 *                          u16 (1..65535) required. Two ports conflict when
 *                          proto and host port are equal and either host
 *                          address is 0 or both are the same
 *   KCTR_NET_A_ANCHOR_FD   u32, optional: an AF_NETLINK socket of protocol
 *                          NETLINK_NETFILTER in the caller's network
 *                          namespace (EBADF: not open; EINVAL: another kind).
 *                          The module takes a reference to its file; the
 *                          caller closes its fd when it likes. A table the
 *                          socket created with NFT_TABLE_F_OWNER lives as
 *                          long as the module holds it
 *   KCTR_NET_A_ANCHORED    u8, GET only (rejected in CREATE)
 * A conflict (an address on the same network, a port, also between two
 * entries of one request) fails CREATE with EADDRINUSE and an extack
 * naming the holder ("address 10.87.0.5 on network kctr is held by
 * container 12 (web)"; 6.1 has no formatted extack messages: there the
 * text says what is held, and a dump shows by whom).
 * Lifetimes: the ports are claimed, and the anchor held, until the init
 * exits (or until removal if it never ran); then the module drops the
 * anchor (the owned table goes with it), frees the ports and lets go of
 * the network namespace it pinned (so its interfaces go once the
 * container's processes are gone). The address stays claimed until the
 * container is removed (DELETE, KCTR_F_AUTO_REMOVE, the abort of an
 * unstarted container), so a stopped container keeps its address.
 *
 * Notifications on the multicast group KCTR_MCGRP_EVENTS ("events"), with
 * command KCTR_CMD_EVENT: KCTR_A_EVENT u32 (KCTR_EVENT_*), KCTR_A_ID,
 * KCTR_A_NAME, KCTR_A_TIME_NS u64, and for exits KCTR_A_EXIT_CODE, for OOM
 * KCTR_A_OOM_KILLS u64. Joining the group needs CAP_SYS_ADMIN. A socket
 * created inside a kctr container gets only that container's events, on
 * kernels that have genlmsg_multicast_netns_filtered() (6.12 has it); on
 * older ones (6.1) every subscriber gets every event.
 *
 * The module cannot be unloaded while containers exist (delete_module()
 * fails with EWOULDBLOCK, which rmmod reports as "in use"):
 * delete them first.
 */
#ifndef _UAPI_LINUX_KCTR_H
#define _UAPI_LINUX_KCTR_H

#define KCTR_GENL_NAME		"container"
#define KCTR_GENL_VERSION	1
#define KCTR_UAPI_VERSION	5
#define KCTR_MCGRP_EVENTS	"events"

#define KCTR_NAME_MAX		255
#define KCTR_HOSTNAME_MAX	64
#define KCTR_IMAGE_MAX		255
#define KCTR_COMMAND_MAX	1023
#define KCTR_CPUSET_MAX		255
#define KCTR_SECCOMP_MAX_INSNS	4096
#define KCTR_MAP_MAX_EXTENTS	340
#define KCTR_IO_MAX_DEVICES	16
#define KCTR_NET_NAME_MAX	15	/* IFNAMSIZ - 1 */
#define KCTR_NET_PORTS_MAX	32

/* "no limit" for every u64 limit (written as "max"). */
#define KCTR_LIMIT_UNLIMITED	(~(__u64)0)

enum kctr_cmd {
	KCTR_CMD_UNSPEC,
	KCTR_CMD_GET_VERSION,
	KCTR_CMD_CREATE,
	KCTR_CMD_JOIN,
	KCTR_CMD_START,
	KCTR_CMD_GET,
	KCTR_CMD_KILL,
	KCTR_CMD_DELETE,
	KCTR_CMD_EVENT,
	__KCTR_CMD_MAX
};
#define KCTR_CMD_MAX (__KCTR_CMD_MAX - 1)

enum kctr_attr {
	KCTR_A_UNSPEC,
	KCTR_A_PAD,
	KCTR_A_VERSION,		/* string */
	KCTR_A_UAPI_VERSION,	/* u32 */
	KCTR_A_ID,		/* u64 */
	KCTR_A_NAME,		/* string */
	KCTR_A_STATE,		/* u32, enum kctr_state */
	KCTR_A_FLAGS,		/* u32, KCTR_F_* */
	KCTR_A_NS_MASK,		/* u32, KCTR_NS_* */
	KCTR_A_HOSTNAME,	/* string */
	KCTR_A_IMAGE,		/* string */
	KCTR_A_COMMAND,		/* string */
	KCTR_A_LIMITS,		/* nest, KCTR_LIMIT_A_* */
	KCTR_A_CAPS,		/* nest, KCTR_CAPS_A_* */
	KCTR_A_SECCOMP_PROG,	/* binary, struct sock_filter[] */
	KCTR_A_UID_MAP,		/* nest of KCTR_A_MAP_EXTENT */
	KCTR_A_GID_MAP,		/* nest of KCTR_A_MAP_EXTENT */
	KCTR_A_MAP_EXTENT,	/* nest, KCTR_MAP_A_* */
	KCTR_A_NS_FDS,		/* nest, KCTR_NSFD_A_* */
	KCTR_A_OWNER_UID,	/* u32 */
	KCTR_A_CREATED_NS,	/* u64 */
	KCTR_A_STARTED_NS,	/* u64 */
	KCTR_A_EXITED_NS,	/* u64 */
	KCTR_A_INIT_PID,	/* u32 */
	KCTR_A_INIT_PIDS,	/* nest of KCTR_A_PID */
	KCTR_A_PID,		/* u32 */
	KCTR_A_EXIT_CODE,	/* u32, wait status */
	KCTR_A_NAMESPACES,	/* nest of KCTR_A_NS */
	KCTR_A_NS,		/* nest, KCTR_NS_A_* */
	KCTR_A_CGROUP,		/* nest, KCTR_CG_A_* */
	KCTR_A_SECCOMP,		/* nest, KCTR_SECCOMP_A_* */
	KCTR_A_JOINS,		/* u32, processes that joined */
	KCTR_A_SIGNAL,		/* u32 */
	KCTR_A_EVENT,		/* u32, enum kctr_event */
	KCTR_A_TIME_NS,		/* u64 */
	KCTR_A_OOM_KILLS,	/* u64 */
	KCTR_A_DEVICE_PROG_ID,	/* u32, effective cgroup device program */
	KCTR_A_NET,		/* nest, KCTR_NET_A_* (uapi 3) */
	__KCTR_A_MAX
};
#define KCTR_A_MAX (__KCTR_A_MAX - 1)

enum kctr_state {
	KCTR_STATE_CREATED = 1,	/* registered, init not started yet */
	KCTR_STATE_RUNNING,	/* init joined and started */
	KCTR_STATE_STOPPED,	/* init exited; exit code recorded */
	__KCTR_STATE_MAX
};
#define KCTR_STATE_MAX (__KCTR_STATE_MAX - 1)

enum kctr_flag {
	KCTR_F_AUTO_REMOVE = 1U << 0,	/* CREATE: delete when the init exits */
	KCTR_F_KILL_ALL = 1U << 1,	/* KILL: every process, via cgroup.kill */
	KCTR_F_FORCE = 1U << 2,		/* DELETE: kill first if not stopped */
	/* CREATE: START checks fds, cwd and dumpable (will be mandatory) */
	KCTR_F_VERIFY_CONTAINMENT = 1U << 3,
	/* CREATE: START needs a BPF_CGROUP_DEVICE program on the cgroup */
	KCTR_F_DEVICE_POLICY = 1U << 4,
	/* CREATE: not aborted when the creating socket closes (uapi 2) */
	KCTR_F_PERSIST = 1U << 5,
	/* CREATE: no no_new_privs; caps reduced at START, not JOIN (uapi 2) */
	KCTR_F_ALLOW_NEW_PRIVS = 1U << 6,
	/* GET: no cgroup figures, only path, id, populated (uapi 4) */
	KCTR_F_NO_STATS = 1U << 7,
	/* GET: a listing's attributes only, no nest but the pids (uapi 5) */
	KCTR_F_SUMMARY = 1U << 8,
	__KCTR_F_ALL = (1U << 9) - 1
};

/* One bit per namespace kind; also the attribute order of KCTR_NSFD_A_*. */
enum kctr_ns_kind {
	KCTR_NS_KIND_MNT,
	KCTR_NS_KIND_PID,
	KCTR_NS_KIND_NET,
	KCTR_NS_KIND_IPC,
	KCTR_NS_KIND_UTS,
	KCTR_NS_KIND_USER,
	KCTR_NS_KIND_CGROUP,
	KCTR_NS_KIND_TIME,
	__KCTR_NS_KIND_COUNT
};
#define KCTR_NS_MNT	(1U << KCTR_NS_KIND_MNT)
#define KCTR_NS_PID	(1U << KCTR_NS_KIND_PID)
#define KCTR_NS_NET	(1U << KCTR_NS_KIND_NET)
#define KCTR_NS_IPC	(1U << KCTR_NS_KIND_IPC)
#define KCTR_NS_UTS	(1U << KCTR_NS_KIND_UTS)
#define KCTR_NS_USER	(1U << KCTR_NS_KIND_USER)
#define KCTR_NS_CGROUP	(1U << KCTR_NS_KIND_CGROUP)
#define KCTR_NS_TIME	(1U << KCTR_NS_KIND_TIME)
#define __KCTR_NS_ALL	((1U << __KCTR_NS_KIND_COUNT) - 1)

/* KCTR_A_NS_FDS: attribute type = KCTR_NS_KIND_* + 1, value u32 fd. */
enum kctr_nsfd_attr {
	KCTR_NSFD_A_UNSPEC,
	KCTR_NSFD_A_MNT,
	KCTR_NSFD_A_PID,
	KCTR_NSFD_A_NET,
	KCTR_NSFD_A_IPC,
	KCTR_NSFD_A_UTS,
	KCTR_NSFD_A_USER,
	KCTR_NSFD_A_CGROUP,
	KCTR_NSFD_A_TIME,
	__KCTR_NSFD_A_MAX
};
#define KCTR_NSFD_A_MAX (__KCTR_NSFD_A_MAX - 1)

/* One namespace of the set, in GET replies. */
enum kctr_ns_attr {
	KCTR_NS_A_UNSPEC,
	KCTR_NS_A_KIND,		/* u32, KCTR_NS_KIND_* */
	KCTR_NS_A_INUM,		/* u32, the nsfs inode number (ns id) */
	KCTR_NS_A_REFCOUNT,	/* u32 */
	KCTR_NS_A_NEW,		/* flag: differs from the creator's */
	KCTR_NS_A_LEVEL,	/* u32, pid and user namespaces: nesting level */
	KCTR_NS_A_OWNER_INUM,	/* u32, inum of the owning user namespace */
	KCTR_NS_A_RELEASED,	/* flag: no longer pinned (uapi 3) */
	__KCTR_NS_A_MAX
};
#define KCTR_NS_A_MAX (__KCTR_NS_A_MAX - 1)

enum kctr_map_attr {
	KCTR_MAP_A_UNSPEC,
	KCTR_MAP_A_INSIDE,	/* u32, first id inside */
	KCTR_MAP_A_OUTSIDE,	/* u32, first id in the parent namespace */
	KCTR_MAP_A_COUNT,	/* u32, 1.. */
	__KCTR_MAP_A_MAX
};
#define KCTR_MAP_A_MAX (__KCTR_MAP_A_MAX - 1)

/*
 * Cgroup v2 limits. u64 values take KCTR_LIMIT_UNLIMITED for "max".
 * CPU_MAX_QUOTA/PERIOD are microseconds (period 1000..1000000, quota
 * 1000.. or unlimited); CPU_WEIGHT 1..10000; CPUSET_* are cpuset lists
 * ("0-3,5"). IO_MAX holds up to KCTR_IO_MAX_DEVICES KCTR_IO_A_DEVICE nests.
 */
enum kctr_limit_attr {
	KCTR_LIMIT_A_UNSPEC,
	KCTR_LIMIT_A_PAD,
	KCTR_LIMIT_A_MEMORY_MAX,	/* u64, bytes */
	KCTR_LIMIT_A_MEMORY_HIGH,	/* u64, bytes */
	KCTR_LIMIT_A_MEMORY_LOW,	/* u64, bytes */
	KCTR_LIMIT_A_MEMORY_MIN,	/* u64, bytes */
	KCTR_LIMIT_A_MEMORY_SWAP_MAX,	/* u64, bytes */
	KCTR_LIMIT_A_CPU_MAX_QUOTA,	/* u64, us */
	KCTR_LIMIT_A_CPU_MAX_PERIOD,	/* u64, us */
	KCTR_LIMIT_A_CPU_WEIGHT,	/* u32 */
	KCTR_LIMIT_A_PIDS_MAX,		/* u64 */
	KCTR_LIMIT_A_CPUSET_CPUS,	/* string */
	KCTR_LIMIT_A_CPUSET_MEMS,	/* string */
	KCTR_LIMIT_A_IO_MAX,		/* nest of KCTR_IO_A_DEVICE */
	__KCTR_LIMIT_A_MAX
};
#define KCTR_LIMIT_A_MAX (__KCTR_LIMIT_A_MAX - 1)

enum kctr_io_attr {
	KCTR_IO_A_UNSPEC,
	KCTR_IO_A_PAD,
	KCTR_IO_A_DEVICE,	/* nest of the attributes below */
	KCTR_IO_A_MAJOR,	/* u32 */
	KCTR_IO_A_MINOR,	/* u32 */
	KCTR_IO_A_RBPS,		/* u64 */
	KCTR_IO_A_WBPS,		/* u64 */
	KCTR_IO_A_RIOPS,	/* u64 */
	KCTR_IO_A_WIOPS,	/* u64 */
	__KCTR_IO_A_MAX
};
#define KCTR_IO_A_MAX (__KCTR_IO_A_MAX - 1)

/* Capability sets, u64 bit masks of CAP_* numbers. */
enum kctr_caps_attr {
	KCTR_CAPS_A_UNSPEC,
	KCTR_CAPS_A_PAD,
	KCTR_CAPS_A_BOUNDING,
	KCTR_CAPS_A_EFFECTIVE,
	KCTR_CAPS_A_PERMITTED,
	KCTR_CAPS_A_INHERITABLE,
	KCTR_CAPS_A_AMBIENT,
	__KCTR_CAPS_A_MAX
};
#define KCTR_CAPS_A_MAX (__KCTR_CAPS_A_MAX - 1)

/* The container's cgroup, in GET replies: identity and live figures. */
enum kctr_cgroup_attr {
	KCTR_CG_A_UNSPEC,
	KCTR_CG_A_PAD,
	KCTR_CG_A_PATH,			/* string, in the caller's cgroup ns */
	KCTR_CG_A_ID,			/* u64, cgroup id (kernfs ino) */
	KCTR_CG_A_MEMORY_CURRENT,	/* u64, bytes */
	KCTR_CG_A_MEMORY_PEAK,		/* u64, bytes (if the kernel has it) */
	KCTR_CG_A_PIDS_CURRENT,		/* u64 */
	KCTR_CG_A_CPU_USAGE_USEC,	/* u64 */
	KCTR_CG_A_CPU_USER_USEC,	/* u64 */
	KCTR_CG_A_CPU_SYSTEM_USEC,	/* u64 */
	KCTR_CG_A_OOM,			/* u64, memory.events oom */
	KCTR_CG_A_OOM_KILL,		/* u64, memory.events oom_kill */
	KCTR_CG_A_IO_RBYTES,		/* u64, summed over devices */
	KCTR_CG_A_IO_WBYTES,		/* u64 */
	KCTR_CG_A_POPULATED,		/* u32, 0 or 1 */
	__KCTR_CG_A_MAX
};
#define KCTR_CG_A_MAX (__KCTR_CG_A_MAX - 1)

enum kctr_seccomp_attr {
	KCTR_SECCOMP_A_UNSPEC,
	KCTR_SECCOMP_A_INSNS,	/* u32, instructions in the program, 0: none */
	KCTR_SECCOMP_A_INIT_MODE,	/* u32, the init's seccomp mode now */
	__KCTR_SECCOMP_A_MAX
};
#define KCTR_SECCOMP_A_MAX (__KCTR_SECCOMP_A_MAX - 1)

/*
 * KCTR_A_NET: the container's network claim. IPv4 addresses are u32 in
 * network byte order (as in struct in_addr), the one exception to the
 * host byte order of every other integer.
 */
enum kctr_net_attr {
	KCTR_NET_A_UNSPEC,
	KCTR_NET_A_NETWORK,	/* string, 1..KCTR_NET_NAME_MAX: claim key */
	KCTR_NET_A_ADDR4,	/* be32, claimed per network */
	KCTR_NET_A_PREFIX,	/* u8, 0..32, informative */
	KCTR_NET_A_GATEWAY4,	/* be32, informative */
	KCTR_NET_A_MAC,		/* binary, 6 bytes, informative */
	KCTR_NET_A_PORT,	/* nest, KCTR_PORT_A_*, repeated */
	KCTR_NET_A_ANCHOR_FD,	/* u32, CREATE only */
	KCTR_NET_A_ANCHORED,	/* u8, GET only: 1 while the anchor is held */
	__KCTR_NET_A_MAX
};
#define KCTR_NET_A_MAX (__KCTR_NET_A_MAX - 1)

/* One published port of KCTR_A_NET. */
enum kctr_port_attr {
	KCTR_PORT_A_UNSPEC,
	KCTR_PORT_A_PROTO,	/* u8, IPPROTO_TCP or IPPROTO_UDP */
	KCTR_PORT_A_HOST_ADDR4,	/* be32, optional: 0 (default) = any */
	KCTR_PORT_A_HOST_PORT,	/* u16, 1..65535 */
	KCTR_PORT_A_CTR_PORT,	/* u16, 1..65535 */
	__KCTR_PORT_A_MAX
};
#define KCTR_PORT_A_MAX (__KCTR_PORT_A_MAX - 1)

enum kctr_event {
	KCTR_EVENT_CREATED = 1,
	KCTR_EVENT_STARTED,
	KCTR_EVENT_EXITED,
	KCTR_EVENT_OOM,
	KCTR_EVENT_REMOVED,
	__KCTR_EVENT_MAX
};
#define KCTR_EVENT_MAX (__KCTR_EVENT_MAX - 1)

#endif /* _UAPI_LINUX_KCTR_H */
