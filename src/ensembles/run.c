/*
** run.c — the single-process ensemble driver: chunks of runs computed on OpenMP threads while
** one writer thread commits earlier chunks to the store, in order.
** Layer: ensembles.
*/
#include <pthread.h>
#include <string.h>

#ifdef PL_HAVE_OPENMP
#include <omp.h>
#endif

#include "ensembles/engine.h"

/* The writer thread: commits posted chunks in order; chunk c sits in buffer c % PL_ENGINE_BUFFERS. */
typedef struct writer {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    long posted;  /* chunks handed over */
    long written; /* chunks committed (or skipped after an error) */
    int stop;
    pl_status status;
    pl_error err;
    pl_engine *g;
    pl_store *store;
    int64_t job;
} writer;

static void *writer_main(void *arg)
{
    writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->written == w->posted && !w->stop) pthread_cond_wait(&w->cv, &w->mu);
        if (w->written == w->posted) break;
        int buf = (int)(w->written % PL_ENGINE_BUFFERS);
        pl_status failed = w->status;
        pthread_mutex_unlock(&w->mu);
        pl_error err;
        pl_error_clear(&err);
        pl_status st = failed ? PL_OK : pl_engine_write_chunk(w->g, w->store, w->job, buf, &err);
        pthread_mutex_lock(&w->mu);
        if (st && !w->status) {
            w->status = st;
            w->err = err;
        }
        w->written++;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static pl_status writer_start(writer *w, pl_engine *g, pl_store *store, int64_t job, pl_error *err)
{
    memset(w, 0, sizeof *w);
    w->g = g;
    w->store = store;
    w->job = job;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        return pl_error_set(err, PL_ENOMEM, "cannot start the store writer thread");
    }
    return PL_OK;
}

/* Waits until chunk c's buffer is free (chunk c − PL_ENGINE_BUFFERS is written); returns the
** first write error, if any. */
static pl_status writer_wait_buffer(writer *w, long c, pl_error *err)
{
    pthread_mutex_lock(&w->mu);
    while (c - w->written >= PL_ENGINE_BUFFERS) pthread_cond_wait(&w->cv, &w->mu);
    pl_status st = w->status;
    if (st && err) *err = w->err;
    pthread_mutex_unlock(&w->mu);
    return st;
}

static void writer_post(writer *w)
{
    pthread_mutex_lock(&w->mu);
    w->posted++;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/* Waits for the last chunk, stops and joins the thread; returns the first write error. */
static pl_status writer_finish(writer *w, pl_error *err)
{
    pthread_mutex_lock(&w->mu);
    while (w->written < w->posted) pthread_cond_wait(&w->cv, &w->mu);
    w->stop = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    if (w->status && err) *err = w->err;
    return w->status;
}

int pl_ens_threads(const pl_ens_config *cfg)
{
    if (cfg->threads > 0) return cfg->threads;
#ifdef PL_HAVE_OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* Computes every chunk, growing the chunk while one takes under a quarter second (when cfg
** leaves the size open), and hands each to the writer, which may lag PL_ENGINE_BUFFERS chunks. */
static pl_status run_chunks(pl_engine *g, writer *w, pl_error *err)
{
    long chunk = g->cfg.chunk > 0 ? g->cfg.chunk : 8;
    if (chunk > PL_ENGINE_MAX_CHUNK) chunk = PL_ENGINE_MAX_CHUNK;
    pl_status st = PL_OK;
    for (long a = 0, c = 0; !st && a < g->total; c++) {
        long b = a + chunk < g->total ? a + chunk : g->total;
        double t0 = pl_engine_now();
        int buf = (int)(c % PL_ENGINE_BUFFERS);
        if (w) st = writer_wait_buffer(w, c, err);
        if (!st) st = pl_engine_compute(g, a, b, buf, err);
        if (!st && w) writer_post(w);
        if (!g->cfg.chunk && pl_engine_now() - t0 < 0.25 && chunk * 2 <= PL_ENGINE_MAX_CHUNK) chunk *= 2;
        a = b;
    }
    return st;
}

pl_status pl_ensemble_run(const pl_experiment *e, const pl_ens_config *cfg, pl_store *store, int64_t job,
                          pl_ens_result **out, pl_error *err)
{
    *out = NULL;
    pl_engine *g;
    pl_status st = pl_engine_create(e, cfg, pl_ens_threads(cfg), &g, err);
    if (st) return st;
    if (store) st = pl_engine_load(g, store, job, err);
    writer w;
    int writing = 0;
    if (!st && store) writing = !(st = writer_start(&w, g, store, job, err));
    pl_engine_progress(g);
    if (!st) st = run_chunks(g, writing ? &w : NULL, err);
    if (writing) {
        pl_status ws = writer_finish(&w, st ? NULL : err);
        if (!st) st = ws;
    }
    pl_engine_progress(g);
    if (!st) {
        pl_engine_finish(g);
        *out = g->res;
        g->res = NULL;
    }
    pl_engine_free(g);
    return st;
}
