/*
** settle_postdeal.h — the world after a deal, month by month: both sides rebuild, the
** guarantor's attention fades, and the attacker weighs renewing the war against waiting.
** Layer: simulation. Internal to the settle runs (settle_sim.c, settle_case.c).
**
** Forces (docs/models/settle.md §5): the attacker's grows logistically toward a ceiling at its
** recruitment rate and its effectiveness recovers to its refitted level; the defender demobilises
** toward its peace army (capped by the deal) and its effectiveness recovers, lifted by Western
** aid in proportion to attention.
*/
#ifndef PARLEY_SETTLE_POSTDEAL_H
#define PARLEY_SETTLE_POSTDEAL_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"
#include "parley/settle.h"
#include "parley/settle_model.h"

/* What the post-deal world starts from. */
typedef struct pd_start {
    double na0, qa0, nd0, qd0; /* forces (persons) and effectiveness of each side at the deal */
    double ea, ed;             /* exhaustion at the deal: how costly a renewed war is to each */
    double ua, ud;             /* utility flows of the terms to each side */
    double u_lose_d;           /* the defender's utility of the terms the attacker would impose */
    double cap;                /* the deal's army cap on the defender's whole army (persons; HUGE_VAL none) */
    double base_a, base_d;     /* base effectiveness of each side */
    double win_extra_a;        /* what the attacker's aims add to the flow of terms imposed by war (aims.h) */
} pd_start;

/* A workspace for one run: time factors, the current world and the values of a renewed war. */
typedef struct pd_world {
    const pl_settle_values *v;
    const pl_guarantee *g;
    pl_commitment_rule rule;
    size_t n;                  /* months covered: the horizon followed plus the look-ahead */
    size_t lookahead;          /* months the attacker looks ahead */
    double dm, pv;             /* monthly discount; value of a flow of 1 a year forever */
    double *decay_na, *decay_nd, *decay_q, *keep, *va, *vd; /* [n] */
    double *p_fresh;           /* [lookahead] the attacker's chances in the projection from month 0 at
                               ** full attention, kept while the forces at the deal stay the same */
    int p_fresh_valid;
    pd_start st;
    double na_ceiling, nd_target, fa, fd;
    pl_renewal_terms rt;
} pd_world;

/* A world followed for up to horizon months (the attacker looks postdeal.projection_years
** ahead from any of them). */
pl_status pd_init(pd_world *w, const pl_settle_values *v, const pl_guarantee *g, pl_commitment_rule rule,
                  size_t horizon, pl_error *err);
void pd_free(pd_world *w);

/* Sets the world to start from st (a deal just signed). */
void pd_begin(pd_world *w, const pd_start *st);

/* Month k of the world, with attention a_k. */
pl_postdeal_month pd_month(const pd_world *w, size_t k, double a_k);

/* Fills the values of a renewed war for the look-ahead from month t0, attention a at t0 fading
** without shocks;
** returns the attacker's planned attack (months after t0, −1 never). *value_a (may be NULL):
** the attacker's value of the deal from t0; *first (may be NULL): month t0. */
long pd_project(pd_world *w, size_t t0, double a, double *value_a, pl_postdeal_month *first);

/* The defender's value of the deal given the planned attack tau of the last projection from 0. */
double pd_defender_value(const pd_world *w, long tau);

/* The realised path: attention with log-normal shocks, the attacker reviewing its plan every
** quarter on its projection from there (a plan to attack within the quarter is carried out). The
** month of the attack within horizon months (at most the horizon pd_init was given), or −1. */
long pd_realised(pd_world *w, size_t horizon, gsl_rng *rng);

#endif
