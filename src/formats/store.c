/*
** store.c — the SQLite results store: schema creation and upgrade inside one transaction,
** identity and integrity checks, job claims, prepared inserts, run digests, and walks over a
** job's rows for resuming.
** Layer: formats.
*/
#define _GNU_SOURCE /* F_OFD_SETLK: a lock owned by the open file, not the process */

#include "parley/store.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "formats/store_int.h"
#include "parley/memory.h"

enum {
    STMT_JOB, STMT_FIND_JOB, STMT_RUN, STMT_HAS_RUN, STMT_PARAM, STMT_OUTCOME, STMT_SERIES,
    STMT_JOB_INFO, STMT_JOB_INPUT, STMT_JOB_OUTCOME, STMT_JOB_SERIES, STMT_SENS,
    STMT_PARAM_BATCH, STMT_OUTCOME_BATCH, STMT_SERIES_BATCH,
    N_STMTS
};

/* Rows per multi-row insert: large enough to amortise a statement's set-up, small enough to stay
** far below SQLite's limit on bound variables (32766). */
enum { BATCH = 16 };

struct pl_store {
    sqlite3 *db;
    char *path;
    int schema;
    int lock_fd; /* holds this handle's job claims; -1 until the first claim */
    int busy;    /* the last error was SQLite's "busy" */
    sqlite3_stmt *stmt[N_STMTS];
};

/* How long a writer waits for another process's transaction before giving up. A chunk's
** transaction takes at most a few seconds, even under load. */
enum { BUSY_TIMEOUT_MS = 60000 };

/* Schema 1 (the run tables) as a new store creates them, with schema 3's run digest; row tables
** are WITHOUT ROWID so each row is stored once, in its primary-key order. */
static const char *const schema1_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS jobs(job_id INTEGER PRIMARY KEY, command TEXT NOT NULL, input TEXT, model TEXT,"
    " seed INTEGER NOT NULL, config TEXT NOT NULL, n_runs INTEGER NOT NULL,"
    " created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE IF NOT EXISTS runs(job_id INTEGER NOT NULL REFERENCES jobs(job_id), run_index INTEGER NOT NULL,"
    " status TEXT NOT NULL, digest INTEGER, PRIMARY KEY(job_id, run_index)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS parameters(job_id INTEGER NOT NULL, run_index INTEGER NOT NULL, name TEXT NOT NULL,"
    " value REAL NOT NULL, PRIMARY KEY(job_id, run_index, name)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS outcomes(job_id INTEGER NOT NULL, run_index INTEGER NOT NULL, name TEXT NOT NULL,"
    " value REAL NOT NULL, PRIMARY KEY(job_id, run_index, name)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS series(job_id INTEGER NOT NULL, run_index INTEGER NOT NULL, series TEXT NOT NULL,"
    " entity TEXT NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL,"
    " PRIMARY KEY(job_id, run_index, series, entity, step)) WITHOUT ROWID;";

/* What schema 2 adds (also the upgrade of a schema-1 store). */
static const char *const schema2_sql =
    "CREATE TABLE IF NOT EXISTS job_info(job_id INTEGER NOT NULL REFERENCES jobs(job_id), key TEXT NOT NULL,"
    " value TEXT NOT NULL, PRIMARY KEY(job_id, key));"
    "CREATE TABLE IF NOT EXISTS job_inputs(job_id INTEGER NOT NULL REFERENCES jobs(job_id),"
    " position INTEGER NOT NULL, name TEXT NOT NULL, nominal REAL NOT NULL, distribution TEXT NOT NULL,"
    " varied INTEGER NOT NULL, source TEXT NOT NULL, PRIMARY KEY(job_id, position));"
    "CREATE TABLE IF NOT EXISTS job_outcomes(job_id INTEGER NOT NULL REFERENCES jobs(job_id),"
    " position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,"
    " PRIMARY KEY(job_id, position));"
    "CREATE TABLE IF NOT EXISTS job_series(job_id INTEGER NOT NULL REFERENCES jobs(job_id),"
    " position INTEGER NOT NULL, series TEXT NOT NULL, entity TEXT NOT NULL, step_unit TEXT NOT NULL,"
    " PRIMARY KEY(job_id, position));"
    "CREATE TABLE IF NOT EXISTS sensitivity(job_id INTEGER NOT NULL REFERENCES jobs(job_id),"
    " method TEXT NOT NULL, outcome TEXT NOT NULL, input TEXT NOT NULL, measure TEXT NOT NULL,"
    " value REAL NOT NULL, lo REAL, hi REAL, PRIMARY KEY(job_id, method, outcome, input, measure));";

static const char *const stmt_sql[STMT_PARAM_BATCH] = {
    "INSERT INTO jobs(command, input, model, seed, config, n_runs) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT job_id FROM jobs WHERE command = ?1 AND config = ?2 ORDER BY job_id DESC LIMIT 1",
    "INSERT INTO runs(job_id, run_index, status, digest) VALUES(?1, ?2, ?3, ?4)",
    "SELECT 1 FROM runs WHERE job_id = ?1 AND run_index = ?2",
    "INSERT INTO parameters(job_id, run_index, name, value) VALUES(?1, ?2, ?3, ?4)",
    "INSERT INTO outcomes(job_id, run_index, name, value) VALUES(?1, ?2, ?3, ?4)",
    "INSERT INTO series(job_id, run_index, series, entity, step, value) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    "INSERT OR REPLACE INTO job_info(job_id, key, value) VALUES(?1, ?2, ?3)",
    "INSERT INTO job_inputs(job_id, position, name, nominal, distribution, varied, source)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO job_outcomes(job_id, position, name, kind, description) VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO job_series(job_id, position, series, entity, step_unit) VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT OR REPLACE INTO sensitivity(job_id, method, outcome, input, measure, value, lo, hi)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

/* "INSERT INTO table(columns) VALUES(?, ...), ... " with BATCH tuples of width placeholders. */
static char *batch_sql(const char *head, int width)
{
    size_t size = strlen(head) + (size_t)BATCH * (size_t)(4 * width + 4) + 1;
    char *sql = pl_malloc(size);
    if (!sql) return NULL;
    size_t at = (size_t)snprintf(sql, size, "%s", head);
    for (int b = 0; b < BATCH; b++) {
        at += (size_t)snprintf(sql + at, size - at, "%s(", b ? ", " : " VALUES");
        for (int c = 0; c < width; c++) at += (size_t)snprintf(sql + at, size - at, c ? ", ?" : "?");
        at += (size_t)snprintf(sql + at, size - at, ")");
    }
    return sql;
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* 1 (after a short pause) while a step that SQLite found busy may be tried again: SQLite answers
** "busy" at once, without its busy handler, in a few races of processes sharing one store (a new
** file switching to WAL while another opens it, a snapshot outdated by another's commit), so
** such a step is retried until the busy timeout has passed since start. */
static int retry_busy(int busy, double start)
{
    if (!busy || seconds_now() - start > BUSY_TIMEOUT_MS / 1000.0) return 0;
    nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    return 1;
}

static pl_status busy_error(pl_store *st, pl_error *err)
{
    st->busy = 1;
    return pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                       "another process has kept the store locked for over %d s; try again when it is done",
                       BUSY_TIMEOUT_MS / 1000);
}

static pl_status db_error(pl_store *st, pl_error *err, const char *what)
{
    if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY) return busy_error(st, err);
    return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "%s: %s", what, sqlite3_errmsg(st->db));
}

static pl_status exec(pl_store *st, const char *sql, pl_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK) return PL_OK;
    pl_status s = (rc & 0xff) == SQLITE_BUSY ? busy_error(st, err)
                                             : pl_error_at(err, PL_ESTORE, st->path, 0, 0, "%s", msg ? msg : sqlite3_errmsg(st->db));
    sqlite3_free(msg);
    return s;
}

