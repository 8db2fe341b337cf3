#!/bin/bash
# README command #1: from a bare Debian 12 machine to a container started
# by kctr.ko, in the distro VM. Installs what is missing, builds kctr.ko
# for Debian's 6.12 kernel and the kctr tool, boots the VM, loads the
# module, and runs "kctr version" and "kctr spawn" on the default image.
# Exits with the status of the commands in the guest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KCTR_ROOT"

kctr_log "installing dependencies"
scripts/install-deps.sh
kctr_log "building kctr.ko for $(kctr_distro_kver)"
mkdir -p build
ko=$(scripts/build-kmod.sh 6.12 "$KCTR_ROOT/build/kctr-main-job.ko")
kctr_log "building kctr"
make -s -C userspace

# The guest runner has already loaded kctr.ko when this runs.
# shellcheck disable=SC2016
guest_cmd='set -x
lsmod | grep -w kctr
kctr version
kctr spawn --rm --name hello -- /bin/sh -c '\''echo hello from kctr; hostname; ps; cat /proc/self/status | grep -E "^(Cap|Seccomp)"'\''
kctr list -a'

kctr_log "booting the distro VM"
KCTR_NO_BUILD=1 KCTR_KO=$ko scripts/vm-run.sh distro -- bash -ec "$guest_cmd"
