/*
** cmd_simulate.c — `parley simulate`: one run of the war-dynamics model of a scenario, with a
** summary and the daily or weekly series as CSV, JSON or into the SQLite store.
** Layer: interfaces.
*/
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "parley/ensemble.h"
#include "parley/json.h"
#include "parley/memory.h"
#include "parley/outfile.h"
#include "parley/rng.h"
#include "parley/store.h"
#include "parley/war.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};

static const pl_option_desc simulate_options[] = {
    {"days", PL_OPT_INT, "0", 0, 36525, NULL, "days to simulate; 0: the scenario's horizon"},
    {"years", PL_OPT_DOUBLE, "0", 0, 100, NULL, "years to simulate (365.25 days each); 0: the scenario's horizon"},
    {"series", PL_OPT_ENUM, "auto", 0, 0, "auto|daily|weekly", "recording step of the series; auto: the scenario's step"},
    {"nominal", PL_OPT_FLAG, "0", 0, 0, NULL, "use each parameter's nominal value instead of a draw from the seed"},
    {"mean-field", PL_OPT_FLAG, "0", 0, 0, NULL, "no daily noise: the deterministic mean path"},
};

/* Everything one run produced, for the writers. */
typedef struct sim_result {
    const pl_scenario *sc;
    const pl_war_params *p;
    const pl_war_state *start, *end;
    const pl_war_series *ser;
    const double *values;
    uint64_t seed;
    long days;
} sim_result;

static void print_side_row(FILE *out, const char *label, double a, double b, int decimals)
{
    char x[32], y[32];
    snprintf(x, sizeof x, "%.*f", decimals, a);
    snprintf(y, sizeof y, "%.*f", decimals, b);
    fprintf(out, "  %-34s %16s %16s\n", label, x, y);
}

static void print_forces(FILE *out, const sim_result *r)
{
    const pl_war_side_state *s0 = r->start->side, *e = r->end->side;
    print_side_row(out, "forces in line, start", s0[0].line, s0[1].line, 0);
    print_side_row(out, "forces in line, end", e[0].line, e[1].line, 0);
    print_side_row(out, "reserve, end", e[0].reserve, e[1].reserve, 0);
    print_side_row(out, "casualties", e[0].cum_losses, e[1].cum_losses, 0);
    print_side_row(out, "killed", e[0].cum_killed, e[1].cum_killed, 0);
    print_side_row(out, "recruits: contract", e[0].cum_contract, e[1].cum_contract, 0);
    print_side_row(out, "recruits: prison", e[0].cum_prison, e[1].cum_prison, 0);
    print_side_row(out, "recruits: levy", e[0].cum_levy, e[1].cum_levy, 0);
    print_side_row(out, "recruits: called up", e[0].cum_mobilized, e[1].cum_mobilized, 0);
    print_side_row(out, "evaded call-up", e[0].cum_evaded, e[1].cum_evaded, 0);
    print_side_row(out, "bought removal (bribes)", e[0].cum_bribed, e[1].cum_bribed, 0);
    print_side_row(out, "bribes paid, US$ m", e[0].cum_bribe_usd / 1e6, e[1].cum_bribe_usd / 1e6, 1);
    print_side_row(out, "went AWOL", e[0].cum_awol, e[1].cum_awol, 0);
}

/* The day a decision was taken; held as -1 when it never was. */
static void day_text(double day, char *buf, size_t size)
{
    if (day < 0) snprintf(buf, size, "never");
    else snprintf(buf, size, "%.0f", day);
}

static void print_home(FILE *out, const sim_result *r)
{
    const pl_war_side_state *s0 = r->start->side, *e = r->end->side;
    double d = r->end->day > 0 ? r->end->day : 1;
    print_side_row(out, "drones launched", e[0].cum_drones, e[1].cum_drones, 0);
    print_side_row(out, "missiles launched", e[0].cum_missiles, e[1].cum_missiles, 0);
    print_side_row(out, "alert hours per day (mean)", e[0].cum_alert_hours / d, e[1].cum_alert_hours / d, 2);
    print_side_row(out, "outage hours per day (mean)", e[0].cum_outage_hours / d, e[1].cum_outage_hours / d, 2);
    print_side_row(out, "morale, start", s0[0].morale, s0[1].morale, 3);
    print_side_row(out, "morale, end", e[0].morale, e[1].morale, 3);
    print_side_row(out, "line fatigue, end", e[0].fatigue, e[1].fatigue, 3);
    print_side_row(out, "spending index, end", e[0].spending_index, e[1].spending_index, 3);
    print_side_row(out, "exhaustion, end", e[0].exhaustion, e[1].exhaustion, 3);
    char x[32], y[32];
    day_text(e[0].full_mobilization, x, sizeof x);
    day_text(e[1].full_mobilization, y, sizeof y);
    fprintf(out, "  %-34s %16s %16s\n", "full mobilisation (day)", x, y);
}

