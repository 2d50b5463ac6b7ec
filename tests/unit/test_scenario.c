/*
** test_scenario.c — the YAML scenario reader: every schema error with its line and column,
** values and distributions, required provenance, defaults and order of the parameter list,
** overrides and draws, observed series and calibration lists, the shipped scenario, and
** allocation failures.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/scenario.h"
#include "parley/war.h"

/* A small schema of its own: `units:` keyed, each with params x (required), y (default 5) and a
** switchable `extra` module requiring provenance; a top-level `options` with fields. */
static const pl_param_desc unit_params[] = {
    {"x", "km", 0, 10, 0, 1, 0, "a required length"},
    {"y", "share", 0, 1, 0.5, 0, 0, "an optional share"},
};
static const pl_param_desc extra_params[] = {
    {"z", "persons", 0, 1e6, 100, 0, 0, "a sourced count"},
};
static const pl_section_schema extra_section = {"extra", PL_SECTION_SINGLE, extra_params, 1, NULL, 0, NULL, 0, 1, 0, 1,
                                                "a module with provenance"};
static const pl_section_schema *const unit_children[] = {&extra_section};
static const pl_field_desc unit_fields[] = {
    {"kind", PL_FIELD_ENUM, "red|blue", 0, 0, 1, NULL, "a colour"},
};
static const pl_section_schema units_section = {"units", PL_SECTION_KEYED, unit_params, 2, unit_fields, 1,
                                                unit_children, 1, 0, 0, 0, "the units"};
static const pl_field_desc option_fields[] = {
    {"label", PL_FIELD_STRING, NULL, 0, 0, 0, "none", "a label"},
    {"flag", PL_FIELD_BOOL, NULL, 0, 0, 0, "false", "a flag"},
    {"levels", PL_FIELD_NUMBER_LIST, NULL, 0, 100, 0, NULL, "numbers"},
};
static const pl_section_schema options_section = {"options", PL_SECTION_SINGLE, NULL, 0, option_fields, 3, NULL, 0, 0,
                                                  0, 0, "options"};
static const pl_section_schema *const test_sections[] = {&units_section, &options_section};
static const pl_scenario_schema test_schema = {test_sections, 2};

#define HEADER "scenario:\n  name: t\n  start: 2024-01-01\n  horizon_years: 1\n"

static pl_scenario *parse(const char *text, pl_status expect, pl_error *err)
{
    pl_scenario *sc = NULL;
    pl_status st = pl_scenario_parse("t.yaml", text, strlen(text), &test_schema, &sc, err);
    if (st != expect) fail_msg("status %d, expected %d: %s (line %d col %d)", st, expect, err->msg, err->line, err->col);
    return sc;
}

/* Parses text expecting PL_EINPUT at line:col with needle in the message. */
static void expect_error(const char *text, int line, int col, const char *needle)
{
    pl_error err;
    pl_scenario *sc = parse(text, PL_EINPUT, &err);
    assert_null(sc);
    assert_string_equal(err.file, "t.yaml");
    tu_assert_error(&err, needle, line, col);
}

