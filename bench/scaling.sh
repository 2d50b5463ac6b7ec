#!/bin/sh
# scaling.sh [BUILD_DIR] [RUNS] — strong scaling of `parley run` on one machine: a fixed workload
# (RUNS ten-year daily runs of the Russia–Ukraine war scenario, no store) on 1, 2, 4, 8 and 16
# OpenMP threads, then on 1, 2, 4, 8 and 16 MPI ranks of one thread each. Prints the times, the
# speed-ups and the parallel efficiency T1 / (p Tp), and checks that every configuration printed
# the same summary (the results do not depend on threads or ranks). Builds BUILD_DIR (default
# build-scaling, Release) first when it has no parley. About 2 minutes on 16 cores for the
# default 16000 runs; counts above the machine's cores are skipped.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-scaling} runs=${2:-16000}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cores=$(nproc)
if [ ! -x "$build/parley" ]; then
  t0=$(date +%s)
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=OFF >/dev/null
  cmake --build "$build" -j "$cores" --target parley_cli >/dev/null
  echo "built $build in $(( $(date +%s) - t0 )) s"
fi
parley=$build/parley
scenario=scenarios/russia-ukraine-2024.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
set -- run --runs "$runs" --horizon-years 10 --quiet --format json "$scenario"

# time_it NAME COMMAND...: wall seconds of COMMAND, its summary kept as $work/NAME.json.
time_it() {
  name=$1; shift
  t0=$(date +%s.%N)
  "$@" >"$work/$name.json"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

echo "parley strong scaling: $runs runs of $scenario over 10 years, daily; $cores cores ($(uname -m))"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: /cpu: /' || true
printf '\n| kind    |  p | seconds | runs/s | speed-up | efficiency |\n|---------|---:|--------:|-------:|---------:|-----------:|\n'
for kind in threads ranks; do
  t1=""
  for p in 1 2 4 8 16; do
    [ "$p" -le "$cores" ] || continue
    if [ $kind = threads ]; then s=$(time_it "$kind-$p" "$parley" "$@" --threads "$p")
    else s=$(time_it "$kind-$p" mpirun -np "$p" --oversubscribe --bind-to none "$parley" "$@" --threads 1); fi
    [ -n "$t1" ] || t1=$s
    awk -v k="$kind" -v p="$p" -v s="$s" -v t1="$t1" -v n="$runs" \
      'BEGIN { printf "| %-7s | %2d | %7.2f | %6.0f | %7.2fx | %9.0f%% |\n", k, p, s, n / s, t1 / s, 100 * t1 / (p * s) }'
  done
done
# Every configuration must print the same summary, bit for bit (the seed is the scenario's).
sed -i '/"parallel/d' "$work"/*.json
same=yes
for f in "$work"/*.json; do cmp -s "$f" "$work/threads-1.json" || same="NO ($(basename "$f") differs)"; done
echo
echo "identical results across every thread and rank count: $same"
