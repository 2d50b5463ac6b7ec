#!/bin/sh
# progress_lines.sh PARLEY DATA WORK — away from a terminal, `parley run` reports progress on standard
# error as plain lines (runs done, share, rate, time left, and a last line with the time taken) and
# nothing with --quiet; standard output carries only the result.
set -eu
parley=$1 data=$2 work=$3/progress_lines
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
set -- run --runs 200000 --draw 'position:*=±10%' --format csv "$data/bargaining/emission-standards.csv"
"$parley" "$@" --progress-interval 0.05 >"$work/out" 2>"$work/err"
grep -Eq '^parley run: [0-9]+/200000 runs \([0-9]+%\), [0-9]+ runs/s, ETA ' "$work/err" || fail "no progress line: $(head -n 3 "$work/err")"
tail -n 1 "$work/err" | grep -Eq '^parley run: 200000/200000 runs \(100%\), [0-9]+ runs/s, took ' || fail "no final line: $(tail -n 1 "$work/err")"
grep -q "$(printf '\r')" "$work/err" && fail "a terminal bar was drawn into a file"
head -n 1 "$work/out" | grep -q '^outcome,kind,n' || fail "standard output does not start with the CSV"
"$parley" "$@" --quiet >/dev/null 2>"$work/quiet"
[ ! -s "$work/quiet" ] || fail "--quiet printed: $(head -n 2 "$work/quiet")"
# On a terminal (script(1) provides one): a bar redrawn in place, with its rate and time left.
if command -v script >/dev/null 2>&1; then
  script -qec "$parley run --runs 100000 --draw 'position:*=±10%' --format csv --out $work/tty.csv $data/bargaining/emission-standards.csv" \
    /dev/null >"$work/tty" 2>&1 </dev/null || fail "parley run under script(1) failed: $(tail -n 2 "$work/tty")"
  grep -q "$(printf '\r')parley run \[#" "$work/tty" || fail "no bar on a terminal: $(head -c 300 "$work/tty")"
  grep -q "runs/s, took" "$work/tty" || fail "the bar did not finish"
fi
echo "$(wc -l <"$work/err") progress lines, none with --quiet; a bar on a terminal"
