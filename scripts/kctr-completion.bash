# SPDX-License-Identifier: GPL-2.0
# bash completion for kctr(8): source it, or install it as
# /usr/share/bash-completion/completions/kctr.

_kctr_names() {
	# $1: "-a" for stopped containers too
	kctr list $1 2>/dev/null | awk 'NR > 1 { print $2 }'
}

_kctr() {
	local cur prev words cword cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="spawn exec image list ps inspect ns top logs stats kill stop rm events version"

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "-j --json -h --help --version $commands" -- "$cur"))
		return
	fi

	case "$cmd:$prev" in
	kill:-s | kill:--signal)
		COMPREPLY=($(compgen -W "HUP INT QUIT KILL USR1 USR2 TERM CONT STOP WINCH" -- "$cur"))
		return ;;
	events:-f | events:--filter)
		COMPREPLY=($(compgen -W "name= id= event=created event=started event=exited event=oom event=removed" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	spawn:--seccomp)
		COMPREPLY=($(compgen -W "default unconfined" -f -- "$cur"))
		return ;;
	spawn:--net)
		COMPREPLY=($(compgen -W "none host" -- "$cur"))
		return ;;
	spawn:--ns)
		COMPREPLY=($(compgen -W "mnt pid net ipc uts user cgroup time" -- "$cur"))
		return ;;
	spawn:--rootfs | spawn:-w | spawn:--workdir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	spawn:--image)
		COMPREPLY=($(compgen -W "busybox $(kctr image ls 2>/dev/null | awk 'NR > 1 { print $1 }')" -- "$cur"))
		return ;;
	spawn:--cap-add | spawn:--cap-drop)
		COMPREPLY=($(compgen -W "ALL CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE SYS_ADMIN SYS_PTRACE NET_ADMIN SYS_TIME SYS_NICE SYS_RESOURCE" -- "$cur"))
		return ;;
	stop:-t | stop:--time | stats:-i | stats:--interval | events:-n | events:--count | events:--ready-fd)
		return ;;
	esac

	local opts=""
	case $cmd in
	spawn) opts="--image --rootfs --name --rm -d --detach -i --interactive -t --tty
		--hostname -e --env -w --workdir -u --user --memory --memory-high
		--memory-low --memory-min --memory-swap --cpus --cpu-weight
		--cpuset-cpus --cpuset-mems --pids-limit --io-max --cap-add
		--cap-drop --seccomp --userns --ns --net --read-only -v --volume
		--tmpfs --mount --sysctl --device --no-init --help" ;;
	exec) opts="-i -t -u -e -w --help" ;;
	image) opts="import ls rm --help" ;;
	list | ps) opts="-a --all -q --quiet -j --json --help" ;;
	kill) opts="-s --signal -a --all --help" ;;
	stop) opts="-t --time --help" ;;
	rm) opts="-f --force --help" ;;
	logs) opts="-f --follow --help" ;;
	stats) opts="-w --watch -i --interval -j --json --help" ;;
	events) opts="-f --filter -n --count --ready-fd -j --json --help" ;;
	inspect | ns | top | version) opts="-j --json --help" ;;
	*) opts="--help" ;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	exec | top | ps | kill | stop | stats)
		COMPREPLY=($(compgen -W "$(_kctr_names)" -- "$cur")) ;;
	inspect | ns | rm | logs)
		COMPREPLY=($(compgen -W "$(_kctr_names -a)" -- "$cur")) ;;
	esac
}
complete -F _kctr kctr
