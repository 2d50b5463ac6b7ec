/*
** backtest_cases.c — a corpus of historical ceasefires run as forecasts (docs/backtest.md): the
** case files of a directory, each read over _common.yaml, its outcome checked, and its forecast
** made by the ensemble engine (one experiment per case: the post-deal world over the case's
** window, every scenario parameter an input drawn by its provenance group, as the settle
** experiment does), so the backtest has no Monte Carlo loop of its own.
** Layer: ensembles.
*/
#include "parley/backtest.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ensembles/adapters.h"
#include "ensembles/backtest_int.h"
#include "parley/ensemble.h"
#include "parley/memory.h"
#include "parley/settle_sim.h"
#include "parley/summary.h"

_Static_assert((int)PL_BT_COVARIATES == (int)PL_SETTLE_N_COVARIATES, "backtest.h's covariate count follows settle_sim.h's");

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The case files of dir (*.yaml not starting with '_'), sorted. */
static pl_status list_cases(pl_backtest *bt, pl_error *err)
{
    DIR *d = opendir(bt->dir);
    if (!d) return pl_error_set(err, PL_EIO, "cannot open directory %s", bt->dir);
    pl_status st = PL_OK;
    for (struct dirent *e; (e = readdir(d)) && !st;) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '_' || e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0) continue;
        if (bt->n_files == PL_BT_MAX_CASES)
            st = pl_error_set(err, PL_EINPUT, "found more than %d cases in %s", PL_BT_MAX_CASES, bt->dir);
        else if (!(bt->file[bt->n_files++] = pl_strdup(e->d_name))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    closedir(d);
    if (!st && bt->n_files == 0) st = pl_error_set(err, PL_EINPUT, "found no case files (*.yaml) in %s", bt->dir);
    if (!st) qsort(bt->file, bt->n_files, sizeof *bt->file, by_name);
    return st;
}

pl_status pl_backtest_open(const char *dir, pl_backtest **out, pl_error *err)
{
    pl_backtest *bt = pl_calloc(1, sizeof *bt);
    if (bt) bt->dir = pl_strdup(dir);
    if (bt) bt->file = pl_calloc(PL_BT_MAX_CASES, sizeof *bt->file);
    if (bt) bt->c = pl_calloc(PL_BT_MAX_CASES, sizeof *bt->c);
    pl_status st = bt && bt->dir && bt->file && bt->c ? list_cases(bt, err) : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (st) {
        pl_backtest_free(bt);
        bt = NULL;
    }
    *out = bt;
    return st;
}

void pl_backtest_free(pl_backtest *bt)
{
    if (!bt) return;
    for (size_t i = 0; i < bt->n; i++) pl_free(bt->c[i].run_t);
    for (size_t k = 0; k < bt->n_files; k++) pl_free(bt->file[k]);
    if (bt->evaluated) pl_backtest_eval_free(&bt->ev);
    pl_free(bt->c);
    pl_free(bt->file);
    pl_free(bt->dir);
    pl_free(bt);
}

/* ---- One case as an experiment --------------------------------------------------------------- */

typedef struct case_ctx {
    const pl_scenario *sc; /* owned by the caller, which outlives the experiment */
    double window;
    pl_adapter_groups groups;
} case_ctx;

typedef struct case_ws {
    pl_adapter_ws s;    /* first: the scratch pl_adapter_ws_alloc makes */
    pl_settle_params p; /* a whole war's parameters: one per thread, not on the stack */
} case_ws;

static void ws_free(const pl_experiment *e, void *ws)
{
    (void)e;
    pl_adapter_ws_free(ws);
}

static pl_status ws_alloc(const pl_experiment *e, void **ws, pl_error *err)
{
    return pl_adapter_ws_alloc(((const case_ctx *)e->ctx)->sc, sizeof(case_ws), ws, err);
}

