/*
** drivers.c — what drives an outcome across an ensemble's runs: Spearman rank correlation of each
** varying per-run value with the outcome, strongest first.
** Layer: ensembles.
*/
#include <math.h>

#include <gsl/gsl_statistics_double.h>

#include "parley/analysis.h"
#include "parley/memory.h"

static int varies(const double *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[0]) return 1;
    return 0;
}

/* Keeps the best `max` (|rho| descending, the earlier column first on ties) in out. */
static void insert(size_t column, double rho, size_t max, size_t *n, pl_driver *out)
{
    size_t at = *n;
    while (at > 0 && fabs(out[at - 1].rho) < fabs(rho)) at--;
    if (at >= max) return;
    size_t last = *n < max ? *n : max - 1;
    for (size_t q = last; q > at; q--) out[q] = out[q - 1];
    out[at] = (pl_driver){column, rho};
    if (*n < max) ++*n;
}

size_t pl_ens_drivers(const pl_experiment *e, const pl_ens_result *r, size_t o, const double *x, size_t n_cols,
                      size_t max, pl_driver *out)
{
    size_t runs = (size_t)r->n_runs, m = 0, n = 0;
    size_t *row = pl_malloc((runs + 1) * sizeof *row);
    double *y = pl_malloc((runs + 1) * sizeof *y), *xc = pl_malloc((runs + 1) * sizeof *xc);
    double *work = pl_malloc(2 * (runs + 1) * sizeof *work);
    long given = e->outcome[o].given;
    for (size_t i = 0; row && y && i < runs; i++) {
        const double *yi = r->y + i * r->n_outcomes;
        if (r->state[i] != PL_RUN_OK || isnan(yi[o]) || (given >= 0 && yi[given] != 1)) continue;
        row[m] = i;
        y[m++] = yi[o];
    }
    if (row && y && xc && work && m > 2 && max && varies(y, m))
        for (size_t j = 0; j < n_cols; j++) {
            for (size_t q = 0; q < m; q++) xc[q] = x[row[q] * n_cols + j];
            if (!varies(xc, m)) continue;
            double rho = gsl_stats_spearman(xc, 1, y, 1, m, work);
            if (isfinite(rho)) insert(j, rho, max, &n, out);
        }
    pl_free(row);
    pl_free(y);
    pl_free(xc);
    pl_free(work);
    return n;
}
