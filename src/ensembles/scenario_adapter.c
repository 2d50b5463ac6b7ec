/*
** scenario_adapter.c — scenario parameters as ensemble inputs, and sentinel outcomes as undefined.
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ensembles/adapters.h"
#include "parley/memory.h"

static void describe_group(const pl_scenario *sc, pl_param_group g, size_t n, char *buf, size_t size)
{
    if (g == PL_GROUP_FITTED)
        snprintf(buf, size, "the calibration posterior %s: %zu parameters set jointly from one of its %zu draws",
                 sc->posterior->path, n, sc->posterior->n_rows);
    else
        snprintf(buf, size, "%zu %s parameters, each from its distribution or triangular(range low, value, range high), "
                 "drawn together from this uniform", n, pl_param_group_name(g));
}

/* One input per non-empty group; its parameters point at it. */
static pl_status add_groups(pl_experiment *e, const pl_scenario *sc, pl_adapter_groups *groups, pl_error *err)
{
    for (int g = 0; g < PL_GROUP_COUNT; g++) {
        size_t n = 0;
        for (size_t k = 0; k < sc->n_params; k++) n += pl_scenario_param_group(sc, k) == (pl_param_group)g;
        groups->input[g] = -1;
        if (!n) continue;
        char name[64], source[700];
        snprintf(name, sizeof name, "draw:%s", pl_param_group_name((pl_param_group)g));
        describe_group(sc, (pl_param_group)g, n, source, sizeof source);
        size_t at = e->n_inputs;
        pl_dist u = pl_dist_make(PL_DIST_UNIFORM, 0, 1, 0, 1);
        pl_status st = pl_experiment_add_input(e, name, 0.5, 0, 1, source, err);
        if (!st) st = pl_experiment_set_dist(e, at, &u, NULL, err);
        if (st) return st;
        groups->input[g] = (int)at;
        for (size_t k = 0; k < sc->n_params; k++) {
            if (pl_scenario_param_group(sc, k) != (pl_param_group)g) continue;
            e->input[k].group = (int)at;
            /* The posterior's columns are drawn jointly: none of them has a distribution of its own. */
            if (g != PL_GROUP_FITTED) e->input[k].declared = pl_scenario_param_dist(sc, k);
        }
    }
    return PL_OK;
}

pl_status pl_adapter_scenario_inputs(pl_experiment *e, const pl_scenario *sc, pl_adapter_groups *groups, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < sc->n_params; k++) {
        const pl_param *pm = &sc->param[k];
        char source[600];
        if (pm->source) snprintf(source, sizeof source, "%s", pm->source);
        else if (pm->assumed) snprintf(source, sizeof source, "assumed: %s", pm->assumed);
        else if (pm->given) snprintf(source, sizeof source, "%s:%d (no source given)", pm->file, pm->line);
        else snprintf(source, sizeof source, "the model's default");
        st = pl_experiment_add_input(e, pm->path, pm->nominal, pm->desc->lo, pm->desc->hi, source, err);
    }
    if (!st) st = add_groups(e, sc, groups, err);
    groups->cond = NULL;
    if (!st) st = pl_war_condition_create(sc, &groups->cond, err);
    e->condition = groups->cond;
    e->condition_off = pl_war_condition_declared(sc) && (sc->flags & PL_SCENARIO_NO_CONDITION);
    if (sc->seed >= 0) {
        e->seed = (uint64_t)sc->seed;
        e->has_seed = 1;
    }
    return st;
}

void pl_adapter_groups_free(pl_adapter_groups *groups)
{
    pl_war_condition_free(groups->cond);
    groups->cond = NULL;
}

static pl_status scenario_values(const pl_experiment *e, const pl_scenario *sc, const pl_adapter_groups *groups,
                                 const double *x, double *values, unsigned char *keep, int again, pl_error *err)
{
    memcpy(values, x, sc->n_params * sizeof *values);
    double u[PL_GROUP_COUNT] = {0};
    int used[PL_GROUP_COUNT] = {0};
    for (size_t k = 0; k < sc->n_params; k++) keep[k] = 1;
    for (int g = 0; g < PL_GROUP_COUNT; g++) {
        int at = groups->input[g];
        if (at < 0) continue;
        /* A parameter left in its group is drawn; one --fix'ed, --set or varied is kept. */
        for (size_t k = 0; k < sc->n_params; k++)
            if (e->input[k].group == at) keep[k] = 0, used[g] = 1;
        u[g] = x[at];
        if (!groups->cond) {
            for (size_t k = 0; k < sc->n_params; k++) keep[k] = e->input[k].group != at;
            pl_scenario_draw_group(sc, (pl_param_group)g, x[at], keep, values);
        }
    }
    if (!groups->cond) return PL_OK;
    size_t tries;
    if (again) return pl_war_condition_redraw_groups(groups->cond, u, used, keep, values, err);
    return pl_war_condition_draw_groups(groups->cond, u, used, keep, values, &tries, err);
}

pl_status pl_adapter_scenario_values(const pl_experiment *e, const pl_scenario *sc, const pl_adapter_groups *groups,
                                     const double *x, double *values, unsigned char *keep, pl_error *err)
{
    return scenario_values(e, sc, groups, x, values, keep, 0, err);
}

pl_status pl_adapter_scenario_values_again(const pl_experiment *e, const pl_scenario *sc, const pl_adapter_groups *groups,
                                           const double *x, double *values, unsigned char *keep, pl_error *err)
{
    return scenario_values(e, sc, groups, x, values, keep, 1, err);
}

pl_status pl_adapter_ws_alloc(const pl_scenario *sc, size_t size, void **ws, pl_error *err)
{
    pl_adapter_ws *w = pl_calloc(1, size);
    if (w) w->values = pl_malloc((sc->n_params + 1) * sizeof *w->values);
    if (w) w->keep = pl_malloc(sc->n_params + 1);
    *ws = w;
    if (w && w->values && w->keep) return PL_OK;
    pl_adapter_ws_free(w);
    *ws = NULL;
    return pl_error_set(err, PL_ENOMEM, "out of memory");
}

void pl_adapter_ws_free(void *ws)
{
    pl_adapter_ws *w = ws;
    if (!w) return;
    pl_free(w->values);
    pl_free(w->keep);
    pl_free(w);
}

void pl_adapter_as_of_note(const pl_scenario *sc, char *note, size_t size)
{
    if (!note || !size) return;
    note[0] = '\0';
    if (sc->n_after_as_of)
        snprintf(note, size, "%zu fact%s published after the scenario's as_of read (--allow-after-as-of): this is not a "
                 "forecast as of that date; the first: %s", sc->n_after_as_of, sc->n_after_as_of == 1 ? "" : "s",
                 sc->after_as_of_first);
}

double pl_outcome_mark_undefined(double v, const char *help)
{
    int minus_one = strstr(help, "-1 when none") || strstr(help, "-1 never") || strstr(help, "-1 none");
    if ((minus_one && v == -1) || (strstr(help, "0 when none") && v == 0)) return (double)NAN;
    return v;
}
