/*
** cli.h — what every parley subcommand shares: the command table entry, argument parsing
** against option descriptors, the common options (--format, --out, --seed), and error output.
** Layer: interfaces (the command).
*/
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "parley/error.h"
#include "parley/options.h"

typedef struct cli_command {
    const char *name;
    const char *summary; /* one line for `parley help` */
    const char *usage;   /* "parley forecast [options] FILE" */
    const char *details; /* paragraphs after the usage in --help */
    int (*run)(int argc, char **argv);
    /* Prints extra help (e.g. the list of models); may be NULL. */
    void (*help_extra)(FILE *out);
    /* 1: the command writes table, csv or json only, so cli_begin refuses --format sqlite before
    ** any work (not after minutes of runs). */
    int no_sqlite;
} cli_command;

/* The common options every result-writing command declares first in its table. */
#define CLI_COMMON_OPTIONS                                                                                     \
    {"format", PL_OPT_ENUM, "auto", 0, 0, "auto|table|csv|json|sqlite",                                        \
     "output format; auto is table on a terminal and json otherwise"},                                         \
        {"out", PL_OPT_STRING, "-", 0, 0, NULL, "write the result to this file (atomically); - is standard output"}, \
        {"seed", PL_OPT_INT, "1", 0, 9223372036854775807.0, NULL,                                                  \
         "master random seed; run i uses stream (seed, i)"},                                                      \
        {"help", PL_OPT_FLAG, "0", 0, 0, NULL, "show this help"}

/* The common options of a command that writes a result document (parley/result.h) and runs a
** scenario that may name its own seed: --format (sqlite writes the result tables into an SQLite
** file), --out, --table (the table CSV writes), --seed with the scenario rule said truthfully. */
#define CLI_DOC_OPTIONS                                                                                        \
    {"format", PL_OPT_ENUM, "auto", 0, 0, "auto|table|csv|json|sqlite",                                        \
     "output format; auto is table on a terminal and json otherwise; csv writes one table (--table), sqlite "  \
     "every table into the --out database"},                                                                    \
        {"out", PL_OPT_STRING, "-", 0, 0, NULL,                                                                \
         "write the result to this file (atomically); - is standard output; with csv, each other table goes "  \
         "to its own file beside it (OUT.TABLE.csv)"},                                                          \
        {"table", PL_OPT_STRING, "", 0, 0, NULL, "with --format csv: the table to write (default: the first)"},  \
        {"seed", PL_OPT_INT, "1", 0, 9223372036854775807.0, NULL,                                              \
         "master random seed; run i uses stream (seed, i) (default: the scenario's seed: when it names one, "   \
         "else 1)"},                                                                                            \
        {"help", PL_OPT_FLAG, "0", 0, 0, NULL, "show this help"}

typedef enum { CLI_OUT_TABLE, CLI_OUT_CSV, CLI_OUT_JSON, CLI_OUT_SQLITE } cli_out_format;

/* Parses argv[1..] (argv[0] is the command name) into the option sets, in order of priority:
** an option goes to the first set that declares it. Positional arguments are collected into
** pos (at most max_pos); at most 4 sets. Returns PL_EINVAL with a message for unknown options,
** missing values, an option with a value given twice, or too many positionals. */
pl_status cli_parse(int argc, char **argv, pl_optset *const *sets, size_t n_sets, const char **pos, size_t max_pos,
                    size_t *n_pos, pl_error *err);

/* Initialises set from a static descriptor array. */
#define CLI_OPTSET_INIT(set, table) pl_optset_init(&(set), (table), sizeof(table) / sizeof((table)[0]))

/* The start every subcommand shares: parses argv into sets, prints the help (of the first n_help
** sets) when --help is given, and checks that exactly one positional argument (named what, e.g.
** "SCENARIO") was given, storing it in *pos, that no output option (--out, --predictions)
** names the input or another output's file, and that --format sqlite goes to a command that
** writes it. Returns -1 to go on, or the exit status to return. */
int cli_begin(const cli_command *cmd, int argc, char **argv, pl_optset *const *sets, size_t n_sets, size_t n_help,
              const char *what, const char **pos);

/* Parses "A:B:C" into v: three decimal numbers, each whole (no empty field, no trailing text, no
** hex, nan or inf), as --vary FROM:TO:STEPS and --grid LO:HI:N take them. 0 on success, else -1. */
int cli_parse_triple(const char *text, double v[3]);

/* 1 when writing to path out would replace the file in: the same regular file (after symbolic
** links), or, when neither exists yet, the same name. "-" (standard input or output) never is. */
int cli_same_file(const char *out, const char *in);

/* Tries to create a temporary file beside the output path (and removes it), so that a directory,
** a missing folder or a folder that cannot be written is refused before any work. "-", devices and
** FIFOs (written in place; opening a FIFO would wait for its reader) pass untried. */
pl_status cli_probe_output(const char *path, pl_error *err);

