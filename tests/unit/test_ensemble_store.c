/*
** test_ensemble_store.c — ensembles and the results store: a job found again by its
** configuration, runs removed from a store (as a kill would lose them) recomputed on resume to
** the same values, schema-1 stores upgraded, read-only opening, refusals, a job claimed by one
** handle at a time, and fault injection in the manner of SQLite's own tests: a VFS that fails the
** Nth write (an I/O error, or a disk that stays full), for every write of the runs, then resume.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <sqlite3.h>

#include "parley/ensemble.h"
#include "parley/memory.h"
#include "parley/store.h"

static pl_status noisy_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                           size_t *n_steps, pl_error *err)
{
    (void)e, (void)ws, (void)err;
    y[0] = x[0] * x[1] + gsl_ran_gaussian(rng, 1);
    y[1] = x[0] > 1.5 ? 1 : 0;
    for (size_t t = 0; series && t < 12; t++) series[t] = x[0] * (double)t + gsl_rng_uniform(rng);
    *n_steps = 12;
    if (x[1] > 3.9) return pl_error_set(err, PL_EDOM, "x2 above 3.9");
    return PL_OK;
}

static const pl_experiment_ops noisy_ops = {NULL, NULL, noisy_run, NULL};

static pl_experiment *noisy(void)
{
    pl_error err;
    pl_experiment *e = pl_experiment_create("test", "noisy", "in.yaml", &noisy_ops, NULL, &err);
    assert_int_equal(pl_experiment_add_input(e, "a", 1, 0, 10, "source a", &err), PL_OK);
    assert_int_equal(pl_experiment_add_input(e, "b", 2, 0, 10, "source b", &err), PL_OK);
    assert_int_equal(pl_experiment_vary(e, "a=uniform(0, 2)", &err), PL_OK);
    assert_int_equal(pl_experiment_vary(e, "b=triangular(0, 2, 4)", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "y", PL_OUTCOME_REAL, "y", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "big", PL_OUTCOME_BINARY, "a > 1.5", &err), PL_OK);
    assert_int_equal(pl_experiment_add_series(e, "path", "all", &err), PL_OK);
    assert_int_equal(pl_experiment_set_steps(e, 12, "month", &err), PL_OK);
    return e;
}

static char *temp_path(char *buf)
{
    strcpy(buf, "/tmp/parley_ens_storeXXXXXX");
    int fd = mkstemp(buf);
    close(fd);
    unlink(buf);
    return buf;
}

/* A connection of the test's own to st's file: the store's API keeps its connection private
** (what the tests do here, deleting and comparing rows, no reader of the store may do). */
static sqlite3 *side_db(pl_store *st)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(pl_store_path(st), &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    return db;
}

