/*
** test_war_economy.c — economy and sanctions: the spending index by hand, the module switch,
** sanctions and energy revenue pushing it down, the war's share of the balance, and aid.
*/
#include "war_fixture.h"

#include <math.h>

/* S = 1 + β·B/N with B = R((1−e) + e f (1−σ)) + borrowing + aid − N_other − N_war. */
static void spending_index_by_hand(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_state s = war_fixture_run(&p, NULL, 365);
    const pl_war_economy_params *e = &p.side[0].economy;
    const pl_war_side_state *r = &s.side[0];
    tu_assert_close(r->energy_revenue_factor, pow(1 + e->energy_revenue_trend_per_year, 365 / 365.25), 1e-9);
    tu_assert_close(r->sanctions_loss, e->sanctions_loss + 365 * e->sanctions_growth_per_year / 365.25, 1e-12);
    double revenue = e->revenue_bn * ((1 - e->energy_revenue_share) +
                                      e->energy_revenue_share * r->energy_revenue_factor * (1 - r->sanctions_loss));
    double balance = revenue + e->borrowing_bn - e->non_war_spending_bn - e->war_spending_need_bn;
    tu_assert_close(r->spending_index, 1 + e->war_balance_share * balance / e->war_spending_need_bn, 1e-12);
    assert_true(r->spending_index < 1);
}

/* Economy off: the index stays 1 (and aid is then irrelevant). */
static void economy_switch(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    for (int x = 0; x < 2; x++) p.side[x].modules &= ~(unsigned)PL_WAR_ECONOMY;
    pl_war_state s = war_fixture_run(&p, NULL, 730);
    assert_true(s.side[0].spending_index == 1 && s.side[1].spending_index == 1);
    assert_true(s.side[0].sanctions_loss == p.side[0].economy.sanctions_loss);
}

/* Harsher sanctions, a war that is the residual claimant, and less aid all lower the index. */
static void pressures_on_spending(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    double base = war_fixture_run(&p, NULL, 365).side[0].spending_index;
    pl_war_params q = p;
    q.side[0].economy.sanctions_growth_per_year = 0.5;
    pl_war_params_prepare(&q);
    assert_true(war_fixture_run(&q, NULL, 365).side[0].spending_index < base);
    q = p;
    q.side[0].economy.war_balance_share = 1;
    pl_war_params_prepare(&q);
    assert_true(war_fixture_run(&q, NULL, 365).side[0].spending_index < base);
    q = p;
    q.side[0].economy.war_balance_share = 0;
    pl_war_params_prepare(&q);
    assert_true(war_fixture_run(&q, NULL, 365).side[0].spending_index == 1);
    double with_aid = war_fixture_run(&p, NULL, 200).side[1].spending_index;
    q = p;
    q.n_third = 0;
    assert_true(war_fixture_run(&q, NULL, 200).side[1].spending_index < with_aid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spending_index_by_hand),
        cmocka_unit_test(economy_switch),
        cmocka_unit_test(pressures_on_spending),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
