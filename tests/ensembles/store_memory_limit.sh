#!/bin/sh
# store_memory_limit.sh PARLEY SCENARIOS WORK — --runs is limited by memory (every run's inputs and
# outcomes are kept for the summaries), and a design that cannot fit is refused at start, before
# anything is allocated by the run, with the bytes a run costs and the most runs that fit: the
# documented maximum, 10^9 runs, said "out of memory" on a 24 GiB machine. Under a 4 GB address-
# space limit (not under AddressSanitizer, which needs more), the figure follows the limit.
set -eu
parley=$1 scenarios=$2 work=$3/store_memory_limit
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
war=$scenarios/russia-ukraine-2024.yaml

# refused RUNS: the run is refused with exit 2 and the memory it needs; prints the message.
refused() {
  rc=0
  "$parley" run --runs "$1" --quiet --store "$work/big.db" "$war" >/dev/null 2>"$work/err" || rc=$?
  [ $rc = 2 ] || fail "--runs $1: exit $rc: $(cat "$work/err")"
  grep -q "found $1 runs, which need [0-9.]* GiB of memory for their results ([0-9]* bytes a run), expected at most [0-9]* runs: [0-9.]* GiB is available" "$work/err" ||
    fail "--runs $1: $(cat "$work/err")"
  [ "$(sqlite3 "$work/big.db" 'SELECT count(*) FROM jobs')" = 0 ] || fail "a job was added"
  cat "$work/err"
}
refused 1000000000
if [ -z "${ASAN_OPTIONS:-}" ]; then
  (
    ulimit -v 4000000
    refused 20000000
    grep -q "3\.[0-9] GiB is available" "$work/err" || fail "the limit is not the ulimit's: $(cat "$work/err")"
    "$parley" run --runs 200 --quiet --store "$work/small.db" "$war" >/dev/null || fail "200 runs under 4 GB failed"
  )
fi
echo "a design too large for memory is refused at start, in words"
