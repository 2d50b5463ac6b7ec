"""parley from Python: the library (libparley), not the command, with results as pandas frames.

    import parley
    table = parley.read_table("data/bargaining/emission-standards.csv")
    f = parley.forecast(table, model="bdm-scholz-code", rounds=8)      # any registered model
    f.positions                                                        # round × actor × dimension, tidy
    s = parley.settle("scenarios/ukraine-2025-19pt.yaml", runs=300, seed=7,
                      params={"settle.guarantee.strength": 3})         # path -> value or distribution
    s.results                                                          # = `parley settle --format json`'s
    e = parley.run("scenarios/ukraine-2025-19pt.yaml", runs=400, threads=2, progress=print)
    e.summary, e.runs, e.sensitivity

Every number equals the command's for the same seed (python/tests compare them). Errors raise
ParleyError with file, line and column. Long calls release the GIL. See docs/python.md.
"""
import math
import numbers

import numpy as np
import pandas as pd

from . import _parley
from ._parley import ParleyError

__all__ = ["ParleyError", "models", "read_table", "read_scenario", "forecast", "simulate", "settle", "run",
           "sensitivity", "score", "Table", "Scenario", "Forecast", "Simulation", "Settlement", "Ensemble", "Score"]
__version__ = _parley.version


def _array(raw, *shape, dtype=float):
    """A C array crossed as bytes, viewed (copied, so it is writable) with the given shape."""
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _path(obj):
    """A scenario or table given as a path, a Scenario or a Table."""
    return str(getattr(obj, "path", obj))


def _dist_text(value):
    """A value or distribution as parley run --vary writes it: a number fixes the parameter; a
    string is a distribution ("uniform(1, 2)", "triangular(0, 1, 3)", "±10%"); a tuple
    ("uniform", 1, 2) is the same as "uniform(1, 2)"."""
    if isinstance(value, tuple):
        return f"{value[0]}({', '.join(repr(float(v)) for v in value[1:])})"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"parameter value {value!r}: expected a number, a distribution string or a tuple")


def _overrides(params):
    return [(str(k), _dist_text(v)) for k, v in (params or {}).items()]


def _model_options(options):
    """Model options as (name, text) pairs; True is a flag given, False or None leaves it out."""
    items = []
    for name, value in (options or {}).items():
        name = name.replace("_", "-")
        if value is True:
            items.append((name, None))
        elif value is not False and value is not None:
            items.append((name, str(value)))
    return items


def _seed(seed):
    if seed is None:
        return None
    seed = int(seed)
    if not 0 <= seed < 2**63:
        raise ValueError(f"seed {seed}: expected 0 .. 2^63-1")
    return seed


def models():
    """The registered bargaining models: name, summary, citation, stochastic, and their options."""
    rows = []
    for m in _parley.models():
        rows.append({"name": m["name"], "summary": m["summary"], "citation": m["citation"],
                     "stochastic": bool(m["flags"] & 4), "one_dimension": bool(m["flags"] & 1),
                     "options": [o["name"] for o in m["options"]]})
    return pd.DataFrame(rows)


# ---- stakeholder tables and forecasts -------------------------------------------------------

class Table:
    """A stakeholder table (analyst, KTAB CSV/XML, DEU, decide), read and validated by libparley."""

    def __init__(self, capsule, path):
        self._capsule = capsule
        self.path = path
        info = _parley.table_info(capsule)
        self.name, self.description, self.seed = info["name"], info["description"], info["seed"]
        self.actors, self.dimensions = info["actors"], info["dimensions"]
        na, nd = len(self.actors), len(self.dimensions)
        self.capability = _array(info["capability"], na, nd)
        self.position = _array(info["position"], na, nd)
        self.salience = _array(info["salience"], na, nd)
        self.present = _array(info["present"], na, nd, dtype=np.uint8).astype(bool)
        self._info = info

    @property
    def scale(self):
        """One row per dimension: its name and the ends of its scale."""
        nd = len(self.dimensions)
        return pd.DataFrame({"dimension": self.dimensions, "lo": _array(self._info["lo"], nd),
                             "hi": _array(self._info["hi"], nd)})

    @property
    def outcome(self):
        """The observed outcome per dimension (DEU tables; NaN where unknown), or None."""
        if "outcome" not in self._info:
            return None
        nd = len(self.dimensions)
        known = _array(self._info["has_outcome"], nd, dtype=np.uint8) > 0
        return pd.Series(np.where(known, _array(self._info["outcome"], nd), np.nan), index=self.dimensions)

    @property
    def frame(self):
        """One row per actor and dimension the actor takes part in."""
        a, d = np.nonzero(self.present)
        return pd.DataFrame({"actor": np.array(self.actors, dtype=object)[a],
                             "dimension": np.array(self.dimensions, dtype=object)[d],
                             "capability": self.capability[a, d], "position": self.position[a, d],
                             "salience": self.salience[a, d]})

    def __repr__(self):
        return f"<parley.Table {self.path!r}: {len(self.actors)} actors × {len(self.dimensions)} dimensions>"


