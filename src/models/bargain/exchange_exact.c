/*
** exchange_exact.c — the exchange model's exact state and replays in decide's 28-digit
** decimal arithmetic (see exchange.h, "Exact replay"). Every operation mirrors the order and
** rounding of decide/model/{base,calculations,equalgain}.py and decide/model/helpers/csvparser.py.
** Layer: models.
*/
#include <stdint.h>
#include <string.h>

#include "models/bargain/exchange.h"

enum { XE_TMP = 12 };

struct pl_xexact {
    pl_dec_ctx dx;
    size_t n, m;
    pl_dec *x, *s, *c, *cs, *cur, *vote, *next; /* [n × m] */
    pl_dec *den, *nbs, *lo, *step;             /* [m] */
    pl_dec *y;                                 /* realised voting positions of the round */
    size_t n_y, cap_y;
    pl_dec *gain; /* [cap_gain] exact gain of each pool exchange */
    size_t cap_gain;
    pl_dec t[XE_TMP], min_move, hundred, sw, fw;
    pl_dec dp, dq, mi, mj, yi, yj, g, a, b, d0, d1;
};

/* One side of an exchange in the replay. */
typedef struct xs {
    const pl_xside *side;
    int actor, supply;
    const pl_dec *sup, *dem, *s_sup, *s_dem, *c_sup, *cs_sup, *den;
    pl_dec *move, *y;
} xs;

static pl_dec *decs_new(size_t n)
{
    pl_dec *v = pl_malloc((n ? n : 1) * sizeof *v);
    for (size_t k = 0; v && k < n; k++) pl_dec_init(&v[k]);
    return v;
}

static void decs_free(pl_dec *v, size_t n)
{
    for (size_t k = 0; v && k < n; k++) pl_dec_clear(&v[k]);
    pl_free(v);
}

/* Grows a pool of decimals to hold need. */
static int decs_grow(pl_dec **v, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need) n *= 2;
    pl_dec *w = pl_realloc(*v, n * sizeof *w);
    if (!w) return -1;
    for (size_t k = *cap; k < n; k++) pl_dec_init(&w[k]);
    *v = w;
    *cap = n;
    return 0;
}

void pl_xexact_free(pl_xmodel *xm)
{
    struct pl_xexact *X = xm->ex;
    if (!X) return;
    size_t cells = X->n * X->m;
    pl_dec **mats[] = {&X->x, &X->s, &X->c, &X->cs, &X->cur, &X->vote, &X->next};
    for (size_t k = 0; k < sizeof mats / sizeof mats[0]; k++) decs_free(*mats[k], cells);
    pl_dec **vecs[] = {&X->den, &X->nbs, &X->lo, &X->step};
    for (size_t k = 0; k < sizeof vecs / sizeof vecs[0]; k++) decs_free(*vecs[k], X->m);
    decs_free(X->y, X->cap_y);
    decs_free(X->gain, X->cap_gain);
    pl_dec *scalars[] = {&X->min_move, &X->hundred, &X->sw, &X->fw, &X->dp, &X->dq, &X->mi, &X->mj,
                         &X->yi, &X->yj, &X->g, &X->a, &X->b, &X->d0, &X->d1};
    for (size_t k = 0; k < sizeof scalars / sizeof scalars[0]; k++) pl_dec_clear(scalars[k]);
    for (int k = 0; k < XE_TMP; k++) pl_dec_clear(&X->t[k]);
    pl_dec_ctx_clear(&X->dx);
    pl_free(X);
    xm->ex = NULL;
}

