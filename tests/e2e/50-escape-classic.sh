#!/bin/bash
# The classic container escapes, tried for real from inside: cgroup v1
# release_agent, /sys and /proc writes, sysrq, kcore, kallsyms, mount,
# unshare and setns tricks, keyrings, open_by_handle_at (shocker), host
# processes, io_uring, module calls, reboot, swapon, clock setting, the
# double chroot, device nodes, raw sockets, the kernel log. Each attempt
# must fail, by default, with --userns, with --no-init, with --cap-add of
# the capabilities that would otherwise open the way, and from a process
# of kctr exec. tools/escape/escape.c makes every attempt in one run and
# prints one line per attempt; this script says which results each may
# have. Two runs without the filter (--seccomp unconfined) show that the
# calls the filter refuses do reach the kernel otherwise, so a refusal in
# the other runs is the filter's, not a missing capability's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"
. "$(dirname "$0")/escape-lib.sh"

escape_prepare
trap '"$KCTR" rm -f "${SP_PFX}x" "${SP_PFX}xu" >/dev/null 2>&1; rm -rf "$work"' EXIT

# The other container: kctr exec runs the attempts in it, and its init
# is one more pid outside every other container.
other=$("$KCTR" spawn -d --name "${SP_PFX}x" -v "$work/t:/t:ro" \
	-v "$work/v:/v" -- /bin/sleep 1000)
otheru=$("$KCTR" spawn -d --userns --name "${SP_PFX}xu" \
	-v "$work/t:/t:ro" -v "$work/v:/v" -- /bin/sleep 1000)
wait_state "${SP_PFX}x" running 60
wait_state "${SP_PFX}xu" running 60
other_pid=$(init_pid "${SP_PFX}x")
tap_like "$other$otheru" '^[0-9]+[0-9]+$' "the containers for kctr exec started"

args=(-- /t/escape -m "$work/marker" -p $$ -p "$other_pid" -V /v
	-N "$(stat -L -c %i /proc/self/ns/net)"
	-H "$handle" -d "$dev" -D /dev -D /tmp -D /v)
vols=(-v "$work/t:/t:ro" -v "$work/v:/v")

# try SPAWN-OPTS... : one container makes every attempt.
try() {
	"$KCTR" spawn --rm "${vols[@]}" -e KCTR_ESCAPE_INSIDE=1 "$@" \
		"${args[@]}" 2>&1
}

out=$(try)
tap_diag "the default run: $(echo $out)"
check default "$out"
check --userns "$(try --userns)"
check --no-init "$(try --no-init)"
# The debug VMs (KASAN, lockdep, kmemleak, ten times slower) run the
# configurations that take different kernel paths: default, --userns,
# --no-init, exec. The --cap-add and unconfined runs differ only in the
# filter's and the capabilities' answers, which the distro VMs check.
full=1
[ "$KCTR_VM" = debug ] && full=0
if [ $full = 1 ]; then
	# Capabilities that would open the way if the filter let the calls through.
	check "--cap-add SYS_ADMIN" "$(try --cap-add SYS_ADMIN)"
	check "--cap-add SYS_MODULE" "$(try --cap-add SYS_MODULE)"
	check "--cap-add SYS_PTRACE" "$(try --cap-add SYS_PTRACE)"
	# Every capability (DAC_READ_SEARCH for the shocker, SYS_BOOT, SYS_TIME,
	# SYSLOG, ...): only the filter, the masks and the read-only mounts
	# stand. What the user granted by name is granted, as in moby's profile:
	# CAP_SYSLOG shows kallsyms' addresses and the kernel log, as it does on
	# the host; CAP_SYS_TIME and CAP_SYS_BOOT let the clock calls and reboot
	# through the filter to the kernel, which refuses their invalid
	# arguments (EINVAL, not the filter's EPERM; reboot in a pid namespace
	# would only end the container).
	check "--cap-add ALL" "$(try --cap-add ALL)" kallsyms_addresses=. \
		syslog_read=. 'clock_settime=^refused:EINVAL$' \
		'settimeofday=^refused:EINVAL$' 'reboot=^refused:EINVAL$'
fi
in_exec() {
	"$KCTR" exec -e KCTR_ESCAPE_INSIDE=1 "$1" "${args[@]}" 2>&1
}
check exec "$(in_exec "${SP_PFX}x")"
check "exec --userns" "$(in_exec "${SP_PFX}xu")"

# Without the filter the same calls reach the kernel: with the default
# capabilities, keyrings and user namespaces work, an invalid time is
# EINVAL; with the capabilities, the module calls get past their checks
# to the argument errors, mount and unshare succeed, the shocker opens
# the host directory. So EPERM above is the filter's.
only() {
	local n
	for n in "${!want[@]}"; do
		echo "$n="
	done
	printf '%s\n' "$@"
}
if [ $full = 1 ]; then
	ring='^ESCAPED:'
	[ "$(cat /proc/sys/kernel/io_uring_disabled 2>/dev/null || echo 0)" = 0 ] ||
		ring=
	mapfile -t o <<<"$(only keyctl_session='^ESCAPED:' add_key='^ESCAPED:' \
		unshare_user='^ESCAPED:' clone_newuser='^ESCAPED:' \
		clock_settime='^refused:EINVAL$' settimeofday='^refused:EINVAL$' \
		io_uring_setup="$ring")"
	check "unconfined (reaches the kernel)" \
		"$(try --seccomp unconfined -e KCTR_ESCAPE_PROBE=1)" "${o[@]}"
	mapfile -t o <<<"$(only init_module='^refused:ENOEXEC$' \
		finit_module='^refused:EBADF$' delete_module='^refused:ENOENT$' \
		reboot='^refused:EINVAL$' swapon='^refused:ENOENT$' \
		mount_proc='^ESCAPED:' fsopen='^ESCAPED:' pivot_root='^refused:ENOENT$' \
		unshare_mnt='^ESCAPED:' unshare_net='^ESCAPED:' \
		open_by_handle_at='^ESCAPED:' syslog_read='^ESCAPED:')"
	check "unconfined, capabilities (reaches the kernel)" \
		"$(try --seccomp unconfined -e KCTR_ESCAPE_PROBE=1 \
			--cap-add SYS_ADMIN,SYS_MODULE,SYS_BOOT,SYSLOG,DAC_READ_SEARCH)" \
		"${o[@]}"
	[ "$ring" ] || tap_skip "io_uring_setup without the filter" \
		"kernel.io_uring_disabled is set"
fi
tap_diag "$SECONDS s"
tap_done
