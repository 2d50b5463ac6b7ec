/*
** mcmc.h — adaptive Metropolis sampling of a log density (Haario, Saksman & Tamminen 2001,
** "An adaptive Metropolis algorithm", Bernoulli 7(2):223–242) on GSL.
** Layer: core. Public API. Validated in tests/unit/test_mcmc.c on a correlated Gaussian and a
** conjugate normal model, whose posteriors are known in closed form.
**
** The proposal is N(x, C): C = diag(initial_scale²) for the first adapt_start iterations, then
** C = s_d·(Σ_t + ε·I) with Σ_t the covariance of the chain so far, s_d = 2.4²/d (Gelman, Roberts &
** Gilks 1996) and ε = 1e-10. Σ_t is refreshed every adapt_every iterations (the chain stays
** ergodic: Haario et al.'s diminishing adaptation).
*/
#ifndef PARLEY_MCMC_H
#define PARLEY_MCMC_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"

/* The log density at x (up to a constant); -HUGE_VAL (or NaN) where it is zero. */
typedef double (*pl_log_density)(const double *x, void *ctx);

typedef struct pl_mcmc_options {
    size_t iterations;   /* total steps, burn-in included */
    size_t burn_in;      /* steps discarded at the start */
    size_t thin;         /* keep every thin-th step after the burn-in (>= 1) */
    size_t adapt_start;  /* steps with the fixed initial proposal (default 2·dim·10 when 0) */
    size_t adapt_every;  /* refresh of the proposal covariance (default 50 when 0) */
} pl_mcmc_options;

typedef struct pl_mcmc_result {
    size_t dim, n_kept;
    double *draws;       /* n_kept × dim, row-major */
    double *log_density; /* n_kept */
    double acceptance;   /* share of proposals accepted over the whole chain */
} pl_mcmc_result;

/* Runs one chain from x0 (where f must be finite) with initial proposal sds scale0 (dim values > 0).
** PL_EINPUT for a non-finite f(x0) or bad options; PL_ENOMEM. */
pl_status pl_mcmc_adaptive_metropolis(size_t dim, pl_log_density f, void *ctx, const double *x0,
                                      const double *scale0, const pl_mcmc_options *opt, gsl_rng *rng,
                                      pl_mcmc_result *out, pl_error *err);

void pl_mcmc_result_free(pl_mcmc_result *r);

#endif
