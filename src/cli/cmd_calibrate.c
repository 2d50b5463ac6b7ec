/*
** cmd_calibrate.c — `parley calibrate`: fit attrition laws to daily combat data (a CSV), or fit
** a war scenario's free parameters to its observed series and predict out of sample (a YAML).
** Layer: interfaces.
*/
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "parley/attrition.h"
#include "parley/json.h"
#include "parley/lanchester.h"
#include "parley/memory.h"
#include "parley/outfile.h"
#include "parley/text.h"
#include "parley/war.h"
#include "parley/outfile.h"
#include "parley/war_calibrate.h"
#include "parley/war_fit.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};

static const pl_option_desc calibrate_options[] = {
    {"attrition", PL_OPT_FLAG, "0", 0, 0, NULL, "treat FILE as daily attrition data even if it ends in .yaml"},
    {"law", PL_OPT_ENUM, "all", 0, 0, "all|square|linear|log|free|prior",
     "attrition data: the law fitted (square/linear/log fix the exponents; free is unconstrained; prior puts "
     "Gaussian priors on them)"},
    {"prior-mean", PL_OPT_DOUBLE, "0.5", -5, 5, NULL, "attrition data: prior mean of both exponents"},
    {"prior-sd", PL_OPT_DOUBLE, "0.5", 1e-6, 100, NULL, "attrition data: prior standard deviation of both exponents"},
    {"no-fit", PL_OPT_FLAG, "0", 0, 0, NULL, "scenario: only compare the nominal parameters with the observations"},
    {"max-iterations", PL_OPT_INT, "100", 1, 10000, NULL, "scenario: solver iterations"},
    {"observations", PL_OPT_STRING, "", 0, 0, NULL,
     "scenario: an observed record (data/war/series.csv): Bayesian fit, posterior and the out-of-sample table"},
    {"as-of", PL_OPT_STRING, "", 0, 0, NULL, "record: fit only observations published by this date (YYYY-MM-DD)"},
    {"posterior-out", PL_OPT_STRING, "", 0, 0, NULL, "record: write the posterior draws to this file"},
    {"iterations", PL_OPT_INT, "6000", 10, 10000000, NULL, "record: steps of each chain (the final fit runs 4x)"},
    {"burn-in", PL_OPT_INT, "2000", 0, 10000000, NULL, "record: steps discarded at the start of each chain"},
    {"draws", PL_OPT_INT, "100", 1, 100000, NULL, "record: posterior draws per predictive ensemble (the final fit and the posterior file keep 10x)"},
    {"horizon", PL_OPT_INT, "3", 1, 24, NULL, "record: months ahead from each rolling origin"},
    {"origins", PL_OPT_STRING, "", 0, 0, NULL,
     "record: rolling origins FROM..TO (YYYY-MM..YYYY-MM; default five months after the fit window opens to a month "
     "before the test window closes)"},
    {"hold", PL_OPT_STRING, "", 0, 0, NULL,
     "record: free parameters held at their value, comma-separated (a mechanism's ablation)"},
};

/* ---- Attrition data ------------------------------------------------------------------------- */

typedef struct attrition_result {
    const pl_attrition_data *d;
    pl_attrition_law laws[5];
    int n_laws;
    pl_attrition_fit fit[5][2]; /* [law][side] */
} attrition_result;

static void write_fit_row(FILE *out, const char *law, const char *side, const pl_attrition_fit *f)
{
    fprintf(out, "%-7s %-10s %12.6g %10.3g %8.4f %8.3g %8.4f %8.3g %6.3f %9.3g%s\n", law, side, f->a, f->se_a, f->p,
            f->se_p, f->q, f->se_q, f->r2, f->cond, f->ill_conditioned ? "  ill-conditioned" : "");
}

