/*
** cmd_forecast.c — `parley forecast`: run a bargaining model on a stakeholder file.
** Layer: interfaces.
*/
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "parley/bargain.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/rng.h"
#include "parley/store.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};

static const pl_option_desc forecast_options[] = {
    {"model", PL_OPT_STRING, "compromise", 0, 0, NULL, "the bargaining model (see the list below)"},
    {"input-format", PL_OPT_ENUM, "auto", 0, 0, "auto|analyst|ktab-csv|ktab-xml|deu|decide",
     "the input's format; auto detects it from the file's first line"},
    {"salience-scale", PL_OPT_ENUM, "auto", 0, 0, "auto|unit|percent",
     "analyst tables: saliences on 0-1 (unit) or 0-100 (percent); auto: percent if any value exceeds 1"},
};

static void list_models(FILE *out)
{
    size_t n;
    const pl_bargain_type *const *types = pl_bargain_types(&n);
    fprintf(out, "\nModels (--model NAME):\n");
    for (size_t k = 0; k < n; k++) fprintf(out, "  %-18s %s\n", types[k]->name, types[k]->summary);
    for (size_t k = 0; k < n; k++) {
        if (!types[k]->n_options) continue;
        fprintf(out, "\nOptions of --model %s (%s):\n", types[k]->name, types[k]->citation);
        cli_print_options(types[k]->options, types[k]->n_options, out);
    }
}

static pl_status write_forecast(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const pl_forecast *f = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: return pl_forecast_write_table(f, fp, err);
    case CLI_OUT_CSV: return pl_forecast_write_csv(f, fp, err);
    default: return pl_forecast_write_json(f, fp, err);
    }
}

static pl_status store_forecast(const void *ctx, pl_store *store, int64_t job, pl_error *err)
{
    return pl_forecast_write_store(ctx, store, job, 0, err);
}

static pl_status read_input(const char *path, const pl_optset *fo, pl_stakeholders **s, pl_error *err)
{
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_input_format_parse(pl_optset_text(fo, "input-format"), &ro.format);
    ro.salience = (pl_salience_scale)pl_optset_enum(fo, "salience-scale");
    pl_text t;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    pl_input_format f = ro.format ? ro.format : pl_input_format_detect(&t);
    /* Only analyst tables have a salience scale to choose; the others fix theirs (it was ignored). */
    if (pl_optset_given(fo, "salience-scale") && f != PL_FORMAT_ANALYST)
        st = pl_error_set(err, PL_EINVAL, "found --salience-scale with a %s input, expected it only with an analyst table",
                          pl_input_format_name(f));
    if (!st) st = pl_parse_stakeholders(&t, &ro, s, err);
    pl_text_free(&t);
    return st;
}

static int forecast_main(int argc, char **argv);

const cli_command cli_cmd_forecast = {
    "forecast", "forecast a negotiation's outcome with a bargaining model",
    "parley forecast [--model NAME] [options] FILE",
    "FILE is a stakeholder table: the analyst table (Actor,Capability,Position,Salience), KTAB's SMP CSV\n"
    "or XML, a DEU issue table or a decide table. Round 0 of the output is the input.",
    forecast_main, list_models, 0};

static int forecast_main(int argc, char **argv)
{
    const pl_bargain_type *type = cli_model_of(&cli_cmd_forecast, argc, argv);
    if (!type) return 2;
    pl_error err;
    pl_error_clear(&err);
    pl_optset common, fo, mo;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(fo, forecast_options);
    pl_optset_init(&mo, type->options, type->n_options);
    pl_optset *sets[] = {&common, &fo, &mo};
    const char *pos[1];
    int rc = cli_begin(&cli_cmd_forecast, argc, argv, sets, 3, 2, "input FILE", pos);
    if (rc >= 0) return rc;
    pl_stakeholders *s = NULL;
    pl_forecast *f = NULL;
    gsl_rng *rng = NULL;
    pl_status st = read_input(pos[0], &fo, &s, &err);
    /* The seed the run uses is the one the store records: the input's (KTAB's prngSeed) unless --seed. */
    uint64_t seed = !st && !pl_optset_given(&common, "seed") && s->has_seed ? s->seed : cli_seed(&common);
    if (!st && (type->flags & PL_BARGAIN_STOCHASTIC) && !(rng = pl_rng_alloc(seed, 0)))
        st = pl_error_set(&err, PL_ENOMEM, "out of memory");
    if (!st) st = pl_bargain_run(type, s, &mo, rng, &f, &err);
    if (!st && cli_out_format_of(&common) == CLI_OUT_SQLITE) st = cli_store_one_run(&common, "forecast", pos[0], f->model, seed, f, store_forecast, &err);
    else if (!st) st = cli_write_result(&common, f, write_forecast, &err);
    pl_forecast_free(f);
    pl_stakeholders_free(s);
    gsl_rng_free(rng);
    return st ? cli_fail(&err) : 0;
}
