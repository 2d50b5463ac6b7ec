/*
** test_war_record.c — the observed record's reader (war_record.c) refusing bad manifests and data
** files at their file:line:col: rows narrower or wider than the header, repeated columns, series
** and months, empty names, values out of bounds or published before their period, files that are
** devices, and observations beyond a scenario's run.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/war.h"
#include "parley/war_fit.h"

static const char *DIR_ = "/tmp/parley-test-war-record";
static const char *HEAD = "series,side,measure,aggregate,period_months,units,bias_lo,bias_hi,file\n";
static const char *DATA_HEAD = "series,month,value,source,published\n";

/* Writes series.csv (the header, then rows) and g.csv (the data header, then data), reads the
** record and returns its status; *r is freed here on success unless keep. */
static pl_status read_pair(const char *rows, const char *data, pl_error *err)
{
    char manifest[600], text[4096];
    mkdir(DIR_, 0755);
    snprintf(text, sizeof text, "%s%s", HEAD, rows);
    tu_put(DIR_, "series.csv", text);
    snprintf(text, sizeof text, "%s%s", DATA_HEAD, data);
    tu_put(DIR_, "g.csv", text);
    snprintf(manifest, sizeof manifest, "%s/series.csv", DIR_);
    pl_war_record *r = NULL;
    pl_error_clear(err);
    pl_status st = pl_war_record_read(manifest, &r, err);
    if (st) assert_null(r);
    pl_war_record_free(r);
    return st;
}

static const char *ROW = "g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv\n";
static const char *POINT = "g,2024-05,449,\"AFP\",2024-07-31\n";

static void expect(const char *rows, const char *data, const char *needle, int line, int col)
{
    pl_error err;
    assert_int_equal(read_pair(rows, data, &err), PL_EINPUT);
    tu_assert_error(&err, needle, line, col);
}

static void valid_pair(void **state)
{
    (void)state;
    pl_error err;
    assert_int_equal(read_pair(ROW, POINT, &err), PL_OK);
}

/* A short row would be read from the previous row's buffers; an extra field belongs to no column. */
static void row_width(void **state)
{
    (void)state;
    expect("g,russia\n", POINT, "found 2 fields, expected 9", 2, 3);
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv,extra\n", POINT, "found 10 fields, expected 9", 2, 49);
    expect(ROW, "g,2024-05\n", "found 2 fields, expected 5", 2, 3);
    expect(ROW, "g,2024-05,449,\"AFP\",2024-07-31,7\n", "found 6 fields, expected 5", 2, 32);
}

static void repeated_names(void **state)
{
    (void)state;
    pl_error err;
    /* a repeated column, in the manifest and in a data file */
    char manifest[600];
    mkdir(DIR_, 0755);
    tu_put(DIR_, "series.csv", "series,side,measure,aggregate,period_months,units,bias_lo,bias_hi,file,side\n"
                               "g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv,ukraine\n");
    tu_put(DIR_, "g.csv", "series,month,value,source,published\ng,2024-05,449,\"AFP\",2024-07-31\n");
    snprintf(manifest, sizeof manifest, "%s/series.csv", DIR_);
    pl_war_record *r = NULL;
    assert_int_equal(pl_war_record_read(manifest, &r, &err), PL_EINPUT);
    tu_assert_error(&err, "found column 'side' a second time", 1, 72);
    tu_put(DIR_, "series.csv", "series,side,measure,aggregate,period_months,units,bias_lo,bias_hi,file\n"
                               "g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv\n");
    tu_put(DIR_, "g.csv", "series,month,value,source,published,value\ng,2024-05,449,\"AFP\",2024-07-31,1\n");
    assert_int_equal(pl_war_record_read(manifest, &r, &err), PL_EINPUT);
    tu_assert_error(&err, "found column 'value' a second time", 1, 37);
    /* a repeated series, and a repeated month of one series */
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv\ng,russia,losses,sum,1,x,1,1,g.csv\n", POINT,
           "found series 'g' a second time (first on line 2)", 3, 1);
    expect(ROW, "g,2024-05,449,\"AFP\",2024-07-31\ng,2024-06,400,\"AFP\",2024-07-31\ng,2024-05,450,\"ISW\",2024-08-01\n",
           "found g 2024-05 a second time (first on line 2)", 4, 1);
}

static void empty_names(void **state)
{
    (void)state;
    expect(",russia,territory_gain_km2,sum,1,km2,1,1,g.csv\n", POINT, "found an empty series name", 2, 1);
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,\n", POINT, "found an empty file", 2, 43);
    /* a row of a series the manifest reads from another file was skipped without a word */
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv\nh,russia,losses,sum,1,x,1,1,h.csv\n",
           "g,2024-05,449,\"AFP\",2024-07-31\nh,2024-05,449,\"AFP\",2024-07-31\n",
           "found series 'h', which the manifest reads from h.csv, expected it in that file", 3, 1);
    /* a series listed without a value in its file */
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv\nh,russia,losses,sum,1,x,1,1,g.csv\n", POINT,
           "found series h with no values in g.csv", 3, 1);
}

