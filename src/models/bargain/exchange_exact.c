/*
** exchange_exact.c — the exchange model's exact state and replays in decide's 28-digit
** decimal arithmetic (see exchange.h, "Exact replay"). Every operation mirrors the order and
** rounding of decide/model/{base,calculations,equalgain}.py and decide/model/helpers/csvparser.py.
** Layer: models.
*/
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "models/bargain/exchange.h"

/* The exact results of one exchange's computation, and their nearest doubles. */
typedef struct xres {
    pl_dec yi, yj, g; /* the moves' exact values are not kept: nothing reads them later */
    double mi_d, mj_d, yi_d, yj_d, g_d;
    int valid;
} xres;

/* An exchange's equal-gain ratios (s_a,supply + s_b,demand) / (s_a,demand + s_b,supply) with a =
** side j (to_i) and a = side i (to_j). They depend on the saliences only, so an exchange between
** the same sides over the same issues has them in every round: they are kept in a cache with
** one place per hash of (i, j, p, q), a later exchange taking the place of an earlier one. */
typedef struct xratio {
    int i, j, p, q; /* i < 0: empty */
    pl_dec to_i, to_j;
} xratio;

enum { RATIO_BITS = 10, RATIO_PLACES = 1 << RATIO_BITS }; /* small enough to stay in the cache */

/* What the replays keep of one pool exchange. */
typedef struct xentry {
    xres res; /* current when the exchange's exact flag is set */
} xentry;

struct pl_xexact {
    pl_dec_ctx dx;
    size_t n, m;
    size_t round;                               /* rounds begun, from 1 */
    int open;                                   /* a round has begun and not ended */
    pl_dec *x, *s, *c, *cs, *cur;               /* [n × m] start and current positions, salience, power */
    pl_dec *w_vote, *w_start;                   /* [n × m] new_start's weights (1 − s)·sw, 1 − (1 − s)·sw − fw */
    pl_dec *den, *nbs, *lo, *step;              /* [m] */
    unsigned char *unit_step;                   /* [m] step is exactly 1 */
    pl_dec *prod;        /* [n × m] (x · s) · c of the round's start positions */
    pl_dec *prefix;      /* [m × (n + 1)] their sums over the first i actors of each issue, in actor order */
    const pl_dec **over; /* [n] positions that replace start positions in a sum (scratch) */
    size_t *last;        /* [n × m] the last realised voting position of each cell this round, or NONE */
    size_t *touched;     /* [n × m] the cells realised this round (their last set), n_touched of them */
    size_t n_touched;
    double *start_in;                           /* [n × m] start positions on the input scale */
    pl_dec *y;                                  /* realised voting positions of the round */
    size_t n_y, cap_y;
    xentry *entry; /* [cap_entry] one per pool exchange */
    size_t cap_entry;
    xentry scratch; /* for an exchange outside the pool (tests) */
    xratio *ratio;  /* [RATIO_PLACES] the ratio cache */
    pl_dec min_move, hundred, zero, fw;
};

/* One side of an exchange in the replay, with the nearest doubles of its positions, move and
** voting position (sup_pos and dem_pos of a side are the nearest doubles of its exact positions). */
typedef struct xs {
    const pl_xside *side;
    int actor, supply;
    const pl_dec *sup, *dem, *s_sup, *s_dem, *c_sup, *cs_sup, *den;
    pl_dec *move, *y;
    double sup_d, dem_d, *move_d, *y_d;
} xs;

void pl_xexact_free(pl_xmodel *xm)
{
    struct pl_xexact *X = xm->ex;
    if (!X) return;
    pl_dec *arrays[] = {X->x,   X->s,  X->c,    X->cs, X->cur, X->w_vote, X->w_start, X->den,
                        X->nbs, X->lo, X->step, X->y,  X->prod, X->prefix};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) pl_free(arrays[k]);
    pl_free(X->entry);
    pl_free(X->ratio);
    pl_free(X->start_in);
    pl_free(X->over);
    pl_free(X->unit_step);
    pl_free(X->last);
    pl_free(X->touched);
    pl_dec_ctx_clear(&X->dx);
    pl_free(X);
    xm->ex = NULL;
}