/* The group inputs draw the same values as pl_scenario_draw on the run's stream (adapters.h). */
static pl_status case_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                          size_t *n_steps, pl_error *err)
{
    (void)series;
    const case_ctx *c = e->ctx;
    case_ws *w = ws;
    double t;
    pl_status st = pl_adapter_scenario_values(e, c->sc, &c->groups, x, w->s.values, w->s.keep, err);
    if (!st) st = pl_settle_case_params(c->sc, w->s.values, &w->p, err);
    if (!st) st = pl_settle_case_run(&w->p, c->window, rng, &t, err);
    if (st) return st;
    y[0] = t >= 0 ? t : (double)NAN;
    *n_steps = 0;
    return PL_OK;
}

static void ctx_free(void *p)
{
    case_ctx *c = p;
    if (c) pl_adapter_groups_free(&c->groups);
    pl_free(c);
}

static const pl_experiment_ops case_ops = {ws_alloc, ws_free, case_run, ctx_free};

static pl_status case_experiment(const pl_scenario *sc, double window, pl_experiment **out, pl_error *err)
{
    *out = NULL;
    case_ctx *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->sc = sc;
    c->window = window;
    pl_experiment *e = pl_experiment_create("backtest-case", sc->name ? sc->name : sc->path, sc->path, &case_ops, c, err);
    if (!e) return err ? err->code : PL_ENOMEM;
    pl_status st = pl_adapter_scenario_inputs(e, sc, &c->groups, err);
    if (!st)
        st = pl_experiment_add_outcome(e, "years_to_renewal", PL_OUTCOME_REAL,
                                       "years from the agreement to the renewed war (undefined: none in the window)", err);
    if (st) pl_experiment_free(e);
    else *out = e;
    return st;
}

/* Progress over the whole corpus from the engine's progress within one case. */
typedef struct case_progress {
    const pl_backtest *bt;
} case_progress;

static void case_progress_fn(void *ctx, long done, long total)
{
    (void)total;
    const pl_backtest *bt = ((case_progress *)ctx)->bt;
    bt->cfg.progress(bt->cfg.progress_ctx, (long)bt->n * bt->cfg.runs + done, (long)bt->n_files * bt->cfg.runs);
}

/* The case's forecast from its runs (rule C9). */
static void summarise_runs(const pl_bt_config *cfg, pl_bt_case *c, double *scratch)
{
    c->k_horizon = 0;
    for (long i = 0; i < cfg->runs; i++) c->k_horizon += c->run_t[i] >= 0 && c->run_t[i] < cfg->years;
    double r = (double)cfg->runs;
    c->p_model = ((double)c->k_horizon + 0.5) / (r + 1);
    pl_wilson_interval((long)c->k_horizon, cfg->runs, 1.6448536269514722, &c->p_lo, &c->p_hi);
    c->median = pl_settle_median_time(c->run_t, (size_t)cfg->runs, 1, scratch);
}

/* Runs the case cfg->runs times over its window through the engine. A failed run fails the
** backtest: a forecast from the runs that happened to succeed would be a different forecast. */
static pl_status predict(pl_backtest *bt, const pl_scenario *sc, pl_bt_case *c, pl_error *err)
{
    pl_experiment *e;
    pl_status st = case_experiment(sc, c->window, &e, err);
    if (st) return st;
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.seed = bt->cfg.seed;
    cfg.runs = bt->cfg.runs;
    cfg.threads = bt->cfg.threads;
    case_progress prog = {bt};
    if (bt->cfg.progress) cfg.progress = case_progress_fn, cfg.progress_ctx = &prog;
    pl_ens_result *r = NULL;
    st = pl_ensemble_run(e, &cfg, NULL, 0, &r, err);
    if (!st && r->n_failed) st = pl_error_set(err, PL_EMODEL, "%s: %s", c->name, r->failure);
    double *scratch = st ? NULL : pl_malloc((size_t)bt->cfg.runs * sizeof *scratch);
    c->run_t = st ? NULL : pl_malloc((size_t)bt->cfg.runs * sizeof *c->run_t);
    if (!st && (!scratch || !c->run_t)) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (long i = 0; !st && i < bt->cfg.runs; i++) c->run_t[i] = isnan(r->y[i]) ? -1 : r->y[i];
    if (!st) summarise_runs(&bt->cfg, c, scratch);
    pl_free(scratch);
    pl_ens_result_free(r);
    pl_experiment_free(e);
    return st;
}

