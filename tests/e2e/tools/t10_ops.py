# SPDX-License-Identifier: GPL-2.0
"""Every op of the family from a privileged client, and malformed input."""
import errno
import os
import time

from kctrnl import (A, CMD, F_FORCE, F_KILL_ALL, Raw, Tap, cg_path, nest,
                    nla, strz, u32, u64, ynl, err_of)

t = Tap()
y = ynl()

v = y.do('get-version', {})
t.eq(v, {'version': '0.1.0', 'uapi-version': 5}, 'get-version: 0.1.0, uapi 5')

# uapi 2: names up to 255 bytes of [A-Za-z0-9_+.-], e.g. OCI ids
for nm, desc in (('0f' * 32, 'a 64-hex OCI id'),
                 ('a+b_c.d-' + 'n' * 247, 'a name of 255 bytes with +')):
    c = y.do('create', {'name': nm, 'ns-mask': 0})
    g = y.do('get', {'name': nm})
    t.ok(c['name'] == nm and g['id'] == c['id'] and g['name'] == nm,
         f'create and get by name: {desc}', (len(nm), c.get('name')))
    t.eq([x['name'] for x in y.dump('get', {}) if x['id'] == c['id']], [nm],
         f'the dump carries it whole: {desc}')
    y.do('delete', {'id': c['id'], 'flags': ['force']})

before = time.time_ns()
c1 = y.do('create', {'name': 'ops-one', 'ns-mask': 0,
                     'hostname': 'h1', 'image': 'img', 'command': 'sh -c x',
                     'limits': {'memory-max': 64 << 20, 'pids-max': 50}})
t.ok(c1['id'] >= 1 and c1['name'] == 'ops-one' and c1['state'] == 'created',
     'create replies with the record', c1)
t.ok(os.path.isdir(cg_path(c1['id'])), 'create made the cgroup node')
with open(cg_path(c1['id']) + '/memory.max') as f:
    t.eq(f.read().strip(), str(64 << 20), 'create wrote memory.max')
t.eq(c1.get('limits', {}).get('memory-max'), 64 << 20,
     'the record carries the limits')
t.ok(before <= c1['created-ns'] <= time.time_ns(), 'created-ns is now')
t.eq((c1['owner-uid'], c1['hostname'], c1['image'], c1['command']),
     (0, 'h1', 'img', 'sh -c x'), 'owner and informative strings')
t.eq(c1['cgroup']['path'], f'/kctr/{c1["id"]}', 'cgroup path /kctr/<id>')

g = y.do('get', {'id': c1['id']})
t.eq((g['id'], g['name']), (c1['id'], 'ops-one'), 'get by id')
g = y.do('get', {'name': 'ops-one'})
t.eq(g['id'], c1['id'], 'get by name')
t.eq(err_of(y.do, 'get', {'name': 'nope'})[0], errno.ENOENT,
     'get of an unknown name: ENOENT')
t.eq(err_of(y.do, 'get', {'id': 1 << 40})[0], errno.ENOENT,
     'get of an unknown id: ENOENT')

c2 = y.do('create', {'ns-mask': 0})
t.eq(c2['name'], f'c{c2["id"]}', 'default name c<id>')
t.ok(c2['id'] > c1['id'], 'ids grow')
e = err_of(y.do, 'create', {'name': 'ops-one', 'ns-mask': 0})
t.ok(e[0] == errno.EEXIST and 'name' in (e[1] or ''),
     'duplicate name: EEXIST with a message', e)

ids = [c['id'] for c in y.dump('get', {})]
t.ok(c1['id'] in ids and c2['id'] in ids, 'dump lists both', ids)

e = err_of(y.do, 'delete', {'id': c1['id']})
t.ok(e[0] == errno.EBUSY and 'stopped' in (e[1] or ''),
     'delete of a created container without force: EBUSY', e)
e = err_of(y.do, 'kill', {'id': c1['id'], 'signal': 15})
t.eq(e[0], errno.ESRCH, 'kill with no init: ESRCH')
e = err_of(y.do, 'kill', {'id': c1['id'], 'signal': 15,
                          'flags': ['kill-all']})
t.ok(e[0] == errno.EINVAL and 'SIGKILL' in (e[1] or ''),
     'kill-all with SIGTERM: EINVAL naming SIGKILL', e)
t.eq(err_of(y.do, 'kill', {'id': c1['id'], 'signal': 9,
                           'flags': ['kill-all']})[0], 0,
     'kill-all with SIGKILL on an empty container')
t.eq(err_of(y.do, 'delete', {'id': c1['id'], 'flags': ['force']})[0], 0,
     'delete with force')
t.ok(not os.path.exists(cg_path(c1['id'])), 'delete removed the cgroup')
t.eq(err_of(y.do, 'get', {'id': c1['id']})[0], errno.ENOENT,
     'deleted container is gone')
c3 = y.do('create', {'name': 'ops-one', 'ns-mask': 0})
t.ok(c3['id'] > c2['id'], 'the name is free again, the id is new')

# Malformed requests, built by hand.
r = Raw()
cid = c3['id']


def bad(desc, cmd, attrs, want_errno, want_msg=None, want_offs=False,
        want_miss=None):
    err, ext = r.try_do(cmd, attrs)
    ok = err == want_errno
    if want_msg is not None:
        ok = ok and want_msg in ext.get('msg', '')
    if want_offs:
        ok = ok and 'offs' in ext
    if want_miss is not None:
        ok = ok and ext.get('miss_type') == want_miss
    t.ok(ok, desc, f'errno {err} ({os.strerror(err)}), extack {ext}')


