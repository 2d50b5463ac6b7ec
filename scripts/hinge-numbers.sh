#!/bin/sh
# Regenerates every number of docs/hinge.md (issue 15): the hinge per aims hypothesis and under the
# prior and posterior mixtures with 90% intervals and counts, the posterior on the events public on
# the flagship's as-of date, the likelihood of candidate future observations under each hypothesis
# (which would discriminate them), and the Sobol indices of the hinge quantities.
# Usage: scripts/hinge-numbers.sh [PARLEY] [RUNS] [SOBOL_N]   (defaults ./build/parley 600 128; docs/hinge.md's)
# Writes docs/hinge/*.csv. Single-threaded results equal multi-threaded ones (each draw its own stream).
set -eu
cd "$(dirname "$0")/.."
parley=${1:-./build/parley}
runs=${2:-600}
sobol_n=${3:-128}
scen=scenarios/ukraine-2025-19pt.yaml
events=scenarios/events/ukraine-2025-11-27.yaml
out=docs/hinge
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; rm -f scenarios/.hinge-sobol.yaml' EXIT

# 1. The hinge per hypothesis and the posterior on the as-of events.
"$parley" evidence "$scen" "$events" --runs "$runs" --format csv --out "$out/evidence-as-of.csv"
printf 'events: []\n' > "$tmp/none.yaml"
"$parley" evidence "$scen" "$tmp/none.yaml" --runs "$runs" --rungs 0 --format csv --out "$out/evidence-none.csv"
# The same with the guarantor's resolve known (no doubt): how much of the renewal the belief makes.
"$parley" evidence "$scen" "$tmp/none.yaml" --runs "$runs" --rungs 0,4,5 --set settle.resolve.prior=1 --format csv \
  --out "$out/evidence-resolve-known.csv"

# 2. Which observations would discriminate the hypotheses: one candidate event at a time (later
# than the as-of date, hence --allow-after-as-of), its likelihood under each hypothesis.
candidate() { # id observed [key: value ...]
  id=$1; kind=$2; shift 2
  { printf 'events:\n  - id: %s\n    observed: %s\n    date: 2025-11-27\n' "$id" "$kind"
    for kv in "$@"; do printf '    %s\n' "$kv"; done
    printf '    source: "hypothetical observation"\n    published: 2025-11-27\n'; } > "$tmp/$id.yaml"
  "$parley" evidence "$scen" "$tmp/$id.yaml" --runs "$runs" --rungs 0 --format csv --allow-after-as-of 2>/dev/null |
    awk -F, -v id="$id" '$1 == "likelihood" { print id "," $2 "," $4 "," $5 "," $6 "," $7 "," $8 }'
}
{
  echo "candidate,hypothesis,likelihood,lo,hi,count,runs"
  candidate accept-no-guarantee attacker_accepted "guarantee: 0"
  candidate refuse-treaty-ally attacker_refused "guarantee: 5"
  candidate accept-treaty-ally attacker_accepted "guarantee: 5"
  candidate accept-plan-text attacker_accepted "terms: proposal"
  candidate deal-by-march-2026 deal "by: 2026-03-01"
  candidate defender-refuses defender_refused
} > "$out/discriminate.csv"

# 3. Sobol indices of the hinge quantities: the flagship with settle.hinge {low 0, high 5}; the
# settle inputs that carry the hypotheses, the beliefs and the stakes are varied one by one over
# their declared distributions, the rest stay in their provenance groups (draw:*).
sed 's/^settle:$/settle:\n  hinge: {low: 0, high: 5}/' "$scen" > scenarios/.hinge-sobol.yaml
"$parley" sensitivity scenarios/.hinge-sobol.yaml --runs "$sobol_n" --quiet --format csv --out "$tmp/sobol.csv" \
  --draw 'settle.aims.pick=uniform(0, 1)' \
  --draw 'settle.hypotheses.revisionist.subordination=uniform(0.1, 1)' \
  --draw 'settle.hypotheses.revisionist.leverage=uniform(0, 0.5)' \
  --draw 'settle.resolve.prior=uniform(0.3, 0.7)' \
  --draw 'settle.resolve.irresolute_share=uniform(0, 0.4)' \
  --draw 'settle.valuation.red_line_cost=triangular(0.1, 0.3, 1)' \
  --draw 'settle.valuation.discount=uniform(0.85, 0.95)' \
  --draw 'settle.valuation.war_cost_attacker=triangular(0.3, 1, 2)' \
  --draw 'settle.collapse.rate_max=triangular(0.3, 1, 3)' \
  --draw 'settle.collapse.e_half=triangular(0.45, 0.6, 0.8)' \
  --draw 'settle.guarantee.duration_years=uniform(10, 30)' \
  --draw 'settle.guarantee.half_life_years=triangular(2, 4, 8)' \
  --draw 'settle.guarantee.cost_factor=uniform(1.5, 4)' \
  --draw 'settle.resolve.talk_if_resolute=uniform(0.5, 0.8)' \
  --draw 'settle.resolve.talk_if_irresolute=uniform(0.2, 0.5)'
# Keep the index rows of the hinge outcomes and of the attacker's acceptance.
# (parley writes one table per CSV file: the indices go to sobol.sensitivity.csv, the
# distributions to sobol.distribution.csv.)
awk -F, '$1 == "outcome" && $2 == "input" || $1 ~ /^(hinge_|accept_attacker$|signed_recommenced_10y$)/ && $3 == "sobol"' \
  "$tmp/sobol.sensitivity.csv" > "$out/sobol.csv"
awk -F, '$1 == "outcome" && $2 == "kind" || ($2 == "yes-no" || $2 == "real") && $1 ~ /^(hinge_|accept_attacker$|signed_recommenced_10y$)/' \
  "$tmp/sobol.distribution.csv" > "$out/sobol-summary.csv"
/usr/bin/python3 scripts/hinge-tables.py "$out" > "$out/tables.md"
echo "wrote $out/tables.md $out/evidence-resolve-known.csv $out/evidence-as-of.csv $out/evidence-none.csv $out/discriminate.csv $out/sobol.csv $out/sobol-summary.csv"
