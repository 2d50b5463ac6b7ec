/*
** analysis.c — outcome summaries per design and the sensitivity table of an ensemble.
** Layer: ensembles.
*/
#include "parley/analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ensembles/engine.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/sensitivity.h"

/* 1 if run i samples the inputs' distribution for the summary of grid point `point`. */
static int sampled_row(const pl_experiment *e, const pl_ens_config *cfg, long i, long point)
{
    switch (cfg->design) {
    case PL_DESIGN_GRID: return point < 0 || pl_ens_grid_point(cfg, i) == point;
    case PL_DESIGN_SOBOL: return i % (long)(pl_experiment_n_varied(e) + 2) < 2;
    default: return 1;
    }
}

pl_status pl_ens_summarise(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, long point,
                           pl_summary *out, pl_error *err)
{
    double *v = pl_malloc(((size_t)r->n_runs + 1) * sizeof *v), *scratch = pl_malloc(((size_t)r->n_runs + 1) * sizeof *v);
    pl_status st = v && scratch ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t o = 0; !st && o < e->n_outcomes; o++) {
        long m = 0;
        for (long i = 0; i < r->n_runs; i++)
            if (sampled_row(e, cfg, i, point)) v[m++] = r->y[(size_t)i * r->n_outcomes + o];
        st = pl_summary_compute(v, 1, m, e->outcome[o].kind == PL_OUTCOME_BINARY, scratch, &out[o], err);
    }
    pl_free(v);
    pl_free(scratch);
    return st;
}

void pl_sens_table_free(pl_sens_table *t)
{
    pl_free(t->row);
    memset(t, 0, sizeof *t);
}

static int by_outcome_then_value(const void *pa, const void *pb)
{
    const pl_sens_entry *a = pa, *b = pb;
    if (a->outcome != b->outcome) return a->outcome < b->outcome ? -1 : 1;
    if (a->value != b->value) return a->value > b->value ? -1 : 1;
    return a->input < b->input ? -1 : a->input > b->input;
}

static pl_sens_entry entry(size_t o, size_t input)
{
    pl_sens_entry s = {o, input, (double)NAN, (double)NAN, (double)NAN, (double)NAN, (double)NAN, (double)NAN, (double)NAN};
    return s;
}

static pl_status sobol_rows(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, const size_t *varied,
                            size_t k, int n_boot, pl_sens_table *t, pl_error *err)
{
    pl_sobol_index *idx = pl_malloc(k * sizeof *idx);
    gsl_rng *rng = pl_rng_alloc(cfg->seed, PL_STREAM_BOOTSTRAP);
    pl_status st = idx && rng ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t o = 0; !st && o < e->n_outcomes; o++) {
        long used;
        pl_rng_reseed(rng, cfg->seed, PL_STREAM_BOOTSTRAP);
        pl_status s = pl_sobol_estimate(k, cfg->runs, r->y + o, r->n_outcomes, rng, n_boot, idx, &used, err);
        if (s == PL_EDOM) continue;
        if ((st = s)) break;
        for (size_t i = 0; i < k; i++) {
            pl_sens_entry *row = &t->row[t->n++];
            *row = entry(o, varied[i]);
            row->value = idx[i].total, row->lo = idx[i].total_lo, row->hi = idx[i].total_hi;
            row->value2 = idx[i].first, row->lo2 = idx[i].first_lo, row->hi2 = idx[i].first_hi;
        }
    }
    if (err && !st) pl_error_clear(err);
    pl_free(idx);
    gsl_rng_free(rng);
    return st;
}

static pl_status morris_rows(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                             const size_t *varied, size_t k, pl_sens_table *t, pl_error *err)
{
    pl_morris_design d;
    pl_morris_index *idx = pl_malloc(k * sizeof *idx);
    gsl_rng *rng = pl_rng_alloc(cfg->seed, PL_STREAM_DESIGN);
    pl_status st = idx && rng ? pl_morris_design_make(k, cfg->runs, cfg->levels, rng, &d, err)
                              : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t o = 0; !st && o < e->n_outcomes; o++) {
        if ((st = pl_morris_estimate(&d, r->y + o, r->n_outcomes, idx, err))) break;
        int moves = 0;
        for (size_t i = 0; i < k; i++) moves |= idx[i].mu_star > 0;
        for (size_t i = 0; moves && i < k; i++) {
            pl_sens_entry *row = &t->row[t->n++];
            *row = entry(o, varied[i]);
            row->value = idx[i].mu_star, row->value2 = idx[i].sigma, row->value3 = idx[i].mu;
        }
    }
    if (idx && rng && !st) pl_morris_design_free(&d);
    pl_free(idx);
    gsl_rng_free(rng);
    return st;
}

