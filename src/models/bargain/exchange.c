/*
** exchange.c — Stokman's exchange model, equal-gain variant (Stokman & Van Oosten 1994) as the
** University of Groningen's decide implements it: rounds of pairwise vote trades over issue
** pairs, realised highest gain first, after which actors' positions move toward their voting
** positions. The round loop, the model's state and its output; one exchange's arithmetic is in
** exchange_calc.c. docs/models/exchange.md has the equations and every choice.
** Layer: models.
*/
#include "models/bargain/exchange_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/bargain/exchange.h"

static size_t at(const pl_xmodel *xm, size_t actor, size_t issue) { return actor * xm->m + issue; }

/* {====================================================================== State */

void pl_xmodel_free(pl_xmodel *xm)
{
    if (!xm) return;
    pl_free(xm->x);
    pl_free(xm->s);
    pl_free(xm->c);
    pl_free(xm->cs);
    pl_free(xm->shift_k);
    pl_free(xm->move_k);
    pl_free(xm->on);
    pl_free(xm->present);
    pl_free(xm->den);
    pl_free(xm->num);
    pl_free(xm->nbs);
    pl_free(xm->inv_den);
    pl_free(xm->lo);
    pl_free(xm->step);
    pl_free(xm->pool);
    pl_free(xm->list);
    pl_free(xm->track);
    pl_free(xm->gain);
    pl_free(xm->keys);
    pl_free(xm->keys_tmp);
    pl_free(xm->by_cell);
    pl_free(xm->cell_start);
    pl_free(xm->cell_end);
    pl_free(xm->stamp);
    pl_free(xm->done);
    pl_free(xm->left);
    for (size_t k = 0; k < xm->n_move_blocks; k++) pl_free(xm->move_blocks[k]);
    pl_free(xm->move_blocks);
    pl_xexact_free(xm);
    pl_arena_free(xm->arena);
    pl_free(xm);
}

static int alloc_arrays(pl_xmodel *xm)
{
    size_t cells = xm->n * xm->m;
    xm->x = pl_malloc(cells * sizeof *xm->x);
    xm->s = pl_malloc(cells * sizeof *xm->s);
    xm->c = pl_malloc(cells * sizeof *xm->c);
    xm->cs = pl_malloc(cells * sizeof *xm->cs);
    xm->shift_k = pl_calloc(cells, sizeof *xm->shift_k);
    xm->move_k = pl_calloc(cells, sizeof *xm->move_k);
    xm->on = pl_malloc(cells);
    xm->present = pl_malloc(cells);
    xm->den = pl_calloc(xm->m, sizeof *xm->den);
    xm->num = pl_calloc(xm->m, sizeof *xm->num);
    xm->nbs = pl_calloc(xm->m, sizeof *xm->nbs);
    xm->inv_den = pl_calloc(xm->m, sizeof *xm->inv_den);
    xm->lo = pl_malloc(xm->m * sizeof *xm->lo);
    xm->step = pl_malloc(xm->m * sizeof *xm->step);
    xm->left = pl_malloc(cells);
    xm->cell_start = pl_malloc((2 * cells + 1) * sizeof *xm->cell_start);
    xm->cell_end = pl_malloc(2 * cells * sizeof *xm->cell_end);
    xm->arena = pl_arena_create(1u << 20);
    return xm->x && xm->s && xm->c && xm->cs && xm->shift_k && xm->move_k && xm->on && xm->present && xm->den && xm->num && xm->nbs && xm->inv_den &&
           xm->lo && xm->step && xm->left && xm->cell_start && xm->cell_end && xm->arena;
}

/* Positions go to 0–100 per issue as decide's Issue.normalize does: (x − lo) · (100 / (hi − lo)). */
static void load_table(pl_xmodel *xm, const pl_stakeholders *s)
{
    for (size_t d = 0; d < xm->m; d++) {
        xm->lo[d] = s->dim_lo[d];
        xm->step[d] = PL_XCH_SCALE / (s->dim_hi[d] - s->dim_lo[d]);
    }
    for (size_t k = 0; k < xm->n * xm->m; k++) {
        size_t d = k % xm->m;
        xm->present[k] = s->present[k];
        xm->x[k] = s->present[k] ? (s->position[k] - xm->lo[d]) * xm->step[d] : 0;
        xm->s[k] = s->present[k] ? s->salience[k] : 0;
        xm->c[k] = s->present[k] ? s->capability[k] : 0;
        xm->cs[k] = xm->s[k] * xm->c[k];
        xm->on[k] = s->present[k] && xm->cs[k] > 0;
        xm->den[d] += xm->cs[k];
    }
}

