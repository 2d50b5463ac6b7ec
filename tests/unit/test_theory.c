/*
** test_theory.c — the bargaining theory of war against war-termination.md §7 (T1-T10, T15) and
** Powell's shifting-power cases (δ = 0.9, c = 0.5: 0.6 → 0.2 war, 0.6 → 0.55 peace, cut-off
** 0.45, a gradual slide never).
*/
#include "testutil.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#include "parley/rng.h"
#include "parley/theory.h"

/* T1: p = .6, cA = .1, cB = .15 gives [0.50, 0.75]. */
static void fearon_range(void **state)
{
    (void)state;
    double lo, hi;
    pl_fearon_range(0.6, 0.10, 0.15, &lo, &hi);
    tu_assert_close(lo, 0.50, 1e-12);
    tu_assert_close(hi, 0.75, 1e-12);
}

/* T2: p = .5, cA = .1, cbar = .3 gives x* = 0.6, P(war) = 1/3, EU_A = 0.533333; a brute-force
** search over [0.5, 0.8] in steps of 1e-5 finds the same offer. */
static void fearon_offer(void **state)
{
    (void)state;
    double x, pw, eu;
    pl_error err;
    assert_int_equal(pl_fearon_offer(0.5, 0.1, 0.3, &x, &pw, &eu, &err), PL_OK);
    tu_assert_close(x, 0.6, 1e-12);
    tu_assert_close(pw, 1.0 / 3.0, 1e-12);
    tu_assert_close(eu, 0.533333333333, 1e-9);
    double best_x = 0, best = -1;
    for (long k = 0; k <= 30000; k++) {
        double xi = 0.5 + 1e-5 * (double)k, v = pl_fearon_offer_value(xi, 0.5, 0.1, 0.3);
        if (v > best) best = v, best_x = xi;
    }
    tu_assert_close(best_x, 0.6, 1e-5);
    assert_int_equal(pl_fearon_offer(0.5, 0.1, 0.0, &x, NULL, NULL, &err), PL_EDOM);
    /* A high own cost: no risk worth taking, offer p. */
    assert_int_equal(pl_fearon_offer(0.5, 0.4, 0.3, &x, &pw, NULL, &err), PL_OK);
    tu_assert_close(x, 0.5, 1e-12);
    tu_assert_close(pw, 0.0, 0);
}

/* T3-T5 and the gradual slide (war-termination.md §2.1, worked example 2a). */
static void powell_shift(void **state)
{
    (void)state;
    const double d = 0.9, c = 0.5;
    double mA = pl_powell_lockin(0.6, d, c);
    tu_assert_close(mA, 5.5, 1e-12);
    /* T3: abrupt shift to 0.2: the most B can promise is 3.25 < 5.5, war. */
    double mB = pl_powell_lockin(1 - 0.2, d, c);
    tu_assert_close(pl_powell_best_peace(d, mB), 3.25, 1e-12);
    assert_true(pl_powell_war(d, 0.6, 0.2, c, c));
    /* T4: small shift to 0.55: 6.4 > 5.5, peace. */
    mB = pl_powell_lockin(1 - 0.55, d, c);
    tu_assert_close(pl_powell_best_peace(d, mB), 6.4, 1e-12);
    assert_false(pl_powell_war(d, 0.6, 0.55, c, c));
    /* T5: the cut-off is 0.45; just either side of it the verdict flips. */
    double pstar = pl_powell_critical(d, 0.6, c, c);
    tu_assert_close(pstar, 0.45, 1e-12);
    assert_true(pl_powell_war(d, 0.6, pstar - 1e-9, c, c));
    assert_false(pl_powell_war(d, 0.6, pstar + 1e-9, c, c));
    /* The same verdicts from the lock-in comparison M^A_t > best peace. */
    for (double pn = 0.05; pn < 0.95; pn += 0.05) {
        int by_lockin = mA > pl_powell_best_peace(d, pl_powell_lockin(1 - pn, d, c));
        assert_int_equal(by_lockin, pl_powell_war(d, 0.6, pn, c, c));
    }
    /* Gradual slide 0.60 → 0.20 in 10 steps of 0.04: never war; the same total shift at once: war. */
    double path[11];
    for (int t = 0; t <= 10; t++) path[t] = 0.6 - 0.04 * t;
    assert_int_equal(pl_powell_first_war(d, path, 11, c, c), -1);
    for (int t = 0; t < 10; t++) assert_true(d * (1 - path[t + 1]) - (1 - path[t]) <= -0.004 + 1e-12);
    double jump[3] = {0.6, 0.2, 0.2};
    assert_int_equal(pl_powell_first_war(d, jump, 3, c, c), 0);
}

