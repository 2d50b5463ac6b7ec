/*
** sobol.c — Sobol sensitivity indices: the Saltelli design on GSL's Sobol sequence, the
** Saltelli (2010) first-order and Jansen (1999) total-effect estimators, bootstrap intervals.
** Layer: ensembles.
*/
#include <math.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "parley/memory.h"
#include "parley/sensitivity.h"

pl_status pl_sobol_points(size_t k, long n, double *q, pl_error *err)
{
    if (k < 1 || 2 * k > gsl_qrng_sobol->max_dimension)
        return pl_error_set(err, PL_EINVAL, "found %zu inputs, Sobol designs take 1 to %u", k,
                            gsl_qrng_sobol->max_dimension / 2);
    gsl_qrng *g = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    if (!g) return pl_error_set(err, PL_ENOMEM, "out of memory");
    /* GSL's sequence starts at (1/2, ..., 1/2) and never returns 0: every coordinate is in (0, 1). */
    for (long j = 0; j < n; j++) gsl_qrng_get(g, q + (size_t)j * 2 * k);
    gsl_qrng_free(g);
    return PL_OK;
}

void pl_sobol_row(size_t k, const double *qj, long m, double *u)
{
    const double *a = qj, *b = qj + k;
    memcpy(u, m == 1 ? b : a, k * sizeof *u);
    if (m >= 2) u[m - 2] = b[m - 2];
}

/* Indices from the blocks listed in pick[0..n) (bootstrap resamples repeat blocks). y holds
** the centred outputs, block-major. */
static void estimate(size_t k, const double *y, const long *pick, long n, double *first, double *total)
{
    size_t w = k + 2;
    double var = 0;
    for (long t = 0; t < n; t++) {
        const double *b = y + (size_t)pick[t] * w;
        var += b[0] * b[0] + b[1] * b[1];
    }
    double mean = 0;
    for (long t = 0; t < n; t++) mean += y[(size_t)pick[t] * w] + y[(size_t)pick[t] * w + 1];
    mean /= 2.0 * (double)n;
    var = var / (2.0 * (double)n) - mean * mean;
    for (size_t i = 0; i < k; i++) {
        double s1 = 0, st = 0;
        for (long t = 0; t < n; t++) {
            const double *b = y + (size_t)pick[t] * w;
            s1 += b[1] * (b[2 + i] - b[0]);
            st += (b[0] - b[2 + i]) * (b[0] - b[2 + i]);
        }
        first[i] = var > 0 ? s1 / (double)n / var : (double)NAN;
        total[i] = var > 0 ? st / (2.0 * (double)n) / var : (double)NAN;
    }
}

/* Copies the complete blocks, centred on their A ∪ B mean; returns how many. */
static long gather_blocks(size_t k, long n, const double *y, size_t stride, double *out)
{
    size_t w = k + 2;
    long used = 0;
    double sum = 0;
    for (long j = 0; j < n; j++) {
        const double *src = y + (size_t)j * w * stride;
        int ok = 1;
        for (size_t m = 0; m < w && ok; m++) ok = isfinite(src[m * stride]);
        if (!ok) continue;
        for (size_t m = 0; m < w; m++) out[(size_t)used * w + m] = src[m * stride];
        sum += src[0] + src[stride];
        used++;
    }
    double mean = used ? sum / (2.0 * (double)used) : 0;
    for (size_t i = 0; i < (size_t)used * w; i++) out[i] -= mean;
    return used;
}

/* 2.5% and 97.5% percentiles of the bootstrap replicates in rep[b * k + i]. */
static void percentiles(size_t k, int n_boot, const double *rep, double *col, double *lo, double *hi)
{
    for (size_t i = 0; i < k; i++) {
        size_t m = 0;
        for (int b = 0; b < n_boot; b++)
            if (isfinite(rep[(size_t)b * k + i])) col[m++] = rep[(size_t)b * k + i];
        gsl_sort(col, 1, m);
        lo[i] = m ? gsl_stats_quantile_from_sorted_data(col, 1, m, 0.025) : (double)NAN;
        hi[i] = m ? gsl_stats_quantile_from_sorted_data(col, 1, m, 0.975) : (double)NAN;
    }
}

static pl_status bootstrap(size_t k, const double *blocks, long used, gsl_rng *rng, int n_boot, pl_sobol_index *out,
                           pl_error *err)
{
    long *pick = pl_malloc((size_t)used * sizeof *pick);
    double *r1 = pl_malloc((size_t)n_boot * k * sizeof *r1), *rt = pl_malloc((size_t)n_boot * k * sizeof *rt);
    double *col = pl_malloc((size_t)n_boot * sizeof *col), *lohi = pl_malloc(4 * k * sizeof *lohi);
    pl_status st = pick && r1 && rt && col && lohi ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (int b = 0; !st && b < n_boot; b++) {
        for (long t = 0; t < used; t++) pick[t] = (long)gsl_rng_uniform_int(rng, (unsigned long)used);
        estimate(k, blocks, pick, used, r1 + (size_t)b * k, rt + (size_t)b * k);
    }
    if (!st) {
        percentiles(k, n_boot, r1, col, lohi, lohi + k);
        percentiles(k, n_boot, rt, col, lohi + 2 * k, lohi + 3 * k);
        for (size_t i = 0; i < k; i++) {
            out[i].first_lo = lohi[i], out[i].first_hi = lohi[k + i];
            out[i].total_lo = lohi[2 * k + i], out[i].total_hi = lohi[3 * k + i];
        }
    }
    pl_free(lohi);
    pl_free(pick);
    pl_free(r1);
    pl_free(rt);
    pl_free(col);
    return st;
}

pl_status pl_sobol_estimate(size_t k, long n, const double *y, size_t stride, gsl_rng *rng, int n_boot,
                            pl_sobol_index *out, long *n_used, pl_error *err)
{
    size_t w = k + 2;
    double *blocks = pl_malloc((size_t)n * w * sizeof *blocks);
    long *pick = pl_malloc((size_t)n * sizeof *pick);
    double *first = pl_malloc(k * sizeof *first), *total = pl_malloc(k * sizeof *total);
    pl_status st = blocks && pick && first && total ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    long used = st ? 0 : gather_blocks(k, n, y, stride, blocks);
    *n_used = used;
    if (!st && used < 2) st = pl_error_set(err, PL_EDOM, "only %ld complete Sobol blocks, expected at least 2", used);
    for (long t = 0; !st && t < used; t++) pick[t] = t;
    if (!st) estimate(k, blocks, pick, used, first, total);
    if (!st && !isfinite(first[0])) st = pl_error_set(err, PL_EDOM, "the outcome does not vary: no sensitivity to measure");
    for (size_t i = 0; !st && i < k; i++) {
        out[i].first = first[i], out[i].total = total[i];
        out[i].first_lo = out[i].first_hi = out[i].total_lo = out[i].total_hi = (double)NAN;
    }
    if (!st && n_boot > 0 && rng) st = bootstrap(k, blocks, used, rng, n_boot, out, err);
    pl_free(blocks);
    pl_free(pick);
    pl_free(first);
    pl_free(total);
    return st;
}
