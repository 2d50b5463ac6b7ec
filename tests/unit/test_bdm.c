/*
** test_bdm.c — Bueno de Mesquita's expected-utility model (bdm-scholz-code, bdm-scholz-paper):
** the jmckib reference trajectories, round-1 intermediates, the r = 1, Q = 1 closed form,
** degenerate inputs, option handling and allocation failures.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "models/bargain/bdm.h"
#include "parley/bargain.h"
#include "parley/memory.h"
#include "parley/readers.h"

/* {====================================================================== Helpers */

static pl_stakeholders *read_table(const char *rel)
{
    pl_error err;
    pl_stakeholders *s = NULL;
    assert_int_equal(pl_read_stakeholders(tu_data(rel), NULL, &s, &err), PL_OK);
    return s;
}

/* Runs model on s with options given as "name=value" pairs (a bare name sets a flag). */
static pl_forecast *run_opts(const char *model, const pl_stakeholders *s, const char *const *opts, size_t n_opts)
{
    const pl_bargain_type *t = pl_bargain_find(model);
    assert_non_null(t);
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    pl_error err;
    for (size_t k = 0; k < n_opts; k++) {
        char name[64];
        const char *eq = strchr(opts[k], '=');
        size_t len = eq ? (size_t)(eq - opts[k]) : strlen(opts[k]);
        snprintf(name, sizeof name, "%.*s", (int)len, opts[k]);
        assert_int_equal(pl_optset_set(&o, name, eq ? eq + 1 : NULL, &err), PL_OK);
    }
    pl_forecast *f = NULL;
    pl_status st = pl_bargain_run(t, s, &o, NULL, &f, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, PL_OK);
    return f;
}

static json_t *load_json(const char *rel)
{
    json_error_t jerr;
    json_t *root = json_load_file(tu_data(rel), 0, &jerr);
    if (!root) print_error("%s: %s\n", rel, jerr.text);
    assert_non_null(root);
    return root;
}

