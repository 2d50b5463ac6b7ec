/*
** settle.h — the pieces of the war-termination model that are pure functions: the value of a
** deal's terms to each actor, the negotiated terms of a framework (through a bargaining model),
** security guarantees and their credibility, the attacker's choice of when (if ever) to renew the
** war after a deal given the values of renewing it (parley/renewal.h), and the value of fighting on.
** Layer: models. Public API. Equations and citations: docs/models/settle.md.
**
** Units. Time in years unless a name says otherwise. Values are in "years of the stakes": a
** flow of utility 1 per year (an actor's ideal on every point) held for one year is worth 1.
** Utilities of terms are in [0, 1] less any red-line costs.
*/
#ifndef PARLEY_SETTLE_H
#define PARLEY_SETTLE_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/bargain.h"
#include "parley/error.h"
#include "parley/framework.h"
#include "parley/settle_model.h"
#include "parley/stakeholders.h"

/* ---- Terms and their value (deal.c) ----------------------------------------------------- */

/* Actor i's utility of terms x[n_points]: the salience-weighted mean over the points i takes
** part in (guarantee point excluded) of 1 − |x_d − ideal_id|/(hi_d − lo_d), less red_cost for
** each red line x crosses. sal[n_actors × n_points] overrides the framework's saliences (NULL:
** the framework's). *n_crossed (may be NULL) receives the number of red lines crossed. */
double pl_deal_utility(const pl_framework *fw, const double *sal, const double *x, size_t i, double red_cost,
                       int *n_crossed);

/* The terms nobody agreed to: every point at its status quo. */
void pl_deal_status_quo(const pl_framework *fw, double *x);

/* The terms a side imposes by winning the war: its ideal where it has a position, the status
** quo elsewhere. */
void pl_deal_imposed(const pl_framework *fw, size_t winner, double *x);

/* The bargaining table of a framework: the actors over the points on the table (IN and
** BRACKETED, guarantee point excluded, points with nobody present excluded). An actor that holds
** the proposal takes the proposal as its position on IN points and sits out BRACKETED ones. */
typedef struct pl_deal_table {
    pl_stakeholders *s; /* n_actors × n_dims; capabilities set per round */
    size_t *point;      /* [n_dims] the framework point of each dimension */
    size_t n_dims;
} pl_deal_table;

/* Builds the table for fw with saliences sal (NULL: the framework's). */
pl_status pl_deal_table_create(const pl_framework *fw, const double *sal, pl_deal_table *t, pl_error *err);
void pl_deal_table_free(pl_deal_table *t);

/* Negotiated terms: runs type on the table with capability cap[n_actors] (every dimension) and
** writes x[n_points]: the forecast on the points on the table, the status quo elsewhere (with
** sq_override[n_points] used for the status quo when not NULL), and `guarantee_value` on the
** guarantee point. */
pl_status pl_deal_negotiate(const pl_framework *fw, pl_deal_table *t, const double *cap, const pl_bargain_type *type,
                            const pl_optset *opts, gsl_rng *rng, const double *sq, double guarantee_value, double *x,
                            pl_error *err);

/* The plan's own text taken as the terms: proposals on IN points, the status quo elsewhere
** (bracketed points are open, so the status quo holds until agreed). */
void pl_deal_proposal(const pl_framework *fw, const double *sq, double guarantee_value, double *x);

/* The point's value when the deal's army cap binds (PL_EFFECT_ARMY_CAP), in persons; HUGE_VAL
** when the framework has no such point. */
double pl_deal_army_cap(const pl_framework *fw, const double *x);

/* ---- Security guarantees (guarantee.c) --------------------------------------------------- */

/* pl_guarantee, the guarantee in the terms of the debate, is declared with the scenario's fields
** it reads (settle_model.h). */

/* The guarantee ladder: strength code s in [0, 5] (0 none, 1 political assurances, 2 monitors
** and a conditional pledge, 3 an armed buffer force, 4 a great-power pledge with an observer
** force, 5 a treaty ally with troops in place) interpolated linearly into p_fight, forces,
** automaticity and power; the other fields of g are kept. The rungs are in docs/models/settle.md
** §4 and are the coding the historical cases use too. */
void pl_guarantee_from_strength(double s, pl_guarantee *g);

/* The name of rung k of the ladder ("armed buffer force"), NULL when k is not 0 to 5. */
const char *pl_guarantee_rung_name(int k);

