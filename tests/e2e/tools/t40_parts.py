# SPDX-License-Identifier: GPL-2.0
"""kctr.ko's parts: limits, capability sets, seccomp programs, id maps,
cgroup nodes and namespace sets.

CREATE must refuse bad input with the right errno, a message that names
the attribute and the attribute's offset, and leave nothing behind; what it
accepts must land in cgroupfs as written; what GET reports about a running
container must match what /proc and cgroupfs say.
"""
import ctypes
import errno
import json
import os
import random
import re
import struct
import subprocess

from kctrnl import (A, CMD, Raw, Tap, cg_path, nest, nla, strz, u32, u64,
                    ynl, err_of)

L = dict(memory_max=2, memory_high=3, memory_low=4, memory_min=5,
         memory_swap_max=6, cpu_max_quota=7, cpu_max_period=8,
         cpu_weight=9, pids_max=10, cpuset_cpus=11, cpuset_mems=12,
         io_max=13)
IO = dict(device=2, major=3, minor=4, rbps=5, wbps=6, riops=7, wiops=8)
CAPS = dict(bounding=2, effective=3, permitted=4, inheritable=5, ambient=6)
MAP = dict(inside=1, outside=2, count=3)
HDR = 20        # nlmsghdr + genlmsghdr: extack offsets count from there
UNLIMITED = (1 << 64) - 1
CGROOT = '/sys/fs/cgroup'
KCTR = os.environ.get('KCTR', 'kctr')

t = Tap()
r = Raw()
y = ynl()


def skip(desc, why):
    t.n += 1
    print(f'ok {t.n} - {desc} # SKIP {why}', flush=True)


def nodes():
    return sorted(n for n in os.listdir(f'{CGROOT}/kctr') if n.isdigit())


def registry():
    return sorted(c['id'] for c in y.dump('get', {}))


def limits(*attrs):
    return nest(A['limits'], *attrs)


def insn(code, k=0, jt=0, jf=0):
    return struct.pack('HBBI', code, jt, jf, k)


def extent(inside, outside, count):
    return nest(A['map_extent'], u32(MAP['inside'], inside),
                u32(MAP['outside'], outside), u32(MAP['count'], count))


def device(major, minor=None, **rates):
    attrs = [u32(IO['major'], major)]
    if minor is not None:
        attrs.append(u32(IO['minor'], minor))
    attrs += [u64(IO[k], v) for k, v in rates.items()]
    return nest(IO['device'], *attrs)


def refused(desc, body, want_errno, want_msg=None, bad=None, ns_mask=0):
    """CREATE (ns-mask, then body) must fail with want_errno (or one of a
    tuple); bad: the offset in body of the attribute the extended ACK must
    point at."""
    head = u32(A['ns_mask'], ns_mask)
    e, ext = r.try_do(CMD['create'], head + body)
    if not isinstance(want_errno, tuple):
        want_errno = (want_errno,)
    ok = e in want_errno
    if want_msg is not None:
        ok = ok and want_msg in ext.get('msg', '')
    if bad is not None:
        ok = ok and ext.get('offs') == HDR + len(head) + bad
    t.ok(ok, desc, f'errno {e} ({errno.errorcode.get(e)}), extack {ext}')


nodes_before, ids_before = nodes(), registry()

# Limits: every check names its attribute (offsets: 4 = first in the nest).
refused('memory.max 0: ERANGE at KCTR_LIMIT_A_MEMORY_MAX',
        limits(u64(L['memory_max'], 0)), errno.ERANGE,
        'KCTR_LIMIT_A_MEMORY_MAX', 4)
refused('memory.high 4095: ERANGE',
        limits(u64(L['memory_high'], 4095)), errno.ERANGE, 'memory.high', 4)
for name in ('memory_high', 'memory_low', 'memory_min'):
    refused(f'{name} above memory.max: EINVAL at {name}',
            limits(u64(L['memory_max'], 1 << 20),
                   u64(L[name], (1 << 20) + 4096)),
            errno.EINVAL, 'above memory.max', 4 + 12)
refused('cpu.max period 999: ERANGE',
        limits(u64(L['cpu_max_period'], 999)), errno.ERANGE, 'period', 4)