static double jnum(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static long actor_index(const pl_forecast *f, const char *name)
{
    for (size_t i = 0; i < f->n_actors; i++)
        if (strcmp(f->actor[i], name) == 0) return (long)i;
    print_error("no actor %s\n", name);
    fail();
    return -1;
}

static const pl_forecast_series *series_at(const pl_forecast *f, const char *name, size_t round)
{
    for (size_t k = 0; k < f->n_series; k++)
        if (f->series[k].round == round && strcmp(f->series[k].name, name) == 0) return &f->series[k];
    print_error("no series %s at round %zu\n", name, round);
    fail();
    return NULL;
}

/* Asserts every per-actor value of obj (name → number) equals v[actor] to tol. */
static void check_by_actor(const pl_forecast *f, json_t *obj, const double *v, double tol)
{
    const char *name;
    json_t *val;
    assert_int_equal(json_object_size(obj), f->n_actors);
    json_object_foreach(obj, name, val) tu_assert_close(v[actor_index(f, name)], json_number_value(val), tol);
}

/* The offers taken in round t, in actor order, against the reference list. */
static void check_offers(const pl_forecast *f, size_t t, const json_t *offers, double tol)
{
    size_t k = 0;
    for (size_t e = 0; e < f->n_events; e++) {
        const pl_forecast_event *ev = &f->event[e];
        if (ev->round != t || strncmp(ev->kind, "dyad:", 5) == 0) continue;
        const json_t *o = json_array_get(offers, k++);
        assert_non_null(o);
        assert_string_equal(ev->kind, json_string_value(json_object_get(o, "type")));
        assert_string_equal(f->actor[ev->actor], json_string_value(json_object_get(o, "actor")));
        assert_string_equal(f->actor[ev->other], json_string_value(json_object_get(o, "from")));
        tu_assert_close(ev->a, jnum(o, "eu_ij"), tol);
        tu_assert_close(ev->b, jnum(o, "eu_ji"), tol);
        tu_assert_close(ev->to, jnum(o, "new_x"), tol);
    }
    assert_int_equal(k, json_array_size(offers));
}

/* Every round of a reference file: positions, median, mean, risk exponents and offers. */
static void check_trajectory(const pl_forecast *f, const json_t *ref, double tol)
{
    const json_t *rounds = json_object_get(ref, "rounds");
    assert_int_equal(f->n_rounds, json_array_size(rounds) + 1);
    tu_assert_close(f->round[0].median[0], jnum(ref, "round0_median"), tol);
    tu_assert_close(f->round[0].mean[0], jnum(ref, "round0_mean"), tol);
    for (size_t k = 0; k < json_array_size(rounds); k++) {
        const json_t *rd = json_array_get(rounds, k);
        size_t t = (size_t)json_integer_value(json_object_get(rd, "round"));
        assert_int_equal(t, k + 1);
        check_by_actor(f, json_object_get(rd, "positions"), f->round[t].position, tol);
        tu_assert_close(f->round[t].median[0], jnum(rd, "median"), tol);
        tu_assert_close(f->round[t].mean[0], jnum(rd, "mean"), tol);
        check_by_actor(f, json_object_get(rd, "r"), series_at(f, "risk", t)->value, tol);
        check_offers(f, t, json_object_get(rd, "offers_taken"), tol);
    }
}

/* Round-1 intermediates at r = 1: the code's denominator D, its probabilities by position pair,
** and every actor's danger (security) level. */
static void check_round1_intermediates(const pl_forecast *f, const pl_stakeholders *s, const json_t *ref)
{
    size_t n = s->n_actors;
    double *w = pl_malloc(n * sizeof *w), *r = pl_malloc(n * sizeof *r);
    double *u = pl_malloc(n * n * sizeof *u), *p = pl_malloc(n * n * sizeof *p);
    for (size_t i = 0; i < n; i++) {
        w[i] = s->capability[i] * s->salience[i];
        r[i] = 1;
    }
    double range = jnum(ref, "position_range_fixed");
    double den = pl_bdm_probability_all_pairs(n, s->position, w, r, range, u, p);
    tu_assert_close(den, jnum(ref, "round1_r1_sum_all_votes"), 1e-12);
    const char *key;
    json_t *val;
    size_t checked = 0;
    json_object_foreach(json_object_get(ref, "round1_r1_probability"), key, val) {
        double xa, xb;
        assert_int_equal(sscanf(key, "%lf->%lf", &xa, &xb), 2);
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++)
                if (s->position[a] == xa && s->position[b] == xb) {
                    tu_assert_close(p[a * n + b], json_number_value(val), 1e-12);
                    checked++;
                }
    }
    assert_true(checked > 0);
    check_by_actor(f, json_object_get(ref, "round1_r1_danger"), series_at(f, "security", 1)->value, 1e-12);
    pl_free(w);
    pl_free(r);
    pl_free(u);
    pl_free(p);
}

static void assert_forecast_finite(const pl_forecast *f)
{
    for (size_t t = 0; t < f->n_rounds; t++) {
        for (size_t i = 0; i < f->n_actors * f->n_dims; i++) assert_true(isfinite(f->round[t].position[i]));
        for (size_t d = 0; d < f->n_dims; d++) assert_true(isfinite(f->round[t].median[d]) && isfinite(f->round[t].mean[d]));
    }
    for (size_t k = 0; k < f->n_series; k++)
        for (size_t i = 0; i < f->n_actors; i++) assert_true(isfinite(f->series[k].value[i]));
    for (size_t e = 0; e < f->n_events; e++) assert_true(isfinite(f->event[e].a) && isfinite(f->event[e].b));
    for (size_t d = 0; d < f->n_dims; d++) assert_true(isfinite(f->forecast[d]));
}

/* {====================================================================== Reference runs */

/* Runs the code mode on table for rounds and checks it against the reference file: the whole
** trajectory to 1e-9, the round-1 intermediates to 1e-12, the forecast exactly. */
static void check_reference(const char *table_rel, const char *ref_rel, const char *rounds, double forecast)
{
    pl_stakeholders *s = read_table(table_rel);
    json_t *ref = load_json(ref_rel);
    const char *opts[] = {rounds};
    pl_forecast *f = run_opts("bdm-scholz-code", s, opts, 1);
    check_trajectory(f, ref, 1e-9);
    check_round1_intermediates(f, s, ref);
    tu_assert_close(f->forecast[0], forecast, 0);
    pl_forecast_free(f);
    json_decref(ref);
    pl_stakeholders_free(s);
}