static pl_status write_attrition(const void *ctx, cli_out_format fmt, FILE *out, pl_error *err)
{
    const attrition_result *r = ctx;
    if (fmt == CLI_OUT_JSON) {
        json_t *a = json_array();
        for (int l = 0; l < r->n_laws && a; l++)
            for (int s = 0; s < 2; s++) {
                const pl_attrition_fit *f = &r->fit[l][s];
                json_array_append_new(a, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:i}", "law",
                                                   pl_attrition_law_name(r->laws[l]), "side", r->d->side[s], "a", f->a,
                                                   "se_a", f->se_a, "p", f->p, "se_p", f->se_p, "q", f->q, "se_q",
                                                   f->se_q, "r2", f->r2, "condition_index", f->cond, "ill_conditioned",
                                                   f->ill_conditioned, "days", (int)f->n));
            }
        return pl_json_dump(a, out, err);
    }
    if (fmt == CLI_OUT_CSV) fprintf(out, "law,side,a,se_a,p,se_p,q,se_q,r2,condition_index\n");
    else
        fprintf(out, "losses_t = a * enemy_t^p * own_t^q over %zu days (standard errors beside each estimate)\n\n"
                     "%-7s %-10s %12s %10s %8s %8s %8s %8s %6s %9s\n",
                r->d->n, "law", "side", "a", "se(a)", "p", "se(p)", "q", "se(q)", "R2", "cond.");
    for (int l = 0; l < r->n_laws; l++)
        for (int s = 0; s < 2; s++) {
            const pl_attrition_fit *f = &r->fit[l][s];
            if (fmt == CLI_OUT_CSV) {
                fprintf(out, "%s,", pl_attrition_law_name(r->laws[l]));
                pl_csv_write_field(out, r->d->side[s]); /* from the header: a quoted name may hold a comma */
                fprintf(out, ",%.10g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", f->a, f->se_a, f->p, f->se_p, f->q, f->se_q,
                        f->r2, f->cond);
            } else write_fit_row(out, pl_attrition_law_name(r->laws[l]), r->d->side[s], f);
        }
    return pl_write_status(out, err);
}

static pl_status calibrate_attrition(const char *path, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    pl_attrition_data d;
    pl_status st = pl_attrition_read(path, &d, err);
    attrition_result r;
    memset(&r, 0, sizeof r);
    r.d = &d;
    int choice = pl_optset_enum(co, "law");
    for (int l = 0; l <= PL_FIT_PRIOR; l++)
        if (choice == 0 || choice == l + 1) r.laws[r.n_laws++] = (pl_attrition_law)l;
    pl_attrition_fit_options o = pl_attrition_fit_defaults();
    o.prior_mean_p = o.prior_mean_q = pl_optset_double(co, "prior-mean");
    o.prior_sd_p = o.prior_sd_q = pl_optset_double(co, "prior-sd");
    for (int l = 0; l < r.n_laws && !st; l++)
        for (int s = 0; s < 2 && !st; s++) {
            o.law = r.laws[l];
            st = pl_attrition_fit_run(d.forces[1 - s], d.forces[s], d.losses[s], d.n, &o, &r.fit[l][s], err);
        }
    if (!st) st = cli_write_result(common, &r, write_attrition, err);
    pl_attrition_data_free(&d);
    return st;
}

/* ---- Scenarios -------------------------------------------------------------------------------- */

typedef struct scenario_result {
    const pl_war_calibration *cal;
    const pl_scenario *sc;
} scenario_result;

static pl_status write_points_csv(const scenario_result *r, FILE *out, pl_error *err)
{
    fprintf(out, "series,from,months,set,observed,predicted\n");
    for (size_t k = 0; k < r->cal->n_points; k++) {
        const pl_war_obs_point *q = &r->cal->point[k];
        pl_csv_write_field(out, r->sc->series[q->series].name);
        fprintf(out, ",%04d-%02d,%d,%s,%.10g,%.10g\n", q->year, q->month,
                r->sc->series[q->series].period_months, q->in_fit ? "fit" : q->in_test ? "test" : "-", q->observed,
                q->predicted);
    }
    return pl_write_status(out, err);
}

static pl_status write_scenario(const void *ctx, cli_out_format fmt, FILE *out, pl_error *err)
{
    const scenario_result *r = ctx;
    if (fmt == CLI_OUT_TABLE) return pl_war_calibration_write_table(r->cal, r->sc, out, err);
    if (fmt == CLI_OUT_CSV) return write_points_csv(r, out, err);
    return pl_war_calibration_write_json(r->cal, r->sc, out, err);
}

