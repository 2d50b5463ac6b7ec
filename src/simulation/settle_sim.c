/*
** settle_sim.c — one run of the flagship: negotiation rounds while the war goes on, each side's
** accept-or-refuse decision (the deal's value against fighting on, both from its own beliefs),
** and after a deal the month-by-month choice of the attacker to renew the war.
** Layer: simulation.
**
** The path of a run (docs/models/settle.md §7): the war model runs to the first round; at each
** round the stakeholders bargain over the points on the table (a model from the registry), each
** belligerent values the terms (settle.h: utility, post-deal projection with the option to
** attack) and fighting on (the war model run forward, mean-field, from its belief state: the true
** state with the opponent's exhaustion misread by its bias and noise); both accept → a deal;
** otherwise the war runs to the next round and may break a side. After a deal the guarantor's
** attention follows its decay with monthly shocks, and each month the attacker renews the war if
** that beats waiting (optimal stopping over its projection of the post-deal world).
*/
#include "parley/settle_sim.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "parley/aims.h"
#include "parley/memory.h"
#include "parley/theory.h"
#include "parley/war.h"
#include "settle_postdeal.h"

#define YEAR_DAYS 365.25

enum { SIDE_A = PL_WAR_ATTACKER, SIDE_D = PL_WAR_DEFENDER };

/* Everything a run keeps between its steps. */
typedef struct run_ctx {
    const pl_settle_params *p;
    const pl_framework *fw;
    const pl_settle_setup *su;
    size_t actor[2];         /* framework actor of each war side */
    double *sal;             /* [n_actors × n_points] this run's saliences */
    double *sq, *x;          /* [n_points] status quo now, terms of the round */
    double *xm;              /* [n_points] scratch: a deal's terms with the line moved by a renewed war */
    const double *deal_x;    /* the terms the post-deal world follows */
    const pl_war_state *truth; /* the true state of the war at the round (a renewed war starts from it) */
    unsigned terms_id;       /* counts the rounds' terms: the post-deal world keeps its values for the same */
    pl_deal_table table;
    double territory0;       /* the attacker's net gains at the first round */
    double u_lose[2];        /* each side's utility of the terms the other would impose */
    pl_collapse collapse;
    pl_postdeal_world pd;             /* the post-deal world */
    long signed_month;       /* the realised attack had round 1's terms been signed, −1 none */
    pl_aims aims[2];         /* what the run's aims hypothesis adds to each side's values (aims.h) */
    pl_guarantee g;          /* the guarantee as read now: its doubt follows the belief learnt in talks */
    double mu;               /* the attacker's (public) belief that the guarantor is resolute */
    int resolute;            /* the guarantor's true type, drawn only when talks can reveal it */
    int learns;              /* the talks' signal is informative and the type in doubt (settle.md §11) */
} run_ctx;

/* What a side finds when it values a deal. */
typedef struct deal_eval {
    double value_a, value_d, credibility0, ratio5;
    long tau; /* the attacker's planned month of attack, −1 never */
} deal_eval;

/* ---- Set-up and clean-up ---------------------------------------------------------------- */

static void ctx_free(run_ctx *c)
{
    pl_deal_table_free(&c->table);
    pl_free(c->sal);
    pl_free(c->sq);
    pl_free(c->x);
    pl_free(c->xm);
    pl_postdeal_free(&c->pd);
}

/* Each salience drawn as s·exp(σz − σ²/2), at most 1: a mean-preserving spread of a guess. */
static void draw_saliences(run_ctx *c, gsl_rng *rng)
{
    double sigma = c->p->v.valuation.salience_noise;
    for (size_t k = 0; k < c->fw->n_actors * c->fw->n_points; k++) {
        double z = gsl_ran_gaussian_ziggurat(rng, 1), s = c->fw->salience[k] * exp(sigma * z - 0.5 * sigma * sigma);
        c->sal[k] = s < 1 ? s : 1;
    }
}

