/*
** war_condition.h — conditioning a scenario's drawn parameters on the observed record of the war
** (history matching by rejection: Craig, Goldstein, Seheult & Smith 1997; Vernon, Goldstein &
** Bower 2010). Layer: simulation. Public API. Method: docs/models/war.md "Conditioning the draws".
**
** A scenario's `condition:` section names the record (data/war/series.csv), the series to match,
** a window of months, a tolerance τ and a cutoff c. For each matched series s the model runs on
** the mean-field path from the scenario's start and its aggregates m_k are summed over the
** record's points k in the window; the implausibility is
**     I_s = |ln Σ y_k − ln(b_s · Σ m_k)| / τ_s,   τ_s² = τ² + (ln b_s⁺ − ln b_s⁻)² / 12,
** with [b_s⁻, b_s⁺] the manifest's source-bias interval and b_s its midpoint (1 when none): a source
** stated only within a factor is matched more loosely. A draw is consistent
** with the record when every I_s ≤ c. Only points published by the scenario's as_of are used:
** one published later inside the window is refused at its line (PL_EINPUT) unless the scenario
** was read with PL_SCENARIO_ALLOW_AFTER_AS_OF (then counted, pl_war_condition_describe says so).
**
** Candidates. Run i draws its group uniforms u_g as pl_scenario_draw does (or receives them as
** ensemble inputs, src/ensembles/scenario_adapter.c). Candidate 0 is that draw; candidate k > 0
** replaces each u_g by a uniform of the stream keyed by (u_g, k) (pl_war_condition_uniform), so
** a run's accepted draw depends only on its own uniforms: the same on any thread or rank.
** The first consistent candidate is the run's draw; none within max_tries is PL_EMODEL.
*/
#ifndef PARLEY_WAR_CONDITION_H
#define PARLEY_WAR_CONDITION_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "parley/error.h"
#include "parley/scenario.h"

typedef struct pl_war_condition pl_war_condition;

/* 1 when sc has a `condition:` section that is given and enabled (whatever the reader flags). */
int pl_war_condition_declared(const pl_scenario *sc);

/* Builds sc's condition: reads the record (relative to the scenario file that names it), checks
** the series, window, tolerance and its provenance, and the as-of dates, and runs the model once
** at the nominal values (so a measure the model lacks is refused here, not in a run). *out is NULL
** when sc declares no condition or was read with PL_SCENARIO_NO_CONDITION. Errors PL_EINPUT at
** file:line:col, PL_ENOMEM. sc must outlive the condition. */
pl_status pl_war_condition_create(const pl_scenario *sc, pl_war_condition **out, pl_error *err);
void pl_war_condition_free(pl_war_condition *c);

/* The matched series (their names, as in the record). */
size_t pl_war_condition_n_series(const pl_war_condition *c);
const char *pl_war_condition_series_name(const pl_war_condition *c, size_t s);

/* The implausibility of every matched series (imp: n_series values, or NULL) at the parameter
** values `values` (one per sc->param); *worst their maximum. A model run that fails (a state that
** is not finite, values that break a cross-parameter check) gives +inf: no record is consistent
** with it. Only PL_ENOMEM is returned as an error. */
pl_status pl_war_condition_implausibility(const pl_war_condition *c, const double *values, double *imp, double *worst,
                                          pl_error *err);

/* Candidate k's uniform for a group whose run uniform is u (k = 0: u itself); in (0, 1). */
double pl_war_condition_uniform(double u, size_t k);

/* One run's conditioned draw from its group uniforms u[g] (used[g] 0: the group is not drawn):
** values holds the run's base values on entry (nominals, fixed and set values) and the accepted
** candidate's on return; keep (NULL: none) marks parameters the groups must not draw. *tries is
** the number of candidates tried. PL_EMODEL (values: the last candidate) when none of max_tries
** is consistent. Counts the tries and the acceptance (pl_war_condition_counts); thread-safe. */
pl_status pl_war_condition_draw_groups(pl_war_condition *c, const double *u, const int *used, const unsigned char *keep,
                                       double *values, size_t *tries, pl_error *err);

/* The same draw again (a run's parameters read back after the ensemble), not counted. */
pl_status pl_war_condition_redraw_groups(pl_war_condition *c, const double *u, const int *used,
                                         const unsigned char *keep, double *values, pl_error *err);

/* pl_scenario_draw, conditioned: the group uniforms from rng as pl_scenario_draw takes them, then
** pl_war_condition_draw_groups from the nominal values. */
pl_status pl_war_condition_draw(pl_war_condition *c, gsl_rng *rng, double *values, size_t *tries, pl_error *err);

/* Runs accepted and candidates tried so far (every thread's), and runs that hit max_tries. */
void pl_war_condition_counts(const pl_war_condition *c, unsigned long long *accepted, unsigned long long *tried,
                             unsigned long long *failed);

/* Adds counts made elsewhere (another MPI rank's runs). */
void pl_war_condition_add_counts(pl_war_condition *c, unsigned long long accepted, unsigned long long tried,
                                 unsigned long long failed);

/* One line for people and for result metadata: the record, series, window, tolerance and cutoff,
** then "accepted K of N candidates (P %, 90 % Wilson [LO, HI] %)" and the runs that failed. */
void pl_war_condition_describe(const pl_war_condition *c, char *buf, size_t size);

#endif
