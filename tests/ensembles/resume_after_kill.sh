#!/bin/sh
# resume_after_kill.sh PARLEY DATA WORK — a `parley run` killed with SIGKILL while it writes its
# store resumes with --resume and ends with exactly the rows of an uninterrupted run: no run lost,
# none duplicated, every value bit-identical; the same configuration without --resume is refused.
set -eu
parley=$1 data=$2 work=$3/resume_after_kill
rm -rf "$work" && mkdir -p "$work"
runs=${PARLEY_KILL_RUNS:-50000}
set -- run --runs "$runs" --draw 'position:*=±20%' --draw 'salience:*=±20%' --quiet --format csv --threads 2 \
  "$data/bargaining/emission-standards.csv"
count() { sqlite3 "$1" "SELECT count(*) FROM runs" 2>/dev/null || echo 0; }
fail() { echo "FAIL: $*" >&2; exit 1; }

"$parley" "$@" --store "$work/killed.db" >/dev/null &
pid=$!
tries=0
while [ "$(count "$work/killed.db")" -lt 500 ]; do
  tries=$((tries + 1)); [ $tries -lt 600 ] || fail "no runs were committed within 60 s"
  sleep 0.1
done
kill -9 $pid
wait $pid 2>/dev/null || true
done_before=$(count "$work/killed.db")
echo "killed after $done_before of $runs runs"
[ "$done_before" -lt "$runs" ] || fail "the run finished before it could be killed; raise PARLEY_KILL_RUNS"
[ "$(sqlite3 "$work/killed.db" 'PRAGMA integrity_check')" = ok ] || fail "the killed store is damaged"

if "$parley" "$@" --store "$work/killed.db" >/dev/null 2>"$work/refused.err"; then fail "a second run without --resume was accepted"; fi
grep -q "pass --resume" "$work/refused.err" || fail "unexpected refusal: $(cat "$work/refused.err")"

"$parley" "$@" --store "$work/killed.db" --resume >"$work/resumed.csv"
"$parley" "$@" --store "$work/full.db" >"$work/full.csv"
cmp "$work/resumed.csv" "$work/full.csv" || fail "the summaries differ"

# Row by row: both stores hold the same rows and nothing else.
for table in runs parameters outcomes; do
  diff=$(sqlite3 "$work/killed.db" "ATTACH '$work/full.db' AS f;
    SELECT (SELECT count(*) FROM (SELECT * FROM main.$table EXCEPT SELECT * FROM f.$table))
         + (SELECT count(*) FROM (SELECT * FROM f.$table EXCEPT SELECT * FROM main.$table));")
  [ "$diff" = 0 ] || fail "$table: $diff rows differ between the resumed and the uninterrupted store"
done
n=$(count "$work/killed.db")
[ "$n" = "$runs" ] || fail "the resumed store holds $n runs, expected $runs"
echo "resumed: $runs runs, identical to an uninterrupted run"
