/*
** report_data.c — one job of a results store read back through the store's read API: its
** record and declarations, its design from the configuration pl_ens_config_json wrote, and every
** run's varied inputs and outcomes in matrices.
** Layer: ensembles.
*/
#include "parley/report_data.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "parley/memory.h"
#include "parley/outcome.h"

static pl_status oom(pl_error *err) { return pl_error_set(err, PL_ENOMEM, "out of memory"); }

static const char *fact_or(const pl_store_job *j, const char *key, const char *otherwise)
{
    const char *v = pl_store_job_fact(j, key);
    return v ? v : otherwise;
}

/* A yes-no outcome ("binary" in stores before the outcome descriptors, "yes-no" after). */
static int is_binary(const char *kind) { return pl_outcome_kind_parse(kind) == PL_OUTCOME_BINARY; }

/* The design from the job's configuration. */
static pl_status parse_design(pl_report_data *d, pl_error *err)
{
    json_error_t jerr;
    json_t *doc = json_loads(d->job->config, 0, &jerr), *design = json_object_get(doc, "design");
    if (!doc && json_error_code(&jerr) == json_error_out_of_memory) return oom(err);
    const char *method = json_string_value(json_object_get(design, "design"));
    d->method = pl_strdup(method ? method : "mc");
    d->design_runs = (long)json_integer_value(json_object_get(design, "runs"));
    json_t *axes = json_object_get(design, "axes");
    for (size_t a = 0; a < json_array_size(axes) && a < PL_GRID_MAX_AXES; a++) {
        json_t *ax = json_array_get(axes, a);
        const char *name = json_string_value(json_object_get(ax, "input"));
        d->axis_name[a] = pl_strdup(name ? name : "");
        d->axis_lo[a] = json_number_value(json_object_get(ax, "lo"));
        d->axis_hi[a] = json_number_value(json_object_get(ax, "hi"));
        d->axis_n[a] = (long)json_integer_value(json_object_get(ax, "n"));
        d->n_axes = a + 1;
        if (!d->axis_name[a] || d->axis_n[a] < 1) break;
    }
    json_decref(doc);
    if (!d->method || (d->n_axes && !d->axis_name[d->n_axes - 1])) return oom(err);
    int grid = d->method && strcmp(d->method, "grid") == 0;
    long points = 1;
    for (size_t a = 0; a < d->n_axes; a++) points *= d->axis_n[a] > 0 ? d->axis_n[a] : 0;
    if (!d->method || d->design_runs < 1 || (grid && (!d->n_axes || points < 1 || !d->axis_name[d->n_axes - 1])))
        return pl_error_at(err, PL_EINPUT, d->store_path, 0, 0, "job %lld has no design in its configuration, expected "
                           "one written by parley run or parley sensitivity", (long long)d->job->id);
    return PL_OK;
}

static pl_status alloc_values(pl_report_data *d, pl_error *err)
{
    pl_store_input *in = d->job->inputs;
    for (size_t k = 0; k < d->n_inputs; k++)
        for (size_t a = 0; a < d->n_axes; a++) in[k].varied |= strcmp(d->axis_name[a], in[k].name) == 0;
    size_t n = (size_t)d->planned;
    d->varied = pl_malloc((d->n_inputs + 1) * sizeof *d->varied);
    d->column = pl_malloc((d->n_inputs + 1) * sizeof *d->column);
    d->binary = pl_calloc(d->n_outcomes + 1, 1);
    if (!d->varied || !d->column || !d->binary) return oom(err);
    for (size_t o = 0; o < d->n_outcomes; o++) d->binary[o] = (unsigned char)is_binary(d->outcome[o].kind);
    for (size_t k = 0; k < d->n_inputs; k++) {
        d->column[k] = in[k].varied ? (long)d->n_varied : -1;
        if (in[k].varied) d->varied[d->n_varied++] = k;
    }
    d->x = pl_malloc((n * d->n_varied + 1) * sizeof *d->x);
    d->y = pl_malloc((n * d->n_outcomes + 1) * sizeof *d->y);
    d->ok = pl_calloc(n + 1, 1);
    if (!d->x || !d->y || !d->ok) return oom(err);
    for (size_t i = 0; i < n * d->n_varied; i++) d->x[i] = (double)NAN;
    for (size_t i = 0; i < n * d->n_outcomes; i++) d->y[i] = (double)NAN;
    return PL_OK;
}

