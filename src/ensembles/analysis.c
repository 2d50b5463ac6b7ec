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
#include "parley/stats.h"

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

/* ---- The statistic of an outcome, and the table of them -------------------------------------- */

pl_status pl_ens_outcome_stat(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, long point,
                              size_t o, double level, pl_outcome_stat *out, pl_error *err)
{
    double *v = pl_malloc(((size_t)r->n_runs + 1) * sizeof *v);
    if (!v) return pl_error_set(err, PL_ENOMEM, "out of memory");
    const pl_ens_outcome *oc = &e->outcome[o];
    long m = 0;
    for (long i = 0; i < r->n_runs; i++) {
        const double *y = r->y + (size_t)i * r->n_outcomes;
        if (!sampled_row(e, cfg, i, point) || r->state[i] != PL_RUN_OK) continue;
        if (oc->given >= 0 && y[oc->given] != 1) continue;
        v[m++] = y[o];
    }
    pl_status st = pl_outcome_stat_of(oc->kind, v, 1, m, level, out, err);
    pl_free(v);
    return st;
}

double pl_ens_axis_value(const pl_ens_config *cfg, long p, size_t a)
{
    for (size_t b = cfg->n_axes; b-- > a + 1;) p /= cfg->axis[b].n;
    const pl_grid_axis *ax = &cfg->axis[a];
    long m = p % ax->n;
    if (ax->n < 2) return ax->lo;
    return m == ax->n - 1 ? ax->hi : ax->lo + (ax->hi - ax->lo) * (double)m / (double)(ax->n - 1);
}

static long outcome_index(const pl_experiment *e, const char *key)
{
    for (size_t k = 0; k < e->n_outcomes; k++)
        if (strcmp(e->outcome[k].name, key) == 0) return (long)k;
    return -1;
}

/* The outcomes the table shows, as indices. */
static pl_status chosen(const pl_experiment *e, const char *const *keys, size_t n_keys, size_t *idx, size_t *n,
                        pl_error *err)
{
    *n = 0;
    if (!keys) {
        for (size_t k = 0; k < e->n_outcomes; k++) idx[(*n)++] = k;
        return PL_OK;
    }
    for (size_t k = 0; k < n_keys; k++) {
        long o = outcome_index(e, keys[k]);
        if (o < 0) return pl_error_set(err, PL_EINVAL, "found outcome '%s', expected one the %s experiment declares", keys[k], e->kind);
        idx[(*n)++] = (size_t)o;
    }
    return PL_OK;
}

static pl_status stat_columns(pl_result_table *t, const pl_experiment *e, const pl_ens_config *cfg, const size_t *idx,
                              size_t n, int wide, pl_error *err)
{
    pl_status st = PL_OK;
    size_t axes = cfg->design == PL_DESIGN_GRID ? cfg->n_axes : 0;
    for (size_t a = 0; !st && a < axes; a++) st = pl_result_table_add_column(t, e->input[cfg->axis[a].input].name, PL_COL_REAL, NULL, err);
    if (!wide) {
        static const char *const names[] = {"outcome", "statistic", "value", "lo", "hi", "level", "k", "n"};
        static const pl_column_type types[] = {PL_COL_TEXT, PL_COL_TEXT, PL_COL_REAL, PL_COL_REAL, PL_COL_REAL, PL_COL_REAL, PL_COL_INT, PL_COL_INT};
        for (size_t c = 0; !st && c < 8; c++) st = pl_result_table_add_column(t, names[c], types[c], NULL, err);
        return st;
    }
    for (size_t k = 0; !st && k < n; k++) {
        const pl_ens_outcome *o = &e->outcome[idx[k]];
        const char *stat = o->kind == PL_OUTCOME_BINARY ? "p" : o->kind == PL_OUTCOME_TIME ? "median" : "mean";
        pl_column_type type = o->kind == PL_OUTCOME_BINARY ? PL_COL_SHARE : PL_COL_REAL;
        char name[300];
        const char *suffix[] = {stat, "lo", "hi", "k", "n"};
        for (size_t s = 0; !st && s < 5; s++) {
            snprintf(name, sizeof name, "%s.%s", o->name, suffix[s]);
            st = pl_result_table_add_column(t, name, s < 3 ? type : PL_COL_INT, NULL, err);
        }
    }
    return st;
}