/* T6: screening in the reduced form of bargaining while fighting. */
static void bwf_screening(void **state)
{
    (void)state;
    pl_bwf_screen s;
    pl_bwf_screen_solve(0.2, 0.5, 0.02, 0.10, 0.05, 0.95, 0.3, &s);
    tu_assert_close(s.w_strong, 1.0 / 3.0, 1e-9);
    tu_assert_close(s.w_weak, 0.0, 1e-12);
    tu_assert_close(s.w_a, 0.208333333, 1e-8);
    tu_assert_close(s.m_weak, 0.253333333, 1e-8);
    tu_assert_close(s.pool, 0.666666667, 1e-8);
    tu_assert_close(s.screen, 0.689666667, 1e-8);
    tu_assert_close(s.pi_star, 0.421052632, 1e-8);
    assert_true(s.screens);
    pl_bwf_screen_solve(0.2, 0.5, 0.02, 0.10, 0.05, 0.95, 0.45, &s);
    assert_false(s.screens);
}

/* T7: gambler's ruin N = 10, k = 5, p = .6; and the fair-coin limit k/N, k(N − k). */
static void random_walk(void **state)
{
    (void)state;
    tu_assert_close(pl_ruin_win(0.6, 5, 10), 0.883636, 1e-6);
    tu_assert_close(pl_ruin_battles(0.6, 5, 10), 19.181818, 1e-6);
    tu_assert_close(pl_ruin_win(0.5, 3, 10), 0.3, 1e-12);
    tu_assert_close(pl_ruin_battles(0.5, 3, 10), 21.0, 1e-12);
    /* Monte Carlo check of both numbers with a fixed stream. */
    gsl_rng *r = pl_rng_alloc(7, 0);
    long wins = 0, battles = 0, n = 100000;
    for (long i = 0; i < n; i++) {
        long k = 5;
        while (k > 0 && k < 10) k += gsl_rng_uniform(r) < 0.6 ? 1 : -1, battles++;
        wins += k == 10;
    }
    gsl_rng_free(r);
    tu_assert_close((double)wins / (double)n, 0.883636, 0.01);
    tu_assert_close((double)battles / (double)n, 19.181818, 0.01);
}

/* T8: posterior after 3 wins and 1 loss. */
static void posterior(void **state)
{
    (void)state;
    tu_assert_close(pl_battle_posterior(0.5, 0.6, 0.4, 3, 1), 0.692308, 1e-6);
    tu_assert_close(pl_battle_posterior(0.5, 0.6, 0.4, 0, 0), 0.5, 1e-12);
    /* A long record neither underflows nor loses the verdict. */
    assert_true(pl_battle_posterior(0.5, 0.6, 0.4, 3000, 1000) > 0.999999);
}

/* T9: symmetric war of attrition V = 10, c = 1; asymmetric V1 = 10, V2 = 5. */
static void attrition(void **state)
{
    (void)state;
    tu_assert_close(pl_attrition_hazard(1, 10), 0.1, 1e-12);
    tu_assert_close(pl_attrition_duration(10, 1), 5.0, 1e-12);
    tu_assert_close(pl_attrition_hazard(1, 5), 0.2, 1e-12); /* player 1 concedes at c/V2 */
    tu_assert_close(pl_attrition_hazard(1, 10), 0.1, 1e-12);
    /* The prize is dissipated: expected total cost V and payoff 0 (200,000 draws). */
    gsl_rng *r = pl_rng_alloc(1, 0);
    double cost = 0, payoff = 0;
    long n = 200000;
    for (long i = 0; i < n; i++) {
        double t1 = gsl_ran_exponential(r, 10), t2 = gsl_ran_exponential(r, 10), t = t1 < t2 ? t1 : t2;
        cost += 2 * t;
        payoff += (t2 < t1 ? 10 : 0) - t;
    }
    gsl_rng_free(r);
    tu_assert_close(cost / (double)n, 10.0, 0.01);
    assert_true(fabs(payoff / (double)n) < 0.1);
}

