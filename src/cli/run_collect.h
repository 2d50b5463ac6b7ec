/*
** run_collect.h — the ensemble of `parley run` run on behalf of another command (parley discover):
** the same options, design, store and progress, its runs handed back instead of summarised.
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_RUN_COLLECT_H
#define PARLEY_CLI_RUN_COLLECT_H

#include "cli/cli.h"
#include "parley/ensemble.h"

typedef struct cli_ensemble {
    const cli_command *cmd; /* set by the caller: the command whose usage and help are shown */
    const char *input;      /* the one FILE given */
    int is_store;           /* 1: FILE is a results store (nothing was run) */
    pl_optset common;       /* --format, --out, --seed */
    pl_experiment *e;       /* the experiment, its design and its runs (when not a store) */
    pl_ens_config cfg;
    pl_ens_result *r;
    /* Called (when not NULL) once the experiment is built, before any run: the caller's check of
    ** its own options against it (a condition naming an outcome the model lacks). */
    pl_status (*check)(const struct cli_ensemble *en, const pl_experiment *e, pl_error *err);
    void *check_ctx;
} cli_ensemble;

/* Parses argv as `parley run` does, with the caller's options own taking precedence over parley
** run's (both shown by --help), then, unless FILE is a results store, runs the ensemble (into
** --store when given, recorded as a run job that parley report reads). Returns -1 to go on, or
** the exit status after printing the help or an error. The caller frees out->e and out->r. */
int cli_run_collect(int argc, char **argv, pl_optset *own, cli_ensemble *out);

#endif