pl_xmodel *pl_xmodel_create(const pl_stakeholders *s, int random_ties, pl_error *err)
{
    if (s->n_dims < 2) {
        pl_error_set(err, PL_EINPUT, "the exchange model trades over issue pairs and needs at least 2 issues, found %zu",
                     s->n_dims);
        return NULL;
    }
    pl_xmodel *xm = pl_calloc(1, sizeof *xm);
    if (!xm) return pl_error_set(err, PL_ENOMEM, "out of memory"), NULL;
    xm->n = s->n_actors;
    xm->m = s->n_dims;
    xm->random_ties = random_ties;
    if (!alloc_arrays(xm)) {
        pl_xmodel_free(xm);
        return pl_error_set(err, PL_ENOMEM, "out of memory"), NULL;
    }
    load_table(xm, s);
    for (size_t k = 0; k < xm->n * xm->m; k++) /* cells in exchanges have c s > 0, so D > 0 */
        if (xm->on[k]) {
            xm->shift_k[k] = xm->s[k] * xm->c[k] / xm->den[k % xm->m];
            xm->move_k[k] = xm->den[k % xm->m] / (xm->c[k] * xm->s[k]);
        }
    for (size_t d = 0; d < xm->m; d++) {
        xm->inv_den[d] = 1 / xm->den[d];
        if (!(xm->den[d] > 0)) {
            pl_error_set(err, PL_EINPUT, "issue '%s' has no actor with capability x salience > 0, expected one",
                         s->dim[d]);
            pl_xmodel_free(xm);
            return NULL;
        }
    }
    if (pl_xexact_create(xm, s, err)) {
        pl_xmodel_free(xm);
        return NULL;
    }
    return xm;
}

double pl_xmodel_outcome(const pl_xmodel *xm, const double *pos, size_t d)
{
    double num = 0;
    for (size_t i = 0; i < xm->n; i++) {
        size_t k = at(xm, i, d);
        if (xm->present[k]) num += xm->cs[k] * pos[k];
    }
    return num / xm->den[d];
}

/* {====================================================================== Groups and candidates */

/* Group of actor i on the issue pair (p, q) as decide numbers them: bit 0 set when i stands at or
** left of the outcome of p, bit 1 likewise for q (0 = A, 1 = B, 2 = C, 3 = D); -1 if i is not on
** both issues. */
static int group_of(const pl_xmodel *xm, size_t i, size_t p, size_t q)
{
    size_t kp = at(xm, i, p), kq = at(xm, i, q);
    if (!xm->on[kp] || !xm->on[kq]) return -1;
    return xm->left[kp] | xm->left[kq] << 1;
}

static size_t count_candidates(const pl_xmodel *xm)
{
    size_t total = 0;
    for (size_t p = 0; p < xm->m; p++)
        for (size_t q = p + 1; q < xm->m; q++) {
            size_t g[4] = {0};
            for (size_t i = 0; i < xm->n; i++) {
                int k = group_of(xm, i, p, q);
                if (k >= 0) g[k]++;
            }
            total += g[0] * g[3] + g[1] * g[2];
        }
    return total;
}

static void track_init(const pl_xchange *e, pl_xtrack *t)
{
    t->order = 0;
    t->valid = (unsigned char)e->valid;
    t->pending = 0;
    t->dirty = 1;
}

/* Every exchange of group ga with group gb on (p, q), in actor order. */
static pl_status build_pairs(pl_xmodel *xm, size_t p, size_t q, int ga, int gb, pl_error *err)
{
    for (size_t a = 0; a < xm->n; a++) {
        if (group_of(xm, a, p, q) != ga) continue;
        for (size_t b = 0; b < xm->n; b++) {
            if (group_of(xm, b, p, q) != gb) continue;
            size_t k = xm->n_pool++;
            pl_xchange *e = &xm->pool[k];
            pl_status st = pl_xchange_init(xm, e, (int)a, (int)b, (int)p, (int)q, err);
            if (st) return st;
            track_init(e, &xm->track[k]);
            xm->gain[k] = e->gain;
        }
    }
    return PL_OK;
}

