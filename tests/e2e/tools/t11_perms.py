# SPDX-License-Identifier: GPL-2.0
"""Who may do what: an unprivileged user, a root process inside a
container's cgroup, and the events group."""
import errno
import json
import os
import socket

from kctrnl import (A, CMD, Raw, Tap, cg_path, strz, u32, u64, ynl, err_of)

t = Tap()
y = ynl()
mine = y.do('create', {'name': 'perm-mine', 'ns-mask': 0})
theirs = y.do('create', {'name': 'perm-theirs', 'ns-mask': 0})


def in_child(setup, probe):
    """Run probe() in a forked child after setup(); return its result."""
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rd)
        try:
            setup()
            res = probe()
        except Exception as e:  # report, never hang the parent
            res = {'exception': repr(e)}
        os.write(wr, json.dumps(res).encode())
        os._exit(0)
    os.close(wr)
    data = b''
    while True:
        chunk = os.read(rd, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    return json.loads(data)


def probes():
    r = Raw()
    out = {}
    out['version'] = r.try_do(CMD['get_version'])[0]
    out['get'] = r.try_do(CMD['get'], u64(A['id'], mine['id']))
    out['get_theirs'] = r.try_do(CMD['get'], u64(A['id'], theirs['id']))
    out['get_name'] = r.try_do(CMD['get'], strz(A['name'], 'perm-theirs'))
    try:
        msgs = r.request(r.family, CMD['get'], b'',
                         flags=0x1 | 0x4 | 0x300)
        out['dump'] = [m['attrs'].hex() for m in msgs if 'attrs' in m]
        out['dump_err'] = 0
    except OSError as e:
        out['dump_err'] = e.errno
    out['create'] = r.try_do(CMD['create'], u32(A['ns_mask'], 0))
    out['kill'] = r.try_do(CMD['kill'], u64(A['id'], theirs['id']) +
                           u32(A['signal'], 9))
    out['delete'] = r.try_do(CMD['delete'], u64(A['id'], theirs['id']) +
                             u32(A['flags'], 4))
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    try:
        grp = y.nlproto.get_mcast_id('events', y.mcast_groups)
        s.setsockopt(270, 1, grp)   # NETLINK_ADD_MEMBERSHIP
        out['events'] = 0
    except OSError as e:
        out['events'] = e.errno
    return out


def unprivileged():
    os.setgroups([])
    os.setresgid(65534, 65534, 65534)
    os.setresuid(65534, 65534, 65534)


def inside():
    with open(cg_path(mine['id']) + '/cgroup.procs', 'w') as f:
        f.write('0')


u = in_child(unprivileged, probes)
t.ok('exception' not in u, 'unprivileged probes ran', u)
t.eq(u.get('version'), 0, 'unprivileged: get-version works')
t.eq(tuple(u.get('get', [0]))[0], errno.EPERM, 'unprivileged: get: EPERM')
t.eq(u.get('dump_err'), errno.EPERM, 'unprivileged: dump: EPERM')
t.ok(u.get('create', [0])[0] == errno.EPERM and
     'CAP_SYS_ADMIN' in u['create'][1].get('msg', ''),
     'unprivileged: create: EPERM naming CAP_SYS_ADMIN', u.get('create'))
t.eq(u.get('kill', [0])[0], errno.EPERM, 'unprivileged: kill: EPERM')
t.eq(u.get('delete', [0])[0], errno.EPERM, 'unprivileged: delete: EPERM')
t.eq(u.get('events'), errno.EPERM, 'unprivileged: events group: EPERM')

i = in_child(inside, probes)
t.ok('exception' not in i, 'probes from inside a container ran', i)
t.eq(tuple(i.get('get', [1]))[0], 0, 'inside: get of its own container')
t.eq(tuple(i.get('get_theirs', [0]))[0], errno.ENOENT,
     'inside: another container does not exist (id)')
t.eq(tuple(i.get('get_name', [0]))[0], errno.ENOENT,
     'inside: another container does not exist (name)')
t.eq((i.get('dump_err'), len(i.get('dump', []))), (0, 1),
     'inside: the dump holds only its own container')
t.ok(i.get('create', [0])[0] == errno.EPERM and
     'inside' in i['create'][1].get('msg', ''),
     'inside, even as root: create: EPERM', i.get('create'))
t.eq(i.get('kill', [0])[0], errno.EPERM, 'inside: kill: EPERM')
t.eq(i.get('delete', [0])[0], errno.EPERM, 'inside: delete: EPERM')
t.ok(y.do('get', {'id': theirs['id']})['state'] == 'created',
     'the other container is untouched')
for c in (mine, theirs):
    y.do('delete', {'id': c['id'], 'flags': ['force']})
t.eq(err_of(y.do, 'get', {'id': mine['id']})[0], errno.ENOENT, 'cleanup')
t.done()
