/*
** test_dist.c — distributions: checks, sampling means against closed forms, quantiles,
** truncation by inversion, determinism, and the formatting of descriptions.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "parley/dist.h"
#include "parley/rng.h"

enum { DRAWS = 200000 };

/* Sample mean of DRAWS draws is within 5 standard errors of the stated mean. */
static void assert_sample_mean(const pl_dist *d, double mean, double sd)
{
    gsl_rng *r = pl_rng_alloc(7, 0);
    double sum = 0;
    for (int k = 0; k < DRAWS; k++) sum += pl_dist_sample(d, r);
    gsl_rng_free(r);
    assert_true(fabs(sum / DRAWS - mean) < 5 * sd / sqrt(DRAWS));
    tu_assert_close(pl_dist_mean(d), mean, 1e-8);
}

static void closed_form_means(void **state)
{
    (void)state;
    pl_dist d = pl_dist_make(PL_DIST_UNIFORM, 2, 5, 0, 0);
    assert_sample_mean(&d, 3.5, 3 / sqrt(12));
    d = pl_dist_make(PL_DIST_NORMAL, -1.5, 0.3, 0, 0);
    assert_sample_mean(&d, -1.5, 0.3);
    d = pl_dist_make(PL_DIST_TRIANGULAR, 1000, 30000, 7500, 0); /* [a, b], mode c */
    double tri_sd = sqrt((1000.0 * 1000 + 30000.0 * 30000 + 7500.0 * 7500 - 1000.0 * 30000 - 1000.0 * 7500 - 30000.0 * 7500) / 18);
    assert_sample_mean(&d, (1000 + 30000 + 7500) / 3.0, tri_sd);
    d = pl_dist_make(PL_DIST_BETA, 2, 5, 0, 1);
    assert_sample_mean(&d, 2.0 / 7, sqrt(2.0 * 5 / (49 * 8)));
    d = pl_dist_make(PL_DIST_BETA, 2, 2, 10, 20);
    assert_sample_mean(&d, 15, 10 * sqrt(4.0 / (16 * 5)));
    d = pl_dist_make(PL_DIST_LOGNORMAL, 0.5, 0.4, 0, 0);
    double m = exp(0.5 + 0.08);
    assert_sample_mean(&d, m, m * sqrt(exp(0.16) - 1));
    d = pl_dist_make(PL_DIST_DISCRETE, 0, 0, 0, 0);
    d.n = 3;
    d.x[0] = 1, d.x[1] = 4, d.x[2] = 10;
    d.w[0] = 1, d.w[1] = 2, d.w[2] = 1;
    assert_sample_mean(&d, 4.75, sqrt((1 + 2 * 16 + 100) / 4.0 - 4.75 * 4.75));
}

static void quantiles(void **state)
{
    (void)state;
    pl_dist d = pl_dist_make(PL_DIST_NORMAL, 10, 2, 0, 0);
    tu_assert_close(pl_dist_quantile(&d, 0.975), 10 + 2 * 1.959963984540054, 1e-12);
    d = pl_dist_make(PL_DIST_TRIANGULAR, 0, 10, 4, 0);
    tu_assert_close(pl_dist_quantile(&d, 0.4), 4, 1e-12); /* F(mode) = (c − a)/(b − a) */
    tu_assert_close(pl_dist_quantile(&d, 0), 0, 0);
    tu_assert_close(pl_dist_quantile(&d, 1), 10, 0);
    d = pl_dist_make(PL_DIST_DISCRETE, 0, 0, 0, 0);
    d.n = 3;
    d.x[0] = 10, d.x[1] = 1, d.x[2] = 4; /* quantiles follow the values' order, not the listing's */
    d.w[0] = 1, d.w[1] = 1, d.w[2] = 2;
    tu_assert_close(pl_dist_quantile(&d, 0.2), 1, 0);
    tu_assert_close(pl_dist_quantile(&d, 0.5), 4, 0);
    tu_assert_close(pl_dist_quantile(&d, 0.9), 10, 0);
    d = pl_dist_fixed(3.25);
    tu_assert_close(pl_dist_quantile(&d, 0.7), 3.25, 0);
}

