# SPDX-License-Identifier: GPL-2.0
"""The module's background work, seen through the workqueue tracepoint.

No OOM poll while no container exists (it used to read cgroup files under
kctr_lock every second from load on); the NETLINK_URELEASE notifier queues
nothing for the close of a genetlink socket that created no container
(it used to queue a work item for every one while any container was
unstarted), and still aborts what a creator leaves. DELETE with force
of a container with a process: gone from GET at once, its cgroup after
(that part holds for the old module too; 12-netlink-lifecycle checks the
event order with a real init).
"""
import os
import subprocess
import time

from kctrnl import A, CMD, F_FORCE, Raw, Tap, u32, u64, wait_for, ynl

TR = '/sys/kernel/tracing'
EV = f'{TR}/events/workqueue/workqueue_queue_work/enable'

t = Tap()
y = ynl()
if not os.path.exists(EV):
    subprocess.run(['mount', '-t', 'tracefs', 'nodev', TR],
                   capture_output=True)


def trace_on():
    with open(f'{TR}/trace', 'w') as f:
        f.write('')
    with open(EV, 'w') as f:
        f.write('1')


def queued(fn):
    """How often work function @fn was queued since trace_on()."""
    with open(f'{TR}/trace') as f:
        return sum(f'function={fn} ' in line for line in f)


def trace_off():
    with open(EV, 'w') as f:
        f.write('0')


if not os.path.exists(EV):
    t.skip('workqueue tracepoint', 'no tracefs in this kernel')
    t.done()

# --- no containers: no OOM poll ------------------------------------------
for c in y.dump('get', {}):
    y.do('delete', {'id': c['id'], 'flags': ['force']})
t.ok(wait_for(lambda: not y.dump('get', {})), 'no container exists')
trace_on()
# one more run may be under way from the last container; then none.
# Absence can only be shown over a window: 3 periods of the poll.
time.sleep(1.5)
first = queued('kctr_oom_check')
time.sleep(3)
t.eq(queued('kctr_oom_check') - first, 0,
     'no OOM poll in 3 s while no container exists')
r = Raw()
r.do(CMD['create'], u32(A['ns_mask'], 0))
t.ok(wait_for(lambda: queued('kctr_oom_check') > first, timeout=5),
     'a container arms the poll')

# --- the notifier: other sockets' closes queue nothing ---------------------
before = queued('kctr_urelease_work')
for _ in range(20):
    s = Raw()
    s.do(CMD['get_version'])
    s.close()
y2 = ynl()
y2.do('get-version', {})
del y2
t.eq(queued('kctr_urelease_work') - before, 0,
     'closing 20 genetlink sockets that created nothing queues no abort '
     'work (while an unstarted container exists)')
r.close()
t.ok(wait_for(lambda: queued('kctr_urelease_work') == before + 1),
     'closing the creator queues one')
t.ok(wait_for(lambda: not y.dump('get', {})), 'which aborts its container')

# --- DELETE with force of a container with a process -------------------------
c = y.do('create', {'ns-mask': 0})
p = subprocess.Popen(['sh', '-c', f'echo $$ > /sys/fs/cgroup/kctr/{c["id"]}'
                      '/cgroup.procs && exec sleep 1000'])
wait_for(lambda: open(f'/sys/fs/cgroup/kctr/{c["id"]}/cgroup.procs')
         .read().strip() == str(p.pid))
start = time.time()
e, x = Raw().try_do(CMD['delete'], u64(A['id'], c['id']) +
                    u32(A['flags'], F_FORCE))
took = time.time() - start
t.ok(e == 0, 'DELETE with force of a container with a process', x)
t.ok(not [d for d in y.dump('get', {}) if d['id'] == c['id']],
     'it is gone from GET when DELETE returns')
p.wait(timeout=10)
t.ok(wait_for(lambda: not os.path.exists(f'/sys/fs/cgroup/kctr/{c["id"]}'),
              timeout=10), 'its cgroup goes once the process died')
t.diag(f'DELETE took {took * 1000:.0f} ms')
trace_off()
t.done()
