"""The Python package against the command: for the same seed every number equals the one parley
writes as JSON (exactly: both print the same doubles). PARLEY_CLI names the command (default:
parley on PATH, else build/parley of this checkout)."""
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import parley

ROOT = Path(__file__).resolve().parents[2]
SETTLE = ROOT / "scenarios/ukraine-2025-19pt.yaml"
WAR = ROOT / "scenarios/russia-ukraine-2024.yaml"
EMISSION = ROOT / "data/bargaining/emission-standards.csv"
DEU = ROOT / "data/deu/deu3-dev.csv"


def cli_path():
    return os.environ.get("PARLEY_CLI") or shutil.which("parley") or str(ROOT / "build/parley")


def cli_json(*args):
    out = subprocess.run([cli_path(), *map(str, args), "--format", "json"], check=True, capture_output=True, text=True,
                         env={**os.environ, "OMP_NUM_THREADS": "2"})
    return json.loads(out.stdout)


def same(a, b):
    """Equal numbers, None and NaN both standing for JSON null."""
    if a is None or b is None:
        return (a is None or (isinstance(a, float) and math.isnan(a))) and \
               (b is None or (isinstance(b, float) and math.isnan(b)))
    return float(a) == float(b)


# ---- forecast -------------------------------------------------------------------------------

@pytest.mark.parametrize("model,options", [("compromise", {}), ("bdm-scholz-code", {"rounds": 5}),
                                           ("smp", {}), ("nash", {}), ("constant", {"value": 3.5})])
def test_forecast_equals_cli(model, options):
    opts = [x for k, v in options.items() for x in (f"--{k}", v)]
    doc = cli_json("forecast", "--model", model, "--seed", 11, *opts, EMISSION)
    f = parley.forecast(parley.read_table(EMISSION), model=model, seed=11, **options)
    assert f.model == doc["model"] and f.actors == doc["actors"] and f.dimensions == doc["dimensions"]
    assert len(f.median) == len(doc["rounds"])
    for r, rd in enumerate(doc["rounds"]):
        assert np.array_equal(f.median[r], rd["median"]) and np.array_equal(f.mean[r], rd["mean"])
        for i, actor in enumerate(f.actors):
            assert np.array_equal(f.array[r, i], rd["positions"][actor])
    assert np.array_equal(f.forecast.values, doc["forecast"])
    pos = f.positions
    assert set(pos.columns) == {"round", "actor", "dimension", "position"}
    assert len(pos) == len(doc["rounds"]) * len(f.actors)


def test_forecast_series_and_events_are_tidy():
    f = parley.forecast(EMISSION, model="bdm-scholz-code", rounds=3)
    assert not f.events.empty and set(f.events["actor"]) <= set(f.actors)
    assert (f.rounds.groupby("dimension").size() == 4).all()


def test_unknown_model_option_raises():
    with pytest.raises(parley.ParleyError) as e:
        parley.forecast(EMISSION, model="compromise", rounds=3)
    assert "rounds" in str(e.value) and e.value.exit_code == 2


def test_table_frame():
    t = parley.read_table(EMISSION)
    frame = t.frame
    assert list(frame.columns) == ["actor", "dimension", "capability", "position", "salience"]
    assert len(frame) == len(t.actors) and frame["salience"].between(0, 1).all()


# ---- simulate -------------------------------------------------------------------------------

def test_simulate_equals_cli():
    doc = cli_json("simulate", "--seed", 4, "--years", 1, WAR)
    s = parley.simulate(WAR, seed=4, years=1)
    assert s.days == doc["days"]
    assert list(s.parameters.index) == list(doc["parameters"])
    assert np.array_equal(s.parameters.values, list(doc["parameters"].values()))
    assert list(s.outcomes.index) == list(doc["outcomes"])
    assert all(same(s.outcomes[k], v) for k, v in doc["outcomes"].items())
    assert list(s.series_wide.index) == doc["series"]["day"]
    for col, values in doc["series"]["series"].items():
        assert np.array_equal(s.series_wide[col].values, values)
    tidy = s.series
    assert len(tidy) == s.series_wide.size and tidy["date"].iloc[0] == pd.Timestamp(doc["series"]["date"][0])


def test_simulate_override_is_the_value_used():
    s = parley.simulate(WAR, seed=4, days=30, nominal=True, params={"sides.ukraine.manpower.levy_fill": 0.3})
    assert s.parameters["sides.ukraine.manpower.levy_fill"] == 0.3


