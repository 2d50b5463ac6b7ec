#!/bin/sh
# store_refusal.sh PARLEY DATA WORK — `parley run --store` refuses a file that is not a parley
# store (text, a foreign SQLite database, a corrupt store) with a clear error and leaves it
# byte-for-byte as it was.
set -eu
parley=$1 data=$2 work=$3/store_refusal
rm -rf "$work" && mkdir -p "$work"
set -- run --runs 200 --draw 'position:*=±10%' --quiet --format csv "$data/bargaining/emission-standards.csv"
fail() { echo "FAIL: $*" >&2; exit 1; }

# refuse FILE EXPECTED [--resume]: the command fails, says EXPECTED, and FILE is unchanged.
refuse() {
  file=$1 expected=$2; shift 2
  before=$(md5sum <"$file")
  if "$parley" "$@" --store "$file" >/dev/null 2>"$work/err"; then fail "$file was accepted"; fi
  grep -q "$expected" "$work/err" || fail "$file: expected '$expected', got: $(cat "$work/err")"
  [ "$(md5sum <"$file")" = "$before" ] || fail "$file was modified"
  echo "refused $(basename "$file"): $(head -n 1 "$work/err")"
}

printf 'Actor,Capability\nnot a database, keep me\n' >"$work/text.csv"
refuse "$work/text.csv" "not an SQLite database" "$@"

sqlite3 "$work/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES(42);"
refuse "$work/foreign.db" "without parley's meta table" "$@"

"$parley" "$@" --store "$work/good.db" >/dev/null
cp "$work/good.db" "$work/corrupt.db"
size=$(wc -c <"$work/corrupt.db")
# Overwrite the pages after the first with noise: the header still says SQLite, the tables are gone.
dd if=/dev/urandom of="$work/corrupt.db" bs=4096 seek=1 count=$((size / 4096 - 1)) conv=notrunc 2>/dev/null
refuse "$work/corrupt.db" "corrupt\|malformed\|not a parley" "$@" --resume

head -c 3000 "$work/good.db" >"$work/truncated.db"
refuse "$work/truncated.db" "corrupt\|malformed\|not an SQLite\|not a parley" "$@"
echo "every foreign or damaged file was refused and left unchanged"
