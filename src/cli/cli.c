/*
** cli.c — argument parsing, help, error printing and result output shared by subcommands.
** Layer: interfaces.
*/
#include "cli/cli.h"

#include "parley/result.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "parley/bargain.h"
#include "parley/outfile.h"
#include "parley/store.h"

const char *cli_peek(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strcmp(a, "--") == 0) break;
        if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0) continue;
        if (a[2 + n] == '=') return a + 3 + n;
        if (a[2 + n] == '\0' && k + 1 < argc) return argv[k + 1];
    }
    return NULL;
}

/* The index among sets of the first set that declares name (its descriptor in *desc), or -1. */
static long owner(pl_optset *const *sets, size_t n_sets, const char *name, const pl_option_desc **desc)
{
    for (size_t k = 0; k < n_sets; k++)
        if ((*desc = pl_optset_find(sets[k], name))) return (long)k;
    return -1;
}

enum { CLI_MAX_SETS = 4 };

/* One "--name[=value]" argument at argv[*k]; consumes the value argument when needed. An option
** with a value given a second time is an error: the last one would silently win (`--set a=1
** --set b=2` would forget a=1). seen[set][option] marks those given so far. */
static pl_status parse_option(int argc, char **argv, int *k, pl_optset *const *sets, size_t n_sets,
                              unsigned char seen[][PL_OPTSET_MAX], pl_error *err)
{
    char name[128];
    const char *arg = argv[*k] + 2, *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len == 0 || len >= sizeof name) return pl_error_set(err, PL_EINVAL, "found option '%s', expected --name", argv[*k]);
    memcpy(name, arg, len);
    name[len] = '\0';
    const pl_option_desc *d;
    long set = owner(sets, n_sets, name, &d);
    if (set < 0) return pl_error_set(err, PL_EINVAL, "unknown option --%s (see --help)", name);
    size_t index = (size_t)(d - sets[set]->desc);
    if (d->kind != PL_OPT_FLAG && seen[set][index])
        return pl_error_set(err, PL_EINVAL, "found option --%s a second time, expected it once%s", name,
                            strstr(d->help, "[,") ? " (give the items as one comma-separated list)" : "");
    seen[set][index] = 1;
    const char *value = eq ? eq + 1 : NULL;
    if (d->kind != PL_OPT_FLAG && !value) {
        if (*k + 1 >= argc) return pl_error_set(err, PL_EINVAL, "option --%s needs a value", name);
        value = argv[++*k];
    }
    return pl_optset_set(sets[set], name, value, err);
}

pl_status cli_parse(int argc, char **argv, pl_optset *const *sets, size_t n_sets, const char **pos, size_t max_pos,
                    size_t *n_pos, pl_error *err)
{
    *n_pos = 0;
    unsigned char seen[CLI_MAX_SETS][PL_OPTSET_MAX] = {{0}};
    if (n_sets > CLI_MAX_SETS) return pl_error_set(err, PL_EINVAL, "internal: %zu option sets, at most %d", n_sets, CLI_MAX_SETS);
    int only_positional = 0;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (!only_positional && strncmp(a, "--", 2) == 0) {
            pl_status st = parse_option(argc, argv, &k, sets, n_sets, seen, err);
            if (st) return st;
            continue;
        }
        if (!only_positional && a[0] == '-' && a[1] != '\0')
            return pl_error_set(err, PL_EINVAL, "found option '%s', expected a long option such as --format", a);
        if (*n_pos >= max_pos) return pl_error_set(err, PL_EINVAL, "found unexpected argument '%s'", a);
        pos[(*n_pos)++] = a;
    }
    return PL_OK;
}

int cli_parse_triple(const char *text, double v[3])
{
    char buf[256];
    if (strlen(text) >= sizeof buf) return -1;
    snprintf(buf, sizeof buf, "%s", text);
    char *field = buf;
    for (int k = 0; k < 3; k++) {
        char *colon = strchr(field, ':');
        if ((k < 2) != (colon != NULL)) return -1; /* exactly two colons */
        if (colon) *colon = '\0';
        if (pl_parse_double(field, &v[k])) return -1;
        if (colon) field = colon + 1; /* past the last field there is none (NULL + 1 is undefined) */
    }
    return 0;
}

