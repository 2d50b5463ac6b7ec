/*
** test_backtest.c — the backtest's scores and baselines against answers worked out by hand or by
** an independent solver: Brier and log scores, Murphy's decomposition, reliability bins,
** Kaplan-Meier with Greenwood's variance, ridge logistic regression, the Weibull fit, and the
** leave-one-out drivers; the covariate ladder of rule C8; and the corpus run through the
** ensemble engine (the same runs as the documented loop, whatever the thread count).
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "parley/backtest.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/settle_sim.h"

/* p = (0.8, 0.3, 0.5, 1), y = (1, 0, 1, 0): Brier (0.04 + 0.09 + 0.25 + 1)/4 = 0.345; log score
** (−ln 0.8 − ln 0.7 − ln 0.5 − ln 0.001)/4 with the 1 clipped to 0.999. */
static void brier_and_log_score(void **state)
{
    (void)state;
    const double p[] = {0.8, 0.3, 0.5, 1.0}, y[] = {1, 0, 1, 0};
    pl_prob_scores s;
    pl_prob_score(p, y, 4, &s);
    tu_assert_close(s.brier, 0.345, 1e-15);
    tu_assert_close(s.log_score, 2.045180238698756, 1e-12);
    assert_int_equal(s.clipped, 1);
    tu_assert_close(s.base_rate, 0.5, 0);
    tu_assert_close(s.uncertainty, 0.25, 0);
    /* sharpness: sd of (0.8, 0.3, 0.5, 1) = sqrt(0.495 − 0.4225) */
    tu_assert_close(s.sharpness, sqrt(0.0725), 1e-12);
}

/* With one forecast value per bin, Brier = reliability − resolution + uncertainty exactly. */
static void murphy_decomposition(void **state)
{
    (void)state;
    const double p[] = {0.1, 0.1, 0.5, 0.5, 0.9, 0.9, 0.9}, y[] = {0, 1, 1, 0, 1, 1, 0};
    pl_prob_scores s;
    pl_prob_score(p, y, 7, &s);
    tu_assert_close(s.brier, s.reliability - s.resolution + s.uncertainty, 1e-14);
    assert_int_equal(s.bin[0].n, 2);
    assert_int_equal(s.bin[2].n, 2);
    assert_int_equal(s.bin[4].n, 3);
    assert_int_equal(s.bin[1].n, 0);
    assert_true(isnan(s.bin[1].observed));
    tu_assert_close(s.bin[4].observed, 2.0 / 3, 1e-15);
    tu_assert_close(s.bin[4].mean_forecast, 0.9, 1e-15);
    assert_true(s.bin[4].lo < s.bin[4].observed && s.bin[4].hi > s.bin[4].observed);
}

/* Paired differences: p beats q on every case by the same amount, so the SE is 0. */
static void brier_difference(void **state)
{
    (void)state;
    const double p[] = {0.9, 0.1, 0.8}, q[] = {0.5, 0.5, 0.5}, y[] = {1, 0, 1};
    double mean, se;
    pl_brier_difference(p, q, y, 3, &mean, &se);
    tu_assert_close(mean, ((0.01 - 0.25) + (0.01 - 0.25) + (0.04 - 0.25)) / 3, 1e-15);
    assert_true(se > 0);
}

/* Times 1, 2, 2+, 2, 3, 4+ (+ censored): S = 5/6 after 1, × 3/5 after 2 (two events of five at
** risk; the censoring at 2 counts as at risk), × 1/2 after 3 (two at risk). */
static void kaplan_meier(void **state)
{
    (void)state;
    const double t[] = {2, 1, 2, 3, 4, 2};
    const unsigned char e[] = {1, 1, 0, 1, 0, 1};
    pl_km_step steps[6];
    size_t scratch[12];
    size_t k = pl_kaplan_meier(t, e, 6, steps, scratch);
    assert_int_equal(k, 3);
    tu_assert_close(steps[0].survival, 5.0 / 6, 1e-15);
    tu_assert_close(steps[1].survival, 5.0 / 6 * 3 / 5, 1e-15);
    tu_assert_close(steps[2].survival, 0.25, 1e-15);
    assert_int_equal(steps[1].at_risk, 5);
    assert_int_equal(steps[1].events, 2);
    assert_int_equal(steps[2].at_risk, 2);
    /* Greenwood: S² Σ d/(n(n−d)) = 0.0625 (1/30 + 2/15 + 1/2) */
    tu_assert_close(steps[2].variance, 0.0625 * (1.0 / 30 + 2.0 / 15 + 0.5), 1e-14);
    tu_assert_close(pl_km_survival(steps, k, 0.5), 1, 0);
    tu_assert_close(pl_km_survival(steps, k, 2.5), 0.5, 1e-15);
    tu_assert_close(pl_km_survival(steps, k, 10), 0.25, 1e-15);
}

