/*
** cmd_settle.c — `parley settle`: the flagship. Runs a settle scenario on the ensemble engine and
** says, in plain words and tables, how likely each side is to accept the framework, how likely and
** how soon a renewed war is, and what drives both; every share with its count and 90% interval.
** Layer: interfaces.
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
static const pl_option_desc settle_options[] = {SETTLE_CLI_OPTIONS};

enum { N_DRIVERS = 3, MAX_DRAWS = 16 };

/* The outcomes whose drivers are ranked. */
static const char *const driven[] = {"accept_attacker", "accept_defender", "signed_recommenced_10y"};

typedef struct settle_out {
    const settle_cli *sl;
    const pl_experiment *e;
    const pl_ens_config *cfg;
    const pl_ens_result *r;
    pl_result_doc *doc;
} settle_out;

static const pl_outcome_stat *stat_of(const settle_out *s, const char *key, pl_outcome_stat *buf)
{
    for (size_t o = 0; o < s->e->n_outcomes; o++)
        if (strcmp(s->e->outcome[o].name, key) == 0) {
            pl_error err;
            if (pl_ens_outcome_stat(s->e, s->cfg, s->r, -1, o, PL_STAT_LEVEL, buf, &err) == PL_OK) return buf;
        }
    *buf = (pl_outcome_stat){.statistic = "p", .value = (double)NAN, .lo = (double)NAN, .hi = (double)NAN};
    return buf;
}

static void print_share(FILE *out, const pl_outcome_stat *s)
{
    char v[96];
    cli_stat_text(s, v, sizeof v);
    fputs(v, out);
}

static pl_status print_plain_words(const settle_out *s, FILE *out)
{
    const settle_cli *sl = s->sl;
    char ab[PL_TABLE_TEXT_MAX], db[PL_TABLE_TEXT_MAX], nb[PL_TABLE_TEXT_MAX], tb[PL_TABLE_TEXT_MAX];
    /* names as the terminal shows them: escape sequences in a scenario cannot reach it */
    const char *a = pl_table_text(settle_cli_attacker(sl), ab, sizeof ab), *d = pl_table_text(settle_cli_defender(sl), db, sizeof db);
    pl_outcome_stat b1, b2, b3;
    fprintf(out, "%s\n%s\n%ld runs, seed %llu%s; each draws its uncertain parameters and plays the war to the first round.\n",
            pl_table_text(sl->sc->name, nb, sizeof nb), pl_table_text(sl->su->fw->title, tb, sizeof tb), s->r->n_runs,
            (unsigned long long)sl->seed, sl->runs ? "" : " (enough for +-2 points at 90% on the headline shares)");
    if (s->r->n_failed) fprintf(out, "%ld runs failed (left out); the first: %s\n", s->r->n_failed, s->r->failure);
    fprintf(out, "Shares are p with k of n runs and a 90%% Wilson interval; times are Kaplan-Meier medians (runs without "
                 "the event censored at the horizon).\n\n");
    fprintf(out, "%s accepts the first round's terms: ", a);
    print_share(out, stat_of(s, "accept_attacker", &b1));
    fprintf(out, ".\n%s accepts them: ", d);
    print_share(out, stat_of(s, "accept_defender", &b2));
    fprintf(out, ".\nA deal within the rounds: ");
    print_share(out, stat_of(s, "deal", &b3));
    fprintf(out, ".\nHad those terms been signed, %s renews the war within 5 years: ", a);
    print_share(out, stat_of(s, "signed_recommenced_5y", &b1));
    fprintf(out, "; within 10 years: ");
    print_share(out, stat_of(s, "signed_recommenced_10y", &b2));
    fprintf(out, ";\nyears to it: ");
    print_share(out, stat_of(s, "signed_years_to_recommence", &b3));
    fprintf(out, ".\n");
    return PL_OK;
}

