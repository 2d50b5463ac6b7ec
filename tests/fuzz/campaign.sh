#!/bin/sh
# A fuzz campaign: every harness in BUILD/tests/fuzz, one at a time, for N executions each
# (libFuzzer -runs=N; default 10^6), seeded as smoke.sh seeds them (tests/fuzz/harnesses.sh).
# Writes a Markdown table — harness, executions, executions per second, crashes, coverage (libFuzzer's
# cov: edges and ft: features), corpus size, wall time — to standard output and to OUT.md when given.
# Crashing inputs are kept in WORK/artifacts. A crash stops that harness (libFuzzer's rule) and the
# campaign goes on to the next; the exit status is 1 when any harness crashed.
#
# -t SECONDS caps each harness's time (libFuzzer -max_total_time): a harness that reaches it first
# shows fewer than N executions in the table.
#
# Usage: tests/fuzz/campaign.sh [-n N] [-t SECONDS] [-o OUT.md] [-w WORK] [BUILD] [HARNESS...]
#   Run it niced on a shared machine: nice -n 19 tests/fuzz/campaign.sh -n 1000000 -o table.md build-fuzz
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/fuzz/harnesses.sh"
runs=1000000 out="" work="" limit=0
while getopts n:t:o:w: opt; do
  case $opt in
    n) runs=$OPTARG ;;
    t) limit=$OPTARG ;;
    o) out=$OPTARG ;;
    w) work=$OPTARG ;;
    *) echo "usage: $0 [-n N] [-t SECONDS] [-o OUT.md] [-w WORK] [BUILD] [HARNESS...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
build=${1:-build-fuzz}
[ $# -gt 0 ] && shift
[ -n "$work" ] || work=$(mktemp -d)
mkdir -p "$work/artifacts"
harnesses=$*
[ -n "$harnesses" ] || harnesses=$(cd "$build/tests/fuzz" && ls fuzz_* | grep -v '\.' )
table="$work/table.md"
{
  echo "| harness | executions | exec/s | crashes | cov (edges) | ft (features) | corpus | wall s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$table"
status=0
for name in $harnesses; do
  h="$build/tests/fuzz/$name"
  [ -x "$h" ] || { echo "campaign: no harness $h" >&2; status=1; continue; }
  corpus="$work/corpus/$name"
  mkdir -p "$corpus"
  copy_seeds "$name" "$corpus"
  log="$work/$name.log"
  start=$(date +%s)
  crashed=0
  ASAN_OPTIONS=detect_leaks=1 "$h" -runs="$runs" -max_total_time="$limit" -max_len="$(max_len_of "$name")" -seed=1 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$name-" "$corpus" >"$log" 2>&1 || crashed=1
  wall=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  if [ "$crashed" = 1 ]; then
    status=1
    execs=${execs:-$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')}
  fi
  echo "| $name | ${execs:-?} | ${rate:-?} | $crashed | ${cov:-?} | ${ft:-?} | ${corp:-?} | $wall |" >>"$table"
  echo "campaign: $name: ${execs:-?} executions, ${rate:-?}/s, crashes $crashed, cov ${cov:-?} (${wall} s)" >&2
done
cat "$table"
[ -z "$out" ] || cp "$table" "$out"
exit $status
