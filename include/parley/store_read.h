/*
** store_read.h — reading one job of the results store back: its record, its facts (job_info),
** its declarations (inputs, outcomes, series), its sensitivity rows and its series points. The
** run values themselves are walked with pl_store_each_run/_parameter/_outcome (store.h).
** Layer: formats. Public API. Schema: docs/formats.md "Results store".
**
** Every failure names the store file: "STORE: error: found ..., expected ...". A store of schema 1
** (before declarations) reads with no facts, declarations or sensitivity rows: the schema version
** in the meta table says so, never a missing table.
*/
#ifndef PARLEY_STORE_READ_H
#define PARLEY_STORE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"
#include "parley/store.h"

typedef struct pl_store_fact {
    char *key, *value;
} pl_store_fact;

typedef struct pl_store_input {
    char *name, *distribution, *source;
    double nominal;
    int varied; /* 1: drawn from its distribution (or a grid axis) */
} pl_store_input;

typedef struct pl_store_outcome {
    char *name, *kind, *description; /* kind as written: "binary", "real", ... ("" when missing) */
} pl_store_outcome;

typedef struct pl_store_series {
    char *name, *entity, *step_unit;
} pl_store_series;

typedef struct pl_store_sens {
    char *method, *outcome, *input, *measure;
    double value, lo, hi; /* lo, hi NaN when the store has no interval */
} pl_store_sens;

/* One job as stored. Every string is owned by the job (never NULL; "" for a NULL column). */
typedef struct pl_store_job {
    int64_t id;
    char *command, *input, *model, *created, *config;
    char *seed;   /* the master seed in decimal (a 64-bit unsigned number) */
    long n_runs;  /* runs the job planned, 1 to 10^9 */
    pl_store_fact *facts;
    size_t n_facts;
    pl_store_input *inputs;
    size_t n_inputs;
    pl_store_outcome *outcomes;
    size_t n_outcomes;
    pl_store_series *series;
    size_t n_series;
    pl_store_sens *sens; /* ordered by outcome, measure, then value, largest first */
    size_t n_sens;
} pl_store_job;

/* Reads job id, or with id 0 the latest ensemble job (run or sensitivity), else the latest job.
** PL_EINVAL for an id the store lacks; PL_EINPUT for a store with no job or a job whose planned
** run count is out of range; PL_ESTORE when SQLite fails. *out is NULL on failure. */
pl_status pl_store_read_job(pl_store *st, int64_t id, pl_store_job **out, pl_error *err);
void pl_store_job_free(pl_store_job *j);

/* The value of fact key, or NULL when the job has none. */
const char *pl_store_job_fact(const pl_store_job *j, const char *key);

/* Calls fn for every stored point of one series of job, in step order, then run order. */
typedef pl_status (*pl_store_point_fn)(void *ctx, long run_index, long step, double value, pl_error *err);
pl_status pl_store_each_series_point(pl_store *st, int64_t job, const char *series, const char *entity,
                                     pl_store_point_fn fn, void *ctx, pl_error *err);

#endif
