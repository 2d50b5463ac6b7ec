# store_rows.sh — sourced by the store tests: a store's run rows dumped in key order, values
# through quote() (which SQLite prints so that they read back to the same double), and the
# comparison of two stores' dumps.

# dump_rows DB PREFIX JOB: writes the rows of job JOB to PREFIX.runs, PREFIX.parameters,
# PREFIX.outcomes, PREFIX.series, and its declarations to PREFIX.declared (without the job's id).
dump_rows() {
  sqlite3 -bail "$1" "SELECT position, quote(name), quote(nominal), quote(distribution), varied, quote(source)
    FROM job_inputs WHERE job_id = $3 ORDER BY position;
    SELECT position, quote(name), quote(kind), quote(description) FROM job_outcomes WHERE job_id = $3 ORDER BY position;
    SELECT position, quote(series), quote(entity), quote(step_unit) FROM job_series WHERE job_id = $3 ORDER BY position" \
    >"$2.declared" &&
    sqlite3 -bail "$1" "SELECT run_index, quote(status), digest FROM runs WHERE job_id = $3 ORDER BY run_index" \
      >"$2.runs" &&
    sqlite3 -bail "$1" "SELECT run_index, quote(name), quote(value) FROM parameters WHERE job_id = $3
      ORDER BY run_index, name" >"$2.parameters" &&
    sqlite3 -bail "$1" "SELECT run_index, quote(name), quote(value) FROM outcomes WHERE job_id = $3
      ORDER BY run_index, name" >"$2.outcomes" &&
    sqlite3 -bail "$1" "SELECT run_index, quote(series), quote(entity), step, quote(value) FROM series
      WHERE job_id = $3 ORDER BY run_index, series, entity, step" >"$2.series"
}

# same_rows A B WORK [JOB]: fails (with the first differing table) unless job JOB (1) of store A
# and job 1 of store B hold the same rows, row for row; prints the run count.
same_rows() {
  dump_rows "$1" "$3/a" "${4:-1}" && dump_rows "$2" "$3/b" 1 || { echo "FAIL: cannot dump $1 or $2" >&2; exit 1; }
  for table in declared runs parameters outcomes series; do
    cmp -s "$3/a.$table" "$3/b.$table" || {
      echo "FAIL: $table differs between $1 and $2 ($(wc -l <"$3/a.$table") and $(wc -l <"$3/b.$table") rows)" >&2
      exit 1
    }
  done
  wc -l <"$3/a.runs"
}
