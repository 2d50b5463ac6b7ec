/*
** job.c — an ensemble's job in the results store: found again by its configuration for
** --resume, or created with its declarations (inputs and their sources, outcomes, series).
** Layer: ensembles.
*/
#include <stdio.h>

#include "ensembles/engine.h"
#include "parley/ensemble.h"

static const char *outcome_kind_name(pl_outcome_kind k) { return k == PL_OUTCOME_BINARY ? "binary" : pl_outcome_kind_name(k); }

static pl_status declare(pl_store *store, int64_t job, const pl_experiment *e, pl_error *err)
{
    pl_status st = pl_store_put_job_info(store, job, "parley_version", PARLEY_VERSION, err);
    if (!st) st = pl_store_put_job_info(store, job, "title", e->title, err);
    if (!st) st = pl_store_put_job_info(store, job, "kind", e->kind, err);
    for (size_t k = 0; !st && k < e->n_inputs; k++) {
        const pl_ens_input *in = &e->input[k];
        char dist[200];
        pl_dist_format(&in->dist, dist, sizeof dist);
        st = pl_store_put_job_input(store, job, (long)k, in->name, in->nominal, dist, in->dist.kind != PL_DIST_FIXED,
                                    in->source, err);
    }
    for (size_t k = 0; !st && k < e->n_outcomes; k++) {
        st = pl_store_put_job_outcome(store, job, (long)k, e->outcome[k].name, outcome_kind_name(e->outcome[k].kind),
                                      e->outcome[k].description, err);
        char key[300]; /* the descriptor's short label, for the report's charts and tables */
        snprintf(key, sizeof key, "label.%s", e->outcome[k].name);
        if (!st && e->outcome[k].label && *e->outcome[k].label) st = pl_store_put_job_info(store, job, key, e->outcome[k].label, err);
    }
    for (size_t k = 0; !st && k < e->n_series; k++)
        st = pl_store_put_job_series(store, job, (long)k, e->series[k].name, e->series[k].entity, e->step_unit, err);
    return st;
}

/* Inside one immediate transaction, so that two processes never both start the job nor both
** resume it: the job is found or added, and claimed before anyone else can see it. */
pl_status pl_ens_job_open(pl_store *store, const pl_experiment *e, const pl_ens_config *cfg, const char *command,
                          const char *config_json, int resume, int64_t *job, int *resumed, pl_error *err)
{
    *resumed = 0;
    pl_status st = pl_engine_check_memory(e, cfg, err); /* before a job that cannot run is added */
    if (!st) st = pl_store_begin(store, err);
    if (st) return st;
    st = pl_store_find_job(store, command, config_json, job, err);
    if (!st && *job && !resume)
        st = pl_error_at(err, PL_EINVAL, pl_store_path(store), 0, 0,
                         "already holds job %lld with this configuration; pass --resume to finish it, or write to "
                         "another file", (long long)*job);
    *resumed = !st && *job;
    if (!st && !*job)
        st = pl_store_add_job(store, command, e->input_path, e->kind, cfg->seed, config_json, pl_ens_total_runs(e, cfg),
                              job, err);
    if (!st && !*resumed) st = declare(store, *job, e, err);
    if (!st && !*resumed) st = pl_store_seal_job(store, *job, err);
    if (!st) st = pl_store_claim_job(store, *job, err);
    if (!st) return pl_store_commit(store, err);
    pl_store_rollback(store, NULL);
    return st;
}
