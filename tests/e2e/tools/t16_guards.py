# SPDX-License-Identifier: GPL-2.0
"""The module's own checks of JOIN and START callers (issue 9): threads,
the joining thread, the filter count, containment (fds, cwd, dumpable),
the device policy, ENOENT for who may not list, the nnp join quota, KILL
through the signal permission check, and per-container events."""
import ctypes
import errno
import json
import os
import signal
import struct
import tempfile
import threading

from kctrnl import (A, CMD, Raw, Tap, cg_path, parse_attrs, u32, u64,
                    wait_for, ynl, err_of)

t = Tap()
y = ynl()
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP = 4, 38, 22
SECCOMP_MODE_FILTER = 2
ALLOW = struct.pack('HBBI', 0x06, 0, 0, 0x7fff0000)   # ret ALLOW
A_DEVICE_PROG_ID = 36


def install_allow_filter():
    buf = ctypes.create_string_buffer(ALLOW)
    prog = struct.pack('HxxxxxxQ', 1, ctypes.addressof(buf))
    pbuf = ctypes.create_string_buffer(prog)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, pbuf, 0, 0):
        raise OSError(ctypes.get_errno(), 'PR_SET_SECCOMP')


class Child:
    """A forked process that runs ops sent as JSON lines, one reply each."""

    def __init__(self, cid, into_cgroup=True):
        self.cmd_r, self.cmd_w = os.pipe()
        self.res_r, self.res_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                self._child(cid, into_cgroup)
            finally:
                os._exit(0)
        os.close(self.cmd_r)
        os.close(self.res_w)
        self.res = os.fdopen(self.res_r)
        self.out = os.fdopen(self.cmd_w, 'w')

    def _child(self, cid, into_cgroup):
        for fd in map(int, os.listdir('/proc/self/fd')):
            if fd > 2 and fd not in (self.cmd_r, self.res_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
        cmds = os.fdopen(self.cmd_r)
        self.resf = os.fdopen(self.res_w, 'w')
        if into_cgroup:
            with open(cg_path(cid) + '/cgroup.procs', 'w') as f:
                f.write('0')
        self.raw = Raw()
        self.cid = cid
        self.stop = threading.Event()
        self.thread = None
        for line in cmds:
            op = json.loads(line)
            try:
                out = self.run(op)
            except OSError as e:
                out = {'oserror': e.errno}
            self.resf.write(json.dumps(out) + '\n')
            self.resf.flush()
            if op['op'] == 'exit':
                os._exit(op.get('code', 0))

    def nl(self, cmd, cid=None):
        err, ext = self.raw.try_do(CMD[cmd], u64(A['id'], cid or self.cid))
        return {'errno': err, 'msg': ext.get('msg', '')}

    def run(self, op):
        o = op['op']
        if o in ('join', 'start'):
            return self.nl(o, op.get('id'))
        if o == 'thread':       # a second thread, parked
            self.thread = threading.Thread(target=self.stop.wait)
            self.thread.start()
            return {}
        if o == 'unthread':
            self.stop.set()
            self.thread.join()
            self.stop.clear()
            # the kernel drops the thread from the group at its exit
            wait_for(lambda: len(os.listdir('/proc/self/task')) == 1)
            return {}
        if o == 'start_in_thread':
            res = {}
            th = threading.Thread(
                target=lambda: res.update(self.nl('start')))
            th.start()
            th.join()
            return res
        if o == 'status':
            with open('/proc/self/status') as f:
                st = dict(line.split(':', 1) for line in f if ':' in line)
            return {k: st[k].strip() for k in ('CapEff', 'CapBnd',
                                               'NoNewPrivs', 'Threads',
                                               'Seccomp')}
        if o == 'filters':
            for _ in range(op['n']):
                install_allow_filter()
            return {}
        if o == 'nnp':
            libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            return {}
        if o == 'nodump':
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
            return {}
        if o == 'opendir':
            return {'fd': os.open(op['path'], os.O_PATH | os.O_DIRECTORY)}
        if o == 'openfile':
            return {'fd': os.open(op['path'], os.O_RDONLY)}
        if o == 'chroot':
            os.chroot(op['path'])
            os.chdir('/')
            return {}
        if o == 'fchdir':
            os.fchdir(op['fd'])
            return {}
        if o == 'chdir':
            os.chdir(op['path'])
            return {}
        if o == 'close':
            os.close(op['fd'])
            return {}
        if o == 'setuid':
            os.setresgid(op['uid'], op['uid'], op['uid'])
            os.setresuid(op['uid'], op['uid'], op['uid'])
            return {}
        if o == 'exit':
            return {}
        if o == 'pause':
            signal.pause()
        raise ValueError(o)

    def do(self, op, **kw):
        kw['op'] = op
        self.out.write(json.dumps(kw) + '\n')
        self.out.flush()
        return json.loads(self.res.readline() or '{"eof": true}')

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return os.waitpid(self.pid, 0)[1]


def create(**kw):
    kw.setdefault('ns-mask', 0)
    return y.do('create', kw)['id']


def running(cid):
    """A started init in @cid, for exec JOINs."""
    init = Child(cid)
    ok = init.do('join')['errno'] == 0 and init.do('start')['errno'] == 0
    t.ok(ok, f'container {cid}: the init joined and started')
    return init


def cleanup(cid, *children):
    for ch in children:
        ch.kill()
    y.do('delete', {'id': cid, 'flags': ['force']})


# --- JOIN: a multi-threaded caller is refused before anything changes ---
cid = create()
ch = Child(cid)
before = ch.do('status')
ch.do('thread')
r = ch.do('join')
t.ok(r['errno'] == errno.EPERM and 'multi-threaded' in r['msg'],
     'JOIN from a multi-threaded process: EPERM naming it', r)
after = ch.do('status')
t.eq((after['CapEff'], after['NoNewPrivs']),
     (before['CapEff'], before['NoNewPrivs']),
     'the refused JOIN changed neither caps nor no_new_privs')
t.eq(y.do('get', {'id': cid}).get('init-pid'), None,
     'and recorded no init')
ch.do('unthread')
t.eq(ch.do('join')['errno'], 0, 'single-threaded again: JOIN works')

# --- START: the joining thread, still single-threaded ---
r = ch.do('start_in_thread')
t.ok(r['errno'] == errno.EPERM and 'another thread' in r['msg'],
     'START from another thread than the joiner: EPERM', r)
ch.do('thread')
r = ch.do('start')
t.ok(r['errno'] == errno.EPERM and 'multi-threaded' in r['msg'],
     'START from the joiner with a second thread alive: EPERM', r)
ch.do('unthread')
t.eq(ch.do('start')['errno'], 0, 'START from the joiner alone works')
cleanup(cid, ch)

# --- START: exactly one seccomp filter added since JOIN ---
cid = create(**{'seccomp-prog': ALLOW})
init = Child(cid)
init.do('join')
init.do('filters', n=1)
t.eq(init.do('start')['errno'], 0, 'the init with its one filter starts')
for n, want, desc in ((0, 'not installed', 'no filter'),
                      (2, 'more than one', 'two filters')):
    ex = Child(cid)
    r = ex.do('join')
    ex.do('filters', n=n)
    r = ex.do('start')
    t.ok(r['errno'] == errno.EPERM and want in r['msg'],
         f'exec START with {desc} since JOIN: EPERM "{want}"', r)
    ex.kill()
ex = Child(cid)
ex.do('filters', n=1)       # before JOIN: does not count
ex.do('join')
ex.do('filters', n=1)
t.eq(ex.do('start')['errno'], 0,
     'a filter from before JOIN does not count; one after it does')
ex.kill()
cleanup(cid, init)

# --- who may not list containers does not learn that one exists ---
mine, theirs = create(), create()
init = running(mine)
ins = Child(mine)
gone = theirs + 1000
for op in ('join', 'start'):
    a, b = ins.do(op, id=theirs), ins.do(op, id=gone)
    t.ok(a == b and a['errno'] == errno.ENOENT,
         f'inside: {op} of another container = of no container (ENOENT)',
         (a, b))
nobody = Child(mine, into_cgroup=False)
nobody.do('setuid', uid=65534)
a, b = nobody.do('join', id=theirs), nobody.do('join', id=gone)
t.ok(a == b and a['errno'] == errno.ENOENT,
     'unprivileged host user: JOIN of a container = of none (ENOENT)', (a, b))
nobody.kill()
ins.kill()

# --- exec JOINs of the container itself (nnp) leave room for the host ---
sq = Child(mine)
sq.do('nnp')
res = [sq.do('join')['errno'] for _ in range(16)]
t.eq(res, [0] * 16, '16 exec JOINs from a process with no_new_privs')
r = sq.do('join')
t.ok(r['errno'] == errno.EBUSY and 'too many' in r['msg'],
     'the 17th from inside: EBUSY', r)
host = Child(mine)
t.eq(host.do('join')['errno'], 0,
     'an exec JOIN from the host (no no_new_privs yet) still works')
host.kill()
sq.kill()

# --- KCTR_F_ALLOW_NEW_PRIVS: no nnp, the filter installed with
# CAP_SYS_ADMIN, the capability sets applied at START (init and exec) ---
CAPS = {'bounding': 1 << 5 | 1 << 21, 'permitted': 1 << 5,
        'effective': 1 << 5, 'inheritable': 0, 'ambient': 0}
REDUCED = ('0000000000000020', '0000000000200020')     # CapEff, CapBnd
for flags, nnp in (([], '1'), (['allow-new-privs'], '0')):
    name = flags[0] if flags else 'default'
    cid = create(**{'flags': flags, 'seccomp-prog': ALLOW, 'caps': CAPS})
    joiners = [Child(cid)]
    host = joiners[0].do('status')
    for role in ('init', 'exec'):
        ch = joiners[-1]
        t.eq(ch.do('join')['errno'], 0, f'{name}: the {role} JOINs')
        j = ch.do('status')
        want = (REDUCED + ('1',) if not flags else
                (host['CapEff'], host['CapBnd'], '0'))
        t.eq((j['CapEff'], j['CapBnd'], j['NoNewPrivs']), want,
             f'{name}: after the {role}\'s JOIN: '
             + ('reduced, no_new_privs 1' if not flags else
                'caps untouched, no_new_privs 0'))
        t.eq(ch.do('filters', n=1), {},
             f'{name}: the {role} installs its filter'
             + (' (no nnp: with CAP_SYS_ADMIN)' if flags else ''))
        t.eq(ch.do('start')['errno'], 0, f'{name}: the {role} STARTs')
        st = ch.do('status')
        t.eq((st['CapEff'], st['CapBnd'], st['NoNewPrivs'], st['Seccomp']),
             REDUCED + (nnp, '2'),
             f'{name}: after the {role}\'s START: caps reduced, '
             f'no_new_privs {nnp}, seccomp filter')
        joiners.append(Child(cid))
    if flags:
        ex = joiners.pop()
        ex.do('join')
        r = ex.do('start')
        st = ex.do('status')
        t.ok(r['errno'] == errno.EPERM and 'not installed' in r['msg'] and
             st['CapEff'] == host['CapEff'],
             f'{name}: exec START without its filter: EPERM, caps not '
             'reduced', (r, st))
        ex.kill()
        ex = Child(cid)
        ex.do('setuid', uid=1000)   # a uid change empties its sets
        r = ex.do('join')
        t.ok(r['errno'] == errno.EPERM and 'grow' in r['msg'],
             f'{name}: JOIN refuses sets START could not apply', r)
        ex.kill()
        # its own processes (bounding set within the container's) count
        # against the quota for inside, as nnp ones do elsewhere
        sq = joiners[1]
        res = [sq.do('join')['errno'] for _ in range(16)]
        r = sq.do('join')
        t.ok(res == [0] * 16 and r['errno'] == errno.EBUSY,
             f'{name}: 16 exec JOINs from a started process, the 17th: '
             'EBUSY', (res, r))
        ex = Child(cid)
        t.eq(ex.do('join')['errno'], 0,
             f'{name}: an exec JOIN from the host still works')
        ex.kill()
    cleanup(cid, *joiners)

# --- KILL is sent as from the caller: kill(2) permission applies ---
cleanup(mine, init)
cid = create()
init = Child(cid)
init.do('setuid', uid=1000)
init.do('join')
init.do('start')


def kill_without_cap_kill(cid):
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:
        # drop CAP_KILL (5) from the effective set, keep CAP_SYS_ADMIN
        hdr = ctypes.create_string_buffer(struct.pack('Ii', 0x20080522, 0))
        data = ctypes.create_string_buffer(24)
        libc.capget(hdr, data)
        eff, perm, inh, eff1, perm1, inh1 = struct.unpack('6I', data.raw)
        data = ctypes.create_string_buffer(struct.pack(
            '6I', eff & ~(1 << 5), perm, inh, eff1, perm1, inh1))
        libc.capset(hdr, data)
        err, ext = Raw().try_do(CMD['kill'], u64(A['id'], cid) +
                                u32(A['signal'], signal.SIGTERM))
        os.write(wr, json.dumps([err, ext.get('msg', '')]).encode())
        os._exit(0)
    os.close(wr)
    out = json.loads(os.read(rd, 4096))
    os.waitpid(pid, 0)
    return out


r = kill_without_cap_kill(cid)
t.eq(r[0], errno.EPERM,
     'KILL by root without CAP_KILL of an init of another uid: EPERM')
t.eq(y.do('get', {'id': cid})['state'], 'running', 'the init lives on')
t.eq(err_of(y.do, 'kill', {'id': cid, 'signal': signal.SIGTERM})[0], 0,
     'KILL by the admin (CAP_KILL) works')
t.ok(wait_for(lambda: y.do('get', {'id': cid})['state'] == 'stopped'),
     'and the init stopped')
cleanup(cid, init)

# --- containment (KCTR_F_VERIFY_CONTAINMENT) ---
root = tempfile.mkdtemp(dir='/tmp')
cid = create(flags=['verify-containment'])
init = Child(cid)
dfd = init.do('opendir', path='/')['fd']
init.do('openfile', path='/proc/self/status')
init.do('chroot', path=root)
t.eq(init.do('join')['errno'], 0, 'JOIN of a verify-containment container')
r = init.do('start')
t.ok(r['errno'] == errno.EPERM and 'directory outside' in r['msg'],
     'START holding an O_PATH fd of a directory outside its root: EPERM', r)
init.do('fchdir', fd=dfd)
init.do('close', fd=dfd)
r = init.do('start')
t.ok(r['errno'] == errno.EPERM and 'working directory' in r['msg'],
     'START with its cwd outside its root: EPERM', r)
init.do('chdir', path='/')
r = init.do('start')
t.ok(r['errno'] == errno.EPERM and 'dumpable' in r['msg'],
     'START while dumpable: EPERM', r)
init.do('nodump')
t.eq(init.do('start')['errno'], 0,
     'not dumpable, no dir outside, cwd inside (a file fd outside is fine):'
     ' START')
cleanup(cid, init)
cid = create()
init = Child(cid)
init.do('opendir', path='/proc')
init.do('chroot', path=root)
init.do('join')
t.eq(init.do('start')['errno'], 0,
     'without the flag the same process starts (the flag gates the check)')
cleanup(cid, init)
os.rmdir(root)

# --- device policy (KCTR_F_DEVICE_POLICY) ---
BPF_PROG_LOAD, BPF_PROG_ATTACH, BPF_OBJ_GET_INFO_BY_FD = 5, 8, 15
BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE = 15, 6
SYS_bpf = 321


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 128)
    ret = libc.syscall(SYS_bpf, cmd, buf, 128)
    if ret < 0:
        raise OSError(ctypes.get_errno(), f'bpf({cmd})')
    return ret, buf


