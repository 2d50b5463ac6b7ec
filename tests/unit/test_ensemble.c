/*
** test_ensemble.c — the ensemble engine: bit-identical results whatever the thread count, chunk
** size or order in which chunks finish; summaries and Wilson intervals; distributions on the
** command line; --vary.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "ensembles/engine.h"
#include "parley/analysis.h"
#include "parley/ensemble.h"
#include "parley/memory.h"
#include "parley/summary.h"

/* A stochastic toy: y0 = Ishigami(x) + N(0, 0.1) noise, y1 = 1 with probability x2 / π + 0.5
** clipped, y2 undefined in half the runs; one series, a random walk of 40 steps. */
static pl_status toy_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                         size_t *n_steps, pl_error *err)
{
    (void)e, (void)ws, (void)err;
    y[0] = sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]) + gsl_ran_gaussian(rng, 0.1);
    y[1] = gsl_rng_uniform(rng) < fmin(1, fmax(0, x[1] / M_PI + 0.5));
    y[2] = gsl_rng_uniform(rng) < 0.5 ? (double)NAN : x[0];
    double w = 0;
    for (size_t t = 0; t < 40; t++) {
        w += gsl_ran_gaussian(rng, 1);
        if (series) series[t] = w;
    }
    *n_steps = 40;
    return PL_OK;
}

static const pl_experiment_ops toy_ops = {NULL, NULL, toy_run, NULL};

static pl_experiment *toy(void)
{
    pl_error err;
    pl_experiment *e = pl_experiment_create("test", "toy", "", &toy_ops, NULL, &err);
    assert_non_null(e);
    const char *names[] = {"x1", "x2", "x3"};
    for (int k = 0; k < 3; k++) assert_int_equal(pl_experiment_add_input(e, names[k], 0, -M_PI, M_PI, "test", &err), PL_OK);
    assert_int_equal(pl_experiment_add_input(e, "fixed", 2.5, 0, 10, "test", &err), PL_OK);
    assert_int_equal(pl_experiment_vary(e, "x?=uniform(-3.141592653589793, 3.141592653589793)", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "ishigami", PL_OUTCOME_REAL, "", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "event", PL_OUTCOME_BINARY, "", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "sometimes", PL_OUTCOME_REAL, "", &err), PL_OK);
    assert_int_equal(pl_experiment_add_series(e, "walk", "all", &err), PL_OK);
    assert_int_equal(pl_experiment_set_steps(e, 40, "day", &err), PL_OK);
    return e;
}

static pl_ens_result *run_with(const pl_experiment *e, pl_design_kind design, long runs, int threads, long chunk)
{
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.seed = 20240607;
    cfg.design = design;
    cfg.runs = runs;
    cfg.threads = threads;
    cfg.chunk = chunk;
    pl_ens_result *r;
    pl_error err;
    assert_int_equal(pl_ensemble_run(e, &cfg, NULL, 0, &r, &err), PL_OK);
    return r;
}

static void assert_same_result(const pl_ens_result *a, const pl_ens_result *b)
{
    assert_int_equal(a->n_runs, b->n_runs);
    assert_int_equal(a->n_columns, b->n_columns);
    assert_memory_equal(a->x, b->x, (size_t)a->n_runs * a->n_columns * sizeof *a->x);
    assert_memory_equal(a->y, b->y, (size_t)a->n_runs * a->n_outcomes * sizeof *a->y);
    assert_memory_equal(a->state, b->state, (size_t)a->n_runs);
}

static void bit_identical_across_threads_and_chunks(void **state)
{
    (void)state;
    pl_experiment *e = toy();
    pl_design_kind designs[] = {PL_DESIGN_MC, PL_DESIGN_SOBOL, PL_DESIGN_MORRIS};
    for (int d = 0; d < 3; d++) {
        pl_ens_result *one = run_with(e, designs[d], 300, 1, 0);
        pl_ens_result *two = run_with(e, designs[d], 300, 2, 7);
        pl_ens_result *three = run_with(e, designs[d], 300, 3, 1);
        assert_same_result(one, two);
        assert_same_result(one, three);
        /* The stochastic parts really vary between runs of different streams. */
        assert_true(one->y[0] != one->y[(size_t)(one->n_runs - 1) * one->n_outcomes]);
        pl_ens_result_free(one);
        pl_ens_result_free(two);
        pl_ens_result_free(three);
    }
    pl_experiment_free(e);
}