static pl_status create_schema(pl_store *st, pl_error *err)
{
    char sql[4096];
    snprintf(sql, sizeof sql,
             "%s%sINSERT INTO meta VALUES('format','parley-results'),('schema_version','%d'),('parley_version','%s');",
             schema1_sql, schema2_sql, PL_STORE_SCHEMA_VERSION, PARLEY_VERSION);
    pl_status s = exec(st, sql, err);
    if (!s) st->schema = PL_STORE_SCHEMA_VERSION;
    return s;
}

/* Schema 1 → 2: new tables only; 2 → 3: the run digest. The run tables keep their layout. */
static pl_status upgrade_schema(pl_store *st, pl_error *err)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "%s%sUPDATE meta SET value = '%d' WHERE key = 'schema_version';",
             st->schema < 2 ? schema2_sql : "", "ALTER TABLE runs ADD COLUMN digest INTEGER;", PL_STORE_SCHEMA_VERSION);
    pl_status s = exec(st, sql, err);
    if (!s) st->schema = PL_STORE_SCHEMA_VERSION;
    return s;
}

static pl_status refuse(pl_store *st, pl_error *err, const char *found)
{
    return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "found %s, expected a parley results store; refusing to touch it",
                       found);
}

/* The refusal for an SQLite error code met while identifying the file. */
static pl_status refuse_code(pl_store *st, int code, pl_error *err)
{
    if (code == SQLITE_NOTADB) return refuse(st, err, "a file that is not an SQLite database");
    if (code == SQLITE_CORRUPT) return refuse(st, err, "a corrupt SQLite database");
    if (code == SQLITE_BUSY) return busy_error(st, err);
    return refuse(st, err, "an SQLite database without parley's meta table");
}

