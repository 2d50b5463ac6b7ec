/*
** settle_postdeal.c — the world after a deal: rebuilding, fading attention, the renewed war (the
** war model run forward from the rebuilt state) and the attacker's month-by-month choice to renew
** it (optimal stopping over its projection, settle.h).
** Layer: simulation.
*/
#include "settle_postdeal.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "parley/memory.h"
#include "parley/war.h"


enum { MAX_MONTHS = 2400, REVIEW_MONTHS = PD_REVIEW_MONTHS, SERIES = 3 };

/* The renewal dates at which the war is run: at the deal, and once both armies are rebuilt (four
** refit time constants, 98% of the way), within the world. */
static void place_knots(pl_postdeal_world *w)
{
    long k1 = lround(4 * w->v->postdeal.refit_years * 12), last = (long)w->n - 1;
    w->knot[0] = 0;
    w->knot[1] = (size_t)(k1 < 1 ? 1 : k1 < last ? k1 : last);
}

pl_status pl_postdeal_init(pl_postdeal_world *w, const pl_settle_values *v, const pl_guarantee *g, const pl_war_params *war,
                  pl_commitment_rule rule, size_t horizon, pl_error *err)
{
    memset(w, 0, sizeof *w);
    w->v = v;
    w->g = g;
    w->war = war;
    w->rule = rule;
    long ahead = lround(v->postdeal.projection_years * 12);
    w->lookahead = (size_t)(ahead < 12 ? 12 : ahead);
    w->n = horizon + w->lookahead;
    if (w->n > MAX_MONTHS) return pl_error_set(err, PL_EINVAL, "found %zu months to follow, expected at most %d", w->n, MAX_MONTHS);
    long wm = lround(v->postdeal.renewed_war_years * 12);
    w->war_months = (size_t)(wm < 1 ? 1 : wm);
    double **arrays[] = {&w->decay_na, &w->decay_nd, &w->decay_q, &w->keep, &w->va, &w->vd,
                         &w->v_side[0][0], &w->v_side[0][1], &w->v_side[1][0], &w->v_side[1][1]};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
        if (!(*arrays[k] = pl_malloc(w->n * sizeof(double)))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!(w->run = pl_malloc(PD_KNOTS * 2 * SERIES * w->war_months * sizeof(double))))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    w->dm = pow(v->valuation.discount, 1.0 / 12.0);
    w->pv = 1.0 / 12.0 / (1 - w->dm);
    double keep = exp2(-1.0 / (12.0 * g->half_life_years));
    for (size_t k = 0; k < w->n; k++) {
        double t = (double)k;
        w->decay_nd[k] = exp(-t / (12.0 * v->postdeal.defender_demob_years));
        w->decay_q[k] = exp(-t / (12.0 * v->postdeal.refit_years));
        w->keep[k] = k ? w->keep[k - 1] * keep : 1;
    }
    place_knots(w);
    return PL_OK;
}

void pl_postdeal_free(pl_postdeal_world *w)
{
    pl_free(w->decay_na);
    pl_free(w->decay_nd);
    pl_free(w->decay_q);
    pl_free(w->keep);
    pl_free(w->va);
    pl_free(w->vd);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) pl_free(w->v_side[i][j]);
    pl_free(w->run);
    memset(w, 0, sizeof *w);
}

/* ---- The renewed war, fought in the war model -------------------------------------------- */

static double *run_series(const pl_postdeal_world *w, size_t knot, int fights, int series)
{
    return w->run + ((knot * 2 + (size_t)fights) * SERIES + (size_t)series) * w->war_months;
}

/* Whether the guarantor can ever fight: otherwise the runs with it are the runs without. */
static int guarantor_may_fight(const pl_guarantee *g)
{
    return g->duration_years > 0 && (g->p_fight > 0 || (g->forces > 0 && g->tripwire_scale > 0));
}