static long count_in(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static long count(pl_store *st, const char *sql)
{
    sqlite3 *db = side_db(st);
    long n = count_in(db, sql);
    sqlite3_close(db);
    return n;
}

static pl_ens_result *run_into(pl_store *st, const pl_experiment *e, const pl_ens_config *cfg, int resume, int *resumed)
{
    pl_error err;
    char *config = pl_ens_config_json(e, cfg, "run", NULL);
    int64_t job;
    assert_int_equal(pl_ens_job_open(st, e, cfg, "run", config, resume, &job, resumed, &err), PL_OK);
    pl_free(config);
    pl_ens_result *r;
    assert_int_equal(pl_ensemble_run(e, cfg, st, job, &r, &err), PL_OK);
    return r;
}

static void resume_recomputes_what_was_lost(void **state)
{
    (void)state;
    char path[64];
    temp_path(path);
    pl_experiment *e = noisy();
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.runs = 700;
    cfg.series_runs = 50;
    cfg.threads = 2;
    pl_store *st;
    pl_error err;
    int resumed;
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    pl_ens_result *full = run_into(st, e, &cfg, 0, &resumed);
    assert_false(resumed);
    assert_true(full->n_failed > 0);
    assert_int_equal(count(st, "SELECT count(*) FROM runs"), 700);
    assert_int_equal(count(st, "SELECT count(*) FROM series"), 50 * 12);
    assert_int_equal(count(st, "SELECT count(*) FROM job_inputs"), 2);
    /* Without --resume the same configuration is refused. */
    char *config = pl_ens_config_json(e, &cfg, "run", NULL);
    int64_t job;
    assert_int_equal(pl_ens_job_open(st, e, &cfg, "run", config, 0, &job, &resumed, &err), PL_EINVAL);
    tu_assert_error(&err, "pass --resume", 0, 0);
    pl_free(config);
    /* Lose the runs a kill would have lost: whole runs, rows and all. */
    char *msg = NULL;
    const char *lose = "DELETE FROM runs WHERE run_index % 3 = 1 OR run_index > 600;"
                       "DELETE FROM parameters WHERE run_index % 3 = 1 OR run_index > 600;"
                       "DELETE FROM outcomes WHERE run_index % 3 = 1 OR run_index > 600;"
                       "DELETE FROM series WHERE run_index % 3 = 1 OR run_index > 600;";
    sqlite3 *db = side_db(st);
    assert_int_equal(sqlite3_exec(db, lose, NULL, NULL, &msg), SQLITE_OK);
    sqlite3_close(db);
    long kept = count(st, "SELECT count(*) FROM runs");
    cfg.threads = 1;
    pl_ens_result *again = run_into(st, e, &cfg, 1, &resumed);
    assert_true(resumed);
    assert_int_equal(again->n_resumed, kept);
    assert_memory_equal(again->y, full->y, 700 * 2 * sizeof *full->y);
    assert_memory_equal(again->state, full->state, 700);
    assert_int_equal(again->n_failed, full->n_failed);
    assert_string_equal(again->failure, full->failure);
    assert_int_equal(count(st, "SELECT count(*) FROM runs"), 700);
    assert_int_equal(count(st, "SELECT count(*) FROM series"), 50 * 12);
    pl_ens_result_free(full);
    pl_ens_result_free(again);
    pl_store_close(st);
    /* Read-only: never creates, reads the job. */
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    assert_int_equal(pl_store_schema(st), PL_STORE_SCHEMA_VERSION);
    assert_int_equal(pl_store_put_run(st, 1, 9999, "ok", &err), PL_ESTORE);
    pl_store_close(st);
    unlink(path);
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_EIO);
    pl_experiment_free(e);
}

