/*
** experiment.c — building an experiment (inputs, outcomes, series), the ensemble configuration,
** its checks, run counts, and the canonical JSON that identifies a job in the store.
** Layer: ensembles.
*/
#include <math.h>
#include <string.h>

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "parley/ensemble.h"
#include "parley/memory.h"

pl_experiment *pl_experiment_create(const char *kind, const char *title, const char *input_path,
                                    const pl_experiment_ops *ops, void *ctx, pl_error *err)
{
    pl_experiment *e = pl_calloc(1, sizeof *e);
    if (e) {
        e->ops = ops;
        e->ctx = ctx;
        e->kind = pl_strdup(kind);
        e->title = pl_strdup(title);
        e->input_path = pl_strdup(input_path ? input_path : "");
        e->step_unit = pl_strdup("step");
    }
    if (!e || !e->kind || !e->title || !e->input_path || !e->step_unit) {
        if (e) pl_experiment_free(e);
        else if (ops && ops->ctx_free) ops->ctx_free(ctx);
        pl_error_set(err, PL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

void pl_experiment_free(pl_experiment *e)
{
    if (!e) return;
    for (size_t k = 0; k < e->n_inputs; k++) {
        pl_free(e->input[k].name);
        pl_free(e->input[k].source);
    }
    for (size_t k = 0; k < e->n_outcomes; k++) {
        pl_free(e->outcome[k].name);
        pl_free(e->outcome[k].description);
        pl_free(e->outcome[k].label);
        pl_free(e->outcome[k].units);
    }
    for (size_t k = 0; k < e->n_series; k++) {
        pl_free(e->series[k].name);
        pl_free(e->series[k].entity);
    }
    pl_free(e->input);
    pl_free(e->outcome);
    pl_free(e->series);
    if (e->ops && e->ops->ctx_free) e->ops->ctx_free(e->ctx);
    pl_free(e->kind);
    pl_free(e->title);
    pl_free(e->input_path);
    pl_free(e->step_unit);
    pl_free(e);
}

long pl_experiment_find_input(const pl_experiment *e, const char *name)
{
    for (size_t k = 0; k < e->n_inputs; k++)
        if (strcmp(e->input[k].name, name) == 0) return (long)k;
    return -1;
}

pl_status pl_experiment_add_input(pl_experiment *e, const char *name, double nominal, double lo, double hi,
                                  const char *source, pl_error *err)
{
    if (pl_experiment_find_input(e, name) >= 0)
        return pl_error_set(err, PL_EINVAL, "two inputs are called '%s', expected unique names", name);
    if (!isfinite(nominal) || nominal < lo || nominal > hi)
        return pl_error_set(err, PL_EINVAL, "input %s: found value %g, expected a finite value within [%g, %g]", name,
                            nominal, lo, hi);
    if (pl_grow((void **)&e->input, &e->cap_inputs, e->n_inputs + 1, sizeof *e->input))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_ens_input *in = &e->input[e->n_inputs];
    memset(in, 0, sizeof *in);
    in->name = pl_strdup(name);
    in->source = pl_strdup(source ? source : "");
    in->nominal = nominal;
    in->lo = lo;
    in->hi = hi;
    in->dist = pl_dist_fixed(nominal);
    in->declared = in->dist;
    in->group = -1;
    e->n_inputs++;
    if (!in->name || !in->source) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

pl_status pl_experiment_add_outcome(pl_experiment *e, const char *name, pl_outcome_kind kind,
                                    const char *description, pl_error *err)
{
    if (pl_grow((void **)&e->outcome, &e->cap_outcomes, e->n_outcomes + 1, sizeof *e->outcome))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_ens_outcome *o = &e->outcome[e->n_outcomes++];
    o->name = pl_strdup(name);
    o->kind = kind;
    o->description = pl_strdup(description ? description : "");
    o->label = pl_strdup(description ? description : "");
    o->units = pl_strdup("");
    o->given = -1;
    if (!o->name || !o->description || !o->label || !o->units) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

static long find_outcome(const pl_experiment *e, const char *name)
{
    for (size_t k = 0; k < e->n_outcomes; k++)
        if (strcmp(e->outcome[k].name, name) == 0) return (long)k;
    return -1;
}

pl_status pl_experiment_add_outcome_desc(pl_experiment *e, const pl_outcome_desc *d, pl_error *err)
{
    long given = d->given ? find_outcome(e, d->given) : -1;
    if (d->given && (given < 0 || e->outcome[given].kind != PL_OUTCOME_BINARY))
        return pl_error_set(err, PL_EINVAL, "found outcome %s given '%s', expected a yes-no outcome declared before it",
                            d->key, d->given);
    char help[512];
    if (d->units && *d->units && strcmp(d->units, "0/1") != 0) snprintf(help, sizeof help, "%s (%s)", d->help, d->units);
    else snprintf(help, sizeof help, "%s", d->help);
    pl_status st = pl_experiment_add_outcome(e, d->key, d->kind, help, err);
    if (st) return st;
    pl_ens_outcome *o = &e->outcome[e->n_outcomes - 1];
    pl_free(o->label);
    pl_free(o->units);
    o->label = pl_strdup(pl_outcome_label(d));
    o->units = pl_strdup(d->units ? d->units : "");
    o->given = given;
    if (!o->label || !o->units) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

pl_status pl_experiment_add_series(pl_experiment *e, const char *name, const char *entity, pl_error *err)
{
    if (pl_grow((void **)&e->series, &e->cap_series, e->n_series + 1, sizeof *e->series))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_ens_series *s = &e->series[e->n_series++];
    s->name = pl_strdup(name);
    s->entity = pl_strdup(entity);
    if (!s->name || !s->entity) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

pl_status pl_experiment_set_steps(pl_experiment *e, size_t max_steps, const char *unit, pl_error *err)
{
    char *copy = pl_strdup(unit);
    if (!copy) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(e->step_unit);
    e->step_unit = copy;
    e->max_steps = max_steps;
    return PL_OK;
}

size_t pl_experiment_n_varied(const pl_experiment *e)
{
    size_t n = 0;
    for (size_t k = 0; k < e->n_inputs; k++) n += e->input[k].dist.kind != PL_DIST_FIXED;
    return n;
}

void pl_ens_config_init(pl_ens_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->seed = 1;
    cfg->design = PL_DESIGN_MC;
    cfg->runs = 1000;
    cfg->levels = 4;
    cfg->series_runs = 100;
    cfg->series_every = 0;
}

static long grid_points(const pl_ens_config *cfg)
{
    long p = 1;
    for (size_t a = 0; a < cfg->n_axes; a++) p *= cfg->axis[a].n;
    return p;
}

long pl_ens_total_runs(const pl_experiment *e, const pl_ens_config *cfg)
{
    long k = (long)pl_experiment_n_varied(e);
    switch (cfg->design) {
    case PL_DESIGN_GRID: return grid_points(cfg) * cfg->runs;
    case PL_DESIGN_SOBOL: return cfg->runs * (k + 2);
    case PL_DESIGN_MORRIS: return cfg->runs * (k + 1);
    default: return cfg->runs;
    }
}

long pl_ens_series_every(const pl_experiment *e, const pl_ens_config *cfg)
{
    if (cfg->series_every > 0) return cfg->series_every;
    return e->max_steps > 250 ? (long)(e->max_steps + 249) / 250 : 1;
}

long pl_ens_grid_point(const pl_ens_config *cfg, long run)
{
    return cfg->design == PL_DESIGN_GRID ? run / cfg->runs : -1;
}

static pl_status check_axes(const pl_experiment *e, const pl_ens_config *cfg, pl_error *err)
{
    if (cfg->n_axes < 1 || cfg->n_axes > PL_GRID_MAX_AXES)
        return pl_error_set(err, PL_EINVAL, "a grid has 1 to %d axes, found %zu", PL_GRID_MAX_AXES, cfg->n_axes);
    for (size_t a = 0; a < cfg->n_axes; a++) {
        const pl_grid_axis *ax = &cfg->axis[a];
        if (ax->input >= e->n_inputs) return pl_error_set(err, PL_EINVAL, "grid axis %zu names no input", a + 1);
        const pl_ens_input *in = &e->input[ax->input];
        if (ax->n < 1 || ax->n > 100000)
            return pl_error_set(err, PL_EINVAL, "grid over %s: found %ld points, expected 1 to 100000", in->name, ax->n);
        /* one point is one value (lo = hi); more span lo to hi, either way round */
        if ((ax->n == 1) != (ax->lo == ax->hi) || ax->lo < in->lo || ax->hi > in->hi || ax->hi < in->lo || ax->lo > in->hi)
            return pl_error_set(err, PL_EINVAL, "grid over %s: found %ld points on [%g, %g], expected ends within [%g, %g], "
                                "distinct unless there is one point", in->name, ax->n, ax->lo, ax->hi, in->lo, in->hi);
        for (size_t b = 0; b < a; b++)
            if (cfg->axis[b].input == ax->input)
                return pl_error_set(err, PL_EINVAL, "found grid axes %zu and %zu over the same input %s, expected each "
                                    "input on one axis", b + 1, a + 1, in->name);
    }
    return PL_OK;
}

pl_status pl_ens_config_check(const pl_experiment *e, const pl_ens_config *cfg, pl_error *err)
{
    size_t k = pl_experiment_n_varied(e);
    if (cfg->runs < 1) return pl_error_set(err, PL_EINVAL, "found %ld runs, expected at least 1", cfg->runs);
    if (cfg->series_every < 0) return pl_error_set(err, PL_EINVAL, "series step must be 0 (automatic) or more");
    if (cfg->design == PL_DESIGN_GRID) {
        pl_status st = check_axes(e, cfg, err);
        if (st) return st;
    }
    if ((cfg->design == PL_DESIGN_SOBOL || cfg->design == PL_DESIGN_MORRIS) && k == 0)
        return pl_error_set(err, PL_EINVAL, "sensitivity analysis needs at least one varied input (see --vary)");
    if (cfg->design == PL_DESIGN_SOBOL && k > 20)
        return pl_error_set(err, PL_EINVAL, "found %zu varied inputs, Sobol indices take at most 20 (GSL's Sobol "
                            "sequence has 40 dimensions, two per input); screen them with --method morris first", k);
    if (cfg->design == PL_DESIGN_MORRIS && (cfg->levels < 2 || cfg->levels % 2 || cfg->levels > 64))
        return pl_error_set(err, PL_EINVAL, "found %d Morris levels, expected an even number from 2 to 64", cfg->levels);
    long total = pl_ens_total_runs(e, cfg);
    if (total < 1 || total > 1000000000L)
        return pl_error_set(err, PL_EINVAL, "the design needs %ld runs, expected 1 to 10^9", total);
    return PL_OK;
}

static json_t *dist_json(const pl_dist *d)
{
    json_t *o = json_pack("{s:s, s:f, s:f, s:f, s:f, s:f, s:f}", "kind", pl_dist_kind_name(d->kind), "a", d->a, "b",
                          d->b, "c", d->c, "d", d->d, "lo", isfinite(d->lo) ? d->lo : 0.0, "hi",
                          isfinite(d->hi) ? d->hi : 0.0);
    if (o && d->kind == PL_DIST_DISCRETE) {
        json_t *xs = json_array();
        for (int k = 0; xs && k < d->n; k++) json_array_append_new(xs, json_pack("[f, f]", d->x[k], d->w[k]));
        json_object_set_new(o, "values", xs);
    }
    return o;
}

static json_t *inputs_json(const pl_experiment *e)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < e->n_inputs; k++) {
        const pl_ens_input *in = &e->input[k];
        json_t *o = json_pack("{s:s, s:f}", "name", in->name, "nominal", in->nominal);
        if (o && in->dist.kind != PL_DIST_FIXED) json_object_set_new(o, "dist", dist_json(&in->dist));
        if (o && in->group >= 0) json_object_set_new(o, "drawn_by", json_string(e->input[in->group].name));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *design_json(const pl_experiment *e, const pl_ens_config *cfg)
{
    static const char *const names[] = {"mc", "grid", "sobol", "morris"};
    json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I}", "design", names[cfg->design], "runs", (json_int_t)cfg->runs,
                          "total", (json_int_t)pl_ens_total_runs(e, cfg), "series_runs", (json_int_t)cfg->series_runs,
                          "series_every", (json_int_t)cfg->series_every);
    if (o && cfg->design == PL_DESIGN_MORRIS) json_object_set_new(o, "levels", json_integer(cfg->levels));
    if (o && cfg->design == PL_DESIGN_GRID) {
        json_t *axes = json_array();
        for (size_t a = 0; axes && a < cfg->n_axes; a++)
            json_array_append_new(axes, json_pack("{s:s, s:f, s:f, s:I}", "input", e->input[cfg->axis[a].input].name,
                                                  "lo", cfg->axis[a].lo, "hi", cfg->axis[a].hi, "n",
                                                  (json_int_t)cfg->axis[a].n));
        json_object_set_new(o, "axes", axes);
    }
    return o;
}

static json_t *outcomes_json(const pl_experiment *e)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < e->n_outcomes; k++) json_array_append_new(a, json_string(e->outcome[k].name));
    return a;
}

char *pl_ens_config_json(const pl_experiment *e, const pl_ens_config *cfg, const char *command, const char *extra)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)cfg->seed);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "command", command, "kind", e->kind, "title",
                            e->title, "input", e->input_path, "seed", seed, "design", design_json(e, cfg), "inputs",
                            inputs_json(e), "outcomes", outcomes_json(e));
    if (doc && extra) {
        json_t *x = json_loads(extra, 0, NULL);
        if (!x) {
            json_decref(doc);
            return NULL;
        }
        json_object_set_new(doc, "extra", x);
    }
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(doc);
    char *copy = text ? pl_strdup(text) : NULL;
    free(text);
    return copy;
}
