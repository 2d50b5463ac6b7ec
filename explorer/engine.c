/*
** engine.c — the browser explorer's entry into libparley (compiled to WebAssembly, docs/explorer.md):
** the flagship's hinge, run by the ensemble engine exactly as `parley run --grid
** settle.guarantee.strength=0:5:6 --runs N --seed S --vary NAME=VALUE ...` runs it, and the first
** round's terms of the same runs at one rung, handed to the page as JSON text.
** Layer: interfaces (a second front end beside the command: public headers, and the ensembles'
** adapters.h for the one rule that turns a run's inputs into the scenario's values).
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "ensembles/adapters.h"
#include "parley/analysis.h"
#include "parley/ensemble.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/scenario.h"
#include "parley/settle_sim.h"

enum { HINGE_POINTS = 6 }; /* the rungs 0, 1, ..., 5 */

static const char *const axis_name = "settle.guarantee.strength";

/* The text handed back to the page: grown as needed, valid until the next call. */
static char *out_buf;
static size_t out_len, out_cap;

static void put(const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(out_buf ? out_buf + out_len : NULL, out_buf ? out_cap - out_len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) return;
        if (out_buf && out_len + (size_t)n < out_cap) {
            out_len += (size_t)n;
            return;
        }
        size_t cap = (out_cap + (size_t)n + 1) * 2;
        char *b = realloc(out_buf, cap);
        if (!b) return;
        out_buf = b, out_cap = cap;
    }
}

static void put_string(const char *s)
{
    put("\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') put("\\%c", *s);
        else if ((unsigned char)*s < 0x20) put("\\u%04x", (unsigned char)*s);
        else put("%c", *s);
    }
    put("\"");
}

static void put_number(double v)
{
    if (isfinite(v)) put("%.17g", v);
    else put("null");
}

static const char *fail(const pl_error *err)
{
    out_len = 0;
    put("{\"error\": ");
    put_string(err->file[0] ? err->file : "");
    put(", \"message\": ");
    put_string(err->msg);
    put("}");
    return out_buf;
}

/* Applies "NAME=VALUE;NAME=VALUE" as parley run's --vary options, in order. */
static pl_status apply_spec(pl_experiment *e, const char *spec, pl_error *err)
{
    char one[512];
    for (const char *at = spec; *at;) {
        size_t len = strcspn(at, ";");
        if (len >= sizeof one) return pl_error_set(err, PL_EINVAL, "found a setting of %zu characters, expected fewer", len);
        memcpy(one, at, len);
        one[len] = '\0';
        pl_status st = len ? pl_experiment_vary(e, one, err) : PL_OK;
        if (st) return st;
        at += len + (at[len] == ';');
    }
    return PL_OK;
}

/* How input k is drawn when the page leaves it drawn: into dist[size] its distribution in words
** and into *lo, *hi its 0.05% and 99.95% quantiles (the nominal value twice when it is fixed). A
** scenario parameter drawn in a provenance group (docs/formats.md "Drawing") is described by what
** the group draws it from: its distribution, triangular(range low, value, range high), or the
** posterior's joint draws (their smallest and largest value). */
static void describe_input(const pl_experiment *e, const pl_scenario *sc, size_t k, char *dist, size_t size, double *lo,
                           double *hi)
{
    const pl_ens_input *in = &e->input[k];
    pl_param_group g = in->group >= 0 && k < sc->n_params ? pl_scenario_param_group(sc, k) : PL_GROUP_NONE;
    pl_dist d = in->dist;
    if (g == PL_GROUP_FITTED) {
        const pl_posterior *post = sc->posterior;
        size_t col = (size_t)sc->param[k].posterior_col;
        *lo = *hi = post->value[col];
        for (size_t r = 1; r < post->n_rows; r++) {
            *lo = fmin(*lo, post->value[r * post->n_cols + col]);
            *hi = fmax(*hi, post->value[r * post->n_cols + col]);
        }
        snprintf(dist, size, "one of the %zu joint draws of the posterior (%s)", post->n_rows, e->input[in->group].name);
        return;
    }
    if (g != PL_GROUP_NONE) d = pl_scenario_param_dist(sc, k);
    if (d.kind == PL_DIST_FIXED) {
        *lo = *hi = in->nominal;
        snprintf(dist, size, "fixed");
        return;
    }
    *lo = pl_dist_quantile(&d, 0.0005);
    *hi = pl_dist_quantile(&d, 0.9995);
    pl_dist_format(&d, dist, size);
    size_t n = strlen(dist);
    if (g != PL_GROUP_NONE && n < size) snprintf(dist + n, size - n, " (%s)", e->input[in->group].name);
}

