/*
** cart.c — a classification tree (CART, Breiman et al. 1984) on the cases of interest: binary
** splits on one input at a time chosen by Gini impurity, depth-limited, with a least leaf size;
** every node keeps its box so that the leaves read as PRIM's boxes do. docs/discovery.md.
** Layer: ensembles.
*/
#include <math.h>
#include <string.h>

#include "ensembles/disc_sort.h"
#include "parley/discovery.h"
#include "parley/memory.h"

void pl_cart_options_init(pl_cart_options *o)
{
    o->max_depth = 3;
    o->min_leaf = 0;
}

typedef struct cart_state {
    const pl_disc_data *data;
    const pl_disc_sorted *s;
    int max_depth;
    size_t min_leaf;
    long *node_of; /* [n] the node each run sits in */
    pl_cart_tree *t;
    size_t cap;
} cart_state;

typedef struct cart_split {
    size_t dim;
    double limit, impurity; /* runs × Gini summed over both sides */
    int ok;
} cart_split;

static double gini(size_t h, size_t n)
{
    double p = n ? (double)h / (double)n : 0;
    return 2 * p * (1 - p);
}

/* The best split of node v on input j: walk its runs in increasing x_j, trying a limit between
** every two different values that leaves min_leaf runs either side. */
static void split_on(const cart_state *c, long v, size_t j, cart_split *best)
{
    const pl_cart_node *nd = &c->t->node[v];
    size_t n = c->s->n, nl = 0, hl = 0;
    const size_t *ord = c->s->order + j * n;
    const double *val = c->s->value + j * n;
    double prev = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        if (c->node_of[i] != v) continue;
        if (nl >= c->min_leaf && nd->n - nl >= c->min_leaf && val[k] != prev) {
            size_t nr = nd->n - nl, hr = nd->n_interest - hl;
            double imp = (double)nl * gini(hl, nl) + (double)nr * gini(hr, nr);
            if (!best->ok || imp < best->impurity) *best = (cart_split){j, pl_disc_mid(prev, val[k]), imp, 1};
        }
        nl++;
        hl += c->data->y[i] != 0;
        prev = val[k];
    }
}

static pl_status add_node(cart_state *c, long parent, int depth, const double *lo, const double *hi, long *id, pl_error *err)
{
    size_t d = c->data->d;
    if (pl_grow((void **)&c->t->node, &c->cap, c->t->n_nodes + 1, sizeof *c->t->node))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_cart_node *nd = &c->t->node[c->t->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->lo = pl_malloc(2 * d * sizeof *nd->lo);
    if (!nd->lo) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->t->n_nodes++;
    nd->hi = nd->lo + d;
    memcpy(nd->lo, lo, d * sizeof *lo);
    memcpy(nd->hi, hi, d * sizeof *hi);
    nd->left = nd->right = -1;
    nd->parent = parent;
    nd->depth = depth;
    *id = (long)c->t->n_nodes - 1;
    return PL_OK;
}

static void count(cart_state *c, long v)
{
    pl_cart_node *nd = &c->t->node[v];
    nd->n = nd->n_interest = 0;
    for (size_t i = 0; i < c->data->n; i++)
        if (c->node_of[i] == v) {
            nd->n++;
            nd->n_interest += c->data->y[i] != 0;
        }
    nd->density = nd->n ? (double)nd->n_interest / (double)nd->n : 0;
    nd->coverage = c->t->n_interest ? (double)nd->n_interest / (double)c->t->n_interest : 0;
    nd->mass = (double)nd->n / (double)c->data->n;
    nd->gini = gini(nd->n_interest, nd->n);
}

static pl_status grow(cart_state *c, long v, pl_error *err);

/* Splits node v in two children and grows each. */
static pl_status split(cart_state *c, long v, const cart_split *sp, pl_error *err)
{
    long kids[2];
    for (int side = 0; side < 2; side++) {
        const pl_cart_node *nd = &c->t->node[v];
        pl_status st = add_node(c, v, nd->depth + 1, nd->lo, nd->hi, &kids[side], err);
        if (st) return st;
        if (side == 0) c->t->node[kids[0]].hi[sp->dim] = sp->limit;
        else c->t->node[kids[1]].lo[sp->dim] = sp->limit;
    }
    pl_cart_node *nd = &c->t->node[v];
    nd->dim = sp->dim;
    nd->split = sp->limit;
    nd->left = kids[0];
    nd->right = kids[1];
    for (size_t i = 0; i < c->data->n; i++)
        if (c->node_of[i] == v) c->node_of[i] = c->data->x[i * c->data->d + sp->dim] <= sp->limit ? kids[0] : kids[1];
    for (int side = 0; side < 2; side++) count(c, kids[side]);
    pl_status st = grow(c, kids[0], err);
    return st ? st : grow(c, kids[1], err);
}

static pl_status grow(cart_state *c, long v, pl_error *err)
{
    const pl_cart_node *nd = &c->t->node[v];
    if (nd->depth >= c->max_depth || nd->n < 2 * c->min_leaf || nd->n_interest == 0 || nd->n_interest == nd->n) return PL_OK;
    cart_split best = {0, 0, 0, 0};
    for (size_t j = 0; j < c->data->d; j++) split_on(c, v, j, &best);
    /* a split that does not lower the impurity (beyond rounding) leaves a leaf */
    if (!best.ok || best.impurity >= (double)nd->n * nd->gini * (1 - 1e-12)) return PL_OK;
    return split(c, v, &best, err);
}

pl_status pl_cart(const pl_disc_data *data, const pl_cart_options *o, pl_cart_tree *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (o->max_depth < 1 || o->max_depth > 16) return pl_error_set(err, PL_EINVAL, "found depth %d, expected 1 to 16", o->max_depth);
    pl_disc_sorted s;
    pl_status st = pl_disc_sort(data, &s, err);
    if (st) return st;
    size_t min_leaf = o->min_leaf ? o->min_leaf : data->n / 100;
    cart_state c = {data, &s, o->max_depth, min_leaf < 5 && !o->min_leaf ? 5 : min_leaf, pl_calloc(data->n, sizeof(long)), out, 0};
    out->d = data->d, out->n = data->n;
    for (size_t i = 0; i < data->n; i++) out->n_interest += data->y[i] != 0;
    long root;
    if (!c.node_of) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = add_node(&c, -1, 0, s.lo, s.hi, &root, err);
    if (!st) {
        count(&c, root);
        st = grow(&c, root, err);
    }
    pl_free(c.node_of);
    pl_disc_sorted_free(&s);
    if (st) pl_cart_tree_free(out);
    return st;
}

void pl_cart_tree_free(pl_cart_tree *t)
{
    for (size_t k = 0; k < t->n_nodes; k++) pl_free(t->node[k].lo);
    pl_free(t->node);
    memset(t, 0, sizeof *t);
}
