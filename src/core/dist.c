/*
** dist.c — distributions of uncertain parameters: checking, sampling (GSL samplers, or CDF
** inversion when truncated), quantiles and means.
** Layer: core.
*/
#include "parley/dist.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>

static const char *const kind_names[PL_DIST_N_KINDS] = {"fixed", "uniform", "normal", "triangular",
                                                        "beta",  "lognormal", "discrete"};

pl_dist pl_dist_make(pl_dist_kind kind, double a, double b, double c, double d)
{
    pl_dist dist;
    memset(&dist, 0, sizeof dist);
    dist.kind = kind;
    dist.a = a;
    dist.b = b;
    dist.c = c;
    dist.d = d;
    dist.lo = -HUGE_VAL;
    dist.hi = HUGE_VAL;
    return dist;
}

pl_dist pl_dist_fixed(double value) { return pl_dist_make(PL_DIST_FIXED, value, 0, 0, 0); }

const char *pl_dist_kind_name(pl_dist_kind kind)
{
    return (unsigned)kind < PL_DIST_N_KINDS ? kind_names[kind] : "unknown";
}

int pl_dist_kind_parse(const char *name, pl_dist_kind *out)
{
    for (int k = 0; k < PL_DIST_N_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (pl_dist_kind)k;
            return 0;
        }
    return -1;
}

static int truncated(const pl_dist *d) { return d->lo > -HUGE_VAL || d->hi < HUGE_VAL; }

/* The untruncated distribution's support. */
static void raw_support(const pl_dist *d, double *lo, double *hi)
{
    switch (d->kind) {
    case PL_DIST_FIXED: *lo = *hi = d->a; return;
    case PL_DIST_UNIFORM:
    case PL_DIST_TRIANGULAR: *lo = d->a, *hi = d->b; return;
    case PL_DIST_BETA: *lo = d->c, *hi = d->d; return;
    case PL_DIST_LOGNORMAL: *lo = 0, *hi = HUGE_VAL; return;
    case PL_DIST_DISCRETE:
        *lo = HUGE_VAL, *hi = -HUGE_VAL;
        for (int i = 0; i < d->n; i++)
            if (d->w[i] > 0) *lo = fmin(*lo, d->x[i]), *hi = fmax(*hi, d->x[i]);
        return;
    default: *lo = -HUGE_VAL, *hi = HUGE_VAL; return;
    }
}

/* The untruncated CDF (continuous kinds). */
static double raw_cdf(const pl_dist *d, double x)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: return x <= d->a ? 0 : x >= d->b ? 1 : (x - d->a) / (d->b - d->a);
    case PL_DIST_NORMAL: return gsl_cdf_gaussian_P(x - d->a, d->b);
    case PL_DIST_TRIANGULAR: {
        double a = d->a, b = d->b, c = d->c;
        if (x <= a) return 0;
        if (x >= b) return 1;
        if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case PL_DIST_BETA: {
        double z = (x - d->c) / (d->d - d->c);
        return z <= 0 ? 0 : z >= 1 ? 1 : gsl_cdf_beta_P(z, d->a, d->b);
    }
    case PL_DIST_LOGNORMAL: return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, d->a, d->b);
    default: return 0;
    }
}

/* The untruncated quantile (continuous kinds), u in [0, 1]. */
static double raw_quantile(const pl_dist *d, double u)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: return d->a + u * (d->b - d->a);
    case PL_DIST_NORMAL:
        if (u <= 0) return -HUGE_VAL;
        if (u >= 1) return HUGE_VAL;
        return d->a + d->b * gsl_cdf_ugaussian_Pinv(u);
    case PL_DIST_TRIANGULAR: {
        double a = d->a, b = d->b, c = d->c, fc = (c - a) / (b - a);
        if (u < fc) return a + sqrt(u * (b - a) * (c - a));
        return b - sqrt((1 - u) * (b - a) * (b - c));
    }
    case PL_DIST_BETA:
        if (u <= 0) return d->c;
        if (u >= 1) return d->d;
        return d->c + (d->d - d->c) * gsl_cdf_beta_Pinv(u, d->a, d->b);
    case PL_DIST_LOGNORMAL:
        if (u <= 0) return 0;
        if (u >= 1) return HUGE_VAL;
        return gsl_cdf_lognormal_Pinv(u, d->a, d->b);
    default: return d->a;
    }
}

static int in_bounds(const pl_dist *d, double x) { return x >= d->lo && x <= d->hi; }

/* Discrete weight of value i after truncation. */
static double discrete_weight(const pl_dist *d, int i) { return in_bounds(d, d->x[i]) ? d->w[i] : 0; }

