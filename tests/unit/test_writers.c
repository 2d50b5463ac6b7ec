/*
** test_writers.c — forecast JSON/CSV/table writers, atomic output files, the results store.
*/
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "parley/bargain.h"
#include "parley/json.h"
#include "parley/outfile.h"
#include "parley/readers.h"
#include "parley/store.h"

static pl_forecast *emission_forecast(void)
{
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data("bargaining/emission-standards.csv"), NULL, &s, &err), PL_OK);
    pl_forecast *f;
    pl_optset o;
    pl_optset_init(&o, NULL, 0);
    assert_int_equal(pl_bargain_run(pl_bargain_find("compromise"), s, &o, NULL, &f, &err), PL_OK);
    pl_stakeholders_free(s);
    return f;
}

static char *capture(pl_status (*write)(const pl_forecast *, FILE *, pl_error *), const pl_forecast *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    pl_error err;
    assert_int_equal(write(f, m, &err), PL_OK);
    fclose(m);
    return buf;
}

/* The JSON contract of parley forecast (docs/formats.md). */
static void forecast_json_contract(void **state)
{
    (void)state;
    pl_forecast *f = emission_forecast();
    pl_forecast_event ev = {1, 1, 4, 0, "compromise", 7, 8.5, -0.1, 0.3};
    pl_error err;
    assert_int_equal(pl_forecast_add_event(f, &ev, &err), PL_OK);
    double prob[10] = {0.1, 0.2};
    assert_int_equal(pl_forecast_add_series(f, "probability", 0, prob, &err), PL_OK);
    assert_int_equal(pl_forecast_add_info(f, "turns", NULL, 3, &err), PL_OK);
    char *text = capture(pl_forecast_write_json, f);
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "model")), "compromise");
    assert_int_equal(json_array_size(json_object_get(doc, "actors")), 10);
    assert_string_equal(json_string_value(json_array_get(json_object_get(doc, "dimensions"), 0)), "Position");
    json_t *r0 = json_array_get(json_object_get(doc, "rounds"), 0);
    assert_int_equal(json_integer_value(json_object_get(r0, "round")), 0);
    json_t *uk = json_object_get(json_object_get(r0, "positions"), "UK");
    assert_true(json_real_value(json_array_get(uk, 0)) == 10.0);
    tu_assert_close(json_real_value(json_array_get(json_object_get(r0, "mean"), 0)), 7.389955686853767, 1e-15);
    assert_true(json_real_value(json_array_get(json_object_get(r0, "median"), 0)) == 7.0);
    tu_assert_close(json_real_value(json_array_get(json_object_get(doc, "forecast"), 0)), 7.389955686853767, 1e-15);
    assert_true(json_real_value(json_object_get(json_object_get(r0, "probability"), "Belgium")) == 0.2);
    json_t *e0 = json_array_get(json_object_get(doc, "events"), 0);
    assert_string_equal(json_string_value(json_object_get(e0, "actor")), "Belgium");
    assert_string_equal(json_string_value(json_object_get(e0, "other")), "France");
    assert_true(json_real_value(json_object_get(json_object_get(doc, "info"), "turns")) == 3);
    json_decref(doc);
    free(text);

    text = capture(pl_forecast_write_csv, f);
    assert_non_null(strstr(text, "round,dimension,median,mean,Netherlands,Belgium"));
    assert_non_null(strstr(text, "0,Position,7,7.389955686853767"));
    free(text);
    text = capture(pl_forecast_write_table, f);
    assert_non_null(strstr(text, "7.38996"));
    assert_non_null(strstr(text, "Belgium"));
    free(text);
    pl_forecast_free(f);
}

/* A full disk says which file and why (it said only "write failed"): the writer's own failure, met
** before the final flush, is reported with strerror and the output's path. */
static void full_disk_says_where_and_why(void **state)
{
    (void)state;
    pl_forecast *f = emission_forecast();
    pl_outfile o;
    pl_error err;
    assert_int_equal(pl_outfile_open(&o, "/dev/full", &err), PL_OK);
    setvbuf(o.fp, NULL, _IONBF, 0); /* every write reaches the device, as a large output's would */
    pl_status st = pl_forecast_write_csv(f, o.fp, &err);
    assert_int_equal(st, PL_EIO);
    tu_assert_error(&err, "write failed: No space left on device", 0, 0);
    assert_int_equal(pl_outfile_finish(&o, st, &err), PL_EIO);
    assert_string_equal(err.file, "/dev/full");
    tu_assert_error(&err, "write failed: No space left on device", 0, 0);
    pl_forecast_free(f);
}

