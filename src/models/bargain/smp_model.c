/*
** smp_model.c — one state and one turn of KTAB's Spatial Model of Politics: risk attitudes,
** reported probabilities, bargains and their resolution, the ideal update.
** Layer: models.
**
** Restated from ../shared/reference/ktab-smp.md §2.2–2.7 and the KTAB sources it describes
** (SMPState::setAllAUtil, doBCN; challenges are in smp_challenge.c). Sums run in
** KTAB's order so that results agree with KTAB's beyond the printed digits. Where KTAB has a
** defect, parley's fix and the --ktab-compat behaviour are marked "defect" (docs/models/smp.md §6).
*/
#include "models/bargain/smp_model.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "parley/memory.h"

#define SMP_POS_TOL 1e-3     /* positions closer than this (Euclidean, [0,1]) are one option */
#define SMP_MIN_W 1e-6       /* interpolation weight that keeps 0/0 away */

void pl_smp_params_default(pl_smp_params *p)
{
    memset(p, 0, sizeof *p);
    p->rule.vr = PL_SMP_VR_PROP;
    p->rule.vpm = PL_SMP_VP_LINEAR;
    p->rule.pcem = PL_SMP_PCE_CONDITIONAL;
    p->radj = PL_SMP_RADJ_ONE_THIRD;
    p->rrange = PL_SMP_RRANGE_MID;
    p->tpc = PL_SMP_TPC_SEMI;
    p->ivb = PL_SMP_IVB_S2P2;
    p->bargn = PL_SMP_BARGN_INIT_ONLY;
}

/* {====================================================================== allocation */

typedef struct smp_block {
    pl_smp m;
    pl_arena *arena;
} smp_block;

static void *take(pl_arena *a, size_t count, size_t size, int *bad)
{
    void *p = pl_arena_alloc(a, (count ? count : 1) * size);
    if (!p) *bad = 1;
    return p;
}

static int smp_alloc(pl_smp *m, pl_arena *a)
{
    size_t n = m->n, nd = m->nd, q = 2 * n + 1;
    int bad = 0;
    m->cap = take(a, n, sizeof(double), &bad);
    m->sal = take(a, n * nd, sizeof(double), &bad);
    m->sigma = take(a, n, sizeof(double), &bad);
    m->weff = take(a, n, sizeof(double), &bad);
    m->pos = take(a, n * nd, sizeof(double), &bad);
    m->ideal = take(a, n * nd, sizeof(double), &bad);
    m->next = take(a, n * nd, sizeof(double), &bad);
    m->dist = take(a, n * n, sizeof(double), &bad);
    m->risk = take(a, n, sizeof(double), &bad);
    m->uown = take(a, n * n, sizeof(double), &bad);
    m->ut = take(a, n * m->ld, sizeof(double), &bad);
    m->ut2 = take(a, n * m->ld, sizeof(double), &bad);
    m->lane = take(a, 4 * m->ld, sizeof(double), &bad);
    m->p_all = take(a, n, sizeof(double), &bad);
    m->du_all = take(a, n, sizeof(double), &bad);
    m->prob = take(a, n, sizeof(double), &bad);
    m->cls = take(a, n, sizeof(size_t), &bad);
    m->uniq = take(a, n, sizeof(size_t), &bad);
    m->target = take(a, n, sizeof(size_t), &bad);
    m->order = take(a, n, sizeof(size_t), &bad);
    m->p_target = take(a, n, sizeof(double), &bad);
    m->du_target = take(a, n, sizeof(double), &bad);
    m->bargain = take(a, 2 * n, sizeof(pl_smp_bargain), &bad);
    double *coords = take(a, 2 * n * 2 * nd, sizeof(double), &bad);
    m->queue = take(a, n * q, sizeof(size_t), &bad);
    m->n_queue = take(a, n, sizeof(size_t), &bad);
    m->choice = take(a, n, sizeof(size_t), &bad);
    m->p_choice = take(a, n, sizeof(double), &bad);
    m->u_opt = take(a, n * q, sizeof(double), &bad);
    m->u_bar = take(a, n * q, sizeof(double), &bad);
    m->p_opt = take(a, q, sizeof(double), &bad);
    m->work = take(a, pl_smp_pce_work_size(n > q ? n : q), sizeof(double), &bad);
    m->scratch = take(a, n > nd ? n : nd, sizeof(double), &bad);
    if (bad) return -1;
    for (size_t b = 0; b < 2 * n; b++) {
        m->bargain[b].x_init = coords + (2 * b) * nd;
        m->bargain[b].x_rcvr = coords + (2 * b + 1) * nd;
    }
    return 0;
}

