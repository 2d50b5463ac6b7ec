/*
** experiments.h — the adapters that make parley's models ensemble experiments: a bargaining
** model on a stakeholder table (positions, saliences and capabilities as inputs), the
** war-dynamics model and the war-termination flagship on YAML scenarios (every scenario
** parameter as an input).
** Layer: ensembles. Public API. Inputs and outcomes of each: docs/ensembles.md "Experiments".
*/
#ifndef PARLEY_EXPERIMENTS_H
#define PARLEY_EXPERIMENTS_H

#include "parley/bargain.h"
#include "parley/ensemble.h"
#include "parley/options.h"
#include "parley/scenario.h"
#include "parley/stakeholders.h"

/* A bargaining model (type, with options opts, both copied) on table s (copied).
** Inputs, in this order for each actor and each dimension it takes part in:
** "position:ACTOR", "salience:ACTOR", "capability:ACTOR" (":DIMENSION" appended when the table
** has several dimensions), with domains [lo, hi] of the dimension, [0, 1] and [0, ∞).
** Outcomes "forecast:DIMENSION"; series "median:DIMENSION" per round (entity "all"). */
pl_status pl_experiment_bargain(const pl_stakeholders *s, const pl_bargain_type *type, const pl_optset *opts,
                                pl_experiment **out, pl_error *err);

/* The war-dynamics model on the scenario at path. Inputs: every scenario parameter by its path,
** with its distribution, domain and source; outcomes: the model's named outcomes (a yes/no one
** for each outcome whose units are "yes/no"); series: the model's series columns, recorded every
** `every` days (0: weekly). horizon_days > 0 replaces the scenario's horizon. */
pl_status pl_experiment_war(const char *path, long every, long horizon_days, pl_experiment **out, pl_error *err);

/* The war-termination flagship (settle_sim.h) on the scenario at path: every scenario parameter
** as an input; outcomes the flagship's, those in 0/1 as yes/no outcomes, and times or rounds the
** description marks as "none" (−1, or 0 for the round) undefined in that run. No series. */
pl_status pl_experiment_settle(const char *path, pl_experiment **out, pl_error *err);

/* The same two, reading the scenario with reader flags (PL_SCENARIO_ALLOW_AFTER_AS_OF). note
** (note_size bytes) receives "" or, when facts after the scenario's as_of were let through, a
** sentence saying how many and where the first is, for the command to print. */
pl_status pl_experiment_war_flags(const char *path, long every, long horizon_days, unsigned flags, pl_experiment **out,
                                  char *note, size_t note_size, pl_error *err);
pl_status pl_experiment_settle_flags(const char *path, unsigned flags, pl_experiment **out, char *note, size_t note_size,
                                     pl_error *err);

/* The flagship on a scenario already read and its setup, for commands that change them before
** running (narrowing, another framework, --set): both are taken over (freed with the experiment,
** also on failure). path names the input. */
struct pl_settle_setup;
pl_status pl_experiment_settle_own(pl_scenario *sc, struct pl_settle_setup *su, const char *path, pl_experiment **out,
                                   pl_error *err);

/* The scenario and setup a settle experiment runs (NULL when e is not one). */
const pl_scenario *pl_experiment_settle_scenario(const pl_experiment *e);

/* The scenario parameter values (sc->n_params) a settle experiment's run with inputs x (every
** input, pl_ens_result_inputs) used: the group draws are a function of the group inputs. PL_EINVAL
** when e is not a settle experiment. */
pl_status pl_experiment_settle_values(const pl_experiment *e, const double *x, double *values, pl_error *err);

/* Refuses a guarantee rung and one of the components it sets both set (never a silent override:
** pl_guarantee_from_strength replaces p_fight, forces, automaticity and power when strength >= 0):
** among the inputs cfg's grid axes set or that are varied, and the parameters in set[0..n_set)
** (paths the command fixed, --set). Also refuses a scenario file giving strength >= 0 with a
** component. Fills note (note_size, may be NULL) with a sentence when a command-line rung replaces
** components the scenario gives (the documented use: sweep the ladder over the file's guarantee). */
pl_status pl_experiment_settle_check_rung(const pl_experiment *e, const pl_ens_config *cfg, const char *const *set,
                                         size_t n_set, char *note, size_t note_size, pl_error *err);

/* 1 if the YAML scenario at path is a war-termination one (it has a top-level `settle:`). */
int pl_scenario_is_settle(const char *path);

#endif
