/*
** ensemble_mpi.c — ensembles across MPI ranks: in each round every rank computes one chunk on its
** threads and sends it to rank 0, which places it by run index and writes it to the store; the
** ranks then agree whether to go on. Results are the single-process ones, bit for bit.
** Layer: ensembles. Built into parley_mpi when MPI is found.
*/
#include "parley/ensemble_mpi.h"

#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "ensembles/engine.h"
#include "parley/memory.h"
#include "parley/war_condition.h"

enum { TAG_CHUNK = 17 };

int pl_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "MPI_LOCALNRANKS"};
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++)
        if (getenv(vars[k])) return 1;
    return 0;
}

pl_status pl_mpi_start(int *argc, char ***argv, int *rank, int *size, pl_error *err)
{
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return pl_error_set(err, PL_EINVAL, "MPI failed to start");
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return PL_OK;
}

void pl_mpi_stop(void) { MPI_Finalize(); }

pl_status pl_mpi_agree(pl_status st)
{
    int mine = (int)st, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return (pl_status)all;
}

/* ---- Packing a chunk: [a, b] longs, x rows, y rows, states, status texts, steps, series ---- */

static size_t series_len(const pl_engine *g) { return g->e->n_series * (size_t)g->kept_steps; }

static size_t packed_size(const pl_engine *g, const pl_engine_chunk *c)
{
    size_t n = (size_t)(c->b - c->a), with = 0;
    for (size_t s = 0; s < n; s++) with += c->series[s] != NULL;
    return 2 * sizeof(long) + n * (g->res->n_columns + g->e->n_outcomes) * sizeof(double) + n +
           n * PL_ENGINE_STATUS_MAX + n * sizeof(long) + n + with * series_len(g) * sizeof(double);
}

static char *put(char *p, const void *src, size_t size)
{
    memcpy(p, src, size);
    return p + size;
}

static const char *get(const char *p, void *dst, size_t size)
{
    memcpy(dst, p, size);
    return p + size;
}

static void pack(const pl_engine *g, const pl_engine_chunk *c, char *p)
{
    const pl_ens_result *r = g->res;
    size_t n = (size_t)(c->b - c->a), ni = r->n_columns, no = g->e->n_outcomes;
    p = put(p, &c->a, sizeof c->a);
    p = put(p, &c->b, sizeof c->b);
    p = put(p, r->x + (size_t)c->a * ni, n * ni * sizeof(double));
    p = put(p, r->y + (size_t)c->a * no, n * no * sizeof(double));
    p = put(p, r->state + c->a, n);
    p = put(p, c->status, n * PL_ENGINE_STATUS_MAX);
    p = put(p, c->steps, n * sizeof(long));
    for (size_t s = 0; s < n; s++) *p++ = c->series[s] != NULL;
    for (size_t s = 0; s < n; s++)
        if (c->series[s]) p = put(p, c->series[s], series_len(g) * sizeof(double));
}

/* Places the runs a received chunk computed (those with a status) into the result, and their
** status and series into chunk buffer c. Runs the sender skipped (resumed ones) keep what rank 0
** read back from the store. */
static pl_status unpack(pl_engine *g, pl_engine_chunk *c, const char *p, pl_error *err)
{
    pl_ens_result *r = g->res;
    size_t ni = r->n_columns, no = g->e->n_outcomes;
    for (long s = 0; s < PL_ENGINE_MAX_CHUNK; s++) {
        pl_free(c->series[s]);
        c->series[s] = NULL;
    }
    p = get(p, &c->a, sizeof c->a);
    p = get(p, &c->b, sizeof c->b);
    size_t n = (size_t)(c->b - c->a);
    const char *x = p, *y = x + n * ni * sizeof(double), *state = y + n * no * sizeof(double);
    p = get(state + n, c->status, n * PL_ENGINE_STATUS_MAX);
    p = get(p, c->steps, n * sizeof(long));
    const char *has = p;
    p += n;
    for (size_t s = 0; s < n; s++) {
        long i = c->a + (long)s;
        const char *series = p;
        if (has[s]) p += series_len(g) * sizeof(double);
        if (!c->status[s][0]) continue;
        memcpy(r->x + (size_t)i * ni, x + s * ni * sizeof(double), ni * sizeof(double));
        memcpy(r->y + (size_t)i * no, y + s * no * sizeof(double), no * sizeof(double));
        r->state[i] = (unsigned char)state[s];
        g->done++;
        if (r->state[i] == PL_RUN_FAILED) pl_engine_note_failure(g, i, c->status[s] + 7);
        if (!has[s]) continue;
        if (!(c->series[s] = pl_malloc(series_len(g) * sizeof(double)))) return pl_error_set(err, PL_ENOMEM, "out of memory");
        memcpy(c->series[s], series, series_len(g) * sizeof(double));
    }
    return PL_OK;
}