static double discrete_total(const pl_dist *d)
{
    double t = 0;
    for (int i = 0; i < d->n; i++) t += discrete_weight(d, i);
    return t;
}

static pl_status check_positive(double v, const char *what, pl_error *err)
{
    if (isfinite(v) && v > 0) return PL_OK;
    return pl_error_set(err, PL_EINVAL, "found %s %g, expected a positive number", what, v);
}

static pl_status check_order(double lo, double hi, const char *what, pl_error *err)
{
    if (lo < hi) return PL_OK;
    return pl_error_set(err, PL_EINVAL, "found %s [%g, %g], expected the lower end below the upper", what, lo, hi);
}

static pl_status check_shape(const pl_dist *d, pl_error *err)
{
    if (!isfinite(d->a) || !isfinite(d->b) || !isfinite(d->c) || !isfinite(d->d))
        return pl_error_set(err, PL_EINVAL, "found a non-finite shape number, expected finite numbers");
    switch (d->kind) {
    case PL_DIST_FIXED: return PL_OK;
    case PL_DIST_UNIFORM: return check_order(d->a, d->b, "uniform range", err);
    case PL_DIST_NORMAL: return check_positive(d->b, "normal sd", err);
    case PL_DIST_TRIANGULAR:
        if (check_order(d->a, d->b, "triangular range", err)) return PL_EINVAL;
        if (d->c < d->a || d->c > d->b)
            return pl_error_set(err, PL_EINVAL, "found triangular mode %g, expected it within [%g, %g]", d->c, d->a,
                                d->b);
        return PL_OK;
    case PL_DIST_BETA:
        if (check_positive(d->a, "beta alpha", err) || check_positive(d->b, "beta beta", err)) return PL_EINVAL;
        return check_order(d->c, d->d, "beta range", err);
    case PL_DIST_LOGNORMAL: return check_positive(d->b, "lognormal sigma", err);
    case PL_DIST_DISCRETE:
        if (d->n < 1 || d->n > PL_DIST_DISCRETE_MAX)
            return pl_error_set(err, PL_EINVAL, "found %d discrete values, expected 1 to %d", d->n,
                                PL_DIST_DISCRETE_MAX);
        for (int i = 0; i < d->n; i++)
            if (!isfinite(d->x[i]) || !isfinite(d->w[i]) || d->w[i] < 0)
                return pl_error_set(err, PL_EINVAL, "found discrete value %g with weight %g, expected finite values "
                                    "and weights >= 0", d->x[i], d->w[i]);
        return PL_OK;
    default: return pl_error_set(err, PL_EINVAL, "found distribution kind %d, expected a known kind", (int)d->kind);
    }
}

pl_status pl_dist_check(const pl_dist *d, pl_error *err)
{
    pl_status st = check_shape(d, err);
    if (st) return st;
    if (isnan(d->lo) || isnan(d->hi) || d->lo > d->hi)
        return pl_error_set(err, PL_EINVAL, "found truncation [%g, %g], expected min <= max", d->lo, d->hi);
    if (d->kind == PL_DIST_FIXED) {
        if (!in_bounds(d, d->a))
            return pl_error_set(err, PL_EINVAL, "found value %g, expected it within [%g, %g]", d->a, d->lo, d->hi);
        return PL_OK;
    }
    if (d->kind == PL_DIST_DISCRETE) {
        if (discrete_total(d) > 0) return PL_OK;
        return pl_error_set(err, PL_EINVAL, "found no discrete value with positive weight within [%g, %g], expected "
                            "at least one", d->lo, d->hi);
    }
    if (truncated(d) && raw_cdf(d, d->hi) - raw_cdf(d, d->lo) < PL_DIST_MIN_MASS)
        return pl_error_set(err, PL_EINVAL, "found truncation [%g, %g] keeping almost no probability, expected "
                            "bounds around the distribution's mass", d->lo, d->hi);
    return PL_OK;
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static double discrete_quantile(const pl_dist *d, double u)
{
    /* Walk the values in increasing order (n is small) until the cumulative share reaches u. */
    double total = discrete_total(d), cum = 0, last = -HUGE_VAL, best = d->x[0];
    for (int seen = 0; seen < d->n; seen++) {
        int next = -1;
        for (int i = 0; i < d->n; i++)
            if (d->x[i] > last && discrete_weight(d, i) > 0 && (next < 0 || d->x[i] < d->x[next])) next = i;
        if (next < 0) break;
        last = best = d->x[next];
        for (int i = 0; i < d->n; i++)
            if (d->x[i] == last) cum += discrete_weight(d, i);
        if (cum >= u * total) break;
    }
    return best;
}

double pl_dist_quantile(const pl_dist *d, double u)
{
    u = clamp(u, 0, 1);
    if (d->kind == PL_DIST_FIXED) return d->a;
    if (d->kind == PL_DIST_DISCRETE) return discrete_quantile(d, u);
    if (!truncated(d)) return raw_quantile(d, u);
    double flo = raw_cdf(d, d->lo), fhi = raw_cdf(d, d->hi);
    return clamp(raw_quantile(d, flo + u * (fhi - flo)), d->lo, d->hi);
}

double pl_dist_sample(const pl_dist *d, gsl_rng *rng)
{
    if (d->kind == PL_DIST_FIXED) return d->a;
    return pl_dist_quantile(d, gsl_rng_uniform_pos(rng));
}

static double raw_mean(const pl_dist *d)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: return 0.5 * (d->a + d->b);
    case PL_DIST_NORMAL: return d->a;
    case PL_DIST_TRIANGULAR: return (d->a + d->b + d->c) / 3;
    case PL_DIST_BETA: return d->c + (d->d - d->c) * d->a / (d->a + d->b);
    case PL_DIST_LOGNORMAL: return exp(d->a + 0.5 * d->b * d->b);
    default: return d->a;
    }
}

