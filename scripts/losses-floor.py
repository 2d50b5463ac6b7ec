#!/usr/bin/python3
"""How well can the record's own past forecast Russian casualties a few months ahead?

Scores simple extrapolations of the UK Defence Intelligence monthly series (data/war/losses.csv,
`losses_ukmod`) under `parley calibrate`'s rolling-origin protocol (docs/models/war.md §8): origins
June 2024 to November 2025, forecasts 1-3 months ahead, MASE scaled by persistence's one-step error
over 2024 (Hyndman & Koehler 2006). The damped-trend forecaster (Gardner & McKenzie 1985) is fitted
at each origin on what is known there; the "best in hindsight" row picks its parameters on the very
errors it is scored on, so it bounds from below what any extrapolation of this series could score. The oracle row knows
each target month's observed ground (AFP/ISW, data/war/ground.csv).
Usage: scripts/losses-floor.py [data/war]   (reads losses.csv and ground.csv there)
"""
import csv
import itertools
import math
import sys


def month_index(text):
    y, m = map(int, text.split("-"))
    return y * 12 + m - 1


def read(path, series):
    with open(path, newline="") as f:
        return {month_index(r["month"]): float(r["value"]) for r in csv.DictReader(f) if r["series"] == series}


def known(obs, origin):
    return sorted(k for k in obs if k <= origin)


def damped_path(obs, months, alpha, beta, phi):
    """Level and trend on the log scale after the last month, and the one-step log errors on the way."""
    level, trend, prev, errors = math.log(obs[months[0]]), 0.0, months[0], []
    for k in months[1:]:
        gap = k - prev
        pred = level + trend * sum(phi**i for i in range(1, gap + 1))
        y = math.log(obs[k])
        errors.append(y - pred)
        new = alpha * y + (1 - alpha) * pred
        trend = beta * (new - level) / gap + (1 - beta) * trend * phi**gap
        level, prev = new, k
    return level, trend, prev, errors


GRID = list(itertools.product([0.2, 0.4, 0.6, 0.8, 1.0], [0.0, 0.1, 0.3, 0.5], [0.5, 0.8, 0.9, 1.0]))


def damped(params):
    def forecast(obs, origin, target):
        months = known(obs, origin)
        level, trend, prev, _ = damped_path(obs, months, *params)
        return math.exp(level + trend * sum(params[2]**i for i in range(1, target - prev + 1)))
    return forecast


def damped_fitted(obs, origin, target):
    months = known(obs, origin)
    best = min(GRID, key=lambda p: sum(e * e for e in damped_path(obs, months, *p)[3]))
    return damped(best)(obs, origin, target)


def persistence(obs, origin, target):
    return obs[known(obs, origin)[-1]]


def drift(obs, origin, target):
    months = known(obs, origin)
    a, b = months[0], months[-1]
    return obs[b] + (obs[b] - obs[a]) / (b - a) * (target - b)


def mean_last(n):
    def forecast(obs, origin, target):
        months = known(obs, origin)[-n:]
        return sum(obs[k] for k in months) / len(months)
    return forecast


def per_km2_oracle(ground):
    """Casualties per km² at the origin's last month with both known, times the target month's
    observed ground: an oracle that knows the future ground, so a bound for any mechanism that ties
    casualties to the ground taken."""
    def forecast(obs, origin, target):
        both = [k for k in known(obs, origin) if k in ground]
        if target not in ground or not both:
            return persistence(obs, origin, target)
        return obs[both[-1]] / ground[both[-1]] * ground[target]
    return forecast


def score(obs, forecast):
    in_2024 = [k for k in sorted(obs) if 2024 * 12 <= k < 2025 * 12 and known(obs, k - 1)]
    scale = sum(abs(obs[k] - obs[known(obs, k - 1)[-1]]) for k in in_2024) / len(in_2024)
    errors = [abs(forecast(obs, o, o + h) - obs[o + h])
              for o in range(month_index("2024-06"), month_index("2025-11") + 1) for h in (1, 2, 3) if o + h in obs]
    return sum(errors) / len(errors) / scale, len(errors)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "data/war"
    obs = read(data + "/losses.csv", "losses_ukmod")
    ground = read(data + "/ground.csv", "ground_isw")
    rows = [("persistence", persistence), ("drift", drift), ("mean of the last 2", mean_last(2)),
            ("mean of the last 3", mean_last(3)), ("damped trend, fitted at each origin", damped_fitted)]
    hindsight = min(GRID, key=lambda p: score(obs, damped(p))[0])
    rows.append(("casualties per km² × the target month's observed ground (oracle)", per_km2_oracle(ground)))
    rows.append(("damped trend, best in hindsight (α %.1f, β %.1f, φ %.1f)" % hindsight, damped(hindsight)))
    print("| forecaster | n | MASE |\n|---|---|---|")
    for name, f in rows:
        mase, n = score(obs, f)
        print("| %s | %d | %.3f |" % (name, n, mase))


if __name__ == "__main__":
    main()
