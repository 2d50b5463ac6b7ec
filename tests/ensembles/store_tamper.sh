#!/bin/sh
# store_tamper.sh PARLEY DATA WORK — a store changed after parley wrote it is refused by --resume
# and by parley report with a located message (FILE: error: ...), exit 2: values changed, set to
# NULL (integrity_check fails), rows deleted or added, a run's row deleted under its values, a
# status or a run index changed, the job's row or declarations changed. Then 100 copies with one
# random byte flipped: each --resume is refused with a located message, or (the byte was one SQLite
# does not use) ends with the rows of an uninterrupted run. Before, a NULL in parameters.value and
# 4 of 400 flipped stores resumed with changed results.
set -eu
parley=$1 data=$2 work=$3/store_tamper
. "$(dirname "$0")/store_rows.sh"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
ensemble() {
  "$parley" run --runs 400 --draw 'position:*=±20%' --series-runs 40 --quiet --format csv \
    "$data/bargaining/emission-standards.csv" "$@"
}
ensemble --store "$work/full.db" >"$work/full.csv"
# What a kill leaves: whole runs; here those from 250 on are lost.
cp "$work/full.db" "$work/partial.db"
sqlite3 "$work/partial.db" "DELETE FROM runs WHERE run_index >= 250; DELETE FROM parameters WHERE run_index >= 250;
  DELETE FROM outcomes WHERE run_index >= 250; DELETE FROM series WHERE run_index >= 250; VACUUM;"

# located FILE ERRFILE: the message is FILE: error: ..., in parley's words.
located() {
  grep -q "^$1: error: " "$2" || fail "$1: not located: $(cat "$2")"
  ! grep -q "constraint failed\|SQL logic" "$2" || fail "$1: raw SQL: $(cat "$2")"
}

# refused NAME SQL: a copy of the partial store changed by SQL is refused with a located message.
refused() {
  db=$work/$1.db
  cp "$work/partial.db" "$db"
  sqlite3 -bail "$db" "$2" || fail "$1: the edit failed"
  rc=0
  ensemble --store "$db" --resume >/dev/null 2>"$work/$1.err" || rc=$?
  [ $rc = 2 ] || fail "$1: exit $rc, expected 2 (refused): $(cat "$work/$1.err")"
  located "$db" "$work/$1.err"
  rc=0
  "$parley" report "$db" --out "$work/$1.html" 2>"$work/$1.report.err" || rc=$?
  [ $rc = 2 ] && [ ! -e "$work/$1.html" ] || fail "$1: report: exit $rc"
  located "$db" "$work/$1.report.err"
  echo "$1: $(cut -c1-160 "$work/$1.err")"
}
refused outcome_changed "UPDATE outcomes SET value = value + 1e-9 WHERE run_index = 17"
refused parameter_changed "UPDATE parameters SET value = -value WHERE run_index = 200"
refused series_changed "UPDATE series SET value = value + 0.5 WHERE run_index = 3"
refused outcome_deleted "DELETE FROM outcomes WHERE run_index = 99 AND name = (SELECT min(name) FROM outcomes)"
refused outcome_added "INSERT INTO outcomes VALUES(1, 5, 'invented', 50)"
refused status_changed "UPDATE runs SET status = 'error: no' WHERE run_index = 8"
refused run_moved "UPDATE runs SET run_index = 300 WHERE run_index = 3; UPDATE parameters SET run_index = 300
  WHERE run_index = 3; UPDATE outcomes SET run_index = 300 WHERE run_index = 3;
  UPDATE series SET run_index = 300 WHERE run_index = 3"
refused run_row_deleted "DELETE FROM runs WHERE run_index = 42"
refused value_as_text "UPDATE parameters SET value = 'x' WHERE run_index = 7"
refused input_source_changed "UPDATE job_inputs SET source = 'elsewhere' WHERE position = 1"
refused outcome_declaration_deleted "DELETE FROM job_outcomes WHERE position = 0"
refused job_n_runs_changed "UPDATE jobs SET n_runs = 500"
# A NULL where the schema says NOT NULL: SQLite's integrity_check fails.
cp "$work/partial.db" "$work/parameter_null.db"
sqlite3 "$work/parameter_null.db" "PRAGMA writable_schema = 1;
  UPDATE sqlite_master SET sql = replace(sql, 'value REAL NOT NULL', 'value REAL') WHERE name = 'parameters';"
sqlite3 "$work/parameter_null.db" "UPDATE parameters SET value = NULL WHERE run_index = 3"
sqlite3 "$work/parameter_null.db" "PRAGMA writable_schema = 1;
  UPDATE sqlite_master SET sql = replace(sql, 'value REAL,', 'value REAL NOT NULL,') WHERE name = 'parameters';"
[ "$(sqlite3 "$work/parameter_null.db" 'PRAGMA integrity_check' | head -n 1)" != ok ] || fail "integrity_check passes"
rc=0
ensemble --store "$work/parameter_null.db" --resume >/dev/null 2>"$work/null.err" || rc=$?
[ $rc = 2 ] || fail "a NULL in parameters.value: exit $rc"
grep -q "integrity check: NULL value in parameters.value" "$work/null.err" || fail "$(cat "$work/null.err")"
located "$work/parameter_null.db" "$work/null.err"
rc=0
"$parley" report "$work/parameter_null.db" --out "$work/null.html" 2>"$work/report.err" || rc=$?
[ $rc = 2 ] && [ ! -e "$work/null.html" ] || fail "report of a store failing integrity_check: exit $rc"
echo "parameter_null: $(cut -c1-160 "$work/null.err") (report too)"

# One random byte flipped, 100 times (offsets and values from a fixed seed).
size=$(wc -c <"$work/partial.db")
awk -v n=100 -v size="$size" 'BEGIN { srand(42); for (i = 0; i < n; i++) printf "%d %d\n", int(rand() * size), 1 + int(rand() * 255) }' >"$work/flips"
refused=0 accepted=0 i=0
while read -r offset xor; do
  i=$((i + 1))
  db=$work/flip.db
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$work/partial.db" "$db"
  byte=$(od -An -tu1 -j "$offset" -N1 "$db" | tr -d ' ')
  printf "$(printf '\\%03o' $((byte ^ xor)))" | dd of="$db" bs=1 seek="$offset" conv=notrunc 2>/dev/null
  rc=0
  ensemble --store "$db" --resume >"$work/flip.csv" 2>"$work/flip.err" || rc=$?
  if [ $rc = 2 ]; then
    located "$db" "$work/flip.err"
    refused=$((refused + 1))
  elif [ $rc = 0 ]; then
    # The resumed job: job 1, or a new one when the flip hit job 1's configuration.
    job=$(sqlite3 "$db" "ATTACH '$work/full.db' AS f; SELECT max(job_id) FROM jobs WHERE config = (SELECT config FROM f.jobs)")
    same_rows "$db" "$work/full.db" "$work" "$job" >/dev/null
    cmp -s "$work/flip.csv" "$work/full.csv" || fail "flip $i (byte $offset): the summary differs"
    accepted=$((accepted + 1))
  else
    fail "flip $i (byte $offset): exit $rc: $(cat "$work/flip.err")"
  fi
done <"$work/flips"
echo "100 flipped bytes: $refused refused with a located message, $accepted resumed to the rows of an uninterrupted run"