static pl_status take_run(void *ctx, long run, const char *status, pl_error *err)
{
    pl_report_data *d = ctx;
    (void)err;
    if (run < 0 || run >= d->planned) return PL_OK;
    d->n_runs++;
    d->ok[run] = strcmp(status, "ok") == 0;
    d->n_failed += !d->ok[run];
    return PL_OK;
}

/* Value walks: rows come grouped by run, names in the same order each run, so a one-entry cache
** of the last name's index saves most lookups. */
typedef struct value_ctx {
    pl_report_data *d;
    int outcomes;
    char last[256];
    long last_k;
} value_ctx;

static pl_status take_value(void *ctx, long run, const char *name, double value, pl_error *err)
{
    value_ctx *v = ctx;
    pl_report_data *d = v->d;
    (void)err;
    if (run < 0 || run >= d->planned) return PL_OK;
    if (strcmp(name, v->last) != 0) {
        v->last_k = v->outcomes ? pl_report_outcome_index(d, name) : pl_report_input_index(d, name);
        snprintf(v->last, sizeof v->last, "%s", name);
    }
    if (v->last_k < 0) return PL_OK;
    if (v->outcomes) d->y[(size_t)run * d->n_outcomes + (size_t)v->last_k] = value;
    else if (d->column[v->last_k] >= 0) d->x[(size_t)run * d->n_varied + (size_t)d->column[v->last_k]] = value;
    return PL_OK;
}

static void take_facts(pl_report_data *d)
{
    const pl_store_job *j = d->job;
    d->version = fact_or(j, "parley_version", "unknown");
    d->title = fact_or(j, "title", j->input);
    d->command_line = fact_or(j, "command_line", "unknown");
    d->seconds = fact_or(j, "seconds", "unknown");
    d->parallelism = fact_or(j, "parallelism", "unknown");
}

pl_status pl_report_load(pl_store *st, int64_t job, pl_report_data *d, pl_error *err)
{
    memset(d, 0, sizeof *d);
    if (!(d->store_path = pl_strdup(pl_store_path(st)))) return oom(err);
    pl_status s = pl_store_read_job(st, job, &d->job, err);
    if (s) return s;
    take_facts(d);
    d->planned = d->job->n_runs;
    d->input = d->job->inputs, d->n_inputs = d->job->n_inputs;
    d->outcome = d->job->outcomes, d->n_outcomes = d->job->n_outcomes;
    s = parse_design(d, err);
    if (!s) s = alloc_values(d, err);
    value_ctx in = {d, 0, "", -1}, out = {d, 1, "", -1};
    if (!s) s = pl_store_each_run(st, d->job->id, take_run, d, err);
    if (!s) s = pl_store_each_parameter(st, d->job->id, take_value, &in, err);
    if (!s) s = pl_store_each_outcome(st, d->job->id, take_value, &out, err);
    if (!s && d->n_runs == 0)
        s = pl_error_at(err, PL_EINPUT, d->store_path, 0, 0, "job %lld has no recorded runs yet, expected at least one",
                        (long long)d->job->id);
    return s;
}

void pl_report_free(pl_report_data *d)
{
    pl_store_job_free(d->job);
    void *own[] = {d->store_path, d->method, d->binary, d->varied, d->column, d->x, d->y, d->ok};
    for (size_t a = 0; a < PL_GRID_MAX_AXES; a++) pl_free(d->axis_name[a]);
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) pl_free(own[k]);
    memset(d, 0, sizeof *d);
}

int pl_report_sampled(const pl_report_data *d, long i)
{
    if (strcmp(d->method, "sobol") != 0) return 1;
    return i % (long)(d->n_varied + 2) < 2;
}

long pl_report_outcome_index(const pl_report_data *d, const char *name)
{
    for (size_t k = 0; k < d->n_outcomes; k++)
        if (strcmp(d->outcome[k].name, name) == 0) return (long)k;
    return -1;
}

long pl_report_input_index(const pl_report_data *d, const char *name)
{
    for (size_t k = 0; k < d->n_inputs; k++)
        if (strcmp(d->input[k].name, name) == 0) return (long)k;
    return -1;
}

const char *pl_report_outcome_label(const pl_report_data *d, size_t o)
{
    char key[300];
    snprintf(key, sizeof key, "label.%s", d->outcome[o].name);
    const char *label = pl_store_job_fact(d->job, key), *desc = d->outcome[o].description;
    return label && *label ? label : *desc && strlen(desc) <= 72 ? desc : d->outcome[o].name;
}