/* One binary covariate, no penalty: the MLE reproduces the two group frequencies exactly,
** intercept logit(1/4) = −ln 3 and slope logit(3/4) − logit(1/4) = 2 ln 3. */
static void logistic_closed_form(void **state)
{
    (void)state;
    const double X[] = {0, 0, 0, 0, 1, 1, 1, 1}, y[] = {1, 0, 0, 0, 1, 1, 1, 0};
    double beta[2];
    pl_error err;
    assert_int_equal(pl_logistic_fit(X, 8, 1, y, 0, beta, &err), PL_OK);
    tu_assert_close(beta[0], -log(3), 1e-9);
    tu_assert_close(beta[1], 2 * log(3), 1e-9);
    tu_assert_close(pl_logistic_predict(beta, &X[4], 1), 0.75, 1e-9);
}

/* Ridge lambda = 1 on a separable set: an independent Newton solver (pure Python, in the commit
** that adds this test) gives (−0.2874856520941733, 1.1782783928015446, 0.904095468237513);
** the unpenalised fit has no finite optimum on this set. */
static void logistic_ridge(void **state)
{
    (void)state;
    const double X[] = {0.5, 1.0, 1.5, -0.5, -1.0, 0.3, 2.0, 2.0, -0.3, -1.2,
                        0.8, 0.1, -1.5, 0.9, 1.1, -1.4, 0.2, 0.4, -0.7, -0.2};
    const double y[] = {1, 1, 0, 1, 0, 1, 0, 0, 1, 0};
    double beta[3];
    pl_error err;
    assert_int_equal(pl_logistic_fit(X, 10, 2, y, 1, beta, &err), PL_OK);
    tu_assert_close(beta[0], -0.2874856520941733, 1e-8);
    tu_assert_close(beta[1], 1.1782783928015446, 1e-8);
    tu_assert_close(beta[2], 0.904095468237513, 1e-8);
    /* stationarity of the penalised likelihood */
    double g[3] = {0, 0, 0};
    for (int i = 0; i < 10; i++) {
        double r = y[i] - pl_logistic_predict(beta, &X[2 * i], 2);
        g[0] += r;
        g[1] += r * X[2 * i];
        g[2] += r * X[2 * i + 1];
    }
    assert_true(fabs(g[0]) < 1e-8 && fabs(g[1] - beta[1]) < 1e-8 && fabs(g[2] - beta[2]) < 1e-8);
}

/* Every outcome 0 (a leave-one-out fold can have them): no finite intercept, but the fitted
** probabilities settle near 0 and the fit reports convergence. */
static void logistic_one_kind_of_outcome(void **state)
{
    (void)state;
    const double X[] = {0.7, -0.7}, y[] = {0, 0};
    double beta[2];
    pl_error err;
    assert_int_equal(pl_logistic_fit(X, 2, 1, y, 1, beta, &err), PL_OK);
    assert_true(pl_logistic_predict(beta, X, 1) < 1e-9);
    assert_true(fabs(beta[1]) < 1e-9);
}

/* No covariates, every time an event: k solves Σ t^k ln t / Σ t^k − 1/k = mean ln t (bisection
** in pure Python: 1.3705875423458243) and a = ln(n / Σ t^k) = −1.4289575137459758. */
static void weibull_no_covariates(void **state)
{
    (void)state;
    const double t[] = {0.5, 1.2, 2.0, 3.1, 4.5, 0.8, 6.0};
    const unsigned char e[] = {1, 1, 1, 1, 1, 1, 1};
    double theta[2];
    pl_error err;
    assert_int_equal(pl_weibull_fit(NULL, 7, 0, t, e, 0, theta, &err), PL_OK);
    tu_assert_close(exp(theta[0]), 1.3705875423458243, 1e-6);
    tu_assert_close(theta[1], -1.4289575137459758, 1e-6);
    tu_assert_close(pl_weibull_survival(theta, NULL, 0, 0), 1, 0);
}