/* bargaining-models.md §4.2: the jmckib trajectory of the emission case, 20 rounds. */
static void emission_20_rounds(void **state)
{
    (void)state;
    check_reference("bargaining/emission-standards.csv", "bargaining/reference-jmckib-emission-20rounds.json",
                    "rounds=20", 7.0);
}

/* The full round-1 EU matrix: each actor's view of every dyad, co-located ones included. */
static void emission_round1_eu_matrix(void **state)
{
    (void)state;
    pl_stakeholders *s = read_table("bargaining/emission-standards.csv");
    json_t *ref = load_json("bargaining/reference-jmckib-emission-20rounds.json");
    const json_t *eus = json_object_get(json_array_get(json_object_get(ref, "rounds"), 0), "eu_own_perspective");
    const char *opts[] = {"rounds=1", "events=all"};
    pl_forecast *f = run_opts("bdm-scholz-code", s, opts, 2);
    size_t dyads = 0;
    for (size_t e = 0; e < f->n_events; e++) {
        const pl_forecast_event *ev = &f->event[e];
        if (strncmp(ev->kind, "dyad:", 5) != 0) continue;
        char key[128];
        snprintf(key, sizeof key, "%s->%s", f->actor[ev->actor], f->actor[ev->other]);
        tu_assert_close(ev->a, jnum(eus, key), 1e-12);
        dyads++;
    }
    assert_int_equal(dyads, 10 * 9);
    pl_forecast_free(f);
    json_decref(ref);
    pl_stakeholders_free(s);
}

/* bargaining-models.md §3: in the Sultan case (BDM 1997) nobody moves; median 13.9. */
static void sultan_10_rounds(void **state)
{
    (void)state;
    check_reference("bargaining/sultan-oman-1997.csv", "bargaining/reference-jmckib-sultan-10rounds.json",
                    "rounds=10", 13.9);
    pl_stakeholders *s = read_table("bargaining/sultan-oman-1997.csv");
    pl_forecast *f = run_opts("bdm-scholz-code", s, NULL, 0);
    assert_int_equal(f->n_events, 0);
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

/* {====================================================================== Equations */

/* §2.5: with r = 1 and Q = 1, E = 2d[1 − 2 s_j (1 − P)], d = |x_i − x_j|/R. */
static void closed_form_r1_q1(void **state)
{
    (void)state;
    const double xs[] = {0, 1.5, 4, 10}, sal[] = {0, 0.1, 0.5, 1}, ps[] = {0, 0.25, 0.7, 1};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t k = 0; k < 4; k++)
                for (size_t m = 0; m < 4; m++) {
                    pl_bdm_dyad d = {xs[a], xs[b], 10, 1, sal[k], ps[m], 1, 1, 5};
                    double dist = fabs(xs[a] - xs[b]) / 10;
                    tu_assert_close(pl_bdm_expected_utility(&d), 2 * dist * (1 - 2 * sal[k] * (1 - ps[m])), 1e-14);
                }
    /* The bounds of §2.3: U_s ≤ 2 and U_f ≥ −2 (σ = 0 isolates U_s − U_sq, σ = 1, P = 0 gives U_f − U_sq). */
    pl_bdm_dyad far = {0, 10, 10, 2, 0, 0, 1, 0, 0};
    tu_assert_close(pl_bdm_expected_utility(&far), 2 - (2 - 4 * 0.25), 1e-15);
    far.resist = 1;
    tu_assert_close(pl_bdm_expected_utility(&far), -2 - (2 - 4 * 0.25), 1e-15);
}

