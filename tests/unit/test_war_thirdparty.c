/*
** test_war_thirdparty.c — third parties: attention halves in its half-life, events raise it,
** aid stops on its last day, and a party switched off changes nothing.
*/
#include "war_fixture.h"

#include <math.h>
#include <string.h>

#include "parley/rng.h"

static int party(const pl_war_params *p, const char *id)
{
    for (int j = 0; j < p->n_third; j++)
        if (strcmp(p->third[j].id, id) == 0) return j;
    fail_msg("no third party %s", id);
    return -1;
}

/* No events, no floor: attention after one half-life is half of where it started. */
static void half_life(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    int us = party(&p, "us");
    double h = p.third[us].v.attention_half_life_days;
    pl_war_state s = war_fixture_run(&p, NULL, (long)h);
    tu_assert_close(s.third[us].attention, 0.5 * p.third[us].v.attention_initial, 1e-12);
}

/* The US flow stops after day 385 (20 January 2025); its total is the integral before. */
static void aid_stops(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    int us = party(&p, "us");
    pl_war_state s = war_fixture_run(&p, NULL, 500);
    assert_true(s.third[us].aid_bn == 0);
    double keep = exp2(-1 / p.third[us].v.attention_half_life_days), total = 0, a = 1;
    for (int d = 0; d < 386; d++) {
        a *= keep;
        total += p.third[us].v.aid_bn_per_year * a / 365.25;
    }
    tu_assert_close(s.third[us].cum_aid_bn, total, 1e-10);
}

/* Mass-strike days against the supported side raise attention; random events too. */
static void events_raise_attention(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    int eu = party(&p, "europe");
    p.third[eu].v.event_rate_per_year = 0;
    p.third[eu].v.strike_event_threshold = 0;
    pl_war_params_prepare(&p);
    double quiet = war_fixture_run(&p, NULL, 365).third[eu].attention;
    p.third[eu].v.strike_event_threshold = 50; /* days of the late-2024 campaign qualify (~60 launches a day by November at the nominal values) */
    pl_war_params_prepare(&p);
    pl_war_state s = war_fixture_run(&p, NULL, 365);
    assert_true(s.third[eu].attention > quiet && s.third[eu].events > 10);
    p.third[eu].v.strike_event_threshold = 0;
    p.third[eu].v.event_rate_per_year = 12;
    pl_war_params_prepare(&p);
    gsl_rng *r = pl_rng_alloc(4, 0);
    s = war_fixture_run(&p, r, 365);
    gsl_rng_free(r);
    assert_true(s.third[eu].events > 3 && s.third[eu].events < 30);
}

/* A party switched off delivers nothing and leaves the run as if it did not exist. */
static void party_switch(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    for (int j = 0; j < p.n_third; j++) p.third[j].enabled = 0;
    pl_war_state off = war_fixture_run(&p, NULL, 365);
    pl_war_params q = p;
    q.n_third = 0;
    pl_war_state none = war_fixture_run(&q, NULL, 365);
    assert_true(off.side[1].spending_index == none.side[1].spending_index);
    assert_memory_equal(off.side, none.side, sizeof off.side);
    assert_true(off.third[0].cum_aid_bn == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(half_life),
        cmocka_unit_test(aid_stops),
        cmocka_unit_test(events_raise_attention),
        cmocka_unit_test(party_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
