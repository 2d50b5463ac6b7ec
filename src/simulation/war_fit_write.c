/*
** war_fit_write.c — reports of a Bayesian war calibration: the out-of-sample table (model, its
** starting values and three naive baselines per series), parameter identification, JSON, and
** the posterior file that scenarios read (calibration.posterior). Layer: simulation.
*/
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/stats.h"
#include "parley/war_fit.h"

static const char *const method_name[PL_WAR_METHODS] = {"model", "start", "persistence", "seasonal", "drift"};
static const char *const split_name[PL_WAR_SPLITS] = {"fixed", "rolling"};

static void date_text(long days, char *buf, size_t size)
{
    int y, m, d;
    pl_date_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* A number in 8 columns with `digits` significant (g) or decimal (f) digits, or "-". */
static void cell(FILE *out, double v, int decimals)
{
    if (!isfinite(v)) fprintf(out, "%8s", "-");
    else if (decimals) fprintf(out, "%8.*f", decimals, v);
    else fprintf(out, "%8.4g", v);
}

/* Is the series scored in any split (a series with targets)? */
static int scored(const pl_war_fit *f, size_t s)
{
    return f->score[0][PL_WAR_METHOD_MODEL][s].n || f->score[1][PL_WAR_METHOD_MODEL][s].n;
}

static void write_split(const pl_war_fit *f, const pl_war_record *rec, int sp, FILE *out)
{
    fprintf(out, "%-18s %-12s %4s %8s %8s %8s %8s %8s\n", "series", "method", "n", "MAE", "MASE", "CRPS", "cov50",
            "cov90");
    for (size_t s = 0; s < rec->n_series; s++) {
        if (!scored(f, s)) continue;
        for (int me = 0; me < PL_WAR_METHODS; me++) {
            const pl_war_score *q = &f->score[sp][me][s];
            fprintf(out, "%-18s %-12s %4zu ", me ? "" : rec->series[s].name, method_name[me], q->n);
            cell(out, q->mae, 0), fputc(' ', out);
            cell(out, q->mase, 3), fputc(' ', out);
            cell(out, q->crps, 0), fputc(' ', out);
            cell(out, q->cover50, 2), fputc(' ', out);
            cell(out, q->cover90, 2), fputc('\n', out);
        }
    }
}

/* The pooled coverage as shares with their count and 90% Wilson interval. */
static void write_coverage(double c50, double c90, size_t n, FILE *out)
{
    if (!n) { /* no shares to give: NaN would print as "nan (-9223372036854775808 of 0" */
        fputs("coverage of the model's intervals: no held-back observations\n", out);
        return;
    }
    long k50 = lround(c50 * (double)n), k90 = lround(c90 * (double)n);
    double lo50, hi50, lo90, hi90, z = pl_stats_z(0.9);
    pl_stats_wilson(k50, (long)n, z, &lo50, &hi50);
    pl_stats_wilson(k90, (long)n, z, &lo90, &hi90);
    fprintf(out,
            "coverage of the model's intervals over %zu held-back observations: 50%% -> %.2f (%ld of %zu; 90%% interval "
            "%.2f to %.2f), 90%% -> %.2f (%ld of %zu; 90%% interval %.2f to %.2f)\n",
            n, c50, k50, n, lo50, hi50, c90, k90, n, lo90, hi90);
}

/* Pooled coverage of the model's intervals over every scored series of a split. */
static void pooled_coverage(const pl_war_fit *f, int sp, double *c50, double *c90, size_t *n)
{
    double a = 0, b = 0;
    *n = 0;
    for (size_t s = 0; s < f->n_series; s++) {
        const pl_war_score *q = &f->score[sp][PL_WAR_METHOD_MODEL][s];
        if (!q->n) continue;
        a += q->cover50 * (double)q->n, b += q->cover90 * (double)q->n, *n += q->n;
    }
    *c50 = *n ? a / (double)*n : (double)NAN, *c90 = *n ? b / (double)*n : (double)NAN;
}

static const char *identified(const pl_war_fit_param *q)
{
    double r = q->sd / q->prior_sd;
    return r < 0.5 ? "identified" : r < 0.8 ? "weakly" : "prior";
}

static void write_params(const pl_war_fit *f, FILE *out)
{
    fprintf(out, "\n%-48s %11s %11s %11s %11s %9s  %s\n", "parameter (sigma, bias: log scale)", "nominal", "mean", "5%",
            "95%", "sd/prior", "");
    for (size_t k = 0; k < f->n_param; k++) {
        const pl_war_fit_param *q = &f->param[k];
        fprintf(out, "%-48s %11.5g %11.5g %11.5g %11.5g %9.2f  %s\n", q->path, q->nominal, q->mean, q->q05, q->q95,
                q->sd / q->prior_sd, identified(q));
    }
}

pl_status pl_war_fit_write_table(const pl_war_fit *f, const pl_scenario *sc, const pl_war_record *rec,
                                 const pl_war_fit_options *opt, FILE *out, pl_error *err)
{
    char asof[16], used[16];
    date_text(opt->as_of, asof, sizeof asof), date_text(f->as_of_used, used, sizeof used);
    fprintf(out, "scenario %s, record %s: %zu observations, as of %s (latest used %s)\n", sc->name, rec->path, rec->n_data,
            asof, used);
    fprintf(out, "origins know %s\n", opt->real_time ? "what was published by the end of their month (real time)"
                                                        : "every value of their months published by the as-of date");
    fprintf(out, "posterior: %zu quantities, %zu draws kept, acceptance %.2f, fitted on %zu observations %04d-%02d..%04d-%02d\n",
            f->n_param, f->n_draws, f->acceptance, f->n_fitted, f->fit_first / 12, f->fit_first % 12 + 1, f->fit_last / 12,
            f->fit_last % 12 + 1);
    for (int sp = 0; sp < PL_WAR_SPLITS; sp++) {
        double c50, c90;
        size_t n;
        pooled_coverage(f, sp, &c50, &c90, &n);
        if (sp == PL_WAR_SPLIT_FIXED)
            fprintf(out, "\nfixed split: fit to %04d-%02d, test %04d-%02d..%04d-%02d\n", opt->fit_to / 12, opt->fit_to % 12 + 1,
                    opt->test_from / 12, opt->test_from % 12 + 1, opt->test_to / 12, opt->test_to % 12 + 1);
        else
            fprintf(out, "\nrolling origin: %d origins %04d-%02d..%04d-%02d, horizon %d months\n", f->origins,
                    opt->origin_from / 12, opt->origin_from % 12 + 1, opt->origin_to / 12, opt->origin_to % 12 + 1,
                    opt->horizon);
        write_split(f, rec, sp, out);
        write_coverage(c50, c90, n, out);
    }
    write_params(f, out);
    return ferror(out) ? pl_error_set(err, PL_EIO, "writing the calibration failed") : PL_OK;
}

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *scores_json(const pl_war_fit *f, const pl_war_record *rec, int sp)
{
    json_t *a = json_array();
    for (size_t s = 0; s < rec->n_series && a; s++) {
        if (!scored(f, s)) continue;
        json_t *m = json_object();
        for (int me = 0; me < PL_WAR_METHODS; me++) {
            const pl_war_score *q = &f->score[sp][me][s];
            json_object_set_new(m, method_name[me],
                                json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "n", (int)q->n, "mae", num(q->mae), "mase",
                                          num(q->mase), "crps", num(q->crps), "cover50", num(q->cover50), "cover90",
                                          num(q->cover90)));
        }
        json_array_append_new(a, json_pack("{s:s, s:o, s:o}", "series", rec->series[s].name, "scale", num(f->scale[s]),
                                           "methods", m));
    }
    return a;
}