static pl_status write_table(const void *ctx, FILE *out, pl_error *err)
{
    const settle_out *s = ctx;
    pl_status st = print_plain_words(s, out);
    if (!st) st = cli_stats_human(s->e, pl_result_doc_find(s->doc, "outcomes"), out, err);
    const pl_result_table *dr = pl_result_doc_find(s->doc, "drivers");
    fprintf(out, "\nWhat drives it (parameters whose draws move the outcome most; Spearman rank correlation):\n");
    for (size_t k = 0; k < sizeof driven / sizeof *driven; k++) {
        fprintf(out, "  %s:", driven[k]);
        int any = 0;
        char tb[PL_TABLE_TEXT_MAX];
        for (size_t i = 0; dr && i < pl_result_table_n_rows(dr); i++)
            if (strcmp(pl_result_table_text(dr, i, 0), driven[k]) == 0)
                fprintf(out, "%s %s (%+.2f)", any++ ? "," : "", pl_table_text(pl_result_table_text(dr, i, 2), tb, sizeof tb),
                        pl_result_table_real(dr, i, 3));
        fprintf(out, "%s\n", any ? "" : " no drawn parameter moves it (or it does not vary)");
    }
    fprintf(out, "\n");
    if (!st) st = pl_result_table_write(pl_result_doc_find(s->doc, "terms"), PL_RESULT_TABLE, out, err);
    fprintf(out, "\nValues are in years of the stakes (a year of one's ideal terms on every point is worth 1);\n"
                 "equations: docs/models/settle.md; parameters and their sources: the scenario file.\n");
    return st;
}

/* The drivers table: per ranked outcome, the parameters whose draws move it most. */
static pl_status drivers_table(const settle_out *s, pl_result_table **out, pl_error *err)
{
    const pl_scenario *sc = pl_experiment_settle_scenario(s->e);
    size_t np = sc->n_params, nr = (size_t)s->r->n_runs;
    double *x = pl_malloc((s->e->n_inputs + 1) * sizeof *x), *values = pl_malloc((nr * np + 1) * sizeof *values);
    pl_result_table *t = pl_result_table_create("drivers", "What drives each outcome (Spearman rank correlation)");
    pl_status st = x && values && t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; !st && i < nr; i++) {
        pl_ens_result_inputs(s->e, s->r, (long)i, x);
        st = pl_experiment_settle_values(s->e, x, values + i * np, err);
    }
    if (!st) st = pl_result_table_add_column(t, "outcome", PL_COL_TEXT, NULL, err);
    if (!st) st = pl_result_table_add_column(t, "rank", PL_COL_INT, NULL, err);
    if (!st) st = pl_result_table_add_column(t, "parameter", PL_COL_TEXT, NULL, err);
    if (!st) st = pl_result_table_add_column(t, "rho", PL_COL_REAL, NULL, err);
    for (size_t k = 0; !st && k < sizeof driven / sizeof *driven; k++) {
        long o = -1;
        for (size_t j = 0; j < s->e->n_outcomes; j++)
            if (strcmp(s->e->outcome[j].name, driven[k]) == 0) o = (long)j;
        pl_driver d[N_DRIVERS];
        size_t n = o < 0 ? 0 : pl_ens_drivers(s->e, s->r, (size_t)o, values, np, N_DRIVERS, d);
        for (size_t q = 0; !st && q < n; q++) {
            st = pl_result_table_add_row(t, err);
            if (!st) st = pl_result_set_text(t, 0, driven[k], err);
            pl_result_set_int(t, 1, (long long)q + 1);
            if (!st) st = pl_result_set_text(t, 2, sc->param[d[q].column].path, err);
            pl_result_set_real(t, 3, d[q].rho);
        }
    }
    pl_free(x);
    pl_free(values);
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}

/* The first round's terms: each point's proposal, the terms (mean over runs) and the sides' ideals. */
static pl_status terms_table(const settle_out *s, pl_result_table **out, pl_error *err)
{
    const pl_framework *fw = s->sl->su->fw;
    size_t a = s->sl->su->attacker, d = s->sl->su->defender;
    pl_result_table *t = pl_result_table_create("terms", "The first round's terms (mean over runs; each point's scale in the framework file)");
    pl_status st = t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    static const char *const names[] = {"point", "status", "proposal", "terms", "attacker_ideal", "defender_ideal"};
    for (size_t c = 0; !st && c < 6; c++) st = pl_result_table_add_column(t, names[c], c < 2 ? PL_COL_TEXT : PL_COL_REAL, NULL, err);
    for (size_t p = 0; !st && p < fw->n_points; p++) {
        char key[160];
        snprintf(key, sizeof key, "terms.%s", fw->point[p].id);
        pl_outcome_stat m;
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, fw->point[p].id, err);
        if (!st) st = pl_result_set_text(t, 1, pl_point_status_name(fw->point[p].status), err);
        pl_result_set_real(t, 2, fw->point[p].proposal);
        pl_result_set_real(t, 3, stat_of(s, key, &m)->value);
        if (fw->has_position[a * fw->n_points + p]) pl_result_set_real(t, 4, fw->ideal[a * fw->n_points + p]);
        if (fw->has_position[d * fw->n_points + p]) pl_result_set_real(t, 5, fw->ideal[d * fw->n_points + p]);
    }
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}

