/*
** settle_sim.h — the flagship run: a peace framework bargained over in rounds while the war goes
** on; each belligerent accepts or refuses by comparing the deal (its terms plus what the
** post-deal world holds for it) with fighting on (the war model run forward from its beliefs);
** after a deal, the attacker decides each month whether to renew the war.
** Layer: simulation. Public API. Model: docs/models/settle.md.
**
** Typical use (error handling elided):
**     pl_scenario *sc;  pl_scenario_read(path, pl_settle_schema(), &sc, &err);
**     pl_settle_setup *su;  pl_settle_setup_create(sc, &su, &err);      (once, shared by runs)
**     for run i: rng = pl_rng_alloc(seed, i);  pl_scenario_draw(sc, rng, values);
**                pl_settle_params_from_scenario(su, sc, values, &p, &err);
**                pl_settle_run(&p, rng, &out, &err);
** A run is a pure function of its parameters and its stream: same (seed, i), same outcomes.
*/
#ifndef PARLEY_SETTLE_SIM_H
#define PARLEY_SETTLE_SIM_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "parley/bargain.h"
#include "parley/error.h"
#include "parley/framework.h"
#include "parley/outcome.h"
#include "parley/scenario.h"
#include "parley/settle.h"
#include "parley/settle_model.h"
#include "parley/war_model.h"

enum { PL_SETTLE_MAX_POINTS = 64 };

/* What every run of one scenario shares: the narrowed framework, the bargaining model and the
** decoded settings. Read-only once created, so threads may share it. */
typedef struct pl_settle_setup {
    pl_framework *fw;
    const pl_bargain_type *model;
    pl_optset model_opts;     /* the model's defaults */
    int terms_proposal;       /* 1: the plan's text is the deal; 0: the negotiated terms */
    pl_commitment_rule rule;
    long start_day;           /* first round, days after the scenario's start */
    long territory_point;     /* framework point that follows the front, or -1 */
    size_t attacker, defender;/* framework actor indices of the two belligerents */
    char guarantors[256];     /* "US, UK, France" (for the report) */
} pl_settle_setup;

/* Reads the framework named by settle.framework (relative to the scenario file), applies the
** scenario's narrowing (drop, defer, bracket, set), and resolves the model. Located errors. */
pl_status pl_settle_setup_create(const pl_scenario *sc, pl_settle_setup **out, pl_error *err);
void pl_settle_setup_free(pl_settle_setup *su);

/* After su->fw has been replaced by another framework: applies the scenario's narrowing to it and
** resolves again what depends on it (the belligerents, the territory point, the actors' ids). */
pl_status pl_settle_setup_refresh(const pl_scenario *sc, pl_settle_setup *su, pl_error *err);

/* Everything one run needs. Plain data apart from the shared setup pointer. */
typedef struct pl_settle_params {
    pl_war_params war;
    pl_settle_values v;
    pl_guarantee guarantee; /* resolved: from the ladder when v.guarantee.strength >= 0 */
    const pl_settle_setup *setup;
} pl_settle_params;

/* Fills p from the scenario and one value per parameter (pl_scenario_nominals/_draw). */
pl_status pl_settle_params_from_scenario(const pl_settle_setup *su, const pl_scenario *sc, const double *values,
                                         pl_settle_params *p, pl_error *err);

/* The outcomes of a run, in a fixed order (pl_settle_outcome_descs). Times are −1 where the
** event did not happen; "round 1" quantities describe the first round's decisions; "signed"
** ones follow the first round's terms as if both sides had signed them, so a deal's durability
** can be read even where it is refused. */
typedef enum pl_settle_outcome {
    PL_SO_DEAL = 0,
    PL_SO_DEAL_ROUND,
    PL_SO_ACCEPT_ATTACKER,
    PL_SO_ACCEPT_DEFENDER,
    PL_SO_COLLAPSE_ATTACKER,
    PL_SO_COLLAPSE_DEFENDER,
    PL_SO_RECOMMENCED,
    PL_SO_RECOMMENCED_5Y,
    PL_SO_RECOMMENCED_10Y,
    PL_SO_YEARS_TO_RECOMMENCE,
    PL_SO_SIGNED_RECOMMENCED_5Y,
    PL_SO_SIGNED_RECOMMENCED_10Y,
    PL_SO_SIGNED_YEARS_TO_RECOMMENCE,
    PL_SO_ATTACKER_TERMS_VALUE,
    PL_SO_ATTACKER_OPTION_VALUE,
    PL_SO_ATTACKER_FIGHT_VALUE,
    PL_SO_DEFENDER_DEAL_VALUE,
    PL_SO_DEFENDER_FIGHT_VALUE,
    PL_SO_ATTACKER_UTILITY,
    PL_SO_DEFENDER_UTILITY,
    PL_SO_RED_LINES_ATTACKER,
    PL_SO_RED_LINES_DEFENDER,
    PL_SO_CREDIBILITY,
    PL_SO_PLANNED_ATTACK_YEARS,
    PL_SO_POWER_RATIO_5Y,
    PL_SO_EXHAUSTION_ATTACKER,
    PL_SO_EXHAUSTION_DEFENDER,
    PL_SO_DEFENDER_COLLAPSE_RATE,
    PL_SO_TERRITORY_KM2,
    PL_SO_COUNT
} pl_settle_outcome;

