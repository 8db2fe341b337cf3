# SPDX-License-Identifier: GPL-2.0
"""Dumps of a thousand containers: complete, ordered, resumable across
many parts, and flagged NLM_F_DUMP_INTR when the registry changes between
parts. Closing the creating socket then aborts all of them."""
import os
import struct
import time

from kctrnl import (A, CMD, NLM_F_DUMP_INTR, NLMSG_DONE, Raw, Tap,
                    parse_attrs, u32, wait_for, ynl)

N = int(os.environ.get('KCTR_DUMP_N', '1000'))
t = Tap()
y = ynl()
base = len(y.dump('get', {}))
creator = Raw()
start = time.time()
for _ in range(N):
    creator.do(CMD['create'], u32(A['ns_mask'], 0))
t.diag(f'{N} creates in {time.time() - start:.1f} s')


def dump(sock, between=None, bufsize=65536):
    """All records of one dump; calls between() after the first part."""
    sock.send(CMD['get'], b'', flags=0x1 | 0x300)
    ids, intr, parts = [], False, 0
    while True:
        msgs = sock.recv_msgs(bufsize)
        parts += 1
        for m in msgs:
            if m['type'] == NLMSG_DONE:
                if m['error']:
                    raise OSError(m['error'], 'dump failed')
                return ids, intr, parts
            if m['type'] == 2:
                raise OSError(m['error'], 'dump failed')
            intr |= bool(m['flags'] & NLM_F_DUMP_INTR)
            a = parse_attrs(m['attrs'])
            ids.append(struct.unpack('Q', a[A['id']][0])[0])
        if parts == 1 and between:
            between()


r = Raw()
start = time.time()
ids, intr, parts = dump(r)
t.diag(f'dump of {len(ids)} in {parts} parts, {time.time() - start:.1f} s')
t.eq(len(ids), N + base, f'the dump holds all {N} containers')
t.ok(ids == sorted(set(ids)), 'each once, in id order')
t.ok(parts > 2, f'the dump took several parts ({parts})')
t.ok(not intr, 'no NLM_F_DUMP_INTR without concurrent change')

other = Raw()
ids2, intr2, _ = dump(r, lambda: other.do(CMD['create'],
                                          u32(A['ns_mask'], 0)))
t.ok(intr2, 'a create between parts sets NLM_F_DUMP_INTR')
ids3, intr3, _ = dump(r)
t.ok(len(ids3) == N + base + 1 and not intr3, 'a fresh dump is clean again')
other.close()
creator.close()
t.ok(wait_for(lambda: len(y.dump('get', {})) == base, timeout=120),
     'closing the creator socket aborted all of them')
t.ok(wait_for(lambda: len(os.listdir('/sys/fs/cgroup/kctr')) ==
              len([e for e in os.listdir('/sys/fs/cgroup/kctr')
                   if not e.isdigit()]), timeout=60),
     'and removed their cgroups')
t.done()
