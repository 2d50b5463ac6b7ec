/*
** sensitivity.h — which inputs drive an outcome: Sobol indices (Saltelli 2010 first-order and
** Jansen 1999 total-effect estimators on GSL's Sobol sequence, bootstrap intervals), Morris
** elementary effects (Morris 1991 trajectories, Campolongo et al. 2007 μ*), and a given-data
** first-order estimate from plain Monte Carlo runs (correlation ratio over equal-count bins).
** Layer: ensembles. Public API. Estimators and citations: docs/ensembles.md.
**
** All three work on the unit cube: input k's value is its distribution's quantile at u_k, so the
** indices describe the inputs as distributed, whatever their units.
*/
#ifndef PARLEY_SENSITIVITY_H
#define PARLEY_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"

/* ---- Sobol indices (Saltelli et al. 2010, Jansen 1999) ---------------------------------- */

/* The n base points of GSL's 2k-dimensional Sobol sequence (k <= 20), q[j * 2k + d]; A's row j is
** q[j, 0..k), B's row j is q[j, k..2k). */
pl_status pl_sobol_points(size_t k, long n, double *q, pl_error *err);

/* Row m (0 .. k+1) of base block j, given its point qj (2k numbers): m = 0 is A_j, m = 1 is B_j,
** m = 2 + i is A_j with column i taken from B_j. Writes u[k]. */
void pl_sobol_row(size_t k, const double *qj, long m, double *u);

typedef struct pl_sobol_index {
    double first, first_lo, first_hi; /* S_i with its 95% bootstrap interval */
    double total, total_lo, total_hi; /* ST_i with its 95% bootstrap interval */
} pl_sobol_index;

/* Estimates S_i and ST_i for i < k from y over a design of n blocks of k + 2 runs laid out as
** pl_sobol_row numbers them (y[(j (k + 2) + m) * stride]). Blocks with any NaN are left out
** (*n_used says how many counted). Intervals: percentile bootstrap over blocks with n_boot
** resamples drawn from rng (0: no intervals, NaN). PL_EDOM when the outcome does not vary. */
pl_status pl_sobol_estimate(size_t k, long n, const double *y, size_t stride, gsl_rng *rng, int n_boot,
                            pl_sobol_index *out, long *n_used, pl_error *err);

/* ---- Morris screening (Morris 1991, Campolongo et al. 2007) ----------------------------- */

typedef struct pl_morris_design {
    size_t k;       /* inputs */
    long r;         /* trajectories */
    int levels;     /* p, even */
    double *u;      /* [r (k + 1) × k] points; level l maps to u = (l + 1/2) / p */
    int *factor;    /* [r (k + 1)] input moved to reach this point from the previous one; -1 first */
    double *delta;  /* [r (k + 1)] the signed step of that input in u, ±1/2 */
} pl_morris_design;

/* r random trajectories of k + 1 points on a p-level grid, from rng. */
pl_status pl_morris_design_make(size_t k, long r, int levels, gsl_rng *rng, pl_morris_design *out, pl_error *err);
void pl_morris_design_free(pl_morris_design *d);

typedef struct pl_morris_index {
    double mu;      /* mean elementary effect */
    double mu_star; /* mean absolute elementary effect (Campolongo et al. 2007) */
    double sigma;   /* standard deviation of the elementary effects (n − 1 divisor) */
    long n;         /* elementary effects that counted (both ends defined) */
} pl_morris_index;

/* Elementary effects EE = (y(after) − y(before)) / delta, per input, from y[i * stride] over the
** design's runs. */
pl_status pl_morris_estimate(const pl_morris_design *d, const double *y, size_t stride, pl_morris_index *out,
                             pl_error *err);

/* ---- Given-data first order ------------------------------------------------------------- */

/* Var(E[Y | bin of X]) / Var(Y) over the m pairs where both are finite, with X cut into `bins`
** equal-count bins (ties kept together): a cheap first-order estimate from Monte Carlo runs. The
** raw ratio η² averages (bins − 1)/(m − 1) when X has no effect, so it is adjusted like R²,
** 1 − (1 − η²)(m − 1)/(m − bins), and floored at 0. scratch holds 2n doubles. NaN when Y does
** not vary or fewer than 2·bins pairs count. */
double pl_sens_binned_first_order(const double *x, size_t xs, const double *y, size_t ys, long n, int bins,
                                  double *scratch);

#endif