/* Room for need exchanges in the pool and the arrays beside it. Each array beside the pool is grown
** to the pool's capacity (not to need): its size is only known as the pool's, and a pool that had
** rounded need up to a power of two would otherwise leave them shorter than it (a later round
** needing more than they hold but no more than the pool wrote past their end). */
static int reserve_pool(pl_xmodel *xm, size_t need)
{
    size_t cap = xm->cap_pool, c[8] = {cap, cap, cap, cap, cap, cap, 4 * cap, cap};
    if (pl_grow((void **)&xm->pool, &xm->cap_pool, need, sizeof *xm->pool)) return -1;
    size_t full = xm->cap_pool;
    if (pl_grow((void **)&xm->list, &c[0], full, sizeof *xm->list) ||
        pl_grow((void **)&xm->track, &c[1], full, sizeof *xm->track) ||
        pl_grow((void **)&xm->gain, &c[2], full, sizeof *xm->gain) ||
        pl_grow((void **)&xm->keys, &c[3], full, sizeof *xm->keys) ||
        pl_grow((void **)&xm->keys_tmp, &c[4], full, sizeof *xm->keys_tmp) ||
        pl_grow((void **)&xm->done, &c[5], full, sizeof *xm->done) ||
        pl_grow((void **)&xm->by_cell, &c[6], 4 * full, sizeof *xm->by_cell) ||
        pl_grow((void **)&xm->stamp, &c[7], full, sizeof *xm->stamp))
        return -1;
    return 0;
}

/* The cells exchange e's sides supply (cells[0..2)) and demand (cells[2..4)), the demand cells
** offset by the number of cells. */
static void cells_of(const pl_xmodel *xm, const pl_xchange *e, size_t cells[4])
{
    size_t n = xm->n * xm->m;
    cells[0] = at(xm, (size_t)e->i.actor, (size_t)e->i.supply);
    cells[1] = at(xm, (size_t)e->j.actor, (size_t)e->j.supply);
    cells[2] = n + at(xm, (size_t)e->i.actor, (size_t)e->i.demand);
    cells[3] = n + at(xm, (size_t)e->j.actor, (size_t)e->j.demand);
}

/* Groups the pool's exchanges by the cells they supply and demand (a counting sort), so that a
** realisation finds the exchanges it affects without a pass over the list. */
static void index_cells(pl_xmodel *xm)
{
    size_t groups = 2 * xm->n * xm->m, cells[4];
    memset(xm->cell_start, 0, (groups + 1) * sizeof *xm->cell_start);
    for (size_t k = 0; k < xm->n_pool; k++) {
        cells_of(xm, &xm->pool[k], cells);
        for (int t = 0; t < 4; t++) xm->cell_start[cells[t] + 1]++;
    }
    for (size_t g = 0; g < groups; g++) xm->cell_start[g + 1] += xm->cell_start[g];
    for (size_t k = 0; k < xm->n_pool; k++) { /* fills each group, using its start as the cursor */
        cells_of(xm, &xm->pool[k], cells);
        for (int t = 0; t < 4; t++) xm->by_cell[xm->cell_start[cells[t]]++] = k;
    }
    for (size_t g = groups; g > 0; g--) xm->cell_start[g] = xm->cell_start[g - 1];
    xm->cell_start[0] = 0;
    memcpy(xm->cell_end, xm->cell_start + 1, groups * sizeof *xm->cell_end);
    memset(xm->stamp, 0, xm->n_pool * sizeof *xm->stamp);
}

pl_status pl_xmodel_begin_round(pl_xmodel *xm, pl_error *err)
{
    pl_arena_reset(xm->arena);
    xm->moves_next = NULL;
    xm->moves_left = 0;
    xm->move_block = 0;
    xm->n_pool = xm->first = xm->n_list = xm->n_keys = xm->n_done = 0;
    xm->ties = 0;
    pl_status st0 = pl_xexact_begin_round(xm, xm->left, err);
    if (st0) return st0;
    for (size_t d = 0; d < xm->m; d++) {
        xm->num[d] = 0;
        for (size_t i = 0; i < xm->n; i++)
            if (xm->present[at(xm, i, d)]) xm->num[d] += xm->cs[at(xm, i, d)] * xm->x[at(xm, i, d)];
        xm->nbs[d] = xm->num[d] / xm->den[d];
    }
    xm->n_candidates = count_candidates(xm);
    if (reserve_pool(xm, xm->n_candidates ? xm->n_candidates : 1))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t p = 0; p < xm->m; p++)
        for (size_t q = p + 1; q < xm->m; q++) {
            pl_status st = build_pairs(xm, p, q, 0, 3, err);
            if (!st) st = build_pairs(xm, p, q, 1, 2, err);
            if (st) return st;
        }
    index_cells(xm);
    for (size_t k = 0; k < xm->n_pool; k++) { /* all to be sorted, in creation order */
        if (!xm->pool[k].valid) continue;
        xm->track[k].pending = 1;
        xm->track[k].order = xm->n_keys;
        xm->keys[xm->n_keys++] = (pl_xkey){xm->gain[k], xm->n_keys, k};
    }
    return PL_OK;
}

