#!/bin/sh
# threads_invariance.sh PARLEY DATA SCENARIOS WORK — every shipped model gives bit-identical ensemble
# results on 1 and 3 threads: the war scenario, the war-termination flagship, and the forecasting
# models with positions and capabilities varied.
set -eu
parley=$1 data=$2 scenarios=$3 work=$4/threads_invariance
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
same() {
  name=$1; shift
  "$parley" "$@" --quiet --format json --threads 1 >"$work/$name-1.json"
  "$parley" "$@" --quiet --format json --threads 3 >"$work/$name-3.json"
  cmp -s "$work/$name-1.json" "$work/$name-3.json" || fail "$name: 1 and 3 threads differ"
  echo "$name: 1 thread = 3 threads"
}
same war run --runs 60 --draw 'sides.*.front.attrition_coeff=±20%' "$scenarios/russia-ukraine-2024.yaml"
same settle run --runs 40 "$scenarios/ukraine-2025-19pt.yaml"
for model in compromise bdm-scholz-paper bdm-scholz-code smp nash; do
  same "$model" sensitivity --method morris --runs 8 --model "$model" --draw 'position:*=±20%' \
    --draw 'capability:*=±20%' "$data/bargaining/emission-standards.csv"
done
same exchange sensitivity --method morris --runs 3 --model exchange --draw 'position:*=±5' "$data/decide/sample_data.txt"
