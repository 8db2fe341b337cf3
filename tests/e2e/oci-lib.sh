#!/bin/bash
# The OCI engines for the e2e tests (sourced after lib.sh by
# tests/e2e/6x-oci-*.sh). Inside the guest only: its root is the host's,
# read-only, so every engine gets its state on tmpfs, in one directory
# per test ($OCI_STATE), and the daemons run for the test alone.
#
#   oci_setup ENGINE...   podman, containerd and/or docker: state dirs,
#                         config files, the daemons started (waited for on
#                         their socket and a real request, never a sleep)
#                         and the busybox image imported as $OCI_IMAGE.
#                         Also registers oci_cleanup on EXIT. Another
#                         call adds engines to the same $OCI_STATE.
#   oci_podman ARGS...    podman --runtime $OCI_RUNTIME ARGS
#   oci_ctr ARGS...       ctr on the test's containerd, namespace kctr-test;
#                         `oci_ctr run ...` gets --runc-binary $OCI_RUNTIME
#   oci_docker ARGS...    Debian's docker CLI on the test's dockerd, which
#                         knows $OCI_RUNTIME as the runtime "oci-test":
#                         use `oci_docker run --runtime oci-test ...`
#   oci_cleanup           stops the daemons, unmounts, removes $OCI_STATE
#   oci_wait S CMD...     poll CMD until it succeeds, for at most S seconds
#                         of wall time
#
# OCI_RUNTIME: the runtime every engine is pointed at; default kctr-oci
# beside $KCTR (scripts/vm-run.sh copies it there) or in userspace/.
# Logs: $OCI_STATE/<engine>/*.log, copied to $KCTR_RESULTS by oci_cleanup.

OCI_IMAGE=localhost/busybox:latest
OCI_STATE=
OCI_DOCKER_RUNTIME=oci-test
OCI_CTR_NS=kctr-test
OCI_DAEMON_TIMEOUT=${OCI_DAEMON_TIMEOUT:-120}
_oci_pids=()

oci_default_runtime() {
	local f
	for f in "$(dirname "${KCTR:-/nonexistent}")/kctr-oci" \
		"$KCTR_ROOT/userspace/oci/kctr-oci" "$KCTR_ROOT/userspace/kctr-oci"; do
		[ -x "$f" ] && { echo "$f"; return 0; }
	done
	command -v kctr-oci
}
OCI_RUNTIME=${OCI_RUNTIME:-$(oci_default_runtime)}

oci_wait() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# --- podman: no daemon; config and storage through two files --------------
# Debian's containers.conf with the state moved to tmpfs: the same
# defaults a Debian user has (capabilities, sysctls), cgroupfs (no systemd
# in the guest), events to a file (no journald).
_oci_podman_conf() {
	local p=$1 src=/usr/share/containers/containers.conf
	awk -v p="$p" '
	function extra(sec) {
		if (sec == "engine") {
			print "cgroup_manager = \"cgroupfs\""
			print "events_logger = \"file\""
			print "events_logfile_path = \"" p "/events.log\""
			print "tmp_dir = \"" p "/tmp\""
			print "volume_path = \"" p "/volumes\""
		} else if (sec == "network") {
			print "network_config_dir = \"" p "/networks\""
		}
		seen[sec] = 1
	}
	/^\[[a-z]+\]$/ { print; extra(substr($0, 2, length($0) - 2)); next }
	{ print }
	END {
		if (!seen["engine"]) { print "[engine]"; extra("engine") }
		if (!seen["network"]) { print "[network]"; extra("network") }
	}' "$([ -f "$src" ] && echo "$src" || echo /dev/null)" >"$p/containers.conf"
	cat >"$p/storage.conf" <<EOS
[storage]
driver = "overlay"
runroot = "$p/runroot"
graphroot = "$p/root"
EOS
	mkdir -p "$p/tmp" "$p/volumes" "$p/networks" "$p/root" "$p/runroot"
}

oci_podman() {
	CONTAINERS_CONF=$OCI_STATE/podman/containers.conf \
	CONTAINERS_STORAGE_CONF=$OCI_STATE/podman/storage.conf \
		podman --runtime "$OCI_RUNTIME" "$@"
}

_oci_setup_podman() {
	mkdir -p "$OCI_STATE/podman"
	_oci_podman_conf "$OCI_STATE/podman"
	oci_podman import --change CMD=/bin/sh "$OCI_IMAGES/busybox-rootfs.tar" \
		"$OCI_IMAGE" >"$OCI_STATE/podman/import.log" 2>&1 || {
		tap_diag "podman import failed:" "$(cat "$OCI_STATE/podman/import.log")"
		return 1
	}
}

# --- containerd ---------------------------------------------------------------
_oci_ctr_sock() { echo "$OCI_STATE/containerd/containerd.sock"; }

