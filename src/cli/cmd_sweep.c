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
#include "parley/run_write.h"
#include "cli/settle_cli.h"
#include "parley/json.h"
#include "parley/settle_study.h"

static const pl_option_desc common_options[] = {CLI_DOC_OPTIONS};
static const pl_option_desc sweep_options[] = {SETTLE_CLI_OPTIONS};

enum { MAX_STEPS = 1001, MAX_DRAWS = 16 };

typedef struct sweep {
    const settle_cli *sl;
    const pl_experiment *e;
    const pl_ens_config *cfg;
    const pl_ens_result *r;
    pl_result_doc *doc;
} sweep;

static pl_status parse_axis(const char *text, pl_settle_axis *v, pl_error *err)
{
    pl_status st = pl_check_axis_text(text, err);
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

static pl_status write_table(const void *ctx, FILE *out, pl_error *err)
{
    const sweep *sw = ctx;
    char tb[PL_TABLE_TEXT_MAX];
    fprintf(out, "%s: %ld runs per point%s, seed %llu (common random numbers across points)\n",
            pl_table_text(sw->sl->sc->name, tb, sizeof tb), sw->cfg->runs,
            sw->sl->runs ? "" : " (enough for +-2 points at 90% on the headline shares at every point)",
            (unsigned long long)sw->cfg->seed);
    fprintf(out, "attacker %s, ", pl_table_text(pl_settle_study_attacker(sw->sl), tb, sizeof tb));
    fprintf(out, "defender %s; 'signed': had the first round's terms been signed. Each cell: value [90%% interval].\n",
            pl_table_text(pl_settle_study_defender(sw->sl), tb, sizeof tb));
    if (sw->r->n_failed) fprintf(out, "%ld runs failed (left out); the first: %s\n", sw->r->n_failed, sw->r->failure);
    fputc('\n', out);
    return pl_result_table_write(pl_result_doc_find(sw->doc, "points_shown"), PL_RESULT_TABLE, out, err);
}

static pl_status build_doc(sweep *sw, pl_error *err)
{
    sw->doc = pl_result_doc_create();
    if (!sw->doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_ens_doc_meta(sw->doc, "sweep", sw->e, sw->cfg, sw->r, err);
    if (!st) st = pl_sweep_doc_tables(sw->doc, sw->e, sw->cfg, sw->r, err);
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
    pl_settle_axis axes[PL_GRID_MAX_AXES];
    pl_error err;
    pl_error_clear(&err);
    pl_status vst = pl_args_take(&argc, argv, "vary", vary, PL_GRID_MAX_AXES, &n_vary, &err);
    if (!vst) vst = pl_args_take(&argc, argv, "draw", draws, MAX_DRAWS, &n_draws, &err);
    for (size_t k = 0; !vst && k < n_vary; k++) vst = parse_axis(vary[k], &axes[k], &err);
    if (!vst) vst = pl_check_draws(draws, n_draws, &err);
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
    if (!st) st = pl_settle_grid_check(&sl, axes, n_vary, &so, &err);
    char note[512];
    if (!st) st = pl_settle_study_experiment(&sl, &so, draws, n_draws, axes, n_vary, &e, &cfg, note, sizeof note, &err);
    if (!st && note[0]) fprintf(stderr, "parley: note: %s\n", note);
    if (!st) st = pl_settle_study_run(&sl, e, &cfg, &r, &err);
    /* A grid of empty cells is no result (as parley run says): a condition no draw meets, say. */
    if (!st && r->n_runs && r->n_failed == r->n_runs)
        st = pl_error_set(&err, PL_EMODEL, "every run failed; the first: %s", r->failure);
    char cond[1024];
    if (!st && pl_ens_condition_text(e, cond, sizeof cond)) fprintf(stderr, "parley sweep: note: %s\n", cond);
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
