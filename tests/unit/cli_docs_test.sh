#!/bin/bash
# Every long option a kctr command accepts (its struct option table in
# userspace/cli/) is in that command's --help and in kctr(8), and every
# option its --help shows is in kctr(8): the README promises both.
# TAP, run by run-tap.sh with the unit tests.
cd "$(dirname "$0")" || exit 1
K=../../userspace/kctr
CLI=../../userspace/cli
MAN=../../Documentation/kctr.8
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

# The long options of the struct option tables in FILE (not other arrays).
table_opts() {
	awk '/struct option [a-z_]+\[\] = \{/ { t = 1; next }
	     t && /^[ \t]*\};/ { t = 0 }
	     t { if (match($0, /\{ "[a-z][a-z0-9-]*",/))
		     print substr($0, RSTART + 3, RLENGTH - 5) }' "$1" | sort -u
}

# The man page's options, as man(1) renders them.
man_text=$(man -l "$MAN" 2>/dev/null | col -b)
[ -n "$man_text" ] || { echo "1..1"; echo "not ok 1 - man renders kctr.8"; exit 1; }

declare -A cmds=(
	[spawnopts]=spawn [exec]=exec [image]=image [list]="list ps"
	[logs]=logs [stats]=stats [events]=events [lifecycle]="kill stop rm"
	[kctr]=""
)
for f in $(printf '%s\n' "${!cmds[@]}" | sort); do
	help=
	if [ -n "${cmds[$f]}" ]; then
		for c in ${cmds[$f]}; do help+="$("$K" "$c" --help 2>&1)"$'\n'; done
	else
		help=$("$K" --help 2>&1)
	fi
	opts=$(table_opts "$CLI/$f.c")
	[ -n "$opts" ] && ok "$f.c has an option table" ||
		nok "$f.c has an option table"
	for o in $opts; do
		grep -q -- "--$o\b" <<<"$help" && ok "$f: --$o in --help" ||
			nok "$f: --$o in --help of ${cmds[$f]:-kctr}"
		grep -q -- "--$o\b" <<<"$man_text" && ok "$f: --$o in kctr.8" ||
			nok "$f: --$o in kctr.8"
	done
	for o in $(grep -oE -- '--[a-z][a-z0-9-]+' <<<"$help" | sort -u); do
		grep -q -- "$o\b" <<<"$man_text" || nok "$f: $o (--help) in kctr.8"
	done
done
echo "1..$n"
[ "$fails" = 0 ]
