# SPDX-License-Identifier: GPL-2.0
"""Removal takes the container's whole cgroup subtree, deepest first, and
retries what it could not do yet.

Child cgroups below /kctr/<id> (a delegated init makes them) used to make
removal fail with EBUSY for a minute, then the node was given up. A
DELETE whose caller may not rmdir in /kctr (EACCES: CAP_SYS_ADMIN without
CAP_DAC_OVERRIDE) used to give the node up at once; the retry runs with
the kernel's credentials.
"""
import os
import struct
import subprocess
import sys

from kctrnl import (A, CMD, F_FORCE, Raw, Tap, cg_path, parse_attrs, u32,
                    u64, wait_for)

CGROOT = '/sys/fs/cgroup'
TOOLS = os.path.dirname(os.path.abspath(__file__))

t = Tap()
r = Raw()


def nodes():
    return sorted(n for n in os.listdir(f'{CGROOT}/kctr') if n.isdigit())


def create():
    m = r.do(CMD['create'], u32(A['ns_mask'], 0))
    rec = [x for x in m if x['type'] == r.family][0]
    return struct.unpack('Q', parse_attrs(rec['attrs'])[A['id']][0])[0]


def delete(cid, sock=None):
    return (sock or r).try_do(CMD['delete'], u64(A['id'], cid) +
                              u32(A['flags'], F_FORCE))


before = nodes()

# --- a tree of empty cgroups below the node --------------------------------
cid = create()
for sub in ('a/b/c', 'a/e', 'd'):
    os.makedirs(f'{cg_path(cid)}/{sub}')
e, x = delete(cid)
t.ok(e == 0, 'DELETE of a container with cgroups below its node', x)
t.ok(not os.path.exists(cg_path(cid)),
     'the node and everything below it are gone when DELETE returns')

# --- a process in a child cgroup ---------------------------------------------
cid = create()
os.makedirs(f'{cg_path(cid)}/a/b')
p = subprocess.Popen(['sh', '-c', f'echo $$ > {cg_path(cid)}/a/b/cgroup.procs'
                      ' && exec sleep 1000'])
t.ok(wait_for(lambda: open(f'{cg_path(cid)}/a/b/cgroup.procs').read()
              .strip() == str(p.pid)), 'a process runs in /kctr/<id>/a/b')
e, x = delete(cid)
t.ok(e == 0, 'DELETE with force of that container', x)
try:
    status = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    status = 'still running'
t.eq(status, -9, 'cgroup.kill reached the process below the node')
t.ok(wait_for(lambda: not os.path.exists(cg_path(cid)), timeout=10),
     'and the whole subtree was removed')

# --- a DELETE by a caller that may not rmdir there -----------------------------
cid = create()
os.makedirs(f'{cg_path(cid)}/a')
prog = (f'import sys; sys.path.insert(0, {TOOLS!r})\n'
        'from kctrnl import A, CMD, F_FORCE, Raw, u32, u64\n'
        f'e, x = Raw().try_do(CMD["delete"], u64(A["id"], {cid}) + '
        'u32(A["flags"], F_FORCE))\n'
        'print(e, x.get("msg", ""))')
q = subprocess.run(['setpriv', '--reuid=1000', '--regid=1000',
                    '--clear-groups', '--inh-caps=-all,+sys_admin',
                    '--ambient-caps=+sys_admin', sys.executable, '-c', prog],
                   capture_output=True, text=True)
t.ok(q.stdout.startswith('0 '), 'DELETE from uid 1000 with CAP_SYS_ADMIN '
     'only', q.stdout + q.stderr)
t.ok(wait_for(lambda: not os.path.exists(cg_path(cid)), timeout=10),
     'its rmdir (EACCES) is retried by the module, which removes the node')
t.eq(nodes(), before, 'no node left behind')
t.done()
