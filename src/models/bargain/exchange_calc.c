/*
** exchange_calc.c — one exchange of Stokman's equal-gain model: who supplies which issue, the
** equal-gain moves, the checks that make an exchange invalid, the shrink that keeps an outcome
** from passing the demanding actor (check_nbs), and the recomputation after another exchange
** was realised. Follows decide/model/{base,calculations,equalgain}.py step by step (equations
** in docs/models/exchange.md §2–§4).
** Layer: models.
*/
#include <math.h>

#include "models/bargain/exchange.h"

static size_t at(const pl_xmodel *xm, int actor, int issue) { return (size_t)actor * xm->m + (size_t)issue; }

static int near(double a, double b) { return pl_xchange_near(a, b); }

/* {====================================================================== Move stacks */

enum { MOVE_BLOCK = 4096 };

/* A fresh stack entry, taken from blocks that are kept from round to round (entries need no
** clearing: every field is set when one is pushed). */
static pl_xmove *new_move(pl_xmodel *xm)
{
    if (!xm->moves_left) {
        if (xm->move_block == xm->n_move_blocks) {
            if (pl_grow((void **)&xm->move_blocks, &xm->cap_move_blocks, xm->n_move_blocks + 1,
                        sizeof *xm->move_blocks))
                return NULL;
            if (!(xm->move_blocks[xm->n_move_blocks] = pl_malloc(MOVE_BLOCK * sizeof(pl_xmove)))) return NULL;
            xm->n_move_blocks++;
        }
        xm->moves_next = xm->move_blocks[xm->move_block++];
        xm->moves_left = MOVE_BLOCK;
    }
    xm->moves_left--;
    return xm->moves_next++;
}

static pl_status push_move(pl_xmodel *xm, pl_xside *a, double v, pl_error *err)
{
    pl_xmove *mv = new_move(xm);
    if (!mv) return pl_error_set(err, PL_ENOMEM, "out of memory");
    const pl_xmove *top = a->moves;
    mv->value = v;
    mv->sum = top ? top->sum + v : v;
    mv->min = top && top->min < v ? top->min : v;
    mv->max = top && top->max > v ? top->max : v;
    mv->prev = a->moves;
    a->moves = mv;
    return PL_OK;
}

static void pop_move(pl_xside *a)
{
    if (a->moves) a->moves = a->moves->prev;
}

static pl_status replace_move(pl_xmodel *xm, pl_xside *a, double v, pl_error *err)
{
    pop_move(a);
    return push_move(xm, a, v, err);
}

/* decide's is_move_valid: a move of a side is valid when it is neither negligible nor larger
** than the scale, keeps the voting position on [0, 100], the stack of its moves sums to at most
** 100 and all of them point the same way. Sets *fragile when a test is within rounding. */
static int move_valid(const pl_xside *a, double move, int *fragile)
{
    double y = a->sup_pos + move, sum = a->moves ? a->moves->sum : 0, m = fabs(move);
    /* near(v, 100) needs 99 < v < 101 and near(y, 0) needs y < 1: the ranges spare the tests */
    if ((m > 99 && m < 101 && near(m, PL_XCH_SCALE)) || m <= 10 * PL_XCH_FRAGILE || (y < 1 && near(y, 0)) ||
        (y > 99 && y < 101 && near(y, PL_XCH_SCALE)) || (sum > 99 && sum < 101 && near(sum, PL_XCH_SCALE)))
        *fragile = 1;
    if (fabs(move) > PL_XCH_SCALE || fabs(move) <= PL_XCH_MIN_MOVE) return 0;
    if (y < 0 || y > PL_XCH_SCALE) return 0;
    if (!a->moves || sum > PL_XCH_SCALE) return 0;
    return a->moves->max < 0 || a->moves->min > 0;
}

/* {====================================================================== Outcomes */

static pl_xupdate *find_update(pl_xchange *e, int issue, int actor)
{
    for (pl_xupdate *u = e->updates; u; u = u->next)
        if (u->issue == issue && u->actor == actor) return u;
    return NULL;
}