static pl_status stat_row_cells(pl_result_table *t, size_t at, const pl_ens_outcome *o, const pl_outcome_stat *s, int wide,
                                pl_error *err)
{
    pl_status st = PL_OK;
    if (!wide) {
        st = pl_result_set_text(t, at++, o->name, err);
        if (!st) st = pl_result_set_text(t, at++, s->statistic, err);
    }
    pl_result_set_real(t, at++, s->value);
    pl_result_set_real(t, at++, s->lo);
    pl_result_set_real(t, at++, s->hi);
    if (!wide) pl_result_set_real(t, at++, s->level);
    pl_result_set_int(t, at++, s->k);
    pl_result_set_int(t, at, s->n);
    return st;
}

pl_status pl_ens_stats_table(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                             const char *const *keys, size_t n_keys, double level, int wide, const char *name,
                             pl_result_table **out, pl_error *err)
{
    *out = NULL;
    size_t *idx = pl_malloc((e->n_outcomes + n_keys + 1) * sizeof *idx), n = 0;
    pl_result_table *t = pl_result_table_create(name, NULL);
    pl_status st = idx && t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = chosen(e, keys, n_keys, idx, &n, err);
    if (!st) st = stat_columns(t, e, cfg, idx, n, wide, err);
    int grid = cfg->design == PL_DESIGN_GRID;
    long points = grid ? r->n_runs / (cfg->runs ? cfg->runs : 1) : 1;
    size_t axes = grid ? cfg->n_axes : 0;
    for (long p = 0; !st && p < points; p++)
        for (size_t k = 0; !st && k < n; k++) {
            if (k == 0 || !wide) {
                st = pl_result_table_add_row(t, err);
                for (size_t a = 0; !st && a < axes; a++) pl_result_set_real(t, a, pl_ens_axis_value(cfg, p, a));
            }
            pl_outcome_stat s;
            if (!st) st = pl_ens_outcome_stat(e, cfg, r, grid ? p : -1, idx[k], level, &s, err);
            if (!st) st = stat_row_cells(t, wide ? axes + 5 * k : axes, &e->outcome[idx[k]], &s, wide, err);
        }
    pl_free(idx);
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}

void pl_ens_result_inputs(const pl_experiment *e, const pl_ens_result *r, long i, double *x)
{
    for (size_t k = 0; k < e->n_inputs; k++) x[k] = e->input[k].nominal;
    for (size_t c = 0; c < r->n_columns; c++) x[r->column[c]] = r->x[(size_t)i * r->n_columns + c];
}

/* The least n at which the Wilson half-width at share p and quantile z is at most h. */
static long runs_for_share(double p, double z, double h, long most)
{
    long lo = 1, hi = most;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        double n = (double)mid, half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        if (half <= h) hi = mid;
        else lo = mid + 1;
    }
    return hi;
}

/* The runs per point the shares of r need; 0 when r already has enough. */
static pl_status runs_needed(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                             const size_t *headline, size_t n_headline, double level, double h, long most, long *need,
                             pl_error *err)
{
    double z = pl_stats_z(level);
    long points = cfg->design == PL_DESIGN_GRID ? r->n_runs / cfg->runs : 1;
    *need = 0;
    for (long p = 0; p < points; p++)
        for (size_t k = 0; k < n_headline; k++) {
            pl_outcome_stat s;
            pl_status st = pl_ens_outcome_stat(e, cfg, r, cfg->design == PL_DESIGN_GRID ? p : -1, headline[k], level, &s, err);
            if (st) return st;
            if (!s.n || (s.hi - s.lo) / 2 <= h) continue;
            long n = runs_for_share(s.value, z, h, most);
            /* what the shares say, scaled by the runs that count (a condition or failures leave some out) */
            n = (long)ceil((double)n * (double)cfg->runs / (double)s.n);
            if (n <= cfg->runs) n = cfg->runs + 1;
            if (n > *need) *need = n;
        }
    return PL_OK;
}

pl_status pl_ensemble_run_precise(const pl_experiment *e, const pl_ens_config *cfg, const size_t *headline,
                                  size_t n_headline, double level, double half_width, long pilot, pl_ens_result **out,
                                  long *runs_used, pl_error *err)
{
    pl_ens_config c = *cfg;
    long most = pl_stats_wilson_runs(pl_stats_z(level), half_width);
    c.runs = pilot < most ? pilot : most;
    *out = NULL;
    for (;;) {
        pl_ens_result *r = NULL;
        pl_status st = pl_ensemble_run(e, &c, NULL, 0, &r, err);
        long need = 0;
        if (!st && c.runs < most) st = runs_needed(e, &c, r, headline, n_headline, level, half_width, most, &need, err);
        if (st || !need) {
            if (st) pl_ens_result_free(r);
            else *out = r;
            if (runs_used) *runs_used = c.runs;
            return st;
        }
        pl_ens_result_free(r);
        c.runs = need < most ? need : most;
    }
}
