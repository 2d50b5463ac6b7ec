/*
** test_war_condition.c — conditioning the drawn parameters on an observed record (history matching
** by rejection): the acceptance rate against the share of the prior that is consistent, the cutoff
** held by every accepted draw, determinism across threads, the cap, and the section's errors.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/ensemble.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/stats.h"
#include "parley/war.h"
#include "parley/war_condition.h"

static char dir[64];


static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/parley-cond-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    /* A toy record: Russia's ground over 2024 (one yearly total and two months), published early 2025. */
    tu_put(dir, "series.csv", "series,side,measure,aggregate,period_months,units,bias_lo,bias_hi,file,note,offset\n"
                      "ground_year,russia,territory_gain_km2,sum,12,km2/year,1,1,ground.csv,toy,\n"
                      "ground_month,russia,territory_gain_km2,sum,1,km2/month,0.8,1.2,ground.csv,toy,\n"
                      "ground_late,russia,territory_gain_km2,sum,1,km2/month,1,1,late.csv,toy,\n"
                      "quiet,ukraine,outage_hours,mean,1,hours/day,1,1,quiet.csv,toy,1\n"
                      "tight,russia,territory_gain_km2,sum,1,km2/month,1.25,1.25,bias.csv,toy,\n"
                      "loose,russia,territory_gain_km2,sum,1,km2/month,0.5,2,bias.csv,toy,\n");
    tu_put(dir, "bias.csv", "series,month,value,source,published\ntight,2024-06,900,toy,2024-07-01\n"
                      "loose,2024-06,900,toy,2024-07-01\n");
    tu_put(dir, "quiet.csv", "series,month,value,source,published\nquiet,2024-05,0,toy,2024-06-01\n");
    tu_put(dir, "ground.csv", "series,month,value,source,published\n"
                      "ground_year,2024-01,4000,toy,2025-01-02\n"
                      "ground_month,2024-10,600,toy,2024-12-01\n"
                      "ground_month,2024-11,700,toy,2024-12-20\n");
    tu_put(dir, "late.csv", "series,month,value,source,published\n"
                    "ground_late,2024-06,300,toy,2024-07-01\n"
                    "ground_late,2024-12,400,toy,2026-01-05\n");
    return 0;
}

static int remove_dir(void **state)
{
    (void)state;
    const char *names[] = {"series.csv", "ground.csv", "late.csv", "quiet.csv", "bias.csv", "s.yaml"};
    for (size_t k = 0; k < 6; k++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        remove(path);
    }
    return rmdir(dir);
}

/* The war scenario (its war file by absolute path) with a condition: section given as text. */
static const char *scenario(const char *condition, const char *as_of)
{
    static char path[256];
    char text[4096];
    snprintf(text, sizeof text,
             "scenario:\n  name: toy\n  start: 2024-01-01\n  horizon_years: 1\n  as_of: %s\n"
             "include: %s\n%s", as_of, tu_root("scenarios/war/russia-ukraine.yaml"), condition);
    tu_put(dir, "s.yaml", text);
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    return path;
}

#define COND(series, extra)                                                                                     \
    "condition:\n  record: series.csv\n  series: [" series "]\n  window: [2024-01, 2024-12]\n"                    \
    "  tolerance: 0.25\n  assumed: toy\n  range: [0.1, 0.5]\n" extra

static pl_war_condition *load(const char *path, unsigned flags, pl_scenario **sc)
{
    pl_error err;
    pl_status st = pl_scenario_read_flags(path, pl_war_schema(), flags, sc, &err);
    if (st) fail_msg("%s", err.msg);
    pl_war_condition *c = NULL;
    st = pl_war_condition_create(*sc, &c, &err);
    if (st) fail_msg("%s", err.msg);
    return c;
}

