/*
** test_scenario_files.c — what a scenario reads besides its own text: included files (merged,
** with errors located in the included file), the as-of discipline (published: against
** scenario.as_of, refused at its line unless allowed), the calibration posterior drawn jointly,
** and the provenance groups every run draws.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/scenario.h"

static const pl_param_desc unit_params[] = {
    {"x", "km", 0, 100, 0, 1, 0, "a required length"},
    {"y", "share", 0, 1, 0.5, 0, 0, "an optional share"},
    {"on", "0/1", 0, 1, 0, 0, 0, "a switch"},
};
static const pl_section_schema units_section = {"units", PL_SECTION_KEYED, unit_params, 3, NULL, 0, NULL, 0, 0, 0, 1,
                                                "the units"};
static const pl_section_schema *const test_sections[] = {&units_section};
static const pl_scenario_schema test_schema = {test_sections, 1};

#define HEADER "scenario:\n  name: t\n  start: 2024-01-01\n  horizon_years: 1\n"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/parley-files-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 256, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static pl_scenario *read_ok(const char *path, unsigned flags)
{
    pl_scenario *sc = NULL;
    pl_error err;
    if (pl_scenario_read_flags(path, &test_schema, flags, &sc, &err))
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return sc;
}

/* Reads main.yaml expecting PL_EINPUT in file (a name in dir) at line:col with needle. */
static void expect_error(const char *main_text, const char *file, int line, int col, const char *needle)
{
    const char *path = write_file("main.yaml", main_text);
    pl_scenario *sc = NULL;
    pl_error err;
    assert_int_equal(pl_scenario_read_flags(path, &test_schema, 0, &sc, &err), PL_EINPUT);
    assert_null(sc);
    char want[256];
    snprintf(want, sizeof want, "%s/%s", dir, file);
    assert_string_equal(err.file, want);
    tu_assert_error(&err, needle, line, col);
}

static void include_merges(void **state)
{
    (void)state;
    write_file("part.yaml", "# the shared units\nunits:\n  a:\n    x: {value: 3, source: s}\n");
    pl_scenario *sc = read_ok(write_file("main.yaml", HEADER "include: part.yaml\nunits:\n  b:\n    x: {value: 4, "
                                                                "assumed: a, range: [1, 9]}\n"), 0);
    assert_int_equal(sc->n_entries, 2);
    int a = pl_scenario_find_param(sc, "units.a.x"), b = pl_scenario_find_param(sc, "units.b.x");
    tu_assert_close(sc->param[a].nominal, 3, 0);
    assert_non_null(strstr(sc->param[a].file, "/part.yaml"));
    assert_int_equal(sc->param[a].line, 4);
    assert_int_equal(sc->param[a].col, 8);
    assert_non_null(strstr(sc->param[b].file, "/main.yaml"));
    assert_int_equal(sc->n_files, 1);
    pl_scenario_free(sc);
}

static void include_errors(void **state)
{
    (void)state;
    write_file("part.yaml", "units:\n  a:\n    x: {value: 300, source: s}\n");
    expect_error(HEADER "include: part.yaml\n", "part.yaml", 3, 8, "found 300 for units.a.x, expected a value in [0, 100]");
    write_file("part.yaml", "units:\n  a:\n    x: {value: 3, source: s}\n");
    expect_error(HEADER "units:\n  a:\n    x: 1\ninclude: part.yaml\n", "part.yaml", 2, 3,
                 "found units.a here and at");
    expect_error(HEADER "include: missing.yaml\n", "main.yaml", 5, 10, "found include 'missing.yaml' that cannot be read");
    expect_error(HEADER "include: [part.yaml, {a: 1}]\n", "main.yaml", 5, 22, "found a mapping for include, expected a file path");
    expect_error(HEADER "include: /dev/null\n", "main.yaml", 5, 10, "found include '/dev/null' that is not a regular file");
    write_file("part.yaml", "include: other.yaml\n");
    expect_error(HEADER "include: part.yaml\n", "part.yaml", 1, 1, "found include: in an included file");
    write_file("part.yaml", "- 1\n");
    expect_error(HEADER "include: part.yaml\n", "part.yaml", 1, 1, "expected a mapping of scenario sections");
    write_file("part.yaml", "units: [1]\n");
    expect_error(HEADER "units:\n  a:\n    x: 1\ninclude: part.yaml\n", "part.yaml", 1, 1, "found section units here and at");
}

#define ASOF HEADER "  as_of: 2025-11-27\n"