/* Inputs as decide's csv parser reads them: Decimal of the text of each number (recovered as
** the shortest decimal of the double read), positions normalised with the issue's step
** Decimal(100) / (upper − lower) in decimal arithmetic. */
static void load_inputs(struct pl_xexact *X, const pl_stakeholders *s)
{
    pl_dec hi, t, one;
    pl_dec_set_si(&one, 1);
    for (size_t d = 0; d < X->m; d++) {
        pl_dec_set_d_short(&X->lo[d], s->dim_lo[d]);
        pl_dec_set_d_short(&hi, s->dim_hi[d]);
        pl_dec_sub(&X->dx, &t, &hi, &X->lo[d]);
        pl_dec_div(&X->dx, &X->step[d], &X->hundred, &t);
        X->unit_step[d] = pl_dec_cmp(&X->dx, &X->step[d], &one) == 0;
        pl_dec_set_si(&X->den[d], 0);
    }
    for (size_t k = 0; k < X->n * X->m; k++) {
        size_t d = k % X->m;
        if (!s->present[k]) continue;
        pl_dec_set_d_short(&X->s[k], s->salience[k]);
        pl_dec_set_d_short(&X->c[k], s->capability[k]);
        pl_dec_mul(&X->dx, &X->cs[k], &X->s[k], &X->c[k]);
        pl_dec_set_d_short(&t, s->position[k]);
        pl_dec_sub(&X->dx, &t, &t, &X->lo[d]);
        pl_dec_mul(&X->dx, &X->x[k], &t, &X->step[d]);
    }
    /* calc_nbs_denominator sums salience × power in the order of the actors */
    for (size_t i = 0; i < X->n; i++)
        for (size_t d = 0; d < X->m; d++)
            if (s->present[i * X->m + d]) pl_dec_add(&X->dx, &X->den[d], &X->den[d], &X->cs[i * X->m + d]);
}

static double denormalise(struct pl_xexact *X, size_t d, const pl_dec *v);
static void set_product(struct pl_xexact *X, size_t k);

#define NONE ((size_t)-1) /* no realised position */

/* new_start_position's weights depend on the salience only: (1 − s) · sw on the voting
** position and 1 − (1 − s) · sw − fw on the start position, with sw = Decimal(0.4) and
** fw = Decimal(0.1) (the floats' exact values), computed once as decide computes them. */
static void load_weights(struct pl_xexact *X)
{
    pl_dec sw, one;
    pl_dec_set_d_exact(&sw, PL_XCH_SALIENCE_WEIGHT);
    pl_dec_set_si(&one, 1);
    for (size_t k = 0; k < X->n * X->m; k++) {
        pl_dec_sub(&X->dx, &X->w_vote[k], &one, &X->s[k]);
        pl_dec_mul(&X->dx, &X->w_vote[k], &X->w_vote[k], &sw);
        pl_dec_sub(&X->dx, &X->w_start[k], &one, &X->w_vote[k]);
        pl_dec_sub(&X->dx, &X->w_start[k], &X->w_start[k], &X->fw);
    }
}

pl_status pl_xexact_create(pl_xmodel *xm, const pl_stakeholders *s, pl_error *err)
{
    struct pl_xexact *X = pl_calloc(1, sizeof *X);
    if (!X) return pl_error_set(err, PL_ENOMEM, "out of memory");
    xm->ex = X;
    X->n = xm->n;
    X->m = xm->m;
    pl_dec_ctx_init(&X->dx);
    size_t cells = X->n * X->m;
    pl_dec **mats[] = {&X->x, &X->s, &X->c, &X->cs, &X->cur, &X->w_vote, &X->w_start, &X->prod};
    int bad = 0;
    for (size_t k = 0; k < sizeof mats / sizeof mats[0]; k++) bad |= !(*mats[k] = pl_calloc(cells, sizeof(pl_dec)));
    pl_dec **vecs[] = {&X->den, &X->nbs, &X->lo, &X->step};
    for (size_t k = 0; k < sizeof vecs / sizeof vecs[0]; k++) bad |= !(*vecs[k] = pl_calloc(X->m, sizeof(pl_dec)));
    bad |= !(X->start_in = pl_calloc(cells, sizeof *X->start_in));
    bad |= !(X->ratio = pl_malloc(RATIO_PLACES * sizeof *X->ratio));
    bad |= !(X->prefix = pl_calloc(X->m * (X->n + 1), sizeof *X->prefix));
    bad |= !(X->over = pl_calloc(X->n, sizeof *X->over));
    bad |= !(X->unit_step = pl_calloc(X->m, sizeof *X->unit_step));
    bad |= !(X->last = pl_malloc(cells * sizeof *X->last));
    bad |= !(X->touched = pl_malloc(cells * sizeof *X->touched));
    if (bad) return pl_error_set(err, PL_ENOMEM, "out of memory");
    /* decide compares moves and gains with the float 1e-10, exactly. Its exact value has 77
    ** digits; truncated to 28 it answers every comparison with a value of at most 28 digits
    ** the same way, since no such value lies between the two. */
    pl_dec_set_d_trunc(&X->min_move, PL_XCH_MIN_MOVE, PL_DEC_DIGITS);
    pl_dec_set_si(&X->hundred, 100);
    pl_dec_set_si(&X->zero, 0);
    pl_dec_set_d_exact(&X->fw, PL_XCH_FIXED_WEIGHT); /* Decimal(0.1): the float's exact value */
    load_inputs(X, s);
    load_weights(X);
    for (size_t k = 0; k < RATIO_PLACES; k++) X->ratio[k].i = -1;
    for (size_t k = 0; k < cells; k++) {
        X->start_in[k] = denormalise(X, k % X->m, &X->x[k]);
        set_product(X, k);
        X->last[k] = NONE;
        X->cur[k] = X->x[k];
        xm->x[k] = xm->present[k] ? pl_dec_get_d(&X->x[k]) : 0;
    }
    return PL_OK;
}

