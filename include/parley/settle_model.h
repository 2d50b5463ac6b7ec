/*
** settle_model.h — the war-termination model's parameters (negotiation, valuation, collapse,
** beliefs, territory, guarantee, post-deal) as flat structs of doubles, and the `settle:` section
** of the scenario schema that fills them.
** Layer: models. Public API. Equations: docs/models/settle.md; every parameter of the flagship
** scenario with its source or assumed range: docs/scenarios/ukraine-2025-19pt.md.
**
** As in war_model.h, each list is an X-macro X(name, units, lo, hi, default, required, help) that
** makes both the struct fields and the schema's descriptors (src/models/settle/settle_schema.c).
** Time is in years unless the name says days; values are in years of the stakes (settle.h).
*/
#ifndef PARLEY_SETTLE_MODEL_H
#define PARLEY_SETTLE_MODEL_H

#include "parley/scenario.h"

#define PL_SETTLE_NEGOTIATION_PARAMS(X)                                                                         \
    X(rounds, "rounds", 1, 48, 6, 0, "negotiation rounds before the talks are abandoned")                       \
    X(interval_days, "days", 1, 730, 30, 0, "days of war between two rounds")                                   \
    X(forward_days, "days", 30, 3650, 730, 0, "days each side simulates the war forward to value fighting on")  \
    X(exhaustion_weight, "share", 0, 1, 0.5, 0, "a belligerent's bargaining weight falls by this share at exhaustion 1")

#define PL_SETTLE_VALUATION_PARAMS(X)                                                                           \
    X(discount, "1/year", 0.5, 0.999, 0.9, 0, "yearly discount factor of both sides")                           \
    X(red_line_cost, "utility", 0, 10, 0.3, 0, "utility lost for each red line the terms cross")               \
    X(salience_noise, "log-sd", 0, 2, 0.2, 0, "each salience is drawn as s·exp(σz − σ²/2), capped at 1, per run") \
    X(war_cost_attacker, "stakes/year", 0, 20, 0.5, 0, "attacker's cost of a year of war at exhaustion 1")     \
    X(war_cost_defender, "stakes/year", 0, 20, 0.5, 0, "defender's cost of a year of war at exhaustion 1")

#define PL_SETTLE_COLLAPSE_PARAMS(X)                                                                            \
    X(rate_max, "1/year", 0, 52, 1, 0, "yearly hazard that a fully exhausted side breaks")                      \
    X(e_half, "index", 0, 1, 0.7, 0, "exhaustion at which the hazard is half its maximum")                      \
    X(width, "index", 0.001, 1, 0.08, 0, "logistic width of the hazard's rise with exhaustion")

#define PL_SETTLE_BELIEFS_PARAMS(X)                                                                             \
    X(attacker_bias, "index", -1, 1, 0, 0, "error of the attacker's estimate of the defender's exhaustion")     \
    X(attacker_noise, "index", 0, 1, 0, 0, "sd of that error, drawn each round")                               \
    X(defender_bias, "index", -1, 1, 0, 0, "error of the defender's estimate of the attacker's exhaustion")     \
    X(defender_noise, "index", 0, 1, 0, 0, "sd of that error, drawn each round")

#define PL_SETTLE_TERRITORY_PARAMS(X)                                                                           \
    X(contested_km2, "km2", 1, 1e7, 5800, 0, "area the territory point's scale spans")                         \
    X(share_in_contested, "share", 0, 1, 0.5, 0, "share of the attacker's net gains that fall in that area")