static pl_status ctx_init(run_ctx *c, const pl_settle_params *p, gsl_rng *rng, pl_error *err)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->su = p->setup;
    c->fw = p->setup->fw;
    c->actor[SIDE_A] = c->su->attacker;
    c->actor[SIDE_D] = c->su->defender;
    size_t np = c->fw->n_points, cells = c->fw->n_actors * np;
    c->sal = pl_malloc(cells * sizeof *c->sal);
    c->sq = pl_malloc(np * sizeof *c->sq);
    c->x = pl_malloc(np * sizeof *c->x);
    c->xm = pl_malloc(np * sizeof *c->xm);
    c->g = p->guarantee;
    c->mu = p->v.resolve_posterior;
    if (!c->sal || !c->sq || !c->x || !c->xm) return pl_error_set(err, PL_ENOMEM, "out of memory");
    size_t horizon = (size_t)lround(p->v.postdeal.horizon_years * 12);
    pl_status st = pl_postdeal_init(&c->pd, &p->v, &c->g, &p->war, c->su->rule, horizon, err);
    if (st) return st;
    c->collapse = (pl_collapse){p->v.collapse.rate_max, p->v.collapse.e_half, p->v.collapse.width};
    const pl_settle_hypotheses *h = &p->v.hyp;
    if (h->taken >= 0) {
        size_t k = (size_t)h->taken;
        c->aims[h->defender[k] ? SIDE_D : SIDE_A] = (pl_aims){h->subordination[k], h->leverage[k]};
    }
    draw_saliences(c, rng);
    /* The type is drawn from the belief after the dated signals (a common prior), and only when
    ** talks can reveal it: with uninformative talks a run draws exactly what it drew before. */
    const pl_settle_resolve *rv = &p->v.resolve;
    c->learns = rv->talk_if_resolute != rv->talk_if_irresolute && c->mu > 0 && c->mu < 1;
    if (c->learns) c->resolute = gsl_rng_uniform(rng) < c->mu;
    return pl_deal_table_create(c->fw, c->sal, &c->table, err);
}

/* ---- Terms and their value ------------------------------------------------------------- */

/* The territory point's value from `from` moved by km2 of the attacker's net gains (a share of
** them falls in the contested area the point's scale spans), within the scale. */
static double territory_moved(const run_ctx *c, double from, double km2)
{
    const pl_point *pt = &c->fw->point[c->su->territory_point];
    const pl_settle_territory *tv = &c->p->v.territory;
    double v = from + (pt->hi - pt->lo) * tv->share_in_contested * km2 / tv->contested_km2;
    return v < pt->lo ? pt->lo : v > pt->hi ? pt->hi : v;
}

/* The status quo with the territory point moved by the attacker's gains since the first round. */
static void status_quo_at(run_ctx *c, double territory)
{
    pl_deal_status_quo(c->fw, c->sq);
    long d = c->su->territory_point;
    if (d >= 0) c->sq[d] = territory_moved(c, c->fw->point[d].status_quo, territory - c->territory0);
}

static double terms_utility(const run_ctx *c, int side, const double *x, int *crossed)
{
    return pl_deal_utility(c->fw, c->sal, x, c->actor[side], c->p->v.valuation.red_line_cost, crossed);
}

/* The yearly flow a side's aims add to terms x (aims.h): subordination unless the guarantee, as
** read at the deal, is honoured for its duration; leverage over the army the terms leave. */
static double aims_flow(const run_ctx *c, int side, const double *x)
{
    const pl_aims *a = &c->aims[side];
    if (a->subordination == 0 && a->leverage == 0) return 0;
    const pl_settle_postdeal *pd = &c->p->v.postdeal;
    double phi = pl_guarantee_credibility(&c->g, 1, 0);
    double w = pl_aims_weakness(pd->defender_peace_force, pl_deal_army_cap(c->fw, x), pd->defender_wartime_force);
    if (side == SIDE_D) w = 0; /* the defender's leverage would be over the attacker: not modelled */
    return pl_aims_deal_flow(a, phi, c->p->guarantee.duration_years, c->p->v.valuation.discount, w);
}