/* Refuses a file that is not a parley store (or is corrupt, or of a newer schema). */
static pl_status check_identity(pl_store *st, pl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'format'", -1, &q, NULL) != SQLITE_OK) {
        int code = sqlite3_errcode(st->db);
        sqlite3_finalize(q);
        return refuse_code(st, code, err);
    }
    int rc = sqlite3_step(q);
    int ok = rc == SQLITE_ROW && sqlite3_column_text(q, 0) &&
             strcmp((const char *)sqlite3_column_text(q, 0), "parley-results") == 0;
    sqlite3_finalize(q);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_BUSY) return refuse_code(st, rc, err);
    if (!ok) return refuse(st, err, "a database that is not a parley results store");
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "reading the schema version");
    st->schema = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    if (st->schema < 1 || st->schema > PL_STORE_SCHEMA_VERSION)
        return pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                           "found store schema version %d, expected 1 to %d (a newer parley wrote it?)", st->schema,
                           PL_STORE_SCHEMA_VERSION);
    return PL_OK;
}

/* Refuses a store SQLite finds damaged (PRAGMA integrity_check: every page, cell and record,
** NOT NULL and UNIQUE constraints, indexes against their tables), naming the first problem. It
** reads the whole file: about 1.2 s of CPU for a 290 MB store of 10^5 war runs. */
static pl_status check_integrity(pl_store *st, pl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(1)", -1, &q, NULL) != SQLITE_OK) {
        int code = sqlite3_errcode(st->db);
        sqlite3_finalize(q);
        return refuse_code(st, code, err);
    }
    int rc = sqlite3_step(q);
    const char *first = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
    pl_status s = PL_OK;
    if (rc != SQLITE_ROW) s = refuse_code(st, rc, err);
    else if (!first || strcmp(first, "ok") != 0)
        s = pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                        "found a corrupt SQLite database (integrity check: %.200s), expected a parley results store; "
                        "refusing to touch it", first ? first : "no answer");
    sqlite3_finalize(q);
    return s;
}

/* The integer the one-row query sql answers, or -1. */
static long long query_int(pl_store *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* Inside one immediate transaction, so that concurrent openers of one new file take turns: a
** file that had no page when opened and still has no table gets the schema; any other must be a
** sound parley store, upgraded if older. Nothing is written to a file that is refused. */
static pl_status settle_schema(pl_store *st, pl_error *err)
{
    int blank = query_int(st, "PRAGMA page_count") == 0; /* a write transaction makes page 1 */
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK)
        return refuse_code(st, sqlite3_errcode(st->db) & 0xff, err);
    pl_status s;
    if (blank && query_int(st, "SELECT count(*) FROM sqlite_master") == 0) {
        s = create_schema(st, err);
    } else {
        s = check_identity(st, err);
        if (!s) s = check_integrity(st, err);
        if (!s && st->schema < PL_STORE_SCHEMA_VERSION) s = upgrade_schema(st, err);
    }
    if (!s) return exec(st, "COMMIT;", err);
    sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
    return s;
}

static pl_status prepare_all(pl_store *st, pl_error *err)
{
    static const char *const batch_head[] = {"INSERT INTO parameters(job_id, run_index, name, value)",
                                             "INSERT INTO outcomes(job_id, run_index, name, value)",
                                             "INSERT INTO series(job_id, run_index, series, entity, step, value)"};
    static const int batch_width[] = {4, 4, 6};
    for (int k = 0; k < N_STMTS; k++) {
        char *made = k >= STMT_PARAM_BATCH ? batch_sql(batch_head[k - STMT_PARAM_BATCH], batch_width[k - STMT_PARAM_BATCH]) : NULL;
        if (k >= STMT_PARAM_BATCH && !made) return pl_error_set(err, PL_ENOMEM, "out of memory");
        int rc = sqlite3_prepare_v2(st->db, made ? made : stmt_sql[k], -1, &st->stmt[k], NULL);
        pl_free(made);
        if (rc != SQLITE_OK) return db_error(st, err, "preparing a statement");
    }
    return PL_OK;
}

static pl_status store_new(const char *path, int flags, pl_store **out, pl_error *err)
{
    pl_store *st = pl_calloc(1, sizeof *st);
    if (!st || !(st->path = pl_strdup(path))) {
        pl_free(st);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    st->lock_fd = -1;
    *out = st;
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK)
        return pl_error_at(err, PL_ESTORE, path, 0, 0, "cannot open: %s", st->db ? sqlite3_errmsg(st->db) : "no memory");
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    return PL_OK;
}

/* A results store is a regular file: SQLite would "open" a directory only to fail with "disk I/O
** error", and beside a device (/dev/null) it would create a journal file (/dev/null-journal). */
static pl_status check_kind(const char *path, const struct stat *sb, pl_error *err)
{
    if (S_ISDIR(sb->st_mode)) return pl_error_at(err, PL_ESTORE, path, 0, 0, "found a directory, expected a parley results store file");
    if (!S_ISREG(sb->st_mode))
        return pl_error_at(err, PL_ESTORE, path, 0, 0, "found a device, FIFO or socket, expected a parley results store file");
    return PL_OK;
}