static double quantile_integrand(double u, void *ctx) { return pl_dist_quantile(ctx, u); }

/* The mean of a truncated continuous distribution: ∫₀¹ Q(u) du, adaptively; a fine midpoint
** rule if the workspace cannot be had. */
static double truncated_mean(const pl_dist *d)
{
    gsl_function f = {quantile_integrand, (void *)(uintptr_t)d};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(256);
    double result = (double)NAN, abserr;
    if (w) {
        int rc = gsl_integration_qags(&f, 0, 1, 1e-12, 1e-10, 256, w, &result, &abserr);
        gsl_integration_workspace_free(w);
        if (rc == 0 && isfinite(result)) return result;
    }
    enum { N = 20000 };
    double sum = 0;
    for (int i = 0; i < N; i++) sum += pl_dist_quantile(d, (i + 0.5) / N);
    return sum / N;
}

double pl_dist_mean(const pl_dist *d)
{
    if (d->kind == PL_DIST_FIXED) return d->a;
    if (d->kind == PL_DIST_DISCRETE) {
        double s = 0;
        for (int i = 0; i < d->n; i++) s += discrete_weight(d, i) * d->x[i];
        return s / discrete_total(d);
    }
    return truncated(d) ? truncated_mean(d) : raw_mean(d);
}

void pl_dist_support(const pl_dist *d, double *lo, double *hi)
{
    double rlo, rhi;
    raw_support(d, &rlo, &rhi);
    if (d->kind == PL_DIST_DISCRETE) {
        *lo = HUGE_VAL, *hi = -HUGE_VAL;
        for (int i = 0; i < d->n; i++)
            if (discrete_weight(d, i) > 0) *lo = fmin(*lo, d->x[i]), *hi = fmax(*hi, d->x[i]);
        return;
    }
    *lo = fmax(rlo, d->lo);
    *hi = fmin(rhi, d->hi);
}

void pl_dist_format(const pl_dist *d, char *buf, size_t size)
{
    int n = 0;
    switch (d->kind) {
    case PL_DIST_FIXED: n = snprintf(buf, size, "%g", d->a); break;
    case PL_DIST_UNIFORM: n = snprintf(buf, size, "uniform(%g, %g)", d->a, d->b); break;
    case PL_DIST_NORMAL: n = snprintf(buf, size, "normal(mean %g, sd %g)", d->a, d->b); break;
    case PL_DIST_TRIANGULAR: n = snprintf(buf, size, "triangular(%g, mode %g, %g)", d->a, d->c, d->b); break;
    case PL_DIST_BETA: n = snprintf(buf, size, "beta(%g, %g) on [%g, %g]", d->a, d->b, d->c, d->d); break;
    case PL_DIST_LOGNORMAL: n = snprintf(buf, size, "lognormal(mu %g, sigma %g)", d->a, d->b); break;
    case PL_DIST_DISCRETE: n = snprintf(buf, size, "discrete(%d values)", d->n); break;
    default: n = snprintf(buf, size, "unknown"); break;
    }
    if (n < 0 || (size_t)n >= size || !truncated(d) || d->kind == PL_DIST_FIXED) return;
    snprintf(buf + n, size - (size_t)n, " truncated to [%g, %g]", d->lo, d->hi);
}
