/*
** cmd_sweep.c — `parley sweep`: the hinge. Runs a settle scenario over a grid of one or more
** parameters and reports, at each grid point, acceptance by each side and the chance and timing
** of a renewed war.
** Layer: interfaces.
**
** Every grid point uses the same seed, so its runs share their random numbers with every other
** point's (common random numbers): differences along the grid come from the parameter, not noise.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/settle_cli.h"
#include "parley/json.h"
#include "parley/memory.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};
static const pl_option_desc sweep_options[] = {SETTLE_CLI_OPTIONS};

enum { MAX_VARY = 3, MAX_STEPS = 1001, N_COLS = 11 };
/* The columns of col_key that may be undefined (-1): median years, and the share given a deal. */
enum { COL_MEDIAN_SIGNED = 5, COL_RENEWED_DEAL = 6, COL_MEDIAN_DEAL = 7 };

typedef struct vary {
    char path[200];
    double from, to;
    long steps;
} vary;

static const char *const col_key[N_COLS] = {"p_accept_attacker", "p_accept_defender", "p_deal",
                                             "p_renewed_5y_signed", "p_renewed_10y_signed", "median_years_signed",
                                             "p_renewed_10y_deal", "median_years_deal", "attacker_option_value",
                                             "attacker_fight_value", "credibility"};

/* The grid and its results: point g has coordinates x[g·n_vary + v] and results y[g·N_COLS + c]. */
typedef struct sweep {
    const settle_cli *sl;
    vary v[MAX_VARY];
    size_t n_vary, n_points;
    double *x, *y;
} sweep;

static pl_status parse_vary(const char *text, vary *v, pl_error *err)
{
    const char *eq = strchr(text, '=');
    double g[3];
    if (!eq || (size_t)(eq - text) >= sizeof v->path || cli_parse_triple(eq + 1, g)) goto bad;
    snprintf(v->path, sizeof v->path, "%.*s", (int)(eq - text), text);
    if (g[2] != floor(g[2]) || g[2] < 1 || g[2] > MAX_STEPS) goto bad;
    v->from = g[0];
    v->to = g[1];
    v->steps = (long)g[2];
    if (v->steps == 1 && v->from != v->to)
        return pl_error_set(err, PL_EINVAL, "found --vary '%s', one step from %g to %g, expected FROM = TO for one step, or "
                            "STEPS >= 2", text, v->from, v->to);
    return PL_OK;
bad:
    return pl_error_set(err, PL_EINVAL, "found --vary '%s', expected PARAM=FROM:TO:STEPS (1 <= STEPS <= %d)", text, MAX_STEPS);
}

/* Takes every --vary out of argv (it may repeat, which cli_parse does not allow), even past a bad
** one, so that `--vary ... --help` shows the help (it said 'unknown option --vary'). Returns the
** first problem. */
static pl_status collect_vary(int *argc, char **argv, sweep *sw, pl_error *err)
{
    int out = 1;
    pl_status st = PL_OK;
    for (int k = 1; k < *argc; k++) {
        const char *text = NULL;
        if (strcmp(argv[k], "--vary") == 0) {
            if (k + 1 >= *argc) {
                if (!st) st = pl_error_set(err, PL_EINVAL, "option --vary needs a value");
                continue;
            }
            text = argv[++k];
        } else if (strncmp(argv[k], "--vary=", 7) == 0) text = argv[k] + 7;
        if (!text) {
            argv[out++] = argv[k];
            continue;
        }
        if (st) continue;
        if (sw->n_vary == MAX_VARY) st = pl_error_set(err, PL_EINVAL, "found more than %d --vary options", MAX_VARY);
        else st = parse_vary(text, &sw->v[sw->n_vary++], err);
    }
    *argc = out;
    return st;
}

/* 1 when the comma-separated PARAM=VALUE list of --set fixes path. */
static int set_names(const char *list, const char *path)
{
    size_t n = strlen(path);
    for (const char *p = list; *p;) {
        if (strncmp(p, path, n) == 0 && p[n] == '=') return 1;
        const char *comma = strchr(p, ',');
        if (!comma) break;
        p = comma + 1;
    }
    return 0;
}

/* Refuses, before any run, an axis that repeats another's parameter or one that --set fixes (one
** of them would silently win and the table would print values never used), and an axis whose
** ends lie outside the parameter's bounds (it was found at that grid point, after every run of
** the points before it). The grid lies between the ends, so checking them checks every point. */
static pl_status check_grid(settle_cli *sl, const sweep *sw, const pl_optset *so, pl_error *err)
{
    for (size_t v = 0; v < sw->n_vary; v++) {
        const vary *a = &sw->v[v];
        for (size_t w = 0; w < v; w++)
            if (strcmp(sw->v[w].path, a->path) == 0)
                return pl_error_set(err, PL_EINVAL, "found --vary %s a second time, expected each parameter on one axis",
                                    a->path);
        if (set_names(pl_optset_text(so, "set"), a->path))
            return pl_error_set(err, PL_EINVAL, "found %s in both --set and --vary, expected it in one of them", a->path);
        pl_status st = pl_scenario_set_value(sl->sc, a->path, a->from, err);
        if (!st) st = pl_scenario_set_value(sl->sc, a->path, a->to, err);
        if (st) return st;
    }
    return PL_OK;
}

