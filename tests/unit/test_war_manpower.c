/*
** test_war_manpower.c — manpower: conservation of personnel through every flow, the module
** switch, the bribe share against household means, compliance and morale, the depleting prison
** pool, and full mobilisation.
*/
#include "war_fixture.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "parley/rng.h"

/* Everyone who ever served is somewhere: in line, reserve, training, hospital, AWOL, killed or
** disabled, and that total is the start plus every recruit. */
static void conservation_of_personnel(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    gsl_rng *r = pl_rng_alloc(9, 0);
    pl_war_state s = war_fixture_run(&p, r, 730);
    gsl_rng_free(r);
    for (int x = 0; x < 2; x++) {
        const pl_war_side_state *ss = &s.side[x];
        const pl_war_front_params *f = &p.side[x].front;
        double start = f->forces_line + f->forces_reserve + f->forces_training;
        double recruits = ss->cum_contract + ss->cum_prison + ss->cum_levy + ss->cum_mobilized;
        double where = ss->line + ss->reserve + ss->training + ss->wounded + ss->awol + ss->cum_killed + ss->cum_disabled;
        tu_assert_close(where, start + recruits, 1e-10);
        tu_assert_close(ss->cum_awol - ss->cum_awol_returned, ss->awol, 1e-9);
        assert_true(recruits > 0 && ss->cum_losses > 0);
    }
    /* Call-ups split exactly into bribes, evasion and reporting. */
    const pl_war_side_state *u = &s.side[1];
    tu_assert_close(u->cum_bribed + u->cum_evaded + u->cum_mobilized, u->cum_called, 1e-10);
    tu_assert_close(u->mobilization_pool, p.side[1].manpower.mobilization_pool - u->cum_called, 1e-10);
}

/* Manpower off: no recruitment, no evasion, no AWOL, pools and bonus as at the start. */
static void manpower_switch(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    for (int x = 0; x < 2; x++) p.side[x].modules &= ~(unsigned)PL_WAR_MANPOWER;
    pl_war_state s = war_fixture_run(&p, NULL, 365);
    for (int x = 0; x < 2; x++) {
        const pl_war_side_state *ss = &s.side[x];
        assert_true(ss->cum_contract == 0 && ss->cum_prison == 0 && ss->cum_levy == 0 && ss->cum_mobilized == 0);
        assert_true(ss->cum_called == 0 && ss->cum_evaded == 0 && ss->cum_bribed == 0 && ss->cum_awol == 0);
        assert_true(ss->prison_pool == p.side[x].manpower.prison_pool);
        assert_true(ss->bonus == p.side[x].manpower.bonus && ss->full_mobilization == -1);
    }
}

/* With propensity 1 the share who buy removal is P(means ≥ price) under the log-normal. */
static void bribe_share(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_manpower_params *m = &p.side[1].manpower;
    m->bribe_propensity = 1;
    m->bribe_price = 7500;
    pl_war_params_prepare(&p);
    pl_war_state s = war_fixture_run(&p, NULL, 30);
    double expect = gsl_cdf_lognormal_Q(7500, log(m->means_median), m->means_sigma);
    tu_assert_close(s.side[1].cum_bribed / s.side[1].cum_called, expect, 1e-12);
    tu_assert_close(s.side[1].cum_bribe_usd, 7500 * s.side[1].cum_bribed, 1e-12);
    /* A dearer bribe buys fewer removals. */
    m->bribe_price = 30000;
    pl_war_params_prepare(&p);
    assert_true(war_fixture_run(&p, NULL, 30).side[1].cum_bribed < s.side[1].cum_bribed);
}

/* Compliance falls with morale: the same call-ups yield fewer soldiers at lower morale. */
static void compliance_follows_morale(void **state)
{
    (void)state;
    double reported[2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = war_fixture_params();
        p.side[1].home.morale_initial = p.side[1].home.morale_base = k ? 0.4 : 0.8;
        pl_war_params_prepare(&p);
        pl_war_state s = war_fixture_run(&p, NULL, 60);
        reported[k] = s.side[1].cum_mobilized / s.side[1].cum_called;
    }
    assert_true(reported[1] < 0.7 * reported[0]);
}

/* The prison pool depletes geometrically when nothing flows in. */
static void prison_pool_depletes(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_manpower_params *m = &p.side[0].manpower;
    m->prison_inflow = 0;
    pl_war_params_prepare(&p);
    pl_war_state s = war_fixture_run(&p, NULL, 365);
    double keep = pow(1 - m->prison_rate / 30.4375, 365);
    tu_assert_close(s.side[0].prison_pool, m->prison_pool * keep, 1e-9);
    tu_assert_close(s.side[0].cum_prison, m->prison_pool * (1 - keep), 1e-9);
}

/* Full mobilisation: declared when the line falls short, with its morale cost and more calls. */
static void full_mobilisation(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_side_params *r = &p.side[0];
    r->manpower.full_mob_allowed = 1;
    r->manpower.full_mob_trigger = 0.9;
    r->manpower.call_per_month = 10000;
    r->front.line_requirement = 600000; /* the line (470k) is below 90% of need from day 1 */
    r->modules &= ~(unsigned)PL_WAR_HOMEFRONT; /* morale then moves only by the declaration */
    pl_war_params_prepare(&p);
    pl_war_state s;
    pl_war_init(&s, &p);
    double morale = s.side[0].morale;
    pl_war_step(&s, &p, NULL);
    assert_true(s.side[0].full_mobilization == 0);
    tu_assert_close(s.side[0].morale, morale - r->manpower.full_mob_morale_cost, 1e-12);
    tu_assert_close(s.side[0].cum_called, 10000 * r->manpower.full_mob_call_multiplier / 30.4375, 1e-12);
    /* Not allowed: never declared. */
    r->manpower.full_mob_allowed = 0;
    assert_true(war_fixture_run(&p, NULL, 365).side[0].full_mobilization == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conservation_of_personnel), cmocka_unit_test(manpower_switch),
        cmocka_unit_test(bribe_share),               cmocka_unit_test(compliance_follows_morale),
        cmocka_unit_test(prison_pool_depletes),      cmocka_unit_test(full_mobilisation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