/* With Q < 1 the no-challenge term enters: T = 1 when μ is nearer the challenger (eqs. 22–23). */
static void q_terms(void **state)
{
    (void)state;
    pl_bdm_dyad d = {0, 6, 6, 1, 0.5, 0.5, 0.5, 1, 2};
    double with = pl_bdm_expected_utility(&d);
    d.q_terms = 0;
    double without = pl_bdm_expected_utility(&d);
    /* T = 1: U_b = 2 − 4(0.5 − 0.25·(2 + 6)/6) = 4/3 at r = 1; the term is (1 − Q)·U_b. */
    tu_assert_close(without - with, 0.5 * (2 - 4 * (0.5 - 0.25 * 8.0 / 6.0)), 1e-14);
    /* μ at 5 and the responder at 3: |0 − 5| > |0 − 3|, so T = 0 and U_w enters. */
    d.q_terms = 1;
    d.mu = 5;
    d.x_responder = 3;
    pl_bdm_dyad plain = d;
    plain.q_terms = 0;
    tu_assert_close(pl_bdm_expected_utility(&plain) - pl_bdm_expected_utility(&d),
                    0.5 * (2 - 4 * (0.5 + 0.25 * 8.0 / 6.0)), 1e-14);
}

/* Eq. 31 is a proper probability (P_ab + P_ba = 1); the code's is not (bargaining-models.md §2.9). */
static void probabilities(void **state)
{
    (void)state;
    const double x[] = {4, 7, 4, 10, 1}, w[] = {0.3, 0.1, 0.2, 0.4, 0};
    double p[25];
    pl_bdm_probability_pairwise(5, x, w, p);
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 5; b++)
            if (x[a] != x[b]) tu_assert_close(p[a * 5 + b] + p[b * 5 + a], 1, 1e-15);
            else assert_true(p[a * 5 + b] == 0);
    /* 4 vs 10: the actors at 4 side with 4 by 6 each, the one at 7 is indifferent, the one at 10
    ** sides with 10 by 6 (the one at 1 has no weight). */
    tu_assert_close(p[0 * 5 + 3], (0.3 * 6 + 0.2 * 6) / (0.3 * 6 + 0.2 * 6 + 0.4 * 6), 1e-15);
    const double zero[] = {0, 0, 0, 0, 0};
    pl_bdm_probability_pairwise(5, x, zero, p);
    tu_assert_close(p[0 * 5 + 1], 0.5, 0);
    double r[5] = {1, 1, 1, 1, 1}, u[25];
    assert_true(pl_bdm_probability_all_pairs(5, x, zero, r, 9, u, p) == 0);
    for (size_t k = 0; k < 25; k++) assert_true(p[k] == 0);
}

/* Eqs. 32–33: the most secure actor gets r = 2, the least 0.5; equal security gives r = 1. */
static void risk_exponents(void **state)
{
    (void)state;
    const double sec[] = {-3, 1, 5, 1};
    double r[4];
    pl_bdm_risk_from_security(4, sec, r);
    tu_assert_close(r[0], 2, 1e-15);
    tu_assert_close(r[2], 0.5, 1e-15);
    tu_assert_close(r[1], 1, 1e-15);
    const double flat[] = {2, 2, 2, 2};
    pl_bdm_risk_from_security(4, flat, r);
    for (size_t i = 0; i < 4; i++) assert_true(r[i] == 1);
}

/* {====================================================================== Degenerate inputs */

static pl_stakeholders *table(size_t n, const double *x, const double *c, const double *sal)
{
    pl_stakeholders *s = pl_stakeholders_alloc(n, 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "a%zu", i);
        pl_free(s->actor[i]);
        s->actor[i] = pl_strdup(name);
        s->position[i] = x[i];
        s->capability[i] = c[i];
        s->salience[i] = sal[i];
    }
    s->dim_lo[0] = -100;
    s->dim_hi[0] = 100;
    return s;
}