/* Red lines cost the same wherever an outcome crosses them: in a deal, in the war's status quo,
** in terms a winner imposes and on a renewed war's line (docs/models/settle.md §2). */
static void set_lose_utilities(run_ctx *c)
{
    for (int side = 0; side < 2; side++) {
        pl_deal_imposed(c->fw, c->actor[1 - side], c->x);
        c->u_lose[side] = terms_utility(c, side, c->x, NULL);
    }
}

/* pl_postdeal_utility_fn: a side's utility of the deal's terms with the line moved by a renewed war. */
static double moved_terms_utility(const void *ctx, int side, double km2)
{
    const run_ctx *c = ctx;
    long d = c->su->territory_point;
    /* The aims' flow (aims.h) is that of the deal's terms: the ground a renewed war moves does not
    ** change the guarantee or the army cap it is read from. */
    double aims = aims_flow(c, side, c->deal_x);
    if (d < 0 || km2 == 0) return terms_utility(c, side, c->deal_x, NULL) + aims;
    memcpy(c->xm, c->deal_x, c->fw->n_points * sizeof *c->xm);
    c->xm[d] = territory_moved(c, c->deal_x[d], km2);
    return terms_utility(c, side, c->xm, NULL) + aims;
}

/* The guarantee point shows the ladder rung of the guarantee in force (it is never bargained). */
static double guarantee_point_value(const run_ctx *c)
{
    double s = c->p->v.guarantee.strength;
    return s >= 0 ? s : pl_guarantee_equivalent_strength(&c->g);
}

/* The round's terms: negotiated by the model with weights that fall with exhaustion, or the plan. */
static pl_status round_terms(run_ctx *c, const pl_war_state *s, gsl_rng *rng, pl_error *err)
{
    double gv = guarantee_point_value(c);
    if (c->su->terms_proposal) {
        pl_deal_proposal(c->fw, c->sq, gv, c->x);
        return PL_OK;
    }
    double cap[PL_SETTLE_MAX_ACTORS];
    for (size_t i = 0; i < c->fw->n_actors; i++) cap[i] = c->p->v.capability[i];
    for (int side = 0; side < 2; side++)
        cap[c->actor[side]] *= 1 - c->p->v.negotiation.exhaustion_weight * s->side[side].exhaustion;
    return pl_deal_negotiate(c->fw, &c->table, cap, c->su->model, &c->su->model_opts, rng, c->sq, gv, c->x, err);
}

/* ---- Fighting on ----------------------------------------------------------------------- */

/* The true state with side's misreading of the other's exhaustion (err_e) put into the other's
** morale and fatigue, the two components a belligerent reads from the outside. */
static void belief_state(const run_ctx *c, const pl_war_state *truth, int side, double err_e, pl_war_state *b)
{
    *b = *truth;
    int j = 1 - side;
    const pl_war_weariness_params *w = &c->p->war.side[j].weariness;
    double k = w->w_morale + w->w_fatigue, shift = k > 0 ? err_e / k : 0;
    pl_war_side_state *o = &b->side[j];
    o->morale = fmin(1, fmax(0, o->morale - shift));
    o->fatigue = fmin(1, fmax(0, o->fatigue + shift));
    o->exhaustion = fmin(1, fmax(0, o->exhaustion + err_e));
}

static double monthly_hazard(const run_ctx *c, double e) { return 1 - exp(-pl_collapse_hazard(&c->collapse, e) / 12); }

/* Steps s through month m of a forward run, returning the mean exhaustion of each side. */
static void forward_month(const run_ctx *c, pl_war_state *s, long m, long *day, double *e)
{
    long end = lround((double)(m + 1) * PL_WAR_MONTH_DAYS);
    double sum[2] = {0, 0};
    long nd = 0;
    for (; *day < end; ++*day, nd++) {
        pl_war_step(s, &c->p->war, NULL);
        sum[0] += s->side[0].exhaustion;
        sum[1] += s->side[1].exhaustion;
    }
    for (int k = 0; k < 2; k++) e[k] = nd ? sum[k] / (double)nd : s->side[k].exhaustion;
}