static json_t *params_json(const pl_war_fit *f)
{
    json_t *a = json_array();
    for (size_t k = 0; k < f->n_param && a; k++) {
        const pl_war_fit_param *q = &f->param[k];
        json_array_append_new(a, json_pack("{s:s, s:b, s:[o,o], s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "path", q->path,
                                           "log_scale", q->scenario_param == -1, "prior", num(q->lo), num(q->hi), "nominal",
                                           num(q->nominal), "mean", num(q->mean), "sd", num(q->sd), "q05", num(q->q05),
                                           "q95", num(q->q95), "sd_ratio", num(q->sd / q->prior_sd), "identification",
                                           identified(q)));
    }
    return a;
}

static json_t *month_json(int m)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
    return json_string(buf);
}

static json_t *forecasts_json(const pl_war_fit *f, const pl_war_record *rec)
{
    json_t *a = json_array();
    for (size_t k = 0; k < f->n_forecasts && a; k++) {
        const pl_war_forecast *q = &f->forecast[k];
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:[o,o], s:[o,o], s:o, s:o, s:o, s:o}", "split",
                                           split_name[q->split], "series", rec->series[q->series].name, "month",
                                           month_json(q->month), "origin", month_json(q->origin), "observed",
                                           num(q->observed), "median", num(q->median), "interval50", num(q->lo50),
                                           num(q->hi50), "interval90", num(q->lo90), num(q->hi90), "start", num(q->start),
                                           "persistence", num(q->persistence), "seasonal", num(q->seasonal), "drift",
                                           num(q->drift)));
    }
    return a;
}