/* {====================================================================== Outcomes */

/* {====================================================================== Outcomes
** decide's outcome of issue d is Σ (position · salience) · power over the actors, in actor order,
** / Σ salience · power (nash_bargaining_solution), every step rounded. The products of the start
** positions and their running sums are kept for the round, so a sum in which a few actors stand
** elsewhere starts from the running sum before the first of them and recomputes only their
** products. Absent actors have s = c = 0 and add an exact 0. */

/* The product of cell k's start position. */
static void set_product(struct pl_xexact *X, size_t k)
{
    pl_dec_mul(&X->dx, &X->prod[k], &X->x[k], &X->s[k]);
    pl_dec_mul(&X->dx, &X->prod[k], &X->prod[k], &X->c[k]);
}

/* The weighted sum over the actors of issue d where actor i stands at X->over[i] when that is set
** (i ≥ first, the first set), at its start position otherwise. */
static void weighted_sum(struct pl_xexact *X, size_t d, size_t first, pl_dec *out)
{
    pl_dec t;
    *out = X->prefix[d * (X->n + 1) + first];
    for (size_t i = first; i < X->n; i++) {
        size_t k = i * X->m + d;
        if (X->over[i]) {
            pl_dec_mul(&X->dx, &t, X->over[i], &X->s[k]);
            pl_dec_mul(&X->dx, &t, &t, &X->c[k]);
            pl_dec_add(&X->dx, out, out, &t);
        } else if (pl_dec_sgn(&X->prod[k])) { /* adding an exact 0 changes nothing */
            pl_dec_add(&X->dx, out, out, &X->prod[k]);
        }
    }
}

/* Clears X->over after a sum. */
static void clear_over(struct pl_xexact *X, size_t first)
{
    for (size_t i = first; i < X->n; i++) X->over[i] = NULL;
}

pl_status pl_xexact_begin_round(pl_xmodel *xm, unsigned char *left, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    (void)err;
    if (X->open) /* a round begun anew without its end: realised positions go back */
        for (size_t k = 0; k < X->n * X->m; k++) X->cur[k] = X->x[k];
    X->open = 1;
    X->n_y = 0;
    X->round++;
    for (size_t d = 0; d < X->m; d++) { /* X->cur and xm->x are the start positions (pl_xexact_end_round) */
        pl_dec *run = &X->prefix[d * (X->n + 1)];
        pl_dec_set_si(&run[0], 0);
        for (size_t i = 0; i < X->n; i++) pl_dec_add(&X->dx, &run[i + 1], &run[i], &X->prod[i * X->m + d]);
        pl_dec_div(&X->dx, &X->nbs[d], &run[X->n], &X->den[d]);
    }
    for (size_t k = 0; k < X->n * X->m; k++)
        left[k] = xm->present[k] && pl_dec_cmp(&X->dx, &X->x[k], &X->nbs[k % X->m]) <= 0;
    return PL_OK;
}

int pl_xexact_ratio_less(pl_xmodel *xm, int a, int b, int p, int q)
{
    struct pl_xexact *X = xm->ex;
    size_t m = X->m;
    pl_dec ra, rb;
    pl_dec_div(&X->dx, &ra, &X->s[(size_t)a * m + (size_t)p], &X->s[(size_t)a * m + (size_t)q]);
    pl_dec_div(&X->dx, &rb, &X->s[(size_t)b * m + (size_t)p], &X->s[(size_t)b * m + (size_t)q]);
    return pl_dec_cmp(&X->dx, &ra, &rb) < 0;
}