/* {====================================================================== Realisation */

/* Copies the validity and gain of pool exchange k, which calculate or a replay may have changed,
** to the arrays beside the pool. */
static void track_sync(pl_xmodel *xm, size_t k)
{
    xm->track[k].valid = (unsigned char)xm->pool[k].valid;
    xm->gain[k] = xm->pool[k].gain;
}

/* *cmp = sign of the gain of pool exchange a − that of b as decide's arithmetic has it: from
** the doubles when they differ clearly, else from the exact replays (which may find one of them
** invalid). */
static pl_status gain_cmp(pl_xmodel *xm, size_t a, size_t b, int *cmp, pl_error *err)
{
    if (!pl_xchange_near(xm->gain[a], xm->gain[b])) {
        *cmp = xm->gain[a] > xm->gain[b] ? 1 : -1;
        return PL_OK;
    }
    pl_status st = pl_xexact_gain_cmp(xm, &xm->pool[a], &xm->pool[b], cmp, err);
    track_sync(xm, a);
    track_sync(xm, b);
    return st;
}

/* Whether pool exchange a comes before b in decide's stable sort: a higher gain, or an equal gain
** and an earlier place in the list. */
static pl_status precedes(pl_xmodel *xm, size_t a, size_t b, int *yes, pl_error *err)
{
    int cmp = 0;
    pl_status st = gain_cmp(xm, a, b, &cmp, err);
    *yes = cmp > 0 || (cmp == 0 && xm->track[a].order < xm->track[b].order);
    return st;
}

/* Higher double gain first, then earlier list place: a total order. */
static int key_before(const pl_xkey *a, const pl_xkey *b)
{
    return a->gain != b->gain ? a->gain > b->gain : a->order < b->order;
}

/* Sorts keys[0..n) by key_before: a merge sort through tmp[0..n) (an insertion sort for the few
** recomputed after one realisation). */
static void sort_by_double(pl_xkey *keys, pl_xkey *tmp, size_t n)
{
    if (n <= 16) {
        for (size_t k = 1; k < n; k++) {
            pl_xkey e = keys[k];
            size_t j = k;
            for (; j > 0 && key_before(&e, &keys[j - 1]); j--) keys[j] = keys[j - 1];
            keys[j] = e;
        }
        return;
    }
    size_t h = n / 2, i = 0, j = h, w = 0;
    sort_by_double(keys, tmp, h);
    sort_by_double(keys + h, tmp, n - h);
    while (i < h && j < n) { /* without a branch on the comparison, which gains make unpredictable */
        size_t right = (size_t)key_before(&keys[j], &keys[i]);
        tmp[w++] = keys[right ? j : i];
        j += right;
        i += 1 - right;
    }
    while (i < h) tmp[w++] = keys[i++];
    memcpy(keys, tmp, w * sizeof *keys); /* keys[j..n) are in place */
}

/* Sorts keys[0..n) as decide's stable sort would: first by the double gains, which puts every
** pair in decide's order except pairs within rounding of each other, then an insertion sort
** with the exact comparison, which only has those near pairs to fix. */
static pl_status sort_keys(pl_xmodel *xm, pl_xkey *keys, size_t n, pl_error *err)
{
    for (size_t k = 0; k < n; k++) keys[k].gain = xm->gain[keys[k].index];
    sort_by_double(keys, xm->keys_tmp, n);
    for (size_t k = 1; k < n; k++) {
        pl_xkey e = keys[k];
        size_t j = k;
        for (; j > 0; j--) {
            int before = 0;
            pl_status st = precedes(xm, e.index, keys[j - 1].index, &before, err);
            if (st) return st;
            if (!before) break;
            keys[j] = keys[j - 1];
        }
        keys[j] = e;
    }
    return PL_OK;
}

