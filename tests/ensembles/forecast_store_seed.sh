#!/bin/sh
# forecast_store_seed.sh PARLEY DATA WORK — the seed a results store records for a forecast is the
# seed the run used: a KTAB XML input brings its own (prngSeed), and `parley forecast --seed S`
# with the recorded S reproduces the stored run (it recorded 1, the unused default).
set -eu
parley=$1 data=$2 work=$3/forecast_store_seed
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
set -- forecast --model smp --transitions Stochastic "$data/ktab/dummyData_3Dim.xml"
"$parley" "$@" --format sqlite --out "$work/store.db"
seed=$(sqlite3 "$work/store.db" "SELECT seed FROM jobs")
[ "$seed" = 3707583219545544125 ] || fail "the store records seed $seed, expected the input's prngSeed 3707583219545544125"
"$parley" "$@" --format json >"$work/default.json"
"$parley" "$@" --format json --seed "$seed" >"$work/recorded.json"
cmp -s "$work/default.json" "$work/recorded.json" || fail "--seed $seed does not reproduce the stored run"
"$parley" "$@" --format json --seed 1 >"$work/one.json"
! cmp -s "$work/default.json" "$work/one.json" || fail "the stochastic run ignores its seed"
echo "the store records seed $seed, which reproduces the run"
