/*
** prim.c — PRIM (Friedman & Fisher 1999): boxes of the input space where the cases of interest
** are dense, found by peeling and pasting, with the trajectory, the chosen box and the
** quasi-p-value of each restriction (Bryant & Lempert 2010; the EMA Workbench's choices:
** "lenient1" peeling objective, one-sided binomial quasi-p-values). docs/discovery.md.
** Layer: ensembles.
*/
#include <math.h>
#include <string.h>

#include "ensembles/disc_sort.h"
#include "parley/discovery.h"
#include "parley/memory.h"

void pl_prim_options_init(pl_prim_options *o)
{
    o->peel_alpha = 0.05;
    o->paste_alpha = 0.05;
    o->mass_min = 0.05;
    o->threshold = 0.8;
    o->max_boxes = 1;
    o->pick = -1;
}

/* The search of one box: the runs still open to it, the box's members and limits. */
typedef struct prim_state {
    const pl_disc_data *data;
    const pl_disc_sorted *s;
    const pl_prim_options *o;
    unsigned char *remaining; /* [n] not inside an earlier box */
    unsigned char *in;        /* [n] remaining and inside the current limits */
    double *lo, *hi;          /* [d] the current limits */
    size_t n_box, h_box;      /* runs in the box, cases of interest among them */
    size_t h_all;             /* cases of interest among all runs */
} prim_state;

/* A face move: peel (remove runs) or paste (add runs) at one end of one input. */
typedef struct prim_move {
    size_t dim;
    int high;               /* 0: the low end, 1: the high end */
    size_t n_moved, h_moved;
    double limit;           /* the face's new position */
    double score;
    int ok;
} prim_move;

static double density(size_t h, size_t n) { return n ? (double)h / (double)n : 0; }

static int inside_except(const prim_state *p, size_t i, size_t skip)
{
    const double *x = p->data->x + i * p->data->d;
    for (size_t j = 0; j < p->data->d; j++)
        if (j != skip && (x[j] < p->lo[j] || x[j] > p->hi[j])) return 0;
    return 1;
}

/* Recounts the box's members from its limits. */
static void refill(prim_state *p)
{
    p->n_box = p->h_box = 0;
    for (size_t i = 0; i < p->data->n; i++) {
        p->in[i] = p->remaining[i] && inside_except(p, i, p->data->d);
        p->n_box += p->in[i];
        p->h_box += p->in[i] && p->data->y[i] != 0;
    }
}

/* At least the share alpha of the box's runs, at least one. */
static size_t share_of_box(const prim_state *p, double alpha)
{
    size_t want = (size_t)ceil(alpha * (double)p->n_box);
    return want ? want : 1;
}

/* Removing the box's runs from one end of input j: the lowest (or highest) peel_alpha share, ties
** with the last one removed going too; not ok when that would empty the box. */
static prim_move peel_candidate(const prim_state *p, size_t j, int high)
{
    prim_move m = {j, high, 0, 0, 0, -HUGE_VAL, 0};
    size_t n = p->s->n, want = share_of_box(p, p->o->peel_alpha);
    const size_t *ord = p->s->order + j * n;
    const double *val = p->s->value + j * n;
    double last = 0;
    for (size_t k = 0; k < n && !m.ok; k++) {
        size_t at = high ? n - 1 - k : k, i = ord[at];
        if (!p->in[i]) continue;
        if (m.n_moved >= want && val[at] != last) {
            m.limit = pl_disc_mid(last, val[at]);
            m.ok = 1;
            break;
        }
        m.n_moved++;
        m.h_moved += p->data->y[i] != 0;
        last = val[at];
    }
    if (m.ok) { /* the EMA Workbench's lenient1: density gained per run removed */
        double gain = density(p->h_box - m.h_moved, p->n_box - m.n_moved) - density(p->h_box, p->n_box);
        m.score = gain / (double)m.n_moved;
    }
    return m;
}

/* The first position in input j's sorted values at or above v. */
static size_t lower_bound(const prim_state *p, size_t j, double v)
{
    const double *val = p->s->value + j * p->s->n;
    size_t a = 0, b = p->s->n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (val[m] < v) a = m + 1;
        else b = m;
    }
    return a;
}

/* Adding runs beyond one face of input j that lie inside the box on every other input: the
** nearest paste_alpha share of the box's size, ties kept together. The face then moves half way
** to the next such run, or to the data's range when there is none. */
static prim_move paste_candidate(const prim_state *p, size_t j, int high)
{
    prim_move m = {j, high, 0, 0, high ? p->s->hi[j] : p->s->lo[j], -HUGE_VAL, 0};
    size_t n = p->s->n, want = share_of_box(p, p->o->paste_alpha);
    const size_t *ord = p->s->order + j * n;
    const double *val = p->s->value + j * n;
    /* positions beyond the face: below lo (walking down) or above hi (walking up) */
    size_t start = high ? lower_bound(p, j, nextafter(p->hi[j], HUGE_VAL)) : lower_bound(p, j, p->lo[j]);
    double last = 0;
    for (size_t k = 0; high ? start + k < n : k < start; k++) {
        size_t at = high ? start + k : start - 1 - k, i = ord[at];
        if (!p->remaining[i] || p->in[i] || !inside_except(p, i, j)) continue;
        if (m.n_moved >= want && val[at] != last) {
            m.limit = pl_disc_mid(last, val[at]);
            break;
        }
        m.n_moved++;
        m.h_moved += p->data->y[i] != 0;
        last = val[at];
    }
    m.ok = m.n_moved > 0;
    if (m.ok) m.score = density(p->h_box + m.h_moved, p->n_box + m.n_moved);
    return m;
}

