#!/usr/bin/python3
"""Plots the hinge (docs/hinge.md) from two `parley sweep --format csv --table points` files over
settle.guarantee.strength: acceptance by each side and renewed war within 10 years, one panel
per framework, each share with its 90 % interval. Usage: plot-hinge.py A.csv B.csv OUT.png"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TITLES = ["Geneva 19 points, negotiated terms", "US 28 points, the text as proposed"]
SERIES = [
    ("accept_attacker", "Russia accepts (round 1)", "tab:red", "-"),
    ("accept_defender", "Ukraine accepts (round 1)", "tab:blue", "-"),
    ("signed_recommenced_10y", "war renewed within 10 years, if signed", "black", "--"),
    ("signed_recommenced_5y", "war renewed within 5 years, if signed", "grey", ":"),
]


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
for ax, path, title in zip(axes, sys.argv[1:3], TITLES):
    rows = read(path)
    x = [float(r["settle.guarantee.strength"]) for r in rows]
    for key, label, color, style in SERIES:
        # the sweep's wide table: KEY.p is the share, KEY.lo and KEY.hi its 90 % Wilson interval
        ax.plot(x, [100 * float(r[key + ".p"]) for r in rows], style, color=color, marker="o", ms=3, label=label)
        ax.fill_between(x, [100 * float(r[key + ".lo"]) for r in rows], [100 * float(r[key + ".hi"]) for r in rows],
                        color=color, alpha=0.12, lw=0)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("guarantee strength: ladder rung, 0 none ... 5 treaty ally with troops")
    ax.set_ylim(-3, 103)
    ax.grid(alpha=0.3)
axes[0].set_ylabel("% of runs")
axes[1].legend(fontsize=8, loc="center right")
fig.suptitle("The hinge: acceptance and durability against the strength of the guarantee (parley sweep)", fontsize=11)
fig.tight_layout()
fig.savefig(sys.argv[3], dpi=110)
