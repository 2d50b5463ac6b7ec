/*
** engine.c — the shared ensemble machinery: design points and streams, per-thread workspaces,
** computing runs on OpenMP threads into the result by index, and the chunk buffers.
** Layer: ensembles.
*/
#include "ensembles/engine.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifdef PL_HAVE_OPENMP
#include <omp.h>
#endif

#include "parley/memory.h"
#include "parley/rng.h"

double pl_engine_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t pl_engine_stream(const pl_engine *g, long i)
{
    switch (g->cfg.design) {
    case PL_DESIGN_GRID: return (uint64_t)(i % g->cfg.runs);
    case PL_DESIGN_SOBOL: return (uint64_t)(i / (long)(g->k + 2));
    case PL_DESIGN_MORRIS: return (uint64_t)(i / (long)(g->k + 1));
    default: return (uint64_t)i;
    }
}

/* 1 if input j changes between runs: it is varied, or a grid axis sets it. */
static int kept_input(const pl_experiment *e, const pl_ens_config *cfg, size_t j)
{
    if (e->input[j].dist.kind != PL_DIST_FIXED) return 1;
    for (size_t a = 0; cfg->design == PL_DESIGN_GRID && a < cfg->n_axes; a++)
        if (cfg->axis[a].input == j) return 1;
    return 0;
}

/* Bytes of memory a run costs until the summaries are done: its kept inputs and outcomes and
** state (the summaries and sensitivity indices need every run's), the analysis's scratch (three
** numbers a run) and the design's points. */
static double bytes_per_run(const pl_experiment *e, const pl_ens_config *cfg)
{
    size_t columns = 0;
    for (size_t j = 0; j < e->n_inputs; j++) columns += (size_t)kept_input(e, cfg, j);
    double k = (double)pl_experiment_n_varied(e);
    double design = cfg->design == PL_DESIGN_SOBOL ? 32 : cfg->design == PL_DESIGN_MORRIS ? 8 * k + 16 : 0;
    return 8.0 * (double)(columns + e->n_outcomes) + 1 + 24 + design;
}

/* The memory this process may use: the machine's, or less under a ulimit (-v or -d). */
static double memory_limit(void)
{
    double have = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    static const int limits[] = {RLIMIT_AS, RLIMIT_DATA};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        struct rlimit rl;
        if (getrlimit(limits[k], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (double)rl.rlim_cur < have)
            have = (double)rl.rlim_cur;
    }
    return have > 0 ? have : (double)INFINITY;
}

pl_status pl_engine_check_memory(const pl_experiment *e, const pl_ens_config *cfg, pl_error *err)
{
    long total = pl_ens_total_runs(e, cfg);
    double per_run = bytes_per_run(e, cfg), need = (double)total * per_run, have = 0.9 * memory_limit();
    if (need <= have) return PL_OK;
    const double gib = 1024.0 * 1024.0 * 1024.0;
    return pl_error_set(err, PL_EINVAL,
                        "found %ld runs, which need %.1f GiB of memory for their results (%.0f bytes a run), expected "
                        "at most %.0f runs: %.1f GiB is available to this process",
                        total, need / gib, per_run, floor(have / per_run), have / gib);
}

static pl_status alloc_result(pl_engine *g, pl_error *err)
{
    const pl_experiment *e = g->e;
    pl_ens_result *r = g->res = pl_calloc(1, sizeof *r);
    if (!r) return pl_error_set(err, PL_ENOMEM, "out of memory");
    r->n_runs = g->total;
    r->n_inputs = e->n_inputs;
    r->n_outcomes = e->n_outcomes;
    r->column = pl_malloc((e->n_inputs + 1) * sizeof *r->column);
    if (!r->column) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t j = 0; j < e->n_inputs; j++)
        if (kept_input(e, &g->cfg, j)) r->column[r->n_columns++] = j;
    size_t n = (size_t)g->total;
    r->x = pl_malloc((n * r->n_columns + 1) * sizeof *r->x);
    r->y = pl_malloc((n * e->n_outcomes + 1) * sizeof *r->y);
    r->state = pl_calloc(n, 1);
    if (!r->x || !r->y || !r->state) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n * r->n_columns; i++) r->x[i] = (double)NAN;
    for (size_t i = 0; i < n * e->n_outcomes; i++) r->y[i] = (double)NAN;
    return PL_OK;
}

