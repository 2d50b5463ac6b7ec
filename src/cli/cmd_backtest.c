/*
** cmd_backtest.c — `parley backtest`: the post-deal model on historical ceasefires, predicted
** against actual (did war resume within the observed window, and when). Coding rules and
** results: docs/backtest.md.
** Layer: interfaces.
*/
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "parley/json.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/settle_sim.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};
static const pl_option_desc backtest_options[] = {
    {"runs", PL_OPT_INT, "1000", 1, 1e7, NULL, "runs per case (docs/backtest.md rule R8: 1,000)"},
};

enum { MAX_CASES = 64 };

/* One case's prediction and outcome. */
typedef struct bt_case {
    char name[128];
    double code, window, p_resumed, median, actual_years;
    int resumed;
} bt_case;

typedef struct backtest {
    bt_case c[MAX_CASES];
    size_t n;
    size_t runs;
    uint64_t seed;
    double brier;
    size_t right;
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

static pl_status predict(const pl_scenario *sc, const backtest *bt, bt_case *c, pl_error *err)
{
    double *v = pl_malloc((sc->n_params ? sc->n_params : 1) * sizeof *v), *t = pl_malloc(bt->runs * sizeof *t);
    double *scratch = pl_malloc(bt->runs * sizeof *scratch);
    gsl_rng *rng = pl_rng_alloc(bt->seed, 0);
    pl_status st = v && t && scratch && rng ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    size_t resumed = 0;
    for (size_t i = 0; i < bt->runs && !st; i++) {
        pl_rng_reseed(rng, bt->seed, i);
        pl_scenario_draw(sc, rng, v);
        pl_settle_params p;
        st = pl_settle_case_params(sc, v, &p, err);
        if (!st) st = pl_settle_case_run(&p, c->window, rng, &t[i], err);
        resumed += !st && t[i] >= 0;
    }
    if (!st) {
        c->p_resumed = (double)resumed / (double)bt->runs;
        c->median = pl_settle_median_time(t, bt->runs, 1, scratch);
    }
    pl_free(v);
    pl_free(t);
    pl_free(scratch);
    gsl_rng_free(rng);
    return st;
}

static pl_status read_outcome(const pl_scenario *sc, bt_case *c, pl_error *err)
{
    const pl_field *res = pl_scenario_find_field(sc, "case.resumed"), *on = pl_scenario_find_field(sc, "case.resumed_on");
    if (!res->given)
        return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no case.resumed, expected the outcome (docs/backtest.md R3)");
    c->resumed = res->number > 0;
    if (c->resumed && !on->given)
        return pl_error_at(err, PL_EINPUT, sc->path, res->line, res->col, "found resumed: true without resumed_on, expected its date");
    long start = pl_date_days(sc->start_year, sc->start_month, sc->start_day);
    c->actual_years = c->resumed ? (on->number - (double)start) / 365.25 : -1;
    c->window = sc->horizon_years;
    /* A date outside the window was taken as it stood: before the agreement it printed 'none' for a
    ** war that resumed; after the window it counted as a war within it (docs/backtest.md R3, R4). */
    if (c->resumed && (c->actual_years < 0 || c->actual_years > c->window))
        return pl_error_at(err, PL_EINPUT, sc->path, on->line, on->col,
                           "found resumed_on %.2f years after the agreement, expected a date within the observed window "
                           "(0 to horizon_years %g)", c->actual_years, c->window);
    int k = pl_scenario_find_param(sc, "case.guarantee.strength");
    c->code = k >= 0 ? sc->param[k].nominal : -1;
    return PL_OK;
}

static pl_status run_case(const char *dir, const char *name, const pl_scenario *common, backtest *bt, pl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    pl_scenario *sc;
    pl_status st = pl_settle_case_read(path, common, &sc, err);
    if (st) return st;
    bt_case *c = &bt->c[bt->n];
    snprintf(c->name, sizeof c->name, "%s", sc->name);
    st = read_outcome(sc, c, err);
    if (!st) st = predict(sc, bt, c, err);
    pl_scenario_free(sc);
    if (!st) bt->n++;
    return st;
}

static void score(backtest *bt)
{
    bt->brier = 0;
    bt->right = 0;
    for (size_t k = 0; k < bt->n; k++) {
        const bt_case *c = &bt->c[k];
        double e = c->p_resumed - c->resumed;
        bt->brier += e * e;
        bt->right += (c->p_resumed >= 0.5) == c->resumed;
    }
    if (bt->n) bt->brier /= (double)bt->n;
}

static void write_table(const backtest *bt, FILE *out)
{
    fprintf(out, "Backtest: %zu historical agreements, %zu runs each, seed %llu (coding rules: docs/backtest.md)\n\n", bt->n,
            bt->runs, (unsigned long long)bt->seed);
    fprintf(out, "%-20s %5s %7s %9s %11s %8s %8s %6s\n", "case", "code", "window", "P(war)", "pred. years", "actual",
            "years", "right");
    for (size_t k = 0; k < bt->n; k++) {
        const bt_case *c = &bt->c[k];
        char pred[16], act[16];
        cli_years_text(c->median, pred, sizeof pred);
        cli_years_text(c->actual_years, act, sizeof act);
        char nb[PL_TABLE_TEXT_MAX]; /* a case's name is free text: shown without its control characters */
        fprintf(out, "%-20s %5.1f %7.1f %8.0f%% %11s %8s %8s %6s\n", pl_table_text(c->name, nb, sizeof nb), c->code,
                c->window, 100 * c->p_resumed, pred, c->resumed ? "war" : "peace", act,
                (c->p_resumed >= 0.5) == c->resumed ? "yes" : "no");
    }
    fprintf(out, "\nBrier score %.3f over %zu cases (0 perfect, 0.25 a coin); %zu of %zu on the right side of 0.5.\n",
            bt->brier, bt->n, bt->right, bt->n);
    fprintf(out, "P(war): share of runs with a renewed war within the window; pred. years: median years to it ('none':\n"
                 "not in most runs). Only the guarantee differs between cases (rule R7).\n");
}

static void write_csv(const backtest *bt, FILE *out)
{
    fprintf(out, "case,code,window_years,p_resumed,predicted_median_years,resumed,actual_years\n");
    for (size_t k = 0; k < bt->n; k++) {
        const bt_case *c = &bt->c[k];
        pl_csv_write_field(out, c->name); /* a case's name is free text: it may hold commas or quotes */
        fprintf(out, ",%.17g,%.17g,%.17g,", c->code, c->window, c->p_resumed);
        cli_csv_optional(out, c->median);
        fprintf(out, ",%d,", c->resumed);
        cli_csv_optional(out, c->actual_years);
        fputc('\n', out);
    }
}

static pl_status write_json(const backtest *bt, FILE *out, pl_error *err)
{
    json_t *doc = json_object(), *cases = json_array();
    json_object_set_new(doc, "runs", json_integer((json_int_t)bt->runs));
    json_object_set_new(doc, "seed", json_integer((json_int_t)bt->seed));
    json_object_set_new(doc, "brier", json_real(bt->brier));
    json_object_set_new(doc, "right", json_integer((json_int_t)bt->right));
    for (size_t k = 0; k < bt->n; k++) {
        const bt_case *c = &bt->c[k];
        json_array_append_new(cases, json_pack("{s:s, s:f, s:f, s:f, s:o, s:b, s:o}", "case", c->name, "code", c->code,
                                               "window_years", c->window, "p_resumed", c->p_resumed,
                                               "predicted_median_years", cli_json_optional(c->median),
                                               "resumed", c->resumed, "actual_years", cli_json_optional(c->actual_years)));
    }
    json_object_set_new(doc, "cases", cases);
    return pl_json_dump(doc, out, err);
}

static pl_status write_backtest(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const backtest *bt = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: write_table(bt, fp); return PL_OK;
    case CLI_OUT_CSV: write_csv(bt, fp); return PL_OK;
    case CLI_OUT_JSON: return write_json(bt, fp, err);
    default: return pl_error_set(err, PL_EINVAL, "parley backtest writes table, csv or json, not sqlite");
    }
}

