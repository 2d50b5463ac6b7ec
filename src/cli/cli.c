/*
** cli.c — argument parsing, help, error printing and result output shared by subcommands.
** Layer: interfaces.
*/
#include "cli/cli.h"

#include "parley/result.h"

#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "parley/bargain.h"
#include "parley/outfile.h"
#include "parley/store.h"

/* The generic parts live in core (options.h) and formats (outfile.h); these keep the commands' names. */
const char *cli_peek(int argc, char **argv, const char *name) { return pl_args_peek(argc, argv, name); }

pl_status cli_parse(int argc, char **argv, pl_optset *const *sets, size_t n_sets, const char **pos, size_t max_pos,
                    size_t *n_pos, pl_error *err)
{
    return pl_args_parse(argc, argv, sets, n_sets, pos, max_pos, n_pos, err);
}

int cli_parse_triple(const char *text, double v[3]) { return pl_parse_triple(text, v); }

int cli_same_file(const char *out, const char *in) { return pl_outfile_same(out, in); }

pl_status cli_check_outputs(const char *const *out, size_t n_out, const char *input, pl_error *err)
{
    return cli_check_outputs_against(out, n_out, input, "the input itself", err);
}

pl_status cli_check_outputs_against(const char *const *out, size_t n_out, const char *input, const char *what,
                                    pl_error *err)
{
    return pl_outfiles_check(out, n_out, input, what, err);
}

/* The options that name a file a command writes: --out (first), and score's --predictions. */
static const char *const output_options[] = {"out", "predictions"};
enum { N_OUTPUT_OPTIONS = sizeof output_options / sizeof output_options[0] };

/* The paths that options of sets write to, at most max. */
static size_t output_paths(pl_optset *const *sets, size_t n_sets, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < n_sets; k++)
        for (size_t j = 0; j < N_OUTPUT_OPTIONS; j++)
            if (n < max && pl_optset_find(sets[k], output_options[j])) out[n++] = pl_optset_text(sets[k], output_options[j]);
    return n;
}

/* Tries every output file (--out, --predictions) before any work, so that a directory, a missing
** folder or one that cannot be written is refused now, not after minutes of runs: a temporary
** file is created beside it and removed. A device or FIFO is left alone (opening a FIFO would wait
** for its reader), as is the store of --format sqlite (the store checks it when it opens). An empty
** name is a usage error (PL_EINVAL); a file that cannot be written is PL_EIO at its name. */
static pl_status probe_outputs(pl_optset *const *sets, size_t n_sets, int sqlite, pl_error *err)
{
    for (size_t k = 0; k < n_sets; k++)
        for (size_t j = 0; j < N_OUTPUT_OPTIONS; j++) {
            const char *name = output_options[j];
            if (!pl_optset_find(sets[k], name) || !pl_optset_given(sets[k], name)) continue;
            const char *path = pl_optset_text(sets[k], name);
            if (!*path)
                return pl_error_set(err, PL_EINVAL, "found an empty --%s, expected a file name (or - for standard output)",
                                    name);
            pl_status st = sqlite && j == 0 ? PL_OK : cli_probe_output(path, err);
            if (st) return st;
        }
    return PL_OK;
}

pl_status cli_probe_output(const char *path, pl_error *err) { return pl_outfile_probe(path, err); }

int cli_begin(const cli_command *cmd, int argc, char **argv, pl_optset *const *sets, size_t n_sets, size_t n_help,
              const char *what, const char **pos)
{
    pl_error err;
    size_t n_pos;
    pl_error_clear(&err);
    if (cli_parse(argc, argv, sets, n_sets, pos, 1, &n_pos, &err)) return cli_usage_error(cmd, &err);
    for (size_t k = 0; k < n_sets; k++)
        if (pl_optset_find(sets[k], "help") && pl_optset_flag(sets[k], "help")) {
            cli_print_help(cmd, sets, n_help, stdout);
            return 0;
        }
    if (n_pos != 1) {
        pl_error_set(&err, PL_EINVAL, "expected one %s", what);
        return cli_usage_error(cmd, &err);
    }
    const char *out[8] = {NULL};
    size_t n_out = output_paths(sets, n_sets, out, 8);
    if (cli_check_outputs(out, n_out, pos[0], &err)) return cli_usage_error(cmd, &err);
    int sqlite = n_sets && pl_optset_find(sets[0], "format") && cli_out_format_of(sets[0]) == CLI_OUT_SQLITE;
    if (cmd->no_sqlite && sqlite) {
        pl_error_set(&err, PL_EINVAL, "found --format sqlite, expected table, csv or json (parley %s writes no results store)",
                     cmd->name);
        return cli_usage_error(cmd, &err);
    }
    pl_status st = probe_outputs(sets, n_sets, sqlite, &err);
    if (st == PL_EINVAL) return cli_usage_error(cmd, &err);
    if (st) return cli_fail(&err);
    return -1;
}

const pl_bargain_type *cli_model_of(const cli_command *cmd, int argc, char **argv)
{
    const char *model = cli_peek(argc, argv, "model");
    const pl_bargain_type *type = pl_bargain_find(model ? model : "compromise");
    if (!type) {
        pl_error err;
        pl_error_set(&err, PL_EINVAL, "unknown model '%s' (see parley forecast --help)", model);
        cli_usage_error(cmd, &err);
    }
    return type;
}

cli_out_format cli_out_format_of(const pl_optset *common)
{
    switch (pl_optset_enum(common, "format")) {
    case 1: return CLI_OUT_TABLE;
    case 2: return CLI_OUT_CSV;
    case 3: return CLI_OUT_JSON;
    case 4: return CLI_OUT_SQLITE;
    default: break;
    }
    const char *out = pl_optset_text(common, "out");
    int to_stdout = strcmp(out, "-") == 0;
    return to_stdout && isatty(STDOUT_FILENO) ? CLI_OUT_TABLE : CLI_OUT_JSON;
}