/* The war model's state at the deal rebuilt to month k of the post-deal world: each side's line
** and reserve in their proportions at the deal, scaled to its rebuilt force; fatigue recovered and
** morale and prospects settled toward their base over k months of peace; base effectiveness
** raised by refitting (the attacker toward its readiness, the defender by Western aid at
** attention a); the defender's third parties at the guarantor's attention. With the guarantor
** fighting, its power (a share of the attacker's effective force) and its troops in place stand
** in the defender's line, counted in defender soldiers. */
static void rebuild(const pl_postdeal_world *w, size_t k, int fights, pl_war_state *s, pl_war_params *p)
{
    const pl_settle_postdeal *pd = &w->v->postdeal;
    const pl_postdeal_start *st = &w->st;
    double yr = (double)k / 12, days = (double)k * PL_WAR_MONTH_DAYS, a = pl_guarantee_attention(w->g, 1, yr);
    double refit = 1 - w->decay_q[k];
    double n_side[2] = {w->na_ceiling - (w->na_ceiling - st->na0) * w->decay_na[k],
                        w->nd_target + (st->nd0 - w->nd_target) * w->decay_nd[k]};
    double lift[2] = {1 + (pd->attacker_readiness - 1) * refit, 1 + pd->defender_aid_quality * a * refit};
    *p = *w->war;
    p->stochastic = 0;
    *s = *st->war;
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_state *ss = &s->side[x];
        double n0 = ss->line + ss->reserve, line_share = n0 > 0 ? ss->line / n0 : 1;
        ss->line = line_share * n_side[x];
        ss->reserve = (1 - line_share) * n_side[x];
        /* Fatigue recovers and morale returns to its base at the war model's own rates. */
        double rest = exp(-days / p->side[x].front.recovery_days), settle = exp(-days / p->side[x].home.morale_days);
        ss->fatigue *= rest;
        ss->reserve_fatigue *= rest;
        ss->morale = p->side[x].home.morale_base + (ss->morale - p->side[x].home.morale_base) * settle;
        ss->prospects *= settle;
        ss->gain_trend *= settle;
        p->side[x].front.base_effectiveness *= lift[x];
    }
    for (int j = 0; j < p->n_third; j++)
        if (p->third[j].supports == PL_WAR_DEFENDER) s->third[j].attention = a;
    if (fights) {
        double qa = p->side[PL_WAR_ATTACKER].front.base_effectiveness, qd = p->side[PL_WAR_DEFENDER].front.base_effectiveness;
        double f = pl_guarantee_forces(w->g, a, yr);
        s->side[PL_WAR_DEFENDER].line += (qd > 0 ? w->g->power * n_side[PL_WAR_ATTACKER] * qa / qd : 0) + f * w->g->force_quality;
    }
    pl_war_params_prepare(p);
}

/* The renewed war at knot j: the war model, mean-field, month by month for the war's length,
** keeping each side's mean exhaustion over the month and the attacker's net ground at its end. */
static void fight_renewal(pl_postdeal_world *w, size_t j, int fights)
{
    pl_war_state s;
    pl_war_params p;
    rebuild(w, w->knot[j], fights, &s, &p);
    double *ea = run_series(w, j, fights, 0), *ed = run_series(w, j, fights, 1), *ground = run_series(w, j, fights, 2);
    double t0 = s.territory_km2;
    long day = 0;
    for (size_t m = 0; m < w->war_months; m++) {
        long end = lround((double)(m + 1) * PL_WAR_MONTH_DAYS);
        double sum[2] = {0, 0};
        long nd = 0;
        for (; day < end; day++, nd++) {
            pl_war_step(&s, &p, NULL);
            sum[0] += s.side[0].exhaustion;
            sum[1] += s.side[1].exhaustion;
        }
        ea[m] = nd ? sum[0] / (double)nd : s.side[0].exhaustion;
        ed[m] = nd ? sum[1] / (double)nd : s.side[1].exhaustion;
        ground[m] = s.territory_km2 - t0;
    }
}

static void make_runs(pl_postdeal_world *w)
{
    int may_fight = guarantor_may_fight(w->g);
    for (size_t j = 0; j < PD_KNOTS; j++) {
        fight_renewal(w, j, PD_ALONE);
        if (may_fight) fight_renewal(w, j, PD_FIGHTS);
        else
            for (int k = 0; k < SERIES; k++)
                memcpy(run_series(w, j, PD_FIGHTS, k), run_series(w, j, PD_ALONE, k), w->war_months * sizeof(double));
    }
    w->runs_valid = 1;
}

static double utility_at(const pl_postdeal_world *w, int side, double km2)
{
    if (w->st.utility_at) return w->st.utility_at(w->st.utility_ctx, side, km2);
    return side == PL_WAR_ATTACKER ? w->st.ua : w->st.ud;
}

static double monthly_hazard(const pl_collapse *c, double e) { return 1 - exp(-pl_collapse_hazard(c, e) / 12); }

static void close_side(pl_renewal_side *s) { s->value = s->imposed + s->broken + s->line + s->flows - s->cost; }