/* The acceptance rate is the share of the prior's draws within the cutoff (counted here directly,
** from pl_scenario_draw on other streams), and every accepted draw is within it. */
static void acceptance_is_the_consistent_share(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_war_condition *c = load(scenario(COND("ground_year, ground_month", ""), "2025-11-27"), 0, &sc);
    assert_non_null(c);
    assert_int_equal(pl_war_condition_n_series(c), 2);
    double *v = malloc(sc->n_params * sizeof *v), worst, imp[2];
    pl_error err;
    long n_prior = 600, inside = 0;
    for (long i = 0; i < n_prior; i++) {
        gsl_rng *r = pl_rng_alloc(99, (uint64_t)i);
        pl_scenario_draw(sc, r, v);
        assert_int_equal(pl_war_condition_implausibility(c, v, imp, &worst, &err), PL_OK);
        assert_true(worst == fmax(imp[0], imp[1]));
        inside += worst <= 3;
        gsl_rng_free(r);
    }
    double p = (double)inside / (double)n_prior;
    assert_true(p > 0.02 && p < 0.98); /* the toy record splits the prior */
    long runs = 300;
    size_t tries, total = 0;
    for (long i = 0; i < runs; i++) {
        gsl_rng *r = pl_rng_alloc(5, (uint64_t)i);
        assert_int_equal(pl_war_condition_draw(c, r, v, &tries, &err), PL_OK);
        assert_true(tries >= 1);
        total += tries;
        assert_int_equal(pl_war_condition_implausibility(c, v, NULL, &worst, &err), PL_OK);
        assert_true(worst <= 3);
        gsl_rng_free(r);
    }
    unsigned long long k, n, failed;
    pl_war_condition_counts(c, &k, &n, &failed);
    assert_int_equal(k, runs);
    assert_int_equal(n, total);
    assert_int_equal(failed, 0);
    /* The two estimates of one share agree within their 99.9 % intervals. */
    double lo1, hi1, lo2, hi2, z = pl_stats_z(0.999);
    pl_stats_wilson(inside, n_prior, z, &lo1, &hi1);
    pl_stats_wilson((long)k, (long)n, z, &lo2, &hi2);
    assert_true(lo1 <= hi2 && lo2 <= hi1);
    char line[1024];
    pl_war_condition_describe(c, line, sizeof line);
    assert_non_null(strstr(line, "accepted 300 of"));
    assert_non_null(strstr(line, "90 % Wilson"));
    free(v);
    pl_war_condition_free(c);
    pl_scenario_free(sc);
}

/* Candidate 0 is the unconditioned draw: with a cutoff every draw meets, the values are
** pl_scenario_draw's, one try each. */
static void wide_cutoff_is_the_plain_draw(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_war_condition *c = load(scenario(COND("ground_year", "  cutoff: 10\n  max_tries: 3\n")
                                        , "2025-11-27"), 0, &sc);
    double *v = malloc(sc->n_params * sizeof *v), *w = malloc(sc->n_params * sizeof *w);
    pl_error err;
    int plain = 0;
    for (uint64_t i = 0; i < 40; i++) {
        gsl_rng *r1 = pl_rng_alloc(11, i), *r2 = pl_rng_alloc(11, i);
        size_t tries;
        pl_scenario_draw(sc, r1, v);
        pl_status st = pl_war_condition_draw(c, r2, w, &tries, &err);
        if (!st && tries == 1) {
            plain++;
            assert_memory_equal(v, w, sc->n_params * sizeof *v);
            assert_true(gsl_rng_get(r1) == gsl_rng_get(r2)); /* the run's stream goes on from the same place */
        }
        gsl_rng_free(r1), gsl_rng_free(r2);
    }
    assert_true(plain > 20);
    free(v), free(w);
    pl_war_condition_free(c);
    pl_scenario_free(sc);
}

/* Two series with the same points and the same bias midpoint (1.25), one stated exactly and one
** as 0.5-2 times the truth: the loose one's implausibility is the tight one's scaled by
** τ / sqrt(τ² + (ln 4)²/12), its bias interval's log-uniform spread added to the tolerance. */
static void bias_interval_widens_tolerance(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_war_condition *c = load(scenario(COND("tight, loose", ""), "2025-11-27"), 0, &sc);
    double *v = malloc(sc->n_params * sizeof *v), imp[2], worst;
    pl_scenario_nominals(sc, v);
    pl_error err;
    assert_int_equal(pl_war_condition_implausibility(c, v, imp, &worst, &err), PL_OK);
    double tau = 0.25, spread = log(4.0) / sqrt(12.0);
    assert_true(imp[0] > 0);
    tu_assert_close(imp[1], imp[0] * tau / sqrt(tau * tau + spread * spread), 1e-12);
    gsl_rng *r = pl_rng_alloc(5, 0);
    size_t tries;
    pl_war_condition_draw(c, r, v, &tries, &err); /* describe needs a candidate */
    gsl_rng_free(r);
    char line[512];
    pl_war_condition_describe(c, line, sizeof line);
    assert_non_null(strstr(line, "tolerances 0.25, 0.47"));
    free(v);
    pl_war_condition_free(c);
    pl_scenario_free(sc);
}