static void bounds(void **state)
{
    (void)state;
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1e300,g.csv\n", POINT, "expected 0.001 <= low <= high <= 1000", 2, 39);
    expect("g,russia,territory_gain_km2,sum,1,km2,1e-300,1,g.csv\n", POINT, "expected 0.001 <= low <= high <= 1000", 2, 39);
    expect(ROW, "g,2024-05,1e16,\"AFP\",2024-07-31\n", "found 1e+16, expected a value <= 1e+15", 2, 11);
    expect(ROW, "g,2024-05,1e400,\"AFP\",2024-07-31\n", "expected a value (a finite number)", 2, 11);
    expect(ROW, "g,2024-05,nan,\"AFP\",2024-07-31\n", "expected a value (a finite number)", 2, 11);
    /* a value published before its period began */
    expect(ROW, "g,2026-01,449,\"AFP\",2024-07-31\n", "published before its period (from 2026-01) began", 2, 21);
    expect(ROW, "g,2024-05,449,\"AFP\",2025-02-30\n", "expected a date YYYY-MM-DD", 2, 21);
    expect(ROW, "g,24-05,449,\"AFP\",2025-02-01\n", "expected a month YYYY-MM", 2, 3);
}

/* The manifest names its files relative to itself or absolutely; one that cannot be read is
** reported where the manifest names it; a device is refused before it is read. */
static void files(void **state)
{
    (void)state;
    char rows[700];
    pl_error err;
    snprintf(rows, sizeof rows, "g,russia,territory_gain_km2,sum,1,km2,1,1,%s/g.csv\n", DIR_);
    assert_int_equal(read_pair(rows, POINT, &err), PL_OK);
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,none.csv\n", POINT, "found file 'none.csv' that cannot be read",
           2, 43);
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,/dev/zero\n", POINT, "a device or a pipe", 2, 43);
    expect("g,russia,territory_gain_km2,sum,1,km2,1,1,.\n", POINT, "found a directory", 2, 43);
    pl_war_record *r = NULL;
    assert_int_equal(pl_war_record_read("/dev/zero", &r, &err), PL_EIO);
    assert_non_null(strstr(err.msg, "a device or a pipe"));
    assert_null(r);
}

/* The war scenario, and a record of the given manifest rows and g.csv rows under DIR_ (its
** manifest's path in manifest, 600 bytes). */
static pl_scenario *write_record(const char *rows, const char *data, char *manifest)
{
    pl_scenario *sc;
    pl_error err;
    if (pl_war_scenario_read(tu_root("scenarios/russia-ukraine-2024.yaml"), &sc, &err)) fail_msg("%s", err.msg);
    char text[600];
    mkdir(DIR_, 0755);
    snprintf(text, sizeof text, "%s%s", HEAD, rows);
    tu_put(DIR_, "series.csv", text);
    snprintf(text, sizeof text, "%s%s", DATA_HEAD, data);
    tu_put(DIR_, "g.csv", text);
    snprintf(manifest, 600, "%s/series.csv", DIR_);
    return sc;
}

/* Observations beyond the run of a scenario are refused at their line (a calibration would run
** the model that far); those within it pass. */
static void span(void **state)
{
    (void)state;
    pl_error err;
    char manifest[600], text[600];
    pl_scenario *sc = write_record("g,russia,territory_gain_km2,sum,1,km2,1,1,g.csv\n"
                                   "y,russia,territory_gain_km2,sum,12,km2,1,1,g.csv\n",
                                   "g,2025-12,449,\"AFP\",2026-01-03\ny,2025-01,5000,\"AFP\",2026-01-03\n", manifest);
    pl_war_record *r;
    assert_int_equal(pl_war_record_read(manifest, &r, &err), PL_OK);
    assert_int_equal(pl_war_record_check_span(r, sc, &err), PL_OK);
    pl_war_record_free(r);
    snprintf(text, sizeof text, "%s%s", DATA_HEAD, "g,2025-12,449,\"AFP\",2026-01-03\ny,2025-02,5000,\"AFP\",2026-03-03\n");
    tu_put(DIR_, "g.csv", text);
    assert_int_equal(pl_war_record_read(manifest, &r, &err), PL_OK);
    assert_int_equal(pl_war_record_check_span(r, sc, &err), PL_EINPUT);
    tu_assert_error(&err, "found y 2025-02, a period ending after the run", 3, 1);
    pl_war_record_free(r);
    pl_scenario_free(sc);
}

/* A series the model cannot read (a side the war lacks) is reported at its own manifest row, blank
** lines above it or not (the fit took its index + 2 for its line). */
static void model_errors_at_the_row(void **state)
{
    (void)state;
    pl_error err;
    char manifest[600];
    pl_scenario *sc = write_record("\n\ng,Russia,territory_gain_km2,sum,1,km2,1,1,g.csv\n", POINT, manifest);
    pl_war_record *r;
    assert_int_equal(pl_war_record_read(manifest, &r, &err), PL_OK);
    assert_int_equal(r->series[0].line, 4);
    pl_war_fit_options o;
    memset(&o, 0, sizeof o);
    o.as_of = pl_date_days(2025, 11, 27);
    o.fit_to = 2024 * 12 + 11, o.test_from = 2025 * 12, o.test_to = 2025 * 12 + 11;
    o.origin_from = 1, o.origin_to = 0;
    o.horizon = 3, o.iterations = 20, o.burn_in = 5, o.draws = 2, o.noise_per_draw = 2, o.seed = 3;
    pl_war_fit *f = NULL;
    assert_int_equal(pl_war_fit_run(sc, r, &o, &f, &err), PL_EINPUT);
    tu_assert_error(&err, "found side 'Russia' in observed.g, expected 'russia' or 'ukraine'", 4, 1);
    pl_war_record_free(r);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_pair),  cmocka_unit_test(row_width), cmocka_unit_test(repeated_names),
        cmocka_unit_test(empty_names), cmocka_unit_test(bounds),    cmocka_unit_test(files),
        cmocka_unit_test(span),        cmocka_unit_test(model_errors_at_the_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
