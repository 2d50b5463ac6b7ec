/*
** test_war_sim.c — the daily loop: determinism from the seed, cloning the state with memcpy,
** the mean-field path, recorded series against the state, outcomes, run errors, and the checks
** of pl_war_params_from_scenario.
*/
#include "war_fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/rng.h"

/* Same (seed, stream): bit-identical; another seed: a different run. */
static void determinism(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    gsl_rng *a = pl_rng_alloc(42, 3), *b = pl_rng_alloc(42, 3), *c = pl_rng_alloc(43, 3);
    pl_war_state sa = war_fixture_run(&p, a, 3650), sb = war_fixture_run(&p, b, 3650), sc = war_fixture_run(&p, c, 3650);
    assert_memory_equal(&sa, &sb, sizeof sa);
    assert_true(memcmp(&sa, &sc, sizeof sa) != 0);
    gsl_rng_free(a), gsl_rng_free(b), gsl_rng_free(c);
}

/* A copy of the state (and of the generator) runs forward exactly as the original: what a
** termination model does when it simulates from a belief. */
static void clone_and_run_forward(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    gsl_rng *r = pl_rng_alloc(7, 0);
    pl_war_state s = war_fixture_run(&p, r, 200), copy;
    memcpy(&copy, &s, sizeof s);
    gsl_rng *r2 = gsl_rng_clone(r);
    pl_error err;
    assert_int_equal(pl_war_run(&s, &p, r, 100, NULL, &err), PL_OK);
    assert_int_equal(pl_war_run(&copy, &p, r2, 100, NULL, &err), PL_OK);
    assert_memory_equal(&s, &copy, sizeof s);
    gsl_rng_free(r), gsl_rng_free(r2);
}

/* Mean field: no draws, so any generator (or none) gives the same path, and p.stochastic = 0
** silences a generator passed in. */
static void mean_field(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    p.stochastic = 0;
    gsl_rng *r = pl_rng_alloc(1, 0);
    pl_war_state a = war_fixture_run(&p, r, 365), b = war_fixture_run(&p, NULL, 365);
    assert_memory_equal(&a, &b, sizeof a);
    gsl_rng_free(r);
}

/* Weekly flows add up to the daily ones; stocks match the state at each record. */
static void series_weekly_against_daily(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_series *daily, *weekly;
    pl_error err;
    assert_int_equal(pl_war_series_create(&p, 1, 100, &daily, &err), PL_OK);
    assert_int_equal(pl_war_series_create(&p, 7, 100, &weekly, &err), PL_OK);
    pl_war_recorder rd = pl_war_series_recorder(daily), rw = pl_war_series_recorder(weekly);
    pl_war_state s1, s2;
    pl_war_init(&s1, &p);
    s2 = s1;
    assert_int_equal(pl_war_run(&s1, &p, NULL, 100, &rd, &err), PL_OK);
    assert_int_equal(pl_war_run(&s2, &p, NULL, 100, &rw, &err), PL_OK);
    assert_int_equal(daily->n_rows, 101);
    assert_int_equal(weekly->n_rows, 1 + 14 + 1); /* day 0, 14 weeks, and the last day */
    assert_int_equal(weekly->day[15], 100);
    for (size_t c = 0; c < daily->n_cols; c++) {
        double sum = 0;
        for (size_t r = 1; r <= 7; r++) sum += daily->value[r * daily->n_cols + c];
        const pl_war_series_desc *d = daily->col_desc[c];
        double w = weekly->value[1 * weekly->n_cols + c];
        if (d->kind == PL_WAR_FLOW) tu_assert_close(w, sum, 1e-9);
        else if (d->kind == PL_WAR_PER_DAY) tu_assert_close(w, sum / 7, 1e-9);
        else tu_assert_close(w, daily->value[7 * daily->n_cols + c], 0);
    }
    size_t n;
    pl_war_series_columns(&n);
    assert_int_equal(daily->n_cols, 2 + 2 * (n - 2));
    assert_string_equal(daily->col_name[0], "territory_km2");
    assert_string_equal(daily->col_name[2], "russia.forces_line");
    tu_assert_close(daily->value[100 * daily->n_cols + 2], s1.side[0].line, 0);
    pl_war_series_free(daily), pl_war_series_free(weekly);
}

