/*
** smp_challenge.c — how each SMP actor sees the others: perspective utilities, the estimated
** outcome of a challenge (KTAB's probEduChlg) and each actor's best target.
** Layer: models.
**
** Restated from ../shared/reference/ktab-smp.md §2.5–2.6 and §2.7a (KTAB's setAllAUtil,
** probEduChlg, Actor::vProbLittle, Actor::thirdPartyVoteSU, bestChallenge). This is the model's
** O(N³)-per-turn part. With the default Prop voting rule every target of an initiator is
** evaluated at once in two-lane vectors; each lane does the scalar arithmetic in the scalar order,
** so both paths give identical bits (the unit tests check it).
*/
#include <math.h>

#include <gsl/gsl_sort_double.h>

#include "models/bargain/smp_model.h"
#include "models/bargain/smp_vec.h"

#define SMP_MIN_EDU 1e-5        /* a challenge must gain more than this to be proposed */
#define SMP_MIN_CHALLENGE 1e-10 /* starting strength of each side of a challenge */
#define SMP_BOUND_MARGIN 1e-9   /* slack on the bound of a challenge's gain, far above round-off */

/* o[j] = pl_smp_utility(d[j], r) for j < n, two lanes at a time (both branches, then a select). */
static void utility_row(size_t n, const double *d, double r, double *o)
{
    const pl_smp_v2 ONE = pl_smp_v2_set(1.0), R = pl_smp_v2_set(r), NEAR = pl_smp_v2_set(1.0 + r);
    size_t j = 0;
    for (; j + 1 < n; j += 2) {
        const pl_smp_v2 D = pl_smp_v2_load(d + j), in = (ONE - D) * (ONE + D * R), out = (ONE - D) * NEAR;
        const pl_smp_m2 le = D <= ONE;
        pl_smp_v2_store(o + j, (pl_smp_v2)(((pl_smp_m2)in & le) | ((pl_smp_m2)out & ~le)));
    }
    for (; j < n; j++) o[j] = pl_smp_utility(d[j], r);
}

void pl_smp_perspective(const pl_smp *m, size_t h, double *out)
{
    const size_t n = m->n, ld = m->ld;
    for (size_t i = 0; i < n; i++) {
        double *o = out + i * ld;
        utility_row(n, m->dist + i * n, pl_smp_risk_estimate(m->par.radj, m->risk[h], m->risk[i]), o);
        for (size_t j = n; j < ld; j++) o[j] = 0.0; /* padding read by the vector lanes */
    }
}

/* The utilities of the two sides a third party weighs (KTAB's thirdPartyVoteSU): the sums of
** three position-utilities when it sides with i (ui) or with j (uj), weighted by pin = its
** estimate that the side it joins wins. x = u(n,i), y = u(n,j), z = u(n,n). */
static inline __attribute__((always_inline)) void third_party_sides(pl_smp_tpc tpc, double pin, double x, double y,
                                                                    double z, double *ui, double *uj)
{
    double pjn = 1.0 - pin;
    double iw = tpc == PL_SMP_TPC_FULL ? x + x + x : x + x + z; /* i wins, n sided with i */
    double il = tpc == PL_SMP_TPC_NO ? y + y + z : y + y + y;   /* i loses, n sided with i */
    double jw = tpc == PL_SMP_TPC_NO ? x + x + z : x + x + x;   /* i wins, n sided with j */
    double jl = tpc == PL_SMP_TPC_FULL ? y + y + y : y + y + z; /* i loses, n sided with j */
    *ui = (pin * iw) + (pjn * il);
    *uj = (pin * jw) + (pjn * jl);
}

