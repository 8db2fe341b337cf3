# SPDX-License-Identifier: GPL-2.0
"""kctr exec enters every namespace the module pinned for a container, not
only the new kinds of its mask: here an init with ns-mask 0 hands in a
network namespace of its own (as an OCI init joining an engine's netns by
path does), and an exec must land in it; JOIN checks every pinned kind."""
import ctypes
import json
import os
import traceback

from kctrnl import A, CMD, Raw, Tap, cg_path, nest, run, u32, u64, ynl

KCTR = os.environ.get('KCTR', 'kctr')
CLONE_NEWNET = 0x40000000
NSFD_A_NET = 3          # KCTR_NSFD_A_NET: KCTR_NS_KIND_NET + 1

t = Tap()
y = ynl()
libc = ctypes.CDLL(None, use_errno=True)
cid = y.do('create', {'ns-mask': 0})['id']
rd, wr = os.pipe()
go_r, go_w = os.pipe()
pid = os.fork()
if pid == 0:
    try:
        os.close(rd)
        os.close(go_w)
        with open(cg_path(cid) + '/cgroup.procs', 'w') as f:
            f.write('0')
        # the family lives in the initial netns only: open the socket first
        r = Raw()
        if libc.unshare(CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), 'unshare')
        fd = os.open('/proc/self/ns/net', os.O_RDONLY)
        join = r.try_do(CMD['join'], u64(A['id'], cid) +
                        nest(A['ns_fds'], u32(NSFD_A_NET, fd)))
        start = r.try_do(CMD['start'], u64(A['id'], cid))
        os.write(wr, json.dumps([join[0], start[0],
                                 os.readlink('/proc/self/ns/net')]).encode())
        os.read(go_r, 1)
    except Exception:
        traceback.print_exc()
    finally:
        os._exit(0)
os.close(wr)
os.close(go_r)
join_err, start_err, init_net = json.loads(os.read(rd, 4096) or '[-1,-1,""]')
t.eq((join_err, start_err), (0, 0),
     'an init with ns-mask 0 joins with its own net namespace, and starts')
info = json.loads(run(KCTR, '-j', 'inspect', str(cid)).stdout or '{}')
t.eq([ns['kind'] for ns in info.get('namespaces', [])], ['net'],
     'the module pinned that net namespace (not in the mask)')
host_net = os.readlink('/proc/self/ns/net')
t.ok(init_net and init_net != host_net, 'it is not the host\'s', init_net)
out = run(KCTR, 'exec', str(cid), 'readlink', '/proc/self/ns/net')
t.eq((out.returncode, out.stdout.strip()), (0, init_net),
     'kctr exec enters the pinned net namespace')
if out.returncode:
    t.diag(out.stderr)
out = run(KCTR, 'exec', str(cid), 'readlink', '/proc/self/ns/mnt')
t.eq(out.stdout.strip(), os.readlink('/proc/self/ns/mnt'),
     'and leaves the kinds nothing pinned (the host\'s mount namespace)')
os.close(go_w)
os.waitpid(pid, 0)
y.do('delete', {'id': cid, 'flags': ['force']})
t.done()