def attach_allow_all(cgdir):
    insns = ctypes.create_string_buffer(
        struct.pack('BBhi', 0xb7, 0, 0, 1) +     # r0 = 1
        struct.pack('BBhi', 0x95, 0, 0, 0))      # exit
    lic = ctypes.create_string_buffer(b'GPL')
    pfd, _ = bpf(BPF_PROG_LOAD, struct.pack(
        'IIQQ', BPF_PROG_TYPE_CGROUP_DEVICE, 2, ctypes.addressof(insns),
        ctypes.addressof(lic)))
    cfd = os.open(cgdir, os.O_RDONLY | os.O_DIRECTORY)
    bpf(BPF_PROG_ATTACH, struct.pack('IIII', cfd, pfd, BPF_CGROUP_DEVICE, 0))
    os.close(cfd)
    info = ctypes.create_string_buffer(256)
    bpf(BPF_OBJ_GET_INFO_BY_FD, struct.pack('IIQ', pfd, 256,
                                            ctypes.addressof(info)))
    os.close(pfd)
    return struct.unpack_from('II', info.raw)[1]


cid = create(flags=['device-policy'])
init = Child(cid)
init.do('join')
r = init.do('start')
t.ok(r['errno'] == errno.EPERM and 'device program' in r['msg'],
     'device-policy START without a device program: EPERM', r)