/* decide's adjusted_nbs: updates first, then a's own position. The sum over the updates is the
** same for every position of a, so callers that try two positions take it once. */
double pl_xchange_outcome_base(const pl_xmodel *xm, const pl_xchange *e, const pl_xside *a)
{
    int d = a->supply;
    double num = xm->num[d];
    for (const pl_xupdate *u = e->updates; u; u = u->next)
        if (u->issue == d && u->actor != a->actor)
            num += xm->cs[at(xm, u->actor, d)] * (u->value - xm->x[at(xm, u->actor, d)]);
    return num;
}

double pl_xchange_outcome_at(const pl_xmodel *xm, const pl_xside *a, double base, double pos)
{
    return (base + a->cs_sup * (pos - xm->x[at(xm, a->actor, a->supply)])) * xm->inv_den[a->supply];
}

/* How far a must move from pos for the outcome of its supply issue to become target (decide's
** adjusted_nbs_by_position: a at pos first, then the updates, which may override it). */
static double move_to_outcome(const pl_xmodel *xm, const pl_xchange *e, const pl_xside *a, double pos,
                              double target)
{
    int d = a->supply;
    double num = xm->num[d] + a->cs_sup * (pos - xm->x[at(xm, a->actor, d)]);
    for (const pl_xupdate *u = e->updates; u; u = u->next) {
        if (u->issue != d) continue;
        double cur = u->actor == a->actor ? pos : xm->x[at(xm, u->actor, d)];
        num += xm->cs[at(xm, u->actor, d)] * (u->value - cur);
    }
    return (target * xm->den[d] - num) / a->cs_sup;
}

/* {====================================================================== Equal-gain arithmetic */

/* The three below multiply by the side's fixed factors (pl_xside) rather than divide: the double
** computation only has to come within rounding of decide's, every close decision being exact. */
double pl_xchange_full_shift(const pl_xmodel *xm, const pl_xside *a, const pl_xside *partner)
{
    (void)xm;
    return fabs(partner->dem_pos - a->sup_pos) * a->shift_k;
}

double pl_xchange_equal_shift(const pl_xside *a, const pl_xside *partner, double shift)
{
    (void)partner;
    return a->ratio * shift;
}

double pl_xchange_move_for(const pl_xmodel *xm, const pl_xside *a, double shift)
{
    (void)xm;
    return shift * a->move_k;
}

/* decide's expected_utility: |own-issue shift · s_supply − partner-issue shift · s_demand|. */
static double side_gain(const pl_xside *a, double demand_shift, double supply_shift)
{
    return fabs(demand_shift * a->s_sup - supply_shift * a->s_dem);
}

/* Points both moves toward the partner and sets the voting positions. */
static void orient(pl_xside *i, pl_xside *j, int *fragile)
{
    if (near(i->sup_pos, j->dem_pos) || near(j->sup_pos, i->dem_pos)) *fragile = 1;
    if (i->sup_pos > j->dem_pos) i->move = -i->move;
    if (j->sup_pos > i->dem_pos) j->move = -j->move;
    i->y = i->sup_pos + i->move;
    j->y = j->sup_pos + j->move;
}

/* {====================================================================== check_nbs */

/* Shrinks the exchange when a's move would carry the outcome of its supply issue past the
** partner's position there: a then moves exactly far enough for the outcome to reach it, and
** the partner's move is recomputed for equal gains (decide's AbstractExchangeActor.check_nbs). */
static pl_status check_outcome(pl_xmodel *xm, pl_xchange *e, pl_xside *a, pl_xside *b, int *moved, pl_error *err)
{
    double base = pl_xchange_outcome_base(xm, e, a);
    double nbs0 = pl_xchange_outcome_at(xm, a, base, a->sup_pos), nbs1 = pl_xchange_outcome_at(xm, a, base, a->y);
    double x = b->dem_pos, d0 = x - nbs0, d1 = x - nbs1;
    if (near(x, nbs0) || near(x, nbs1)) e->fragile = 1;
    if ((d0 >= 0 && d1 >= 0) || (d0 <= 0 && d1 <= 0)) return PL_OK;
    *moved = 1;
    double delta = fabs(move_to_outcome(xm, e, a, a->sup_pos, x));
    double ra = delta * a->shift_k;
    double rb = pl_xchange_equal_shift(a, b, ra);
    b->move = fabs(pl_xchange_move_for(xm, b, rb));
    a->move = delta;
    if (b->sup_pos > a->dem_pos) b->move = -b->move;
    if (a->sup_pos > b->dem_pos) a->move = -a->move;
    pl_status st = replace_move(xm, b, b->move, err);
    if (!st) st = replace_move(xm, a, a->move, err);
    b->y = b->sup_pos + b->move;
    a->y = a->sup_pos + a->move;
    e->gain = side_gain(b, rb, ra);
    return st;
}