/* {====================================================================== Replay */

/* Sets X->over for issue d from e's updates and a at pos (a's position replacing its update
** when pos_first, as adjusted_nbs has it, the update replacing a's position otherwise, as
** adjusted_nbs_by_position has it); returns the first actor set. */
static size_t place_over(struct pl_xexact *X, const pl_xchange *e, const xs *a, const pl_dec *pos, int pos_first)
{
    size_t d = (size_t)a->supply, first = (size_t)a->actor;
    X->over[first] = pos;
    for (const pl_xupdate *u = e->updates; u; u = u->next) {
        if ((size_t)u->issue != d || (pos_first && u->actor == a->actor)) continue;
        X->over[u->actor] = &X->y[u->ref];
        if ((size_t)u->actor < first) first = (size_t)u->actor;
    }
    return first;
}

/* adjusted_nbs: start positions, this exchange's updates, then a at pos. */
static void outcome_with(struct pl_xexact *X, const pl_xchange *e, const xs *a, const pl_dec *pos, pl_dec *out)
{
    size_t first = place_over(X, e, a, pos, 1);
    weighted_sum(X, (size_t)a->supply, first, out);
    clear_over(X, first);
    pl_dec_div(&X->dx, out, out, a->den);
}

/* The sign of target − (adjusted_nbs with a at pos), as decide's arithmetic has it; pos_d and
** target_d are the nearest doubles of pos and target, base the double sum of the updates. The
** double outcome is within about 1e-12 of decide's, so a clear margin settles the sign without
** the exact sum over every actor. */
static int sign_to_outcome(struct pl_xexact *X, const pl_xmodel *xm, const pl_xchange *e, const xs *a, double base,
                           const pl_dec *pos, double pos_d, const pl_dec *target, double target_d)
{
    double o = pl_xchange_outcome_at(xm, a->side, base, pos_d);
    if (!pl_xchange_near(target_d, o)) return target_d > o ? 1 : -1;
    pl_dec exact;
    outcome_with(X, e, a, pos, &exact);
    return pl_dec_cmp(&X->dx, target, &exact);
}

/* adjusted_nbs_by_position: a at pos, then the updates; the move of a that brings the outcome to
** target. */
static void move_to_outcome(struct pl_xexact *X, const pl_xchange *e, const xs *a, const pl_dec *pos,
                            const pl_dec *target, pl_dec *out)
{
    pl_dec num;
    size_t first = place_over(X, e, a, pos, 0);
    weighted_sum(X, (size_t)a->supply, first, &num);
    clear_over(X, first);
    pl_dec_mul(&X->dx, out, target, a->den);
    pl_dec_sub(&X->dx, out, out, &num);
    pl_dec_div(&X->dx, out, out, a->cs_sup);
}

/* ((|target − a's supply position| · s) · c) / Σ c s: by_absolute_move and exchange_ratio. */
static void shift_of(struct pl_xexact *X, const xs *a, const pl_dec *dist, pl_dec *out)
{
    pl_dec_mul(&X->dx, out, dist, a->s_sup);
    pl_dec_mul(&X->dx, out, out, a->c_sup);
    pl_dec_div(&X->dx, out, out, a->den);
}

/* by_exchange_ratio's ratio (s_a,supply + s_b,demand) / (s_a,demand + s_b,supply). */
static void equal_ratio(struct pl_xexact *X, const xs *a, const xs *b, pl_dec *out)
{
    pl_dec v;
    pl_dec_add(&X->dx, out, a->s_sup, b->s_dem);
    pl_dec_add(&X->dx, &v, a->s_dem, b->s_sup);
    pl_dec_div(&X->dx, out, out, &v);
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
    pl_dec u;
    pl_dec_mul(&X->dx, &u, dr, a->s_sup);
    pl_dec_mul(&X->dx, out, sr, a->s_dem);
    pl_dec_sub(&X->dx, out, &u, out);
    pl_dec_abs(out, out);
}

/* Compares exact a and b whose nearest doubles are da and db. Rounding to nearest is monotone,
** so different doubles order the exact values the same way; only equal ones need the decimals. */
static int cmp_near(struct pl_xexact *X, const pl_dec *a, double da, const pl_dec *b, double db)
{
    if (da != db) return da < db ? -1 : 1;
    return pl_dec_cmp(&X->dx, a, b);
}

