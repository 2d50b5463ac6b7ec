/*
** adapters.h — what the scenario-based experiments (war dynamics, war termination) share: every
** scenario parameter as an input, and outcomes that mark "did not happen" with a sentinel.
** Layer: ensembles. Internal.
*/
#ifndef PARLEY_ENSEMBLES_ADAPTERS_H
#define PARLEY_ENSEMBLES_ADAPTERS_H

#include "core/internal.h"
#include "parley/ensemble.h"
#include "parley/scenario.h"
#include "parley/war_condition.h"

/* The inputs that draw a scenario's provenance groups (fitted, sourced, assumed): -1 when empty. */
typedef struct pl_adapter_groups {
    int input[PL_GROUP_COUNT];
    pl_war_condition *cond; /* the scenario's condition: (owned), or NULL */
} pl_adapter_groups;

/* Adds sc's parameters as inputs, in the scenario's order (so x[i] is param[i]'s value), at their
** values with their domains and sources, then one input "draw:GROUP" per non-empty provenance
** group, uniform on (0, 1), that draws the group's parameters (pl_scenario_draw_group; the same
** draws as pl_scenario_draw from the same stream). Takes the scenario's seed as the job's default.
** Builds the scenario's condition: (e->condition) unless it was read with PL_SCENARIO_NO_CONDITION
** (then e->condition_off). Free groups with pl_adapter_groups_free. */
PL_INTERNAL pl_status pl_adapter_scenario_inputs(pl_experiment *e, const pl_scenario *sc, pl_adapter_groups *groups, pl_error *err);
PL_INTERNAL void pl_adapter_groups_free(pl_adapter_groups *groups);

/* A thread's scratch for one run of a scenario experiment: its parameter values and keep flags
** (sc->n_params each). It is the first member of each experiment's larger per-thread struct, which
** pl_adapter_ws_alloc allocates zeroed (size bytes) and pl_adapter_ws_free frees. */
typedef struct pl_adapter_ws {
    double *values;
    unsigned char *keep;
} pl_adapter_ws;
PL_INTERNAL pl_status pl_adapter_ws_alloc(const pl_scenario *sc, size_t size, void **ws, pl_error *err);
PL_INTERNAL void pl_adapter_ws_free(void *ws);

/* note = "" or a sentence on the facts after sc's as_of that the reader let through. */
PL_INTERNAL void pl_adapter_as_of_note(const pl_scenario *sc, char *note, size_t size);

/* One run's parameter values: x's, except that every parameter still in its group is drawn from
** the group input's uniform; with a condition, the first candidate derived from those uniforms
** that is consistent with the record (pl_war_condition_draw_groups: PL_EMODEL when none is).
** values and keep (scratch) hold sc->n_params each. */
PL_INTERNAL pl_status pl_adapter_scenario_values(const pl_experiment *e, const pl_scenario *sc, const pl_adapter_groups *groups,
                                const double *x, double *values, unsigned char *keep, pl_error *err);
/* The same values again for a run already made (its parameters read back): not counted in the
** condition's acceptance. */
PL_INTERNAL pl_status pl_adapter_scenario_values_again(const pl_experiment *e, const pl_scenario *sc,
                                                       const pl_adapter_groups *groups, const double *x, double *values,
                                                       unsigned char *keep, pl_error *err);

#endif
