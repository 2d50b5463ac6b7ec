/*
** backtest_write.c — `parley backtest`'s results: the prose table for people (the cases' forecasts
** beside the baselines', the scores, the reliability diagram, the time-to-renewal check, the
** covariates' coverage, the cases the model got most wrong) and the same numbers as a result
** document (parley/result.h) for csv (one table per file), json and sqlite.
** Layer: ensembles.
*/
#include "parley/backtest_write.h"

#include <math.h>
#include <stdio.h>

#include "parley/json.h"
#include "parley/result.h"
#include "parley/settle_sim.h"
#include "parley/summary.h"

enum { BT_MOST_WRONG = 5 };

static size_t point_bin(double p)
{
    int k = (int)floor(p * PL_RELIABILITY_BINS);
    return (size_t)(k < 0 ? 0 : k >= PL_RELIABILITY_BINS ? PL_RELIABILITY_BINS - 1 : k);
}

/* As the CLI writes years elsewhere: "none" for a case that did not resume. */
static void years_text(double years, char *buf, size_t size)
{
    if (years < 0) snprintf(buf, size, "none");
    else snprintf(buf, size, "%.1f", years);
}

static void percent_text(double p, char *buf, size_t size)
{
    if (p == 0 || p == 1) snprintf(buf, size, "%.0f%%*", 100 * p); /* the reason is printed under the table */
    else if (p > 0 && p < 0.001) snprintf(buf, size, "<0.1%%");
    else if (p < 1 && p > 0.999) snprintf(buf, size, ">99.9%%");
    else snprintf(buf, size, "%.1f%%", 100 * p);
}

