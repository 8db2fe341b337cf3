# Shared settings for kctr's scripts. Sourced, never executed.
# shellcheck shell=bash

KCTR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Slow artefacts (the debug kernel, the extracted source) live outside the
# checkout so that a fresh clone reuses them.
KCTR_CACHE=${KCTR_CACHE:-/var/cache/kctr}

# The newest installed kernel release of a Debian series ("6.12", "6.1").
kctr_headers_release() {
	local series=$1 d
	for d in /usr/src/linux-headers-"$series".*-amd64; do
		[ -d "$d" ] && basename "$d" | sed 's/^linux-headers-//'
	done | sort -V | tail -n 1
}

# The distro VM's kernel: $DISTRO_KVER if set, else the newest 6.12
# release installed with both its image and its headers (the module is
# built against those headers). Never a fixed release: Debian's point
# releases replace the package (6.12.117 became 6.12.118), and a new
# machine gets only the newest. Call it after scripts/install-deps.sh.
kctr_distro_kver() {
	local rel d
	if [ -n "${DISTRO_KVER:-}" ]; then
		echo "$DISTRO_KVER"
		return 0
	fi
	for d in /usr/src/linux-headers-6.12.*-amd64; do
		rel=${d#/usr/src/linux-headers-}
		[ -d "$d" ] && [ -e "/boot/vmlinuz-$rel" ] && echo "$rel"
	done | sort -V | tail -n 1
}

kctr_log() {
	echo "[$(date +%H:%M:%S)] $*" >&2
}
