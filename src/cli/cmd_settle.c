/*
** cmd_settle.c — `parley settle`: the flagship. Runs a settle scenario on the ensemble engine and
** says, in plain words and tables, how likely each side is to accept the framework, how likely and
** how soon a renewed war is, and what drives both; every share with its count and 90% interval.
** Layer: interfaces.
*/
#include <string.h>

#include "cli/cli.h"
#include "parley/run_write.h"
#include "cli/settle_cli.h"
#include "parley/json.h"
#include "parley/settle_study.h"

static const pl_option_desc common_options[] = {CLI_DOC_OPTIONS};
static const pl_option_desc settle_options[] = {SETTLE_CLI_OPTIONS};

enum { MAX_DRAWS = 16 };

typedef struct settle_out {
    const settle_cli *sl;
    const pl_experiment *e;
    const pl_ens_config *cfg;
    const pl_ens_result *r;
    pl_result_doc *doc;
} settle_out;

/* The statistic of outcome key in words. */
static void print_share(FILE *out, const settle_out *s, const char *key)
{
    pl_outcome_stat buf;
    char v[96];
    pl_stat_text(pl_settle_stat(s->e, s->cfg, s->r, key, &buf), v, sizeof v);
    fputs(v, out);
}

static pl_status print_plain_words(const settle_out *s, FILE *out)
{
    const settle_cli *sl = s->sl;
    char ab[PL_TABLE_TEXT_MAX], db[PL_TABLE_TEXT_MAX], nb[PL_TABLE_TEXT_MAX], tb[PL_TABLE_TEXT_MAX];
    /* names as the terminal shows them: escape sequences in a scenario cannot reach it */
    const char *a = pl_table_text(pl_settle_study_attacker(sl), ab, sizeof ab), *d = pl_table_text(pl_settle_study_defender(sl), db, sizeof db);
    fprintf(out, "%s\n%s\n%ld runs, seed %llu%s; each draws its uncertain parameters and plays the war to the first round.\n",
            pl_table_text(sl->sc->name, nb, sizeof nb), pl_table_text(sl->su->fw->title, tb, sizeof tb), s->r->n_runs,
            (unsigned long long)sl->seed, sl->runs ? "" : " (enough for +-2 points at 90% on the headline shares)");
    /* Which draws were kept changes every number below, so the table says it, not only stderr. */
    char cond[PL_TABLE_TEXT_MAX], cb[PL_TABLE_TEXT_MAX];
    if (pl_ens_condition_text(s->e, cond, sizeof cond)) fprintf(out, "Draws %s.\n", pl_table_text(cond, cb, sizeof cb));
    if (s->r->n_failed) fprintf(out, "%ld runs failed (left out); the first: %s\n", s->r->n_failed, s->r->failure);
    fprintf(out, "Shares are p with k of n runs and a 90%% Wilson interval; times are Kaplan-Meier medians (runs without "
                 "the event censored at the horizon).\n\n");
    fprintf(out, "%s accepts the first round's terms: ", a);
    print_share(out, s, "accept_attacker");
    fprintf(out, ".\n%s accepts them: ", d);
    print_share(out, s, "accept_defender");
    fprintf(out, ".\nA deal within the rounds: ");
    print_share(out, s, "deal");
    fprintf(out, ".\nHad those terms been signed, %s renews the war within 5 years: ", a);
    print_share(out, s, "signed_recommenced_5y");
    fprintf(out, "; within 10 years: ");
    print_share(out, s, "signed_recommenced_10y");
    fprintf(out, ";\nyears to it: ");
    print_share(out, s, "signed_years_to_recommence");
    fprintf(out, ".\n");
    return PL_OK;
}

static pl_status write_table(const void *ctx, FILE *out, pl_error *err)
{
    const settle_out *s = ctx;
    pl_status st = print_plain_words(s, out);
    if (!st) st = pl_stats_human(s->e, pl_result_doc_find(s->doc, "outcomes"), out, err);
    pl_settle_drivers_write(s->doc, out);
    if (!st) st = pl_result_table_write(pl_result_doc_find(s->doc, "terms"), PL_RESULT_TABLE, out, err);
    fprintf(out, "\nValues are in years of the stakes (a year of one's ideal terms on every point is worth 1);\n"
                 "equations: docs/models/settle.md; parameters and their sources: the scenario file.\n");
    return st;
}

static pl_status build_doc(settle_out *s, pl_error *err)
{
    s->doc = pl_result_doc_create();
    if (!s->doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_ens_doc_meta(s->doc, "settle", s->e, s->cfg, s->r, err);
    if (!st) st = pl_settle_doc_tables(s->doc, s->sl, s->e, s->cfg, s->r, err);
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
    pl_status vst = pl_args_take(&argc, argv, "draw", draws, MAX_DRAWS, &n_draws, &err);
    if (!vst) vst = pl_args_take(&argc, argv, "vary", vary, 4, &n_vary, &err);
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
    if (!st) st = pl_check_draws(draws, n_draws, &err);
    char note[512];
    if (!st) st = pl_settle_study_experiment(&sl, &so, draws, n_draws, NULL, 0, &e, &cfg, note, sizeof note, &err);
    if (!st && note[0]) fprintf(stderr, "parley: note: %s\n", note);
    if (st == PL_EINVAL && !err.file[0]) {
        pl_experiment_free(e);
        settle_cli_free(&sl);
        return cli_usage_error(&cli_cmd_settle, &err);
    }
    if (!st) st = pl_settle_study_run(&sl, e, &cfg, &r, &err);
    char cond[1024];
    if (!st && pl_ens_condition_text(e, cond, sizeof cond)) fprintf(stderr, "parley settle: note: %s\n", cond);
    s.e = e, s.cfg = &cfg, s.r = r;
    if (!st) st = build_doc(&s, &err);
    if (!st) st = cli_write_doc(&common, s.doc, write_table, &s, &err);
    pl_result_doc_free(s.doc);
    pl_ens_result_free(r);
    pl_experiment_free(e);
    settle_cli_free(&sl);
    return st ? cli_fail(&err) : 0;
}