static pl_status build_doc(settle_out *s, pl_error *err)
{
    s->doc = pl_result_doc_create();
    if (!s->doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = cli_doc_meta(s->doc, "settle", s->e, s->cfg, s->r, err);
    if (!st) st = pl_result_doc_meta_text(s->doc, "framework", s->sl->su->fw->name, err);
    pl_result_table *t = NULL;
    if (!st) st = pl_ens_stats_table(s->e, s->cfg, s->r, NULL, 0, PL_STAT_LEVEL, 0, "outcomes", &t, err);
    if (!st) st = pl_result_doc_add_table(s->doc, t, err);
    if (!st) st = drivers_table(s, &t, err);
    if (!st) st = pl_result_doc_add_table(s->doc, t, err);
    if (!st) st = terms_table(s, &t, err);
    if (!st) st = pl_result_doc_add_table(s->doc, t, err);
    return st;
}

static int settle_main(int argc, char **argv);

const cli_command cli_cmd_settle = {
    "settle", "how the war ends: acceptance of a peace framework and the chance of a renewed war",
    "parley settle [options] SCENARIO",
    "SCENARIO is a settle scenario (the war sides plus a settle: section), e.g.\n"
    "scenarios/ukraine-2025-19pt.yaml. Each run draws the uncertain parameters, plays the war to the first\n"
    "negotiation round, bargains over the framework's points, lets each side accept or refuse against its\n"
    "value of fighting on, and follows a deal for the post-deal horizon. Model: docs/models/settle.md.\n"
    "Tables: outcomes (long: outcome, statistic, value, lo, hi, level, k, n), drivers, terms.\n"
    "--draw PARAM=DIST (repeatable) draws a parameter from a distribution, e.g. uniform(0.2, 0.6);\n"
    "a grid over a parameter is parley sweep --vary PARAM=FROM:TO:STEPS.",
    settle_main, NULL, 0};

static int settle_main(int argc, char **argv)
{
    pl_optset common, so;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, settle_options);
    pl_optset *sets[] = {&common, &so};
    const char *pos[1], *draws[MAX_DRAWS], *vary[4];
    size_t n_draws = 0, n_vary = 0;
    pl_error err;
    pl_error_clear(&err);
    pl_status vst = settle_cli_collect(&argc, argv, "draw", draws, MAX_DRAWS, &n_draws, &err);
    if (!vst) vst = settle_cli_collect(&argc, argv, "vary", vary, 4, &n_vary, &err);
    if (!vst && n_vary)
        vst = pl_error_set(&err, PL_EINVAL, "found --vary %s, expected it with parley sweep (a grid axis: parley sweep "
                           "SCENARIO --vary PARAM=FROM:TO:STEPS); to draw a parameter from a distribution use --draw "
                           "PARAM=DIST", vary[0]);
    int rc = cli_begin(&cli_cmd_settle, argc, argv, sets, 2, 2, "SCENARIO", pos);
    if (rc >= 0) return rc;
    if (vst) return cli_usage_error(&cli_cmd_settle, &err);
    settle_cli sl;
    settle_out s = {.sl = &sl};
    pl_experiment *e = NULL;
    pl_ens_config cfg;
    pl_ens_result *r = NULL;
    pl_status st = settle_cli_load(pos[0], &common, &so, &sl, &err);
    if (!st) settle_cli_note_after_as_of("settle", sl.sc);
    if (!st) st = cli_check_draws(draws, n_draws, &err);
    if (!st) st = settle_cli_experiment(&sl, &so, draws, n_draws, NULL, 0, &e, &cfg, &err);
    if (st == PL_EINVAL && !err.file[0]) {
        pl_experiment_free(e);
        settle_cli_free(&sl);
        return cli_usage_error(&cli_cmd_settle, &err);
    }
    if (!st) st = settle_cli_run(&sl, e, &cfg, &r, &err);
    s.e = e, s.cfg = &cfg, s.r = r;
    if (!st) st = build_doc(&s, &err);
    if (!st) st = cli_write_doc(&common, s.doc, write_table, &s, &err);
    pl_result_doc_free(s.doc);
    pl_ens_result_free(r);
    pl_experiment_free(e);
    settle_cli_free(&sl);
    return st ? cli_fail(&err) : 0;
}
