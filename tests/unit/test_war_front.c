/*
** test_war_front.c — the front: one day of generalised Lanchester attrition and ground by hand,
** no negative forces under any attrition, the front switch, pressure, rotation and fatigue, the room a
** side's ground is taken from, and the line requirement that grows with the front.
*/
#include "war_fixture.h"

#include <math.h>
#include <string.h>

#include "parley/rng.h"

/* A front-only pair: no manpower, home front or economy, no rotation, no fatigue, no noise. */
static pl_war_params front_only(void)
{
    pl_war_params p = war_fixture_params();
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_params *s = &p.side[x];
        s->modules = PL_WAR_FRONT;
        s->front.fatigue_rate = 0;
        s->front.attrition_noise = s->front.gain_noise = 0;
        s->front.wounded_return_share = 0;
    }
    p.n_third = 0;
    pl_war_params_prepare(&p);
    return p;
}

/* Day 1 by hand: L_x = c (E_y/N)^p (X/N)^q π_x^κ π_y^κ', g_x = g π_x^η (E_x/E_y)^ρ. */
static void one_day_by_hand(void **state)
{
    (void)state;
    pl_war_params p = front_only();
    p.side[0].front.attrition_exp_own = 0.5;
    p.side[0].front.pressure = 1.4;
    p.side[1].front.pressure_enemy_loss_exp = 0.7;
    pl_war_params_prepare(&p);
    pl_war_state s;
    pl_war_init(&s, &p);
    /* Before the fight the reserve fills deploy_rate of each gap (rotation keeps numbers). */
    double line[2], eff[2];
    for (int x = 0; x < 2; x++) {
        const pl_war_front_params *f = &p.side[x].front;
        double gap = fmax(0, f->line_requirement - s.side[x].line) * f->deploy_rate;
        line[x] = s.side[x].line + fmin(gap, s.side[x].reserve);
        eff[x] = f->base_effectiveness * pow(s.side[x].morale, f->morale_weight);
    }
    pl_war_step(&s, &p, NULL);
    const pl_war_front_params *a = &p.side[0].front, *d = &p.side[1].front;
    double la = a->attrition_coeff * pow(line[1] * eff[1] / a->reference_force, a->attrition_exp_enemy) *
                pow(line[0] / a->reference_force, 0.5) * pow(1.4, a->pressure_own_loss_exp) *
                pow(d->pressure, a->pressure_enemy_loss_exp);
    double ld = d->attrition_coeff * line[0] * eff[0] / d->reference_force * pow(1.4, 0.7);
    tu_assert_close(s.side[0].cum_losses, la, 1e-12);
    tu_assert_close(s.side[1].cum_losses, ld, 1e-12);
    double ratio = line[0] * eff[0] / (line[1] * eff[1]);
    double ga = a->gain_coeff * pow(1.4, a->gain_pressure_exp) * pow(ratio, a->gain_ratio_exp);
    double gd = d->gain_coeff * pow(1 / ratio, d->gain_ratio_exp);
    tu_assert_close(s.territory_km2, ga - gd, 1e-12);
    tu_assert_close(s.side[0].line, line[0] - la, 1e-12);
}

/* Whatever the attrition, no stock goes negative over ten years. */
static void no_negative_forces(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    p.side[0].front.attrition_coeff = 1e6;
    p.side[1].front.attrition_coeff = 1e6;
    p.side[0].manpower.awol_rate = 1;
    pl_war_params_prepare(&p);
    gsl_rng *r = pl_rng_alloc(5, 0);
    pl_war_state s;
    pl_error err;
    pl_war_init(&s, &p);
    for (long d = 0; d < 3653; d++) {
        pl_war_step(&s, &p, r);
        for (int x = 0; x < 2; x++) {
            const pl_war_side_state *ss = &s.side[x];
            assert_true(ss->line >= 0 && ss->reserve >= 0 && ss->training >= 0 && ss->awol >= 0);
            assert_true(ss->wounded >= 0 && ss->prison_pool >= 0 && ss->mobilization_pool >= 0);
            assert_true(ss->fatigue >= 0 && ss->fatigue <= 1 && ss->morale >= 0 && ss->morale <= 1);
        }
    }
    assert_int_equal(pl_war_run(&s, &p, r, 0, NULL, &err), PL_OK);
    gsl_rng_free(r);
}

/* With either side's front switched off nobody fights: no losses, no ground. */
static void front_switch(void **state)
{
    (void)state;
    for (int off = 0; off < 2; off++) {
        pl_war_params p = war_fixture_params();
        p.side[off].modules &= ~(unsigned)PL_WAR_FRONT;
        gsl_rng *r = pl_rng_alloc(1, 0);
        pl_war_state s = war_fixture_run(&p, r, 365);
        gsl_rng_free(r);
        assert_true(s.side[0].cum_losses == 0 && s.side[1].cum_losses == 0);
        assert_true(s.territory_km2 == 0 && s.side[0].cum_gain == 0);
        /* The switched-off side's line is untouched by its own front (no rotation, no fatigue). */
        assert_true(s.side[off].fatigue == 0);
    }
}