long pl_ens_result_column(const pl_ens_result *r, size_t k)
{
    for (size_t c = 0; c < r->n_columns; c++)
        if (r->column[c] == k) return (long)c;
    return -1;
}

static pl_status build_design(pl_engine *g, pl_error *err)
{
    const pl_experiment *e = g->e;
    g->k = pl_experiment_n_varied(e);
    g->varied = pl_malloc((g->k + 1) * sizeof *g->varied);
    if (!g->varied) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t j = 0, v = 0; j < e->n_inputs; j++)
        if (e->input[j].dist.kind != PL_DIST_FIXED) g->varied[v++] = j;
    if (g->cfg.design == PL_DESIGN_SOBOL) {
        g->sobol_q = pl_malloc((size_t)g->cfg.runs * 2 * g->k * sizeof *g->sobol_q);
        if (!g->sobol_q) return pl_error_set(err, PL_ENOMEM, "out of memory");
        return pl_sobol_points(g->k, g->cfg.runs, g->sobol_q, err);
    }
    if (g->cfg.design == PL_DESIGN_MORRIS) {
        gsl_rng *rng = pl_rng_alloc(g->cfg.seed, PL_STREAM_DESIGN);
        if (!rng) return pl_error_set(err, PL_ENOMEM, "out of memory");
        pl_status st = pl_morris_design_make(g->k, g->cfg.runs, g->cfg.levels, rng, &g->morris, err);
        gsl_rng_free(rng);
        return st;
    }
    return PL_OK;
}

static pl_status alloc_threads(pl_engine *g, pl_error *err)
{
    const pl_experiment *e = g->e;
    size_t nt = (size_t)g->threads;
    g->ws = pl_calloc(nt, sizeof *g->ws);
    g->rng = pl_calloc(nt, sizeof *g->rng);
    g->series_tmp = pl_calloc(nt, sizeof *g->series_tmp);
    g->u_tmp = pl_calloc(nt, sizeof *g->u_tmp);
    g->x_tmp = pl_calloc(nt, sizeof *g->x_tmp);
    if (!g->ws || !g->rng || !g->series_tmp || !g->u_tmp || !g->x_tmp) return pl_error_set(err, PL_ENOMEM, "out of memory");
    size_t series_len = e->n_series * e->max_steps;
    for (size_t t = 0; t < nt; t++) {
        g->rng[t] = pl_rng_alloc(g->cfg.seed, 0);
        g->u_tmp[t] = pl_malloc((g->k + 1) * sizeof **g->u_tmp);
        g->x_tmp[t] = pl_malloc((e->n_inputs + 1) * sizeof **g->x_tmp);
        if (series_len) g->series_tmp[t] = pl_malloc(series_len * sizeof **g->series_tmp);
        if (!g->rng[t] || !g->u_tmp[t] || !g->x_tmp[t] || (series_len && !g->series_tmp[t]))
            return pl_error_set(err, PL_ENOMEM, "out of memory");
        if (e->ops->workspace_alloc) {
            pl_status st = e->ops->workspace_alloc(e, &g->ws[t], err);
            if (st) return st;
        }
    }
    return PL_OK;
}

static pl_status alloc_names(pl_engine *g, pl_error *err)
{
    const pl_experiment *e = g->e;
    g->outcome_names = pl_malloc((e->n_outcomes + 1) * sizeof *g->outcome_names);
    g->column_names = pl_malloc((g->res->n_columns + 1) * sizeof *g->column_names);
    if (!g->outcome_names || !g->column_names) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t o = 0; o < e->n_outcomes; o++) g->outcome_names[o] = e->outcome[o].name;
    for (size_t c = 0; c < g->res->n_columns; c++) g->column_names[c] = e->input[g->res->column[c]].name;
    return PL_OK;
}

