# Shared settings for kctr's scripts. Sourced, never executed.
# shellcheck shell=bash

KCTR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Slow artefacts (the debug kernel, the extracted source) live outside the
# checkout so that a fresh clone reuses them.
KCTR_CACHE=${KCTR_CACHE:-/var/cache/kctr}
DISTRO_KVER=${DISTRO_KVER:-6.12.117+deb12-amd64}

# The newest installed kernel release of a Debian series ("6.12", "6.1").
kctr_headers_release() {
	local series=$1 d
	for d in /usr/src/linux-headers-"$series".*-amd64; do
		[ -d "$d" ] && basename "$d" | sed 's/^linux-headers-//'
	done | sort -V | tail -n 1
}

kctr_log() {
	echo "[$(date +%H:%M:%S)] $*" >&2
}
