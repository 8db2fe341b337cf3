#!/bin/bash
# The escape attempts' verdicts, shared by 50-escape-classic (kctr spawn,
# kctr exec) and 66-oci-escape (through kctr-oci under podman): the
# helper's host side (escape_prepare), what each attempt of
# tools/escape/escape.c may answer, and check(). Sourced after lib.sh.

# escape_prepare: the host side of the attempts, in a new directory $work
# (0755; the caller removes it): $work/t/escape, the helper built static
# (for a read-only volume /t), $work/v (1777, for a writable volume /v),
# $work/marker (a file only the host has), $handle (the shocker's file
# handle of $work, the directory that holds the volumes) and $dev, a host
# device as b:MAJ:MIN (the first block device) or else c:4:64 (the serial
# console). A helper that does not build ends the test file, failed.
escape_prepare() {
	local out b
	work=$(mktemp -d)
	chmod 755 "$work"
	mkdir "$work/t" "$work/v"
	chmod 1777 "$work/v"
	if ! out=$(cc -static -O2 -o "$work/t/escape" \
		"$(dirname "${BASH_SOURCE[0]}")/tools/escape/escape.c" 2>&1); then
		rm -rf "$work"
		tap_fail "the escape helper builds" "$out"
		tap_diag "$SECONDS s"
		tap_done
	fi
	echo host-only >"$work/marker"
	handle=$("$work/t/escape" handle "$work")
	dev=c:4:64
	for b in /sys/class/block/*; do
		[ -r "$b/dev" ] || continue
		dev=b:$(<"$b/dev")
		break
	done
}

# What each attempt may answer. Anything that did not fail is ESCAPED.
declare -A want=(
	[cgroup1_none]='^refused:' [cgroup1_memory]='^refused:'
	[cgroup1_rdma]='^refused:'
	[release_agent]='^(refused|contained):'
	[notify_on_release]='^(refused|contained):'
	[sys_uevent_helper]='^refused:' [sys_kernel_knob]='^refused:(EROFS|EACCES)$'
	[sys_cgroup_procs]='^refused:' [sys_cgroup_mkdir]='^refused:'
	[sysrq_trigger]='^refused:' [kcore_read]='^(refused|contained):'
	[kallsyms_addresses]='^(refused|contained):'
	[core_pattern]='^refused:(EROFS|EACCES)$' [sysctl_modprobe]='^refused:'
	[proc_self_exe]='^refused:' [proc_1_exe]='^refused:'
	[proc_1_exe_reopen]='^refused:'
	[dev_kmsg]='^refused:' [syslog_read]='^refused:'
	[mount_proc]='^refused:' [mount_tmpfs]='^refused:'
	[umount_masked]='^refused:' [remount_sys_rw]='^refused:'
	[fsopen]='^refused:' [open_tree]='^refused:' [pivot_root]='^refused:'
	[unshare_mnt]='^refused:' [unshare_user]='^refused:'
	[unshare_net]='^refused:' [clone_newuser]='^refused:'
	[setns_mnt]='^refused:' [setns_user]='^refused:'
	[keyctl_session]='^refused:' [add_key]='^refused:'
	[open_by_handle_at]='^refused:'
	[kill_host_0]='^refused:ESRCH$' [ptrace_host_0]='^refused:ESRCH$'
	[kill_host_1]='^refused:ESRCH$' [ptrace_host_1]='^refused:ESRCH$'
	[proc_pids]='^contained:'
	[io_uring_setup]='^refused:(EPERM|ENOSYS)$'
	[init_module]='^refused:(EPERM|ENOSYS)$'
	[finit_module]='^refused:(EPERM|ENOSYS)$'
	[delete_module]='^refused:(EPERM|ENOSYS)$'
	[reboot]='^refused:(EPERM|ENOSYS)$' [swapon]='^refused:(EPERM|ENOSYS)$'
	[clock_settime]='^refused:(EPERM|ENOSYS)$'
	[settimeofday]='^refused:(EPERM|ENOSYS)$'
	[chroot_breakout]='^refused:EXDEV$' [host_marker]='^refused:ENOENT$'
	[mknod_dev]='^refused:' [mknod_tmp]='^refused:' [mknod_v]='^refused:'
	[raw_net]='^contained:lo,$'
)

# check LABEL OUTPUT [NAME=REGEX...]: every attempt answered as wanted
# (or as the overrides say), and the helper ran to its end.
check() {
	local label=$1 out=$2 name res
	local -A got=() w=()
	shift 2
	for name in "${!want[@]}"; do
		w[$name]=${want[$name]}
	done
	for name in "$@"; do
		w[${name%%=*}]=${name#*=}
	done
	while read -r name res; do
		got[$name]=$res
	done <<<"$out"
	if [ "${got[done]+set}" != set ]; then
		tap_fail "$label: the helper ran to its end" "$out"
		return
	fi
	for name in $(printf '%s\n' "${!w[@]}" | sort); do
		[ -n "${w[$name]}" ] || continue
		tap_like "${got[$name]:-missing}" "${w[$name]}" "$label: $name"
	done
	for name in "${!got[@]}"; do
		[ "${w[$name]+set}" = set ] || [[ ${got[$name]} != ESCAPED:* ]] ||
			tap_fail "$label: $name" "${got[$name]}"
	done
}

