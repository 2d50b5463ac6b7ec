/*
** engine_store.c — the ensemble's side of the results store: writing a chunk of runs in one
** transaction (a run's row lands with its inputs, outcomes and series or not at all), and
** reading a job's runs back for --resume.
** Layer: ensembles.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ensembles/engine.h"
#include "parley/memory.h"

static pl_status write_series(pl_engine *g, pl_store *store, int64_t job, long i, const double *v, long steps,
                              pl_error *err)
{
    const pl_experiment *e = g->e;
    long every = g->cfg.series_every;
    pl_status st = PL_OK;
    for (size_t s = 0; !st && s < e->n_series; s++) {
        size_t q = 0;
        for (long t = 0; !st && t < steps; t++) {
            if (t % every != 0 && t + 1 != steps) continue;
            double value = v[s * (size_t)g->kept_steps + q++];
            if (isfinite(value))
                st = pl_store_put_series(store, job, i, e->series[s].name, e->series[s].entity, t, value, err);
        }
    }
    return st;
}

static pl_status write_run(pl_engine *g, pl_store *store, int64_t job, const pl_engine_chunk *c, long i, pl_error *err)
{
    const pl_experiment *e = g->e;
    long slot = i - c->a;
    pl_status st = pl_store_put_run(store, job, i, c->status[slot], err);
    const pl_ens_result *r = g->res;
    const double *x = r->x + (size_t)i * r->n_columns, *y = r->y + (size_t)i * e->n_outcomes;
    /* A failed run keeps its inputs too: they say where the model breaks. */
    for (size_t k = 0; !st && k < r->n_columns; k++)
        st = pl_store_put_parameter(store, job, i, e->input[r->column[k]].name, x[k], err);
    if (st || g->res->state[i] != PL_RUN_OK) return st;
    for (size_t o = 0; !st && o < e->n_outcomes; o++)
        if (isfinite(y[o])) st = pl_store_put_outcome(store, job, i, e->outcome[o].name, y[o], err);
    if (!st && c->series[slot]) st = write_series(g, store, job, i, c->series[slot], c->steps[slot], err);
    return st;
}

pl_status pl_engine_write_chunk(pl_engine *g, pl_store *store, int64_t job, int buf, pl_error *err)
{
    pl_engine_chunk *c = &g->chunk[buf];
    int any = 0;
    for (long i = c->a; i < c->b && !any; i++) any = c->status[i - c->a][0] != '\0';
    if (!any) return PL_OK;
    pl_status st = pl_store_begin(store, err);
    for (long i = c->a; !st && i < c->b; i++)
        if (c->status[i - c->a][0]) st = write_run(g, store, job, c, i, err);
    if (!st) st = pl_store_commit(store, err);
    else pl_store_rollback(store, NULL);
    for (long i = c->a; i < c->b; i++) {
        pl_free(c->series[i - c->a]);
        c->series[i - c->a] = NULL;
    }
    return st;
}

/* ---- Reading a job back ----------------------------------------------------------------- */

typedef struct name_index {
    const char *name;
    size_t index;
} name_index;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const name_index *)a)->name, ((const name_index *)b)->name);
}

typedef struct loader {
    pl_engine *g;
    name_index *inputs, *outcomes;
} loader;

static pl_status check_run(const pl_engine *g, long run, pl_error *err)
{
    if (run >= 0 && run < g->total) return PL_OK;
    return pl_error_set(err, PL_ESTORE, "the store holds run %ld of a job of %ld runs; it does not belong to this "
                        "configuration", run, g->total);
}

static pl_status load_run(void *ctx, long run, const char *status, pl_error *err)
{
    loader *ld = ctx;
    pl_engine *g = ld->g;
    pl_status st = check_run(g, run, err);
    if (st) return st;
    int ok = strcmp(status, "ok") == 0;
    g->res->state[run] = ok ? PL_RUN_OK : PL_RUN_FAILED;
    if (!ok) pl_engine_note_failure(g, run, strncmp(status, "error: ", 7) == 0 ? status + 7 : status);
    g->res->n_resumed++;
    g->done++;
    return PL_OK;
}

static const name_index *lookup(const name_index *table, size_t n, const char *name)
{
    name_index key = {name, 0};
    return bsearch(&key, table, n, sizeof *table, by_name);
}

static pl_status load_parameter(void *ctx, long run, const char *name, double value, pl_error *err)
{
    loader *ld = ctx;
    pl_engine *g = ld->g;
    pl_status st = check_run(g, run, err);
    const name_index *hit = st ? NULL : lookup(ld->inputs, g->e->n_inputs, name);
    long c = hit ? pl_ens_result_column(g->res, hit->index) : -1;
    if (st || c < 0) return st ? st : pl_error_set(err, PL_ESTORE, "the store holds values of '%s', which this job does not vary", name);
    g->res->x[(size_t)run * g->res->n_columns + (size_t)c] = value;
    return PL_OK;
}

static pl_status load_outcome(void *ctx, long run, const char *name, double value, pl_error *err)
{
    loader *ld = ctx;
    pl_engine *g = ld->g;
    pl_status st = check_run(g, run, err);
    const name_index *hit = st ? NULL : lookup(ld->outcomes, g->e->n_outcomes, name);
    if (st || !hit)
        return st ? st : pl_error_set(err, PL_ESTORE, "the store names outcome '%s', which this job lacks", name);
    g->res->y[(size_t)run * g->e->n_outcomes + hit->index] = value;
    return PL_OK;
}

static name_index *sorted_names(size_t n, const void *items, size_t item_size)
{
    name_index *t = pl_malloc((n + 1) * sizeof *t);
    if (!t) return NULL;
    for (size_t k = 0; k < n; k++) {
        /* Every item type starts with its char *name. */
        t[k].name = *(char *const *)((const char *)items + k * item_size);
        t[k].index = k;
    }
    qsort(t, n, sizeof *t, by_name);
    return t;
}

pl_status pl_engine_load(pl_engine *g, pl_store *store, int64_t job, pl_error *err)
{
    const pl_experiment *e = g->e;
    loader ld = {g, sorted_names(e->n_inputs, e->input, sizeof *e->input),
                 sorted_names(e->n_outcomes, e->outcome, sizeof *e->outcome)};
    pl_status st = ld.inputs && ld.outcomes ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = pl_store_each_run(store, job, load_run, &ld, err);
    if (!st) st = pl_store_each_parameter(store, job, load_parameter, &ld, err);
    if (!st) st = pl_store_each_outcome(store, job, load_outcome, &ld, err);
    pl_free(ld.inputs);
    pl_free(ld.outcomes);
    return st;
}
