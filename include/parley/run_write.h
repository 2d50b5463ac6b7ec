/*
** run_write.h — what `parley run` and `parley sensitivity` print: the outcome summaries, the
** grid's per-point summaries and the sensitivity ranking, as a table, CSV or JSON; and the
** statistics in words, document metadata and --draw/--vary checks every ensemble command shares.
** Layer: ensembles. Public API.
*/
#ifndef PARLEY_RUN_WRITE_H
#define PARLEY_RUN_WRITE_H

#include <stdint.h>
#include <stdio.h>

#include "parley/analysis.h"
#include "parley/result.h"

typedef struct pl_run_output {
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
} pl_run_output;

/* A statistic as people read it: "37.0% (74 of 200; 90% interval 31.5 to 42.9%)", "median 6.67 (90%
** interval 5.1 to 8.0; 23 events in 200 runs)", "none within the horizon (23 events in 200 runs)",
** "3.21 (90% interval 3.1 to 3.32; 200 runs)". */
void pl_stat_text(const pl_outcome_stat *s, char *buf, size_t size);

/* The statistic in row `row` of a long statistics table (pl_ens_stats_table) whose outcome column is
** `at` (the axis columns come before it). */
void pl_stat_of_row(const pl_result_table *t, size_t row, size_t at, pl_outcome_stat *s);

/* A long statistics table (pl_ens_stats_table, no grid) for people: each outcome's label and its
** statistic in words (pl_stat_text). */
pl_status pl_stats_human(const pl_experiment *e, const pl_result_table *t, FILE *out, pl_error *err);

/* The metadata every ensemble command's document starts with: command, experiment (kind, title,
** input), design, seed, runs, failed runs and the interval level; and "condition" (pl_ens_condition_text). */
pl_status pl_ens_doc_meta(pl_result_doc *doc, const char *command, const pl_experiment *e, const pl_ens_config *cfg,
                          const pl_ens_result *r, pl_error *err);


/* 1 and buf = one line on the record e's draws are conditioned on and their acceptance so far
** (pl_war_condition_describe), or that the command turned it off; 0 when e has no condition. */
int pl_ens_condition_text(const pl_experiment *e, char *buf, size_t size);

/* Refuses a --draw that is a grid (PARAM=FROM:TO:STEPS), pointing to --vary, and the reverse for a
** --vary that is a distribution. */
pl_status pl_check_draws(const char *const *draws, size_t n, pl_error *err);
pl_status pl_check_axis_text(const char *text, pl_error *err);

/* The result as a document (tables outcomes: the statistic of each outcome, per grid point on a
** grid; distribution: mean, sd, quantiles, not on a grid; sensitivity), for CSV (one table per file)
** and SQLite. *doc is set (free it) even on failure. */
pl_status pl_run_doc(const pl_run_output *out, pl_result_doc **doc, pl_error *err);

/* The result as a table for people, or as JSON. */
pl_status pl_run_write_table(const pl_run_output *out, FILE *fp, pl_error *err);
pl_status pl_run_write_json(const pl_run_output *out, FILE *fp, pl_error *err);

#endif
