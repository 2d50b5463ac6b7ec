/*
** test_guarantee.c — security guarantees and the values a side weighs after a deal: the ladder,
** credibility and its decay, the mixture of a renewed war's outcomes over whether the guarantor
** fights, monotonicity (a firmer guarantee never raises the attacker's value of renewing the
** war), the option to attack later, Powell's condition through the post-deal
** engine, and the value of fighting on against Powell's (2004) reduced form.
*/
#include "testutil.h"

#include <math.h>

#include "parley/renewal.h"
#include "parley/settle.h"
#include "parley/theory.h"

static pl_guarantee base_guarantee(double strength)
{
    pl_guarantee g = {0};
    g.duration_years = 15;
    g.half_life_years = 4;
    g.attention_floor = 0.1;
    g.tripwire_scale = 25000;
    g.force_quality = 1;
    g.cost_factor = 2;
    pl_guarantee_from_strength(strength, &g);
    return g;
}

static void ladder(void **state)
{
    (void)state;
    pl_guarantee g = base_guarantee(0);
    tu_assert_close(g.p_fight, 0, 0);
    tu_assert_close(pl_guarantee_credibility(&g, 1, 0), 0, 0);
    g = base_guarantee(5);
    tu_assert_close(g.p_fight, 0.9, 1e-12);
    tu_assert_close(g.forces, 60000, 1e-12);
    tu_assert_close(g.automaticity, 1, 1e-12);
    g = base_guarantee(3.5); /* halfway between rungs 3 and 4 */
    tu_assert_close(g.p_fight, 0.425, 1e-12);
    tu_assert_close(g.forces, 10000, 1e-12);
    /* Fresh credibility of rung 5: 1 − (1 − 0.9)(1 − (1 − e^{−60000/25000})). */
    g = base_guarantee(5);
    tu_assert_close(pl_guarantee_credibility(&g, 1, 0), 1 - 0.1 * exp(-2.4), 1e-12);
    /* A guarantee stated by components reads back as the rung with the same fresh credibility. */
    g = base_guarantee(3.7);
    tu_assert_close(pl_guarantee_equivalent_strength(&g), 3.7, 1e-9);
    g.p_fight = 0, g.forces = 0;
    tu_assert_close(pl_guarantee_equivalent_strength(&g), 0, 1e-9);
    /* Every component and the credibility rise along the ladder. */
    pl_guarantee prev = base_guarantee(0);
    for (double s = 0.05; s <= 5.0001; s += 0.05) {
        g = base_guarantee(s);
        assert_true(g.p_fight >= prev.p_fight && g.forces >= prev.forces && g.automaticity >= prev.automaticity &&
                    g.power >= prev.power);
        for (double a = 0; a <= 1; a += 0.25)
            assert_true(pl_guarantee_credibility(&g, a, 3) >= pl_guarantee_credibility(&prev, a, 3));
        prev = g;
    }
}

static void attention_decay(void **state)
{
    (void)state;
    pl_guarantee g = base_guarantee(3);
    tu_assert_close(pl_guarantee_attention(&g, 1, 4), 0.1 + 0.9 * 0.5, 1e-12);
    tu_assert_close(pl_guarantee_attention(&g, 1, 400), 0.1, 1e-9);
    /* Credibility falls as attention fades, unless the commitment is fully automatic with no troops. */
    double last = 2;
    for (double t = 0; t < 15; t += 0.5) {
        double c = pl_guarantee_credibility(&g, pl_guarantee_attention(&g, 1, t), t);
        assert_true(c < last);
        last = c;
    }
    tu_assert_close(pl_guarantee_credibility(&g, 1, 15), 0, 0); /* expired */
    tu_assert_close(pl_guarantee_forces(&g, 0.5, 1), 2500, 1e-12);
    g.automaticity = 1, g.forces = 0;
    tu_assert_close(pl_guarantee_credibility(&g, 0.2, 5), g.p_fight, 1e-12);
}

static pl_renewal_outcome outcome(double scale)
{
    pl_renewal_outcome o = {.p_collapse_defender = 0.2 * scale, .p_collapse_attacker = 0.1, .p_stalemate = 0.7,
                            .ground_km2 = 3000 * scale, .years = 1.2};
    o.attacker = (pl_renewal_side){.imposed = 2 * scale, .broken = 0.1, .line = 4, .flows = 0.5, .cost = 1};
    o.attacker.value = o.attacker.imposed + o.attacker.broken + o.attacker.line + o.attacker.flows - o.attacker.cost;
    o.defender = (pl_renewal_side){.imposed = 1, .broken = 0.2 * scale, .line = 3, .flows = 0.4, .cost = 1.5};
    o.defender.value = o.defender.imposed + o.defender.broken + o.defender.line + o.defender.flows - o.defender.cost;
    return o;
}

