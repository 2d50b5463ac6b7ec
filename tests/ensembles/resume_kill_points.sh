#!/bin/sh
# resume_kill_points.sh PARLEY SCENARIOS WORK — the issue's reproducer (the war scenario, seed 7, 2
# threads; series kept for 20 runs to keep it short) killed with SIGKILL at 24 points: four chains
# of six kills, each process resuming what the one before left, killed 0 to 0.3 s after its start
# (while it reads the store back or computes) or after it has committed a chunk (while it computes
# or commits the next), two chains under CPU load. After each kill the store must be sound and hold no
# fewer runs than before; each chain's final --resume must give the rows of an uninterrupted run,
# row for row, and the same summary.
set -eu
parley=$1 scenarios=$2 work=$3/resume_kill_points
. "$(dirname "$0")/store_rows.sh"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
count() { sqlite3 "$1" "SELECT count(*) FROM runs" 2>/dev/null || echo 0; }
# The kills need processes that are still running 0.3 s after a commit: on a fast machine 3,000
# runs finish too soon (19 of 24 killed on an idle one), so the count doubles until the
# uninterrupted run takes 2 s (at most four times; PARLEY_KILL_RUNS fixes it).
runs=${PARLEY_KILL_RUNS:-3000}
for try in 1 2 3 4 5; do
  set -- run --runs "$runs" --seed 7 --threads 2 --series-runs 20 --quiet --format csv "$scenarios/russia-ukraine-2024.yaml"
  rm -f "$work/full.db"
  t0=$(date +%s%N)
  "$parley" "$@" --store "$work/full.db" >"$work/full.csv"
  ms=$((($(date +%s%N) - t0) / 1000000))
  { [ -z "${PARLEY_KILL_RUNS:-}" ] && [ "$ms" -lt 2000 ] && [ "$try" -lt 5 ]; } || break
  runs=$((runs * 2))
done
echo "$runs runs a process (the uninterrupted run took $ms ms)"

# Busy loops beside the chains that run under load; stopped by their ids.
hogs=""
start_load() { for k in 1 2; do sh -c 'while :; do :; done' & hogs="$hogs $!"; done; }
stop_load() { for h in $hogs; do kill "$h" 2>/dev/null || true; done; hogs=""; }
trap stop_load EXIT

# kill_one PID DB WAIT D: kills PID (resuming DB) D seconds after it has committed something new
# (WAIT=1), or D seconds after its start (WAIT=0: while it reads the store back or computes its
# first chunk). Sets rc (137: killed) and n (runs stored after).
kill_one() {
  tries=0
  while [ "$3" = 1 ] && [ "$(count "$2")" -le "$before" ] && [ $tries -lt 400 ]; do
    tries=$((tries + 1))
    sleep 0.05
  done
  sleep "$4"
  kill -9 "$1" 2>/dev/null || true
  rc=0
  wait "$1" 2>/dev/null || rc=$?
  n=$(count "$2")
}

killed=0 unchanged=0
for chain in 1 2 3 4; do
  db=$work/chain$chain.db
  [ "$chain" -le 2 ] || start_load
  before=0 k=0
  for d in $(awk -v s="$chain" 'BEGIN { srand(s); for (i = 0; i < 6; i++) printf "%.2f ", 0.3 * rand() }'); do
    k=$((k + 1))
    "$parley" "$@" --store "$db" --resume >/dev/null 2>"$work/err" &
    kill_one $! "$db" $((k % 3 != 1)) "$d"
    [ $rc = 137 ] || [ $rc = 0 ] || fail "chain $chain: exit $rc: $(cat "$work/err")"
    [ "$n" -ge "$before" ] || fail "chain $chain: the store went from $before to $n runs"
    [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "chain $chain: damaged after a kill"
    if [ $rc = 137 ]; then
      killed=$((killed + 1))
      [ "$n" != "$before" ] || unchanged=$((unchanged + 1))
    fi
    echo "chain $chain: $([ $rc = 137 ] && echo killed || echo finished) ${d} s after $([ $((k % 3)) = 1 ] && echo its start || echo a commit), $n runs stored"
    before=$n
  done
  stop_load
  "$parley" "$@" --store "$db" --resume >"$work/chain$chain.csv"
  cmp -s "$work/chain$chain.csv" "$work/full.csv" || fail "chain $chain: the summary differs from an uninterrupted run's"
  n=$(same_rows "$db" "$work/full.db" "$work")
  echo "chain $chain: resumed to $n runs, row for row those of an uninterrupted run"
done
[ $killed -ge 20 ] || fail "only $killed of 24 processes were killed before they finished; raise PARLEY_KILL_RUNS"
echo "$killed kill points ($unchanged of them before the process committed anything), every store whole"