/* Where pool exchange d goes among the sorted list[0..placed): after the listed ones that precede
** it, found by bisection (on the doubles, exactly where they are within rounding). */
static pl_status find_place(pl_xmodel *xm, const size_t *list, size_t placed, size_t d, size_t *at_out, pl_error *err)
{
    size_t lo = 0, hi = placed;
    double g = xm->gain[d];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double gm = xm->gain[list[mid]];
        int before = gm > g;
        if (pl_xchange_near(gm, g)) {
            pl_status st = precedes(xm, list[mid], d, &before, err);
            if (st) return st;
        }
        if (before) lo = mid + 1;
        else hi = mid;
    }
    *at_out = lo;
    return PL_OK;
}

/* Inserts the sorted keys[0..n_keys) among the sorted list[first..n_list), from the back, each
** where find_place puts it (every listed exchange moves once). */
static pl_status merge_keys(pl_xmodel *xm, pl_error *err)
{
    size_t *list = xm->list + xm->first, placed = xm->n_list - xm->first, w = placed + xm->n_keys;
    for (size_t k = xm->n_keys; k-- > 0;) {
        size_t d = xm->keys[k].index, lo;
        pl_status st = find_place(xm, list, placed, d, &lo, err);
        if (st) return st;
        memmove(list + w - (placed - lo), list + lo, (placed - lo) * sizeof *list);
        w -= placed - lo;
        placed = lo;
        list[--w] = d;
    }
    xm->n_list += xm->n_keys;
    return PL_OK;
}

/* decide sorts its list by gain, highest first, with a stable sort before every pick. The
** exchanges not recomputed since the last sort are still in order among themselves, so only
** the recomputed ones (keys) are sorted and then merged in: the result is the full stable sort's. */
/* Inserts the keys one by one, each where bisection of the list (the keys inserted before it
** included) puts it: the same total order as sorting them first, with fewer steps for a few. */
static pl_status insert_keys(pl_xmodel *xm, pl_error *err)
{
    size_t *list = xm->list + xm->first, placed = xm->n_list - xm->first;
    for (size_t k = 0; k < xm->n_keys; k++) {
        size_t d = xm->keys[k].index, lo;
        pl_status st = find_place(xm, list, placed, d, &lo, err);
        if (st) return st;
        memmove(list + lo + 1, list + lo, (placed - lo) * sizeof *list);
        list[lo] = d;
        placed++;
    }
    xm->n_list += xm->n_keys;
    return PL_OK;
}

enum { FEW_KEYS = 16 }; /* up to this many, keys are inserted one by one */

static pl_status sort_pending(pl_xmodel *xm, pl_error *err)
{
    if (!xm->n_keys) return PL_OK;
    pl_status st = PL_OK;
    if (xm->n_keys <= FEW_KEYS) {
        st = insert_keys(xm, err);
    } else {
        st = sort_keys(xm, xm->keys, xm->n_keys, err);
        if (!st) st = merge_keys(xm, err);
    }
    for (size_t k = 0; k < xm->n_keys; k++) {
        xm->pool[xm->keys[k].index].dirty = 0;
        xm->track[xm->keys[k].index].dirty = 0;
    }
    xm->n_keys = 0;
    return st;
}

/* Takes the best pending exchange off the list. With random ties, when the second best is
** tied with it, a fair draw may take the second instead and put the first at the end, as
** decide's EqualGainModel.highest_gain does (it is then sorted in anew, after every other). */
static pl_status take_best(pl_xmodel *xm, gsl_rng *rng, pl_xchange **best, pl_error *err)
{
    size_t *list = xm->list + xm->first, n = xm->n_list - xm->first;
    int cmp = 1;
    pl_status st = n > 1 ? gain_cmp(xm, list[0], list[1], &cmp, err) : PL_OK;
    if (st) return st;
    int pick = 0;
    if (cmp == 0) {
        xm->ties++;
        if (xm->random_ties && rng && gsl_rng_uniform(rng) >= 0.5) pick = 1;
    }
    *best = &xm->pool[list[pick]];
    xm->track[list[pick]].pending = 0;
    if (!pick) {
        xm->first++;
        return PL_OK;
    }
    size_t first = list[0];
    xm->first += 2;
    xm->track[first].order = (size_t)-1;
    xm->track[first].dirty = 1;
    xm->keys[xm->n_keys++] = (pl_xkey){xm->gain[first], (size_t)-1, first};
    return PL_OK;
}