/* A schema-1 store (as the first release wrote it) is upgraded in place when written to. */
static void schema_one_is_upgraded(void **state)
{
    (void)state;
    char path[64];
    temp_path(path);
    sqlite3 *db;
    sqlite3_open(path, &db);
    const char *v1 = "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "CREATE TABLE jobs(job_id INTEGER PRIMARY KEY, command TEXT NOT NULL, input TEXT, model TEXT,"
                     " seed INTEGER NOT NULL, config TEXT NOT NULL, n_runs INTEGER NOT NULL, created TEXT);"
                     "CREATE TABLE runs(job_id INTEGER, run_index INTEGER, status TEXT, PRIMARY KEY(job_id, run_index));"
                     "CREATE TABLE parameters(job_id, run_index, name, value, PRIMARY KEY(job_id, run_index, name));"
                     "CREATE TABLE outcomes(job_id, run_index, name, value, PRIMARY KEY(job_id, run_index, name));"
                     "CREATE TABLE series(job_id, run_index, series, entity, step, value,"
                     " PRIMARY KEY(job_id, run_index, series, entity, step));"
                     "INSERT INTO meta VALUES('format','parley-results'),('schema_version','1');"
                     "INSERT INTO jobs VALUES(1, 'forecast', 'x.csv', 'compromise', 1, '{}', 1, 'then');";
    assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    assert_int_equal(pl_store_schema(st), 1);
    pl_store_close(st);
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    assert_int_equal(pl_store_schema(st), PL_STORE_SCHEMA_VERSION);
    assert_int_equal(count(st, "SELECT count(*) FROM jobs"), 1);
    assert_int_equal(pl_store_put_sensitivity(st, 1, "sobol", "y", "a", "ST", 0.5, (double)NAN, (double)NAN, &err), PL_OK);
    assert_int_equal(count(st, "SELECT count(*) FROM sensitivity WHERE lo IS NULL"), 1);
    pl_store_close(st);
    /* A newer schema is refused. */
    sqlite3_open(path, &db);
    sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(pl_store_open(path, &st, &err), PL_ESTORE);
    tu_assert_error(&err, "schema version 99", 0, 0);
    unlink(path);
}

/* The configuration text identifies a job: the same for equal setups, different when an input's
** distribution, the seed or the design changes; thread counts do not enter it. */
static void configuration_identity(void **state)
{
    (void)state;
    pl_experiment *e = noisy();
    pl_ens_config a, b;
    pl_ens_config_init(&a);
    b = a;
    b.threads = 7;
    b.chunk = 3;
    char *ja = pl_ens_config_json(e, &a, "run", NULL), *jb = pl_ens_config_json(e, &b, "run", NULL);
    assert_string_equal(ja, jb);
    pl_free(jb);
    b.seed = 2;
    jb = pl_ens_config_json(e, &b, "run", NULL);
    assert_string_not_equal(ja, jb);
    pl_free(jb);
    pl_error err;
    assert_int_equal(pl_experiment_vary(e, "a=uniform(0, 2.5)", &err), PL_OK);
    jb = pl_ens_config_json(e, &a, "run", NULL);
    assert_string_not_equal(ja, jb);
    pl_free(ja);
    pl_free(jb);
    pl_experiment_free(e);
}

/* ---- Fault injection: a VFS over the default one ----------------------------------------- */

/* Once armed, write number fail_at (1-based, counted over the database and its WAL) fails with
** fail_code; with a full disk (SQLITE_FULL) every later write fails too, until disarmed. */
static struct {
    sqlite3_vfs *real;
    long writes, fail_at;
    int fail_code, failed;
} fault;

typedef struct fault_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
    int counted;        /* the database or its WAL */
} fault_file;

static sqlite3_file *real_of(sqlite3_file *f) { return ((fault_file *)f)->real; }

static int f_close(sqlite3_file *f) { return real_of(f)->pMethods->xClose(real_of(f)); }
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return real_of(f)->pMethods->xRead(real_of(f), b, n, o); }
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    if (((fault_file *)f)->counted && fault.fail_at > 0) {
        fault.writes++;
        int full_disk = fault.fail_code == SQLITE_FULL && fault.writes > fault.fail_at;
        if (fault.writes == fault.fail_at || full_disk) {
            fault.failed++;
            return fault.fail_code;
        }
    }
    return real_of(f)->pMethods->xWrite(real_of(f), b, n, o);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 n) { return real_of(f)->pMethods->xTruncate(real_of(f), n); }
/* No fsync: a process that fails does not lose the page cache, and the test runs a thousand times
** faster. */
static int f_sync(sqlite3_file *f, int flags) { (void)f, (void)flags; return SQLITE_OK; }
static int f_size(sqlite3_file *f, sqlite3_int64 *n) { return real_of(f)->pMethods->xFileSize(real_of(f), n); }
static int f_lock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
static int f_reserved(sqlite3_file *f, int *r) { return real_of(f)->pMethods->xCheckReservedLock(real_of(f), r); }
static int f_control(sqlite3_file *f, int op, void *a) { return real_of(f)->pMethods->xFileControl(real_of(f), op, a); }
static int f_sector(sqlite3_file *f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
static int f_device(sqlite3_file *f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
static int f_shm_map(sqlite3_file *f, int i, int size, int extend, void volatile **p)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), i, size, extend, p);
}
static int f_shm_lock(sqlite3_file *f, int at, int n, int flags) { return real_of(f)->pMethods->xShmLock(real_of(f), at, n, flags); }
static void f_shm_barrier(sqlite3_file *f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
static int f_shm_unmap(sqlite3_file *f, int del) { return real_of(f)->pMethods->xShmUnmap(real_of(f), del); }

/* Version 2 (no memory-mapped fetches, which would bypass xWrite-counting reads only, but keep
** the shim simple). */
static const sqlite3_io_methods fault_io = {2, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock,
                                            f_reserved, f_control, f_sector, f_device, f_shm_map, f_shm_lock,
                                            f_shm_barrier, f_shm_unmap, NULL, NULL};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
    (void)vfs;
    fault_file *f = (fault_file *)file;
    f->real = (sqlite3_file *)(f + 1);
    f->counted = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0;
    int rc = fault.real->xOpen(fault.real, name, f->real, flags, out_flags);
    f->base.pMethods = f->real->pMethods ? &fault_io : NULL;
    return rc;
}