/* Inputs as decide's csv parser reads them: Decimal of the text of each number (recovered as
** the shortest decimal of the double read), positions normalised with the issue's step
** Decimal(100) / (upper − lower) in decimal arithmetic. */
static void load_inputs(struct pl_xexact *X, const pl_stakeholders *s)
{
    pl_dec *hi = &X->t[0], *t = &X->t[1];
    for (size_t d = 0; d < X->m; d++) {
        pl_dec_set_d_short(&X->lo[d], s->dim_lo[d]);
        pl_dec_set_d_short(hi, s->dim_hi[d]);
        pl_dec_sub(&X->dx, t, hi, &X->lo[d]);
        pl_dec_div(&X->dx, &X->step[d], &X->hundred, t);
        pl_dec_set_si(&X->den[d], 0);
    }
    for (size_t k = 0; k < X->n * X->m; k++) {
        size_t d = k % X->m;
        if (!s->present[k]) continue;
        pl_dec_set_d_short(&X->s[k], s->salience[k]);
        pl_dec_set_d_short(&X->c[k], s->capability[k]);
        pl_dec_mul(&X->dx, &X->cs[k], &X->s[k], &X->c[k]);
        pl_dec_set_d_short(t, s->position[k]);
        pl_dec_sub(&X->dx, t, t, &X->lo[d]);
        pl_dec_mul(&X->dx, &X->x[k], t, &X->step[d]);
    }
    /* calc_nbs_denominator sums salience × power in the order of the actors */
    for (size_t i = 0; i < X->n; i++)
        for (size_t d = 0; d < X->m; d++)
            if (s->present[i * X->m + d]) pl_dec_add(&X->dx, &X->den[d], &X->den[d], &X->cs[i * X->m + d]);
}

pl_status pl_xexact_create(pl_xmodel *xm, const pl_stakeholders *s, pl_error *err)
{
    struct pl_xexact *X = pl_calloc(1, sizeof *X);
    if (!X) return pl_error_set(err, PL_ENOMEM, "out of memory");
    xm->ex = X;
    X->n = xm->n;
    X->m = xm->m;
    pl_dec_ctx_init(&X->dx);
    pl_dec *scalars[] = {&X->min_move, &X->hundred, &X->sw, &X->fw, &X->dp, &X->dq, &X->mi, &X->mj,
                         &X->yi, &X->yj, &X->g, &X->a, &X->b, &X->d0, &X->d1};
    for (size_t k = 0; k < sizeof scalars / sizeof scalars[0]; k++) pl_dec_init(scalars[k]);
    for (int k = 0; k < XE_TMP; k++) pl_dec_init(&X->t[k]);
    size_t cells = X->n * X->m;
    pl_dec **mats[] = {&X->x, &X->s, &X->c, &X->cs, &X->cur, &X->vote, &X->next};
    int bad = 0;
    for (size_t k = 0; k < sizeof mats / sizeof mats[0]; k++) bad |= !(*mats[k] = decs_new(cells));
    pl_dec **vecs[] = {&X->den, &X->nbs, &X->lo, &X->step};
    for (size_t k = 0; k < sizeof vecs / sizeof vecs[0]; k++) bad |= !(*vecs[k] = decs_new(X->m));
    if (bad) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_dec_set_d_exact(&X->min_move, PL_XCH_MIN_MOVE); /* decide compares Decimals with the float 1e-10 */
    pl_dec_set_si(&X->hundred, 100);
    pl_dec_set_d_exact(&X->sw, PL_XCH_SALIENCE_WEIGHT); /* Decimal(0.4): the float's exact value */
    pl_dec_set_d_exact(&X->fw, PL_XCH_FIXED_WEIGHT);
    load_inputs(X, s);
    return PL_OK;
}

/* {====================================================================== Outcomes */

/* Σ (position · salience) · power over the actors of issue d, in actor order, / Σ salience · power
** (nash_bargaining_solution); pos gives each actor's position. */
static void outcome_of(struct pl_xexact *X, const pl_dec *pos, size_t d, pl_dec *out)
{
    pl_dec *t = &X->t[10];
    pl_dec_set_si(out, 0);
    for (size_t i = 0; i < X->n; i++) { /* absent actors have s = c = 0 and add an exact 0 */
        size_t k = i * X->m + d;
        pl_dec_mul(&X->dx, t, &pos[k], &X->s[k]);
        pl_dec_mul(&X->dx, t, t, &X->c[k]);
        pl_dec_add(&X->dx, out, out, t);
    }
    pl_dec_div(&X->dx, out, out, &X->den[d]);
}