/* Runs both modes on s; every number finite, every actor's risk in [0.5, 2]. */
static void run_both_finite(const pl_stakeholders *s, double expect_forecast)
{
    const char *models[] = {"bdm-scholz-code", "bdm-scholz-paper"};
    const char *opts[] = {"rounds=5", "events=all"};
    for (size_t m = 0; m < 2; m++) {
        pl_forecast *f = run_opts(models[m], s, opts, 2);
        assert_forecast_finite(f);
        for (size_t k = 0; k < f->n_series; k++)
            if (strcmp(f->series[k].name, "risk") == 0)
                for (size_t i = 0; i < f->n_actors; i++)
                    assert_true(f->series[k].value[i] >= 0.5 - 1e-12 && f->series[k].value[i] <= 2 + 1e-12);
        if (!isnan(expect_forecast)) tu_assert_close(f->forecast[0], expect_forecast, 1e-12);
        pl_forecast_free(f);
    }
}

static void degenerate_inputs(void **state)
{
    (void)state;
    const double one[] = {1, 1, 1, 1}, half[] = {0.5, 0.5, 0.5, 0.5}, none[] = {0, 0, 0, 0};
    /* n = 1: no dyad, nothing moves, r = 1. */
    const double x1[] = {3};
    pl_stakeholders *s = table(1, x1, one, one);
    run_both_finite(s, 3);
    pl_stakeholders_free(s);
    /* Every position equal: R = 0, nobody can move. */
    const double same[] = {5, 5, 5, 5};
    s = table(4, same, one, half);
    run_both_finite(s, 5);
    pl_stakeholders_free(s);
    /* n = 2, mirror images: equal security, so max S = min S and every r = 1. */
    const double x2[] = {-1, 1};
    s = table(2, x2, one, half);
    pl_forecast *f = run_opts("bdm-scholz-code", s, NULL, 0);
    for (size_t i = 0; i < 2; i++) tu_assert_close(series_at(f, "risk", 1)->value[i], 1, 0);
    pl_forecast_free(f);
    run_both_finite(s, (double)NAN);
    pl_stakeholders_free(s);
    /* Every weight zero: no votes; probabilities 0 (code) or 1/2 (eq. 31), still finite. */
    const double x4[] = {0, 1, 2, 9};
    s = table(4, x4, none, half);
    run_both_finite(s, (double)NAN);
    pl_stakeholders_free(s);
}

/* Positions so far apart that their range overflows: a clear domain error, not a NaN. */
static void range_overflow(void **state)
{
    (void)state;
    const double x[] = {-1.5e308, 1.5e308}, one[] = {1, 1, 1};
    pl_stakeholders *s = table(2, x, one, one);
    const pl_bargain_type *t = pl_bargain_find("bdm-scholz-code");
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    pl_forecast *f = NULL;
    pl_error err;
    assert_int_equal(pl_bargain_run(t, s, &o, NULL, &f, &err), PL_EDOM);
    assert_null(f);
    tu_assert_error(&err, "positions span", 0, 0);
    pl_stakeholders_free(s);
    /* Weights whose sum overflows: the same. */
    const double x3[] = {0, 1, 2}, big[] = {1e308, 1e308, 1e308};
    s = table(3, x3, big, one);
    assert_int_equal(pl_bargain_run(t, s, &o, NULL, &f, &err), PL_EDOM);
    tu_assert_error(&err, "capability x salience", 0, 0);
    pl_stakeholders_free(s);
}

/* {====================================================================== Options */

static int same_history(const pl_forecast *a, const pl_forecast *b)
{
    if (a->n_rounds != b->n_rounds || a->n_events != b->n_events) return 0;
    for (size_t t = 0; t < a->n_rounds; t++)
        if (memcmp(a->round[t].position, b->round[t].position, a->n_actors * sizeof(double))) return 0;
    for (size_t e = 0; e < a->n_events; e++)
        if (a->event[e].a != b->event[e].a || a->event[e].b != b->event[e].b || a->event[e].to != b->event[e].to)
            return 0;
    return 1;
}

