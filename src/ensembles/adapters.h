/*
** adapters.h — what the scenario-based experiments (war dynamics, war termination) share: every
** scenario parameter as an input, and outcomes that mark "did not happen" with a sentinel.
** Layer: ensembles. Internal.
*/
#ifndef PARLEY_ENSEMBLES_ADAPTERS_H
#define PARLEY_ENSEMBLES_ADAPTERS_H

#include "parley/ensemble.h"
#include "parley/scenario.h"

/* Adds sc's parameters as inputs, in the scenario's order (so x[i] is param[i]'s value), with
** their distributions, domains and sources, and takes the scenario's seed as the job's default. */
pl_status pl_adapter_scenario_inputs(pl_experiment *e, const pl_scenario *sc, pl_error *err);

#endif