/* The inputs: name, nominal value, the range a slider spans and the distribution in words
** (describe_input), and the source. */
const char *px_inputs(const char *path)
{
    pl_error err;
    pl_experiment *e;
    pl_scenario *sc;
    if (pl_experiment_settle(path, &e, &err)) return fail(&err);
    if (pl_scenario_read(path, pl_settle_schema(), &sc, &err)) {
        pl_experiment_free(e);
        return fail(&err);
    }
    out_len = 0;
    put("{\"title\": ");
    put_string(e->title);
    put(", \"seed\": \"%llu\", \"inputs\": [", (unsigned long long)e->seed);
    for (size_t k = 0; k < e->n_inputs; k++) {
        const pl_ens_input *in = &e->input[k];
        char dist[300];
        double lo, hi;
        describe_input(e, sc, k, dist, sizeof dist, &lo, &hi);
        put("%s{\"name\": ", k ? ", " : "");
        put_string(in->name);
        put(", \"nominal\": ");
        put_number(in->nominal);
        put(", \"lo\": ");
        put_number(lo);
        put(", \"hi\": ");
        put_number(hi);
        put(", \"dist\": ");
        put_string(dist);
        put(", \"source\": ");
        put_string(in->source);
        put("}");
    }
    put("]}");
    pl_scenario_free(sc);
    pl_experiment_free(e);
    return out_buf;
}

static void put_summary(const pl_ens_outcome *o, const pl_summary *s)
{
    put("\"");
    put("%s\": {\"n\": %ld", o->name, s->n);
    if (s->binary) {
        put(", \"p\": ");
        put_number(s->p);
        put(", \"p_ci95\": [");
        put_number(s->p_lo);
        put(", ");
        put_number(s->p_hi);
        put("]");
    }
    if (s->n) {
        put(", \"mean\": ");
        put_number(s->mean);
    }
    put("}");
}

static pl_status hinge(pl_experiment *e, double seed, long runs, pl_error *err)
{
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.seed = (uint64_t)seed;
    cfg.design = PL_DESIGN_GRID;
    cfg.runs = runs;
    cfg.threads = 1;
    cfg.n_axes = 1;
    long k = pl_experiment_find_input(e, axis_name);
    if (k < 0) return pl_error_set(err, PL_EINVAL, "the scenario has no input %s", axis_name);
    cfg.axis[0] = (pl_grid_axis){(size_t)k, 0, 5, HINGE_POINTS};
    e->input[k].group = -1; /* the grid sets it at every point (as parley run --grid does) */
    pl_ens_result *r;
    pl_status st = pl_ens_config_check(e, &cfg, err);
    if (!st) st = pl_ensemble_run(e, &cfg, NULL, 0, &r, err);
    if (st) return st;
    pl_summary *sum = pl_calloc(e->n_outcomes, sizeof *sum);
    if (!sum) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    put("\"failed\": %ld, \"points\": [", r->n_failed);
    for (long p = 0; !st && p < HINGE_POINTS; p++) {
        st = pl_ens_summarise(e, &cfg, r, p, sum, err);
        put("%s{\"at\": %ld, \"outcomes\": {", p ? ", " : "", p);
        for (size_t o = 0; !st && o < e->n_outcomes; o++) {
            put(o ? ", " : "");
            put_summary(&e->outcome[o], &sum[o]);
        }
        put("}}");
    }
    put("]");
    pl_free(sum);
    pl_ens_result_free(r);
    return st;
}

/* The groups' inputs of e ("draw:fitted", ...), as the settle experiment made them. */
static pl_adapter_groups group_inputs(const pl_experiment *e)
{
    pl_adapter_groups groups;
    for (int g = 0; g < PL_GROUP_COUNT; g++) {
        char name[64];
        snprintf(name, sizeof name, "draw:%s", pl_param_group_name((pl_param_group)g));
        groups.input[g] = (int)pl_experiment_find_input(e, name);
    }
    groups.cond = e->condition; /* the experiment's, so the terms are the grid runs' conditioned draws */
    return groups;
}

