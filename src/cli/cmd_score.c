/*
** cmd_score.c — `parley score`: a model's forecasts against the outcomes of a DEU table.
** Layer: interfaces.
*/
#include <string.h>

#include "cli/cli.h"
#include "parley/readers.h"
#include "parley/score_conventions.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};

static const pl_option_desc score_options[] = {
    {"model", PL_OPT_STRING, "compromise", 0, 0, NULL, "a model that forecasts one dimension"},
    {"capability", PL_OPT_ENUM, "gdp", 0, 0, "gdp|votes|equal|all",
     "capabilities: the table's GDP row, Council votes (Nice), all equal, or the average of the forecasts under the three"},
    {"salience", PL_OPT_ENUM, "given", 0, 0, "given|equal|all",
     "use the coded saliences, weigh every actor's salience as 1, or average the forecasts under both"},
    {"predictions", PL_OPT_STRING, "", 0, 0, NULL, "also write the per-issue predictions as CSV to this file"},
    {"cv", PL_OPT_STRING, "", 0, 0, NULL,
     "cross-validate every model by proposal instead: kfold (10 folds), kfold:K, or lopo (leave one proposal out)"},
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

static pl_status write_cv(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const pl_cv_result *r = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: return pl_cv_write_table(r, fp, err);
    case CLI_OUT_CSV: return pl_cv_write_csv(r, fp, err);
    default: return pl_cv_write_json(r, fp, err);
    }
}

/* parley score --cv: every model, cross-validated; the single-model options do not apply. */
static int cv_main(const pl_optset *common, const pl_optset *so, const char *path)
{
    pl_error err;
    pl_error_clear(&err);
    pl_cv_scheme scheme;
    size_t k;
    static const char *const single[] = {"capability", "salience", "predictions"};
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++)
        if (pl_optset_given(so, single[i])) {
            pl_error_set(&err, PL_EINVAL, "--%s scores one model; --cv scores every model under every convention", single[i]);
            return cli_usage_error(&cli_cmd_score, &err);
        }
    if (pl_cv_scheme_parse(pl_optset_text(so, "cv"), &scheme, &k, &err)) return cli_usage_error(&cli_cmd_score, &err);
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_stakeholders *s = NULL;
    pl_cv_result *r = NULL;
    pl_status st = pl_read_stakeholders(path, &ro, &s, &err);
    if (!st) st = pl_score_cv(s, scheme, k, cli_seed(common), &r, &err);
    if (!st) st = cli_write_result(common, r, write_cv, &err);
    pl_cv_result_free(r);
    pl_stakeholders_free(s);
    return st ? cli_fail(&err) : 0;
}

static pl_status write_predictions(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    (void)fmt;
    return pl_score_write_csv(ctx, fp, err);
}

static int score_main(int argc, char **argv);

/* Whether any of the model's own options was given (they do not apply to --cv). */
static int model_options_given(const pl_optset *mo)
{
    for (size_t k = 0; k < mo->n_desc; k++)
        if (mo->given[k]) return 1;
    return 0;
}

const cli_command cli_cmd_score = {
    "score", "score a model's forecasts against recorded outcomes (DEU table): MAE, RMSE",
    "parley score [--model NAME] [--capability gdp|votes|equal|all] [options] FILE\n"
    "       parley score --cv kfold[:K]|lopo [--seed N] [--format F] FILE",
    "FILE is a DEU issue table (see docs/formats.md). Each issue with an outcome is forecast from the\n"
    "actors with a position on it; the result is the mean absolute and root-mean-square error. A\n"
    "model of several dimensions (exchange) is run per proposal, on the proposal's issues.\n"
    "With --cv every model under every capability and salience convention is cross-validated by\n"
    "proposal, with forecasts chosen and stacked inside the folds and paired differences against the\n"
    "unweighted mean and the compromise model (standard errors clustered by proposal).",
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
    if (pl_optset_given(&so, "cv")) {
        if (pl_optset_given(&so, "model") || model_options_given(&mo)) {
            pl_error_set(&err, PL_EINVAL, "--model scores one model; --cv scores every model under every convention");
            return cli_usage_error(&cli_cmd_score, &err);
        }
        return cv_main(&common, &so, pos[0]);
    }
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_stakeholders *s = NULL;
    pl_score *sc = NULL;
    pl_status st = pl_read_stakeholders(pos[0], &ro, &s, &err);
    if (!st) st = pl_score_conventions(type, s, &mo, pl_optset_enum(&so, "capability"), pl_optset_enum(&so, "salience"),
                                        cli_seed(&common), &sc, &err);
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
