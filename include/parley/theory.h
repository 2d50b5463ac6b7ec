/*
** theory.h — closed-form results of the bargaining theory of war that the settle models build on
** and that the tests check against published or derived numbers: Fearon's bargaining range and
** take-it-or-leave-it offer, Powell's shifting-power condition, the reduced form of bargaining
** while fighting, the battle random walk, the Bayesian update after battles, the war of
** attrition, and the race between two collapse hazards.
** Layer: models. Public API.
**
** Every function is pure. Notation and worked numbers follow docs/models/settle.md §1 and
** war-termination.md §1, §2, §5 and §7 (test vectors T1-T10, T15).
*/
#ifndef PARLEY_THEORY_H
#define PARLEY_THEORY_H

#include <stddef.h>

#include "parley/error.h"

/* Fearon (1995): A wins a war with probability p, wars cost cA and cB (shares of the prize).
** The deals both sides prefer to war are x in [p − cA, p + cB] (x is A's share). */
void pl_fearon_range(double p, double cA, double cB, double *lo, double *hi);

/* Fearon (1995), one-sided private information: B's cost is uniform on [0, cbar]; A offers
** x, B accepts iff cB ≥ x − p. A's expected utility of offering x. */
double pl_fearon_offer_value(double x, double p, double cA, double cbar);

/* The offer maximising pl_fearon_offer_value: x* = p + max(0, (cbar − cA)/2), with the
** resulting probability of war (x* − p)/cbar and A's expected utility. Any pointer may be NULL.
** PL_EDOM when cbar ≤ 0 or a cost is negative. */
pl_status pl_fearon_offer(double p, double cA, double cbar, double *x, double *p_war, double *eu, pl_error *err);

/* Powell (2006), costly-lottery parametrisation: the present value a state locks in by fighting
** at t, p/(1 − δ) − c (c a lump-sum cost). */
double pl_powell_lockin(double p, double delta, double c);

/* The most the other state can credibly promise A at t: 1 + δ(1/(1 − δ) − M^B_{t+1}). */
double pl_powell_best_peace(double delta, double mB_next);

/* 1 if bargaining fails at t when A's win probability moves from p to p_next:
** δ(1 − p_next) − (1 − p) > (1 − δ)(cA + δ cB). */
int pl_powell_war(double delta, double p, double p_next, double cA, double cB);

/* The post-shift value below which war follows: 1 − [(1 − p) + (1 − δ)(cA + δ cB)]/δ. */
double pl_powell_critical(double delta, double p, double cA, double cB);

/* The first period t in [0, n − 1) at which pl_powell_war holds along the path p[0..n−1],
** or −1 if none (a gradual slide). */
long pl_powell_first_war(double delta, const double *p, size_t n, double cA, double cB);

/* The reduced form of Powell (2004) used for bargaining while fighting (war-termination.md
** §2.2): a round of war ends decisively with probability rho, the side wins then with
** probability q, each round costs it c, discount delta. Value of fighting to the end:
** (rho q − c)/(1 − delta (1 − rho)). */
double pl_bwf_value(double rho, double q, double c, double delta);

/* A's choice against a two-type informed side B (costs c_strong < c_weak, prior P(strong) = pi). */
typedef struct pl_bwf_screen {
    double w_strong, w_weak, w_a; /* values of fighting to the end */
    double m_weak;                /* the screening offer, the weak type's value of mimicking */
    double pool, screen;          /* A's payoff from pooling and from screening */
    double pi_star;               /* the prior above which A pools */
    int screens;                  /* 1 if screening pays at pi */
} pl_bwf_screen;

void pl_bwf_screen_solve(double rho, double q, double c_strong, double c_weak, double c_a, double delta,
                         double pi, pl_bwf_screen *out);

/* The battle random walk (gambler's ruin): from front position k of N, a battle is won with
** probability p. Probability of reaching N before 0, and the expected number of battles. */
double pl_ruin_win(double p, long k, long N);
double pl_ruin_battles(double p, long k, long N);

/* Bayes after w won and l lost battles: prior mu that the side is the high type (wins a battle
** with probability p_high) against the low type (p_low). */
double pl_battle_posterior(double mu, double p_high, double p_low, long w, long l);

/* War of attrition, complete information: a player whose opponent values the prize at V_other
** and pays c_other per unit time concedes at hazard c_other/V_other (symmetric: c/V). */
double pl_attrition_hazard(double c_other, double v_other);
/* Symmetric case: expected duration V/(2c) (the minimum of two exponential clocks). */
double pl_attrition_duration(double v, double c);

/* War of attrition with private values v ~ F iid, cost 1 per unit time: the equilibrium
** stopping time T(v) = ∫_0^v x f(x)/(1 − F(x)) dx, integrated with GSL QAGS for the uniform
** law on [0, 1] when closed == 0, or as −v − ln(1 − v) when closed == 1. PL_EDOM for v
** outside [0, 1). */
pl_status pl_attrition_stop_uniform(double v, int closed, double *t, pl_error *err);

/* Two sides that collapse independently with probabilities a (side 1) and b (side 2) each
** round; a round where both or neither collapse goes on (PsychSim's Powell variant). Side 1's
** probability of winning, the expected rounds to a decisive end, and the probability the war is
** undecided after `rounds` rounds. PL_EDOM when no round can be decisive. */
pl_status pl_collapse_race(double a, double b, long rounds, double *p_win, double *e_rounds, double *p_undecided,
                           pl_error *err);

/* The value of waiting one round for a signal about the guarantor's resolve before deciding
** (the learning logic of Filson & Werner 2002 and Slantchev 2003 in Powell's 2004 reduced form):
** the attacker believes the guarantor resolute with probability mu; a deal is worth v_res to it
** if the guarantor is resolute and v_irr if not; fighting on is worth w. Next round (discount
** delta, a round of war costing c) it observes a signal, seen with probability p_res if the
** guarantor is resolute and p_irr if not, updates mu by Bayes' rule and chooses again. Returns
** delta·E[max(deal(mu'), w)] − c − max(deal(mu), w): positive when waiting for softer terms (or
** for the guarantor's weakness to show) is worth more than deciding now. */
double pl_learning_wait_value(double mu, double v_res, double v_irr, double w, double p_res, double p_irr, double delta,
                              double c);

#endif
