# SPDX-License-Identifier: GPL-2.0
"""Network claims (KCTR_A_NET): the module as address and port arbiter,
and the holder of the nf_tables anchor.

Addresses are claimed per network until removal, published ports until
the init exits; conflicts fail with EADDRINUSE naming the holder. The
anchor is a NETLINK_NETFILTER socket that owns a table (NFT_TABLE_F_OWNER):
the table outlives the tool that made it while the module holds the
socket, and goes when the init exits, or with an unstarted container.
"""
import ctypes
import errno
import json
import os
import platform
import shutil
import socket
import struct
import subprocess

from kctrnl import (A, CMD, F_FORCE, Raw, Tap, cg_path, nest, nla,
                    parse_attrs, strz, u32, u64, wait_for, ynl)

TOOLS = os.path.dirname(os.path.abspath(__file__))
A_NET = 37
NET = dict(network=1, addr4=2, prefix=3, gateway4=4, mac=5, port=6,
           anchor_fd=7, anchored=8)
PORT = dict(proto=1, host_addr4=2, host_port=3, ctr_port=4)
NS_A_KIND, NS_A_INUM, NS_A_REFCOUNT, NS_A_RELEASED = 1, 2, 3, 7
A_NAMESPACES, A_NS, NSFD_A_NET, NS_NET = 27, 28, 3, 4
TCP, UDP = 6, 17
# 6.1 has no formatted extack messages: the holder is not named there
NAMES_HOLDER = tuple(map(int, platform.release().split('.')[:2])) >= (6, 2)

t = Tap()
r = Raw()
TABLES = ('kctr-test', 'kctr-test2', 'kctr-test3')


def ip4(s):
    return socket.inet_aton(s)


def be32(atype, s):
    return nla(atype, ip4(s))


def port(proto, host, hport, cport, addr=None):
    a = nla(PORT['proto'], struct.pack('B', proto))
    if host:
        a += be32(PORT['host_addr4'], host)
    if hport is not None:
        a += nla(PORT['host_port'], struct.pack('H', hport))
    a += nla(PORT['ctr_port'], struct.pack('H', cport))
    return nest(NET['port'], a)


def net(network, addr, ports=(), anchor=None, extra=b''):
    a = b''
    if network is not None:
        a += strz(NET['network'], network)
    if addr is not None:
        a += be32(NET['addr4'], addr)
    a += b''.join(ports) + extra
    if anchor is not None:
        a += u32(NET['anchor_fd'], anchor)
    return nest(A_NET, a)


def create(netattr, name=None, mask=0, sock=None):
    """(errno, extack msg, id)"""
    attrs = u32(A['ns_mask'], mask) + netattr
    if name:
        attrs = strz(A['name'], name) + attrs
    try:
        m = (sock or r).do(CMD['create'], attrs)
    except OSError as e:
        return e.errno, getattr(e, 'extack', {}).get('msg', ''), None
    rec = [x for x in m if x['type'] == (sock or r).family][0]
    cid = struct.unpack('Q', parse_attrs(rec['attrs'])[A['id']][0])[0]
    return 0, '', cid


def delete(cid):
    return r.try_do(CMD['delete'], u64(A['id'], cid) + u32(A['flags'],
                                                           F_FORCE))[0]


def get(cid):
    try:
        m = r.do(CMD['get'], u64(A['id'], cid))
    except OSError:
        return None
    return parse_attrs([x for x in m if x['type'] == r.family][0]['attrs'])


def net_of(cid):
    """The record's KCTR_A_NET as a dict, None without one."""
    rec = get(cid)
    if not rec or A_NET not in rec:
        return None
    n = parse_attrs(rec[A_NET][0])
    out = dict(network=n[NET['network']][0].rstrip(b'\0').decode(),
               addr4=socket.inet_ntoa(n[NET['addr4']][0]),
               anchored=n[NET['anchored']][0][0], ports=[])
    if NET['prefix'] in n:
        out['prefix'] = n[NET['prefix']][0][0]
    if NET['gateway4'] in n:
        out['gateway4'] = socket.inet_ntoa(n[NET['gateway4']][0])
    if NET['mac'] in n:
        out['mac'] = n[NET['mac']][0].hex()
    for p in n.get(NET['port'], []):
        q = parse_attrs(p)
        out['ports'].append((q[PORT['proto']][0][0],
                             socket.inet_ntoa(q[PORT['host_addr4']][0]),
                             struct.unpack('H', q[PORT['host_port']][0][:2])[0],
                             struct.unpack('H', q[PORT['ctr_port']][0][:2])[0]))
    return out


