#!/bin/sh
# report_chromium.sh PARLEY DATA SCENARIOS WORK [SCREENSHOT.png] — `parley report` pages render in
# headless Chromium: for a war-scenario Monte Carlo job with series, a Sobol job of a forecasting
# model, a 2-D grid job, a grid over the flagship's guarantee (the hinge; its page says which draws
# were kept) and a job whose actors are
# named '<!--<script>' and '</script><b>x</b>', every chart of the
# page is drawn by Vega (the page marks each one) and none failed. Exits 77 (skipped) only when no
# Chromium is installed.
set -eu
parley=$1 data=$2 scenarios=$3 work=$4/report_chromium shot=${5:-}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "SKIP: chromium is not installed (Debian package chromium)"; exit 77; fi
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
table="$data/bargaining/emission-standards.csv"

"$parley" run --runs 300 --quiet --format csv --store "$work/war.db" \
  --draw 'sides.*.front.attrition_coeff=±25%' --draw 'sides.*.front.gain_coeff=±25%' \
  --draw 'third_parties.*.aid_bn_per_year=±30%' "$scenarios/russia-ukraine-2024.yaml" >/dev/null
"$parley" sensitivity --model bdm-scholz-paper --runs 64 --quiet --format csv --store "$work/sobol.db" \
  --draw 'position:*=±20%' --draw 'capability:*=±30%' "$table" >/dev/null
"$parley" run --runs 40 --quiet --format csv --store "$work/grid.db" --draw 'salience:*=±20%' \
  --grid 'position:UK=4:10:4' --grid 'position:Germany=4:8:3' "$table" >/dev/null

# Hostile names: an actor named '<!--<script>' put every chart after it into the double-escaped
# state of script data (escaping only '</script' is not enough), so none was drawn.
sed -e 's/^UK,/<!--<script>,/' -e 's/^Germany,/"<\/script><b>x<\/b>",/' "$table" >"$work/hostile.csv"
"$parley" run --runs 40 --quiet --format csv --store "$work/hostile.db" --draw 'position:*=±20%' "$work/hostile.csv" >/dev/null

"$parley" run --runs 20 --quiet --format csv --store "$work/hinge.db" --grid 'settle.guarantee.strength=0:5:6' \
  "$scenarios/ukraine-2025-19pt.yaml" >/dev/null

check() {
  name=$1; shift
  "$parley" report "$work/$name.db" --out "$work/$name.html" "$@" 2>/dev/null
  charts=$(grep -o 'class="chart"' "$work/$name.html" | wc -l)
  [ "$charts" -gt 0 ] || fail "$name: the page has no charts"
  timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --user-data-dir="$work/profile-$name" \
    --virtual-time-budget=30000 --dump-dom "file://$work/$name.html" >"$work/$name.dom" 2>"$work/$name.log" ||
    fail "$name: chromium failed: $(tail -n 3 "$work/$name.log")"
  body=$(grep -o '<body[^>]*>' "$work/$name.dom" | head -n 1)
  echo "$body" | grep -q 'data-charts-finished="yes"' || fail "$name: the charts did not finish: $body"
  echo "$body" | grep -q "data-charts-rendered=\"$charts\"" || fail "$name: expected $charts charts drawn, $body"
  echo "$body" | grep -q 'data-charts-failed="0"' || fail "$name: charts failed: $(grep -o 'data-error="[^"]*"' "$work/$name.dom" | head -n 3)"
  drawn=$(grep -o 'data-rendered="yes"' "$work/$name.dom" | wc -l)
  [ "$drawn" = "$charts" ] || fail "$name: $drawn of $charts chart elements hold a drawing"
  echo "$name: all $charts charts drawn"
}
check war
check sobol
check grid
check hinge --outcome signed_recommenced_10y
check hostile
# The flagship conditions its draws on the record: the page says so where its numbers start.
grep -q 'The draws were conditioned on the record [^<]*accepted [0-9]* of [0-9]* candidate draws' "$work/hinge.html" ||
  fail "hinge: the page does not say which draws were kept"
sed -n 's/.*<script type="application\/json" id="parley-charts">\(.*\)<\/script>.*/\1/p' "$work/hostile.html" |
  grep -q '[<>&]' && fail "hostile: the chart data holds a raw <, > or &"
if [ -n "$shot" ]; then
  timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --user-data-dir="$work/profile-shot" --hide-scrollbars \
    --virtual-time-budget=30000 --window-size=1200,2400 --screenshot="$shot" "file://$work/hinge.html" 2>/dev/null
  echo "screenshot: $shot"
fi