refused('cpu.max period 1000001: ERANGE',
        limits(u64(L['cpu_max_period'], 1000001)), errno.ERANGE, 'period')
refused('cpu.max quota 999: ERANGE',
        limits(u64(L['cpu_max_quota'], 999)), errno.ERANGE, 'quota', 4)
refused('cpu.weight 0: ERANGE from the policy',
        limits(u32(L['cpu_weight'], 0)), errno.ERANGE, None, 4)
refused('cpu.weight 10001: ERANGE from the policy',
        limits(u32(L['cpu_weight'], 10001)), errno.ERANGE, None, 4)
refused('pids.max 0: ERANGE',
        limits(u64(L['pids_max'], 0)), errno.ERANGE, 'pids.max', 4)
for bad in ('1-0', '', '0,,1', 'all', '0-'):
    refused(f'cpuset.cpus "{bad}": EINVAL',
            limits(strz(L['cpuset_cpus'], bad)), errno.EINVAL, None, 4)
refused('cpuset.mems without a NUL: EINVAL',
        limits(nla(L['cpuset_mems'], b'0')), errno.EINVAL, None, 4)
refused('memory.max as a u32: EINVAL',
        limits(u32(L['memory_max'], 1 << 20)), errno.EINVAL, None, 4)
refused('an unknown limit attribute: EINVAL',
        limits(u64(14, 1)), errno.EINVAL, None, 4)
refused('the pad attribute in a request: EINVAL',
        limits(u64(1, 0)), errno.EINVAL, None, 4)
refused('17 io.max devices: E2BIG',
        limits(nest(L['io_max'], *[device(8, i * 16) for i in range(17)])),
        errno.E2BIG, '16')
refused('an io.max device twice: EINVAL',
        limits(nest(L['io_max'], device(8, 0), device(8, 0))),
        errno.EINVAL, 'twice')
refused('an io.max device without a minor: EINVAL',
        limits(nest(L['io_max'], device(8))), errno.EINVAL, 'MINOR')
refused('an io.max rate of 0: ERANGE',
        limits(nest(L['io_max'], device(8, 0, rbps=0))), errno.ERANGE,
        'RBPS')

# Capability sets.
caps = A['caps']
refused('effective outside permitted: EINVAL at KCTR_CAPS_A_EFFECTIVE',
        nest(caps, u64(CAPS['permitted'], 1), u64(CAPS['effective'], 3)),
        errno.EINVAL, 'KCTR_CAPS_A_EFFECTIVE', 4 + 12)
refused('a bounding bit above CAP_LAST_CAP: EINVAL',
        nest(caps, u64(CAPS['bounding'], 1 << 41)), errno.EINVAL,
        'CAP_LAST_CAP', 4)
refused('ambient outside inheritable: EINVAL at KCTR_CAPS_A_AMBIENT',
        nest(caps, u64(CAPS['permitted'], 1), u64(CAPS['ambient'], 1)),
        errno.EINVAL, 'AMBIENT', 4 + 12)

# Seccomp programs (offset 0: the attribute itself).
RET_ALLOW = insn(0x06, 0x7fff0000)
prog = A['seccomp_prog']
refused('a seccomp program of 12 bytes: EINVAL',
        nla(prog, RET_ALLOW + b'\0' * 4), errno.EINVAL, 'sock_filter', 0)
refused('a seccomp program not ending in a return: EINVAL',
        nla(prog, insn(0x20, 0)), errno.EINVAL, 'return', 0)
refused('BPF_MOD in a seccomp program: EINVAL',
        nla(prog, insn(0x94, 3) + RET_ALLOW), errno.EINVAL, 'opcode', 0)
refused('a load past struct seccomp_data: EINVAL',
        nla(prog, insn(0x20, 64) + RET_ALLOW), errno.EINVAL, 'seccomp_data',
        0)
refused('a jump out of the program: EINVAL',
        nla(prog, insn(0x15, 0, 1, 0) + RET_ALLOW), errno.EINVAL, 'jump', 0)
refused('a read of an unwritten scratch cell: EINVAL',
        nla(prog, insn(0x60, 2) + insn(0x16)), errno.EINVAL, 'scratch', 0)
refused('4097 instructions: refused by the policy',
        nla(prog, RET_ALLOW * 4097), errno.ERANGE, None, 0)

