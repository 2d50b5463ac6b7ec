/*
** cmd_backtest.c — `parley backtest`: the post-deal model on a corpus of historical ceasefires,
** scored as forecasts (renewal within N years; time to renewal) against leave-one-out baselines.
** Coding rules and results: docs/backtest.md. The scoring and the baselines are library code
** (parley/backtest.h); this file reads the cases, runs the model and writes the results.
** Layer: interfaces.
*/
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "parley/backtest.h"
#include "parley/json.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/settle_sim.h"
#include "parley/summary.h"

/* The common options without sqlite: the backtest writes no results store, so it does not offer one. */
static const pl_option_desc common_options[] = {
    {"format", PL_OPT_ENUM, "auto", 0, 0, "auto|table|csv|json", "output format; auto is table on a terminal and json otherwise"},
    {"out", PL_OPT_STRING, "-", 0, 0, NULL, "write the result to this file (atomically); - is standard output"},
    {"seed", PL_OPT_INT, "1", 0, 9223372036854775807.0, NULL, "master random seed; run i uses stream (seed, i)"},
    {"help", PL_OPT_FLAG, "0", 0, 0, NULL, "show this help"},
};
static const pl_option_desc backtest_options[] = {
    {"runs", PL_OPT_INT, "200", 1, 1e7, NULL, "runs per case (docs/backtest.md rule C8: 200)"},
    {"years", PL_OPT_DOUBLE, "5", 0.5, 50, NULL, "the forecast event: renewal within this many years (rule C7: 5)"},
    {"ridge", PL_OPT_DOUBLE, "1", 0, 1e6, NULL, "ridge penalty of the regression baselines (rule C10: 1)"},
    {"point", PL_OPT_STRING, "", 0, 0, NULL,
     "LABEL=P: an out-of-corpus forecast placed on the reliability diagram (no outcome, no score)"},
    {"quiet", PL_OPT_FLAG, "0", 0, 0, NULL, "no progress on standard error"},
};

enum { MAX_CASES = 128, N_COV = PL_SETTLE_N_COVARIATES, MOST_WRONG = 5 };

/* Covariates that always count as coded: an unreported mechanism is none (rule C8). */
static int mechanism_flag(size_t j) { return j < 4; }

/* One case's facts, prediction and outcome. */
typedef struct bt_case {
    char name[128];
    double window, actual_years; /* actual −1: no renewal */
    int resumed;
    double ladder;               /* rule C8's code at the nominal covariates */
    size_t k_horizon;            /* runs with a renewal within the horizon */
    double p_model, p_lo, p_hi;  /* (k + ½)/(R + 1) and the 90 % Wilson interval of k/R */
    double median;               /* median predicted years to renewal ('none' when most runs have none) */
    double cov[N_COV];
    unsigned char coded[N_COV];
    double *run_t;               /* runs: years to renewal, −1 none */
} bt_case;

typedef struct backtest {
    bt_case c[MAX_CASES];
    size_t n, runs, n_files; /* n_files: the cases listed, for the progress total */
    uint64_t seed;
    double years, ridge;
    char point_label[64];
    double point_p;              /* NaN: no point */
    size_t n_coded[N_COV];
    int in_regression[N_COV];
    pl_bt_eval ev;
    int evaluated;
} backtest;

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The case files of dir (*.yaml not starting with '_'), sorted. */
static pl_status list_cases(const char *dir, char **names, size_t *n, pl_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return pl_error_set(err, PL_EIO, "cannot open directory %s", dir);
    *n = 0;
    pl_status st = PL_OK;
    for (struct dirent *e; (e = readdir(d)) && !st;) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '_' || e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0) continue;
        if (*n == MAX_CASES) st = pl_error_set(err, PL_EINPUT, "found more than %d cases in %s", MAX_CASES, dir);
        else if (!(names[(*n)++] = pl_strdup(e->d_name))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    closedir(d);
    if (!st && *n == 0) st = pl_error_set(err, PL_EINPUT, "found no case files (*.yaml) in %s", dir);
    if (!st) qsort(names, *n, sizeof *names, by_name);
    return st;
}