/* Powell's (2004) value of fighting to the end, with hazards and flows from the war model run
** forward (mean-field) from the side's belief state. */
static pl_status fight_value(run_ctx *c, const pl_war_state *belief, int side, double *out, pl_error *err)
{
    pl_war_state s = *belief;
    const pl_settle_valuation *val = &c->p->v.valuation;
    double kappa = side == SIDE_A ? val->war_cost_attacker : val->war_cost_defender;
    double v_win = c->pd.pv * (1 + pl_aims_win_flow(&c->aims[side])), v_lose = c->pd.pv * c->u_lose[side], flow = 0, hw = 0, hl = 0;
    long months = lround(c->p->v.negotiation.forward_days / PL_WAR_MONTH_DAYS), day = 0;
    pl_fight_value fv;
    pl_fight_value_start(&fv);
    for (long m = 0; m < (months > 0 ? months : 1); m++) {
        double e[2];
        forward_month(c, &s, m, &day, e);
        status_quo_at(c, s.territory_km2);
        flow = (terms_utility(c, side, c->sq, NULL) - kappa * e[side]) / 12;
        hw = monthly_hazard(c, e[1 - side]);
        hl = monthly_hazard(c, e[side]);
        pl_fight_value_add(&fv, flow, hw, hl, v_win, v_lose, c->pd.dm);
    }
    *out = pl_fight_value_finish(&fv, flow, hw, hl, v_win, v_lose, c->pd.dm);
    if (!isfinite(*out)) return pl_error_set(err, PL_EDOM, "the value of fighting on is not finite (check the parameters)");
    return PL_OK;
}

/* ---- The post-deal world --------------------------------------------------------------- */

static void start_world(run_ctx *c, const pl_war_state *s, const double *x)
{
    const pl_war_side_state *a = &s->side[SIDE_A], *d = &s->side[SIDE_D];
    c->deal_x = x;
    pl_postdeal_start st = {.na0 = a->line + a->reserve, .qa0 = a->effectiveness, .nd0 = d->line + d->reserve,
                   .qd0 = d->effectiveness, .ua = terms_utility(c, SIDE_A, x, NULL) + aims_flow(c, SIDE_A, x),
                   .ud = terms_utility(c, SIDE_D, x, NULL) + aims_flow(c, SIDE_D, x),
                   .win_extra_a = pl_aims_win_flow(&c->aims[SIDE_A]), .win_extra_d = pl_aims_win_flow(&c->aims[SIDE_D]),
                   .u_lose_a = c->u_lose[SIDE_A], .u_lose_d = c->u_lose[SIDE_D], .cap = pl_deal_army_cap(c->fw, x),
                   .base_a = c->p->war.side[SIDE_A].front.base_effectiveness,
                   .base_d = c->p->war.side[SIDE_D].front.base_effectiveness, .war = c->truth ? c->truth : s,
                   .utility_at = moved_terms_utility, .utility_ctx = c, .terms_id = x == c->x ? c->terms_id : 0};
    pl_postdeal_begin(&c->pd, &st);
}

static void evaluate_deal(run_ctx *c, const pl_war_state *s, const double *x, deal_eval *ev)
{
    start_world(c, s, x);
    pl_postdeal_month m0;
    ev->tau = pl_postdeal_project(&c->pd, 0, 1, &ev->value_a, &m0);
    ev->value_d = pl_postdeal_defender_value_at(&c->pd, ev->tau);
    ev->credibility0 = m0.credibility;
    size_t k5 = c->pd.lookahead > 60 ? 60 : c->pd.lookahead - 1;
    pl_postdeal_month m5 = pl_postdeal_month_at(&c->pd, k5, pl_guarantee_attention(&c->g, 1, (double)k5 / 12));
    ev->ratio5 = m5.s_defender > 0 ? m5.s_attacker / m5.s_defender : 0;
}

