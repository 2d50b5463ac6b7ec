/*
** guarantee.c — security guarantees stated in the terms of the debate (who fights with what
** probability, with how many troops in place, how automatically, for how long) and their
** credibility as the guarantor's attention fades.
** Layer: models.
**
** Credibility (docs/models/settle.md §4): the guarantor fights a renewed war either because its
** government decides to (P_pol, the stated probability, kept up by automaticity and otherwise
** eroded with attention) or because troops already in the way are engaged (P_trip, Schelling's
** trip-wire, 1966): φ = 1 − (1 − P_pol)(1 − P_trip). Attention halves every half_life years
** (the drawdown of IFOR 60,000 → SFOR 12,000 in seven years, scenario-facts.md §7, is the
** pattern); deployed forces are drawn down with it.
*/
#include "parley/settle.h"

#include <math.h>

/* The ladder's rungs: p_fight, forces, automaticity, power (docs/models/settle.md §4, table 2). */
static const double rungs[6][4] = {
    {0.00, 0, 0.0, 0.00},     /* 0 none */
    {0.05, 0, 0.0, 0.25},     /* 1 political assurances: Budapest 1994, Minsk I */
    {0.15, 0, 0.1, 0.50},     /* 2 monitors and a conditional pledge: Minsk II, 28-point art. 10 */
    {0.30, 5000, 0.3, 0.50},  /* 3 an armed buffer force: Cyprus (UNFICYP) */
    {0.55, 15000, 0.6, 1.00}, /* 4 a great-power pledge with an observer force: Egypt-Israel (MFO, US) */
    {0.90, 60000, 1.0, 2.00}, /* 5 a treaty ally with troops in place: Korea 1953, Dayton 1995 */
};

static const char *const rung_names[6] = {"none", "political assurances", "monitors and a conditional pledge",
                                          "armed buffer force", "great-power pledge, observer force",
                                          "treaty ally, troops in place"};

const char *pl_guarantee_rung_name(int k) { return k >= 0 && k <= 5 ? rung_names[k] : NULL; }

void pl_guarantee_from_strength(double s, pl_guarantee *g)
{
    if (!(s > 0)) s = 0;
    if (s > 5) s = 5;
    int k = (int)floor(s);
    if (k == 5) k = 4;
    double w = s - k;
    g->p_fight = (1 - w) * rungs[k][0] + w * rungs[k + 1][0];
    g->forces = (1 - w) * rungs[k][1] + w * rungs[k + 1][1];
    g->automaticity = (1 - w) * rungs[k][2] + w * rungs[k + 1][2];
    g->power = (1 - w) * rungs[k][3] + w * rungs[k + 1][3];
}

double pl_guarantee_attention(const pl_guarantee *g, double a0, double t)
{
    return g->attention_floor + (a0 - g->attention_floor) * exp2(-t / g->half_life_years);
}

double pl_guarantee_forces(const pl_guarantee *g, double a, double t)
{
    return t < g->duration_years ? g->forces * a : 0;
}

double pl_guarantee_credibility(const pl_guarantee *g, double a, double t)
{
    if (!(t < g->duration_years)) return 0;
    double p_pol = g->p_fight * (g->automaticity + (1 - g->automaticity) * a);
    double f = pl_guarantee_forces(g, a, t);
    double p_trip = g->tripwire_scale > 0 ? 1 - exp(-f / g->tripwire_scale) : 0;
    /* An irresolute guarantor may neither decide to fight nor let its troops be engaged: the
    ** belief about its type scales the whole chance (settle.md §11). */
    return (1 - g->doubt) * (1 - (1 - p_pol) * (1 - p_trip));
}

double pl_guarantee_equivalent_strength(const pl_guarantee *g)
{
    double target = pl_guarantee_credibility(g, 1, 0), lo = 0, hi = 5;
    for (int k = 0; k < 60; k++) {
        double mid = 0.5 * (lo + hi);
        pl_guarantee r = *g;
        pl_guarantee_from_strength(mid, &r);
        if (pl_guarantee_credibility(&r, 1, 0) < target) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}