/* The values of the renewed war at knot j (docs/models/settle.md §5): month by month, both sides
** hold the terms at the moving front (the attacker less the sanctions snapped back) and pay
** κ·exhaustion; a side breaks with the hazard of its exhaustion (§3) and the other imposes its
** terms; at the war's end without a collapse, the line it reached is held forever. */
static void value_renewal(const pl_postdeal_world *w, size_t j, int fights, pl_renewal_outcome *o)
{
    const pl_settle_values *v = w->v;
    pl_collapse c = {v->collapse.rate_max, v->collapse.e_half, v->collapse.width};
    const double *ea = run_series(w, j, fights, 0), *ed = run_series(w, j, fights, 1), *ground = run_series(w, j, fights, 2);
    double ka = v->valuation.war_cost_attacker * (fights ? w->g->cost_factor : 1), kd = v->valuation.war_cost_defender;
    double snap = v->postdeal.snapback, surv = 1, disc = 1;
    memset(o, 0, sizeof *o);
    for (size_t m = 0; m < w->war_months; m++) {
        double ha = monthly_hazard(&c, ea[m]), hd = monthly_hazard(&c, ed[m]), ds = disc * surv;
        o->attacker.flows += ds * (utility_at(w, PL_WAR_ATTACKER, ground[m]) - snap) / 12;
        o->defender.flows += ds * utility_at(w, PL_WAR_DEFENDER, ground[m]) / 12;
        o->attacker.cost += ds * ka * ea[m] / 12;
        o->defender.cost += ds * kd * ed[m] / 12;
        o->attacker.imposed += ds * hd * w->pv * (1 + w->st.win_extra_a);
        o->attacker.broken += ds * ha * w->pv * w->st.u_lose_a;
        o->defender.imposed += ds * ha * w->pv * (1 + w->st.win_extra_d);
        o->defender.broken += ds * hd * w->pv * w->st.u_lose_d;
        o->p_collapse_defender += surv * hd;
        o->p_collapse_attacker += surv * ha;
        o->years += surv / 12;
        double go_on = 1 - ha - hd;
        surv *= go_on > 0 ? go_on : 0;
        disc *= w->dm;
    }
    double end = ground[w->war_months - 1];
    o->p_stalemate = surv;
    o->ground_km2 = end;
    o->attacker.line = disc * surv * w->pv * (utility_at(w, PL_WAR_ATTACKER, end) - snap);
    o->defender.line = disc * surv * w->pv * utility_at(w, PL_WAR_DEFENDER, end);
    close_side(&o->attacker);
    close_side(&o->defender);
}

/* The weight of the rebuilt knot at month k: the share of the refit done by then relative to the
** share done at the knot (1 beyond it), so the outcome moves with the rebuilding, not with time. */
static double rebuilt_weight(const pl_postdeal_world *w, size_t k)
{
    if (k >= w->knot[1]) return 1;
    return (1 - w->decay_q[k]) / (1 - w->decay_q[w->knot[1]]);
}

static void tabulated(const pl_postdeal_world *w, size_t k, int fights, pl_renewal_outcome *out)
{
    pl_renewal_interpolate(&w->table[0][fights], &w->table[1][fights], rebuilt_weight(w, k), out);
}

void pl_postdeal_renewal(const pl_postdeal_world *w, size_t k, double p_fight, pl_renewal_outcome *out)
{
    pl_renewal_outcome alone, fights;
    tabulated(w, k, PD_ALONE, &alone);
    tabulated(w, k, PD_FIGHTS, &fights);
    pl_renewal_mix(&fights, &alone, p_fight, out);
}

/* ---- The post-deal world ------------------------------------------------------------------ */

/* Whether two starts give the same forces month by month (pl_postdeal_month_at reads only these). */
static int same_force_start(const pl_postdeal_start *x, const pl_postdeal_start *y)
{
    return x->na0 == y->na0 && x->qa0 == y->qa0 && x->nd0 == y->nd0 && x->qd0 == y->qd0 && x->cap == y->cap &&
           x->base_a == y->base_a && x->base_d == y->base_d;
}

