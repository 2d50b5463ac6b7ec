/*
** test_umbrella.c — include/parley.h alone is enough to use the library: every public header
** compiles together under the project's warnings (no clashing names or macros), and a few
** functions of each layer link and answer.
*/
#include "parley.h"

#include "testutil.h"

#include <math.h>
#include <string.h>

static void one_front_door(void **state)
{
    (void)state;
    gsl_rng *rng = pl_rng_alloc(1, 0); /* core */
    assert_non_null(rng);
    gsl_rng_free(rng);
    int y, m, d; /* formats */
    assert_int_equal(pl_date_parse("2024-02-29", &y, &m, &d), 0);
    assert_int_equal(m, 2);
    double lo, hi; /* ensembles */
    pl_wilson_interval(10, 11, 1.6448536269514722, &lo, &hi);
    assert_true(lo > 0.6 && lo < 0.909 && hi > 0.909 && hi < 1);
    pl_error err;
    pl_backtest *bt;
    assert_int_equal(pl_backtest_open("/nonexistent-parley-dir", &bt, &err), PL_EIO);
    assert_null(bt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(one_front_door)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
