/*
** store.c — the SQLite results store: schema creation, identity checks, prepared inserts.
** Layer: formats.
*/
#include "parley/store.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "parley/memory.h"

enum { STMT_JOB, STMT_FIND_JOB, STMT_RUN, STMT_HAS_RUN, STMT_PARAM, STMT_OUTCOME, STMT_SERIES, N_STMTS };

struct pl_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[N_STMTS];
};

static const char *const schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE jobs(job_id INTEGER PRIMARY KEY, command TEXT NOT NULL, input TEXT, model TEXT,"
    " seed INTEGER NOT NULL, config TEXT NOT NULL, n_runs INTEGER NOT NULL,"
    " created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE runs(job_id INTEGER NOT NULL REFERENCES jobs(job_id), run_index INTEGER NOT NULL,"
    " status TEXT NOT NULL, PRIMARY KEY(job_id, run_index));"
    "CREATE TABLE parameters(job_id INTEGER NOT NULL, run_index INTEGER NOT NULL, name TEXT NOT NULL,"
    " value REAL NOT NULL, PRIMARY KEY(job_id, run_index, name));"
    "CREATE TABLE outcomes(job_id INTEGER NOT NULL, run_index INTEGER NOT NULL, name TEXT NOT NULL,"
    " value REAL NOT NULL, PRIMARY KEY(job_id, run_index, name));"
    "CREATE TABLE series(job_id INTEGER NOT NULL, run_index INTEGER NOT NULL, series TEXT NOT NULL,"
    " entity TEXT NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL,"
    " PRIMARY KEY(job_id, run_index, series, entity, step));";

static const char *const stmt_sql[N_STMTS] = {
    "INSERT INTO jobs(command, input, model, seed, config, n_runs) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT job_id FROM jobs WHERE command = ?1 AND config = ?2 ORDER BY job_id DESC LIMIT 1",
    "INSERT INTO runs(job_id, run_index, status) VALUES(?1, ?2, ?3)",
    "SELECT 1 FROM runs WHERE job_id = ?1 AND run_index = ?2",
    "INSERT INTO parameters(job_id, run_index, name, value) VALUES(?1, ?2, ?3, ?4)",
    "INSERT INTO outcomes(job_id, run_index, name, value) VALUES(?1, ?2, ?3, ?4)",
    "INSERT INTO series(job_id, run_index, series, entity, step, value) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
};

static pl_status db_error(pl_store *st, pl_error *err, const char *what)
{
    return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "%s: %s", what, sqlite3_errmsg(st->db));
}

static pl_status exec(pl_store *st, const char *sql, pl_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) == SQLITE_OK) return PL_OK;
    pl_status s = pl_error_at(err, PL_ESTORE, st->path, 0, 0, "%s", msg ? msg : sqlite3_errmsg(st->db));
    sqlite3_free(msg);
    return s;
}

static pl_status create_schema(pl_store *st, pl_error *err)
{
    char meta[256];
    snprintf(meta, sizeof meta,
             "INSERT INTO meta VALUES('format','parley-results'),('schema_version','%d'),('parley_version','%s');",
             PL_STORE_SCHEMA_VERSION, PARLEY_VERSION);
    pl_status s = exec(st, "BEGIN IMMEDIATE;", err);
    if (!s) s = exec(st, schema_sql, err);
    if (!s) s = exec(st, meta, err);
    if (!s) return exec(st, "COMMIT;", err);
    sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
    return s;
}

/* Refuses a database that is not a parley store, or of a newer schema. */
static pl_status check_identity(pl_store *st, pl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'format'", -1, &q, NULL) != SQLITE_OK) {
        int notadb = sqlite3_errcode(st->db) == SQLITE_NOTADB;
        sqlite3_finalize(q);
        return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "%s, expected a parley results store; refusing to touch it",
                           notadb ? "found a file that is not an SQLite database" : "found an SQLite database without parley's meta table");
    }
    int ok = sqlite3_step(q) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), "parley-results") == 0;
    sqlite3_finalize(q);
    if (!ok)
        return pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                           "found a database that is not a parley results store; refusing to touch it");
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "reading the schema version");
    int version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    if (version < 1 || version > PL_STORE_SCHEMA_VERSION)
        return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "found store schema version %d, expected 1 to %d", version,
                           PL_STORE_SCHEMA_VERSION);
    return PL_OK;
}

static pl_status prepare_all(pl_store *st, pl_error *err)
{
    for (int k = 0; k < N_STMTS; k++)
        if (sqlite3_prepare_v2(st->db, stmt_sql[k], -1, &st->stmt[k], NULL) != SQLITE_OK)
            return db_error(st, err, "preparing a statement");
    return PL_OK;
}