/* probEduChlg with the two switches as parameters, so that constant switches fold away.
** u(a, b) = U[a * ld + b]. */
static inline __attribute__((always_inline)) void challenge_with(pl_smp_vr vr, pl_smp_tpc tpc, const pl_smp *m,
                                                                 const double *U, size_t k, size_t i, size_t j,
                                                                 double *p_win, double *du)
{
    const size_t n = m->n, ld = m->ld;
    const double *w = m->weff;
    const double uki = U[k * ld + i], ukj = U[k * ld + j];
    const double sq = uki + ukj, uv = uki + uki, ul = ukj + ukj;
    double ei = pl_smp_vote_inline(vr, w[i], U[i * ld + i], U[i * ld + j]);
    double ej = pl_smp_vote_inline(vr, w[j], U[j * ld + i], U[j * ld + j]);
    double sij = SMP_MIN_CHALLENGE, sji = SMP_MIN_CHALLENGE;
    if (ei > 0.0) sij = sij + ei;
    if (ei < 0.0) sji = sji - ei;
    if (ej > 0.0) sij = sij + ej;
    if (ej < 0.0) sji = sji - ej;
    const double s0ij = sij, s0ji = sji; /* each third party weighs in against the principals only */
    for (size_t t = 0; t < n; t++) {
        if (t == i || t == j) continue;
        const double *ut = U + t * ld;
        double x = ut[i], y = ut[j], z = ut[t];
        /* x + (c > 0 ? c : 0) equals KTAB's (c > 0 ? x + c : x) bit for bit, without a branch */
        double c = pl_smp_vote_inline(vr, w[t], x, y);
        double cti = s0ij + (c > 0 ? c : 0.0), ctj = s0ji - (c < 0 ? c : 0.0);
        double ui, uj;
        third_party_sides(tpc, cti / (cti + ctj), x, y, z, &ui, &uj);
        double v = pl_smp_vote_inline(vr, w[t], ui, uj);
        sij = sij + (v > 0 ? v : 0.0);
        sji = sji - (v < 0 ? v : 0.0);
    }
    const double pij = sij / (sij + sji), pji = sji / (sij + sji);
    const double contest = pij * uv + pji * ul, sj = m->sigma[j];
    *p_win = pij;
    *du = ((1 - sj) * uv + sj * contest) - sq;
}

void pl_smp_challenge(const pl_smp *m, const double *U, size_t k, size_t i, size_t j, double *p_win, double *du)
{
    if (m->par.rule.vr == PL_SMP_VR_PROP && m->par.tpc == PL_SMP_TPC_SEMI) /* the defaults, folded */
        challenge_with(PL_SMP_VR_PROP, PL_SMP_TPC_SEMI, m, U, k, i, j, p_win, du);
    else
        challenge_with(m->par.rule.vr, m->par.tpc, m, U, k, i, j, p_win, du);
}

/* Starting strengths S0 of both sides for every target j of i (lanes past n: harmless 1s). */
static void principals_prop(const pl_smp *m, const double *U, size_t i, double *s0ij, double *s0ji)
{
    const size_t n = m->n, ld = m->ld;
    const double *w = m->weff, *ui = U + i * ld;
    for (size_t j = 0; j < n; j++) {
        double ei = w[i] * (ui[i] - ui[j]), ej = w[j] * (U[j * ld + i] - U[j * ld + j]);
        double sij = SMP_MIN_CHALLENGE, sji = SMP_MIN_CHALLENGE;
        if (ei > 0.0) sij = sij + ei;
        if (ei < 0.0) sji = sji - ei;
        if (ej > 0.0) sij = sij + ej;
        if (ej < 0.0) sji = sji - ej;
        s0ij[j] = sij;
        s0ji[j] = sji;
    }
    for (size_t j = n; j < ld; j++) s0ij[j] = s0ji[j] = 1.0;
}

/* Third party t's votes in every contest i:j at once (Prop rule), added to sij/sji; the lane j = t
** adds +0.0, which changes nothing, as KTAB skips it. */
static inline __attribute__((always_inline)) void third_party_prop(pl_smp_tpc tpc, const pl_smp *m, const double *U,
                                                                   size_t i, size_t t, const double *s0ij,
                                                                   const double *s0ji, double *sij, double *sji)
{
    const double *row = U + t * m->ld, x = row[i], z = row[t];
    const pl_smp_v2 X = pl_smp_v2_set(x), Z = pl_smp_v2_set(z), W = pl_smp_v2_set(m->weff[t]);
    const pl_smp_v2 IW = pl_smp_v2_set(tpc == PL_SMP_TPC_FULL ? x + x + x : x + x + z);
    const pl_smp_v2 JW = pl_smp_v2_set(tpc == PL_SMP_TPC_NO ? x + x + z : x + x + x), ONE = pl_smp_v2_set(1.0);
    const pl_smp_v2 T = pl_smp_v2_set((double)t), TWO = pl_smp_v2_set(2.0);
    pl_smp_v2 lane = {0.0, 1.0}; /* lane indices as doubles: SSE2 compares 64-bit lanes only as doubles */
    for (size_t j = 0; j < m->ld; j += 2, lane += TWO) {
        const pl_smp_v2 Y = pl_smp_v2_load(row + j), C = W * (X - Y);
        const pl_smp_v2 CI = pl_smp_v2_load(s0ij + j) + pl_smp_v2_pos(C), CJ = pl_smp_v2_load(s0ji + j) - pl_smp_v2_neg(C);
        const pl_smp_v2 PI = CI / (CI + CJ), PJ = ONE - PI;
        const pl_smp_v2 IL = tpc == PL_SMP_TPC_NO ? Y + Y + Z : Y + Y + Y, JL = tpc == PL_SMP_TPC_FULL ? Y + Y + Y : Y + Y + Z;
        const pl_smp_v2 UI = (PI * IW) + (PJ * IL), UJ = (PI * JW) + (PJ * JL);
        const pl_smp_v2 V = pl_smp_v2_keep(W * (UI - UJ), lane != T);
        pl_smp_v2_store(sij + j, pl_smp_v2_load(sij + j) + pl_smp_v2_pos(V));
        pl_smp_v2_store(sji + j, pl_smp_v2_load(sji + j) - pl_smp_v2_neg(V));
    }
}

