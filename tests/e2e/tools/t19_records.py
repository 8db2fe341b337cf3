# SPDX-License-Identifier: GPL-2.0
"""Records at the uapi's limits, and what a name may be.

A container with every string at its maximum, every limit with 16 io
devices, and one whose init joined with 340-extent uid and gid maps (the
largest records the uapi allows) must come back from GET dumps: on a fresh
raw socket that never received anything, on one that only ever read 4 KiB
at a time, through YNL and through `kctr list` (libnl). One record too big
for a dump part used to fail the whole dump with EMSGSIZE.
"""
import ctypes
import errno
import fcntl
import os
import struct
import subprocess

from kctrnl import (A, CMD, NLMSG_DONE, NLMSG_ERROR, Raw, Tap, cg_path,
                    nest, nla, parse_attrs, strz, u32, u64, wait_for, ynl)

L = dict(memory_max=2, memory_high=3, memory_low=4, memory_min=5,
         memory_swap_max=6, cpu_max_quota=7, cpu_max_period=8,
         cpu_weight=9, pids_max=10, cpuset_cpus=11, cpuset_mems=12,
         io_max=13)
IO = dict(device=2, major=3, minor=4, rbps=5, wbps=6, riops=7, wiops=8)
MAP = dict(inside=1, outside=2, count=3)
NS_FDS, NSFD_USER, NS_USER = 18, 6, 1 << 5
CLONE_NEWUSER = 0x10000000
LOOP_CTL_ADD = 0x4C80
KCTR = os.environ.get('KCTR', 'kctr')
CGROOT = '/sys/fs/cgroup'
NAMES = A['name']

t = Tap()
y = ynl()
fam = Raw().family
before = {c['id'] for c in y.dump('get', {})}


def whole_disks():
    out = []
    for d in sorted(os.listdir('/sys/block')):
        with open(f'/sys/block/{d}/dev') as f:
            out.append(tuple(int(x) for x in f.read().split(':')))
    return out


def sixteen_disks():
    """16 block devices for io.max: what there is, then loop devices."""
    disks = whole_disks()
    if len(disks) >= 16:
        return disks[:16]
    subprocess.run(['modprobe', 'loop'], capture_output=True)
    try:
        fd = os.open('/dev/loop-control', os.O_RDWR)
    except OSError:
        return disks
    for i in range(64):
        if len(whole_disks()) >= 16:
            break
        try:
            fcntl.ioctl(fd, LOOP_CTL_ADD, 100 + i)
        except OSError:
            pass
    os.close(fd)
    return whole_disks()[:16]


def extent(inside, outside, count):
    return nest(A['map_extent'], u32(MAP['inside'], inside),
                u32(MAP['outside'], outside), u32(MAP['count'], count))


def dump(sock, bufsize):
    """(records, error) of one GET dump read with recv(bufsize)."""
    sock.send(CMD['get'], b'', flags=0x1 | 0x300)
    recs = {}
    while True:
        for m in sock.recv_msgs(bufsize):
            if m['type'] in (NLMSG_DONE, NLMSG_ERROR):
                return recs, m['error']
            a = parse_attrs(m['attrs'])
            cid = struct.unpack('Q', a[A['id']][0])[0]
            recs[cid] = len(m['body']) + 16


