/*
** backtest_fit.c — the regression baselines of the backtest (docs/backtest.md rule C10): ridge
** logistic regression by IRLS, a ridge Weibull proportional-hazards model by penalised maximum
** likelihood, and their leave-one-out drivers (standardising on each training fold).
** Layer: ensembles.
*/
#include "parley/backtest.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multimin.h>

#include "parley/memory.h"

enum { IRLS_MAX_ITER = 100, WEIBULL_MAX_ITER = 2000 };

double pl_logistic_predict(const double *beta, const double *x, size_t p)
{
    double eta = beta[0];
    for (size_t j = 0; j < p; j++) eta += beta[j + 1] * x[j];
    return 1 / (1 + exp(-eta));
}

/* One IRLS step: weighted least squares of the working response on the rows augmented by
** √lambda·I (response 0, weight 1), which is the ridge normal equation (X'WX + λI)β = X'Wz. */
static int irls_step(const double *X, size_t n, size_t p, const double *y, double lambda, const double *beta,
                     gsl_matrix *A, gsl_vector *w, gsl_vector *z, gsl_vector *b, gsl_matrix *cov,
                     gsl_multifit_linear_workspace *ws)
{
    for (size_t i = 0; i < n; i++) {
        double mu = pl_logistic_predict(beta, p ? X + i * p : X, p), eta = log(mu / (1 - mu));
        double wi = fmax(mu * (1 - mu), 1e-12);
        gsl_matrix_set(A, i, 0, 1);
        for (size_t j = 0; j < p; j++) gsl_matrix_set(A, i, j + 1, X[i * p + j]);
        gsl_vector_set(w, i, wi);
        gsl_vector_set(z, i, eta + (y[i] - mu) / wi);
    }
    for (size_t j = 0; j < p; j++) {
        for (size_t c = 0; c <= p; c++) gsl_matrix_set(A, n + j, c, c == j + 1 ? sqrt(lambda) : 0);
        gsl_vector_set(w, n + j, 1);
        gsl_vector_set(z, n + j, 0);
    }
    double chisq;
    return gsl_multifit_wlinear(A, w, z, b, cov, &chisq, ws);
}

pl_status pl_logistic_fit(const double *X, size_t n, size_t p, const double *y, double lambda, double *beta,
                          pl_error *err)
{
    size_t rows = n + p, cols = p + 1;
    gsl_matrix *A = gsl_matrix_alloc(rows, cols), *cov = gsl_matrix_alloc(cols, cols);
    gsl_vector *w = gsl_vector_alloc(rows), *z = gsl_vector_alloc(rows), *b = gsl_vector_alloc(cols);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(rows, cols);
    pl_status st = A && cov && w && z && b && ws ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    memset(beta, 0, cols * sizeof *beta);
    int converged = 0;
    for (int it = 0; !st && !converged && it < IRLS_MAX_ITER; it++) {
        if (irls_step(X, n, p, y, lambda, beta, A, w, z, b, cov, ws))
            st = pl_error_set(err, PL_EMODEL, "the logistic fit's weighted least squares failed");
        double change = 0, mu_change = 0;
        for (size_t i = 0; !st && i < n; i++) {
            const double *xi = p ? X + i * p : X; /* no offset on a NULL X */
            double before = pl_logistic_predict(beta, xi, p), after = pl_logistic_predict(b->data, xi, p);
            mu_change = fmax(mu_change, fabs(after - before));
        }
        for (size_t j = 0; !st && j < cols; j++) {
            change = fmax(change, fabs(gsl_vector_get(b, j) - beta[j]));
            beta[j] = gsl_vector_get(b, j);
        }
        /* All outcomes of one kind drive the (unpenalised) intercept to ±∞ while the fitted
        ** probabilities settle: converged when either stops moving. */
        converged = change < 1e-10 || mu_change < 1e-13;
    }
    if (!st && !converged)
        st = pl_error_set(err, PL_EMAXITER, "the logistic fit did not converge in %d IRLS iterations", IRLS_MAX_ITER);
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(A);
    gsl_matrix_free(cov);
    gsl_vector_free(w);
    gsl_vector_free(z);
    gsl_vector_free(b);
    return st;
}

