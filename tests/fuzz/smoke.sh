#!/bin/sh
# Runs every fuzz harness in BUILD/tests/fuzz for a bounded number of inputs, seeded with the
# project's own data files of the matching format. Fails on any crash, leak or sanitizer report.
set -eu
build=${1:-build-fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${PARLEY_FUZZ_RUNS:-20000}
corpus_of() {
  case "$1" in
    fuzz_analyst) echo "$root/data/bargaining" ;;
    fuzz_ktab_csv|fuzz_ktab_xml) echo "$root/data/ktab" ;;
    fuzz_deu) echo "$root/tests/fuzz/corpus/deu" ;;
    fuzz_decide) echo "$root/data/decide" ;;
    *) echo "$root/tests/fuzz/corpus/${1#fuzz_}" ;;
  esac
}
status=0
for h in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$h" ] || continue
  name=$(basename "$h")
  seeds=$(corpus_of "$name")
  work=$(mktemp -d)
  [ -d "$seeds" ] && find "$seeds" -maxdepth 1 -type f -size -64k -exec cp {} "$work" \;
  echo "fuzz: $name ($runs runs)"
  if ! ASAN_OPTIONS=detect_leaks=1 "$h" -runs="$runs" -max_len=8192 -seed=1 "$work" >"$work.log" 2>&1; then
    tail -n 40 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