pl_smp *pl_smp_create(size_t n, size_t nd, const double *cap, const double *sal, const double *pos, const double *acc,
                      const pl_smp_params *par, pl_error *err)
{
    pl_arena *a = pl_arena_create(0);
    smp_block *blk = a ? pl_arena_alloc(a, sizeof *blk) : NULL;
    if (!blk) {
        pl_arena_free(a);
        pl_error_set(err, PL_ENOMEM, "out of memory");
        return NULL;
    }
    blk->arena = a;
    pl_smp *m = &blk->m;
    m->n = n;
    m->nd = nd;
    m->ld = n + (n & 1);
    m->par = *par;
    if (smp_alloc(m, a) || (acc && !(m->acc = pl_arena_alloc(a, n * n * sizeof(double))))) {
        pl_arena_free(a);
        pl_error_set(err, PL_ENOMEM, "out of memory");
        return NULL;
    }
    memcpy(m->cap, cap, n * sizeof(double));
    memcpy(m->sal, sal, n * nd * sizeof(double));
    memcpy(m->pos, pos, n * nd * sizeof(double));
    memcpy(m->ideal, pos, n * nd * sizeof(double));
    if (acc) memcpy(m->acc, acc, n * n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t d = 0; d < nd; d++) s = s + sal[i * nd + d];
        m->sigma[i] = s;
        m->weff[i] = s * cap[i];
    }
    return m;
}

void pl_smp_free(pl_smp *m)
{
    if (m) pl_arena_free(((smp_block *)(void *)m)->arena);
}

/* {====================================================================== utilities */

double pl_smp_risk_estimate(pl_smp_radj radj, double rh, double ri)
{
    switch (radj) {
    case PL_SMP_RADJ_FULL: return ri;
    case PL_SMP_RADJ_TWO_THIRDS: return (rh + (2.0 * ri)) / 3.0;
    case PL_SMP_RADJ_HALF: return (rh + ri) / 2;
    case PL_SMP_RADJ_ONE_THIRD: return ((2.0 * rh) + ri) / 3.0;
    case PL_SMP_RADJ_NONE: return rh;
    }
    return ri;
}

/* δ = sqrt(Σ_d (s_d (a_d − b_d))² / Σ_d s_d²), salience-weighted distance (KTAB's bvDiff). */
static double weighted_distance(size_t nd, const double *s, const double *a, const double *b)
{
    double ds2 = 0, s2 = 0;
    for (size_t d = 0; d < nd; d++) {
        double ds = (a[d] - b[d]) * s[d];
        ds2 = ds2 + ds * ds;
        s2 = s2 + s[d] * s[d];
    }
    return sqrt(ds2 / s2);
}

/* {====================================================================== assessment */

/* R_i from the risk-neutral PCE probabilities (KTAB's bigRfromProb). Defect fix: when every
** position is equally likely (consensus) KTAB divides 0 by 0; parley makes every actor risk
** neutral, R = 0, which is what equal probabilities say about relative standing. */
static void risk_from_prob(pl_smp_rrange rr, size_t n, const double *p, double *r)
{
    double lo = 1.0, hi = 0.0;
    for (size_t i = 0; i < n; i++) {
        lo = p[i] < lo ? p[i] : lo;
        hi = p[i] > hi ? p[i] : hi;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(hi > lo)) r[i] = 0.0;
        else if (rr == PL_SMP_RRANGE_MIN) r[i] = (p[i] - lo) / (hi - lo);
        else if (rr == PL_SMP_RRANGE_MID) r[i] = (3 * p[i] - (hi + 2 * lo)) / (2 * (hi - lo));
        else r[i] = (2 * p[i] - (hi + lo)) / (hi - lo);
    }
}

static int equivalent(const pl_smp *m, size_t i, size_t j)
{
    double s = 0;
    for (size_t d = 0; d < m->nd; d++) {
        double x = m->pos[i * m->nd + d] - m->pos[j * m->nd + d];
        s = s + x * x;
    }
    return sqrt(s) < SMP_POS_TOL;
}

