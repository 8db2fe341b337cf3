# SPDX-License-Identifier: GPL-2.0
"""JOIN sent through io_uring under a registered personality (audit H1):
refused with EPERM before commit_creds() (which would BUG: the guest
panics on oops, so a module without the check kills the VM here), for the
init JOIN and for an exec JOIN, and the container unharmed."""
import errno
import os
import subprocess
import sys
import tempfile

from kctrnl import CMD, A, Raw, Tap, cg_path, u64, ynl

t = Tap()
y = ynl()
tool = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'iou_join.c')
tmp = tempfile.mkdtemp()
binary = os.path.join(tmp, 'iou_join')
cc = subprocess.run(['cc', '-static', '-O2', '-o', binary, tool],
                    capture_output=True, text=True)
if not t.ok(cc.returncode == 0, 'the attacker builds (cc -static)',
            cc.stderr):
    t.done()
# The sysctl exists from 6.6 on; before it io_uring cannot be disabled
# at run time, so 6.1 without it is enabled.
try:
    with open('/proc/sys/kernel/io_uring_disabled') as f:
        disabled = f.read().strip()
except FileNotFoundError:
    disabled = '0'
t.eq(disabled, '0', 'io_uring is enabled in this kernel '
     '(kernel.io_uring_disabled=0)')


def attack(cid):
    """Run the attacker as root in @cid's cgroup, host namespaces."""
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rd)
        with open(cg_path(cid) + '/cgroup.procs', 'w') as f:
            f.write('0')
        os.dup2(wr, 1)
        os.execv(binary, [binary, str(cid)])
    os.close(wr)
    out = os.read(rd, 4096).decode()
    return os.waitpid(pid, 0)[1] >> 8, out.strip()


def join_start(cid):
    """A plain child JOINs and STARTs @cid; (join errno, start errno)."""
    rd, wr = os.pipe()
    go_rd, go_wr = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rd)
        os.close(go_wr)
        with open(cg_path(cid) + '/cgroup.procs', 'w') as f:
            f.write('0')
        r = Raw()
        a = r.try_do(CMD['join'], u64(A['id'], cid))[0]
        b = r.try_do(CMD['start'], u64(A['id'], cid))[0]
        os.write(wr, bytes([a, b]))
        os.read(go_rd, 1)   # stay alive as the init until told
        os._exit(0)
    os.close(wr)
    os.close(go_rd)
    res = os.read(rd, 2)
    return pid, go_wr, tuple(res)


cid = y.do('create', {'name': 'iou', 'ns-mask': 0})['id']
rc, out = attack(cid)
t.ok(rc == 0, 'init JOIN through io_uring with a personality: EPERM, '
     'overridden credentials named', out)
g = y.do('get', {'id': cid})
t.eq((g['state'], g.get('init-pid')), ('created', None),
     'nothing changed: still created, no init recorded')
pid, wr, res = join_start(cid)
t.eq(res, (0, 0), 'a plain init then JOINs and STARTs')
rc, out = attack(cid)
t.ok(rc == 0, 'exec JOIN through io_uring with a personality: EPERM', out)
t.eq(y.do('get', {'id': cid})['joins'], 0, 'no exec join counted')
log = subprocess.run(['dmesg'], capture_output=True, text=True).stdout
t.ok('kernel BUG' not in log and 'cred.c' not in log,
     'no kernel BUG in the log')
os.close(wr)
os.waitpid(pid, 0)
y.do('delete', {'id': cid, 'flags': ['force']})
t.eq(Raw().try_do(CMD['get_version'])[0], 0,
     'the family still answers (kctr_lock and cb_lock not held for ever)')
t.done()
sys.exit(0)