static void valid_file(void **state)
{
    (void)state;
    pl_error err;
    /* y before x in the file: the parameter list still follows the schema (x, y, then extra.z). */
    pl_scenario *sc = parse(HEADER "units:\n  a:\n    kind: red\n    y: 0.25\n    x: {value: 3, source: \"s\"}\n"
                                   "  b:\n    kind: blue\n    x: {uniform: [1, 2], assumed: \"guess\"}\n"
                                   "    extra: {enabled: false}\n"
                                   "options:\n  levels: [1, null, 3]\n",
                            PL_OK, &err);
    assert_non_null(sc);
    assert_string_equal(sc->name, "t");
    assert_int_equal(sc->start_year, 2024);
    assert_int_equal(sc->step_days, 1);
    assert_int_equal(sc->seed, -1);
    assert_int_equal(sc->n_params, 6);
    const char *order[6] = {"units.a.x", "units.a.y", "units.a.extra.z", "units.b.x", "units.b.y", "units.b.extra.z"};
    for (int k = 0; k < 6; k++) assert_string_equal(sc->param[k].path, order[k]);
    assert_true(sc->param[0].given && sc->param[1].given && !sc->param[2].given);
    tu_assert_close(sc->param[1].nominal, 0.25, 0);
    tu_assert_close(sc->param[2].nominal, 100, 0);
    assert_string_equal(sc->param[0].source, "s");
    assert_int_equal(sc->param[0].line, 9);
    assert_int_equal(sc->param[0].col, 8);
    assert_int_equal(sc->param[3].dist.kind, PL_DIST_UNIFORM);
    tu_assert_close(sc->param[3].nominal, 1.5, 1e-12);
    tu_assert_close(sc->param[3].range_lo, 1, 0);
    assert_string_equal(sc->param[3].assumed, "guess");
    assert_int_equal(pl_scenario_enabled(sc, "units.a.extra"), 1);
    assert_int_equal(pl_scenario_enabled(sc, "units.b.extra"), 0);
    assert_int_equal(pl_scenario_enabled(sc, "units.c.extra"), -1);
    assert_int_equal(pl_scenario_find_entry(sc, "units.b"), 1);
    const pl_field *f = pl_scenario_find_field(sc, "options.levels");
    assert_int_equal(f->n_items, 3);
    assert_true(isnan(f->values[1]) && f->values[2] == 3);
    assert_string_equal(pl_scenario_find_field(sc, "options.label")->text, "none");
    assert_string_equal(pl_scenario_find_field(sc, "units.b.kind")->text, "blue");
    tu_assert_close(pl_scenario_find_field(sc, "units.b.kind")->number, 1, 0);
    pl_scenario_free(sc);
}

static void overrides_and_draws(void **state)
{
    (void)state;
    pl_error err;
    pl_scenario *sc = parse(HEADER "units:\n  a:\n    kind: red\n    x: {normal: [5, 1], min: 0, max: 10, source: s}\n",
                            PL_OK, &err);
    double v[3], w[3];
    gsl_rng *r1 = pl_rng_alloc(1, 0), *r2 = pl_rng_alloc(1, 0);
    pl_scenario_draw(sc, r1, v);
    pl_scenario_draw(sc, r2, w);
    assert_memory_equal(v, w, sizeof v);
    assert_true(v[0] >= 0 && v[0] <= 10 && v[1] == 0.5);
    pl_scenario_nominals(sc, v);
    tu_assert_close(v[0], 5, 1e-9);
    assert_int_equal(pl_scenario_set_value(sc, "units.a.x", 7, &err), PL_OK);
    pl_scenario_draw(sc, r1, v);
    tu_assert_close(v[0], 7, 0);
    assert_int_equal(pl_scenario_set_value(sc, "units.a.x", 11, &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "expected a value in [0, 10]"));
    assert_int_equal(pl_scenario_set_value(sc, "units.a.w", 1, &err), PL_EINVAL);
    pl_dist d = pl_dist_make(PL_DIST_TRIANGULAR, 1, 9, 3, 0);
    assert_int_equal(pl_scenario_set_dist(sc, "units.a.x", &d, &err), PL_OK);
    tu_assert_close(sc->param[0].nominal, 13.0 / 3, 1e-12);
    d = pl_dist_make(PL_DIST_NORMAL, 1, 1, 0, 0);
    assert_int_equal(pl_scenario_set_dist(sc, "units.a.x", &d, &err), PL_EINVAL);
    assert_int_equal(pl_scenario_find_param(sc, "units.a.y"), 1);
    assert_int_equal(pl_scenario_find_param(sc, "units.a"), -1);
    gsl_rng_free(r1), gsl_rng_free(r2);
    pl_scenario_free(sc);
}

static void yaml_errors(void **state)
{
    (void)state;
    expect_error("", 1, 1, "found an empty file");
    expect_error("- 1\n- 2\n", 1, 1, "found a sequence of 2 items at the top, expected a mapping");
    expect_error("scenario: {name: [1, 2\n", 2, 1, "found invalid YAML");
    expect_error(HEADER "units: &u {}\nother: *u\n", 6, 8, "found an alias (u)");
    expect_error("a: 1\n---\nb: 2\n", 2, 1, "expected one YAML document");
    expect_error(HEADER "{a: 1}: 2\n", 5, 1, "found a mapping as a mapping key");
}

