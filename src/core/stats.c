/*
** stats.c — weighted mean and lower weighted median with the DEU reference conventions.
** Layer: core.
*/
#include "parley/stats.h"

#include <math.h>

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
        if (2 * cum >= total) return x[scratch[k]];
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
