#!/usr/bin/python3
"""Draws the backtest's reliability diagram (docs/backtest.md §3) from the JSON that
`parley backtest --format json` writes (docs/backtest-results.json): per forecaster, each bin's
mean forecast against the observed frequency with its 90% Wilson interval and the bin's count, and
the out-of-corpus point (the flagship) where the JSON has one. Usage: plot-reliability.py IN.json OUT.png"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SHOWN = {"model": ("tab:red", "o"), "base rate (LOO)": ("grey", "s"), "logistic (LOO)": ("tab:blue", "^")}

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
fig, ax = plt.subplots(figsize=(5.6, 5.2))
ax.plot([0, 1], [0, 1], color="black", lw=0.8, ls=":", label="perfect calibration")
# The result document's tables (parley/result.h): scores one row per forecaster, reliability one
# row per forecaster and bin.
for i, s in enumerate(data["scores"]):
    if s["forecaster"] not in SHOWN:
        continue
    color, marker = SHOWN[s["forecaster"]]
    bins = [b for b in data["reliability"] if b["forecaster"] == s["forecaster"] and b["n"]]
    x = [b["mean_forecast"] for b in bins]
    y = [b["observed"] for b in bins]
    err = [[b["observed"] - b["observed_lo"] for b in bins], [b["observed_hi"] - b["observed"] for b in bins]]
    dx = (i - 1) * 0.006  # keep overlapping intervals apart
    ax.errorbar([v + dx for v in x], y, yerr=err, color=color, marker=marker, lw=1, capsize=3,
                label=f"{s['forecaster']} (Brier {s['brier']:.3f})")
    for xv, yv, b in zip(x, y, bins):
        ax.annotate(str(b["n"]), (xv + dx, yv), textcoords="offset points", xytext=(5, -10), fontsize=7, color=color)
meta = data["meta"]
if "out_of_corpus_p" in meta:
    p = meta["out_of_corpus_p"]
    ax.axvline(p, color="tab:green", lw=1, ls="--")
    ax.text(p + 0.01, 0.55, f"{meta['out_of_corpus_label']}\nforecast {p:.3f}", color="tab:green", fontsize=8,
            va="top")
n = len(data["cases"])
ax.set_xlim(0, 1)
ax.set_ylim(0, 1)
ax.set_xlabel("mean forecast in the bin")
ax.set_ylabel("observed share renewed (90% Wilson interval)")
ax.set_title(f"Renewal within {meta['horizon_years']:g} years: {n} cases, leave-one-out", fontsize=10)
ax.legend(fontsize=7, loc="upper left")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