/* Censoring lowers the hazard: the same times with the three longest censored give a longer
** median; with a covariate that separates short from long times its coefficient is positive
** (higher hazard for x = 1). */
static void weibull_censoring_and_covariate(void **state)
{
    (void)state;
    const double t[] = {0.5, 1.2, 2.0, 3.1, 4.5, 0.8, 6.0, 0.3};
    const unsigned char all[] = {1, 1, 1, 1, 1, 1, 1, 1}, cens[] = {1, 1, 1, 0, 0, 1, 0, 1};
    const double X[] = {1, 1, 0, 0, 0, 1, 0, 1};
    double a[2], b[2], c[3];
    pl_error err;
    assert_int_equal(pl_weibull_fit(NULL, 8, 0, t, all, 0, a, &err), PL_OK);
    assert_int_equal(pl_weibull_fit(NULL, 8, 0, t, cens, 0, b, &err), PL_OK);
    assert_true(pl_weibull_survival(b, NULL, 0, 2) > pl_weibull_survival(a, NULL, 0, 2));
    assert_int_equal(pl_weibull_fit(X, 8, 1, t, all, 0.1, c, &err), PL_OK);
    assert_true(c[2] > 0);
    const double one = 1, zero = 0;
    assert_true(pl_weibull_survival(c, &one, 1, 1) < pl_weibull_survival(c, &zero, 1, 1));
}

/* Leave-one-out: the base rate leaves the case out; the logistic driver matches a fit on the
** other cases done by hand (standardised on them); a missing value takes the fold's mean. */
static void leave_one_out(void **state)
{
    (void)state;
    const double y[] = {1, 0, 0, 1, 1};
    double out[5];
    pl_loo_base_rate(y, 5, out);
    tu_assert_close(out[0], 0.5, 0);
    tu_assert_close(out[1], 0.75, 0);

    const double X[] = {2, 0, 1, 3, 5};
    const unsigned char miss[] = {0, 0, 1, 0, 0};
    pl_loo_data d = {X, miss, 5, 1, 1.0};
    pl_error err;
    assert_int_equal(pl_loo_logistic(&d, y, out, &err), PL_OK);
    /* case 2 is missing: it is predicted at the fold mean, i.e. from the intercept alone */
    const double Xs[] = {2, 0, 3, 5};
    const double ys[] = {1, 0, 1, 1};
    double mean = 2.5, sd = sqrt(((0.25) + (6.25) + (0.25) + (6.25)) / 3), z[4], beta[2];
    for (int i = 0; i < 4; i++) z[i] = (Xs[i] - mean) / sd;
    assert_int_equal(pl_logistic_fit(z, 4, 1, ys, 1.0, beta, &err), PL_OK);
    tu_assert_close(out[2], 1 / (1 + exp(-beta[0])), 1e-12);

    const double t[] = {1, 2, 3, 4, 5};
    const unsigned char e[] = {1, 1, 0, 1, 0};
    double prob[5], surv[10];
    const double grid[] = {1, 5};
    assert_int_equal(pl_loo_weibull(&d, t, e, 5, prob, grid, 2, surv, &err), PL_OK);
    for (int i = 0; i < 5; i++) {
        tu_assert_close(prob[i], 1 - surv[2 * i + 1], 1e-12);
        assert_true(surv[2 * i] > surv[2 * i + 1]);
    }
}

