#!/usr/bin/env python3
"""Write an OCI bundle's config.json for the e2e tests.

  oci_bundle.py DIR [PATCH_JSON]

The base is what `runc spec` writes, trimmed to what kctr-oci needs: a
busybox shell, root 0:0, Docker's default capabilities, no_new_privs,
new pid/net/ipc/uts/mount namespaces, deny-all device rules, no mounts
(kctr sets up /proc, /dev and /sys itself). PATCH_JSON is merged in
depth-first: objects merge, anything else (lists included) replaces;
a null removes the key.
"""
import json
import sys

CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
        "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"]

BASE = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False,
        "user": {"uid": 0, "gid": 0},
        "args": ["sh"],
        "env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
        "cwd": "/",
        "capabilities": {k: CAPS for k in
                         ("bounding", "effective", "permitted")},
        "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
        "noNewPrivileges": True,
    },
    "root": {"path": "rootfs", "readonly": False},
    "hostname": "oci-e2e",
    "mounts": [],
    "linux": {
        "namespaces": [{"type": t} for t in
                       ("pid", "network", "ipc", "uts", "mount")],
        "resources": {"devices": [{"allow": False, "access": "rwm"}]},
        "maskedPaths": ["/proc/kcore", "/proc/keys", "/proc/timer_list",
                        "/sys/firmware"],
        "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq",
                          "/proc/sys", "/proc/sysrq-trigger"],
    },
}


def merge(base, patch):
    for k, v in patch.items():
        if v is None:
            base.pop(k, None)
        elif isinstance(v, dict) and isinstance(base.get(k), dict):
            merge(base[k], v)
        else:
            base[k] = v
    return base


def main():
    cfg = json.loads(json.dumps(BASE))
    if len(sys.argv) > 2:
        merge(cfg, json.loads(sys.argv[2]))
    with open(sys.argv[1] + "/config.json", "w") as f:
        json.dump(cfg, f, indent=1)


main()
