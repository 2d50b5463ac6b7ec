#!/bin/sh
# forecast_store_seed.sh PARLEY DATA WORK — the seed a results store records for a forecast is the
# seed the run used: a KTAB XML input brings its own (prngSeed), and `parley forecast --seed S`
# with the recorded S reproduces the stored run (it recorded 1, the unused default).
set -eu
parley=$1 data=$2 work=$3/forecast_store_seed
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# check_stored_seed NAME XML EXPECTED: a stochastic forecast of XML stored in SQLite records the
# seed EXPECTED, and --seed EXPECTED reproduces the run made without --seed.
check_stored_seed() {
  name=$1 xml=$2 expected=$3
  set -- forecast --model smp --transitions Stochastic "$xml"
  "$parley" "$@" --format sqlite --out "$work/$name.db"
  seed=$(sqlite3 "$work/$name.db" "SELECT seed FROM jobs")
  [ "$seed" = "$expected" ] || fail "$name: the store records seed $seed, expected $expected"
  "$parley" "$@" --format json >"$work/$name-default.json"
  "$parley" "$@" --format json --seed "$seed" >"$work/$name-recorded.json"
  cmp -s "$work/$name-default.json" "$work/$name-recorded.json" || fail "$name: --seed $seed does not reproduce the stored run"
  "$parley" "$@" --format json --seed 1 >"$work/$name-one.json"
  ! cmp -s "$work/$name-default.json" "$work/$name-one.json" || fail "$name: the stochastic run ignores its seed"
  echo "$name: the store records seed $seed, which reproduces the run"
}

# The input's prngSeed, as it is.
check_stored_seed input "$data/ktab/dummyData_3Dim.xml" 3707583219545544125

# A KTAB seed of 2^63 or more (KTAB draws all 64 bits) becomes its low 63 bits: the store's signed
# integer holds it as it is, and --seed takes it back.
sed 's|<prngSeed>[0-9]*</prngSeed>|<prngSeed>12345678901234567890</prngSeed>|' "$data/ktab/dummyData_3Dim.xml" >"$work/big.xml"
check_stored_seed big "$work/big.xml" 3122306864379792082