static int binned_bins(long n)
{
    int bins = (int)(sqrt((double)n) / 2);
    return bins < 2 ? 2 : bins > 20 ? 20 : bins;
}

static pl_status binned_rows(const pl_experiment *e, const pl_ens_result *r, const size_t *varied, size_t k,
                             pl_sens_table *t, pl_error *err)
{
    double *scratch = pl_malloc((3 * (size_t)r->n_runs + 1) * sizeof *scratch);
    if (!scratch) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t o = 0; o < e->n_outcomes; o++)
        for (size_t i = 0; i < k; i++) {
            long c = pl_ens_result_column(r, varied[i]);
            double s = pl_sens_binned_first_order(r->x + c, r->n_columns, r->y + o, r->n_outcomes, r->n_runs,
                                                  binned_bins(r->n_runs), scratch);
            if (isnan(s)) continue;
            pl_sens_entry *row = &t->row[t->n++];
            *row = entry(o, varied[i]);
            row->value = s;
        }
    pl_free(scratch);
    return PL_OK;
}

static const char *const method_names[][4] = {
    {"binned", "S1", NULL, NULL}, {"grid", "", NULL, NULL}, {"sobol", "ST", "S1", NULL}, {"morris", "mu_star", "sigma", "mu"}};

pl_status pl_ens_sensitivity(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, int n_boot,
                             pl_sens_table *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    out->method = method_names[cfg->design][0];
    out->measure = method_names[cfg->design][1];
    out->measure2 = method_names[cfg->design][2];
    out->measure3 = method_names[cfg->design][3];
    size_t k = pl_experiment_n_varied(e);
    if (cfg->design == PL_DESIGN_GRID || k == 0) return PL_OK;
    size_t *varied = pl_malloc(k * sizeof *varied);
    out->row = pl_malloc((e->n_outcomes * k + 1) * sizeof *out->row);
    pl_status st = varied && out->row ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t j = 0, v = 0; !st && j < e->n_inputs; j++)
        if (e->input[j].dist.kind != PL_DIST_FIXED) varied[v++] = j;
    if (!st && cfg->design == PL_DESIGN_SOBOL) st = sobol_rows(e, cfg, r, varied, k, n_boot, out, err);
    else if (!st && cfg->design == PL_DESIGN_MORRIS) st = morris_rows(e, cfg, r, varied, k, out, err);
    else if (!st) st = binned_rows(e, r, varied, k, out, err);
    pl_free(varied);
    if (st) {
        pl_sens_table_free(out);
        return st;
    }
    qsort(out->row, out->n, sizeof *out->row, by_outcome_then_value);
    return PL_OK;
}

static pl_status store_measure(pl_store *store, int64_t job, const pl_experiment *e, const pl_sens_table *t,
                               const pl_sens_entry *row, const char *measure, double v, double lo, double hi,
                               pl_error *err)
{
    if (!measure || !isfinite(v)) return PL_OK;
    return pl_store_put_sensitivity(store, job, t->method, e->outcome[row->outcome].name, e->input[row->input].name,
                                    measure, v, lo, hi, err);
}

pl_status pl_ens_store_sensitivity(pl_store *store, int64_t job, const pl_experiment *e, const pl_sens_table *t,
                                   pl_error *err)
{
    if (!t->n) return PL_OK;
    pl_status st = pl_store_begin(store, err);
    for (size_t k = 0; !st && k < t->n; k++) {
        const pl_sens_entry *row = &t->row[k];
        st = store_measure(store, job, e, t, row, t->measure, row->value, row->lo, row->hi, err);
        if (!st) st = store_measure(store, job, e, t, row, t->measure2, row->value2, row->lo2, row->hi2, err);
        if (!st) st = store_measure(store, job, e, t, row, t->measure3, row->value3, (double)NAN, (double)NAN, err);
    }
    if (!st) return pl_store_commit(store, err);
    pl_store_rollback(store, NULL);
    return st;
}