/* Distinct positions, first appearance first (KTAB's ueIndices); each actor is reported in the
** last class whose representative is within tolerance (KTAB's posProb). */
static void classify(pl_smp *m)
{
    m->n_uniq = 0;
    for (size_t i = 0; i < m->n; i++) {
        int found = 0;
        for (size_t k = 0; !found && k < m->n_uniq; k++) found = equivalent(m, i, m->uniq[k]);
        if (!found) m->uniq[m->n_uniq++] = i;
    }
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->n_uniq; k++)
            if (equivalent(m, i, m->uniq[k])) m->cls[i] = k;
}

/* Probability of each distinct position: PCE with voters' own utilities and capabilities. */
static pl_status position_probabilities(pl_smp *m, pl_error *err)
{
    size_t n = m->n, nu = m->n_uniq;
    for (size_t a = 0; a < n; a++)
        for (size_t k = 0; k < nu; k++) m->u_opt[a * nu + k] = m->uown[a * n + m->uniq[k]];
    pl_status st = pl_smp_pce(&m->par.rule, n, nu, m->cap, m->u_opt, nu, m->work, m->p_opt, err);
    for (size_t i = 0; !st && i < n; i++) m->prob[i] = m->p_opt[m->cls[i]];
    return st;
}

pl_status pl_smp_assess(pl_smp *m, pl_error *err)
{
    size_t n = m->n, nd = m->nd;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            m->dist[i * n + j] = weighted_distance(nd, m->sal + i * nd, m->ideal + i * nd, m->pos + j * nd);
    /* risk-neutral utilities; every actor's position is an option, duplicates included */
    for (size_t k = 0; k < n * n; k++) m->ut[k] = pl_smp_utility(m->dist[k], 0.0);
    pl_status st = pl_smp_pce(&m->par.rule, n, n, m->cap, m->ut, n, m->work, m->scratch, err);
    if (st) return st;
    risk_from_prob(m->par.rrange, n, m->scratch, m->risk);
    for (size_t i = 0; i < n; i++) {
        double r = pl_smp_risk_estimate(m->par.radj, m->risk[i], m->risk[i]);
        for (size_t j = 0; j < n; j++) m->uown[i * n + j] = pl_smp_utility(m->dist[i * n + j], r);
    }
    classify(m);
    return position_probabilities(m, err);
}

/* {====================================================================== bargains */

static double round4(double x)
{
    return trunc(0.5 + (x * 10000.0)) / 10000.0; /* KTAB's (int)(0.5 + x s) / s, without overflow */
}

void pl_smp_interpolate(const pl_smp *m, size_t i, size_t j, double p_i, double *x_i, double *x_j)
{
    const double p_j = 1 - p_i;
    const double *ti = m->pos + i * m->nd, *tj = m->pos + j * m->nd;
    const double *si = m->sal + i * m->nd, *sj = m->sal + j * m->nd;
    for (size_t d = 0; d < m->nd; d++) {
        if (m->par.ivb == PL_SMP_IVB_S2PMAX) {
            double ai = p_j > p_i ? p_j - p_i : 0, aj = p_i > p_j ? p_i - p_j : 0;
            double si2 = si[d] * si[d], sj2 = sj[d] * sj[d];
            double fi = (ai * sj2) / ((ai * sj2) + SMP_MIN_W + ((1 - ai) * si2));
            double fj = (aj * si2) / ((aj * si2) + SMP_MIN_W + ((1 - aj) * sj2));
            x_i[d] = ti[d] + fi * (tj[d] - ti[d]);
            x_j[d] = tj[d] + fj * (ti[d] - tj[d]);
            continue;
        }
        double wi, wj;
        if (m->par.ivb == PL_SMP_IVB_S1P1) {
            wi = si[d] * p_i;
            wj = sj[d] * p_j;
        } else {
            wi = (si[d] * si[d]) * (p_i * p_i);
            wj = (sj[d] * sj[d]) * (p_j * p_j);
        }
        x_i[d] = round4(((wi + SMP_MIN_W) * ti[d] + wj * tj[d]) / (wi + SMP_MIN_W + wj));
        x_j[d] = round4((wi * ti[d] + (SMP_MIN_W + wj) * tj[d]) / (wi + SMP_MIN_W + wj));
    }
}