static double grid_value(const vary *v, long i) { return v->steps == 1 ? v->from : v->from + (v->to - v->from) * (double)i / (double)(v->steps - 1); }

static void fill_row(const pl_settle_summary *s, double *y)
{
    const double *u = s->mean;
    double row[N_COLS] = {u[PL_SO_ACCEPT_ATTACKER], u[PL_SO_ACCEPT_DEFENDER], u[PL_SO_DEAL],
                          u[PL_SO_SIGNED_RECOMMENCED_5Y], u[PL_SO_SIGNED_RECOMMENCED_10Y], s->median_years_signed,
                          s->p_recommenced_10y_deal, s->median_years_deal, u[PL_SO_ATTACKER_OPTION_VALUE],
                          u[PL_SO_ATTACKER_FIGHT_VALUE], u[PL_SO_CREDIBILITY]};
    memcpy(y, row, sizeof row);
}

static pl_status run_grid(settle_cli *sl, sweep *sw, pl_error *err)
{
    sw->n_points = 1;
    for (size_t v = 0; v < sw->n_vary; v++) sw->n_points *= (size_t)sw->v[v].steps;
    sw->x = pl_malloc(sw->n_points * sw->n_vary * sizeof(double));
    sw->y = pl_malloc(sw->n_points * N_COLS * sizeof(double));
    double *o = pl_malloc(sl->runs * PL_SO_COUNT * sizeof(double));
    pl_status st = sw->x && sw->y && o ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t g = 0; g < sw->n_points && !st; g++) {
        size_t rest = g;
        for (size_t v = sw->n_vary; v-- > 0 && !st;) {
            double x = grid_value(&sw->v[v], (long)(rest % (size_t)sw->v[v].steps));
            rest /= (size_t)sw->v[v].steps;
            sw->x[g * sw->n_vary + v] = x;
            st = pl_scenario_set_value(sl->sc, sw->v[v].path, x, err);
        }
        if (!st) st = pl_settle_runs(sl->su, sl->sc, sl->seed, sl->runs, sl->nominal, o, NULL, NULL, err);
        if (st) break;
        pl_settle_summary s;
        pl_settle_summarise(o, sl->runs, &s);
        fill_row(&s, sw->y + g * N_COLS);
    }
    pl_free(o);
    return st;
}

static int is_optional(size_t col) { return col == COL_MEDIAN_SIGNED || col == COL_RENEWED_DEAL || col == COL_MEDIAN_DEAL; }

static void write_table(const sweep *sw, FILE *out)
{
    fprintf(out, "%s: %zu runs per point, seed %llu (common random numbers across points)\n", sw->sl->sc->name,
            sw->sl->runs, (unsigned long long)sw->sl->seed);
    fprintf(out, "attacker %s, defender %s; 'signed': had the first round's terms been signed\n\n",
            settle_cli_attacker(sw->sl), settle_cli_defender(sw->sl));
    for (size_t v = 0; v < sw->n_vary; v++) fprintf(out, "%-30s ", sw->v[v].path);
    fprintf(out, "%9s %9s %7s %9s %10s %9s %9s %12s\n", "P(A acc)", "P(D acc)", "P(deal)", "war<5y", "war<10y", "median",
            "war|deal", "median|deal");
    for (size_t g = 0; g < sw->n_points; g++) {
        for (size_t v = 0; v < sw->n_vary; v++) fprintf(out, "%-30.4g ", sw->x[g * sw->n_vary + v]);
        const double *y = sw->y + g * N_COLS;
        char med[16], war_deal[16], med_deal[16];
        cli_years_text(y[COL_MEDIAN_SIGNED], med, sizeof med);
        cli_share_text(y[COL_RENEWED_DEAL], war_deal, sizeof war_deal);
        cli_years_text(y[COL_MEDIAN_DEAL], med_deal, sizeof med_deal);
        fprintf(out, "%8.0f%% %8.0f%% %6.0f%% %8.0f%% %9.0f%% %9s %9s %12s\n", 100 * y[0], 100 * y[1], 100 * y[2],
                100 * y[3], 100 * y[4], med, war_deal, med_deal);
    }
    fprintf(out, "\nmedian: median years to a renewed war had round 1 been signed ('none': not for most runs within the "
                 "horizon); war|deal, median|deal: the same for the deals actually made ('none': no run made a deal).\n");
}