static pl_status write_summary(const sim_result *r, FILE *out)
{
    const pl_war_params *p = r->p;
    int y, m, d;
    pl_date_from_days(p->start_days + r->days, &y, &m, &d);
    char nb[PL_TABLE_TEXT_MAX]; /* the scenario's name without its control characters */
    fprintf(out, "scenario  %s\nperiod    %04d-%02d-%02d + %ld days (to %04d-%02d-%02d)\nseed      %llu%s\n\n",
            pl_table_text(r->sc->name, nb, sizeof nb), r->sc->start_year, r->sc->start_month, r->sc->start_day, r->days, y, m, d,
            (unsigned long long)r->seed, p->stochastic ? "" : " (mean field)");
    fprintf(out, "  %-34s %16s %16s\n", "", p->side[0].id, p->side[1].id);
    print_forces(out, r);
    print_home(out, r);
    fprintf(out, "\nground taken by %s: %.0f km2 net (%.1f km2/month)\n", p->side[0].id, r->end->territory_km2,
            r->days > 0 ? r->end->territory_km2 / (double)r->days * 30.4375 : 0.0);
    for (int j = 0; j < p->n_third; j++)
        fprintf(out, "third party %s: attention %.3f at the end, aid delivered US$ %.1f bn\n", p->third[j].id,
                r->end->third[j].attention, r->end->third[j].cum_aid_bn);
    return ferror(out) ? PL_EIO : PL_OK; /* errno still says why: write_result reports it */
}

/* Whether outcome name holds the value its descriptor marks as "did not happen", by the rule
** parley run follows (pl_outcome_mark_undefined): the day of a full mobilisation never declared
** is -1. Here it is JSON null and has no row in the store (docs/formats.md), never a -1 that a
** mean over runs would count as a day. */
static int outcome_undefined(const char *name, double v)
{
    const char *dot = strrchr(name, '.'), *key = dot ? dot + 1 : name;
    size_t n;
    const pl_war_outcome_desc *d = pl_war_outcome_descs(&n);
    for (size_t k = 0; k < n; k++)
        if (strcmp(d[k].key, key) == 0) return isnan(pl_outcome_mark_undefined(v, d[k].help));
    return 0;
}

static json_t *outcomes_json(const sim_result *r)
{
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(r->end, r->p, out);
    json_t *o = json_object();
    for (size_t k = 0; k < n && o; k++) {
        char name[96];
        pl_war_outcome_name(r->p, k, name, sizeof name);
        json_t *v = outcome_undefined(name, out[k]) ? json_null() : json_real(out[k]);
        if (json_object_set_new(o, name, v)) return json_decref(o), NULL;
    }
    return o;
}

static pl_status write_json(const sim_result *r, FILE *fp, pl_error *err)
{
    json_t *doc = json_object();
    json_t *params = json_object();
    for (size_t k = 0; k < r->sc->n_params && params; k++)
        if (json_object_set_new(params, r->sc->param[k].path, json_real(r->values[k]))) params = NULL;
    int bad = !doc || !params;
    if (!bad) {
        bad = json_object_set_new(doc, "scenario", json_string(r->sc->name)) |
              json_object_set_new(doc, "seed", json_integer((json_int_t)r->seed)) |
              json_object_set_new(doc, "days", json_integer(r->days)) | json_object_set_new(doc, "parameters", params) |
              json_object_set_new(doc, "outcomes", outcomes_json(r)) |
              json_object_set_new(doc, "series", pl_war_series_json(r->ser));
    }
    if (bad) {
        json_decref(doc);
        return pl_error_set(err, PL_ENOMEM, "out of memory writing JSON");
    }
    return pl_json_dump(doc, fp, err);
}

static pl_status write_result(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const sim_result *r = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: return write_summary(r, fp) ? pl_write_status(fp, err) : PL_OK;
    case CLI_OUT_CSV: return pl_war_series_write_csv(r->ser, fp, err);
    default: return write_json(r, fp, err);
    }
}

static pl_status store_series(pl_store *st, int64_t job, const pl_war_series *ser, const pl_war_params *p, pl_error *err)
{
    pl_status s = PL_OK;
    for (size_t c = 0; c < ser->n_cols && !s; c++) {
        const char *entity = ser->col_side[c] >= 0 ? p->side[ser->col_side[c]].id : "";
        for (size_t row = 0; row < ser->n_rows && !s; row++)
            s = pl_store_put_series(st, job, 0, ser->col_desc[c]->name, entity, ser->day[row],
                                    ser->value[row * ser->n_cols + c], err);
    }
    return s;
}

static pl_status store_run(pl_store *st, int64_t job, const sim_result *r, pl_error *err)
{
    pl_status s = PL_OK;
    for (size_t k = 0; k < r->sc->n_params && !s; k++)
        s = pl_store_put_parameter(st, job, 0, r->sc->param[k].path, r->values[k], err);
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(r->end, r->p, out);
    for (size_t k = 0; k < n && !s; k++) {
        char name[96];
        pl_war_outcome_name(r->p, k, name, sizeof name);
        if (!outcome_undefined(name, out[k])) s = pl_store_put_outcome(st, job, 0, name, out[k], err);
    }
    if (!s) s = store_series(st, job, r->ser, r->p, err);
    return s ? s : pl_store_put_run(st, job, 0, "ok", err);
}

static pl_status store_result(const void *ctx, pl_store *store, int64_t job, pl_error *err)
{
    return store_run(store, job, ctx, err);
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
        sim_result r = {sc, &p, &start, &end, ser, values, seed, days};
        cli_out_format fmt = cli_out_format_of(common);
        if (fmt == CLI_OUT_SQLITE) st = cli_store_one_run(common, "simulate", input, "war", r.seed, &r, store_result, err);
        else st = cli_write_result(common, &r, write_result, err);
        if (!st && fmt != CLI_OUT_TABLE && strcmp(pl_optset_text(common, "out"), "-") != 0) write_summary(&r, stdout);
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
