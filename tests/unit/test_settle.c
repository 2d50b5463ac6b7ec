/*
** test_settle.c — the flagship run: the scenario and its located errors, its as-of date, the
** war sections and posterior it reads by reference, determinism from the seed, the acceptance rule, monotonicity in the
** guarantee's strength, the historical cases, and the median of censored times.
*/
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/settle_sim.h"
#include "parley/war.h"

typedef struct flagship {
    pl_scenario *sc;
    pl_settle_setup *su;
    double *v;
} flagship;

static void load(flagship *f)
{
    pl_error err;
    assert_int_equal(pl_scenario_read(tu_root("scenarios/ukraine-2025-19pt.yaml"), pl_settle_schema(), &f->sc, &err), PL_OK);
    assert_int_equal(pl_settle_setup_create(f->sc, &f->su, &err), PL_OK);
    f->v = malloc(f->sc->n_params * sizeof *f->v);
    pl_scenario_nominals(f->sc, f->v);
}

static void unload(flagship *f)
{
    pl_settle_setup_free(f->su);
    pl_scenario_free(f->sc);
    free(f->v);
}

static void run_one(const flagship *f, uint64_t seed, uint64_t stream, pl_settle_outcomes *out)
{
    pl_error err;
    pl_settle_params p;
    assert_int_equal(pl_settle_params_from_scenario(f->su, f->sc, f->v, &p, &err), PL_OK);
    gsl_rng *r = pl_rng_alloc(seed, stream);
    assert_int_equal(pl_settle_run(&p, r, out, &err), PL_OK);
    gsl_rng_free(r);
}

static void flagship_setup(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    assert_string_equal(f.su->fw->name, "geneva-19-point");
    assert_string_equal(f.su->fw->actor[f.su->attacker], "russia");
    assert_string_equal(f.su->fw->actor[f.su->defender], "ukraine");
    assert_true(f.su->start_day > 690 && f.su->start_day < 700); /* 2024-01-01 to 2025-11-27 */
    assert_string_equal(f.su->fw->point[f.su->territory_point].id, "territory-donetsk");
    pl_settle_params p;
    pl_error err;
    assert_int_equal(pl_settle_params_from_scenario(f.su, f.sc, f.v, &p, &err), PL_OK);
    tu_assert_close(p.guarantee.duration_years, 15, 0);
    tu_assert_close(p.guarantee.forces, 15000, 0);
    tu_assert_close(p.v.capability[pl_framework_find_actor(f.su->fw, "ukraine")], 0.7, 0);
    /* Every parameter of the settle section says where it comes from. */
    for (size_t i = 0; i < f.sc->n_params; i++)
        if (strncmp(f.sc->param[i].path, "settle.", 7) == 0 && f.sc->param[i].given)
            assert_true(f.sc->param[i].source || f.sc->param[i].assumed);
    unload(&f);
}

/* The flagship is dated 27 Nov 2025 and knows nothing published later: every source is dated by
** then, and none cites the seed text (its claims are hypotheses). */
static void flagship_as_of(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    assert_true(f.sc->has_as_of);
    assert_int_equal(f.sc->as_of, pl_date_days(2025, 11, 27));
    assert_int_equal(f.sc->n_after_as_of, 0);
    size_t dated = 0;
    for (size_t i = 0; i < f.sc->n_params; i++) {
        const pl_param *p = &f.sc->param[i];
        if (!p->source) continue;
        if (!p->has_published) fail_msg("%s has a source without published:", p->path);
        assert_true(p->published <= f.sc->as_of);
        if (strstr(p->source, "seed")) fail_msg("%s cites the seed text as its source", p->path);
        dated++;
    }
    assert_true(dated > 30);
    unload(&f);
    /* The scenario with hindsight carries later facts and declares the later date that allows them. */
    pl_scenario *late;
    pl_error err;
    assert_int_equal(pl_scenario_read(tu_root("scenarios/ukraine-2026-02-19pt.yaml"), pl_settle_schema(), &late, &err),
                     PL_OK);
    assert_int_equal(late->as_of, pl_date_days(2026, 2, 9));
    size_t later = 0;
    for (size_t i = 0; i < late->n_params; i++)
        later += late->param[i].has_published && late->param[i].published > pl_date_days(2025, 11, 27);
    assert_true(later >= 5);
    pl_scenario_free(late);
}


