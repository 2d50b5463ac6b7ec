/*
** test_result.c — the outcome descriptor, the result writer (shortest round-trip numbers, one table
** per CSV, long form, JSON, SQLite), Wilson's interval and the statistic of each outcome kind.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "parley/memory.h"
#include "parley/outcome.h"
#include "parley/result.h"
#include "parley/stats.h"
#include "parley/summary.h"

#define tu_close(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static void test_format_double(void **state)
{
    (void)state;
    char b[40];
    pl_format_double(0.17, b, sizeof b);
    assert_string_equal(b, "0.17");
    pl_format_double(1.0 / 3.0, b, sizeof b);
    assert_string_equal(b, "0.3333333333333333");
    assert_true(strtod(b, NULL) == 1.0 / 3.0);
    pl_format_double(0.1 + 0.2, b, sizeof b);
    assert_string_equal(b, "0.30000000000000004");
    pl_format_double(-0.0, b, sizeof b);
    assert_string_equal(b, "0");
    pl_format_double(1e300, b, sizeof b);
    assert_string_equal(b, "1e+300");
    /* Fixed notation where %g's shortest form would be an exponent for a plain magnitude. */
    pl_format_double(100, b, sizeof b);
    assert_string_equal(b, "100");
    pl_format_double(9250, b, sizeof b);
    assert_string_equal(b, "9250");
    pl_format_double(-50, b, sizeof b);
    assert_string_equal(b, "-50");
    pl_format_double(1.5e-3, b, sizeof b);
    assert_string_equal(b, "0.0015");
    pl_format_double(2e-5, b, sizeof b);
    assert_string_equal(b, "2e-05");
    pl_format_double(1e16, b, sizeof b);
    assert_string_equal(b, "1e+16");
    pl_format_double(123456789012345.0, b, sizeof b);
    assert_string_equal(b, "123456789012345");
    assert_int_equal(pl_format_double((double)NAN, b, sizeof b), 0);
    assert_string_equal(b, "");
}

static void test_outcome_desc(void **state)
{
    (void)state;
    const pl_outcome_desc d[] = {
        {"years", "years", "years to it", PL_OUTCOME_TIME, PL_NONE_MINUS_ONE, NULL, NULL},
        {"round", "round", "round of it", PL_OUTCOME_COUNT, PL_NONE_ZERO, "round", NULL},
        {"x", "", "a value", PL_OUTCOME_REAL, PL_NONE_NEVER, NULL, NULL},
    };
    assert_true(isnan(pl_outcome_value(&d[0], -1)));
    assert_true(pl_outcome_value(&d[0], 2.5) == 2.5);
    assert_true(isnan(pl_outcome_value(&d[1], 0)));
    assert_true(pl_outcome_value(&d[2], -1) == -1);
    assert_ptr_equal(pl_outcome_find(d, 3, "round"), &d[1]);
    assert_null(pl_outcome_find(d, 3, "p_round"));
    assert_string_equal(pl_outcome_kind_name(PL_OUTCOME_TIME), "time-to-event");
    assert_int_equal(pl_outcome_kind_parse("yes-no"), PL_OUTCOME_BINARY);
    assert_int_equal(pl_outcome_kind_parse("binary"), PL_OUTCOME_BINARY);
    assert_int_equal(pl_outcome_kind_parse("p"), -1);
    assert_string_equal(pl_outcome_label(&d[0]), "years to it");
}

static pl_result_table *sample_table(void)
{
    pl_error err;
    pl_result_table *t = pl_result_table_create("points", "a grid");
    assert_non_null(t);
    assert_int_equal(pl_result_table_add_column(t, "strength", PL_COL_REAL, NULL, &err), PL_OK);
    assert_int_equal(pl_result_table_add_column(t, "accept.p", PL_COL_SHARE, "P(accept)", &err), PL_OK);
    assert_int_equal(pl_result_table_add_column(t, "accept.n", PL_COL_INT, NULL, &err), PL_OK);
    assert_int_equal(pl_result_table_add_column(t, "note", PL_COL_TEXT, NULL, &err), PL_OK);
    assert_int_equal(pl_result_table_add_column(t, "note", PL_COL_TEXT, NULL, &err), PL_EINVAL);
    for (int r = 0; r < 2; r++) {
        assert_int_equal(pl_result_table_add_row(t, &err), PL_OK);
        pl_result_set_real(t, 0, r ? 2.5 : 0.17);
        pl_result_set_real(t, 1, r ? (double)NAN : 0.1 + 0.2);
        pl_result_set_int(t, 2, 200 + r);
        assert_int_equal(pl_result_set_text(t, 3, r ? "a, \"b\"" : NULL, &err), PL_OK);
    }
    assert_int_equal(pl_result_table_add_column(t, "late", PL_COL_REAL, NULL, &err), PL_EINVAL);
    return t;
}

