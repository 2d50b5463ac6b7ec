/*
** forecast.c — building a pl_forecast: rounds with their median and mean, series, events, facts.
** Layer: formats.
*/
#include "parley/forecast.h"

#include <string.h>

#include "parley/memory.h"
#include "parley/stats.h"

static pl_status oom(pl_error *err) { return pl_error_set(err, PL_ENOMEM, "out of memory"); }

static char **names_copy(char *const *src, size_t n)
{
    char **v = pl_calloc(n ? n : 1, sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(v[i] = pl_strdup(src[i]))) {
            for (size_t k = 0; k < i; k++) pl_free(v[k]);
            pl_free(v);
            return NULL;
        }
    return v;
}

static void names_free(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) pl_free(v[i]);
    pl_free(v);
}

pl_forecast *pl_forecast_create(const char *model, const pl_stakeholders *s, pl_error *err)
{
    pl_forecast *f = pl_calloc(1, sizeof *f);
    if (!f) {
        oom(err);
        return NULL;
    }
    size_t cells = s->n_actors * s->n_dims;
    f->n_actors = s->n_actors;
    f->n_dims = s->n_dims;
    f->model = pl_strdup(model);
    f->actor = names_copy(s->actor, s->n_actors);
    f->dim = names_copy(s->dim, s->n_dims);
    f->weight = pl_malloc((cells ? cells : 1) * sizeof(double));
    f->present = pl_malloc(cells ? cells : 1);
    f->forecast = pl_calloc(s->n_dims ? s->n_dims : 1, sizeof(double));
    f->forecast_rule = pl_strdup("");
    if (!f->model || !f->actor || !f->dim || !f->weight || !f->present || !f->forecast || !f->forecast_rule) {
        pl_forecast_free(f);
        oom(err);
        return NULL;
    }
    for (size_t k = 0; k < cells; k++) f->weight[k] = s->capability[k] * s->salience[k];
    memcpy(f->present, s->present, cells);
    return f;
}

void pl_forecast_free(pl_forecast *f)
{
    if (!f) return;
    for (size_t r = 0; r < f->n_rounds; r++) {
        pl_free(f->round[r].position);
        pl_free(f->round[r].median);
        pl_free(f->round[r].mean);
    }
    pl_free(f->round);
    for (size_t k = 0; k < f->n_series; k++) {
        pl_free(f->series[k].name);
        pl_free(f->series[k].value);
    }
    pl_free(f->series);
    pl_free(f->event);
    for (size_t k = 0; k < f->n_info; k++) {
        pl_free(f->info[k].key);
        pl_free(f->info[k].text);
    }
    pl_free(f->info);
    names_free(f->actor, f->n_actors);
    names_free(f->dim, f->n_dims);
    pl_free(f->model);
    pl_free(f->weight);
    pl_free(f->present);
    pl_free(f->forecast);
    pl_free(f->forecast_rule);
    pl_free(f);
}

/* Median and mean of dimension d over the actors present on it. */
static void summarise_dim(const pl_forecast *f, const double *pos, size_t d, double *x, double *w,
                          unsigned char *mask, size_t *scratch, double *median, double *mean)
{
    for (size_t i = 0; i < f->n_actors; i++) {
        size_t at = i * f->n_dims + d;
        x[i] = pos[at];
        w[i] = f->weight[at];
        mask[i] = f->present[at];
    }
    *median = pl_weighted_median(x, w, mask, f->n_actors, scratch);
    *mean = pl_weighted_mean(x, w, mask, f->n_actors);
}

static pl_status summarise_round(const pl_forecast *f, pl_forecast_round *r, pl_error *err)
{
    size_t n = f->n_actors ? f->n_actors : 1;
    double *x = pl_malloc(n * sizeof *x), *w = pl_malloc(n * sizeof *w);
    unsigned char *mask = pl_malloc(n);
    size_t *scratch = pl_malloc(n * sizeof *scratch);
    pl_status st = PL_OK;
    if (!x || !w || !mask || !scratch)
        st = oom(err);
    else
        for (size_t d = 0; d < f->n_dims; d++)
            summarise_dim(f, r->position, d, x, w, mask, scratch, &r->median[d], &r->mean[d]);
    pl_free(x);
    pl_free(w);
    pl_free(mask);
    pl_free(scratch);
    return st;
}

pl_status pl_forecast_add_round(pl_forecast *f, const double *position, pl_error *err)
{
    if (pl_grow((void **)&f->round, &f->cap_rounds, f->n_rounds + 1, sizeof *f->round)) return oom(err);
    pl_forecast_round *r = &f->round[f->n_rounds];
    size_t cells = f->n_actors * f->n_dims, nd = f->n_dims ? f->n_dims : 1;
    r->position = pl_malloc((cells ? cells : 1) * sizeof(double));
    r->median = pl_malloc(nd * sizeof(double));
    r->mean = pl_malloc(nd * sizeof(double));
    pl_status st = PL_OK;
    if (!r->position || !r->median || !r->mean) {
        st = oom(err);
    } else {
        memcpy(r->position, position, cells * sizeof(double));
        st = summarise_round(f, r, err);
    }
    if (st) {
        pl_free(r->position);
        pl_free(r->median);
        pl_free(r->mean);
        return st;
    }
    f->n_rounds++;
    return PL_OK;
}

pl_status pl_forecast_add_series(pl_forecast *f, const char *name, size_t round, const double *value,
                                 pl_error *err)
{
    if (pl_grow((void **)&f->series, &f->cap_series, f->n_series + 1, sizeof *f->series)) return oom(err);
    pl_forecast_series *s = &f->series[f->n_series];
    s->name = pl_strdup(name);
    s->value = pl_malloc((f->n_actors ? f->n_actors : 1) * sizeof(double));
    if (!s->name || !s->value) {
        pl_free(s->name);
        pl_free(s->value);
        return oom(err);
    }
    memcpy(s->value, value, f->n_actors * sizeof(double));
    s->round = round;
    f->n_series++;
    return PL_OK;
}

pl_status pl_forecast_add_event(pl_forecast *f, const pl_forecast_event *ev, pl_error *err)
{
    if (pl_grow((void **)&f->event, &f->cap_events, f->n_events + 1, sizeof *f->event)) return oom(err);
    f->event[f->n_events++] = *ev;
    return PL_OK;
}

pl_status pl_forecast_add_info(pl_forecast *f, const char *key, const char *text, double value,
                               pl_error *err)
{
    if (pl_grow((void **)&f->info, &f->cap_info, f->n_info + 1, sizeof *f->info)) return oom(err);
    pl_forecast_info *in = &f->info[f->n_info];
    in->key = pl_strdup(key);
    in->text = text ? pl_strdup(text) : NULL;
    in->value = value;
    if (!in->key || (text && !in->text)) {
        pl_free(in->key);
        pl_free(in->text);
        return oom(err);
    }
    f->n_info++;
    return PL_OK;
}

pl_status pl_forecast_set(pl_forecast *f, const double *forecast, const char *rule, pl_error *err)
{
    char *r = pl_strdup(rule);
    if (!r) return oom(err);
    pl_free(f->forecast_rule);
    f->forecast_rule = r;
    memcpy(f->forecast, forecast, f->n_dims * sizeof(double));
    return PL_OK;
}

const pl_forecast_round *pl_forecast_last(const pl_forecast *f)
{
    return f->n_rounds ? &f->round[f->n_rounds - 1] : NULL;
}