#define PL_SETTLE_GUARANTEE_PARAMS(X)                                                                           \
    X(strength, "code", -1, 5, -1, 0, "0-5 ladder of docs/models/settle.md §4; -1: use the components below")  \
    X(p_fight, "probability", 0, 1, 0, 0, "probability the guarantor fights a renewed war, commitment fresh")  \
    X(forces, "persons", 0, 1e6, 0, 0, "reassurance force deployed in the defended state")                     \
    X(automaticity, "share", 0, 1, 0, 0, "0 consultations only, 1 Article-5-like automatic commitment")        \
    X(power, "x attacker force", 0, 20, 0, 0, "what the guarantor adds if it fights, in units of the attacker's force") \
    X(duration_years, "years", 0, 100, 15, 0, "years the guarantee is in force")                               \
    X(half_life_years, "years", 0.1, 100, 4, 0, "years for the guarantor's attention to halve")                \
    X(attention_floor, "index", 0, 1, 0.1, 0, "attention never decays below this")                             \
    X(tripwire_scale, "persons", 1, 1e7, 25000, 0, "deployed troops making engagement 1 - 1/e likely")         \
    X(force_quality, "x defender", 0, 10, 1.5, 0, "effectiveness of a deployed soldier relative to the defender's") \
    X(cost_factor, "x", 1, 100, 2, 0, "the attacker's war costs multiply by this when the guarantor fights")

#define PL_SETTLE_POSTDEAL_PARAMS(X)                                                                            \
    X(horizon_years, "years", 0.5, 50, 10, 0, "years after a deal the outcome is followed")                    \
    X(projection_years, "years", 1, 100, 30, 0, "years the attacker looks ahead when it weighs renewing the war") \
    X(renewed_war_years, "years", 0.05, 20, 1.5, 0, "longest a renewed war is fought before a ceasefire on its line")          \
    X(snapback, "utility", 0, 1, 0.1, 0, "flow the attacker loses when a renewed war fails (sanctions back)")   \
    X(attacker_recruits_per_month, "persons/month", 0, 1e6, 0, 0, "the attacker's recruitment after the deal")  \
    X(attacker_ceiling_ratio, "x", 1, 10, 1.5, 0, "ceiling of the attacker's force, as a multiple of its force at the deal") \
    X(attacker_readiness, "x", 0.1, 10, 1.2, 0, "attacker's effectiveness once refitted, x its base")           \
    X(refit_years, "years", 0.05, 20, 2, 0, "time constant of refitting and recovery after the deal")          \
    X(defender_peace_force, "persons", 0, 1e8, 8e5, 0, "army the defender keeps in peace (before any cap)")    \
    X(defender_wartime_force, "persons", 1, 1e8, 8.8e5, 0, "the defender's whole army in war, for scaling the cap") \
    X(defender_demob_years, "years", 0.05, 20, 1, 0, "time constant of the defender's demobilisation")         \
    X(defender_aid_quality, "share", 0, 10, 0.3, 0, "rise of the defender's effectiveness with full Western attention") \
    X(attention_noise, "log-sd/month", 0, 2, 0.1, 0, "monthly log-normal shocks to the guarantor's attention")

/* Which aims hypothesis a run takes (settle.hypotheses, docs/models/settle.md §10). */
#define PL_SETTLE_AIMS_PARAMS(X)                                                                                \
    X(hypothesis, "index", -1, 15, -1, 0, "the hypothesis every run takes (0 the first declared); -1: drawn by the priors") \
    X(pick, "share", 0, 1, 0.5, 0, "the uniform that picks a run's hypothesis by the priors' cumulative weights")

/* The attacker's belief about the guarantor's resolve (settle.md §11); signals: settle.signals. */
#define PL_SETTLE_RESOLVE_PARAMS(X)                                                                             \
    X(prior, "probability", 0, 1, 1, 0, "the attacker's prior that the guarantor is resolute (1: known, no doubt)") \
    X(irresolute_share, "share", 0, 1, 0, 0, "an irresolute guarantor's chance of fighting, as a share of a resolute one's") \
    X(talk_if_resolute, "probability", 0, 1, 0.5, 0, "probability a resolute guarantor shows firmness between two rounds of talks") \
    X(talk_if_irresolute, "probability", 0, 1, 0.5, 0, "the same for an irresolute guarantor (equal to the above: talks teach nothing)")

/* One aims hypothesis (settle.hypotheses.<id>). */
#define PL_SETTLE_HYPOTHESIS_PARAMS(X)                                                                          \
    X(prior, "weight", 0, 1e6, 1, 0, "prior weight of the hypothesis (normalised over the hypotheses)")          \
    X(subordination, "stakes/year", 0, 100, 0, 0, "a year of control of the defender's alignment, removed while a guarantee holds") \
    X(leverage, "stakes/year", 0, 100, 0, 0, "a year of peacetime leverage over a fully defeated neighbour")