def state(cid):
    rec = get(cid)
    return struct.unpack('I', rec[A['state']][0])[0] if rec else None


def held_by(msg, cid, name, what):
    if NAMES_HOLDER:
        return f'is held by container {cid} ({name})' in msg and what in msg
    return 'held by another container' in msg


def conflict(netattr, cid, name, what, desc):
    e, msg, other = create(netattr)
    if other:
        delete(other)
    t.ok(e == errno.EADDRINUSE and held_by(msg, cid, name, what),
         desc, f'errno {e}: {msg}')


def refused(netattr, want, desc):
    e, msg, other = create(netattr)
    if other:
        delete(other)
    wants = want if isinstance(want, tuple) else (want,)
    t.ok(e in wants, desc, f'errno {e} (want {want}): {msg}')


def allowed(netattr, desc):
    e, msg, other = create(netattr)
    t.ok(e == 0, desc, f'errno {e}: {msg}')
    if other:
        delete(other)


# --- nf_tables, through the C tool ----------------------------------------
def build_tool():
    out = '/tmp/kctr-e2e-nft_anchor'
    p = subprocess.run(['cc', '-O2', '-Wall', '-o', out,
                        f'{TOOLS}/nft_anchor.c', '-lnftnl', '-lmnl'],
                       capture_output=True, text=True)
    if p.returncode:
        t.ok(False, 'building tests/e2e/tools/nft_anchor.c', p.stderr)
        t.done()
    return out


TOOL = build_tool()


def table_exists(name):
    return subprocess.run([TOOL, 'exists', name]).returncode == 0


