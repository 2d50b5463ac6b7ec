/*
** cmd_sweep.c — `parley sweep`: the hinge. Runs a settle scenario over a grid of one to three
** parameters on the ensemble engine and reports, at each grid point, acceptance by each side and the
** chance and timing of a renewed war, each with its count and 90% interval.
** Layer: interfaces.
**
** Every grid point uses the same streams (replicate j is on stream j at every point: common random
** numbers), so differences along the grid come from the parameter, not noise.
*/
#include <math.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_output.h"
#include "cli/settle_cli.h"
#include "parley/analysis.h"
#include "parley/experiments.h"
#include "parley/json.h"
#include "parley/memory.h"
#include "parley/result.h"

static const pl_option_desc common_options[] = {CLI_DOC_OPTIONS};
static const pl_option_desc sweep_options[] = {SETTLE_CLI_OPTIONS};

enum { MAX_STEPS = 1001, MAX_DRAWS = 16, N_SHOWN = 11 };

/* The outcomes the sweep shows, in its table's order (the wide table's columns). */
static const char *const shown[N_SHOWN] = {"accept_attacker", "accept_defender", "deal", "signed_recommenced_5y",
                                           "signed_recommenced_10y", "signed_years_to_recommence", "recommenced_10y",
                                           "years_to_recommence", "attacker_option_value", "attacker_fight_value",
                                           "credibility"};

typedef struct sweep {
    const settle_cli *sl;
    const pl_experiment *e;
    const pl_ens_config *cfg;
    const pl_ens_result *r;
    pl_result_doc *doc;
} sweep;

