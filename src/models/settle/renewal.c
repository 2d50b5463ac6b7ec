/*
** renewal.c — arithmetic on renewed-war outcomes: the mixture over whether the guarantor fights
** and the interpolation between tabulated renewal dates. Both are linear because every field is
** an expectation (docs/models/settle.md §5).
** Layer: models.
*/
#include "parley/renewal.h"

static void side_combine(const pl_renewal_side *a, const pl_renewal_side *b, double w, pl_renewal_side *out)
{
    double u = 1 - w;
    out->imposed = u * a->imposed + w * b->imposed;
    out->broken = u * a->broken + w * b->broken;
    out->line = u * a->line + w * b->line;
    out->flows = u * a->flows + w * b->flows;
    out->cost = u * a->cost + w * b->cost;
    out->value = u * a->value + w * b->value;
}

void pl_renewal_interpolate(const pl_renewal_outcome *a, const pl_renewal_outcome *b, double w, pl_renewal_outcome *out)
{
    double u = 1 - w;
    pl_renewal_outcome r;
    r.p_collapse_defender = u * a->p_collapse_defender + w * b->p_collapse_defender;
    r.p_collapse_attacker = u * a->p_collapse_attacker + w * b->p_collapse_attacker;
    r.p_stalemate = u * a->p_stalemate + w * b->p_stalemate;
    r.ground_km2 = u * a->ground_km2 + w * b->ground_km2;
    r.years = u * a->years + w * b->years;
    side_combine(&a->attacker, &b->attacker, w, &r.attacker);
    side_combine(&a->defender, &b->defender, w, &r.defender);
    *out = r;
}

void pl_renewal_mix(const pl_renewal_outcome *fights, const pl_renewal_outcome *alone, double p_fight,
                    pl_renewal_outcome *out)
{
    /* Without the guarantor (p = 0, as after the guarantee expires) the mixture is `alone` exactly. */
    if (p_fight == 0) {
        *out = *alone;
        return;
    }
    pl_renewal_interpolate(alone, fights, p_fight, out);
}