/* The realised post-deal path of terms x from the true state s: the month of the attack or −1. */
static long realised_attack(run_ctx *c, const pl_war_state *s, const double *x, gsl_rng *rng)
{
    start_world(c, s, x);
    return pl_postdeal_realised(&c->pd, (size_t)lround(c->p->v.postdeal.horizon_years * 12), rng);
}

/* ---- Rounds ---------------------------------------------------------------------------- */

/* Runs the true war for `days`, then draws whether either side broke (hazards at the period's
** mean exhaustion). Returns 0, or 1 + the side that broke. */
static int war_between_rounds(const run_ctx *c, pl_war_state *s, long days, gsl_rng *rng)
{
    double sum[2] = {0, 0};
    for (long d = 0; d < days; d++) {
        pl_war_step(s, &c->p->war, rng);
        sum[0] += s->side[0].exhaustion;
        sum[1] += s->side[1].exhaustion;
    }
    int broke = 0;
    for (int side = 0; side < 2; side++) {
        double rate = pl_collapse_hazard(&c->collapse, days ? sum[side] / (double)days : s->side[side].exhaustion);
        double u = gsl_rng_uniform(rng);
        if (!broke && u < 1 - exp(-rate * (double)days / YEAR_DAYS)) broke = 1 + side;
    }
    return broke;
}

static void record_round1(run_ctx *c, const pl_war_state *s, const deal_eval *ev, const double *fight,
                          pl_settle_outcomes *out)
{
    double *o = out->v;
    int ca, cd;
    o[PL_SO_ATTACKER_UTILITY] = terms_utility(c, SIDE_A, c->x, &ca);
    o[PL_SO_DEFENDER_UTILITY] = terms_utility(c, SIDE_D, c->x, &cd);
    o[PL_SO_RED_LINES_ATTACKER] = ca;
    o[PL_SO_RED_LINES_DEFENDER] = cd;
    o[PL_SO_ATTACKER_TERMS_VALUE] = (o[PL_SO_ATTACKER_UTILITY] + aims_flow(c, SIDE_A, c->x)) * c->pd.pv;
    o[PL_SO_ATTACKER_OPTION_VALUE] = ev[SIDE_A].value_a - o[PL_SO_ATTACKER_TERMS_VALUE];
    o[PL_SO_ATTACKER_FIGHT_VALUE] = fight[SIDE_A];
    o[PL_SO_DEFENDER_DEAL_VALUE] = ev[SIDE_D].value_d;
    o[PL_SO_DEFENDER_FIGHT_VALUE] = fight[SIDE_D];
    o[PL_SO_CREDIBILITY] = ev[SIDE_A].credibility0;
    o[PL_SO_PLANNED_ATTACK_YEARS] = ev[SIDE_A].tau < 0 ? -1 : (double)ev[SIDE_A].tau / 12;
    o[PL_SO_POWER_RATIO_5Y] = ev[SIDE_A].ratio5;
    o[PL_SO_EXHAUSTION_ATTACKER] = s->side[SIDE_A].exhaustion;
    o[PL_SO_EXHAUSTION_DEFENDER] = s->side[SIDE_D].exhaustion;
    o[PL_SO_DEFENDER_COLLAPSE_RATE] = pl_collapse_hazard(&c->collapse, s->side[SIDE_D].exhaustion);
    memcpy(out->terms, c->x, c->fw->n_points * sizeof *c->x);
}

