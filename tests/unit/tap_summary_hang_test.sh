#!/bin/bash
# scripts/tap-summary.py --results on a VM whose e2e test timed out: the
# test counts as failed ("timed out"), and the processes tests/vm/
# guest-run.sh found still waiting (its dump in e2e-NAME.err: each one's
# command, state, wchan and kernel stack) are printed under it, so that a
# hang in CI says where it hung. TAP, run by run-tap.sh with the unit tests.
cd "$(dirname "$0")" || exit 1
n=0
fails=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - $2"
	fi
}

r=$(mktemp -d /tmp/tap-summary-hang.XXXXXX)
trap 'rm -rf "$r"' EXIT
echo done >"$r/verdict"
printf '1..1\nok 1 - booted\n' >"$r/setup.tap"
printf '1..1\nok 1 - clean\n' >"$r/kernel-clean.tap"
echo "41-hangs 42-fine" >"$r/e2e.list"
printf '1..4\nok 1 - a\nok 2 - b\n' >"$r/e2e-41-hangs.tap"
echo "124 302" >"$r/e2e-41-hangs.rc"
cat >"$r/e2e-41-hangs.err" <<'ERR'
some stderr of the test
# timed out: the test's processes, and those of every container
# pid 77 /usr/bin/kctr spawn --rm -- /t/tool
#   State: S (sleeping) PPid: 70  wchan pipe_read
#   [<0>] pipe_read+0x2f0/0x4a0
# timed out: removing what it left, containers 5
ERR
printf '1..1\nok 1 - c\n' >"$r/e2e-42-fine.tap"
echo "0 3" >"$r/e2e-42-fine.rc"

out=$(../../scripts/tap-summary.py --results "$r" --part e2e 2>&1)
rc=$?
check $((rc != 1)) "a timed-out test fails the suite (exit $rc)"
grep -Eq "^ *41-hangs \(302s\) +2 passed, [1-9][0-9]* failed" <<<"$out"
check $? "the test: what passed, and failed"
grep -q "^ *timed out$" <<<"$out"
check $? "  said to have timed out"
grep -q "^ *# pid 77 /usr/bin/kctr spawn --rm -- /t/tool$" <<<"$out"
check $? "  the waiting process's command under it"
grep -q "wchan pipe_read" <<<"$out" && grep -q "pipe_read+0x2f0" <<<"$out"
check $? "  what it waits in, and its kernel stack"
grep -q "removing what it left" <<<"$out"
check $((!$?)) "  the removal line is not part of the dump"
grep -q "some stderr" <<<"$out"
check $((!$?)) "  nor the test's own stderr"
grep -Eq "^ *42-fine \(3s\) +1 passed, 0 failed" <<<"$out"
check $? "the next test counts as it ran"

echo "1..$n"
[ "$fails" = 0 ]
