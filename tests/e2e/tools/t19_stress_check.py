# SPDX-License-Identifier: GPL-2.0
"""What 19-netlink-stress checks in one python run (a python start costs
270 ms in the distro VM, over a second in the debug VM).

    t19_stress_check.py events EVENTS.JSON PREFIX IDS-FILE
        the event stream of the containers named PREFIX*: prints
        "key value" lines (counts) and one "bad ..." line per defect
    t19_stress_check.py leftovers STATE-DIR CGROUP-ROOT ID...
        what a container could leave behind: prints one "bad ..." line
        per leftover and "scanned N processes"
"""
import json
import os
import re
import sys


def events(path, prefix, ids_file):
    created, started, exited, removed = {}, set(), set(), {}
    names = {}
    bad = []
    for n, line in enumerate(open(path), 1):
        try:
            e = json.loads(line)
        except ValueError:
            bad.append('line %d is not JSON: %r' % (n, line[:80]))
            continue
        if not e.get('name', '').startswith(prefix):
            continue
        cid, ev = e['id'], e['event']
        if ev == 'created':
            if cid in created:
                bad.append('id %d created twice' % cid)
            if e['name'] in names:
                bad.append('name %s created as %d and %d' %
                           (e['name'], names[e['name']], cid))
            created[cid] = e['time_ns']
            names[e['name']] = cid
            continue
        if cid not in created:
            bad.append('id %d: %s without a created before it' % (cid, ev))
            continue
        if cid in removed:
            bad.append('id %d: %s after its removed' % (cid, ev))
        if ev == 'started':
            started.add(cid)
        elif ev == 'exited':
            exited.add(cid)
        elif ev == 'removed':
            removed[cid] = removed.get(cid, 0) + 1
    for cid in sorted(created):
        if cid not in removed:
            bad.append('id %d: created, never removed' % cid)
    # Every id kctr spawn -d printed is one the module announced.
    printed = [int(w) for w in open(ids_file).read().split()
               if w.isdigit()]
    for cid in printed:
        if cid not in created:
            bad.append('id %d printed by spawn -d, no created event' % cid)
    if len(printed) != len(set(printed)):
        bad.append('spawn -d printed an id twice')
    print('created', len(created))
    print('started', len(started))
    print('aborted', len(set(created) - started))
    print('exited', len(exited))
    print('removed', sum(removed.values()))
    print('printed', len(printed))
    for b in bad:
        print('bad', b)


PF_KTHREAD = 0x00200000
NS_KINDS = ('cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts')


def ns_links(pid):
    out = {}
    d = '/proc/%s/ns' % pid
    try:
        for n in os.listdir(d):
            out[n] = os.readlink(os.path.join(d, n))
    except OSError:
        pass
    return out


def leftovers(state, cgroot, ids):
    bad = []
    for cid in ids:
        if os.path.exists('%s/kctr/%s' % (cgroot, cid)):
            bad.append('cgroup %s/kctr/%s' % (cgroot, cid))
        if os.path.exists('%s/containers/%s' % (state, cid)):
            bad.append('state directory %s/containers/%s' % (state, cid))
    host = set(ns_links('self').values())  # the test's: the host's
    nsfd = re.compile(r'^[a-z_]+:\[\d+\]$')
    me = str(os.getpid())
    pids = [p for p in os.listdir('/proc') if p.isdigit() and p != me]
    for pid in pids:
        try:
            cmd = open('/proc/%s/cmdline' % pid, 'rb').read()
            cg = open('/proc/%s/cgroup' % pid).read()
            stat = open('/proc/%s/stat' % pid).read()
        except OSError:
            continue    # gone meanwhile
        # Kernel threads are not ours (kdevtmpfs has a mount ns of its own).
        if int(stat.rsplit(')', 1)[1].split()[6]) & PF_KTHREAD:
            continue
        what = 'pid %s (%s)' % (pid, cmd.replace(b'\0', b' ')
                                .decode(errors='replace').strip()[:60])
        if '/kctr/' in cg:
            bad.append('%s in cgroup %s' % (what, cg.strip()))
        for n, link in sorted(ns_links(pid).items()):
            if link not in host:
                bad.append('%s in namespace %s' % (what, link))
        try:
            fds = os.listdir('/proc/%s/fd' % pid)
        except OSError:
            fds = []
        for fd in fds:
            try:
                link = os.readlink('/proc/%s/fd/%s' % (pid, fd))
            except OSError:
                continue
            if nsfd.match(link) and link.split(':')[0] in NS_KINDS \
                    and link not in host:
                bad.append('%s holds fd %s: %s' % (what, fd, link))
    for line in open('/proc/self/mountinfo'):
        fields = line.split()
        fstype = fields[fields.index('-') + 1]
        point = fields[4]
        if fstype == 'nsfs' or point.startswith(state.rstrip('/') + '/'):
            bad.append('mount: %s' % line.strip())
    print('scanned', len(pids), 'processes')
    for b in bad:
        print('bad', b)


if __name__ == '__main__':
    if sys.argv[1] == 'events':
        events(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == 'leftovers':
        leftovers(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit('usage: t19_stress_check.py events|leftovers ...')
