/*
** war_experiment.c — the war-dynamics model as an ensemble experiment: every scenario parameter
** an input (its distribution and source from the file), the model's named outcomes, and its
** series columns recorded every few days.
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ensembles/adapters.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/war.h"

typedef struct war_ctx {
    pl_scenario *sc;
    long every;
    long days; /* > 0: replaces the scenario's horizon */
    pl_adapter_groups groups;
} war_ctx;

static void ws_free(const pl_experiment *e, void *ws)
{
    (void)e;
    pl_adapter_ws_free(ws);
}

/* A thread's scratch is the adapter's: one run's parameter values and keep flags. */
static pl_status ws_alloc(const pl_experiment *e, void **ws, pl_error *err)
{
    return pl_adapter_ws_alloc(((const war_ctx *)e->ctx)->sc, sizeof(pl_adapter_ws), ws, err);
}

static void ctx_free(void *p)
{
    war_ctx *c = p;
    if (!c) return;
    pl_adapter_groups_free(&c->groups);
    pl_scenario_free(c->sc);
    pl_free(c);
}

/* Records straight into the engine's series buffer: column k of row r at series[k·cap + r]. */
typedef struct war_recording {
    pl_war_series *table;
    double *series;
    size_t cap;
} war_recording;

static pl_status copy_series(const war_recording *rec, size_t *n_steps)
{
    const pl_war_series *t = rec->table;
    size_t rows = t->n_rows < rec->cap ? t->n_rows : rec->cap;
    for (size_t k = 0; k < t->n_cols; k++)
        for (size_t r = 0; r < rows; r++) rec->series[k * rec->cap + r] = t->value[r * t->n_cols + k];
    *n_steps = rows;
    return PL_OK;
}

/* Outcomes whose description marks "never happened" with −1 are undefined in those runs. */
static void mark_undefined(const pl_experiment *e, double *y)
{
    for (size_t o = 0; o < e->n_outcomes; o++) y[o] = pl_outcome_mark_undefined(y[o], e->outcome[o].description);
}

static pl_status war_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                         size_t *n_steps, pl_error *err)
{
    const war_ctx *c = e->ctx;
    pl_adapter_ws *w = ws;
    pl_war_params p;
    pl_status st = pl_adapter_scenario_values(e, c->sc, &c->groups, x, w->values, w->keep, err);
    if (!st) st = pl_war_params_from_scenario(c->sc, w->values, &p, err);
    if (st) return st;
    long days = c->days > 0 ? c->days : p.horizon_days;
    pl_war_state s;
    pl_war_init(&s, &p);
    war_recording rec = {NULL, series, e->max_steps};
    pl_war_recorder recorder;
    if (series) {
        if ((st = pl_war_series_create(&p, c->every, days, &rec.table, err))) return st;
        recorder = pl_war_series_recorder(rec.table);
    }
    st = pl_war_run(&s, &p, rng, days, series ? &recorder : NULL, err);
    if (!st && series) st = copy_series(&rec, n_steps);
    pl_war_series_free(rec.table);
    if (st) return st;
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(&s, &p, out);
    if (n != e->n_outcomes) return pl_error_set(err, PL_EMODEL, "the run gave %zu outcomes, expected %zu", n, e->n_outcomes);
    memcpy(y, out, n * sizeof *y);
    mark_undefined(e, y);
    return PL_OK;
}

static const pl_experiment_ops war_ops = {ws_alloc, ws_free, war_run, ctx_free};

static pl_status add_outcomes(pl_experiment *e, const pl_scenario *sc, pl_error *err)
{
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    if (!values) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_scenario_nominals(sc, values);
    pl_war_params p;
    pl_status st = pl_war_params_from_scenario(sc, values, &p, err);
    pl_free(values);
    if (st) return st;
    size_t n_desc;
    const pl_war_outcome_desc *desc = pl_war_outcome_descs(&n_desc);
    double dummy[PL_WAR_MAX_OUTCOMES];
    pl_war_state s;
    pl_war_init(&s, &p);
    size_t n = pl_war_outcomes(&s, &p, dummy);
    for (size_t k = 0; !st && k < n; k++) {
        char name[160], help[400];
        pl_war_outcome_name(&p, k, name, sizeof name);
        const char *key = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
        snprintf(help, sizeof help, "%s", key);
        for (size_t d = 0; d < n_desc; d++)
            if (strcmp(desc[d].key, key) == 0) snprintf(help, sizeof help, "%s (%s)", desc[d].help, desc[d].units);
        st = pl_experiment_add_outcome(e, name, PL_OUTCOME_REAL, help, err);
    }
    return st;
}

static pl_status add_series(pl_experiment *e, const pl_scenario *sc, long every, long days, pl_error *err)
{
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    if (!values) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_scenario_nominals(sc, values);
    pl_war_params p;
    pl_war_series *t = NULL;
    pl_status st = pl_war_params_from_scenario(sc, values, &p, err);
    pl_free(values);
    if (days <= 0) days = p.horizon_days;
    if (!st) st = pl_war_series_create(&p, every, days, &t, err);
    for (size_t k = 0; !st && k < t->n_cols; k++) {
        const char *entity = t->col_side[k] >= 0 ? p.side[t->col_side[k]].id : "all";
        st = pl_experiment_add_series(e, t->col_desc[k]->name, entity, err);
    }
    char unit[32];
    snprintf(unit, sizeof unit, every == 1 ? "day" : every == 7 ? "week" : "%ld days", every);
    if (!st) st = pl_experiment_set_steps(e, (size_t)(days / every + 2), unit, err);
    pl_war_series_free(t);
    return st;
}

pl_status pl_experiment_war(const char *path, long every, long horizon_days, pl_experiment **out, pl_error *err)
{
    return pl_experiment_war_flags(path, every, horizon_days, 0, out, NULL, 0, err);
}

pl_status pl_experiment_war_flags(const char *path, long every, long horizon_days, unsigned flags, pl_experiment **out,
                                  char *note, size_t note_size, pl_error *err)
{
    *out = NULL;
    war_ctx *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->every = every > 0 ? every : 7;
    c->days = horizon_days;
    pl_status st = pl_scenario_read_flags(path, pl_war_schema(), flags, &c->sc, err);
    if (!st) pl_adapter_as_of_note(c->sc, note, note_size);
    if (st) {
        ctx_free(c);
        return st;
    }
    pl_experiment *e = pl_experiment_create("war", c->sc->name ? c->sc->name : path, path, &war_ops, c, err);
    if (!e) return err ? err->code : PL_ENOMEM;
    st = pl_adapter_scenario_inputs(e, c->sc, &c->groups, err);
    if (!st) st = add_outcomes(e, c->sc, err);
    if (!st) st = add_series(e, c->sc, c->every, c->days, err);
    if (st) {
        pl_experiment_free(e);
        return st;
    }
    *out = e;
    return PL_OK;
}
