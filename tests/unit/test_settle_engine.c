/*
** test_settle_engine.c — the flagship on the ensemble engine: run i is the model's run on stream
** (seed, i); outcomes conditional on a deal count only deals; a rung and one of its components both
** set is refused, never a silent override; the drivers of an outcome.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/analysis.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/settle_sim.h"
#include "parley/war_condition.h"

static const char *flagship_path(void)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/../scenarios/ukraine-2025-19pt.yaml", tu_data(""));
    return buf;
}

static long outcome(const pl_experiment *e, const char *name)
{
    for (size_t k = 0; k < e->n_outcomes; k++)
        if (strcmp(e->outcome[k].name, name) == 0) return (long)k;
    fail_msg("no outcome %s", name);
    return -1;
}

static pl_ens_result *run_mc(const pl_experiment *e, uint64_t seed, long runs)
{
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.seed = seed;
    cfg.runs = runs;
    cfg.series_runs = 0;
    cfg.threads = 1;
    pl_ens_result *r = NULL;
    pl_error err;
    assert_int_equal(pl_ensemble_run(e, &cfg, NULL, 0, &r, &err), PL_OK);
    return r;
}

/* The engine's run i is the model's run on stream (seed, i) with the scenario drawn from it (the
** flagship conditions its draws on the record: the conditioned draw, from the same stream). */
static void engine_run_is_the_model_run(void **state)
{
    (void)state;
    pl_experiment *e;
    pl_error err;
    assert_int_equal(pl_experiment_settle(flagship_path(), &e, &err), PL_OK);
    pl_ens_result *r = run_mc(e, 7, 4);
    const pl_scenario *sc = pl_experiment_settle_scenario(e);
    pl_settle_setup *su;
    assert_int_equal(pl_settle_setup_create(sc, &su, &err), PL_OK);
    double *v = malloc(sc->n_params * sizeof *v);
    pl_settle_params *p = malloc(sizeof *p);
    pl_settle_outcomes out;
    gsl_rng *rng = pl_rng_alloc(7, 3);
    assert_non_null(e->condition);
    size_t tries;
    assert_int_equal(pl_war_condition_draw(e->condition, rng, v, &tries, &err), PL_OK);
    assert_int_equal(pl_settle_params_from_scenario(su, sc, v, p, &err), PL_OK);
    assert_int_equal(pl_settle_run(p, rng, &out, &err), PL_OK);
    size_t n;
    const pl_settle_outcome_desc *d = pl_settle_outcome_descs(&n);
    for (size_t k = 0; k < n; k++) {
        double want = pl_outcome_value(&d[k], out.v[k]), got = r->y[3 * r->n_outcomes + k];
        assert_true((isnan(want) && isnan(got)) || want == got);
    }
    /* the values the drivers read are the run's draws */
    double *x = malloc(e->n_inputs * sizeof *x), *w = malloc(sc->n_params * sizeof *w);
    pl_ens_result_inputs(e, r, 3, x);
    assert_int_equal(pl_experiment_settle_values(e, x, w, &err), PL_OK);
    assert_memory_equal(w, v, sc->n_params * sizeof *v);
    gsl_rng_free(rng);
    free(x), free(w), free(v), free(p);
    pl_settle_setup_free(su);
    pl_ens_result_free(r);
    pl_experiment_free(e);
}

/* "Renewed within 10 years of a deal" counts deals only; with no deal its share is undefined, not 0. */
static void conditional_on_deal(void **state)
{
    (void)state;
    pl_experiment *e;
    pl_error err;
    assert_int_equal(pl_experiment_settle(flagship_path(), &e, &err), PL_OK);
    pl_ens_result *r = run_mc(e, 20251127, 120);
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.runs = 120;
    pl_outcome_stat deal, renewed, years;
    long o = outcome(e, "recommenced_10y");
    assert_int_equal(e->outcome[o].given, outcome(e, "deal"));
    assert_int_equal(pl_ens_outcome_stat(e, &cfg, r, -1, (size_t)outcome(e, "deal"), 0.9, &deal, &err), PL_OK);
    assert_int_equal(pl_ens_outcome_stat(e, &cfg, r, -1, (size_t)o, 0.9, &renewed, &err), PL_OK);
    assert_int_equal(pl_ens_outcome_stat(e, &cfg, r, -1, (size_t)outcome(e, "years_to_recommence"), 0.9, &years, &err), PL_OK);
    assert_int_equal(renewed.n, deal.k);
    assert_int_equal(years.n, deal.k);
    assert_true(renewed.n < 120);
    if (!renewed.n) assert_true(isnan(renewed.value));
    assert_string_equal(years.statistic, "median");
    pl_ens_result_free(r);
    pl_experiment_free(e);
}