/* {====================================================================== calculate */

/* What one double computation leaves to settle: the validity of each side (vi, vj) and of the
** gain, whether the first validity test passed (so that check_nbs ran), whether check_nbs moved
** anything, which side made the full move, and the sides whose validity tests were within
** rounding (other close decisions set the exchange's fragile flag). */
typedef struct xcalc {
    int vi, vj, gain_ok, first_ok, moved, full_i, close_i, close_j;
} xcalc;

/* decide's EqualGainExchange.calculate in double: j moves fully to i's position on p and i
** answers with the equal-gain move on q; when that would carry i past j on q, i moves fully
** instead. */
static pl_status calculate_double(pl_xmodel *xm, pl_xchange *e, xcalc *c, pl_error *err)
{
    pl_xside *i = &e->i, *j = &e->j;
    double dp = pl_xchange_full_shift(xm, j, i), dq = pl_xchange_equal_shift(j, i, dp);
    i->move = pl_xchange_move_for(xm, i, dq);
    j->move = fabs(i->dem_pos - j->sup_pos);
    if (near(fabs(i->move), fabs(j->dem_pos - i->sup_pos))) e->fragile = 1;
    c->full_i = fabs(i->move) > fabs(j->dem_pos - i->sup_pos);
    if (c->full_i) {
        dq = pl_xchange_full_shift(xm, i, j);
        dp = pl_xchange_equal_shift(i, j, dq);
        i->move = fabs(j->dem_pos - i->sup_pos);
        j->move = pl_xchange_move_for(xm, j, dp);
    }
    orient(i, j, &e->fragile);
    pl_status st = push_move(xm, i, i->move, err);
    if (!st) st = push_move(xm, j, j->move, err);
    if (st) return st;
    e->gain = side_gain(i, dq, dp); /* equals side_gain(j, dp, dq) by construction */
    if (e->gain <= 10 * PL_XCH_FRAGILE) e->fragile = 1;
    c->vi = move_valid(i, i->move, &c->close_i);
    c->vj = move_valid(j, j->move, &c->close_j);
    c->gain_ok = e->gain >= PL_XCH_MIN_GAIN;
    e->valid = c->first_ok = c->vi && c->vj && c->gain_ok;
    if (!e->valid) return PL_OK;
    if ((st = check_outcome(xm, e, i, j, &c->moved, err)) || (st = check_outcome(xm, e, j, i, &c->moved, err)))
        return st;
    if (!c->moved) return PL_OK; /* the same moves pass the same tests */
    c->vi = move_valid(i, i->move, &c->close_i);
    c->vj = move_valid(j, j->move, &c->close_j);
    e->valid = c->vi && c->vj;
    return PL_OK;
}

pl_status pl_xchange_apply(pl_xmodel *xm, pl_xchange *e, const pl_xresult *res, pl_error *err)
{
    e->i.move = res->move_i;
    e->j.move = res->move_j;
    e->i.y = res->y_i;
    e->j.y = res->y_j;
    e->gain = res->gain;
    e->valid = res->valid;
    pl_status st = replace_move(xm, &e->i, res->move_i, err);
    return st ? st : replace_move(xm, &e->j, res->move_j, err);
}

