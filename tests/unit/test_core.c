/*
** test_core.c — errors, memory (arena, failure injection), random streams, options, statistics.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "parley/memory.h"
#include "parley/options.h"
#include "parley/rng.h"
#include "parley/stats.h"

static void error_format_and_codes(void **state)
{
    (void)state;
    pl_error e;
    char buf[600];
    pl_error_at(&e, PL_EINPUT, "a.csv", 3, 7, "found %s, expected %s", "x", "a number");
    pl_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "a.csv:3:7: error: found x, expected a number");
    pl_error_set(&e, PL_EMODEL, "no convergence");
    pl_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "parley: error: no convergence");
    pl_error_at(&e, PL_EIO, "b.csv", 0, 0, "cannot open");
    pl_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "b.csv: error: cannot open");
    assert_int_equal(pl_status_exit_code(PL_OK), 0);
    assert_int_equal(pl_status_exit_code(PL_EINPUT), 2);
    assert_int_equal(pl_status_exit_code(PL_EINVAL), 2);
    assert_int_equal(pl_status_exit_code(PL_EMODEL), 1);
    assert_int_equal(pl_status_exit_code(PL_EMAXITER), 1);
    assert_string_equal(pl_strerror(PL_ENOMEM), "out of memory");
}

static void memory_injection_and_arena(void **state)
{
    (void)state;
    pl_memory_fail_after(1);
    void *a = pl_malloc(8);
    void *b = pl_malloc(8);
    assert_non_null(a);
    assert_null(b);
    void *c = pl_malloc(8);
    assert_non_null(c);
    pl_free(a);
    pl_free(c);

    pl_arena *ar = pl_arena_create(64);
    assert_non_null(ar);
    double *x = pl_arena_alloc(ar, 10 * sizeof *x);
    double *big = pl_arena_alloc(ar, 1000 * sizeof *big); /* larger than a block */
    assert_non_null(x);
    assert_non_null(big);
    for (int k = 0; k < 1000; k++) assert_true(big[k] == 0.0);
    assert_int_equal((uintptr_t)x % sizeof(double), 0);
    pl_arena_reset(ar);
    assert_non_null(pl_arena_alloc(ar, 16));
    pl_arena_free(ar);

    int *v = NULL;
    size_t cap = 0;
    assert_int_equal(pl_grow((void **)&v, &cap, 100, sizeof *v), 0);
    assert_true(cap >= 100);
    pl_free(v);
}

/* Streams: reproducible from (seed, stream), distinct across streams, uniform on [0, 1). */
static void rng_streams(void **state)
{
    (void)state;
    gsl_rng *a = pl_rng_alloc(42, 7), *b = pl_rng_alloc(42, 7), *c = pl_rng_alloc(42, 8), *d = pl_rng_alloc(43, 7);
    int same_c = 0, same_d = 0;
    double sum = 0;
    for (int k = 0; k < 10000; k++) {
        double x = gsl_rng_uniform(a);
        assert_true(x == gsl_rng_uniform(b));
        same_c += x == gsl_rng_uniform(c);
        same_d += x == gsl_rng_uniform(d);
        assert_true(x >= 0 && x < 1);
        sum += x;
    }
    assert_true(same_c < 3 && same_d < 3);
    assert_true(fabs(sum / 10000 - 0.5) < 0.02);
    pl_rng_reseed(a, 42, 8);
    gsl_rng *e = pl_rng_alloc(42, 8);
    for (int k = 0; k < 100; k++) assert_true(gsl_rng_get(a) == gsl_rng_get(e));
    /* GSL samplers accept the type: a normal sample's mean and variance. */
    double m = 0, v = 0;
    for (int k = 0; k < 20000; k++) {
        double g = gsl_ran_gaussian(e, 2.0);
        m += g;
        v += g * g;
    }
    m /= 20000;
    v = v / 20000 - m * m;
    assert_true(fabs(m) < 0.05 && fabs(v - 4.0) < 0.15);
    gsl_rng_free(a);
    gsl_rng_free(b);
    gsl_rng_free(c);
    gsl_rng_free(d);
    gsl_rng_free(e);
}