pl_status pl_xexact_begin_round(pl_xmodel *xm, unsigned char *left, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    (void)err;
    X->n_y = 0;
    for (size_t k = 0; k < X->n * X->m; k++) {
        pl_dec_set(&X->cur[k], &X->x[k]);
        xm->x[k] = xm->present[k] ? pl_dec_get_d(&X->x[k]) : 0;
    }
    for (size_t d = 0; d < X->m; d++) outcome_of(X, X->x, d, &X->nbs[d]);
    for (size_t k = 0; k < X->n * X->m; k++)
        left[k] = xm->present[k] && pl_dec_cmp(&X->dx, &X->x[k], &X->nbs[k % X->m]) <= 0;
    return PL_OK;
}

int pl_xexact_ratio_less(pl_xmodel *xm, int a, int b, int p, int q)
{
    struct pl_xexact *X = xm->ex;
    size_t m = X->m;
    pl_dec_div(&X->dx, &X->a, &X->s[(size_t)a * m + (size_t)p], &X->s[(size_t)a * m + (size_t)q]);
    pl_dec_div(&X->dx, &X->b, &X->s[(size_t)b * m + (size_t)p], &X->s[(size_t)b * m + (size_t)q]);
    return pl_dec_cmp(&X->dx, &X->a, &X->b) < 0;
}

/* {====================================================================== Replay */

static const pl_dec *update_of(const struct pl_xexact *X, const pl_xchange *e, size_t issue, size_t actor)
{
    for (const pl_xupdate *u = e->updates; u; u = u->next)
        if ((size_t)u->issue == issue && (size_t)u->actor == actor) return &X->y[u->ref];
    return NULL;
}

/* adjusted_nbs: start positions, this exchange's updates, then a at pos. */
static void outcome_with(struct pl_xexact *X, const pl_xchange *e, const xs *a, const pl_dec *pos, pl_dec *out)
{
    size_t d = (size_t)a->supply;
    pl_dec *t = &X->t[9];
    pl_dec_set_si(out, 0);
    for (size_t i = 0; i < X->n; i++) {
        size_t k = i * X->m + d;
        const pl_dec *u = update_of(X, e, d, i), *v = (int)i == a->actor ? pos : u ? u : &X->x[k];
        pl_dec_mul(&X->dx, t, v, &X->s[k]);
        pl_dec_mul(&X->dx, t, t, &X->c[k]);
        pl_dec_add(&X->dx, out, out, t);
    }
    pl_dec_div(&X->dx, out, out, a->den);
}

/* adjusted_nbs_by_position: a at pos, then the updates; the move of a that brings the outcome to
** target. */
static void move_to_outcome(struct pl_xexact *X, const pl_xchange *e, const xs *a, const pl_dec *pos,
                            const pl_dec *target, pl_dec *out)
{
    size_t d = (size_t)a->supply;
    pl_dec *t = &X->t[9], *num = &X->t[8];
    pl_dec_set_si(num, 0);
    for (size_t i = 0; i < X->n; i++) {
        size_t k = i * X->m + d;
        const pl_dec *u = update_of(X, e, d, i), *v = u ? u : (int)i == a->actor ? pos : &X->x[k];
        pl_dec_mul(&X->dx, t, v, &X->s[k]);
        pl_dec_mul(&X->dx, t, t, &X->c[k]);
        pl_dec_add(&X->dx, num, num, t);
    }
    pl_dec_mul(&X->dx, out, target, a->den);
    pl_dec_sub(&X->dx, out, out, num);
    pl_dec_div(&X->dx, out, out, a->cs_sup);
}

/* ((|target − a's supply position| · s) · c) / Σ c s: by_absolute_move and exchange_ratio. */
static void shift_of(struct pl_xexact *X, const xs *a, const pl_dec *dist, pl_dec *out)
{
    pl_dec_mul(&X->dx, out, dist, a->s_sup);
    pl_dec_mul(&X->dx, out, out, a->c_sup);
    pl_dec_div(&X->dx, out, out, a->den);
}

/* by_exchange_ratio */
static void equal_shift(struct pl_xexact *X, const xs *a, const xs *b, const pl_dec *r, pl_dec *out)
{
    pl_dec *u = &X->t[7], *v = &X->t[6];
    pl_dec_add(&X->dx, u, a->s_sup, b->s_dem);
    pl_dec_add(&X->dx, v, a->s_dem, b->s_sup);
    pl_dec_div(&X->dx, u, u, v);
    pl_dec_mul(&X->dx, out, u, r);
}

