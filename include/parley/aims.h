/*
** aims.h — rival hypotheses about what a belligerent fights for, and the attacker's belief about
** the guarantor's resolve, learnt from dated public signals.
** Layer: models. Public API. Equations: docs/models/settle.md §10 (aims) and §11 (resolve).
**
** A hypothesis changes what a side values, never how it decides: every side still accepts a deal
** when the deal's value is at least that of fighting on (settle.md §3). The *limited* hypothesis
** values the framework's points only. The *revisionist* one adds the value of controlling the
** defender's alignment (Powell 2006, "War as a commitment problem", International Organization
** 60(1): a state that expects the other to grow stronger fights to prevent it): a flow of
** subordination sigma a year, which a guarantee that will be honoured removes for its duration,
** and a flow of peacetime leverage lambda·w over a neighbour weakened to w (0 intact, 1 defeated).
** Values are in years of the stakes (settle.h), like the points' utility.
*/
#ifndef PARLEY_AIMS_H
#define PARLEY_AIMS_H

#include <stddef.h>

/* What a hypothesis adds to its side's values (both zero: limited aims). */
typedef struct pl_aims {
    double subordination; /* sigma: a year of control of the defender's alignment, in years of the stakes */
    double leverage;      /* lambda: a year of leverage over a fully defeated neighbour */
} pl_aims;

/* The yearly flow the aims add to the side's value of a deal, as the constant flow with the same
** present value: sigma·(1 − phi·(1 − delta^D)) + lambda·w. phi is the probability (as the side
** reads it) that the guarantor fights while the guarantee is in force, D its duration in years,
** delta the yearly discount factor, w the defender's weakness under the terms (0 to 1). */
double pl_aims_deal_flow(const pl_aims *a, double phi, double duration_years, double delta, double w);

/* The yearly flow the aims add once the side has imposed its terms by war: sigma + lambda (no
** guarantee survives the defeat, the neighbour is fully weakened). */
double pl_aims_win_flow(const pl_aims *a);

/* The defender's weakness under terms that cap its army: w = 1 − min(1, min(peace, cap)/wartime),
** 0 when wartime ≤ 0. */
double pl_aims_weakness(double peace_force, double cap, double wartime_force);

/* The hypothesis that a uniform u in [0, 1) picks when hypothesis k has prior weight prior[k]
** (weights need not sum to 1; negative ones count as 0): the first k whose cumulative share
** exceeds u. n must be > 0; all-zero weights pick 0. */
size_t pl_aims_pick(const double *prior, size_t n, double u);

/* Bayes' rule over the guarantor's type (resolute: fights a renewed war as the guarantee says;
** irresolute: does not) after n independent signals, signal k observed with probability
** p_res[k] if the guarantor is resolute and p_irr[k] if not: the posterior probability of the
** resolute type. Returns prior when n = 0, and prior as well when every likelihood is zero
** (the signals then say nothing the model can weigh). */
double pl_resolve_posterior(double prior, const double *p_res, const double *p_irr, size_t n);

/* One signal during talks (settle.md §11): a guarantor of the given type (resolute nonzero) shows
** firmness with probability p_res (resolute) or p_irr (not); u, uniform in [0, 1), draws whether it
** does, and the belief mu is updated by Bayes' rule on what was seen. Sets *seen when not NULL. */
double pl_resolve_talk_step(double mu, int resolute, double p_res, double p_irr, double u, int *seen);

/* The factor on the guarantee's credibility as the attacker reads it: mu + (1 − mu)·kappa, where
** mu is its belief that the guarantor is resolute and kappa the irresolute type's chance of
** fighting relative to the resolute type's. */
double pl_resolve_factor(double mu, double kappa);

#endif
