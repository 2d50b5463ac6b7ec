/*
** settle_experiment.c — the war-termination flagship as an ensemble experiment: every scenario
** parameter an input, the flagship's named outcomes (its 0/1 ones as yes/no outcomes, times
** marked "none" as undefined).
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ensembles/adapters.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/settle_sim.h"

typedef struct settle_ctx {
    pl_scenario *sc;
    pl_settle_setup *su;
    pl_adapter_groups groups;
    int hinge;              /* settle.hinge given and enabled: the hinge outcomes follow the flagship's */
    double rung[2];         /* its low and high rungs */
} settle_ctx;

/* The hinge outcomes (settle.hinge): the same draw and stream at two guarantee rungs. */
enum { HINGE_ACCEPT_GAP, HINGE_RENEWED_LOW, HINGE_RENEWED_HIGH, N_HINGE };
static const char *const hinge_key[N_HINGE] = {"hinge_accept_gap", "hinge_renewed_10y_low", "hinge_renewed_10y_high"};
static const char *const hinge_help[N_HINGE] = {
    "the attacker's acceptance of round 1 at the low rung minus at the high rung, same draw and stream (-1, 0 or 1)",
    "a renewed war within 10 years of signing round 1's terms, guarantee at the low rung",
    "a renewed war within 10 years of signing round 1's terms, guarantee at the high rung"};

/* A thread's scratch: the flagship's parameters, its outcomes, one run's values and keep flags. */
typedef struct settle_ws {
    pl_settle_params p;
    pl_settle_outcomes out;
    double *values;
    unsigned char *keep;
} settle_ws;

static void ctx_free(void *p)
{
    settle_ctx *c = p;
    if (!c) return;
    pl_settle_setup_free(c->su);
    pl_scenario_free(c->sc);
    pl_free(c);
}

/* pl_settle_params is large (a whole war's parameters): one per thread, not on the stack. */
static void ws_free(const pl_experiment *e, void *ws)
{
    (void)e;
    settle_ws *w = ws;
    if (!w) return;
    pl_free(w->values);
    pl_free(w->keep);
    pl_free(w);
}

static pl_status ws_alloc(const pl_experiment *e, void **ws, pl_error *err)
{
    const settle_ctx *c = e->ctx;
    settle_ws *w = pl_calloc(1, sizeof *w);
    if (w) w->values = pl_malloc((c->sc->n_params + 1) * sizeof *w->values);
    if (w) w->keep = pl_malloc(c->sc->n_params + 1);
    *ws = w;
    if (w && w->values && w->keep) return PL_OK;
    ws_free(e, w);
    *ws = NULL;
    return pl_error_set(err, PL_ENOMEM, "out of memory");
}

static pl_status settle_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                            size_t *n_steps, pl_error *err)
{
    (void)series;
    const settle_ctx *c = e->ctx;
    settle_ws *w = ws;
    pl_settle_params *p = &w->p;
    pl_settle_outcomes *out = &w->out;
    pl_adapter_scenario_values(e, c->sc, &c->groups, x, w->values, w->keep);
    gsl_rng *start = c->hinge ? gsl_rng_clone(rng) : NULL;
    if (c->hinge && !start) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_settle_params_from_scenario(c->su, c->sc, w->values, p, err);
    if (!st) st = pl_settle_run(p, rng, out, err);
    size_t n_main = e->n_outcomes - (c->hinge ? N_HINGE : 0);
    for (size_t k = 0; !st && k < n_main; k++) y[k] = pl_outcome_mark_undefined(out->v[k], e->outcome[k].description);
    double acc[2] = {0, 0}, ren[2] = {0, 0};
    for (int r = 0; !st && c->hinge && r < 2; r++) {
        gsl_rng *copy = gsl_rng_clone(start);
        if (!copy) st = pl_error_set(err, PL_ENOMEM, "out of memory");
        if (!st) st = pl_settle_params_from_scenario(c->su, c->sc, w->values, p, err);
        if (!st) {
            p->v.guarantee.strength = c->rung[r];
            pl_guarantee_from_strength(c->rung[r], &p->guarantee);
            st = pl_settle_run(p, copy, out, err);
        }
        acc[r] = out->v[PL_SO_ACCEPT_ATTACKER];
        ren[r] = out->v[PL_SO_SIGNED_RECOMMENCED_10Y];
        if (copy) gsl_rng_free(copy);
    }
    if (start) gsl_rng_free(start);
    if (st) return st;
    if (c->hinge) {
        y[n_main + HINGE_ACCEPT_GAP] = acc[0] - acc[1];
        y[n_main + HINGE_RENEWED_LOW] = ren[0];
        y[n_main + HINGE_RENEWED_HIGH] = ren[1];
    }
    *n_steps = 0;
    return PL_OK;
}