/* text with the first from replaced by to (a new string). */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    char *out = malloc(strlen(text) + strlen(to) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

/* The flagship and the war scenario read the war sections from one file and the calibration
** posterior it names: a value changed there changes both, and the posterior's columns are drawn
** jointly, a row per run. */
static void reads_shared_file_and_posterior(void **state)
{
    (void)state;
    char dir[] = "/tmp/parley-flagship-XXXXXX", war_dir[600], path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(war_dir, sizeof war_dir, "%s/war", dir);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", war_dir);
    assert_int_equal(system(cmd), 0);
    char *flag = tu_slurp(tu_root("scenarios/ukraine-2025-19pt.yaml")), *war = tu_slurp(tu_root("scenarios/war/russia-ukraine.yaml"));
    char fw[1100];
    snprintf(fw, sizeof fw, "framework: %s", tu_root("data/frameworks"));
    char *flag2 = replaced(flag, "framework: ../data/frameworks", fw);
    char *war2 = replaced(war, "attrition_coeff:\n        value: 1300", "attrition_coeff:\n        value: 1400");
    char *shipped_posterior = strstr(war2, "\ncalibration:\n"); /* named relative to the shipped file */
    if (shipped_posterior) shipped_posterior[1] = '\0';
    char *war3 = malloc(strlen(war2) + 100);
    sprintf(war3, "%s\ncalibration:\n  posterior: post.csv\n", war2);
    tu_put(dir, "flagship.yaml", flag2);
    tu_put(war_dir, "russia-ukraine.yaml", war2);
    snprintf(path, sizeof path, "%s/flagship.yaml", dir);
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_scenario_read(path, pl_settle_schema(), &sc, &err), PL_OK);
    int k = pl_scenario_find_param(sc, "sides.russia.front.attrition_coeff");
    tu_assert_close(sc->param[k].nominal, 1400, 0);
    assert_int_equal(pl_scenario_param_group(sc, (size_t)k), PL_GROUP_SOURCED);
    pl_scenario_free(sc);
    /* With a posterior named in the shared file: fitted, one row per run. */
    tu_put(war_dir, "russia-ukraine.yaml", war3);
    tu_put(war_dir, "post.csv", "# parley posterior v1\n# as_of: 2025-11-01\ndraw,log_posterior,sides.russia.front.attrition_coeff,"
                             "sides.russia.front.gain_coeff\n0,-10,1785,10\n1,-11,1700,12\n");
    assert_int_equal(pl_scenario_read(path, pl_settle_schema(), &sc, &err), PL_OK);
    int g = pl_scenario_find_param(sc, "sides.russia.front.gain_coeff");
    assert_int_equal(pl_scenario_param_group(sc, (size_t)k), PL_GROUP_FITTED);
    double *v = malloc(sc->n_params * sizeof *v);
    gsl_rng *rng = pl_rng_alloc(3, 0);
    int rows[2] = {0, 0};
    for (int r = 0; r < 50; r++) {
        pl_scenario_draw(sc, rng, v);
        assert_true((v[k] == 1785 && v[g] == 10) || (v[k] == 1700 && v[g] == 12));
        rows[v[k] == 1700]++;
    }
    assert_true(rows[0] > 5 && rows[1] > 5);
    gsl_rng_free(rng);
    free(v);
    pl_scenario_free(sc);
    /* A model-level error in the shared file is located there, not in the flagship. */
    char *war4 = replaced(war2, "role: defender", "role: attacker");
    tu_put(war_dir, "russia-ukraine.yaml", war4);
    snprintf(path, sizeof path, "%s/flagship.yaml", dir);
    assert_int_equal(pl_scenario_read(path, pl_settle_schema(), &sc, &err), PL_OK);
    v = malloc(sc->n_params * sizeof *v);
    pl_scenario_nominals(sc, v);
    pl_war_params *wp = malloc(sizeof *wp);
    assert_int_equal(pl_war_params_from_scenario(sc, v, wp, &err), PL_EINPUT);
    assert_non_null(strstr(err.file, "/war/russia-ukraine.yaml"));
    assert_non_null(strstr(err.msg, "found a second attacker 'ukraine'"));
    free(wp), free(v), free(war4);
    pl_scenario_free(sc);
    tu_put(war_dir, "russia-ukraine.yaml", war3);
    /* The war scenario merges the shared calibration.posterior with its own free/fit/test. */
    char *ws = tu_slurp(tu_root("scenarios/russia-ukraine-2024.yaml"));
    tu_put(dir, "war.yaml", ws);
    snprintf(path, sizeof path, "%s/war.yaml", dir);
    assert_int_equal(pl_scenario_read_flags(path, pl_war_schema(), 0, &sc, &err), PL_OK);
    assert_non_null(sc->posterior);
    assert_true(sc->n_free > 0);
    pl_scenario_free(sc);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(flag), free(war), free(flag2), free(war2), free(war3), free(ws);
}

