/*
** engine.h — the ensemble machinery the local and MPI drivers share: the design (which point
** and which random stream each run gets), per-thread workspaces, computing a range of runs into
** the result by index, chunk buffers, writing a chunk to the store, reading a job back.
** Layer: ensembles. Internal.
*/
#ifndef PARLEY_ENSEMBLES_ENGINE_H
#define PARLEY_ENSEMBLES_ENGINE_H

#include <gsl/gsl_rng.h>

#include "core/internal.h"
#include "parley/ensemble.h"
#include "parley/sensitivity.h"
#include "parley/store.h"

/* Chunk buffers: the writer may lag this many chunks behind the computing threads, so that slow
** writes (the first runs carry their whole series) overlap the next chunks' work. */
enum { PL_ENGINE_STATUS_MAX = 200, PL_ENGINE_MAX_CHUNK = 4096, PL_ENGINE_BUFFERS = 8 };

/* What a chunk of runs [a, b) produced besides the result arrays: per-run status text ("" for
** runs not computed in this chunk) and the kept series. */
typedef struct pl_engine_chunk {
    long a, b;
    char (*status)[PL_ENGINE_STATUS_MAX]; /* [PL_ENGINE_MAX_CHUNK] */
    double **series;                      /* [PL_ENGINE_MAX_CHUNK] n_series × kept_steps, or NULL */
    long *steps;                          /* [PL_ENGINE_MAX_CHUNK] steps the run recorded */
} pl_engine_chunk;

typedef struct pl_engine {
    const pl_experiment *e;
    pl_ens_config cfg;
    long total;
    size_t k;             /* varied inputs */
    size_t *varied;       /* [k] their indices */
    double *sobol_q;      /* SOBOL: [runs × 2k] base points */
    pl_morris_design morris;
    long kept_steps;      /* series values kept per run and series */
    int threads;
    void **ws;            /* [threads] */
    gsl_rng **rng;        /* [threads] */
    double **series_tmp;  /* [threads] n_series × max_steps, or NULL */
    double **u_tmp;       /* [threads] k */
    double **x_tmp;       /* [threads] every input's value in the thread's current run */
    pl_ens_result *res;
    const char **outcome_names; /* [n_outcomes], for the store's multi-row inserts */
    const char **column_names;  /* [res->n_columns] */
    pl_store_row *rows[3];      /* the writer's rows of a chunk: parameters, outcomes, series */
    size_t n_rows[3], cap_rows[3];
    pl_engine_chunk chunk[PL_ENGINE_BUFFERS];
    long done;            /* runs finished (resumed ones included) */
    long first_failed;    /* index of the first failed run, or -1 */
} pl_engine;

/* Builds the design and every buffer for e under cfg (checked) with the given thread count. */
PL_INTERNAL pl_status pl_engine_create(const pl_experiment *e, const pl_ens_config *cfg, int threads, pl_engine **out,
                           pl_error *err);
PL_INTERNAL void pl_engine_free(pl_engine *g);

/* Refuses (PL_EINVAL, with the bytes a run costs and the most runs that fit) a design whose
** results cannot fit in about 90% of the memory this process may use (the machine's, or a
** ulimit's): the limit on --runs is memory, checked before anything is allocated by the run. */
PL_INTERNAL pl_status pl_engine_check_memory(const pl_experiment *e, const pl_ens_config *cfg, pl_error *err);

/* Runs the pending runs of [a, b) (b − a <= PL_ENGINE_MAX_CHUNK) on the engine's threads into
** the result and chunk buffer buf. PL_ENOMEM if a run ran out of memory; other run failures are
** recorded per run. */
PL_INTERNAL pl_status pl_engine_compute(pl_engine *g, long a, long b, int buf, pl_error *err);

/* The stream index of run i (see ensemble.h). */
PL_INTERNAL uint64_t pl_engine_stream(const pl_engine *g, long i);

/* Reads every run of job back into the result (resume). */
PL_INTERNAL pl_status pl_engine_load(pl_engine *g, pl_store *store, int64_t job, pl_error *err);

/* Writes the runs chunk buf computed, all in one transaction, and frees its kept series. */
PL_INTERNAL pl_status pl_engine_write_chunk(pl_engine *g, pl_store *store, int64_t job, int buf, pl_error *err);

/* Records that run i failed with msg if it is the earliest failure seen. Thread-safe. */
PL_INTERNAL void pl_engine_note_failure(pl_engine *g, long i, const char *msg);

/* Counts failures and finishes the result (after the last chunk). */
PL_INTERNAL void pl_engine_finish(pl_engine *g);

/* Calls the progress callback, if any. */
PL_INTERNAL void pl_engine_progress(const pl_engine *g);

/* Seconds on a monotonic clock. */
PL_INTERNAL double pl_engine_now(void);

#endif
