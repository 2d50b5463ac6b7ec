/*
** test_war_elsewhere.c — the evidence machinery on a war that is not the flagship's: a hypothetical
** North against South, 2030-2032 (the war model's sections with the sides renamed, built here from
** scenarios/war/russia-ukraine.yaml without its posterior), a two-series record of its own (ground
** with gaps, claimed losses with a source bias), conditioned on and calibrated end to end. Nothing
** here names a series, a side or a date of the flagship's record.
**
** The record is synthetic: one draw of the model (parley simulate --seed 7 on this scenario, every
** uncertain parameter drawn, daily noise), aggregated by month, times log-normal noise of sd 0.1,
** losses times a claimant's bias of 1.2. It stands for a record, not for a war.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/war.h"
#include "parley/war_condition.h"
#include "parley/war_fit.h"

static char dir[64];

/* Monthly from 2030-01; ground has no value for March (a gap in the record). */
static const double GROUND[] = {586.5,  697.4,  1066.1, 1102.4, 1425.2, 1661.9, 2121.2, 2427.0, 2900.7,
                                3587.1, 3627.0, 5164.7, 3971.9, 5081.4, 6199.0, 8251.8, 8034.6, 7747.8,
                                7485.6, 8744.7, 8568.5, 9718.3, 8858.0, 9166.2, 8211.6, 8224.9, 8052.4,
                                9650.8, 10474.1, 10682.1, 13833.3, 11615.7, 15591.5};
static const double LOSSES[] = {4520.3, 2744.2, 2467.1, 1816.1, 1808.0, 1214.1, 1002.9, 1165.2, 767.8,
                                710.3,  656.1,  618.0,  522.4,  529.3,  383.0,  432.9,  420.1,  325.8,
                                346.9,  420.4,  390.7,  446.4,  423.2,  437.0,  397.9,  466.4,  475.3,
                                393.0,  477.1,  426.9,  421.2,  356.3,  410.9,  365.5,  239.9,  286.1};

static void replace_all(char *text, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    assert_true(nt <= nf);
    for (char *p = strstr(text, from); p; p = strstr(p + nt, from)) {
        memcpy(p, to, nt);
        memmove(p + nt, p + nf, strlen(p + nf) + 1);
    }
}

/* The shipped war sections with the sides renamed and the calibration (its posterior) cut off. */
static void write_war(void)
{
    char *war = tu_slurp(tu_root("scenarios/war/russia-ukraine.yaml"));
    char *cal = strstr(war, "\ncalibration:");
    assert_non_null(cal);
    cal[1] = '\0';
    replace_all(war, "\n  russia:\n", "\n  north:\n");
    replace_all(war, "\n  ukraine:\n", "\n  south:\n");
    replace_all(war, "supports: ukraine", "supports: south");
    tu_put(dir, "war.yaml", war);
    free(war);
}

static void write_record(void)
{
    char path[128], line[160];
    snprintf(path, sizeof path, "%s/record", dir);
    mkdir(path, 0755);
    tu_put(path, "series.csv",
           "series,side,measure,aggregate,period_months,units,bias_lo,bias_hi,file\n"
           "ground_n,north,territory_gain_km2,sum,1,km2/month,1,1,ground.csv\n"
           "losses_n,north,losses,per_day,1,persons/day,0.8,1.6,losses.csv\n");
    const struct { const char *name, *file; const double *v; size_t n; int gap; } files[] = {
        {"ground_n", "ground.csv", GROUND, sizeof GROUND / sizeof *GROUND, 1},
        {"losses_n", "losses.csv", LOSSES, sizeof LOSSES / sizeof *LOSSES, 0}};
    for (int f = 0; f < 2; f++) {
        char text[8192] = "series,month,value,source,published\n";
        for (size_t k = 0, m = 0; k < files[f].n; m++) {
            if (files[f].gap && m % 12 == 2) continue;
            int y = 2030 + (int)(m / 12), mo = (int)(m % 12) + 1, py = mo == 12 ? y + 1 : y, pm = mo % 12 + 1;
            snprintf(line, sizeof line, "%s,%04d-%02d,%.1f,\"synthetic\",%04d-%02d-05\n", files[f].name, y, mo,
                     files[f].v[k++], py, pm);
            strcat(text, line);
        }
        tu_put(path, files[f].file, text);
    }
}

