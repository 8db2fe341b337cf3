# SPDX-License-Identifier: GPL-2.0
"""Print C static assertions that every value of the YNL spec equals the
uapi header's: commands, attributes of every set, enums and flags. Compile
the output against include/uapi/linux/kctr.h."""
import sys

from kctrnl import SPEC, SCHEMA
from lib.nlspec import SpecFamily


def cname(prefix, name):
    return (prefix + name).upper().replace('-', '_')


f = SpecFamily(SPEC, SCHEMA)
out = ['#include <linux/kctr.h>', '']


def check(sym, value):
    out.append(f'_Static_assert({sym} == {value}, "{sym} differs");')


for name, op in f.msgs.items():
    check(cname('kctr-cmd-', name), op.value)
for aset in f.attr_sets.values():
    if aset.subset_of:
        continue
    prefix = aset.yaml['name-prefix']
    for name, attr in aset.attrs.items():
        check(cname(prefix, name), attr.value)
for d in f.consts.values():
    if d['type'] in ('enum', 'flags'):
        prefix = d.get('name-prefix', '')
        for name, e in d.entries.items():
            check(cname(prefix, name),
                  e.user_value(as_flags=d['type'] == 'flags'))
    elif d['type'] == 'const':
        # the uapi version: a spec left behind by a new flag fails here
        check(cname(d.get('name-prefix', ''), d['name']), d['value'])
print('\n'.join(out))