static const pl_option_desc opts[] = {
    {"rounds", PL_OPT_INT, "10", 1, 100, NULL, "rounds"},
    {"q", PL_OPT_DOUBLE, "1", 0, 1, NULL, "q"},
    {"rule", PL_OPT_ENUM, "prop", 0, 0, "binary|prop|cubic", "rule"},
    {"compat", PL_OPT_FLAG, "0", 0, 0, NULL, "compat"},
    {"name", PL_OPT_STRING, "x", 0, 0, NULL, "name"},
};

static void options_parse_and_bounds(void **state)
{
    (void)state;
    pl_optset s;
    pl_error e;
    pl_optset_init(&s, opts, 5);
    assert_int_equal(pl_optset_int(&s, "rounds"), 10);
    assert_int_equal(pl_optset_enum(&s, "rule"), 1);
    assert_false(pl_optset_flag(&s, "compat"));
    assert_int_equal(pl_optset_set(&s, "rounds", "20", &e), PL_OK);
    assert_int_equal(pl_optset_int(&s, "rounds"), 20);
    assert_int_equal(pl_optset_set(&s, "rounds", "0", &e), PL_EINVAL);
    tu_assert_error(&e, "expected an integer in [1, 100]", 0, 0);
    assert_int_equal(pl_optset_set(&s, "rounds", "2.5", &e), PL_EINVAL);
    assert_int_equal(pl_optset_set(&s, "q", "nan", &e), PL_EINVAL);
    assert_int_equal(pl_optset_set(&s, "q", "1.5", &e), PL_EINVAL);
    assert_int_equal(pl_optset_set(&s, "q", "0.25", &e), PL_OK);
    assert_true(pl_optset_double(&s, "q") == 0.25);
    assert_int_equal(pl_optset_set(&s, "rule", "quartic", &e), PL_EINVAL);
    tu_assert_error(&e, "expected one of binary|prop|cubic", 0, 0);
    assert_int_equal(pl_optset_set(&s, "rule", "cubic", &e), PL_OK);
    assert_int_equal(pl_optset_enum(&s, "rule"), 2);
    assert_int_equal(pl_optset_set(&s, "compat", "yes", &e), PL_EINVAL);
    assert_int_equal(pl_optset_set(&s, "compat", NULL, &e), PL_OK);
    assert_true(pl_optset_flag(&s, "compat"));
    assert_int_equal(pl_optset_set(&s, "nope", "1", &e), PL_EINVAL);
    double x;
    long n;
    assert_int_equal(pl_parse_double(" 1e3 ", &x), 0);
    assert_true(x == 1000);
    assert_int_not_equal(pl_parse_double("inf", &x), 0);
    assert_int_not_equal(pl_parse_double("0x10", &x), 0);
    assert_int_not_equal(pl_parse_double("1e999", &x), 0);
    assert_int_not_equal(pl_parse_double("", &x), 0);
    assert_int_not_equal(pl_parse_long("12a", &n), 0);
    /* Subnormals are finite (they were refused as not finite); overflow still is not. */
    assert_int_equal(pl_parse_double("4.9e-324", &x), 0);
    assert_true(x > 0 && x < 1e-323);
    assert_int_equal(pl_parse_double("-2.5e-310", &x), 0);
    assert_true(x < 0 && x > -3e-310);
    assert_int_not_equal(pl_parse_double("-1e999", &x), 0);
    /* A string value of any length (a 256-byte cap refused legal long paths). */
    char long_value[5000];
    memset(long_value, 'a', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    assert_int_equal(pl_optset_set(&s, "name", long_value, &e), PL_OK);
    assert_int_equal(strlen(pl_optset_text(&s, "name")), sizeof long_value - 1);
    pl_optset copy = s;
    assert_string_equal(pl_optset_text(&copy, "name"), long_value);
}

/* The DEU reference rule: lower weighted median by (position, index); zero weights fall back. */
static void weighted_median_and_mean(void **state)
{
    (void)state;
    size_t scratch[6];
    const double x[] = {4, 7, 4, 10, 7, 1};
    const double w[] = {1, 1, 1, 1, 1, 0};
    assert_true(pl_weighted_median(x, w, NULL, 6, scratch) == 7); /* cum 2 of 5 at 4, 4 of 5 at 7 */
    const double w2[] = {3, 1, 0, 1, 1, 0};
    assert_true(pl_weighted_median(x, w2, NULL, 6, scratch) == 4); /* 2·3 ≥ 6 */
    const double w0[] = {0, 0, 0, 0, 0, 0};
    assert_true(pl_weighted_median(x, w0, NULL, 6, scratch) == 4); /* unweighted lower median of 1,4,4,7,7,10 */
    const unsigned char mask[] = {0, 1, 0, 1, 1, 0};
    assert_true(pl_weighted_median(x, w, mask, 6, scratch) == 7);
    tu_assert_close(pl_weighted_mean(x, w, NULL, 6), 32.0 / 5, 1e-15);
    tu_assert_close(pl_weighted_mean(x, w0, NULL, 6), 33.0 / 6, 1e-15);
    const double p[] = {1, 2, 3}, o[] = {2, 2, 5};
    tu_assert_close(pl_mae(p, o, 3), 1.0, 1e-15);
    tu_assert_close(pl_rmse(p, o, 3), sqrt(5.0 / 3), 1e-15);
}

/* Weights or positions near DBL_MAX: the sums overflowed, so the mean was inf/inf = NaN (every
** model then failed on round 0 of a table with capabilities 1e308) and the median stopped at the
** first position (2·cum = inf ≥ total = inf). They are the same as for the weights scaled down. */
static void weighted_statistics_near_overflow(void **state)
{
    (void)state;
    size_t scratch[3];
    const double x[] = {10, 50, 90}, big[] = {1e308, 1e308, 1e308}, one[] = {1, 1, 1};
    assert_true(pl_weighted_median(x, big, NULL, 3, scratch) == 50);
    tu_assert_close(pl_weighted_mean(x, big, NULL, 3), 50, 1e-13);
    const double skew[] = {1e308, 1.5e308, 1e308}; /* position 50 holds 3/7 of the weight */
    assert_true(pl_weighted_median(x, skew, NULL, 3, scratch) == 50);
    tu_assert_close(pl_weighted_mean(x, skew, NULL, 3), (10 + 75 + 90) / 3.5, 1e-13);
    const double far[] = {1.5e308, 1.7e308, -1e308};
    tu_assert_close(pl_weighted_mean(far, one, NULL, 3), 2.2e307 / 3 * 10, 1e-13);
    const double zero[] = {0, 0, 0}, huge[] = {1.5e308, 1.7e308, 1.6e308};
    tu_assert_close(pl_weighted_mean(huge, zero, NULL, 3), 1.6e308, 1e-13); /* the unweighted fallback */
    const double inf_w[] = {HUGE_VAL, 1, HUGE_VAL}; /* c·s overflowed: the infinite weights alone count */
    tu_assert_close(pl_weighted_mean(x, inf_w, NULL, 3), 50, 1e-13);
    assert_true(pl_weighted_median(x, inf_w, NULL, 3, scratch) == 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_format_and_codes),  cmocka_unit_test(memory_injection_and_arena),
        cmocka_unit_test(rng_streams),             cmocka_unit_test(options_parse_and_bounds),
        cmocka_unit_test(weighted_median_and_mean),
        cmocka_unit_test(weighted_statistics_near_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
