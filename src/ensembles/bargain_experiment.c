/*
** bargain_experiment.c — a bargaining model as an ensemble experiment: the table's positions,
** saliences and capabilities become inputs, the forecast per dimension the outcomes, and the
** weighted median per round a series.
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/experiments.h"
#include "parley/memory.h"

enum { CELL_POSITION, CELL_SALIENCE, CELL_CAPABILITY };

typedef struct bargain_ctx {
    pl_stakeholders *s;
    const pl_bargain_type *type;
    pl_optset opts;
    size_t n_cells;
    size_t *cell;       /* [n_inputs] index into the table's matrices */
    unsigned char *what; /* [n_inputs] CELL_* */
} bargain_ctx;

static void ctx_free(void *p)
{
    bargain_ctx *c = p;
    if (!c) return;
    pl_stakeholders_free(c->s);
    pl_free(c->cell);
    pl_free(c->what);
    pl_free(c);
}

static pl_status ws_alloc(const pl_experiment *e, void **ws, pl_error *err)
{
    const bargain_ctx *c = e->ctx;
    *ws = pl_stakeholders_copy(c->s, err);
    return *ws ? PL_OK : (err ? err->code : PL_ENOMEM);
}

static void ws_free(const pl_experiment *e, void *ws)
{
    (void)e;
    pl_stakeholders_free(ws);
}

static pl_status bargain_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y,
                             double *series, size_t *n_steps, pl_error *err)
{
    const bargain_ctx *c = e->ctx;
    pl_stakeholders *s = ws;
    for (size_t k = 0; k < c->n_cells; k++) {
        double *m = c->what[k] == CELL_POSITION ? s->position : c->what[k] == CELL_SALIENCE ? s->salience : s->capability;
        m[c->cell[k]] = x[k];
    }
    pl_forecast *f;
    pl_status st = pl_bargain_run(c->type, s, &c->opts, rng, &f, err);
    if (st) return st;
    for (size_t d = 0; d < s->n_dims; d++) y[d] = f->forecast[d];
    size_t rounds = f->n_rounds < e->max_steps ? f->n_rounds : e->max_steps;
    for (size_t d = 0; series && d < s->n_dims; d++)
        for (size_t r = 0; r < rounds; r++) series[d * e->max_steps + r] = f->round[r].median[d];
    *n_steps = series ? rounds : 0;
    pl_forecast_free(f);
    return PL_OK;
}

static const pl_experiment_ops bargain_ops = {ws_alloc, ws_free, bargain_run, ctx_free};

static pl_status add_cell(pl_experiment *e, bargain_ctx *c, int what, size_t i, size_t d, pl_error *err)
{
    static const char *const kinds[] = {"position", "salience", "capability"};
    const pl_stakeholders *s = c->s;
    size_t at = pl_idx(s, i, d);
    char name[512];
    if (s->n_dims > 1) snprintf(name, sizeof name, "%s:%s:%s", kinds[what], s->actor[i], s->dim[d]);
    else snprintf(name, sizeof name, "%s:%s", kinds[what], s->actor[i]);
    double value = what == CELL_POSITION ? s->position[at] : what == CELL_SALIENCE ? s->salience[at] : s->capability[at];
    double lo = what == CELL_POSITION ? s->dim_lo[d] : 0, hi = what == CELL_POSITION ? s->dim_hi[d] : what == CELL_SALIENCE ? 1 : HUGE_VAL;
    pl_status st = pl_experiment_add_input(e, name, value, fmin(lo, value), fmax(hi, value), s->source, err);
    if (st) return st;
    c->cell[c->n_cells] = at;
    c->what[c->n_cells++] = (unsigned char)what;
    return PL_OK;
}

static size_t series_capacity(const pl_optset *opts)
{
    const char *names[] = {"rounds", "max-turns"};
    for (size_t k = 0; k < 2; k++)
        if (pl_optset_find(opts, names[k])) return (size_t)pl_optset_int(opts, names[k]) + 1;
    return 101;
}

static pl_status declare(pl_experiment *e, bargain_ctx *c, pl_error *err)
{
    const pl_stakeholders *s = c->s;
    pl_status st = PL_OK;
    for (size_t i = 0; !st && i < s->n_actors; i++)
        for (size_t d = 0; !st && d < s->n_dims; d++) {
            if (!s->present[pl_idx(s, i, d)]) continue;
            for (int what = CELL_POSITION; !st && what <= CELL_CAPABILITY; what++) st = add_cell(e, c, what, i, d, err);
        }
    char name[300], desc[400];
    for (size_t d = 0; !st && d < s->n_dims; d++) {
        snprintf(name, sizeof name, "forecast:%s", s->dim[d]);
        snprintf(desc, sizeof desc, "the %s model's forecast position on %s", c->type->name, s->dim[d]);
        st = pl_experiment_add_outcome(e, name, PL_OUTCOME_REAL, desc, err);
        snprintf(name, sizeof name, "median:%s", s->dim[d]);
        if (!st) st = pl_experiment_add_series(e, name, "all", err);
    }
    if (!st) st = pl_experiment_set_steps(e, series_capacity(&c->opts), "round", err);
    return st;
}

pl_status pl_experiment_bargain(const pl_stakeholders *s, const pl_bargain_type *type, const pl_optset *opts,
                                pl_experiment **out, pl_error *err)
{
    *out = NULL;
    pl_status st = pl_stakeholders_validate(s, err);
    if (st) return st;
    bargain_ctx *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->type = type;
    c->opts = *opts;
    size_t cells = 3 * s->n_actors * s->n_dims + 1;
    c->cell = pl_malloc(cells * sizeof *c->cell);
    c->what = pl_malloc(cells);
    c->s = pl_stakeholders_copy(s, err);
    if (!c->cell || !c->what || !c->s) {
        ctx_free(c);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    char title[512];
    const char *base = s->source && strrchr(s->source, '/') ? strrchr(s->source, '/') + 1 : s->source ? s->source : "";
    snprintf(title, sizeof title, "%s, %s model", s->name && *s->name ? s->name : base, type->name);
    pl_experiment *e = pl_experiment_create("forecast", title, s->source ? s->source : "", &bargain_ops, c, err);
    if (!e) return err ? err->code : PL_ENOMEM;
    st = declare(e, c, err);
    if (st) {
        pl_experiment_free(e);
        return st;
    }
    *out = e;
    return PL_OK;
}