/* The recommencement outcomes from the attack month (−1 none), written from slot `first`:
** PL_SO_RECOMMENCED (with 5y, 10y, years) or PL_SO_SIGNED_RECOMMENCED_5Y (with 10y, years). */
static void record_recommencement(const run_ctx *c, long month, int first, pl_settle_outcomes *out)
{
    double yrs = month < 0 ? -1 : (double)month / 12;
    double horizon = c->p->v.postdeal.horizon_years;
    int within = month >= 0 && yrs < horizon;
    double *o = out->v + first;
    if (first == PL_SO_RECOMMENCED) *o++ = within;
    *o++ = within && yrs < 5;
    *o++ = within && yrs < 10;
    *o = within ? yrs : -1;
}

/* Sets the belief the guarantee is read with (settle.md §11: doubt = 1 − (mu + (1 − mu)·kappa)). */
static void set_belief(run_ctx *c, double mu)
{
    c->mu = mu;
    c->g.doubt = 1 - pl_resolve_factor(mu, c->p->v.resolve.irresolute_share);
}

/* Between two rounds the guarantor shows firmness or not, as its true type makes likely; both
** sides see it and update by Bayes' rule. */
static void learn_between_rounds(run_ctx *c, gsl_rng *rng)
{
    if (!c->learns) return;
    const pl_settle_resolve *rv = &c->p->v.resolve;
    set_belief(c, pl_resolve_talk_step(c->mu, c->resolute, rv->talk_if_resolute, rv->talk_if_irresolute,
                                       gsl_rng_uniform(rng), NULL));
}

/* The attacker's value of refusing now to see the next signal (pl_learning_wait_value, settle.md
** §11): the deal valued against a resolute (v_R) and an irresolute (v_I) guarantor, fighting on
** worth w, a round's discount delta and its net cost c (the war's flow over the interval). */
static double wait_value(run_ctx *c, const pl_war_state *s, const pl_war_state *belief, double w)
{
    const pl_settle_resolve *rv = &c->p->v.resolve;
    const pl_settle_valuation *val = &c->p->v.valuation;
    double mu = c->mu, years = c->p->v.negotiation.interval_days / YEAR_DAYS;
    deal_eval ev;
    set_belief(c, 1);
    evaluate_deal(c, belief, c->x, &ev);
    double v_res = ev.value_a;
    set_belief(c, 0);
    evaluate_deal(c, belief, c->x, &ev);
    double v_irr = ev.value_a;
    set_belief(c, mu);
    double flow = terms_utility(c, SIDE_A, c->sq, NULL) - val->war_cost_attacker * s->side[SIDE_A].exhaustion;
    return pl_learning_wait_value(mu, v_res, v_irr, w, rv->talk_if_resolute, rv->talk_if_irresolute,
                                  pow(val->discount, years), -flow * years);
}

/* One round: terms, then each side's decision from its own beliefs. Sets accept[2]. */
static pl_status play_round(run_ctx *c, const pl_war_state *s, int round, gsl_rng *rng, int *accept,
                            pl_settle_outcomes *out, pl_error *err)
{
    const pl_settle_beliefs *bel = &c->p->v.beliefs;
    double bias[2] = {bel->attacker_bias, bel->defender_bias}, noise[2] = {bel->attacker_noise, bel->defender_noise};
    double z[2] = {gsl_ran_gaussian_ziggurat(rng, 1), gsl_ran_gaussian_ziggurat(rng, 1)};
    status_quo_at(c, s->territory_km2);
    c->truth = s;
    c->terms_id++;
    pl_status st = round_terms(c, s, rng, err);
    if (st) return st;
    deal_eval ev[2];
    pl_war_state b[2];
    for (int side = 0; side < 2; side++) {
        belief_state(c, s, side, bias[side] + noise[side] * z[side], &b[side]);
        evaluate_deal(c, &b[side], c->x, &ev[side]);
    }
    /* A deal the attacker would break at once is no deal: it prefers the war it is already in. At
    ** once is within its first review of the plan (a quarter), as on the realised path. */
    double fight[2] = {0, 0};
    accept[SIDE_A] = ev[SIDE_A].tau < 0 || ev[SIDE_A].tau >= PD_REVIEW_MONTHS;
    accept[SIDE_D] = 1;
    /* The value of fighting on (a forward run of the war, most of a run's cost) is found only
    ** where it can decide: always in round 1, whose values are outcomes; later only while
    ** neither side has refused yet (a refusal settles the round). */
    for (int side = 0; side < 2 && (round == 0 || (accept[SIDE_A] && accept[SIDE_D])); side++) {
        st = fight_value(c, &b[side], side, &fight[side], err);
        status_quo_at(c, s->territory_km2);
        if (st) return st;
        accept[side] = accept[side] && (side == SIDE_A ? ev[side].value_a : ev[side].value_d) >= fight[side];
    }
    /* An attacker that would accept refuses when the next round's signal is worth waiting for. */
    if (c->learns && accept[SIDE_A] && round + 1 < lround(c->p->v.negotiation.rounds))
        accept[SIDE_A] = wait_value(c, s, &b[SIDE_A], fight[SIDE_A]) <= 0;
    if (round == 0) {
        record_round1(c, s, ev, fight, out);
        c->signed_month = realised_attack(c, s, c->x, rng);
        record_recommencement(c, c->signed_month, PL_SO_SIGNED_RECOMMENCED_5Y, out);
    }
    return PL_OK;
}

