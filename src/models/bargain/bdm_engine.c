/*
** bdm_engine.c — the rounds of Bueno de Mesquita's expected-utility model (Scholz, Calbert &
** Smith 2011): probabilities, expected utilities, risk exponents, offers and moves.
** Layer: models.
**
** Each round: every risk exponent is reset to 1; a first pass of expected utilities gives each
** actor's security and from it its risk exponent (eqs. 32–33); a second pass with those
** exponents gives the expected utilities the actors decide on (eqs. 5–7); each actor takes one of
** the offers its dyads make (§6) and all move together. Every choice where the paper is
** ambiguous is a field of pl_bdm_config (docs/models/bdm.md). The workspace is allocated once per
** run from an arena; the round loop allocates nothing, and the history it writes is copied into
** the forecast after the loop.
*/
#include "models/bargain/bdm.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/stats.h"

enum { OFFER_NONE = -1, OFFER_CONFRONT = 0, OFFER_COMPROMISE = 1, OFFER_CAPITULATE = 2 };

typedef struct bdm_offer {
    int kind, other;
    double a, b, to;
} bdm_offer;

typedef struct bdm_state {
    const pl_bdm_config *cfg;
    size_t n;                  /* actors taking part */
    size_t *who;               /* [n] their rows in the table */
    double *s, *w;             /* [n] salience, capability × salience */
    double *x, *x_next;        /* [n] positions at the start and end of the round */
    double *r, *sec;           /* [n] risk exponents, security sums */
    double *u, *p, *ea, *eb;   /* [n×n] voter utilities, probabilities, the two EUs of each dyad */
    size_t *scratch;           /* [n] for the median */
    double range0;             /* R of the input's positions */
    double range, mu;          /* this round's R and μ */
    double *traj;              /* [(rounds+1) × n] positions by round */
    double *risk_hist, *sec_hist; /* [rounds × n] */
    pl_forecast_event *ev;     /* events, at most cap_ev */
    size_t n_ev, cap_ev;
    size_t played;             /* rounds played */
} bdm_state;

/* {====================================================================== Equations */

/* pow with the exact shortcut ρ = 1 (pass 1 of every round); pow(v, 1) is v in IEEE arithmetic,
** so the shortcut changes no bit. */
static double bdm_pow(double v, double rho) { return rho == 1.0 ? v : pow(v, rho); }

/* U_s and U_f at distance dist (eqs. 15–16), evaluated in the order of the reference code. */
static void basic_utilities(double dist, double range, double rho, double *us, double *uf)
{
    double half = 0.5 * dist / range;
    *us = 2 - 4 * bdm_pow(0.5 - half, rho);
    *uf = 2 - 4 * bdm_pow(0.5 + half, rho);
}

/* (1 − Q)(T·U_b + (1 − T)·U_w), eqs. 22–23: T = 1 when the responder's drift to μ helps the
** challenger, i.e. μ is closer to the challenger than the responder is. */
static double no_challenge_term(double xa, double xb, double mu, double range, double rho, double q)
{
    double to_mu = fabs(xa - mu), to_b = fabs(xa - xb);
    double quarter = 0.25 * (to_mu + to_b) / range;
    double u = to_mu < to_b ? 2 - 4 * bdm_pow(fmax(0.0, 0.5 - quarter), rho)
                            : 2 - 4 * bdm_pow(0.5 + quarter, rho);
    return (1 - q) * u;
}

double pl_bdm_expected_utility(const pl_bdm_dyad *d)
{
    double us, uf;
    basic_utilities(fabs(d->x_challenger - d->x_responder), d->range, d->risk, &us, &uf);
    double usq = 2 - 4 * bdm_pow(0.5, d->risk);
    double e = d->resist * (d->p * us + (1 - d->p) * uf) + (1 - d->resist) * us - d->q * usq;
    if (d->q_terms && d->q < 1)
        e -= no_challenge_term(d->x_challenger, d->x_responder, d->mu, d->range, d->risk, d->q);
    return e;
}

double pl_bdm_probability_all_pairs(size_t n, const double *x, const double *w, const double *r, double range,
                                    double *u, double *p)
{
    for (size_t k = 0; k < n; k++)
        for (size_t a = 0; a < n; a++) u[k * n + a] = bdm_pow(fabs(x[k] - x[a]) / range, r[k]);
    memset(p, 0, n * n * sizeof *p);
    /* One pass in the reference order (k, then a, then b) fills every numerator and D. */
    double den = 0;
    for (size_t k = 0; k < n; k++) {
        const double *uk = u + k * n;
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) {
                double v = w[k] * (uk[b] - uk[a]);
                den += fabs(v);
                if (v > 0) p[a * n + b] += v;
            }
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            p[a * n + b] = (den > 0 && x[a] != x[b]) ? p[a * n + b] / den : 0.0;
    return den;
}