/* Runs the case R times over its window; the forecast and its interval (rule C9). */
static pl_status predict(const pl_scenario *sc, backtest *bt, bt_case *c, cli_progress *prog, pl_error *err)
{
    double *v = pl_malloc((sc->n_params ? sc->n_params : 1) * sizeof *v), *scratch = pl_malloc(bt->runs * sizeof *scratch);
    c->run_t = pl_malloc(bt->runs * sizeof *c->run_t);
    gsl_rng *rng = pl_rng_alloc(bt->seed, 0);
    pl_status st = v && scratch && c->run_t && rng ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    c->k_horizon = 0;
    for (size_t i = 0; i < bt->runs && !st; i++) {
        pl_rng_reseed(rng, bt->seed, i);
        pl_scenario_draw(sc, rng, v);
        pl_settle_params p;
        st = pl_settle_case_params(sc, v, &p, err);
        if (!st) st = pl_settle_case_run(&p, c->window, rng, &c->run_t[i], err);
        c->k_horizon += !st && c->run_t[i] >= 0 && c->run_t[i] < bt->years;
        cli_progress_update(prog, (long)(bt->n * bt->runs + i + 1), (long)(bt->n_files * bt->runs));
    }
    if (!st) {
        double r = (double)bt->runs;
        c->p_model = ((double)c->k_horizon + 0.5) / (r + 1);
        pl_wilson_interval((long)c->k_horizon, (long)bt->runs, 1.6448536269514722, &c->p_lo, &c->p_hi);
        c->median = pl_settle_median_time(c->run_t, bt->runs, 1, scratch);
    }
    pl_free(v);
    pl_free(scratch);
    gsl_rng_free(rng);
    return st;
}

static pl_status read_outcome(const pl_scenario *sc, bt_case *c, pl_error *err)
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
static pl_status check_unique(const backtest *bt, const char *name, const char *path, pl_error *err)
{
    for (size_t k = 0; k < bt->n; k++)
        if (strcmp(bt->c[k].name, name) == 0)
            return pl_error_at(err, PL_EINPUT, path, 1, 1, "found case name '%s' a second time, expected each case once", name);
    return PL_OK;
}

static pl_status run_case(const char *dir, const char *file, const pl_scenario *common, backtest *bt, cli_progress *prog,
                          pl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    pl_scenario *sc;
    pl_status st = pl_settle_case_read(path, common, &sc, err);
    if (st) return st;
    bt_case *c = &bt->c[bt->n];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", sc->name);
    st = check_unique(bt, c->name, path, err);
    if (!st) st = read_outcome(sc, c, err);
    if (!st) {
        pl_settle_case_covariates(sc, c->cov, c->coded);
        pl_settle_covariates cv;
        memcpy(&cv, c->cov, sizeof cv);
        c->ladder = pl_settle_case_ladder(&cv);
        st = predict(sc, bt, c, prog, err);
    }
    pl_scenario_free(sc);
    if (!st) bt->n++;
    else pl_free(c->run_t);
    return st;
}

/* ---- Evaluation ------------------------------------------------------------------------------ */

/* The regressions' covariates (rule C10): those coded for at least 80 % of the cases; battle
** deaths and capability ratios enter as logarithms. */
static double regression_value(size_t j, double x)
{
    if (strcmp(pl_settle_covariate_names[j], "battle_deaths") == 0) return log10(x);
    if (strcmp(pl_settle_covariate_names[j], "capability_ratio") == 0) return log(x);
    return x;
}