static int backtest_main(int argc, char **argv);

const cli_command cli_cmd_backtest = {
    "backtest", "predicted against actual on historical ceasefires and their guarantees",
    "parley backtest [options] DIR",
    "DIR holds one case file per agreement (scenarios/cases/) and, optionally, _common.yaml with the\n"
    "assumptions shared by every case. Each case runs the settle model's post-deal world from the\n"
    "agreement's date to the end of its observed window.",
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

static pl_status backtest_dir(const char *dir, const char *out, backtest *bt, pl_error *err)
{
    char *names[MAX_CASES] = {0}, path[1024];
    size_t n = 0;
    pl_scenario *common = NULL;
    pl_status st = list_cases(dir, names, &n, err);
    if (!st) st = check_out(dir, names, n, out, err);
    snprintf(path, sizeof path, "%s/_common.yaml", dir);
    FILE *probe = st ? NULL : fopen(path, "r");
    if (probe) {
        fclose(probe);
        st = pl_scenario_read(path, pl_settle_case_schema(), &common, err);
    }
    for (size_t k = 0; k < n && !st; k++) st = run_case(dir, names[k], common, bt, err);
    for (size_t k = 0; k < n; k++) pl_free(names[k]);
    pl_scenario_free(common);
    if (!st) score(bt);
    return st;
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
    bt->seed = cli_seed(&common);
    pl_status st = backtest_dir(pos[0], pl_optset_text(&common, "out"), bt, &err);
    if (!st) st = cli_write_result(&common, bt, write_backtest, &err);
    pl_free(bt);
    if (st == PL_EINVAL && !err.file[0]) return cli_usage_error(&cli_cmd_backtest, &err);
    return st ? cli_fail(&err) : 0;
}