/* When the only close decisions were validity tests of sides that made the full move, and
** check_nbs moved nothing, the exact full moves settle them (pl_xexact_full_move_valid makes
** the decisions the replay would) without replaying the exchange. Returns 0 when they do not. */
static int settle_close_sides(pl_xmodel *xm, pl_xchange *e, const xcalc *c)
{
    if (e->fragile || c->moved || (c->close_i && !c->full_i) || (c->close_j && c->full_i)) return 0;
    int vi = c->close_i ? pl_xexact_full_move_valid(xm, &e->i, &e->j) : c->vi;
    int vj = c->close_j ? pl_xexact_full_move_valid(xm, &e->j, &e->i) : c->vj;
    if (!(vi && vj && c->gain_ok)) {
        e->valid = 0;
        return 1;
    }
    if (!c->first_ok) return 0; /* valid after all, but check_nbs was skipped */
    e->valid = 1;
    return 1;
}

/* The double computation, replayed exactly when one of its decisions was within rounding. */
static pl_status calculate(pl_xmodel *xm, pl_xchange *e, pl_error *err)
{
    e->fragile = 0;
    e->exact = 0;
    e->gain_exact = 0;
    e->dirty = 1;
    e->plain = 0;
    xcalc c = {0};
    pl_status st = calculate_double(xm, e, &c, err);
    e->full_i = c.full_i;
    if (st || (!e->fragile && !c.close_i && !c.close_j)) {
        e->plain = e->valid && !c.moved;
        return st;
    }
    /* A side already at its partner's position moves nothing: the exchange is invalid (the
    ** replay's first test), and an invalid exchange is never looked at again. */
    if ((e->i.dem_pos == e->j.sup_pos || e->j.dem_pos == e->i.sup_pos) && pl_xexact_zero_distance(xm, e)) {
        e->valid = 0;
        return PL_OK;
    }
    if (settle_close_sides(xm, e, &c)) return PL_OK;
    pl_xresult res;
    st = pl_xexact_replay(xm, e, &res, err);
    return st ? st : pl_xchange_apply(xm, e, &res, err);
}

/* {====================================================================== Building */

static void side_init(const pl_xmodel *xm, pl_xside *a, int actor, int supply, int demand)
{
    size_t ks = at(xm, actor, supply), kd = at(xm, actor, demand);
    a->actor = actor;
    a->supply = supply;
    a->demand = demand;
    a->s_sup = xm->s[ks];
    a->s_dem = xm->s[kd];
    a->c_sup = xm->c[ks];
    a->cs_sup = xm->cs[ks];
    a->sup_pos = xm->x[ks];
    a->dem_pos = xm->x[kd];
    a->moves = NULL;
    a->shift_k = xm->shift_k[ks];
    a->move_k = xm->move_k[ks];
}

pl_status pl_xchange_init(pl_xmodel *xm, pl_xchange *e, int a, int b, int p, int q, pl_error *err)
{
    e->p = p;
    e->q = q;
    e->updates = NULL;
    e->gain = 0;
    /* The actor caring relatively more about p supplies q (moves on q) and demands p: s_ap / s_aq <
    ** s_bp / s_bq, compared multiplied out (saliences in exchanges are positive). */
    double ra = xm->s[at(xm, a, p)] * xm->s[at(xm, b, q)], rb = xm->s[at(xm, b, p)] * xm->s[at(xm, a, q)];
    int less = near(ra, rb) ? pl_xexact_ratio_less(xm, a, b, p, q) : ra < rb;
    int iq = less ? b : a, jp = less ? a : b;
    side_init(xm, &e->i, iq, q, p);
    side_init(xm, &e->j, jp, p, q);
    e->i.ratio = (e->i.s_sup + e->j.s_dem) / (e->i.s_dem + e->j.s_sup);
    e->j.ratio = (e->j.s_sup + e->i.s_dem) / (e->j.s_dem + e->i.s_sup);
    return calculate(xm, e, err);
}

/* {====================================================================== Recalculation */

static int same_supply(const pl_xside *a, const pl_xside *b) { return a->actor == b->actor && a->supply == b->supply; }
static int same_demand(const pl_xside *a, const pl_xside *b) { return a->actor == b->actor && a->demand == b->demand; }