/* ---- Reading a case -------------------------------------------------------------------------- */

static pl_status read_outcome(const pl_scenario *sc, pl_bt_case *c, pl_error *err)
{
    const pl_field *res = pl_scenario_find_field(sc, "case.resumed"), *on = pl_scenario_find_field(sc, "case.resumed_on");
    if (!res->given)
        return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no case.resumed, expected the outcome (docs/backtest.md C3)");
    c->resumed = res->number > 0;
    if (c->resumed && !on->given)
        return pl_error_at(err, PL_EINPUT, sc->path, res->line, res->col, "found resumed: true without resumed_on, expected its date");
    long start = pl_date_days(sc->start_year, sc->start_month, sc->start_day);
    c->actual_years = c->resumed ? (on->number - (double)start) / 365.25 : -1;
    c->window = sc->horizon_years;
    /* A date outside the window was taken as it stood: before the agreement it printed 'none' for a
    ** war that resumed; after the window it counted as a war within it (docs/backtest.md C3, C4). */
    if (c->resumed && (c->actual_years < 0 || c->actual_years > c->window))
        return pl_error_at(err, PL_EINPUT, sc->path, on->line, on->col,
                           "found resumed_on %.2f years after the agreement, expected a date within the observed window "
                           "(0 to horizon_years %g)", c->actual_years, c->window);
    return PL_OK;
}

/* Two files naming the same case would enter the scores twice under one name. */
static pl_status check_unique(const pl_backtest *bt, const char *name, const char *path, pl_error *err)
{
    for (size_t k = 0; k < bt->n; k++)
        if (strcmp(bt->c[k].name, name) == 0)
            return pl_error_at(err, PL_EINPUT, path, 1, 1, "found case name '%s' a second time, expected each case once", name);
    return PL_OK;
}

static pl_status run_case(pl_backtest *bt, const char *file, const pl_scenario *common, pl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", bt->dir, file);
    pl_scenario *sc;
    pl_status st = pl_settle_case_read(path, common, &sc, err);
    if (st) return st;
    pl_bt_case *c = &bt->c[bt->n];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", sc->name);
    st = check_unique(bt, c->name, path, err);
    if (!st) st = read_outcome(sc, c, err);
    if (!st) {
        pl_settle_case_covariates(sc, c->cov, c->coded);
        pl_settle_covariates cv;
        memcpy(&cv, c->cov, sizeof cv);
        c->ladder = pl_settle_case_ladder(&cv);
        st = predict(bt, sc, c, err);
    }
    pl_scenario_free(sc);
    if (!st) bt->n++;
    else pl_free(c->run_t), c->run_t = NULL;
    return st;
}

/* Cases run with the model's built-in defaults instead of the shared assumptions would be a
** different backtest; refuse rather than run it silently (docs/backtest.md C8). */
static pl_status read_common(const char *dir, pl_scenario **common, pl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/_common.yaml", dir);
    FILE *probe = fopen(path, "r");
    if (!probe)
        return pl_error_set(err, PL_EINPUT, "found no %s, expected the assumptions shared by every case "
                                            "(docs/backtest.md rule C8)", path);
    fclose(probe);
    return pl_scenario_read(path, pl_settle_case_schema(), common, err);
}

pl_status pl_backtest_run(pl_backtest *bt, const pl_bt_config *cfg, pl_error *err)
{
    bt->cfg = *cfg;
    pl_scenario *common = NULL;
    pl_status st = read_common(bt->dir, &common, err);
    for (size_t k = 0; k < bt->n_files && !st; k++) st = run_case(bt, bt->file[k], common, err);
    pl_scenario_free(common);
    if (!st) st = pl_bt_corpus_evaluate(bt, err);
    return st;
}
