/*
** registry.c — the list of bargaining models, lookup by name, and the per-dimension runner.
** Layer: models.
**
** Adding a model: declare its type object in its own header and add one line to `types`.
*/
#include <math.h>
#include <string.h>

#include "parley/bargain.h"
#include "parley/memory.h"
#include "models/bargain/baseline.h"
#include "models/bargain/bdm.h"
#include "models/bargain/exchange_model.h"
#include "models/bargain/nash_model.h"
#include "models/bargain/smp.h"

static const pl_bargain_type *const types[] = {
    &pl_bargain_compromise,
    &pl_bargain_median,
    &pl_bargain_mean,
    &pl_bargain_constant,
    &pl_bargain_bdm_scholz_code,
    &pl_bargain_bdm_scholz_paper,
    &pl_bargain_smp,
    &pl_bargain_exchange,
    &pl_bargain_nash,
};

const pl_bargain_type *const *pl_bargain_types(size_t *count)
{
    *count = sizeof types / sizeof types[0];
    return types;
}

const pl_bargain_type *pl_bargain_find(const char *name)
{
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        if (strcmp(types[k]->name, name) == 0) return types[k];
    return NULL;
}

/* Copies dimension d of sub-forecast part (whose actors are those present on d, in order) into
** the joined forecast's position buffer for every round, holding the last round when part is
** shorter than the joined history. */
static void join_positions(const pl_stakeholders *s, size_t d, const pl_forecast *part, double **pos,
                           size_t n_rounds)
{
    for (size_t r = 0; r < n_rounds; r++) {
        const pl_forecast_round *pr = &part->round[r < part->n_rounds ? r : part->n_rounds - 1];
        for (size_t i = 0, k = 0; i < s->n_actors; i++) {
            size_t at = pl_idx(s, i, d);
            pos[r][at] = s->present[at] ? pr->position[k++] : s->position[at];
        }
    }
}

static pl_status join_events(const pl_stakeholders *s, size_t d, const pl_forecast *part, pl_forecast *out,
                             pl_error *err)
{
    int *map = pl_malloc((part->n_actors ? part->n_actors : 1) * sizeof *map);
    if (!map) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0, k = 0; i < s->n_actors; i++)
        if (s->present[pl_idx(s, i, d)]) map[k++] = (int)i;
    pl_status st = PL_OK;
    for (size_t e = 0; !st && e < part->n_events; e++) {
        pl_forecast_event ev = part->event[e];
        ev.actor = map[ev.actor];
        ev.other = ev.other >= 0 ? map[ev.other] : -1;
        ev.dim = (int)d;
        st = pl_forecast_add_event(out, &ev, err);
    }
    pl_free(map);
    return st;
}

static pl_status run_per_dim(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                             gsl_rng *rng, pl_forecast *out, pl_error *err)
{
    pl_forecast **parts = pl_calloc(s->n_dims, sizeof *parts);
    double *fc = pl_malloc(s->n_dims * sizeof *fc);
    double **pos = NULL;
    size_t n_rounds = 0;
    pl_status st = (!parts || !fc) ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
    for (size_t d = 0; !st && d < s->n_dims; d++) {
        pl_stakeholders *sub = pl_stakeholders_select_dim(s, d, err);
        if (!sub) {
            st = err ? err->code : PL_ENOMEM;
            break;
        }
        st = pl_bargain_run(type, sub, opts, rng, &parts[d], err);
        pl_stakeholders_free(sub);
        if (!st && parts[d]->n_rounds > n_rounds) n_rounds = parts[d]->n_rounds;
        if (!st) fc[d] = parts[d]->forecast[0];
    }
    if (!st && !(pos = pl_calloc(n_rounds, sizeof *pos))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t r = 0; !st && r < n_rounds; r++)
        if (!(pos[r] = pl_malloc(s->n_actors * s->n_dims * sizeof **pos)))
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t d = 0; !st && d < s->n_dims; d++) {
        join_positions(s, d, parts[d], pos, n_rounds);
        st = join_events(s, d, parts[d], out, err);
    }
    for (size_t r = 0; !st && r < n_rounds; r++) st = pl_forecast_add_round(out, pos[r], err);
    if (!st) st = pl_forecast_set(out, fc, parts[0]->forecast_rule, err);
    for (size_t r = 0; pos && r < n_rounds; r++) pl_free(pos[r]);
    pl_free(pos);
    for (size_t d = 0; parts && d < s->n_dims; d++) pl_forecast_free(parts[d]);
    pl_free(parts);
    pl_free(fc);
    return st;
}

static int all_finite(const double *x, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(x[k])) return 0;
    return 1;
}

/* No model may hand a NaN or an infinity to a writer: a failure is reported as the model's. */
static pl_status check_finite(const pl_forecast *f, pl_error *err)
{
    size_t cells = f->n_actors * f->n_dims;
    for (size_t r = 0; r < f->n_rounds; r++)
        if (!all_finite(f->round[r].position, cells) || !all_finite(f->round[r].median, f->n_dims) ||
            !all_finite(f->round[r].mean, f->n_dims))
            return pl_error_set(err, PL_EMODEL, "model %s produced a non-finite position in round %zu", f->model, r);
    for (size_t k = 0; k < f->n_series; k++)
        if (!all_finite(f->series[k].value, f->n_actors))
            return pl_error_set(err, PL_EMODEL, "model %s produced a non-finite '%s' in round %zu", f->model,
                                f->series[k].name, f->series[k].round);
    for (size_t k = 0; k < f->n_events; k++) {
        const pl_forecast_event *e = &f->event[k];
        const double v[4] = {e->from, e->to, e->a, e->b};
        if (!all_finite(v, 4))
            return pl_error_set(err, PL_EMODEL, "model %s produced a non-finite value in a '%s' event of round %zu",
                                f->model, e->kind, e->round);
    }
    for (size_t k = 0; k < f->n_info; k++)
        if (!f->info[k].text && !isfinite(f->info[k].value))
            return pl_error_set(err, PL_EMODEL, "model %s produced a non-finite '%s'", f->model, f->info[k].key);
    if (!all_finite(f->forecast, f->n_dims))
        return pl_error_set(err, PL_EMODEL, "model %s produced a non-finite forecast", f->model);
    return PL_OK;
}

pl_status pl_bargain_run(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                         gsl_rng *rng, pl_forecast **out, pl_error *err)
{
    *out = NULL;
    pl_status st = pl_stakeholders_validate(s, err);
    if (st) return st;
    pl_forecast *f = pl_forecast_create(type->name, s, err);
    if (!f) return err ? err->code : PL_ENOMEM;
    if (s->n_dims > 1 && !(type->flags & PL_BARGAIN_MULTI_DIM)) {
        if (!(type->flags & PL_BARGAIN_PER_DIM)) {
            pl_forecast_free(f);
            return pl_error_set(err, PL_EINPUT, "model %s forecasts one dimension, the input has %zu",
                                type->name, s->n_dims);
        }
        st = run_per_dim(type, s, opts, rng, f, err);
    } else {
        st = type->run(s, opts, rng, f, err);
    }
    if (!st) st = check_finite(f, err);
    if (st) {
        pl_forecast_free(f);
        return st;
    }
    *out = f;
    return PL_OK;
}
