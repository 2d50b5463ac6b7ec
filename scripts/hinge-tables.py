#!/usr/bin/python3
"""hinge-tables.py — the Markdown tables of docs/hinge.md from the CSV files scripts/hinge-numbers.sh
writes (docs/hinge/*.csv). Usage: hinge-tables.py [DIR] > DIR/tables.md"""
import csv
import sys
from collections import defaultdict

d = sys.argv[1] if len(sys.argv) > 1 else "docs/hinge"


def pct(s):
    return "%.0f%% [%.0f, %.0f]" % (100 * s[0], 100 * s[1], 100 * s[2])


rows = list(csv.DictReader(open(d + "/evidence-as-of.csv")))
runs = rows[0]["runs"]
hyps, tab, head = [], defaultdict(dict), {}
for r in rows:
    v = (float(r["value"]), float(r["lo"]), float(r["hi"]))
    if r["quantity"] in ("prior", "likelihood", "posterior"):
        head.setdefault(r["hypothesis"], {})[r["quantity"]] = (v, r["count"])
        if r["hypothesis"] not in hyps:
            hyps.append(r["hypothesis"])
    else:
        tab[(r["hypothesis"], r["rung"])][r["quantity"]] = v
print("### Posterior on the events public on 27 Nov 2025 (%s draws)\n" % runs)
print("| hypothesis | prior | likelihood [90%] | draws reproducing both events | posterior |")
print("|---|---|---|---|---|")
for h in hyps:
    p, lk, po = head[h]["prior"][0], head[h]["likelihood"], head[h]["posterior"][0]
    print("| %s | %.2f | %.3f [%.3f, %.3f] | %s of %s | %.3f |" % (h, p[0], lk[0][0], lk[0][1], lk[0][2], lk[1], runs, po[0]))
cols = hyps + ["prior-mixture", "posterior-mixture"]
rungs = sorted({k[1] for k in tab}, key=float)
for q, title in (("accept_attacker", "Russia accepts the first round's terms"),
                 ("renewed_10y_signed", "a renewed war within 10 years had the first round been signed")):
    print("\n### %s, by guarantee rung (%% of %s draws, 90%% interval)\n" % (title, runs))
    print("| rung | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for g in rungs:
        print("| %s | " % g + " | ".join(pct(tab[(c, g)][q]) for c in cols) + " |")

print("\n### Candidate observations: likelihood under each hypothesis (%s draws)\n" % runs)
cand = defaultdict(dict)
for r in csv.DictReader(open(d + "/discriminate.csv")):
    cand[r["candidate"]][r["hypothesis"]] = (float(r["likelihood"]), float(r["lo"]), float(r["hi"]), r["count"])
print("| observation | " + " | ".join(hyps) + " | ratio |")
print("|---" * (len(hyps) + 2) + "|")
for c, v in cand.items():
    a, b = v[hyps[0]], v[hyps[-1]]
    ratio = "%.2f" % (b[0] / a[0]) if a[0] > 0 else "inf"
    print("| %s | " % c + " | ".join("%.3f [%.3f, %.3f]" % v[h][:3] for h in hyps) + " | %s |" % ratio)

print("\n### Sobol indices of the hinge quantities (first order S1 and total ST, 95% bootstrap intervals)\n")
sob = defaultdict(dict)
for r in csv.DictReader(open(d + "/sobol.csv")):
    sob[(r["outcome"], r["input"])][r["measure"]] = (float(r["value"]), float(r["lo"]), float(r["hi"]))
for o in ("hinge_accept_gap", "hinge_renewed_10y_low", "hinge_renewed_10y_high", "accept_attacker"):
    items = sorted(((k[1], v) for k, v in sob.items() if k[0] == o), key=lambda x: -x[1]["ST"][0])
    print("`%s`: " % o + "; ".join("%s S1 %.2f [%.2f, %.2f], ST %.2f" % (n, *v["S1"], v["ST"][0])
                                  for n, v in items if v["ST"][0] >= 0.05) + ".\n")
