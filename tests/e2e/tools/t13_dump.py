# SPDX-License-Identifier: GPL-2.0
"""Dumps of a thousand containers: complete, ordered, resumable across
many parts, and flagged NLM_F_DUMP_INTR when the registry changes between
parts; with KCTR_F_NO_STATS, the same records without the cgroup's
figures; with KCTR_F_SUMMARY, without any of the policy. Closing the creating socket then aborts all of them."""
import os
import struct
import time

import errno

from kctrnl import (A, CG_A, CMD, F_FORCE, F_NO_STATS, F_SUMMARY,
                    NLM_F_DUMP_INTR,
                    NLMSG_DONE, Raw, Tap, parse_attrs, u32, u64, wait_for,
                    ynl)

N = int(os.environ.get('KCTR_DUMP_N', '1000'))
t = Tap()
y = ynl()
base = len(y.dump('get', {}))
creator = Raw()
start = time.time()
for _ in range(N):
    creator.do(CMD['create'], u32(A['ns_mask'], 0))
t.diag(f'{N} creates in {time.time() - start:.1f} s')


def dump(sock, between=None, bufsize=65536, attrs=b'', records=None):
    """All ids of one dump; calls between() after the first part and
    appends each record's attributes to records if given."""
    sock.send(CMD['get'], attrs, flags=0x1 | 0x300)
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
            if records is not None:
                records.append(a)
        if parts == 1 and between:
            between()


def cgroup_keys(rec):
    """The attribute types in a record's KCTR_A_CGROUP nest."""
    return set(parse_attrs(rec[A['cgroup']][0]))


def figures_left_out(recs):
    """Every cgroup nest has path, id, populated and no figure."""
    want = {CG_A['path'], CG_A['id'], CG_A['populated']}
    return all(cgroup_keys(r) == want for r in recs)


def check_no_stats(r, ids):
    full, brief = [], []
    start = time.time()
    dump(r, records=full)
    t_full = time.time() - start
    start = time.time()
    ids_b, _, _ = dump(r, attrs=u32(A['flags'], F_NO_STATS), records=brief)
    t_brief = time.time() - start
    t.diag(f'dump of {len(ids_b)}: {t_full:.2f} s with the figures, '
           f'{t_brief:.2f} s with KCTR_F_NO_STATS')
    t.ok(ids_b == ids, 'KCTR_F_NO_STATS: the dump holds the same records')
    t.ok(all(CG_A['memory_current'] in cgroup_keys(rec) for rec in full),
         'a plain dump carries the cgroup figures')
    t.ok(figures_left_out(brief),
         'KCTR_F_NO_STATS: only path, id and populated in the cgroup nest')
    one = u64(A['id'], ids[-1])
    rec = parse_attrs(r.do(CMD['get'], one)[0]['attrs'])
    t.ok(CG_A['memory_current'] in cgroup_keys(rec),
         'a plain GET carries the cgroup figures')
    rec = parse_attrs(r.do(CMD['get'], one + u32(A['flags'], F_NO_STATS))
                      [0]['attrs'])
    t.ok(figures_left_out([rec]), 'a GET with KCTR_F_NO_STATS leaves them out')
    err, _ = r.try_do(CMD['get'], one + u32(A['flags'], F_FORCE))
    t.eq(err, errno.EINVAL, 'GET refuses a flag it does not know (FORCE)')


# What a summary keeps and what it leaves out (uapi header, KCTR_F_SUMMARY).
SUMMARY_KEPT = {A['id'], A['name'], A['state'], A['flags'], A['ns_mask'],
                A['owner_uid'], A['created_ns'], A['joins']}
SUMMARY_DROPPED = {A['namespaces'], A['cgroup'], A['limits'], A['caps'],
                   A['seccomp'], A['net'], A['uid_map'], A['gid_map']}


def is_summary(rec):
    return SUMMARY_KEPT <= set(rec) and not SUMMARY_DROPPED & set(rec)


def check_summary(r, ids):
    full, brief = [], []
    dump(r, records=full)
    start = time.time()
    ids_s, _, parts = dump(r, attrs=u32(A['flags'], F_SUMMARY), records=brief)
    t.diag(f'summary dump of {len(ids_s)} in {parts} parts, '
           f'{time.time() - start:.2f} s')
    t.ok(ids_s == ids, 'KCTR_F_SUMMARY: the dump holds the same records')
    t.ok(not any(is_summary(rec) for rec in full),
         'a plain dump carries namespaces, cgroup, limits, caps, seccomp')
    t.ok(all(is_summary(rec) for rec in brief),
         'KCTR_F_SUMMARY: the listing attributes, none of the policy')
    one = u64(A['id'], ids[-1])
    rec = parse_attrs(r.do(CMD['get'], one + u32(A['flags'], F_SUMMARY))
                      [0]['attrs'])
    t.ok(is_summary(rec), 'a GET with KCTR_F_SUMMARY: the same')
    both = u32(A['flags'], F_SUMMARY | F_NO_STATS)
    rec = parse_attrs(r.do(CMD['get'], one + both)[0]['attrs'])
    t.ok(is_summary(rec), 'KCTR_F_SUMMARY with KCTR_F_NO_STATS: the same')


r = Raw()
start = time.time()
ids, intr, parts = dump(r)
t.diag(f'dump of {len(ids)} in {parts} parts, {time.time() - start:.1f} s')
t.eq(len(ids), N + base, f'the dump holds all {N} containers')
t.ok(ids == sorted(set(ids)), 'each once, in id order')
t.ok(parts > 2, f'the dump took several parts ({parts})')
t.ok(not intr, 'no NLM_F_DUMP_INTR without concurrent change')
check_no_stats(r, ids)
check_summary(r, ids)

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