static void header_errors(void **state)
{
    (void)state;
    expect_error("scenario:\n  name: t\n  horizon_years: 1\n", 2, 3, "missing key 'start' in scenario");
    expect_error("scenario:\n  name: t\n  start: 2024-02-30\n  horizon_years: 1\n", 3, 10,
                 "found '2024-02-30' for scenario.start, expected a date");
    expect_error("scenario:\n  name: t\n  start: 2024-01-01\n  horizon_years: long\n", 4, 18,
                 "found 'long' for scenario.horizon_years, expected a number in");
    expect_error("scenario:\n  name: t\n  start: 2024-01-01\n  horizon_years: 1\n  step: month\n", 5, 9,
                 "expected one of day|week");
    expect_error("scenario:\n  name: t\n  start: 2024-01-01\n  horizon_years: 1\n  horizon: 1\n", 5, 3,
                 "found unknown key 'horizon' in scenario, expected a known key (did you mean 'horizon_years'?)");
    expect_error("scenario:\n  name: t\n  name: u\n", 3, 3, "found key 'name' a second time in scenario");
    expect_error(HEADER "unitz: {}\n", 5, 1, "found unknown key 'unitz' in the scenario file, expected a known key (did you mean 'units'?)");
    expect_error(HEADER "zzzzzzzz: {}\n", 5, 1, "expected one of: scenario, observed, calibration, condition, units, options");
    /* A seed is exact or refused: a fraction, or a value a double would round (2^53 + 1). */
    expect_error(HEADER "  seed: 1.5\n", 5, 9, "found seed 1.5, expected a whole number in [0, 2^53]");
    expect_error(HEADER "  seed: 9007199254740993\n", 5, 9, "found seed 9007199254740993, expected a whole number");
    pl_error err;
    pl_scenario *sc = parse(HEADER "  seed: 9007199254740992\n", PL_OK, &err);
    assert_int_equal(sc->seed, 9007199254740992L);
    pl_scenario_free(sc);
}

static void section_errors(void **state)
{
    (void)state;
    expect_error(HEADER "units: [1]\n", 5, 8, "found a sequence of 1 items for units, expected a mapping of id");
    expect_error(HEADER "units:\n  a: 3\n", 6, 6, "found the number 3 for units.a, expected a mapping");
    expect_error(HEADER "units:\n  a b: {}\n", 6, 3, "found id 'a b' in units");
    expect_error(HEADER "units:\n  a:\n    kind: red\n", 7, 5, "missing key 'x' in units.a, expected it (a required length, km)");
    expect_error(HEADER "units:\n  a:\n    kind: green\n    x: 1\n", 7, 11, "found 'green' for units.a.kind, expected one of red|blue");
    expect_error(HEADER "units:\n  a:\n    kind: red\n    x: 1\n    xx: 2\n", 9, 5, "(did you mean 'x'?)");
    expect_error(HEADER "units:\n  a:\n    kind: red\n    x: 1\n  a:\n    kind: red\n", 9, 3, "found id 'a' a second time");
    expect_error(HEADER "units:\n  a:\n    kind: red\n    x: 1\n    extra: {enabled: maybe}\n", 9, 22,
                 "found maybe for units.a.extra.enabled, expected true or false");
    expect_error(HEADER "options:\n  flag: 2\n", 6, 9, "found the number 2 for options.flag, expected true or false");
    expect_error(HEADER "options:\n  levels: [1, x]\n", 6, 15, "found 'x' in options.levels, expected a number in [0, 100] or null");
    expect_error(HEADER "options:\n  levels: 3\n", 6, 11, "expected a sequence [...] of numbers");
}

