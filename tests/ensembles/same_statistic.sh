#!/bin/sh
# same_statistic.sh PARLEY SCENARIOS WORK — the same runs give the same statistic in every command:
# parley settle, a one-point parley sweep, parley run (its CSV) and the results store parley run
# writes (what the report reads) agree on each outcome's statistic, count and interval; and every CSV
# they write is one table whose header Python's csv module reads as the documented columns.
set -eu
parley=$1 scenarios=$2 work=$3/same_statistic
rm -rf "$work" && mkdir -p "$work"
sc="$scenarios/ukraine-2025-19pt.yaml"
"$parley" settle --runs 60 --format csv --out "$work/settle.csv" "$sc"
"$parley" sweep --runs 60 --vary settle.guarantee.strength=-1:-1:1 --format csv --table outcomes --out "$work/sweep.csv" "$sc" 2>/dev/null
"$parley" run --runs 60 --quiet --format csv --out "$work/run.csv" --store "$work/run.db" "$sc"
python3 - "$work" <<'PY'
import csv, sqlite3, sys
work = sys.argv[1]
def rows(path, skip=0):
    with open(path, newline="") as f:
        r = list(csv.DictReader(f))
    return {row["outcome"]: row for row in r}
long_header = ["outcome", "statistic", "value", "lo", "hi", "level", "k", "n"]
for path, header in [("settle.csv", long_header), ("settle.drivers.csv", ["outcome", "rank", "parameter", "rho"]),
                     ("settle.terms.csv", ["point", "status", "proposal", "terms", "attacker_ideal", "defender_ideal"]),
                     ("sweep.csv", ["settle.guarantee.strength"] + long_header), ("run.csv", long_header),
                     ("run.distribution.csv", ["outcome", "kind", "n", "missing", "mean", "sd", "q05", "q25", "q50", "q75", "q95"])]:
    with open(f"{work}/{path}", newline="") as f:
        got = next(csv.reader(f))
    assert got == header, f"{path}: header {got}, expected {header}"
    with open(f"{work}/{path}", newline="") as f:
        body = list(csv.reader(f))[1:]
    assert body and all(len(r) == len(header) for r in body), f"{path}: a row of another width (two tables in one file?)"
settle, sweep, run = rows(f"{work}/settle.csv"), rows(f"{work}/sweep.csv"), rows(f"{work}/run.csv")
keys = ["accept_attacker", "accept_defender", "deal", "signed_recommenced_10y", "signed_years_to_recommence",
        "recommenced_10y", "attacker_fight_value"]
for k in keys:
    for col in ["statistic", "value", "lo", "hi", "k", "n"]:
        assert settle[k][col] == sweep[k][col] == run[k][col], f"{k}.{col}: settle {settle[k][col]}, sweep {sweep[k][col]}, run {run[k][col]}"
assert settle["signed_years_to_recommence"]["statistic"] == "median"
assert settle["accept_attacker"]["statistic"] == "p"
# The store holds the same runs: the counts behind each statistic, read back with SQL.
db = sqlite3.connect(f"{work}/run.db")
def count(sql, *a): return db.execute(sql, a).fetchone()[0]
job = count("SELECT max(job_id) FROM jobs")
n = count("SELECT count(*) FROM runs WHERE job_id = ? AND status = 'ok'", job)
for k in ["accept_attacker", "deal", "signed_recommenced_10y"]:
    ones = count("SELECT count(*) FROM outcomes WHERE job_id = ? AND name = ? AND value = 1", job, k)
    assert (str(ones), str(n)) == (settle[k]["k"], settle[k]["n"]), f"store {k}: {ones} of {n}, settle {settle[k]['k']} of {settle[k]['n']}"
events = count("SELECT count(*) FROM outcomes WHERE job_id = ? AND name = 'signed_years_to_recommence'", job)
assert str(events) == settle["signed_years_to_recommence"]["k"], f"store events {events}"
# The Kaplan-Meier median from the store's times (censored at the horizon: no row) is the settle median.
t = sorted(v for (v,) in db.execute("SELECT value FROM outcomes WHERE job_id = ? AND name = 'signed_years_to_recommence'", (job,)))
median = t[(n + 1) // 2 - 1] if 2 * len(t) >= n else None
assert median is not None and float(settle["signed_years_to_recommence"]["value"]) == median, (median, settle["signed_years_to_recommence"])
print("settle = sweep = run = store on", ", ".join(keys))
PY