static pl_status calibrate_scenario(const char *path, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    pl_scenario *sc = NULL;
    pl_war_calibration *cal = NULL;
    pl_status st = pl_war_scenario_read(path, &sc, err);
    pl_war_calibrate_options o = {!pl_optset_flag(co, "no-fit"), (int)pl_optset_int(co, "max-iterations")};
    if (!st) st = pl_war_calibrate(sc, &o, &cal, err);
    scenario_result r = {cal, sc};
    if (!st) st = cli_write_result(common, &r, write_scenario, err);
    pl_war_calibration_free(cal);
    pl_scenario_free(sc);
    return st;
}

/* ---- Scenarios against an observed record (Bayesian fit, out of sample) ---------------------- */

typedef struct record_result {
    const pl_war_fit *fit;
    const pl_scenario *sc;
    const pl_war_record *rec;
    const pl_war_fit_options *opt;
} record_result;

static pl_status write_record(const void *ctx, cli_out_format fmt, FILE *out, pl_error *err)
{
    const record_result *r = ctx;
    if (fmt == CLI_OUT_JSON) return pl_war_fit_write_json(r->fit, r->sc, r->rec, r->opt, out, err);
    if (fmt == CLI_OUT_CSV) return pl_war_fit_write_posterior(r->fit, r->sc, r->opt, out, err);
    return pl_war_fit_write_table(r->fit, r->sc, r->rec, r->opt, out, err);
}

static pl_status parse_month(const char *text, const char *what, int *out, pl_error *err)
{
    int y, m, d;
    if (pl_date_parse(text, &y, &m, &d) || strlen(text) != 7)
        return pl_error_set(err, PL_EINVAL, "found --%s '%s', expected a month YYYY-MM", what, text);
    *out = y * 12 + m - 1;
    return PL_OK;
}

static pl_status record_options(const pl_scenario *sc, const pl_optset *co, long seed, char *hold, pl_war_fit_options *o,
                                pl_error *err)
{
    memset(o, 0, sizeof *o);
    const char *asof = pl_optset_text(co, "as-of"), *origins = pl_optset_text(co, "origins");
    int y, m, d;
    if (!*asof) o->as_of = pl_date_days(9999, 12, 31);
    else if (pl_date_parse(asof, &y, &m, &d) || strlen(asof) != 10)
        return pl_error_set(err, PL_EINVAL, "found --as-of '%s', expected a date YYYY-MM-DD", asof);
    else o->as_of = pl_date_days(y, m, d);
    if (!sc->fit_from[0] || !sc->test_from[0])
        return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no calibration.fit or calibration.test window, expected both");
    o->fit_to = sc->fit_to[0] * 12 + sc->fit_to[1] - 1;
    o->test_from = sc->test_from[0] * 12 + sc->test_from[1] - 1, o->test_to = sc->test_to[0] * 12 + sc->test_to[1] - 1;
    o->origin_from = sc->fit_from[0] * 12 + sc->fit_from[1] - 1 + 5, o->origin_to = o->test_to - 1;
    pl_status st = PL_OK;
    if (*origins) {
        const char *dots = strstr(origins, "..");
        char a[16] = "", b[16] = "";
        if (dots && dots - origins < 16) memcpy(a, origins, (size_t)(dots - origins)), snprintf(b, sizeof b, "%s", dots + 2);
        if (parse_month(a, "origins", &o->origin_from, err) || parse_month(b, "origins", &o->origin_to, err))
            st = pl_error_set(err, PL_EINVAL, "found --origins '%s', expected FROM..TO as YYYY-MM..YYYY-MM", origins);
    }
    o->horizon = (int)pl_optset_int(co, "horizon");
    o->iterations = (size_t)pl_optset_int(co, "iterations"), o->burn_in = (size_t)pl_optset_int(co, "burn-in");
    o->draws = (size_t)pl_optset_int(co, "draws"), o->noise_per_draw = 10, o->seed = (unsigned long)seed;
    for (char *tok = strtok(hold, ","); tok && o->n_hold < 16; tok = strtok(NULL, ",")) o->hold[o->n_hold++] = tok;
    return st;
}