/* Chunks computed in a shuffled order give the same result as in order. */
static void finishing_order_does_not_matter(void **state)
{
    (void)state;
    pl_experiment *e = toy();
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.runs = 500;
    cfg.seed = 20240607;
    pl_error err;
    pl_engine *g;
    assert_int_equal(pl_engine_create(e, &cfg, 2, &g, &err), PL_OK);
    enum { N_CHUNKS = 25 };
    long order[N_CHUNKS];
    for (long c = 0; c < N_CHUNKS; c++) order[c] = (N_CHUNKS - 1 - c) * 7 % N_CHUNKS; /* a permutation */
    for (long c = 0; c < N_CHUNKS; c++)
        assert_int_equal(pl_engine_compute(g, order[c] * 20, order[c] * 20 + 20, (int)(c % 2), &err), PL_OK);
    pl_ens_result *ordered = run_with(e, PL_DESIGN_MC, 500, 1, 500);
    assert_same_result(g->res, ordered);
    pl_ens_result_free(ordered);
    pl_engine_free(g);
    pl_experiment_free(e);
}

/* Run i's stream depends on (seed, i) only: a run's outcome is the same alone or in a crowd. */
static void run_depends_only_on_seed_and_index(void **state)
{
    (void)state;
    pl_experiment *e = toy();
    pl_ens_result *small = run_with(e, PL_DESIGN_MC, 10, 2, 0), *big = run_with(e, PL_DESIGN_MC, 1000, 2, 0);
    assert_memory_equal(small->y, big->y, 10 * small->n_outcomes * sizeof *small->y);
    pl_ens_result_free(small);
    pl_ens_result_free(big);
    pl_experiment_free(e);
}

/* Wilson (1927) score interval, checked against the closed form and a textbook value:
** 81 of 263 at 95% gives [0.2553, 0.3662] (Newcombe 1998, Table I, case 3). */
static void wilson_interval(void **state)
{
    (void)state;
    double lo, hi;
    pl_wilson_interval(81, 263, 1.959963984540054, &lo, &hi);
    tu_assert_close(lo, 0.2553, 2e-4);
    tu_assert_close(hi, 0.3662, 2e-4);
    pl_wilson_interval(0, 10, 1.959963984540054, &lo, &hi);
    assert_true(lo == 0);
    tu_assert_close(hi, 0.2775, 2e-4); /* Newcombe 1998, case 5: 0/10 → [0, 0.2775] */
    pl_wilson_interval(0, 0, 1.96, &lo, &hi);
    assert_true(lo == 0 && hi == 1);
}

static void summaries(void **state)
{
    (void)state;
    double v[] = {4, (double)NAN, 1, 3, 2, 5}, scratch[6];
    pl_summary s;
    pl_error err;
    assert_int_equal(pl_summary_compute(v, 1, 6, 0, scratch, &s, &err), PL_OK);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.n_missing, 1);
    tu_assert_close(s.mean, 3, 1e-15);
    tu_assert_close(s.sd, sqrt(2.5), 1e-15);
    tu_assert_close(s.q[2], 3, 1e-15);   /* median */
    tu_assert_close(s.q[0], 1.2, 1e-15); /* 5%: 1 + 0.05·4·(2 − 1) */
    tu_assert_close(s.q[3], 4, 1e-15);
    double b[] = {1, 0, 1, 1, (double)NAN};
    assert_int_equal(pl_summary_compute(b, 1, 5, 1, scratch, &s, &err), PL_OK);
    tu_assert_close(s.p, 0.75, 1e-15);
    assert_true(s.p_lo < 0.75 && s.p_hi > 0.75 && s.p_hi <= 1);
    double bad[] = {0, 2};
    assert_int_equal(pl_summary_compute(bad, 1, 2, 1, scratch, &s, &err), PL_EINVAL);
    tu_assert_error(&err, "expected 0 or 1", 0, 0);
}

