#!/bin/sh
# store_concurrency.sh PARLEY DATA SCENARIOS WORK — processes sharing one store: eight creating one
# new store at once all succeed (they collided with "table meta already exists"); four starting
# one job at once: one runs it, the others are told the store holds it; a second --resume of a job
# being written is refused with a message saying so (it failed with a raw UNIQUE constraint), while
# parley report reads it; the
# issue's reproducer with the kill landing on a wrapper, not on parley, is refused until the
# orphaned parley ends, and then resumes to the rows of an uninterrupted run.
set -eu
parley=$1 data=$2 scenarios=$3 work=$4/store_concurrency
. "$(dirname "$0")/store_rows.sh"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
count() { sqlite3 "$1" "SELECT count(*) FROM runs" 2>/dev/null || echo 0; }
set -- run --runs 200 --draw 'position:*=±20%' --quiet --format csv "$data/bargaining/emission-standards.csv"

# Only parley's own refusals, never SQLite's words.
no_raw_sql() {
  ! grep -q "constraint failed\|already exists\|database is locked\|SQL" "$1" || fail "raw SQL error: $(cat "$1")"
}

# start_together N SEED COMMAND...: starts N processes of COMMAND --seed S at once (each waits for
# a go file), S = SEED, or 1..N when SEED is 0; sets pids, and errK for process K's messages.
start_together() {
  n=$1 seed=$2; shift 2
  rm -f "$work/go"
  pids="" k=0
  while [ $k -lt "$n" ]; do
    k=$((k + 1))
    sh -c 'while [ ! -e "$0" ]; do sleep 0.01; done; exec "$@"' "$work/go" "$@" --seed $([ "$seed" = 0 ] && echo $k || echo "$seed") \
      >/dev/null 2>"$work/err$k" &
    pids="$pids $!"
  done
  sleep 0.3
  touch "$work/go"
}

# Eight creators of one new store, five times: each job lands whole, none collides.
for trial in 1 2 3 4 5; do
  rm -f "$work/new.db" "$work/new.db-wal" "$work/new.db-shm"
  start_together 8 0 "$parley" "$@" --store "$work/new.db"
  k=0
  for pid in $pids; do
    k=$((k + 1))
    wait "$pid" || fail "creator $k of trial $trial failed: $(cat "$work/err$k")"
  done
  [ "$(sqlite3 "$work/new.db" 'SELECT count(*) FROM jobs')" = 8 ] || fail "trial $trial: not 8 jobs"
  [ "$(count "$work/new.db")" = 1600 ] || fail "trial $trial: not 8 x 200 runs"
  [ "$(sqlite3 "$work/new.db" 'PRAGMA integrity_check')" = ok ] || fail "trial $trial: damaged"
done
echo "8 concurrent creators of a new store, 5 trials: 8 whole jobs each time"

# Four starting one job at once (the same seed): one runs it; the others are refused in words.
start_together 4 5 "$parley" "$@" --store "$work/one.db"
ok=0 k=0
for pid in $pids; do
  k=$((k + 1))
  if wait "$pid"; then ok=$((ok + 1)); continue; fi
  no_raw_sql "$work/err$k"
  grep -q "one.db: error: .*job 1" "$work/err$k" || fail "unexpected refusal: $(cat "$work/err$k")"
done
[ $ok = 1 ] || fail "$ok of 4 processes ran the one job"
[ "$(sqlite3 "$work/one.db" 'SELECT count(*) FROM jobs')" = 1 ] || fail "one configuration, several jobs"
echo "4 processes starting one job: 1 ran it, 3 were told the store holds it"

# The war scenario, long enough for a second process to meet the first.
set -- run --runs 3000 --seed 7 --threads 2 --series-runs 20 --quiet --format csv "$scenarios/russia-ukraine-2024.yaml"
"$parley" "$@" --store "$work/full.db" >"$work/full.csv"

# Two resumers: the second, started once the first has committed, is refused.
"$parley" "$@" --store "$work/two.db" --resume >"$work/first.csv" 2>"$work/first.err" &
first=$!
tries=0
while [ "$(count "$work/two.db")" = 0 ] && [ $tries -lt 400 ]; do tries=$((tries + 1)); sleep 0.05; done
if "$parley" "$@" --store "$work/two.db" --resume >/dev/null 2>"$work/second.err"; then
  fail "a second --resume of a job being written was accepted"
fi
no_raw_sql "$work/second.err"
grep -q "two.db: error: job 1 is being written by another parley process" "$work/second.err" ||
  fail "unexpected refusal: $(cat "$work/second.err")"
# A reader meanwhile (parley report checks every job's digests, over one snapshot) is not misled
# by the commits landing between its queries.
reports=0
while kill -0 $first 2>/dev/null && [ $reports -lt 5 ]; do
  "$parley" report "$work/two.db" --out "$work/live.html" 2>"$work/live.err" || fail "report while writing: $(cat "$work/live.err")"
  reports=$((reports + 1))
done
wait $first || fail "the first resumer failed: $(cat "$work/first.err")"
cmp -s "$work/first.csv" "$work/full.csv" || fail "the first resumer's summary differs"
same_rows "$work/two.db" "$work/full.db" "$work" >/dev/null
echo "a second --resume of a job being written: $(cat "$work/second.err"); $reports reports read it meanwhile"

# The issue's reproducer, with the kill landing on a wrapper shell: the orphaned parley goes on,
# and --resume is refused until it ends (before, it failed with a raw UNIQUE constraint).
sh -c '"$@"; exit $?' sh "$parley" "$@" --store "$work/wrapped.db" >/dev/null 2>&1 &
wrapper=$!
tries=0
while [ "$(count "$work/wrapped.db")" = 0 ] && [ $tries -lt 400 ]; do tries=$((tries + 1)); sleep 0.05; done
kill -9 $wrapper
wait $wrapper 2>/dev/null || true
refused=0 tries=0
until "$parley" "$@" --store "$work/wrapped.db" --resume >"$work/wrapped.csv" 2>"$work/wrapped.err"; do
  no_raw_sql "$work/wrapped.err"
  grep -q "is being written by another parley process" "$work/wrapped.err" || fail "$(cat "$work/wrapped.err")"
  refused=$((refused + 1)) tries=$((tries + 1))
  [ $tries -lt 600 ] || fail "the orphaned parley never ended"
  sleep 0.1
done
cmp -s "$work/wrapped.csv" "$work/full.csv" || fail "the resumed summary differs"
n=$(same_rows "$work/wrapped.db" "$work/full.db" "$work")
echo "kill -9 on a wrapper: --resume refused $refused times while the orphan ran, then $n runs, row for row"
