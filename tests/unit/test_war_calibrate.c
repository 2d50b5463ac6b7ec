/*
** test_war_calibrate.c — the scenario calibration: model aggregates per observed period by
** hand, the fit lowering its cost within the ranges, and the scenario checks it needs.
*/
#include "war_fixture.h"

#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/war_calibrate.h"

static pl_scenario *shipped(void)
{
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_war_scenario_read(tu_data("../scenarios/russia-ukraine-2024.yaml"), &sc, &err), PL_OK);
    return sc;
}

/* The aggregate of one period equals the run's counters differenced over it. */
static void observe_by_hand(void **state)
{
    (void)state;
    pl_scenario *sc = shipped();
    double *v = pl_malloc(sc->n_params * sizeof *v);
    pl_scenario_nominals(sc, v);
    pl_war_obs_point *pt;
    size_t n;
    pl_error err;
    assert_int_equal(pl_war_observe(sc, v, &pt, &n, &err), PL_OK);
    pl_war_params p;
    assert_int_equal(pl_war_params_from_scenario(sc, v, &p, &err), PL_OK);
    p.stochastic = 0;
    /* territory_year 2024 (a sum over the year) and russian_casualties Nov 2024 (per day) */
    pl_war_state s;
    pl_war_init(&s, &p);
    double oct_end = 0, nov_end = 0, year = 0;
    for (long d = 1; d <= 366; d++) {
        pl_war_step(&s, &p, NULL);
        if (d == 305) oct_end = s.side[0].cum_losses; /* 1 Nov 2024 is day 305 */
        if (d == 335) nov_end = s.side[0].cum_losses;
    }
    year = s.territory_km2;
    int seen = 0;
    for (size_t k = 0; k < n; k++) {
        const char *name = sc->series[pt[k].series].name;
        if (strcmp(name, "territory_year") == 0 && pt[k].year == 2024) tu_assert_close(pt[k].predicted, year, 1e-12), seen++;
        if (strcmp(name, "russian_casualties") == 0 && pt[k].year == 2024 && pt[k].month == 11)
            tu_assert_close(pt[k].predicted, (nov_end - oct_end) / 30, 1e-12), seen++;
        if (strcmp(name, "territory_year") == 0) assert_int_equal(pt[k].day1 - pt[k].day0, pt[k].year == 2024 ? 366 : 365);
    }
    assert_int_equal(seen, 2);
    pl_free(pt);
    pl_free(v);
    pl_scenario_free(sc);
}

/* The fit lowers its cost, keeps every estimate in its range, and reports both windows. */
static void fit_and_predict(void **state)
{
    (void)state;
    pl_scenario *sc = shipped();
    pl_war_calibration *cal;
    pl_error err;
    pl_war_calibrate_options o = {1, 100};
    assert_int_equal(pl_war_calibrate(sc, &o, &cal, &err), PL_OK);
    assert_true(cal->cost_final < cal->cost_initial);
    assert_int_equal(cal->n_free, 7);
    for (size_t k = 0; k < cal->n_free; k++) {
        assert_true(cal->estimate[k] >= cal->lo[k] && cal->estimate[k] <= cal->hi[k]);
        assert_true(isfinite(cal->se[k]) && cal->se[k] >= 0);
    }
    assert_int_equal(cal->n_fit_points, 17);
    assert_int_equal(cal->n_test_points, 32);
    assert_true(isfinite(cal->mape_fit) && isfinite(cal->mape_test));
    for (size_t k = 0; k < cal->n_points; k++) assert_true(isfinite(cal->point[k].predicted));
    /* Without the fit the nominal values are only compared. */
    pl_war_calibration *nominal;
    o.fit = 0;
    assert_int_equal(pl_war_calibrate(sc, &o, &nominal, &err), PL_OK);
    assert_true(nominal->iterations == 0 && nominal->estimate[0] == nominal->initial[0]);
    assert_true(nominal->mape_fit > cal->mape_fit);
    pl_war_calibration_free(nominal);
    pl_war_calibration_free(cal);
    pl_scenario_free(sc);
}

static void calibration_needs(void **state)
{
    (void)state;
    pl_scenario *sc = shipped();
    pl_error err;
    pl_war_calibration *cal;
    pl_war_calibrate_options o = {1, 100};
    pl_free(sc->series[0].measure);
    sc->series[0].measure = NULL;
    assert_int_equal(pl_war_calibrate(sc, &o, &cal, &err), PL_EINPUT);
    assert_non_null(strstr(err.msg, "found no measure: in observed.territory_2024"));
    sc->series[0].measure = pl_strdup("lossez");
    assert_int_equal(pl_war_calibrate(sc, &o, &cal, &err), PL_EINPUT);
    assert_non_null(strstr(err.msg, "found measure 'lossez'"));
    strcpy(sc->series[0].measure, "losses");
    pl_free(sc->series[0].entity);
    sc->series[0].entity = pl_strdup("usa");
    assert_int_equal(pl_war_calibrate(sc, &o, &cal, &err), PL_EINPUT);
    assert_non_null(strstr(err.msg, "found side 'usa'"));
    sc->n_free = 0;
    assert_int_equal(pl_war_calibrate(sc, &o, &cal, &err), PL_EINPUT);
    assert_non_null(strstr(err.msg, "no calibration.free"));
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(observe_by_hand),
        cmocka_unit_test(fit_and_predict),
        cmocka_unit_test(calibration_needs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
