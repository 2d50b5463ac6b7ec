#!/bin/sh
# report_answer.sh PARLEY SCENARIOS WORK — the report of a grid over the flagship's guarantee
# answers per rung, never pooled: its first section is the answer (after a warning of wide intervals), with the rungs' names, each
# side's acceptance and renewal within 5/10 years per rung with their counts; every table's CSV
# (a data: URL in the page) reads with Python's csv module into one table with the header the
# page declares, one row per point and outcome, and its counts agree with the page's.
set -eu
parley=$1 scenarios=$2 work=$3/report_answer
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
"$parley" run --runs 40 --quiet --format csv --store "$work/hinge.db" --vary 'settle.guarantee.strength=0:5:6' \
  "$scenarios/ukraine-2025-19pt.yaml" >/dev/null
"$parley" report "$work/hinge.db" --out "$work/hinge.html" 2>/dev/null
# The writer leaves the store out of WAL mode, so the read-only report creates no -wal/-shm beside it.
for f in "$work/hinge.db-wal" "$work/hinge.db-shm"; do [ ! -e "$f" ] || fail "left $f beside the store"; done
# 40 runs a rung give intervals wider than 20 points: the page says so before the answer.
first=$(grep -o '<section id="[a-z]*"' "$work/hinge.html" | head -n 2 | tr '\n' ' ')
[ "$first" = '<section id="warnings" <section id="answer" ' ] || fail "the page opens with $first, expected the warnings, then the answer"
grep -q 'wider than 20 percentage points' "$work/hinge.html" || fail "no warning of wide intervals"
for rung in "0 none" "3 armed buffer force" "5 treaty ally, troops in place"; do
  grep -q ">$rung<" "$work/hinge.html" || fail "no row for rung '$rung'"
done
python3 - "$work/hinge.html" <<'PY'
import csv, io, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
links = re.findall(r'<a download="([^"]+)" href="data:text/csv;charset=utf-8,([^"]*)"', page)
names = [n for n, _ in links]
for want in ("answer.csv", "first_round.csv", "outcomes.csv", "inputs_varied.csv", "inputs_fixed.csv", "drivers.csv"):
    assert want in names, f"no {want} among {names}"
for name, data in links:
    rows = list(csv.reader(io.StringIO(urllib.parse.unquote(data))))
    assert len(rows) > 1, f"{name}: no rows"
    width = len(rows[0])
    assert all(len(r) == width for r in rows), f"{name}: rows of different widths"
    if name == "answer.csv":
        assert rows[0] == ["point", "settle_guarantee_strength", "outcome", "statistic", "value", "lo_90", "hi_90", "k", "n"], rows[0]
        assert len(rows) == 1 + 6 * 4, len(rows)  # six rungs × acceptance by each side, renewal in 5 and 10 years
        outcomes = sorted({r[2] for r in rows[1:]})
        assert outcomes == ["accept_attacker", "accept_defender", "signed_recommenced_10y", "signed_recommenced_5y"], outcomes
        for r in rows[1:]:
            assert r[3] == "p", r
            k, n, p, lo, hi = int(r[7]), int(r[8]), float(r[4]), float(r[5]), float(r[6])
            assert r[0].startswith(r[1].split(".")[0]), r  # "3 armed buffer force" at 3
            assert n == 40 and abs(p - k / n) < 1e-12 and lo <= p <= hi, r
            shown = f"{k} of {n}"
            assert shown in page, f"the page lacks the count {shown}"
print(f"{len(links)} CSV tables read")
PY
echo "report answer: per rung, CSVs read"