static void deterministic(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    pl_settle_outcomes a, b, c;
    run_one(&f, 7, 3, &a);
    run_one(&f, 7, 3, &b);
    run_one(&f, 7, 4, &c);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(memcmp(a.v, c.v, sizeof a.v) != 0);
    /* (the engine's run i on stream (seed, i): test_settle_engine.c) */
    unload(&f);
}

/* Runs i < n on streams (seed, i), each with the scenario drawn from its stream (the engine's
** runs are these: test_settle_engine.c), raw outcomes into o. */
static void draw_runs(const flagship *f, uint64_t seed, size_t n, double *o)
{
    double *v = malloc(f->sc->n_params * sizeof *v);
    pl_settle_params *p = malloc(sizeof *p);
    pl_error err;
    for (size_t i = 0; i < n; i++) {
        gsl_rng *rng = pl_rng_alloc(seed, i);
        pl_settle_outcomes out;
        pl_scenario_draw(f->sc, rng, v);
        assert_int_equal(pl_settle_params_from_scenario(f->su, f->sc, v, p, &err), PL_OK);
        assert_int_equal(pl_settle_run(p, rng, &out, &err), PL_OK);
        memcpy(o + i * PL_SO_COUNT, out.v, sizeof out.v);
        gsl_rng_free(rng);
    }
    free(p);
    free(v);
}

/* A side accepts iff the deal is worth at least fighting on, from the values the run reports. */
static void acceptance_rule(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    pl_error err;
    /* Talks that teach nothing (likelihood ratio 1): the attacker never waits for a signal, so
    ** the rule below is an equivalence; with them informative the wait (settle.md §11) may only
    ** turn an acceptance into a refusal. */
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.talk_if_resolute", 0.5, &err), PL_OK);
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.talk_if_irresolute", 0.5, &err), PL_OK);
    double *o = malloc(12 * PL_SO_COUNT * sizeof *o);
    draw_runs(&f, 11, 12, o);
    for (size_t i = 0; i < 12; i++) {
        const double *x = o + i * PL_SO_COUNT;
        double deal_a = x[PL_SO_ATTACKER_TERMS_VALUE] + x[PL_SO_ATTACKER_OPTION_VALUE];
        /* ... and does not plan to break it within its first review (a quarter: 0.25 years). */
        double planned = x[PL_SO_PLANNED_ATTACK_YEARS];
        int keeps = planned < 0 || planned >= 0.25 - 1e-12;
        assert_int_equal(x[PL_SO_ACCEPT_ATTACKER] > 0,
                         keeps && deal_a >= x[PL_SO_ATTACKER_FIGHT_VALUE] - 1e-12 * fabs(deal_a));
        assert_int_equal(x[PL_SO_ACCEPT_DEFENDER] > 0, x[PL_SO_DEFENDER_DEAL_VALUE] >= x[PL_SO_DEFENDER_FIGHT_VALUE]);
        /* The option never lowers the value of a deal, and a deal in round 1 needs both. */
        assert_true(x[PL_SO_ATTACKER_OPTION_VALUE] >= -1e-9);
        if (x[PL_SO_DEAL_ROUND] == 1) assert_true(x[PL_SO_ACCEPT_ATTACKER] > 0 && x[PL_SO_ACCEPT_DEFENDER] > 0);
        for (size_t k = 0; k < PL_SO_COUNT; k++) assert_true(isfinite(x[k]));
    }
    free(o);
    unload(&f);
}

