/*
** test_nash.c — the asymmetric Nash bargaining solution on cases solvable by hand, and its
** DEU score beside the compromise baseline.
*/
#include "testutil.h"

#include <math.h>

#include "parley/bargain.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/score.h"

/* One dimension on 0–100 with actors at x[k] of weight w[k] (capability w, salience 1). */
static double nash_of(const double *x, const double *w, size_t n, const char *utility)
{
    pl_error err;
    pl_stakeholders *s = pl_stakeholders_alloc(n, 1);
    for (size_t i = 0; i < n; i++) {
        s->position[i] = x[i];
        s->capability[i] = w[i];
        char name[2] = {(char)('A' + i), '\0'};
        pl_free(s->actor[i]);
        s->actor[i] = pl_strdup(name);
    }
    const pl_bargain_type *t = pl_bargain_find("nash");
    assert_non_null(t);
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    if (utility) assert_int_equal(pl_optset_set(&o, "utility", utility, &err), PL_OK);
    pl_forecast *f;
    assert_int_equal(pl_bargain_run(t, s, &o, NULL, &f, &err), PL_OK);
    double v = f->forecast[0];
    pl_forecast_free(f);
    pl_stakeholders_free(s);
    return v;
}

/* Linear utilities, disagreement at the far end: with actors at 0 and 100 the surpluses are
** 100 − x and x, and max w1 log(100 − x) + w2 log x gives x = 100 w2 / (w1 + w2). */
static void two_actors_linear(void **state)
{
    (void)state;
    const double x[] = {0, 100}, w11[] = {1, 1}, w13[] = {1, 3};
    tu_assert_close(nash_of(x, w11, 2, NULL), 50.0, 1e-12);
    tu_assert_close(nash_of(x, w13, 2, NULL), 75.0, 1e-12);
}

/* Actors at 20 (weight 10) and 80 (weight 1): on (20, 80) F' = −10/(100 − x) + 1/x < 0, and
** F' > 0 below 20, so the solution sits on the kink at 20 (like a weighted median). */
static void kink(void **state)
{
    (void)state;
    const double x[] = {20, 80}, w[] = {10, 1};
    tu_assert_close(nash_of(x, w, 2, NULL), 20.0, 1e-12);
}

/* Quadratic utilities, actors at 0 and 100 with weights 1 and 3: the root of
** −1/(100 − x) + 1/(100 + x) + 3/x − 3/(200 − x), 65.81690825203323 (bisection), not the
** weighted mean 75. */
static void two_actors_quadratic(void **state)
{
    (void)state;
    const double x[] = {0, 100}, w[] = {1, 3};
    tu_assert_close(nash_of(x, w, 2, "quadratic"), 65.81690825203323, 1e-11);
}

/* Symmetric and degenerate cases: three actors at 0, 50, 100 give 50; one shared position is
** the solution; all at the lower end give the lower end; zero weights count equally. */
static void symmetric_and_degenerate(void **state)
{
    (void)state;
    const double x3[] = {0, 50, 100}, w3[] = {1, 1, 1}, same[] = {30, 30, 30}, ends[] = {0, 0, 0}, zero[] = {0, 0, 0};
    tu_assert_close(nash_of(x3, w3, 3, NULL), 50.0, 1e-12);
    tu_assert_close(nash_of(x3, w3, 3, "quadratic"), 50.0, 1e-12);
    tu_assert_close(nash_of(same, w3, 3, NULL), 30.0, 1e-12);
    tu_assert_close(nash_of(ends, w3, 3, NULL), 0.0, 0);
    tu_assert_close(nash_of(x3, zero, 3, NULL), 50.0, 1e-12);
}

/* The solution maximises the weighted Nash product: no grid point does better. */
static void maximises_product(void **state)
{
    (void)state;
    const double x[] = {10, 35, 60, 90}, w[] = {0.3, 1.2, 0.5, 0.8};
    double best = nash_of(x, w, 4, NULL);
    double fbest = 0, f;
    for (size_t i = 0; i < 4; i++) fbest += w[i] * log(fmax(x[i], 100 - x[i]) - fabs(best - x[i]));
    for (double v = 0.5; v < 100; v += 0.5) {
        f = 0;
        for (size_t i = 0; i < 4; i++) f += w[i] * log(fmax(x[i], 100 - x[i]) - fabs(v - x[i]));
        assert_true(f <= fbest + 1e-12);
    }
}

/* DEU III development set, GDP capabilities: MAE of the linear solution beside the compromise
** model's 23.306237029563 (docs/validation.md). */
static void deu_score(void **state)
{
    (void)state;
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data("deu/deu3-dev.csv"), NULL, &s, &err), PL_OK);
    assert_int_equal(pl_capability_apply(s, PL_CAPABILITY_GDP, &err), PL_OK);
    const pl_bargain_type *t = pl_bargain_find("nash");
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    pl_score *sc;
    assert_int_equal(pl_score_run(t, s, &o, 0, 1, &sc, &err), PL_OK);
    assert_int_equal(sc->n, 155);
    assert_true(fabs(sc->mae - 22.477077441544) < 1e-9);
    assert_true(sc->mae < 23.306237029563);
    pl_score_free(sc);
    pl_stakeholders_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_actors_linear),      cmocka_unit_test(kink),
        cmocka_unit_test(two_actors_quadratic),   cmocka_unit_test(symmetric_and_degenerate),
        cmocka_unit_test(maximises_product),      cmocka_unit_test(deu_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