static pl_status open_once(const char *path, pl_store **out, int *busy, pl_error *err)
{
    pl_store *st = NULL;
    /* One connection is used by one thread at a time (the ensemble's writer): no SQLite mutexes. */
    pl_status s = store_new(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, &st, err);
    if (!s) s = settle_schema(st, err);
    if (!s) s = exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;", err);
    if (!s) s = prepare_all(st, err);
    *busy = st && st->busy;
    if (s) {
        pl_store_close(st);
        return s;
    }
    *out = st;
    return PL_OK;
}

pl_status pl_store_open(const char *path, pl_store **out, pl_error *err)
{
    *out = NULL;
    /* Only the kind of an existing file is looked at here: whether it is new is decided inside
    ** the transaction, where no other process can create it meanwhile. */
    struct stat sb;
    pl_status kind = stat(path, &sb) == 0 ? check_kind(path, &sb, err) : PL_OK;
    if (kind) return kind;
    double start = seconds_now();
    pl_status s;
    int busy;
    do s = open_once(path, out, &busy, err);
    while (s && retry_busy(busy, start));
    return s;
}

static pl_status in_snapshot(pl_store *st, pl_status (*check)(pl_store *, int64_t, pl_error *), int64_t job,
                             pl_error *err);

/* Every job's rows against their digests (pl_store_check_job), for readers. */
static pl_status check_each_job(pl_store *st, int64_t unused, pl_error *err)
{
    (void)unused;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT job_id FROM jobs ORDER BY job_id", -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "reading the jobs");
    pl_status s = PL_OK;
    int rc;
    while (!s && (rc = sqlite3_step(q)) == SQLITE_ROW) s = pl_store_check_job(st, sqlite3_column_int64(q, 0), err);
    if (!s && rc != SQLITE_DONE) s = db_error(st, err, "reading the jobs");
    sqlite3_finalize(q);
    return s;
}

pl_status pl_store_open_readonly(const char *path, pl_store **out, pl_error *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) return pl_error_at(err, PL_EIO, path, 0, 0, "cannot open: no such file");
    pl_status kind = check_kind(path, &sb, err);
    if (kind) return kind;
    if (sb.st_size == 0) return pl_error_at(err, PL_ESTORE, path, 0, 0, "found an empty file, expected a parley results store");
    pl_store *st;
    pl_status s = store_new(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, &st, err);
    if (!s) s = check_identity(st, err);
    if (!s) s = check_integrity(st, err);
    if (!s) s = in_snapshot(st, check_each_job, 0, err);
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
    /* A writer leaves the file in rollback-journal mode when it is the last connection: a store in
    ** WAL mode makes every later read-only opener (parley report) create -wal and -shm files that
    ** it cannot remove. With another connection open the switch is refused at once (no wait) and
    ** the file stays in WAL mode for it; the next writer turns WAL on again. */
    if (st->db && sqlite3_db_readonly(st->db, "main") == 0) {
        sqlite3_busy_timeout(st->db, 0);
        sqlite3_exec(st->db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    }
    sqlite3_close(st->db);
    /* Only now: closing any descriptor of the file drops this process's POSIX locks on it,
    ** SQLite's included. */
    if (st->lock_fd >= 0) close(st->lock_fd);
    pl_free(st->path);
    pl_free(st);
}

int pl_store_schema(const pl_store *st) { return st->schema; }
const char *pl_store_path(const pl_store *st) { return st->path; }

pl_status pl_store_begin(pl_store *st, pl_error *err)
{
    double start = seconds_now();
    pl_status s;
    do st->busy = 0, s = exec(st, "BEGIN IMMEDIATE;", err);
    while (s && retry_busy(st->busy, start));
    return s;
}
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

/* The statement k, or an error when the store was opened read-only. */
static sqlite3_stmt *stmt(pl_store *st, int k) { return st->stmt[k]; }

static pl_status no_stmt(pl_store *st, pl_error *err)
{
    return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "the store is open for reading only");
}

/* Job claims: one byte per job, far above the bytes SQLite locks (2^30 to 2^30 + 511). */
static const off_t CLAIM_BASE = (off_t)1 << 40;

/* Takes an exclusive lock on the claim byte of job without waiting; 1 if another holder has it. */
static int lock_claim(int fd, int64_t job, int *busy)
{
    *busy = 0;
#ifdef F_OFD_SETLK
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = CLAIM_BASE + (off_t)job, .l_len = 1};
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) return 0;
#else
    (void)job; /* without lock-per-open-file (not Linux): the whole store */
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return 0;
#endif
    *busy = errno == EAGAIN || errno == EACCES || errno == EWOULDBLOCK;
    return -1;
}

pl_status pl_store_claim_job(pl_store *st, int64_t job, pl_error *err)
{
    if (!stmt(st, STMT_RUN)) return no_stmt(st, err);
    if (st->lock_fd < 0 && (st->lock_fd = open(st->path, O_RDWR | O_CLOEXEC)) < 0)
        return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "cannot lock job %lld: %s", (long long)job, strerror(errno));
    int busy;
    if (!lock_claim(st->lock_fd, job, &busy)) return PL_OK;
    if (busy)
        return pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                           "job %lld is being written by another parley process; wait for it to end (or stop it), "
                           "then pass --resume to finish the job", (long long)job);
    return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "cannot lock job %lld: %s", (long long)job, strerror(errno));
}

