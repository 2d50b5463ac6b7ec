/*
** settle_postdeal.c — the world after a deal: rebuilding, fading attention, and the attacker's
** month-by-month choice to renew the war (optimal stopping over its projection, settle.h).
** Layer: simulation.
*/
#include "settle_postdeal.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "parley/memory.h"

enum { MAX_MONTHS = 2400, REVIEW_MONTHS = 3 };

pl_status pd_init(pd_world *w, const pl_settle_values *v, const pl_guarantee *g, pl_commitment_rule rule,
                  size_t horizon, pl_error *err)
{
    memset(w, 0, sizeof *w);
    w->v = v;
    w->g = g;
    w->rule = rule;
    long ahead = lround(v->postdeal.projection_years * 12);
    w->lookahead = (size_t)(ahead < 12 ? 12 : ahead);
    w->n = horizon + w->lookahead;
    if (w->n > MAX_MONTHS) return pl_error_set(err, PL_EINVAL, "found %zu months to follow, expected at most %d", w->n, MAX_MONTHS);
    double **arrays[] = {&w->decay_na, &w->decay_nd, &w->decay_q, &w->keep, &w->va, &w->vd, &w->p_fresh};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
        if (!(*arrays[k] = pl_malloc(w->n * sizeof(double)))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    w->dm = pow(v->valuation.discount, 1.0 / 12.0);
    w->pv = 1.0 / 12.0 / (1 - w->dm);
    double keep = exp2(-1.0 / (12.0 * g->half_life));
    for (size_t k = 0; k < w->n; k++) {
        double t = (double)k;
        w->decay_nd[k] = exp(-t / (12.0 * v->postdeal.defender_demob_years));
        w->decay_q[k] = exp(-t / (12.0 * v->postdeal.refit_years));
        w->keep[k] = k ? w->keep[k - 1] * keep : 1;
    }
    return PL_OK;
}

void pd_free(pd_world *w)
{
    pl_free(w->decay_na);
    pl_free(w->decay_nd);
    pl_free(w->decay_q);
    pl_free(w->keep);
    pl_free(w->va);
    pl_free(w->vd);
    pl_free(w->p_fresh);
    memset(w, 0, sizeof *w);
}

/* Whether two starts give the same forces month by month (pd_month reads only these). */
static int same_force_start(const pd_start *x, const pd_start *y)
{
    return x->na0 == y->na0 && x->qa0 == y->qa0 && x->nd0 == y->nd0 && x->qd0 == y->qd0 && x->cap == y->cap &&
           x->base_a == y->base_a && x->base_d == y->base_d;
}

void pd_begin(pd_world *w, const pd_start *st)
{
    const pl_settle_postdeal *pd = &w->v->postdeal;
    /* Both sides' valuations of a round's terms and the terms' realised path start from the same
    ** forces (beliefs differ only in morale, fatigue and exhaustion): the forces' path and the
    ** contests of the fresh projection are then the same, and are kept. */
    int same_forces = w->p_fresh_valid && same_force_start(&w->st, st);
    w->p_fresh_valid = same_forces;
    w->st = *st;
    /* Recruits fill the gap to the ceiling logistically: N(t) = C − (C − N0)·e^{−r t/C}. */
    w->na_ceiling = pd->attacker_ceiling_ratio * st->na0;
    double rate = w->na_ceiling > 0 ? pd->attacker_recruits_per_month / w->na_ceiling : 0;
    if (!same_forces)
        for (size_t k = 0; k < w->n; k++) w->decay_na[k] = exp(-rate * (double)k);
    /* The cap and the peace army are whole-army numbers; the forces here are the combat part. */
    w->nd_target = st->nd0 * fmin(pd->defender_peace_force, st->cap) / pd->defender_wartime_force;
    w->fa = st->ua / 12;
    w->fd = st->ud / 12;
    double years = pd->renewed_war_years;
    w->rt = (pl_renewal_terms){.x_attacker = st->ua, .x_defender = st->ud, .win_attacker = 1 + st->win_extra_a, .lose_defender = st->u_lose_d,
                               .snapback = pd->snapback,
                               .cost_attacker = w->v->valuation.war_cost_attacker * st->ea * years,
                               .cost_defender = w->v->valuation.war_cost_defender * st->ed * years,
                               .decisiveness = pd->decisiveness, .even_odds = pd->even_odds_ratio,
                               .discount = w->v->valuation.discount, .pv_per_flow = w->pv};
}

pl_postdeal_month pd_month(const pd_world *w, size_t k, double a_k)
{
    const pl_settle_postdeal *pd = &w->v->postdeal;
    const pl_guarantee *g = w->g;
    const pd_start *st = &w->st;
    double na = w->na_ceiling - (w->na_ceiling - st->na0) * w->decay_na[k];
    double qa_full = st->base_a * pd->attacker_readiness, qa = qa_full - (qa_full - st->qa0) * w->decay_q[k];
    double nd = w->nd_target + (st->nd0 - w->nd_target) * w->decay_nd[k];
    double qd_full = st->base_d * (1 + pd->defender_aid_quality * a_k), qd = qd_full - (qd_full - st->qd0) * w->decay_q[k];
    double yr = (double)k / 12, s_a = na * qa, s_d = nd * qd;
    double f = pl_guarantee_forces(g, a_k, yr);
    pl_postdeal_month m = {.s_attacker = s_a, .s_defender = s_d, .credibility = pl_guarantee_credibility(g, a_k, yr),
                           .guarantor_power = g->power * s_a + f * g->force_quality * qd, .cost_factor = g->cost_factor};
    return m;
}

long pd_project(pd_world *w, size_t t0, double a, double *value_a, pl_postdeal_month *first)
{
    const pl_guarantee *g = w->g;
    size_t end = t0 + w->lookahead < w->n ? t0 + w->lookahead : w->n;
    /* The projection from month 0 at full attention recurs (both sides' valuations, the path's
    ** first review) with the same forces: its chances are found once. */
    int fresh = t0 == 0 && a == 1, cached = fresh && w->p_fresh_valid;
    for (size_t k = t0; k < end; k++) {
        double a_k = g->attention_floor + (a - g->attention_floor) * w->keep[k - t0];
        pl_postdeal_month m = pd_month(w, k, a_k);
        if (k == t0 && first) *first = m;
        double p = cached ? w->p_fresh[k] : pl_renewal_win_prob(&w->rt, &m);
        if (fresh) w->p_fresh[k] = p;
        pl_renewal_values_at(&w->rt, &m, p, &w->va[k], &w->vd[k]);
    }
    if (fresh) w->p_fresh_valid = 1;
    return pl_postdeal_first_attack(w->rule, w->va + t0, w->vd + t0, end - t0, w->fa, 1.0 / 12, w->dm, value_a);
}

double pd_defender_value(const pd_world *w, long tau)
{
    return pl_postdeal_defender_value(w->vd, w->lookahead < w->n ? w->lookahead : w->n, tau, w->fd, w->dm);
}

long pd_realised(pd_world *w, size_t horizon, gsl_rng *rng)
{
    const pl_guarantee *g = w->g;
    double sigma = w->v->postdeal.attention_noise * sqrt((double)REVIEW_MONTHS), a = 1;
    double keep = exp2(-(double)REVIEW_MONTHS / (12.0 * g->half_life));
    if (horizon > w->n - w->lookahead) horizon = w->n - w->lookahead;
    for (size_t t = 0; t < horizon; t += REVIEW_MONTHS) {
        long plan = pd_project(w, t, a, NULL, NULL);
        /* Without shocks the world follows the projection: the plan is the attack. */
        if (plan >= 0 && (plan < REVIEW_MONTHS || sigma == 0)) return (size_t)plan + t < horizon ? plan + (long)t : -1;
        if (sigma == 0) return -1;
        double z = gsl_ran_gaussian_ziggurat(rng, 1);
        a = g->attention_floor + (a - g->attention_floor) * keep * exp(sigma * z - 0.5 * sigma * sigma);
        a = fmin(1, fmax(0, a));
    }
    return -1;
}