static pl_smp_bargain *new_bargain(pl_smp *m, size_t i, size_t j)
{
    pl_smp_bargain *b = &m->bargain[m->n_bargain++];
    b->init = i;
    b->rcvr = j;
    return b;
}

/* j's estimate of P[i beats j], for the receiver's view of a bargain. Defect (§6 item 3): KTAB
** passes j's estimate of i's utility gain instead; --ktab-compat does the same. */
static double receiver_estimate(pl_smp *m, size_t i, size_t j)
{
    double p, du;
    pl_smp_perspective(m, j, m->ut2);
    pl_smp_challenge(m, m->ut2, i, i, j, &p, &du);
    return m->par.ktab_compat ? du : p;
}

/* The bargain(s) i offers its target j, by the BargnModel switch. */
static void propose(pl_smp *m, size_t i, size_t j)
{
    const size_t nd = m->nd;
    pl_smp_bargain *b = new_bargain(m, i, j);
    pl_smp_interpolate(m, i, j, m->p_target[i], b->x_init, b->x_rcvr);
    if (m->par.bargn == PL_SMP_BARGN_INIT_ONLY) return;
    double pj = receiver_estimate(m, i, j);
    pl_smp_bargain *r = new_bargain(m, i, j);
    pl_smp_interpolate(m, i, j, pj, r->x_init, r->x_rcvr);
    if (m->par.bargn == PL_SMP_BARGN_INIT_RCVR) return;
    /* PWCompInterp: the two views averaged with weights c σ. Defect (§6 item 9): KTAB weighs the
    ** receiver's view with the initiator's capability; --ktab-compat does the same. */
    double wi = m->cap[i] * m->sigma[i], wj = (m->par.ktab_compat ? m->cap[i] : m->cap[j]) * m->sigma[j];
    for (size_t d = 0; d < nd; d++) {
        b->x_init[d] = (wi * b->x_init[d] + wj * r->x_init[d]) / (wi + wj);
        b->x_rcvr[d] = (wi * b->x_rcvr[d] + wj * r->x_rcvr[d]) / (wi + wj);
    }
    m->n_bargain--;
}

/* {====================================================================== resolution */

/* a's utility of position x, measured from ref, with its own risk attitude. */
static double bargain_part(const pl_smp *m, size_t a, const double *ref, const double *x)
{
    return pl_smp_utility(weighted_distance(m->nd, m->sal + a * m->nd, ref, x), m->risk[a]);
}

double pl_smp_option_utility(const pl_smp *m, size_t a, const pl_smp_bargain *b)
{
    const size_t n = m->n, nd = m->nd;
    const double *ua = m->uown + a * n;
    double sum = 0.0;
    if (!b) {
        for (size_t t = 0; t < n; t++) sum = sum + ua[t];
        return sum / (double)n;
    }
    /* Defect: KTAB measures a's utility of the two new positions from a's current position while
    ** every other utility is measured from a's ideal; parley uses the ideal throughout (the two
    ** differ only when the accommodation matrix is not the identity). */
    const double *ref = (m->par.ktab_compat ? m->pos : m->ideal) + a * nd;
    sum = sum + bargain_part(m, a, ref, b->x_init);
    sum = sum + bargain_part(m, a, ref, b->x_rcvr);
    for (size_t t = 0; t < n; t++)
        if (t != b->init && t != b->rcvr) sum = sum + ua[t];
    return sum / (double)n;
}

/* The index of the option chosen from p[nb]: the first most probable one, or a draw. */
static size_t choose(const double *p, size_t nb, gsl_rng *rng)
{
    if (rng) {
        double u = gsl_rng_uniform(rng), cum = 0;
        for (size_t k = 0; k < nb; k++) {
            cum += p[k];
            if (u < cum) return k;
        }
        return nb - 1;
    }
    size_t best = 0;
    for (size_t k = 1; k < nb; k++)
        if (p[k] > p[best]) best = k;
    return best;
}