static void challenges_prop(const pl_smp *m, const double *U, size_t i, double *p_win, double *du)
{
    const size_t n = m->n, ld = m->ld;
    double *s0ij = m->lane, *s0ji = m->lane + ld, *sij = m->lane + 2 * ld, *sji = m->lane + 3 * ld;
    principals_prop(m, U, i, s0ij, s0ji);
    for (size_t j = 0; j < ld; j++) {
        sij[j] = s0ij[j];
        sji[j] = s0ji[j];
    }
    for (size_t t = 0; t < n; t++) {
        if (t == i) continue;
        switch (m->par.tpc) {
        case PL_SMP_TPC_NO: third_party_prop(PL_SMP_TPC_NO, m, U, i, t, s0ij, s0ji, sij, sji); break;
        case PL_SMP_TPC_SEMI: third_party_prop(PL_SMP_TPC_SEMI, m, U, i, t, s0ij, s0ji, sij, sji); break;
        case PL_SMP_TPC_FULL: third_party_prop(PL_SMP_TPC_FULL, m, U, i, t, s0ij, s0ji, sij, sji); break;
        }
    }
    const double uii = U[i * ld + i];
    for (size_t j = 0; j < n; j++) {
        const double uij = U[i * ld + j], sq = uii + uij, uv = uii + uii, ul = uij + uij;
        const double pij = sij[j] / (sij[j] + sji[j]), pji = sji[j] / (sij[j] + sji[j]);
        const double contest = pij * uv + pji * ul, sj = m->sigma[j];
        p_win[j] = pij;
        du[j] = ((1 - sj) * uv + sj * contest) - sq;
    }
}

void pl_smp_challenges(const pl_smp *m, const double *U, size_t i, double *p_win, double *du)
{
    if (m->par.rule.vr == PL_SMP_VR_PROP) {
        challenges_prop(m, U, i, p_win, du);
        return;
    }
    for (size_t j = 0; j < m->n; j++)
        if (j != i) pl_smp_challenge(m, U, i, i, j, &p_win[j], &du[j]);
}

/* KTAB's bestChallenge: the largest gain above SMP_MIN_EDU, ties to the smallest index. */
static void keep_best(pl_smp *m, size_t i, size_t j, double p, double du, double *best)
{
    if (SMP_MIN_EDU < du && (*best < du || (*best == du && j < m->target[i]))) {
        *best = du;
        m->target[i] = j;
        m->p_target[i] = p;
    }
}

/* Other voting rules, one target at a time. The gain is linear in the win probability P, so
** with d = u(i,i) − u(i,j) it is at most max(d, (1 − 2σ_j) d) (P = 1 or 0); targets are tried in
** decreasing order of that bound and the search stops once the bound (plus a margin far above
** round-off) falls below the best gain found: the same answer as trying every target. */
static void best_target_pruned(pl_smp *m, size_t i, double *best)
{
    const size_t n = m->n, ld = m->ld;
    const double *U = m->ut, uii = U[i * ld + i];
    double *bound = m->scratch;
    for (size_t j = 0; j < n; j++) {
        double d = uii - U[i * ld + j], d0 = (1 - 2 * m->sigma[j]) * d;
        bound[j] = j == i ? -HUGE_VAL : (d > d0 ? d : d0);
    }
    gsl_sort_index(m->order, bound, 1, n);
    for (size_t r = n; r-- > 0;) {
        size_t j = m->order[r];
        if (j == i) continue;
        if (bound[j] + SMP_BOUND_MARGIN < (*best > SMP_MIN_EDU ? *best : SMP_MIN_EDU)) break;
        double p, du;
        pl_smp_challenge(m, U, i, i, j, &p, &du);
        keep_best(m, i, j, p, du, best);
    }
}

void pl_smp_best_target(pl_smp *m, size_t i)
{
    double best = -1.0;
    m->target[i] = m->n;
    if (m->par.rule.vr == PL_SMP_VR_PROP) {
        challenges_prop(m, m->ut, i, m->p_all, m->du_all);
        for (size_t j = 0; j < m->n; j++)
            if (j != i) keep_best(m, i, j, m->p_all[j], m->du_all[j], &best);
    } else {
        best_target_pruned(m, i, &best);
    }
    m->du_target[i] = best;
}