static pl_status parse_axis(const char *text, settle_axis *v, pl_error *err)
{
    pl_status st = cli_check_axis_text(text, err);
    if (st) return st;
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
    if (v->steps > 1 && v->from == v->to)
        return pl_error_set(err, PL_EINVAL, "found --vary '%s', %ld steps from %g to itself, expected FROM != TO", text,
                            v->steps, v->from);
    return PL_OK;
bad:
    return pl_error_set(err, PL_EINVAL, "found --vary '%s', expected PARAM=FROM:TO:STEPS (1 <= STEPS <= %d)", text, MAX_STEPS);
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

/* Refuses, before any run, an axis that repeats another's parameter or that --set fixes (one would
** silently win), and an axis whose ends lie outside the parameter's bounds. */
static pl_status check_grid(settle_cli *sl, const settle_axis *ax, size_t n, const pl_optset *so, pl_error *err)
{
    for (size_t v = 0; v < n; v++) {
        for (size_t w = 0; w < v; w++)
            if (strcmp(ax[w].path, ax[v].path) == 0)
                return pl_error_set(err, PL_EINVAL, "found --vary %s a second time, expected each parameter on one axis",
                                    ax[v].path);
        if (set_names(pl_optset_text(so, "set"), ax[v].path))
            return pl_error_set(err, PL_EINVAL, "found %s in both --set and --vary, expected it in one of them", ax[v].path);
        double nominal = 0;
        int k = pl_scenario_find_param(sl->sc, ax[v].path);
        if (k >= 0) nominal = sl->sc->param[k].nominal;
        pl_status st = pl_scenario_set_value(sl->sc, ax[v].path, ax[v].from, err);
        if (!st) st = pl_scenario_set_value(sl->sc, ax[v].path, ax[v].to, err);
        if (!st) st = pl_scenario_set_value(sl->sc, ax[v].path, nominal, err);
        if (st) return st;
    }
    return PL_OK;
}

static pl_status write_table(const void *ctx, FILE *out, pl_error *err)
{
    const sweep *sw = ctx;
    char tb[PL_TABLE_TEXT_MAX];
    fprintf(out, "%s: %ld runs per point%s, seed %llu (common random numbers across points)\n",
            pl_table_text(sw->sl->sc->name, tb, sizeof tb), sw->cfg->runs,
            sw->sl->runs ? "" : " (enough for +-2 points at 90% on the headline shares at every point)",
            (unsigned long long)sw->cfg->seed);
    fprintf(out, "attacker %s, ", pl_table_text(settle_cli_attacker(sw->sl), tb, sizeof tb));
    fprintf(out, "defender %s; 'signed': had the first round's terms been signed. Each cell: value [90%% interval].\n",
            pl_table_text(settle_cli_defender(sw->sl), tb, sizeof tb));
    if (sw->r->n_failed) fprintf(out, "%ld runs failed (left out); the first: %s\n", sw->r->n_failed, sw->r->failure);
    fputc('\n', out);
    return pl_result_table_write(pl_result_doc_find(sw->doc, "points_shown"), PL_RESULT_TABLE, out, err);
}

/* The table for people: one row per point, each shown outcome as "value [lo, hi]" text. */
static pl_status shown_table(const sweep *sw, const pl_result_table *wide, pl_result_table **out, pl_error *err)
{
    static const char *const heads[N_SHOWN] = {"A accepts", "D accepts", "deal", "war<5y signed", "war<10y signed",
                                               "median yrs signed", "war<10y | deal", "median yrs | deal",
                                               "A option value", "A fight value", "credibility"};
    size_t axes = sw->cfg->n_axes;
    pl_result_table *t = pl_result_table_create("points_shown", NULL);
    pl_status st = t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t a = 0; !st && a < axes; a++)
        st = pl_result_table_add_column(t, pl_result_table_column_name(wide, a), PL_COL_REAL, NULL, err);
    for (size_t c = 0; !st && c < N_SHOWN; c++) st = pl_result_table_add_column(t, shown[c], PL_COL_TEXT, heads[c], err);
    for (size_t i = 0; !st && i < pl_result_table_n_rows(wide); i++) {
        st = pl_result_table_add_row(t, err);
        for (size_t a = 0; !st && a < axes; a++) pl_result_set_real(t, a, pl_result_table_real(wide, i, a));
        for (size_t c = 0; !st && c < N_SHOWN; c++) {
            size_t at = axes + 5 * c;
            double v = pl_result_table_real(wide, i, at), lo = pl_result_table_real(wide, i, at + 1),
                   hi = pl_result_table_real(wide, i, at + 2);
            int share = strchr(pl_result_table_column_name(wide, at), '.') &&
                        strcmp(strrchr(pl_result_table_column_name(wide, at), '.'), ".p") == 0;
            char cell[96], h[32];
            if (isfinite(hi)) snprintf(h, sizeof h, share ? "%.0f" : "%.3g", share ? 100 * hi : hi);
            else snprintf(h, sizeof h, "-");
            if (!isfinite(v)) snprintf(cell, sizeof cell, "none");
            else if (share) snprintf(cell, sizeof cell, "%.0f%% [%.0f, %s]", 100 * v, 100 * lo, h);
            else snprintf(cell, sizeof cell, "%.3g [%.3g, %s]", v, lo, h);
            st = pl_result_set_text(t, axes + c, cell, err);
        }
    }
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}

