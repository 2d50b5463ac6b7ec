/*
** settle_postdeal.h — the world after a deal, month by month: both sides rebuild, the
** guarantor's attention fades, and the attacker weighs renewing the war against waiting. A
** renewed war is the war model itself, run forward (mean-field) from the rebuilt state.
** Layer: simulation. Internal to the settle runs (settle_sim.c, settle_case.c).
**
** Forces (docs/models/settle.md §5): the attacker's grows logistically toward a ceiling at its
** recruitment rate and refits toward its readiness; the defender demobilises toward its peace
** army (capped by the deal) and recovers, lifted by Western aid in proportion to attention.
** The renewed war (§5): at two renewal dates (knots: at the deal, and once both armies are
** rebuilt) the war model's state at the deal is rebuilt to the forces of that date (line and
** reserve, fatigue recovered, home fronts settled, third-party attention at the guarantor's) and
** run mean-field for postdeal.renewed_war_years, once with the guarantor's force in the line and
** once without; each month's exhaustion gives both sides' collapse hazards (§3), and the front
** gives the ground. The outcomes (pl_renewal_outcome) are interpolated between the knots by the
** progress of the refit and mixed by the probability that the guarantor fights (pl_postdeal_renewal).
*/
#ifndef PARLEY_SETTLE_POSTDEAL_H
#define PARLEY_SETTLE_POSTDEAL_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"
#include "parley/renewal.h"
#include "parley/settle.h"
#include "parley/settle_model.h"
#include "parley/war_model.h"

enum { PD_KNOTS = 2, PD_ALONE = 0, PD_FIGHTS = 1 };

/* The attacker reviews its plan every quarter after a deal; a plan within the quarter is carried out. */
enum { PD_REVIEW_MONTHS = 3 };

/* A side's utility of the deal's terms with the ceasefire line moved by km2 of the attacker's
** net gains (red lines charged where the moved terms cross them). */
typedef double (*pl_postdeal_utility_fn)(const void *ctx, int side, double km2);

/* What the post-deal world starts from. */
typedef struct pl_postdeal_start {
    double na0, qa0, nd0, qd0; /* forces (persons) and effectiveness of each side at the deal */
    double ua, ud;             /* utility flows of the terms to each side */
    double u_lose_a, u_lose_d; /* each side's utility of the terms the other would impose */
    double cap;                /* the deal's army cap on the defender's whole army (persons; HUGE_VAL none) */
    double base_a, base_d;     /* base effectiveness of each side */
    const pl_war_state *war;   /* the war model's state at the deal, the renewed war's starting point */
    pl_postdeal_utility_fn utility_at;  /* NULL: the ground a renewed war takes does not change the terms' value */
    const void *utility_ctx;
    unsigned terms_id;         /* the same id as the previous start: the same terms (the renewed war's
                               ** values are then kept); 0: always value them anew */
    double win_extra_a, win_extra_d; /* what each side's aims add to the flow of terms it imposes by war (aims.h) */
} pl_postdeal_start;

/* A workspace for one run: time factors, the current world, the renewed war's runs and values. */
typedef struct pl_postdeal_world {
    const pl_settle_values *v;
    const pl_guarantee *g;
    const pl_war_params *war;  /* the war model's parameters (the renewed war is fought with them) */
    pl_commitment_rule rule;
    size_t n;                  /* months covered: the horizon followed plus the look-ahead */
    size_t lookahead;          /* months the attacker looks ahead */
    double dm, pv;             /* monthly discount; value of a flow of 1 a year forever */
    double *decay_na, *decay_nd, *decay_q, *keep, *va, *vd; /* [n] */
    double *v_side[2][2];      /* [n] value of a renewal at month k to [side] with [PD_ALONE/PD_FIGHTS] */
    pl_postdeal_start st;
    double na_ceiling, nd_target, fa, fd;
    /* The renewed war at the knots: month of each knot, and per knot and guarantor case the war
    ** model's monthly mean exhaustion of each side and the attacker's net ground at month's end. */
    size_t war_months;
    size_t knot[PD_KNOTS];
    double *run;               /* [PD_KNOTS][2][3][war_months] */
    int runs_valid;            /* the runs are made once per world (docs/models/settle.md §5) */
    int values_valid;          /* table and v_side hold the values of the terms st.terms_id */
    pl_renewal_outcome table[PD_KNOTS][2];
} pl_postdeal_world;

/* A world followed for up to horizon months (the attacker looks postdeal.projection_years
** ahead from any of them); its renewed wars are fought with the war model's parameters war. */
pl_status pl_postdeal_init(pl_postdeal_world *w, const pl_settle_values *v, const pl_guarantee *g, const pl_war_params *war,
                  pl_commitment_rule rule, size_t horizon, pl_error *err);
void pl_postdeal_free(pl_postdeal_world *w);

/* Sets the world to start from st (a deal just signed). The renewed war's runs are made from
** the first start a world is given (st->war and its forces) and kept for later starts: the
** rounds of a run move the forces by a few per cent, and a run's renewal runs cost more than
** everything else in it. The values are found anew from each start's terms (kept when the start
** says its terms are those of the previous start: st->terms_id, nonzero, unchanged). */
void pl_postdeal_begin(pl_postdeal_world *w, const pl_postdeal_start *st);

/* Month k of the world, with attention a_k. */
pl_postdeal_month pl_postdeal_month_at(const pl_postdeal_world *w, size_t k, double a_k);

/* The outcome of a war renewed at month k when the guarantor fights with probability p_fight
** (the credibility pl_postdeal_month_at gives, or a belief about it): the tabulated outcomes interpolated
** between the knots by the share of the refit done by month k (held beyond the last knot) and
** mixed by p_fight. The projections use the attacker's and defender's values of it. */
void pl_postdeal_renewal(const pl_postdeal_world *w, size_t k, double p_fight, pl_renewal_outcome *out);

/* Fills the values of a renewed war for the look-ahead from month t0, attention a at t0 fading
** without shocks;
** returns the attacker's planned attack (months after t0, −1 never). *value_a (may be NULL):
** the attacker's value of the deal from t0; *first (may be NULL): month t0. */
long pl_postdeal_project(pl_postdeal_world *w, size_t t0, double a, double *value_a, pl_postdeal_month *first);

/* The defender's value of the deal given the planned attack tau of the last projection from 0. */
double pl_postdeal_defender_value_at(const pl_postdeal_world *w, long tau);

/* The realised path: attention with log-normal shocks, the attacker reviewing its plan every
** quarter on its projection from there (a plan to attack within the quarter is carried out). The
** month of the attack within horizon months (at most the horizon pl_postdeal_init was given), or −1. */
long pl_postdeal_realised(pl_postdeal_world *w, size_t horizon, gsl_rng *rng);

#endif