/* The paper mode set to the code's readings reproduces the code mode bit for bit. */
static void paper_mode_as_code(void **state)
{
    (void)state;
    pl_stakeholders *s = read_table("bargaining/emission-standards.csv");
    const char *code_opts[] = {"rounds=20"};
    const char *paper_opts[] = {"rounds=20",          "opponent-risk=focal",  "security=focal",
                                "selection=code",     "probability=all-pairs", "q-terms=status-quo-only",
                                "capitulation=off"};
    pl_forecast *a = run_opts("bdm-scholz-code", s, code_opts, 1);
    pl_forecast *b = run_opts("bdm-scholz-paper", s, paper_opts, 7);
    assert_true(same_history(a, b));
    pl_forecast_free(b);
    /* Fixing the capitulation test does not change the emission case (bargaining-models.md §4.4). */
    const char *fixed[] = {"rounds=20", "fix-capitulation"};
    b = run_opts("bdm-scholz-code", s, fixed, 2);
    assert_true(same_history(a, b));
    pl_forecast_free(b);
    /* Conflicts that do not move anyone remove every confrontation. */
    const char *stay[] = {"rounds=3", "opponent-risk=focal", "security=focal", "selection=code",
                          "probability=all-pairs", "q-terms=status-quo-only", "capitulation=off", "conflict=stay"};
    b = run_opts("bdm-scholz-paper", s, stay, 8);
    for (size_t e = 0; e < b->n_events; e++) assert_string_not_equal(b->event[e].kind, "confrontation");
    assert_true(b->n_events > 0);
    pl_forecast_free(b);
    pl_forecast_free(a);
    pl_stakeholders_free(s);
}

/* Every paper-mode option value runs on the emission case with finite results, and the default
** differs from the code mode (with eq. 31 the median stays at 7.0, docs/models/bdm.md §7). */
static void paper_mode_options(void **state)
{
    (void)state;
    pl_stakeholders *s = read_table("bargaining/emission-standards.csv");
    const char *variants[] = {"range=round",          "resist-salience=printed", "opponent-risk=focal",
                              "security=focal",       "compromise-region=text",  "selection=enforce",
                              "selection=type",       "selection=code",          "probability=all-pairs",
                              "q-terms=status-quo-only", "conflict=stay",        "capitulation=off",
                              "compromise-position=weighted", "mu=mean",         "risk-q=0.5"};
    for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
        const char *opts[] = {variants[k], "risk-q=0.5"};
        pl_forecast *f = run_opts("bdm-scholz-paper", s, opts, 2);
        assert_int_equal(f->n_rounds, 9);
        assert_forecast_finite(f);
        pl_forecast_free(f);
    }
    pl_forecast *paper = run_opts("bdm-scholz-paper", s, NULL, 0);
    pl_forecast *code = run_opts("bdm-scholz-code", s, NULL, 0);
    assert_false(same_history(paper, code));
    tu_assert_close(paper->forecast[0], 7, 0);
    pl_forecast_free(paper);
    pl_forecast_free(code);
    /* Q < 1 with the full eq. 7 changes the paper mode's round-1 expected utilities. */
    const char *q1[] = {"rounds=1", "events=all"}, *q05[] = {"rounds=1", "events=all", "risk-q=0.5"};
    paper = run_opts("bdm-scholz-paper", s, q1, 2);
    code = run_opts("bdm-scholz-paper", s, q05, 3);
    assert_int_equal(paper->n_events > 0, 1);
    assert_true(paper->event[0].a != code->event[0].a);
    pl_forecast_free(paper);
    pl_forecast_free(code);
    pl_stakeholders_free(s);
}

