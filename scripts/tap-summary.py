#!/usr/bin/env python3
"""Count the results of kctr's test suites.

    tap-summary.py FILE.tap...
    tap-summary.py --results DIR [--part all|e2e|kunit] [--kunit-py PATH]
    tap-summary.py --results DIR --results DIR... --part e2e

The first form counts TAP files. The second reads a VM results directory
written by tests/vm/guest-run.sh: setup.tap, e2e-<name>.tap with
e2e-<name>.rc, kernel-clean.tap, kunit/<suite>.ktap and verdict.
Several --results directories are VMs that shared one test queue: each
test counts from the one VM that ran it, every VM's own checks count.

Prints one line per file, the failing tests, and last a line
"N passed, N failed, N skipped". Exits 1 if anything failed.

Anything that did not run as planned is a failure: no input at all, a
missing file, a missing, short or second plan, a test number seen twice
or out of order, "Bail out!", a non-zero exit with no failing test,
a guest that never wrote its verdict, a KUnit run with no suites.
Skipped tests (the "# SKIP" directive, or a "1..0" plan) are skipped,
never passed; "# TODO" tests are counted as skipped too.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

TEST_RE = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*)(#\s*(\S+)(.*))?$')
PLAN_RE = re.compile(r'^1\.\.(\d+)\s*(#.*)?$')


class Counts:
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = self.skipped = 0
        self.notes = []

    def fail(self, why):
        self.failed += 1
        self.notes.append(why)

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped

    def line(self):
        return (f'{self.passed} passed, {self.failed} failed, '
                f'{self.skipped} skipped')


def count_tap(path, name=None, rc=None):
    c = Counts(name or os.path.basename(path))
    try:
        with open(path, errors='replace') as f:
            lines = f.read().splitlines()
    except OSError:
        c.fail('no results: %s missing' % path)
        return c
    plan = None
    seen = 0
    numbers = set()
    for line in lines:
        if line.startswith('Bail out!'):
            c.fail(line)
            continue
        m = PLAN_RE.match(line)
        if m:
            if plan is not None:
                c.fail('a second plan: %s' % line)
                continue
            plan = int(m.group(1))
            if plan == 0:
                c.skipped += 1
            continue
        m = TEST_RE.match(line)
        if not m:
            continue
        seen += 1
        # A test point's number, when given, is its position: a number
        # seen twice or out of order is two streams mixed, or a lost test.
        if m.group(2) is not None:
            number = int(m.group(2))
            if number in numbers:
                c.fail('test number %d reported twice' % number)
            elif number != seen:
                c.fail('test number %d where %d was due' % (number, seen))
            numbers.add(number)
        directive = (m.group(5) or '').upper()
        if directive in ('SKIP', 'TODO'):
            c.skipped += 1
        elif m.group(1) == 'ok':
            c.passed += 1
        else:
            c.fail(line)
    if plan is None:
        c.fail('no TAP plan line')
    elif seen < plan:
        for _ in range(plan - seen):
            c.fail('planned %d tests, ran %d' % (plan, seen))
    elif seen > plan:
        c.fail('planned %d tests, ran %d' % (plan, seen))
    if rc is not None and rc != 0 and not c.failed:
        c.fail('exit status %d' % rc)
    return c


def read_rc(path):
    """e2e-<name>.rc: "<exit status> <seconds>" and maybe "unloaded"."""
    try:
        with open(path) as f:
            words = f.read().split()
    except OSError:
        return None, None, False
    return int(words[0]), int(words[1]), 'unloaded' in words


def expected_e2e(results):
    try:
        with open(os.path.join(results, 'e2e.list')) as f:
            return f.read().split()
    except OSError:
        pass
    env = {}
    try:
        with open(os.path.join(results, 'guest.env')) as f:
            for line in f:
                k, _, v = line.rstrip('\n').partition('=')
                env[k] = v
    except OSError:
        return []
    root = env.get('KCTR_ROOT', '').strip("'")
    d = os.path.join(root, 'tests', 'e2e')
    try:
        names = sorted(os.listdir(d))
    except OSError:
        return []
    return [n[:-3] for n in names
            if re.match(r'^[0-9].*\.sh$', n)
            and os.access(os.path.join(d, n), os.X_OK)]


def guest_part(results, tag):
    """What every VM reports for itself: its verdict and its setup."""
    out = []
    if not os.path.exists(os.path.join(results, 'verdict')):
        c = Counts('guest' + tag)
        why = 'guest did not finish'
        try:
            with open(os.path.join(results, 'failure')) as f:
                why = f.read().strip()
        except OSError:
            pass
        c.fail(why)
        out.append(c)
    out.append(count_tap(os.path.join(results, 'setup.tap'), 'setup' + tag))
    return out


def hang_report(results, name, limit=40):
    """What guest-run.sh found still waiting when the test timed out."""
    try:
        with open(os.path.join(results, 'e2e-%s.err' % name),
                  errors='replace') as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    try:
        start = lines.index('# timed out: the test\'s processes, and '
                            'those of every container')
    except ValueError:
        return []
    dump = []
    for line in lines[start + 1:start + 1 + limit]:
        if not line.startswith('# ') or line.startswith('# timed out:'):
            break
        dump.append('  ' + line)
    return dump


def e2e_test(results, name, tag):
    rc, secs, unloaded = read_rc(os.path.join(results, 'e2e-%s.rc' % name))
    c = count_tap(os.path.join(results, 'e2e-%s.tap' % name), name, rc)
    if rc in (124, 137):
        c.fail('timed out')
        c.notes.extend(hang_report(results, name))
    if unloaded:
        c.fail('left kctr.ko unloaded')
    if secs is not None:
        c.name += ' (%ds%s)' % (secs, tag)
    return c


def ran_here(results, name):
    return any(os.path.exists(os.path.join(results, 'e2e-%s.%s' % (name, ext)))
               for ext in ('tap', 'rc', 'err'))


def e2e_part(dirs):
    """The e2e suite of one VM, or of several that shared a test queue:
    each expected test must have run in exactly one of them."""
    tags = [''] if len(dirs) == 1 else [' vm%d' % i for i in range(len(dirs))]
    out = []
    for results, tag in zip(dirs, tags):
        out += guest_part(results, tag)
    for name in expected_e2e(dirs[0]):
        where = [i for i, d in enumerate(dirs) if ran_here(d, name)]
        if len(dirs) > 1 and len(where) != 1:
            c = Counts(name)
            c.fail('ran in %d VMs, not one' % len(where))
            out.append(c)
            continue
        i = where[0] if where else 0
        out.append(e2e_test(dirs[i], name, tags[i]))
    for results, tag in zip(dirs, tags):
        out.append(count_tap(os.path.join(results, 'kernel-clean.tap'),
                             'kernel-clean' + tag))
    return out


def kunit_part(results, kunit_py):
    c = Counts('kunit')
    d = os.path.join(results, 'kunit')
    if not os.path.isdir(d):
        c.fail('no KUnit results (the guest did not get that far)')
        return [c]
    suites = sorted(s for s in os.listdir(d) if s.endswith('.ktap'))
    if not suites:
        c.fail('no KUnit suite ran (kctr.ko built without KCTR_KUNIT=y?)')
        return [c]
    # One KTAP document out of the per-suite debugfs files, each of
    # which is a complete document with a "1..1" plan.
    doc = ['KTAP version 1', '1..%d' % len(suites)]
    for i, s in enumerate(suites, 1):
        with open(os.path.join(d, s), errors='replace') as f:
            lines = f.read().splitlines()[2:]
        if lines:
            lines[-1] = re.sub(r'^(not ok|ok) 1 ', r'\1 %d ' % i, lines[-1])
        doc += lines
    combined = os.path.join(results, 'kunit.ktap')
    with open(combined, 'w') as f:
        f.write('\n'.join(doc) + '\n')
    if not kunit_py:
        c.fail('no kunit.py to parse %s' % combined)
        return [c]
    p = subprocess.run([sys.executable, kunit_py, 'parse', combined],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    text = re.sub(r'\x1b\[[0-9;]*m', '', p.stdout)
    with open(os.path.join(results, 'kunit.parsed'), 'w') as f:
        f.write(text)
    m = re.search(r'Testing complete\. Ran (\d+) tests?:?(.*)', text)
    if not m:
        c.fail('kunit.py parse printed no summary (see kunit.parsed)')
        return [c]
    fields = dict((k, int(v)) for k, v in
                  re.findall(r'(passed|failed|crashed|skipped|errors): (\d+)',
                             m.group(2)))
    c.passed = fields.get('passed', 0)
    c.skipped = fields.get('skipped', 0)
    bad = fields.get('failed', 0) + fields.get('crashed', 0)
    c.failed = bad + fields.get('errors', 0)
    for line in text.splitlines():
        if re.search(r'\[(FAILED|CRASHED)\]|ERROR', line):
            c.notes.append(line.strip())
    if p.returncode and not c.failed:
        c.fail('kunit.py parse exited %d' % p.returncode)
    if int(m.group(1)) == 0 and not c.failed:
        c.fail('KUnit ran no tests')
    return [c]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--results', action='append', default=[])
    ap.add_argument('--part', default='all', choices=('all', 'e2e', 'kunit'))
    ap.add_argument('--kunit-py')
    ap.add_argument('files', nargs='*')
    args = ap.parse_args()

    if not args.files and not args.results:
        ap.error('nothing to count: give TAP files or --results')
    parts = [count_tap(f) for f in args.files]
    if args.results:
        first = args.results[0]
        if len(args.results) > 1 and args.part != 'e2e':
            ap.error('several --results directories need --part e2e')
        if args.part in ('all', 'e2e'):
            parts += e2e_part(args.results)
        if args.part in ('all', 'kunit') and (
                args.part == 'kunit' or
                os.path.isdir(os.path.join(first, 'kunit'))):
            parts += kunit_part(first, args.kunit_py)

    total = Counts('total')
    for c in parts:
        total.add(c)
        print('  %-32s %s' % (c.name, c.line()))
        for n in c.notes[:20]:
            print('      ' + n)
    print(total.line())
    return 1 if total.failed else 0


if __name__ == '__main__':
    sys.exit(main())
