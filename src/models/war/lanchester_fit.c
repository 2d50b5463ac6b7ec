/*
** lanchester_fit.c — fitting C = a · enemy^p · own^q to daily attrition data with GSL's
** nonlinear least squares: fixed laws (a only), free exponents, or Gaussian priors on them.
** Layer: models.
**
** Why priors: on campaign data both forces fall almost in lockstep, so ln(enemy) and ln(own)
** are nearly collinear and unconstrained exponents come out absurd (war-termination.md §4.3:
** (−3.39, 16.80) for the Allies at Ardennes). The fit reports the design's condition number so
** a caller can see why.
*/
#include "parley/lanchester.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>

#include "parley/memory.h"

static const char *const law_names[] = {"square", "linear", "log", "free", "prior"};

const char *pl_attrition_law_name(pl_attrition_law law) { return (unsigned)law <= PL_FIT_PRIOR ? law_names[law] : "?"; }

int pl_attrition_law_parse(const char *name, pl_attrition_law *out)
{
    for (int k = 0; k <= PL_FIT_PRIOR; k++)
        if (strcmp(name, law_names[k]) == 0) return *out = (pl_attrition_law)k, 0;
    return -1;
}

pl_attrition_fit_options pl_attrition_fit_defaults(void)
{
    pl_attrition_fit_options o = {PL_FIT_PRIOR, 0.5, 0.5, 0.5, 0.5};
    return o;
}

typedef struct fit_data {
    const double *enemy, *own, *loss;
    size_t n;
    double mean_le, mean_lo; /* means of ln E and ln O: the log fit works on centred logs */
    double p, q;       /* fixed exponents (fixed laws) */
    double sigma;      /* scale of the data residuals (prior fit) */
    const pl_attrition_fit_options *opt;
} fit_data;

/* Fixed law: r_t = (C_t − a z_t) / √z_t with z = E^p O^q. */
static int fixed_f(const gsl_vector *x, void *ctx, gsl_vector *f)
{
    const fit_data *d = ctx;
    double a = gsl_vector_get(x, 0);
    for (size_t t = 0; t < d->n; t++) {
        double z = pow(d->enemy[t], d->p) * pow(d->own[t], d->q);
        gsl_vector_set(f, t, (d->loss[t] - a * z) / sqrt(z));
    }
    return GSL_SUCCESS;
}

static int fixed_df(const gsl_vector *x, void *ctx, gsl_matrix *J)
{
    (void)x;
    const fit_data *d = ctx;
    for (size_t t = 0; t < d->n; t++) gsl_matrix_set(J, t, 0, -sqrt(pow(d->enemy[t], d->p) * pow(d->own[t], d->q)));
    return GSL_SUCCESS;
}

/* Log fit on centred logs: r_t = (ln C_t − θ0 − θ1 (ln E_t − m_E) − θ2 (ln O_t − m_O)) / σ, then
** the priors' rows; ln a = θ0 − θ1 m_E − θ2 m_O. Centring keeps the intercept out of the
** collinearity between the two force series. */
static int log_f(const gsl_vector *x, void *ctx, gsl_vector *f)
{
    const fit_data *d = ctx;
    double t0 = gsl_vector_get(x, 0), t1 = gsl_vector_get(x, 1), t2 = gsl_vector_get(x, 2);
    for (size_t t = 0; t < d->n; t++)
        gsl_vector_set(f, t, (log(d->loss[t]) - t0 - t1 * (log(d->enemy[t]) - d->mean_le) -
                              t2 * (log(d->own[t]) - d->mean_lo)) / d->sigma);
    if (d->opt->law == PL_FIT_PRIOR) {
        gsl_vector_set(f, d->n, (t1 - d->opt->prior_mean_p) / d->opt->prior_sd_p);
        gsl_vector_set(f, d->n + 1, (t2 - d->opt->prior_mean_q) / d->opt->prior_sd_q);
    }
    return GSL_SUCCESS;
}

static int log_df(const gsl_vector *x, void *ctx, gsl_matrix *J)
{
    (void)x;
    const fit_data *d = ctx;
    gsl_matrix_set_zero(J);
    for (size_t t = 0; t < d->n; t++) {
        gsl_matrix_set(J, t, 0, -1 / d->sigma);
        gsl_matrix_set(J, t, 1, -(log(d->enemy[t]) - d->mean_le) / d->sigma);
        gsl_matrix_set(J, t, 2, -(log(d->own[t]) - d->mean_lo) / d->sigma);
    }
    if (d->opt->law == PL_FIT_PRIOR) {
        gsl_matrix_set(J, d->n, 1, 1 / d->opt->prior_sd_p);
        gsl_matrix_set(J, d->n + 1, 2, 1 / d->opt->prior_sd_q);
    }
    return GSL_SUCCESS;
}

