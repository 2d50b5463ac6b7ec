/*
** store_read.c — one job of the results store read back: its row, facts, declarations and
** sensitivity rows into a pl_store_job, and one series' points walked in step order. What a
** schema-1 store lacks is known from its schema version, never from SQLite's "no such table".
** Layer: formats.
*/
#include "parley/store_read.h"

#include <math.h>
#include <string.h>

#include "formats/store_int.h"
#include "parley/memory.h"

/* A statement over one job: ?1 is bound to the job. */
typedef struct query {
    pl_store *st;
    sqlite3_stmt *q;
} query;

static pl_status read_error(pl_store *st, pl_error *err)
{
    return pl_error_at(err, PL_ESTORE, pl_store_path(st), 0, 0, "reading a job: %s",
                       sqlite3_errmsg(pl_store_connection(st)));
}

static pl_status open_query(pl_store *st, const char *sql, int64_t job, query *out, pl_error *err)
{
    out->st = st;
    out->q = NULL;
    if (sqlite3_prepare_v2(pl_store_connection(st), sql, -1, &out->q, NULL) != SQLITE_OK) {
        sqlite3_finalize(out->q);
        out->q = NULL;
        return read_error(st, err);
    }
    sqlite3_bind_int64(out->q, 1, job);
    return PL_OK;
}

/* Ends a walk: rc is the last sqlite3_step's answer. */
static pl_status close_query(query *q, int rc, pl_status s, pl_error *err)
{
    if (!s && rc != SQLITE_DONE) s = read_error(q->st, err);
    sqlite3_finalize(q->q);
    return s;
}

/* Column k as an owned string ("" for NULL); NULL only when out of memory. */
static char *text_at(sqlite3_stmt *q, int k)
{
    const unsigned char *t = sqlite3_column_text(q, k);
    return pl_strdup(t ? (const char *)t : "");
}

static double real_at(sqlite3_stmt *q, int k)
{
    return sqlite3_column_type(q, k) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(q, k);
}

/* Fills n strings from columns 0..n-1; 1 when out of memory. */
static int texts(sqlite3_stmt *q, char **const *slots, int n)
{
    int failed = 0;
    for (int k = 0; k < n; k++) failed |= !(*slots[k] = text_at(q, k));
    return failed;
}

static pl_status oom(pl_error *err) { return pl_error_set(err, PL_ENOMEM, "out of memory"); }

static pl_status read_row(pl_store *st, int64_t id, pl_store_job *j, pl_error *err)
{
    static const char *const by_id = "SELECT command, input, model, created, config, CAST(seed AS TEXT), n_runs, job_id "
                                     "FROM jobs WHERE job_id = ?1";
    static const char *const latest = "SELECT command, input, model, created, config, CAST(seed AS TEXT), n_runs, job_id "
                                      "FROM jobs ORDER BY command IN ('run', 'sensitivity') DESC, job_id DESC LIMIT 1";
    query q;
    pl_status s = open_query(st, id ? by_id : latest, id, &q, err);
    if (s) return s;
    int rc = sqlite3_step(q.q);
    if (rc == SQLITE_ROW) {
        char **slots[] = {&j->command, &j->input, &j->model, &j->created, &j->config, &j->seed};
        if (texts(q.q, slots, 6)) s = oom(err);
        j->n_runs = (long)sqlite3_column_int64(q.q, 6);
        j->id = sqlite3_column_int64(q.q, 7);
        rc = SQLITE_DONE;
    } else if (rc == SQLITE_DONE) {
        s = id ? pl_error_at(err, PL_EINVAL, pl_store_path(st), 0, 0, "found no job %lld in the store", (long long)id)
               : pl_error_at(err, PL_EINPUT, pl_store_path(st), 0, 0, "found no job in the store, expected at least one");
    }
    s = close_query(&q, rc, s, err);
    if (!s && (j->n_runs < 1 || j->n_runs > 1000000000L))
        s = pl_error_at(err, PL_EINPUT, pl_store_path(st), 0, 0, "job %lld plans %ld runs, expected 1 to 10^9",
                        (long long)j->id, j->n_runs);
    return s;
}

/* One declaration table: grows *array by one element per row and lets take fill it. */
typedef int (*take_fn)(void *item, sqlite3_stmt *q);

static pl_status read_rows(pl_store *st, int64_t job, const char *sql, void **array, size_t *n, size_t size,
                           take_fn take, pl_error *err)
{
    query q;
    pl_status s = open_query(st, sql, job, &q, err);
    if (s) return s;
    size_t cap = 0;
    int rc;
    while (!s && (rc = sqlite3_step(q.q)) == SQLITE_ROW) {
        if (pl_grow(array, &cap, *n + 1, size)) s = oom(err);
        else {
            void *item = (char *)*array + *n * size;
            memset(item, 0, size);
            (*n)++; /* counted before filling, so a half-filled item is freed too */
            if (take(item, q.q)) s = oom(err);
        }
    }
    return close_query(&q, s ? SQLITE_DONE : rc, s, err);
}

static int take_fact(void *item, sqlite3_stmt *q)
{
    pl_store_fact *f = item;
    return texts(q, (char **const[]){&f->key, &f->value}, 2);
}

static int take_input(void *item, sqlite3_stmt *q)
{
    pl_store_input *in = item;
    in->nominal = sqlite3_column_double(q, 3);
    in->varied = sqlite3_column_int(q, 4) != 0;
    return texts(q, (char **const[]){&in->name, &in->distribution, &in->source}, 3);
}