pl_status pl_store_add_job(pl_store *st, const char *command, const char *input, const char *model, uint64_t seed,
                           const char *config_json, long n_runs, int64_t *job_id, pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_JOB);
    if (!q) return no_stmt(st, err);
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
    sqlite3_stmt *q = stmt(st, STMT_FIND_JOB);
    if (!q) return no_stmt(st, err);
    sqlite3_bind_text(q, 1, command, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, config_json, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    *job_id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PL_OK : db_error(st, err, "finding a job");
}

/* A run row; digest NULL when has_digest is 0. A run already stored means that another writer
** got to it: said so, not as SQLite's constraint message. */
static pl_status put_run(pl_store *st, int64_t job, long run_index, const char *status, int has_digest, uint64_t digest,
                         pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_RUN);
    if (!q) return no_stmt(st, err);
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run_index);
    sqlite3_bind_text(q, 3, status, -1, SQLITE_TRANSIENT);
    if (has_digest) sqlite3_bind_int64(q, 4, (sqlite3_int64)digest);
    int rc = sqlite3_step(q);
    pl_status s = PL_OK;
    if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        s = pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                        "run %ld of job %lld is already stored: another process wrote it meanwhile", run_index,
                        (long long)job);
    else if (rc != SQLITE_DONE)
        s = db_error(st, err, "recording a run");
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return s;
}

pl_status pl_store_put_run(pl_store *st, int64_t job, long run_index, const char *status, pl_error *err)
{
    return put_run(st, job, run_index, status, 0, 0, err);
}

pl_status pl_store_put_run_digest(pl_store *st, int64_t job, long run_index, const char *status, uint64_t digest,
                                  pl_error *err)
{
    return put_run(st, job, run_index, status, 1, digest, err);
}

pl_status pl_store_has_run(pl_store *st, int64_t job, long run_index, int *has, pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_HAS_RUN);
    if (!q) return no_stmt(st, err);
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
    sqlite3_stmt *q = stmt(st, k);
    if (!q) return no_stmt(st, err);
    if (!isfinite(value)) return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "refusing to store %s = %g", name, value);
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run);
    sqlite3_bind_text(q, 3, name, -1, SQLITE_STATIC);
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

/* Binds row r (at tuple position t) of a named-value table or of the series table. */
static void bind_row(sqlite3_stmt *q, int t, int series, int64_t job, const pl_store_row *r)
{
    int at = t * (series ? 6 : 4);
    sqlite3_bind_int64(q, at + 1, job);
    sqlite3_bind_int64(q, at + 2, r->run);
    sqlite3_bind_text(q, at + 3, r->name, -1, SQLITE_STATIC);
    if (series) {
        sqlite3_bind_text(q, at + 4, r->entity, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, at + 5, r->step);
    }
    sqlite3_bind_double(q, at + (series ? 6 : 4), r->value);
}

/* Full batches through the multi-row statement batch_k, the rest row by row through single_k. */
static pl_status put_rows(pl_store *st, int batch_k, int single_k, int64_t job, size_t n, const pl_store_row *rows,
                          pl_error *err)
{
    sqlite3_stmt *q = stmt(st, batch_k), *one = stmt(st, single_k);
    if (!q || !one) return no_stmt(st, err);
    int series = batch_k == STMT_SERIES_BATCH;
    size_t k = 0;
    pl_status s = PL_OK;
    while (!s && k < n) {
        int filled = 0;
        size_t start = k;
        for (; k < n && filled < BATCH; k++)
            if (isfinite(rows[k].value)) bind_row(q, filled++, series, job, &rows[k]);
        if (filled == BATCH) {
            s = step_done(st, q, err, "writing rows");
            continue;
        }
        sqlite3_clear_bindings(q);
        for (size_t j = start; !s && j < k; j++) {
            if (!isfinite(rows[j].value)) continue;
            bind_row(one, 0, series, job, &rows[j]);
            s = step_done(st, one, err, "writing a row");
        }
    }
    return s;
}

pl_status pl_store_put_parameter_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err)
{
    return put_rows(st, STMT_PARAM_BATCH, STMT_PARAM, job, n, rows, err);
}

pl_status pl_store_put_outcome_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err)
{
    return put_rows(st, STMT_OUTCOME_BATCH, STMT_OUTCOME, job, n, rows, err);
}

pl_status pl_store_put_series_rows(pl_store *st, int64_t job, size_t n, const pl_store_row *rows, pl_error *err)
{
    return put_rows(st, STMT_SERIES_BATCH, STMT_SERIES, job, n, rows, err);
}

