/*
** discover_write.c — `parley discover`'s results: the prose table (PRIM's boxes and trajectories,
** or CART's tree and dense leaves) and the same numbers as a result document, one table per CSV.
** Layer: ensembles.
*/
#include "parley/discover_write.h"

#include <math.h>

#include "parley/summary.h"

static int restricted(const pl_disc_job *j, const double *lo, const double *hi, size_t k)
{
    const double *rlo = j->is_cart ? j->cart.node[0].lo : j->prim.range_lo, *rhi = j->is_cart ? j->cart.node[0].hi : j->prim.range_hi;
    return lo[k] > rlo[k] || hi[k] < rhi[k];
}

static void table_head(const pl_disc_job *j, FILE *fp)
{
    size_t h = j->rows.n_interest;
    fprintf(fp, "Scenario discovery (%s) on %s\ncondition: %s\n", j->is_cart ? "CART" : "PRIM", j->input, j->where);
    fprintf(fp, "runs: %zu used of %ld (%ld left out: failed, not a sample, or the condition undefined); cases of interest: %zu (%.1f%%)\n",
            j->rows.data.n, j->rows.n_runs, j->rows.n_left_out, h, 100.0 * (double)h / (double)j->rows.data.n);
}

static void table_limits(const pl_disc_job *j, const double *lo, const double *hi, const double *p, FILE *fp)
{
    const double *rlo = j->is_cart ? j->cart.node[0].lo : j->prim.range_lo, *rhi = j->is_cart ? j->cart.node[0].hi : j->prim.range_hi;
    fprintf(fp, "    %-44s %12s %12s   %-27s %s\n", "input", "from", "to", "(range of the runs)", p ? "quasi-p" : "");
    for (size_t k = 0; k < j->rows.data.d; k++) {
        if (!restricted(j, lo, hi, k)) continue;
        fprintf(fp, "    %-44s %12.6g %12.6g   [%-12.6g %12.6g]", j->rows.dim[k], lo[k], hi[k], rlo[k], rhi[k]);
        if (p) fprintf(fp, " %.2g", p[k]);
        fputc('\n', fp);
    }
}

static void table_prim(const pl_disc_job *j, FILE *fp)
{
    const pl_prim_result *r = &j->prim;
    fprintf(fp, "peel alpha %g, paste alpha %g, least mass %g, threshold density %g\n", j->po.peel_alpha, j->po.paste_alpha,
            j->po.mass_min, j->po.threshold);
    for (size_t b = 0; b < r->n_boxes; b++) {
        const pl_prim_box *x = &r->box[b];
        const pl_prim_step *s = &x->step[x->chosen];
        fprintf(fp, "\nBox %zu: coverage %.3f, density %.3f, mass %.3f, %zu restricted input%s (step %zu of the trajectory%s)\n", b + 1,
                s->coverage, s->density, s->mass, s->n_restricted, s->n_restricted == 1 ? "" : "s", x->chosen,
                x->meets_threshold ? "" : "; no box reaches the threshold: the densest");
        table_limits(j, s->lo, s->hi, x->p_value, fp);
    }
    for (size_t b = 0; b < r->n_boxes; b++) {
        const pl_prim_box *x = &r->box[b];
        fprintf(fp, "\nTrajectory of box %zu:\n  %4s %-6s %9s %9s %9s %10s\n", b + 1, "step", "", "coverage", "density", "mass", "restricted");
        for (size_t k = 0; k < x->n_steps; k++) {
            const pl_prim_step *s = &x->step[k];
            fprintf(fp, "  %4zu %-6s %9.3f %9.3f %9.3f %10zu%s\n", k, s->pasted ? "paste" : "peel", s->coverage, s->density, s->mass,
                    s->n_restricted, k == x->chosen ? "  <- the box" : "");
        }
    }
}

/* Node k and its subtree, each child under its parent. */
static void table_node(const pl_disc_job *j, size_t k, FILE *fp)
{
    const pl_cart_tree *t = &j->cart;
    const pl_cart_node *nd = &t->node[k];
    fprintf(fp, "%*s", 2 * nd->depth, "");
    if (nd->parent >= 0) {
        const pl_cart_node *up = &t->node[nd->parent];
        fprintf(fp, "%s %s %.6g: ", j->rows.dim[up->dim], up->left == (long)k ? "<=" : ">", up->split);
    } else {
        fprintf(fp, "all runs: ");
    }
    fprintf(fp, "%zu runs, density %.3f, coverage %.3f%s\n", nd->n, nd->density, nd->coverage, nd->left < 0 ? " (leaf)" : "");
    if (nd->left >= 0) {
        table_node(j, (size_t)nd->left, fp);
        table_node(j, (size_t)nd->right, fp);
    }
}