void pl_postdeal_begin(pl_postdeal_world *w, const pl_postdeal_start *st)
{
    const pl_settle_postdeal *pd = &w->v->postdeal;
    int same_forces = w->runs_valid && same_force_start(&w->st, st);
    int same_terms = w->values_valid && st->terms_id != 0 && st->terms_id == w->st.terms_id;
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
    if (!w->runs_valid) make_runs(w);
    if (same_terms) return;
    for (size_t j = 0; j < PD_KNOTS; j++)
        for (int f = 0; f < 2; f++) value_renewal(w, j, f, &w->table[j][f]);
    /* What a renewal at month k is worth to each side with and without the guarantor depends on
    ** the month only: found once here, mixed by the month's credibility in each projection. */
    for (size_t k = 0; k < w->n; k++) {
        double wt = rebuilt_weight(w, k), u = 1 - wt; /* as pl_renewal_interpolate weighs them */
        for (int f = 0; f < 2; f++) {
            w->v_side[PL_WAR_ATTACKER][f][k] = u * w->table[0][f].attacker.value + wt * w->table[1][f].attacker.value;
            w->v_side[PL_WAR_DEFENDER][f][k] = u * w->table[0][f].defender.value + wt * w->table[1][f].defender.value;
        }
    }
    w->values_valid = 1;
}

pl_postdeal_month pl_postdeal_month_at(const pl_postdeal_world *w, size_t k, double a_k)
{
    const pl_settle_postdeal *pd = &w->v->postdeal;
    const pl_guarantee *g = w->g;
    const pl_postdeal_start *st = &w->st;
    double na = w->na_ceiling - (w->na_ceiling - st->na0) * w->decay_na[k];
    double qa_full = st->base_a * pd->attacker_readiness, qa = qa_full - (qa_full - st->qa0) * w->decay_q[k];
    double nd = w->nd_target + (st->nd0 - w->nd_target) * w->decay_nd[k];
    double qd_full = st->base_d * (1 + pd->defender_aid_quality * a_k), qd = qd_full - (qd_full - st->qd0) * w->decay_q[k];
    double yr = (double)k / 12, s_a = na * qa, s_d = nd * qd;
    double f = pl_guarantee_forces(g, a_k, yr);
    pl_postdeal_month m = {.s_attacker = s_a, .s_defender = s_d, .credibility = pl_guarantee_credibility(g, a_k, yr),
                           .guarantor_power = g->power * s_a + f * g->force_quality * qd};
    return m;
}

/* p·fights + (1 − p)·alone, as pl_renewal_mix does it. */
static double mix(double fights, double alone, double p) { return p == 0 ? alone : (1 - p) * alone + p * fights; }

long pl_postdeal_project(pl_postdeal_world *w, size_t t0, double a, double *value_a, pl_postdeal_month *first)
{
    const pl_guarantee *g = w->g;
    size_t end = t0 + w->lookahead < w->n ? t0 + w->lookahead : w->n;
    double *const *va = w->v_side[PL_WAR_ATTACKER], *const *vd = w->v_side[PL_WAR_DEFENDER];
    for (size_t k = t0; k < end; k++) {
        double a_k = g->attention_floor + (a - g->attention_floor) * w->keep[k - t0];
        double phi = pl_guarantee_credibility(g, a_k, (double)k / 12);
        w->va[k] = mix(va[PD_FIGHTS][k], va[PD_ALONE][k], phi);
        w->vd[k] = mix(vd[PD_FIGHTS][k], vd[PD_ALONE][k], phi);
    }
    if (first) *first = pl_postdeal_month_at(w, t0, a);
    return pl_postdeal_first_attack(w->rule, w->va + t0, w->vd + t0, end - t0, w->fa, 1.0 / 12, w->dm, value_a);
}

double pl_postdeal_defender_value_at(const pl_postdeal_world *w, long tau)
{
    return pl_postdeal_defender_value(w->vd, w->lookahead < w->n ? w->lookahead : w->n, tau, w->fd, w->dm);
}

long pl_postdeal_realised(pl_postdeal_world *w, size_t horizon, gsl_rng *rng)
{
    const pl_guarantee *g = w->g;
    double sigma = w->v->postdeal.attention_noise * sqrt((double)REVIEW_MONTHS), a = 1;
    double keep = exp2(-(double)REVIEW_MONTHS / (12.0 * g->half_life_years));
    if (horizon > w->n - w->lookahead) horizon = w->n - w->lookahead;
    for (size_t t = 0; t < horizon; t += REVIEW_MONTHS) {
        long plan = pl_postdeal_project(w, t, a, NULL, NULL);
        /* Without shocks the world follows the projection: the plan is the attack. */
        if (plan >= 0 && (plan < REVIEW_MONTHS || sigma == 0)) return (size_t)plan + t < horizon ? plan + (long)t : -1;
        if (sigma == 0) return -1;
        double z = gsl_ran_gaussian_ziggurat(rng, 1);
        a = g->attention_floor + (a - g->attention_floor) * keep * exp(sigma * z - 0.5 * sigma * sigma);
        a = fmin(1, fmax(0, a));
    }
    return -1;
}