/* CSV text cells a spreadsheet would run as formulas get a leading ', numbers stay numbers. */
static void csv_neutralises_formulas(void **state)
{
    (void)state;
    const char *in[] = {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "-3.5", "+2", "plain", "a=b"};
    const char *want[] = {"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "-3.5", "+2",
                          "plain", "a=b"};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        pl_csv_write_field(m, in[k]);
        fclose(m);
        assert_string_equal(buf, want[k]);
        free(buf);
    }
}

/* Table text shows control characters as escapes: terminal sequences in a name cannot reach it. */
static void table_text_escapes_controls(void **state)
{
    (void)state;
    char buf[64];
    const char *plain = "Zelenskyy \xC3\xA9t\xC3\xA9";
    assert_ptr_equal(pl_table_text(plain, buf, sizeof buf), plain);
    assert_string_equal(pl_table_text("\x1B[31mRed\x1B]0;t\x07", buf, sizeof buf), "\\x1B[31mRed\\x1B]0;t\\x07");
    assert_string_equal(pl_table_text("a\nb\tc\rd\x7F", buf, sizeof buf), "a\\nb\\tc\\rd\\x7F");
    assert_string_equal(pl_table_text("csi\xC2\x9B" "2J", buf, sizeof buf), "csi\\u009B2J");
    char small[8];
    assert_string_equal(pl_table_text("\x1B\x1B\x1B", small, sizeof small), "\\x1B");
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void outfile_is_atomic(void **state)
{
    (void)state;
    char path[] = "/tmp/parley_outXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "old\n", 4), 4);
    close(fd);
    pl_outfile o;
    pl_error err;
    assert_int_equal(pl_outfile_open(&o, path, &err), PL_OK);
    fputs("half", o.fp);
    assert_string_equal(slurp(path), "old\n"); /* nothing visible before commit */
    pl_outfile_abort(&o);
    assert_string_equal(slurp(path), "old\n"); /* an aborted write leaves the old file */
    assert_int_equal(pl_outfile_open(&o, path, &err), PL_OK);
    fputs("new\n", o.fp);
    assert_int_equal(pl_outfile_commit(&o, &err), PL_OK);
    assert_string_equal(slurp(path), "new\n");
    unlink(path);
    assert_int_equal(pl_outfile_open(&o, "/nonexistent/dir/x.json", &err), PL_EIO);
    tu_assert_error(&err, "cannot create a file beside it", 0, 0);
}

/* --out onto a FIFO (as onto /dev/null) writes into it and leaves it a FIFO: renaming a temporary
** file over it would replace the node (as root, /dev/null became a regular file this way). A
** symbolic link stays a link and its target gets the result; a directory is refused at once. */
static void outfile_keeps_links_and_devices(void **state)
{
    (void)state;
    char dir[] = "/tmp/parley_outdirXXXXXX", fifo[64], link_path[64], target[64];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    snprintf(target, sizeof target, "%s/target", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int reader = open(fifo, O_RDWR | O_NONBLOCK); /* a reader, so opening for writing does not block */
    assert_true(reader >= 0);
    pl_outfile o;
    pl_error err;
    assert_int_equal(pl_outfile_open(&o, fifo, &err), PL_OK);
    fputs("through\n", o.fp);
    assert_int_equal(pl_outfile_commit(&o, &err), PL_OK);
    struct stat sb;
    assert_int_equal(lstat(fifo, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));
    char got[16] = {0};
    assert_int_equal(read(reader, got, sizeof got - 1), 8);
    assert_string_equal(got, "through\n");
    close(reader);

    FILE *fp = fopen(target, "w");
    fputs("old\n", fp);
    fclose(fp);
    assert_int_equal(symlink(target, link_path), 0);
    assert_int_equal(pl_outfile_open(&o, link_path, &err), PL_OK);
    fputs("new\n", o.fp);
    assert_int_equal(pl_outfile_commit(&o, &err), PL_OK);
    assert_int_equal(lstat(link_path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_string_equal(slurp(target), "new\n");

    assert_int_equal(pl_outfile_open(&o, dir, &err), PL_EIO);
    tu_assert_error(&err, "found a directory", 0, 0);
    unlink(fifo);
    unlink(link_path);
    unlink(target);
    assert_int_equal(rmdir(dir), 0); /* nothing left behind */
}

static void store_roundtrip_and_refusals(void **state)
{
    (void)state;
    char path[] = "/tmp/parley_storeXXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    int64_t job, found;
    assert_int_equal(pl_store_begin(st, &err), PL_OK);
    assert_int_equal(pl_store_add_job(st, "forecast", "in.csv", "compromise", 7, "{\"a\":1}", 1, &job, &err), PL_OK);
    pl_forecast *f = emission_forecast();
    assert_int_equal(pl_forecast_write_store(f, st, job, 0, &err), PL_OK);
    assert_int_equal(pl_store_commit(st, &err), PL_OK);
    pl_forecast_free(f);
    assert_int_equal(pl_store_find_job(st, "forecast", "{\"a\":1}", &found, &err), PL_OK);
    assert_true(found == job);
    int has;
    assert_int_equal(pl_store_has_run(st, job, 0, &has, &err), PL_OK);
    assert_true(has);
    sqlite3 *db; /* the test's own connection: the store keeps its own private */
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM series", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 10);
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* A run recorded twice is refused (no duplicates on resume). */
    assert_int_equal(pl_store_put_run(st, job, 0, "ok", &err), PL_ESTORE);
    pl_store_close(st);
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK); /* reopens */
    pl_store_close(st);

    /* A file that is not a database is refused and left byte-for-byte unchanged. */
    FILE *fp = fopen(path, "wb");
    fputs("Actor,Capability\nthis is not a database, keep me\n", fp);
    fclose(fp);
    assert_int_equal(pl_store_open(path, &st, &err), PL_ESTORE);
    tu_assert_error(&err, "not an SQLite database", 0, 0);
    assert_string_equal(slurp(path), "Actor,Capability\nthis is not a database, keep me\n");
    unlink(path);
    /* A foreign SQLite database is refused. */
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(pl_store_open(path, &st, &err), PL_ESTORE);
    tu_assert_error(&err, "without parley's meta table", 0, 0);
    unlink(path);
}

/* A directory or a FIFO is not a store: refused by name, and SQLite never opens it (beside a device
** it would leave a journal file, e.g. /dev/null-journal). The FIFO holds bytes so that a store
** that did open it would read them rather than wait. */
static void store_refuses_special_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/parley_storedirXXXXXX", fifo[64], journal[80];
    assert_non_null(mkdtemp(dir));
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open(dir, &st, &err), PL_ESTORE);
    tu_assert_error(&err, "found a directory", 0, 0);
    assert_int_equal(pl_store_open_readonly(dir, &st, &err), PL_ESTORE);
    tu_assert_error(&err, "found a directory", 0, 0);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(journal, sizeof journal, "%s-journal", fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int keep = open(fifo, O_RDWR | O_NONBLOCK);
    assert_true(keep >= 0);
    char junk[200];
    memset(junk, 'x', sizeof junk);
    assert_int_equal(write(keep, junk, sizeof junk), (ssize_t)sizeof junk);
    assert_int_equal(pl_store_open(fifo, &st, &err), PL_ESTORE);
    tu_assert_error(&err, "found a device, FIFO or socket", 0, 0);
    assert_int_equal(pl_store_open_readonly(fifo, &st, &err), PL_ESTORE);
    assert_int_equal(access(journal, F_OK), -1);
    close(keep);
    unlink(fifo);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forecast_json_contract),
        cmocka_unit_test(outfile_is_atomic),
        cmocka_unit_test(full_disk_says_where_and_why),
        cmocka_unit_test(csv_neutralises_formulas),
        cmocka_unit_test(table_text_escapes_controls),
        cmocka_unit_test(outfile_keeps_links_and_devices),
        cmocka_unit_test(store_roundtrip_and_refusals),
        cmocka_unit_test(store_refuses_special_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