static int v_delete(sqlite3_vfs *v, const char *n, int sync) { (void)v; return fault.real->xDelete(fault.real, n, sync); }
static int v_access(sqlite3_vfs *v, const char *n, int flags, int *r) { (void)v; return fault.real->xAccess(fault.real, n, flags, r); }
static int v_full(sqlite3_vfs *v, const char *n, int size, char *out) { (void)v; return fault.real->xFullPathname(fault.real, n, size, out); }
static int v_random(sqlite3_vfs *v, int n, char *out) { (void)v; return fault.real->xRandomness(fault.real, n, out); }
static int v_sleep(sqlite3_vfs *v, int us) { (void)v; return fault.real->xSleep(fault.real, us); }
static int v_time(sqlite3_vfs *v, double *t) { (void)v; return fault.real->xCurrentTime(fault.real, t); }
static int v_error(sqlite3_vfs *v, int n, char *out) { (void)v; return fault.real->xGetLastError(fault.real, n, out); }

static sqlite3_vfs fault_vfs = {1, 0, 0, NULL, "parley-fault", NULL, f_open, v_delete, v_access, v_full, NULL, NULL,
                                NULL, NULL, v_random, v_sleep, v_time, v_error, NULL, NULL, NULL, NULL};

static void fault_install(void)
{
    if (fault.real) return;
    fault.real = sqlite3_vfs_find(NULL);
    fault_vfs.szOsFile = (int)sizeof(fault_file) + fault.real->szOsFile;
    fault_vfs.mxPathname = fault.real->mxPathname;
    assert_int_equal(sqlite3_vfs_register(&fault_vfs, 1), SQLITE_OK);
}

static void fault_arm(long at, int code)
{
    fault.writes = 0;
    fault.failed = 0;
    fault.fail_at = at;
    fault.fail_code = code;
}

/* Rows of store b that store a lacks, and the other way round, over the run tables. */
static long rows_differing(pl_store *a, const char *b_path)
{
    char sql[512];
    snprintf(sql, sizeof sql, "ATTACH '%s' AS other", b_path);
    sqlite3 *db = side_db(a);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    long n = 0;
    static const char *const tables[] = {"runs", "parameters", "outcomes", "series", "job_inputs", "job_outcomes"};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM (SELECT * FROM main.%s EXCEPT SELECT * FROM other.%s))"
                 " + (SELECT count(*) FROM (SELECT * FROM other.%s EXCEPT SELECT * FROM main.%s))",
                 tables[t], tables[t], tables[t], tables[t]);
        n += count_in(db, sql);
    }
    sqlite3_close(db);
    return n;
}