oci_ctr() {
	if [ "${1:-}" = run ]; then
		shift
		ctr --address "$(_oci_ctr_sock)" --namespace "$OCI_CTR_NS" \
			run --runc-binary "$OCI_RUNTIME" "$@"
	else
		ctr --address "$(_oci_ctr_sock)" --namespace "$OCI_CTR_NS" "$@"
	fi
}

_oci_ctr_ready() {
	[ -S "$(_oci_ctr_sock)" ] && ctr --address "$(_oci_ctr_sock)" version
}

# $1: a daemon's pid (our child); fails once it has exited, zombie or gone
# (kill -0 alone still succeeds on an unreaped zombie).
_oci_alive() {
	[ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
}

_oci_start_containerd() {
	local c=$OCI_STATE/containerd pid
	[ -S "$(_oci_ctr_sock)" ] && return 0
	mkdir -p "$c/root" "$c/state" "$c/opt"
	# CRI off: nothing here uses it and it is the slowest plugin to start.
	cat >"$c/config.toml" <<EOS
version = 2
root = "$c/root"
state = "$c/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$c/containerd.sock"
[ttrpc]
  address = "$c/containerd.sock.ttrpc"
[debug]
  address = "$c/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$c/opt"
EOS
	containerd --config "$c/config.toml" >"$c/containerd.log" 2>&1 &
	pid=$!
	_oci_pids+=("$pid")
	echo "$pid" >"$c/pid"
	if ! oci_wait "$OCI_DAEMON_TIMEOUT" _oci_ready_or_dead "$pid" _oci_ctr_ready ||
		! _oci_alive "$pid"; then
		tap_diag "containerd did not come up:" "$(tail -n 20 "$c/containerd.log")"
		return 1
	fi
}

# $1 pid, $2... readiness check: succeeds when ready or when the daemon
# died (the caller tells which), so no wait outlives its daemon.
_oci_ready_or_dead() {
	local pid=$1
	shift
	! _oci_alive "$pid" || "$@"
}

_oci_setup_containerd() {
	_oci_start_containerd || return 1
	oci_ctr images import --base-name localhost/busybox \
		"$OCI_IMAGES/busybox-oci.tar" >"$OCI_STATE/containerd/import.log" 2>&1 || {
		tap_diag "ctr images import failed:" "$(cat "$OCI_STATE/containerd/import.log")"
		return 1
	}
}

# --- Docker -----------------------------------------------------------------
# Debian's CLI (/usr/bin/docker), not another one earlier in PATH.
_oci_docker_sock() { echo "$OCI_STATE/docker/docker.sock"; }

oci_docker() {
	DOCKER_CONFIG=$OCI_STATE/docker/cli \
		/usr/bin/docker -H "unix://$(_oci_docker_sock)" "$@"
}

_oci_docker_ready() {
	[ -S "$(_oci_docker_sock)" ] && oci_docker version
}

# dockerd on the test's containerd with its docker0 bridge (the default
# network, set up by Docker's prestart hook), but no iptables rules
# (OCI-NOTES 6): the guest has no network beyond it to reach. Its trust key goes to
# tmpfs too (the default, /etc/docker/key.json, is on the read-only root).
_oci_setup_docker() {
	local d=$OCI_STATE/docker pid
	_oci_start_containerd || return 1
	mkdir -p "$d/root" "$d/exec" "$d/cli"
	# The trust key's path is a daemon.json key only, no flag.
	printf '{ "deprecated-key-path": "%s" }\n' "$d/key.json" >"$d/daemon.json"
	dockerd --config-file "$d/daemon.json" --data-root "$d/root" --exec-root "$d/exec" \
		-H "unix://$(_oci_docker_sock)" --pidfile "$d/dockerd.pid" \
		--containerd "$(_oci_ctr_sock)" --iptables=false \
		--ip-masq=false --userland-proxy=false \
		--add-runtime "$OCI_DOCKER_RUNTIME=$OCI_RUNTIME" \
		>"$d/dockerd.log" 2>&1 &
	pid=$!
	_oci_pids+=("$pid")
	echo "$pid" >"$d/pid"
	if ! oci_wait "$OCI_DAEMON_TIMEOUT" _oci_ready_or_dead "$pid" _oci_docker_ready ||
		! _oci_alive "$pid"; then
		tap_diag "dockerd did not come up:" "$(tail -n 20 "$d/dockerd.log")"
		return 1
	fi
	oci_docker import --change 'CMD ["/bin/sh"]' "$OCI_IMAGES/busybox-rootfs.tar" \
		"$OCI_IMAGE" >"$d/import.log" 2>&1 || {
		tap_diag "docker import failed:" "$(cat "$d/import.log")"
		return 1
	}
}

# --- setup and cleanup ----------------------------------------------------------
oci_setup() {
	local e
	if [ -z "$OCI_RUNTIME" ] || [ ! -x "$OCI_RUNTIME" ]; then
		tap_diag "no OCI runtime (OCI_RUNTIME=$OCI_RUNTIME)"
		return 1
	fi
	# The host's cache, read-only here; built on tmpfs if it is missing.
	OCI_IMAGES=$("$KCTR_ROOT/scripts/mk-oci-images.sh" 2>/dev/null) ||
		OCI_IMAGES=$(KCTR_CACHE=/var/tmp/kctr-cache \
			"$KCTR_ROOT/scripts/mk-oci-images.sh") || return 1
	if [ -z "$OCI_STATE" ]; then
		OCI_STATE=$(mktemp -d /var/lib/kctr-oci-test.XXXXXX)
		trap oci_cleanup EXIT
	fi
	for e; do
		case "$e" in
		podman | containerd | docker) "_oci_setup_$e" || return 1 ;;
		*) tap_diag "oci_setup: unknown engine $e"; return 1 ;;
		esac
	done
}