# Id maps (they need a new user namespace).
umap = A['uid_map']
NS_USER = 1 << 5
refused('overlapping uid map extents: EINVAL at the second',
        nest(umap, extent(0, 1000, 10), extent(5, 5000, 1)), errno.EINVAL,
        'overlap', 4 + 28, ns_mask=NS_USER)
refused('a uid map extent of count 0: EINVAL',
        nest(umap, extent(0, 1000, 0)), errno.EINVAL, 'COUNT 0', 4, ns_mask=NS_USER)
refused('a uid map extent that wraps: ERANGE',
        nest(umap, extent(1, 0, 0xffffffff)), errno.ERANGE, 'past', 4, ns_mask=NS_USER)
refused('a uid map extent without a count: EINVAL',
        nest(umap, nest(A['map_extent'], u32(MAP['inside'], 0),
                        u32(MAP['outside'], 0))), errno.EINVAL, 'COUNT', ns_mask=NS_USER)
refused('341 gid map extents: EINVAL',
        nest(A['gid_map'], *[extent(i * 10, 100000 + i * 10, 10)
                             for i in range(341)]), errno.EINVAL, '340', ns_mask=NS_USER)

# Refused by cgroupfs itself: the node is removed again.
ncpu = os.cpu_count()
refused(f'cpuset.cpus of a CPU the VM lacks ({ncpu + 8}): refused by '
        'cgroupfs, named in the message',
        limits(strz(L['cpuset_cpus'], str(ncpu + 8))),
        (errno.EINVAL, errno.ERANGE), 'cpuset.cpus')
refused('io.max of a device that does not exist (4095:1): refused',
        limits(nest(L['io_max'], device(4095, 1, rbps=1 << 20))),
        errno.ENODEV, 'io.max')

# The checker against the kernel's own: random and mutated programs go to
# CREATE (made to fail afterwards by id maps without a user namespace, so
# nothing is created) and to seccomp(2) in a throwaway child.
libc = ctypes.CDLL(None, use_errno=True)
SYS_SECCOMP, PR_SET_NO_NEW_PRIVS = 317, 38


class SockFprog(ctypes.Structure):
    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]


def kernel_accepts(code):
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        buf = ctypes.create_string_buffer(code, len(code))
        fprog = SockFprog(len(code) // 8, ctypes.addressof(buf))
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if libc.syscall(SYS_SECCOMP, 1, 0, ctypes.byref(fprog)) != 0:
            os.write(wfd, str(ctypes.get_errno()).encode())
        os._exit(0)     # with the filter in place, whatever it does
    os.close(wfd)
    out = os.read(rfd, 64)
    os.close(rfd)
    os.waitpid(pid, 0)
    return out == b''


def module_accepts(code):
    e, ext = r.try_do(CMD['create'], u32(A['ns_mask'], 0) +
                      nla(A['seccomp_prog'], code) +
                      nest(A['uid_map'], extent(0, 0, 1)))
    msg = ext.get('msg', '')
    if 'id maps need' in msg:
        return True
    if e == errno.EINVAL and msg.startswith('seccomp'):
        return False
    return f'errno {e} {ext}'


CODES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0c, 0x14, 0x15,
         0x16, 0x1c, 0x1d, 0x1e, 0x20, 0x24, 0x25, 0x28, 0x2c, 0x2d, 0x30,
         0x34, 0x35, 0x3c, 0x3d, 0x40, 0x44, 0x45, 0x48, 0x4c, 0x50, 0x54,
         0x55, 0x5c, 0x60, 0x61, 0x64, 0x6c, 0x74, 0x7c, 0x80, 0x84, 0x87,
         0x94, 0x9c, 0xa4, 0xac, 0xb1, 0xb4, 0xbc, 0xc4, 0xcc, 0xd4, 0xdc]
KS = [0, 1, 2, 3, 4, 8, 15, 16, 31, 32, 60, 61, 63, 64, 0x7fff0000,
      0xfffff000, 0xfffff004, 0xffffffff]
rnd = random.Random(40)


def random_prog():
    n = rnd.randint(1, 7)
    prog = b''
    for i in range(n):
        code = rnd.choice(CODES)
        if i == n - 1 and rnd.random() < 0.7:
            code = rnd.choice([0x06, 0x16])
        prog += insn(code, rnd.choice(KS), rnd.randint(0, n - i),
                     rnd.randint(0, n - i))
    return prog