void pl_bdm_probability_pairwise(size_t n, const double *x, const double *w, double *p)
{
    for (size_t a = 0; a < n; a++) {
        p[a * n + a] = 0;
        for (size_t b = a + 1; b < n; b++) {
            double for_a = 0, for_b = 0, den = 0;
            for (size_t k = 0; k < n; k++) {
                double v = w[k] * (fabs(x[k] - x[b]) - fabs(x[k] - x[a]));
                den += fabs(v);
                if (v > 0) for_a += v;
                else for_b -= v;
            }
            int same = x[a] == x[b];
            p[a * n + b] = same ? 0.0 : den > 0 ? for_a / den : 0.5;
            p[b * n + a] = same ? 0.0 : den > 0 ? for_b / den : 0.5;
        }
    }
}

void pl_bdm_risk_from_security(size_t n, const double *security, double *r)
{
    double hi = -HUGE_VAL, lo = HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
        hi = fmax(hi, security[i]);
        lo = fmin(lo, security[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (!(hi > lo)) {
            r[i] = 1.0;
            continue;
        }
        double big_r = (2 * security[i] - hi - lo) / (hi - lo);
        r[i] = (1 - big_r / 3.0) / (1 + big_r / 3.0);
    }
}

/* {====================================================================== One round */

/* The EU of a challenging b (actor indices), with exponent rho and resisting salience sigma. */
static double dyad_eu(const bdm_state *st, size_t a, size_t b, double rho, double sigma)
{
    pl_bdm_dyad d = {st->x[a], st->x[b], st->range, rho, sigma, st->p[a * st->n + b], st->cfg->q,
                     st->cfg->q_terms, st->mu};
    return pl_bdm_expected_utility(&d);
}

static void compute_probabilities(bdm_state *st)
{
    if (st->cfg->probability == PL_BDM_PROB_ALL_PAIRS)
        pl_bdm_probability_all_pairs(st->n, st->x, st->w, st->r, st->range, st->u, st->p);
    else
        pl_bdm_probability_pairwise(st->n, st->x, st->w, st->p);
}

/* S_i = Σ_{j≠i} E(U_ji): the utility i's adversaries expect from challenging it (§5), seen by
** the adversaries themselves or, as in the reference code, by i. */
static void compute_security(bdm_state *st)
{
    const pl_bdm_config *cfg = st->cfg;
    for (size_t i = 0; i < st->n; i++) {
        double sum = 0;
        for (size_t j = 0; j < st->n; j++) {
            if (j == i) continue;
            double rho = cfg->security == PL_BDM_VIEW_FOCAL ? st->r[i] : st->r[j];
            double sigma = cfg->security == PL_BDM_VIEW_OWN && cfg->resist == PL_BDM_RESIST_PRINTED ? st->s[j]
                                                                                                   : st->s[i];
            sum += dyad_eu(st, j, i, rho, sigma);
        }
        st->sec[i] = sum;
    }
}

/* ea[i][j] = E^i(U_ij); eb[i][j] = the opponent's E(U_ji) as the mode reads it (A1, A1b). */
static void compute_expected_utilities(bdm_state *st)
{
    const pl_bdm_config *cfg = st->cfg;
    size_t n = st->n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) st->ea[i * n + j] = i == j ? 0.0 : dyad_eu(st, i, j, st->r[i], st->s[j]);
    int mirror = cfg->opponent == PL_BDM_VIEW_OWN && cfg->resist == PL_BDM_RESIST_RESPONDER;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j) {
                st->eb[i * n + j] = 0;
                continue;
            }
            double rho = cfg->opponent == PL_BDM_VIEW_FOCAL ? st->r[i] : st->r[j];
            double sigma = cfg->resist == PL_BDM_RESIST_RESPONDER ? st->s[i] : st->s[j];
            st->eb[i * n + j] = mirror ? st->ea[j * n + i] : dyad_eu(st, j, i, rho, sigma);
        }
}

/* The offer dyad (i, j) makes to i (fig. 6), from a = E^i(U_ij) and b = the opponent's EU. */
static int classify(const pl_bdm_config *cfg, double a, double b)
{
    if (b > a && a > 0) return cfg->conflict_moves ? OFFER_CONFRONT : OFFER_NONE;
    int region = cfg->compromise_text ? (0 > b && 0 > a) : (b > 0 && 0 > a);
    if (region && fabs(b) > fabs(a)) return OFFER_COMPROMISE;
    if (cfg->capitulation && b > 0 && 0 > a && b < fabs(a)) return OFFER_CAPITULATE;
    return OFFER_NONE;
}

