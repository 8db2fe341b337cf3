#!/bin/bash
# Run each unit test binary and merge their TAP into one stream: tests
# renumbered, prefixed with the binary's name, one plan at the end. A
# binary that crashes, exits non-zero with no failing test, or prints no
# plan counts as a failure. Exits 1 if anything failed.
n=0
failed=0
for t in "$@"; do
	name=$(basename "$t")
	out=$("./$t" 2>&1)
	rc=$?
	planned=
	seen=0
	bad=0
	while IFS= read -r line; do
		case "$line" in
		"ok "* | "not ok "*)
			n=$((n + 1))
			seen=$((seen + 1))
			status=${line%%ok *}ok
			desc=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ ?-? ?//')
			echo "$status $n - $name: $desc"
			[ "$status" = "not ok" ] && bad=1
			;;
		1..*)
			planned=${line#1..}
			;;
		*)
			echo "# $line"
			;;
		esac
	done <<<"$out"
	if [ $bad -eq 1 ]; then
		failed=1
	fi
	if [ -z "$planned" ] || [ "$planned" != "$seen" ] ||
		{ [ $rc -ne 0 ] && [ $bad -eq 0 ]; }; then
		n=$((n + 1))
		echo "not ok $n - $name: ran to completion (exit $rc, plan ${planned:-none}, $seen tests)"
		failed=1
	fi
done
echo "1..$n"
exit $failed