/* ---- Weibull proportional hazards ----------------------------------------------------------- */

typedef struct weibull_data {
    const double *X, *t;
    const unsigned char *event;
    size_t n, p;
    double lambda;
} weibull_data;

static double linear_predictor(const double *theta, const double *x, size_t p)
{
    double eta = theta[1];
    for (size_t j = 0; j < p; j++) eta += theta[j + 2] * x[j];
    return eta;
}

double pl_weibull_survival(const double *theta, const double *x, size_t p, double t)
{
    if (!(t > 0)) return 1;
    return exp(-exp(exp(theta[0]) * log(t) + linear_predictor(theta, x, p)));
}

/* Penalised negative log-likelihood and its gradient; theta = (ln k, a, b). */
static void weibull_fdf(const gsl_vector *v, void *params, double *f, gsl_vector *g)
{
    const weibull_data *d = params;
    const double *theta = v->data; /* v is contiguous: allocated by gsl_vector_alloc */
    double k = exp(theta[0]), nll = 0;
    if (g) gsl_vector_set_zero(g);
    for (size_t i = 0; i < d->n; i++) {
        const double *x = d->p ? d->X + i * d->p : NULL; /* no offset on a NULL X */
        double lt = log(fmax(d->t[i], 1e-9)), eta = linear_predictor(theta, x, d->p);
        double H = exp(k * lt + eta), ev = d->event[i] ? 1 : 0;
        nll -= ev * (theta[0] + (k - 1) * lt + eta) - H;
        if (!g) continue;
        *gsl_vector_ptr(g, 0) -= ev * (1 + k * lt) - H * k * lt;
        *gsl_vector_ptr(g, 1) -= ev - H;
        for (size_t j = 0; j < d->p; j++) *gsl_vector_ptr(g, j + 2) -= (ev - H) * x[j];
    }
    for (size_t j = 0; j < d->p; j++) {
        nll += 0.5 * d->lambda * theta[j + 2] * theta[j + 2];
        if (g) *gsl_vector_ptr(g, j + 2) += d->lambda * theta[j + 2];
    }
    if (f) *f = nll;
}

static double weibull_f(const gsl_vector *v, void *params)
{
    double f;
    weibull_fdf(v, params, &f, NULL);
    return f;
}

static void weibull_df(const gsl_vector *v, void *params, gsl_vector *g) { weibull_fdf(v, params, NULL, g); }

pl_status pl_weibull_fit(const double *X, size_t n, size_t p, const double *t, const unsigned char *event, double lambda,
                         double *theta, pl_error *err)
{
    weibull_data d = {X, t, event, n, p, lambda};
    gsl_multimin_function_fdf fn = {weibull_f, weibull_df, weibull_fdf, p + 2, &d};
    double events = 0, exposure = 0;
    for (size_t i = 0; i < n; i++) {
        events += event[i] != 0;
        exposure += fmax(t[i], 1e-9);
    }
    gsl_vector *x0 = gsl_vector_calloc(p + 2);
    gsl_multimin_fdfminimizer *m = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, p + 2);
    if (!x0 || !m) {
        gsl_vector_free(x0);
        if (m) gsl_multimin_fdfminimizer_free(m);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    gsl_vector_set(x0, 1, log(fmax(events, 0.5) / exposure)); /* the exponential model's rate */
    gsl_multimin_fdfminimizer_set(m, &fn, x0, 0.1, 0.1);
    int status = GSL_CONTINUE;
    for (int it = 0; status == GSL_CONTINUE && it < WEIBULL_MAX_ITER; it++) {
        if (gsl_multimin_fdfminimizer_iterate(m)) break; /* no further progress: test the gradient below */
        status = gsl_multimin_test_gradient(m->gradient, 1e-7);
    }
    if (status != GSL_SUCCESS) status = gsl_multimin_test_gradient(m->gradient, 1e-4);
    for (size_t j = 0; j < p + 2; j++) theta[j] = gsl_vector_get(m->x, j);
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x0);
    return status == GSL_SUCCESS ? PL_OK : pl_error_set(err, PL_EMODEL, "the Weibull fit did not reach a stationary point");
}