/* The mixture over whether the guarantor fights and the interpolation between renewal dates are
** linear in every field; p = 0 gives the war without the guarantor exactly. */
static void renewal_mix(void **state)
{
    (void)state;
    pl_renewal_outcome alone = outcome(1), fights = outcome(0.25), m;
    pl_renewal_mix(&fights, &alone, 0, &m);
    assert_memory_equal(&m, &alone, sizeof m);
    pl_renewal_mix(&fights, &alone, 1, &m);
    tu_assert_close(m.attacker.value, fights.attacker.value, 1e-12);
    pl_renewal_mix(&fights, &alone, 0.3, &m);
    tu_assert_close(m.p_collapse_defender, 0.7 * 0.2 + 0.3 * 0.05, 1e-12);
    tu_assert_close(m.ground_km2, 0.7 * 3000 + 0.3 * 750, 1e-9);
    tu_assert_close(m.attacker.imposed, 0.7 * 2 + 0.3 * 0.5, 1e-12);
    tu_assert_close(m.attacker.value, m.attacker.imposed + m.attacker.broken + m.attacker.line + m.attacker.flows - m.attacker.cost, 1e-12);
    tu_assert_close(m.defender.broken, 0.7 * 0.2 + 0.3 * 0.05, 1e-12);
    /* Aliasing the output with an input. */
    pl_renewal_outcome a = alone;
    pl_renewal_interpolate(&a, &fights, 0.5, &a);
    tu_assert_close(a.years, 1.2, 1e-12);
    tu_assert_close(a.attacker.imposed, 1.25, 1e-12);
}

/* A firmer guarantee never raises the probability that the attacker fights alone: credibility
** never falls along the ladder at any time after the deal, so when the war with the guarantor is
** worth less to the attacker than the war without it, the mixture never rises with firmness. */
static void firmer_never_helps_attacker(void **state)
{
    (void)state;
    pl_renewal_outcome alone = outcome(1), fights = outcome(0.25), m;
    for (double t = 0; t < 20; t += 1.5) {
        double last_phi = -1, last_v = HUGE_VAL;
        for (double s = 0; s <= 5.0001; s += 0.25) {
            pl_guarantee g = base_guarantee(s);
            double a = pl_guarantee_attention(&g, 1, t), phi = pl_guarantee_credibility(&g, a, t);
            assert_true(phi >= last_phi - 1e-12);
            pl_renewal_mix(&fights, &alone, phi, &m);
            assert_true(m.attacker.value <= last_v + 1e-12);
            last_phi = phi, last_v = m.attacker.value;
        }
    }
}

/* Optimal stopping by hand: va = 0, 1, 2, 3, 4; fa = 1; dm = 0.5. Waiting to month 4 gives
** 1 + 0.5 + 0.25 + 0.125 + 0.0625·4 = 2.125, more than attacking earlier. */
static void option_to_attack(void **state)
{
    (void)state;
    double va[5] = {0, 1, 2, 3, 4}, value;
    assert_int_equal(pl_postdeal_first_attack(PL_COMMIT_FIXED, va, NULL, 5, 1, 1, 0.5, &value), 4);
    tu_assert_close(value, 2.125, 1e-12);
    /* Never worth it: peace forever, fa/(1 − dm). */
    double low[3] = {1, 1.5, 1.9};
    assert_int_equal(pl_postdeal_first_attack(PL_COMMIT_FIXED, low, NULL, 3, 1, 1, 0.5, &value), -1);
    tu_assert_close(value, 2.0, 1e-12);
    /* Worth it at once. */
    double high[3] = {5, 1, 1};
    assert_int_equal(pl_postdeal_first_attack(PL_COMMIT_FIXED, high, NULL, 3, 1, 1, 0.5, &value), 0);
    tu_assert_close(value, 5.0, 0);
    /* The defender: flows until the attack, then its war value. */
    double vd[5] = {0, 0, -3, 0, 0};
    tu_assert_close(pl_postdeal_defender_value(vd, 5, 2, 1, 0.5), 1 + 0.5 + 0.25 * -3, 1e-12);
    tu_assert_close(pl_postdeal_defender_value(vd, 5, -1, 1, 0.5), 2.0, 1e-12);
}

