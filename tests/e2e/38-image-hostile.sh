#!/bin/bash
# kctr image import of hostile layer tarballs: absolute and ".." member
# names, symlinks out of the layer followed by members written through
# them, hardlinks to host files; nothing lands outside the layer, and an
# archive with device nodes is refused with a clear error.
#
# Userspace logic the debug VMs' sanitizers add nothing to (the kernel
# paths it reaches run in every spawn there): not in the debug VMs.
# vms: distro distro61
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/spawn-lib.sh"

work=$(mktemp -d /tmp/kctr-hostile.XXXXXX)
bait=$work/bait
mkdir -p "$bait"
echo host-secret >"$work/secret"
python3 - "$work" "$bait" <<'PY'
import io, sys, tarfile
work, bait = sys.argv[1], sys.argv[2]

def add(t, name, data=b"x", **kw):
    i = tarfile.TarInfo(name)
    for k, v in kw.items():
        setattr(i, k, v)
    if i.type == tarfile.REGTYPE:
        i.size = len(data)
        t.addfile(i, io.BytesIO(data))
    else:
        t.addfile(i)

with tarfile.open(work + "/evil.tar", "w", format=tarfile.GNU_FORMAT) as t:
    add(t, "ok-file", b"fine\n")
    add(t, bait + "/abs-name", b"escaped\n")
    add(t, "../../../../.." + bait + "/dotdot-name", b"escaped\n")
    add(t, "abs-link", type=tarfile.SYMTYPE, linkname=bait)
    add(t, "abs-link/through-abs", b"escaped\n")
    add(t, "rel-link", type=tarfile.SYMTYPE, linkname="../../../../../.." + bait)
    add(t, "rel-link/through-rel", b"escaped\n")
    add(t, "hard", type=tarfile.LNKTYPE, linkname=work + "/secret")
    add(t, "hard2", type=tarfile.LNKTYPE, linkname="../../../../.." + work + "/secret")
    add(t, "setuid", b"#!/bin/sh\n", mode=0o4755)
with tarfile.open(work + "/dev.tar", "w") as t:
    add(t, "ok-file", b"fine\n")
    add(t, "sda", type=tarfile.BLKTYPE, devmajor=8, devminor=0)
PY
chmod 755 "$work"

img=$SP_PFX-hostile
out=$("$KCTR" image import --parent busybox "$img" "$work/evil.tar" 2>&1)
rc=$?
tap_diag "import: rc $rc: $out"
tap_is "$(find "$bait" -mindepth 1 | wc -l)" 0 \
	"nothing of the archive landed in the host directory it aims at"
tap_is "$(cat "$work/secret")" host-secret "the host file a hardlink names is unchanged"
tap_is "$(stat -c %h "$work/secret")" 1 "and no hardlink to it was made"
tap_not "no absolute name on the host" test -e /abs-name
if [ "$rc" = 0 ]; then
	out=$(sh_in --image "$img" -- \
		"cat /ok-file; ls -l /setuid | cut -c1-10; cat /hard 2>&1 | grep -c host-secret" 2>&1)
	tap_like "$out" "^fine" "the archive's ordinary file is in the image"
	tap_like "$out" "-rwsr-xr-x" "set-id bits are kept in the layer"
	tap_like "$out" "0$" "no hardlink reaches the host's file from inside"
	tap_ok "the layer is below the private state tree" \
		test "$(stat -c %a "$STATE")" = 700 -o "$(stat -c %a "$STATE")" = 710
else
	tap_like "$out" "kctr: image: " "or the archive is refused with an error"
fi
"$KCTR" image rm "$img" >/dev/null 2>&1

out=$("$KCTR" image import --parent busybox "$img-dev" "$work/dev.tar" 2>&1)
tap_is "$?" 1 "an archive with a device node: refused"
tap_like "$out" "refused: a device node in the layer \(brw" \
	"the error says why and names the member ($out)"
tap_not "and no image was made" "$KCTR" spawn --rm --image "$img-dev" -- true
tap_is "$(ls "$STATE/layers" | grep -c "^$img-dev")" 0 "nor a layer left behind"

rm -rf "$work"
tap_done
