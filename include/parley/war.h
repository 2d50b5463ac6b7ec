/*
** war.h — the war-dynamics simulation: initialise a state from parameters, step it one day,
** run it for many days with an optional recorder of daily or weekly series, and read the run's
** outcomes as a stable list of named scalars.
** Layer: simulation. Public API. Model: docs/models/war.md; parameters and state: war_model.h.
**
** Typical use (error handling elided):
**     pl_scenario *sc;  pl_war_scenario_read("scenarios/russia-ukraine-2024.yaml", &sc, &err);
**     double *v = malloc(sc->n_params * sizeof *v);  pl_scenario_draw(sc, rng, v);
**     pl_war_params p;  pl_war_params_from_scenario(sc, v, &p, &err);
**     pl_war_state s;   pl_war_init(&s, &p);
**     pl_war_run(&s, &p, rng, p.horizon_days, NULL, &err);
**     double out[PL_WAR_MAX_OUTCOMES];  size_t n = pl_war_outcomes(&s, &p, out);
**
** The step allocates nothing and touches no strings; which modules run is decided once from
** the parameters. With rng == NULL (or p.stochastic == 0) the run is the deterministic
** mean-field path; with a generator it draws a fixed number of numbers per day, so a run is
** bit-identical for the same (seed, stream).
*/
#ifndef PARLEY_WAR_H
#define PARLEY_WAR_H

#include <stddef.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"
#include "parley/scenario.h"
#include "parley/war_model.h"

/* Reads a scenario with the war schema (pl_war_schema). */
pl_status pl_war_scenario_read(const char *path, pl_scenario **out, pl_error *err);

/* Sets s to day 0 of p (p must be prepared). */
void pl_war_init(pl_war_state *s, const pl_war_params *p);

/* Advances s by one day: third parties, economy, home front, manpower, front, weariness. */
void pl_war_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng);

/* ---- Recording series ------------------------------------------------------------------ */

/* Called on day 0 and after every `every` days (and after the last day if it is not a
** multiple). A non-OK return stops the run with that status. */
typedef struct pl_war_recorder {
    long every; /* 1: daily, 7: weekly */
    pl_status (*record)(void *ctx, const pl_war_state *s, const pl_war_params *p, pl_error *err);
    void *ctx;
} pl_war_recorder;

/* Runs `days` steps. rec may be NULL. PL_EDOM if a state value stops being finite (a model or
** parameter fault, reported with the day and the variable). */
pl_status pl_war_run(pl_war_state *s, const pl_war_params *p, gsl_rng *rng, long days, const pl_war_recorder *rec,
                     pl_error *err);

/* How a series column aggregates over a recording period. */
typedef enum pl_war_series_kind {
    PL_WAR_STOCK,    /* the value at the end of the period */
    PL_WAR_FLOW,     /* the total over the period (from a cumulative counter) */
    PL_WAR_PER_DAY   /* the mean per day over the period (from a cumulative counter) */
} pl_war_series_kind;

/* One per-side (or global) series column: a stable name, units and meaning. */
typedef struct pl_war_series_desc {
    const char *name;
    const char *units;
    pl_war_series_kind kind;
    int per_side;    /* 1: one column per side; 0: one global column */
    const char *help;
} pl_war_series_desc;

/* The series columns in their stable order. */
const pl_war_series_desc *pl_war_series_columns(size_t *n);

/* The raw value behind column k for side (ignored for global columns): the stock, or the
** cumulative counter a FLOW / PER_DAY column differences. */
double pl_war_series_raw(const pl_war_state *s, size_t k, int side);

/* A recorded table: rows × (global columns + per-side columns × 2). */
typedef struct pl_war_series {
    size_t n_rows, cap_rows;
    size_t n_cols;
    long every;
    long start_days;    /* the scenario's day 0, days since 1970-01-01 (for dates) */
    long *day;          /* day of each row */
    double *value;      /* n_rows × n_cols, row-major */
    char (*col_name)[80]; /* "territory_km2", "russia.forces_line", … */
    const pl_war_series_desc **col_desc;
    int *col_side;      /* side of each column, -1 for global */
    double *prev_raw;   /* raw values at the previous record (for FLOW / PER_DAY) */
    long prev_day;
    size_t *col_at;     /* where each column's raw value lies in pl_war_state (internal) */
} pl_war_series;

/* Creates an empty table for p's sides recording every `every` days, with room for `days`
** days (it grows if needed). */
pl_status pl_war_series_create(const pl_war_params *p, long every, long days, pl_war_series **out, pl_error *err);
void pl_war_series_free(pl_war_series *ser);

/* A recorder that appends to ser. */
pl_war_recorder pl_war_series_recorder(pl_war_series *ser);

/* Writers: CSV (header row "day,date,<columns>", one row per record), JSON (an object
** {"day": [...], "date": [...], "series": {"<column>": [...]}}). */
pl_status pl_war_series_write_csv(const pl_war_series *ser, FILE *out, pl_error *err);
pl_status pl_war_series_write_json(const pl_war_series *ser, FILE *out, pl_error *err);

/* The JSON object pl_war_series_write_json writes (new reference), or NULL on no memory. */
struct json_t *pl_war_series_json(const pl_war_series *ser);

/* ---- Outcomes -------------------------------------------------------------------------- */

enum { PL_WAR_MAX_OUTCOMES = 128 };

/* One outcome: global, per side or per third party. */
typedef struct pl_war_outcome_desc {
    const char *key;
    const char *units;
    int scope;       /* 0 global, 1 per side, 2 per third party */
    const char *help;
} pl_war_outcome_desc;

/* The outcome descriptors in their stable order. */
const pl_war_outcome_desc *pl_war_outcome_descs(size_t *n);

/* Fills out[] (room for PL_WAR_MAX_OUTCOMES) with the outcomes of a run ended in s and returns
** how many: the global ones, then each per-side one for side 0 and side 1, then each
** third-party one per party. The order depends only on p's number of third parties. */
size_t pl_war_outcomes(const pl_war_state *s, const pl_war_params *p, double *out);

/* The name of outcome k: "territory_km2", "russia.losses", "us.aid_total_bn". */
void pl_war_outcome_name(const pl_war_params *p, size_t k, char *buf, size_t size);

#endif