static double offer_position(const pl_bdm_config *cfg, int kind, double xi, double xj, double a, double b)
{
    if (kind != OFFER_COMPROMISE) return xj;
    if (cfg->compromise_weighted) return (fabs(a) * xi + fabs(b) * xj) / (fabs(a) + fabs(b));
    return xi + (xj - xi) * fabs(a / b); /* eq. 36 */
}

/* The reference code ranks compromises by this weighted-average value, not by distance. */
static double code_compromise_key(const bdm_offer *o, double xi, double xj)
{
    return (fabs(o->a) * xi + fabs(o->b) * xj) / (fabs(o->a) + fabs(o->b));
}

/* 1 if offer o beats best for the actor at xi (strict, so the first of equals is kept). */
static int offer_better(const pl_bdm_config *cfg, const bdm_offer *o, const bdm_offer *best, double xi,
                        const double *x)
{
    if (best->kind == OFFER_NONE) return 1;
    double move = fabs(xi - o->to), best_move = fabs(xi - best->to);
    switch (cfg->selection) {
    case PL_BDM_SEL_LEAST: return move < best_move;
    case PL_BDM_SEL_ENFORCE: return o->b > best->b || (o->b == best->b && move < best_move);
    case PL_BDM_SEL_TYPE: return o->kind < best->kind || (o->kind == best->kind && move < best_move);
    case PL_BDM_SEL_CODE:
        if (o->kind != best->kind) return o->kind < best->kind;
        if (o->kind == OFFER_COMPROMISE)
            return code_compromise_key(o, xi, x[o->other]) < code_compromise_key(best, xi, x[best->other]);
        return move < best_move;
    }
    return 0;
}

static void add_event(bdm_state *st, size_t round, size_t i, size_t j, const char *kind, double to, double a,
                      double b)
{
    if (st->n_ev == st->cap_ev) return; /* cannot happen: the capacity is the most a run records */
    pl_forecast_event *e = &st->ev[st->n_ev++];
    memset(e, 0, sizeof *e);
    e->round = round;
    e->actor = (int)st->who[i];
    e->other = (int)st->who[j];
    e->dim = 0;
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    e->from = st->x[i];
    e->to = to;
    e->a = a;
    e->b = b;
}

/* The fig. 6 region of dyad (i, j) seen from i, for the quadrant chart (events "all"); dyads whose
** actors share a position are reported as "dyad:same-position" (at the origin when Q = 1). */
static const char *region_name(double a, double b)
{
    if (a > 0 && b > 0) return b > a ? "dyad:conflict-lose" : a > b ? "dyad:conflict-win" : "dyad:boundary";
    if (a < 0 && b > 0) return b > -a ? "dyad:compromise-concede" : b < -a ? "dyad:capitulate" : "dyad:boundary";
    if (a > 0 && b < 0) return a > -b ? "dyad:compromise-gain" : a < -b ? "dyad:compel" : "dyad:boundary";
    if (a < 0 && b < 0) return "dyad:stalemate";
    return "dyad:boundary";
}

static const char *const offer_names[] = {"confrontation", "compromise", "capitulation"};

/* Every actor takes its best offer; x_next holds the positions after the simultaneous moves. */
static void take_offers(bdm_state *st, size_t round)
{
    const pl_bdm_config *cfg = st->cfg;
    size_t n = st->n;
    for (size_t i = 0; i < n; i++) {
        bdm_offer best = {OFFER_NONE, -1, 0, 0, st->x[i]};
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            double a = st->ea[i * n + j], b = st->eb[i * n + j];
            int same = st->x[j] == st->x[i];
            const char *region = same ? "dyad:same-position" : region_name(a, b);
            if (cfg->all_events) add_event(st, round, i, j, region, st->x[i], a, b);
            if (same) continue;
            bdm_offer o = {classify(cfg, a, b), (int)j, a, b, 0};
            if (o.kind == OFFER_NONE) continue;
            o.to = offer_position(cfg, o.kind, st->x[i], st->x[j], a, b);
            if (offer_better(cfg, &o, &best, st->x[i], st->x)) best = o;
        }
        st->x_next[i] = best.to;
        if (best.kind != OFFER_NONE)
            add_event(st, round, i, (size_t)best.other, offer_names[best.kind], best.to, best.a, best.b);
    }
}