/* Learning in talks (settle.md §11). A signal of likelihood ratio 1 changes nothing: any two such
** give bit-identical runs, as does an informative one when the type is not in doubt (prior 1).
** An informative one changes some run, and where the attacker accepts it still values the deal
** at least as fighting on (the wait only adds refusals). */
static void talk_learning(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    pl_error err;
    enum { N = 24 };
    double *o[4];
    const double talk[4][3] = {{0.5, 0.5, 0.5}, {0.3, 0.3, 0.5}, {0.95, 0.05, 1}, {0.95, 0.05, 0.5}};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.talk_if_resolute", talk[k][0], &err), PL_OK);
        assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.talk_if_irresolute", talk[k][1], &err), PL_OK);
        assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.prior", talk[k][2], &err), PL_OK);
        o[k] = malloc(N * PL_SO_COUNT * sizeof *o[k]);
        draw_runs(&f, 5, N, o[k]);
    }
    assert_memory_equal(o[0], o[1], N * PL_SO_COUNT * sizeof *o[0]);
    assert_true(memcmp(o[0], o[3], N * PL_SO_COUNT * sizeof *o[0]) != 0);
    /* Prior 1 against prior 0.5 is a different scenario; against itself uninformative it is the same. */
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.talk_if_resolute", 0.5, &err), PL_OK);
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.talk_if_irresolute", 0.5, &err), PL_OK);
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.resolve.prior", 1, &err), PL_OK);
    double *known = malloc(N * PL_SO_COUNT * sizeof *known);
    draw_runs(&f, 5, N, known);
    assert_memory_equal(known, o[2], N * PL_SO_COUNT * sizeof *known);
    for (size_t i = 0; i < N; i++) {
        const double *x = o[3] + i * PL_SO_COUNT;
        double deal_a = x[PL_SO_ATTACKER_TERMS_VALUE] + x[PL_SO_ATTACKER_OPTION_VALUE];
        if (x[PL_SO_ACCEPT_ATTACKER] > 0) assert_true(deal_a >= x[PL_SO_ATTACKER_FIGHT_VALUE] - 1e-12 * fabs(deal_a));
    }
    for (int k = 0; k < 4; k++) free(o[k]);
    free(known);
    unload(&f);
}