/* Sets the doubles of a's move and voting position. */
static void side_doubles(xs *a)
{
    *a->move_d = pl_dec_get_d(a->move);
    *a->y_d = pl_dec_get_d(a->y);
}

/* is_move_valid for a's move and voting position y = supply position + move; the earlier moves
** of the side's stack are taken from the double computation. */
static int move_valid(struct pl_xexact *X, const xs *a)
{
    pl_dec t;
    double v = *a->move_d, y = *a->y_d;
    pl_dec_abs(&t, a->move);
    if (cmp_near(X, &t, fabs(v), &X->hundred, PL_XCH_SCALE) > 0) return 0;
    if (cmp_near(X, &t, fabs(v), &X->min_move, PL_XCH_MIN_MOVE) <= 0) return 0;
    if (cmp_near(X, a->y, y, &X->zero, 0.0) < 0 || cmp_near(X, a->y, y, &X->hundred, PL_XCH_SCALE) > 0) return 0;
    const pl_xmove *below = a->side->moves ? a->side->moves->prev : NULL;
    double sum = below ? below->sum + v : v;
    double lo = below && below->min < v ? below->min : v, hi = below && below->max > v ? below->max : v;
    if (sum > PL_XCH_SCALE) return 0;
    return hi < 0 || lo > 0;
}

/* Points a's move toward the partner's position on a's supply issue: negative when a's own
** position is above it. */
static void orient(struct pl_xexact *X, xs *a, const xs *partner)
{
    if (cmp_near(X, a->sup, a->sup_d, partner->dem, partner->dem_d) > 0) pl_dec_neg(a->move, a->move);
}

/* check_nbs for side a with partner b; ratio_a is a's equal-gain ratio. Returns whether it moved
** anything. */
static int check_outcome(struct pl_xexact *X, const pl_xmodel *xm, const pl_xchange *e, xs *a, xs *b,
                         const pl_dec *ratio_a, pl_dec *gain)
{
    double base = pl_xchange_outcome_base(xm, e, a->side);
    int c0 = sign_to_outcome(X, xm, e, a, base, a->sup, a->sup_d, b->dem, b->dem_d);
    int c1 = sign_to_outcome(X, xm, e, a, base, a->y, *a->y_d, b->dem, b->dem_d);
    if ((c0 >= 0 && c1 >= 0) || (c0 <= 0 && c1 <= 0)) return 0;
    pl_dec delta, ra, rb;
    move_to_outcome(X, e, a, a->sup, b->dem, &delta);
    pl_dec_abs(&delta, &delta);
    shift_of(X, a, &delta, &ra);
    pl_dec_mul(&X->dx, &rb, ratio_a, &ra);
    move_for(X, b, &rb, b->move);
    pl_dec_abs(b->move, b->move);
    *a->move = delta;
    orient(X, b, a);
    orient(X, a, b);
    pl_dec_add(&X->dx, b->y, b->sup, b->move);
    pl_dec_add(&X->dx, a->y, a->sup, a->move);
    side_gain(X, b, &rb, &ra, gain);
    side_doubles(a);
    side_doubles(b);
    return 1;
}

static void side_of(struct pl_xexact *X, const pl_xside *s, pl_dec *move, pl_dec *y, double *move_d, double *y_d,
                    xs *out)
{
    size_t ks = (size_t)s->actor * X->m + (size_t)s->supply, kd = (size_t)s->actor * X->m + (size_t)s->demand;
    *out = (xs){s,          s->actor,    s->supply,  &X->cur[ks], &X->x[kd],   &X->s[ks], &X->s[kd],
                &X->c[ks],  &X->cs[ks],  &X->den[s->supply], move, y, s->sup_pos, s->dem_pos, move_d, y_d};
}

/* When a side already stands at its partner's position, every move and the gain are 0 and the
** exchange is invalid (is_move_valid refuses a zero move): the full computation gives exactly
** that, so it is skipped. */
static int no_move(xres *o, const xs *i, const xs *j)
{
    pl_dec_set_si(&o->g, 0);
    o->yi = *i->sup;
    o->yj = *j->sup;
    o->mi_d = o->mj_d = o->g_d = 0;
    o->yi_d = i->sup_d;
    o->yj_d = j->sup_d;
    return 0;
}

int pl_xexact_full_move_valid(pl_xmodel *xm, const pl_xside *a, const pl_xside *partner)
{
    struct pl_xexact *X = xm->ex;
    pl_dec move, y;
    double move_d, y_d;
    xs side;
    side_of(X, a, &move, &y, &move_d, &y_d, &side);
    const pl_dec *target = &X->x[(size_t)partner->actor * X->m + (size_t)partner->demand];
    pl_dec_sub(&X->dx, &move, target, side.sup); /* |target − sup| pointed toward target */
    pl_dec_add(&X->dx, &y, side.sup, &move);
    side_doubles(&side);
    return move_valid(X, &side);
}