static void table_cart(const pl_disc_job *j, FILE *fp)
{
    const pl_cart_tree *t = &j->cart;
    fprintf(fp, "depth %d, least leaf %zu runs (0: 1%%, at least 5); leaves with density >= %g are shown as boxes\n\n",
            j->co.max_depth, j->co.min_leaf, j->po.threshold);
    table_node(j, 0, fp);
    size_t shown = 0;
    for (size_t k = 0; k < t->n_nodes; k++) {
        const pl_cart_node *nd = &t->node[k];
        if (nd->left >= 0 || nd->density < j->po.threshold || !nd->n_interest) continue;
        fprintf(fp, "\nBox %zu (leaf %zu): coverage %.3f, density %.3f, mass %.3f\n", ++shown, k, nd->coverage, nd->density, nd->mass);
        table_limits(j, nd->lo, nd->hi, NULL, fp);
    }
    if (!shown) fprintf(fp, "\nNo leaf reaches density %g.\n", j->po.threshold);
}

pl_status pl_discover_prose(const void *ctx, FILE *fp, pl_error *err)
{
    const pl_disc_job *j = ctx;
    table_head(j, fp);
    (j->is_cart ? table_cart : table_prim)(j, fp);
    return ferror(fp) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}

/* ---- The document ---------------------------------------------------------------------------- */

static pl_status add_table(pl_result_doc *doc, const char *name, const char *const *cols, const pl_column_type *types,
                           size_t n, pl_result_table **out, pl_error *err)
{
    pl_result_table *t = *out = pl_result_table_create(name, NULL);
    if (!t) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < n; k++) st = pl_result_table_add_column(t, cols[k], types[k], NULL, err);
    if (st) pl_result_table_free(t);
    return st ? st : pl_result_doc_add_table(doc, t, err);
}

/* n, n_interest, coverage, density with its 90 % Wilson interval, mass: from column first on. */
static void set_counts(pl_result_table *t, size_t first, size_t n, size_t n_interest, double coverage, double density,
                       double mass)
{
    double lo = (double)NAN, hi = (double)NAN;
    if (n) pl_wilson_interval((long)n_interest, (long)n, 1.6448536269514722, &lo, &hi);
    pl_result_set_int(t, first, (long long)n);
    pl_result_set_int(t, first + 1, (long long)n_interest);
    double v[] = {coverage, density, lo, hi, mass};
    for (size_t k = 0; k < 5; k++) pl_result_set_real(t, first + 2 + k, v[k]);
}

#define COUNT_COLS "n", "n_interest", "coverage", "density", "density_lo", "density_hi", "mass"
#define COUNT_TYPES PL_COL_INT, PL_COL_INT, PL_COL_SHARE, PL_COL_SHARE, PL_COL_SHARE, PL_COL_SHARE, PL_COL_SHARE

static pl_status prim_boxes(pl_result_doc *doc, const pl_disc_job *j, pl_error *err)
{
    static const char *const c[] = {"box", "input", "from", "to", "range_from", "range_to", "quasi_p"};
    static const pl_column_type ty[] = {PL_COL_INT, PL_COL_TEXT, PL_COL_REAL, PL_COL_REAL, PL_COL_REAL, PL_COL_REAL, PL_COL_REAL};
    const pl_prim_result *r = &j->prim;
    pl_result_table *t;
    pl_status st = add_table(doc, "boxes", c, ty, 7, &t, err);
    for (size_t b = 0; !st && b < r->n_boxes; b++) {
        const pl_prim_step *s = &r->box[b].step[r->box[b].chosen];
        for (size_t k = 0; !st && k < j->rows.data.d; k++) {
            if (!restricted(j, s->lo, s->hi, k)) continue;
            st = pl_result_table_add_row(t, err);
            pl_result_set_int(t, 0, (long long)b + 1);
            if (!st) st = pl_result_set_text(t, 1, j->rows.dim[k], err);
            double v[] = {s->lo[k], s->hi[k], r->range_lo[k], r->range_hi[k], r->box[b].p_value[k]};
            for (size_t q = 0; q < 5; q++) pl_result_set_real(t, 2 + q, v[q]);
        }
    }
    return st;
}