/* Solves the least-squares problem from x0; on success x0 holds the solution and cov the
** unscaled covariance (JᵀJ)⁻¹. */
static pl_status solve(gsl_multifit_nlinear_fdf *fdf, gsl_vector *x0, gsl_matrix *cov, int *iters, pl_error *err)
{
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    params.solver = gsl_multifit_nlinear_solver_svd;
    params.trs = gsl_multifit_nlinear_trs_lm;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, fdf->n, fdf->p);
    if (!w) return pl_error_set(err, PL_ENOMEM, "out of memory for the fit");
    int info, rc = gsl_multifit_nlinear_init(x0, fdf, w);
    if (rc == GSL_SUCCESS) rc = gsl_multifit_nlinear_driver(1000, 1e-10, 1e-10, 0, NULL, NULL, &info, w);
    if (rc == GSL_SUCCESS) {
        gsl_vector_memcpy(x0, gsl_multifit_nlinear_position(w));
        rc = gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 1e-14, cov);
        *iters = (int)gsl_multifit_nlinear_niter(w);
    }
    gsl_multifit_nlinear_free(w);
    if (rc != GSL_SUCCESS) return pl_error_set(err, PL_EMODEL, "the attrition fit failed: %s", gsl_strerror(rc));
    return PL_OK;
}

/* Condition index of the n × 3 design [1, ln E, ln O] with its columns scaled to unit length
** (Belsley, Kuh & Welsch 1980): above 30 the columns are strongly collinear. */
static double design_condition(const fit_data *d)
{
    gsl_matrix *X = gsl_matrix_alloc(d->n, 3), *V = gsl_matrix_alloc(3, 3);
    gsl_vector *s = gsl_vector_alloc(3), *work = gsl_vector_alloc(3);
    double cond = (double)NAN;
    if (X && V && s && work && d->n >= 3) {
        for (size_t t = 0; t < d->n; t++) {
            gsl_matrix_set(X, t, 0, 1);
            gsl_matrix_set(X, t, 1, log(d->enemy[t]));
            gsl_matrix_set(X, t, 2, log(d->own[t]));
        }
        for (size_t c = 0; c < 3; c++) {
            gsl_vector_view col = gsl_matrix_column(X, c);
            gsl_vector_scale(&col.vector, 1 / gsl_blas_dnrm2(&col.vector));
        }
        if (gsl_linalg_SV_decomp(X, V, s, work) == GSL_SUCCESS) cond = gsl_vector_get(s, 0) / gsl_vector_get(s, 2);
    }
    gsl_matrix_free(X), gsl_matrix_free(V), gsl_vector_free(s), gsl_vector_free(work);
    return cond;
}

/* R² of log losses under the fitted a, p, q. */
static double log_r2(const fit_data *d, double a, double p, double q)
{
    double mean = 0, rss = 0, tss = 0;
    for (size_t t = 0; t < d->n; t++) mean += log(d->loss[t]);
    mean /= (double)d->n;
    for (size_t t = 0; t < d->n; t++) {
        double y = log(d->loss[t]), r = y - log(a) - p * log(d->enemy[t]) - q * log(d->own[t]);
        rss += r * r;
        tss += (y - mean) * (y - mean);
    }
    return tss > 0 ? 1 - rss / tss : 0;
}

static pl_status fit_fixed(fit_data *d, pl_attrition_fit *fit, pl_error *err)
{
    gsl_multifit_nlinear_fdf fdf = {fixed_f, fixed_df, NULL, d->n, 1, d, 0, 0, 0};
    gsl_vector *x = gsl_vector_alloc(1);
    gsl_matrix *cov = gsl_matrix_alloc(1, 1);
    pl_status st = x && cov ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory for the fit");
    if (!st) {
        gsl_vector_set(x, 0, 0);
        st = solve(&fdf, x, cov, &fit->iterations, err);
    }
    if (!st) {
        fit->a = gsl_vector_get(x, 0);
        gsl_vector *r = gsl_vector_alloc(d->n);
        double rss = 0;
        if (r && fixed_f(x, d, r) == GSL_SUCCESS) gsl_blas_ddot(r, r, &rss);
        gsl_vector_free(r);
        fit->sigma = sqrt(rss / (double)(d->n - 1));
        fit->se_a = fit->sigma * sqrt(gsl_matrix_get(cov, 0, 0));
    }
    gsl_vector_free(x), gsl_matrix_free(cov);
    return st;
}