static void write_csv(const sweep *sw, FILE *out)
{
    for (size_t v = 0; v < sw->n_vary; v++) {
        pl_csv_write_field(out, sw->v[v].path);
        fputc(',', out);
    }
    for (size_t c = 0; c < N_COLS; c++) fprintf(out, "%s%s", col_key[c], c + 1 < N_COLS ? "," : "\n");
    for (size_t g = 0; g < sw->n_points; g++) {
        for (size_t v = 0; v < sw->n_vary; v++) fprintf(out, "%.17g,", sw->x[g * sw->n_vary + v]);
        for (size_t c = 0; c < N_COLS; c++) {
            if (is_optional(c)) cli_csv_optional(out, sw->y[g * N_COLS + c]);
            else fprintf(out, "%.17g", sw->y[g * N_COLS + c]);
            fputc(c + 1 < N_COLS ? ',' : '\n', out);
        }
    }
}

static pl_status write_json(const sweep *sw, FILE *out, pl_error *err)
{
    json_t *doc = json_object(), *pts = json_array();
    json_object_set_new(doc, "scenario", json_string(sw->sl->sc->name));
    json_object_set_new(doc, "runs", json_integer((json_int_t)sw->sl->runs));
    json_object_set_new(doc, "seed", json_integer((json_int_t)sw->sl->seed));
    for (size_t g = 0; g < sw->n_points; g++) {
        json_t *pt = json_object();
        for (size_t v = 0; v < sw->n_vary; v++) json_object_set_new(pt, sw->v[v].path, json_real(sw->x[g * sw->n_vary + v]));
        for (size_t c = 0; c < N_COLS; c++) {
            double y = sw->y[g * N_COLS + c];
            json_object_set_new(pt, col_key[c], is_optional(c) ? cli_json_optional(y) : json_real(y));
        }
        json_array_append_new(pts, pt);
    }
    json_object_set_new(doc, "points", pts);
    return pl_json_dump(doc, out, err);
}

static pl_status write_sweep(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const sweep *sw = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: write_table(sw, fp); return PL_OK;
    case CLI_OUT_CSV: write_csv(sw, fp); return PL_OK;
    case CLI_OUT_JSON: return write_json(sw, fp, err);
    default: return pl_error_set(err, PL_EINVAL, "parley sweep writes table, csv or json, not sqlite");
    }
}

static int sweep_main(int argc, char **argv);

static void help_vary(FILE *out)
{
    fprintf(out, "  --vary PARAM=FROM:TO:STEPS  a parameter and its grid (repeat for a 2- or 3-D grid)\n");
}

const cli_command cli_cmd_sweep = {
    "sweep", "the hinge: acceptance and renewed war across a grid of parameters",
    "parley sweep SCENARIO --vary PARAM=FROM:TO:STEPS [--vary ...] [options]",
    "Runs the settle scenario at every point of the grid (up to three --vary, any scenario parameter by\n"
    "its dotted path, e.g. settle.guarantee.strength=0:5:11) and reports acceptance by each side, a deal,\n"
    "and a renewed war within 5 and 10 years with its median time. docs/hinge.md reads the result.",
    sweep_main, help_vary, 1};

static int sweep_main(int argc, char **argv)
{
    pl_optset common, so;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, sweep_options);
    pl_optset *sets[] = {&common, &so};
    const char *pos[1];
    pl_error err;
    pl_error_clear(&err);
    sweep sw = {0};
    pl_status vst = collect_vary(&argc, argv, &sw, &err);
    int help = cli_peek(argc, argv, "help") || (argc > 1 && strcmp(argv[argc - 1], "--help") == 0);
    if (vst && !help) return cli_usage_error(&cli_cmd_sweep, &err);
    int rc = cli_begin(&cli_cmd_sweep, argc, argv, sets, 2, 2, "SCENARIO", pos);
    if (rc >= 0) return rc;
    if (!sw.n_vary) { /* after cli_begin, so that an unknown option is named as such */
        pl_error_set(&err, PL_EINVAL, "expected at least one --vary PARAM=FROM:TO:STEPS");
        return cli_usage_error(&cli_cmd_sweep, &err);
    }
    settle_cli sl;
    pl_status st = settle_cli_load(pos[0], &common, &so, &sl, &err);
    if (!st) settle_cli_note_after_as_of("sweep", sl.sc);
    sw.sl = &sl;
    if (!st) st = check_grid(&sl, &sw, &so, &err);
    if (!st) st = run_grid(&sl, &sw, &err);
    if (!st) st = cli_write_result(&common, &sw, write_sweep, &err);
    pl_free(sw.x);
    pl_free(sw.y);
    settle_cli_free(&sl);
    if (st == PL_EINVAL && !err.file[0]) return cli_usage_error(&cli_cmd_sweep, &err);
    return st ? cli_fail(&err) : 0;
}
