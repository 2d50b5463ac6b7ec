#!/bin/sh
# After the calibrated war scenario (scenarios/russia-ukraine-2024.yaml) changes: copies its war
# sections into the flagship and rewrites the settle golden outputs with BUILD's parley (default
# build/). Review the diff: the flagship's numbers move with the war model.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
/usr/bin/python3 scripts/sync-flagship-war.py
for n in settle_flagship sweep_strength; do
  args=$(sed "s|@DATA@|$PWD/data|g" "tests/golden/cases/$n.cmd")
  # shellcheck disable=SC2086
  "$build/parley" $args > "tests/golden/cases/$n.out"
done
echo "flagship and golden outputs refreshed; git diff shows what moved"