static void write_cases_table(const pl_backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    fprintf(out, "%-26s %5s %6s %16s %7s %7s %7s %7s %6s %6s\n", "case", "code", "window", "model [90%]", "recal.",
            "base", "logit", "Weibull", "actual", "years");
    for (size_t i = 0; i < bt->n; i++) {
        const pl_bt_case *c = &bt->c[i];
        char act[16], m[16], lo[16], hi[16], band[64], f[PL_BT_FORECASTERS - 1][16];
        years_text(c->actual_years, act, sizeof act);
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

static void write_scores_table(const pl_backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    const pl_prob_scores *base = &ev->score[PL_BT_BASE_RATE];
    fprintf(out, "\nScores: renewal within %g years, %zu cases, %.0f renewed (base rate %.3f)\n", bt->cfg.years, bt->n,
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

static void write_reliability_table(const pl_backtest *bt, const pl_bt_point *pt, FILE *out)
{
    const pl_prob_scores *s = &bt->ev.score[PL_BT_MODEL];
    fprintf(out, "\nReliability diagram (the model): forecast bin, cases, mean forecast, observed share [90%% Wilson]\n");
    for (int k = 0; k < PL_RELIABILITY_BINS; k++) {
        const pl_reliability_bin *b = &s->bin[k];
        fprintf(out, "  [%.1f, %.1f%c  %3zu", 0.2 * k, 0.2 * (k + 1), k + 1 < PL_RELIABILITY_BINS ? ')' : ']', b->n);
        if (b->n) fprintf(out, "  %6.3f  %6.3f [%.3f, %.3f]", b->mean_forecast, b->observed, b->lo, b->hi);
        if (!isnan(pt->p) && point_bin(pt->p) == (size_t)k)
            fprintf(out, "  + out of corpus: %s %.3f (no outcome yet)", pt->label, pt->p);
        fputc('\n', out);
    }
}

static void write_survival_table(const pl_backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    fprintf(out, "\nTime to renewal, share still at peace: Kaplan-Meier of the cases (± Greenwood SE) against the model's\n"
                 "runs (same windows) and the mean leave-one-out Weibull curve\n");
    fprintf(out, "  %-8s %16s %8s %8s\n", "years", "observed", "model", "Weibull");
    for (int g = 0; g < PL_BT_GRID; g++)
        fprintf(out, "  %-8g %8.3f ± %.3f %8.3f %8.3f\n", pl_bt_grid_years[g], ev->km_observed[g], ev->km_se[g],
                ev->km_model[g], ev->weibull_mean[g]);
}

static void write_coverage_table(const pl_backtest *bt, FILE *out)
{
    fprintf(out, "\nCovariates: cases coded (of %zu); in the regressions when coded for at least 80%%\n", bt->n);
    for (size_t j = 0; j < PL_BT_COVARIATES; j++)
        fprintf(out, "  %-22s %3zu%s%s\n", pl_settle_covariate_names[j], bt->n_coded[j],
                pl_bt_covariate_always_coded(j) ? " (unreported = none, rule C8)" : "", bt->in_regression[j] ? "  in" : "");
}

static void write_table(const pl_backtest *bt, const pl_bt_point *pt, FILE *out)
{
    fprintf(out, "Backtest: %zu agreements, %ld runs each, seed %llu; forecast: renewal within %g years "
                 "(coding rules: docs/backtest.md)\n\n", bt->n, bt->cfg.runs, (unsigned long long)bt->cfg.seed, bt->cfg.years);
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
    write_reliability_table(bt, pt, out);
    write_survival_table(bt, out);
    write_coverage_table(bt, out);
    size_t idx[PL_BT_MAX_CASES];
    pl_bt_most_wrong(bt, idx);
    fprintf(out, "\nMost wrong (the model, per-case Brier):");
    for (size_t k = 0; k < BT_MOST_WRONG && k < bt->n; k++) {
        char nb[PL_TABLE_TEXT_MAX];
        fprintf(out, "%s %s %.3f", k ? "," : "", pl_table_text(bt->c[idx[k]].name, nb, sizeof nb), pl_bt_case_brier(bt, idx[k]));
    }
    fputc('\n', out);
}

/* ---- The result document (parley/result.h): one table per CSV file ----------------------------- */

typedef struct col {
    const char *name;
    pl_column_type type;
} col;

static pl_status add_table(pl_result_doc *doc, const char *name, const char *title, const col *c, size_t n,
                           pl_result_table **out, pl_error *err)
{
    pl_result_table *t = *out = pl_result_table_create(name, title);
    if (!t) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < n; k++) st = pl_result_table_add_column(t, c[k].name, c[k].type, NULL, err);
    if (st) pl_result_table_free(t);
    return st ? st : pl_result_doc_add_table(doc, t, err);
}

/* Sets the reals of the last row from column first on. */
static void set_reals(pl_result_table *t, size_t first, const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++) pl_result_set_real(t, first + k, v[k]);
}

/* A case's probabilities: the model's with its count of runs and 90 % Wilson interval, then the
** leave-one-out baselines' (fitted, so no count). */
static pl_status cases_table(pl_result_doc *doc, const pl_backtest *bt, pl_error *err)
{
    static const col c[] = {{"case", PL_COL_TEXT}, {"code", PL_COL_REAL}, {"window_years", PL_COL_REAL},
                            {"runs", PL_COL_INT}, {"runs_renewed_within_horizon", PL_COL_INT}, {"p_model", PL_COL_SHARE},
                            {"p_model_lo", PL_COL_SHARE}, {"p_model_hi", PL_COL_SHARE}, {"p_recalibrated", PL_COL_SHARE},
                            {"p_base_rate", PL_COL_SHARE}, {"p_logistic", PL_COL_SHARE}, {"p_weibull", PL_COL_SHARE},
                            {"predicted_median_years", PL_COL_REAL}, {"resumed", PL_COL_INT}, {"actual_years", PL_COL_REAL},
                            {"renewed_within_horizon", PL_COL_INT}};
    enum { N_FIXED = sizeof c / sizeof c[0] };
    pl_result_table *t;
    pl_status st = add_table(doc, "cases", "Cases", c, N_FIXED, &t, err);
    for (size_t j = 0; !st && j < PL_BT_COVARIATES; j++) { /* missing where the case file does not code it */
        char name[64];
        snprintf(name, sizeof name, "covariate_%s", pl_settle_covariate_names[j]);
        st = pl_result_table_add_column(t, name, PL_COL_REAL, NULL, err);
    }
    for (size_t i = 0; !st && i < bt->n; i++) {
        const pl_bt_case *cs = &bt->c[i];
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, cs->name, err);
        double v[] = {cs->ladder, cs->window};
        set_reals(t, 1, v, 2);
        pl_result_set_int(t, 3, bt->cfg.runs);
        pl_result_set_int(t, 4, (long long)cs->k_horizon);
        double p[] = {cs->p_model, cs->p_lo, cs->p_hi, bt->ev.prob[PL_BT_RECALIBRATED][i], bt->ev.prob[PL_BT_BASE_RATE][i],
                      bt->ev.prob[PL_BT_LOGISTIC][i], bt->ev.prob[PL_BT_WEIBULL][i],
                      cs->median >= 0 ? cs->median : (double)NAN};
        set_reals(t, 5, p, 8);
        pl_result_set_int(t, 13, cs->resumed);
        pl_result_set_real(t, 14, cs->actual_years >= 0 ? cs->actual_years : (double)NAN);
        pl_result_set_int(t, 15, pl_bt_case_event(bt, i));
        for (size_t j = 0; j < PL_BT_COVARIATES; j++) pl_result_set_real(t, N_FIXED + j, cs->coded[j] ? cs->cov[j] : (double)NAN);
    }
    return st;
}

/* Every forecaster's scores; events of n: the count behind the base rate. */
static pl_status scores_table(pl_result_doc *doc, const pl_backtest *bt, pl_error *err)
{
    static const col c[] = {{"forecaster", PL_COL_TEXT}, {"n", PL_COL_INT}, {"events", PL_COL_INT}, {"brier", PL_COL_REAL},
                            {"log_score", PL_COL_REAL}, {"brier_skill", PL_COL_REAL}, {"reliability", PL_COL_REAL},
                            {"resolution", PL_COL_REAL}, {"uncertainty", PL_COL_REAL}, {"sharpness", PL_COL_REAL},
                            {"clipped", PL_COL_INT}, {"model_minus_brier", PL_COL_REAL}, {"model_minus_brier_se", PL_COL_REAL}};
    pl_result_table *t;
    pl_status st = add_table(doc, "scores", "Scores", c, sizeof c / sizeof c[0], &t, err);
    const pl_prob_scores *base = &bt->ev.score[PL_BT_BASE_RATE];
    for (int k = 0; !st && k < PL_BT_FORECASTERS; k++) {
        const pl_prob_scores *s = &bt->ev.score[k];
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, pl_bt_forecaster_names[k], err);
        pl_result_set_int(t, 1, (long long)s->n);
        pl_result_set_int(t, 2, llround(s->base_rate * (double)s->n));
        /* Skill against a base rate that scored 0 (every case of one outcome) is undefined: missing. */
        double v[] = {s->brier, s->log_score, base->brier > 0 ? 1 - s->brier / base->brier : (double)NAN, s->reliability,
                      s->resolution, s->uncertainty, s->sharpness};
        set_reals(t, 3, v, 7);
        pl_result_set_int(t, 10, (long long)s->clipped);
        pl_result_set_real(t, 11, k ? bt->ev.diff_mean[k] : (double)NAN);
        pl_result_set_real(t, 12, k ? bt->ev.diff_se[k] : (double)NAN);
    }
    return st;
}

