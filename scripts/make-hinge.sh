#!/bin/sh
# Regenerates the hinge of docs/hinge.md: the sweeps over the guarantee's strength (the Geneva
# 19-point framework as negotiated, the 28-point text as proposed, and against the defender's
# resilience), their CSV files and the plot docs/hinge.png. Usage: scripts/make-hinge.sh [PARLEY]
set -eu
cd "$(dirname "$0")/.."
parley=${1:-./build/parley}
scen=scenarios/ukraine-2025-19pt.yaml
"$parley" sweep "$scen" --runs 1000 --vary settle.guarantee.strength=0:5:11 --format csv --table points --out docs/hinge-19pt.csv
"$parley" sweep "$scen" --runs 1000 --framework data/frameworks/us-28-point.yaml --terms proposal \
  --vary settle.guarantee.strength=0:5:11 --format csv --table points --out docs/hinge-28pt.csv
"$parley" sweep "$scen" --runs 300 --vary settle.collapse.e_half=0.5:0.8:4 --vary settle.guarantee.strength=0:5:6 \
  --format csv --table points --out docs/hinge-resilience.csv
/usr/bin/python3 scripts/plot-hinge.py docs/hinge-19pt.csv docs/hinge-28pt.csv docs/hinge.png