# ---- settle ---------------------------------------------------------------------------------

def test_settle_equals_cli():
    doc = cli_json("settle", "--runs", 60, "--seed", 5, SETTLE)
    s = parley.settle(SETTLE, runs=60, seed=5)
    assert list(s.results) == list(doc["results"])
    assert all(same(s.results[k], v) for k, v in doc["results"].items())
    assert len(s.runs) == 60 and len(s.parameters) == 60 and s.terms.shape == (60, len(s.points))


def test_settle_with_set_and_narrowing_equals_cli():
    doc = cli_json("settle", "--runs", 40, "--seed", 9, "--set", "settle.guarantee.strength=4", "--drop", "language-church",
                   "--propose", "army-cap=600", SETTLE)
    s = parley.settle(SETTLE, runs=40, seed=9, params={"settle.guarantee.strength": 4}, drop=["language-church"],
                      propose={"army-cap": 600})
    assert all(same(s.results[k], v) for k, v in doc["results"].items())
    assert (s.parameters["settle.guarantee.strength"] == 4).all()


def test_settle_distribution_override_draws_from_it():
    s = parley.settle(SETTLE, runs=50, seed=2, params={"settle.guarantee.strength": "uniform(1, 2)"})
    strength = s.parameters["settle.guarantee.strength"]
    assert strength.between(1, 2).all() and strength.nunique() > 10


def test_settle_drivers_rank_parameters():
    s = parley.settle(SETTLE, runs=80, seed=3)
    d = s.drivers("accept_attacker")
    assert len(d) == 3 and d["rho"].abs().is_monotonic_decreasing and set(d["parameter"]) <= set(s.parameter_names)


# ---- run, sensitivity, store ----------------------------------------------------------------

def check_summaries(e, doc):
    assert [o["name"] for o in doc["outcomes"]] == list(e.summary["outcome"])
    for o, row in zip(doc["outcomes"], e.summary.itertuples()):
        assert o["n"] == row.n and o["missing"] == row.missing
        if o["kind"] == "binary":
            assert same(o["p"], row.p) and same(o["p_ci95"][0], row.p_lo)
        else:
            assert same(o.get("mean"), row.mean) and same(o.get("sd"), row.sd)
            assert same(o.get("quantiles", {}).get("50"), row.q50)


def test_run_equals_cli_whatever_the_threads():
    doc = cli_json("run", "--runs", 30, "--seed", 4, "--threads", 2, "--quiet", SETTLE)
    one = parley.run(SETTLE, runs=30, seed=4, threads=1)
    two = parley.run(SETTLE, runs=30, seed=4, threads=2)
    check_summaries(two, doc)
    assert np.array_equal(one.y, two.y, equal_nan=True) and np.array_equal(one.x, two.x)
    assert one.runs["ok"].all() and len(one.runs) == 30


def test_run_vary_and_grid_equal_cli():
    doc = cli_json("run", "--runs", 5, "--seed", 2, "--quiet", "--grid", "settle.guarantee.strength=0:4:3",
                   "--draw", "settle.valuation.red_line_cost=uniform(0.5, 1.5)", SETTLE)
    e = parley.run(SETTLE, runs=5, seed=2, grid={"settle.guarantee.strength": (0, 4, 3)},
                   params={"settle.valuation.red_line_cost": ("uniform", 0.5, 1.5)})
    check_summaries(e, doc)
    assert len(e.grid) == 3 * len(e.summary)
    for p, point in enumerate(doc["grid"]["points"]):
        rows = e.grid[e.grid["point"] == p]
        assert all(same(o.get("p", o.get("mean")), r.p if o["kind"] == "binary" else r.mean)
                   for o, r in zip(point["outcomes"], rows.itertuples()))


def test_sensitivity_equals_cli():
    doc = cli_json("sensitivity", "--runs", 32, "--seed", 3, "--quiet", "--draw", "position:*=±10%", EMISSION)
    e = parley.sensitivity(parley.read_table(EMISSION), runs=32, seed=3, params={"position:*": "±10%"})
    ranking = doc["sensitivity"]["ranking"]
    for outcome, rows in ranking.items():
        mine = e.sensitivity[e.sensitivity["outcome"] == outcome]
        assert list(mine["input"]) == [r["input"] for r in rows]
        assert all(same(a, r["ST"]) for a, r in zip(mine["ST"], rows))