static pl_status send_chunk(const pl_engine *g, int buf, pl_error *err)
{
    const pl_engine_chunk *c = &g->chunk[buf];
    size_t size = packed_size(g, c);
    char *msg = pl_malloc(size);
    if (!msg) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pack(g, c, msg);
    int rc = MPI_Send(msg, (int)size, MPI_BYTE, 0, TAG_CHUNK, MPI_COMM_WORLD);
    pl_free(msg);
    return rc == MPI_SUCCESS ? PL_OK : pl_error_set(err, PL_EIO, "MPI_Send failed");
}

static pl_status receive_chunk(pl_engine *g, int from, pl_store *store, int64_t job, pl_error *err)
{
    MPI_Status ms;
    int size;
    MPI_Probe(from, TAG_CHUNK, MPI_COMM_WORLD, &ms);
    MPI_Get_count(&ms, MPI_BYTE, &size);
    char *msg = pl_malloc((size_t)size + 1);
    if (!msg) return pl_error_set(err, PL_ENOMEM, "out of memory");
    MPI_Recv(msg, size, MPI_BYTE, from, TAG_CHUNK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    pl_status st = unpack(g, &g->chunk[1], msg, err);
    pl_free(msg);
    if (!st && store) st = pl_engine_write_chunk(g, store, job, 1, err);
    pl_engine_progress(g);
    return st;
}

typedef struct mpi_plan {
    int rank, size;
    long chunk, n_chunks;
} mpi_plan;

/* One round: rank p computes chunk round·size + p; rank 0 then takes in and writes all of them. */
static pl_status round_trip(pl_engine *g, const mpi_plan *m, long round, pl_store *store, int64_t job, pl_error *err)
{
    long mine = round * m->size + m->rank;
    pl_status st = PL_OK;
    if (mine < m->n_chunks) {
        long a = mine * m->chunk, b = a + m->chunk < g->total ? a + m->chunk : g->total;
        st = pl_engine_compute(g, a, b, 0, err);
        if (!st && m->rank != 0) st = send_chunk(g, 0, err);
        if (!st && m->rank == 0 && store) st = pl_engine_write_chunk(g, store, job, 0, err);
    }
    for (int from = 1; m->rank == 0 && from < m->size; from++) {
        if (round * m->size + from >= m->n_chunks) break;
        pl_status s = receive_chunk(g, from, store, job, err);
        if (!st) st = s;
    }
    return st;
}

/* Rank 0 reads the store back and tells every rank which runs are done. */
static pl_status share_resume(pl_engine *g, int rank, pl_store *store, int64_t job, pl_error *err)
{
    pl_status st = rank == 0 && store ? pl_engine_load(g, store, job, err) : PL_OK;
    if ((st = pl_mpi_agree(st))) return st;
    MPI_Bcast(g->res->state, (int)g->total, MPI_UNSIGNED_CHAR, 0, MPI_COMM_WORLD);
    if (rank != 0)
        for (long i = 0; i < g->total; i++) g->done += g->res->state[i] != PL_RUN_PENDING;
    return PL_OK;
}

/* Rank 0's condition counts become every rank's runs' (the acceptance its outputs report). */
static void gather_condition(pl_war_condition *c, int rank)
{
    unsigned long long mine[3], all[3] = {0, 0, 0};
    pl_war_condition_counts(c, &mine[0], &mine[1], &mine[2]);
    if (rank == 0) mine[0] = mine[1] = mine[2] = 0; /* its own are counted already */
    MPI_Reduce(mine, all, 3, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) pl_war_condition_add_counts(c, all[0], all[1], all[2]);
}

pl_status pl_ensemble_run_mpi(const pl_experiment *e, const pl_ens_config *cfg, pl_store *store, int64_t job,
                              pl_ens_result **out, pl_error *err)
{
    *out = NULL;
    mpi_plan m;
    MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m.size);
    pl_engine *g = NULL;
    pl_status st = pl_mpi_agree(pl_engine_create(e, cfg, pl_ens_threads(cfg), &g, err));
    if (!st) st = share_resume(g, m.rank, store, job, err);
    if (st) {
        pl_engine_free(g);
        return st;
    }
    /* Chunks small enough that every rank gets several, so the ranks finish together. */
    m.chunk = g->total / ((long)m.size * 16);
    m.chunk = m.chunk < 1 ? 1 : m.chunk > 256 ? 256 : m.chunk;
    m.n_chunks = (g->total + m.chunk - 1) / m.chunk;
    if (m.rank == 0) pl_engine_progress(g);
    for (long round = 0; !st && round * m.size < m.n_chunks; round++)
        st = pl_mpi_agree(round_trip(g, &m, round, store, job, err));
    if (!st && e->condition) gather_condition(e->condition, m.rank);
    if (!st && m.rank == 0) {
        pl_engine_finish(g);
        *out = g->res;
        g->res = NULL;
    }
    pl_engine_free(g);
    return st;
}