/* PL_EINVAL when one of the n_out output paths would replace the input, or two name one file. */
pl_status cli_check_outputs(const char *const *out, size_t n_out, const char *input, pl_error *err);

/* The same for a file the command reads besides its input; what says which ("the framework the
** scenario reads") where the message would say "the input itself". */
pl_status cli_check_outputs_against(const char *const *out, size_t n_out, const char *input, const char *what,
                                    pl_error *err);

/* The bargaining model that --model names (default compromise), or NULL after printing a usage
** error naming the unknown model. */
const struct pl_bargain_type *cli_model_of(const cli_command *cmd, int argc, char **argv);

/* The value of --name in argv (either "--name value" or "--name=value"), or NULL; used to pick a
** model before its options can be parsed. */
const char *cli_peek(int argc, char **argv, const char *name);

/* The output format the common options ask for (auto resolved against --out and the terminal). */
cli_out_format cli_out_format_of(const pl_optset *common);

/* Prints err as "file:line:col: error: ..." on stderr and returns the exit code for it. */
int cli_fail(const pl_error *err);

/* Prints the usage line and a hint on stderr; returns 2. */
int cli_usage_error(const cli_command *cmd, const pl_error *err);

/* How cli_print_help writes: text for --help, or (for the build's hidden `parley _man` and
** `parley _completion`, doc_gen.c) a man page or a bash-completion case arm from the same tables. */
typedef enum { CLI_HELP_TEXT = 0, CLI_HELP_ROFF, CLI_HELP_COMPLETION } cli_help_style;
extern cli_help_style cli_help_mode;

/* The man page (roff) and the completion arm of cmd with its option tables (doc_gen.c). */
void cli_print_help_roff(const cli_command *cmd, pl_optset *const *sets, size_t n_sets, FILE *out);
void cli_print_help_completion(const cli_command *cmd, pl_optset *const *sets, size_t n_sets, FILE *out);

/* The hidden subcommands `_commands`, `_man [COMMAND]` and `_completion` over the command table;
** -1 when name is none of them. */
int cli_doc_main(const cli_command *const *commands, size_t n, int argc, char **argv);

/* Prints the help of cmd with its option tables. */
void cli_print_help(const cli_command *cmd, pl_optset *const *sets, size_t n_sets, FILE *out);

/* One option as help shows it: "--name WORD" into left, its help with choices and default into
** right. */
void cli_option_text(const pl_option_desc *d, char *left, size_t left_size, char *right, size_t right_size);

/* Prints one option table, one option a line. */
void cli_print_options(const pl_option_desc *desc, size_t n, FILE *out);

/* Writes a result through write(ctx, fp, err) to --out (atomically) or stdout. */
typedef pl_status (*cli_writer)(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err);
pl_status cli_write_result(const pl_optset *common, const void *ctx, cli_writer write, pl_error *err);

/* Writes a result document as the common options ask (CLI_DOC_OPTIONS, or CLI_COMMON_OPTIONS):
** table (through prose(ctx, fp) when not NULL, the document's own table form otherwise), csv (the
** --table table, else the first; with --out FILE and no --table, every other table to its own
** file, pl_result_csv_path, each atomically), json, or sqlite (the tables into the --out file). */
struct pl_result_doc;
pl_status cli_write_doc(const pl_optset *common, const struct pl_result_doc *doc,
                        pl_status (*prose)(const void *ctx, FILE *fp, pl_error *err), const void *ctx, pl_error *err);

/* Writes one run of a command into the results store named by --out (required), as a new job:
** write(ctx, store, job, err) adds the run's rows; everything lands in one transaction. */
struct pl_store;
typedef pl_status (*cli_store_writer)(const void *ctx, struct pl_store *store, int64_t job, pl_error *err);
pl_status cli_store_one_run(const pl_optset *common, const char *command, const char *input, const char *model,
                            uint64_t seed, const void *ctx, cli_store_writer write, pl_error *err);

/* The --seed value. */
uint64_t cli_seed(const pl_optset *common);

/* A quantity that may be undefined is held as -1: a time most runs never reach (years to a renewed
** war), a share of runs that made no deal. These write one as "none" for people, as an empty CSV
** field, or as JSON null: never as a number that stands for "none". */
void cli_years_text(double years, char *buf, size_t size);
void cli_share_text(double share, char *buf, size_t size);
void cli_csv_optional(FILE *out, double value);
struct json_t *cli_json_optional(double value);

/* Every subcommand's entry. */
extern const cli_command cli_cmd_forecast;
extern const cli_command cli_cmd_score;
extern const cli_command cli_cmd_simulate;
extern const cli_command cli_cmd_calibrate;
extern const cli_command cli_cmd_settle;
extern const cli_command cli_cmd_sweep;
extern const cli_command cli_cmd_backtest;
extern const cli_command cli_cmd_run;
extern const cli_command cli_cmd_sensitivity;
extern const cli_command cli_cmd_report;
extern const cli_command cli_cmd_discover;

#endif