/* The rung of the ladder whose fresh credibility (attention 1, t = 0) equals g's, found by
** bisection (credibility rises along the ladder); 0 or 5 at the ends. */
double pl_guarantee_equivalent_strength(const pl_guarantee *g);

/* Attention t years after the deal with no events: floor + (a0 − floor)·2^(−t/half_life). */
double pl_guarantee_attention(const pl_guarantee *g, double a0, double t);

/* The reassurance force still deployed at attention a and time t: forces·a while in force, 0
** after the guarantee expires. */
double pl_guarantee_forces(const pl_guarantee *g, double a, double t);

/* Probability the guarantor fights a war renewed at time t with attention a:
** 1 − (1 − P_pol)(1 − P_trip), P_pol = p_fight·(automaticity + (1 − automaticity)·a) while in
** force (0 after), P_trip = 1 − exp(−forces_t/tripwire_scale). */
double pl_guarantee_credibility(const pl_guarantee *g, double a, double t);

/* ---- When the attacker renews the war (accept.c) ------------------------------------------ */

/* The post-deal world at one month, for the report: effective forces (persons × effectiveness)
** and what the guarantor brings if it fights. The renewed war itself is the war model run forward
** (parley/renewal.h; docs/models/settle.md §5). */
typedef struct pl_postdeal_month {
    double s_attacker, s_defender; /* effective forces */
    double credibility;            /* probability the guarantor fights */
    double guarantor_power;        /* what the guarantor adds if it fights (same units as forces) */
} pl_postdeal_month;

typedef enum pl_commitment_rule {
    PL_COMMIT_FIXED = 0, /* the deal's terms cannot be revised: the attacker holds an option to attack */
    PL_COMMIT_POWELL     /* Powell (2006): the defender may concede up to all it can credibly promise */
} pl_commitment_rule;

/* The attacker's choice over months 0..n−1 given lump war values va[], vd[] (attacker's and
** defender's) and the monthly flow of the deal's terms fa (attacker) per month, discount per
** month dm. FIXED: optimal stopping, attack at the first t where va[t] > Π_t with
** Π_t = fa + dm·max(va[t+1], Π_{t+1}) and Π_{n−1} = fa/(1 − dm) (peace beyond the horizon).
** POWELL: war at the first t where va[t] > fa_total + dm(F/(1 − dm) − vd[t+1]), F the whole
** monthly flow (1/12 of a year of stakes in these units; 1 in Powell's own units).
** Returns the month or −1; *value (may be NULL) receives the attacker's value of the deal at
** month 0, max(va[0], Π_0) under FIXED. */
long pl_postdeal_first_attack(pl_commitment_rule rule, const double *va, const double *vd, size_t n, double fa,
                              double whole_flow, double dm, double *value);

/* The defender's value at month 0 of a deal that the attacker ends at month tau (−1: never
** within n): flows fd until tau, then vd[tau]; peace forever after n when never. */
double pl_postdeal_defender_value(const double *vd, size_t n, long tau, double fd, double dm);

/* ---- Fighting on (accept.c) -------------------------------------------------------------- */

/* A side breaks (concedes everything) with a yearly hazard that rises with its exhaustion e:
** rate_max / (1 + exp(−(e − e_half)/width)). */
typedef struct pl_collapse {
    double rate_max, e_half, width;
} pl_collapse;

double pl_collapse_hazard(const pl_collapse *c, double e);

/* Accumulates the value of fighting on, one period at a time (Powell 2004's reduced form
** generalised to time-varying hazards): value += disc·S·(flow + h_win·v_win + h_lose·v_lose),
** S *= 1 − h_win − h_lose, disc *= d. */
typedef struct pl_fight_value {
    double value, survival, disc;
} pl_fight_value;

void pl_fight_value_start(pl_fight_value *fv);
void pl_fight_value_add(pl_fight_value *fv, double flow, double h_win, double h_lose, double v_win, double v_lose,
                        double d);
/* Closes the sum with the stationary tail (flow + h_win v_win + h_lose v_lose)/(1 − d(1 − h_win − h_lose))
** from the last period's flow and hazards; returns the value. */
double pl_fight_value_finish(pl_fight_value *fv, double flow, double h_win, double h_lose, double v_win, double v_lose,
                             double d);

#endif