static pl_status prim_trajectory(pl_result_doc *doc, const pl_disc_job *j, pl_error *err)
{
    static const char *const c[] = {"box", "step", "move", COUNT_COLS, "restricted", "chosen"};
    static const pl_column_type ty[] = {PL_COL_INT, PL_COL_INT, PL_COL_TEXT, COUNT_TYPES, PL_COL_INT, PL_COL_INT};
    const pl_prim_result *r = &j->prim;
    pl_result_table *t;
    pl_status st = add_table(doc, "trajectory", c, ty, 12, &t, err);
    for (size_t b = 0; !st && b < r->n_boxes; b++)
        for (size_t k = 0; !st && k < r->box[b].n_steps; k++) {
            const pl_prim_step *s = &r->box[b].step[k];
            st = pl_result_table_add_row(t, err);
            pl_result_set_int(t, 0, (long long)b + 1);
            pl_result_set_int(t, 1, (long long)k);
            if (!st) st = pl_result_set_text(t, 2, s->pasted ? "paste" : "peel", err);
            set_counts(t, 3, s->n, s->n_interest, s->coverage, s->density, s->mass);
            pl_result_set_int(t, 10, (long long)s->n_restricted);
            pl_result_set_int(t, 11, k == r->box[b].chosen);
        }
    return st;
}

static pl_status cart_nodes(pl_result_doc *doc, const pl_disc_job *j, pl_error *err)
{
    static const char *const c[] = {"node", "parent", "depth", "input", "split", COUNT_COLS, "leaf"};
    static const pl_column_type ty[] = {PL_COL_INT, PL_COL_INT, PL_COL_INT, PL_COL_TEXT, PL_COL_REAL, COUNT_TYPES, PL_COL_INT};
    const pl_cart_tree *tr = &j->cart;
    pl_result_table *t;
    pl_status st = add_table(doc, "nodes", c, ty, 13, &t, err);
    for (size_t k = 0; !st && k < tr->n_nodes; k++) {
        const pl_cart_node *nd = &tr->node[k];
        st = pl_result_table_add_row(t, err);
        pl_result_set_int(t, 0, (long long)k);
        pl_result_set_int(t, 1, nd->parent);
        pl_result_set_int(t, 2, nd->depth);
        if (!st && nd->left >= 0) st = pl_result_set_text(t, 3, j->rows.dim[nd->dim], err);
        pl_result_set_real(t, 4, nd->left >= 0 ? nd->split : (double)NAN);
        set_counts(t, 5, nd->n, nd->n_interest, nd->coverage, nd->density, nd->mass);
        pl_result_set_int(t, 12, nd->left < 0);
    }
    return st;
}

static pl_status meta(pl_result_doc *doc, const pl_disc_job *j, pl_error *err)
{
    pl_status st = pl_result_doc_meta_text(doc, "input", j->input, err);
    if (!st) st = pl_result_doc_meta_text(doc, "condition", j->where, err);
    if (!st) st = pl_result_doc_meta_text(doc, "method", j->is_cart ? "cart" : "prim", err);
    if (!st) st = pl_result_doc_meta_int(doc, "runs_read", j->rows.n_runs, err);
    if (!st) st = pl_result_doc_meta_int(doc, "runs_left_out", j->rows.n_left_out, err);
    if (!st) st = pl_result_doc_meta_int(doc, "runs_used", (long long)j->rows.data.n, err);
    if (!st) st = pl_result_doc_meta_int(doc, "cases_of_interest", (long long)j->rows.n_interest, err);
    if (!st && j->is_cart) st = pl_result_doc_meta_int(doc, "depth", j->co.max_depth, err);
    if (!st && j->is_cart) st = pl_result_doc_meta_int(doc, "min_leaf", (long long)j->co.min_leaf, err);
    if (!st && !j->is_cart) st = pl_result_doc_meta_real(doc, "peel_alpha", j->po.peel_alpha, err);
    if (!st && !j->is_cart) st = pl_result_doc_meta_real(doc, "paste_alpha", j->po.paste_alpha, err);
    if (!st && !j->is_cart) st = pl_result_doc_meta_real(doc, "mass_min", j->po.mass_min, err);
    if (!st) st = pl_result_doc_meta_real(doc, "threshold", j->po.threshold, err);
    return st;
}

pl_status pl_discover_doc(const pl_disc_job *j, pl_result_doc **out, pl_error *err)
{
    pl_result_doc *doc = *out = pl_result_doc_create();
    if (!doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = meta(doc, j, err);
    if (!st && j->is_cart) st = cart_nodes(doc, j, err);
    if (!st && !j->is_cart) st = prim_boxes(doc, j, err);
    if (!st && !j->is_cart) st = prim_trajectory(doc, j, err);
    return st;
}
