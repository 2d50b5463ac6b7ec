/*
** cmd_simulate.c — `parley simulate`: one run of the war-dynamics model of a scenario, with a
** summary and the daily or weekly series as CSV, JSON or into the SQLite store (the writers:
** parley/war_run.h).
** Layer: interfaces.
*/
#include <math.h>
#include <string.h>

#include "cli/cli.h"
#include "parley/memory.h"
#include "parley/outfile.h"
#include "parley/rng.h"
#include "parley/war_run.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};

static const pl_option_desc simulate_options[] = {
    {"days", PL_OPT_INT, "0", 0, 36525, NULL, "days to simulate; 0: the scenario's horizon"},
    {"years", PL_OPT_DOUBLE, "0", 0, 100, NULL, "years to simulate (365.25 days each); 0: the scenario's horizon"},
    {"series", PL_OPT_ENUM, "auto", 0, 0, "auto|daily|weekly", "recording step of the series; auto: the scenario's step"},
    {"nominal", PL_OPT_FLAG, "0", 0, 0, NULL, "use each parameter's nominal value instead of a draw from the seed"},
    {"mean-field", PL_OPT_FLAG, "0", 0, 0, NULL, "no daily noise: the deterministic mean path"},
};

static pl_status write_result(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const pl_war_run_result *r = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: return pl_war_run_write_summary(r, fp) ? pl_write_status(fp, err) : PL_OK;
    case CLI_OUT_CSV: return pl_war_series_write_csv(r->ser, fp, err);
    default: return pl_war_run_write_json(r, fp, err);
    }
}

static pl_status store_result(const void *ctx, pl_store *store, int64_t job, pl_error *err)
{
    return pl_war_run_store(store, job, ctx, err);
}

static long run_days(const pl_optset *so, const pl_war_params *p)
{
    if (pl_optset_int(so, "days") > 0) return pl_optset_int(so, "days");
    if (pl_optset_double(so, "years") > 0) return lround(pl_optset_double(so, "years") * 365.25);
    return p->horizon_days;
}

static long series_step(const pl_optset *so, const pl_scenario *sc)
{
    int k = pl_optset_enum(so, "series");
    return k == 1 ? 1 : k == 2 ? 7 : sc->step_days;
}

/* Draws or takes the parameters, runs, records, and writes. */
static pl_status simulate(const pl_scenario *sc, const pl_optset *common, const pl_optset *so, const char *input,
                          pl_error *err)
{
    uint64_t seed = !pl_optset_given(common, "seed") && sc->seed >= 0 ? (uint64_t)sc->seed : cli_seed(common);
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    gsl_rng *rng = pl_rng_alloc(seed, 0);
    pl_war_params p;
    pl_war_state start, end;
    pl_war_series *ser = NULL;
    pl_status st = values && rng ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) {
        if (pl_optset_flag(so, "nominal")) pl_scenario_nominals(sc, values);
        else pl_scenario_draw(sc, rng, values);
        st = pl_war_params_from_scenario(sc, values, &p, err);
    }
    long days = 0;
    if (!st) {
        p.stochastic = !pl_optset_flag(so, "mean-field");
        days = run_days(so, &p);
        st = pl_war_series_create(&p, series_step(so, sc), days, &ser, err);
    }
    if (!st) {
        pl_war_init(&start, &p);
        end = start;
        pl_war_recorder rec = pl_war_series_recorder(ser);
        st = pl_war_run(&end, &p, rng, days, &rec, err);
    }
    if (!st) {
        pl_war_run_result r = {sc, &p, &start, &end, ser, values, seed, days};
        cli_out_format fmt = cli_out_format_of(common);
        if (fmt == CLI_OUT_SQLITE) st = cli_store_one_run(common, "simulate", input, "war", r.seed, &r, store_result, err);
        else st = cli_write_result(common, &r, write_result, err);
        if (!st && fmt != CLI_OUT_TABLE && strcmp(pl_optset_text(common, "out"), "-") != 0) pl_war_run_write_summary(&r, stdout);
    }
    pl_war_series_free(ser);
    gsl_rng_free(rng);
    pl_free(values);
    return st;
}

static int simulate_main(int argc, char **argv);

const cli_command cli_cmd_simulate = {
    "simulate", "simulate the war dynamics of a scenario: fronts, manpower, home fronts, economy, third parties",
    "parley simulate [--days N | --years Y] [--series daily|weekly] [options] SCENARIO.yaml",
    "SCENARIO is a YAML scenario file (docs/formats.md, \"Scenario files\"). Each parameter given as a\n"
    "distribution is drawn once from --seed (stream 0), unless --nominal. The table format prints a summary;\n"
    "csv writes the series, json the parameters, outcomes and series, sqlite all three into the store.\n"
    "With --out FILE and a non-table format the summary is also printed on standard output.",
    simulate_main, NULL, 0};

static int simulate_main(int argc, char **argv)
{
    pl_error err;
    pl_error_clear(&err);
    pl_optset common, so;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, simulate_options);
    pl_optset *sets[] = {&common, &so};
    const char *pos[1];
    int rc = cli_begin(&cli_cmd_simulate, argc, argv, sets, 2, 2, "SCENARIO file", pos);
    if (rc >= 0) return rc;
    if (pl_optset_given(&so, "days") && pl_optset_given(&so, "years")) {
        pl_error_set(&err, PL_EINVAL, "found both --days and --years, expected one of them");
        return cli_usage_error(&cli_cmd_simulate, &err);
    }
    pl_scenario *sc = NULL;
    pl_status st = pl_war_scenario_read(pos[0], &sc, &err);
    if (!st) st = simulate(sc, &common, &so, pos[0], &err);
    pl_scenario_free(sc);
    return st ? cli_fail(&err) : 0;
}
