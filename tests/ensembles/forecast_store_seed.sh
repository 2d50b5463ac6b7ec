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

# A KTAB seed of 2^63 or more (KTAB draws all 64 bits) becomes its low 63 bits: the store's signed
# integer holds it as it is, and --seed takes it back.
sed 's|<prngSeed>[0-9]*</prngSeed>|<prngSeed>12345678901234567890</prngSeed>|' "$data/ktab/dummyData_3Dim.xml" >"$work/big.xml"
set -- forecast --model smp --transitions Stochastic "$work/big.xml"
"$parley" "$@" --format sqlite --out "$work/big.db"
seed=$(sqlite3 "$work/big.db" "SELECT seed FROM jobs")
[ "$seed" = 3122306864379792082 ] || fail "the store records seed $seed for prngSeed 12345678901234567890, expected its low 63 bits 3122306864379792082"
"$parley" "$@" --format json >"$work/big-default.json"
"$parley" "$@" --format json --seed "$seed" >"$work/big-recorded.json"
cmp -s "$work/big-default.json" "$work/big-recorded.json" || fail "--seed $seed does not reproduce the stored run of the large seed"
echo "a 64-bit KTAB seed is stored as its low 63 bits, $seed, which reproduces the run"