static pl_status alloc_chunks(pl_engine *g, pl_error *err)
{
    for (int b = 0; b < PL_ENGINE_BUFFERS; b++) {
        pl_engine_chunk *c = &g->chunk[b];
        c->status = pl_calloc(PL_ENGINE_MAX_CHUNK, sizeof *c->status);
        c->series = pl_calloc(PL_ENGINE_MAX_CHUNK, sizeof *c->series);
        c->steps = pl_calloc(PL_ENGINE_MAX_CHUNK, sizeof *c->steps);
        if (!c->status || !c->series || !c->steps) return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    return PL_OK;
}

pl_status pl_engine_create(const pl_experiment *e, const pl_ens_config *cfg, int threads, pl_engine **out,
                           pl_error *err)
{
    *out = NULL;
    pl_status st = pl_ens_config_check(e, cfg, err);
    if (st) return st;
    pl_engine *g = pl_calloc(1, sizeof *g);
    if (!g) return pl_error_set(err, PL_ENOMEM, "out of memory");
    g->e = e;
    g->cfg = *cfg;
    g->cfg.series_every = pl_ens_series_every(e, cfg);
    g->total = pl_ens_total_runs(e, cfg);
    g->threads = threads > 0 ? threads : 1;
    g->first_failed = -1;
    g->kept_steps = e->max_steps ? (long)(e->max_steps + (size_t)g->cfg.series_every - 1) / g->cfg.series_every + 1 : 0;
    st = pl_engine_check_memory(e, &g->cfg, err);
    if (!st) st = alloc_result(g, err);
    if (!st) st = build_design(g, err);
    if (!st) st = alloc_threads(g, err);
    if (!st) st = alloc_names(g, err);
    if (!st) st = alloc_chunks(g, err);
    if (st) {
        pl_engine_free(g);
        return st;
    }
    *out = g;
    return PL_OK;
}

static void free_chunk_series(pl_engine_chunk *c)
{
    for (long s = 0; c->series && s < PL_ENGINE_MAX_CHUNK; s++) {
        pl_free(c->series[s]);
        c->series[s] = NULL;
    }
}

void pl_engine_free(pl_engine *g)
{
    if (!g) return;
    for (int t = 0; t < g->threads; t++) {
        if (g->ws && g->ws[t] && g->e->ops->workspace_free) g->e->ops->workspace_free(g->e, g->ws[t]);
        if (g->rng) gsl_rng_free(g->rng[t]);
        if (g->series_tmp) pl_free(g->series_tmp[t]);
        if (g->u_tmp) pl_free(g->u_tmp[t]);
        if (g->x_tmp) pl_free(g->x_tmp[t]);
    }
    for (int b = 0; b < PL_ENGINE_BUFFERS; b++) {
        free_chunk_series(&g->chunk[b]);
        pl_free(g->chunk[b].status);
        pl_free(g->chunk[b].series);
        pl_free(g->chunk[b].steps);
    }
    pl_free(g->ws);
    pl_free(g->rng);
    pl_free(g->series_tmp);
    pl_free(g->u_tmp);
    pl_free(g->x_tmp);
    pl_free(g->varied);
    pl_free(g->outcome_names);
    pl_free(g->column_names);
    for (int t = 0; t < 3; t++) pl_free(g->rows[t]);
    pl_free(g->sobol_q);
    pl_morris_design_free(&g->morris);
    pl_ens_result_free(g->res);
    pl_free(g);
}

void pl_ens_result_free(pl_ens_result *r)
{
    if (!r) return;
    pl_free(r->column);
    pl_free(r->x);
    pl_free(r->y);
    pl_free(r->state);
    pl_free(r);
}

/* The unit-cube point the design gives run i, into u; 0 when the design leaves the draws alone. */
static int design_point(const pl_engine *g, long i, double *u)
{
    if (g->cfg.design == PL_DESIGN_SOBOL) {
        long w = (long)g->k + 2;
        pl_sobol_row(g->k, g->sobol_q + (size_t)(i / w) * 2 * g->k, i % w, u);
        return 1;
    }
    if (g->cfg.design == PL_DESIGN_MORRIS) {
        memcpy(u, g->morris.u + (size_t)i * g->k, g->k * sizeof *u);
        return 1;
    }
    return 0;
}

static void grid_values(const pl_engine *g, long i, double *x)
{
    long point = i / g->cfg.runs;
    for (size_t a = g->cfg.n_axes; a-- > 0;) {
        const pl_grid_axis *ax = &g->cfg.axis[a];
        long m = point % ax->n;
        point /= ax->n;
        x[ax->input] = m == ax->n - 1 ? ax->hi : ax->lo + (ax->hi - ax->lo) * (double)m / (double)(ax->n - 1);
    }
}

/* The inputs of run i: one uniform per varied input from the run's stream, in declaration order
** (always drawn, so the model's own draws start at the same place whatever the design), then
** the design's point replaces the uniforms, and grid axes set their inputs. */
static void draw_inputs(const pl_engine *g, int t, long i, gsl_rng *rng, double *x)
{
    const pl_experiment *e = g->e;
    double *u = g->u_tmp[t];
    int has_point = design_point(g, i, u);
    for (size_t j = 0, v = 0; j < e->n_inputs; j++) {
        const pl_ens_input *in = &e->input[j];
        if (in->dist.kind == PL_DIST_FIXED) {
            x[j] = in->nominal;
            continue;
        }
        double draw = gsl_rng_uniform_pos(rng);
        x[j] = pl_dist_quantile(&in->dist, has_point ? u[v] : draw);
        v++;
    }
    if (g->cfg.design == PL_DESIGN_GRID) grid_values(g, i, x);
}

/* Outcomes must be finite or NaN (undefined), and yes/no outcomes 0 or 1. */
static pl_status check_outcomes(const pl_experiment *e, const double *y, pl_error *err)
{
    for (size_t o = 0; o < e->n_outcomes; o++) {
        if (isnan(y[o])) continue;
        if (!isfinite(y[o])) return pl_error_set(err, PL_EDOM, "outcome %s is infinite", e->outcome[o].name);
        if (e->outcome[o].kind == PL_OUTCOME_BINARY && y[o] != 0 && y[o] != 1)
            return pl_error_set(err, PL_EDOM, "yes/no outcome %s is %g", e->outcome[o].name, y[o]);
    }
    return PL_OK;
}

/* Copies the kept steps (every series_every-th and the last) of a run's series into the chunk. */
static pl_status keep_series(const pl_engine *g, pl_engine_chunk *c, long slot, const double *tmp, size_t steps)
{
    const pl_experiment *e = g->e;
    double *out = pl_malloc(e->n_series * (size_t)g->kept_steps * sizeof *out);
    if (!out) return PL_ENOMEM;
    long every = g->cfg.series_every;
    for (size_t s = 0; s < e->n_series; s++) {
        size_t q = 0;
        for (size_t t = 0; t < steps; t++)
            if (t % (size_t)every == 0 || t + 1 == steps) out[s * (size_t)g->kept_steps + q++] = tmp[s * e->max_steps + t];
    }
    c->series[slot] = out;
    c->steps[slot] = (long)steps;
    return PL_OK;
}

void pl_engine_note_failure(pl_engine *g, long i, const char *msg)
{
#ifdef PL_HAVE_OPENMP
#pragma omp critical(pl_engine_failure)
#endif
    {
        if (g->first_failed < 0 || i < g->first_failed) {
            g->first_failed = i;
            snprintf(g->res->failure, sizeof g->res->failure, "run %ld: %.200s", i, msg);
        }
    }
}

/* Runs run i on thread t. Only PL_ENOMEM is returned; other failures mark the run. */
static pl_status run_one(pl_engine *g, int t, long i, pl_engine_chunk *c)
{
    const pl_experiment *e = g->e;
    pl_ens_result *r = g->res;
    gsl_rng *rng = g->rng[t];
    pl_rng_reseed(rng, g->cfg.seed, pl_engine_stream(g, i));
    double *x = g->x_tmp[t], *y = r->y + (size_t)i * e->n_outcomes;
    draw_inputs(g, t, i, rng, x);
    for (size_t k = 0; k < r->n_columns; k++) r->x[(size_t)i * r->n_columns + k] = x[r->column[k]];
    for (size_t o = 0; o < e->n_outcomes; o++) y[o] = (double)NAN;
    int keep = g->kept_steps > 0 && e->n_series > 0 && (long)pl_engine_stream(g, i) < g->cfg.series_runs;
    size_t steps = 0;
    pl_error run_err;
    pl_error_clear(&run_err);
    pl_status st = e->ops->run(e, g->ws[t], x, rng, y, keep ? g->series_tmp[t] : NULL, &steps, &run_err);
    if (!st) st = check_outcomes(e, y, &run_err);
    if (st == PL_ENOMEM) return st;
    long slot = i - c->a;
    if (st) {
        for (size_t o = 0; o < e->n_outcomes; o++) y[o] = (double)NAN;
        r->state[i] = PL_RUN_FAILED;
        snprintf(c->status[slot], PL_ENGINE_STATUS_MAX, "error: %.190s", run_err.msg);
        pl_engine_note_failure(g, i, run_err.msg);
        return PL_OK;
    }
    if (steps > e->max_steps) steps = e->max_steps;
    if (keep && steps > 0 && keep_series(g, c, slot, g->series_tmp[t], steps)) return PL_ENOMEM;
    r->state[i] = PL_RUN_OK;
    snprintf(c->status[slot], PL_ENGINE_STATUS_MAX, "ok");
    return PL_OK;
}

void pl_engine_progress(const pl_engine *g)
{
    if (!g->cfg.progress) return;
    long done;
#ifdef PL_HAVE_OPENMP
#pragma omp atomic read
#endif
    done = g->done;
    g->cfg.progress(g->cfg.progress_ctx, done, g->total);
}

static int thread_id(void)
{
#ifdef PL_HAVE_OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

pl_status pl_engine_compute(pl_engine *g, long a, long b, int buf, pl_error *err)
{
    pl_engine_chunk *c = &g->chunk[buf];
    free_chunk_series(c);
    c->a = a;
    c->b = b;
    for (long s = 0; s < b - a; s++) c->status[s][0] = '\0';
    int fatal = 0;
#ifdef PL_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(g->threads)
#endif
    for (long i = a; i < b; i++) {
        int stop;
#ifdef PL_HAVE_OPENMP
#pragma omp atomic read
#endif
        stop = fatal;
        if (stop || g->res->state[i] != PL_RUN_PENDING) continue;
        int t = thread_id();
        if (run_one(g, t, i, c)) {
#ifdef PL_HAVE_OPENMP
#pragma omp atomic write
#endif
            fatal = 1;
        }
#ifdef PL_HAVE_OPENMP
#pragma omp atomic
#endif
        g->done++;
        if (t == 0) pl_engine_progress(g);
    }
    if (fatal) return pl_error_set(err, PL_ENOMEM, "out of memory in a run");
    return PL_OK;
}

void pl_engine_finish(pl_engine *g)
{
    pl_ens_result *r = g->res;
    r->n_failed = 0;
    for (long i = 0; i < r->n_runs; i++) r->n_failed += r->state[i] == PL_RUN_FAILED;
}