/* The engine's summaries: the Ishigami mean is a/2 = 3.5 with noise of mean 0. */
static void ensemble_summary(void **state)
{
    (void)state;
    pl_experiment *e = toy();
    pl_ens_result *r = run_with(e, PL_DESIGN_MC, 4000, 2, 0);
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    pl_summary s[3];
    pl_error err;
    assert_int_equal(pl_ens_summarise(e, &cfg, r, -1, s, &err), PL_OK);
    assert_true(fabs(s[0].mean - 3.5) < 3 * s[0].sd / sqrt(4000.0));
    assert_true(s[0].mean_lo < 3.5 && s[0].mean_hi > 3.5);
    assert_true(s[1].p_lo < 0.5 && s[1].p_hi > 0.5); /* P = E[x2/π + 1/2] = 1/2 */
    assert_true(s[2].n_missing > 1800 && s[2].n_missing < 2200);
    pl_ens_result_free(r);
    pl_experiment_free(e);
}

static void parse_distributions(void **state)
{
    (void)state;
    pl_dist d;
    int clipped;
    pl_error err;
    assert_int_equal(pl_ens_parse_dist("triangular(1, 2, 4)", 0, -HUGE_VAL, HUGE_VAL, &d, &clipped, &err), PL_OK);
    assert_int_equal(d.kind, PL_DIST_TRIANGULAR);
    assert_true(d.a == 1 && d.c == 2 && d.b == 4);
    assert_int_equal(pl_ens_parse_dist("±10%", 50, 0, 100, &d, &clipped, &err), PL_OK);
    assert_true(d.kind == PL_DIST_UNIFORM && d.a == 45 && d.b == 55 && !clipped);
    assert_int_equal(pl_ens_parse_dist("+-0.2", 0.9, 0, 1, &d, &clipped, &err), PL_OK);
    assert_true(clipped && d.b == 1);
    tu_assert_close(d.a, 0.7, 1e-15);
    assert_int_equal(pl_ens_parse_dist("discrete(1:1, 2:3)", 0, -10, 10, &d, &clipped, &err), PL_OK);
    assert_true(pl_dist_quantile(&d, 0.2) == 1 && pl_dist_quantile(&d, 0.3) == 2);
    assert_int_equal(pl_ens_parse_dist("beta(2, 3)", 0, 0, 1, &d, &clipped, &err), PL_OK);
    assert_true(d.c == 0 && d.d == 1);
    assert_int_equal(pl_ens_parse_dist("normal(1, -1)", 0, -HUGE_VAL, HUGE_VAL, &d, &clipped, &err), PL_EINVAL);
    tu_assert_error(&err, "positive", 0, 0);
    assert_int_equal(pl_ens_parse_dist("gamma(1, 2)", 0, -HUGE_VAL, HUGE_VAL, &d, &clipped, &err), PL_EINVAL);
    tu_assert_error(&err, "expected uniform, normal", 0, 0);
    assert_int_equal(pl_ens_parse_dist("uniform(1)", 0, -HUGE_VAL, HUGE_VAL, &d, &clipped, &err), PL_EINVAL);
    tu_assert_error(&err, "takes 2 arguments", 0, 0);
}