base = (insn(0x20, 4) + insn(0x15, 0x3e, 1, 0) + insn(0x06, 0) +
        insn(0x20, 0) + insn(0x02, 0) + insn(0x60, 0) +
        insn(0x15, 60, 1, 0) + insn(0x06, 0x7fff0000) + insn(0x06, 0x50001))
progs = [random_prog() for _ in range(200)]
for _ in range(100):
    p = bytearray(base)
    i = rnd.randrange(len(base) // 8) * 8
    field = rnd.choice(['code', 'k', 'jt', 'jf'])
    if field == 'code':
        p[i:i + 2] = struct.pack('H', rnd.choice(CODES))
    elif field == 'k':
        p[i + 4:i + 8] = struct.pack('I', rnd.choice(KS))
    else:
        p[i + (2 if field == 'jt' else 3)] = rnd.randint(0, 9)
    progs.append(bytes(p))
mismatch = []
accepted = 0
for code in progs:
    k, m = kernel_accepts(code), module_accepts(code)
    accepted += k is True
    if k != m:
        mismatch.append((code.hex(), k, m))
t.ok(not mismatch and 20 < accepted < len(progs) - 20,
     f'the checker agrees with seccomp(2) on {len(progs)} programs '
     f'({accepted} accepted)', '\n'.join(map(str, mismatch[:10])))

t.eq((nodes(), registry()), (nodes_before, ids_before),
     'no refused CREATE left a cgroup node or a registry entry')

# An accepted CREATE: every file as the module wrote it.
subprocess.run(['modprobe', 'brd', 'rd_nr=1', 'rd_size=1024'],
               capture_output=True)
blk = sorted(os.listdir('/sys/dev/block'))
lim = {'memory-max': 64 << 20, 'memory-high': 48 << 20,
       'memory-low': 2 << 20, 'memory-min': 1 << 20,
       'cpu-max-quota': 25000, 'cpu-weight': 300, 'pids-max': 40,
       'cpuset-cpus': '0', 'cpuset-mems': '0'}
want = {'memory.max': str(64 << 20), 'memory.high': str(48 << 20),
        'memory.low': str(2 << 20), 'memory.min': str(1 << 20),
        'cpu.max': '25000 100000', 'cpu.weight': '300', 'pids.max': '40',
        'cpuset.cpus': '0', 'cpuset.mems': '0'}
if os.path.exists(f'{CGROOT}/kctr/memory.swap.max'):
    lim['memory-swap-max'] = 0
    want['memory.swap.max'] = '0'
if blk:
    major, minor = (int(x) for x in blk[0].split(':'))
    lim['io-max'] = {'device': [{'major': major, 'minor': minor,
                                 'rbps': 1 << 20, 'wiops': 100}]}
    want['io.max'] = f'{major}:{minor} rbps=1048576 wbps=max riops=max wiops=100'
c = y.do('create', {'name': 'parts-lim', 'ns-mask': 0, 'limits': lim})
cid = c['id']
got = {}
for f in want:
    with open(f'{cg_path(cid)}/{f}') as fh:
        got[f] = fh.read().strip()
t.eq(got, want, 'CREATE wrote every limit file as asked')
if not blk:
    skip('io.max written', 'no block device in this VM')
back = dict(c.get('limits', {}))
sent = dict(lim, **{'cpu-max-period': 100000})
if 'io-max' in back:
    back['io-max'] = {'device': [{k: v for k, v in d.items() if k != 'pad'}
                                 for d in back['io-max']['device']]}
    sent['io-max'] = {'device': [dict(d, wbps=UNLIMITED, riops=UNLIMITED)
                                 for d in lim['io-max']['device']]}
t.eq(back, sent, 'the record carries the limits back (default period '
     'filled in)')
t.eq(c['cgroup']['id'], os.stat(cg_path(cid)).st_ino,
     'cgroup id is the inode number of the node')
t.eq(c['cgroup']['path'], f'/kctr/{cid}', 'cgroup path /kctr/<id>')
t.eq(c['cgroup'].get('populated'), 0, 'a new node is not populated')

# The path as seen from another cgroup namespace.
other = f'{CGROOT}/parts{os.getpid()}'
os.mkdir(other)
p = subprocess.run(['sh', '-c', f'echo $$ > {other}/cgroup.procs && '
                    f'exec unshare -C {KCTR} -j inspect {cid}'],
                   capture_output=True, text=True)
try:
    path = json.loads(p.stdout)['cgroup']['path']
except (ValueError, KeyError) as e:
    path = f'{e}: {p.stdout} {p.stderr}'
t.eq(path, f'/../kctr/{cid}',
     'from a cgroup namespace rooted elsewhere the path is relative to it')
os.rmdir(other)

y.do('delete', {'id': cid, 'flags': ['force']})
t.ok(not os.path.exists(cg_path(cid)), 'DELETE removed the node')


# A running container, compared with /proc.
def kctr(*args):
    return subprocess.run([KCTR, *args], capture_output=True, text=True)


def inspect(name):
    return json.loads(kctr('-j', 'inspect', name).stdout)


def status(pid):
    with open(f'/proc/{pid}/status') as f:
        return dict(line.rstrip('\n').split(':\t', 1) for line in f
                    if ':\t' in line)


def cap_numbers():
    nums = {}
    with open('/usr/include/linux/capability.h') as f:
        for m in re.finditer(r'#define (CAP_[A-Z_]+)\s+(\d+)\n', f.read()):
            nums[m.group(1)] = int(m.group(2))
    return nums


def mask(names, nums):
    return sum(1 << nums[n] for n in names)


def check_running(name, userns):
    info = inspect(name)
    pid = info['init_pid']
    nums = cap_numbers()
    st = status(pid)
    keys = dict(bounding='CapBnd', effective='CapEff', permitted='CapPrm',
                inheritable='CapInh', ambient='CapAmb')
    proc = {k: int(st[v], 16) for k, v in keys.items()}
    kern = {k: mask(info['capabilities'][k], nums) for k in proc}
    t.eq(kern, proc, f'{name}: the five capability sets are the init\'s')
    t.eq((st['NoNewPrivs'], st['Seccomp']), ('1', '2'),
         f'{name}: the init has no_new_privs and a seccomp filter')
    t.eq(info['seccomp']['init_mode'], 2, f'{name}: GET reports mode filter')
    host = {}
    mine = {}
    for ns in info['namespaces']:
        kind = ns['kind']
        mine[kind] = (ns['inum'], ns.get('new', False))
        h = os.stat(f'/proc/1/ns/{kind}').st_ino
        host[kind] = (os.stat(f'/proc/{pid}/ns/{kind}').st_ino,
                      os.stat(f'/proc/{pid}/ns/{kind}').st_ino != h)
    t.eq(mine, host, f'{name}: namespace inums and "new" match /proc')
    levels = {ns['kind']: ns.get('level') for ns in info['namespaces']
              if ns['kind'] in ('pid', 'user')}
    t.eq(levels.get('pid'), 1, f'{name}: pid namespace level 1')
    t.ok(all(ns['refcount'] >= 1 for ns in info['namespaces']),
         f'{name}: every pinned namespace has a reference count')
    if userns:
        t.eq(levels.get('user'), 1, f'{name}: user namespace level 1')
        with open(f'/proc/{pid}/uid_map') as f:
            live = [dict(zip(('inside', 'outside', 'count'),
                             map(int, line.split()))) for line in f]
        t.eq(info['uid_map'], live, f'{name}: uid map as /proc shows it')
        owner = os.stat(f'/proc/{pid}/ns/user').st_ino
        net = [ns for ns in info['namespaces'] if ns['kind'] == 'net'][0]
        t.eq(net.get('owner_inum'), owner,
             f'{name}: the net namespace is owned by the new user namespace')


for name, opts, userns in (('parts-run', [], False),
                           ('parts-userns', ['--userns'], True)):
    p = kctr('spawn', '-d', '--name', name, *opts, '--', 'sleep', '1000')
    if not t.ok(p.returncode == 0, f'{name}: spawned', p.stderr):
        continue
    check_running(name, userns)
    kctr('rm', '-f', name)

t.eq(nodes(), nodes_before, 'no cgroup node left behind')
t.done()