/* u_bar[a × (n_bargain + 1) + b]: a's utility of bargain b, the status quo last. */
/* u_bar[a × (n_bargain + 1) + b]: a's utility of bargain b, the status quo last (each bargain is in
** two queues; this computes it once). */
static void option_utilities(pl_smp *m)
{
    const size_t nb = m->n_bargain + 1;
    for (size_t a = 0; a < m->n; a++) {
        for (size_t b = 0; b + 1 < nb; b++) m->u_bar[a * nb + b] = pl_smp_option_utility(m, a, &m->bargain[b]);
        m->u_bar[a * nb + nb - 1] = pl_smp_option_utility(m, a, NULL);
    }
}

static pl_status resolve(pl_smp *m, size_t k, gsl_rng *rng, pl_error *err)
{
    const size_t n = m->n, nd = m->nd, nb = m->n_queue[k], *qk = m->queue + k * (2 * n + 1);
    const size_t nbar = m->n_bargain + 1;
    for (size_t a = 0; a < n; a++)
        for (size_t o = 0; o < nb; o++) m->u_opt[a * nb + o] = m->u_bar[a * nbar + (qk[o] == SIZE_MAX ? nbar - 1 : qk[o])];
    pl_status st = pl_smp_pce(&m->par.rule, n, nb, m->cap, m->u_opt, nb, m->work, m->p_opt, err);
    if (st) return st;
    size_t o = m->choice[k] = choose(m->p_opt, nb, m->par.stochastic ? rng : NULL);
    m->p_choice[k] = m->p_opt[o];
    const double *x = m->pos + k * nd;
    if (qk[o] != SIZE_MAX) {
        const pl_smp_bargain *b = &m->bargain[qk[o]];
        x = b->init == k ? b->x_init : b->x_rcvr; /* each party adopts its own half */
    }
    memcpy(m->next + k * nd, x, nd * sizeof(double));
    return PL_OK;
}

/* q_i ← Σ_j a_ij θ_j + (1 − Σ_j a_ij) q_i (KTAB's newIdeals); the identity copies positions. */
static void update_ideals(pl_smp *m)
{
    const size_t n = m->n, nd = m->nd;
    if (!m->acc) {
        memcpy(m->ideal, m->pos, n * nd * sizeof(double));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double *q = m->scratch, si = 0.0;
        for (size_t d = 0; d < nd; d++) q[d] = 0;
        for (size_t j = 0; j < n; j++) {
            double a = m->acc[i * n + j];
            si = si + a;
            for (size_t d = 0; d < nd; d++) q[d] = q[d] + a * m->pos[j * nd + d];
        }
        double lag = 1.0 - (si > 1.0 ? 1.0 : si);
        for (size_t d = 0; d < nd; d++) m->ideal[i * nd + d] = q[d] + lag * m->ideal[i * nd + d];
    }
}

static void enqueue(pl_smp *m, size_t k, size_t b) { m->queue[k * (2 * m->n + 1) + m->n_queue[k]++] = b; }

pl_status pl_smp_turn(pl_smp *m, gsl_rng *rng, pl_error *err)
{
    const size_t n = m->n;
    m->n_bargain = 0;
    for (size_t k = 0; k < n; k++) {
        m->n_queue[k] = 0;
        enqueue(m, k, SIZE_MAX);
    }
    for (size_t i = 0; i < n; i++) {
        pl_smp_perspective(m, i, m->ut);
        pl_smp_best_target(m, i);
        if (m->target[i] == n) continue;
        size_t first = m->n_bargain;
        propose(m, i, m->target[i]);
        for (size_t b = first; b < m->n_bargain; b++) {
            enqueue(m, i, b);
            enqueue(m, m->target[i], b);
        }
    }
    option_utilities(m);
    for (size_t k = 0; k < n; k++) {
        pl_status st = resolve(m, k, rng, err);
        if (st) return st;
    }
    double *t = m->pos;
    m->pos = m->next;
    m->next = t;
    update_ideals(m);
    return PL_OK;
}

const pl_smp_bargain *pl_smp_adopted(const pl_smp *m, size_t k)
{
    size_t b = m->queue[k * (2 * m->n + 1) + m->choice[k]];
    return b == SIZE_MAX ? NULL : &m->bargain[b];
}

double pl_smp_state_distance(size_t n, size_t nd, const double *a, const double *b)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t d = 0; d < nd; d++) {
            double x = a[i * nd + d] - b[i * nd + d];
            s = s + x * x;
        }
        sum = sum + sqrt(s);
    }
    return sum;
}