static pl_experiment *with_axes(const char *a, double alo, double ahi, const char *b, pl_ens_config *cfg)
{
    pl_experiment *e;
    pl_error err;
    assert_int_equal(pl_experiment_settle(flagship_path(), &e, &err), PL_OK);
    pl_ens_config_init(cfg);
    cfg->design = PL_DESIGN_GRID;
    cfg->runs = 2;
    cfg->n_axes = b ? 2 : 1;
    cfg->axis[0] = (pl_grid_axis){(size_t)pl_experiment_find_input(e, a), alo, ahi, 3};
    if (b) cfg->axis[1] = (pl_grid_axis){(size_t)pl_experiment_find_input(e, b), 0.1, 0.9, 3};
    return e;
}

/* A sweep over a rung and one of its components gave identical rows for every component value:
** the rung silently overrode it. Now it is refused, saying which wins; the rung alone over the
** scenario's components is the documented use, and says what it replaces. */
static void rung_and_component(void **state)
{
    (void)state;
    pl_ens_config cfg;
    pl_error err;
    char note[512];
    pl_experiment *e = with_axes("settle.guarantee.strength", 0, 5, "settle.guarantee.p_fight", &cfg);
    assert_int_equal(pl_experiment_settle_check_rung(e, &cfg, NULL, 0, note, sizeof note, &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "settle.guarantee.p_fight"));
    assert_non_null(strstr(err.msg, "win"));
    pl_experiment_free(e);
    /* a rung axis with the component fixed by --set */
    const char *set[] = {"settle.guarantee.forces"};
    e = with_axes("settle.guarantee.strength", 0, 5, NULL, &cfg);
    assert_int_equal(pl_experiment_settle_check_rung(e, &cfg, set, 1, note, sizeof note, &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "--set"));
    /* the rung alone: allowed, with a note naming the scenario's components it replaces */
    assert_int_equal(pl_experiment_settle_check_rung(e, &cfg, NULL, 0, note, sizeof note, &err), PL_OK);
    assert_non_null(strstr(note, "p_fight"));
    pl_experiment_free(e);
    /* components alone: nothing to say */
    e = with_axes("settle.guarantee.p_fight", 0.1, 0.9, NULL, &cfg);
    assert_int_equal(pl_experiment_settle_check_rung(e, &cfg, NULL, 0, note, sizeof note, &err), PL_OK);
    assert_string_equal(note, "");
    pl_experiment_free(e);
}

/* Drivers: a column equal to the outcome's rank order leads, with rho 1; a constant one never shows. */
static void drivers_rank(void **state)
{
    (void)state;
    pl_experiment *e;
    pl_error err;
    assert_int_equal(pl_experiment_settle(flagship_path(), &e, &err), PL_OK);
    pl_ens_result *r = run_mc(e, 3, 40);
    size_t o = (size_t)outcome(e, "attacker_fight_value"), n = (size_t)r->n_runs;
    double *x = malloc(3 * n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        double y = r->y[i * r->n_outcomes + o];
        x[i * 3] = 5;                 /* constant */
        x[i * 3 + 1] = (double)(i % 7); /* unrelated */
        x[i * 3 + 2] = 2 * y + 1;     /* monotone in the outcome */
    }
    pl_driver d[3];
    size_t k = pl_ens_drivers(e, r, o, x, 3, 3, d);
    assert_int_equal(k, 2);
    assert_int_equal(d[0].column, 2);
    tu_assert_close(d[0].rho, 1, 1e-12);
    assert_int_equal(d[1].column, 1);
    free(x);
    pl_ens_result_free(r);
    pl_experiment_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(engine_run_is_the_model_run),
        cmocka_unit_test(conditional_on_deal),
        cmocka_unit_test(rung_and_component),
        cmocka_unit_test(drivers_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
