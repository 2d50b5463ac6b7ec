/*
** smp_pce.c — votes, coalitions, victory probabilities and the three PCE models of KTAB's SMP.
** Layer: models.
**
** Restated from ../shared/reference/ktab-smp.md §2.3–2.4 (KTAB's Model::vote, vProb,
** coalitions, condPCE, markovUniformPCE, markovIncentivePCE; Wise, "Markov voting with
** incentives in KTAB"). Arithmetic is done in KTAB's order (coalitions scan the lower triangle,
** votes are added one actor at a time) so that results match KTAB's to the last bits wherever
** the order of floating-point operations would show.
*/
#include "models/bargain/smp_pce.h"

#include <math.h>

#include "models/bargain/smp_vec.h"

#define SMP_MIN_COALITION 1e-8 /* KTAB's minC: every coalition starts with this much strength */
#define SMP_VP_BINARY_T 1.10   /* Binary victory model: a 10 % advantage wins outright */
#define SMP_VP_BINARY_MIN 1e-6
#define SMP_MARKOV_U_TOL 1e-6  /* KTAB's pTol of markovUniformPCE */
#define SMP_MARKOV_I_TOL 1e-8  /* KTAB's pTol of markovIncentivePCE */
#define SMP_INCENTIVE_EPS 1e-10 /* self-challenge incentive that keeps column sums positive */

double pl_smp_vote(pl_smp_vr vr, double w, double ua, double ub) { return pl_smp_vote_inline(vr, w, ua, ub); }

void pl_smp_victory(pl_smp_vpm vpm, double x, double y, double *pab, double *pba)
{
    double a = x, b = y;
    switch (vpm) {
    case PL_SMP_VP_LINEAR: break;
    case PL_SMP_VP_SQUARE:
        a = x * x;
        b = y * y;
        break;
    case PL_SMP_VP_QUARTIC:
        a = (x * x) * (x * x);
        b = (y * y) * (y * y);
        break;
    case PL_SMP_VP_OCTIC:
        a = (x * x) * (x * x);
        b = (y * y) * (y * y);
        a = a * a;
        b = b * b;
        break;
    case PL_SMP_VP_BINARY:
        if (x >= SMP_VP_BINARY_T * y) {
            a = 1.0;
            b = SMP_VP_BINARY_MIN;
        } else if (y >= SMP_VP_BINARY_T * x) {
            a = SMP_VP_BINARY_MIN;
            b = 1.0;
        } else { /* linear between the two thresholds, through 1/2 at x = y */
            double r = x / (x + y);
            a = (r * (SMP_VP_BINARY_T + 1.0) - 1.0) / (SMP_VP_BINARY_T - 1.0);
            b = 1 - a;
        }
        break;
    }
    *pab = a / (a + b);
    *pba = b / (a + b);
}

size_t pl_smp_pce_work_size(size_t n_opt) { return 3 * n_opt * n_opt + n_opt; }

/* c[a*n+b] = SMP_MIN_COALITION + Σ_k max(0, v_k(a, b)), the vote computed once per unordered
** pair with a > b, as KTAB does (this matters for the asymmetric ASymProsp rule). */
static inline __attribute__((always_inline)) void coalitions_with(pl_smp_vr vr, size_t nv, size_t n, const double *w,
                                                                  const double *u, size_t ldu, double *c)
{
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < a; b++) {
            double cab = SMP_MIN_COALITION, cba = SMP_MIN_COALITION;
            for (size_t k = 0; k < nv; k++) {
                double v = pl_smp_vote_inline(vr, w[k], u[k * ldu + a], u[k * ldu + b]);
                cab = cab + (v > 0 ? v : 0.0); /* KTAB's two ifs, without branches */
                cba = cba - (v < 0 ? v : 0.0);
            }
            c[a * n + b] = cab;
            c[b * n + a] = cba;
        }
        c[a * n + a] = SMP_MIN_COALITION;
    }
}

/* The same for the default Prop rule, every b < a at once in two-lane vectors: each pair's sum
** still runs over k in order, so the bits are those of coalitions_with. tmp holds 2n doubles. */
static void coalitions_prop(size_t nv, size_t n, const double *w, const double *u, size_t ldu, double *c, double *tmp)
{
    for (size_t a = 0; a < n; a++) {
        const size_t nb = a + (a & 1); /* lanes b < a, rounded up to pairs (b ≤ a stays in the row) */
        double *cab = tmp, *cba = tmp + nb;
        for (size_t b = 0; b < nb; b++) cab[b] = cba[b] = SMP_MIN_COALITION;
        for (size_t k = 0; k < nv; k++) {
            const double *uk = u + k * ldu;
            const pl_smp_v2 UA = pl_smp_v2_set(uk[a]), W = pl_smp_v2_set(w[k]);
            for (size_t b = 0; b < nb; b += 2) {
                const pl_smp_v2 V = W * (UA - pl_smp_v2_load(uk + b));
                pl_smp_v2_store(cab + b, pl_smp_v2_load(cab + b) + pl_smp_v2_pos(V));
                pl_smp_v2_store(cba + b, pl_smp_v2_load(cba + b) - pl_smp_v2_neg(V));
            }
        }
        for (size_t b = 0; b < a; b++) {
            c[a * n + b] = cab[b];
            c[b * n + a] = cba[b];
        }
        c[a * n + a] = SMP_MIN_COALITION;
    }
}