/* ---- Leave-one-out ------------------------------------------------------------------------- */

static int is_missing(const pl_loo_data *d, size_t i, size_t j) { return d->missing && d->missing[i * d->p + j]; }

/* Standardises every case but `out` on the others (missing: their mean, i.e. 0) into train
** ((n−1) × p) and case `out` into test (p). A covariate constant on the fold becomes 0. */
static void standardise_fold(const pl_loo_data *d, size_t out, double *train, double *test)
{
    for (size_t j = 0; j < d->p; j++) {
        double sum = 0, sum2 = 0, m = 0;
        for (size_t i = 0; i < d->n; i++)
            if (i != out && !is_missing(d, i, j)) {
                double x = d->X[i * d->p + j];
                sum += x;
                sum2 += x * x;
                m++;
            }
        double mean = m > 0 ? sum / m : 0, var = m > 1 ? (sum2 - sum * mean) / (m - 1) : 0;
        double sd = var > 1e-24 ? sqrt(var) : 0;
        for (size_t i = 0, r = 0; i < d->n; i++) {
            double z = is_missing(d, i, j) || sd == 0 ? 0 : (d->X[i * d->p + j] - mean) / sd;
            if (i == out) test[j] = z;
            else train[(r++) * d->p + j] = z;
        }
    }
}

/* The other cases' entries of a per-case array. */
static void copy_without(const double *a, size_t n, size_t out, double *dst)
{
    for (size_t i = 0, r = 0; i < n; i++)
        if (i != out) dst[r++] = a[i];
}

pl_status pl_loo_logistic(const pl_loo_data *d, const double *y, double *out, pl_error *err)
{
    double *train = pl_malloc(d->n * (d->p ? d->p : 1) * sizeof *train), *test = pl_malloc((d->p + 1) * sizeof *test);
    double *ytrain = pl_malloc(d->n * sizeof *ytrain), *beta = pl_malloc((d->p + 1) * sizeof *beta);
    pl_status st = train && test && ytrain && beta ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n && !st; i++) {
        standardise_fold(d, i, train, test);
        copy_without(y, d->n, i, ytrain);
        st = pl_logistic_fit(train, d->n - 1, d->p, ytrain, d->lambda, beta, err);
        if (!st) out[i] = pl_logistic_predict(beta, test, d->p);
    }
    pl_free(train);
    pl_free(test);
    pl_free(ytrain);
    pl_free(beta);
    return st;
}

pl_status pl_loo_weibull(const pl_loo_data *d, const double *t, const unsigned char *event, double horizon, double *prob,
                         const double *grid, size_t n_grid, double *surv, pl_error *err)
{
    double *train = pl_malloc(d->n * (d->p ? d->p : 1) * sizeof *train), *test = pl_malloc((d->p + 1) * sizeof *test);
    double *ttrain = pl_malloc(d->n * sizeof *ttrain), *theta = pl_malloc((d->p + 2) * sizeof *theta);
    unsigned char *etrain = pl_malloc(d->n);
    pl_status st = train && test && ttrain && theta && etrain ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n && !st; i++) {
        standardise_fold(d, i, train, test);
        copy_without(t, d->n, i, ttrain);
        for (size_t k = 0, r = 0; k < d->n; k++)
            if (k != i) etrain[r++] = event[k];
        st = pl_weibull_fit(train, d->n - 1, d->p, ttrain, etrain, d->lambda, theta, err);
        if (st) break;
        prob[i] = 1 - pl_weibull_survival(theta, test, d->p, horizon);
        for (size_t g = 0; surv && g < n_grid; g++) surv[i * n_grid + g] = pl_weibull_survival(theta, test, d->p, grid[g]);
    }
    pl_free(train);
    pl_free(test);
    pl_free(ttrain);
    pl_free(theta);
    pl_free(etrain);
    return st;
}
