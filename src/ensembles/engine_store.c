/*
** engine_store.c — the ensemble's side of the results store: writing a chunk of runs in one
** transaction (a run's row lands with its inputs, outcomes, series and their digest, or not at
** all), and reading a job's runs back for --resume once the store has checked them.
** Layer: ensembles.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ensembles/engine.h"
#include "parley/memory.h"

enum { ROWS_PARAM, ROWS_OUTCOME, ROWS_SERIES };

/* Appends a row to the writer's table t. */
static int add_row(pl_engine *g, int t, long run, const char *name, const char *entity, long step, double value)
{
    if (pl_grow((void **)&g->rows[t], &g->cap_rows[t], g->n_rows[t] + 1, sizeof *g->rows[t])) return -1;
    g->rows[t][g->n_rows[t]++] = (pl_store_row){run, name, entity, step, value};
    return 0;
}

/* The rows of run i (its inputs always: a failed run's say where the model breaks; its outcomes and
** kept series points when it succeeded). */
static int gather_run(pl_engine *g, const pl_engine_chunk *c, long i)
{
    const pl_experiment *e = g->e;
    const pl_ens_result *r = g->res;
    long slot = i - c->a, every = g->cfg.series_every, steps = c->steps[slot];
    for (size_t k = 0; k < r->n_columns; k++)
        if (add_row(g, ROWS_PARAM, i, g->column_names[k], NULL, 0, r->x[(size_t)i * r->n_columns + k])) return -1;
    if (r->state[i] != PL_RUN_OK) return 0;
    for (size_t o = 0; o < e->n_outcomes; o++)
        if (add_row(g, ROWS_OUTCOME, i, g->outcome_names[o], NULL, 0, r->y[(size_t)i * e->n_outcomes + o])) return -1;
    const double *v = c->series[slot];
    for (size_t s = 0; v && s < e->n_series; s++) {
        size_t q = 0;
        for (long t = 0; t < steps; t++)
            if ((t % every == 0 || t + 1 == steps) &&
                add_row(g, ROWS_SERIES, i, e->series[s].name, e->series[s].entity, t, v[s * (size_t)g->kept_steps + q++]))
                return -1;
    }
    return 0;
}

/* The digest of run i from its status and the rows gather_run appended from rows[t][from[t]]. */
static uint64_t run_digest(const pl_engine *g, long i, const char *status, const size_t from[3])
{
    static const pl_store_table table[3] = {PL_STORE_PARAMETERS, PL_STORE_OUTCOMES, PL_STORE_SERIES};
    uint64_t d = pl_store_digest_status(i, status);
    for (int t = 0; t < 3; t++)
        for (size_t k = from[t]; k < g->n_rows[t]; k++) d += pl_store_digest_row(table[t], &g->rows[t][k]);
    return d;
}

/* One transaction: every computed run's row with its digest, then all their values in
** multi-row inserts. */
static pl_status write_rows(pl_engine *g, pl_store *store, int64_t job, const pl_engine_chunk *c, pl_error *err)
{
    pl_status st = PL_OK;
    for (int t = 0; t < 3; t++) g->n_rows[t] = 0;
    for (long i = c->a; !st && i < c->b; i++) {
        const char *status = c->status[i - c->a];
        if (!status[0]) continue;
        size_t from[3] = {g->n_rows[0], g->n_rows[1], g->n_rows[2]};
        if (gather_run(g, c, i)) return pl_error_set(err, PL_ENOMEM, "out of memory");
        st = pl_store_put_run_digest(store, job, i, status, run_digest(g, i, status, from), err);
    }
    if (!st) st = pl_store_put_parameter_rows(store, job, g->n_rows[ROWS_PARAM], g->rows[ROWS_PARAM], err);
    if (!st) st = pl_store_put_outcome_rows(store, job, g->n_rows[ROWS_OUTCOME], g->rows[ROWS_OUTCOME], err);
    if (!st) st = pl_store_put_series_rows(store, job, g->n_rows[ROWS_SERIES], g->rows[ROWS_SERIES], err);
    return st;
}

pl_status pl_engine_write_chunk(pl_engine *g, pl_store *store, int64_t job, int buf, pl_error *err)
{
    pl_engine_chunk *c = &g->chunk[buf];
    int any = 0;
    for (long i = c->a; i < c->b && !any; i++) any = c->status[i - c->a][0] != '\0';
    if (!any) return PL_OK;
    pl_status st = pl_store_begin(store, err);
    if (!st) st = write_rows(g, store, job, c, err);
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
    /* Nothing is read back that was changed since it was written. */
    if (!st) st = pl_store_check_job(store, job, err);
    if (!st) st = pl_store_each_run(store, job, load_run, &ld, err);
    if (!st) st = pl_store_each_parameter(store, job, load_parameter, &ld, err);
    if (!st) st = pl_store_each_outcome(store, job, load_outcome, &ld, err);
    pl_free(ld.inputs);
    pl_free(ld.outcomes);
    return st;
}
