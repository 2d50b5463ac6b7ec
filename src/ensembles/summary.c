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

#include "parley/backtest.h"
#include "parley/memory.h"
#include "parley/sensitivity.h"
#include "parley/stats.h"

const double pl_summary_levels[PL_SUMMARY_NQ] = {0.05, 0.25, 0.50, 0.75, 0.95};

void pl_wilson_interval(long k, long n, double z, double *lo, double *hi) { pl_stats_wilson(k, n, z, lo, hi); }

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

/* ---- The statistic of an outcome -------------------------------------------------------------- */

static pl_status stat_share(const double *v, size_t stride, long n, double z, pl_outcome_stat *out, pl_error *err)
{
    out->statistic = "p";
    for (long i = 0; i < n; i++) {
        double x = v[(size_t)i * stride];
        if (isnan(x)) continue;
        if (x != 0 && x != 1) return pl_error_set(err, PL_EINVAL, "found %g in run %ld of a yes-no outcome, expected 0 or 1", x, i);
        out->n++;
        out->k += x == 1;
    }
    if (!out->n) return PL_OK;
    out->value = (double)out->k / (double)out->n;
    pl_stats_wilson(out->k, out->n, z, &out->lo, &out->hi);
    return PL_OK;
}

static pl_status stat_mean(const double *v, size_t stride, long n, double z, pl_outcome_stat *out)
{
    out->statistic = "mean";
    double sum = 0, sq = 0;
    for (long i = 0; i < n; i++) {
        double x = v[(size_t)i * stride];
        if (!isfinite(x)) continue;
        out->n++;
        sum += x;
    }
    out->k = out->n;
    if (!out->n) return PL_OK;
    out->value = sum / (double)out->n;
    for (long i = 0; i < n; i++) {
        double x = v[(size_t)i * stride];
        if (isfinite(x)) sq += (x - out->value) * (x - out->value);
    }
    double half = out->n > 1 ? z * sqrt(sq / (double)(out->n - 1) / (double)out->n) : 0;
    out->lo = out->value - half;
    out->hi = out->value + half;
    return PL_OK;
}

/* Kaplan–Meier median of times, NaN censored beyond every event (at the horizon), with
** Brookmeyer and Crowley's (1982) interval {t : |S(t) − ½| ≤ z·se(t)} read at the curve's steps:
** its lower end the first step with S ≤ ½ + z·se, its upper end the first with S ≤ ½ − z·se. */
static pl_status stat_km(const double *v, size_t stride, long n, double z, pl_outcome_stat *out, pl_error *err)
{
    out->statistic = "median";
    size_t m = (size_t)(n > 0 ? n : 0);
    double *t = pl_malloc((m ? m : 1) * sizeof *t);
    unsigned char *ev = pl_malloc(m ? m : 1);
    pl_km_step *steps = pl_malloc((m ? m : 1) * sizeof *steps);
    size_t *scratch = pl_malloc(2 * (m ? m : 1) * sizeof *scratch);
    pl_status st = t && ev && steps && scratch ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    double tmax = 0;
    for (size_t i = 0; !st && i < m; i++) {
        double x = v[i * stride];
        ev[i] = isfinite(x);
        t[i] = x;
        if (ev[i] && x > tmax) tmax = x;
        out->k += ev[i];
    }
    out->n = (long)m;
    for (size_t i = 0; !st && i < m; i++)
        if (!ev[i]) t[i] = tmax + 1; /* censored at the horizon, after every event */
    size_t k = st || !m ? 0 : pl_kaplan_meier(t, ev, m, steps, scratch);
    for (size_t j = 0; j < k; j++) {
        double s = steps[j].survival, se = sqrt(steps[j].variance);
        if (isnan(out->value) && s <= 0.5) out->value = steps[j].t;
        if (isnan(out->lo) && s <= 0.5 + z * se) out->lo = steps[j].t;
        if (isnan(out->hi) && s <= 0.5 - z * se) out->hi = steps[j].t;
    }
    pl_free(t);
    pl_free(ev);
    pl_free(steps);
    pl_free(scratch);
    return st;
}

pl_status pl_outcome_stat_of(pl_outcome_kind kind, const double *v, size_t stride, long n, double level,
                             pl_outcome_stat *out, pl_error *err)
{
    *out = (pl_outcome_stat){.statistic = "mean", .value = (double)NAN, .lo = (double)NAN, .hi = (double)NAN,
                             .level = level};
    double z = pl_stats_z(level);
    switch (kind) {
    case PL_OUTCOME_BINARY: return stat_share(v, stride, n, z, out, err);
    case PL_OUTCOME_TIME: return stat_km(v, stride, n, z, out, err);
    default: return stat_mean(v, stride, n, z, out);
    }
}