static const pl_experiment_ops settle_ops = {ws_alloc, ws_free, settle_run, ctx_free};

static pl_status add_outcomes(pl_experiment *e, pl_error *err)
{
    size_t n;
    const pl_settle_outcome_desc *d = pl_settle_outcome_descs(&n);
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < n; k++) {
        int binary = strcmp(d[k].units, "0/1") == 0;
        char help[400];
        snprintf(help, sizeof help, binary ? "%s" : "%s (%s)", d[k].help, d[k].units);
        st = pl_experiment_add_outcome(e, d[k].key, binary ? PL_OUTCOME_BINARY : PL_OUTCOME_REAL, help, err);
    }
    const settle_ctx *c = e->ctx;
    for (size_t k = 0; !st && c->hinge && k < N_HINGE; k++)
        st = pl_experiment_add_outcome(e, hinge_key[k], k == HINGE_ACCEPT_GAP ? PL_OUTCOME_REAL : PL_OUTCOME_BINARY,
                                       hinge_help[k], err);
    return st;
}

/* settle.hinge: given and enabled, with its rungs. */
static void read_hinge(settle_ctx *c)
{
    for (size_t k = 0; k < c->sc->n_sections; k++)
        if (strcmp(c->sc->section[k].path, "settle.hinge") == 0) c->hinge = c->sc->section[k].given && c->sc->section[k].enabled;
    const pl_field *lo = pl_scenario_find_field(c->sc, "settle.hinge.low"), *hi = pl_scenario_find_field(c->sc, "settle.hinge.high");
    c->rung[0] = lo ? lo->number : 0;
    c->rung[1] = hi ? hi->number : 5;
}

int pl_scenario_is_settle(const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    int found = 0;
    while (fp && !found && fgets(line, sizeof line, fp)) found = strncmp(line, "settle:", 7) == 0;
    if (fp) fclose(fp);
    return found;
}

pl_status pl_experiment_settle(const char *path, pl_experiment **out, pl_error *err)
{
    return pl_experiment_settle_flags(path, 0, out, NULL, 0, err);
}

pl_status pl_experiment_settle_flags(const char *path, unsigned flags, pl_experiment **out, char *note, size_t note_size,
                                     pl_error *err)
{
    *out = NULL;
    settle_ctx *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_scenario_read_flags(path, pl_settle_schema(), flags, &c->sc, err);
    if (!st) pl_adapter_as_of_note(c->sc, note, note_size);
    if (!st) st = pl_settle_setup_create(c->sc, &c->su, err);
    if (!st) read_hinge(c);
    if (st) {
        ctx_free(c);
        return st;
    }
    char title[512];
    snprintf(title, sizeof title, "%s: %s", c->sc->name ? c->sc->name : path, c->su->fw->title);
    pl_experiment *e = pl_experiment_create("settle", title, path, &settle_ops, c, err);
    if (!e) return err ? err->code : PL_ENOMEM;
    st = pl_adapter_scenario_inputs(e, c->sc, &c->groups, err);
    if (!st) st = add_outcomes(e, err);
    if (st) {
        pl_experiment_free(e);
        return st;
    }
    *out = e;
    return PL_OK;
}
