/*
** dist.h — probability distributions for uncertain parameters: a flat, copyable description
** (kind, shape numbers, optional truncation), validation, sampling through GSL, mean and quantile.
** Layer: core. Public API.
**
** A pl_dist owns no memory: copy it with `=`. Every sampler takes the generator explicitly, so
** the same (seed, stream) gives the same draws. Truncated continuous distributions are sampled
** by inversion (one uniform draw, no rejection loop), so the number of generator calls per
** sample is fixed and a run's stream never depends on where the bounds lie.
**
** Meaning of a, b, c, d per kind (the YAML spelling of docs/formats.md "Scenario files" is in
** brackets):
**   FIXED       a = the value                                           [value: V]
**   UNIFORM     a = lower end, b = upper end (a < b)                    [uniform: [A, B]]
**   NORMAL      a = mean, b = standard deviation (> 0)                  [normal: [MEAN, SD]]
**   TRIANGULAR  a = lower end, b = upper end, c = mode (a ≤ c ≤ b, a<b) [triangular: [A, MODE, B]]
**   BETA        a = α > 0, b = β > 0, rescaled from [0,1] onto [c, d]   [beta: [ALPHA, BETA] or
**               (c < d; c = 0, d = 1 for the standard beta)               beta: [ALPHA, BETA, C, D]]
**   LOGNORMAL   a = μ, b = σ > 0 of the underlying normal (median e^μ)  [lognormal: [MU, SIGMA]]
**   DISCRETE    n values x[] with weights w[] ≥ 0 (sum > 0)             [discrete: [[X, W], ...]]
** lo, hi truncate any continuous kind to [lo, hi] (−HUGE_VAL / HUGE_VAL when absent); the
** truncated interval must hold probability ≥ PL_DIST_MIN_MASS.
*/
#ifndef PARLEY_DIST_H
#define PARLEY_DIST_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"

typedef enum pl_dist_kind {
    PL_DIST_FIXED = 0,
    PL_DIST_UNIFORM,
    PL_DIST_NORMAL,
    PL_DIST_TRIANGULAR,
    PL_DIST_BETA,
    PL_DIST_LOGNORMAL,
    PL_DIST_DISCRETE
} pl_dist_kind;

enum { PL_DIST_DISCRETE_MAX = 16, PL_DIST_N_KINDS = 7 };

/* The least probability a truncation interval may keep (below it the bounds are refused). */
#define PL_DIST_MIN_MASS 1e-9

typedef struct pl_dist {
    pl_dist_kind kind;
    double a, b, c, d;                /* shape numbers; meaning per kind above */
    double lo, hi;                    /* truncation bounds; ±HUGE_VAL when none */
    int n;                            /* DISCRETE: number of values (1..PL_DIST_DISCRETE_MAX) */
    double x[PL_DIST_DISCRETE_MAX];   /* DISCRETE: the values */
    double w[PL_DIST_DISCRETE_MAX];   /* DISCRETE: their weights (normalised when sampling) */
} pl_dist;

/* A point mass at value (no truncation). */
pl_dist pl_dist_fixed(double value);

/* A distribution of kind with shape numbers a, b, c, d (unused ones ignored) and no truncation.
** For BETA pass c = 0, d = 1 for the standard beta. Not validated: call pl_dist_check. */
pl_dist pl_dist_make(pl_dist_kind kind, double a, double b, double c, double d);

/* The kind's name ("fixed", "uniform", "normal", "triangular", "beta", "lognormal",
** "discrete"). */
const char *pl_dist_kind_name(pl_dist_kind kind);

/* The kind called name; 0 on success, -1 if no kind has that name. */
int pl_dist_kind_parse(const char *name, pl_dist_kind *out);

/* Checks the shape numbers and the truncation (finite numbers, positive scales, ordered ends,
** enough mass between lo and hi). PL_EINVAL with a message "found ..., expected ..." naming
** the faulty number; the caller adds the input location. */
pl_status pl_dist_check(const pl_dist *dist, pl_error *err);

/* One draw: the quantile (pl_dist_quantile, GSL's inverse CDFs) of one uniform from
** gsl_rng_uniform_pos. Every kind draws exactly one number, by inversion, so a run's parameter
** draws are the same whichever command makes them (simulate, settle, or the ensemble engine,
** whose Sobol and grid designs must invert). FIXED draws nothing from the generator.
** dist must have passed pl_dist_check. */
double pl_dist_sample(const pl_dist *dist, gsl_rng *rng);

/* The value with probability u ∈ [0, 1] below it (respecting truncation); for DISCRETE the
** smallest value whose cumulative weight reaches u. Lets ensembles map Sobol or Latin-hypercube
** points onto parameters. u = 0 and u = 1 give the ends of the support. */
double pl_dist_quantile(const pl_dist *dist, double u);

/* The mean of the (truncated) distribution: closed forms when untruncated, otherwise the
** integral of the quantile function over (0, 1) by GSL quadrature. */
double pl_dist_mean(const pl_dist *dist);

/* The smallest interval [*lo, *hi] holding all of the probability (may be infinite). */
void pl_dist_support(const pl_dist *dist, double *lo, double *hi);

/* A one-line description such as "normal(mean 0.3, sd 0.05) truncated to [0, 1]". */
void pl_dist_format(const pl_dist *dist, char *buf, size_t size);

#endif