static void choose_covariates(backtest *bt)
{
    for (size_t j = 0; j < N_COV; j++) {
        bt->n_coded[j] = 0;
        for (size_t i = 0; i < bt->n; i++) bt->n_coded[j] += mechanism_flag(j) || bt->c[i].coded[j];
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

static void fill_case_arrays(const backtest *bt, bt_arrays *a)
{
    for (size_t i = 0; i < bt->n; i++) {
        const bt_case *c = &bt->c[i];
        a->p[i] = c->p_model;
        a->y[i] = c->resumed && c->actual_years < bt->years;
        a->t[i] = c->resumed ? c->actual_years : c->window;
        a->event[i] = (unsigned char)c->resumed;
        for (size_t j = 0, col = 0; j < N_COV; j++) {
            if (!bt->in_regression[j]) continue;
            int miss = !mechanism_flag(j) && !c->coded[j];
            a->X[i * a->p_cols + col] = miss ? 0 : regression_value(j, c->cov[j]);
            a->missing[i * a->p_cols + col++] = (unsigned char)miss;
        }
        for (size_t r = 0; r < bt->runs; r++) {
            double t = c->run_t[r];
            a->run_t[i * bt->runs + r] = t >= 0 ? t : c->window;
            a->run_event[i * bt->runs + r] = t >= 0;
        }
    }
}

static pl_status evaluate(backtest *bt, pl_error *err)
{
    choose_covariates(bt);
    bt_arrays a = {0};
    for (size_t j = 0; j < N_COV; j++) a.p_cols += (size_t)bt->in_regression[j];
    size_t n = bt->n, cells = n * (a.p_cols ? a.p_cols : 1);
    a.n_runs = n * bt->runs;
    a.p = pl_malloc(n * sizeof *a.p);
    a.y = pl_malloc(n * sizeof *a.y);
    a.t = pl_malloc(n * sizeof *a.t);
    a.X = pl_malloc(cells * sizeof *a.X);
    a.event = pl_malloc(n);
    a.missing = pl_malloc(cells);
    a.run_t = pl_malloc(a.n_runs * sizeof *a.run_t);
    a.run_event = pl_malloc(a.n_runs);
    pl_status st = a.p && a.y && a.t && a.X && a.event && a.missing && a.run_t && a.run_event
                       ? PL_OK
                       : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) {
        fill_case_arrays(bt, &a);
        pl_bt_input in = {n, a.p_cols, a.p, a.y, a.t, a.event, a.X, a.missing, bt->years, bt->ridge, a.run_t, a.run_event, a.n_runs};
        st = pl_backtest_evaluate(&in, &bt->ev, err);
        bt->evaluated = !st;
    }
    arrays_free(&a);
    return st;
}

/* Case indices sorted by the model's per-case Brier score, worst first. */
static double case_brier(const backtest *bt, size_t i)
{
    const bt_case *c = &bt->c[i];
    double y = c->resumed && c->actual_years < bt->years;
    return (c->p_model - y) * (c->p_model - y);
}

/* idx: the cases, worst first (insertion sort: at most MAX_CASES, and qsort has no context). */
static void most_wrong(const backtest *bt, size_t *idx)
{
    for (size_t i = 0; i < bt->n; i++) {
        size_t k = i;
        for (; k > 0 && case_brier(bt, idx[k - 1]) < case_brier(bt, i); k--) idx[k] = idx[k - 1];
        idx[k] = i;
    }
}

/* ---- Output ---------------------------------------------------------------------------------- */

static size_t point_bin(double p)
{
    int k = (int)floor(p * PL_RELIABILITY_BINS);
    return (size_t)(k < 0 ? 0 : k >= PL_RELIABILITY_BINS ? PL_RELIABILITY_BINS - 1 : k);
}

static void percent_text(double p, char *buf, size_t size)
{
    if (p == 0 || p == 1) snprintf(buf, size, "%.0f%%*", 100 * p); /* the reason is printed under the table */
    else if (p > 0 && p < 0.001) snprintf(buf, size, "<0.1%%");
    else if (p < 1 && p > 0.999) snprintf(buf, size, ">99.9%%");
    else snprintf(buf, size, "%.1f%%", 100 * p);
}

static void write_cases_table(const backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    fprintf(out, "%-26s %5s %6s %16s %7s %7s %7s %7s %6s %6s\n", "case", "code", "window", "model [90%]", "recal.",
            "base", "logit", "Weibull", "actual", "years");
    for (size_t i = 0; i < bt->n; i++) {
        const bt_case *c = &bt->c[i];
        char act[16], m[16], lo[16], hi[16], band[64], f[PL_BT_FORECASTERS - 1][16];
        cli_years_text(c->actual_years, act, sizeof act);
        percent_text(c->p_model, m, sizeof m);
        snprintf(lo, sizeof lo, "%.1f%%", 100 * c->p_lo); /* bounds of k/runs: 0 and 1 are plain values */
        snprintf(hi, sizeof hi, "%.1f%%", 100 * c->p_hi);
        snprintf(band, sizeof band, "%s [%s-%s]", m, lo, hi);
        for (int k = 1; k < PL_BT_FORECASTERS; k++) percent_text(ev->prob[k][i], f[k - 1], sizeof f[k - 1]);
        char nb[PL_TABLE_TEXT_MAX]; /* a case's name is free text: shown without its control characters */
        fprintf(out, "%-26s %5.1f %6.1f %16s %7s %7s %7s %7s %6s %6s\n", pl_table_text(c->name, nb, sizeof nb),
                c->ladder, c->window, band, f[0], f[1], f[2], f[3], c->resumed ? "war" : "peace", act);
    }
}

static void write_scores_table(const backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    const pl_prob_scores *base = &ev->score[PL_BT_BASE_RATE];
    fprintf(out, "\nScores: renewal within %g years, %zu cases, %.0f renewed (base rate %.3f)\n", bt->years, bt->n,
            base->base_rate * (double)bt->n, base->base_rate);
    fprintf(out, "%-26s %6s %6s %6s %7s %7s %6s %8s  %s\n", "forecaster", "Brier", "log", "BSS", "reliab.", "resol.",
            "sharp", "clipped", "model minus it (Brier, ± se)");
    for (int k = 0; k < PL_BT_FORECASTERS; k++) {
        const pl_prob_scores *s = &ev->score[k];
        /* Skill against a base rate that scored 0 (every case of one outcome) is undefined: '-', not -inf or NaN. */
        char bss[16] = "-";
        if (base->brier > 0) snprintf(bss, sizeof bss, "%.3f", 1 - s->brier / base->brier);
        fprintf(out, "%-26s %6.3f %6.3f %6s %7.3f %7.3f %6.3f %8zu", pl_bt_forecaster_names[k], s->brier, s->log_score, bss,
                s->reliability, s->resolution, s->sharpness, s->clipped);
        if (k) fprintf(out, "  %+.3f ± %.3f\n", ev->diff_mean[k], ev->diff_se[k]);
        else fprintf(out, "  -\n");
    }
    fprintf(out, "BSS: Brier skill against the base rate (LOO); clipped: forecasts moved into [0.001, 0.999] for the\n"
                 "log score (rule C9). The model's own forecasts are (k + 1/2)/(runs + 1), never 0 or 1.\n");
}

static void write_reliability_table(const backtest *bt, FILE *out)
{
    const pl_prob_scores *s = &bt->ev.score[PL_BT_MODEL];
    fprintf(out, "\nReliability diagram (the model): forecast bin, cases, mean forecast, observed share [90%% Wilson]\n");
    for (int k = 0; k < PL_RELIABILITY_BINS; k++) {
        const pl_reliability_bin *b = &s->bin[k];
        fprintf(out, "  [%.1f, %.1f%c  %3zu", 0.2 * k, 0.2 * (k + 1), k + 1 < PL_RELIABILITY_BINS ? ')' : ']', b->n);
        if (b->n) fprintf(out, "  %6.3f  %6.3f [%.3f, %.3f]", b->mean_forecast, b->observed, b->lo, b->hi);
        if (!isnan(bt->point_p) && point_bin(bt->point_p) == (size_t)k)
            fprintf(out, "  + out of corpus: %s %.3f (no outcome yet)", bt->point_label, bt->point_p);
        fputc('\n', out);
    }
}

static void write_survival_table(const backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    fprintf(out, "\nTime to renewal, share still at peace: Kaplan-Meier of the cases (± Greenwood SE) against the model's\n"
                 "runs (same windows) and the mean leave-one-out Weibull curve\n");
    fprintf(out, "  %-8s %16s %8s %8s\n", "years", "observed", "model", "Weibull");
    for (int g = 0; g < PL_BT_GRID; g++)
        fprintf(out, "  %-8g %8.3f ± %.3f %8.3f %8.3f\n", pl_bt_grid_years[g], ev->km_observed[g], ev->km_se[g],
                ev->km_model[g], ev->weibull_mean[g]);
}

static void write_coverage_table(const backtest *bt, FILE *out)
{
    fprintf(out, "\nCovariates: cases coded (of %zu); in the regressions when coded for at least 80%%\n", bt->n);
    for (size_t j = 0; j < N_COV; j++)
        fprintf(out, "  %-22s %3zu%s%s\n", pl_settle_covariate_names[j], bt->n_coded[j],
                mechanism_flag(j) ? " (unreported = none, rule C8)" : "", bt->in_regression[j] ? "  in" : "");
}

static void write_table(const backtest *bt, FILE *out)
{
    fprintf(out, "Backtest: %zu agreements, %zu runs each, seed %llu; forecast: renewal within %g years "
                 "(coding rules: docs/backtest.md)\n\n", bt->n, bt->runs, (unsigned long long)bt->seed, bt->years);
    write_cases_table(bt, out);
    fprintf(out, "code: rule C8's guarantee ladder; model: (k + 1/2)/(runs + 1) with the 90%% interval of k/runs;\n"
                 "recal., base, logit, Weibull: leave-one-out forecasts (rule C10).\n");
    size_t exact = 0;
    for (int k = 1; k < PL_BT_FORECASTERS; k++)
        for (size_t i = 0; i < bt->n; i++) exact += bt->ev.prob[k][i] == 0 || bt->ev.prob[k][i] == 1;
    if (exact)
        fprintf(out, "*: %zu baseline forecasts are exactly 0 or 1: every other case in the fold had the same outcome\n"
                     "(the base rate of the others is then 0 or 1; the log score clips them, rule C9).\n", exact);
    write_scores_table(bt, out);
    write_reliability_table(bt, out);
    write_survival_table(bt, out);
    write_coverage_table(bt, out);
    size_t idx[MAX_CASES];
    most_wrong(bt, idx);
    fprintf(out, "\nMost wrong (the model, per-case Brier):");
    for (size_t k = 0; k < MOST_WRONG && k < bt->n; k++) {
        char nb[PL_TABLE_TEXT_MAX];
        fprintf(out, "%s %s %.3f", k ? "," : "", pl_table_text(bt->c[idx[k]].name, nb, sizeof nb), case_brier(bt, idx[k]));
    }
    fputc('\n', out);
}

static void write_csv(const backtest *bt, FILE *out)
{
    fprintf(out, "case,code,window_years,runs,runs_renewed_within_horizon,p_model,p_model_lo,p_model_hi,p_recalibrated,"
                 "p_base_rate,p_logistic,p_weibull,predicted_median_years,resumed,actual_years,renewed_within_horizon\n");
    for (size_t i = 0; i < bt->n; i++) {
        const bt_case *c = &bt->c[i];
        pl_csv_write_field(out, c->name); /* a case's name is free text: it may hold commas or quotes */
        fprintf(out, ",%.17g,%.17g,%zu,%zu,%.17g,%.17g,%.17g", c->ladder, c->window, bt->runs, c->k_horizon, c->p_model,
                c->p_lo, c->p_hi);
        for (int k = 1; k < PL_BT_FORECASTERS; k++) fprintf(out, ",%.17g", bt->ev.prob[k][i]);
        fputc(',', out);
        cli_csv_optional(out, c->median);
        fprintf(out, ",%d,", c->resumed);
        cli_csv_optional(out, c->actual_years);
        fprintf(out, ",%d\n", c->resumed && c->actual_years < bt->years);
    }
}

static json_t *json_number(double x) { return isnan(x) ? json_null() : json_real(x); }

static json_t *json_scores(const backtest *bt, int k)
{
    const pl_prob_scores *s = &bt->ev.score[k];
    json_t *bins = json_array();
    for (int b = 0; b < PL_RELIABILITY_BINS; b++)
        json_array_append_new(bins, json_pack("{s:f, s:f, s:I, s:o, s:o, s:o, s:o}", "from", 0.2 * b, "to", 0.2 * (b + 1),
                                              "n", (json_int_t)s->bin[b].n, "mean_forecast",
                                              json_number(s->bin[b].mean_forecast), "observed",
                                              json_number(s->bin[b].observed), "observed_lo", json_number(s->bin[b].lo),
                                              "observed_hi", json_number(s->bin[b].hi)));
    return json_pack("{s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:o, s:o, s:o}", "forecaster", pl_bt_forecaster_names[k],
                     "brier", s->brier, "log_score", s->log_score, "reliability", s->reliability, "resolution",
                     s->resolution, "uncertainty", s->uncertainty, "sharpness", s->sharpness, "clipped",
                     (json_int_t)s->clipped, "model_minus_brier", json_number(bt->ev.diff_mean[k]), "model_minus_brier_se",
                     json_number(bt->ev.diff_se[k]), "reliability_bins", bins);
}

static json_t *json_cases(const backtest *bt)
{
    json_t *cases = json_array();
    for (size_t i = 0; i < bt->n; i++) {
        const bt_case *c = &bt->c[i];
        json_t *cov = json_object();
        for (size_t j = 0; j < N_COV; j++)
            json_object_set_new(cov, pl_settle_covariate_names[j], c->coded[j] ? json_real(c->cov[j]) : json_null());
        json_array_append_new(cases, json_pack("{s:s, s:f, s:f, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:b, s:o, s:o}",
                                               "case", c->name, "code", c->ladder, "window_years", c->window,
                                               "runs_renewed_within_horizon", (json_int_t)c->k_horizon, "p_model",
                                               c->p_model, "p_model_lo", c->p_lo, "p_model_hi", c->p_hi, "p_recalibrated",
                                               bt->ev.prob[PL_BT_RECALIBRATED][i], "p_base_rate",
                                               bt->ev.prob[PL_BT_BASE_RATE][i], "p_logistic", bt->ev.prob[PL_BT_LOGISTIC][i],
                                               "p_weibull", bt->ev.prob[PL_BT_WEIBULL][i], "predicted_median_years",
                                               cli_json_optional(c->median), "resumed", c->resumed, "actual_years",
                                               cli_json_optional(c->actual_years), "covariates", cov));
    }
    return cases;
}

static pl_status write_json(const backtest *bt, FILE *out, pl_error *err)
{
    json_t *doc = json_object(), *scores = json_array(), *surv = json_array(), *cov = json_object();
    json_object_set_new(doc, "runs", json_integer((json_int_t)bt->runs));
    json_object_set_new(doc, "seed", json_integer((json_int_t)bt->seed));
    json_object_set_new(doc, "horizon_years", json_real(bt->years));
    json_object_set_new(doc, "ridge", json_real(bt->ridge));
    for (int k = 0; k < PL_BT_FORECASTERS; k++) json_array_append_new(scores, json_scores(bt, k));
    json_object_set_new(doc, "scores", scores);
    for (int g = 0; g < PL_BT_GRID; g++)
        json_array_append_new(surv, json_pack("{s:f, s:f, s:f, s:f, s:f}", "years", pl_bt_grid_years[g], "observed",
                                              bt->ev.km_observed[g], "observed_se", bt->ev.km_se[g], "model",
                                              bt->ev.km_model[g], "weibull", bt->ev.weibull_mean[g]));
    json_object_set_new(doc, "survival", surv);
    for (size_t j = 0; j < N_COV; j++)
        json_object_set_new(cov, pl_settle_covariate_names[j], json_pack("{s:I, s:b}", "coded", (json_int_t)bt->n_coded[j],
                                                                          "in_regressions", bt->in_regression[j]));
    json_object_set_new(doc, "covariates", cov);
    if (!isnan(bt->point_p))
        json_object_set_new(doc, "out_of_corpus", json_pack("{s:s, s:f, s:I}", "label", bt->point_label, "p", bt->point_p,
                                                            "bin", (json_int_t)point_bin(bt->point_p)));
    json_object_set_new(doc, "cases", json_cases(bt));
    return pl_json_dump(doc, out, err);
}

static pl_status write_backtest(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const backtest *bt = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: write_table(bt, fp); return PL_OK;
    case CLI_OUT_CSV: write_csv(bt, fp); return PL_OK;
    case CLI_OUT_JSON: return write_json(bt, fp, err);
    default: return pl_error_set(err, PL_EINVAL, "parley backtest writes table, csv or json");
    }
}

