/*
** cmd_score.c — `parley score`: a model's forecasts against the outcomes of a DEU table.
** Layer: interfaces.
*/
#include <string.h>

#include "cli/cli.h"
#include "parley/readers.h"
#include "parley/score.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};

static const pl_option_desc score_options[] = {
    {"model", PL_OPT_STRING, "compromise", 0, 0, NULL, "a model that forecasts one dimension"},
    {"capability", PL_OPT_ENUM, "gdp", 0, 0, "gdp|votes|equal",
     "capabilities: the table's GDP row, Council votes (Nice), or all equal"},
    {"salience", PL_OPT_ENUM, "given", 0, 0, "given|equal", "use the coded saliences, or weigh every actor's salience as 1"},
    {"predictions", PL_OPT_STRING, "", 0, 0, NULL, "also write the per-issue predictions as CSV to this file"},
};

static pl_status write_score(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const pl_score *sc = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: return pl_score_write_table(sc, fp, err);
    case CLI_OUT_CSV: return pl_score_write_csv(sc, fp, err);
    default: return pl_score_write_json(sc, fp, err);
    }
}

static pl_status write_predictions(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    (void)fmt;
    return pl_score_write_csv(ctx, fp, err);
}

static int score_main(int argc, char **argv);

const cli_command cli_cmd_score = {
    "score", "score a model's forecasts against recorded outcomes (DEU table): MAE, RMSE",
    "parley score [--model NAME] [--capability gdp|votes|equal] [options] FILE",
    "FILE is a DEU issue table (see docs/formats.md). Each issue with an outcome is forecast from the\n"
    "actors with a position on it; the result is the mean absolute and root-mean-square error.",
    score_main, NULL, 0};

static int score_main(int argc, char **argv)
{
    const pl_bargain_type *type = cli_model_of(&cli_cmd_score, argc, argv);
    if (!type) return 2;
    pl_error err;
    pl_error_clear(&err);
    pl_optset common, so, mo;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, score_options);
    pl_optset_init(&mo, type->options, type->n_options);
    pl_optset *sets[] = {&common, &so, &mo};
    const char *pos[1];
    int rc = cli_begin(&cli_cmd_score, argc, argv, sets, 3, 3, "input FILE", pos);
    if (rc >= 0) return rc;
    if (cli_out_format_of(&common) == CLI_OUT_SQLITE) {
        pl_error_set(&err, PL_EINVAL, "score writes table, csv or json");
        return cli_usage_error(&cli_cmd_score, &err);
    }
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_stakeholders *s = NULL;
    pl_score *sc = NULL;
    pl_status st = pl_read_stakeholders(pos[0], &ro, &s, &err);
    if (!st) st = pl_capability_apply(s, (pl_capability_rule)pl_optset_enum(&so, "capability"), &err);
    if (!st) st = pl_score_run(type, s, &mo, pl_optset_enum(&so, "salience") == 1, cli_seed(&common), &sc, &err);
    const char *pred = pl_optset_text(&so, "predictions");
    if (!st && pred[0]) {
        pl_optset po = common;
        pl_optset_set(&po, "out", pred, NULL);
        st = cli_write_result(&po, sc, write_predictions, &err);
    }
    if (!st) st = cli_write_result(&common, sc, write_score, &err);
    pl_score_free(sc);
    pl_stakeholders_free(s);
    return st ? cli_fail(&err) : 0;
}