/* With revisionist aims, along the ladder: the attacker's whole value of the deal (its terms with
** the subordination a guarantee leaves, plus the option to attack) never rises, and its value of
** fighting on is untouched. */
static void revisionist_deal_value(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    pl_error err;
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.postdeal.attention_noise", 0, &err), PL_OK);
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.aims.hypothesis", 1, &err), PL_OK);
    double prev = 0, fight = 0, first = 0;
    for (int s = 0; s <= 5; s++) {
        assert_int_equal(pl_scenario_set_value(f.sc, "settle.guarantee.strength", s, &err), PL_OK);
        pl_scenario_nominals(f.sc, f.v);
        pl_settle_outcomes o;
        run_one(&f, 5, 0, &o);
        double deal = o.v[PL_SO_ATTACKER_TERMS_VALUE] + o.v[PL_SO_ATTACKER_OPTION_VALUE];
        if (s > 0) {
            assert_true(deal <= prev + 1e-9);
            tu_assert_close(o.v[PL_SO_ATTACKER_FIGHT_VALUE], fight, 1e-12);
        }
        if (s == 0) first = deal;
        /* A treaty ally removes most of the subordination for 15 years: strictly less. */
        if (s == 5) assert_true(deal < first - 0.1);
        prev = deal;
        fight = o.v[PL_SO_ATTACKER_FIGHT_VALUE];
    }
    unload(&f);
}

static double never_is_late(double years) { return years < 0 ? 1e9 : years; }

/* Along the ladder (same streams), with limited aims: the guarantor is more credible, the
** attacker's option to attack later is worth less to it, it plans its attack no sooner, and the
** signed deal lasts no shorter. (With revisionist aims the option need not fall: the guarantee
** also removes subordination from the peace the attacker would give up, aims.h; the deal's whole
** value to it does fall, revisionist_deal_value.) */
static void firmer_guarantee(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    pl_error err;
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.postdeal.attention_noise", 0, &err), PL_OK);
    assert_int_equal(pl_scenario_set_value(f.sc, "settle.aims.hypothesis", 0, &err), PL_OK);
    pl_settle_outcomes prev = {0};
    for (int s = 0; s <= 5; s++) {
        assert_int_equal(pl_scenario_set_value(f.sc, "settle.guarantee.strength", s, &err), PL_OK);
        pl_scenario_nominals(f.sc, f.v);
        pl_settle_outcomes o;
        run_one(&f, 5, 0, &o);
        if (s > 0) {
            assert_true(o.v[PL_SO_CREDIBILITY] >= prev.v[PL_SO_CREDIBILITY]);
            assert_true(o.v[PL_SO_ATTACKER_OPTION_VALUE] <= prev.v[PL_SO_ATTACKER_OPTION_VALUE] + 1e-9);
            assert_true(never_is_late(o.v[PL_SO_PLANNED_ATTACK_YEARS]) >= never_is_late(prev.v[PL_SO_PLANNED_ATTACK_YEARS]));
            assert_true(never_is_late(o.v[PL_SO_SIGNED_YEARS_TO_RECOMMENCE]) >=
                        never_is_late(prev.v[PL_SO_SIGNED_YEARS_TO_RECOMMENCE]));
            /* The guarantee leaves the attacker's value of fighting on alone: it acts on the deal only. */
            tu_assert_close(o.v[PL_SO_ATTACKER_FIGHT_VALUE], prev.v[PL_SO_ATTACKER_FIGHT_VALUE], 1e-12);
        }
        prev = o;
    }
    assert_true(prev.v[PL_SO_ATTACKER_OPTION_VALUE] < 1e-9 || prev.v[PL_SO_PLANNED_ATTACK_YEARS] >= 15);
    unload(&f);
}