pl_status pl_store_put_series(pl_store *st, int64_t job, long run_index, const char *series, const char *entity,
                              long step, double value, pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_SERIES);
    if (!q) return no_stmt(st, err);
    if (!isfinite(value)) return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "refusing to store %s = %g", series, value);
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, run_index);
    sqlite3_bind_text(q, 3, series, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, step);
    sqlite3_bind_double(q, 6, value);
    return step_done(st, q, err, "writing a series point");
}

pl_status pl_store_put_job_info(pl_store *st, int64_t job, const char *key, const char *value, pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_JOB_INFO);
    if (!q) return no_stmt(st, err);
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_text(q, 2, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, value, -1, SQLITE_TRANSIENT);
    return step_done(st, q, err, "writing job information");
}

pl_status pl_store_put_job_input(pl_store *st, int64_t job, long position, const char *name, double nominal,
                                 const char *distribution, int varied, const char *source, pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_JOB_INPUT);
    if (!q) return no_stmt(st, err);
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, position);
    sqlite3_bind_text(q, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(q, 4, nominal);
    sqlite3_bind_text(q, 5, distribution, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 6, varied);
    sqlite3_bind_text(q, 7, source ? source : "", -1, SQLITE_TRANSIENT);
    return step_done(st, q, err, "writing a job input");
}

/* The outcome and series declarations share a shape: (job, position, three texts). */
static pl_status put_declaration(pl_store *st, int k, int64_t job, long position, const char *a, const char *b,
                                 const char *c, pl_error *err)
{
    sqlite3_stmt *q = stmt(st, k);
    if (!q) return no_stmt(st, err);
    const char *texts[] = {a, b, c ? c : ""};
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_int64(q, 2, position);
    for (int t = 0; t < 3; t++) sqlite3_bind_text(q, 3 + t, texts[t], -1, SQLITE_TRANSIENT);
    return step_done(st, q, err, "writing a job declaration");
}

pl_status pl_store_put_job_outcome(pl_store *st, int64_t job, long position, const char *name, const char *kind,
                                   const char *description, pl_error *err)
{
    return put_declaration(st, STMT_JOB_OUTCOME, job, position, name, kind, description, err);
}

pl_status pl_store_put_job_series(pl_store *st, int64_t job, long position, const char *name, const char *entity,
                                  const char *step_unit, pl_error *err)
{
    return put_declaration(st, STMT_JOB_SERIES, job, position, name, entity, step_unit, err);
}

pl_status pl_store_put_sensitivity(pl_store *st, int64_t job, const char *method, const char *outcome,
                                   const char *input, const char *measure, double value, double lo, double hi,
                                   pl_error *err)
{
    sqlite3_stmt *q = stmt(st, STMT_SENS);
    if (!q) return no_stmt(st, err);
    if (!isfinite(value)) return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "refusing to store %s = %g", measure, value);
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_text(q, 2, method, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, outcome, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, input, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 5, measure, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(q, 6, value);
    if (isfinite(lo)) sqlite3_bind_double(q, 7, lo);
    if (isfinite(hi)) sqlite3_bind_double(q, 8, hi);
    return step_done(st, q, err, "writing a sensitivity index");
}

/* ---- Run digests ------------------------------------------------------------------------ */

static uint64_t mix64(uint64_t z) /* SplitMix64's finaliser */
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t fnv1a(uint64_t h, const char *text) /* FNV-1a over text and its terminator */
{
    for (const unsigned char *c = (const unsigned char *)(text ? text : ""); ; c++) {
        h = (h ^ *c) * UINT64_C(0x100000001b3);
        if (!*c) return h;
    }
}

uint64_t pl_store_digest_status(long run_index, const char *status)
{
    return mix64(fnv1a(UINT64_C(0xcbf29ce484222325), status) ^ mix64((uint64_t)run_index));
}

uint64_t pl_store_digest_row(pl_store_table table, const pl_store_row *r)
{
    if (!isfinite(r->value)) return 0; /* never stored */
    double v = r->value == 0 ? 0.0 : r->value; /* SQLite gives -0.0 back as 0.0 */
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    uint64_t h = fnv1a(UINT64_C(0xcbf29ce484222325) + (uint64_t)table, r->name);
    if (table == PL_STORE_SERIES) h = mix64(fnv1a(h, r->entity) ^ (uint64_t)r->step);
    return mix64(mix64(h ^ mix64((uint64_t)r->run)) ^ bits);
}

/* What a job's check keeps per run: the digest stored with it and the sum over its rows. */
typedef struct run_check {
    int64_t job;
    long n;
    uint64_t *want, *sum;
    unsigned char *flags; /* HAS_RUN, HAS_DIGEST */
} run_check;

enum { HAS_RUN = 1, HAS_DIGEST = 2 };

static pl_status job_runs(pl_store *st, int64_t job, long *n, pl_error *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT n_runs FROM jobs WHERE job_id = ?1", -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "reading a job");
    sqlite3_bind_int64(q, 1, job);
    int rc = sqlite3_step(q);
    *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(st, err, "reading a job");
    if (*n < 0) return pl_error_at(err, PL_ESTORE, st->path, 0, 0, "holds no job %lld", (long long)job);
    return PL_OK;
}

