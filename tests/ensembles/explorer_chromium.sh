#!/bin/sh
# explorer_chromium.sh PARLEY EXPLORER SCENARIOS WORK [SCREENSHOT.png] — the browser explorer in
# headless Chromium: the page loads the engine (WebAssembly), runs the hinge, a page script moves a
# slider (as a drag does: input and change events), the engine reruns; every chart must have drawn,
# and the numbers the engine put in the page must equal the CLI's for the same seed, runs and fixed
# inputs (`parley run --grid settle.guarantee.strength=0:5:6 ...`), outcome by outcome, rung by rung.
# Skips (77) without Chromium, or when the explorer is not built (no emcc, or its sources missing).
set -eu
parley=$1 explorer=$2 scenarios=$3 work=$4/explorer_chromium shot=${5:-}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "SKIP: chromium is not installed (Debian package chromium)"; exit 77; fi
if [ -f "$explorer/NOT_BUILT" ]; then echo "SKIP: the explorer is not built: $(cat "$explorer/NOT_BUILT")"; exit 77; fi
if [ ! -f "$explorer/parley.js" ]; then echo "SKIP: no explorer in $explorer (emcc not installed: Debian package emscripten)"; exit 77; fi
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work"
mkdir -p "$work"
seed=7 runs=34 rung=4 move="settle.collapse.e_half:0.7"
url="file://$explorer/index.html?seed=$seed&runs=$runs&rung=$rung&set=settle.valuation.red_line_cost=0.2&move=$move"
# Virtual time does not wait for the engine's WebAssembly to compile, which is real work: on a busy
# machine the DOM can be dumped while the page still says "loading the engine". Such a dump is taken
# again (up to 5 tries); any other state is judged as it is.
try=0
while :; do
  try=$((try + 1))
  rm -rf "$work/profile"
  timeout 300 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --no-first-run --user-data-dir="$work/profile" --virtual-time-budget=120000 --dump-dom "$url" >"$work/page.dom" 2>"$work/chromium.log" ||
    fail "chromium failed: $(tail -n 3 "$work/chromium.log")"
  body=$(grep -o '<body[^>]*>' "$work/page.dom" | head -n 1)
  case "$body" in *'data-state="loading"'*) [ $try -lt 5 ] && { sleep 1; continue; } ;; esac
  break
done
echo "$body" | grep -q 'data-state="done"' || fail "the page did not finish: $body $(grep -o 'id="status">[^<]*' "$work/page.dom")"
echo "$body" | grep -q "data-moved=\"$move\"" || fail "the slider was not moved: $body"
echo "$body" | grep -q 'data-charts-drawn="3"' || fail "expected 3 charts drawn: $body"
[ "$(grep -o 'data-drawn="yes"' "$work/page.dom" | wc -l)" = 3 ] || fail "not every chart element holds a drawing"
python3 - "$work/page.dom" "$work/page.json" <<'PY'
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="result"[^>]*>(.*?)</pre>', dom, re.S)
if not m: sys.exit("no result in the page")
open(sys.argv[2], "w", encoding="utf-8").write(html.unescape(m.group(1)))
PY
spec=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["spec"])' "$work/page.json")
case "$spec" in *settle.collapse.e_half=0.7*settle.valuation.red_line_cost=0.2*|*settle.valuation.red_line_cost=0.2*settle.collapse.e_half=0.7*) ;;
  *) fail "the page's fixed inputs are '$spec', expected the moved slider and the URL's setting" ;; esac
set -- --grid settle.guarantee.strength=0:5:6 --runs "$runs" --seed "$seed" --quiet --format json
old_ifs=$IFS; IFS=';'
for part in $spec; do set -- "$@" --draw "$part"; done
IFS=$old_ifs
"$parley" run "$@" "$scenarios/ukraine-2025-19pt.yaml" >"$work/cli.json" || fail "parley run failed"
python3 - "$work/page.json" "$work/cli.json" >"$work/compare.txt" <<'PY' || fail "the page's numbers differ from the CLI's: $(cat "$work/compare.txt")"
import json, sys
page, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
points = cli["grid"]["points"]
assert len(page["points"]) == len(points) == 6, "six rungs"
# Counts (n) and yes/no outcomes (probabilities, Wilson intervals) must be identical. Means of real
# outcomes may differ in their last bits: the browser's libm (musl) and glibc round exp, log and pow
# differently; allowed 1e-12 relative, and the largest difference is printed.
exact = close = 0
worst = 0.0
for p, q in zip(page["points"], points):
    assert float(p["at"]) == q["at"][0], (p["at"], q["at"])
    for o in q["outcomes"]:
        mine = p["outcomes"][o["name"]]
        assert mine["n"] == o["n"], (o["name"], mine["n"], o["n"])
        if "p" in o:
            assert mine["p"] == o["p"] and mine["p_ci95"] == o["p_ci95"], (q["at"], o["name"], mine, o["p"], o["p_ci95"])
            exact += 1
        elif "mean" in o:
            a, b = mine["mean"], o["mean"]
            rel = abs(a - b) / max(1.0, abs(b))
            assert rel <= 1e-12, (q["at"], o["name"], a, b)
            worst = max(worst, rel)
            close += 1
assert exact >= 60 and close >= 60, (exact, close)  # 10 yes/no and 19 real outcomes a rung, some undefined
print("equal: %d probabilities with intervals identical, %d means within %.1e relative" % (exact, close, worst))
PY
if [ -n "$shot" ]; then
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile-shot" \
    --timeout=30000 --window-size=1240,1000 --screenshot="$shot" "$url" 2>/dev/null  # real time: the status shows the move's milliseconds
fi
echo "explorer: $(cat "$work/compare.txt"); $(grep -o 'id="status">[^<]*' "$work/page.dom" | sed 's/id="status">//')"