static void parameter_errors(void **state)
{
    (void)state;
#define UNIT HEADER "units:\n  a:\n    kind: red\n"
    expect_error(UNIT "    x: 11\n", 8, 8, "found 11 for units.a.x, expected a value in [0, 10] km");
    expect_error(UNIT "    x: far\n", 8, 8, "found 'far' for units.a.x, expected a number or a mapping");
    expect_error(UNIT "    x: {source: s}\n", 8, 8, "found no value in units.a.x, expected value: or a distribution");
    expect_error(UNIT "    x: {value: 1, uniform: [0, 2], normal: [1, 1]}\n", 8, 44, "found both 'uniform' and 'normal'");
    expect_error(UNIT "    x: {normal: [1, -2]}\n", 8, 17, "found normal sd -2, expected a positive number in units.a.x");
    expect_error(UNIT "    x: {normal: [5, 1]}\n", 8, 8, "reaching outside [0, 10], expected it within (truncate with min: and max:)");
    expect_error(UNIT "    x: {triangular: [1, 2]}\n", 8, 21, "found a sequence of 2 items for triangular of units.a.x, expected a sequence of 3");
    expect_error(UNIT "    x: {value: 9, uniform: [1, 2]}\n", 8, 8, "found value 9 for units.a.x outside its distribution's support");
    expect_error(UNIT "    x: {value: 1, units: m}\n", 8, 26, "found units 'm' for units.a.x, expected 'km'");
    expect_error(UNIT "    x: {value: 1, range: [2, 3]}\n", 8, 26, "found range [2, 3] for units.a.x, expected low <= 1 <= high");
    expect_error(UNIT "    x: {value: 1, source: [a]}\n", 8, 27, "found a sequence of 1 items for source of units.a.x, expected text");
    expect_error(UNIT "    x: {value: 1, sauce: s}\n", 8, 19, "(did you mean 'source'?)");
    expect_error(UNIT "    x: {discrete: [[1, 1], [2]]}\n", 8, 28, "expected a sequence of 2 numbers");
    expect_error(UNIT "    x: {beta: [1, 1, 3]}\n", 8, 15, "expected [alpha, beta] or [alpha, beta, low, high]");
#undef UNIT
}

/* A section with provenance refuses plain numbers and unsourced values, and `assumed:` needs
** the range considered. */
static void provenance_errors(void **state)
{
    (void)state;
#define EXTRA HEADER "units:\n  a:\n    kind: red\n    x: 1\n    extra:\n"
    expect_error(EXTRA "      z: 5\n", 10, 10, "found the plain number 5 for units.a.extra.z, expected {value: 5, source: ...}");
    expect_error(EXTRA "      z: {value: 5}\n", 10, 10, "found units.a.extra.z without provenance, expected source:");
    expect_error(EXTRA "      z: {value: 5, assumed: guess}\n", 10, 30, "found assumed: without the range considered");
    pl_error err;
    pl_scenario *sc = parse(EXTRA "      z: {value: 5, assumed: guess, range: [1, 9]}\n", PL_OK, &err);
    tu_assert_close(sc->param[2].range_hi, 9, 0);
    pl_scenario_free(sc);
    sc = parse(EXTRA "      z: {lognormal: [1, 0.5], max: 1000, assumed: guess}\n", PL_OK, &err);
    assert_int_equal(sc->param[2].dist.kind, PL_DIST_LOGNORMAL);
    pl_scenario_free(sc);
#undef EXTRA
}

static void observed_and_calibration(void **state)
{
    (void)state;
    pl_error err;
    pl_scenario *sc = parse(HEADER "units:\n  a: {kind: red, x: 2}\n"
                                   "observed:\n  s1:\n    side: a\n    measure: losses\n    units: km\n    source: src\n"
                                   "    start: 2024-03\n    period_months: 3\n    aggregate: per_day\n    weight: 0.5\n"
                                   "    values: [1, null, 2.5]\n"
                                   "calibration:\n  free: [units.a.y, units.a.x]\n  fit: [2024-01, 2024-12]\n",
                            PL_OK, &err);
    assert_int_equal(sc->n_series, 1);
    const pl_obs_series *s = pl_scenario_find_series(sc, "s1");
    assert_string_equal(s->entity, "a");
    assert_string_equal(s->measure, "losses");
    assert_int_equal(s->start_month, 3);
    assert_int_equal(s->period_months, 3);
    assert_int_equal(s->aggregate, PL_OBS_PER_DAY);
    tu_assert_close(s->weight, 0.5, 0);
    assert_true(s->n == 3 && isnan(s->values[1]) && s->values[2] == 2.5);
    assert_int_equal(sc->n_free, 2);
    assert_int_equal(sc->free_param[0], 1);
    assert_int_equal(sc->fit_from[0] * 100 + sc->fit_from[1], 202401);
    assert_int_equal(sc->test_from[0], 0);
    pl_scenario_free(sc);
    expect_error(HEADER "units:\n  a: {kind: red, x: 2}\ncalibration:\n  free: [units.a.z]\n", 8, 10,
                 "found 'units.a.z' in calibration.free, expected the path of a parameter (did you mean 'units.a.x'?)");
    expect_error(HEADER "calibration:\n  fit: [2024-12, 2024-01]\n", 6, 8, "found a bad calibration.fit window");
    expect_error(HEADER "observed:\n  s: {units: u, start: 2024-01, values: [1]}\n", 6, 6, "missing key 'source' in observed.s");
    expect_error(HEADER "observed:\n  s: {units: u, source: x, start: 2024-01, period_months: 1.5, values: [1]}\n", 6, 59,
                 "expected a whole number of months");
}