/* Adds the rows of one table (t: 0 runs, else a pl_store_table) to the check. */
static pl_status check_table(pl_store *st, run_check *c, int t, pl_error *err)
{
    static const char *const sql[] = {
        "SELECT run_index, status, digest FROM runs WHERE job_id = ?1",
        "SELECT run_index, name, value FROM parameters WHERE job_id = ?1",
        "SELECT run_index, name, value FROM outcomes WHERE job_id = ?1",
        "SELECT run_index, series, value, entity, step FROM series WHERE job_id = ?1"};
    static const char *const what[] = {"runs", "parameters", "outcomes", "series"};
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql[t], -1, &q, NULL) != SQLITE_OK) return db_error(st, err, "reading a job");
    sqlite3_bind_int64(q, 1, c->job);
    pl_status s = PL_OK;
    int rc;
    while (!s && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long run = (long)sqlite3_column_int64(q, 0);
        const char *text = (const char *)sqlite3_column_text(q, 1);
        if (run < 0 || run >= c->n) {
            s = pl_error_at(err, PL_ESTORE, st->path, 0, 0, "found %s of run %ld in job %lld of %ld runs; the store was "
                            "changed outside parley", what[t], run, (long long)c->job, c->n);
        } else if (t == 0) {
            c->flags[run] |= HAS_RUN;
            c->sum[run] += pl_store_digest_status(run, text);
            if (sqlite3_column_type(q, 2) != SQLITE_NULL) {
                c->flags[run] |= HAS_DIGEST;
                c->want[run] = (uint64_t)sqlite3_column_int64(q, 2);
            }
        } else if (!(c->flags[run] & HAS_RUN)) {
            s = pl_error_at(err, PL_ESTORE, st->path, 0, 0, "found %s of run %ld in job %lld but not the run; the store "
                            "was changed outside parley", what[t], run, (long long)c->job);
        } else {
            pl_store_row r = {run, text ? text : "", NULL, 0, sqlite3_column_double(q, 2)};
            if (t == PL_STORE_SERIES) {
                r.entity = (const char *)sqlite3_column_text(q, 3);
                r.step = (long)sqlite3_column_int64(q, 4);
            }
            /* A value that is not a number (a changed type) counts as changed. */
            c->sum[run] += sqlite3_column_type(q, 2) == SQLITE_FLOAT || sqlite3_column_type(q, 2) == SQLITE_INTEGER
                               ? pl_store_digest_row((pl_store_table)t, &r) : 1;
        }
    }
    if (!s && rc != SQLITE_DONE) s = db_error(st, err, "reading a job");
    sqlite3_finalize(q);
    return s;
}

static pl_status compare_digests(pl_store *st, const run_check *c, pl_error *err)
{
    for (long i = 0; i < c->n; i++)
        if ((c->flags[i] & HAS_DIGEST) && c->want[i] != c->sum[i])
            return pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                               "run %ld of job %lld does not match the digest stored with it: its rows were changed "
                               "after parley wrote them; refusing to use the job", i, (long long)c->job);
    return PL_OK;
}

/* ---- The job's digest: its row and declarations, as stored --------------------------------- */

/* Folds every column of every row q gives into h, in order. */
static int digest_rows(sqlite3_stmt *q, uint64_t *h)
{
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(q); c++) {
            int type = sqlite3_column_type(q, c);
            uint64_t v = (uint64_t)type;
            if (type == SQLITE_INTEGER) v ^= mix64((uint64_t)sqlite3_column_int64(q, c));
            if (type == SQLITE_FLOAT) {
                double d = sqlite3_column_double(q, c);
                memcpy(&v, &d, sizeof v);
            }
            if (type == SQLITE_TEXT || type == SQLITE_BLOB) v = fnv1a(v, (const char *)sqlite3_column_text(q, c));
            *h = mix64(*h ^ v) + (uint64_t)c;
        }
    }
    return rc;
}

static pl_status job_digest(pl_store *st, int64_t job, uint64_t *h, pl_error *err)
{
    static const char *const sql[] = {
        "SELECT command, input, model, seed, config, n_runs, created FROM jobs WHERE job_id = ?1",
        "SELECT * FROM job_inputs WHERE job_id = ?1 ORDER BY position",
        "SELECT * FROM job_outcomes WHERE job_id = ?1 ORDER BY position",
        "SELECT * FROM job_series WHERE job_id = ?1 ORDER BY position"};
    *h = UINT64_C(0xcbf29ce484222325);
    for (size_t k = 0; k < sizeof sql / sizeof sql[0]; k++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(st->db, sql[k], -1, &q, NULL) != SQLITE_OK) return db_error(st, err, "reading a job");
        sqlite3_bind_int64(q, 1, job);
        int rc = digest_rows(q, h);
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE) return db_error(st, err, "reading a job");
    }
    return PL_OK;
}

static const char *const JOB_DIGEST_KEY = "digest";