/* Residual standard deviation of a log fit at x over n − 3 degrees of freedom. */
static double log_sigma(const fit_data *d, const gsl_vector *x)
{
    double rss = 0;
    for (size_t t = 0; t < d->n; t++) {
        double r = log(d->loss[t]) - gsl_vector_get(x, 0) - gsl_vector_get(x, 1) * (log(d->enemy[t]) - d->mean_le) -
                   gsl_vector_get(x, 2) * (log(d->own[t]) - d->mean_lo);
        rss += r * r;
    }
    return sqrt(rss / (double)(d->n - 3));
}

static pl_status fit_log(fit_data *d, pl_attrition_fit *fit, pl_error *err)
{
    size_t rows = d->n + (d->opt->law == PL_FIT_PRIOR ? 2 : 0);
    gsl_multifit_nlinear_fdf fdf = {log_f, log_df, NULL, rows, 3, d, 0, 0, 0};
    gsl_vector *x = gsl_vector_calloc(3);
    gsl_matrix *cov = gsl_matrix_alloc(3, 3);
    pl_status st = x && cov ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory for the fit");
    /* σ is unknown: alternate between the fit at σ and σ from its residuals (a few rounds reach
    ** the fixed point; without priors σ does not change the solution). */
    d->sigma = 1;
    for (int round = 0; round < 50 && !st; round++) {
        gsl_vector_set_zero(x); /* a cold start: at its own optimum the solver can make no step */
        st = solve(&fdf, x, cov, &fit->iterations, err);
        double s = log_sigma(d, x);
        if (!st && fabs(s - d->sigma) <= 1e-10 * s) break;
        if (!st) d->sigma = s;
    }
    if (!st) {
        /* Without priors the rows were scaled by σ already, so (JᵀJ)⁻¹ is the covariance. */
        fit->sigma = d->sigma;
        fit->p = gsl_vector_get(x, 1);
        fit->q = gsl_vector_get(x, 2);
        fit->a = exp(gsl_vector_get(x, 0) - fit->p * d->mean_le - fit->q * d->mean_lo);
        /* ln a = g·θ with g = (1, −m_E, −m_O): var(ln a) = gᵀ C g (delta method for a). */
        double g[3] = {1, -d->mean_le, -d->mean_lo}, var = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) var += g[i] * gsl_matrix_get(cov, (size_t)i, (size_t)j) * g[j];
        fit->se_a = fit->a * sqrt(var);
        fit->se_p = sqrt(gsl_matrix_get(cov, 1, 1));
        fit->se_q = sqrt(gsl_matrix_get(cov, 2, 2));
    }
    gsl_vector_free(x), gsl_matrix_free(cov);
    return st;
}

static pl_status check_data(const double *enemy, const double *own, const double *loss, size_t n, pl_error *err)
{
    if (n < 4) return pl_error_set(err, PL_EINVAL, "found %zu days of data, expected at least 4", n);
    for (size_t t = 0; t < n; t++)
        if (!(enemy[t] > 0 && own[t] > 0 && loss[t] > 0 && isfinite(enemy[t] + own[t] + loss[t])))
            return pl_error_set(err, PL_EINVAL, "found day %zu with forces %g, %g and losses %g, expected positive "
                                "finite numbers", t + 1, enemy[t], own[t], loss[t]);
    return PL_OK;
}

pl_status pl_attrition_fit_run(const double *enemy, const double *own, const double *loss, size_t n,
                               const pl_attrition_fit_options *opt, pl_attrition_fit *fit, pl_error *err)
{
    memset(fit, 0, sizeof *fit);
    pl_status st = check_data(enemy, own, loss, n, err);
    if (st) return st;
    if (opt->law == PL_FIT_PRIOR && !(opt->prior_sd_p > 0 && opt->prior_sd_q > 0))
        return pl_error_set(err, PL_EINVAL, "found prior sd %g, %g, expected positive numbers", opt->prior_sd_p,
                            opt->prior_sd_q);
    fit_data d = {enemy, own, loss, n, 0, 0, 1, 0, 1, opt};
    for (size_t t = 0; t < n; t++) d.mean_le += log(enemy[t]) / (double)n, d.mean_lo += log(own[t]) / (double)n;
    if (opt->law == PL_FIT_LINEAR) d.q = 1;
    if (opt->law == PL_FIT_LOG) d.p = 0, d.q = 1;
    fit->n = n;
    if (opt->law <= PL_FIT_LOG) {
        fit->p = d.p, fit->q = d.q;
        st = fit_fixed(&d, fit, err);
    } else {
        st = fit_log(&d, fit, err);
    }
    if (st) return st;
    fit->cond = design_condition(&d);
    fit->ill_conditioned = opt->law > PL_FIT_LOG && !(fit->cond <= 30);
    fit->r2 = log_r2(&d, fit->a, fit->p, fit->q);
    return PL_OK;
}
