/*
** test_ensemble_sensitivity.c — Sobol indices (Saltelli 2010 / Jansen 1999 estimators) and Morris
** screening on functions with known answers: the Ishigami function (Ishigami & Homma 1990; exact
** indices from its variance decomposition), a linear model, and a pure interaction.
*/
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "parley/analysis.h"
#include "parley/ensemble.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/sensitivity.h"

enum { FN_ISHIGAMI, FN_LINEAR, FN_PRODUCT };

static pl_status fn_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                        size_t *n_steps, pl_error *err)
{
    (void)ws, (void)rng, (void)series, (void)n_steps, (void)err;
    int fn = *(const int *)e->ctx;
    if (fn == FN_ISHIGAMI) y[0] = sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
    else if (fn == FN_LINEAR) y[0] = 1 * x[0] + 2 * x[1] + 3 * x[2];
    else y[0] = x[0] * x[1];
    return PL_OK;
}

static const pl_experiment_ops fn_ops = {NULL, NULL, fn_run, NULL};

static pl_experiment *function(const int *fn, const char *dist)
{
    pl_error err;
    pl_experiment *e = pl_experiment_create("test", "function", "", &fn_ops, (void *)(uintptr_t)fn, &err);
    for (int k = 0; k < 3; k++) {
        char name[16];
        snprintf(name, sizeof name, "x%d", k + 1);
        assert_int_equal(pl_experiment_add_input(e, name, 0, -M_PI, M_PI, "", &err), PL_OK);
    }
    char spec[128];
    snprintf(spec, sizeof spec, "x?=%s", dist);
    assert_int_equal(pl_experiment_vary(e, spec, &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "y", PL_OUTCOME_REAL, "", &err), PL_OK);
    return e;
}

static pl_sens_table analyse(const pl_experiment *e, pl_design_kind design, long runs)
{
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.design = design;
    cfg.runs = runs;
    cfg.seed = 11;
    pl_ens_result *r;
    pl_error err;
    assert_int_equal(pl_ensemble_run(e, &cfg, NULL, 0, &r, &err), PL_OK);
    pl_sens_table t;
    assert_int_equal(pl_ens_sensitivity(e, &cfg, r, 200, &t, &err), PL_OK);
    pl_ens_result_free(r);
    return t;
}

static const pl_sens_entry *row_of(const pl_sens_table *t, size_t input)
{
    for (size_t k = 0; k < t->n; k++)
        if (t->row[k].input == input) return &t->row[k];
    fail_msg("no row for input %zu", input);
    return NULL;
}

/* Ishigami, a = 7, b = 0.1, inputs uniform on [−π, π]. */
static void ishigami_sobol(void **state)
{
    (void)state;
    const double a = 7, b = 0.1, pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    double v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
    double first[3] = {v1 / v, v2 / v, 0}, total[3] = {(v1 + v13) / v, v2 / v, v13 / v};
    static const int fn = FN_ISHIGAMI;
    pl_experiment *e = function(&fn, "uniform(-3.141592653589793, 3.141592653589793)");
    pl_sens_table t = analyse(e, PL_DESIGN_SOBOL, 8192);
    assert_string_equal(t.method, "sobol");
    assert_int_equal(t.n, 3);
    double worst = 0;
    for (size_t i = 0; i < 3; i++) {
        const pl_sens_entry *r = row_of(&t, i);
        worst = fmax(worst, fmax(fabs(r->value2 - first[i]), fabs(r->value - total[i])));
        /* The bootstrap intervals hold the estimate and are narrow at N = 8192. */
        assert_true(r->lo <= r->value && r->value <= r->hi && r->hi - r->lo < 0.1);
        assert_true(r->lo2 <= r->value2 && r->value2 <= r->hi2);
    }
    print_message("Ishigami, N = 8192: largest error of S_i, ST_i = %.4f\n", worst);
    assert_true(worst < 0.01);
    /* Ranked by total effect: x1 (0.558), x2 (0.442), x3 (0.244). */
    assert_int_equal(t.row[0].input, 0);
    assert_int_equal(t.row[1].input, 1);
    assert_int_equal(t.row[2].input, 2);
    pl_sens_table_free(&t);
    pl_experiment_free(e);
}