/* Recomputes pool exchange k after r's realisation. */
static pl_status recompute_one(pl_xmodel *xm, size_t k, const pl_xchange *r, pl_error *err)
{
    pl_status st = pl_xchange_recalculate(xm, &xm->pool[k], r, err);
    track_sync(xm, k);
    xm->track[k].dirty |= (unsigned char)xm->pool[k].dirty;
    return st;
}

/* Recomputes the pending exchanges r's realisation affects (decide's rule: one of their sides
** supplies what a side of r supplies, or demands what a side of r demands), each once. */
static pl_status recompute_cells(pl_xmodel *xm, const pl_xchange *r, pl_error *err)
{
    size_t cells[4], visit = ++xm->n_realised;
    cells_of(xm, r, cells);
    for (int t = 0; t < 4; t++) {
        size_t g = cells[t], end = xm->cell_end[g];
        for (size_t p = xm->cell_start[g]; p < end;) {
            size_t k = xm->by_cell[p];
            if (!xm->track[k].pending) { /* never again this round: out of the group */
                xm->by_cell[p] = xm->by_cell[--end];
                continue;
            }
            p++;
            if (xm->stamp[k] == visit) continue;
            xm->stamp[k] = visit;
            pl_status st = recompute_one(xm, k, r, err);
            if (st) return st;
        }
        xm->cell_end[g] = end;
    }
    return PL_OK;
}

/* After r's realisation: recomputes the pending exchanges it affects, drops the invalid ones
** (also those a replay found invalid since), and takes the recomputed ones out of the list to
** be sorted in anew, noting every one's place. One pass over the list. */
static pl_status recompute_affected(pl_xmodel *xm, const pl_xchange *r, pl_error *err)
{
    pl_status st = recompute_cells(xm, r, err);
    if (st) return st;
    size_t kept = 0, n_keys = 0;
    for (size_t k = 0; k < xm->n_keys; k++) { /* not yet sorted in: after the list */
        pl_xtrack *t = &xm->track[xm->keys[k].index];
        if (t->valid) xm->keys[n_keys++] = xm->keys[k];
        else t->pending = 0;
    }
    for (size_t k = xm->first; k < xm->n_list; k++) {
        size_t i = xm->list[k];
        pl_xtrack *t = &xm->track[i];
        if (!t->valid) {
            t->pending = 0;
            continue;
        }
        t->order = k;
        if (t->dirty) xm->keys[n_keys++] = (pl_xkey){xm->gain[i], k, i};
        else xm->list[kept++] = i;
    }
    xm->first = 0;
    xm->n_list = kept;
    xm->n_keys = n_keys;
    return PL_OK;
}

pl_status pl_xmodel_realise_next(pl_xmodel *xm, gsl_rng *rng, pl_xchange **out, pl_error *err)
{
    *out = NULL;
    pl_xchange *r = NULL;
    while (!r && (xm->first < xm->n_list || xm->n_keys)) {
        pl_status st = sort_pending(xm, err);
        if (!st) st = take_best(xm, rng, &r, err);
        if (!st) st = pl_xexact_realise(xm, r, err);
        if (st) return st;
        if (!r->valid) r = NULL; /* the exact replay disagrees with the doubles: decide never held it */
    }
    if (!r) return PL_OK;
    xm->done[xm->n_done++] = r;
    pl_status st = recompute_affected(xm, r, err);
    if (st) return st;
    *out = r;
    return PL_OK;
}

pl_status pl_xmodel_end_round(pl_xmodel *xm, double *vote, double *outcome, pl_error *err)
{
    return pl_xexact_end_round(xm, vote, outcome, err);
}

/* {====================================================================== The model */

static double denorm(const pl_xmodel *xm, size_t d, double v) { return v / xm->step[d] + xm->lo[d]; }

static pl_status add_events(const pl_xmodel *xm, const pl_xchange *r, size_t round, size_t seq, pl_forecast *out,
                            pl_error *err)
{
    const pl_xside *sides[2] = {&r->i, &r->j};
    pl_status st = PL_OK;
    for (int t = 0; t < 2 && !st; t++) {
        const pl_xside *a = sides[t], *b = sides[1 - t];
        pl_forecast_event ev = {round, a->actor, b->actor, a->supply, "exchange", denorm(xm, (size_t)a->supply, a->sup_pos),
                                denorm(xm, (size_t)a->supply, a->y), r->gain, (double)seq};
        st = pl_forecast_add_event(out, &ev, err);
    }
    return st;
}