int pl_xexact_zero_distance(pl_xmodel *xm, const pl_xchange *e)
{
    struct pl_xexact *X = xm->ex;
    size_t m = X->m;
    const pl_dec *i_sup = &X->cur[(size_t)e->i.actor * m + (size_t)e->i.supply],
                 *i_dem = &X->x[(size_t)e->i.actor * m + (size_t)e->i.demand],
                 *j_sup = &X->cur[(size_t)e->j.actor * m + (size_t)e->j.supply],
                 *j_dem = &X->x[(size_t)e->j.actor * m + (size_t)e->j.demand];
    return pl_dec_cmp(&X->dx, i_dem, j_sup) == 0 || pl_dec_cmp(&X->dx, j_dem, i_sup) == 0;
}

/* The equal-gain ratios of the exchange, from the cache or computed into it. */
static const xratio *ratios(struct pl_xexact *X, const xs *i, const xs *j)
{
    int p = j->supply, q = i->supply;
    uint64_t key = (((uint64_t)i->actor * X->n + (uint64_t)j->actor) * X->m + (uint64_t)p) * X->m + (uint64_t)q;
    xratio *r = &X->ratio[(key * 0x9E3779B97F4A7C15u) >> (64 - RATIO_BITS)];
    if (r->i == i->actor && r->j == j->actor && r->p == p && r->q == q) return r;
    equal_ratio(X, j, i, &r->to_i);
    equal_ratio(X, i, j, &r->to_j);
    *r = (xratio){i->actor, j->actor, p, q, r->to_i, r->to_j};
    return r;
}

/* EqualGainExchange.calculate in decimal, into o. A plain exchange (pl_xchange) takes the branch
** its double computation took and skips the tests, whose outcome that computation settled. */
static int calculate(struct pl_xexact *X, const pl_xmodel *xm, const pl_xchange *e, xres *o)
{
    xs i, j;
    pl_dec mi, mj, dist_p, dist_q, dp, dq, t;
    side_of(X, &e->i, &mi, &o->yi, &o->mi_d, &o->yi_d, &i);
    side_of(X, &e->j, &mj, &o->yj, &o->mj_d, &o->yj_d, &j);
    pl_dec_sub(&X->dx, &dist_p, i.dem, j.sup);
    pl_dec_abs(&dist_p, &dist_p);
    pl_dec_sub(&X->dx, &dist_q, j.dem, i.sup);
    pl_dec_abs(&dist_q, &dist_q);
    if (!e->plain && (!pl_dec_sgn(&dist_p) || !pl_dec_sgn(&dist_q))) return no_move(o, &i, &j);
    const xratio *q = ratios(X, &i, &j);
    shift_of(X, &j, &dist_p, &dp);
    pl_dec_mul(&X->dx, &dq, &q->to_i, &dp);
    move_for(X, &i, &dq, &mi);
    mj = dist_p;
    pl_dec_abs(&t, &mi);
    if (e->plain ? e->full_i : pl_dec_cmp(&X->dx, &t, &dist_q) > 0) {
        shift_of(X, &i, &dist_q, &dq);
        pl_dec_mul(&X->dx, &dp, &q->to_j, &dq);
        mi = dist_q;
        move_for(X, &j, &dp, &mj);
    }
    orient(X, &i, &j);
    orient(X, &j, &i);
    pl_dec_add(&X->dx, &o->yi, i.sup, &mi);
    pl_dec_add(&X->dx, &o->yj, j.sup, &mj);
    side_gain(X, &i, &dq, &dp, &o->g);
    side_doubles(&i);
    side_doubles(&j);
    o->g_d = pl_dec_get_d(&o->g);
    if (e->plain) return 1;
    if (!move_valid(X, &i) || !move_valid(X, &j) || cmp_near(X, &o->g, o->g_d, &X->min_move, PL_XCH_MIN_MOVE) < 0)
        return 0;
    int moved = check_outcome(X, xm, e, &i, &j, &q->to_j, &o->g);
    moved |= check_outcome(X, xm, e, &j, &i, &q->to_i, &o->g);
    if (!moved) return 1; /* the same moves pass the same tests */
    o->g_d = pl_dec_get_d(&o->g);
    return move_valid(X, &i) && move_valid(X, &j);
}