/* reverse_move */
static void move_for(struct pl_xexact *X, const xs *a, const pl_dec *r, pl_dec *out)
{
    pl_dec_mul(&X->dx, out, r, a->den);
    pl_dec_div(&X->dx, out, out, a->cs_sup);
}

/* expected_utility */
static void side_gain(struct pl_xexact *X, const xs *a, const pl_dec *dr, const pl_dec *sr, pl_dec *out)
{
    pl_dec *u = &X->t[5];
    pl_dec_mul(&X->dx, u, dr, a->s_sup);
    pl_dec_mul(&X->dx, out, sr, a->s_dem);
    pl_dec_sub(&X->dx, out, u, out);
    pl_dec_abs(out, out);
}

/* is_move_valid; the earlier moves of the side's stack are taken from the double computation. */
static int move_valid(struct pl_xexact *X, const xs *a, const pl_dec *move)
{
    pl_dec *t = &X->t[4];
    pl_dec_abs(t, move);
    if (pl_dec_cmp(&X->dx, t, &X->hundred) > 0 || pl_dec_cmp(&X->dx, t, &X->min_move) <= 0) return 0;
    pl_dec_add(&X->dx, t, a->sup, move);
    if (pl_dec_sgn(t) < 0 || pl_dec_cmp(&X->dx, t, &X->hundred) > 0) return 0;
    const pl_xmove *below = a->side->moves ? a->side->moves->prev : NULL;
    double v = pl_dec_get_d(move), sum = below ? below->sum + v : v;
    double lo = below && below->min < v ? below->min : v, hi = below && below->max > v ? below->max : v;
    if (sum > PL_XCH_SCALE) return 0;
    return hi < 0 || lo > 0;
}

/* Points a move toward the partner: negative when own > partner's. */
static void orient(struct pl_xexact *X, pl_dec *move, const pl_dec *own, const pl_dec *partner)
{
    if (pl_dec_cmp(&X->dx, own, partner) > 0) pl_dec_neg(move, move);
}

/* check_nbs for side a with partner b. */
static void check_outcome(struct pl_xexact *X, const pl_xchange *e, xs *a, xs *b)
{
    pl_dec *n0 = &X->t[3], *n1 = &X->t[2], *delta = &X->t[1], *ra = &X->t[0], *rb = &X->d0;
    outcome_with(X, e, a, a->sup, n0);
    outcome_with(X, e, a, a->y, n1);
    int c0 = pl_dec_cmp(&X->dx, b->dem, n0), c1 = pl_dec_cmp(&X->dx, b->dem, n1);
    if ((c0 >= 0 && c1 >= 0) || (c0 <= 0 && c1 <= 0)) return;
    move_to_outcome(X, e, a, a->sup, b->dem, delta);
    pl_dec_abs(delta, delta);
    shift_of(X, a, delta, ra);
    equal_shift(X, a, b, ra, rb);
    move_for(X, b, rb, b->move);
    pl_dec_abs(b->move, b->move);
    pl_dec_set(a->move, delta);
    orient(X, b->move, b->sup, a->dem);
    orient(X, a->move, a->sup, b->dem);
    pl_dec_add(&X->dx, b->y, b->sup, b->move);
    pl_dec_add(&X->dx, a->y, a->sup, a->move);
    side_gain(X, b, rb, ra, &X->g);
}

static void side_of(struct pl_xexact *X, const pl_xside *s, pl_dec *move, pl_dec *y, xs *out)
{
    size_t ks = (size_t)s->actor * X->m + (size_t)s->supply, kd = (size_t)s->actor * X->m + (size_t)s->demand;
    *out = (xs){s, s->actor, s->supply, &X->cur[ks], &X->x[kd], &X->s[ks], &X->s[kd], &X->c[ks], &X->cs[ks],
                &X->den[s->supply], move, y};
}