static pl_status add_round_info(const pl_xmodel *xm, const pl_stakeholders *s, size_t round, size_t realised,
                                const double *outcome, pl_forecast *out, pl_error *err)
{
    char key[320];
    snprintf(key, sizeof key, "round %zu: candidates", round);
    pl_status st = pl_forecast_add_info(out, key, NULL, (double)xm->n_candidates, err);
    snprintf(key, sizeof key, "round %zu: exchanges", round);
    if (!st) st = pl_forecast_add_info(out, key, NULL, (double)realised, err);
    snprintf(key, sizeof key, "round %zu: ties", round);
    if (!st) st = pl_forecast_add_info(out, key, NULL, (double)xm->ties, err);
    for (size_t d = 0; !st && d < xm->m; d++) {
        snprintf(key, sizeof key, "round %zu: voting outcome %.200s", round, s->dim[d]);
        st = pl_forecast_add_info(out, key, NULL, outcome[d], err);
    }
    return st;
}

/* One round: realise every exchange, then record events, voting outcome and new positions. */
static pl_status run_round(pl_xmodel *xm, const pl_stakeholders *s, gsl_rng *rng, size_t round, double *vote,
                           double *outcome, pl_forecast *out, pl_error *err)
{
    pl_status st = pl_xmodel_begin_round(xm, err);
    pl_xchange *r = NULL;
    size_t seq = 0;
    while (!st && !(st = pl_xmodel_realise_next(xm, rng, &r, err)) && r) st = add_events(xm, r, round, ++seq, out, err);
    if (!st) st = pl_xmodel_end_round(xm, vote, outcome, err);
    if (!st) st = add_round_info(xm, s, round, seq, outcome, out, err);
    for (size_t k = 0; k < xm->n * xm->m; k++)
        vote[k] = xm->present[k] ? pl_xexact_start_input(xm, k) : s->position[k];
    return st ? st : pl_forecast_add_round(out, vote, err);
}

static pl_status run_exchange(const pl_stakeholders *s, const pl_optset *opts, gsl_rng *rng, pl_forecast *out,
                              pl_error *err)
{
    int random_ties = pl_optset_flag(opts, "random-ties");
    long rounds = pl_optset_int(opts, "rounds");
    if (random_ties && !rng) return pl_error_set(err, PL_EINVAL, "--random-ties needs a random stream");
    pl_xmodel *xm = pl_xmodel_create(s, random_ties, err);
    if (!xm) return err ? err->code : PL_ENOMEM;
    double *vote = pl_malloc(s->n_actors * s->n_dims * sizeof *vote), *outcome = pl_malloc(s->n_dims * sizeof *outcome);
    pl_status st = (!vote || !outcome) ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
    if (!st) st = pl_forecast_add_round(out, s->position, err);
    for (long r = 1; !st && r <= rounds; r++) st = run_round(xm, s, rng, (size_t)r, vote, outcome, out, err);
    if (!st)
        st = pl_forecast_add_info(out, "tie rule", random_ties ? "random between the two best (gsl_rng)"
                                                               : "first in decide's list order (stable sort)", 0, err);
    if (!st)
        st = pl_forecast_set(out, outcome, "outcome of the voting positions after the final round, "
                                           "mean weighted by capability x salience", err);
    pl_free(vote);
    pl_free(outcome);
    pl_xmodel_free(xm);
    return st;
}

static const pl_option_desc exchange_options[] = {
    {"rounds", PL_OPT_INT, "10", 1, 10000, NULL, "rounds of exchanges (decide's --iterations; its default 10)"},
    {"random-ties", PL_OPT_FLAG, "0", 0, 0, NULL,
     "break a tie between the two best gains by a fair draw, as decide does by default (default: deterministic)"},
};

const pl_bargain_type pl_bargain_exchange = {
    "exchange", "Stokman's exchange model, equal-gain variant (decide): vote trades over issue pairs",
    "Stokman & Van Oosten (1994); decide (University of Groningen)", exchange_options,
    sizeof exchange_options / sizeof exchange_options[0], PL_BARGAIN_MULTI_DIM | PL_BARGAIN_STOCHASTIC, run_exchange};