def read_table(path, format="auto", salience_scale="auto"):
    """Reads a stakeholder table. format: auto, analyst, ktab-csv, ktab-xml, deu or decide."""
    return Table(_parley.read_table(str(path), format, salience_scale), str(path))


class Forecast:
    """A bargaining model's run: every round's positions, medians and means, its events and the forecast."""

    def __init__(self, raw):
        self.model, self.seed, self.rule, self.info = raw["model"], raw["seed"], raw["rule"], raw["info"]
        self.actors, self.dimensions = raw["actors"], raw["dimensions"]
        nr, na, nd = raw["n_rounds"], len(self.actors), len(self.dimensions)
        self.array = _array(raw["position"], nr, na, nd)
        self.present = _array(raw["present"], na, nd, dtype=np.uint8).astype(bool)
        self.median = _array(raw["median"], nr, nd)
        self.mean = _array(raw["mean"], nr, nd)
        self.forecast_array = _array(raw["forecast"], nd) if raw["forecast"] else np.full(nd, np.nan)
        self._series, self._events = raw["series"], raw["events"]

    @property
    def forecast(self):
        """The forecast per dimension."""
        return pd.Series(self.forecast_array, index=pd.Index(self.dimensions, name="dimension"), name="forecast")

    @property
    def positions(self):
        """One row per round, actor and dimension the actor takes part in."""
        r, a, d = np.nonzero(np.broadcast_to(self.present, self.array.shape))
        return pd.DataFrame({"round": r, "actor": np.array(self.actors, dtype=object)[a],
                             "dimension": np.array(self.dimensions, dtype=object)[d], "position": self.array[r, a, d]})

    @property
    def rounds(self):
        """One row per round and dimension: the weighted median and mean."""
        nr, nd = self.median.shape
        return pd.DataFrame({"round": np.repeat(np.arange(nr), nd), "dimension": self.dimensions * nr,
                             "median": self.median.ravel(), "mean": self.mean.ravel()})

    @property
    def series(self):
        """Per-actor quantities a model reports (KTAB probabilities, BDM risk): round, name, actor, value."""
        rows = [(rnd, name, actor, v) for name, rnd, raw in self._series
                for actor, v in zip(self.actors, _array(raw, len(self.actors)))]
        return pd.DataFrame(rows, columns=["round", "name", "actor", "value"])

    @property
    def events(self):
        names = lambda k, seq: seq[k] if k >= 0 else None  # noqa: E731
        rows = [(r, kind, names(a, self.actors), names(o, self.actors), names(d, self.dimensions), fr, to, qa, qb)
                for r, kind, a, o, d, fr, to, qa, qb in self._events]
        return pd.DataFrame(rows, columns=["round", "kind", "actor", "other", "dimension", "from", "to", "a", "b"])

    def __repr__(self):
        return f"<parley.Forecast {self.model}: {len(self.median)} rounds, forecast {self.forecast.to_dict()}>"


def forecast(table, model="compromise", seed=None, **options):
    """Runs a bargaining model (parley.models()) on a table (a Table or a path); model options as
    keywords (rounds=8, fix_capitulation=True). seed: the table's (KTAB prngSeed) or 1 by default."""
    if not isinstance(table, Table):
        table = read_table(table)
    return Forecast(_parley.forecast(table._capsule, model, _model_options(options), _seed(seed)))


class Score:
    def __init__(self, raw):
        self.model, self.n, self.mae, self.rmse = raw["model"], raw["n"], raw["mae"], raw["rmse"]
        self.issues = pd.DataFrame({"issue": raw["issues"], "prediction": _array(raw["prediction"], raw["n"]),
                                    "outcome": _array(raw["outcome"], raw["n"])})

    def __repr__(self):
        return f"<parley.Score {self.model}: {self.n} issues, MAE {self.mae:.3f}, RMSE {self.rmse:.3f}>"