/* EqualGainExchange.calculate in decimal. */
static int calculate(struct pl_xexact *X, const pl_xchange *e)
{
    xs i, j;
    side_of(X, &e->i, &X->mi, &X->yi, &i);
    side_of(X, &e->j, &X->mj, &X->yj, &j);
    pl_dec *dist = &X->t[11];
    pl_dec_sub(&X->dx, dist, i.dem, j.sup);
    pl_dec_abs(dist, dist);
    shift_of(X, &j, dist, &X->dp);
    equal_shift(X, &j, &i, &X->dp, &X->dq);
    move_for(X, &i, &X->dq, &X->mi);
    pl_dec_set(&X->mj, dist);
    pl_dec_sub(&X->dx, dist, j.dem, i.sup);
    pl_dec_abs(dist, dist);
    pl_dec_abs(&X->a, &X->mi);
    if (pl_dec_cmp(&X->dx, &X->a, dist) > 0) {
        shift_of(X, &i, dist, &X->dq);
        equal_shift(X, &i, &j, &X->dq, &X->dp);
        pl_dec_set(&X->mi, dist);
        move_for(X, &j, &X->dp, &X->mj);
    }
    orient(X, &X->mi, i.sup, j.dem);
    orient(X, &X->mj, j.sup, i.dem);
    pl_dec_add(&X->dx, &X->yi, i.sup, &X->mi);
    pl_dec_add(&X->dx, &X->yj, j.sup, &X->mj);
    side_gain(X, &i, &X->dq, &X->dp, &X->g);
    if (!move_valid(X, &i, &X->mi) || !move_valid(X, &j, &X->mj) || pl_dec_cmp(&X->dx, &X->g, &X->min_move) < 0)
        return 0;
    check_outcome(X, e, &i, &j);
    check_outcome(X, e, &j, &i);
    return move_valid(X, &i, &X->mi) && move_valid(X, &j, &X->mj);
}