int cli_same_file(const char *out, const char *in)
{
    if (!*out || !*in || strcmp(out, "-") == 0 || strcmp(in, "-") == 0) return 0;
    struct stat so, si;
    int out_exists = stat(out, &so) == 0, in_exists = stat(in, &si) == 0;
    if (out_exists && in_exists) return S_ISREG(so.st_mode) && so.st_dev == si.st_dev && so.st_ino == si.st_ino;
    return !out_exists && !in_exists && strcmp(out, in) == 0;
}

pl_status cli_check_outputs(const char *const *out, size_t n_out, const char *input, pl_error *err)
{
    return cli_check_outputs_against(out, n_out, input, "the input itself", err);
}

pl_status cli_check_outputs_against(const char *const *out, size_t n_out, const char *input, const char *what,
                                    pl_error *err)
{
    for (size_t a = 0; a < n_out; a++) {
        if (cli_same_file(out[a], input))
            return pl_error_set(err, PL_EINVAL, "found output '%s', %s, expected another file (it would be replaced)", out[a],
                                what);
        for (size_t b = a + 1; b < n_out; b++)
            if (cli_same_file(out[a], out[b]))
                return pl_error_set(err, PL_EINVAL, "found '%s' named for two outputs, expected a file for each", out[a]);
    }
    return PL_OK;
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

pl_status cli_probe_output(const char *path, pl_error *err)
{
    struct stat sb;
    if (strcmp(path, "-") == 0) return PL_OK;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) return PL_OK;
    pl_outfile o;
    pl_status st = pl_outfile_open(&o, path, err);
    if (!st) pl_outfile_abort(&o);
    return st;
}

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
    const char *arg = d->kind == PL_OPT_FLAG ? "" : d->kind == PL_OPT_ENUM ? " WORD" : d->kind == PL_OPT_STRING ? " TEXT" : " N";
    snprintf(left, left_size, "--%s%s", d->name, arg);
    if (d->kind == PL_OPT_ENUM) snprintf(right, right_size, "%s (%s; default %s)", d->help, d->choices, d->deflt);
    else if ((d->kind == PL_OPT_INT || d->kind == PL_OPT_DOUBLE) && !strstr(d->help, "(default"))
        snprintf(right, right_size, "%s (default %s)", d->help, d->deflt); /* a help that states its default says it
                                                                           ** better: --value's is the scale's
                                                                           ** midpoint, not the placeholder 0 */
    else snprintf(right, right_size, "%s", d->help);
}

void cli_print_options(const pl_option_desc *desc, size_t n, FILE *out)
{
    for (size_t k = 0; k < n; k++) {
        char left[96], right[1024];
        cli_option_text(&desc[k], left, sizeof left, right, sizeof right);
        fprintf(out, "  %-26s %s\n", left, right);
    }
}

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

/* One table of doc as CSV to path (atomically). */
static pl_status csv_table_to(const pl_result_doc *doc, const char *table, const char *path, pl_error *err)
{
    pl_outfile o;
    pl_status st = pl_outfile_open(&o, path, err);
    if (st) return st;
    return pl_outfile_finish(&o, pl_result_doc_write(doc, PL_RESULT_CSV, table, o.fp, err), err);
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
        pl_status st = csv_table_to(doc, *table ? table : NULL, path, err);
        if (!st && !*table && strcmp(path, "-") == 0 && pl_result_doc_n_tables(doc) > 1) {
            fprintf(stderr, "parley: note: CSV holds one table (%s); the others (", pl_result_table_name(pl_result_doc_table(doc, 0)));
            for (size_t k = 1; k < pl_result_doc_n_tables(doc); k++)
                fprintf(stderr, "%s%s", k > 1 ? ", " : "", pl_result_table_name(pl_result_doc_table(doc, k)));
            fprintf(stderr, ") with --table NAME, or each in its own file with --out FILE\n");
        }
        for (size_t k = 1; !st && !*table && strcmp(path, "-") != 0 && k < pl_result_doc_n_tables(doc); k++) {
            char other[1200];
            const char *name = pl_result_table_name(pl_result_doc_table(doc, k));
            pl_result_csv_path(path, name, other, sizeof other);
            st = csv_table_to(doc, name, other, err);
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
