/*
** morris.c — Morris screening: random one-at-a-time trajectories on a p-level grid (Morris
** 1991) and the elementary-effect statistics μ, μ* (Campolongo et al. 2007) and σ.
** Layer: ensembles.
*/
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "parley/memory.h"
#include "parley/sensitivity.h"

void pl_morris_design_free(pl_morris_design *d)
{
    pl_free(d->u);
    pl_free(d->factor);
    pl_free(d->delta);
    memset(d, 0, sizeof *d);
}

/* One trajectory starting at row `row`: a random base point, then each input in a random order
** moves by p/2 levels, up from the lower half of the grid and down from the upper half, so every
** step stays on the grid and its direction is as random as the base level. */
static void trajectory(pl_morris_design *d, long row, gsl_rng *rng, int *level, size_t *order)
{
    size_t k = d->k;
    int p = d->levels, half = p / 2;
    for (size_t i = 0; i < k; i++) {
        level[i] = (int)gsl_rng_uniform_int(rng, (unsigned long)p);
        order[i] = i;
    }
    gsl_ran_shuffle(rng, order, k, sizeof *order);
    for (size_t s = 0; s <= k; s++) {
        long at = row + (long)s;
        if (s > 0) {
            size_t f = order[s - 1];
            int up = level[f] < half;
            level[f] += up ? half : -half;
            d->factor[at] = (int)f;
            d->delta[at] = up ? 0.5 : -0.5;
        } else {
            d->factor[at] = -1;
            d->delta[at] = 0;
        }
        for (size_t i = 0; i < k; i++) d->u[(size_t)at * k + i] = (level[i] + 0.5) / p;
    }
}

pl_status pl_morris_design_make(size_t k, long r, int levels, gsl_rng *rng, pl_morris_design *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (k < 1 || r < 1 || levels < 2 || levels % 2)
        return pl_error_set(err, PL_EINVAL, "a Morris design needs k >= 1, r >= 1 and an even number of levels");
    size_t rows = (size_t)r * (k + 1);
    out->k = k;
    out->r = r;
    out->levels = levels;
    out->u = pl_malloc(rows * k * sizeof *out->u);
    out->factor = pl_malloc(rows * sizeof *out->factor);
    out->delta = pl_malloc(rows * sizeof *out->delta);
    int *level = pl_malloc(k * sizeof *level);
    size_t *order = pl_malloc(k * sizeof *order);
    if (!out->u || !out->factor || !out->delta || !level || !order) {
        pl_free(level);
        pl_free(order);
        pl_morris_design_free(out);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (long t = 0; t < r; t++) trajectory(out, t * (long)(k + 1), rng, level, order);
    pl_free(level);
    pl_free(order);
    return PL_OK;
}

pl_status pl_morris_estimate(const pl_morris_design *d, const double *y, size_t stride, pl_morris_index *out,
                             pl_error *err)
{
    size_t k = d->k;
    double *m2 = pl_calloc(k, sizeof *m2);
    if (!m2) return pl_error_set(err, PL_ENOMEM, "out of memory");
    memset(out, 0, k * sizeof *out);
    long rows = d->r * (long)(k + 1);
    for (long at = 0; at < rows; at++) {
        int f = d->factor[at];
        if (f < 0) continue;
        double after = y[(size_t)at * stride], before = y[(size_t)(at - 1) * stride];
        if (!isfinite(after) || !isfinite(before)) continue;
        double ee = (after - before) / d->delta[at];
        pl_morris_index *o = &out[f];
        /* Welford's update keeps σ accurate when effects are large and alike. */
        o->n++;
        double dm = ee - o->mu;
        o->mu += dm / (double)o->n;
        m2[f] += dm * (ee - o->mu);
        o->mu_star += (fabs(ee) - o->mu_star) / (double)o->n;
    }
    for (size_t i = 0; i < k; i++) out[i].sigma = out[i].n > 1 ? sqrt(m2[i] / (double)(out[i].n - 1)) : 0;
    pl_free(m2);
    return PL_OK;
}
