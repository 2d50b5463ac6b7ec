/*
** smp_pce.h — votes, coalition strengths, pairwise victory probabilities and the
** Probabilistic Condorcet Election (PCE) of KTAB's Spatial Model of Politics.
** Layer: models (internal).
**
** Equations: docs/models/smp.md §2 (after ../shared/reference/ktab-smp.md §2.3–2.4). The enum
** orders are KTAB's own, so an option's choice index is the enum value.
*/
#ifndef PARLEY_MODELS_SMP_PCE_H
#define PARLEY_MODELS_SMP_PCE_H

#include <stddef.h>

#include "parley/error.h"

/* VotingRule: how an actor's influence splits between two options it values u_a and u_b. */
typedef enum {
    PL_SMP_VR_BINARY,
    PL_SMP_VR_PROPBIN,
    PL_SMP_VR_PROP,
    PL_SMP_VR_PROPCBC,
    PL_SMP_VR_CUBIC,
    PL_SMP_VR_ASYMPROSP
} pl_smp_vr;

/* VictoryProbModel: P[a beats b] from the two coalition strengths. */
typedef enum {
    PL_SMP_VP_LINEAR,
    PL_SMP_VP_SQUARE,
    PL_SMP_VP_QUARTIC,
    PL_SMP_VP_OCTIC,
    PL_SMP_VP_BINARY
} pl_smp_vpm;

/* PCEModel: the distribution over options from the pairwise victory probabilities. */
typedef enum {
    PL_SMP_PCE_CONDITIONAL,
    PL_SMP_PCE_MARKOV_INCENTIVE,
    PL_SMP_PCE_MARKOV_UNIFORM
} pl_smp_pcem;

/* The three switches every SMP election uses together. */
typedef struct pl_smp_rule {
    pl_smp_vr vr;
    pl_smp_vpm vpm;
    pl_smp_pcem pcem;
} pl_smp_rule;

/* Iteration cap of the Markov PCEs (KTAB's iMax, which KTAB only checks after its loop). */
enum { PL_SMP_PCE_MAX_ITER = 1000 };

/* The vote of an actor of weight w between options it values ua and ub (positive: for a). */
double pl_smp_vote(pl_smp_vr vr, double w, double ua, double ub);

/* The same, inlined into hot loops (a constant vr folds the switch away). */
static inline __attribute__((always_inline)) double pl_smp_vote_inline(pl_smp_vr vr, double w, double ua, double ub)
{
    const double du = ua - ub;
    double bin;
    switch (vr) {
    case PL_SMP_VR_PROP: return w * du;
    case PL_SMP_VR_PROPCBC: return w * ((1 - 0.5) * du + 0.5 * (du * du * du));
    case PL_SMP_VR_CUBIC: return w * (du * du * du);
    case PL_SMP_VR_ASYMPROSP:
        if (du < 0.0) return w * du;
        if (du > 0.0) return (2.0 * w * du) / 3.0;
        return 0.0;
    case PL_SMP_VR_BINARY:
    case PL_SMP_VR_PROPBIN:
        bin = du / 1e-8; /* KTAB's sTol: a utility gap this large is a full binary vote */
        bin = bin > 1 ? 1 : bin;
        bin = bin < -1 ? -1 : bin;
        return vr == PL_SMP_VR_BINARY ? w * bin : w * ((1 - 0.2) * du + 0.2 * bin);
    }
    return 0.0;
}

/* P[a beats b] (*pab) and P[b beats a] (*pba) from coalition strengths x (for a) and y (for b). */
void pl_smp_victory(pl_smp_vpm vpm, double x, double y, double *pab, double *pba);

/* Doubles of workspace pl_smp_pce needs for n_opt options. */
size_t pl_smp_pce_work_size(size_t n_opt);

/* The PCE distribution p[n_opt] over n_opt options voted on by n_voters actors of weight w[k]
** whose utility of option a is u[k * ldu + a]. work holds pl_smp_pce_work_size(n_opt) doubles.
** Returns PL_EMAXITER (err filled) when a Markov PCE does not settle in PL_SMP_PCE_MAX_ITER
** iterations. */
pl_status pl_smp_pce(const pl_smp_rule *rule, size_t n_voters, size_t n_opt, const double *w, const double *u,
                     size_t ldu, double *work, double *p, pl_error *err);

/* The same from a ready coalition matrix c[n_opt × n_opt] (c[a*n+b] = strength of a against b). */
pl_status pl_smp_pce_from_coalitions(const pl_smp_rule *rule, size_t n_opt, const double *c, double *work, double *p,
                                     pl_error *err);

#endif
