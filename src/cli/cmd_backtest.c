/*
** cmd_backtest.c — `parley backtest`: the post-deal model on a corpus of historical ceasefires,
** scored as forecasts (renewal within N years; time to renewal) against leave-one-out baselines.
** Coding rules and results: docs/backtest.md. The cases, their runs (through the ensemble engine),
** the scoring and the baselines are library code (parley/backtest.h); this file parses the
** options, checks --out against the case files and writes the results (backtest_write.c).
** Layer: interfaces.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "parley/backtest_write.h"
#include "cli/progress.h"

/* The result-document options; --seed has no scenario rule here (the cases share one seed). */
static const pl_option_desc common_options[] = {
    {"format", PL_OPT_ENUM, "auto", 0, 0, "auto|table|csv|json|sqlite",
     "output format; auto is table on a terminal and json otherwise; csv writes one table (--table), sqlite every "
     "table into the --out database"},
    {"out", PL_OPT_STRING, "-", 0, 0, NULL,
     "write the result to this file (atomically); - is standard output; with csv, each other table goes to its own "
     "file beside it (OUT.TABLE.csv)"},
    {"table", PL_OPT_STRING, "", 0, 0, NULL,
     "with --format csv: the table to write: cases (default), scores, reliability, survival, covariates"},
    {"seed", PL_OPT_INT, "1", 0, 9223372036854775807.0, NULL, "master random seed; run i of every case uses stream (seed, i)"},
    {"help", PL_OPT_FLAG, "0", 0, 0, NULL, "show this help"},
};
static const pl_option_desc backtest_options[] = {
    {"runs", PL_OPT_INT, "200", 1, 1e7, NULL, "runs per case (docs/backtest.md rule C8: 200)"},
    {"years", PL_OPT_DOUBLE, "5", 0.5, 50, NULL, "the forecast event: renewal within this many years (rule C7: 5)"},
    {"ridge", PL_OPT_DOUBLE, "1", 0, 1e6, NULL, "ridge penalty of the regression baselines (rule C10: 1)"},
    {"point", PL_OPT_STRING, "", 0, 0, NULL,
     "LABEL=P: an out-of-corpus forecast placed on the reliability diagram (no outcome, no score)"},
    {"quiet", PL_OPT_FLAG, "0", 0, 0, NULL, "no progress on standard error"},
};

static int backtest_main(int argc, char **argv);

const cli_command cli_cmd_backtest = {
    "backtest", "historical ceasefires scored as forecasts, against leave-one-out baselines",
    "parley backtest [options] DIR",
    "DIR holds one case file per agreement (scenarios/cases/) and _common.yaml with the assumptions\n"
    "shared by every case (required). Each case runs the settle model's post-deal world from the\n"
    "agreement's date to the end of its observed window; the share of runs with a renewal within\n"
    "--years is scored (Brier, log score, reliability) beside the base rate, a ridge logistic and a\n"
    "Weibull regression on the cases' covariates, all leave-one-out (docs/backtest.md).",
    backtest_main, NULL, 0};

/* The inputs are the files of DIR, so cli_begin's check of --out against DIR itself does not
** cover them: --out DIR/korea-1953.yaml replaced that case with the CSV of the results. */
static pl_status check_out(const pl_backtest *bt, const char *out, pl_error *err)
{
    char path[1024];
    pl_status st = PL_OK;
    for (size_t k = 0; k <= bt->n_files && !st; k++) {
        snprintf(path, sizeof path, "%s/%s", bt->dir, k < bt->n_files ? bt->file[k] : "_common.yaml");
        st = cli_check_outputs_against(&out, 1, path, "a case file of DIR", err);
    }
    return st;
}

/* --point LABEL=P: a label and a probability in [0, 1]. */
static pl_status parse_point(const char *text, pl_bt_point *pt, pl_error *err)
{
    pt->p = (double)NAN;
    if (!*text) return PL_OK;
    const char *eq = strrchr(text, '=');
    char *end;
    double p = eq ? strtod(eq + 1, &end) : (double)NAN;
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof pt->label || *end || eq[1] == '\0' || !(p >= 0 && p <= 1))
        return pl_error_set(err, PL_EINVAL, "found --point '%s', expected LABEL=P with P in [0, 1]", text);
    snprintf(pt->label, sizeof pt->label, "%.*s", (int)(eq - text), text);
    pt->p = p;
    return PL_OK;
}

typedef struct bt_result {
    const pl_backtest *bt;
    pl_bt_point point;
} bt_result;

static pl_status prose(const void *ctx, FILE *fp, pl_error *err)
{
    const bt_result *r = ctx;
    return pl_backtest_prose(r->bt, &r->point, fp, err);
}

static pl_status backtest(const char *dir, const pl_optset *common, const pl_optset *bo, pl_bt_config *cfg, bt_result *r,
                          pl_error *err)
{
    pl_backtest *bt = NULL;
    pl_status st = parse_point(pl_optset_text(bo, "point"), &r->point, err);
    if (!st) st = pl_backtest_open(dir, &bt, err);
    if (!st) st = check_out(bt, pl_optset_text(common, "out"), err);
    cli_progress prog;
    cli_progress_init(&prog, "backtest", pl_optset_flag(bo, "quiet") || st, 5);
    cfg->progress = cli_progress_update, cfg->progress_ctx = &prog;
    if (!st) st = pl_backtest_run(bt, cfg, err);
    if (!st) cli_progress_finish(&prog, (long)bt->n * cfg->runs, (long)bt->n_files * cfg->runs);
    r->bt = bt;
    pl_result_doc *doc = NULL;
    if (!st) st = pl_backtest_doc(bt, &r->point, &doc, err);
    if (!st) st = cli_write_doc(common, doc, prose, r, err);
    pl_result_doc_free(doc);
    pl_backtest_free(bt);
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
    pl_bt_config cfg = {cli_seed(&common), pl_optset_int(&bo, "runs"), pl_optset_double(&bo, "years"),
                        pl_optset_double(&bo, "ridge"), 0, NULL, NULL};
    bt_result r = {0};
    pl_status st = backtest(pos[0], &common, &bo, &cfg, &r, &err);
    if (st == PL_EINVAL && !err.file[0]) return cli_usage_error(&cli_cmd_backtest, &err);
    return st ? cli_fail(&err) : 0;
}
