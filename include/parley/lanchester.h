/*
** lanchester.h — Lanchester combat laws: closed forms of the square and linear laws, numerical
** integration of the generalised law with reinforcement schedules (GSL ODE solvers), its
** one-step-a-day Euler form, and fitting attrition rates and exponents to daily data
** (GSL nonlinear least squares, with fixed laws or Gaussian priors on the exponents).
** Layer: models. Public API. Equations and test vectors: docs/models/war.md §7 and
** war-termination.md §4 and §7 (T11–T14, T16).
**
** Conventions (war-termination.md §4.1): x and y are force sizes; a is y's per-capita
** effectiveness against x, b is x's against y. The generalised law is
**     x' = −a · y^px · x^qx + P(t),   y' = −b · x^py · y^qy + Q(t)
** where (p, q) = (1, 0) is the square law, (1, 1) the linear law and (0, 1) the logarithmic law.
*/
#ifndef PARLEY_LANCHESTER_H
#define PARLEY_LANCHESTER_H

#include <stddef.h>

#include "parley/error.h"

/* The end of a fight to annihilation: which side survives, how many, and when. */
typedef struct pl_lanchester_end {
    int winner;       /* 1: x, -1: y, 0: both annihilated together */
    double survivors; /* of the winner */
    double t_end;     /* time the loser reaches zero (square law; HUGE_VAL for a draw) */
} pl_lanchester_end;

/* Square law x' = −a y, y' = −b x: the winner, survivors √(x0² − (a/b) y0²) (or the mirror)
** and t* = atanh(y0 √(a/b) / x0) / √(ab) (or the mirror). */
pl_lanchester_end pl_lanchester_square_end(double x0, double y0, double a, double b);

/* Square-law trajectory at time t: x(t) = x0 cosh(γt) − √(a/b) y0 sinh(γt), γ = √(ab), and
** the mirror for y (valid until one side reaches zero). */
void pl_lanchester_square_at(double x0, double y0, double a, double b, double t, double *x, double *y);

/* Linear law x' = −a x y, y' = −b x y: invariant b x − a y; survivors x0 − (a/b) y0 (or the
** mirror). t_end is HUGE_VAL (annihilation is only asymptotic). */
pl_lanchester_end pl_lanchester_linear_end(double x0, double y0, double a, double b);

/* A piecewise-constant reinforcement rate: `rate` per unit time on [t0, t1). */
typedef struct pl_reinforcement {
    double t0, t1, rate;
} pl_reinforcement;

/* The generalised law with reinforcement schedules for x (P) and y (Q). */
typedef struct pl_lanchester_law {
    double a, b;
    double px, qx, py, qy;
    const pl_reinforcement *rx;
    size_t n_rx;
    const pl_reinforcement *ry;
    size_t n_ry;
} pl_lanchester_law;

/* Integrates the law from (x0, y0) at t = 0 and reports x, y at the n increasing times t[]
** (≥ 0), with GSL's rk8pd at relative and absolute error 1e-12, restarting the solver at every
** schedule breakpoint so the jumps in P and Q are met exactly. Forces are not clamped at zero
** (the square law's trajectory continues below it). PL_EINVAL for bad arguments, PL_EMODEL if
** the solver fails. */
pl_status pl_lanchester_integrate(const pl_lanchester_law *law, double x0, double y0, const double *t, size_t n,
                                  double *x, double *y, pl_error *err);

/* One explicit Euler step per unit time for `steps` steps: day d's losses come from the
** strengths at the start of the day and its reinforcement is the schedule's integral over
** [d−1, d). x[0..steps] and y[0..steps] receive the trajectory (x[0] = x0). */
void pl_lanchester_euler(const pl_lanchester_law *law, double x0, double y0, size_t steps, double *x, double *y);

/* ---- Fitting attrition to daily data -------------------------------------------------------- */

/* How the exponents of C = a · enemy^p · own^q are treated in a fit. */
typedef enum pl_attrition_law {
    PL_FIT_SQUARE,  /* p = 1, q = 0 fixed; a by weighted least squares (Engel's ratio of totals) */
    PL_FIT_LINEAR,  /* p = 1, q = 1 fixed */
    PL_FIT_LOG,     /* p = 0, q = 1 fixed */
    PL_FIT_FREE,    /* ln a, p, q free: ordinary least squares on logs (ill-conditioned on real data) */
    PL_FIT_PRIOR    /* ln a, p, q with Gaussian priors on p and q (maximum a posteriori) */
} pl_attrition_law;

typedef struct pl_attrition_fit_options {
    pl_attrition_law law;
    double prior_mean_p, prior_sd_p; /* PL_FIT_PRIOR: p ~ N(mean, sd²) */
    double prior_mean_q, prior_sd_q; /* PL_FIT_PRIOR: q ~ N(mean, sd²) */
} pl_attrition_fit_options;

/* Defaults: PL_FIT_PRIOR with p, q ~ N(0.5, 0.5²), the priors of the Bayesian Ardennes fit
** (war-termination.md §4.3). */
pl_attrition_fit_options pl_attrition_fit_defaults(void);

typedef struct pl_attrition_fit {
    double a, p, q;          /* estimates */
    double se_a, se_p, se_q; /* standard errors (0 for a fixed exponent) */
    double sigma;            /* residual standard deviation (of log losses, or of the weighted residual) */
    double r2;               /* R² of log losses explained */
    double cond;             /* condition index of the design [1, ln E, ln O], columns scaled to unit length */
    int ill_conditioned;     /* 1 when cond > 30 (Belsley's rule): the data cannot separate the exponents */
    size_t n;                /* data points used */
    int iterations;          /* solver iterations */
} pl_attrition_fit;

/* Fits C_t = a · enemy_t^p · own_t^q over n days (all values > 0) with gsl_multifit_nlinear.
** Fixed laws fit a from the residuals (C − a·E_p)/√(E_p) (variance proportional to the
** predictor: for the square law a = ΣC/ΣE exactly); free and prior fits work on log losses.
** Standard errors come from the Jacobian at the solution scaled by the residual variance;
** for PL_FIT_PRIOR the priors enter as pseudo-observations (a Laplace approximation). */
pl_status pl_attrition_fit_run(const double *enemy, const double *own, const double *loss, size_t n,
                               const pl_attrition_fit_options *opt, pl_attrition_fit *fit, pl_error *err);

/* Name of a law ("square", "linear", "log", "free", "prior"), and its parse (0 on success). */
const char *pl_attrition_law_name(pl_attrition_law law);
int pl_attrition_law_parse(const char *name, pl_attrition_law *out);

#endif