mask = u32(A['ns_mask'], 0)
bad('unknown attribute type: EINVAL naming it', CMD['create'],
    mask + u32(40, 1), errno.EINVAL, want_offs=True)
bad('attribute of another op (signal in create): EINVAL', CMD['create'],
    mask + u32(A['signal'], 9), errno.EINVAL, want_offs=True)
bad('wrong length (u64 ns-mask): EINVAL', CMD['create'],
    u64(A['ns_mask'], 0), errno.EINVAL, want_offs=True)
bad('unknown ns-mask bit: EINVAL', CMD['create'],
    u32(A['ns_mask'], 1 << 8), errno.EINVAL, want_offs=True)
bad('unknown flag bit: EINVAL', CMD['create'],
    mask + u32(A['flags'], 1 << 7), errno.EINVAL, want_offs=True)
bad('flag of another op (force in create): EINVAL', CMD['create'],
    mask + u32(A['flags'], F_FORCE), errno.EINVAL, want_offs=True)
bad('name of 256 bytes: EINVAL', CMD['create'],
    mask + strz(A['name'], 'x' * 256), errno.EINVAL, want_offs=True)
bad('name "..": EINVAL', CMD['create'],
    mask + strz(A['name'], '..'), errno.EINVAL, 'invalid name', True)
bad('get by a name of 256 bytes: EINVAL', CMD['get'],
    strz(A['name'], 'x' * 256), errno.EINVAL, want_offs=True)
bad('name with a slash: EINVAL, says why', CMD['create'],
    mask + strz(A['name'], 'a/b'), errno.EINVAL, 'invalid name', True)
bad('name starting with a dot: EINVAL', CMD['create'],
    mask + strz(A['name'], '.x'), errno.EINVAL, 'invalid name', True)
bad('empty name: EINVAL', CMD['create'],
    mask + strz(A['name'], ''), errno.EINVAL, 'invalid name', True)
bad('name without NUL: EINVAL', CMD['create'],
    mask + nla(A['name'], b'abcd'), errno.EINVAL, want_offs=True)
bad('hostname of 65 bytes: EINVAL', CMD['create'],
    mask + strz(A['hostname'], 'h' * 65), errno.EINVAL, want_offs=True)
bad('missing ns-mask: EINVAL naming it', CMD['create'],
    strz(A['name'], 'm'), errno.EINVAL, want_miss=A['ns_mask'])
bad('seccomp program of 3 bytes: EINVAL', CMD['create'],
    mask + nla(A['seccomp_prog'], b'abc'), errno.EINVAL)
bad('id maps without a user namespace: EINVAL', CMD['create'],
    mask + nest(A['uid_map'], nest(A['map_extent'], u32(1, 0), u32(2, 1000),
                                   u32(3, 1))),
    errno.EINVAL, 'user namespace')
bad('unknown limit attribute: EINVAL', CMD['create'],
    mask + nest(A['limits'], u32(30, 1)), errno.EINVAL, want_offs=True)
bad('kill: signal 0: ERANGE', CMD['kill'],
    u64(A['id'], cid) + u32(A['signal'], 0), errno.ERANGE, 'range', True)
bad('kill: signal 65: ERANGE', CMD['kill'],
    u64(A['id'], cid) + u32(A['signal'], 65), errno.ERANGE, 'range', True)
bad('kill: missing signal: EINVAL naming it', CMD['kill'],
    u64(A['id'], cid), errno.EINVAL, want_miss=A['signal'])
bad('kill: unknown flag: EINVAL', CMD['kill'],
    u64(A['id'], cid) + u32(A['signal'], 9) + u32(A['flags'], F_FORCE),
    errno.EINVAL, want_offs=True)
bad('delete: missing id: EINVAL naming it', CMD['delete'], b'',
    errno.EINVAL, want_miss=A['id'])
bad('delete: id of 4 bytes: EINVAL', CMD['delete'], u32(A['id'], cid),
    errno.EINVAL, want_offs=True)
bad('get: neither id nor name: EINVAL', CMD['get'], b'', errno.EINVAL,
    'KCTR_A_ID')
bad('get-version with an attribute: EINVAL', CMD['get_version'],
    u32(A['uapi_version'], 1), errno.EINVAL)
bad('unknown command: EOPNOTSUPP', 99, b'', errno.EOPNOTSUPP)
bad('event is not a request: EOPNOTSUPP', CMD['event'], b'',
    errno.EOPNOTSUPP)
bad('start: missing id: EINVAL', CMD['start'], b'', errno.EINVAL,
    want_miss=A['id'])
bad('join from outside the cgroup: EPERM', CMD['join'], u64(A['id'], cid),
    errno.EPERM, 'cgroup')
bad('start from outside the cgroup: EPERM', CMD['start'], u64(A['id'], cid),
    errno.EPERM, 'cgroup')
r.close()

t.ok(err_of(y.do, 'get', {'id': cid})[0] == 0,
     'the container survived all of that')
t.eq([err_of(y.do, 'delete', {'id': i, 'flags': ['force']})[0]
      for i in (cid, c2['id'])], [0, 0], 'cleanup')
t.done()
