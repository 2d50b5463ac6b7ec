/*
** run_job.h — one `parley run` ensemble from its options to its recorded result: the options,
** the --draw/--vary/--fix specifications, the experiment built from the input file (scenario or
** stakeholder table), its design, its results store, and the summaries and sensitivity of its
** runs. The command line parses into it and writes what it holds (parley/run_write.h).
** Layer: ensembles. Public API.
*/
#ifndef PARLEY_RUN_JOB_H
#define PARLEY_RUN_JOB_H

#include <stdint.h>
#include <stdio.h>

#include "parley/analysis.h"
#include "parley/options.h"
#include "parley/run_write.h"

enum { PL_RUN_MAX_SPECS = 256 };

/* The options of parley run, for pl_optset_init (help text included). */
extern const pl_option_desc pl_run_options[];
extern const size_t pl_run_n_options;

/* Repeatable options, taken out of argv before the one-value-per-option parser sees it. */
typedef struct pl_run_specs {
    const char *vary[PL_RUN_MAX_SPECS]; /* --draw NAME=DIST */
    size_t n_vary;
    const char *grid[PL_GRID_MAX_AXES]; /* --vary/--grid NAME=LO:HI:N */
    size_t n_grid;
    const char *fix[PL_RUN_MAX_SPECS];
    size_t n_fix;
    char **argv; /* the rest, NULL-terminated */
    int argc;
} pl_run_specs;

/* Everything one ensemble holds, so that one function frees it all. */
typedef struct pl_run_job {
    const char *name; /* the command, in warnings and the store's job */
    pl_optset ro, mo; /* parley run's options, the bargaining model's */
    pl_run_specs sp;
    const char *input;
    pl_experiment *e;
    pl_ens_config cfg;
    pl_store *store;
    int64_t job;
    pl_ens_result *r;
    pl_summary *sum, *grid_sum;
    long points;
    pl_sens_table sens;
    int rank, ranks, mpi;
    double seconds;
} pl_run_job;

/* Zeroes j and sets its run options to their defaults (j->mo is left to the caller). */
void pl_run_job_init(pl_run_job *j, const char *name);
void pl_run_job_free(pl_run_job *j);

/* 1 when path names a YAML scenario (.yaml, .yml); 1 when it is an SQLite file (a results store). */
int pl_run_input_is_scenario(const char *path);
int pl_run_input_is_store(const char *path);

/* Takes --draw, --vary, --grid and --fix out of argv into j->sp (a value of the other form is
** refused with a pointer to the option that takes it). */
pl_status pl_run_job_take_specs(pl_run_job *j, int argc, char **argv, pl_error *err);

/* Builds j->e from j->input and refuses options that do not apply to its kind. */
pl_status pl_run_job_build(pl_run_job *j, pl_error *err);

/* The design: method, runs, seed (the scenario's unless seed_given), draws, fixes and grid axes. */
pl_status pl_run_job_design(pl_run_job *j, int seed_given, uint64_t seed, pl_error *err);

/* Opens --store (or sqlite_out: the --out of --format sqlite, NULL otherwise) and its job. */
pl_status pl_run_job_open_store(pl_run_job *j, const char *sqlite_out, pl_error *err);

/* After the runs: the summaries (per grid point too) and the sensitivity, recorded with the
** command line (argv) in the store when there is one. */
pl_status pl_run_job_finish(pl_run_job *j, int argc, char **argv, pl_error *err);

/* The view of j that the writers take. */
void pl_run_job_output(const pl_run_job *j, pl_run_output *out);

/* The inputs (names for --draw and --vary), their values, distributions and sources, and the outcomes. */
void pl_run_list_inputs(const pl_experiment *e, FILE *fp);

#endif