/* A record no draw can meet: every run stops at max_tries with a model failure. */
static void cap_is_a_model_failure(void **state)
{
    (void)state;
    tu_put(dir, "far.csv", "series,month,value,source,published\nground_far,2024-01,40000000,toy,2025-01-02\n");
    tu_put(dir, "far_series.csv", "series,side,measure,aggregate,period_months,units,bias_lo,bias_hi,file,note\n"
                          "ground_far,russia,territory_gain_km2,sum,12,km2/year,1,1,far.csv,toy\n");
    pl_scenario *sc;
    pl_war_condition *c = load(scenario("condition:\n  record: far_series.csv\n  series: [ground_far]\n"
                                        "  window: [2024-01, 2024-12]\n  tolerance: 0.25\n  assumed: toy\n"
                                        "  range: [0.1, 0.5]\n  max_tries: 7\n", "2025-11-27"), 0, &sc);
    double *v = malloc(sc->n_params * sizeof *v);
    pl_error err;
    size_t tries;
    gsl_rng *r = pl_rng_alloc(1, 0);
    assert_int_equal(pl_war_condition_draw(c, r, v, &tries, &err), PL_EMODEL);
    assert_int_equal(tries, 7);
    assert_non_null(strstr(err.msg, "none of 7 candidate draws"));
    unsigned long long k, n, failed;
    pl_war_condition_counts(c, &k, &n, &failed);
    assert_true(k == 0 && n == 7 && failed == 1);
    gsl_rng_free(r);
    free(v);
    pl_war_condition_free(c);
    pl_scenario_free(sc);
    char path[256];
    snprintf(path, sizeof path, "%s/far.csv", dir), remove(path);
    snprintf(path, sizeof path, "%s/far_series.csv", dir), remove(path);
}

/* The ensemble's conditioned runs are the same on one thread and on two, and --no-condition's
** reader flag gives the plain draws. */
static void ensemble_same_on_threads(void **state)
{
    (void)state;
    const char *path = scenario(COND("ground_year, ground_month", ""), "2025-11-27");
    pl_experiment *e;
    pl_error err;
    char note[256];
    assert_int_equal(pl_experiment_war_flags(path, 30, 0, 0, &e, note, sizeof note, &err), PL_OK);
    assert_non_null(e->condition);
    pl_ens_result *r[2];
    for (int t = 0; t < 2; t++) {
        pl_ens_config cfg;
        pl_ens_config_init(&cfg);
        cfg.seed = 3, cfg.runs = 24, cfg.series_runs = 0, cfg.threads = t + 1;
        assert_int_equal(pl_ensemble_run(e, &cfg, NULL, 0, &r[t], &err), PL_OK);
        assert_int_equal(r[t]->n_failed, 0);
    }
    assert_memory_equal(r[0]->y, r[1]->y, 24 * e->n_outcomes * sizeof *r[0]->y);
    unsigned long long k, n;
    pl_war_condition_counts(e->condition, &k, &n, NULL);
    assert_int_equal(k, 48);
    assert_true(n >= 48 && n % 2 == 0); /* the same tries twice */
    pl_ens_result_free(r[0]), pl_ens_result_free(r[1]);
    pl_experiment_free(e);
    assert_int_equal(pl_experiment_war_flags(path, 30, 0, PL_SCENARIO_NO_CONDITION, &e, note, sizeof note, &err), PL_OK);
    assert_null(e->condition);
    assert_int_equal(e->condition_off, 1);
    pl_experiment_free(e);
}

static void expect_error(const char *condition, const char *as_of, unsigned flags, const char *needle, const char *file,
                         int line)
{
    pl_scenario *sc = NULL;
    pl_error err;
    pl_status st = pl_scenario_read_flags(scenario(condition, as_of), pl_war_schema(), flags, &sc, &err);
    pl_war_condition *c = NULL;
    if (!st) st = pl_war_condition_create(sc, &c, &err);
    assert_int_equal(st, PL_EINPUT);
    assert_null(c);
    if (!strstr(err.msg, needle)) fail_msg("'%s' lacks '%s'", err.msg, needle);
    if (!strstr(err.file, file)) fail_msg("error in %s, expected %s", err.file, file);
    assert_int_equal(err.line, line);
    pl_scenario_free(sc);
}