pl_status pl_store_open(const char *path, pl_store **out, pl_error *err)
{
    *out = NULL;
    struct stat sb;
    int exists = stat(path, &sb) == 0 && sb.st_size > 0;
    pl_store *st = pl_calloc(1, sizeof *st);
    if (!st || !(st->path = pl_strdup(path))) {
        pl_free(st);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_status s = PL_OK;
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        s = pl_error_at(err, PL_ESTORE, path, 0, 0, "cannot open: %s", st->db ? sqlite3_errmsg(st->db) : "no memory");
    if (!s) sqlite3_busy_timeout(st->db, 5000);
    if (!s) s = exists ? check_identity(st, err) : PL_OK;
    if (!s) s = exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", err);
    if (!s && !exists) s = create_schema(st, err);
    if (!s) s = prepare_all(st, err);
    if (s) {
        pl_store_close(st);
        return s;
    }
    *out = st;
    return PL_OK;
}

void pl_store_close(pl_store *st)
{
    if (!st) return;
    for (int k = 0; k < N_STMTS; k++) sqlite3_finalize(st->stmt[k]);
    sqlite3_close(st->db);
    pl_free(st->path);
    pl_free(st);
}

pl_status pl_store_begin(pl_store *st, pl_error *err) { return exec(st, "BEGIN IMMEDIATE;", err); }
pl_status pl_store_commit(pl_store *st, pl_error *err) { return exec(st, "COMMIT;", err); }
pl_status pl_store_rollback(pl_store *st, pl_error *err) { return exec(st, "ROLLBACK;", err); }

/* Steps a bound statement to completion and resets it. */
static pl_status step_done(pl_store *st, sqlite3_stmt *q, pl_error *err, const char *what)
{
    int rc = sqlite3_step(q);
    pl_status s = rc == SQLITE_DONE ? PL_OK : db_error(st, err, what);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return s;
}

pl_status pl_store_add_job(pl_store *st, const char *command, const char *input, const char *model, uint64_t seed,
                           const char *config_json, long n_runs, int64_t *job_id, pl_error *err)
{
    sqlite3_stmt *q = st->stmt[STMT_JOB];
    sqlite3_bind_text(q, 1, command, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, input, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 4, (sqlite3_int64)seed);
    sqlite3_bind_text(q, 5, config_json, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 6, n_runs);
    pl_status s = step_done(st, q, err, "adding a job");
    if (!s) *job_id = sqlite3_last_insert_rowid(st->db);
    return s;
}

pl_status pl_store_find_job(pl_store *st, const char *command, const char *config_json, int64_t *job_id,
                            pl_error *err)
{
    sqlite3_stmt *q = st->stmt[STMT_FIND_JOB];
    sqlite3_bind_text(q, 1, command, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, config_json, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    *job_id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PL_OK : db_error(st, err, "finding a job");
}

pl_status pl_store_put_run(pl_store *st, int64_t job, long run_index, const char *status, pl_error *err)
{
    sqlite3_stmt *q = st->stmt[STMT_RUN];
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run_index);
    sqlite3_bind_text(q, 3, status, -1, SQLITE_TRANSIENT);
    return step_done(st, q, err, "recording a run");
}

pl_status pl_store_has_run(pl_store *st, int64_t job, long run_index, int *has, pl_error *err)
{
    sqlite3_stmt *q = st->stmt[STMT_HAS_RUN];
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run_index);
    int rc = sqlite3_step(q);
    *has = rc == SQLITE_ROW;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PL_OK : db_error(st, err, "looking up a run");
}

static pl_status put_named(pl_store *st, int k, int64_t job, long run, const char *name, double value,
                           pl_error *err)
{
    sqlite3_stmt *q = st->stmt[k];
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run);
    sqlite3_bind_text(q, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(q, 4, value);
    return step_done(st, q, err, "writing a value");
}

pl_status pl_store_put_parameter(pl_store *st, int64_t job, long run_index, const char *name, double value,
                                 pl_error *err)
{
    return put_named(st, STMT_PARAM, job, run_index, name, value, err);
}

pl_status pl_store_put_outcome(pl_store *st, int64_t job, long run_index, const char *name, double value,
                               pl_error *err)
{
    return put_named(st, STMT_OUTCOME, job, run_index, name, value, err);
}

pl_status pl_store_put_series(pl_store *st, int64_t job, long run_index, const char *series, const char *entity,
                              long step, double value, pl_error *err)
{
    sqlite3_stmt *q = st->stmt[STMT_SERIES];
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run_index);
    sqlite3_bind_text(q, 3, series, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, entity, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 5, step);
    sqlite3_bind_double(q, 6, value);
    return step_done(st, q, err, "writing a series point");
}

struct sqlite3 *pl_store_db(pl_store *st) { return st->db; }
