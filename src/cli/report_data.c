/*
** report_data.c — reading one job of a results store back for the report: its record, design,
** inputs, outcomes, series declarations, sensitivity rows, and every run's values.
** Layer: interfaces.
*/
#include "cli/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "parley/memory.h"

static pl_status db_error(pl_store *st, pl_error *err)
{
    return pl_error_at(err, PL_ESTORE, pl_store_path(st), 0, 0, "reading the job: %s", sqlite3_errmsg(pl_store_db(st)));
}

static char *column_text(sqlite3_stmt *q, int k)
{
    const unsigned char *t = sqlite3_column_text(q, k);
    return pl_strdup(t ? (const char *)t : "");
}

/* Prepares sql with ?1 bound to the job. A missing table (a schema-1 store) gives *q = NULL. */
static pl_status prepare(pl_store *st, const char *sql, int64_t job, sqlite3_stmt **q, pl_error *err)
{
    if (sqlite3_prepare_v2(pl_store_db(st), sql, -1, q, NULL) != SQLITE_OK) {
        *q = NULL;
        if (strstr(sqlite3_errmsg(pl_store_db(st)), "no such table")) return PL_OK;
        return db_error(st, err);
    }
    sqlite3_bind_int64(*q, 1, job);
    return PL_OK;
}

static pl_status finish(pl_store *st, sqlite3_stmt *q, int rc, pl_error *err)
{
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? PL_OK : db_error(st, err);
}

static pl_status load_job(pl_store *st, int64_t job, report_data *d, pl_error *err)
{
    sqlite3_stmt *q;
    const char *sql = job ? "SELECT job_id, command, input, model, created, config, CAST(seed AS TEXT), n_runs FROM jobs WHERE job_id = ?1"
                          : "SELECT job_id, command, input, model, created, config, CAST(seed AS TEXT), n_runs FROM jobs "
                            "ORDER BY command IN ('run', 'sensitivity') DESC, job_id DESC LIMIT 1";
    pl_status s = prepare(st, sql, job, &q, err);
    if (s) return s;
    if (!q || sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return job ? pl_error_at(err, PL_EINVAL, pl_store_path(st), 0, 0, "found no job %lld in the store", (long long)job)
                   : pl_error_at(err, PL_EINPUT, pl_store_path(st), 0, 0, "found no job in the store, expected at least one");
    }
    d->job = sqlite3_column_int64(q, 0);
    d->command = column_text(q, 1);
    d->input_path = column_text(q, 2);
    d->kind = column_text(q, 3);
    d->created = column_text(q, 4);
    d->config = column_text(q, 5);
    d->seed = column_text(q, 6);
    d->planned = (long)sqlite3_column_int64(q, 7);
    sqlite3_finalize(q);
    if (d->planned < 1 || d->planned > 1000000000L)
        return pl_error_at(err, PL_EINPUT, pl_store_path(st), 0, 0, "job %lld plans %ld runs, expected 1 to 10^9",
                           (long long)d->job, d->planned);
    return PL_OK;
}

static void take_info(report_data *d, const char *key, char *value)
{
    char **slot = strcmp(key, "parley_version") == 0 ? &d->version
                  : strcmp(key, "title") == 0        ? &d->title
                  : strcmp(key, "command_line") == 0 ? &d->command_line
                  : strcmp(key, "seconds") == 0      ? &d->seconds
                  : strcmp(key, "parallelism") == 0  ? &d->parallelism
                                                     : NULL;
    if (slot) {
        pl_free(*slot);
        *slot = value;
    } else {
        pl_free(value);
    }
}

static pl_status load_info(pl_store *st, report_data *d, pl_error *err)
{
    sqlite3_stmt *q;
    pl_status s = prepare(st, "SELECT key, value FROM job_info WHERE job_id = ?1", d->job, &q, err);
    int rc = SQLITE_DONE;
    while (!s && q && (rc = sqlite3_step(q)) == SQLITE_ROW) take_info(d, (const char *)sqlite3_column_text(q, 0), column_text(q, 1));
    if (!s && q) s = finish(st, q, rc, err);
    char **fill[] = {&d->version, &d->title, &d->command_line, &d->seconds, &d->parallelism};
    for (size_t k = 0; k < 5; k++)
        if (!*fill[k]) *fill[k] = pl_strdup(k == 1 ? d->input_path : "unknown");
    return s;
}

/* Calls take(d, q) for every row of sql (bound to the job), into an array grown by one each
** time; a missing table (a schema-1 store) gives no rows. */
typedef int (*row_fn)(report_data *d, sqlite3_stmt *q);

static pl_status each_row(pl_store *st, report_data *d, const char *sql, row_fn take, pl_error *err)
{
    sqlite3_stmt *q;
    pl_status s = prepare(st, sql, d->job, &q, err);
    int rc = SQLITE_DONE;
    while (!s && q && (rc = sqlite3_step(q)) == SQLITE_ROW)
        if (take(d, q)) {
            sqlite3_finalize(q);
            return pl_error_set(err, PL_ENOMEM, "out of memory");
        }
    return !s && q ? finish(st, q, rc, err) : s;
}