static char *write_to_string(pl_status (*fn)(const void *, FILE *), const void *ctx)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    assert_non_null(fp);
    assert_int_equal(fn(ctx, fp), PL_OK);
    fclose(fp);
    return buf;
}

static pl_status csv_of(const void *t, FILE *fp)
{
    pl_error err;
    return pl_result_table_write(t, PL_RESULT_CSV, fp, &err);
}

static pl_status json_doc_of(const void *d, FILE *fp)
{
    pl_error err;
    return pl_result_doc_write(d, PL_RESULT_JSON, NULL, fp, &err);
}

static void test_table_csv_and_long(void **state)
{
    (void)state;
    pl_result_table *t = sample_table();
    char *csv = write_to_string(csv_of, t);
    assert_string_equal(csv, "strength,accept.p,accept.n,note\n0.17,0.30000000000000004,200,\n2.5,,201,\"a, \"\"b\"\"\"\n");
    free(csv);
    pl_error err;
    pl_result_table *l;
    assert_int_equal(pl_result_table_long(t, 1, &l, &err), PL_OK);
    assert_string_equal(pl_result_table_name(l), "points_long");
    assert_int_equal(pl_result_table_n_rows(l), 6); /* 2 rows × 3 measured columns */
    assert_string_equal(pl_result_table_text(l, 4, 1), "accept.n");
    assert_true(pl_result_table_real(l, 4, 2) == 201);
    assert_true(pl_result_table_real(l, 3, 0) == 2.5);
    assert_true(isnan(pl_result_table_real(l, 3, 2))); /* the missing share */
    pl_result_table_free(l);
    pl_result_table_free(t);
}

static void test_doc_json_and_csv_choice(void **state)
{
    (void)state;
    pl_error err;
    pl_result_doc *d = pl_result_doc_create();
    assert_int_equal(pl_result_doc_meta_text(d, "scenario", "ukraine", &err), PL_OK);
    assert_int_equal(pl_result_doc_meta_int(d, "runs", 200, &err), PL_OK);
    assert_int_equal(pl_result_doc_add_table(d, sample_table(), &err), PL_OK);
    assert_int_equal(pl_result_doc_add_table(d, sample_table(), &err), PL_EINVAL); /* same name */
    char *js = write_to_string(json_doc_of, d);
    json_error_t je;
    json_t *doc = json_loads(js, 0, &je);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "meta"), "runs")), 200);
    json_t *rows = json_object_get(doc, "points");
    assert_int_equal(json_array_size(rows), 2);
    assert_true(json_real_value(json_object_get(json_array_get(rows, 0), "accept.p")) == 0.1 + 0.2);
    assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "accept.p")));
    assert_non_null(strstr(js, "0.17,") ? strstr(js, "0.17,") : strstr(js, "0.17}"));
    json_decref(doc);
    free(js);
    FILE *fp = fopen("/dev/null", "w");
    assert_int_equal(pl_result_doc_write(d, PL_RESULT_CSV, "nope", fp, &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "points"));
    fclose(fp);
    char path[256];
    pl_result_csv_path("out/x.csv", "sensitivity", path, sizeof path);
    assert_string_equal(path, "out/x.sensitivity.csv");
    pl_result_csv_path("x", "b", path, sizeof path);
    assert_string_equal(path, "x.b.csv");
    /* SQLite: one SQL table per result table, NULL for a missing value */
    char db_path[] = "/tmp/pl_result_XXXXXX";
    int fd = mkstemp(db_path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pl_result_doc_write_sqlite(d, db_path, &err), PL_OK);
    assert_int_equal(pl_result_doc_write_sqlite(d, db_path, &err), PL_OK); /* replaced, not appended */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), sum(\"accept.p\" IS NULL) FROM points", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);
    assert_int_equal(sqlite3_column_int(q, 1), 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
    unlink(db_path);
    pl_result_doc_free(d);
}

static void test_wilson_known_answer(void **state)
{
    (void)state;
    double lo, hi;
    /* 10 of 11 at 90 %: the formula evaluated independently (Python, double precision) */
    pl_stats_wilson(10, 11, 1.6448536269514722, &lo, &hi);
    tu_close(lo, 0.6772181288669106, 1e-12);
    tu_close(hi, 0.9794504687807566, 1e-12);
    pl_stats_wilson(0, 20, 1.6448536269514722, &lo, &hi);
    tu_close(lo, 0, 1e-15);
    tu_close(hi, 0.11915783736096448, 1e-12);
    tu_close(pl_stats_z(0.90), 1.6448536269514722, 1e-12);
    /* ±2 points at 90 % in the worst case (p = ½) needs 1,689 runs; 1,688 give 2.0002 points */
    assert_int_equal(pl_stats_wilson_runs(1.6448536269514722, 0.02), 1689);
}