/* Replaces from by to in the flagship's text and parses it, expecting a located input error. */
static void expect_error(const char *from, const char *to, const char *needle)
{
    const char *path = tu_root("scenarios/ukraine-2025-19pt.yaml");
    char *text = tu_slurp(path);
    char *at = strstr(text, from);
    assert_non_null(at);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *bad = malloc(n + 1);
    snprintf(bad, n + 1, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    pl_scenario *sc;
    pl_settle_setup *su = NULL;
    pl_error err;
    pl_status st = pl_scenario_parse(path, bad, strlen(bad), pl_settle_schema(), &sc, &err);
    if (!st) st = pl_settle_setup_create(sc, &su, &err);
    assert_int_equal(st, PL_EINPUT);
    tu_assert_error(&err, needle, 0, 0);
    assert_true(err.line > 0);
    pl_settle_setup_free(su);
    pl_scenario_free(sc);
    free(bad);
    free(text);
}

static void located_errors(void **state)
{
    (void)state;
    expect_error("model: compromise", "model: haggling", "haggling");
    expect_error("framework: ../data/frameworks/geneva-19-point.yaml", "framework: nowhere.yaml", "nowhere.yaml");
    expect_error("  terms: negotiated\n", "  terms: negotiated\n  drop: [amnesty, no-such-point]\n", "no-such-point");
    expect_error("  terms: negotiated\n", "  terms: negotiated\n  set: [army-cap=5000]\n", "expected one in [400, 1000]");
    expect_error("  start: 2025-11-27", "  start: 2023-11-27", "before the scenario's start");
    expect_error("    ukraine:\n      capability", "    kyiv:\n      capability", "kyiv");
}

static void historical_cases(void **state)
{
    (void)state;
    pl_scenario *common, *korea, *minsk;
    pl_error err;
    assert_int_equal(pl_scenario_read(tu_root("scenarios/cases/_common.yaml"), pl_settle_case_schema(), &common, &err), PL_OK);
    assert_int_equal(pl_settle_case_read(tu_root("scenarios/cases/korea-1953.yaml"), common, &korea, &err), PL_OK);
    assert_int_equal(pl_settle_case_read(tu_root("scenarios/cases/minsk-1-2014.yaml"), common, &minsk, &err), PL_OK);
    double v[256];
    assert_true(korea->n_params <= 256);
    pl_scenario_nominals(korea, v);
    pl_settle_params p;
    assert_int_equal(pl_settle_case_params(korea, v, &p, &err), PL_OK);
    tu_assert_close(p.guarantee.half_life_years, 5, 1e-12);   /* the common one: the mean of its range [2, 8] (rule C8) */
    tu_assert_close(p.v.cases.force, 550000, 0);        /* the common one: the mean of [100000, 1000000] */
    tu_assert_close(p.guarantee.p_fight, 0.9, 1e-12);   /* rung 5: treaty troops + DMZ + guarantee */
    /* rule C8's map: 815,000 battle deaths give a war cost 0.5 + 0.5 log10(815) and exhaustion
    ** 0.2 + 0.1 log10(815); the capability ratio 1.1 is the case's own */
    tu_assert_close(p.v.valuation.war_cost_attacker, 0.5 + 0.5 * log10(815.0), 1e-12);
    tu_assert_close(p.v.cases.exhaustion, 0.2 + 0.1 * log10(815.0), 1e-12);
    tu_assert_close(p.v.covariates.capability_ratio, 1.1, 1e-12);
    tu_assert_close(p.v.cases.terms_attacker, 0.5, 1e-12); /* not territorial, no prior war */
    gsl_rng *r = pl_rng_alloc(1, 0);
    double years;
    assert_int_equal(pl_settle_case_run(&p, korea->horizon_years, r, &years, &err), PL_OK);
    tu_assert_close(years, -1, 0);
    pl_scenario_nominals(minsk, v);
    assert_int_equal(pl_settle_case_params(minsk, v, &p, &err), PL_OK);
    assert_int_equal(pl_settle_case_run(&p, minsk->horizon_years, r, &years, &err), PL_OK);
    assert_true(years >= 0 && years < minsk->horizon_years);
    gsl_rng_free(r);
    pl_scenario_free(minsk);
    pl_scenario_free(korea);
    pl_scenario_free(common);
}

/* Rule C8 (docs/backtest.md) draws a case's parameter only from a distribution its file or
** _common.yaml writes out (`uniform:`); pl_scenario_draw's provenance groups must draw exactly
** those, from exactly that distribution (a `range:` alone in a case file, which the groups would
** draw triangular, must stay fixed; _common.yaml's reach a case only as distributions), or the
** corpus's forecasts stop following the committed rule. */
static void case_draws_follow_rule_c8(void **state)
{
    (void)state;
    pl_scenario *common;
    pl_error err;
    assert_int_equal(pl_scenario_read(tu_root("scenarios/cases/_common.yaml"), pl_settle_case_schema(), &common, &err), PL_OK);
    DIR *d = opendir(tu_root("scenarios/cases"));
    assert_non_null(d);
    size_t n_cases = 0, n_drawn = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '_' || e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0) continue;
        char rel[300];
        snprintf(rel, sizeof rel, "scenarios/cases/%s", e->d_name);
        pl_scenario *sc;
        assert_int_equal(pl_settle_case_read(tu_root(rel), common, &sc, &err), PL_OK);
        for (size_t k = 0; k < sc->n_params; k++) {
            const pl_param *p = &sc->param[k];
            int written = p->dist.kind != PL_DIST_FIXED, drawn = pl_scenario_param_group(sc, k) != PL_GROUP_NONE;
            if (written != drawn) fail_msg("%s: %s written %d, drawn %d", rel, p->path, written, drawn);
            if (!drawn) continue;
            pl_dist q = pl_scenario_param_dist(sc, k);
            assert_int_equal(q.kind, p->dist.kind);
            assert_true(q.a == p->dist.a && q.b == p->dist.b && q.lo == p->dist.lo && q.hi == p->dist.hi);
            n_drawn++;
        }
        pl_scenario_free(sc);
        n_cases++;
    }
    closedir(d);
    assert_true(n_cases >= 40);
    assert_true(n_drawn > 27 * n_cases); /* the common assumptions and some coded ranges are drawn */
    pl_scenario_free(common);
}

