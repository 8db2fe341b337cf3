# SPDX-License-Identifier: GPL-2.0
"""CREATE and JOIN are all or nothing.

A CREATE whose cgroup the caller's cgroup namespace cannot reach fails
and leaves no /kctr/<id>. A CREATE or JOIN whose reply cannot be queued
(the caller's receive queue is full) changes nothing: no container, no
event, no cgroup; no joined init, so the init can JOIN again.
"""
import ctypes
import errno
import os
import socket

from kctrnl import (A, CMD, NLM_F_REQUEST, Raw, Tap, cg_path, nest, u32,
                    u64, wait_for, ynl)

CGROOT = '/sys/fs/cgroup'
NS_FDS, NSFD_USER, NS_USER = 18, 6, 1 << 5
CLONE_NEWUSER, CLONE_NEWCGROUP = 0x10000000, 0x02000000

t = Tap()
y = ynl()
ev = ynl()
ev.ntf_subscribe('events')
fam = Raw().family
libc = ctypes.CDLL(None, use_errno=True)


def nodes():
    return sorted(n for n in os.listdir(f'{CGROOT}/kctr') if n.isdigit())


def ids():
    return sorted(c['id'] for c in y.dump('get', {}))


def in_child(fn):
    """Run fn() in a forked child; its return value (a str) comes back."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            out = fn()
        except Exception as e:     # noqa: BLE001 (reported to the parent)
            out = f'exception {e!r}'
        os.write(w, out.encode())
        os._exit(0)
    os.close(w)
    out = os.read(r, 4096).decode()
    os.waitpid(pid, 0)
    return out


def full_socket():
    """A raw socket whose receive queue is already over its limit."""
    s = Raw(fam)
    s.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    # replies nobody reads, past the (minimal) limit; the rest overrun
    for _ in range(64):
        s.send(CMD['get_version'], flags=NLM_F_REQUEST)
    return s


def drain(s):
    """Everything queued on @s (ENOBUFS, the overrun, counts as nothing)."""
    msgs = []
    s.sock.setblocking(False)
    while True:
        try:
            msgs += s.recv_msgs()
        except BlockingIOError:
            break
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
    s.sock.setblocking(True)
    return msgs


def created_events():
    """Ids of the CREATED events received so far."""
    ev.check_ntf()
    out = [m['msg']['id'] for m in ev.async_msg_queue
           if m['msg'].get('event') == 'created']
    ev.async_msg_queue.clear()
    return out


# --- CREATE from a cgroup namespace that cannot see /kctr -----------------
before_nodes, before_ids = nodes(), ids()
other = f'{CGROOT}/undo{os.getpid()}'
os.mkdir(other)


def create_confined():
    with open(f'{other}/cgroup.procs', 'w') as f:
        f.write('0')
    if libc.unshare(CLONE_NEWCGROUP):
        return f'unshare {ctypes.get_errno()}'
    e, x = Raw(fam).try_do(CMD['create'], u32(A['ns_mask'], 0))
    return f'{e} {x.get("msg", "")}'


res = in_child(create_confined)
t.ok(res.startswith(f'{errno.ENOENT} '),
     'CREATE from a cgroup namespace rooted elsewhere fails with ENOENT', res)
t.eq(nodes(), before_nodes, 'and leaves no /kctr/<id> behind')
t.eq(ids(), before_ids, 'and no container')
os.rmdir(other)

# --- CREATE whose reply cannot be queued -----------------------------------
created_events()
s = full_socket()
s.send(CMD['create'], u32(A['ns_mask'], 0))
drain(s)
t.eq(ids(), before_ids, 'CREATE with a full receive queue: no container')
t.eq(nodes(), before_nodes, 'no cgroup node')
# the same socket, drained and given room, creates fine: the queue was
# the only problem
s.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
e, x = s.try_do(CMD['create'], u32(A['ns_mask'], NS_USER))
new = [c for c in ids() if c not in before_ids]
t.ok(e == 0 and len(new) == 1, 'the same socket, drained, creates one', x)
got = []
wait_for(lambda: got.extend(created_events()) or got)
t.ok(len(new) == 1 and got == new,
     'CREATED was sent for that one only (events are ordered)',
     f'events {got}, new {new}')

# --- JOIN whose reply cannot be queued --------------------------------------
cid = new[0] if new else 0


def join_twice():
    with open(f'{cg_path(cid)}/cgroup.procs', 'w') as f:
        f.write('0')
    if libc.unshare(CLONE_NEWUSER):
        return f'unshare {ctypes.get_errno()}'
    fd = os.open('/proc/self/ns/user', os.O_RDONLY)
    body = u64(A['id'], cid) + nest(NS_FDS, u32(NSFD_USER, fd))
    full = full_socket()
    full.send(CMD['join'], body)
    drain(full)
    seen = [c for c in ynl().dump('get', {}) if c['id'] == cid]
    first = 'pid' if seen and seen[0].get('init-pid') else 'none'
    e, x = Raw(fam).try_do(CMD['join'], body)
    return f'{first} {e} {x.get("msg", "")}'


res = in_child(join_twice)
t.ok(res.startswith('none '), 'JOIN with a full receive queue: no init '
     'recorded', res)
t.ok(res.startswith('none 0 '), 'the init can then JOIN again', res)
s.close()
for c in y.dump('get', {}):
    if c['id'] not in before_ids:
        y.do('delete', {'id': c['id'], 'flags': ['force']})
t.ok(wait_for(lambda: ids() == before_ids and nodes() == before_nodes,
              timeout=30), 'nothing left behind')
t.done()