static size_t n_restricted(const prim_state *p)
{
    size_t r = 0;
    for (size_t j = 0; j < p->data->d; j++) r += p->lo[j] > p->s->lo[j] || p->hi[j] < p->s->hi[j];
    return r;
}

static pl_status push_step(const prim_state *p, pl_prim_box *b, size_t *cap, int pasted, pl_error *err)
{
    size_t d = p->data->d;
    if (pl_grow((void **)&b->step, cap, b->n_steps + 1, sizeof *b->step))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_prim_step *st = &b->step[b->n_steps];
    st->lo = pl_malloc(2 * d * sizeof *st->lo);
    if (!st->lo) return pl_error_set(err, PL_ENOMEM, "out of memory");
    st->hi = st->lo + d;
    memcpy(st->lo, p->lo, d * sizeof *st->lo);
    memcpy(st->hi, p->hi, d * sizeof *st->hi);
    st->n = p->n_box;
    st->n_interest = p->h_box;
    st->coverage = density(p->h_box, p->h_all);
    st->density = density(p->h_box, p->n_box);
    st->mass = density(p->n_box, p->data->n);
    st->n_restricted = n_restricted(p);
    st->pasted = pasted;
    b->n_steps++;
    return PL_OK;
}

/* The best of the 2d peels, or none (ok = 0). */
static prim_move best_peel(const prim_state *p)
{
    prim_move best = {0, 0, 0, 0, 0, -HUGE_VAL, 0};
    for (size_t j = 0; j < p->data->d; j++)
        for (int high = 0; high < 2; high++) {
            prim_move m = peel_candidate(p, j, high);
            if (m.ok && m.score > best.score) best = m;
        }
    return best;
}

static void apply(prim_state *p, const prim_move *m)
{
    if (m->high) p->hi[m->dim] = m->limit;
    else p->lo[m->dim] = m->limit;
    refill(p);
}

static pl_status peel(prim_state *p, pl_prim_box *b, size_t *cap, pl_error *err)
{
    pl_status st = push_step(p, b, cap, 0, err);
    while (!st && p->h_box > 0 && p->h_box < p->n_box) {
        prim_move m = best_peel(p);
        if (!m.ok || (double)(p->n_box - m.n_moved) < p->o->mass_min * (double)p->data->n) break;
        apply(p, &m);
        st = push_step(p, b, cap, 0, err);
    }
    return st;
}

static pl_status paste(prim_state *p, pl_prim_box *b, size_t *cap, pl_error *err)
{
    for (;;) {
        prim_move best = {0, 0, 0, 0, 0, -HUGE_VAL, 0};
        for (size_t j = 0; j < p->data->d; j++)
            for (int high = 0; high < 2; high++) {
                int restricted = high ? p->hi[j] < p->s->hi[j] : p->lo[j] > p->s->lo[j];
                prim_move m = restricted ? paste_candidate(p, j, high) : best;
                if (m.ok && m.score > best.score) best = m;
            }
        if (!best.ok || best.score <= density(p->h_box, p->n_box)) return PL_OK;
        apply(p, &best);
        pl_status st = push_step(p, b, cap, 1, err);
        if (st) return st;
    }
}

/* The step of greatest coverage among those reaching the threshold, else the densest. */
static size_t choose(const pl_prim_box *b, double threshold, int *meets)
{
    size_t best = 0;
    *meets = 0;
    for (size_t k = 0; k < b->n_steps; k++) {
        const pl_prim_step *s = &b->step[k], *c = &b->step[best];
        int ok = s->density >= threshold;
        if (ok && (!*meets || s->coverage > c->coverage || (s->coverage == c->coverage && s->density > c->density))) best = k;
        else if (!ok && !*meets && (s->density > c->density || (s->density == c->density && s->coverage > c->coverage))) best = k;
        *meets = *meets || ok;
    }
    return best;
}

static void quasi_p(prim_state *p, pl_prim_box *b)
{
    for (size_t j = 0; j < p->data->d; j++) {
        b->p_value[j] = (double)NAN;
        if (!(p->lo[j] > p->s->lo[j] || p->hi[j] < p->s->hi[j])) continue;
        size_t t = 0, h = 0; /* runs and cases of interest in the box with restriction j lifted */
        for (size_t i = 0; i < p->data->n; i++)
            if (p->remaining[i] && inside_except(p, i, j)) {
                t++;
                h += p->data->y[i] != 0;
            }
        b->p_value[j] = pl_binomial_upper(p->h_box, p->n_box, density(h, t));
    }
}