static double current_range(const bdm_state *st)
{
    double hi = -HUGE_VAL, lo = HUGE_VAL;
    for (size_t i = 0; i < st->n; i++) {
        hi = fmax(hi, st->x[i]);
        lo = fmin(lo, st->x[i]);
    }
    return hi - lo;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(v[k])) return 0;
    return 1;
}

/* Plays round t (1-based). With fewer than two distinct positions nobody can move: r = 1, S = 0. */
static pl_status play_round(bdm_state *st, size_t t, pl_error *err)
{
    size_t n = st->n;
    st->range = st->cfg->range == PL_BDM_RANGE_ROUND ? current_range(st) : st->range0;
    for (size_t i = 0; i < n; i++) st->r[i] = 1.0;
    if (!(st->range > 0)) {
        memset(st->sec, 0, n * sizeof *st->sec);
        memcpy(st->x_next, st->x, n * sizeof *st->x);
        return PL_OK;
    }
    st->mu = st->cfg->mu_mean ? pl_weighted_mean(st->x, st->w, NULL, n)
                              : pl_weighted_median(st->x, st->w, NULL, n, st->scratch);
    compute_probabilities(st);
    compute_security(st);
    pl_bdm_risk_from_security(n, st->sec, st->r);
    if (st->cfg->probability == PL_BDM_PROB_ALL_PAIRS) compute_probabilities(st);
    compute_expected_utilities(st);
    if (!all_finite(st->ea, n * n) || !all_finite(st->eb, n * n) || !all_finite(st->sec, n))
        return pl_error_set(err, PL_EMODEL,
                            "round %zu: an expected utility is not finite (positions span %g, capabilities "
                            "x saliences too large to add up?)",
                            t, st->range);
    take_offers(st, t);
    return PL_OK;
}

/* {====================================================================== Run */

static pl_status state_alloc(bdm_state *st, pl_arena *arena, const pl_bdm_config *cfg, size_t n, pl_error *err)
{
    size_t nn = n * n, rounds = cfg->rounds;
    size_t per_round = cfg->all_events ? nn : n;
    if (n > 0 && (nn / n != n || per_round > SIZE_MAX / sizeof(pl_forecast_event) / (rounds + 1) ||
                  rounds + 1 > SIZE_MAX / sizeof(double) / n))
        return pl_error_set(err, PL_ENOMEM, "%zu actors over %zu rounds need more memory than can be addressed", n,
                            rounds);
    st->cap_ev = per_round * rounds;
    st->who = pl_arena_alloc(arena, n * sizeof *st->who);
    st->scratch = pl_arena_alloc(arena, n * sizeof *st->scratch);
    double **vec[] = {&st->s, &st->w, &st->x, &st->x_next, &st->r, &st->sec};
    for (size_t k = 0; k < sizeof vec / sizeof vec[0]; k++) *vec[k] = pl_arena_alloc(arena, n * sizeof(double));
    double **mat[] = {&st->u, &st->p, &st->ea, &st->eb};
    for (size_t k = 0; k < sizeof mat / sizeof mat[0]; k++) *mat[k] = pl_arena_alloc(arena, nn * sizeof(double));
    st->traj = pl_arena_alloc(arena, (rounds + 1) * n * sizeof(double));
    st->risk_hist = pl_arena_alloc(arena, (rounds ? rounds : 1) * n * sizeof(double));
    st->sec_hist = pl_arena_alloc(arena, (rounds ? rounds : 1) * n * sizeof(double));
    st->ev = pl_arena_alloc(arena, (st->cap_ev ? st->cap_ev : 1) * sizeof *st->ev);
    int ok = st->who && st->scratch && st->u && st->p && st->ea && st->eb && st->traj && st->risk_hist &&
             st->sec_hist && st->ev;
    for (size_t k = 0; k < sizeof vec / sizeof vec[0]; k++) ok = ok && *vec[k];
    return ok ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
}

/* The actors present on the table's only dimension, with their data. */
static void state_load(bdm_state *st, const pl_stakeholders *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_actors; i++) {
        if (!s->present[i]) continue;
        st->who[n] = i;
        st->s[n] = s->salience[i];
        st->w[n] = s->capability[i] * s->salience[i];
        st->x[n] = s->position[i];
        n++;
    }
    st->n = n;
    st->range0 = current_range(st);
    memcpy(st->traj, st->x, n * sizeof(double));
}

static double total_weight(const bdm_state *st)
{
    double sum = 0;
    for (size_t i = 0; i < st->n; i++) sum += st->w[i];
    return sum;
}