/* N(0, 1) truncated to [0, ∞) has mean √(2/π); draws never leave the bounds. */
static void truncation(void **state)
{
    (void)state;
    pl_dist d = pl_dist_make(PL_DIST_NORMAL, 0, 1, 0, 0);
    d.lo = 0;
    pl_error err;
    assert_int_equal(pl_dist_check(&d, &err), PL_OK);
    tu_assert_close(pl_dist_mean(&d), sqrt(2 / 3.14159265358979323846), 1e-8);
    gsl_rng *r = pl_rng_alloc(3, 1);
    double sum = 0;
    for (int k = 0; k < DRAWS; k++) {
        double x = pl_dist_sample(&d, r);
        assert_true(x >= 0);
        sum += x;
    }
    gsl_rng_free(r);
    assert_true(fabs(sum / DRAWS - sqrt(2 / 3.14159265358979323846)) < 5 * 0.6028 / sqrt(DRAWS));
    double lo, hi;
    pl_dist_support(&d, &lo, &hi);
    assert_true(lo == 0 && hi == HUGE_VAL);
    /* A truncated beta stays within its window, and its quantile 0 is the window's end. */
    d = pl_dist_make(PL_DIST_BETA, 2, 5, 0, 1);
    d.lo = 0.1, d.hi = 0.3;
    assert_int_equal(pl_dist_check(&d, &err), PL_OK);
    tu_assert_close(pl_dist_quantile(&d, 0), 0.1, 1e-9);
    tu_assert_close(pl_dist_quantile(&d, 1), 0.3, 1e-9);
    double mean = pl_dist_mean(&d);
    assert_true(mean > 0.1 && mean < 0.3);
}

static void expect_check_error(const pl_dist *d, const char *needle)
{
    pl_error err;
    assert_int_equal(pl_dist_check(d, &err), PL_EINVAL);
    if (!strstr(err.msg, needle)) fail_msg("'%s' lacks '%s'", err.msg, needle);
}

static void check_errors(void **state)
{
    (void)state;
    pl_dist d = pl_dist_make(PL_DIST_NORMAL, 0, -1, 0, 0);
    expect_check_error(&d, "found normal sd -1, expected a positive number");
    d = pl_dist_make(PL_DIST_UNIFORM, 3, 3, 0, 0);
    expect_check_error(&d, "found uniform range [3, 3]");
    d = pl_dist_make(PL_DIST_TRIANGULAR, 0, 10, 11, 0);
    expect_check_error(&d, "found triangular mode 11");
    d = pl_dist_make(PL_DIST_BETA, 0, 1, 0, 1);
    expect_check_error(&d, "beta alpha 0");
    d = pl_dist_make(PL_DIST_LOGNORMAL, 0, 0, 0, 0);
    expect_check_error(&d, "lognormal sigma 0");
    d = pl_dist_make(PL_DIST_DISCRETE, 0, 0, 0, 0);
    expect_check_error(&d, "found 0 discrete values");
    d.n = 1, d.x[0] = 1, d.w[0] = -1;
    expect_check_error(&d, "weights >= 0");
    d = pl_dist_make(PL_DIST_NORMAL, 0, 1, 0, 0);
    d.lo = 50, d.hi = 60;
    expect_check_error(&d, "keeping almost no probability");
    d.lo = 2, d.hi = 1;
    expect_check_error(&d, "expected min <= max");
    d = pl_dist_fixed(5);
    d.hi = 4;
    expect_check_error(&d, "found value 5, expected it within");
    d = pl_dist_make(PL_DIST_NORMAL, (double)NAN, 1, 0, 0);
    expect_check_error(&d, "non-finite");
}

/* Same (seed, stream): the same draws; a fixed value draws nothing from the generator. */
static void determinism(void **state)
{
    (void)state;
    pl_dist d = pl_dist_make(PL_DIST_BETA, 2, 3, 0, 1), f = pl_dist_fixed(1);
    gsl_rng *a = pl_rng_alloc(11, 5), *b = pl_rng_alloc(11, 5);
    for (int k = 0; k < 100; k++) {
        assert_true(pl_dist_sample(&d, a) == pl_dist_sample(&d, b));
        pl_dist_sample(&f, a);
    }
    assert_true(gsl_rng_get(a) == gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void names_and_format(void **state)
{
    (void)state;
    pl_dist_kind k;
    for (int i = 0; i < PL_DIST_N_KINDS; i++) {
        assert_int_equal(pl_dist_kind_parse(pl_dist_kind_name((pl_dist_kind)i), &k), 0);
        assert_int_equal(k, i);
    }
    assert_int_equal(pl_dist_kind_parse("gamma", &k), -1);
    char buf[128];
    pl_dist d = pl_dist_make(PL_DIST_NORMAL, 0.3, 0.05, 0, 0);
    d.lo = 0, d.hi = 1;
    pl_dist_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "normal(mean 0.3, sd 0.05) truncated to [0, 1]");
    d = pl_dist_make(PL_DIST_TRIANGULAR, 1, 3, 2, 0);
    pl_dist_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "triangular(1, mode 2, 3)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_form_means), cmocka_unit_test(quantiles),   cmocka_unit_test(truncation),
        cmocka_unit_test(check_errors),      cmocka_unit_test(determinism), cmocka_unit_test(names_and_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