static void reset_box(prim_state *p, const double *lo, const double *hi)
{
    memcpy(p->lo, lo, p->data->d * sizeof *p->lo);
    memcpy(p->hi, hi, p->data->d * sizeof *p->hi);
    refill(p);
}

static void box_free(pl_prim_box *b)
{
    for (size_t k = 0; k < b->n_steps; k++) pl_free(b->step[k].lo);
    pl_free(b->step);
    pl_free(b->p_value);
    memset(b, 0, sizeof *b);
}

/* One box on the remaining runs: peel, choose, paste, test. */
static pl_status find_box(prim_state *p, long pick, pl_prim_box *b, pl_error *err)
{
    size_t cap = 0;
    memset(b, 0, sizeof *b);
    b->p_value = pl_malloc(p->data->d * sizeof *b->p_value);
    if (!b->p_value) return pl_error_set(err, PL_ENOMEM, "out of memory");
    reset_box(p, p->s->lo, p->s->hi);
    pl_status st = peel(p, b, &cap, err);
    if (st) return st;
    if (pick >= (long)b->n_steps)
        return pl_error_set(err, PL_EINVAL, "found box step %ld, expected a step of the trajectory (0 to %zu)", pick, b->n_steps - 1);
    b->peeled_choice = pick >= 0 ? (size_t)pick : choose(b, p->o->threshold, &b->meets_threshold);
    reset_box(p, b->step[b->peeled_choice].lo, b->step[b->peeled_choice].hi);
    size_t before = b->n_steps;
    st = paste(p, b, &cap, err);
    if (st) return st;
    b->chosen = b->n_steps > before ? b->n_steps - 1 : b->peeled_choice;
    b->meets_threshold = b->step[b->chosen].density >= p->o->threshold;
    quasi_p(p, b);
    return PL_OK;
}

static pl_status check_options(const pl_prim_options *o, pl_error *err)
{
    if (!(o->peel_alpha > 0 && o->peel_alpha < 0.5) || !(o->paste_alpha > 0 && o->paste_alpha < 0.5))
        return pl_error_set(err, PL_EINVAL, "found alpha %g/%g, expected peel and paste shares in (0, 0.5)", o->peel_alpha, o->paste_alpha);
    if (!(o->mass_min > 0 && o->mass_min < 1) || !(o->threshold >= 0 && o->threshold <= 1) || o->max_boxes < 1)
        return pl_error_set(err, PL_EINVAL, "found mass_min %g, threshold %g, %zu boxes, expected (0, 1), [0, 1] and at least one",
                            o->mass_min, o->threshold, o->max_boxes);
    return PL_OK;
}

static pl_status search(prim_state *p, pl_prim_result *out, pl_error *err)
{
    out->box = pl_calloc(p->o->max_boxes, sizeof *out->box);
    if (!out->box) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < p->o->max_boxes; k++) {
        size_t left = 0;
        for (size_t i = 0; i < p->data->n; i++) left += p->remaining[i] && p->data->y[i] != 0;
        if (k > 0 && left == 0) break;
        pl_status st = find_box(p, k == 0 ? p->o->pick : -1, &out->box[k], err);
        out->n_boxes = k + 1;
        if (st) return st;
        if (k > 0 && !out->box[k].meets_threshold) { /* covering keeps only boxes that meet it */
            box_free(&out->box[k]);
            out->n_boxes = k;
            break;
        }
        for (size_t i = 0; i < p->data->n; i++)
            if (p->in[i]) p->remaining[i] = 0;
    }
    return PL_OK;
}

pl_status pl_prim(const pl_disc_data *data, const pl_prim_options *o, pl_prim_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_status st = check_options(o, err);
    pl_disc_sorted s;
    if (!st) st = pl_disc_sort(data, &s, err);
    if (st) return st;
    prim_state p = {data, &s, o, pl_malloc(data->n), pl_malloc(data->n), pl_malloc(2 * data->d * sizeof(double)), NULL, 0, 0, 0};
    out->range_lo = pl_malloc(2 * data->d * sizeof *out->range_lo);
    if (!p.remaining || !p.in || !p.lo || !out->range_lo) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) {
        p.hi = p.lo + data->d;
        memset(p.remaining, 1, data->n);
        for (size_t i = 0; i < data->n; i++) p.h_all += data->y[i] != 0;
        out->d = data->d, out->n = data->n, out->n_interest = p.h_all;
        out->range_hi = out->range_lo + data->d;
        memcpy(out->range_lo, s.lo, data->d * sizeof *s.lo);
        memcpy(out->range_hi, s.hi, data->d * sizeof *s.hi);
        st = search(&p, out, err);
    }
    pl_free(p.remaining);
    pl_free(p.in);
    pl_free(p.lo);
    pl_disc_sorted_free(&s);
    if (st) pl_prim_result_free(out);
    return st;
}

void pl_prim_result_free(pl_prim_result *r)
{
    for (size_t k = 0; r->box && k < r->n_boxes; k++) box_free(&r->box[k]);
    pl_free(r->box);
    pl_free(r->range_lo);
    memset(r, 0, sizeof *r);
}
