/*
** war_run.h — one run of the war-dynamics model (`parley simulate`) and its writers: the summary
** table for people, the JSON document (parameters, outcomes, series) and the rows of the store.
** Layer: ensembles. Public API. Formats: docs/formats.md.
*/
#ifndef PARLEY_WAR_RUN_H
#define PARLEY_WAR_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "parley/error.h"
#include "parley/scenario.h"
#include "parley/store.h"
#include "parley/war.h"

/* Everything one run produced, for the writers. */
typedef struct pl_war_run_result {
    const pl_scenario *sc;
    const pl_war_params *p;
    const pl_war_state *start, *end;
    const pl_war_series *ser;
    const double *values; /* the scenario's parameters, as drawn or nominal */
    uint64_t seed;
    long days;
} pl_war_run_result;

/* The summary table: forces, recruitment, home fronts, ground and third parties. PL_EIO when the
** stream failed (errno says why), else PL_OK; err is left to the caller (pl_write_status). */
pl_status pl_war_run_write_summary(const pl_war_run_result *r, FILE *out);

/* The JSON document: scenario, seed, days, parameters, outcomes (null where the outcome did not
** happen) and series. */
pl_status pl_war_run_write_json(const pl_war_run_result *r, FILE *fp, pl_error *err);

/* The run as run 0 of job: its parameters, its outcomes that happened, its series. */
pl_status pl_war_run_store(pl_store *st, int64_t job, const pl_war_run_result *r, pl_error *err);

#endif
