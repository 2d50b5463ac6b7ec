/*
** cmd_calibrate.c — `parley calibrate`: fit attrition laws to daily combat data (a CSV), or fit
** a war scenario's free parameters to its observed series and predict out of sample (a YAML).
** Layer: interfaces.
*/
#include <string.h>

#include "cli/cli.h"
#include "parley/calibrate_write.h"
#include "parley/war.h"

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
    {"real-time", PL_OPT_FLAG, "0", 0, 0, NULL,
     "record: each origin (and the fixed split) knows only what was published by the end of its month"},
    {"hold", PL_OPT_STRING, "", 0, 0, NULL,
     "record: free parameters held at their value, comma-separated (a mechanism's ablation)"},
};

/* ---- Attrition data (parley/calibrate_write.h) ------------------------------------------------ */

static pl_status write_attrition(const void *ctx, cli_out_format fmt, FILE *out, pl_error *err)
{
    if (fmt == CLI_OUT_JSON) return pl_attrition_fits_write_json(ctx, out, err);
    if (fmt == CLI_OUT_CSV) return pl_attrition_fits_write_csv(ctx, out, err);
    return pl_attrition_fits_write_table(ctx, out, err);
}

static pl_status calibrate_attrition(const char *path, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    pl_attrition_fits r;
    pl_status st = pl_attrition_fits_run(path, pl_optset_enum(co, "law"), pl_optset_double(co, "prior-mean"),
                                         pl_optset_double(co, "prior-sd"), &r, err);
    if (!st) st = cli_write_result(common, &r, write_attrition, err);
    pl_attrition_fits_free(&r);
    return st;
}

/* ---- Scenarios: fitted by least squares, or against an observed record (Bayesian, out of sample) */

typedef struct war_result {
    const pl_scenario *sc;
    const pl_war_calibration *cal; /* NULL: a fit against a record */
    const pl_war_fit_job *job;
} war_result;

static pl_status write_war(const void *ctx, cli_out_format fmt, FILE *out, pl_error *err)
{
    const war_result *r = ctx;
    if (r->cal && fmt == CLI_OUT_TABLE) return pl_war_calibration_write_table(r->cal, r->sc, out, err);
    if (r->cal && fmt == CLI_OUT_CSV) return pl_war_calibration_write_csv(r->cal, r->sc, out, err);
    if (r->cal) return pl_war_calibration_write_json(r->cal, r->sc, out, err);
    const pl_war_fit_job *j = r->job;
    if (fmt == CLI_OUT_JSON) return pl_war_fit_write_json(j->fit, j->sc, j->rec, &j->o, out, err);
    if (fmt == CLI_OUT_CSV) return pl_war_fit_write_posterior(j->fit, j->sc, &j->o, out, err);
    return pl_war_fit_write_table(j->fit, j->sc, j->rec, &j->o, out, err);
}

static pl_status calibrate_scenario(const char *path, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    pl_scenario *sc = NULL;
    pl_war_calibration *cal = NULL;
    pl_status st = pl_war_scenario_read(path, &sc, err);
    pl_war_calibrate_options o = {!pl_optset_flag(co, "no-fit"), (int)pl_optset_int(co, "max-iterations")};
    if (!st) st = pl_war_calibrate(sc, &o, &cal, err);
    war_result r = {sc, cal, NULL};
    if (!st) st = cli_write_result(common, &r, write_war, err);
    pl_war_calibration_free(cal);
    pl_scenario_free(sc);
    return st;
}

/* The outputs (--out, --posterior-out) against the scenario, the record's files and each other,
** before the fit: --posterior-out data/war/series.csv replaced the manifest after minutes of fitting
** (and --posterior-out SCENARIO the scenario). Writing over
** the posterior the scenario reads is allowed: that is how it is renewed. */
static pl_status check_record_outputs(const char *scenario, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    const char *out[2] = {pl_optset_text(common, "out"), pl_optset_text(co, "posterior-out")};
    size_t n = *out[1] ? 2 : 1; /* pl_outfiles_check also refuses the two naming one file */
    pl_status st = cli_check_outputs_against(out, n, scenario, "the scenario", err);
    if (!st && n == 2) st = cli_probe_output(out[1], err);
    pl_war_record *rec = NULL;
    if (!st) st = pl_war_record_read(pl_optset_text(co, "observations"), &rec, err);
    if (!st) st = cli_check_outputs_against(out, n, rec->path, "the record's manifest (--observations)", err);
    char file[4096];
    for (size_t k = 0; !st && k < rec->n_series; k++) {
        pl_war_record_data_path(rec, k, file, sizeof file);
        st = cli_check_outputs_against(out, n, file, "a data file of the record", err);
    }
    pl_war_record_free(rec);
    return st;
}

static pl_status calibrate_record(const char *path, const pl_optset *common, const pl_optset *co, pl_error *err)
{
    pl_war_fit_job j;
    pl_status st = check_record_outputs(path, common, co, err);
    if (st) return st;
    st = pl_war_fit_job_run(&j, path, co, (unsigned long)pl_optset_int(common, "seed"), err);
    war_result r = {j.sc, NULL, &j};
    const char *post = pl_optset_text(co, "posterior-out");
    if (!st && *post) st = pl_war_fit_write_posterior_file(post, j.fit, j.sc, &j.o, err);
    if (!st) st = cli_write_result(common, &r, write_war, err);
    pl_war_fit_job_free(&j);
    return st;
}

/* An option of the other task, given: it was ignored without a word (--law square on a scenario). */
static const char *other_task_option(const pl_optset *co, int yaml)
{
    static const char *const attrition_only[] = {"law", "prior-mean", "prior-sd", NULL};
    static const char *const scenario_only[] = {"no-fit", "max-iterations", "observations", "as-of", "posterior-out",
                                                "iterations", "burn-in", "draws", "horizon", "origins", "hold", "real-time", NULL};
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
    size_t n = strlen(pos[0]);
    int yaml = ((n >= 5 && strcmp(pos[0] + n - 5, ".yaml") == 0) || (n >= 4 && strcmp(pos[0] + n - 4, ".yml") == 0)) &&
               !pl_optset_flag(&co, "attrition");
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

const cli_command cli_cmd_calibrate = {
    "calibrate", "fit attrition laws to daily combat data, or a war scenario to its observed series",
    "parley calibrate [options] FILE.csv | SCENARIO.yaml",
    "A CSV FILE holds daily data with columns forces_<A>, casualties_<A>, forces_<B>, casualties_<B> (e.g.\n"
    "data/lanchester/ardennes_daily_days2-33_from_yiyuezhuo.csv); each side's losses are fitted as\n"
    "a * enemy^p * own^q with standard errors and the design's condition index. A YAML SCENARIO has\n"
    "observed: series and a calibration: section; its free parameters are fitted on the fit window and the\n"
    "model is compared with every observation, in and out of sample (docs/cli.md, docs/models/war.md).",
    calibrate_main, NULL, 1};