disks = sixteen_disks()
t.diag(f'block devices for io.max: {len(disks)}')
# 255 bytes, a valid cpuset list: the uapi's longest. The kernel takes at
# most 100 + 6 * NR_CPUS bytes in a cpuset file (cpuset's max_write_len):
# a kernel built for few CPUs (the debug VM's, NR_CPUS=8) refuses that
# with E2BIG, so there the list is as long as it takes.
kernel_cpus = int(open('/sys/devices/system/cpu/kernel_max').read()) + 1
cpus_len = min(255, 100 + 6 * kernel_cpus - 1)
cpus = '0' + ',0' * ((cpus_len - 1) // 2)
# cpuset.mems takes 100 + 6 * MAX_NUMNODES: 1 without NUMA (no
# /sys/devices/system/node), 1024 on Debian's kernels.
mems_len = 255 if os.path.isdir('/sys/devices/system/node') else 105
mems = '0' + ',0' * ((mems_len - 1) // 2)
t.diag(f'cpuset lists of {len(cpus)} and {len(mems)} bytes '
       f'(NR_CPUS {kernel_cpus})')
devs = [nest(IO['device'], u32(IO['major'], ma), u32(IO['minor'], mi),
             u64(IO['rbps'], 1 << 20), u64(IO['wbps'], 1 << 21),
             u64(IO['riops'], 1000), u64(IO['wiops'], 2000))
        for ma, mi in disks]
lim = [u64(L['memory_max'], 1 << 30), u64(L['memory_high'], 1 << 29),
       u64(L['memory_low'], 1 << 20), u64(L['memory_min'], 1 << 20),
       u64(L['cpu_max_quota'], 50000), u64(L['cpu_max_period'], 100000),
       u32(L['cpu_weight'], 100), u64(L['pids_max'], 100),
       strz(L['cpuset_cpus'], cpus), strz(L['cpuset_mems'], mems),
       nest(L['io_max'], *devs)]
if os.path.exists(f'{CGROOT}/kctr/memory.swap.max'):
    lim.append(u64(L['memory_swap_max'], 1 << 20))

# the largest network claim (uapi 3): every field, 32 ports with addresses
def _port(i):
    return nest(6, nla(1, b'\x11'), nla(2, bytes([192, 0, 2, 1])),
                nla(3, struct.pack('H', 40000 + i)),
                nla(4, struct.pack('H', 80)))


net = nest(37, strz(1, 'w' * 15), nla(2, bytes([10, 89, 0, 5])),
           nla(3, b'\x10'), nla(4, bytes([10, 89, 0, 1])),
           nla(5, bytes(6)), *[_port(i) for i in range(32)])

# --- the largest id maps: an init that joined with 340 extents each -----
# (first, so that it is the first record of a dump)
creator = Raw(fam)
N = 340
maps = [extent(i, 1000 + i, 1) for i in range(N)]
err, ext = creator.try_do(CMD['create'], b''.join([
    strz(A['name'], 'm' * 255), u32(A['ns_mask'], NS_USER),
    strz(A['hostname'], 'h' * 64), strz(A['image'], 'i' * 255),
    strz(A['command'], 'c' * 1023), nest(A['limits'], *lim),
    nest(A['uid_map'], *maps), nest(A['gid_map'], *maps), net]))
t.ok(err == 0, f'CREATE with {N}-extent uid and gid maps, every string, '
     'every limit and the network claim at its maximum', ext)
mid = [c['id'] for c in y.dump('get', {}) if c['name'] == 'm' * 255]
mid = mid[0] if mid else None

joined = False
if mid:
    go_r, go_w = os.pipe()
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        rc = 1
        try:
            os.close(go_w)
            os.close(ready_r)
            os.close(done_r)
            with open(f'{cg_path(mid)}/cgroup.procs', 'w') as f:
                f.write('0')
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(CLONE_NEWUSER):
                raise OSError(ctypes.get_errno(), 'unshare')
            os.write(ready_w, b'u')
            os.read(go_r, 1)            # the maps are written
            fd = os.open('/proc/self/ns/user', os.O_RDONLY)
            s = Raw(fam)
            e, x = s.try_do(CMD['join'], u64(A['id'], mid) +
                            nest(NS_FDS, u32(NSFD_USER, fd)))
            os.write(done_w, f'{e} {x.get("msg", "")}'.encode())
            rc = 0
        finally:
            os._exit(rc)
    os.close(go_r)
    os.close(ready_w)
    os.close(done_w)
    os.read(ready_r, 1)
    text = ''.join(f'{i} {1000 + i} 1\n' for i in range(N))
    for m in ('uid_map', 'gid_map'):
        with open(f'/proc/{pid}/{m}', 'w') as f:
            f.write(text)
    os.write(go_w, b'g')
    res = os.read(done_r, 200).decode()
    os.waitpid(pid, 0)
    joined = t.ok(res.startswith('0 '), f'the init joined with {N}-extent '
                  'maps (JOIN checked them against the live ones)', res)


# --- long strings and 16 io devices, without an init ---------------------
big_name = 'b' * 255
err, ext = creator.try_do(CMD['create'], b''.join([
    strz(A['name'], big_name), u32(A['ns_mask'], 0),
    strz(A['hostname'], 'h' * 64), strz(A['image'], 'i' * 255),
    strz(A['command'], 'c' * 1023), nest(A['limits'], *lim)]))
t.ok(err == 0, f'CREATE with every string at its maximum and '
     f'{len(disks)} io devices', f'{os.strerror(err)}: {ext}')
if len(disks) < 16:
    t.skip('16 io devices', f'only {len(disks)} block devices here')


def got_maps(rec):
    return len(rec.get('uid-map', {}).get('map-extent', [])) if rec else 0


# --- every way of reading a dump ----------------------------------------
def check_dump(desc, sock, bufsize):
    recs, err = dump(sock, bufsize)
    ours = [c for c in recs if c not in before]
    t.ok(err == 0 and len(ours) == 2,
         f'{desc}: the dump succeeds and holds both',
         f'errno {err}, records {recs}')
    return recs


recs = check_dump('a fresh raw socket (nothing received yet), 32 KiB',
                  Raw(fam), 32768)
big = max(recs.values()) if recs else 0
t.diag(f'largest record: {big} bytes')
t.ok(big > 20000 if joined else big > 4096,
     f'a record bigger than a page was dumped ({big} bytes)')
small = Raw(fam)
small.send(CMD['get_version'])
small.recv_msgs(4096)                       # the reply
small.recv_msgs(4096)                       # the ACK
check_dump('a raw socket that read 4 KiB at a time before, 32 KiB now',
           small, 32768)
try:
    ydump = y.dump('get', {})
    m = [c for c in ydump if c['name'] == 'm' * 255]
    t.ok(len(ydump) >= 2, 'YNL: the dump succeeds')
    if joined:
        t.eq(got_maps(m[0] if m else None), N,
             f'YNL: the record carries the {N}-extent live uid map')
except Exception as e:     # noqa: BLE001 (any failure is the test's)
    t.ok(False, 'YNL: the dump succeeds', e)
p = subprocess.run([KCTR, '-j', 'list', '-a'], capture_output=True,
                   text=True)
t.ok(p.returncode == 0 and big_name in p.stdout and 'm' * 255 in p.stdout,
     'kctr list (libnl) lists both', p.stderr + p.stdout[-500:])
for name in (big_name, 'm' * 255):
    e, x = Raw(fam).try_do(CMD['get'], strz(A['name'], name))
    t.ok(e == 0, f'GET of {name[0]}*255 by name', x)

# --- names ----------------------------------------------------------------
for raw, why in ((b'\xc0\xc1', 'bytes 0xC0-0xFF (Latin-1 letters to the '
                  "kernel's isalnum)"),
                 (b'\xe9t\xe9', 'a Latin-1 word'),
                 (b'ab\0cd', 'an embedded NUL (would silently drop "cd")')):
    e, x = creator.try_do(CMD['create'], nla(NAMES, raw + b'\0') +
                          u32(A['ns_mask'], 0))
    t.ok(e == errno.EINVAL and 'name' in x.get('msg', ''),
         f'CREATE refuses a name with {why}', f'{e} {x}')
e, x = Raw(fam).try_do(CMD['get'], nla(NAMES, b'ab\0cd\0'))
t.ok(e == errno.EINVAL, 'GET refuses a name with an embedded NUL', f'{e} {x}')
t.eq(sorted(c['name'] for c in y.dump('get', {})
            if c['name'] in ('ab', '\xc0\xc1')), [],
     'nothing was created under a truncated name')

# the init exited after its JOIN: that one is stopped, not aborted
if mid:
    e, x = creator.try_do(CMD['delete'], u64(A['id'], mid) +
                          u32(A['flags'], 4))
    t.ok(e == 0, 'DELETE of the stopped one', x)
creator.close()
t.ok(wait_for(lambda: not [c for c in y.dump('get', {})
                           if c['name'] in (big_name, 'm' * 255)],
              timeout=30),
     'closing the creator aborted the other')
t.done()
