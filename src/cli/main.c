/*
** main.c — the parley command: dispatches `parley <command> [options] [FILE]` to a subcommand.
** Layer: interfaces.
**
** Adding a subcommand: write src/cli/cmd_<name>.c defining a cli_command, declare it in cli.h
** and add one line to `commands`.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"

static const cli_command *const commands[] = {
    &cli_cmd_forecast,
    &cli_cmd_score,
    &cli_cmd_simulate,
    &cli_cmd_calibrate,
    &cli_cmd_settle,
    &cli_cmd_sweep,
    &cli_cmd_evidence,
    &cli_cmd_backtest,
    &cli_cmd_run,
    &cli_cmd_sensitivity,
    &cli_cmd_report,
    &cli_cmd_discover,
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void print_overview(FILE *out)
{
    fprintf(out, "usage: parley <command> [options] [FILE]\n\n"
                 "parley models how wars end and how negotiations settle.\n\nCommands:\n");
    for (size_t k = 0; k < N_COMMANDS; k++) fprintf(out, "  %-12s %s\n", commands[k]->name, commands[k]->summary);
    fprintf(out, "  %-12s %s\n", "help", "show this list, or `parley help COMMAND` for one command");
    fprintf(out, "\nOptions: --version, --help. Exit status: 0 ok, 1 model failure, 2 usage or input error.\n");
}

static const cli_command *find_command(const char *name)
{
    for (size_t k = 0; k < N_COMMANDS; k++)
        if (strcmp(commands[k]->name, name) == 0) return commands[k];
    return NULL;
}

static int unknown_command(const char *name)
{
    fprintf(stderr, "parley: error: unknown command '%s', expected one of:", name);
    for (size_t k = 0; k < N_COMMANDS; k++) fprintf(stderr, " %s", commands[k]->name);
    fprintf(stderr, "\nTry 'parley help'.\n");
    return 2;
}

/* `parley --version x` or `parley help forecast x`: extra arguments are usage errors, as in every
** command (they were ignored). */
static int extra_argument(const char *arg)
{
    fprintf(stderr, "parley: error: found unexpected argument '%s'\nTry 'parley help'.\n", arg);
    return 2;
}

static int dispatch(int argc, char **argv);

/* What a command printed on standard output may still sit in its buffer: a write that fails there
** (a full disk, a closed pipe's reader gone) must not end in exit status 0. The result writers
** check their own output; this catches the rest (help, --version, --list-inputs). */
int main(int argc, char **argv)
{
    int rc = dispatch(argc, argv);
    if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) { /* a failed command has said why already */
        fprintf(stderr, "parley: error: writing to standard output failed: %s\n", strerror(errno));
        return 2;
    }
    return rc;
}

static int dispatch(int argc, char **argv)
{
    /* GSL's default handler aborts the process; parley checks every status itself. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        print_overview(stderr);
        return 2;
    }
    const char *name = argv[1];
    int doc = cli_doc_main(commands, N_COMMANDS, argc, argv);
    if (doc >= 0) return doc;
    int is_help = strcmp(name, "help") == 0, max_args = is_help ? 3 : 2;
    if ((is_help || strcmp(name, "--version") == 0 || strcmp(name, "version") == 0 || strcmp(name, "--help") == 0 ||
         strcmp(name, "-h") == 0) &&
        argc > max_args)
        return extra_argument(argv[max_args]);
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("parley %s\n", PARLEY_VERSION);
        return 0;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || (strcmp(name, "help") == 0 && argc == 2)) {
        print_overview(stdout);
        return 0;
    }
    if (strcmp(name, "help") == 0) {
        const cli_command *cmd = find_command(argv[2]);
        if (!cmd) return unknown_command(argv[2]);
        char *help_argv[] = {argv[2], (char *)"--help", NULL};
        return cmd->run(2, help_argv);
    }
    const cli_command *cmd = find_command(name);
    if (!cmd) return unknown_command(name);
    return cmd->run(argc - 1, argv + 1);
}
