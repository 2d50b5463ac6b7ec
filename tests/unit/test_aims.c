/*
** test_aims.c — known answers for the aims hypotheses (the revisionist value) and for Bayes' rule
** over the guarantor's resolve; the flagship's declared hypotheses and signals as read.
*/
#include <math.h>

#include "parley/aims.h"
#include "parley/rng.h"
#include "testutil.h"

/* Revisionist value by hand: sigma 0.4, lambda 0.5, delta 0.9, a guarantee honoured with
** probability 0.8 for 15 years: 0.4·(1 − 0.8·(1 − 0.9^15)) + 0.5·w. */
static void revisionist_value(void **state)
{
    (void)state;
    pl_aims a = {0.4, 0.5};
    double removed = 0.8 * (1 - pow(0.9, 15));
    tu_assert_close(pl_aims_deal_flow(&a, 0.8, 15, 0.9, 0.25), 0.4 * (1 - removed) + 0.125, 1e-12);
    /* No guarantee: the whole subordination; a guarantee forever, honoured: none of it. */
    tu_assert_close(pl_aims_deal_flow(&a, 0, 15, 0.9, 0), 0.4, 1e-12);
    tu_assert_close(pl_aims_deal_flow(&a, 1, 1e6, 0.9, 0), 0, 1e-12);
    tu_assert_close(pl_aims_deal_flow(&a, 1, 0, 0.9, 0), 0.4, 1e-12);
    tu_assert_close(pl_aims_win_flow(&a), 0.9, 1e-12);
    /* Limited aims add nothing anywhere. */
    pl_aims lim = {0, 0};
    tu_assert_close(pl_aims_deal_flow(&lim, 0.3, 15, 0.9, 1), 0, 0);
    tu_assert_close(pl_aims_win_flow(&lim), 0, 0);
    /* The 28-point plan's 600,000 cap on an 880,000 wartime army, 800,000 kept in peace. */
    tu_assert_close(pl_aims_weakness(8e5, 6e5, 8.8e5), 1 - 6.0 / 8.8, 1e-12);
    tu_assert_close(pl_aims_weakness(8e5, HUGE_VAL, 8.8e5), 1 - 8.0 / 8.8, 1e-12);
    tu_assert_close(pl_aims_weakness(8e5, 6e5, 0), 0, 0);
}

static void pick(void **state)
{
    (void)state;
    double prior[3] = {1, 3, 0};
    assert_int_equal(pl_aims_pick(prior, 3, 0), 0);
    assert_int_equal(pl_aims_pick(prior, 3, 0.2499), 0);
    assert_int_equal(pl_aims_pick(prior, 3, 0.25), 1);
    assert_int_equal(pl_aims_pick(prior, 3, 0.9999), 1);
    double none[2] = {0, 0};
    assert_int_equal(pl_aims_pick(none, 2, 0.7), 0);
}

/* Bayes by hand: prior 0.5, signals with likelihoods (0.8, 0.4) and (0.3, 0.6): odds 1·2·0.5 = 1,
** posterior 0.5; with the first alone, odds 2, posterior 2/3. */
static void resolve_update(void **state)
{
    (void)state;
    double pr[2] = {0.8, 0.3}, pi[2] = {0.4, 0.6};
    tu_assert_close(pl_resolve_posterior(0.5, pr, pi, 2), 0.5, 1e-12);
    tu_assert_close(pl_resolve_posterior(0.5, pr, pi, 1), 2.0 / 3.0, 1e-12);
    tu_assert_close(pl_resolve_posterior(0.2, pr, pi, 1), 0.2 * 0.8 / (0.2 * 0.8 + 0.8 * 0.4), 1e-12);
    /* No signals, or a known type: the prior. */
    tu_assert_close(pl_resolve_posterior(0.37, pr, pi, 0), 0.37, 0);
    tu_assert_close(pl_resolve_posterior(1, pr, pi, 2), 1, 0);
    tu_assert_close(pl_resolve_posterior(0, pr, pi, 2), 0, 0);
    /* A signal only one type sends settles it. */
    double sure_r[1] = {0.5}, sure_i[1] = {0};
    tu_assert_close(pl_resolve_posterior(0.1, sure_r, sure_i, 1), 1, 0);
    /* 400 signals with likelihood ratio 2 cannot overflow. */
    double many_r[400], many_i[400];
    for (int k = 0; k < 400; k++) many_r[k] = 0.2, many_i[k] = 0.1;
    tu_assert_close(pl_resolve_posterior(0.5, many_r, many_i, 400), 1, 1e-12);
    tu_assert_close(pl_resolve_posterior(0.5, many_i, many_r, 400), 0, 1e-12);
    /* The factor on credibility. */
    tu_assert_close(pl_resolve_factor(0.6, 0.25), 0.6 + 0.4 * 0.25, 1e-12);
    tu_assert_close(pl_resolve_factor(1, 0), 1, 0);
}

/* Learning in talks: one step by hand, an uninformative signal that moves nothing, and beliefs
** that move toward the true type over a run's rounds. */
static void talk_learning(void **state)
{
    (void)state;
    int seen = -1;
    /* Likelihoods 0.6/0.4 from 0.5: seen gives odds 1.5 (0.6), unseen odds 2/3 (0.4). */
    tu_assert_close(pl_resolve_talk_step(0.5, 1, 0.6, 0.4, 0.1, &seen), 0.6, 1e-12);
    assert_int_equal(seen, 1);
    tu_assert_close(pl_resolve_talk_step(0.5, 1, 0.6, 0.4, 0.9, &seen), 0.4, 1e-12);
    assert_int_equal(seen, 0);
    /* An irresolute type at u = 0.5 does not show firmness (0.5 >= 0.4); a resolute one does. */
    pl_resolve_talk_step(0.5, 0, 0.6, 0.4, 0.5, &seen);
    assert_int_equal(seen, 0);
    pl_resolve_talk_step(0.5, 1, 0.6, 0.4, 0.5, &seen);
    assert_int_equal(seen, 1);
    /* Likelihood ratio 1: the belief never moves, whatever is seen. */
    for (double u = 0; u < 1; u += 0.125) tu_assert_close(pl_resolve_talk_step(0.37, u < 0.5, 0.3, 0.3, u, NULL), 0.37, 0);
    /* Informative talks (0.7/0.3): over 30 rounds from 0.5 the belief ends near the true type,
    ** and its mean over 200 runs moves toward it every round (a martingale under the mixture,
    ** a drift toward the truth given the type). */
    gsl_rng *rng = pl_rng_alloc(7, 0);
    for (int type = 0; type < 2; type++) {
        double mean_prev = 0.5, mu[200];
        for (int k = 0; k < 200; k++) mu[k] = 0.5;
        for (int r = 0; r < 30; r++) {
            double mean = 0;
            for (int k = 0; k < 200; k++) mean += (mu[k] = pl_resolve_talk_step(mu[k], type, 0.7, 0.3, gsl_rng_uniform(rng), NULL)) / 200;
            if (r < 10) assert_true(type ? mean > mean_prev : mean < mean_prev);
            mean_prev = mean;
        }
        assert_true(type ? mean_prev > 0.95 : mean_prev < 0.05);
    }
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(revisionist_value), cmocka_unit_test(pick),
                                       cmocka_unit_test(resolve_update), cmocka_unit_test(talk_learning)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
