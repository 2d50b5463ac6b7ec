/*
** backtest_score.c — proper scores of yes/no forecasts (Brier with Murphy's decomposition, log
** score), the reliability diagram as data, paired score differences and Kaplan-Meier survival
** (docs/backtest.md rule C11; shared/reference/forecast-evaluation.md §3-§4).
** Layer: ensembles.
*/
#include "parley/backtest.h"

#include <math.h>

#include "parley/summary.h"

static size_t bin_of(double p)
{
    int k = (int)floor(p * PL_RELIABILITY_BINS);
    if (k < 0) k = 0;
    if (k >= PL_RELIABILITY_BINS) k = PL_RELIABILITY_BINS - 1;
    return (size_t)k;
}

/* Bins, then Murphy's terms from them: REL = Σ n_k (p̄_k − ō_k)² / n, RES = Σ n_k (ō_k − ō)² / n. */
static void fill_bins(const double *p, const double *y, size_t n, pl_prob_scores *s)
{
    double sum_p[PL_RELIABILITY_BINS] = {0};
    size_t events[PL_RELIABILITY_BINS] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t k = bin_of(p[i]);
        s->bin[k].n++;
        sum_p[k] += p[i];
        events[k] += y[i] > 0.5;
    }
    s->reliability = s->resolution = 0;
    for (size_t k = 0; k < PL_RELIABILITY_BINS; k++) {
        pl_reliability_bin *b = &s->bin[k];
        if (!b->n) {
            b->mean_forecast = b->observed = b->lo = b->hi = (double)NAN;
            continue;
        }
        b->mean_forecast = sum_p[k] / (double)b->n;
        b->observed = (double)events[k] / (double)b->n;
        pl_wilson_interval((long)events[k], (long)b->n, 1.6448536269514722, &b->lo, &b->hi);
        s->reliability += (double)b->n * (b->mean_forecast - b->observed) * (b->mean_forecast - b->observed);
        s->resolution += (double)b->n * (b->observed - s->base_rate) * (b->observed - s->base_rate);
    }
    s->reliability /= (double)n;
    s->resolution /= (double)n;
}

void pl_prob_score(const double *p, const double *y, size_t n, pl_prob_scores *s)
{
    *s = (pl_prob_scores){.n = n};
    if (!n) return;
    double sum_p = 0, sum_p2 = 0, events = 0;
    for (size_t i = 0; i < n; i++) {
        double e = p[i] - y[i], q = fmin(1 - PL_LOG_CLIP, fmax(PL_LOG_CLIP, p[i]));
        s->clipped += q != p[i];
        s->brier += e * e;
        s->log_score -= y[i] > 0.5 ? log(q) : log1p(-q);
        sum_p += p[i];
        sum_p2 += p[i] * p[i];
        events += y[i] > 0.5;
    }
    double nn = (double)n, mean_p = sum_p / nn;
    s->brier /= nn;
    s->log_score /= nn;
    s->base_rate = events / nn;
    s->uncertainty = s->base_rate * (1 - s->base_rate);
    s->sharpness = sqrt(fmax(0, sum_p2 / nn - mean_p * mean_p));
    fill_bins(p, y, n, s);
}

void pl_brier_difference(const double *p, const double *q, const double *y, size_t n, double *mean, double *se)
{
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (p[i] - y[i]) * (p[i] - y[i]) - (q[i] - y[i]) * (q[i] - y[i]);
        sum += d;
        sum2 += d * d;
    }
    double nn = (double)n;
    *mean = n ? sum / nn : (double)NAN;
    *se = n > 1 ? sqrt(fmax(0, (sum2 - sum * sum / nn) / (nn - 1)) / nn) : (double)NAN;
}

/* Kaplan-Meier's order: by time, events before censorings at the same time, then by index. */
static int km_before(size_t i, size_t j, const double *t, const unsigned char *event)
{
    if (t[i] != t[j]) return t[i] < t[j];
    if ((event[i] != 0) != (event[j] != 0)) return event[i] != 0;
    return i < j;
}

/* Stable merge sort of idx[0..n−1] by km_before; tmp holds n. (qsort has no context argument.) */
static void km_sort(size_t *idx, size_t *tmp, size_t n, const double *t, const unsigned char *event)
{
    if (n < 2) return;
    size_t h = n / 2;
    km_sort(idx, tmp, h, t, event);
    km_sort(idx + h, tmp, n - h, t, event);
    size_t a = 0, b = h, k = 0;
    while (a < h || b < n) tmp[k++] = b >= n || (a < h && !km_before(idx[b], idx[a], t, event)) ? idx[a++] : idx[b++];
    for (k = 0; k < n; k++) idx[k] = tmp[k];
}

size_t pl_kaplan_meier(const double *t, const unsigned char *event, size_t n, pl_km_step *steps, size_t *scratch)
{
    for (size_t i = 0; i < n; i++) scratch[i] = i;
    km_sort(scratch, scratch + n, n, t, event);
    double s = 1, greenwood = 0;
    size_t k = 0, at_risk = n;
    for (size_t a = 0; a < n;) {
        size_t b = a, d = 0;
        double ta = t[scratch[a]];
        for (; b < n && t[scratch[b]] == ta; b++) d += event[scratch[b]] != 0;
        if (d) {
            s *= 1 - (double)d / (double)at_risk;
            if (at_risk > d) greenwood += (double)d / ((double)at_risk * (double)(at_risk - d));
            steps[k++] = (pl_km_step){.t = ta, .survival = s, .variance = s * s * greenwood, .at_risk = at_risk, .events = d};
        }
        at_risk -= b - a;
        a = b;
    }
    return k;
}

double pl_km_survival(const pl_km_step *steps, size_t k, double t)
{
    double s = 1;
    for (size_t i = 0; i < k && steps[i].t <= t; i++) s = steps[i].survival;
    return s;
}

void pl_loo_base_rate(const double *y, size_t n, double *out)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += y[i];
    for (size_t i = 0; i < n; i++) out[i] = n > 1 ? (sum - y[i]) / (double)(n - 1) : (double)NAN;
}