def make_anchor(table):
    """The tool makes an owned table and hands its socket over, then
    exits; the returned fd is the only holder of that socket."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    p = subprocess.run([TOOL, 'create', table, str(b.fileno())],
                       pass_fds=[b.fileno()], capture_output=True, text=True)
    b.close()
    if p.returncode:
        a.close()
        return None, p.stderr
    _, fds, _, _ = socket.recv_fds(a, 1, 1)
    a.close()
    return fds[0], ''


class Init:
    """A forked init in the container's cgroup, in a network namespace
    of its own, that JOINs with its net fd, STARTs, then waits for 'exit'."""

    def __init__(self, cid):
        self.cmd_r, self.cmd_w = os.pipe()
        self.res_r, self.res_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            self._child(cid)
        os.close(self.cmd_r)
        os.close(self.res_w)
        self.res = os.fdopen(self.res_r)
        self.out = os.fdopen(self.cmd_w, 'w')

    def _child(self, cid):
        for fd in map(int, os.listdir('/proc/self/fd')):
            if fd > 2 and fd not in (self.cmd_r, self.res_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
        res = os.fdopen(self.res_w, 'w')
        libc = ctypes.CDLL(None, use_errno=True)
        with open(cg_path(cid) + '/cgroup.procs', 'w') as f:
            f.write('0')
        # before unshare: the family is only reachable from the host netns
        rr = Raw()
        if libc.unshare(0x40000000):   # CLONE_NEWNET
            res.write(json.dumps({'errno': ctypes.get_errno()}) + '\n')
            os._exit(1)
        nsfd = os.open('/proc/self/ns/net', os.O_RDONLY)
        out = {}
        for cmd, attrs in (('join', u64(A['id'], cid) +
                            nest(A['ns_fds'], u32(NSFD_A_NET, nsfd))),
                           ('start', u64(A['id'], cid))):
            e, x = rr.try_do(CMD[cmd], attrs)
            out = {'errno': e, 'msg': x.get('msg', ''), 'step': cmd}
            if e:
                break
        os.close(nsfd)
        res.write(json.dumps(out) + '\n')
        res.flush()
        os.read(self.cmd_r, 1)
        os._exit(3)

    def ready(self):
        return json.loads(self.res.readline())

    def exit(self):
        self.out.write('x')
        self.out.flush()
        return os.waitpid(self.pid, 0)[1]


# --- claims through CREATE, GET -------------------------------------------
mac = nla(NET['mac'], bytes.fromhex('02420a570005'))
info = (nla(NET['prefix'], b'\x10') + be32(NET['gateway4'], '10.87.0.1') +
        mac)
web_ports = (port(TCP, None, 8080, 80), port(UDP, '192.0.2.1', 53, 5353))
e, msg, web = create(net('kctr', '10.87.0.5', web_ports, extra=info),
                     name='web')
t.ok(e == 0, 'CREATE with a network claim (address, 2 ports)', msg)
n = net_of(web) or {}
t.eq((n.get('network'), n.get('addr4'), n.get('prefix'), n.get('gateway4'),
      n.get('mac'), n.get('anchored')),
     ('kctr', '10.87.0.5', 16, '10.87.0.1', '02420a570005', 0),
     'GET reports the claim as given, not anchored')
t.eq(n.get('ports'), [(TCP, '0.0.0.0', 8080, 80),
                      (UDP, '192.0.2.1', 53, 5353)],
     'GET reports the published ports')
dump = r.request(r.family, CMD['get'], b'', flags=1 | 0x300)
recs = [parse_attrs(m['attrs']) for m in dump if m['type'] == r.family]
t.ok(any(A_NET in x and struct.unpack('Q', x[A['id']][0])[0] == web
         for x in recs), 'a dump carries KCTR_A_NET too')

# --- the YNL spec: the kernel's own client encodes and decodes the nest ----
y = ynl()
try:
    c = y.do('create', {'ns-mask': 0, 'net': {
        'network': 'ynl', 'prefix': 24,
        'addr4': int.from_bytes(ip4('10.88.0.2'), 'big'),
        'port': [{'proto': TCP, 'host-port': 8090, 'ctr-port': 80}]}})
    yn = y.do('get', {'id': c['id']}).get('net', {})
    got = (yn.get('network'), yn.get('addr4'), yn.get('prefix'),
           [(p.get('proto'), p.get('host-port'), p.get('ctr-port'))
            for p in yn.get('port', [])], yn.get('anchored'))
    delete(c['id'])
except Exception as ex:   # noqa: BLE001 (any YNL failure is the answer)
    got = repr(ex)
t.eq(got, ('ynl', '10.88.0.2', 24, [(TCP, 8090, 80)], 0),
     'YNL (container.yaml) creates a claim and decodes it from GET')

# --- addresses --------------------------------------------------------------
conflict(net('kctr', '10.87.0.5'), web, 'web', 'address 10.87.0.5 on network kctr',
         'the same address on the same network: EADDRINUSE naming the holder')
allowed(net('other', '10.87.0.5'), 'the same address on another network')
allowed(net('kctr', '10.87.0.6'), 'another address on the same network')

# --- ports: (proto, port) conflicts when either host address is 0 or equal
conflict(net('kctr', '10.87.0.6', [port(TCP, None, 8080, 81)]), web, 'web',
         'tcp port 8080', 'tcp 8080 on every address, held on every address')
conflict(net('kctr', '10.87.0.6', [port(TCP, '198.51.100.1', 8080, 81)]),
         web, 'web', 'tcp port', 'tcp 198.51.100.1:8080 against any:8080')
conflict(net('kctr', '10.87.0.6', [port(UDP, None, 53, 53)]), web, 'web',
         'udp port 53', 'udp any:53 against 192.0.2.1:53')
conflict(net('kctr', '10.87.0.6', [port(UDP, '192.0.2.1', 53, 53)]), web,
         'web', 'udp port 192.0.2.1:53', 'udp 192.0.2.1:53, the same address')
allowed(net('kctr', '10.87.0.6', [port(UDP, '192.0.2.2', 53, 53)]),
        'udp 53 on another host address')
allowed(net('kctr', '10.87.0.6', [port(UDP, None, 8080, 80)]),
        'udp 8080: another protocol')
allowed(net('other', '10.87.0.7', [port(TCP, None, 8081, 80)]),
        'another host port')

# --- duplicates inside one request ----------------------------------------
refused(net('kctr', '10.87.0.6', [port(TCP, None, 9000, 1),
                                  port(TCP, '192.0.2.9', 9000, 2)]),
        errno.EADDRINUSE, 'two conflicting ports in one request')
allowed(net('kctr', '10.87.0.6', [port(TCP, '192.0.2.8', 9000, 1),
                                  port(TCP, '192.0.2.9', 9000, 2)]),
        'the same port on two host addresses in one request')

# --- strict validation -------------------------------------------------------
EINVAL, ERANGE = errno.EINVAL, errno.ERANGE
for desc, want, attr in (
        ('an empty network name', EINVAL, net('', '10.87.0.8')),
        ('a network name of 16 bytes', EINVAL, net('n' * 16, '10.87.0.8')),
        ('a network name with a slash', EINVAL, net('a/b', '10.87.0.8')),
        ('a network name with a NUL inside', EINVAL,
         nest(A_NET, nla(NET['network'], b'ab\0cd\0') +
              be32(NET['addr4'], '10.87.0.8'))),
        ('no network name', EINVAL, net(None, '10.87.0.8')),
        ('no address', EINVAL, net('kctr', None)),
        ('the address 0.0.0.0', EINVAL, net('kctr', '0.0.0.0')),
        ('prefix 33', ERANGE, net('kctr', '10.87.0.8', extra=nla(NET['prefix'],
                                                          b'\x21'))),
        ('a MAC of 5 bytes', (EINVAL, ERANGE), net('kctr', '10.87.0.8',
                                 extra=nla(NET['mac'], b'\x02' * 5))),
        ('33 ports', EINVAL, net('kctr', '10.87.0.8',
                         [port(TCP, None, 20000 + i, 80) for i in range(33)])),
        ('protocol 1 (icmp)', EINVAL, net('kctr', '10.87.0.8', [port(1, None, 1, 1)])),
        ('host port 0', ERANGE, net('kctr', '10.87.0.8', [port(TCP, None, 0, 80)])),
        ('no host port', EINVAL, net('kctr', '10.87.0.8', [port(TCP, None, None, 8)])),
        ('KCTR_NET_A_ANCHORED in CREATE', EINVAL,
         net('kctr', '10.87.0.8', extra=nla(NET['anchored'], b'\x01'))),
        ('an unknown attribute in the nest', EINVAL,
         net('kctr', '10.87.0.8', extra=u32(40, 1)))):
    refused(attr, want, f'refused: {desc}')
allowed(net('kctr', '10.87.0.8', [port(TCP, None, 30000 + i, 80)
                                  for i in range(32)]), '32 ports are fine')

# --- the anchor: wrong kinds ---------------------------------------------------
unix = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
route = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
regular = os.open('/proc/self/status', os.O_RDONLY)
refused(net('kctr', '10.87.0.8', anchor=9999), errno.EBADF,
        'anchor: an fd that is not open is EBADF')
for desc, fd in (('a UNIX socket', unix.fileno()),
                 ('a NETLINK_ROUTE socket', route.fileno()),
                 ('a regular file', regular)):
    refused(net('kctr', '10.87.0.8', anchor=fd), errno.EINVAL,
            f'anchor: {desc} is EINVAL')
unix.close()
route.close()
os.close(regular)
# all or nothing: a refused CREATE claimed nothing
e, msg, c8 = create(net('kctr', '10.87.0.8', [port(TCP, None, 8088, 80)]),
                    name='c8')
t.ok(e == 0, 'the refused CREATEs left no claim behind', msg)
delete(c8)

# --- the anchor held while the init runs, dropped when it exits -------------
for tb in TABLES:
    if table_exists(tb):
        t.diag(f'table {tb} left over from an earlier run')
fd, why = make_anchor('kctr-test')
t.ok(fd is not None, 'nft_anchor made table ip kctr-test (owner flag)', why)
e, msg, anc = create(net('kctr', '10.87.0.9', [port(TCP, None, 8443, 443)],
                         anchor=fd if fd is not None else 9999),
                     name='anc', mask=NS_NET)
if fd is not None:
    os.close(fd)
t.ok(e == 0, 'CREATE with the anchor fd', msg)
t.ok(table_exists('kctr-test'),
     'the table outlives the tool and our fd: the module holds its socket')
t.eq((net_of(anc) or {}).get('anchored'), 1, 'GET: anchored')
d = subprocess.run([TOOL, 'delete', 'kctr-test'], capture_output=True,
                   text=True).stdout.strip()
t.eq(d, 'EPERM', 'another socket may not delete the owned table')

init = Init(anc)
res = init.ready()
t.ok(res.get('errno') == 0, 'the init JOINs with its own netns and STARTs',
     res)
veth = shutil.which('ip') is not None
if veth:
    p = subprocess.run(['ip', 'link', 'add', 'kvetest0', 'type', 'veth',
                        'peer', 'name', 'eth0', 'netns', str(init.pid)],
                       capture_output=True, text=True)
    veth = p.returncode == 0
    t.ok(veth, 'a veth into the init\'s netns', p.stderr)
else:
    t.skip('a veth into the init\'s netns', 'no ip(8) in this guest')
conflict(net('kctr', '10.87.0.10', [port(TCP, None, 8443, 1)]), anc, 'anc',
         'tcp port 8443', 'its port is held while the init runs')

status = init.exit()
t.eq(os.WEXITSTATUS(status), 3, 'the init exited')
t.ok(wait_for(lambda: state(anc) == 3), 'the container stopped')
allowed(net('kctr', '10.87.0.10', [port(TCP, None, 8443, 1)]),
        'its port is free right after the init exited')
conflict(net('kctr', '10.87.0.9'), anc, 'anc', 'address 10.87.0.9',
         'its address stays claimed while the stopped container exists')
n = net_of(anc) or {}
t.eq((n.get('anchored'), n.get('ports')), (0, []),
     'GET: not anchored, no ports once the init exited')
t.ok(wait_for(lambda: not table_exists('kctr-test'), timeout=10),
     'the owned table went with the init')
rec = get(anc) or {}
nets = [parse_attrs(x) for x in
        parse_attrs(rec.get(A_NAMESPACES, [b''])[0]).get(A_NS, [])]
nets = [x for x in nets if struct.unpack('I', x[NS_A_KIND][0])[0] == 2]
t.ok(nets and NS_A_RELEASED in nets[0] and NS_A_REFCOUNT not in nets[0]
     and NS_A_INUM in nets[0],
     'GET: the net namespace is reported released, with its inum', nets)
if veth:
    t.ok(wait_for(lambda: not os.path.exists('/sys/class/net/kvetest0'),
                  timeout=10),
         'the veth died with the netns while the container is still there')
else:
    t.skip('the veth died with the netns', 'no veth')
t.eq(delete(anc), 0, 'DELETE of the stopped container')
allowed(net('kctr', '10.87.0.9'), 'its address is free after removal')

# --- unstarted containers: DELETE and the creator socket's close ------------
fd, why = make_anchor('kctr-test2')
e, msg, un = create(net('kctr', '10.87.0.11', [port(TCP, None, 8444, 1)],
                        anchor=fd if fd is not None else 9999))
if fd is not None:
    os.close(fd)
t.ok(e == 0 and table_exists('kctr-test2'),
     'an unstarted container holds its anchor', msg)
t.eq(delete(un), 0, 'DELETE of the unstarted container')
t.ok(wait_for(lambda: not table_exists('kctr-test2'), timeout=10),
     'its table went with the removal')
allowed(net('kctr', '10.87.0.11', [port(TCP, None, 8444, 1)]),
        'its address and port are free')

fd, why = make_anchor('kctr-test3')
other = Raw()
e, msg, ab = create(net('kctr', '10.87.0.12', [port(TCP, None, 8445, 1)],
                        anchor=fd if fd is not None else 9999), sock=other)
if fd is not None:
    os.close(fd)
t.ok(e == 0 and table_exists('kctr-test3'),
     'CREATE from a socket of its own, with an anchor', msg)
other.close()
t.ok(wait_for(lambda: get(ab) is None, timeout=10),
     'closing the creator socket aborted the unstarted container')
t.ok(wait_for(lambda: not table_exists('kctr-test3'), timeout=10),
     'the abort dropped the anchor: the table is gone')
allowed(net('kctr', '10.87.0.12', [port(TCP, None, 8445, 1)]),
        'the abort freed the address and the port')

# --- nothing leaked -------------------------------------------------------------
t.eq(delete(web), 0, 'DELETE of the first container')
dump = r.request(r.family, CMD['get'], b'', flags=1 | 0x300)
left = [m for m in dump if m['type'] == r.family and
        A_NET in parse_attrs(m['attrs'])]
t.eq(len(left), 0, 'no container with a network claim is left')
t.eq([tb for tb in TABLES if table_exists(tb)], [], 'no kctr-test table left')
allowed(net('kctr', '10.87.0.5', web_ports), 'every claim of the test is free')
t.done()