pl_status pl_store_seal_job(pl_store *st, int64_t job, pl_error *err)
{
    uint64_t h;
    pl_status s = job_digest(st, job, &h, err);
    char text[32];
    snprintf(text, sizeof text, "%016llx", (unsigned long long)h);
    return s ? s : pl_store_put_job_info(st, job, JOB_DIGEST_KEY, text, err);
}

/* Compares the job's digest, when it has one, with its rows now. */
static pl_status check_seal(pl_store *st, int64_t job, pl_error *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM job_info WHERE job_id = ?1 AND key = ?2", -1, &q, NULL) != SQLITE_OK)
        return db_error(st, err, "reading a job");
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_text(q, 2, JOB_DIGEST_KEY, -1, SQLITE_STATIC);
    char want[32] = "";
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) snprintf(want, sizeof want, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(st, err, "reading a job");
    if (rc == SQLITE_DONE) return PL_OK; /* written before digests */
    uint64_t h;
    pl_status s = job_digest(st, job, &h, err);
    char now[32];
    snprintf(now, sizeof now, "%016llx", (unsigned long long)h);
    if (!s && strcmp(now, want) != 0)
        s = pl_error_at(err, PL_ESTORE, st->path, 0, 0,
                        "job %lld does not match the digest stored with it: its row or declarations were changed after "
                        "parley wrote them; refusing to use the job", (long long)job);
    return s;
}

/* Runs check over one read snapshot (unless a transaction is already open), so that another
** process's commits between its queries cannot look like missing or extra rows. */
static pl_status in_snapshot(pl_store *st, pl_status (*check)(pl_store *, int64_t, pl_error *), int64_t job,
                             pl_error *err)
{
    if (!sqlite3_get_autocommit(st->db)) return check(st, job, err);
    pl_status s = exec(st, "BEGIN;", err);
    if (!s) s = check(st, job, err);
    sqlite3_exec(st->db, s ? "ROLLBACK;" : "COMMIT;", NULL, NULL, NULL);
    return s;
}

static pl_status check_job(pl_store *st, int64_t job, pl_error *err);

pl_status pl_store_check_job(pl_store *st, int64_t job, pl_error *err) { return in_snapshot(st, check_job, job, err); }

static pl_status check_job(pl_store *st, int64_t job, pl_error *err)
{
    if (st->schema < 3) return PL_OK; /* read-only, before digests: nothing to check against */
    run_check c = {job, 0, NULL, NULL, NULL};
    pl_status s = check_seal(st, job, err); /* first: it vouches for n_runs */
    if (!s) s = job_runs(st, job, &c.n, err);
    if (s) return s;
    size_t n = (size_t)c.n + 1;
    c.want = pl_malloc(n * sizeof *c.want);
    c.sum = pl_calloc(n, sizeof *c.sum);
    c.flags = pl_calloc(n, 1);
    if (!c.want || !c.sum || !c.flags) s = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (int t = 0; !s && t <= PL_STORE_SERIES; t++) s = check_table(st, &c, t, err);
    if (!s) s = compare_digests(st, &c, err);
    pl_free(c.want);
    pl_free(c.sum);
    pl_free(c.flags);
    return s;
}

/* Walks "SELECT run_index, name/status, value FROM table WHERE job_id = ?" in run order. */
static pl_status walk(pl_store *st, const char *sql, int64_t job, pl_store_run_fn run_fn, pl_store_value_fn value_fn,
                      void *ctx, pl_error *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) return db_error(st, err, "reading a job");
    sqlite3_bind_int64(q, 1, job);
    pl_status s = PL_OK;
    int rc;
    while (!s && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long run = (long)sqlite3_column_int64(q, 0);
        const char *text = (const char *)sqlite3_column_text(q, 1);
        if (!text) text = "";
        s = run_fn ? run_fn(ctx, run, text, err) : value_fn(ctx, run, text, sqlite3_column_double(q, 2), err);
    }
    if (!s && rc != SQLITE_DONE) s = db_error(st, err, "reading a job");
    sqlite3_finalize(q);
    return s;
}

pl_status pl_store_each_run(pl_store *st, int64_t job, pl_store_run_fn fn, void *ctx, pl_error *err)
{
    return walk(st, "SELECT run_index, status FROM runs WHERE job_id = ?1 ORDER BY run_index", job, fn, NULL, ctx,
                err);
}

pl_status pl_store_each_parameter(pl_store *st, int64_t job, pl_store_value_fn fn, void *ctx, pl_error *err)
{
    return walk(st, "SELECT run_index, name, value FROM parameters WHERE job_id = ?1 ORDER BY run_index", job, NULL,
                fn, ctx, err);
}

pl_status pl_store_each_outcome(pl_store *st, int64_t job, pl_store_value_fn fn, void *ctx, pl_error *err)
{
    return walk(st, "SELECT run_index, name, value FROM outcomes WHERE job_id = ?1 ORDER BY run_index", job, NULL, fn,
                ctx, err);
}

sqlite3 *pl_store_connection(pl_store *st) { return st->db; }