try:
    bpf(-1, b'')
    have_bpf = True
except OSError as e:
    have_bpf = e.errno != errno.ENOSYS
if not have_bpf:
    # The debug kernel has no CONFIG_BPF_SYSCALL: nothing can attach one.
    for desc in ('a cgroup device program attached to the container',
                 'then START passes', 'GET reports the device program id',
                 'and YNL decodes it as device-prog-id'):
        t.skip(desc, 'this kernel has no bpf() system call')
else:
    prog_id = attach_allow_all(cg_path(cid))
    t.ok(prog_id > 0, 'a cgroup device program attached to the container')
    t.eq(init.do('start')['errno'], 0, 'then START passes')
    raw = Raw()
    msgs = raw.do(CMD['get'], u64(A['id'], cid))
    got = [struct.unpack('I',
                         parse_attrs(m['attrs'])[A_DEVICE_PROG_ID][0])[0]
           for m in msgs if 'attrs' in m and
           A_DEVICE_PROG_ID in parse_attrs(m['attrs'])]
    t.eq(got, [prog_id], 'GET reports the device program id')
    t.eq(y.do('get', {'id': cid}).get('device-prog-id'), prog_id,
         'and YNL decodes it as device-prog-id')
cleanup(cid, init)

# --- events: a socket inside a container hears only its own ---
if tuple(int(x) for x in os.uname().release.split('.')[:2]) < (6, 10):
    t.diag('this kernel has no filtered multicast: events not filtered '
           '(documented); skipping')
else:
    mine = create()
    rd, wr = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rd)
        os.close(go_w)
        with open(cg_path(mine) + '/cgroup.procs', 'w') as f:
            f.write('0')
        ev = ynl()
        ev.ntf_subscribe('events')
        os.write(wr, b'r')
        seen = []

        def mine_started():
            ev.check_ntf()
            for m in ev.async_msg_queue:
                seen.append((m['msg'].get('id'), m['msg'].get('event')))
            ev.async_msg_queue.clear()
            return (mine, 'started') in seen
        wait_for(mine_started, timeout=20)
        os.write(wr, json.dumps(seen).encode())
        os.read(go_r, 1)
        os._exit(0)
    os.close(wr)
    os.read(rd, 1)
    other = create()
    init = running(mine)
    seen = [tuple(e) for e in json.loads(os.read(rd, 65536))]
    os.close(go_w)
    os.waitpid(pid, 0)
    t.ok((mine, 'started') in seen, 'inside: its own container\'s event',
         seen)
    t.ok(all(i == mine for i, _ in seen),
         'inside: no event of another container', seen)
    cleanup(other)
    cleanup(mine, init)
t.done()