/* Rule C8's ladder: 0/1/3/5 by peacekeeping level plus half a rung per mechanism, at most 5. */
static void covariate_ladder(void **state)
{
    (void)state;
    pl_settle_covariates c = {0};
    tu_assert_close(pl_settle_case_ladder(&c), 0, 0);
    c.peacekeepers = 1;
    c.dmz = 1;
    tu_assert_close(pl_settle_case_ladder(&c), 1.5, 0);
    c.peacekeepers = 2;
    c.third_party_guarantee = 1;
    c.joint_commission = 1;
    tu_assert_close(pl_settle_case_ladder(&c), 4.5, 0);
    c.peacekeepers = 3;
    tu_assert_close(pl_settle_case_ladder(&c), 5, 0);
    c.peacekeepers = 0.4; /* a drawn level rounds */
    c.dmz = c.third_party_guarantee = c.joint_commission = 0;
    tu_assert_close(pl_settle_case_ladder(&c), 0, 0);
}

/* The corpus through the engine: run i of a case is the loop settle_sim.h documents (stream
** (seed, i), pl_scenario_draw, then the case's run), bit for bit, on one thread or two. */
static pl_backtest *corpus(int threads)
{
    pl_error err;
    pl_backtest *bt;
    assert_int_equal(pl_backtest_open(tu_data("../scenarios/cases"), &bt, &err), PL_OK);
    pl_bt_config cfg = {7, 6, 5, 1, threads, NULL, NULL};
    assert_int_equal(pl_backtest_run(bt, &cfg, &err), PL_OK);
    assert_int_equal(bt->n, bt->n_files);
    return bt;
}

static void corpus_through_engine(void **state)
{
    (void)state;
    pl_backtest *a = corpus(1), *b = corpus(2);
    for (size_t i = 0; i < a->n; i++)
        assert_memory_equal(a->c[i].run_t, b->c[i].run_t, 6 * sizeof(double));
    pl_error err;
    char path[1024], common_path[1024];
    snprintf(path, sizeof path, "%s/%s", a->dir, a->file[0]);
    snprintf(common_path, sizeof common_path, "%s/_common.yaml", a->dir);
    pl_scenario *common, *sc;
    assert_int_equal(pl_scenario_read(common_path, pl_settle_case_schema(), &common, &err), PL_OK);
    assert_int_equal(pl_settle_case_read(path, common, &sc, &err), PL_OK);
    double *v = pl_malloc((sc->n_params + 1) * sizeof *v);
    pl_settle_params *p = pl_malloc(sizeof *p);
    gsl_rng *rng = pl_rng_alloc(7, 0);
    size_t k = 0;
    for (size_t i = 0; i < 6; i++) {
        double t;
        pl_rng_reseed(rng, 7, i);
        pl_scenario_draw(sc, rng, v);
        assert_int_equal(pl_settle_case_params(sc, v, p, &err), PL_OK);
        assert_int_equal(pl_settle_case_run(p, sc->horizon_years, rng, &t, &err), PL_OK);
        assert_true(t == a->c[0].run_t[i]);
        k += t >= 0 && t < 5;
    }
    assert_int_equal(a->c[0].k_horizon, k);
    tu_assert_close(a->c[0].p_model, ((double)k + 0.5) / 7, 1e-15);
    assert_true(a->evaluated && a->ev.score[PL_BT_MODEL].n == a->n);
    gsl_rng_free(rng);
    pl_free(p);
    pl_free(v);
    pl_scenario_free(sc);
    pl_scenario_free(common);
    pl_backtest_free(a);
    pl_backtest_free(b);
}

/* A directory without case files is refused before anything runs. */
static void corpus_empty_dir(void **state)
{
    (void)state;
    pl_error err;
    pl_backtest *bt;
    assert_int_equal(pl_backtest_open(tu_data("lanchester"), &bt, &err), PL_EINPUT);
    assert_null(bt);
    assert_non_null(strstr(err.msg, "found no case files"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brier_and_log_score),
        cmocka_unit_test(murphy_decomposition),
        cmocka_unit_test(brier_difference),
        cmocka_unit_test(kaplan_meier),
        cmocka_unit_test(logistic_closed_form),
        cmocka_unit_test(logistic_ridge),
        cmocka_unit_test(logistic_one_kind_of_outcome),
        cmocka_unit_test(weibull_no_covariates),
        cmocka_unit_test(weibull_censoring_and_covariate),
        cmocka_unit_test(leave_one_out),
        cmocka_unit_test(covariate_ladder),
        cmocka_unit_test(corpus_through_engine),
        cmocka_unit_test(corpus_empty_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