static pl_status build_doc(sweep *sw, pl_error *err)
{
    sw->doc = pl_result_doc_create();
    if (!sw->doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = cli_doc_meta(sw->doc, "sweep", sw->e, sw->cfg, sw->r, err);
    pl_result_table *wide = NULL, *lng = NULL, *human = NULL;
    if (!st) st = pl_ens_stats_table(sw->e, sw->cfg, sw->r, shown, N_SHOWN, PL_STAT_LEVEL, 1, "points", &wide, err);
    if (!st) st = pl_ens_stats_table(sw->e, sw->cfg, sw->r, NULL, 0, PL_STAT_LEVEL, 0, "outcomes", &lng, err);
    if (!st) st = shown_table(sw, wide, &human, err);
    if (!st) st = pl_result_doc_add_table(sw->doc, wide, err);
    else pl_result_table_free(wide);
    if (!st) st = pl_result_doc_add_table(sw->doc, lng, err);
    else pl_result_table_free(lng);
    if (!st) st = pl_result_doc_add_table(sw->doc, human, err);
    else pl_result_table_free(human);
    return st;
}

static int sweep_main(int argc, char **argv);

static void help_vary(FILE *out)
{
    fprintf(out, "  --vary PARAM=FROM:TO:STEPS  a grid axis (repeat for a 2- or 3-D grid)\n"
                 "  --draw PARAM=DIST           draw a parameter from a distribution at every point, e.g. uniform(0.2, 0.6)\n");
}

const cli_command cli_cmd_sweep = {
    "sweep", "the hinge: acceptance and renewed war across a grid of parameters",
    "parley sweep SCENARIO --vary PARAM=FROM:TO:STEPS [--vary ...] [options]",
    "Runs the settle scenario at every point of the grid (up to three --vary, any scenario parameter by\n"
    "its dotted path, e.g. settle.guarantee.strength=0:5:11) and reports acceptance by each side, a deal,\n"
    "and a renewed war within 5 and 10 years with its median time. docs/hinge.md reads the result.\n"
    "Tables: points (wide: one row per grid point, KEY.STAT, KEY.lo, KEY.hi, KEY.k, KEY.n per outcome),\n"
    "outcomes (long: every outcome at every point), points_shown (the table for people).",
    sweep_main, help_vary, 0};

static int sweep_main(int argc, char **argv)
{
    pl_optset common, so;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, sweep_options);
    pl_optset *sets[] = {&common, &so};
    const char *pos[1], *vary[PL_GRID_MAX_AXES + 1], *draws[MAX_DRAWS];
    size_t n_vary = 0, n_draws = 0;
    settle_axis axes[PL_GRID_MAX_AXES];
    pl_error err;
    pl_error_clear(&err);
    pl_status vst = settle_cli_collect(&argc, argv, "vary", vary, PL_GRID_MAX_AXES, &n_vary, &err);
    if (!vst) vst = settle_cli_collect(&argc, argv, "draw", draws, MAX_DRAWS, &n_draws, &err);
    for (size_t k = 0; !vst && k < n_vary; k++) vst = parse_axis(vary[k], &axes[k], &err);
    if (!vst) vst = cli_check_draws(draws, n_draws, &err);
    int help = cli_peek(argc, argv, "help") || (argc > 1 && strcmp(argv[argc - 1], "--help") == 0);
    if (vst && !help) return cli_usage_error(&cli_cmd_sweep, &err);
    int rc = cli_begin(&cli_cmd_sweep, argc, argv, sets, 2, 2, "SCENARIO", pos);
    if (rc >= 0) return rc;
    if (!n_vary) { /* after cli_begin, so that an unknown option is named as such */
        pl_error_set(&err, PL_EINVAL, "expected at least one --vary PARAM=FROM:TO:STEPS");
        return cli_usage_error(&cli_cmd_sweep, &err);
    }
    settle_cli sl;
    sweep sw = {.sl = &sl};
    pl_experiment *e = NULL;
    pl_ens_config cfg;
    pl_ens_result *r = NULL;
    pl_status st = settle_cli_load(pos[0], &common, &so, &sl, &err);
    if (!st) settle_cli_note_after_as_of("sweep", sl.sc);
    if (!st) st = check_grid(&sl, axes, n_vary, &so, &err);
    if (!st) st = settle_cli_experiment(&sl, &so, draws, n_draws, axes, n_vary, &e, &cfg, &err);
    if (!st) st = settle_cli_run(&sl, e, &cfg, &r, &err);
    sw.e = e, sw.cfg = &cfg, sw.r = r;
    if (!st) st = build_doc(&sw, &err);
    if (!st) st = cli_write_doc(&common, sw.doc, write_table, &sw, &err);
    pl_result_doc_free(sw.doc);
    pl_ens_result_free(r);
    pl_experiment_free(e);
    settle_cli_free(&sl);
    if (st == PL_EINVAL && !err.file[0]) return cli_usage_error(&cli_cmd_sweep, &err);
    return st ? cli_fail(&err) : 0;
}