static void section_errors(void **state)
{
    (void)state;
    /* scenario lines: 1-5 header, 6 include, 7 condition:, 8 record, 9 series, 10 window, 11 tolerance */
    expect_error(COND("ground_yaer", ""), "2025-11-27", 0, "found series 'ground_yaer', expected one listed in", "s.yaml", 9);
    expect_error(COND("ground_year, ground_year", ""), "2025-11-27", 0, "twice", "s.yaml", 9);
    expect_error("condition:\n  record: series.csv\n  series: [ground_year]\n  window: [2024-01, 2024-13]\n"
                 "  tolerance: 0.25\n  assumed: toy\n  range: [0.1, 0.5]\n", "2025-11-27", 0, "expected a month YYYY-MM",
                 "s.yaml", 10);
    expect_error("condition:\n  record: series.csv\n  series: [ground_year]\n  window: [2023-01, 2024-12]\n"
                 "  tolerance: 0.25\n  assumed: toy\n  range: [0.1, 0.5]\n", "2025-11-27", 0, "scenario's start",
                 "s.yaml", 10);
    expect_error("condition:\n  record: series.csv\n  series: [ground_year]\n  window: [2024-01, 2024-12]\n"
                 "  tolerance: 0.25\n", "2025-11-27", 0, "without provenance", "s.yaml", 11);
    expect_error("condition:\n  record: series.csv\n  series: [ground_year]\n  window: [2024-01, 2024-12]\n"
                 "  tolerance: 0.25\n  assumed: toy\n", "2025-11-27", 0, "without the range", "s.yaml", 12);
    expect_error("condition:\n  record: series.csv\n  series: [ground_year]\n  window: [2024-01, 2024-12]\n"
                 "  tolerance: 0.25\n  assumed: toy\n  range: [0.3, 0.5]\n", "2025-11-27", 0, "around the tolerance",
                 "s.yaml", 13);
    expect_error("condition:\n  record: nowhere.csv\n  series: [ground_year]\n  window: [2024-01, 2024-12]\n"
                 "  tolerance: 0.25\n  assumed: toy\n  range: [0.1, 0.5]\n", "2025-11-27", 0, "cannot be read", "s.yaml", 8);
    expect_error("condition:\n  series: [ground_year]\n", "2025-11-27", 0, "without record:", "s.yaml", 8);
    /* a window of zeros (months without outages) has no logarithm to match */
    expect_error(COND("quiet", ""), "2025-11-27", 0, "sum to 0, expected a positive total", "s.yaml", 9);
    /* a point of the window published after as_of: refused at its line in the data file */
    expect_error(COND("ground_late", ""), "2025-11-27", 0, "published 2026-01-05, after the scenario's as_of 2025-11-27",
                 "late.csv", 3);
    /* a window ending a century on (a typing error) would play it for every candidate */
    expect_error("condition:\n  record: series.csv\n  series: [ground_year]\n  window: [2024-01, 9999-12]\n"
                 "  tolerance: 0.25\n  assumed: toy\n  range: [0.1, 0.5]\n", "2025-11-27", 0,
                 "expected months within 100 years of the scenario's start", "s.yaml", 10);
    /* a count of candidates is whole */
    expect_error(COND("ground_year", "  max_tries: 2.5\n"), "2025-11-27", 0,
                 "found 2.5 for condition.max_tries, expected a whole number", "s.yaml", 14);
}

/* --allow-after-as-of lets a late point through, and says so. */
static void after_as_of_allowed(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_war_condition *c = load(scenario(COND("ground_late", ""), "2025-11-27"), PL_SCENARIO_ALLOW_AFTER_AS_OF, &sc);
    assert_non_null(c);
    char line[1024];
    pl_war_condition_describe(c, line, sizeof line);
    assert_non_null(strstr(line, "no candidate draws"));
    double *v = malloc(sc->n_params * sizeof *v);
    gsl_rng *r = pl_rng_alloc(2, 0);
    size_t tries;
    pl_error err;
    pl_status st = pl_war_condition_draw(c, r, v, &tries, &err);
    assert_true(st == PL_OK || st == PL_EMODEL);
    pl_war_condition_describe(c, line, sizeof line);
    assert_non_null(strstr(line, "1 point published after as_of"));
    gsl_rng_free(r);
    free(v);
    pl_war_condition_free(c);
    pl_scenario_free(sc);
}

/* Every allocation of the condition's making may fail: PL_ENOMEM, nothing left behind (the
** sanitizer build checks the leaks), until it is built. */
static void create_out_of_memory(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_scenario_read(scenario(COND("ground_year, ground_month", ""), "2025-11-27"), pl_war_schema(), &sc,
                                      &err), PL_OK);
    long failures = 0;
    for (long n = 0; n < 5000; n++) {
        pl_war_condition *c = NULL;
        pl_memory_fail_after(n);
        pl_status st = pl_war_condition_create(sc, &c, &err);
        pl_memory_fail_after(-1);
        if (st == PL_OK) {
            assert_non_null(c);
            pl_war_condition_free(c);
            break;
        }
        assert_int_equal(st, PL_ENOMEM);
        assert_null(c);
        failures++;
    }
    assert_true(failures > 10);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(acceptance_is_the_consistent_share),
        cmocka_unit_test(wide_cutoff_is_the_plain_draw),
        cmocka_unit_test(bias_interval_widens_tolerance),
        cmocka_unit_test(cap_is_a_model_failure),
        cmocka_unit_test(ensemble_same_on_threads),
        cmocka_unit_test(section_errors),
        cmocka_unit_test(after_as_of_allowed),
        cmocka_unit_test(create_out_of_memory),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