static int take_outcome(void *item, sqlite3_stmt *q)
{
    pl_store_outcome *o = item;
    return texts(q, (char **const[]){&o->name, &o->kind, &o->description}, 3);
}

static int take_series(void *item, sqlite3_stmt *q)
{
    pl_store_series *r = item;
    return texts(q, (char **const[]){&r->name, &r->entity, &r->step_unit}, 3);
}

static int take_sens(void *item, sqlite3_stmt *q)
{
    pl_store_sens *r = item;
    r->value = sqlite3_column_double(q, 4);
    r->lo = real_at(q, 5);
    r->hi = real_at(q, 6);
    return texts(q, (char **const[]){&r->method, &r->outcome, &r->input, &r->measure}, 4);
}

/* The tables schema 2 added: facts, declarations, sensitivity rows. */
static pl_status read_declarations(pl_store *st, pl_store_job *j, pl_error *err)
{
    pl_status s = read_rows(st, j->id, "SELECT key, value FROM job_info WHERE job_id = ?1 ORDER BY key",
                            (void **)&j->facts, &j->n_facts, sizeof *j->facts, take_fact, err);
    if (!s) s = read_rows(st, j->id, "SELECT name, distribution, source, nominal, varied FROM job_inputs "
                                     "WHERE job_id = ?1 ORDER BY position",
                          (void **)&j->inputs, &j->n_inputs, sizeof *j->inputs, take_input, err);
    if (!s) s = read_rows(st, j->id, "SELECT name, kind, description FROM job_outcomes WHERE job_id = ?1 ORDER BY position",
                          (void **)&j->outcomes, &j->n_outcomes, sizeof *j->outcomes, take_outcome, err);
    if (!s) s = read_rows(st, j->id, "SELECT series, entity, step_unit FROM job_series WHERE job_id = ?1 ORDER BY position",
                          (void **)&j->series, &j->n_series, sizeof *j->series, take_series, err);
    if (!s) s = read_rows(st, j->id, "SELECT method, outcome, input, measure, value, lo, hi FROM sensitivity "
                                     "WHERE job_id = ?1 ORDER BY outcome, measure, value DESC",
                          (void **)&j->sens, &j->n_sens, sizeof *j->sens, take_sens, err);
    return s;
}

pl_status pl_store_read_job(pl_store *st, int64_t id, pl_store_job **out, pl_error *err)
{
    *out = NULL;
    pl_store_job *j = pl_calloc(1, sizeof *j);
    if (!j) return oom(err);
    pl_status s = read_row(st, id, j, err);
    if (!s && pl_store_schema(st) >= 2) s = read_declarations(st, j, err);
    if (s) {
        pl_store_job_free(j);
        return s;
    }
    *out = j;
    return PL_OK;
}

void pl_store_job_free(pl_store_job *j)
{
    if (!j) return;
    char **own[] = {&j->command, &j->input, &j->model, &j->created, &j->config, &j->seed};
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) pl_free(*own[k]);
    for (size_t k = 0; k < j->n_facts; k++) pl_free(j->facts[k].key), pl_free(j->facts[k].value);
    for (size_t k = 0; k < j->n_inputs; k++)
        pl_free(j->inputs[k].name), pl_free(j->inputs[k].distribution), pl_free(j->inputs[k].source);
    for (size_t k = 0; k < j->n_outcomes; k++)
        pl_free(j->outcomes[k].name), pl_free(j->outcomes[k].kind), pl_free(j->outcomes[k].description);
    for (size_t k = 0; k < j->n_series; k++)
        pl_free(j->series[k].name), pl_free(j->series[k].entity), pl_free(j->series[k].step_unit);
    for (size_t k = 0; k < j->n_sens; k++)
        pl_free(j->sens[k].method), pl_free(j->sens[k].outcome), pl_free(j->sens[k].input), pl_free(j->sens[k].measure);
    pl_free(j->facts);
    pl_free(j->inputs);
    pl_free(j->outcomes);
    pl_free(j->series);
    pl_free(j->sens);
    pl_free(j);
}

const char *pl_store_job_fact(const pl_store_job *j, const char *key)
{
    for (size_t k = 0; k < j->n_facts; k++)
        if (strcmp(j->facts[k].key, key) == 0) return j->facts[k].value;
    return NULL;
}

pl_status pl_store_each_series_point(pl_store *st, int64_t job, const char *series, const char *entity,
                                     pl_store_point_fn fn, void *ctx, pl_error *err)
{
    query q;
    pl_status s = open_query(st, "SELECT run_index, step, value FROM series WHERE job_id = ?1 AND series = ?2 "
                                 "AND entity = ?3 ORDER BY step, run_index", job, &q, err);
    if (s) return s;
    sqlite3_bind_text(q.q, 2, series, -1, SQLITE_STATIC);
    sqlite3_bind_text(q.q, 3, entity, -1, SQLITE_STATIC);
    int rc;
    while (!s && (rc = sqlite3_step(q.q)) == SQLITE_ROW)
        s = fn(ctx, (long)sqlite3_column_int64(q.q, 0), (long)sqlite3_column_int64(q.q, 1), sqlite3_column_double(q.q, 2), err);
    return close_query(&q, s ? SQLITE_DONE : rc, s, err);
}
