/*
** stats.c — weighted mean and lower weighted median with the DEU reference conventions.
** Layer: core.
**
** The median's half-weight test is exact: a weight is the decimal it was written as (DEU saliences
** are s/100, and 0.45 + 0.05 is not 0.5 in binary), so a tie of weights is found as a tie.
*/
#include "parley/stats.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#ifndef PL_NO_GMP
#include <gmp.h>
#endif

static int in(const unsigned char *mask, size_t i) { return !mask || mask[i]; }

/* A weight relative to the largest, wmax: infinite weights (a capability near DBL_MAX times a
** salience) are the limit where they alone count, equally. */
static double unit_weight(double w, double wmax) { return isinf(wmax) ? (isinf(w) ? 1.0 : 0.0) : w / wmax; }

/* The weighted (or, with w NULL, the plain) mean with weights and values divided by their largest
** magnitudes so that no partial sum can overflow. Used only where the plain sums did (weights or
** positions near DBL_MAX): every other input keeps the bits of the left-to-right sums. */
static double scaled_mean(const double *x, const double *w, const unsigned char *mask, size_t n)
{
    double wmax = 0, xmax = 0, num = 0, den = 0;
    for (size_t i = 0; i < n; i++)
        if (in(mask, i)) {
            if (w && w[i] > wmax) wmax = w[i];
            if (fabs(x[i]) > xmax) xmax = fabs(x[i]);
        }
    if (xmax == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (in(mask, i)) {
            double wi = w ? unit_weight(w[i], wmax) : 1.0;
            num += wi * (x[i] / xmax);
            den += wi;
        }
    return xmax * (num / den);
}

double pl_weighted_mean(const double *x, const double *w, const unsigned char *mask, size_t n)
{
    double num = 0, den = 0, sum = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in(mask, i)) continue;
        num += w[i] * x[i];
        den += w[i];
        sum += x[i];
        count++;
    }
    if (count == 0) return 0;
    if (den > 0) return isfinite(num) && isfinite(den) ? num / den : scaled_mean(x, w, mask, n);
    return isfinite(sum) ? sum / (double)count : scaled_mean(x, NULL, mask, n);
}

/* Insertion sort of indices by (x, index): stable and allocation-free; n is small (actors). */
static void sort_by_position(const double *x, size_t *idx, size_t m)
{
    for (size_t a = 1; a < m; a++) {
        size_t key = idx[a], b = a;
        while (b > 0 && x[idx[b - 1]] > x[key]) {
            idx[b] = idx[b - 1];
            b--;
        }
        idx[b] = key;
    }
}

#ifndef PL_NO_GMP
/* The shortest decimal m · 10^e that reads back as v (v > 0, finite): the number as its input wrote it. */
static void shortest_decimal(double v, uint64_t *m, long *e)
{
    char buf[40];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v) break;
    }
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    uint64_t digits = 0;
    const char *c = buf;
    for (; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9') digits = digits * 10 + (uint64_t)(*c - '0');
    *m = digits;
    *e = strtol(c + 1, NULL, 10) - (p - 1);
}

/* Σ of the decimal weights of idx[from..to) into sum, in units of 10^emin. */
static void decimal_sum(const double *w, const size_t *idx, size_t from, size_t to, long emin, mpz_t sum)
{
    mpz_t term;
    mpz_init(term);
    mpz_set_ui(sum, 0);
    for (size_t k = from; k < to; k++) {
        uint64_t m;
        long e;
        shortest_decimal(w[idx[k]], &m, &e);
        mpz_ui_pow_ui(term, 10, (unsigned long)(e - emin));
        mpz_mul_ui(term, term, (unsigned long)m);
        mpz_add(sum, sum, term);
    }
    mpz_clear(term);
}

/* Whether the weights of idx[0..k] reach half of all m, decided on their decimal values. */
static int reaches_half_exactly(const double *w, const size_t *idx, size_t k, size_t m)
{
    long emin = 0;
    for (size_t j = 0; j < m; j++) {
        uint64_t dm;
        long e;
        shortest_decimal(w[idx[j]], &dm, &e);
        if (j == 0 || e < emin) emin = e;
    }
    mpz_t below, above;
    mpz_inits(below, above, NULL);
    decimal_sum(w, idx, 0, k + 1, emin, below);
    decimal_sum(w, idx, k + 1, m, emin, above);
    int reached = mpz_cmp(below, above) >= 0;
    mpz_clears(below, above, NULL);
    return reached;
}
#else
/* Builds without GMP (the WebAssembly explorer, docs/explorer.md) compare the doubles' sums: a tie
** at exactly half the weight may then fall by rounding, as before the exact rule. */
static int reaches_half_exactly(const double *w, const size_t *idx, size_t k, size_t m)
{
    double below = 0, above = 0;
    for (size_t j = 0; j <= k; j++) below += w[idx[j]];
    for (size_t j = k + 1; j < m; j++) above += w[idx[j]];
    return below >= above;
}
#endif

double pl_weighted_median(const double *x, const double *w, const unsigned char *mask, size_t n,
                          size_t *scratch)
{
    size_t m = 0;
    double total = 0, wmax = 0;
    for (size_t i = 0; i < n; i++)
        if (in(mask, i) && w[i] > 0) {
            scratch[m++] = i;
            total += w[i];
            if (w[i] > wmax) wmax = w[i];
        }
    int unweighted = m == 0;
    if (unweighted) {
        for (size_t i = 0; i < n; i++)
            if (in(mask, i)) scratch[m++] = i;
        if (m == 0) return 0;
        total = (double)m;
    }
    /* An overflowed total (weights near DBL_MAX) would stop at the first value: count in units of
    ** the largest weight instead. */
    int scaled = !isfinite(total);
    if (scaled) {
        total = 0;
        for (size_t k = 0; k < m; k++) total += unit_weight(w[scratch[k]], wmax);
    }
    sort_by_position(x, scratch, m);
    double cum = 0;
    for (size_t k = 0; k < m; k++) {
        cum += unweighted ? 1.0 : scaled ? unit_weight(w[scratch[k]], wmax) : w[scratch[k]];
        /* Within rounding of half the total, the binary sums cannot tell a tie: decide in decimals. */
        int near = !unweighted && !scaled && fabs(2 * cum - total) <= 1e-9 * total;
        if (near ? reaches_half_exactly(w, scratch, k, m) : 2 * cum >= total) return x[scratch[k]];
    }
    return x[scratch[m - 1]];
}

double pl_mae(const double *pred, const double *obs, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += fabs(pred[i] - obs[i]);
    return n ? s / (double)n : 0;
}

double pl_rmse(const double *pred, const double *obs, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (pred[i] - obs[i]) * (pred[i] - obs[i]);
    return n ? sqrt(s / (double)n) : 0;
}

/* ---- Wilson score interval ----------------------------------------------------------------- */

void pl_stats_wilson(long k, long n, double z, double *lo, double *hi)
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

double pl_stats_z(double level) { return gsl_cdf_ugaussian_Pinv(0.5 + level / 2); }

/* The Wilson half-width at p̂ = ½ (the widest), which falls as n grows. */
static double wilson_half(double z, double n) { return z * sqrt(0.25 / n + z * z / (4 * n * n)) / (1 + z * z / n); }

long pl_stats_wilson_runs(double z, double h)
{
    long lo = 1, hi = 1;
    while (wilson_half(z, (double)hi) > h && hi < LONG_MAX / 2) lo = hi, hi *= 2;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (wilson_half(z, (double)mid) <= h) hi = mid;
        else lo = mid + 1;
    }
    return hi;
}