static int should_stop(const bdm_state *st, size_t t, double *median, int *calm)
{
    if (!(st->cfg->stop_tolerance > 0)) return 0;
    double m = pl_weighted_median(st->x, st->w, NULL, st->n, st->scratch);
    *calm = fabs(m - *median) < st->cfg->stop_tolerance ? *calm + 1 : 0;
    *median = m;
    return t >= 2 && *calm >= 2;
}

static pl_status simulate(bdm_state *st, pl_error *err)
{
    size_t n = st->n;
    double median = pl_weighted_median(st->x, st->w, NULL, n, st->scratch);
    int calm = 0;
    for (size_t t = 1; t <= st->cfg->rounds; t++) {
        pl_status status = play_round(st, t, err);
        if (status) return status;
        memcpy(st->risk_hist + (t - 1) * n, st->r, n * sizeof(double));
        memcpy(st->sec_hist + (t - 1) * n, st->sec, n * sizeof(double));
        double *tmp = st->x;
        st->x = st->x_next;
        st->x_next = tmp;
        memcpy(st->traj + t * n, st->x, n * sizeof(double));
        st->played = t;
        if (should_stop(st, t, &median, &calm)) break;
    }
    return PL_OK;
}

/* {====================================================================== Report */

/* Spreads the participants' values v over the table's rows; the others get fill (or their input
** position when pos is set). */
static void spread(const bdm_state *st, const pl_stakeholders *s, const double *v, double fill, int pos, double *row)
{
    for (size_t i = 0; i < s->n_actors; i++) row[i] = pos ? s->position[i] : fill;
    for (size_t k = 0; k < st->n; k++) row[st->who[k]] = v[k];
}

static pl_status report(const bdm_state *st, const pl_stakeholders *s, pl_forecast *f, pl_error *err)
{
    size_t n = st->n;
    double *row = pl_malloc((s->n_actors ? s->n_actors : 1) * sizeof *row);
    pl_status status = row ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t t = 0; !status && t <= st->played; t++) {
        spread(st, s, st->traj + t * n, 0, 1, row);
        status = pl_forecast_add_round(f, row, err);
        if (!status && !isfinite(pl_forecast_last(f)->mean[0]))
            status = pl_error_set(err, PL_EDOM, "round %zu: the weighted mean overflows; rescale the capabilities", t);
    }
    for (size_t t = 1; !status && t <= st->played; t++) {
        spread(st, s, st->sec_hist + (t - 1) * n, 0.0, 0, row);
        status = pl_forecast_add_series(f, "security", t, row, err);
        spread(st, s, st->risk_hist + (t - 1) * n, 1.0, 0, row);
        if (!status) status = pl_forecast_add_series(f, "risk", t, row, err);
    }
    for (size_t k = 0; !status && k < st->n_ev; k++) status = pl_forecast_add_event(f, &st->ev[k], err);
    if (!status) status = pl_forecast_add_info(f, "range", NULL, st->range0, err);
    if (!status) status = pl_forecast_add_info(f, "risk-q", NULL, st->cfg->q, err);
    if (!status) status = pl_forecast_add_info(f, "rounds played", NULL, (double)st->played, err);
    const pl_forecast_round *last = pl_forecast_last(f);
    if (!status) status = pl_forecast_set(f, last->median, "median of the final round", err);
    pl_free(row);
    return status;
}

pl_status pl_bdm_run(const pl_bdm_config *cfg, const pl_stakeholders *s, pl_forecast *out, pl_error *err)
{
    if (s->n_dims != 1)
        return pl_error_set(err, PL_EINPUT, "the expected-utility model forecasts one dimension, the input has %zu",
                            s->n_dims);
    size_t n = 0;
    for (size_t i = 0; i < s->n_actors; i++) n += s->present[i] != 0;
    if (n == 0) return pl_error_set(err, PL_EINPUT, "no actor takes part in dimension '%s'", s->dim[0]);
    pl_arena *arena = pl_arena_create(0);
    if (!arena) return pl_error_set(err, PL_ENOMEM, "out of memory");
    bdm_state st;
    memset(&st, 0, sizeof st);
    st.cfg = cfg;
    pl_status status = state_alloc(&st, arena, cfg, n, err);
    if (!status) {
        state_load(&st, s);
        if (!isfinite(st.range0))
            status = pl_error_set(err, PL_EDOM, "positions span more than the largest finite number");
        else if (!isfinite(total_weight(&st)))
            status = pl_error_set(err, PL_EDOM, "the sum of capability x salience exceeds the largest finite "
                                                "number; rescale the capabilities");
    }
    if (!status) status = simulate(&st, err);
    if (!status) status = report(&st, s, out, err);
    pl_arena_free(arena);
    return status;
}