/* The first round's terms of replicates 0 .. runs-1 at rung `rung`: the same draws as the grid's
** runs (stream = replicate, one uniform per varied input in order, the rung set, then the
** scenario's values as the settle experiment makes them: every parameter still in its provenance
** group drawn from the group's uniform), run through pl_settle_run, which the ensemble's settle
** experiment also calls. */
static pl_status terms(const char *path, const pl_experiment *e, double seed, long runs, double rung, pl_error *err)
{
    pl_scenario *sc;
    pl_settle_setup *su = NULL;
    pl_status st = pl_scenario_read(path, pl_settle_schema(), &sc, err);
    if (!st) st = pl_settle_setup_create(sc, &su, err);
    if (st) {
        pl_scenario_free(sc);
        return st;
    }
    double *x = pl_malloc((e->n_inputs + 1) * sizeof *x), *sum = pl_calloc(PL_SETTLE_MAX_POINTS, sizeof *sum);
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    unsigned char *keep = pl_malloc(sc->n_params + 1);
    pl_settle_params *p = pl_malloc(sizeof *p);
    pl_settle_outcomes *out = pl_malloc(sizeof *out);
    if (!x || !sum || !values || !keep || !p || !out) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    long k_axis = pl_experiment_find_input(e, axis_name), done = 0;
    pl_adapter_groups groups = group_inputs(e);
    for (long i = 0; !st && i < runs; i++) {
        gsl_rng *rng = pl_rng_alloc((uint64_t)seed, (uint64_t)i);
        for (size_t k = 0; k < e->n_inputs; k++)
            x[k] = e->input[k].dist.kind == PL_DIST_FIXED ? e->input[k].nominal
                                                          : pl_dist_quantile(&e->input[k].dist, gsl_rng_uniform_pos(rng));
        x[k_axis] = rung;
        st = pl_adapter_scenario_values_again(e, sc, &groups, x, values, keep, err);
        if (!st) st = pl_settle_params_from_scenario(su, sc, values, p, err);
        if (!st && pl_settle_run(p, rng, out, err) == PL_OK) {
            for (size_t d = 0; d < out->n_points; d++) sum[d] += out->terms[d];
            done++;
        }
        gsl_rng_free(rng);
    }
    put(", \"terms_runs\": %ld, \"terms\": [", done);
    for (size_t d = 0; !st && d < su->fw->n_points; d++) {
        const pl_point *pt = &su->fw->point[d];
        put("%s{\"id\": ", d ? ", " : "");
        put_string(pt->id);
        put(", \"title\": ");
        put_string(pt->title);
        put(", \"lo\": ");
        put_number(pt->lo);
        put(", \"hi\": ");
        put_number(pt->hi);
        put(", \"proposal\": ");
        put_number(pt->proposal);
        put(", \"mean\": ");
        put_number(done ? sum[d] / (double)done : (double)NAN);
        put("}");
    }
    put("]");
    pl_free(x), pl_free(sum), pl_free(values), pl_free(keep), pl_free(p), pl_free(out);
    pl_settle_setup_free(su);
    pl_scenario_free(sc);
    return st;
}

/* One slider move: the hinge over rungs 0..5 with `runs` runs a rung, and the first round's terms of
** `terms_runs` of them at rung `rung`; spec fixes inputs as --vary NAME=VALUE does. JSON text. */
const char *px_explore(const char *path, double seed, int runs, const char *spec, double rung, int terms_runs)
{
    gsl_set_error_handler_off();
    pl_error err;
    pl_error_clear(&err);
    pl_experiment *e;
    if (pl_experiment_settle(path, &e, &err)) return fail(&err);
    out_len = 0;
    put("{\"seed\": ");
    put_number(seed);
    put(", \"runs\": %d, \"spec\": ", runs);
    put_string(spec);
    put(", ");
    pl_status st = apply_spec(e, spec, &err);
    if (!st) st = hinge(e, seed, runs, &err);
    if (!st && terms_runs > 0) st = terms(path, e, seed, terms_runs, rung, &err);
    put("}");
    pl_experiment_free(e);
    return st ? fail(&err) : out_buf;
}
