#!/usr/bin/python3
"""Prints a Markdown table of every parameter under a top-level section of a scenario file (default
`settle`): its dotted path, value, distribution and source or assumption, as written in the file.
Usage: param-table.py SCENARIO [SECTION]"""
import sys

import yaml

DISTS = ("uniform", "normal", "triangular", "beta", "lognormal", "discrete")


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def walk(node, path, rows):
    if isinstance(node, dict) and ("source" in node or "assumed" in node) and any(
            k in node for k in ("value",) + DISTS):
        ranged = "range" in node and node["range"][0] < node["range"][1]
        dist = next((f"{k} {node[k]}" for k in DISTS if k in node), "triangular over the range" if ranged else "fixed")
        value = node.get("value", "(mean)")
        prov = f"source: {node['source']}" if "source" in node else f"assumed: {node['assumed']}"
        if "published" in node:
            prov += f" (published {node['published']})"
        rng = f" Range {node['range']}." if "range" in node else ""
        rows.append((path, value, dist, prov + rng))
        return
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, f"{path}.{k}" if path else k, rows)


scenario = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
section = sys.argv[2] if len(sys.argv) > 2 else "settle"
rows = []
walk(scenario[section], section, rows)
print("| parameter | value | drawn from | source or assumption (with the range considered) |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(cell(x) for x in r) + " |")
