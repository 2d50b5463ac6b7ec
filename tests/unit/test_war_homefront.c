/*
** test_war_homefront.c — the home front: an unexposed population's morale ignores strikes,
** the module switch, outages from the grid balance, night alerts, the production ceiling, decoys and
** the grid's restoration.
*/
#include "war_fixture.h"

#include <math.h>

#include "parley/rng.h"

/* Russia's exposure is (near) zero: whatever Ukraine launches, Russian morale is the same. */
static void unexposed_population(void **state)
{
    (void)state;
    double morale[2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = war_fixture_params();
        p.side[0].home.exposure = 0;
        p.side[0].home.grid_capacity_gw = p.side[0].home.grid_demand_gw = 20; /* a grid that could fail */
        p.side[0].home.damage_gw_per_hit = 0.05;
        p.side[1].home.drones_per_month = k ? 20000 : 0;
        p.side[1].home.missiles_per_month = k ? 500 : 0;
        pl_war_params_prepare(&p);
        pl_war_state s = war_fixture_run(&p, NULL, 365);
        assert_true(k == 0 || (s.side[0].cum_alert_hours > 0 && s.side[0].cum_outage_hours > 0));
        morale[k] = s.side[0].morale;
    }
    assert_true(morale[0] == morale[1]);
    /* The same strikes on an exposed population lower its morale. */
    pl_war_params p = war_fixture_params();
    double before = war_fixture_run(&p, NULL, 365).side[1].morale;
    p.side[0].home.drones_per_month *= 3;
    pl_war_params_prepare(&p);
    assert_true(war_fixture_run(&p, NULL, 365).side[1].morale < before);
}

/* Home front off for the target: no alerts, no outages, morale stays where it started. */
static void homefront_switch(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    p.side[1].modules &= ~(unsigned)PL_WAR_HOMEFRONT;
    gsl_rng *r = pl_rng_alloc(2, 0);
    pl_war_state s = war_fixture_run(&p, r, 365);
    gsl_rng_free(r);
    assert_true(s.side[1].cum_alert_hours == 0 && s.side[1].cum_outage_hours == 0 && s.side[1].grid_damage_gw == 0);
    assert_true(s.side[1].morale == p.side[1].home.morale_initial);
    assert_true(s.side[1].cum_drones == 0 && s.side[0].cum_drones > 0);
}

/* Outage hours are 24 × the shortfall of available generation against seasonal demand. */
static void outage_from_grid_balance(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_homefront_params *h = &p.side[1].home;
    h->damage_gw_per_hit = 0; /* no strike damage: capacity 10 GW against a 14 GW mean demand */
    h->grid_capacity_gw = 10;
    pl_war_params_prepare(&p);
    pl_war_state s;
    pl_war_init(&s, &p);
    for (int d = 0; d < 200; d++) {
        pl_war_step(&s, &p, NULL);
        double doy = p.start_doy + (s.day - 1);
        double demand = h->grid_demand_gw * (1 + h->demand_winter_amplitude * cos(2 * 3.14159265358979323846 * (doy - 15) / 365.25));
        double expect = 24 * fmin(1, fmax(0, 1 - 10 / demand));
        tu_assert_close(s.side[1].outage_hours, expect, 1e-12);
    }
}

/* Night hours weigh more: a heavier night weight lowers morale further. */
static void night_alerts_weigh_more(void **state)
{
    (void)state;
    double morale[2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = war_fixture_params();
        p.side[1].home.night_weight = k ? 3 : 1;
        pl_war_params_prepare(&p);
        morale[k] = war_fixture_run(&p, NULL, 180).side[1].morale;
    }
    assert_true(morale[1] < morale[0]);
}

/* Launch growth compounds up to the production ceiling and no further. */
static void production_ceiling(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_homefront_params *h = &p.side[0].home;
    h->strike_growth_per_year = 5;
    pl_war_params_prepare(&p);
    pl_war_state s = war_fixture_run(&p, NULL, 730), t = s;
    pl_war_step(&t, &p, NULL);
    tu_assert_close(t.side[0].cum_drones - s.side[0].cum_drones, h->strike_cap_per_month / 30.4375, 1e-12);
    tu_assert_close(t.side[0].cum_missiles - s.side[0].cum_missiles, h->missile_cap_per_month / 30.4375, 1e-12);
}