static void as_of(void **state)
{
    (void)state;
    /* Dated on or before as_of: read; its date is kept. */
    pl_scenario *sc = read_ok(write_file("main.yaml", ASOF "units:\n  a:\n    x: {value: 3, source: s, published: 2025-11-27}\n"), 0);
    assert_true(sc->has_as_of);
    assert_int_equal(sc->as_of, pl_date_days(2025, 11, 27));
    assert_true(sc->param[0].has_published);
    assert_int_equal(sc->n_after_as_of, 0);
    pl_scenario_free(sc);
    const char *late = ASOF "units:\n  a:\n    x: {value: 3, source: s, published: 2025-11-28}\n";
    expect_error(late, "main.yaml", 8, 41, "found units.a.x published 2025-11-28, after the scenario's as_of 2025-11-27");
    /* The same in an included file is located there. */
    write_file("part.yaml", "units:\n  a:\n    x:\n      value: 3\n      source: s\n      published: 2026-01-01\n");
    expect_error(ASOF "include: part.yaml\n", "part.yaml", 6, 18, "found units.a.x published 2026-01-01");
    /* Allowed on request, and counted with where the first is. */
    sc = read_ok(write_file("main.yaml", late), PL_SCENARIO_ALLOW_AFTER_AS_OF);
    assert_int_equal(sc->n_after_as_of, 1);
    assert_non_null(strstr(sc->after_as_of_first, "main.yaml:8:41: found units.a.x published 2025-11-28"));
    pl_scenario_free(sc);
    expect_error(ASOF "units:\n  a:\n    x: {value: 3, source: s}\n", "main.yaml", 8, 27, "found source: without published:");
    expect_error(HEADER "units:\n  a:\n    x: {value: 3, source: s, published: 2025-13}\n", "main.yaml", 7, 41,
                 "expected a date YYYY-MM-DD");
    expect_error(HEADER "  as_of: 2025-11\n", "main.yaml", 5, 10, "found '2025-11' for scenario.as_of");
    /* Without as_of, undated sources are fine (older scenarios). */
    sc = read_ok(write_file("main.yaml", HEADER "units:\n  a:\n    x: {value: 3, source: s}\n"), 0);
    assert_false(sc->has_as_of);
    pl_scenario_free(sc);
    /* A calibration target after as_of is refused at its published: line. */
    expect_error(ASOF "observed:\n  s:\n    units: km\n    source: t\n    published: 2026-01-02\n    start: 2025-01\n"
                      "    values: [1]\n", "main.yaml", 10, 16, "found observed.s published 2026-01-02");
    expect_error(ASOF "observed:\n  s:\n    units: km\n    source: t\n    start: 2025-01\n    values: [1]\n", "main.yaml",
                 9, 13, "found source: without published: in observed.s");
}

#define POST_HEAD "# parley posterior v1\n# as_of: 2025-11-01\n"
#define TWO_UNITS "units:\n  a:\n    x: {value: 3, source: s, published: 2025-01-01, range: [1, 5]}\n  b:\n    x: {value: 13, assumed: g, range: [10, 20]}\n" \
                  "    y: {value: 0.5, assumed: g, range: [0.2, 0.6]}\n"

static void posterior(void **state)
{
    (void)state;
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.a.x,units.b.x\n0,-1,1,11\n1,-2,2,12\n2,-3,4,14\n");
    pl_scenario *sc = read_ok(write_file("main.yaml", ASOF "calibration:\n  posterior: p.csv\n" TWO_UNITS), 0);
    assert_non_null(sc->posterior);
    int a = pl_scenario_find_param(sc, "units.a.x"), b = pl_scenario_find_param(sc, "units.b.x"),
        y = pl_scenario_find_param(sc, "units.b.y");
    assert_int_equal(pl_scenario_param_group(sc, (size_t)a), PL_GROUP_FITTED);
    assert_int_equal(pl_scenario_param_group(sc, (size_t)b), PL_GROUP_FITTED);
    assert_int_equal(pl_scenario_param_group(sc, (size_t)y), PL_GROUP_ASSUMED);
    assert_int_equal(pl_scenario_param_group(sc, (size_t)pl_scenario_find_param(sc, "units.a.on")), PL_GROUP_NONE);
    double *v = pl_malloc(sc->n_params * sizeof *v);
    gsl_rng *rng = pl_rng_alloc(7, 0);
    int seen[3] = {0, 0, 0};
    for (int k = 0; k < 300; k++) {
        pl_scenario_draw(sc, rng, v);
        tu_assert_close(v[b] - v[a], 10, 0); /* one row: the columns move together */
        assert_true(v[a] == 1 || v[a] == 2 || v[a] == 4);
        seen[v[a] == 1 ? 0 : v[a] == 2 ? 1 : 2]++;
        assert_true(v[y] >= 0.2 && v[y] <= 0.6);
    }
    assert_true(seen[0] > 60 && seen[1] > 60 && seen[2] > 60);
    /* A value the user sets is held. */
    pl_error err;
    assert_int_equal(pl_scenario_set_value(sc, "units.a.x", 3, &err), PL_OK);
    pl_scenario_draw(sc, rng, v);
    tu_assert_close(v[a], 3, 0);
    gsl_rng_free(rng);
    pl_free(v);
    pl_scenario_free(sc);
}

