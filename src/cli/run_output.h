/*
** run_output.h — what `parley run` and `parley sensitivity` print: the outcome summaries, the
** grid's per-point summaries and the sensitivity ranking, as a table, CSV or JSON.
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_RUN_OUTPUT_H
#define PARLEY_CLI_RUN_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "parley/analysis.h"

typedef struct cli_run_output {
    const pl_experiment *e;
    const pl_ens_config *cfg;
    const pl_ens_result *r;
    const pl_summary *sum;      /* [n_outcomes] over the sampled runs */
    const pl_summary *grid_sum; /* GRID: [points × n_outcomes], else NULL */
    long points;
    const pl_sens_table *sens;
    const char *store_path;     /* NULL when no store */
    int64_t job;
    double seconds;
    int threads, ranks;
} cli_run_output;

/* A cli_writer for cli_write_result (ctx is a cli_run_output). */
pl_status cli_run_write(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err);

#endif