static pl_status write_posterior_file(const char *path, const record_result *r, pl_error *err)
{
    pl_outfile f;
    pl_status st = pl_outfile_open(&f, path, err);
    if (st) return st;
    st = pl_war_fit_write_posterior(r->fit, r->sc, r->opt, f.fp, err);
    if (!st) return pl_outfile_commit(&f, err);
    pl_outfile_abort(&f);
    return st;
}

static pl_status calibrate_record(const char *path, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    pl_scenario *sc = NULL;
    pl_war_record *rec = NULL;
    pl_war_fit *fit = NULL;
    pl_war_fit_options o;
    char hold[256];
    snprintf(hold, sizeof hold, "%s", pl_optset_text(co, "hold"));
    pl_status st = pl_war_scenario_read(path, &sc, err);
    if (!st) st = pl_war_record_read(pl_optset_text(co, "observations"), &rec, err);
    if (!st) st = record_options(sc, co, pl_optset_int(common, "seed"), hold, &o, err);
    if (!st) st = pl_war_fit_run(sc, rec, &o, &fit, err);
    record_result r = {fit, sc, rec, &o};
    const char *post = pl_optset_text(co, "posterior-out");
    if (!st && *post) st = write_posterior_file(post, &r, err);
    if (!st) st = cli_write_result(common, &r, write_record, err);
    pl_war_fit_free(fit);
    pl_war_record_free(rec);
    pl_scenario_free(sc);
    return st;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int calibrate_main(int argc, char **argv);

const cli_command cli_cmd_calibrate = {
    "calibrate", "fit attrition laws to daily combat data, or a war scenario to its observed series",
    "parley calibrate [options] FILE.csv | SCENARIO.yaml",
    "A CSV FILE holds daily data with columns forces_<A>, casualties_<A>, forces_<B>, casualties_<B> (e.g.\n"
    "data/lanchester/ardennes_daily_days2-33_from_yiyuezhuo.csv); each side's losses are fitted as\n"
    "a * enemy^p * own^q with standard errors and the design's condition index. A YAML SCENARIO has\n"
    "observed: series and a calibration: section; its free parameters are fitted on the fit window and the\n"
    "model is compared with every observation, in and out of sample (docs/cli.md, docs/models/war.md).",
    calibrate_main, NULL, 1};

/* An option of the other task, given: it was ignored without a word (--law square on a scenario). */
static const char *other_task_option(const pl_optset *co, int yaml)
{
    static const char *const attrition_only[] = {"law", "prior-mean", "prior-sd", NULL};
    static const char *const scenario_only[] = {"no-fit", "max-iterations", "observations", "as-of", "posterior-out",
                                                "iterations", "burn-in", "draws", "horizon", "origins", "hold", NULL};
    for (const char *const *o = yaml ? attrition_only : scenario_only; *o; o++)
        if (pl_optset_given(co, *o)) return *o;
    return NULL;
}

static int calibrate_main(int argc, char **argv)
{
    pl_error err;
    pl_error_clear(&err);
    pl_optset common, co;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(co, calibrate_options);
    pl_optset *sets[] = {&common, &co};
    const char *pos[1];
    int rc = cli_begin(&cli_cmd_calibrate, argc, argv, sets, 2, 2, "FILE", pos);
    if (rc >= 0) return rc;
    int yaml = (ends_with(pos[0], ".yaml") || ends_with(pos[0], ".yml")) && !pl_optset_flag(&co, "attrition");
    const char *misplaced = other_task_option(&co, yaml);
    if (misplaced) {
        pl_error_set(&err, PL_EINVAL, "found --%s with %s, expected it only with %s", misplaced,
                     yaml ? "a scenario" : "attrition data", yaml ? "attrition data (CSV)" : "a scenario (YAML)");
        return cli_usage_error(&cli_cmd_calibrate, &err);
    }
    pl_status st = !yaml                                  ? calibrate_attrition(pos[0], &common, &co, &err)
                   : *pl_optset_text(&co, "observations") ? calibrate_record(pos[0], &common, &co, &err)
                                                          : calibrate_scenario(pos[0], &common, &co, &err);
    return st ? cli_fail(&err) : 0;
}