/* The flagship's outcomes are typed descriptors (outcome.h): key, units, help, kind, how "did not
** happen" is written, label and condition. */
typedef pl_outcome_desc pl_settle_outcome_desc;

/* The descriptors in outcome order; *n = PL_SO_COUNT. */
const pl_settle_outcome_desc *pl_settle_outcome_descs(size_t *n);

typedef struct pl_settle_outcomes {
    double v[PL_SO_COUNT];
    double terms[PL_SETTLE_MAX_POINTS]; /* the first round's terms, per framework point */
    size_t n_points;
} pl_settle_outcomes;

/* One run. rng drives the war between rounds, the saliences' noise, the beliefs' noise and the
** guarantor's attention after a deal. PL_EDOM/PL_EMODEL if a model fails (a non-finite value). */
pl_status pl_settle_run(const pl_settle_params *p, gsl_rng *rng, pl_settle_outcomes *out, pl_error *err);

/* ---- Many runs ----------------------------------------------------------------------------- */

/* Runs i = 0..runs−1 of a scenario, each on stream pl_rng_alloc(seed, i): its parameters drawn
** (or the nominal values when nominal != 0), then pl_settle_run. outcomes[i·PL_SO_COUNT + k]
** receives outcome k of run i; values (may be NULL) [i·sc->n_params + j] the parameters drawn;
** terms (may be NULL) [i·n_points + d] the first round's terms. A plain loop on purpose, so an
** ensemble engine can take over the loop unchanged. */
pl_status pl_settle_runs(const pl_settle_setup *su, const pl_scenario *sc, uint64_t seed, size_t runs, int nominal,
                         double *outcomes, double *values, double *terms, pl_error *err);

/* What many runs say. Probabilities are shares of runs; "given a deal" ones are over runs that
** made a deal (−1 when none did: a share of no runs is undefined, not 0). Median times count runs without the event as later than the
** horizon, and are −1 when fewer than half the runs have it within the horizon. */
typedef struct pl_settle_summary {
    size_t runs, deals;
    double mean[PL_SO_COUNT];      /* the mean of every outcome (times: over runs with the event) */
    double p_recommenced_5y_deal, p_recommenced_10y_deal, median_years_deal;
    double median_years_signed;
} pl_settle_summary;

void pl_settle_summarise(const double *outcomes, size_t runs, pl_settle_summary *sum);

/* The median of times t[0..n−1] (−1: none), counting none as later than any; −1 when fewer than
** half have one. scratch holds n doubles. */
double pl_settle_median_time(const double *t, size_t n, size_t stride, double *scratch);

/* ---- Historical cases (docs/backtest.md) -------------------------------------------------- */

/* Reads a case file (pl_settle_case_schema); every parameter the file does not give takes the
** value (or distribution) common gives it, when common (may be NULL) gives it. */
pl_status pl_settle_case_read(const char *path, const pl_scenario *common, pl_scenario **out, pl_error *err);

/* The covariates of a case (PL_SETTLE_COVARIATE_PARAMS, in order) and their names. */
enum { PL_SETTLE_N_COVARIATES = 10 };
extern const char *const pl_settle_covariate_names[PL_SETTLE_N_COVARIATES];

/* A case's covariates: x[j] its nominal value, coded[j] whether the case file itself gives it
** (docs/backtest.md rule C5; a value from _common.yaml is a prior, not a coding). */
void pl_settle_case_covariates(const pl_scenario *sc, double *x, unsigned char *coded);

/* The guarantee ladder code (0-5) that docs/backtest.md rule C8 gives a case's covariates. */
double pl_settle_case_ladder(const pl_settle_covariates *c);

/* Fills p for a case: no war and no framework (p->setup is NULL); the covariates mapped onto the
** post-deal world's inputs by docs/backtest.md rule C8; the guarantee resolved. */
pl_status pl_settle_case_params(const pl_scenario *sc, const double *values, pl_settle_params *p, pl_error *err);

/* One run of a case's post-deal world over window_years, from the case's forces (the attacker's
** scaled by its capability ratio), effectiveness and exhaustion: *years to the renewed war, −1
** when none in the window. */
pl_status pl_settle_case_run(const pl_settle_params *p, double window_years, gsl_rng *rng, double *years, pl_error *err);

#endif
