#!/bin/sh
# Runs every fuzz harness in BUILD/tests/fuzz for a bounded number of inputs, seeded with the
# project's own files of the matching format (tests/fuzz/harnesses.sh). Fails on any crash, leak or
# sanitizer report. CI keeps this short; tests/fuzz/campaign.sh is the long run.
set -eu
build=${1:-build-fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${PARLEY_FUZZ_RUNS:-10000}
. "$root/tests/fuzz/harnesses.sh"
status=0
for h in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$h" ] || continue
  name=$(basename "$h")
  work=$(mktemp -d)
  copy_seeds "$name" "$work"
  n=$runs
  case "$name" in fuzz_store|fuzz_settle|fuzz_case|fuzz_record) n=$((runs / 10)) ;; esac # each input costs a file or a model setup
  echo "fuzz: $name ($n runs)"
  if ! ASAN_OPTIONS=detect_leaks=1 "$h" -runs="$n" -max_len="$(max_len_of "$name")" -seed=1 "$work" >"$work.log" 2>&1; then
    tail -n 40 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
