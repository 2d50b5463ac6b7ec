/*
** wasm_stubs.c — what the WebAssembly build of libparley leaves out, said out loud: the results
** store (SQLite is not built for the browser; the explorer keeps its runs in memory) and the exchange
** model (its exact arithmetic needs GMP, not built). Each stand-in fails with a message instead of
** being missing. docs/explorer.md lists them.
** Layer: interfaces (browser build only; never part of libparley).
*/
#include <stdio.h>

#include "parley/bargain.h"
#include "parley/store.h"

static pl_status no_exchange(const pl_stakeholders *s, const pl_optset *opts, gsl_rng *rng, pl_forecast *out, pl_error *err)
{
    (void)s, (void)opts, (void)rng, (void)out;
    return pl_error_set(err, PL_EINVAL, "the exchange model is not in the browser build (it needs GMP)");
}

const pl_bargain_type pl_bargain_exchange = {
    "exchange", "Stokman's exchange model: not in the browser build (needs GMP)", "Stokman & Van Oosten (1994)", NULL, 0, 0,
    no_exchange};

const char *pl_store_path(const pl_store *st)
{
    (void)st;
    return "";
}

/* The store's functions the ensemble engine calls: only ever with a store, which the explorer never
** opens; each says so if it is reached. */
#define NO_STORE return pl_error_set(err, PL_ESTORE, "no results store in the browser build")

pl_status pl_store_begin(pl_store *st, pl_error *err) { (void)st; NO_STORE; }
pl_status pl_store_commit(pl_store *st, pl_error *err) { (void)st; NO_STORE; }
pl_status pl_store_rollback(pl_store *st, pl_error *err) { (void)st; NO_STORE; }

pl_status pl_store_each_outcome(pl_store *st, int64_t job, pl_store_value_fn fn, void *ctx, pl_error *err)
{
    (void)st, (void)job, (void)fn, (void)ctx;
    NO_STORE;
}

pl_status pl_store_each_parameter(pl_store *st, int64_t job, pl_store_value_fn fn, void *ctx, pl_error *err)
{
    (void)st, (void)job, (void)fn, (void)ctx;
    NO_STORE;
}

pl_status pl_store_each_run(pl_store *st, int64_t job, pl_store_run_fn fn, void *ctx, pl_error *err)
{
    (void)st, (void)job, (void)fn, (void)ctx;
    NO_STORE;
}

pl_status pl_store_put_outcome_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err)
{
    (void)st, (void)job, (void)n, (void)rows;
    NO_STORE;
}

pl_status pl_store_put_parameter_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err)
{
    (void)st, (void)job, (void)n, (void)rows;
    NO_STORE;
}

pl_status pl_store_put_series_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err)
{
    (void)st, (void)job, (void)n, (void)rows;
    NO_STORE;
}

pl_status pl_store_put_run(pl_store *st, int64_t job, long run_index, const char *status, pl_error *err)
{
    (void)st, (void)job, (void)run_index, (void)status;
    NO_STORE;
}

pl_status pl_store_put_job_info(pl_store *st, int64_t job, const char *key, const char *value, pl_error *err)
{
    (void)st, (void)job, (void)key, (void)value;
    NO_STORE;
}

pl_status pl_store_put_sensitivity(pl_store *st, int64_t job, const char *method, const char *outcome, const char *input,
                                   const char *measure, double value, double lo, double hi, pl_error *err)
{
    (void)st, (void)job, (void)method, (void)outcome, (void)input, (void)measure, (void)value, (void)lo, (void)hi;
    NO_STORE;
}

pl_status pl_store_put_job_input(pl_store *st, int64_t job, long position, const char *name, double nominal,
                                 const char *distribution, int varied, const char *source, pl_error *err)
{
    (void)st, (void)job, (void)position, (void)name, (void)nominal, (void)distribution, (void)varied, (void)source;
    NO_STORE;
}

pl_status pl_store_put_job_outcome(pl_store *st, int64_t job, long position, const char *name, const char *kind,
                                   const char *description, pl_error *err)
{
    (void)st, (void)job, (void)position, (void)name, (void)kind, (void)description;
    NO_STORE;
}

pl_status pl_store_put_job_series(pl_store *st, int64_t job, long position, const char *name, const char *entity,
                                  const char *step_unit, pl_error *err)
{
    (void)st, (void)job, (void)position, (void)name, (void)entity, (void)step_unit;
    NO_STORE;
}

pl_status pl_store_find_job(pl_store *st, const char *command, const char *config_json, int64_t *job_id, pl_error *err)
{
    (void)st, (void)command, (void)config_json, (void)job_id;
    NO_STORE;
}

pl_status pl_store_add_job(pl_store *st, const char *command, const char *input, const char *model, uint64_t seed,
                           const char *config_json, long n_runs, int64_t *job_id, pl_error *err)
{
    (void)st, (void)command, (void)input, (void)model, (void)seed, (void)config_json, (void)n_runs, (void)job_id;
    NO_STORE;
}

/* The store's integrity digests (schema 3): the engine computes them only for runs it stores. */
uint64_t pl_store_digest_status(long run_index, const char *status)
{
    (void)run_index, (void)status;
    return 0;
}

uint64_t pl_store_digest_row(pl_store_table table, const pl_store_row *row)
{
    (void)table, (void)row;
    return 0;
}

pl_status pl_store_put_run_digest(pl_store *st, int64_t job, long run_index, const char *status, uint64_t digest,
                                  pl_error *err)
{
    (void)st, (void)job, (void)run_index, (void)status, (void)digest;
    NO_STORE;
}

pl_status pl_store_check_job(pl_store *st, int64_t job, pl_error *err)
{
    (void)st, (void)job;
    NO_STORE;
}
