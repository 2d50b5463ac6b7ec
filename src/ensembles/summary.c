/*
** summary.c — outcome summaries (mean, sd, quantiles, Wilson intervals) and the given-data
** first-order sensitivity estimate from binned Monte Carlo pairs.
** Layer: ensembles.
*/
#include "parley/summary.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "parley/sensitivity.h"

const double pl_summary_levels[PL_SUMMARY_NQ] = {0.05, 0.25, 0.50, 0.75, 0.95};

void pl_wilson_interval(long k, long n, double z, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = 0, *hi = 1;
        return;
    }
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    *lo = fmax(0.0, centre - half);
    *hi = fmin(1.0, centre + half);
}

pl_status pl_summary_compute(const double *v, size_t stride, long n, int binary, double *scratch, pl_summary *out,
                             pl_error *err)
{
    memset(out, 0, sizeof *out);
    size_t m = 0;
    long ones = 0;
    for (long i = 0; i < n; i++) {
        double x = v[(size_t)i * stride];
        if (isnan(x)) {
            out->n_missing++;
            continue;
        }
        if (!isfinite(x)) return pl_error_set(err, PL_EDOM, "found an infinite outcome in run %ld", i);
        if (binary && x != 0 && x != 1)
            return pl_error_set(err, PL_EINVAL, "found %g in run %ld of a yes/no outcome, expected 0 or 1", x, i);
        ones += x == 1;
        scratch[m++] = x;
    }
    out->n = (long)m;
    out->binary = binary;
    if (binary) {
        out->p = m ? (double)ones / (double)m : 0;
        pl_wilson_interval(ones, (long)m, 1.959963984540054, &out->p_lo, &out->p_hi);
    }
    if (m == 0) return PL_OK;
    gsl_sort(scratch, 1, m);
    out->mean = gsl_stats_mean(scratch, 1, m);
    out->sd = m > 1 ? gsl_stats_sd_m(scratch, 1, m, out->mean) : 0;
    double half = 1.959963984540054 * out->sd / sqrt((double)m);
    out->mean_lo = out->mean - half;
    out->mean_hi = out->mean + half;
    out->min = scratch[0];
    out->max = scratch[m - 1];
    for (int q = 0; q < PL_SUMMARY_NQ; q++)
        out->q[q] = gsl_stats_quantile_from_sorted_data(scratch, 1, m, pl_summary_levels[q]);
    return PL_OK;
}

/* Sum over bins of n_b (mean_b − mean)², with x sorted and y permuted alongside; a bin ends
** at its target size unless the next x ties with the last one. */
static double between_bins(const double *x, const double *y, size_t m, int bins, double mean)
{
    double between = 0;
    size_t start = 0;
    for (int b = 1; b <= bins && start < m; b++) {
        size_t end = b == bins ? m : (size_t)((double)m * b / bins);
        if (end <= start) end = start + 1;
        while (end < m && x[end] == x[end - 1]) end++;
        double s = 0;
        for (size_t i = start; i < end; i++) s += y[i];
        double d = s / (double)(end - start) - mean;
        between += (double)(end - start) * d * d;
        start = end;
    }
    return between;
}

double pl_sens_binned_first_order(const double *x, size_t xs, const double *y, size_t ys, long n, int bins,
                                  double *scratch)
{
    double *sx = scratch, *sy = scratch + n;
    size_t m = 0;
    for (long i = 0; i < n; i++) {
        double a = x[(size_t)i * xs], b = y[(size_t)i * ys];
        if (!isfinite(a) || !isfinite(b)) continue;
        sx[m] = a;
        sy[m++] = b;
    }
    if (bins < 2 || m < 2 * (size_t)bins) return (double)NAN;
    double mean = gsl_stats_mean(sy, 1, m), total = 0;
    for (size_t i = 0; i < m; i++) total += (sy[i] - mean) * (sy[i] - mean);
    if (!(total > 0)) return (double)NAN;
    gsl_sort2(sx, 1, sy, 1, m);
    /* Adjusted like R²: under no effect the raw ratio averages (bins − 1)/(m − 1). */
    double raw = between_bins(sx, sy, m, bins, mean) / total;
    double adjusted = 1 - (1 - raw) * (double)(m - 1) / (double)(m - (size_t)bins);
    return adjusted > 0 ? adjusted : 0;
}