_oci_kill_state_procs() {
	local p
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = $$ ] && continue
		grep -qsF "$OCI_STATE" "$p/cmdline" && kill -KILL "${p#/proc/}" 2>/dev/null
	done
}

oci_cleanup() {
	local i pid m
	[ -n "$OCI_STATE" ] && [ -d "$OCI_STATE" ] || return 0
	[ -d "$OCI_STATE/podman" ] && oci_podman rm -af -t 0 >/dev/null 2>&1
	# dockerd first (it uses containerd), then containerd; each waited for.
	for ((i = ${#_oci_pids[@]} - 1; i >= 0; i--)); do
		pid=${_oci_pids[i]}
		kill -TERM "$pid" 2>/dev/null || continue
		oci_wait 30 eval '! _oci_alive "$pid"' || kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	_oci_pids=()
	# Shims outlive containerd on purpose; ours (their command lines
	# name $OCI_STATE) go with the test.
	_oci_kill_state_procs
	# Overlay and shm mounts the engines left, deepest first.
	# (A pipe, not <(...): the guest's devtmpfs has no /dev/fd.)
	awk -v s="$OCI_STATE" 'index($5, s) == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r m; do
			umount -l "$m" 2>/dev/null
		done
	if [ -n "${KCTR_RESULTS:-}" ] && [ -d "$KCTR_RESULTS" ]; then
		for m in "$OCI_STATE"/*/*.log; do
			[ -f "$m" ] || continue
			mkdir -p "$KCTR_RESULTS/oci-logs"
			cp "$m" "$KCTR_RESULTS/oci-logs/$(basename "$(dirname "$m")")-${m##*/}"
		done
	fi
	rm -rf "$OCI_STATE"
	OCI_STATE=
}

# ---- Hand-made bundles, without an engine (60, 61, 67) ----
# The test sets OCI (the runtime), ROOT (its --root), W (its work
# directory) and P (its containers' prefix); TOOLS is tests/e2e/tools.
#   oci ARGS...            $OCI --root $ROOT ARGS
#   is_oci_status NAME S   `oci state NAME` says status S (no python:
#                          wait_until calls it ten times a second)
#   oci_unpack_busybox     the busybox root file system into $W/rootfs,
#                          once; a test that cannot have it fails here
#   bundle NAME [PATCH]    $W/NAME: config.json (oci_bundle.py's default
#                          with the JSON PATCH merged) and its own rootfs
#   create_ok NAME         create $P-NAME from $W/NAME, its pid file
#                          $W/NAME.pid, stdout and stderr to $W/NAME.out
#                          and .err (files the init keeps: never a pipe
#                          the test would wait on)
#   oci_delete_all         delete --force of every container in $ROOT
TOOLS=$KCTR_ROOT/tests/e2e/tools

oci() {
	"$OCI" --root "$ROOT" "$@"
}

is_oci_status() {
	[[ "$(oci state "$1" 2>/dev/null)" == *"\"status\": \"$2\""* ]]
}

oci_unpack_busybox() {
	local images
	images=$("$KCTR_ROOT/scripts/mk-oci-images.sh" 2>/dev/null) ||
		images=$(KCTR_CACHE=/var/tmp/kctr-cache "$KCTR_ROOT/scripts/mk-oci-images.sh")
	mkdir -p "$W/rootfs"
	tar -C "$W/rootfs" -xf "$images/busybox-rootfs.tar" || {
		tap_fail "unpack the busybox root file system" "$images"
		tap_done
	}
}

bundle() {
	mkdir -p "$W/$1"
	[ -d "$W/$1/rootfs" ] || cp -a "$W/rootfs" "$W/$1/rootfs"
	"$TOOLS/oci_bundle.py" "$W/$1" "${2:-{\}}"
}

create_ok() {
	oci create --bundle "$W/$1" --pid-file "$W/$1.pid" "$P-$1" \
		>"$W/$1.out" 2>"$W/$1.err"
}

oci_delete_all() {
	local d
	for d in "$ROOT"/*/; do
		[ -d "$d" ] && oci delete --force "$(basename "$d")" >/dev/null 2>&1
	done
}
