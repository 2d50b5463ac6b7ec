/*
** mcmc.c — adaptive Metropolis (Haario et al. 2001): a Gaussian random walk whose covariance
** follows the chain's own covariance. Layer: core.
*/
#include "parley/mcmc.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#include "parley/memory.h"

typedef struct chain {
    size_t dim, n;        /* n: states folded into the running moments */
    double *mean, *cov;   /* running mean and co-moment sums (dim × dim) */
    gsl_matrix *chol;     /* lower Cholesky factor of the proposal covariance */
    double *x, *y, *z;    /* current state, proposal, standard normals */
} chain;

static void free_chain(chain *c)
{
    pl_free(c->mean), pl_free(c->cov), pl_free(c->x), pl_free(c->y), pl_free(c->z);
    gsl_matrix_free(c->chol);
}

static int alloc_chain(chain *c, size_t dim)
{
    memset(c, 0, sizeof *c);
    c->dim = dim;
    c->mean = pl_calloc(dim, sizeof *c->mean);
    c->cov = pl_calloc(dim * dim, sizeof *c->cov);
    c->x = pl_calloc(dim, sizeof *c->x), c->y = pl_calloc(dim, sizeof *c->y), c->z = pl_calloc(dim, sizeof *c->z);
    c->chol = gsl_matrix_calloc(dim, dim);
    return c->mean && c->cov && c->x && c->y && c->z && c->chol;
}

/* Welford's update of the mean and the co-moment sums with the state x. */
static void fold(chain *c, const double *x)
{
    size_t d = c->dim;
    c->n++;
    for (size_t i = 0; i < d; i++) c->y[i] = x[i] - c->mean[i]; /* y: deviation from the old mean */
    for (size_t i = 0; i < d; i++) c->mean[i] += c->y[i] / (double)c->n;
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++) c->cov[i * d + j] += c->y[i] * (x[j] - c->mean[j]);
}

static void set_diagonal(chain *c, const double *scale)
{
    gsl_matrix_set_zero(c->chol);
    for (size_t i = 0; i < c->dim; i++) gsl_matrix_set(c->chol, i, i, scale[i]);
}

/* C = s_d (Σ + εI); keeps the old factor when Σ is not yet positive definite. */
static void adapt(chain *c)
{
    size_t d = c->dim;
    if (c->n < 2) return;
    double sd = 2.38 * 2.38 / (double)d;
    gsl_matrix *m = gsl_matrix_alloc(d, d);
    if (!m) return;
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            gsl_matrix_set(m, i, j, sd * (c->cov[i * d + j] / (double)(c->n - 1) + (i == j ? 1e-10 : 0)));
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    if (gsl_linalg_cholesky_decomp1(m) == GSL_SUCCESS) {
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++) gsl_matrix_set(c->chol, i, j, j <= i ? gsl_matrix_get(m, i, j) : 0);
    }
    gsl_set_error_handler(old);
    gsl_matrix_free(m);
}

static void propose(chain *c, gsl_rng *rng)
{
    size_t d = c->dim;
    for (size_t i = 0; i < d; i++) c->z[i] = gsl_ran_gaussian_ziggurat(rng, 1);
    for (size_t i = 0; i < d; i++) {
        double s = 0;
        for (size_t j = 0; j <= i; j++) s += gsl_matrix_get(c->chol, i, j) * c->z[j];
        c->y[i] = c->x[i] + s;
    }
}

static pl_status check(size_t dim, const double *scale0, const pl_mcmc_options *opt, pl_error *err)
{
    if (dim == 0 || opt->iterations <= opt->burn_in || opt->thin == 0)
        return pl_error_set(err, PL_EINPUT, "found an empty chain (dim %zu, %zu iterations, burn-in %zu, thin %zu), "
                            "expected dim >= 1, iterations above the burn-in and thin >= 1", dim, opt->iterations,
                            opt->burn_in, opt->thin);
    for (size_t i = 0; i < dim; i++)
        if (!(scale0[i] > 0) || !isfinite(scale0[i]))
            return pl_error_set(err, PL_EINPUT, "found initial proposal scale %g, expected a positive number", scale0[i]);
    return PL_OK;
}

pl_status pl_mcmc_adaptive_metropolis(size_t dim, pl_log_density f, void *ctx, const double *x0,
                                      const double *scale0, const pl_mcmc_options *opt, gsl_rng *rng,
                                      pl_mcmc_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_status st = check(dim, scale0, opt, err);
    if (st) return st;
    double lp = f(x0, ctx);
    if (!isfinite(lp)) return pl_error_set(err, PL_EINPUT, "found a zero density at the chain's start, expected a point inside the support");
    size_t keep = (opt->iterations - opt->burn_in + opt->thin - 1) / opt->thin;
    size_t start = opt->adapt_start ? opt->adapt_start : 20 * dim, every = opt->adapt_every ? opt->adapt_every : 50;
    chain c;
    out->draws = pl_malloc(keep * dim * sizeof *out->draws);
    out->log_density = pl_malloc(keep * sizeof *out->log_density);
    if (!alloc_chain(&c, dim) || !out->draws || !out->log_density) {
        free_chain(&c);
        pl_mcmc_result_free(out);
        return pl_error_set(err, PL_ENOMEM, "out of memory for the sampler");
    }
    memcpy(c.x, x0, dim * sizeof *c.x);
    set_diagonal(&c, scale0);
    size_t accepted = 0;
    for (size_t t = 0; t < opt->iterations; t++) {
        propose(&c, rng);
        double lq = f(c.y, ctx);
        if (isfinite(lq) && log(gsl_rng_uniform_pos(rng)) < lq - lp) {
            memcpy(c.x, c.y, dim * sizeof *c.x);
            lp = lq, accepted++;
        }
        fold(&c, c.x);
        if (t + 1 >= start && (t + 1 - start) % every == 0) adapt(&c);
        if (t >= opt->burn_in && (t - opt->burn_in) % opt->thin == 0 && out->n_kept < keep) {
            memcpy(&out->draws[out->n_kept * dim], c.x, dim * sizeof *c.x);
            out->log_density[out->n_kept++] = lp;
        }
    }
    out->dim = dim;
    out->acceptance = (double)accepted / (double)opt->iterations;
    free_chain(&c);
    return PL_OK;
}

void pl_mcmc_result_free(pl_mcmc_result *r)
{
    if (!r) return;
    pl_free(r->draws), pl_free(r->log_density);
    r->draws = r->log_density = NULL;
    r->n_kept = 0;
}