static void test_outcome_stats(void **state)
{
    (void)state;
    pl_error err;
    pl_outcome_stat s;
    double yes[] = {1, 0, 1, 1, (double)NAN, 1, 1, 1, 1, 1, 1, 1};
    assert_int_equal(pl_outcome_stat_of(PL_OUTCOME_BINARY, yes, 1, 12, 0.90, &s, &err), PL_OK);
    assert_string_equal(s.statistic, "p");
    assert_int_equal(s.k, 10);
    assert_int_equal(s.n, 11);
    tu_close(s.lo, 0.6772181288669106, 1e-12);
    double bad[] = {0.5};
    assert_int_equal(pl_outcome_stat_of(PL_OUTCOME_BINARY, bad, 1, 1, 0.90, &s, &err), PL_EINVAL);
    /* time to event: NaN is censored at the horizon. 3 events in 6: the median is the 3rd time. */
    double t[] = {4, (double)NAN, 1, (double)NAN, 2, (double)NAN};
    assert_int_equal(pl_outcome_stat_of(PL_OUTCOME_TIME, t, 1, 6, 0.90, &s, &err), PL_OK);
    assert_string_equal(s.statistic, "median");
    assert_int_equal(s.k, 3);
    assert_int_equal(s.n, 6);
    tu_close(s.value, 4, 0);
    /* 2 events in 6: under half, so no median within the horizon (not the median of the events) */
    t[0] = (double)NAN;
    assert_int_equal(pl_outcome_stat_of(PL_OUTCOME_TIME, t, 1, 6, 0.90, &s, &err), PL_OK);
    assert_true(isnan(s.value));
    assert_int_equal(s.k, 2);
    double x[] = {1, 2, 3, (double)NAN};
    assert_int_equal(pl_outcome_stat_of(PL_OUTCOME_REAL, x, 1, 4, 0.90, &s, &err), PL_OK);
    tu_close(s.value, 2, 1e-15);
    assert_int_equal(s.n, 3);
    tu_close(s.hi - s.value, 1.6448536269514722 / sqrt(3.0), 1e-12);
}

/* Builds a document of two tables, its long form and its statistics, under allocation failure. */
static pl_status build_all(pl_error *err)
{
    pl_result_doc *d = pl_result_doc_create();
    pl_result_table *t = pl_result_table_create("a", "title"), *l = NULL;
    pl_status st = d && t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = pl_result_table_add_column(t, "x", PL_COL_REAL, "the x", err);
    if (!st) st = pl_result_table_add_column(t, "name", PL_COL_TEXT, NULL, err);
    for (int r = 0; !st && r < 20; r++) {
        st = pl_result_table_add_row(t, err);
        pl_result_set_real(t, 0, r / 3.0);
        if (!st) st = pl_result_set_text(t, 1, "row", err);
    }
    if (!st) st = pl_result_table_long(t, 1, &l, err);
    if (!st) st = pl_result_doc_meta_text(d, "k", "v", err);
    if (d && t) {
        pl_status s2 = pl_result_doc_add_table(d, t, err); /* owns t from here, also on failure */
        t = NULL;
        if (!st) st = s2;
    }
    if (d && l) {
        pl_status s2 = pl_result_doc_add_table(d, l, err);
        l = NULL;
        if (!st) st = s2;
    }
    double v[] = {1, (double)NAN, 3, 0.5};
    pl_outcome_stat s;
    if (!st) st = pl_outcome_stat_of(PL_OUTCOME_TIME, v, 1, 4, 0.9, &s, err);
    pl_result_table_free(t);
    pl_result_table_free(l);
    pl_result_doc_free(d);
    return st;
}

/* Every allocation failure is reported (PL_ENOMEM) and frees what was built (ASan/LSan check). */
static void out_of_memory(void **state)
{
    (void)state;
    pl_error err;
    long n = 0;
    for (; n < 10000; n++) {
        pl_memory_fail_after(n);
        pl_status st = build_all(&err);
        pl_memory_fail_after(-1);
        if (st == PL_OK) break;
        assert_int_equal(st, PL_ENOMEM);
    }
    assert_true(n > 5 && n < 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_double),        cmocka_unit_test(test_outcome_desc),
        cmocka_unit_test(test_table_csv_and_long),   cmocka_unit_test(test_doc_json_and_csv_choice),
        cmocka_unit_test(test_wilson_known_answer),  cmocka_unit_test(test_outcome_stats),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