/* Bad option values are refused by name; --rounds and --stop-tolerance shape the history. */
static void rounds_and_bounds(void **state)
{
    (void)state;
    const pl_bargain_type *t = pl_bargain_find("bdm-scholz-paper");
    pl_optset o;
    pl_error err;
    pl_optset_init(&o, t->options, t->n_options);
    assert_int_equal(pl_optset_set(&o, "risk-q", "1.5", &err), PL_EINVAL);
    assert_int_equal(pl_optset_set(&o, "rounds", "0", &err), PL_EINVAL);
    assert_int_equal(pl_optset_set(&o, "selection", "greedy", &err), PL_EINVAL);
    assert_int_equal(pl_optset_set(&o, "range", "round", &err), PL_OK);
    pl_stakeholders *s = read_table("bargaining/sultan-oman-1997.csv");
    const char *three[] = {"rounds=3"};
    pl_forecast *f = run_opts("bdm-scholz-code", s, three, 1);
    assert_int_equal(f->n_rounds, 4);
    pl_forecast_free(f);
    /* Nobody moves in the Sultan case, so the median is still after rounds 1 and 2: stop there. */
    const char *stop[] = {"rounds=50", "stop-tolerance=0.01"};
    f = run_opts("bdm-scholz-code", s, stop, 2);
    assert_int_equal(f->n_rounds, 3);
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

/* Multi-dimension inputs run per dimension; events name the dimension and the right actors. The
** second dimension is the first moved and stretched (2x + 100): the model only sees ratios of
** distances and the order of positions, so its history maps over. (A reflection would not: the
** code ranks compromises by position value, §2.10.) */
static void per_dimension(void **state)
{
    (void)state;
    pl_stakeholders *one = read_table("bargaining/emission-standards.csv");
    pl_stakeholders *s = pl_stakeholders_alloc(one->n_actors + 1, 2);
    for (size_t i = 0; i < s->n_actors; i++) {
        size_t src = i ? i - 1 : 0;
        pl_free(s->actor[i]);
        s->actor[i] = pl_strdup(i ? one->actor[src] : "Absent");
        for (size_t d = 0; d < 2; d++) {
            s->position[i * 2 + d] = d ? 100 + 2 * one->position[src] : one->position[src];
            s->capability[i * 2 + d] = one->capability[src];
            s->salience[i * 2 + d] = one->salience[src];
            s->present[i * 2 + d] = i > 0;
        }
    }
    const char *opts[] = {"rounds=4"};
    pl_forecast *f = run_opts("bdm-scholz-code", s, opts, 1);
    pl_forecast *g = run_opts("bdm-scholz-code", one, opts, 1);
    assert_int_equal(f->n_events, 2 * g->n_events);
    for (size_t t = 0; t < f->n_rounds; t++) {
        tu_assert_close(f->round[t].median[0], g->round[t].median[0], 1e-15);
        tu_assert_close(f->round[t].median[1], 100 + 2 * g->round[t].median[0], 1e-12);
    }
    for (size_t e = 0; e < f->n_events; e++) assert_true(f->event[e].actor > 0 && f->event[e].other > 0);
    pl_forecast_free(f);
    pl_forecast_free(g);
    pl_stakeholders_free(s);
    pl_stakeholders_free(one);
}

/* Every allocation failure is reported as PL_ENOMEM and frees what was built (ASan checks). */
static void allocation_failures(void **state)
{
    (void)state;
    pl_stakeholders *s = read_table("bargaining/emission-standards.csv");
    const pl_bargain_type *t = pl_bargain_find("bdm-scholz-paper");
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    pl_error err;
    assert_int_equal(pl_optset_set(&o, "events", "all", &err), PL_OK);
    pl_status st = PL_ENOMEM;
    for (long k = 0; st == PL_ENOMEM && k < 10000; k++) {
        pl_forecast *f = NULL;
        pl_memory_fail_after(k);
        st = pl_bargain_run(t, s, &o, NULL, &f, &err);
        pl_memory_fail_after(-1);
        if (st) assert_null(f);
        pl_forecast_free(f);
    }
    assert_int_equal(st, PL_OK);
    pl_stakeholders_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emission_20_rounds),
        cmocka_unit_test(emission_round1_eu_matrix),
        cmocka_unit_test(sultan_10_rounds),
        cmocka_unit_test(closed_form_r1_q1),
        cmocka_unit_test(q_terms),
        cmocka_unit_test(probabilities),
        cmocka_unit_test(risk_exponents),
        cmocka_unit_test(degenerate_inputs),
        cmocka_unit_test(range_overflow),
        cmocka_unit_test(paper_mode_as_code),
        cmocka_unit_test(paper_mode_options),
        cmocka_unit_test(rounds_and_bounds),
        cmocka_unit_test(per_dimension),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