def test_run_store_and_resume(tmp_path):
    store = tmp_path / "runs.sqlite"
    first = parley.run(WAR, runs=6, seed=8, horizon_years=0.25, store=store)
    again = parley.run(WAR, runs=6, seed=8, horizon_years=0.25, store=store, resume=True)
    assert again.n_resumed == 6 and np.array_equal(first.y, again.y, equal_nan=True)
    with sqlite3.connect(store) as db:
        assert db.execute("select count(*) from runs").fetchone()[0] == 6
    with pytest.raises(parley.ParleyError):  # the same job again without resume
        parley.run(WAR, runs=6, seed=8, horizon_years=0.25, store=store)


def test_progress_callback_is_called_with_runs_done():
    seen = []
    parley.run(SETTLE, runs=60, seed=1, threads=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (60, 60) and all(total == 60 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("call", ["settle", "run"])
def test_gil_released_while_running(call):
    """With a switch interval far longer than the test, a thread waiting for the GIL gets it only when
    the holder lets it go: the counter moves during the call only if the call releases the GIL."""
    counter, stop = [0], threading.Event()

    def spin():  # time.sleep(0) gives the GIL back on every turn
        while not stop.is_set():
            counter[0] += 1
            time.sleep(0)

    old = sys.getswitchinterval()
    t = threading.Thread(target=spin)
    t.start()
    sys.setswitchinterval(1000)
    try:
        before = counter[0]
        if call == "settle":
            parley._parley.settle(str(SETTLE), 100, 1, False, "", 0, "", [], [])
        else:
            parley._parley.run(str(SETTLE), None, "mc", 100, 1, 1, [], [], 4, 0, "", False, None, "compromise", [],
                               7, 0, 0)
        during = counter[0] - before
    finally:
        sys.setswitchinterval(old)
        stop.set()
        t.join()
    assert during > 0


def test_progress_exception_propagates():
    def boom(done, total):
        raise RuntimeError("stop")
    with pytest.raises(RuntimeError, match="stop"):
        parley.run(parley.read_table(EMISSION), runs=20, params={"position:*": "±10%"},
                   progress=boom)


# ---- score ----------------------------------------------------------------------------------

@pytest.mark.parametrize("capability", ["gdp", "equal"])
def test_score_equals_cli(capability):
    doc = cli_json("score", "--model", "median", "--capability", capability, DEU)
    s = parley.score(DEU, model="median", capability=capability)
    assert s.n == doc["n"] and same(s.mae, doc["mae"]) and same(s.rmse, doc["rmse"])
    assert len(s.issues) == s.n


# ---- errors ---------------------------------------------------------------------------------

def cli_error(*args):
    r = subprocess.run([cli_path(), *map(str, args)], capture_output=True, text=True)
    return r.returncode, r.stderr.splitlines()[0]


def test_bad_scenario_names_file_line_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario:\n  name: x\n  bogus: 1\n")
    rc, line = cli_error("simulate", bad)
    with pytest.raises(parley.ParleyError) as e:
        parley.read_scenario(bad)
    err = e.value
    assert (err.file, err.line, err.column) == (str(bad), 3, 3)
    assert str(err) == line and err.exit_code == rc == 2 and "bogus" in err.message
    with pytest.raises(parley.ParleyError) as e2:
        parley.settle(bad, runs=2)
    assert (e2.value.line, e2.value.column) == (3, 3)


def test_bad_table_names_file_line_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Actor,Capability,Position,Salience\nA,1,50,0.5\nB,x,40,0.5\n")
    rc, line = cli_error("forecast", bad)
    with pytest.raises(parley.ParleyError) as e:
        parley.read_table(bad)
    assert e.value.file == str(bad) and e.value.line == 3 and e.value.column is not None
    assert str(e.value) == line


def test_unknown_parameter_is_an_error():
    with pytest.raises(parley.ParleyError, match="no.such"):
        parley.settle(SETTLE, runs=2, params={"no.such": 1})


def test_no_python_objects_leak_per_call():
    """Every object a call creates is released: the memory Python holds does not grow with calls
    (a leaked tuple per event or series row grew it by 11-17 kB a call)."""
    import gc
    import tracemalloc
    table = parley.read_table(EMISSION)
    calls = [lambda: parley.forecast(table, model="bdm-scholz-code"),
             lambda: parley._parley.simulate(str(WAR), 1, False, False, 20, 0, []),
             lambda: parley.run(table, runs=4, threads=1, params={"position:*": "±10%"})]
    for call in calls:
        call()
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(100):
            for call in calls:
                call()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 100_000, f"{grown} bytes kept after 100 rounds of calls"