/* y = x1 + 2 x2 + 3 x3 with x_i ~ U(0, 1): S_i = ST_i = a_i² / Σ a_j² = 1/14, 4/14, 9/14. */
static void linear_sobol_and_given_data(void **state)
{
    (void)state;
    static const int fn = FN_LINEAR;
    pl_experiment *e = function(&fn, "uniform(0, 1)");
    pl_sens_table t = analyse(e, PL_DESIGN_SOBOL, 4096);
    double worst = 0;
    for (size_t i = 0; i < 3; i++) {
        const pl_sens_entry *r = row_of(&t, i);
        double s = (double)((i + 1) * (i + 1)) / 14;
        worst = fmax(worst, fmax(fabs(r->value - s), fabs(r->value2 - s)));
    }
    print_message("linear, N = 4096: largest error of S_i, ST_i = %.2g\n", worst);
    assert_true(worst < 0.01);
    pl_sens_table_free(&t);
    /* Plain Monte Carlo runs, binned given-data first order. */
    t = analyse(e, PL_DESIGN_MC, 20000);
    assert_string_equal(t.method, "binned");
    worst = 0;
    for (size_t i = 0; i < 3; i++) worst = fmax(worst, fabs(row_of(&t, i)->value - (double)((i + 1) * (i + 1)) / 14));
    print_message("linear, 20000 Monte Carlo runs: largest error of binned S_i = %.3f\n", worst);
    assert_true(worst < 0.03);
    pl_sens_table_free(&t);
    pl_experiment_free(e);
}

/* Morris on the linear model: every elementary effect equals the slope, so μ* = |a_i|, σ = 0. */
static void morris_linear(void **state)
{
    (void)state;
    static const int fn = FN_LINEAR;
    pl_experiment *e = function(&fn, "uniform(0, 1)");
    pl_sens_table t = analyse(e, PL_DESIGN_MORRIS, 30);
    assert_string_equal(t.measure, "mu_star");
    for (size_t i = 0; i < 3; i++) {
        const pl_sens_entry *r = row_of(&t, i);
        tu_assert_close(r->value, (double)(i + 1), 1e-12);
        tu_assert_close(r->value3, (double)(i + 1), 1e-12);
        assert_true(r->value2 < 1e-12);
    }
    assert_int_equal(t.row[0].input, 2);
    pl_sens_table_free(&t);
    pl_experiment_free(e);
}

/* Morris on y = x1 x2: x1 and x2 interact (σ > 0), x3 is inert (μ* = 0). */
static void morris_interaction(void **state)
{
    (void)state;
    static const int fn = FN_PRODUCT;
    pl_experiment *e = function(&fn, "uniform(0, 1)");
    pl_sens_table t = analyse(e, PL_DESIGN_MORRIS, 40);
    assert_true(row_of(&t, 0)->value2 > 0.1 && row_of(&t, 1)->value2 > 0.1);
    assert_true(row_of(&t, 2)->value == 0 && row_of(&t, 2)->value2 == 0);
    /* E|EE_1| = E[x2] over the levels = 1/2. */
    assert_true(fabs(row_of(&t, 0)->value - 0.5) < 0.15);
    pl_sens_table_free(&t);
    pl_experiment_free(e);
}

/* The design helpers: Sobol rows, Morris trajectories move one input by ±1/2 per step. */
static void designs(void **state)
{
    (void)state;
    double q[4 * 6], u[3];
    pl_error err;
    assert_int_equal(pl_sobol_points(3, 4, q, &err), PL_OK);
    pl_sobol_row(3, q + 6, 3, u); /* block 1, AB_2: column 1 (x2) from B */
    assert_true(u[0] == q[6] && u[1] == q[6 + 4] && u[2] == q[8]);
    assert_int_equal(pl_sobol_points(21, 1, q, &err), PL_EINVAL);
    gsl_rng *rng = pl_rng_alloc(3, 0);
    pl_morris_design d;
    assert_int_equal(pl_morris_design_make(3, 5, 4, rng, &d, &err), PL_OK);
    for (long at = 0; at < 20; at++) {
        if (d.factor[at] < 0) continue;
        for (int i = 0; i < 3; i++) {
            double step = d.u[at * 3 + i] - d.u[(at - 1) * 3 + i];
            assert_true(i == d.factor[at] ? fabs(step - d.delta[at]) < 1e-15 : step == 0);
        }
    }
    pl_morris_design_free(&d);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ishigami_sobol),
        cmocka_unit_test(linear_sobol_and_given_data),
        cmocka_unit_test(morris_linear),
        cmocka_unit_test(morris_interaction),
        cmocka_unit_test(designs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
