/*
** test_ensemble_store.c — ensembles and the results store: a job found again by its
** configuration, runs removed from a store (as a kill would lose them) recomputed on resume to
** the same values, schema-1 stores upgraded, read-only opening, refusals.
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

static long count(pl_store *st, const char *sql)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(pl_store_db(st), sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
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
    assert_int_equal(sqlite3_exec(pl_store_db(st), lose, NULL, NULL, &msg), SQLITE_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resume_recomputes_what_was_lost),
        cmocka_unit_test(schema_one_is_upgraded),
        cmocka_unit_test(configuration_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