static void dates(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(pl_date_parse("2024-02-29", &y, &m, &d), 0);
    assert_int_equal(pl_date_parse("2023-02-29", &y, &m, &d), -1);
    assert_int_equal(pl_date_parse("2024-13", &y, &m, &d), -1);
    assert_int_equal(pl_date_parse("2024-1-01", &y, &m, &d), -1);
    assert_int_equal(pl_date_parse("2025-01", &y, &m, &d), 0);
    assert_int_equal(d, 1);
    assert_int_equal(pl_date_days(1970, 1, 1), 0);
    assert_int_equal(pl_date_days(2025, 1, 20) - pl_date_days(2024, 1, 1), 385);
    pl_date_from_days(pl_date_days(2000, 2, 29), &y, &m, &d);
    assert_true(y == 2000 && m == 2 && d == 29);
}

/* Every parameter of the shipped scenario is given in the file, with a source or an
** assumption (the reader enforces the latter; this checks nothing is left to defaults). */
static void shipped_scenario(void **state)
{
    (void)state;
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_war_scenario_read(tu_data("../scenarios/russia-ukraine-2024.yaml"), &sc, &err), PL_OK);
    size_t war_params = 0;
    for (size_t k = 0; k < sc->n_params; k++) {
        const pl_param *p = &sc->param[k];
        if (!p->given) fail_msg("%s is not given in the shipped scenario", p->path);
        assert_true(p->source || p->assumed);
        war_params++;
    }
    assert_true(war_params > 200);
    assert_int_equal(sc->n_free, 7);
    assert_true(sc->n_series >= 10);
    assert_int_equal(sc->param[pl_scenario_find_param(sc, "sides.ukraine.manpower.bribe_price")].dist.kind,
                     PL_DIST_TRIANGULAR);
    pl_scenario_free(sc);
}

/* Each allocation failure is reported as PL_ENOMEM and leaks nothing (checked under ASan). */
static void allocation_failures(void **state)
{
    (void)state;
    const char *text = HEADER "units:\n  a: {kind: red, x: {value: 2, source: s}, extra: {z: {value: 1, source: s}}}\n"
                              "observed:\n  s: {units: u, source: x, start: 2024-01, values: [1, 2]}\n"
                              "calibration:\n  free: [units.a.x]\n";
    int failures = 0;
    for (long n = 0; n < 2000; n++) {
        pl_error err;
        pl_scenario *sc = NULL;
        pl_memory_fail_after(n);
        pl_status st = pl_scenario_parse("t.yaml", text, strlen(text), &test_schema, &sc, &err);
        pl_memory_fail_after(-1);
        if (st == PL_OK) {
            pl_scenario_free(sc);
            break;
        }
        assert_int_equal(st, PL_ENOMEM);
        assert_null(sc);
        failures++;
    }
    assert_true(failures > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_file),         cmocka_unit_test(overrides_and_draws),
        cmocka_unit_test(yaml_errors),        cmocka_unit_test(header_errors),
        cmocka_unit_test(section_errors),     cmocka_unit_test(parameter_errors),
        cmocka_unit_test(provenance_errors),  cmocka_unit_test(observed_and_calibration),
        cmocka_unit_test(dates),              cmocka_unit_test(shipped_scenario),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
