/*
** aims.c — the value the aims hypotheses add to a side's stakes, and Bayes' rule over the
** guarantor's resolve (aims.h).
** Layer: models.
**
** Equations: docs/models/settle.md §10 (revisionist value, after Powell 2006) and §11 (resolve,
** the two-type updating of Powell 2004 and Slantchev 2003 with a guarantor in place of a rival).
*/
#include "parley/aims.h"

#include <math.h>

double pl_aims_deal_flow(const pl_aims *a, double phi, double duration_years, double delta, double w)
{
    /* A flow removed for D years out of forever: its share of the present value is 1 − delta^D. */
    double removed = duration_years > 0 ? phi * (1 - pow(delta, duration_years)) : 0;
    return a->subordination * (1 - removed) + a->leverage * w;
}

double pl_aims_win_flow(const pl_aims *a) { return a->subordination + a->leverage; }

double pl_aims_weakness(double peace_force, double cap, double wartime_force)
{
    if (!(wartime_force > 0)) return 0;
    double kept = fmin(peace_force, cap) / wartime_force;
    return 1 - fmin(1, fmax(0, kept));
}

size_t pl_aims_pick(const double *prior, size_t n, double u)
{
    double total = 0;
    for (size_t k = 0; k < n; k++) total += prior[k] > 0 ? prior[k] : 0;
    if (!(total > 0)) return 0;
    double cum = 0;
    for (size_t k = 0; k < n; k++) {
        cum += prior[k] > 0 ? prior[k] : 0;
        if (u * total < cum) return k;
    }
    return n - 1;
}

double pl_resolve_posterior(double prior, const double *p_res, const double *p_irr, size_t n)
{
    /* In log odds, so that many signals cannot underflow the products. */
    if (!(prior > 0) || !(prior < 1)) return prior;
    double lo = log(prior) - log1p(-prior);
    for (size_t k = 0; k < n; k++) {
        if (p_res[k] == 0 && p_irr[k] == 0) continue;
        if (p_irr[k] == 0) return 1;
        if (p_res[k] == 0) return 0;
        lo += log(p_res[k]) - log(p_irr[k]);
    }
    return lo > 0 ? 1 / (1 + exp(-lo)) : exp(lo) / (1 + exp(lo));
}

double pl_resolve_factor(double mu, double kappa) { return mu + (1 - mu) * kappa; }

double pl_resolve_talk_step(double mu, int resolute, double p_res, double p_irr, double u, int *seen)
{
    int s = u < (resolute ? p_res : p_irr);
    if (seen) *seen = s;
    double lr = s ? p_res : 1 - p_res, li = s ? p_irr : 1 - p_irr;
    return pl_resolve_posterior(mu, &lr, &li, 1);
}