static void vary_checks_domains(void **state)
{
    (void)state;
    pl_experiment *e = toy();
    pl_error err;
    assert_int_equal(pl_experiment_vary(e, "fixed=normal(2, 1)", &err), PL_EINVAL);
    tu_assert_error(&err, "expected values within [0, 10]", 0, 0);
    assert_int_equal(pl_experiment_vary(e, "nothing*=uniform(0, 1)", &err), PL_EINVAL);
    tu_assert_error(&err, "no input is called", 0, 0);
    assert_int_equal(pl_experiment_vary(e, "fixed=7", &err), PL_OK);
    assert_true(e->input[3].nominal == 7 && e->input[3].dist.kind == PL_DIST_FIXED);
    assert_int_equal(pl_experiment_vary(e, "fixed=±1", &err), PL_OK);
    assert_true(e->input[3].dist.kind == PL_DIST_UNIFORM && strstr(e->input[3].source, "--draw fixed=±1"));
    pl_experiment_free(e);
}

/* Grids: axis values at the points, common random numbers across points. */
static void grid_design(void **state)
{
    (void)state;
    pl_experiment *e = toy();
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.design = PL_DESIGN_GRID;
    cfg.runs = 5;
    cfg.n_axes = 2;
    cfg.axis[0] = (pl_grid_axis){3, 0, 10, 3};
    cfg.axis[1] = (pl_grid_axis){0, -1, 1, 2};
    assert_int_equal(pl_ens_total_runs(e, &cfg), 30);
    pl_ens_result *r;
    pl_error err;
    assert_int_equal(pl_ensemble_run(e, &cfg, NULL, 0, &r, &err), PL_OK);
    /* Every input is kept (x1..x3 varied, "fixed" on an axis). Point 3 = (axis0 index 1, axis1
    ** index 1): fixed = 5, x1 = 1. */
    assert_int_equal(r->n_columns, 4);
    assert_int_equal(pl_ens_result_column(r, 3), 3);
    const double *x = r->x + (size_t)(3 * 5 + 2) * r->n_columns;
    assert_true(x[3] == 5 && x[0] == 1);
    /* x2 is drawn from stream (seed, replicate): the same at every point. */
    assert_true(r->x[(size_t)(0 * 5 + 2) * r->n_columns + 1] == x[1]);
    assert_int_equal(pl_ens_grid_point(&cfg, 17), 3);
    pl_ens_result_free(r);
    cfg.axis[1].input = 3;
    assert_int_equal(pl_ens_config_check(e, &cfg, &err), PL_EINVAL);
    pl_experiment_free(e);
}

/* A run that fails is recorded and the ensemble goes on. */
static pl_status flaky_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                           size_t *n_steps, pl_error *err)
{
    (void)e, (void)ws, (void)rng, (void)series, (void)n_steps;
    if (x[0] > 0.9) return pl_error_set(err, PL_EDOM, "x = %g is too large", x[0]);
    y[0] = x[0];
    return PL_OK;
}

static void failed_runs_are_counted(void **state)
{
    (void)state;
    static const pl_experiment_ops ops = {NULL, NULL, flaky_run, NULL};
    pl_error err;
    pl_experiment *e = pl_experiment_create("test", "flaky", "", &ops, NULL, &err);
    assert_int_equal(pl_experiment_add_input(e, "x", 0.5, 0, 1, "", &err), PL_OK);
    assert_int_equal(pl_experiment_vary(e, "x=uniform(0, 1)", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "y", PL_OUTCOME_REAL, "", &err), PL_OK);
    pl_ens_result *r = run_with(e, PL_DESIGN_MC, 1000, 2, 0);
    assert_true(r->n_failed > 60 && r->n_failed < 140);
    assert_non_null(strstr(r->failure, "is too large"));
    pl_ens_result_free(r);
    pl_experiment_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bit_identical_across_threads_and_chunks),
        cmocka_unit_test(finishing_order_does_not_matter),
        cmocka_unit_test(run_depends_only_on_seed_and_index),
        cmocka_unit_test(wilson_interval),
        cmocka_unit_test(summaries),
        cmocka_unit_test(ensemble_summary),
        cmocka_unit_test(parse_distributions),
        cmocka_unit_test(vary_checks_domains),
        cmocka_unit_test(grid_design),
        cmocka_unit_test(failed_runs_are_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