static int backtest_main(int argc, char **argv);

const cli_command cli_cmd_backtest = {
    "backtest", "historical ceasefires scored as forecasts, against leave-one-out baselines",
    "parley backtest [options] DIR",
    "DIR holds one case file per agreement (scenarios/cases/) and _common.yaml with the assumptions\n"
    "shared by every case (required). Each case runs the settle model's post-deal world from the\n"
    "agreement's date to the end of its observed window; the share of runs with a renewal within\n"
    "--years is scored (Brier, log score, reliability) beside the base rate, a ridge logistic and a\n"
    "Weibull regression on the cases' covariates, all leave-one-out (docs/backtest.md).",
    backtest_main, NULL, 1};

/* The inputs are the files of DIR, so cli_begin's check of --out against DIR itself does not
** cover them: --out DIR/korea-1953.yaml replaced that case with the CSV of the results. */
static pl_status check_out(const char *dir, char *const *names, size_t n, const char *out, pl_error *err)
{
    char path[1024];
    pl_status st = PL_OK;
    for (size_t k = 0; k <= n && !st; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, k < n ? names[k] : "_common.yaml");
        st = cli_check_outputs_against(&out, 1, path, "a case file of DIR", err);
    }
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

static pl_status backtest_dir(const char *dir, const char *out, backtest *bt, int quiet, pl_error *err)
{
    char *names[MAX_CASES] = {0};
    size_t n = 0;
    pl_scenario *common = NULL;
    pl_status st = list_cases(dir, names, &n, err);
    if (!st) st = check_out(dir, names, n, out, err);
    if (!st) st = read_common(dir, &common, err);
    bt->n_files = n;
    cli_progress prog;
    cli_progress_init(&prog, "backtest", quiet || st, 5);
    for (size_t k = 0; k < n && !st; k++) st = run_case(dir, names[k], common, bt, &prog, err);
    if (!st) cli_progress_finish(&prog, (long)(bt->n * bt->runs), (long)(n * bt->runs));
    for (size_t k = 0; k < n; k++) pl_free(names[k]);
    pl_scenario_free(common);
    if (!st) st = evaluate(bt, err);
    return st;
}

