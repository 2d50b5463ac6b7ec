/*
** renewal.h — what a war renewed after a deal yields to each side, in separate components: the
** chance that either side breaks, the ground the attacker holds where the war stops, its length,
** and each side's discounted values (imposing its terms, being broken, the new line, the flows
** during the war, the war's cost). The components come from the war model run forward from the
** rebuilt post-deal state (src/simulation/settle_postdeal.c), once with the guarantor fighting
** and once without; they are mixed by the probability that the guarantor fights, which is an
** input: the credibility of docs/models/settle.md §4, or any belief about it.
** Layer: models. Public API. Equations: docs/models/settle.md §5.
**
** Units: probabilities; km² of net ground; years; values in years of the stakes (settle.h),
** discounted to the renewal's start.
*/
#ifndef PARLEY_RENEWAL_H
#define PARLEY_RENEWAL_H

/* One side's discounted values of a renewed war; value = imposed + broken + line + flows − cost. */
typedef struct pl_renewal_side {
    double imposed; /* the other side breaks and this side imposes its terms (its ideal) forever */
    double broken;  /* this side breaks and the other imposes its terms forever */
    double line;    /* neither breaks: the war stops on the line it reached, held forever */
    double flows;   /* the terms at the moving front, held while the war lasts */
    double cost;    /* the war's cost, κ·exhaustion a year while it lasts (×cost_factor for the
                    ** attacker when the guarantor fights) */
    double value;   /* the sum: imposed + broken + line + flows − cost */
} pl_renewal_side;

/* A renewed war's outcome, as probabilities over its ends and each side's values. */
typedef struct pl_renewal_outcome {
    double p_collapse_defender; /* the defender breaks during the war: the attacker imposes its terms */
    double p_collapse_attacker; /* the attacker breaks during the war */
    double p_stalemate;         /* neither breaks within the war's length: a ceasefire on the new line */
    double ground_km2;          /* net ground the attacker has taken where the war stops without a collapse */
    double years;               /* expected length of the war */
    pl_renewal_side attacker, defender;
} pl_renewal_outcome;

/* out = p_fight·fights + (1 − p_fight)·alone, field by field (every field is an expectation, so
** the mixture over whether the guarantor fights is linear). out may alias either input. */
void pl_renewal_mix(const pl_renewal_outcome *fights, const pl_renewal_outcome *alone, double p_fight,
                    pl_renewal_outcome *out);

/* out = (1 − w)·a + w·b, field by field: the outcome between two tabulated renewal dates. */
void pl_renewal_interpolate(const pl_renewal_outcome *a, const pl_renewal_outcome *b, double w, pl_renewal_outcome *out);

#endif
