# SPDX-License-Identifier: GPL-2.0
"""JOIN/START from processes put into a container's cgroup, the exit
watch, events, auto-remove, KILL, DELETE --force and the NETLINK_URELEASE
abort. Namespaces are left out (ns-mask 0): the spawn tests cover clone3;
this proves what the family itself guarantees."""
import errno
import json
import os
import signal
import time

import struct

from kctrnl import (A, CMD, F_PERSIST, Raw, Tap, cg_path, parse_attrs, u32,
                    u64, wait_for, ynl, err_of)

t = Tap()
y = ynl()
ev = ynl()
ev.ntf_subscribe('events')


class Child:
    """A forked process that moves itself into a container's cgroup and
    runs steps on command: 'join', 'start', 'status', 'exit N'."""

    def __init__(self, cid, into_cgroup=True):
        self.cmd_r, self.cmd_w = os.pipe()
        self.res_r, self.res_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            self._child(cid, into_cgroup)
        os.close(self.cmd_r)
        os.close(self.res_w)
        self.res = os.fdopen(self.res_r)
        self.out = os.fdopen(self.cmd_w, 'w')

    def _child(self, cid, into_cgroup):
        # keep none of the parent's sockets open: URELEASE must see them go
        for fd in map(int, os.listdir('/proc/self/fd')):
            if fd > 2 and fd not in (self.cmd_r, self.res_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
        cmds = os.fdopen(self.cmd_r)
        res = os.fdopen(self.res_w, 'w')
        if into_cgroup:
            with open(cg_path(cid) + '/cgroup.procs', 'w') as f:
                f.write('0')
        r = Raw()
        for line in cmds:
            words = line.split()
            if words[0] == 'exit':
                os._exit(int(words[1]))
            if words[0] == 'status':
                with open('/proc/self/status') as f:
                    st = dict(l.split(':', 1) for l in f if ':' in l)
                out = {k: st[k].strip() for k in ('CapEff', 'CapBnd',
                                                   'NoNewPrivs')}
            else:
                err, ext = r.try_do(CMD[words[0]], u64(A['id'], cid))
                out = {'errno': err, 'msg': ext.get('msg', '')}
            res.write(json.dumps(out) + '\n')
            res.flush()
        os._exit(0)

    def ask(self, what):
        self.out.write(what + '\n')
        self.out.flush()
        return json.loads(self.res.readline())

    def exit(self, code):
        self.out.write(f'exit {code}\n')
        self.out.flush()

    def wait(self):
        return os.waitpid(self.pid, 0)[1]


def events_for(cid, timeout=5.0):
    got = []
    end = time.time() + timeout
    while time.time() < end:
        ev.check_ntf()
        for m in ev.async_msg_queue:
            if m['msg'].get('id') == cid:
                got.append(m['msg'])
        ev.async_msg_queue.clear()
        if got and got[-1]['event'] == 'removed':
            break
        time.sleep(0.05)
    return got


def state(cid):
    try:
        return y.do('get', {'id': cid})
    except Exception:
        return None


# --- the init's JOIN, START and exit ---
c = y.do('create', {'name': 'life', 'ns-mask': 0,
                    'caps': {'bounding': 1 << 21, 'permitted': 0,
                             'effective': 0, 'inheritable': 0,
                             'ambient': 0}})
cid = c['id']
init = Child(cid)
r = init.ask('start')
t.ok(r['errno'] == errno.EINVAL and 'JOIN' in r['msg'],
     'START before JOIN: EINVAL', r)
r = init.ask('join')
t.eq(r['errno'], 0, 'the init JOINs from inside the cgroup')
st = init.ask('status')
t.eq((st['CapEff'], st['CapBnd'], st['NoNewPrivs']),
     ('0000000000000000', '0000000000200000', '1'),
     'JOIN applied the capability sets and no_new_privs')
other = Child(cid)
r = other.ask('join')
t.ok(r['errno'] == errno.EBUSY and 'already' in r['msg'],
     'a second init JOIN: EBUSY', r)
t.eq(state(cid)['state'], 'created', 'still created before START')
r = init.ask('start')
t.eq(r['errno'], 0, 'the init STARTs')
g = state(cid)
t.eq((g['state'], g.get('init-pid'), g.get('init-pids')),
     ('running', init.pid, {'pid': [init.pid]}),
     'running, init pid in our namespace and per level')
t.ok(g.get('started-ns', 0) >= g['created-ns'], 'started-ns recorded')
t.eq(g['seccomp'].get('init-mode'), 0, 'seccomp mode of the live init')

# --- an exec JOIN into the running container ---
r = other.ask('join')
t.eq(r['errno'], 0, 'a process JOINs the running container')
r = other.ask('start')
t.eq(r['errno'], 0, 'and STARTs')
t.eq(state(cid)['joins'], 1, 'joins counts it')
r = other.ask('start')
t.eq(r['errno'], errno.EINVAL, 'a second START without JOIN: EINVAL')
outsider = Child(cid, into_cgroup=False)
r = outsider.ask('join')
t.ok(r['errno'] == errno.EPERM and 'cgroup' in r['msg'],
     'JOIN from outside the cgroup: EPERM', r)
outsider.exit(0)
outsider.wait()

# --- the exit watch: noticed at exit, before anyone reaps the init ---
init.exit(7)
t.ok(wait_for(lambda: state(cid)['state'] == 'stopped'),
     'the init exited: stopped, before it was reaped')
g = state(cid)
t.eq(g.get('exit-code'), 7 << 8, 'exit code as wait() reports it (7<<8)')
t.ok(g.get('exited-ns', 0) >= g['started-ns'], 'exited-ns recorded')
t.eq(init.wait(), 7 << 8, 'the init really exited with 7')
t.eq(other.wait() & 0x7f, signal.SIGKILL,
     'what was left in the cgroup was killed')
t.ok(wait_for(lambda: open(cg_path(cid) + '/cgroup.events').read()
              .find('populated 0') >= 0), 'the cgroup is empty')
r2 = Child(cid)
t.eq(r2.ask('join')['errno'], errno.ESRCH, 'JOIN of a stopped container')
r2.exit(0)
r2.wait()
t.eq(err_of(y.do, 'delete', {'id': cid})[0], 0, 'delete a stopped container')
t.ok(not os.path.exists(cg_path(cid)), 'its cgroup is gone')
evs = [(e['event'], e.get('exit-code')) for e in events_for(cid)]
t.eq(evs, [('created', None), ('started', None), ('exited', 7 << 8),
           ('removed', None)], 'events: created, started, exited, removed')

# --- auto-remove, with nobody asking ---
c = y.do('create', {'ns-mask': 0, 'flags': ['auto-remove']})
ch = Child(c['id'])
ok = ch.ask('join')['errno'] == 0 and ch.ask('start')['errno'] == 0
t.ok(ok, 'auto-remove container started')
ch.exit(3)
t.ok(wait_for(lambda: state(c['id']) is None),
     'auto-remove: gone after the init exited')
t.ok(wait_for(lambda: not os.path.exists(cg_path(c['id']))),
     'auto-remove: cgroup removed')
ch.wait()
evs = [(e['event'], e.get('exit-code')) for e in events_for(c['id'])]
t.eq(evs, [('created', None), ('started', None), ('exited', 3 << 8),
           ('removed', None)], 'auto-remove events')

# --- KILL signals the init ---
c = y.do('create', {'ns-mask': 0})
ch = Child(c['id'])
ch.ask('join')
ch.ask('start')
t.eq(err_of(y.do, 'kill', {'id': c['id'], 'signal': signal.SIGTERM})[0], 0,
     'KILL with SIGTERM')
t.eq(ch.wait(), signal.SIGTERM, 'the init died of SIGTERM')
t.ok(wait_for(lambda: state(c['id'])['state'] == 'stopped')
     and state(c['id'])['exit-code'] == signal.SIGTERM,
     'stopped with the signal as its status')
y.do('delete', {'id': c['id']})

# --- DELETE with force of a running container ---
c = y.do('create', {'ns-mask': 0})
ch = Child(c['id'])
ch.ask('join')
ch.ask('start')
t.eq(err_of(y.do, 'delete', {'id': c['id'], 'flags': ['force']})[0], 0,
     'delete --force of a running container')
t.eq(state(c['id']), None, 'gone when delete returns')
# DELETE does not wait under genetlink's cb_lock: the node goes as soon as
# the init's exit is handled
t.ok(wait_for(lambda: not os.path.exists(cg_path(c['id'])), timeout=10),
     'cgroup gone once the init died')
t.eq(ch.wait() & 0x7f, signal.SIGKILL, 'its init was killed')
evs = [e['event'] for e in events_for(c['id'])]
t.eq(evs, ['created', 'started', 'exited', 'removed'],
     'force delete events: exited before removed')

# --- NETLINK_URELEASE: the creator's socket closes before START ---
raw = Raw()


def raw_create(sock, flags=0):
    attrs = u32(A['ns_mask'], 0) + (u32(A['flags'], flags) if flags else b'')
    for m in sock.do(CMD['create'], attrs):
        if m['type'] == sock.family:
            return struct.unpack('Q', parse_attrs(m['attrs'])[A['id']][0])[0]


aborted = raw_create(raw)
ch = Child(aborted)
ch.ask('join')
raw.close()
t.ok(wait_for(lambda: state(aborted) is None),
     'creator socket closed before START: container aborted')
t.ok(wait_for(lambda: not os.path.exists(cg_path(aborted))),
     'and its cgroup removed')
t.eq(ch.wait() & 0x7f, signal.SIGKILL, 'its joined init was killed')

# The same socket also creates a container it never starts: once that one
# is aborted, the close has been handled, and the started one must remain.
raw = Raw()
kept = raw_create(raw)
witness = raw_create(raw)
ch = Child(kept)
ch.ask('join')
ch.ask('start')
raw.close()
t.ok(wait_for(lambda: state(witness) is None),
     'creator socket closed: its unstarted container is aborted')
t.eq((state(kept) or {}).get('state'), 'running',
     'a started container survives its creator socket')
ch.exit(0)
ch.wait()
t.ok(wait_for(lambda: state(kept)['state'] == 'stopped'), 'then stops')
y.do('delete', {'id': kept})

# --- KCTR_F_PERSIST: created containers outlive the creating socket ---
# Each case closes a socket that also created a plain container: once
# that one is aborted, the abort has run, and the persistent ones stay.
raw = Raw()
p_start, p_kill, p_none = (raw_create(raw, F_PERSIST) for _ in range(3))
plain = raw_create(raw)
t.eq(set(state(p_start)['flags']), {'persist'},
     'GET reports the persist flag')
init_s, init_k = Child(p_start), Child(p_kill)
t.eq((init_s.ask('join')['errno'], init_k.ask('join')['errno']), (0, 0),
     'persist: two inits join')
raw.close()
t.ok(wait_for(lambda: state(plain) is None),
     'creator socket closed: the plain container is aborted')
t.eq([(state(i) or {}).get('state') for i in (p_start, p_kill, p_none)],
     ['created'] * 3, 'the persistent ones are still created')
t.eq(init_s.ask('start')['errno'], 0,
     'persist: START after the creator is gone')
t.eq(state(p_start)['state'], 'running', 'and it runs')
init_s.exit(0)
init_s.wait()
t.ok(wait_for(lambda: state(p_start)['state'] == 'stopped'),
     'persist: stopped when its init exits')
t.eq(err_of(y.do, 'delete', {'id': p_start})[0], 0, 'and deleted')

t.eq(err_of(y.do, 'kill', {'id': p_kill, 'signal': signal.SIGKILL})[0], 0,
     'persist: KILL of a created container')
t.eq(init_k.wait() & 0x7f, signal.SIGKILL, 'its init died of SIGKILL')
t.ok(wait_for(lambda: (state(p_kill) or {}).get('state') == 'stopped'),
     'persist: killed while created: stopped, not gone')
g = state(p_kill)
t.eq((g.get('exit-code'), g.get('started-ns')), (signal.SIGKILL, None),
     'with the signal as its status, never started')
t.eq(err_of(y.do, 'delete', {'id': p_kill})[0], 0,
     'delete of the stopped one (no force needed)')
t.ok(state(p_kill) is None and not os.path.exists(cg_path(p_kill)),
     'gone, cgroup too')
evs = [(e['event'], e.get('exit-code')) for e in events_for(p_kill)]
t.eq(evs, [('created', None), ('exited', signal.SIGKILL), ('removed', None)],
     'events of the killed created container: created, exited, removed')

t.eq(err_of(y.do, 'delete', {'id': p_none})[0], errno.EBUSY,
     'persist, never joined: still created, delete without force: EBUSY')
t.eq(err_of(y.do, 'delete', {'id': p_none, 'flags': ['force']})[0], 0,
     'delete --force removes it')
t.ok(state(p_none) is None and not os.path.exists(cg_path(p_none)),
     'gone, cgroup too')
t.done()
