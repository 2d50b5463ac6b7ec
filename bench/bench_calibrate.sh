#!/bin/sh
# Times the Bayesian calibration of the Russia-Ukraine scenario on its observed record with posterior
# sampling (the fixed split, the rolling origin and the final fit, default chain lengths), as of
# 27 Nov 2025, and writes the committed posterior. Goal: <= 10 minutes on 2 cores (docs/validation.md).
# Usage: bench/bench_calibrate.sh [BUILD_DIR] [calibrate options, e.g. --format table]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ $# -gt 0 ] && shift
out=${POSTERIOR_OUT:-data/war/posterior-russia-ukraine-2025-11-27.csv}
start=$(date +%s.%N)
"$build/parley" calibrate scenarios/russia-ukraine-2024.yaml --observations data/war/series.csv \
  --as-of 2025-11-27 --posterior-out "$out" "$@"
end=$(date +%s.%N)
echo "bench_calibrate: $(echo "$end - $start" | bc) s wall (posterior: $out)" >&2