def score(path, model="compromise", capability="gdp", salience="given", seed=1, **options):
    """A model's forecasts against the outcomes of a DEU table: MAE, RMSE and one row per issue."""
    if salience not in ("given", "equal"):
        raise ValueError(f"salience {salience!r}: expected 'given' or 'equal'")
    return Score(_parley.score(_path(path), model, _model_options(options), capability, salience == "equal",
                               _seed(seed) or 0))


# ---- scenarios ------------------------------------------------------------------------------

class Scenario:
    """A YAML scenario (a war scenario, or a settle scenario with a settle: section)."""

    def __init__(self, path):
        info = _parley.scenario_info(str(path))
        self.path, self.name, self.description = str(path), info["name"], info["description"]
        self.kind, self.seed, self.horizon_years = info["kind"], info["seed"], info["horizon_years"]
        self.parameters = pd.DataFrame(info["parameters"], columns=["parameter", "nominal", "distribution", "lo", "hi",
                                                                    "units", "source", "assumed", "given", "line"])
        self.parameters["given"] = self.parameters["given"].astype(bool)

    def __repr__(self):
        return f"<parley.Scenario {self.name!r} ({self.kind}, {len(self.parameters)} parameters)>"


def read_scenario(path):
    """Reads and validates a scenario; a bad one raises ParleyError naming file, line and column."""
    return Scenario(path)