static void posterior_errors(void **state)
{
    (void)state;
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.a.z\n0,-1,1\n");
    const char *main_text = ASOF "calibration:\n  posterior: p.csv\n" TWO_UNITS;
    expect_error(main_text, "p.csv", 3, 20, "found column 'units.a.z', expected the path of a parameter");
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.a.x\n0,-1,1\n1,-1,101\n");
    expect_error(main_text, "p.csv", 5, 1, "found 101 for units.a.x in draw 1, expected a value in [0, 100]");
    write_file("p.csv", "# parley posterior v1\n# as_of: 2025-12-01\ndraw,log_posterior,units.a.x\n0,-1,1\n");
    expect_error(main_text, "p.csv", 2, 10, "found the posterior (its as_of) published 2025-12-01");
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.a.x\n0,-1\n");
    expect_error(main_text, "p.csv", 4, 1, "found 2 fields, expected 3");
    expect_error(ASOF "calibration:\n  posterior: none.csv\n" TWO_UNITS, "main.yaml", 7, 14,
                 "found posterior 'none.csv' that cannot be read");
    /* The line of a draw out of its domain is its own, not the header's plus its number (blank
    ** lines between rows had it pointing two lines early). */
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.a.x\n0,-1,1\n\n\n1,-1,101\n");
    expect_error(main_text, "p.csv", 7, 1, "found 101 for units.a.x in draw 1");
    /* A draw outside the parameter's range (units.b.x: [10, 20]) is a posterior of other priors. */
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.b.x\n0,-1,11\n1,-1,25\n");
    expect_error(main_text, "p.csv", 5, 1, "found 25 for units.b.x in draw 1, outside its range [10, 20]");
    /* A switch takes whole values only. */
    write_file("p.csv", POST_HEAD "draw,log_posterior,units.a.on\n0,-1,1\n1,-1,0.37\n");
    expect_error(main_text, "p.csv", 5, 1, "found 0.37 for units.a.on (0/1) in draw 1, expected a whole number");
    expect_error(ASOF "calibration:\n  posterior: /dev/zero\n" TWO_UNITS, "main.yaml", 7, 14,
                 "that is not a regular file");
}

/* Every parameter with a range is drawn, inside it; the draws of a group depend only on its
** uniform; a switch with a range is not drawn. */
static void grouped_draws(void **state)
{
    (void)state;
    pl_scenario *sc = read_ok(write_file("main.yaml", HEADER TWO_UNITS "    on: {value: 0, assumed: g, range: [0, 1]}\n"), 0);
    int a = pl_scenario_find_param(sc, "units.a.x"), b = pl_scenario_find_param(sc, "units.b.x");
    assert_int_equal(pl_scenario_param_group(sc, (size_t)a), PL_GROUP_SOURCED);
    assert_int_equal(pl_scenario_param_group(sc, (size_t)b), PL_GROUP_ASSUMED);
    assert_int_equal(pl_scenario_param_group(sc, (size_t)pl_scenario_find_param(sc, "units.b.on")), PL_GROUP_NONE);
    assert_false(pl_scenario_group_used(sc, PL_GROUP_FITTED));
    pl_dist d = pl_scenario_param_dist(sc, (size_t)b);
    assert_int_equal(d.kind, PL_DIST_TRIANGULAR);
    double *v = pl_malloc(sc->n_params * sizeof *v), *w = pl_malloc(sc->n_params * sizeof *w);
    double sum = 0;
    for (int k = 0; k < 2000; k++) {
        pl_scenario_nominals(sc, v);
        pl_scenario_draw_group(sc, PL_GROUP_ASSUMED, (k + 0.5) / 2000, NULL, v);
        assert_true(v[b] >= 10 && v[b] <= 20);
        tu_assert_close(v[a], 3, 0); /* the sourced group is not touched */
        sum += v[b];
    }
    tu_assert_close(sum / 2000, (10 + 13 + 20) / 3.0, 0.02); /* the triangular's mean */
    pl_scenario_nominals(sc, v), pl_scenario_nominals(sc, w);
    pl_scenario_draw_group(sc, PL_GROUP_ASSUMED, 0.25, NULL, v);
    pl_scenario_draw_group(sc, PL_GROUP_ASSUMED, 0.25, NULL, w);
    assert_memory_equal(v, w, sc->n_params * sizeof *v);
    unsigned char *keep = pl_calloc(sc->n_params, 1);
    keep[b] = 1;
    pl_scenario_nominals(sc, w);
    pl_scenario_draw_group(sc, PL_GROUP_ASSUMED, 0.25, keep, w);
    tu_assert_close(w[b], 13, 0);
    pl_free(keep), pl_free(v), pl_free(w);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(include_merges), cmocka_unit_test(include_errors), cmocka_unit_test(as_of),
        cmocka_unit_test(posterior),      cmocka_unit_test(posterior_errors), cmocka_unit_test(grouped_draws),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