/* The reliability diagram as data: each forecaster's bins, the observed share with its count. */
static pl_status reliability_table(pl_result_doc *doc, const pl_backtest *bt, pl_error *err)
{
    static const col c[] = {{"forecaster", PL_COL_TEXT}, {"bin", PL_COL_INT}, {"from", PL_COL_REAL}, {"to", PL_COL_REAL},
                            {"n", PL_COL_INT}, {"events", PL_COL_INT}, {"mean_forecast", PL_COL_SHARE},
                            {"observed", PL_COL_SHARE}, {"observed_lo", PL_COL_SHARE}, {"observed_hi", PL_COL_SHARE}};
    pl_result_table *t;
    pl_status st = add_table(doc, "reliability", "Reliability diagram", c, sizeof c / sizeof c[0], &t, err);
    for (int k = 0; !st && k < PL_BT_FORECASTERS; k++)
        for (int b = 0; !st && b < PL_RELIABILITY_BINS; b++) {
            const pl_reliability_bin *x = &bt->ev.score[k].bin[b];
            st = pl_result_table_add_row(t, err);
            if (!st) st = pl_result_set_text(t, 0, pl_bt_forecaster_names[k], err);
            pl_result_set_int(t, 1, b);
            double v[] = {0.2 * b, 0.2 * (b + 1)};
            set_reals(t, 2, v, 2);
            pl_result_set_int(t, 4, (long long)x->n);
            if (x->n) pl_result_set_int(t, 5, llround(x->observed * (double)x->n));
            double w[] = {x->mean_forecast, x->observed, x->lo, x->hi};
            set_reals(t, 6, w, 4);
        }
    return st;
}

