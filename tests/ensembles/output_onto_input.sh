#!/bin/sh
# output_onto_input.sh PARLEY DATA WORK — an output that names the input (or another output) is
# refused before anything is written, and the input is left byte-for-byte as it was: `--out` on
# the input table, `parley report` of a store called *.html (its default output is the store's
# own name) or with --out on the store, `--store` and `--out` on one file, score's --predictions.
set -eu
parley=$1 data=$2 work=$3/output_onto_input
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# refuse FILE ARGS...: parley ARGS fails with a usage error naming the clash, and FILE is unchanged.
refuse() {
  file=$1; shift
  before=$(md5sum <"$file")
  rc=0
  "$parley" "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "parley $* exited $rc, expected 2: $(cat "$work/err")"
  grep -q "expected another file\|expected a file for each" "$work/err" || fail "parley $*: $(cat "$work/err")"
  [ "$(md5sum <"$file")" = "$before" ] || fail "parley $* changed $file"
  echo "refused: parley $*"
}

cp "$data/bargaining/emission-standards.csv" "$work/table.csv"
refuse "$work/table.csv" forecast --format csv --out "$work/table.csv" "$work/table.csv"
ln -s table.csv "$work/link.csv"
refuse "$work/table.csv" forecast --format csv --out "$work/link.csv" "$work/table.csv"
refuse "$work/table.csv" forecast --format sqlite --out "$work/table.csv" "$work/table.csv"
refuse "$work/table.csv" run --quiet --runs 5 --format csv --out "$work/table.csv" "$work/table.csv"

cp "$data/deu/deu3-dev.csv" "$work/deu.csv"
refuse "$work/deu.csv" score --format csv --predictions "$work/deu.csv" "$work/deu.csv"
refuse "$work/deu.csv" score --format csv --predictions "$work/p.csv" --out "$work/p.csv" "$work/deu.csv"

"$parley" run --quiet --runs 5 --draw 'position:*=±10%' --format csv --store "$work/results.db" "$work/table.csv" >/dev/null
refuse "$work/results.db" run --quiet --runs 5 --format json --store "$work/results.db" --out "$work/results.db" "$work/table.csv"
refuse "$work/results.db" report --out "$work/results.db" "$work/results.db"
cp "$work/results.db" "$work/results.html"
refuse "$work/results.html" report "$work/results.html"
"$parley" report --out "$work/page.html" "$work/results.html" 2>/dev/null
grep -q "<html" "$work/page.html" || fail "a store called results.html no longer reports with --out"
echo "every output onto an input was refused and the input left unchanged"