pl_status pl_xexact_replay(pl_xmodel *xm, pl_xchange *e, pl_xresult *res, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    uintptr_t pe = (uintptr_t)e, p0 = (uintptr_t)xm->pool, p1 = (uintptr_t)(xm->pool + xm->n_pool);
    int pooled = pe >= p0 && pe < p1; /* exchanges built outside the round (tests) are not cached */
    if (decs_grow(&X->gain, &X->cap_gain, xm->n_pool)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    res->valid = calculate(X, e);
    res->move_i = pl_dec_get_d(&X->mi);
    res->move_j = pl_dec_get_d(&X->mj);
    res->y_i = pl_dec_get_d(&X->yi);
    res->y_j = pl_dec_get_d(&X->yj);
    res->gain = pl_dec_get_d(&X->g);
    if (pooled) {
        pl_dec_set(&X->gain[(size_t)(e - xm->pool)], &X->g);
        e->exact = 1;
    }
    return PL_OK;
}

pl_status pl_xexact_gain_cmp(pl_xmodel *xm, pl_xchange *a, pl_xchange *b, int *cmp, pl_error *err)
{
    pl_xchange *both[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        if (both[k]->exact) continue;
        pl_xresult res;
        pl_status st = pl_xexact_replay(xm, both[k], &res, err);
        if (!st) st = pl_xchange_apply(xm, both[k], &res, err);
        if (st) return st;
    }
    *cmp = pl_dec_cmp(&xm->ex->dx, &xm->ex->gain[a - xm->pool], &xm->ex->gain[b - xm->pool]);
    return PL_OK;
}

pl_status pl_xexact_realise(pl_xmodel *xm, pl_xchange *r, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    pl_xresult res;
    pl_status st = pl_xexact_replay(xm, r, &res, err);
    if (!st) st = pl_xchange_apply(xm, r, &res, err);
    if (st) return st;
    if (decs_grow(&X->y, &X->cap_y, X->n_y + 2)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    r->ref_i = X->n_y;
    pl_dec_set(&X->y[X->n_y++], &X->yi);
    r->ref_j = X->n_y;
    pl_dec_set(&X->y[X->n_y++], &X->yj);
    pl_dec_set(&X->cur[(size_t)r->i.actor * X->m + (size_t)r->i.supply], &X->yi);
    pl_dec_set(&X->cur[(size_t)r->j.actor * X->m + (size_t)r->j.supply], &X->yj);
    return PL_OK;
}

int pl_xexact_less(pl_xmodel *xm, size_t ref_a, size_t ref_b)
{
    return pl_dec_cmp(&xm->ex->dx, &xm->ex->y[ref_a], &xm->ex->y[ref_b]) < 0;
}

int pl_xexact_start_le(pl_xmodel *xm, int actor, int issue, size_t ref)
{
    struct pl_xexact *X = xm->ex;
    return pl_dec_cmp(&X->dx, &X->x[(size_t)actor * X->m + (size_t)issue], &X->y[ref]) <= 0;
}

/* {====================================================================== Round end */

/* new_start_position: (1 − s) · sw · y + fw · y + (1 − (1 − s) · sw − fw) · x */
static void new_start(struct pl_xexact *X, const pl_dec *s, const pl_dec *x, const pl_dec *y, pl_dec *out)
{
    pl_dec *one_s = &X->t[0], *a = &X->t[1], *b = &X->t[2], *c = &X->t[3];
    pl_dec_set_si(one_s, 1);
    pl_dec_sub(&X->dx, one_s, one_s, s);
    pl_dec_mul(&X->dx, a, one_s, &X->sw);
    pl_dec_mul(&X->dx, b, a, y);          /* swv */
    pl_dec_mul(&X->dx, c, &X->fw, y);     /* fwv */
    pl_dec_add(&X->dx, out, b, c);
    pl_dec_set_si(b, 1);
    pl_dec_sub(&X->dx, b, b, a);
    pl_dec_sub(&X->dx, b, b, &X->fw);
    pl_dec_mul(&X->dx, b, b, x);          /* pv */
    pl_dec_add(&X->dx, out, out, b);
}

/* Issue.de_normalize: value / step + lower (lower itself for 0). */
static double denormalise(struct pl_xexact *X, size_t d, const pl_dec *v)
{
    if (pl_dec_sgn(v) == 0) return pl_dec_get_d(&X->lo[d]);
    pl_dec *t = &X->t[11];
    pl_dec_div(&X->dx, t, v, &X->step[d]);
    pl_dec_add(&X->dx, t, t, &X->lo[d]);
    return pl_dec_get_d(t);
}

pl_status pl_xexact_end_round(pl_xmodel *xm, double *vote, double *outcome, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    (void)err;
    size_t cells = X->n * X->m;
    for (size_t k = 0; k < cells; k++) {
        pl_dec_set(&X->vote[k], &X->x[k]);
        pl_dec_set(&X->next[k], &X->x[k]);
    }
    for (size_t k = 0; k < xm->n_done; k++) {
        const pl_xchange *r = xm->done[k];
        pl_dec_set(&X->vote[(size_t)r->i.actor * X->m + (size_t)r->i.supply], &X->y[r->ref_i]);
        pl_dec_set(&X->vote[(size_t)r->j.actor * X->m + (size_t)r->j.supply], &X->y[r->ref_j]);
    }
    for (size_t d = 0; d < X->m; d++) {
        outcome_of(X, X->vote, d, &X->g);
        outcome[d] = denormalise(X, d, &X->g);
    }
    for (size_t k = 0; k < cells; k++) vote[k] = xm->present[k] ? pl_dec_get_d(&X->vote[k]) : 0;
    for (size_t k = 0; k < xm->n_done; k++) {
        const pl_xchange *r = xm->done[k];
        const pl_xside *sides[2] = {&r->i, &r->j};
        size_t refs[2] = {r->ref_i, r->ref_j};
        for (int t = 0; t < 2; t++) {
            size_t at = (size_t)sides[t]->actor * X->m + (size_t)sides[t]->supply;
            new_start(X, &X->s[at], &X->x[at], &X->y[refs[t]], &X->next[at]);
        }
    }
    pl_dec *swap = X->x;
    X->x = X->next;
    X->next = swap;
    for (size_t k = 0; k < cells; k++) xm->x[k] = xm->present[k] ? pl_dec_get_d(&X->x[k]) : 0;
    return PL_OK;
}

double pl_xexact_start_input(pl_xmodel *xm, size_t k)
{
    return denormalise(xm->ex, k % xm->m, &xm->ex->x[k]);
}