static pl_status negotiate(run_ctx *c, pl_war_state *s, gsl_rng *rng, pl_settle_outcomes *out, pl_error *err)
{
    const pl_settle_negotiation *neg = &c->p->v.negotiation;
    long rounds = lround(neg->rounds), interval = lround(neg->interval_days);
    for (long r = 0; r < rounds; r++) {
        if (r > 0) {
            int broke = war_between_rounds(c, s, interval, rng);
            if (broke) {
                out->v[broke == 1 ? PL_SO_COLLAPSE_ATTACKER : PL_SO_COLLAPSE_DEFENDER] = 1;
                break;
            }
            learn_between_rounds(c, rng);
        }
        int accept[2];
        pl_status st = play_round(c, s, (int)r, rng, accept, out, err);
        if (st) return st;
        if (r == 0) out->v[PL_SO_ACCEPT_ATTACKER] = accept[SIDE_A], out->v[PL_SO_ACCEPT_DEFENDER] = accept[SIDE_D];
        if (accept[SIDE_A] && accept[SIDE_D]) {
            out->v[PL_SO_DEAL] = 1;
            out->v[PL_SO_DEAL_ROUND] = (double)(r + 1);
            /* Round 1's deal was followed already as the signed path; later ones anew. */
            long month = r == 0 ? c->signed_month : realised_attack(c, s, c->x, rng);
            record_recommencement(c, month, PL_SO_RECOMMENCED, out);
            break;
        }
    }
    out->v[PL_SO_TERRITORY_KM2] = s->territory_km2 - c->territory0;
    return PL_OK;
}

pl_status pl_settle_run(const pl_settle_params *p, gsl_rng *rng, pl_settle_outcomes *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    out->v[PL_SO_YEARS_TO_RECOMMENCE] = out->v[PL_SO_PLANNED_ATTACK_YEARS] = -1;
    out->v[PL_SO_SIGNED_YEARS_TO_RECOMMENCE] = -1;
    out->n_points = p->setup->fw->n_points;
    run_ctx c;
    pl_status st = ctx_init(&c, p, rng, err);
    pl_war_state s;
    pl_war_init(&s, &p->war);
    if (!st) st = pl_war_run(&s, &p->war, rng, p->setup->start_day, NULL, err);
    if (!st) {
        c.territory0 = s.territory_km2;
        set_lose_utilities(&c);
        st = negotiate(&c, &s, rng, out, err);
    }
    for (size_t k = 0; !st && k < PL_SO_COUNT; k++)
        if (!isfinite(out->v[k])) st = pl_error_set(err, PL_EDOM, "outcome %s is not finite", pl_settle_outcome_descs(&(size_t){0})[k].key);
    ctx_free(&c);
    return st;
}