static int take_input(report_data *d, sqlite3_stmt *q)
{
    if (pl_grow((void **)&d->input, &d->cap[0], d->n_inputs + 1, sizeof *d->input)) return 1;
    rep_input *in = &d->input[d->n_inputs++];
    in->name = column_text(q, 0);
    in->dist = column_text(q, 1);
    in->source = column_text(q, 2);
    in->nominal = sqlite3_column_double(q, 3);
    in->varied = sqlite3_column_int(q, 4);
    return 0;
}

static int take_outcome(report_data *d, sqlite3_stmt *q)
{
    if (pl_grow((void **)&d->outcome, &d->cap[1], d->n_outcomes + 1, sizeof *d->outcome)) return 1;
    rep_outcome *o = &d->outcome[d->n_outcomes++];
    o->name = column_text(q, 0);
    const char *kind = (const char *)sqlite3_column_text(q, 1); /* NULL in a damaged store */
    o->binary = kind && strcmp(kind, "binary") == 0;
    o->description = column_text(q, 2);
    return 0;
}

static int take_series(report_data *d, sqlite3_stmt *q)
{
    if (pl_grow((void **)&d->series, &d->cap[2], d->n_series + 1, sizeof *d->series)) return 1;
    rep_series *r = &d->series[d->n_series++];
    r->name = column_text(q, 0);
    r->entity = column_text(q, 1);
    r->unit = column_text(q, 2);
    return 0;
}

static int take_sens(report_data *d, sqlite3_stmt *q)
{
    if (pl_grow((void **)&d->sens, &d->cap[3], d->n_sens + 1, sizeof *d->sens)) return 1;
    rep_sens *r = &d->sens[d->n_sens++];
    r->method = column_text(q, 0);
    r->outcome = column_text(q, 1);
    r->input = column_text(q, 2);
    r->measure = column_text(q, 3);
    r->value = sqlite3_column_double(q, 4);
    r->lo = sqlite3_column_type(q, 5) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(q, 5);
    r->hi = sqlite3_column_type(q, 6) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(q, 6);
    return 0;
}

static pl_status load_declarations(pl_store *st, report_data *d, pl_error *err)
{
    pl_status s = each_row(st, d, "SELECT name, distribution, source, nominal, varied FROM job_inputs WHERE job_id = ?1 "
                                  "ORDER BY position", take_input, err);
    if (!s) s = each_row(st, d, "SELECT name, kind, description FROM job_outcomes WHERE job_id = ?1 ORDER BY position",
                         take_outcome, err);
    if (!s) s = each_row(st, d, "SELECT series, entity, step_unit FROM job_series WHERE job_id = ?1 ORDER BY position",
                         take_series, err);
    if (!s) s = each_row(st, d, "SELECT method, outcome, input, measure, value, lo, hi FROM sensitivity WHERE job_id = ?1 "
                                "ORDER BY outcome, measure, value DESC", take_sens, err);
    return s;
}

/* The design from the job's configuration (written by pl_ens_config_json). */
static pl_status parse_design(pl_store *st, report_data *d, pl_error *err)
{
    json_t *doc = json_loads(d->config, 0, NULL), *design = json_object_get(doc, "design");
    const char *method = json_string_value(json_object_get(design, "design"));
    d->method = pl_strdup(method ? method : "mc");
    d->design_runs = (long)json_integer_value(json_object_get(design, "runs"));
    json_t *axes = json_object_get(design, "axes");
    for (size_t a = 0; a < json_array_size(axes) && a < 2; a++) {
        json_t *ax = json_array_get(axes, a);
        d->axis_name[a] = pl_strdup(json_string_value(json_object_get(ax, "input")));
        d->axis_lo[a] = json_number_value(json_object_get(ax, "lo"));
        d->axis_hi[a] = json_number_value(json_object_get(ax, "hi"));
        d->axis_n[a] = (long)json_integer_value(json_object_get(ax, "n"));
        d->n_axes = a + 1;
    }
    json_decref(doc);
    if (!d->method || d->design_runs < 1 || (strcmp(d->method, "grid") == 0 && !d->n_axes))
        return pl_error_at(err, PL_EINPUT, pl_store_path(st), 0, 0, "job %lld has no design in its configuration; "
                           "was it written by parley run?", (long long)d->job);
    return PL_OK;
}

