/*
** disc_rows.c — an ensemble's runs made into the data scenario discovery reads: the inputs chosen
** by glob, the runs where the condition on the outcomes is defined, and whether it holds in each
** (docs/discovery.md). The same for runs just made and runs read back from a store.
** Layer: ensembles.
*/
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "parley/discovery.h"
#include "parley/memory.h"
#include "parley/report_data.h"

pl_status pl_disc_runs_of_result(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                                 pl_disc_runs *v, pl_error *err)
{
    memset(v, 0, sizeof *v);
    /* One block: the input names, the outcome names, then a flag per run. */
    size_t names = r->n_columns + e->n_outcomes + 1;
    const char **block = pl_malloc(names * sizeof *block + (size_t)r->n_runs + 1);
    if (!block) return pl_error_set(err, PL_ENOMEM, "out of memory");
    const char **dim = block, **out = block + r->n_columns;
    unsigned char *ok = (unsigned char *)(block + names);
    size_t k_varied = pl_experiment_n_varied(e);
    for (size_t k = 0; k < r->n_columns; k++) dim[k] = e->input[r->column[k]].name;
    for (size_t k = 0; k < e->n_outcomes; k++) out[k] = e->outcome[k].name;
    for (long i = 0; i < r->n_runs; i++)
        ok[i] = r->state[i] == PL_RUN_OK && (cfg->design != PL_DESIGN_SOBOL || i % (long)(k_varied + 2) < 2);
    *v = (pl_disc_runs){r->n_runs, r->n_columns, e->n_outcomes, dim, out, r->x, r->y, ok, block};
    return PL_OK;
}

pl_status pl_disc_runs_of_report(const pl_report_data *d, pl_disc_runs *v, pl_error *err)
{
    memset(v, 0, sizeof *v);
    size_t names = d->n_varied + d->n_outcomes + 1;
    const char **block = pl_malloc(names * sizeof *block + (size_t)d->planned + 1);
    if (!block) return pl_error_set(err, PL_ENOMEM, "out of memory");
    const char **dim = block, **out = block + d->n_varied;
    unsigned char *ok = (unsigned char *)(block + names);
    for (size_t k = 0; k < d->n_varied; k++) dim[k] = d->input[d->varied[k]].name;
    for (size_t k = 0; k < d->n_outcomes; k++) out[k] = d->outcome[k].name;
    for (long i = 0; i < d->planned; i++) ok[i] = d->ok[i] && pl_report_sampled(d, i);
    *v = (pl_disc_runs){d->planned, d->n_varied, d->n_outcomes, dim, out, d->x, d->y, ok, block};
    return PL_OK;
}

void pl_disc_runs_free(pl_disc_runs *v)
{
    pl_free(v->owned);
    memset(v, 0, sizeof *v);
}

void pl_disc_rows_free(pl_disc_rows *r)
{
    pl_free(r->dim);
    pl_free(r->x);
    pl_free(r->y);
    memset(r, 0, sizeof *r);
}

/* 1 when name matches one of the comma-separated globs. */
static int selected(const char *globs, const char *name)
{
    char one[256];
    for (const char *at = globs; *at;) {
        size_t len = strcspn(at, ",");
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), at);
        if (fnmatch(one, name, 0) == 0) return 1;
        at += len + (at[len] == ',');
    }
    return 0;
}

/* Copies the chosen inputs of the runs where the condition is defined. */
static void fill_rows(const pl_disc_runs *v, const pl_condition *c, const size_t *keep, pl_disc_rows *o)
{
    size_t m = 0, d = o->data.d;
    for (long i = 0; i < v->n; i++) {
        int holds = v->ok[i] ? pl_condition_eval(c, v->y + (size_t)i * v->n_out) : -1;
        if (holds < 0) continue;
        for (size_t k = 0; k < d; k++) o->x[m * d + k] = v->x[(size_t)i * v->d + keep[k]];
        o->y[m++] = (unsigned char)holds;
        o->n_interest += (size_t)holds;
    }
    o->n_runs = v->n;
    o->n_left_out = v->n - (long)m;
    o->data = (pl_disc_data){m, d, o->x, o->y};
}

pl_status pl_disc_rows_make(const pl_disc_runs *v, const char *where, const char *inputs, const char *source,
                            pl_disc_rows *o, pl_error *err)
{
    memset(o, 0, sizeof *o);
    pl_condition *c;
    pl_status st = pl_condition_parse(where, v->outcome, v->n_out, &c, err);
    if (st) return st;
    size_t *keep = pl_malloc((v->d + 1) * sizeof *keep);
    o->dim = pl_malloc((v->d + 1) * sizeof *o->dim);
    for (size_t k = 0; keep && o->dim && k < v->d; k++)
        if (selected(inputs, v->dim[k])) keep[o->data.d] = k, o->dim[o->data.d++] = v->dim[k];
    o->x = pl_malloc(((size_t)v->n * o->data.d + 1) * sizeof *o->x);
    o->y = pl_malloc((size_t)v->n + 1);
    if (!keep || !o->dim || !o->x || !o->y) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) fill_rows(v, c, keep, o);
    pl_condition_free(c);
    pl_free(keep);
    if (!st && !o->data.n)
        st = pl_error_set(err, PL_EINPUT, "found no run where '%s' is defined, expected at least one", where);
    if (!st && !o->data.d)
        st = pl_error_set(err, PL_EINVAL, "found no varied input of %s matching --inputs '%s', expected at least one (see --vary)",
                          source, inputs);
    return st;
}