/* The seed's mechanism in miniature: the same terms are worth more to the attacker under a
** guarantee that fades (it keeps the option to attack later) than under one that holds, and
** with a fight value between the two it accepts the first and refuses the second. */
static void option_value_and_acceptance(void **state)
{
    (void)state;
    const size_t n = 240;
    double va_soft[240], va_firm[240], pv1 = 1.0 / 12 / (1 - pow(0.9, 1.0 / 12));
    for (int firm = 0; firm <= 1; firm++) {
        pl_guarantee g = base_guarantee(firm ? 5 : 1.5);
        g.duration_years = 30;
        for (size_t t = 0; t < n; t++) {
            double yr = (double)t / 12, a = pl_guarantee_attention(&g, 1, yr);
            /* The attacker rebuilds: alone, its chance of breaking the defender rises from 0.5 to
            ** 0.7 over ten years; against the guarantor it stays at 0.02. Otherwise the line holds
            ** with sanctions back (0.6 − 0.1), and the war costs 1.5. */
            double p_alone = 0.5 + 0.2 * (1 - exp(-yr / 4));
            pl_renewal_outcome alone = {.p_collapse_defender = p_alone}, fights = {.p_collapse_defender = 0.02};
            alone.attacker.value = p_alone * pv1 + (1 - p_alone) * 0.5 * pv1 - 1.5;
            fights.attacker.value = 0.02 * pv1 + 0.98 * 0.5 * pv1 - 3;
            pl_renewal_outcome m;
            pl_renewal_mix(&fights, &alone, pl_guarantee_credibility(&g, a, yr), &m);
            (firm ? va_firm : va_soft)[t] = m.attacker.value;
        }
    }
    double dm = pow(0.9, 1.0 / 12), fa = 0.6 / 12, u_soft, u_firm;
    long t_soft = pl_postdeal_first_attack(PL_COMMIT_FIXED, va_soft, NULL, n, fa, 1.0 / 12, dm, &u_soft);
    long t_firm = pl_postdeal_first_attack(PL_COMMIT_FIXED, va_firm, NULL, n, fa, 1.0 / 12, dm, &u_firm);
    double terms_only = fa / (1 - dm);
    assert_int_equal(t_firm, -1);
    tu_assert_close(u_firm, terms_only, 1e-12);
    assert_true(t_soft > 0); /* it waits for attention to fade, then attacks */
    assert_true(u_soft > terms_only + 0.1);
    double fight_on = (u_soft + terms_only) / 2;
    assert_true(u_soft >= fight_on);  /* accepts the soft deal */
    assert_false(u_firm >= fight_on); /* refuses the firm one */
}

/* Powell (2006) through the post-deal engine: δ = 0.9, c = 0.5, F = 1 per period. */
static void powell_through_engine(void **state)
{
    (void)state;
    const double d = 0.9, c = 0.5;
    double cases[3][2] = {{0.6, 0.2}, {0.6, 0.55}, {0.6, 0.45 + 1e-9}};
    int expect_war[3] = {1, 0, 0};
    for (int k = 0; k < 3; k++) {
        double va[2], vd[2];
        for (int t = 0; t < 2; t++) {
            va[t] = pl_powell_lockin(cases[k][t], d, c);
            vd[t] = pl_powell_lockin(1 - cases[k][t], d, c);
        }
        long first = pl_postdeal_first_attack(PL_COMMIT_POWELL, va, vd, 2, 0.5, 1, d, NULL);
        assert_int_equal(first, expect_war[k] ? 0 : -1);
        assert_int_equal(expect_war[k], pl_powell_war(d, cases[k][0], cases[k][1], c, c));
    }
    double va[11], vd[11];
    for (int t = 0; t <= 10; t++) va[t] = pl_powell_lockin(0.6 - 0.04 * t, d, c), vd[t] = pl_powell_lockin(0.4 + 0.04 * t, d, c);
    assert_int_equal(pl_postdeal_first_attack(PL_COMMIT_POWELL, va, vd, 11, 0.5, 1, d, NULL), -1);
}

/* With constant hazards the accumulated value of fighting on is Powell's (2004) reduced form:
** ρ = 0.2, q = 0.5, c = 0.02, δ = 0.95 gives 1/3 (T6's W_s), summed for 40 rounds then closed. */
static void fight_value_reduced_form(void **state)
{
    (void)state;
    double rho = 0.2, q = 0.5;
    for (int rounds = 0; rounds <= 40; rounds += 20) {
        pl_fight_value fv;
        pl_fight_value_start(&fv);
        for (int t = 0; t < rounds; t++) pl_fight_value_add(&fv, -0.02, rho * q, rho * (1 - q), 1, 0, 0.95);
        double v = pl_fight_value_finish(&fv, -0.02, rho * q, rho * (1 - q), 1, 0, 0.95);
        tu_assert_close(v, pl_bwf_value(rho, q, 0.02, 0.95), 1e-12);
        tu_assert_close(v, 1.0 / 3.0, 1e-12);
    }
    pl_collapse c = {2.0, 0.7, 0.05};
    tu_assert_close(pl_collapse_hazard(&c, 0.7), 1.0, 1e-12);
    assert_true(pl_collapse_hazard(&c, 0.3) < 1e-3);
    assert_true(pl_collapse_hazard(&c, 0.9) > 1.96);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ladder),
        cmocka_unit_test(attention_decay),
        cmocka_unit_test(renewal_mix),
        cmocka_unit_test(firmer_never_helps_attacker),
        cmocka_unit_test(option_to_attack),
        cmocka_unit_test(option_value_and_acceptance),
        cmocka_unit_test(powell_through_engine),
        cmocka_unit_test(fight_value_reduced_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