/* e's entry: its own for a pool exchange, scratch for one built outside (tests). */
static xentry *entry_of(pl_xmodel *xm, const pl_xchange *e)
{
    struct pl_xexact *X = xm->ex;
    uintptr_t pe = (uintptr_t)e, p0 = (uintptr_t)xm->pool, p1 = (uintptr_t)(xm->pool + xm->n_pool);
    if (pe >= p0 && pe < p1) return &X->entry[e - xm->pool];
    return NULL;
}

/* Makes room for an entry per pool exchange. */
static int reserve_entries(pl_xmodel *xm)
{
    struct pl_xexact *X = xm->ex;
    if (xm->n_pool > X->cap_entry && pl_grow((void **)&X->entry, &X->cap_entry, xm->n_pool, sizeof *X->entry))
        return -1;
    return 0;
}

pl_status pl_xexact_replay(pl_xmodel *xm, pl_xchange *e, pl_xresult *res, pl_error *err)
{
    if (reserve_entries(xm)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    xentry *own = entry_of(xm, e), *en = own ? own : &xm->ex->scratch;
    xres *o = &en->res;
    o->valid = calculate(xm->ex, xm, e, o);
    res->valid = o->valid;
    *res = (pl_xresult){o->mi_d, o->mj_d, o->yi_d, o->yj_d, o->g_d, o->valid};
    if (own) e->exact = 1;
    return PL_OK;
}

/* Makes e's exact results current, replaying it if they are not. */
static pl_status make_exact(pl_xmodel *xm, pl_xchange *e, pl_error *err)
{
    if (e->exact) return PL_OK;
    pl_xresult res;
    pl_status st = pl_xexact_replay(xm, e, &res, err);
    return st ? st : pl_xchange_apply(xm, e, &res, err);
}

/* The exact gain of a plain exchange (pl_xchange): the branch the double computation took is
** decide's, the exchange is valid and check_nbs moves nothing, so the gain is by_absolute_move,
** by_exchange_ratio and expected_utility alone, with no moves, positions or tests. */
static void plain_gain(struct pl_xexact *X, const pl_xchange *e, pl_dec *g)
{
    xs i, j;
    pl_dec mi, mj, yi, yj, dist, dp, dq;
    double d;
    side_of(X, &e->i, &mi, &yi, &d, &d, &i);
    side_of(X, &e->j, &mj, &yj, &d, &d, &j);
    const xratio *q = ratios(X, &i, &j);
    if (!e->full_i) {
        pl_dec_sub(&X->dx, &dist, i.dem, j.sup);
        pl_dec_abs(&dist, &dist);
        shift_of(X, &j, &dist, &dp);
        pl_dec_mul(&X->dx, &dq, &q->to_i, &dp);
    } else {
        pl_dec_sub(&X->dx, &dist, j.dem, i.sup);
        pl_dec_abs(&dist, &dist);
        shift_of(X, &i, &dist, &dq);
        pl_dec_mul(&X->dx, &dp, &q->to_j, &dq);
    }
    side_gain(X, &i, &dq, &dp, g);
}

/* e's exact gain: kept, or that of a plain exchange, or from a replay. */
static pl_status exact_gain(pl_xmodel *xm, pl_xchange *e, const pl_dec **g, pl_error *err)
{
    xentry *en = &xm->ex->entry[e - xm->pool];
    *g = &en->res.g;
    if (e->exact || e->gain_exact) return PL_OK;
    if (!e->plain) return make_exact(xm, e, err);
    plain_gain(xm->ex, e, &en->res.g);
    e->gain_exact = 1;
    return PL_OK;
}

pl_status pl_xexact_gain(pl_xmodel *xm, pl_xchange *e, pl_dec *g, pl_error *err)
{
    if (reserve_entries(xm)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    const pl_dec *kept;
    pl_status st = exact_gain(xm, e, &kept, err);
    if (!st) *g = *kept;
    return st;
}

pl_status pl_xexact_gain_cmp(pl_xmodel *xm, pl_xchange *a, pl_xchange *b, int *cmp, pl_error *err)
{
    if (reserve_entries(xm)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    const pl_dec *ga, *gb;
    pl_status st = exact_gain(xm, a, &ga, err);
    if (!st) st = exact_gain(xm, b, &gb, err);
    if (st) return st;
    *cmp = pl_dec_cmp(&xm->ex->dx, ga, gb);
    return PL_OK;
}

pl_status pl_xexact_realise(pl_xmodel *xm, pl_xchange *r, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    pl_status st = make_exact(xm, r, err);
    if (st) return st;
    const xres *o = &X->entry[r - xm->pool].res;
    if (pl_grow((void **)&X->y, &X->cap_y, X->n_y + 2, sizeof *X->y))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    r->ref_i = X->n_y;
    X->y[X->n_y++] = o->yi;
    r->ref_j = X->n_y;
    X->y[X->n_y++] = o->yj;
    X->cur[(size_t)r->i.actor * X->m + (size_t)r->i.supply] = o->yi;
    X->cur[(size_t)r->j.actor * X->m + (size_t)r->j.supply] = o->yj;
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

/* new_start_position: (1 − s) · sw · y + fw · y + (1 − (1 − s) · sw − fw) · x, for cell k */
static void new_start(struct pl_xexact *X, size_t k, const pl_dec *y, pl_dec *out)
{
    pl_dec swv, fwv, pv;
    pl_dec_mul(&X->dx, &swv, &X->w_vote[k], y);
    pl_dec_mul(&X->dx, &fwv, &X->fw, y);
    pl_dec_add(&X->dx, out, &swv, &fwv);
    pl_dec_mul(&X->dx, &pv, &X->w_start[k], &X->x[k]);
    pl_dec_add(&X->dx, out, out, &pv);
}

/* Issue.de_normalize: value / step + lower (lower itself for 0). */
static double denormalise(struct pl_xexact *X, size_t d, const pl_dec *v)
{
    if (pl_dec_sgn(v) == 0) return pl_dec_get_d(&X->lo[d]);
    pl_dec t = *v; /* v / 1 is v (at most 28 digits): issues on 0–100 skip the division */
    if (!X->unit_step[d] || v->nd > PL_DEC_DIGITS) pl_dec_div(&X->dx, &t, v, &X->step[d]);
    pl_dec_add(&X->dx, &t, &t, &X->lo[d]);
    return pl_dec_get_d(&t);
}

/* Notes the realised voting positions of the round: the last of each cell (a later exchange of
** the same actor and issue overrides an earlier one), and the cells that have one. */
static void collect_last(struct pl_xexact *X, const pl_xmodel *xm)
{
    X->n_touched = 0;
    for (size_t k = 0; k < xm->n_done; k++) {
        const pl_xchange *r = xm->done[k];
        const pl_xside *sides[2] = {&r->i, &r->j};
        size_t refs[2] = {r->ref_i, r->ref_j};
        for (int t = 0; t < 2; t++) {
            size_t cell = (size_t)sides[t]->actor * X->m + (size_t)sides[t]->supply;
            if (X->last[cell] == NONE) X->touched[X->n_touched++] = cell;
            X->last[cell] = refs[t];
        }
    }
}

/* The outcome of issue d on the voting positions, on the input scale. */
static double voting_outcome(struct pl_xexact *X, size_t d)
{
    size_t first = X->n;
    for (size_t t = 0; t < X->n_touched; t++) {
        size_t cell = X->touched[t], i = cell / X->m;
        if (cell % X->m != d) continue;
        X->over[i] = &X->y[X->last[cell]];
        if (i < first) first = i;
    }
    pl_dec o;
    weighted_sum(X, d, first, &o);
    clear_over(X, first);
    pl_dec_div(&X->dx, &o, &o, &X->den[d]);
    return denormalise(X, d, &o);
}

pl_status pl_xexact_end_round(pl_xmodel *xm, double *vote, double *outcome, pl_error *err)
{
    struct pl_xexact *X = xm->ex;
    (void)err;
    X->open = 0;
    collect_last(X, xm);
    for (size_t d = 0; d < X->m; d++) outcome[d] = voting_outcome(X, d);
    memcpy(vote, xm->x, X->n * X->m * sizeof *vote); /* the round's start positions, but where realised */
    for (size_t t = 0; t < X->n_touched; t++) {
        size_t cell = X->touched[t];
        const pl_dec *y = &X->y[X->last[cell]];
        pl_dec next;
        vote[cell] = pl_dec_get_d(y);
        new_start(X, cell, y, &next); /* only realised sides move */
        X->x[cell] = X->cur[cell] = next;
        set_product(X, cell);
        X->start_in[cell] = denormalise(X, cell % X->m, &next);
        xm->x[cell] = pl_dec_get_d(&next);
        X->last[cell] = NONE;
    }
    return PL_OK;
}

double pl_xexact_start_input(pl_xmodel *xm, size_t k) { return xm->ex->start_in[k]; }
