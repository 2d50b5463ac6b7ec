/*
** test_baseline.c — the compromise, median and mean forecasts, and the DEU reference scores.
*/
#include "testutil.h"

#include <math.h>

#include "parley/bargain.h"
#include "parley/readers.h"
#include "parley/score.h"

static pl_forecast *run(const char *model, const char *rel)
{
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data(rel), NULL, &s, &err), PL_OK);
    pl_optset o;
    const pl_bargain_type *t = pl_bargain_find(model);
    assert_non_null(t);
    pl_optset_init(&o, t->options, t->n_options);
    pl_forecast *f;
    assert_int_equal(pl_bargain_run(t, s, &o, NULL, &f, &err), PL_OK);
    pl_stakeholders_free(s);
    return f;
}

/* Scholz et al. (2011) / bargaining-models.md §3: mean 7.389955686853767, median 7, mean 6.7. */
static void emission_baselines(void **state)
{
    (void)state;
    pl_forecast *f = run("compromise", "bargaining/emission-standards.csv");
    tu_assert_close(f->forecast[0], 7.389955686853767, 1e-15);
    tu_assert_close(f->round[0].median[0], 7.0, 0);
    pl_forecast_free(f);
    f = run("median", "bargaining/emission-standards-0-100.csv");
    tu_assert_close(f->forecast[0], 7.0, 0);
    pl_forecast_free(f);
    f = run("mean", "bargaining/emission-standards.csv");
    tu_assert_close(f->forecast[0], 6.7, 1e-15);
    pl_forecast_free(f);
}

static double deu_mae(const char *model, pl_capability_rule cap, int ignore_salience)
{
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data("deu/deu3-dev.csv"), NULL, &s, &err), PL_OK);
    assert_int_equal(pl_capability_apply(s, cap, &err), PL_OK);
    const pl_bargain_type *t = pl_bargain_find(model);
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    pl_score *sc;
    assert_int_equal(pl_score_run(t, s, &o, ignore_salience, 1, &sc, &err), PL_OK);
    assert_int_equal(sc->n, 155);
    double mae = sc->mae;
    pl_score_free(sc);
    pl_stakeholders_free(s);
    return mae;
}

/* Every baseline of ../shared/reference/deu.md, to 1e-9 absolute. */
static void deu_reference_scores(void **state)
{
    (void)state;
    assert_true(fabs(deu_mae("mean", PL_CAPABILITY_EQUAL, 0) - 24.963992947141) < 1e-9);
    assert_true(fabs(deu_mae("compromise", PL_CAPABILITY_EQUAL, 0) - 24.743375259765) < 1e-9);
    assert_true(fabs(deu_mae("compromise", PL_CAPABILITY_GDP, 0) - 23.306237029563) < 1e-9);
    assert_true(fabs(deu_mae("median", PL_CAPABILITY_GDP, 0) - 26.980645161290) < 1e-9);
    assert_true(fabs(deu_mae("compromise", PL_CAPABILITY_GDP, 1) - 23.912268171418) < 1e-9);
    assert_true(fabs(deu_mae("constant", PL_CAPABILITY_GDP, 0) - 27.432258064516) < 1e-9);
}

/* A model that hands back a NaN is stopped before any writer sees it. */
static pl_status run_nan(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f, pl_error *err)
{
    (void)o;
    (void)rng;
    pl_status st = pl_forecast_add_round(f, s->position, err);
    double bad = (double)NAN;
    return st ? st : pl_forecast_set(f, &bad, "broken", err);
}

static void non_finite_results_refused(void **state)
{
    (void)state;
    const pl_bargain_type broken = {"broken", "returns NaN", "-", NULL, 0, PL_BARGAIN_ONE_DIM, run_nan};
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data("bargaining/emission-standards.csv"), NULL, &s, &err), PL_OK);
    pl_optset o;
    pl_optset_init(&o, NULL, 0);
    pl_forecast *f = (pl_forecast *)1;
    assert_int_equal(pl_bargain_run(&broken, s, &o, NULL, &f, &err), PL_EMODEL);
    assert_null(f);
    tu_assert_error(&err, "model broken produced a non-finite forecast", 0, 0);
    assert_int_equal(pl_status_exit_code(err.code), 1);
    pl_stakeholders_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emission_baselines),
        cmocka_unit_test(deu_reference_scores),
        cmocka_unit_test(non_finite_results_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