class Simulation:
    """One run of the war model: the parameters drawn, the outcomes and the recorded series."""

    def __init__(self, raw):
        self.scenario, self.seed, self.days = raw["scenario"], raw["seed"], raw["days"]
        self.parameters = pd.Series(_array(raw["parameters"], len(raw["parameter_names"])),
                                    index=pd.Index(raw["parameter_names"], name="parameter"), name="value")
        self.outcomes = pd.Series(raw["outcomes"], dtype=float, name="value")
        self.outcomes.index.name = "outcome"
        s = raw["series"]
        days = _array(s["day"], len(s["day"]) // 8).astype(np.int64)
        self.series_wide = pd.DataFrame(_array(s["value"], len(days), len(s["columns"])), columns=s["columns"],
                                        index=pd.Index(days, name="day"))
        self._cols = pd.DataFrame({"column": s["columns"], "entity": s["entity"], "quantity": s["quantity"]})
        self.start = pd.Timestamp("1970-01-01") + pd.Timedelta(days=s["start_days"])

    @property
    def series(self):
        """One row per recorded day and column: day, date, entity (a side, or '' for global), quantity, value."""
        long = self.series_wide.reset_index().melt(id_vars="day", var_name="column", value_name="value")
        long = long.merge(self._cols, on="column")
        long.insert(1, "date", self.start + pd.to_timedelta(long["day"], unit="D"))
        return long[["day", "date", "entity", "quantity", "column", "value"]]

    def __repr__(self):
        return f"<parley.Simulation {self.scenario!r}: {self.days} days, seed {self.seed}>"


def simulate(scenario, seed=None, days=None, years=None, series="auto", nominal=False, mean_field=False, params=None):
    """One run of the war model (parley simulate): stream 0 of seed (default: the scenario's, else 1)."""
    if days is not None and years is not None:
        raise ValueError("give days or years, not both")
    n_days = int(days) if days is not None else int(round(float(years) * 365.25)) if years is not None else 0
    step = {"auto": 0, "daily": 1, "weekly": 7}[series]
    return Simulation(_parley.simulate(_path(scenario), _seed(seed), bool(nominal), bool(mean_field), n_days, step,
                                       _overrides(params)))


# ---- settle ---------------------------------------------------------------------------------

# parley settle's statistics table, the same for every command: one row per outcome (the canonical
# names, docs/formats.md "Outcome names") with its statistic by kind (p for yes-no, the Kaplan-Meier
# median for time-to-event, mean otherwise), its 90% interval and its count k of n.
_STAT_COLUMNS = ["outcome", "statistic", "value", "lo", "hi", "level", "k", "n"]


class Settlement:
    """Many runs of a settle scenario (parley settle): one row per run in .runs, the drawn
    parameters in .values, the first round's terms in .terms, the command's metrics in .results."""

    def __init__(self, raw):
        self.scenario, self.framework, self.seed = raw["scenario"], raw["framework"], raw["seed"]
        self.attacker, self.defender = raw["attacker"], raw["defender"]
        n, keys, names, points = raw["runs"], raw["outcome_keys"], raw["parameter_names"], raw["points"]
        self.outcomes = _array(raw["outcomes"], n, len(keys))
        self.values = _array(raw["values"], n, len(names))
        self.terms_array = _array(raw["terms"], n, len(points))
        self.outcome_keys, self.parameter_names, self.points = keys, names, points
        run = pd.Index(np.arange(n), name="run")
        self.runs = pd.DataFrame(self.outcomes, columns=keys, index=run)
        self.parameters = pd.DataFrame(self.values, columns=names, index=run)
        self.terms = pd.DataFrame(self.terms_array, columns=points, index=run)
        self.outcome_kinds = dict(zip(keys, raw["outcome_kinds"]))
        self.outcome_given = dict(zip(keys, raw["outcome_given"]))
        stats = pd.DataFrame(raw["statistics"], columns=_STAT_COLUMNS)
        self.statistics = stats
        self.results = stats[~stats["outcome"].str.startswith("terms.")].reset_index(drop=True)
        self.deals = int(np.nansum(self.runs["deal"]))

    @property
    def summary(self):
        """The statistics as a frame, as parley settle's outcomes table: outcome, statistic, value,
        lo, hi, level, k, n (NaN where undefined: no run counted, or a median beyond the horizon)."""
        return self.results

    def stat(self, outcome):
        """The statistic of one outcome as a dict (statistic, value, lo, hi, level, k, n)."""
        row = self.results[self.results["outcome"] == outcome]
        if row.empty:
            raise KeyError(outcome)
        return row.iloc[0].to_dict()

    def drivers(self, outcome="accept_attacker", n=3):
        """The drawn parameters that best explain an outcome across runs: Spearman rank correlation,
        strongest first (as parley settle's 'What drives it')."""
        y = self.runs[outcome]
        keep = y.notna()  # an event that did not happen has no value to rank
        given = self.outcome_given.get(outcome)
        if given:
            keep &= self.runs[given] == 1
        y = y[keep]
        if len(y) < 3 or y.nunique() < 2:
            return pd.DataFrame(columns=["parameter", "rho"])
        x = self.parameters[keep]
        x = x.loc[:, x.nunique() > 1]
        ry = y.rank()
        rho = x.rank().apply(lambda c: np.corrcoef(c, ry)[0, 1])
        rho = rho[np.isfinite(rho)]
        order = rho.abs().sort_values(ascending=False, kind="stable").index[:n]
        return pd.DataFrame({"parameter": order, "rho": rho[order].values})

    def __repr__(self):
        v = {k: self.stat(k)["value"] for k in ("accept_attacker", "accept_defender", "signed_recommenced_10y")}
        return (f"<parley.Settlement {self.scenario!r}: {len(self.runs)} runs, seed {self.seed}; accept "
                f"{v['accept_attacker']:.2f}/{v['accept_defender']:.2f}, renewed 10y {v['signed_recommenced_10y']:.2f}>")


def settle(scenario, runs=200, seed=None, nominal=False, model=None, terms="scenario", framework=None, drop=(),
           defer=(), propose=None, params=None):
    """Runs a settle scenario as parley settle does: runs, seed (default the scenario's, else 1),
    narrowing (drop, defer: point ids; propose: {point: value}), another framework file, the
    bargaining model and terms (scenario, negotiated or proposal), and params {path: value or
    distribution}. The GIL is released while it runs."""
    narrowing = ([(p, _parley.NARROW_DROP, 0.0) for p in drop] + [(p, _parley.NARROW_DEFER, 0.0) for p in defer] +
                 [(p, _parley.NARROW_SET, float(v)) for p, v in (propose or {}).items()])
    modes = {"scenario": 0, "negotiated": 1, "proposal": 2}
    if terms not in modes:
        raise ValueError(f"terms {terms!r}: expected one of {list(modes)}")
    return Settlement(_parley.settle(_path(scenario), int(runs), _seed(seed), bool(nominal), str(framework or ""),
                                     modes[terms], model or "", narrowing, _overrides(params)))


# ---- ensembles ------------------------------------------------------------------------------

_SUMMARY = ["n", "missing", "mean", "sd", "mean_lo", "mean_hi", "min", "max", "q5", "q25", "q50", "q75", "q95",
            "binary", "p", "p_lo", "p_hi"]


class Ensemble:
    """An ensemble (parley run / parley sensitivity): one row per run in .runs (inputs that vary,
    outcomes; NaN where undefined or failed), one per outcome in .summary, one per outcome and
    input in .sensitivity, one per grid point and outcome in .grid."""

    def __init__(self, raw):
        self.kind, self.seed, self.method = raw["kind"], raw["seed"], raw["design"]
        self.n_failed, self.n_resumed, self.failure, self.job = raw["n_failed"], raw["n_resumed"], raw["failure"], raw["job"]
        n = raw["n_runs"]
        self.inputs = pd.DataFrame(raw["inputs"], columns=["input", "nominal", "lo", "hi", "distribution", "source"])
        self.outcome_info = pd.DataFrame(raw["outcomes"], columns=["outcome", "kind", "description"])
        names_in = list(self.inputs["input"])
        names_out = list(self.outcome_info["outcome"])
        cols = [names_in[c] for c in raw["columns"]]
        self.x = _array(raw["x"], n, len(cols))
        self.y = _array(raw["y"], n, len(names_out))
        state = _array(raw["state"], n, dtype=np.uint8)
        run = pd.Index(np.arange(n), name="run")
        self.runs = pd.concat([pd.DataFrame({"ok": state == 1}, index=run), pd.DataFrame(self.x, columns=cols, index=run),
                               pd.DataFrame(self.y, columns=names_out, index=run)], axis=1)
        self.summary = self._summary_frame(raw["summaries"], names_out)
        m1, m2, m3 = raw["measure"], raw["measure2"], raw["measure3"]
        rows = [(names_out[o], names_in[i], v, lo, hi, v2, lo2, hi2, v3)
                for o, i, v, lo, hi, v2, lo2, hi2, v3 in raw["sensitivity"]]
        self.sensitivity = pd.DataFrame(rows, columns=["outcome", "input", m1 or "value", "lo", "hi", m2 or "value2",
                                                       "lo2", "hi2", m3 or "value3"])
        self.sensitivity = self.sensitivity.dropna(axis=1, how="all")
        self.grid = None
        if raw["points"]:
            g = self._summary_frame(raw["grid"], names_out * raw["points"])
            g.insert(0, "point", np.repeat(np.arange(raw["points"]), len(names_out)))
            self.grid = g

    @staticmethod
    def _summary_frame(tuples, names):
        frame = pd.DataFrame(tuples, columns=_SUMMARY)
        frame.insert(0, "outcome", names)
        frame["binary"] = frame["binary"].astype(bool)
        # No finite value: the statistics are undefined (NaN), as the command writes null, not 0.
        stats = ["mean", "sd", "mean_lo", "mean_hi", "min", "max", "q5", "q25", "q50", "q75", "q95"]
        frame.loc[frame["n"] == 0, stats + ["p", "p_lo", "p_hi"]] = np.nan
        frame.loc[~frame["binary"], ["p", "p_lo", "p_hi"]] = np.nan
        return frame

    def __repr__(self):
        return (f"<parley.Ensemble {self.kind}: {len(self.runs)} runs ({self.method}), seed {self.seed}, "
                f"{self.n_failed} failed>")


def run(source, runs=1000, seed=None, threads=0, method="mc", params=None, grid=None, store=None, resume=False,
        progress=None, model="compromise", model_options=None, levels=4, bootstrap=200, record_every=7,
        horizon_years=0.0, series_runs=0):
    """An ensemble as parley run does it, on a settle or war scenario (a path or Scenario) or a
    stakeholder table (a Table, with model and model_options). params {input: value or
    distribution} varies inputs (a number fixes a new nominal value); grid {input: (lo, hi, n)}
    sweeps one or two of them; store names a results store (parley report reads it) and resume
    finishes its job; progress(done, total) is called now and then from the running threads.
    Same seed, same numbers whatever the threads."""
    table = source if isinstance(source, Table) else None
    path = "" if table is not None else _path(source)
    vary = []
    for k, v in (params or {}).items():
        v = _dist_text(v)
        vary.append(f"{k}={v!r}" if isinstance(v, float) else f"{k}={v}")
    axes = [(str(k), float(lo), float(hi), int(n)) for k, (lo, hi, n) in (grid or {}).items()]
    if progress is not None and not callable(progress):
        raise TypeError("progress: expected a callable progress(done, total)")
    horizon_days = int(math.floor(float(horizon_years) * 365.25 + 0.5))
    raw = dict(_parley.run(path, table._capsule if table is not None else None, method, int(runs), _seed(seed), int(threads),
                      vary, axes, int(levels), int(bootstrap), str(store or ""), bool(resume), progress, model,
                      _model_options(model_options), int(record_every), horizon_days, int(series_runs)), design=method)
    return Ensemble(raw)


def sensitivity(source, method="sobol", runs=64, **kwargs):
    """Which inputs drive which outcome (parley sensitivity): Sobol indices (runs is the base
    sample N; N(k+2) runs), Morris screening (runs = trajectories) or, for mc, the given-data first
    order. Same arguments as run(); the table is .sensitivity."""
    return run(source, runs=runs, method=method, **kwargs)