/* Records that r's side `mover` (its exact voting position is realised value ref) now stands at
** its voting position on its supply issue (decide's updates dict; update_updates keeps, of the
** old and the new value, the smaller when the mover started at or below the old one, else the
** larger). */
static pl_status record_update(pl_xmodel *xm, pl_xchange *e, const pl_xside *mover, size_t ref, pl_error *err)
{
    pl_xupdate *u = find_update(e, mover->supply, mover->actor);
    if (u) {
        int keep = pl_xexact_start_le(xm, mover->actor, mover->supply, u->ref) ? pl_xexact_less(xm, u->ref, ref)
                                                                               : pl_xexact_less(xm, ref, u->ref);
        if (!keep) {
            u->value = mover->y;
            u->ref = ref;
        }
        return PL_OK;
    }
    if (!(u = pl_arena_alloc(xm->arena, sizeof *u))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    u->issue = mover->supply;
    u->actor = mover->actor;
    u->value = mover->y;
    u->ref = ref;
    u->next = e->updates;
    e->updates = u;
    return PL_OK;
}

/* A side supplying the same issue as a side of r now starts from r's voting position. decide
** pushes r's move onto that side's stack and pops it at once, then pops the other side's last
** move; the net effect is reproduced here. Returns 1 if any side moved. */
static int take_supply_positions(pl_xchange *e, const pl_xchange *r)
{
    const pl_xside *ri = &r->i, *rj = &r->j;
    int moved_i = 0, moved_j = 0;
    if (same_supply(&e->i, ri) || same_supply(&e->i, rj)) {
        e->i.sup_pos = same_supply(&e->i, ri) ? ri->y : rj->y;
        moved_i = 1;
    }
    if (same_supply(&e->j, ri) || same_supply(&e->j, rj)) {
        e->j.sup_pos = same_supply(&e->j, ri) ? ri->y : rj->y;
        moved_j = 1;
    }
    if (moved_i && !moved_j) pop_move(&e->j);
    if (moved_j && !moved_i) pop_move(&e->i);
    return moved_i || moved_j;
}

/* Whether check_nbs, on e as it stands, would move neither side, and clearly so. */
static int outcome_stays(const pl_xmodel *xm, const pl_xchange *e)
{
    const pl_xside *sides[2][2] = {{&e->i, &e->j}, {&e->j, &e->i}};
    for (int k = 0; k < 2; k++) {
        const pl_xside *a = sides[k][0], *b = sides[k][1];
        double base = pl_xchange_outcome_base(xm, e, a);
        double nbs0 = pl_xchange_outcome_at(xm, a, base, a->sup_pos), nbs1 = pl_xchange_outcome_at(xm, a, base, a->y);
        double x = b->dem_pos, d0 = x - nbs0, d1 = x - nbs1;
        if (near(x, nbs0) || near(x, nbs1) || !((d0 >= 0 && d1 >= 0) || (d0 <= 0 && d1 <= 0))) return 0;
    }
    return 1;
}

pl_status pl_xchange_recalculate(pl_xmodel *xm, pl_xchange *e, const pl_xchange *r, pl_error *err)
{
    int moved = take_supply_positions(e, r), demanded = 0;
    pl_status st = PL_OK;
    /* r's demander on an issue is also a demander here: r's supplier's new position counts. */
    const pl_xside *pairs[2][2] = {{&r->j, &r->i}, {&r->i, &r->j}};
    const size_t refs[2] = {r->ref_i, r->ref_j};
    for (int k = 0; k < 2 && !st; k++) {
        const pl_xside *demander = pairs[k][0], *mover = pairs[k][1];
        if (!same_demand(demander, &e->j) && !same_demand(demander, &e->i)) continue;
        st = record_update(xm, e, mover, refs[k], err);
        demanded = 1;
    }
    if (st || (!moved && !demanded)) return st;
    if (!moved) {
        /* Only the outcomes check_nbs sees changed. When it still moves nothing, the computation
        ** gives what it gave (the same moves, pushed anew, and the same results, exact ones
        ** included), and the exchange keeps its place in the list. */
        if (e->plain && outcome_stays(xm, e)) return PL_OK;
        pop_move(&e->i);
        pop_move(&e->j);
    }
    return calculate(xm, e, err);
}
