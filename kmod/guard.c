// SPDX-License-Identifier: GPL-2.0
/*
 * The module's own checks of the processes that JOIN and START.
 *
 * JOIN commits new creds to the calling thread, so it must be a plain
 * userspace thread acting with its own creds (commit_creds() BUGs when
 * they are overridden, as io_uring does for a registered personality),
 * and alone in its process (creds and no_new_privs are per thread).
 * START commits the creds instead with KCTR_F_ALLOW_NEW_PRIVS, so it
 * refuses overridden creds too.
 *
 * START can see how many seccomp filters the thread has, not which ones:
 * struct seccomp_filter is private to kernel/seccomp.c and nothing
 * exported compares programs, so "exactly one filter added by the thread
 * that joined" is what is verified. With KCTR_F_VERIFY_CONTAINMENT it
 * also checks that the process holds nothing that leads out of its root
 * (a directory fd or its cwd) and cannot be inspected through /proc.
 */
#include <linux/bpf.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/seccomp.h>

#include "cgroup.h"
#include "guard.h"
#include "limits.h"

const char *kctr_join_refusal(const struct kctr_join_facts *f)
{
	if (f->kthread || f->io_worker)
		return "JOIN from a kernel thread or an io_uring worker";
	if (f->creds_overridden)
		return "JOIN with overridden credentials (e.g. an io_uring personality)";
	if (f->nr_threads != 1)
		return "JOIN from a multi-threaded process: the caller must be single-threaded";
	return NULL;
}

const char *kctr_start_refusal(const struct kctr_start_facts *f)
{
	if (!f->same_thread)
		return "START from another thread than the one that sent JOIN";
	if (f->creds_overridden)
		return "START with overridden credentials (e.g. an io_uring personality)";
	if (f->nr_threads != 1)
		return "START from a multi-threaded process: the caller must be single-threaded";
	if (!f->has_prog)
		return NULL;
	if (f->seccomp_mode != SECCOMP_MODE_FILTER ||
	    f->filters_now == f->filters_before)
		return "seccomp filter not installed";
	if (f->filters_now != f->filters_before + 1)
		return "more than one seccomp filter added since JOIN";
	return NULL;
}

bool kctr_dumpable_refused(int mode)
{
	return mode == SUID_DUMP_USER;
}

void kctr_join_facts_current(struct kctr_join_facts *f)
{
	f->creds_overridden = current->cred != current->real_cred;
	f->io_worker = current->flags & PF_IO_WORKER;
	f->kthread = current->flags & PF_KTHREAD;
	f->nr_threads = get_nr_threads(current);
}

int kctr_seccomp_filters_current(void)
{
#ifdef CONFIG_SECCOMP_FILTER
	return atomic_read(&current->seccomp.filter_count);
#else
	return 0;
#endif
}

int kctr_seccomp_mode_current(void)
{
#ifdef CONFIG_SECCOMP
	return READ_ONCE(current->seccomp.mode);
#else
	return 0;
#endif
}

int kctr_guard_join(struct netlink_ext_ack *extack)
{
	struct kctr_join_facts f;
	const char *msg;

	kctr_join_facts_current(&f);
	msg = kctr_join_refusal(&f);
	if (!msg)
		return 0;
	kctr_set_err(extack, NULL, msg);
	return -EPERM;
}

/* iterate_fd() callback, under files->file_lock: fd + 1 of a dir outside */
static int kctr_dir_outside(const void *root, struct file *file,
			    unsigned int fd)
{
	if (!S_ISDIR(file_inode(file)->i_mode))
		return 0;
	if (path_is_under(&file->f_path, root))
		return 0;
	return fd + 1;
}

int kctr_guard_containment(struct netlink_ext_ack *extack)
{
	struct path root, pwd;
	bool pwd_inside;
	int bad;

	if (!current->fs || !current->mm) {
		NL_SET_ERR_MSG(extack, "START from a process without its own fs or mm");
		return -EPERM;
	}
	get_fs_root(current->fs, &root);
	get_fs_pwd(current->fs, &pwd);
	pwd_inside = path_is_under(&pwd, &root);
	bad = iterate_fd(current->files, 0, kctr_dir_outside, &root);
	path_put(&pwd);
	path_put(&root);
	if (bad) {
#ifdef NL_SET_ERR_MSG_FMT
		NL_SET_ERR_MSG_FMT(extack,
				   "containment: fd %d is a directory outside the process's root",
				   bad - 1);
#else
		NL_SET_ERR_MSG(extack,
			       "containment: an open fd is a directory outside the process's root");
#endif
		return -EPERM;
	}
	if (!pwd_inside) {
		NL_SET_ERR_MSG(extack,
			       "containment: the working directory is outside the process's root");
		return -EPERM;
	}
	if (kctr_dumpable_refused(get_dumpable(current->mm))) {
		NL_SET_ERR_MSG(extack,
			       "containment: the process is dumpable (PR_SET_DUMPABLE 0 first)");
		return -EPERM;
	}
	return 0;
}

u32 kctr_cgroup_device_prog_id(const struct kctr_cgroup *cg)
{
	u32 id = 0;
#ifdef CONFIG_CGROUP_BPF
	struct bpf_prog_array_item *item;
	struct bpf_prog_array *progs;

	if (!cg->cgrp)
		return 0;
	rcu_read_lock();
	progs = rcu_dereference(cg->cgrp->bpf.effective[CGROUP_DEVICE]);
	/* the array ends at a NULL prog; skip a detached one's dummy */
	for (item = progs ? progs->items : NULL; item && item->prog; item++) {
		if (item->prog->aux && item->prog->aux->id) {
			id = item->prog->aux->id;
			break;
		}
	}
	rcu_read_unlock();
#endif
	return id;
}
