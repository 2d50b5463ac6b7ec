/*
** backtest_write.c — `parley backtest`'s results as a table, CSV (the cases) or JSON: the cases'
** forecasts beside the baselines', the scores, the reliability diagram, the time-to-renewal check,
** the covariates' coverage and the cases the model got most wrong.
** Layer: interfaces.
*/
#include "cli/backtest_write.h"

#include <math.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/settle_sim.h"
#include "parley/summary.h"

enum { CLI_BT_MOST_WRONG = 5 };

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

static void write_cases_table(const pl_backtest *bt, FILE *out)
{
    const pl_bt_eval *ev = &bt->ev;
    fprintf(out, "%-26s %5s %6s %16s %7s %7s %7s %7s %6s %6s\n", "case", "code", "window", "model [90%]", "recal.",
            "base", "logit", "Weibull", "actual", "years");
    for (size_t i = 0; i < bt->n; i++) {
        const pl_bt_case *c = &bt->c[i];
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

static void write_reliability_table(const pl_backtest *bt, const cli_bt_point *pt, FILE *out)
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

static void write_table(const pl_backtest *bt, const cli_bt_point *pt, FILE *out)
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
    for (size_t k = 0; k < CLI_BT_MOST_WRONG && k < bt->n; k++) {
        char nb[PL_TABLE_TEXT_MAX];
        fprintf(out, "%s %s %.3f", k ? "," : "", pl_table_text(bt->c[idx[k]].name, nb, sizeof nb), pl_bt_case_brier(bt, idx[k]));
    }
    fputc('\n', out);
}

static void write_csv(const pl_backtest *bt, FILE *out)
{
    fprintf(out, "case,code,window_years,runs,runs_renewed_within_horizon,p_model,p_model_lo,p_model_hi,p_recalibrated,"
                 "p_base_rate,p_logistic,p_weibull,predicted_median_years,resumed,actual_years,renewed_within_horizon\n");
    for (size_t i = 0; i < bt->n; i++) {
        const pl_bt_case *c = &bt->c[i];
        pl_csv_write_field(out, c->name); /* a case's name is free text: it may hold commas or quotes */
        fprintf(out, ",%.17g,%.17g,%ld,%zu,%.17g,%.17g,%.17g", c->ladder, c->window, bt->cfg.runs, c->k_horizon, c->p_model,
                c->p_lo, c->p_hi);
        for (int k = 1; k < PL_BT_FORECASTERS; k++) fprintf(out, ",%.17g", bt->ev.prob[k][i]);
        fputc(',', out);
        cli_csv_optional(out, c->median);
        fprintf(out, ",%d,", c->resumed);
        cli_csv_optional(out, c->actual_years);
        fprintf(out, ",%d\n", pl_bt_case_event(bt, i));
    }
}

static json_t *json_number(double x) { return isnan(x) ? json_null() : json_real(x); }

static json_t *json_scores(const pl_backtest *bt, int k)
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

static json_t *json_cases(const pl_backtest *bt)
{
    json_t *cases = json_array();
    for (size_t i = 0; i < bt->n; i++) {
        const pl_bt_case *c = &bt->c[i];
        json_t *cov = json_object();
        for (size_t j = 0; j < PL_BT_COVARIATES; j++)
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

static pl_status write_json(const pl_backtest *bt, const cli_bt_point *pt, FILE *out, pl_error *err)
{
    json_t *doc = json_object(), *scores = json_array(), *surv = json_array(), *cov = json_object();
    json_object_set_new(doc, "runs", json_integer((json_int_t)bt->cfg.runs));
    json_object_set_new(doc, "seed", json_integer((json_int_t)bt->cfg.seed));
    json_object_set_new(doc, "horizon_years", json_real(bt->cfg.years));
    json_object_set_new(doc, "ridge", json_real(bt->cfg.ridge));
    for (int k = 0; k < PL_BT_FORECASTERS; k++) json_array_append_new(scores, json_scores(bt, k));
    json_object_set_new(doc, "scores", scores);
    for (int g = 0; g < PL_BT_GRID; g++)
        json_array_append_new(surv, json_pack("{s:f, s:f, s:f, s:f, s:f}", "years", pl_bt_grid_years[g], "observed",
                                              bt->ev.km_observed[g], "observed_se", bt->ev.km_se[g], "model",
                                              bt->ev.km_model[g], "weibull", bt->ev.weibull_mean[g]));
    json_object_set_new(doc, "survival", surv);
    for (size_t j = 0; j < PL_BT_COVARIATES; j++)
        json_object_set_new(cov, pl_settle_covariate_names[j], json_pack("{s:I, s:b}", "coded", (json_int_t)bt->n_coded[j],
                                                                          "in_regressions", bt->in_regression[j]));
    json_object_set_new(doc, "covariates", cov);
    if (!isnan(pt->p))
        json_object_set_new(doc, "out_of_corpus", json_pack("{s:s, s:f, s:I}", "label", pt->label, "p", pt->p,
                                                            "bin", (json_int_t)point_bin(pt->p)));
    json_object_set_new(doc, "cases", json_cases(bt));
    return pl_json_dump(doc, out, err);
}

pl_status cli_backtest_write(const pl_backtest *bt, const cli_bt_point *pt, cli_out_format fmt, FILE *fp, pl_error *err)
{
    switch (fmt) {
    case CLI_OUT_TABLE: write_table(bt, pt, fp); return PL_OK;
    case CLI_OUT_CSV: write_csv(bt, fp); return PL_OK;
    case CLI_OUT_JSON: return write_json(bt, pt, fp, err);
    default: return pl_error_set(err, PL_EINVAL, "parley backtest writes table, csv or json");
    }
}