static const char *scenario(const char *series)
{
    static char path[128];
    char text[2048];
    snprintf(text, sizeof text,
             "scenario:\n  name: hypothetical\n  start: 2030-01-01\n  horizon_years: 3\n  as_of: 2032-12-31\n"
             "include: war.yaml\n"
             "calibration:\n  free: [sides.north.front.attrition_coeff, sides.north.front.gain_coeff]\n"
             "  fit: [2030-01, 2031-06]\n  test: [2031-07, 2032-12]\n"
             "condition:\n  record: record/series.csv\n  series: [%s]\n  window: [2030-01, 2031-12]\n"
             "  tolerance: 0.25\n  assumed: \"a test of the machinery\"\n  range: [0.15, 0.4]\n", series);
    tu_put(dir, "hypo.yaml", text);
    snprintf(path, sizeof path, "%s/hypo.yaml", dir);
    return path;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/parley-elsewhere-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    write_war();
    write_record();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Every accepted draw is within the cutoff on both series; some candidates are turned down. */
static void condition_matches_its_own_record(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_war_scenario_read(scenario("ground_n, losses_n"), &sc, &err), PL_OK);
    pl_war_condition *c;
    assert_int_equal(pl_war_condition_create(sc, &c, &err), PL_OK);
    assert_non_null(c);
    assert_int_equal(pl_war_condition_n_series(c), 2);
    assert_string_equal(pl_war_condition_series_name(c, 1), "losses_n");
    double *v = pl_malloc(sc->n_params * sizeof *v), imp[2], worst;
    size_t tries, all = 0;
    for (uint64_t i = 0; i < 12; i++) {
        gsl_rng *rng = pl_rng_alloc(11, i);
        assert_int_equal(pl_war_condition_draw(c, rng, v, &tries, &err), PL_OK);
        assert_int_equal(pl_war_condition_implausibility(c, v, imp, &worst, &err), PL_OK);
        assert_true(worst <= 3 && isfinite(imp[0]) && isfinite(imp[1]));
        all += tries;
        gsl_rng_free(rng);
    }
    assert_true(all > 12); /* the prior's draws are not all consistent with the record */
    pl_free(v);
    pl_war_condition_free(c);
    pl_scenario_free(sc);
}

/* A series of another record is refused at its item. */
static void condition_refuses_another_records_series(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_war_scenario_read(scenario("ground_n, ground_isw"), &sc, &err), PL_OK);
    pl_war_condition *c = NULL;
    assert_int_equal(pl_war_condition_create(sc, &c, &err), PL_EINPUT);
    assert_null(c);
    tu_assert_error(&err, "found series 'ground_isw', expected one listed in", 13, 22);
    pl_scenario_free(sc);
}

/* The whole protocol runs on this record: finite scores for both series on the fixed split, the
** free parameters and the claimant's bias inside their priors. */
static void calibration_runs_on_its_own_record(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_war_record *r;
    pl_error err;
    char manifest[128];
    assert_int_equal(pl_war_scenario_read(scenario("ground_n"), &sc, &err), PL_OK);
    snprintf(manifest, sizeof manifest, "%s/record/series.csv", dir);
    assert_int_equal(pl_war_record_read(manifest, &r, &err), PL_OK);
    assert_int_equal(r->n_data, sizeof GROUND / sizeof *GROUND + sizeof LOSSES / sizeof *LOSSES);
    assert_int_equal(pl_war_record_check_span(r, sc, &err), PL_OK);
    pl_war_fit_options o;
    memset(&o, 0, sizeof o);
    o.as_of = pl_date_days(2032, 6, 30);
    o.fit_to = 2031 * 12 + 5, o.test_from = 2031 * 12 + 6, o.test_to = 2032 * 12 + 11;
    o.origin_from = 1, o.origin_to = 0; /* no rolling origins */
    o.horizon = 3, o.iterations = 80, o.burn_in = 20, o.draws = 6, o.noise_per_draw = 5, o.seed = 5;
    pl_war_fit *f;
    assert_int_equal(pl_war_fit_run(sc, r, &o, &f, &err), PL_OK);
    assert_true(f->as_of_used <= o.as_of && f->n_fitted > 40);
    for (size_t s = 0; s < 2; s++) {
        const pl_war_score *m = &f->score[PL_WAR_SPLIT_FIXED][PL_WAR_METHOD_MODEL][s];
        assert_true(m->n >= 10);
        assert_true(isfinite(m->mae) && m->mae > 0 && isfinite(m->crps) && isfinite(f->scale[s]));
    }
    for (size_t k = 0; k < f->n_param; k++) {
        const pl_war_fit_param *q = &f->param[k];
        assert_true(q->mean >= q->lo && q->mean <= q->hi);
        if (strcmp(q->path, "bias.losses_n") == 0) assert_true(q->lo == log(0.8) && q->hi == log(1.6));
    }
    pl_war_fit_free(f);
    pl_war_record_free(r);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(condition_matches_its_own_record),
        cmocka_unit_test(condition_refuses_another_records_series),
        cmocka_unit_test(calibration_runs_on_its_own_record),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