/* One dated public signal of the guarantor's resolve (settle.signals.<id>). */
#define PL_SETTLE_SIGNAL_PARAMS(X)                                                                              \
    X(p_if_resolute, "probability", 0, 1, 0.5, 1, "probability of the signal if the guarantor is resolute")     \
    X(p_if_irresolute, "probability", 0, 1, 0.5, 1, "probability of the signal if it is not")

/* A historical case's post-deal world (scenarios/cases/, docs/backtest.md): the state at the deal
** that the war model gives the flagship. */
#define PL_SETTLE_CASE_PARAMS(X)                                                                                \
    X(force, "persons", 1, 1e8, 500000, 0, "each side's force at the deal")                                     \
    X(effectiveness, "index", 0.01, 10, 0.6, 0, "each side's effectiveness at the deal")                         \
    X(exhaustion, "index", 0, 1, 0.3, 0, "each side's exhaustion at the deal (its home front's morale is 1 minus it)") \
    X(loss_share_per_day, "1/day", 0, 0.05, 0.003, 0, "a renewed war's daily losses of each side, as a share of its line at equal forces") \
    X(gain_km2_per_day, "km2/day", 0, 1e4, 11, 0, "ground a renewed war's attacker takes per day at equal effective forces") \
    X(contested_km2, "km2", 1, 1e7, 5800, 0, "ground whose taking would give the attacker its ideal terms (the defender its worst)") \
    X(terms_attacker, "utility", -10, 1, 0.5, 0, "the terms' utility flow to the attacker")                      \
    X(terms_defender, "utility", -10, 1, 0.5, 0, "the terms' utility flow to the defender")

/* A historical case's covariates (docs/backtest.md rule C5): what the literature codes of an
** agreement and its war. The model reads them through rule C8's map (pl_settle_case_params); the
** regression baselines read them as they are. */
#define PL_SETTLE_COVARIATE_PARAMS(X)                                                                           \
    X(peacekeepers, "level", 0, 3, 0, 0, "0 none, 1 unarmed observers, 2 armed force interposed, 3 great-power force or treaty troops") \
    X(dmz, "0/1", 0, 1, 0, 0, "a demilitarised, buffer or limitation zone in the agreement")                     \
    X(third_party_guarantee, "0/1", 0, 1, 0, 0, "an outside state guarantees, or a great power's defence treaty") \
    X(joint_commission, "0/1", 0, 1, 0, 0, "a joint commission of the sides for disputes and violations")        \
    X(battle_deaths, "persons", 1, 1e8, 10000, 0, "the war's battle deaths, both sides")                         \
    X(decisive, "0/1", 0, 1, 0.5, 0, "one side won militarily (read as yes above 0.5)")                          \
    X(prior_war, "0/1", 0, 1, 0.5, 0, "the two sides fought a war before this one, since 1900")                 \
    X(capability_ratio, "ratio", 0.001, 1000, 1, 0, "the attacker's troops in the war over the defender's")      \
    X(democracy, "count", 0, 2, 1, 0, "democracies among the two sides at the agreement")                       \
    X(territorial, "0/1", 0, 1, 0.5, 0, "the war was fought over territory (read as yes above 0.5)")

#define PL_SETTLE_DECLARE_FIELD_(name, units, lo, hi, deflt, req, help) double name;

