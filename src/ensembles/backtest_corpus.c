/*
** backtest_corpus.c — a corpus's cases turned into the evaluation's arrays (docs/backtest.md rule
** C10: which covariates enter the regressions, on which scale, which are missing), and the cases
** the model got most wrong.
** Layer: ensembles.
*/
#include <math.h>
#include <string.h>

#include "ensembles/backtest_int.h"
#include "parley/memory.h"
#include "parley/settle_sim.h"

/* An unreported mechanism is none (rule C8): the first four covariates are its flags. */
int pl_bt_covariate_always_coded(size_t j) { return j < 4; }

int pl_bt_case_event(const pl_backtest *bt, size_t i)
{
    const pl_bt_case *c = &bt->c[i];
    return c->resumed && c->actual_years < bt->cfg.years;
}

double pl_bt_case_brier(const pl_backtest *bt, size_t i)
{
    double d = bt->c[i].p_model - pl_bt_case_event(bt, i);
    return d * d;
}

/* Insertion sort: at most PL_BT_MAX_CASES, stable, and qsort has no context. */
void pl_bt_most_wrong(const pl_backtest *bt, size_t *idx)
{
    for (size_t i = 0; i < bt->n; i++) {
        size_t k = i;
        for (; k > 0 && pl_bt_case_brier(bt, idx[k - 1]) < pl_bt_case_brier(bt, i); k--) idx[k] = idx[k - 1];
        idx[k] = i;
    }
}

/* Battle deaths and capability ratios enter the regressions as logarithms (rule C10). */
static double regression_value(size_t j, double x)
{
    if (strcmp(pl_settle_covariate_names[j], "battle_deaths") == 0) return log10(x);
    if (strcmp(pl_settle_covariate_names[j], "capability_ratio") == 0) return log(x);
    return x;
}

/* The regressions' covariates: those coded for at least 80 % of the cases. */
static void choose_covariates(pl_backtest *bt)
{
    for (size_t j = 0; j < PL_BT_COVARIATES; j++) {
        bt->n_coded[j] = 0;
        for (size_t i = 0; i < bt->n; i++) bt->n_coded[j] += pl_bt_covariate_always_coded(j) || bt->c[i].coded[j];
        bt->in_regression[j] = 5 * bt->n_coded[j] >= 4 * bt->n;
    }
}

typedef struct bt_arrays {
    double *p, *y, *t, *X, *run_t;
    unsigned char *event, *missing, *run_event;
    size_t p_cols, n_runs;
} bt_arrays;

static void arrays_free(bt_arrays *a)
{
    pl_free(a->p);
    pl_free(a->y);
    pl_free(a->t);
    pl_free(a->X);
    pl_free(a->run_t);
    pl_free(a->event);
    pl_free(a->missing);
    pl_free(a->run_event);
}

static pl_status arrays_alloc(const pl_backtest *bt, bt_arrays *a, pl_error *err)
{
    for (size_t j = 0; j < PL_BT_COVARIATES; j++) a->p_cols += (size_t)bt->in_regression[j];
    size_t n = bt->n, cells = n * (a->p_cols ? a->p_cols : 1);
    a->n_runs = n * (size_t)bt->cfg.runs;
    a->p = pl_malloc(n * sizeof *a->p);
    a->y = pl_malloc(n * sizeof *a->y);
    a->t = pl_malloc(n * sizeof *a->t);
    a->X = pl_malloc(cells * sizeof *a->X);
    a->event = pl_malloc(n);
    a->missing = pl_malloc(cells);
    a->run_t = pl_malloc(a->n_runs * sizeof *a->run_t);
    a->run_event = pl_malloc(a->n_runs);
    return a->p && a->y && a->t && a->X && a->event && a->missing && a->run_t && a->run_event
               ? PL_OK
               : pl_error_set(err, PL_ENOMEM, "out of memory");
}

/* A run with no renewal is censored at the end of its case's window, as the case itself is. */
static void fill_arrays(const pl_backtest *bt, bt_arrays *a)
{
    size_t runs = (size_t)bt->cfg.runs;
    for (size_t i = 0; i < bt->n; i++) {
        const pl_bt_case *c = &bt->c[i];
        a->p[i] = c->p_model;
        a->y[i] = pl_bt_case_event(bt, i);
        a->t[i] = c->resumed ? c->actual_years : c->window;
        a->event[i] = (unsigned char)c->resumed;
        for (size_t j = 0, col = 0; j < PL_BT_COVARIATES; j++) {
            if (!bt->in_regression[j]) continue;
            int miss = !pl_bt_covariate_always_coded(j) && !c->coded[j];
            a->X[i * a->p_cols + col] = miss ? 0 : regression_value(j, c->cov[j]);
            a->missing[i * a->p_cols + col++] = (unsigned char)miss;
        }
        for (size_t r = 0; r < runs; r++) {
            double t = c->run_t[r];
            a->run_t[i * runs + r] = t >= 0 ? t : c->window;
            a->run_event[i * runs + r] = t >= 0;
        }
    }
}

pl_status pl_bt_corpus_evaluate(pl_backtest *bt, pl_error *err)
{
    choose_covariates(bt);
    bt_arrays a = {0};
    pl_status st = arrays_alloc(bt, &a, err);
    if (!st) {
        fill_arrays(bt, &a);
        pl_bt_input in = {bt->n,   a.p_cols,      a.p,           a.y,   a.t,       a.event,    a.X,
                          a.missing, bt->cfg.years, bt->cfg.ridge, a.run_t, a.run_event, a.n_runs};
        st = pl_backtest_evaluate(&in, &bt->ev, err);
        bt->evaluated = !st;
    }
    arrays_free(&a);
    return st;
}
