# SPDX-License-Identifier: GPL-2.0
"""Test helpers for the "container" family: TAP output, the kernel's own
YNL library (from the linux-source tree) driven by our YNL spec, and a raw
generic netlink socket for requests YNL refuses to build (malformed ones).

Used by tests/e2e/1*-netlink-*.sh, inside the guest, as root.
"""
import errno
import glob
import os
import socket
import struct
import subprocess
import sys
import time

ROOT = os.environ.get('KCTR_ROOT') or os.path.abspath(
    os.path.join(os.path.dirname(__file__), '..', '..', '..'))


def linux_src():
    src = os.environ.get('KCTR_LINUX_SRC')
    if src:
        return src
    cands = sorted(glob.glob('/var/cache/kctr/linux-source-6.12*'))
    cands = [c for c in cands if os.path.isdir(c + '/tools/net/ynl')]
    if not cands:
        raise SystemExit('no linux-source tree with tools/net/ynl')
    return cands[-1]


SRC = linux_src()
SPEC = os.path.join(ROOT, 'Documentation/netlink/specs/container.yaml')
SCHEMA = os.path.join(SRC, 'Documentation/netlink/genetlink-legacy.yaml')
sys.path.insert(0, os.path.join(SRC, 'tools/net/ynl'))
from lib import YnlFamily, NlError  # noqa: E402


def ynl():
    # No schema: validating the spec (jsonschema) on every client costs
    # seconds under TCG; 15-netlink-ynl validates it once, as a test.
    return YnlFamily(SPEC, '')


# uapi values (include/uapi/linux/kctr.h)
CMD = dict(get_version=1, create=2, join=3, start=4, get=5, kill=6,
           delete=7, event=8)
A = dict(pad=1, version=2, uapi_version=3, id=4, name=5, state=6, flags=7,
         ns_mask=8, hostname=9, image=10, command=11, limits=12, caps=13,
         seccomp_prog=14, uid_map=15, gid_map=16, map_extent=17, ns_fds=18,
         owner_uid=19, created_ns=20, namespaces=27, cgroup=29,
         seccomp=30, joins=31, signal=32, net=37)
CG_A = dict(path=2, id=3, memory_current=4, populated=14)
F_AUTO_REMOVE, F_KILL_ALL, F_FORCE = 1, 2, 4
F_PERSIST, F_ALLOW_NEW_PRIVS, F_NO_STATS = 1 << 5, 1 << 6, 1 << 7
F_SUMMARY = 1 << 8
NLM_F_REQUEST, NLM_F_ACK, NLM_F_ROOT, NLM_F_MATCH = 1, 4, 0x100, 0x200
NLM_F_MULTI, NLM_F_DUMP_INTR = 2, 0x10
NLMSG_ERROR, NLMSG_DONE = 2, 3


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if cond:
            print(f'ok {self.n} - {desc}', flush=True)
        else:
            self.failed += 1
            print(f'not ok {self.n} - {desc}', flush=True)
            if diag is not None:
                for line in str(diag).splitlines():
                    print(f'# {line}', flush=True)
        return cond

    def eq(self, got, want, desc):
        return self.ok(got == want, desc, f'got:  {got!r}\nwant: {want!r}')

    def skip(self, desc, why):
        self.n += 1
        print(f'ok {self.n} - {desc} # SKIP {why}', flush=True)

    def diag(self, text):
        for line in str(text).splitlines():
            print(f'# {line}', flush=True)

    def done(self):
        print(f'1..{self.n}', flush=True)
        sys.exit(1 if self.failed else 0)


def nla(atype, payload):
    hdr = struct.pack('HH', 4 + len(payload), atype)
    pad = (4 - len(payload) % 4) % 4
    return hdr + payload + b'\0' * pad


def u32(atype, v):
    return nla(atype, struct.pack('I', v))


def u64(atype, v):
    return nla(atype, struct.pack('Q', v))


def strz(atype, s):
    return nla(atype, s.encode() + b'\0')


def nest(atype, *attrs):
    return nla(atype | 0x8000, b''.join(attrs))


