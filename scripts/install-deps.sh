#!/bin/bash
# Install every Debian package kctr needs to build, boot its VMs and run
# its tests. Idempotent: packages already present are not touched and
# apt-get update runs only when something is missing (and the package
# lists are older than an hour).
#
#   install-deps.sh [kernel-build]
#
# kernel-build: only what scripts/build-debug-kernel.sh needs, so that
# test-all.sh can start that long build before the rest is downloaded.
set -euo pipefail

KERNEL_BUILD_PACKAGES=(
	build-essential bc bison flex cpio kmod xz-utils zstd
	libelf-dev libssl-dev dwarves rsync python3 linux-source-6.12 ccache
)
PACKAGES=(
	"${KERNEL_BUILD_PACKAGES[@]}"
	pkg-config python3-yaml python3-jsonschema
	linux-headers-6.12-amd64 linux-image-6.12-amd64
	linux-headers-amd64
	qemu-system-x86 busybox-static
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libseccomp-dev libcap-dev
	# nft to look at nf_tables in tests; libnftnl to read lib/nft.c's batch
	# back (tests/unit/nft_test.c) and for tests/e2e/tools/nft_anchor.c
	libnftnl-dev libmnl-dev nftables
	golang-github-containers-common
	sparse
	dkms
	# man and col: tests/unit/cli_docs_test.sh reads kctr.8 as rendered
	man-db bsdextrautils
	# The OCI engines and image tools the e2e tests drive inside the
	# distro VMs (tests/e2e/oci-lib.sh); never run as services here.
	podman conmon containerd docker.io umoci catatonit
	containernetworking-plugins crun runc skopeo
	# scripts/vm-bench.sh: the timer and the third runtime it compares with
	hyperfine bubblewrap
	# tests/e2e/67-oci-apparmor.sh: apparmor_parser loads a profile in
	# the guest (this machine's kernel has no AppArmor: nothing loads here)
	apparmor
)

case "${1:-}" in
"") ;;
kernel-build) PACKAGES=("${KERNEL_BUILD_PACKAGES[@]}") ;;
*)
	echo "usage: install-deps.sh [kernel-build]" >&2
	exit 2
	;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages (${missing[*]}) and not root" >&2
	exit 1
fi

# containerd and docker.io ship daemons whose postinst would start them:
# no engine daemon may ever run on this machine, only inside the VMs. A
# /usr/sbin/policy-rc.d that exits 101 makes invoke-rc.d and
# deb-systemd-invoke refuse every start during the install. One already
# there (a Docker-built image has one) is kept as it is; ours is removed
# afterwards.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# install-deps.sh: no service starts\nexit 101\n' \
		>"$policy.kctr"
	chmod 755 "$policy.kctr"
	mv "$policy.kctr" "$policy"
	trap 'rm -f "$policy"' EXIT
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 |
	grep -q .; then
	apt-get update -q >&2
fi
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