static pl_status alloc_values(report_data *d, pl_error *err)
{
    for (size_t k = 0; k < d->n_inputs; k++) {
        int on_axis = 0;
        for (size_t a = 0; a < d->n_axes; a++) on_axis |= strcmp(d->axis_name[a], d->input[k].name) == 0;
        d->input[k].varied |= on_axis;
    }
    d->varied = pl_malloc((d->n_inputs + 1) * sizeof *d->varied);
    d->column = pl_malloc((d->n_inputs + 1) * sizeof *d->column);
    if (!d->varied || !d->column) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < d->n_inputs; k++) {
        d->column[k] = d->input[k].varied ? (long)d->n_varied : -1;
        if (d->input[k].varied) d->varied[d->n_varied++] = k;
    }
    size_t n = (size_t)d->planned;
    d->x = pl_malloc((n * d->n_varied + 1) * sizeof *d->x);
    d->y = pl_malloc((n * d->n_outcomes + 1) * sizeof *d->y);
    d->ok = pl_calloc(n + 1, 1);
    if (!d->x || !d->y || !d->ok) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n * d->n_varied; i++) d->x[i] = (double)NAN;
    for (size_t i = 0; i < n * d->n_outcomes; i++) d->y[i] = (double)NAN;
    return PL_OK;
}

static long find_name(const char *name, const void *items, size_t n, size_t size)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(*(char *const *)((const char *)items + k * size), name) == 0) return (long)k;
    return -1;
}

static pl_status store_cb_run(void *ctx, long run, const char *status, pl_error *err)
{
    report_data *d = ctx;
    (void)err;
    if (run < 0 || run >= d->planned) return PL_OK;
    d->n_runs++;
    d->ok[run] = strcmp(status, "ok") == 0;
    d->n_failed += !d->ok[run];
    return PL_OK;
}

/* Value callbacks: names are looked up linearly with a one-entry cache (rows come grouped). */
typedef struct value_ctx {
    report_data *d;
    int outcomes;
    char last[256];
    long last_k;
} value_ctx;

static pl_status store_cb_value(void *ctx, long run, const char *name, double value, pl_error *err)
{
    value_ctx *v = ctx;
    report_data *d = v->d;
    (void)err;
    if (run < 0 || run >= d->planned) return PL_OK;
    if (strcmp(name, v->last) != 0) {
        v->last_k = v->outcomes ? find_name(name, d->outcome, d->n_outcomes, sizeof *d->outcome)
                                : find_name(name, d->input, d->n_inputs, sizeof *d->input);
        snprintf(v->last, sizeof v->last, "%s", name);
    }
    if (v->last_k < 0) return PL_OK;
    if (v->outcomes) d->y[(size_t)run * d->n_outcomes + (size_t)v->last_k] = value;
    else if (d->column[v->last_k] >= 0) d->x[(size_t)run * d->n_varied + (size_t)d->column[v->last_k]] = value;
    return PL_OK;
}

int report_sampled(const report_data *d, long i)
{
    if (strcmp(d->method, "sobol") != 0) return 1;
    size_t k = 0;
    for (size_t j = 0; j < d->n_inputs; j++) k += d->input[j].varied;
    return i % (long)(k + 2) < 2;
}

pl_status report_load(pl_store *st, int64_t job, report_data *d, pl_error *err)
{
    memset(d, 0, sizeof *d);
    d->store_path = pl_strdup(pl_store_path(st));
    pl_status s = load_job(st, job, d, err);
    if (!s) s = load_info(st, d, err);
    if (!s) s = load_declarations(st, d, err);
    if (!s) s = parse_design(st, d, err);
    if (!s) s = alloc_values(d, err);
    value_ctx in = {d, 0, "", -1}, out = {d, 1, "", -1};
    if (!s) s = pl_store_each_run(st, d->job, store_cb_run, d, err);
    if (!s) s = pl_store_each_parameter(st, d->job, store_cb_value, &in, err);
    if (!s) s = pl_store_each_outcome(st, d->job, store_cb_value, &out, err);
    if (!s && d->n_runs == 0)
        s = pl_error_at(err, PL_EINPUT, pl_store_path(st), 0, 0, "job %lld has no recorded runs yet", (long long)d->job);
    return s;
}

void report_free(report_data *d)
{
    char **strings[] = {&d->store_path, &d->command, &d->input_path, &d->kind, &d->created, &d->config, &d->seed,
                        &d->version, &d->title, &d->command_line, &d->seconds, &d->parallelism, &d->method,
                        &d->axis_name[0], &d->axis_name[1]};
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) pl_free(*strings[k]);
    for (size_t k = 0; k < d->n_inputs; k++) pl_free(d->input[k].name), pl_free(d->input[k].dist), pl_free(d->input[k].source);
    for (size_t k = 0; k < d->n_outcomes; k++) pl_free(d->outcome[k].name), pl_free(d->outcome[k].description);
    for (size_t k = 0; k < d->n_series; k++) pl_free(d->series[k].name), pl_free(d->series[k].entity), pl_free(d->series[k].unit);
    for (size_t k = 0; k < d->n_sens; k++)
        pl_free(d->sens[k].method), pl_free(d->sens[k].outcome), pl_free(d->sens[k].input), pl_free(d->sens[k].measure);
    pl_free(d->input);
    pl_free(d->outcome);
    pl_free(d->series);
    pl_free(d->sens);
    pl_free(d->varied);
    pl_free(d->column);
    pl_free(d->x);
    pl_free(d->y);
    pl_free(d->ok);
    memset(d, 0, sizeof *d);
}