/* T10: private values U[0,1], by quadrature and in closed form. */
static void attrition_private(void **state)
{
    (void)state;
    pl_error err;
    double t;
    for (int closed = 0; closed <= 1; closed++) {
        assert_int_equal(pl_attrition_stop_uniform(0.5, closed, &t, &err), PL_OK);
        tu_assert_close(t, 0.193147, 1e-6);
        assert_int_equal(pl_attrition_stop_uniform(0.9, closed, &t, &err), PL_OK);
        tu_assert_close(t, 1.402585, 1e-6);
    }
    assert_int_equal(pl_attrition_stop_uniform(1.0, 1, &t, &err), PL_EDOM);
}

/* T15: PsychSim's Powell variant, fighting only, collapse .1/.1. */
static void collapse_race(void **state)
{
    (void)state;
    double pw, er, pu;
    pl_error err;
    assert_int_equal(pl_collapse_race(0.1, 0.1, 15, &pw, &er, &pu, &err), PL_OK);
    tu_assert_close(pw, 0.5, 1e-12);
    tu_assert_close(er, 5.555556, 1e-6);
    tu_assert_close(pu, 0.0510, 2e-3);
    assert_int_equal(pl_collapse_race(0, 0, 15, &pw, &er, &pu, &err), PL_EDOM);
    /* Monte Carlo with an asymmetric pair. */
    assert_int_equal(pl_collapse_race(0.05, 0.2, 15, &pw, &er, NULL, &err), PL_OK);
    gsl_rng *r = pl_rng_alloc(3, 0);
    long wins = 0, rounds = 0, n = 100000;
    for (long i = 0; i < n; i++) {
        for (;;) {
            int a = gsl_rng_uniform(r) < 0.05, b = gsl_rng_uniform(r) < 0.2;
            rounds++;
            if (a != b) {
                wins += b;
                break;
            }
        }
    }
    gsl_rng_free(r);
    tu_assert_close((double)wins / (double)n, pw, 0.01);
    tu_assert_close((double)rounds / (double)n, er, 0.02);
}

/* The value of waiting for a signal (worked by hand in docs/models/settle.md §11): mu 0.5, a deal
** worth 0 against a resolute guarantor and 2 against an irresolute one, fighting worth 0.5, a
** signal seen 90% / 10%: deciding now gives 1; after the signal the attacker fights (mu' 0.9,
** deal 0.2) or takes the deal (mu' 0.1, deal 1.8): 0.5·0.5 + 0.5·1.8 = 1.15, so waiting is worth
** 0.15 undiscounted, 0.15 − 0.115 = 0.035 at delta 0.9, and nothing when the signal is uninformative. */
static void learning_wait(void **state)
{
    (void)state;
    tu_assert_close(pl_learning_wait_value(0.5, 0, 2, 0.5, 0.9, 0.1, 1, 0), 0.15, 1e-12);
    tu_assert_close(pl_learning_wait_value(0.5, 0, 2, 0.5, 0.9, 0.1, 0.9, 0), 0.9 * 1.15 - 1, 1e-12);
    tu_assert_close(pl_learning_wait_value(0.5, 0, 2, 0.5, 0.5, 0.5, 1, 0), 0, 1e-12);
    tu_assert_close(pl_learning_wait_value(0.5, 0, 2, 0.5, 0.5, 0.5, 1, 0.1), -0.1, 1e-12);
    /* Jensen: with no discount or cost, waiting for information is never worth less than nothing. */
    for (double mu = 0.05; mu < 1; mu += 0.1)
        assert_true(pl_learning_wait_value(mu, 0.3, 1.7, 0.9, 0.7, 0.2, 1, 0) >= -1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fearon_range), cmocka_unit_test(fearon_offer),      cmocka_unit_test(powell_shift),
        cmocka_unit_test(bwf_screening), cmocka_unit_test(random_walk),      cmocka_unit_test(posterior),
        cmocka_unit_test(attrition),     cmocka_unit_test(attrition_private), cmocka_unit_test(collapse_race),
        cmocka_unit_test(learning_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
