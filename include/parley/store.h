/*
** store.h — the SQLite results store: jobs (one command invocation) with their inputs, outcome
** and series declarations, runs, sampled parameters, scalar outcomes, time series and
** sensitivity indices. Schema: docs/formats.md "Results store".
** Layer: formats. Public API.
**
** The store is opened in WAL mode; writers batch rows inside explicit transactions. A file that
** is not an SQLite database, a corrupt one (SQLite's quick_check fails), or a database that is not
** a parley store, is refused and never modified. An older store is upgraded in place (new tables,
** the run digest column) when opened for writing; opened read-only it is read as it is.
*/
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stdint.h>

#include "parley/error.h"

typedef struct pl_store pl_store;

enum { PL_STORE_SCHEMA_VERSION = 3 };

/* Opens path, creating a new store when the file does not exist or is empty. An existing file
** must be a sound parley store of a schema this build reads. Processes opening one new file at
** once take turns (the schema is created in one immediate transaction): one creates, the others
** find the store. */
pl_status pl_store_open(const char *path, pl_store **out, pl_error *err);
void pl_store_close(pl_store *st);

/* Opens an existing store for reading: never creates a file, never upgrades it. Besides the
** integrity check, every job's rows are checked against their digests (pl_store_check_job). */
pl_status pl_store_open_readonly(const char *path, pl_store **out, pl_error *err);

/* The schema version of the open store (1 to 3). */
int pl_store_schema(const pl_store *st);

/* The path the store was opened with. */
const char *pl_store_path(const pl_store *st);

/* Transactions: rows written between begin and commit land together or not at all. */
pl_status pl_store_begin(pl_store *st, pl_error *err);
pl_status pl_store_commit(pl_store *st, pl_error *err);
pl_status pl_store_rollback(pl_store *st, pl_error *err);

/* A new job: the command, its input path, model (may be NULL), master seed, its full
** configuration as JSON text (what --resume compares), and the number of runs planned. */
pl_status pl_store_add_job(pl_store *st, const char *command, const char *input, const char *model,
                           uint64_t seed, const char *config_json, long n_runs, int64_t *job_id, pl_error *err);

/* The id of the most recent job whose command and configuration equal these, or 0 if none. */
pl_status pl_store_find_job(pl_store *st, const char *command, const char *config_json, int64_t *job_id,
                            pl_error *err);

/* Claims job for this handle until it is closed, without waiting: PL_ESTORE, saying another
** process writes the job, when another handle holds it. The claim is a lock the kernel drops when
** the process ends, SIGKILL included, so a killed writer never leaves a stale claim. */
pl_status pl_store_claim_job(pl_store *st, int64_t job, pl_error *err);

/* Marks run run_index of job as done (status "ok") or failed ("error: ..."); PL_ESTORE if the
** run is already stored. The _digest form also stores the run's digest (below). */
pl_status pl_store_put_run(pl_store *st, int64_t job, long run_index, const char *status, pl_error *err);
pl_status pl_store_put_run_digest(pl_store *st, int64_t job, long run_index, const char *status, uint64_t digest,
                                  pl_error *err);

/* 1 if run_index of job is already recorded. */
pl_status pl_store_has_run(pl_store *st, int64_t job, long run_index, int *has, pl_error *err);

pl_status pl_store_put_parameter(pl_store *st, int64_t job, long run_index, const char *name, double value,
                                 pl_error *err);
pl_status pl_store_put_outcome(pl_store *st, int64_t job, long run_index, const char *name, double value,
                               pl_error *err);
/* Many rows at once, in multi-row statements (about twice as fast as a row at a time). Names are
** not copied: they must live until the call returns. Rows whose value is not finite are left out
** (an outcome undefined in that run). */
typedef struct pl_store_row {
    long run;
    const char *name;   /* parameter or outcome name; the series name for series rows */
    const char *entity; /* series rows only */
    long step;          /* series rows only */
    double value;
} pl_store_row;

/* A run's digest (schema 3) is the sum, modulo 2^64, of pl_store_digest_status of its run row and
** pl_store_digest_row of each of its stored rows, so it does not depend on row order. */
typedef enum pl_store_table { PL_STORE_PARAMETERS = 1, PL_STORE_OUTCOMES = 2, PL_STORE_SERIES = 3 } pl_store_table;
uint64_t pl_store_digest_status(long run_index, const char *status);
uint64_t pl_store_digest_row(pl_store_table table, const pl_store_row *row); /* 0 for a value never stored */

/* Stores the digest of job's row and declarations (job_inputs, job_outcomes, job_series) as its
** job_info "digest", once they are written. */
pl_status pl_store_seal_job(pl_store *st, int64_t job, pl_error *err);

/* Checks job's rows against themselves: the job's row and declarations match its digest, when it
** has one; every value row belongs to a stored run of the job; every run stored with a digest
** still matches it. PL_ESTORE, naming the first run that does not. */
pl_status pl_store_check_job(pl_store *st, int64_t job, pl_error *err);

pl_status pl_store_put_parameter_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err);
pl_status pl_store_put_outcome_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err);
pl_status pl_store_put_series_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err);

/* One point of a series: name (e.g. "position:Emission"), entity (actor or side), step, value. */
pl_status pl_store_put_series(pl_store *st, int64_t job, long run_index, const char *series, const char *entity,
                              long step, double value, pl_error *err);

/* Job declarations (schema 2): a key/value fact about the job (parley version, command line,
** timing), and the job's inputs, outcomes and series in their order. Strings are copied. */
pl_status pl_store_put_job_info(pl_store *st, int64_t job, const char *key, const char *value, pl_error *err);
pl_status pl_store_put_job_input(pl_store *st, int64_t job, long position, const char *name, double nominal,
                                 const char *distribution, int varied, const char *source, pl_error *err);
pl_status pl_store_put_job_outcome(pl_store *st, int64_t job, long position, const char *name, const char *kind,
                                   const char *description, pl_error *err);
pl_status pl_store_put_job_series(pl_store *st, int64_t job, long position, const char *name, const char *entity,
                                  const char *step_unit, pl_error *err);

/* One sensitivity measure (e.g. method "sobol", measure "ST") of outcome to input, with a 95%
** interval (lo, hi NaN when none). Replaces an earlier value of the same key. */
pl_status pl_store_put_sensitivity(pl_store *st, int64_t job, const char *method, const char *outcome,
                                   const char *input, const char *measure, double value, double lo, double hi,
                                   pl_error *err);

/* Reading a job back: fn is called for every run (in run order) or every stored parameter or
** outcome value (in run order); a non-OK return from fn stops the walk with that status. */
typedef pl_status (*pl_store_run_fn)(void *ctx, long run_index, const char *status, pl_error *err);
typedef pl_status (*pl_store_value_fn)(void *ctx, long run_index, const char *name, double value, pl_error *err);
pl_status pl_store_each_run(pl_store *st, int64_t job, pl_store_run_fn fn, void *ctx, pl_error *err);
pl_status pl_store_each_parameter(pl_store *st, int64_t job, pl_store_value_fn fn, void *ctx, pl_error *err);
pl_status pl_store_each_outcome(pl_store *st, int64_t job, pl_store_value_fn fn, void *ctx, pl_error *err);

/* Reading a job's record, declarations, sensitivity rows and series: parley/store_read.h. */

#endif