uint64_t cli_seed(const pl_optset *common) { return (uint64_t)pl_optset_int(common, "seed"); }

void cli_years_text(double years, char *buf, size_t size)
{
    if (years < 0) snprintf(buf, size, "none");
    else snprintf(buf, size, "%.1f", years);
}

void cli_share_text(double share, char *buf, size_t size)
{
    if (share < 0) snprintf(buf, size, "none");
    else snprintf(buf, size, "%.0f%%", 100 * share);
}

void cli_csv_optional(FILE *out, double value)
{
    if (value >= 0) fprintf(out, "%.17g", value);
}

json_t *cli_json_optional(double value) { return value < 0 ? json_null() : json_real(value); }

int cli_fail(const pl_error *err)
{
    char buf[PL_ERROR_MSG_MAX + PL_ERROR_FILE_MAX + 64];
    pl_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return pl_status_exit_code(err->code);
}

int cli_usage_error(const cli_command *cmd, const pl_error *err)
{
    char buf[PL_ERROR_MSG_MAX + PL_ERROR_FILE_MAX + 64];
    pl_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s\nusage: %s\nTry 'parley %s --help'.\n", buf, cmd->usage, cmd->name);
    return 2;
}

void cli_option_text(const pl_option_desc *d, char *left, size_t left_size, char *right, size_t right_size)
{
    pl_option_text(d, left, left_size, right, right_size);
}

void cli_print_options(const pl_option_desc *desc, size_t n, FILE *out) { pl_options_print(desc, n, out); }

cli_help_style cli_help_mode = CLI_HELP_TEXT;

void cli_print_help(const cli_command *cmd, pl_optset *const *sets, size_t n_sets, FILE *out)
{
    if (cli_help_mode == CLI_HELP_ROFF) return cli_print_help_roff(cmd, sets, n_sets, out);
    if (cli_help_mode == CLI_HELP_COMPLETION) return cli_print_help_completion(cmd, sets, n_sets, out);
    fprintf(out, "usage: %s\n\n%s\n", cmd->usage, cmd->summary);
    if (cmd->details) fprintf(out, "\n%s\n", cmd->details);
    fprintf(out, "\nOptions:\n");
    for (size_t k = 0; k < n_sets; k++) cli_print_options(sets[k]->desc, sets[k]->n_desc, out);
    if (cmd->help_extra) cmd->help_extra(out);
}

pl_status cli_write_result(const pl_optset *common, const void *ctx, cli_writer write, pl_error *err)
{
    cli_out_format fmt = cli_out_format_of(common);
    const char *path = pl_optset_text(common, "out");
    pl_outfile o;
    pl_status st = pl_outfile_open(&o, path, err);
    if (st) return st;
    return pl_outfile_finish(&o, write(ctx, fmt, o.fp, err), err);
}

pl_status cli_write_doc(const pl_optset *common, const pl_result_doc *doc,
                        pl_status (*prose)(const void *ctx, FILE *fp, pl_error *err), const void *ctx, pl_error *err)
{
    cli_out_format fmt = cli_out_format_of(common);
    const char *path = pl_optset_text(common, "out");
    const char *table = pl_optset_find(common, "table") ? pl_optset_text(common, "table") : "";
    if (*table && !pl_result_doc_find(doc, table)) return pl_result_doc_write(doc, PL_RESULT_CSV, table, stdout, err);
    if (fmt == CLI_OUT_SQLITE) {
        if (strcmp(path, "-") == 0) return pl_error_set(err, PL_EINVAL, "--format sqlite needs --out FILE");
        return pl_result_doc_write_sqlite(doc, path, err);
    }
    if (fmt == CLI_OUT_CSV) {
        pl_status st = pl_result_doc_write_csv_files(doc, *table ? table : NULL, path, err);
        if (!st && !*table && strcmp(path, "-") == 0 && pl_result_doc_n_tables(doc) > 1) {
            fprintf(stderr, "parley: note: CSV holds one table (%s); the others (", pl_result_table_name(pl_result_doc_table(doc, 0)));
            for (size_t k = 1; k < pl_result_doc_n_tables(doc); k++)
                fprintf(stderr, "%s%s", k > 1 ? ", " : "", pl_result_table_name(pl_result_doc_table(doc, k)));
            fprintf(stderr, ") with --table NAME, or each in its own file with --out FILE\n");
        }
        return st;
    }
    pl_outfile o;
    pl_status st = pl_outfile_open(&o, path, err);
    if (st) return st;
    if (fmt == CLI_OUT_TABLE && prose) st = prose(ctx, o.fp, err);
    else st = pl_result_doc_write(doc, fmt == CLI_OUT_TABLE ? PL_RESULT_TABLE : PL_RESULT_JSON, NULL, o.fp, err);
    return pl_outfile_finish(&o, st, err);
}

pl_status cli_store_one_run(const pl_optset *common, const char *command, const char *input, const char *model,
                            uint64_t seed, const void *ctx, cli_store_writer write, pl_error *err)
{
    const char *path = pl_optset_text(common, "out");
    if (strcmp(path, "-") == 0) return pl_error_set(err, PL_EINVAL, "--format sqlite needs --out FILE");
    pl_store *store;
    pl_status st = pl_store_open(path, &store, err);
    if (st) return st;
    int64_t job;
    st = pl_store_begin(store, err);
    if (!st) st = pl_store_add_job(store, command, input, model, seed, "{}", 1, &job, err);
    if (!st) st = write(ctx, store, job, err);
    if (!st) st = pl_store_commit(store, err);
    else pl_store_rollback(store, NULL);
    pl_store_close(store);
    return st;
}