pl_status pl_war_fit_write_json(const pl_war_fit *f, const pl_scenario *sc, const pl_war_record *rec,
                                const pl_war_fit_options *opt, FILE *out, pl_error *err)
{
    char asof[16], used[16];
    date_text(opt->as_of, asof, sizeof asof), date_text(f->as_of_used, used, sizeof used);
    json_t *splits = json_object();
    for (int sp = 0; sp < PL_WAR_SPLITS; sp++) {
        double c50, c90;
        size_t n;
        pooled_coverage(f, sp, &c50, &c90, &n);
        json_object_set_new(splits, split_name[sp], json_pack("{s:o, s:{s:i, s:o, s:o}}", "series", scores_json(f, rec, sp),
                                                              "coverage", "n", (int)n, "cover50", num(c50), "cover90",
                                                              num(c90)));
    }
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:o, s:o, s:o, s:{s:i, s:o}}", "scenario", sc->name,
                            "record", rec->path, "as_of", asof, "as_of_used", used, "real_time", opt->real_time,
                            "observations", (int)rec->n_data, "fitted",
                            (int)f->n_fitted, "splits", splits, "forecasts", forecasts_json(f, rec), "parameters",
                            params_json(f), "posterior", "draws", (int)f->n_draws, "acceptance", num(f->acceptance));
    return pl_json_dump(doc, out, err);
}

pl_status pl_war_fit_write_posterior(const pl_war_fit *f, const pl_scenario *sc, const pl_war_fit_options *opt,
                                     FILE *out, pl_error *err)
{
    char used[16];
    date_text(f->as_of_used, used, sizeof used);
    fprintf(out, "# parley posterior v1\n# scenario: %s\n# as_of: %s\n", sc->path, used);
    fprintf(out, "# fit: %04d-%02d..%04d-%02d\n", f->fit_first / 12, f->fit_first % 12 + 1, f->fit_last / 12,
            f->fit_last % 12 + 1);
    fprintf(out, "# method: adaptive-metropolis seed=%lu kept=%zu of %zu\n", opt->seed, f->n_draws, 4 * opt->iterations);
    fprintf(out, "draw,log_posterior");
    for (size_t k = 0; k < f->n_param; k++)
        if (f->param[k].scenario_param >= 0) fprintf(out, ",%s", f->param[k].path);
    fputc('\n', out);
    for (size_t d = 0; d < f->n_draws; d++) {
        fprintf(out, "%zu,%.17g", d, f->log_post[d]);
        for (size_t k = 0; k < f->n_param; k++)
            if (f->param[k].scenario_param >= 0) fprintf(out, ",%.17g", f->draw[d * f->n_param + k]);
        fputc('\n', out);
    }
    return ferror(out) ? pl_error_set(err, PL_EIO, "writing the posterior failed") : PL_OK;
}