static void outcomes(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_state s = war_fixture_run(&p, NULL, 731);
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(&s, &p, out), nd;
    const pl_war_outcome_desc *d = pl_war_outcome_descs(&nd);
    size_t global = 0, side = 0, third = 0;
    for (size_t k = 0; k < nd; k++) global += d[k].scope == 0, side += d[k].scope == 1, third += d[k].scope == 2;
    assert_int_equal(n, global + 2 * side + (size_t)p.n_third * third);
    char name[96];
    pl_war_outcome_name(&p, 1, name, sizeof name);
    assert_string_equal(name, "territory_km2");
    tu_assert_close(out[1], s.territory_km2, 0);
    pl_war_outcome_name(&p, global, name, sizeof name);
    assert_string_equal(name, "russia.losses");
    tu_assert_close(out[global], s.side[0].cum_losses, 0);
    pl_war_outcome_name(&p, global + side, name, sizeof name);
    assert_string_equal(name, "ukraine.losses");
    pl_war_outcome_name(&p, n - 1, name, sizeof name);
    assert_string_equal(name, "europe.events");
    for (size_t k = 0; k < n; k++) assert_true(isfinite(out[k]));
    /* Exhaustion is the weighted sum of its documented parts. */
    const pl_war_weariness_params *w = &p.side[1].weariness;
    const pl_war_side_state *u = &s.side[1];
    /* The requirement of the day grows with the attacker's net ground before the day's fight. */
    const pl_war_front_params *f = &p.side[1].front;
    tu_assert_close(u->requirement, f->line_requirement + f->requirement_per_km2 * (s.territory_km2 - s.gain_today_km2), 1e-9);
    assert_true(u->requirement > f->line_requirement);
    double gap = fmax(0, 1 - u->line / u->requirement);
    double expect = w->w_morale * (1 - u->morale) + w->w_fatigue * u->fatigue + w->w_manpower * gap +
                    w->w_economy * fmax(0, 1 - u->spending_index);
    tu_assert_close(u->exhaustion, fmin(1, expect), 1e-12);
}

static pl_status failing_recorder(void *ctx, const pl_war_state *s, const pl_war_params *p, pl_error *err)
{
    (void)p;
    int *calls = ctx;
    if (++*calls == 3) return pl_error_set(err, PL_EIO, "stop on day %.0f", s->day);
    return PL_OK;
}

static void run_errors(void **state)
{
    (void)state;
    pl_war_params p = war_fixture_params();
    pl_war_state s;
    pl_error err;
    pl_war_init(&s, &p);
    assert_int_equal(pl_war_run(&s, &p, NULL, -1, NULL, &err), PL_EINVAL);
    int calls = 0;
    pl_war_recorder rec = {0, failing_recorder, &calls};
    assert_int_equal(pl_war_run(&s, &p, NULL, 10, &rec, &err), PL_EINVAL);
    rec.every = 2;
    assert_int_equal(pl_war_run(&s, &p, NULL, 10, &rec, &err), PL_EIO);
    assert_string_equal(err.msg, "stop on day 4");
    s.side[1].morale = (double)NAN;
    assert_int_equal(pl_war_run(&s, &p, NULL, 1, NULL, &err), PL_EDOM);
    assert_non_null(strstr(err.msg, "is not finite"));
}

/* Reads the shipped war sections (scenarios/war/russia-ukraine.yaml, under a header of its own) with
** one substitution and expects pl_war_params_from_scenario to refuse it at the given line with the
** given message. */
static void expect_params_error(const char *from, const char *to, int line, const char *needle)
{
    static const char header[] = "scenario: {name: s, start: 2024-01-01, horizon_years: 2}\n";
    FILE *f = fopen(tu_data("../scenarios/war/russia-ukraine.yaml"), "rb");
    assert_non_null(f);
    static char text[1 << 17], edited[1 << 17];
    memcpy(text, header, sizeof header - 1);
    size_t n = fread(text + sizeof header - 1, 1, sizeof text - sizeof header, f);
    fclose(f);
    text[sizeof header - 1 + n] = '\0';
    char *posterior = strstr(text, "\ncalibration:\n"); /* its file is named relative to the shipped one */
    if (posterior) posterior[1] = '\0';
    char *at = strstr(text, from);
    assert_non_null(at);
    snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_scenario_parse("s.yaml", edited, strlen(edited), pl_war_schema(), &sc, &err), PL_OK);
    double *v = pl_malloc(sc->n_params * sizeof *v);
    pl_scenario_nominals(sc, v);
    pl_war_params p;
    assert_int_equal(pl_war_params_from_scenario(sc, v, &p, &err), PL_EINPUT);
    if (line < 0) { /* the line of the entry "  ukraine:" */
        line = 1;
        for (const char *q = edited; q < strstr(edited, "\n  ukraine:\n") + 1; q++) line += *q == '\n';
    }
    tu_assert_error(&err, needle, line, 0);
    pl_free(v);
    pl_scenario_free(sc);
}

static void params_checks(void **state)
{
    (void)state;
    expect_params_error("role: defender", "role: attacker", -1, "found a second attacker 'ukraine' (after 'russia')");
    expect_params_error("supports: ukraine\n    aid_bn_per_year:\n      value: 20",
                        "supports: ukrain\n    aid_bn_per_year:\n      value: 20", 0,
                        "found supports: 'ukrain' for third_parties.us, expected the id of a side");
    expect_params_error("w_morale: {value: 0.3", "w_morale: {value: 0.35", 1, "weariness weights of russia summing to 1.05");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(determinism),  cmocka_unit_test(clone_and_run_forward),
        cmocka_unit_test(mean_field),   cmocka_unit_test(series_weekly_against_daily),
        cmocka_unit_test(outcomes),     cmocka_unit_test(run_errors),
        cmocka_unit_test(params_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