/* Restoration proportional to the damage: under a steady rate of hits h the damage G follows
** G ← G(1 − ρ) + d·h − r₀ and settles at (d·h − r₀)/ρ (docs/models/war.md §3); without ρ it grows
** by d·h − r₀ a day until the grid is gone. */
static void repair_settles_damage(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        pl_war_params p = war_fixture_params();
        pl_war_homefront_params *striker = &p.side[0].home, *h = &p.side[1].home;
        striker->strike_growth_per_year = 0; /* the same launches every day */
        h->grid_capacity_gw = 1e6;         /* no clamp at the top */
        h->damage_gw_per_hit = 0.004, h->repair_gw_per_day = 0.005, h->repair_share_per_day = k ? 0.004 : 0;
        pl_war_params_prepare(&p);
        pl_war_state s = war_fixture_run(&p, NULL, 1), t = s;
        double hits = s.side[1].cum_hits; /* one day's hits, the same every day */
        assert_true(hits > 0);
        double gain = h->damage_gw_per_hit * hits - h->repair_gw_per_day;
        assert_true(gain > 0);
        pl_war_step(&t, &p, NULL);
        tu_assert_close(t.side[1].grid_damage_gw, s.side[1].grid_damage_gw * (1 - h->repair_share_per_day) + gain, 1e-12);
        s = war_fixture_run(&p, NULL, 5000);
        if (k) tu_assert_close(s.side[1].grid_damage_gw, gain / h->repair_share_per_day, 1e-6 * gain / h->repair_share_per_day);
        else tu_assert_close(s.side[1].grid_damage_gw, 5000 * gain, 1e-9 * 5000 * gain);
    }
}

/* Decoys: none before their start, half the ratio halfway through the ramp, the full ratio after
** it, on top of the attack drones' growth and under the ceiling; they add no hits on the grid. */
static void decoys_join_drones(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params(), q;
    pl_war_homefront_params *h = &p.side[0].home;
    h->strike_cap_per_month = 1e7;
    q = p;
    h->decoy_ratio = 1.2, h->decoy_start_days = 100, h->decoy_ramp_days = 40;
    pl_war_params_prepare(&p);
    pl_war_params_prepare(&q);
    const int days[] = {50, 120, 200};
    const double ratio[] = {0, 0.6, 1.2}; /* before, halfway (the step after 120 days runs day 120), after */
    for (int k = 0; k < 3; k++) {
        pl_war_state s = war_fixture_run(&p, NULL, days[k]), t = s, u = war_fixture_run(&q, NULL, days[k]), v = u;
        pl_war_step(&t, &p, NULL);
        pl_war_step(&v, &q, NULL);
        double with = t.side[0].cum_drones - s.side[0].cum_drones, without = v.side[0].cum_drones - u.side[0].cum_drones;
        assert_true(without > 0);
        tu_assert_close(with / without, 1 + ratio[k], 1e-9);
        tu_assert_close(t.side[0].cum_missiles - s.side[0].cum_missiles, v.side[0].cum_missiles - u.side[0].cum_missiles, 1e-12);
        /* decoys carry no warhead: the target's grid takes the same hits with or without them */
        tu_assert_close(t.side[1].cum_hits, v.side[1].cum_hits, 1e-9 * v.side[1].cum_hits + 1e-12);
    }
    h->strike_cap_per_month = 3000; /* the ceiling holds decoys too */
    pl_war_params_prepare(&p);
    pl_war_state s = war_fixture_run(&p, NULL, 400), t = s;
    pl_war_step(&t, &p, NULL);
    assert_true(t.side[0].cum_drones - s.side[0].cum_drones <= 3000 / 30.4375 + 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unexposed_population),  cmocka_unit_test(homefront_switch),
        cmocka_unit_test(outage_from_grid_balance), cmocka_unit_test(night_alerts_weigh_more),
        cmocka_unit_test(production_ceiling), cmocka_unit_test(repair_settles_damage),
        cmocka_unit_test(decoys_join_drones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