/* One failure: write `at` fails with code during the runs; the run stops with a store error that
** says why; the store, reopened, resumes to the reference's rows. 0 once `at` is past the last
** write (the run then succeeds). */
static int fail_then_resume(const pl_experiment *e, pl_ens_config cfg, long at, int code, const char *path,
                            const char *reference)
{
    pl_store *st;
    pl_error err;
    int resumed;
    unlink(path);
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    char *config = pl_ens_config_json(e, &cfg, "run", NULL);
    int64_t job;
    assert_int_equal(pl_ens_job_open(st, e, &cfg, "run", config, 0, &job, &resumed, &err), PL_OK);
    fault_arm(at, code);
    pl_ens_result *r = NULL;
    pl_status s = pl_ensemble_run(e, &cfg, st, job, &r, &err);
    int failed = fault.failed > 0;
    pl_store_close(st); /* as the process would end: the disk still full */
    fault_arm(0, 0);
    pl_ens_result_free(r);
    if (!failed) {
        assert_int_equal(s, PL_OK);
        pl_free(config);
        return 0;
    }
    assert_int_equal(s, PL_ESTORE);
    tu_assert_error(&err, code == SQLITE_FULL ? "disk is full" : "disk I/O error", 0, 0);
    /* Resume with another chunking and one thread. */
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    cfg.chunk = 0;
    cfg.threads = 1;
    assert_int_equal(pl_ens_job_open(st, e, &cfg, "run", config, 1, &job, &resumed, &err), PL_OK);
    pl_free(config);
    assert_true(resumed);
    assert_int_equal(pl_ensemble_run(e, &cfg, st, job, &r, &err), PL_OK);
    assert_int_equal(r->n_runs, 120);
    pl_ens_result_free(r);
    assert_int_equal(rows_differing(st, reference), 0);
    pl_store_close(st);
    return 1;
}

/* Every write of a 120-run job's chunks, failed in turn with an I/O error and with a full disk. */
static void failed_writes_resume_to_the_same_rows(void **state)
{
    (void)state;
    fault_install();
    char reference[64], path[64];
    temp_path(reference);
    temp_path(path);
    pl_experiment *e = noisy();
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.runs = 120;
    cfg.series_runs = 20;
    cfg.threads = 2;
    cfg.chunk = 20;
    pl_store *st;
    pl_error err;
    int resumed;
    assert_int_equal(pl_store_open(reference, &st, &err), PL_OK);
    pl_ens_result_free(run_into(st, e, &cfg, 0, &resumed));
    pl_store_close(st);
    static const int codes[] = {SQLITE_IOERR_WRITE, SQLITE_FULL};
    for (size_t c = 0; c < 2; c++) {
        long at = 1;
        while (fail_then_resume(e, cfg, at, codes[c], path, reference)) at++;
        print_message("%s at each of %ld writes: every store resumed to the uninterrupted rows\n",
                      c ? "a full disk" : "an I/O error", at - 1);
        assert_true(at > 6); /* 6 chunks, each committed with writes */
    }
    unlink(path);
    unlink(reference);
    pl_experiment_free(e);
}

/* A job is claimed by one handle at a time: a second handle on the same store (as a second
** process would be) is refused with a message saying so, until the first is closed. */
static void a_job_is_claimed_by_one_writer(void **state)
{
    (void)state;
    char path[64];
    temp_path(path);
    pl_experiment *e = noisy();
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.runs = 50;
    pl_store *a, *b;
    pl_error err;
    int resumed;
    assert_int_equal(pl_store_open(path, &a, &err), PL_OK);
    char *config = pl_ens_config_json(e, &cfg, "run", NULL);
    int64_t job;
    assert_int_equal(pl_ens_job_open(a, e, &cfg, "run", config, 0, &job, &resumed, &err), PL_OK);
    assert_int_equal(pl_store_open(path, &b, &err), PL_OK);
    int64_t again;
    assert_int_equal(pl_ens_job_open(b, e, &cfg, "run", config, 1, &again, &resumed, &err), PL_ESTORE);
    tu_assert_error(&err, "is being written by another parley process", 0, 0);
    /* Another job of the same store is free. */
    assert_int_equal(pl_store_claim_job(b, job + 1, &err), PL_OK);
    pl_store_close(b);
    pl_store_close(a);
    assert_int_equal(pl_store_open(path, &b, &err), PL_OK);
    assert_int_equal(pl_ens_job_open(b, e, &cfg, "run", config, 1, &again, &resumed, &err), PL_OK);
    assert_true(resumed);
    assert_int_equal(again, job);
    pl_store_close(b);
    pl_free(config);
    unlink(path);
    pl_experiment_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resume_recomputes_what_was_lost),
        cmocka_unit_test(schema_one_is_upgraded),
        cmocka_unit_test(configuration_identity),
        cmocka_unit_test(a_job_is_claimed_by_one_writer),
        cmocka_unit_test(failed_writes_resume_to_the_same_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