static void coalitions(const pl_smp_rule *rule, size_t nv, size_t n, const double *w, const double *u, size_t ldu,
                       double *c, double *tmp)
{
    if (rule->vr == PL_SMP_VR_PROP) coalitions_prop(nv, n, w, u, ldu, c, tmp);
    else coalitions_with(rule->vr, nv, n, w, u, ldu, c);
}

static void victory_matrix(pl_smp_vpm vpm, size_t n, const double *c, double *v)
{
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < a; b++) pl_smp_victory(vpm, c[a * n + b], c[b * n + a], &v[a * n + b], &v[b * n + a]);
        v[a * n + a] = 0.5;
    }
}

/* P(a) ∝ Π_b V(a,b). When every product underflows (hundreds of options), the same
** distribution is computed from logarithms instead of returning 0/0. */
static void conditional_pce(size_t n, const double *v, double *p)
{
    double total = 0;
    for (size_t a = 0; a < n; a++) {
        double pa = 1.0;
        for (size_t b = 0; b < n; b++) pa = pa * v[a * n + b];
        p[a] = pa;
        total = total + p[a];
    }
    if (total > 0) {
        for (size_t a = 0; a < n; a++) p[a] = p[a] / total;
        return;
    }
    double top = -HUGE_VAL;
    for (size_t a = 0; a < n; a++) {
        double la = 0;
        for (size_t b = 0; b < n; b++) la += log(v[a * n + b]);
        p[a] = la;
        top = la > top ? la : top;
    }
    total = 0;
    for (size_t a = 0; a < n; a++) total += (p[a] = exp(p[a] - top));
    for (size_t a = 0; a < n; a++) p[a] /= total;
}

/* Challenge probabilities P[a -> b | b] = n(a->b) / Σ_α n(α->b), n(a->b) = C(a,b) V(a,b). */
static void challenge_matrix(size_t n, const double *c, const double *v, double *ch)
{
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) ch[a * n + b] = c[a * n + b] * v[a * n + b] + (a == b ? SMP_INCENTIVE_EPS : 0);
    for (size_t b = 0; b < n; b++) {
        double sum = 0.0;
        for (size_t k = 0; k < n; k++) sum = sum + ch[k * n + b];
        for (size_t a = 0; a < n; a++) ch[a * n + b] = ch[a * n + b] / sum;
    }
}

/* q_a of one Markov step from p: challenges uniform (ch NULL: q_a = Σ_b V(a,b)(p_a + p_b)/M) or by
** incentive (q_a = Σ_b V(a,b)(Ct(a,b) + Ct(b,a)), Ct(a,b) = p_a P[b -> a | a]). */
static double markov_q(size_t n, size_t a, const double *v, const double *ch, const double *p)
{
    double qa = 0.0;
    if (!ch) {
        for (size_t b = 0; b < n; b++) qa = qa + v[a * n + b] * (p[a] + p[b]);
        return qa / (double)n;
    }
    for (size_t b = 0; b < n; b++) {
        double cab = p[a] * ch[b * n + a], cba = p[b] * ch[a * n + b];
        qa = qa + v[a * n + b] * (cab + cba);
    }
    return qa;
}

/* From the uniform distribution, p ← (p + q)/2 until max_a |q_a − p_a| ≤ tol (KTAB's loop, with
** its iteration cap enforced: KTAB tests the cap only after the loop, so it may never end). */
static pl_status markov_pce(size_t n, const double *v, const double *ch, double tol, double *q, double *p, pl_error *err)
{
    for (size_t a = 0; a < n; a++) p[a] = 1.0 / (double)n;
    double change = 1.0;
    for (int iter = 0; tol < change; iter++) {
        if (iter == PL_SMP_PCE_MAX_ITER)
            return pl_error_set(err, PL_EMAXITER, "the %s PCE did not settle in %d iterations",
                                ch ? "MarkovIncentive" : "MarkovUniform", PL_SMP_PCE_MAX_ITER);
        change = 0.0;
        for (size_t a = 0; a < n; a++) {
            q[a] = markov_q(n, a, v, ch, p);
            double d = fabs(q[a] - p[a]);
            change = d > change ? d : change;
        }
        for (size_t a = 0; a < n; a++) p[a] = (p[a] + q[a]) / 2.0;
    }
    return PL_OK;
}

pl_status pl_smp_pce_from_coalitions(const pl_smp_rule *rule, size_t n, const double *c, double *work, double *p,
                                     pl_error *err)
{
    double *v = work, *ch = work + n * n, *q = work + 2 * n * n;
    victory_matrix(rule->vpm, n, c, v);
    switch (rule->pcem) {
    case PL_SMP_PCE_CONDITIONAL: conditional_pce(n, v, p); return PL_OK;
    case PL_SMP_PCE_MARKOV_UNIFORM: return markov_pce(n, v, NULL, SMP_MARKOV_U_TOL, q, p, err);
    case PL_SMP_PCE_MARKOV_INCENTIVE:
        challenge_matrix(n, c, v, ch);
        return markov_pce(n, v, ch, SMP_MARKOV_I_TOL, q, p, err);
    }
    return PL_OK;
}

pl_status pl_smp_pce(const pl_smp_rule *rule, size_t n_voters, size_t n_opt, const double *w, const double *u,
                     size_t ldu, double *work, double *p, pl_error *err)
{
    double *c = work + 2 * n_opt * n_opt + n_opt; /* the tail of the workspace */
    coalitions(rule, n_voters, n_opt, w, u, ldu, c, work + n_opt * n_opt); /* tmp: the challenge area */
    return pl_smp_pce_from_coalitions(rule, n_opt, c, work, p, err);
}