static pl_status survival_table(pl_result_doc *doc, const pl_backtest *bt, pl_error *err)
{
    static const col c[] = {{"years", PL_COL_REAL}, {"observed", PL_COL_SHARE}, {"observed_se", PL_COL_REAL},
                            {"model", PL_COL_SHARE}, {"weibull", PL_COL_SHARE}};
    pl_result_table *t;
    pl_status st = add_table(doc, "survival", "Share still at peace", c, sizeof c / sizeof c[0], &t, err);
    for (int g = 0; !st && g < PL_BT_GRID; g++) {
        st = pl_result_table_add_row(t, err);
        double v[] = {pl_bt_grid_years[g], bt->ev.km_observed[g], bt->ev.km_se[g], bt->ev.km_model[g], bt->ev.weibull_mean[g]};
        set_reals(t, 0, v, 5);
    }
    return st;
}

static pl_status covariates_table(pl_result_doc *doc, const pl_backtest *bt, pl_error *err)
{
    static const col c[] = {{"covariate", PL_COL_TEXT}, {"coded", PL_COL_INT}, {"in_regressions", PL_COL_INT}};
    pl_result_table *t;
    pl_status st = add_table(doc, "covariates", "Covariates", c, sizeof c / sizeof c[0], &t, err);
    for (size_t j = 0; !st && j < PL_BT_COVARIATES; j++) {
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, pl_settle_covariate_names[j], err);
        pl_result_set_int(t, 1, (long long)bt->n_coded[j]);
        pl_result_set_int(t, 2, bt->in_regression[j]);
    }
    return st;
}

static pl_status meta(pl_result_doc *doc, const pl_backtest *bt, const pl_bt_point *pt, pl_error *err)
{
    pl_status st = pl_result_doc_meta_text(doc, "command", "backtest", err);
    if (!st) st = pl_result_doc_meta_int(doc, "runs", bt->cfg.runs, err);
    if (!st) st = pl_result_doc_meta_int(doc, "seed", (long long)bt->cfg.seed, err);
    if (!st) st = pl_result_doc_meta_real(doc, "horizon_years", bt->cfg.years, err);
    if (!st) st = pl_result_doc_meta_real(doc, "ridge", bt->cfg.ridge, err);
    if (!st && !isnan(pt->p)) st = pl_result_doc_meta_text(doc, "out_of_corpus_label", pt->label, err);
    if (!st && !isnan(pt->p)) st = pl_result_doc_meta_real(doc, "out_of_corpus_p", pt->p, err);
    if (!st && !isnan(pt->p)) st = pl_result_doc_meta_int(doc, "out_of_corpus_bin", (long long)point_bin(pt->p), err);
    return st;
}

pl_status pl_backtest_doc(const pl_backtest *bt, const pl_bt_point *pt, pl_result_doc **out, pl_error *err)
{
    pl_result_doc *doc = *out = pl_result_doc_create();
    if (!doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = meta(doc, bt, pt, err);
    if (!st) st = cases_table(doc, bt, err);
    if (!st) st = scores_table(doc, bt, err);
    if (!st) st = reliability_table(doc, bt, err);
    if (!st) st = survival_table(doc, bt, err);
    if (!st) st = covariates_table(doc, bt, err);
    return st;
}

pl_status pl_backtest_prose(const pl_backtest *bt, const pl_bt_point *pt, FILE *fp, pl_error *err)
{
    write_table(bt, pt, fp);
    return ferror(fp) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}