def parse_attrs(data):
    out = {}
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from('HH', data, off)
        if alen < 4:
            break
        out.setdefault(atype & 0x3fff, []).append(data[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


class Raw:
    """A raw generic netlink socket with extended ACK."""

    def __init__(self, family_id=None):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.sock.setsockopt(270, 11, 1)   # NETLINK_EXT_ACK
        self.sock.setsockopt(270, 10, 1)   # NETLINK_CAP_ACK
        self.sock.bind((0, 0))
        self.seq = 1000
        self.family = family_id if family_id else self._resolve()

    def _resolve(self):
        msgs = self.request(0x10, 3, strz(2, 'container'), version=2)
        for m in msgs:
            if m['type'] == 0x10:
                return struct.unpack('H', parse_attrs(m['attrs'])[1][0][:2])[0]
        raise OSError(errno.ENOENT, 'family container not found')

    def send(self, cmd, attrs=b'', flags=NLM_F_REQUEST | NLM_F_ACK,
             family=None, version=1):
        self.seq += 1
        payload = struct.pack('BBH', cmd, version, 0) + attrs
        hdr = struct.pack('IHHII', 16 + len(payload),
                          family if family else self.family, flags,
                          self.seq, 0)
        self.sock.send(hdr + payload)
        return self.seq

    def recv_msgs(self, bufsize=65536):
        data = self.sock.recv(bufsize)
        msgs = []
        off = 0
        while off + 16 <= len(data):
            mlen, mtype, mflags, mseq, _ = struct.unpack_from('IHHII',
                                                              data, off)
            body = data[off + 16:off + mlen]
            m = dict(type=mtype, flags=mflags, seq=mseq, body=body)
            if mtype == NLMSG_ERROR:
                m['error'] = -struct.unpack_from('i', body)[0]
                m['extack'] = self._extack(body, mflags)
            elif mtype == NLMSG_DONE:
                m['error'] = -struct.unpack_from('i', body)[0]
            else:
                m['cmd'] = body[0]
                m['attrs'] = body[4:]
            msgs.append(m)
            off += (mlen + 3) & ~3
        return msgs

    @staticmethod
    def _extack(body, flags):
        ext = {}
        if not flags & 0x200:   # NLM_F_ACK_TLVS
            return ext
        # error code + the request's header (CAP_ACK: no payload)
        for t, vals in parse_attrs(body[20:]).items():
            if t == 1:
                ext['msg'] = vals[0].rstrip(b'\0').decode()
            elif t == 2:
                ext['offs'] = struct.unpack('I', vals[0])[0]
            elif t == 5:
                ext['miss_type'] = struct.unpack('I', vals[0])[0]
        return ext

    def request(self, family, cmd, attrs=b'', flags=NLM_F_REQUEST | NLM_F_ACK,
                version=1):
        seq = self.send(cmd, attrs, flags, family=family, version=version)
        out = []
        while True:
            for m in self.recv_msgs():
                if m['seq'] != seq:
                    continue
                out.append(m)
                if m['type'] in (NLMSG_ERROR, NLMSG_DONE):
                    if m.get('error'):
                        e = OSError(m['error'], os.strerror(m['error']))
                        e.extack = m.get('extack', {})
                        raise e
                    return out
                if not m['flags'] & NLM_F_MULTI and not flags & NLM_F_ACK:
                    return out

    def do(self, cmd, attrs=b''):
        return self.request(self.family, cmd, attrs)

    def try_do(self, cmd, attrs=b''):
        """(errno, extack) of a request; errno 0 on success."""
        try:
            self.do(cmd, attrs)
            return 0, {}
        except OSError as e:
            return e.errno, getattr(e, 'extack', {})

    def close(self):
        self.sock.close()


def err_of(fn, *args, **kw):
    """(errno, extack msg) of a YNL call; (0, None) on success."""
    try:
        fn(*args, **kw)
        return 0, None
    except NlError as e:
        ext = e.nl_msg.extack or {}
        return e.error, ext.get('msg')


def cg_path(cid):
    return f'/sys/fs/cgroup/kctr/{cid}'


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def wait_for(cond, timeout=10.0, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(step)
    return cond()