typedef struct pl_settle_negotiation { PL_SETTLE_NEGOTIATION_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_negotiation;
typedef struct pl_settle_valuation { PL_SETTLE_VALUATION_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_valuation;
typedef struct pl_settle_collapse_p { PL_SETTLE_COLLAPSE_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_collapse_p;
typedef struct pl_settle_beliefs { PL_SETTLE_BELIEFS_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_beliefs;
typedef struct pl_settle_territory { PL_SETTLE_TERRITORY_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_territory;
/* A security guarantee, the one type for it: the scenario's settle.guarantee fields (strength: the
** ladder's rung, or -1 to use the components; guarantee.c resolves the rung once, when a run's
** parameters are made) and doubt, 1 − pl_resolve_factor: the share of the credibility the signals
** about the guarantor's resolve leave in doubt (aims.h; 0 when its resolve is known). */
typedef struct pl_guarantee {
    PL_SETTLE_GUARANTEE_PARAMS(PL_SETTLE_DECLARE_FIELD_)
    double doubt;
} pl_guarantee;
typedef struct pl_settle_postdeal { PL_SETTLE_POSTDEAL_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_postdeal;
typedef struct pl_settle_aims_p { PL_SETTLE_AIMS_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_aims_p;
typedef struct pl_settle_resolve { PL_SETTLE_RESOLVE_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_resolve;
typedef struct pl_settle_case_p { PL_SETTLE_CASE_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_case_p;
typedef struct pl_settle_covariates { PL_SETTLE_COVARIATE_PARAMS(PL_SETTLE_DECLARE_FIELD_) } pl_settle_covariates;

enum { PL_SETTLE_MAX_ACTORS = 16, PL_SETTLE_MAX_HYPOTHESES = 16 };

/* The declared aims hypotheses with this run's values, in declaration order. */
typedef struct pl_settle_hypotheses {
    size_t n;
    double prior[PL_SETTLE_MAX_HYPOTHESES];
    double subordination[PL_SETTLE_MAX_HYPOTHESES];
    double leverage[PL_SETTLE_MAX_HYPOTHESES];
    int defender[PL_SETTLE_MAX_HYPOTHESES]; /* 1: about the defender's aims, 0: the attacker's */
    long taken;                             /* the run's hypothesis, −1 when none is declared */
} pl_settle_hypotheses;

/* Every numeric setting of the settle model; plain data. */
typedef struct pl_settle_values {
    pl_settle_negotiation negotiation;
    pl_settle_valuation valuation;
    pl_settle_collapse_p collapse;
    pl_settle_beliefs beliefs;
    pl_settle_territory territory;
    pl_guarantee guarantee;
    pl_settle_postdeal postdeal;
    pl_settle_aims_p aims;
    pl_settle_resolve resolve;
    pl_settle_hypotheses hyp;
    double resolve_posterior; /* the attacker's belief that the guarantor is resolute, after the signals */
    pl_settle_case_p cases; /* historical cases only */
    pl_settle_covariates covariates; /* historical cases only */
    double capability[PL_SETTLE_MAX_ACTORS]; /* settle.actors.<id>.capability, in framework actor order */
} pl_settle_values;

/* The `settle:` section: the fields framework (path, relative to the scenario), model, terms,
** rule, start, drop/defer/bracket/set (narrowing), and the sections negotiation, valuation,
** collapse, beliefs, territory, guarantee, postdeal and actors (keyed by framework actor id). */
extern const pl_section_schema pl_settle_section;

/* Refuses a signal (settle.signals.<id>.date) dated after the scenario's as_of, and more
** hypotheses than PL_SETTLE_MAX_HYPOTHESES, at their place in the file. */
pl_status pl_settle_check_aims(const pl_scenario *sc, pl_error *err);

/* The schema {sides, third_parties, settle} of a settle scenario. */
const pl_scenario_schema *pl_settle_schema(void);

/* The `case:` section of a historical case file: fields attacker, defender, agreement,
** mechanism, resumed, resumed_on, outcome, coding, sources; the parameters of
** PL_SETTLE_CASE_PARAMS; and the sections valuation, guarantee, postdeal and covariates. */
extern const pl_section_schema pl_settle_case_section;

/* The schema {case} of a historical case file. */
const pl_scenario_schema *pl_settle_case_schema(void);

/* Fills v from a scenario and a value per parameter (values[i] for sc->param[i]). actor_ids
** lists the framework's actors in order: settle.actors.<id> entries map onto them, an id the
** framework lacks is an error with its location, and an actor absent from the file gets
** capability 1. */
pl_status pl_settle_values_from_scenario(const pl_scenario *sc, const double *values, char *const *actor_ids,
                                         size_t n_actors, pl_settle_values *v, pl_error *err);

#endif