/* --point LABEL=P: a label and a probability in [0, 1]. */
static pl_status parse_point(const char *text, backtest *bt, pl_error *err)
{
    bt->point_p = (double)NAN;
    if (!*text) return PL_OK;
    const char *eq = strrchr(text, '=');
    char *end;
    double p = eq ? strtod(eq + 1, &end) : (double)NAN;
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof bt->point_label || *end || eq[1] == '\0' || !(p >= 0 && p <= 1))
        return pl_error_set(err, PL_EINVAL, "found --point '%s', expected LABEL=P with P in [0, 1]", text);
    snprintf(bt->point_label, sizeof bt->point_label, "%.*s", (int)(eq - text), text);
    bt->point_p = p;
    return PL_OK;
}

static void backtest_free(backtest *bt)
{
    for (size_t i = 0; i < bt->n; i++) pl_free(bt->c[i].run_t);
    if (bt->evaluated) pl_backtest_eval_free(&bt->ev);
    pl_free(bt);
}

static int backtest_main(int argc, char **argv)
{
    pl_optset common, bo;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(bo, backtest_options);
    pl_optset *sets[] = {&common, &bo};
    const char *pos[1];
    pl_error err;
    pl_error_clear(&err);
    int rc = cli_begin(&cli_cmd_backtest, argc, argv, sets, 2, 2, "DIR", pos);
    if (rc >= 0) return rc;
    backtest *bt = pl_calloc(1, sizeof *bt);
    if (!bt) return cli_fail(&(pl_error){.code = PL_ENOMEM, .msg = "out of memory"});
    bt->runs = (size_t)pl_optset_int(&bo, "runs");
    bt->years = pl_optset_double(&bo, "years");
    bt->ridge = pl_optset_double(&bo, "ridge");
    bt->seed = cli_seed(&common);
    pl_status st = parse_point(pl_optset_text(&bo, "point"), bt, &err);
    if (!st) st = backtest_dir(pos[0], pl_optset_text(&common, "out"), bt, pl_optset_flag(&bo, "quiet"), &err);
    if (!st) st = cli_write_result(&common, bt, write_backtest, &err);
    backtest_free(bt);
    if (st == PL_EINVAL && !err.file[0]) return cli_usage_error(&cli_cmd_backtest, &err);
    return st ? cli_fail(&err) : 0;
}
