/*
** scenario_adapter.c — scenario parameters as ensemble inputs, and sentinel outcomes as undefined.
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ensembles/adapters.h"

pl_status pl_adapter_scenario_inputs(pl_experiment *e, const pl_scenario *sc, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < sc->n_params; k++) {
        const pl_param *pm = &sc->param[k];
        char source[600];
        if (pm->source) snprintf(source, sizeof source, "%s", pm->source);
        else if (pm->assumed) snprintf(source, sizeof source, "assumed: %s", pm->assumed);
        else if (pm->given) snprintf(source, sizeof source, "%s:%d (no source given)", sc->path, pm->line);
        else snprintf(source, sizeof source, "the model's default");
        st = pl_experiment_add_input(e, pm->path, pm->nominal, pm->desc->lo, pm->desc->hi, source, err);
        if (!st && pm->dist.kind != PL_DIST_FIXED) st = pl_experiment_set_dist(e, k, &pm->dist, NULL, err);
    }
    if (sc->seed >= 0) {
        e->seed = (uint64_t)sc->seed;
        e->has_seed = 1;
    }
    return st;
}

double pl_outcome_mark_undefined(double v, const char *help)
{
    int minus_one = strstr(help, "-1 when none") || strstr(help, "-1 never") || strstr(help, "-1 none");
    if ((minus_one && v == -1) || (strstr(help, "0 when none") && v == 0)) return (double)NAN;
    return v;
}
