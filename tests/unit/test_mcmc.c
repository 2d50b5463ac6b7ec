/*
** test_mcmc.c — the adaptive Metropolis sampler against posteriors known in closed form: a
** correlated bivariate Gaussian and the conjugate normal model (known variance, normal prior).
*/
#include <math.h>
#include <string.h>

#include "testutil.h"

#include "parley/mcmc.h"
#include "parley/rng.h"

/* N((1, −2), [[1, 0.8·2], [0.8·2, 4]]): sds 1 and 2, correlation 0.8. */
static double gauss2(const double *x, void *ctx)
{
    (void)ctx;
    double a = x[0] - 1, b = (x[1] + 2) / 2, r = 0.8;
    return -(a * a - 2 * r * a * b + b * b) / (2 * (1 - r * r));
}

static void moments(const pl_mcmc_result *r, size_t i, size_t j, double *mi, double *mj, double *cij)
{
    double si = 0, sj = 0, sij = 0;
    size_t n = r->n_kept, d = r->dim;
    for (size_t k = 0; k < n; k++) si += r->draws[k * d + i], sj += r->draws[k * d + j];
    *mi = si / (double)n, *mj = sj / (double)n;
    for (size_t k = 0; k < n; k++) sij += (r->draws[k * d + i] - *mi) * (r->draws[k * d + j] - *mj);
    *cij = sij / (double)(n - 1);
}

static void correlated_gaussian(void **state)
{
    (void)state;
    gsl_rng *rng = pl_rng_alloc(7, 0);
    double x0[2] = {5, 5}, scale[2] = {0.1, 0.1}; /* a bad start and a bad proposal: adaptation must fix both */
    pl_mcmc_options o = {60000, 5000, 5, 0, 0};
    pl_mcmc_result r;
    pl_error err;
    assert_int_equal(pl_mcmc_adaptive_metropolis(2, gauss2, NULL, x0, scale, &o, rng, &r, &err), PL_OK);
    assert_int_equal(r.n_kept, 11000);
    double m0, m1, v0, v1, c01, tmp;
    moments(&r, 0, 0, &m0, &tmp, &v0);
    moments(&r, 1, 1, &m1, &tmp, &v1);
    moments(&r, 0, 1, &tmp, &tmp, &c01);
    assert_true(fabs(m0 - 1) < 0.1 && fabs(m1 + 2) < 0.2);
    assert_true(fabs(v0 - 1) < 0.15 && fabs(v1 - 4) < 0.6);
    assert_true(fabs(c01 / sqrt(v0 * v1) - 0.8) < 0.05);
    assert_true(r.acceptance > 0.15 && r.acceptance < 0.6); /* the tuned walk, not a frozen or a blind one */
    pl_mcmc_result_free(&r);
    gsl_rng_free(rng);
}

/* y_i ~ N(μ, 1), μ ~ N(0, 2²): posterior N(Σy/(n + 1/4), 1/(n + 1/4)). */
static const double ys[10] = {1.2, 0.4, 2.1, 1.7, 0.9, 1.1, 1.5, 0.2, 1.9, 1.3};

static double conjugate(const double *x, void *ctx)
{
    (void)ctx;
    double lp = -x[0] * x[0] / 8;
    for (int i = 0; i < 10; i++) lp -= (ys[i] - x[0]) * (ys[i] - x[0]) / 2;
    return lp;
}

static void conjugate_normal(void **state)
{
    (void)state;
    double sum = 0;
    for (int i = 0; i < 10; i++) sum += ys[i];
    double prec = 10 + 0.25, mean = sum / prec, sd = sqrt(1 / prec);
    gsl_rng *rng = pl_rng_alloc(11, 0);
    double x0 = 0, scale = 1;
    pl_mcmc_options o = {40000, 2000, 2, 0, 0};
    pl_mcmc_result r;
    pl_error err;
    assert_int_equal(pl_mcmc_adaptive_metropolis(1, conjugate, NULL, &x0, &scale, &o, rng, &r, &err), PL_OK);
    double m, tmp, v;
    moments(&r, 0, 0, &m, &tmp, &v);
    assert_true(fabs(m - mean) < 0.03);
    assert_true(fabs(sqrt(v) / sd - 1) < 0.08);
    /* the 5 % and 95 % quantiles match the normal's ±1.645 sd */
    size_t below = 0;
    for (size_t k = 0; k < r.n_kept; k++) below += r.draws[k] < mean - 1.645 * sd;
    assert_true(fabs((double)below / (double)r.n_kept - 0.05) < 0.015);
    pl_mcmc_result_free(&r);
    gsl_rng_free(rng);
}

static double nowhere(const double *x, void *ctx)
{
    (void)x, (void)ctx;
    return -HUGE_VAL;
}

static void refusals(void **state)
{
    (void)state;
    gsl_rng *rng = pl_rng_alloc(1, 0);
    double x0 = 0, scale = 1, bad = 0;
    pl_mcmc_options o = {100, 10, 1, 0, 0}, empty = {10, 10, 1, 0, 0};
    pl_mcmc_result r;
    pl_error err;
    assert_int_equal(pl_mcmc_adaptive_metropolis(1, nowhere, NULL, &x0, &scale, &o, rng, &r, &err), PL_EINPUT);
    assert_non_null(strstr(err.msg, "zero density"));
    assert_int_equal(pl_mcmc_adaptive_metropolis(1, conjugate, NULL, &x0, &scale, &empty, rng, &r, &err), PL_EINPUT);
    assert_int_equal(pl_mcmc_adaptive_metropolis(1, conjugate, NULL, &x0, &bad, &o, rng, &r, &err), PL_EINPUT);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(correlated_gaussian),
        cmocka_unit_test(conjugate_normal),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