/* A run whose allocations fail reports PL_ENOMEM and leaks nothing. */
static void out_of_memory(void **state)
{
    (void)state;
    flagship f;
    load(&f);
    pl_settle_params p;
    pl_error err;
    assert_int_equal(pl_settle_params_from_scenario(f.su, f.sc, f.v, &p, &err), PL_OK);
    int finished = 0;
    for (long n = 0; n < 500 && !finished; n++) {
        gsl_rng *r = pl_rng_alloc(1, 0);
        pl_settle_outcomes out;
        pl_memory_fail_after(n);
        pl_status st = pl_settle_run(&p, r, &out, &err);
        pl_memory_fail_after(-1);
        gsl_rng_free(r);
        if (st == PL_OK) finished = 1;
        else assert_int_equal(st, PL_ENOMEM);
    }
    assert_true(finished);
    unload(&f);
}

static void median_time(void **state)
{
    (void)state;
    double scratch[8];
    double a[5] = {3, -1, 1, 2, -1}; /* events at 1, 2, 3; two never: the 3rd of 5 is 3 */
    tu_assert_close(pl_settle_median_time(a, 5, 1, scratch), 3, 0);
    double b[4] = {3, -1, -1, -1};
    tu_assert_close(pl_settle_median_time(b, 4, 1, scratch), -1, 0);
    double c[4] = {5, 1, -1, -1}; /* exactly half: the 2nd of 4 */
    tu_assert_close(pl_settle_median_time(c, 4, 1, scratch), 5, 0);
    tu_assert_close(pl_settle_median_time(c, 0, 1, scratch), -1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flagship_setup),   cmocka_unit_test(flagship_as_of),     cmocka_unit_test(reads_shared_file_and_posterior), cmocka_unit_test(deterministic),
        cmocka_unit_test(acceptance_rule),  cmocka_unit_test(firmer_guarantee), cmocka_unit_test(talk_learning),
        cmocka_unit_test(revisionist_deal_value), cmocka_unit_test(located_errors),
        cmocka_unit_test(historical_cases), cmocka_unit_test(case_draws_follow_rule_c8), cmocka_unit_test(median_time),        cmocka_unit_test(out_of_memory),
        
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