/* A higher offensive pressure costs the attacker more and takes more ground. */
static void pressure_trades_losses_for_ground(void **state)
{
    (void)state;
    double losses[2], ground[2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = front_only();
        p.side[0].front.pressure = k ? 1.5 : 1.0;
        pl_war_params_prepare(&p);
        pl_war_state s = war_fixture_run(&p, NULL, 90);
        losses[k] = s.side[0].cum_losses;
        ground[k] = s.territory_km2;
    }
    assert_true(losses[1] > 1.3 * losses[0]);
    assert_true(ground[1] > ground[0]);
}

/* Relief keeps the line fresher: shorter tours and more reserve mean less fatigue. */
static void rotation_limits_fatigue(void **state)
{
    (void)state;
    double fatigue[2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = war_fixture_params();
        p.side[1].front.rotation_days = k ? 30 : 1000;
        p.side[1].front.forces_reserve = k ? 200000 : 50000;
        p.side[1].front.rotation_capacity = k ? 0.05 : 0.01;
        pl_war_params_prepare(&p);
        fatigue[k] = war_fixture_run(&p, NULL, 365).side[1].fatigue;
    }
    assert_true(fatigue[1] < 0.5 * fatigue[0]);
    assert_true(fatigue[0] > 0.3);
}

/* Ground taken falls in proportion to the room left: from half the attacker's room used, its day's
** gain is half what it would be unbounded, the defender's (which has lost ground) is unchanged. */
static void room_halves_gain(void **state)
{
    (void)state;
    double gain[2][2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = front_only();
        p.side[0].front.ground_room_km2 = k ? 20000 : 0;
        p.side[1].front.ground_room_km2 = k ? 5000 : 0;
        pl_war_params_prepare(&p);
        pl_war_state s;
        pl_war_init(&s, &p);
        s.territory_km2 = 10000;
        pl_war_step(&s, &p, NULL);
        gain[k][0] = s.side[0].cum_gain, gain[k][1] = s.side[1].cum_gain;
    }
    assert_true(gain[0][0] > 0 && gain[0][1] > 0);
    tu_assert_close(gain[1][0], 0.5 * gain[0][0], 1e-12);
    tu_assert_close(gain[1][1], gain[0][1], 1e-12);
}

/* However strong a side, its net ground never leaves its room: the attacker holds at most the
** defender's territory, the defender retakes at most what the attacker held; both come close. */
static void room_bounds_ground(void **state)
{
    (void)state;
    for (int x = 0; x < 2; x++) {
        pl_war_params p = war_fixture_params();
        p.side[x].front.gain_coeff = 5000;
        p.side[1 - x].front.gain_coeff = 0;
        p.side[x].front.gain_noise = 2;
        pl_war_params_prepare(&p);
        double room_a = p.side[0].front.ground_room_km2, room_d = p.side[1].front.ground_room_km2;
        assert_true(room_a > 4e5 && room_d > 1e5);
        gsl_rng *r = pl_rng_alloc(7, (uint64_t)x);
        pl_war_state s;
        pl_war_init(&s, &p);
        for (long d = 0; d < 3653; d++) {
            pl_war_step(&s, &p, r);
            assert_true(s.territory_km2 <= room_a && s.territory_km2 >= -room_d);
        }
        gsl_rng_free(r);
        if (x == 0) assert_true(s.territory_km2 > 0.99 * room_a);
        else assert_true(s.territory_km2 < -0.99 * room_d);
    }
}

/* The line requirement grows with the attacker's net ground (a longer front): after a day from
** 10,000 km2 taken the requirement is line_requirement + ρ·T, and the reserve fills toward it. */
static void requirement_follows_ground(void **state)
{
    (void)state;
    double line[2];
    for (int k = 0; k < 2; k++) {
        pl_war_params p = front_only();
        p.side[0].front.requirement_per_km2 = 0;
        p.side[1].front.requirement_per_km2 = k ? 11 : 0;
        p.side[1].front.forces_reserve = 200000;
        pl_war_params_prepare(&p);
        pl_war_state s;
        pl_war_init(&s, &p);
        s.territory_km2 = 10000;
        pl_war_step(&s, &p, NULL);
        double req = p.side[1].front.line_requirement + (k ? 11 * 10000 : 0);
        tu_assert_close(s.side[1].requirement, req, 1e-12);
        tu_assert_close(s.side[0].requirement, p.side[0].front.line_requirement, 1e-12);
        line[k] = s.side[1].line + s.side[1].losses_today;
    }
    /* The day's filling is deploy_rate of the gap, so 11·10,000 more of gap sends that share more. */
    tu_assert_close(line[1] - line[0], front_only().side[1].front.deploy_rate * 110000, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_day_by_hand),
        cmocka_unit_test(no_negative_forces),
        cmocka_unit_test(front_switch),
        cmocka_unit_test(pressure_trades_losses_for_ground),
        cmocka_unit_test(rotation_limits_fatigue),
        cmocka_unit_test(room_halves_gain),
        cmocka_unit_test(room_bounds_ground),
        cmocka_unit_test(requirement_follows_ground),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
