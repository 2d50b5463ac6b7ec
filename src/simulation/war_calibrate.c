/*
** war_calibrate.c — the war model against a scenario's observed series: a bounded least-squares
** fit of the free parameters (the aggregates per observed period: war_observe.c).
** Layer: simulation.
*/
#include "parley/war_calibrate.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_multifit_nlinear.h>

#include "parley/memory.h"
#include "parley/war.h"

/* ---- Fitting -------------------------------------------------------------------------------- */

typedef struct fit_ctx {
    const pl_scenario *sc;
    pl_war_calibration *cal;
    double *values;     /* all parameters; the free ones are overwritten from θ */
    size_t n_resid;
    pl_error *err;
} fit_ctx;

static double logistic(double z) { return 1 / (1 + exp(-z)); }

static void apply_theta(fit_ctx *c, const gsl_vector *theta)
{
    pl_war_calibration *cal = c->cal;
    for (size_t k = 0; k < cal->n_free; k++)
        c->values[cal->param[k]] = cal->lo[k] + (cal->hi[k] - cal->lo[k]) * logistic(gsl_vector_get(theta, k));
}

/* √w · ln(predicted / observed): symmetric in over- and under-prediction, and a month with a
** small observed value (39 km² in March 2024) does not swamp the fit as a relative error would.
** Predictions are floored at 1% of the observation so the logarithm stays finite. */
static double residual(const pl_scenario *sc, const pl_war_obs_point *q)
{
    double w = sc->series[q->series].weight, obs = fabs(q->observed) > 0 ? fabs(q->observed) : 1;
    double pred = q->predicted > 0.01 * obs ? q->predicted : 0.01 * obs;
    return sqrt(w) * log(pred / obs);
}

static int fit_f(const gsl_vector *theta, void *ctx, gsl_vector *f)
{
    fit_ctx *c = ctx;
    apply_theta(c, theta);
    pl_war_obs_point *pt;
    size_t n;
    if (pl_war_observe(c->sc, c->values, &pt, &n, c->err)) return GSL_EDOM;
    size_t r = 0;
    for (size_t k = 0; k < n; k++)
        if (pt[k].in_fit) gsl_vector_set(f, r++, residual(c->sc, &pt[k]));
    pl_free(pt);
    return r == c->n_resid ? GSL_SUCCESS : GSL_EBADLEN;
}

static pl_status alloc_calibration(const pl_scenario *sc, pl_war_calibration **out, pl_error *err)
{
    pl_war_calibration *cal = pl_calloc(1, sizeof *cal);
    size_t n = sc->n_free + 1;
    if (cal) {
        cal->n_free = sc->n_free;
        cal->param = pl_calloc(n, sizeof *cal->param);
        cal->initial = pl_calloc(n, sizeof *cal->initial);
        cal->estimate = pl_calloc(n, sizeof *cal->estimate);
        cal->se = pl_calloc(n, sizeof *cal->se);
        cal->lo = pl_calloc(n, sizeof *cal->lo);
        cal->hi = pl_calloc(n, sizeof *cal->hi);
        cal->error = pl_calloc(sc->n_series + 1, sizeof *cal->error);
    }
    if (!cal || !cal->param || !cal->initial || !cal->estimate || !cal->se || !cal->lo || !cal->hi || !cal->error) {
        pl_war_calibration_free(cal);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    *out = cal;
    return PL_OK;
}

static pl_status setup_free(const pl_scenario *sc, pl_war_calibration *cal, pl_error *err)
{
    for (size_t k = 0; k < cal->n_free; k++) {
        const pl_param *p = &sc->param[sc->free_param[k]];
        cal->param[k] = sc->free_param[k];
        cal->lo[k] = p->range_lo, cal->hi[k] = p->range_hi;
        cal->initial[k] = cal->estimate[k] = p->nominal;
        if (!(cal->hi[k] > cal->lo[k]))
            return pl_error_at(err, PL_EINPUT, p->file, p->line, p->col,
                               "found free parameter %s without a range, expected range: [low, high]", p->path);
    }
    return PL_OK;
}

/* θ of a value strictly inside (lo, hi) (values on an end are nudged in by 1e-6 of the range). */
static double theta_of(double v, double lo, double hi)
{
    double u = (v - lo) / (hi - lo);
    if (u < 1e-6) u = 1e-6;
    if (u > 1 - 1e-6) u = 1 - 1e-6;
    return log(u / (1 - u));
}

static size_t count_fit(const pl_war_obs_point *pt, size_t n)
{
    size_t r = 0;
    for (size_t k = 0; k < n; k++) r += pt[k].in_fit;
    return r;
}

/* Standard errors: cov(θ) = σ² (JᵀJ)⁻¹ with σ² = 2·cost/(n − p), mapped through dv/dθ. */
static void standard_errors(pl_war_calibration *cal, gsl_multifit_nlinear_workspace *w, const gsl_vector *theta,
                            size_t n_resid)
{
    gsl_matrix *cov = gsl_matrix_alloc(cal->n_free, cal->n_free);
    double dof = (double)n_resid - (double)cal->n_free;
    if (!cov || dof <= 0 || gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 1e-12, cov)) {
        for (size_t k = 0; k < cal->n_free; k++) cal->se[k] = (double)NAN;
    } else {
        double sigma2 = 2 * cal->cost_final / dof;
        for (size_t k = 0; k < cal->n_free; k++) {
            double s = logistic(gsl_vector_get(theta, k));
            cal->se[k] = sqrt(sigma2 * gsl_matrix_get(cov, k, k)) * (cal->hi[k] - cal->lo[k]) * s * (1 - s);
        }
    }
    gsl_matrix_free(cov);
}

static double half_sum_squares(const gsl_vector *f)
{
    double s = 0;
    for (size_t k = 0; k < f->size; k++) s += gsl_vector_get(f, k) * gsl_vector_get(f, k);
    return 0.5 * s;
}

static pl_status search(fit_ctx *c, int max_iter, pl_error *err)
{
    pl_war_calibration *cal = c->cal;
    gsl_multifit_nlinear_fdf fdf = {fit_f, NULL, NULL, c->n_resid, cal->n_free, c, 0, 0, 0};
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    params.fdtype = GSL_MULTIFIT_NLINEAR_CTRDIFF;
    params.h_df = 1e-5; /* the mean-field path is piecewise smooth (clamps): steps above rounding */
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, c->n_resid, cal->n_free);
    gsl_vector *theta = gsl_vector_alloc(cal->n_free);
    if (!w || !theta) {
        gsl_multifit_nlinear_free(w), gsl_vector_free(theta);
        return pl_error_set(err, PL_ENOMEM, "out of memory for the calibration");
    }
    for (size_t k = 0; k < cal->n_free; k++) gsl_vector_set(theta, k, theta_of(cal->initial[k], cal->lo[k], cal->hi[k]));
    int info, rc = gsl_multifit_nlinear_init(theta, &fdf, w);
    if (rc == GSL_SUCCESS) {
        cal->cost_initial = half_sum_squares(gsl_multifit_nlinear_residual(w));
        rc = gsl_multifit_nlinear_driver((size_t)max_iter, 1e-8, 1e-8, 1e-10, NULL, NULL, &info, w);
        cal->converged = rc == GSL_SUCCESS;
        if (rc == GSL_EMAXITER) rc = GSL_SUCCESS;
    }
    pl_status st = PL_OK;
    if (rc != GSL_SUCCESS) {
        st = c->err->code ? c->err->code : pl_error_set(err, PL_EMODEL, "the calibration failed: %s", gsl_strerror(rc));
    } else {
        gsl_vector_memcpy(theta, gsl_multifit_nlinear_position(w));
        cal->cost_final = half_sum_squares(gsl_multifit_nlinear_residual(w));
        cal->iterations = (int)gsl_multifit_nlinear_niter(w);
        apply_theta(c, theta);
        for (size_t k = 0; k < cal->n_free; k++) cal->estimate[k] = c->values[cal->param[k]];
        standard_errors(cal, w, theta, c->n_resid);
    }
    gsl_multifit_nlinear_free(w), gsl_vector_free(theta);
    return st;
}

static void summarise(const pl_scenario *sc, pl_war_calibration *cal)
{
    double fit = 0, test = 0;
    for (size_t s = 0; s < sc->n_series; s++) {
        pl_war_series_error *e = &cal->error[s];
        double f = 0, t = 0, b = 0;
        e->series = (int)s;
        for (size_t k = 0; k < cal->n_points; k++) {
            const pl_war_obs_point *q = &cal->point[k];
            if (q->series != (int)s) continue;
            double rel = (q->predicted - q->observed) / (fabs(q->observed) > 0 ? fabs(q->observed) : 1);
            if (q->in_fit) e->n_fit++, f += fabs(rel);
            if (q->in_test) e->n_test++, t += fabs(rel), b += rel;
        }
        e->mape_fit = e->n_fit ? f / (double)e->n_fit : (double)NAN;
        e->mape_test = e->n_test ? t / (double)e->n_test : (double)NAN;
        e->bias_test = e->n_test ? b / (double)e->n_test : (double)NAN;
        fit += f, test += t;
        cal->n_fit_points += e->n_fit, cal->n_test_points += e->n_test;
    }
    cal->mape_fit = cal->n_fit_points ? fit / (double)cal->n_fit_points : (double)NAN;
    cal->mape_test = cal->n_test_points ? test / (double)cal->n_test_points : (double)NAN;
}

static pl_status check_calibration(const pl_scenario *sc, const pl_war_calibrate_options *opt, pl_error *err)
{
    if (!sc->n_series) return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no observed: series, expected some to calibrate on");
    if (opt->fit && !sc->n_free)
        return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no calibration.free parameters, expected a list of paths");
    if (opt->fit && !sc->fit_from[0])
        return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no calibration.fit window, expected [YYYY-MM, YYYY-MM]");
    return PL_OK;
}

pl_status pl_war_calibrate(const pl_scenario *sc, const pl_war_calibrate_options *opt, pl_war_calibration **out,
                           pl_error *err)
{
    *out = NULL;
    pl_war_calibration *cal = NULL;
    pl_status st = check_calibration(sc, opt, err);
    if (!st) st = alloc_calibration(sc, &cal, err);
    if (!st) st = setup_free(sc, cal, err);
    fit_ctx c = {sc, cal, pl_malloc((sc->n_params + 1) * sizeof(double)), 0, err};
    if (!st && !c.values) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) {
        pl_scenario_nominals(sc, c.values);
        st = pl_war_observe(sc, c.values, &cal->point, &cal->n_points, err);
    }
    if (!st) c.n_resid = count_fit(cal->point, cal->n_points);
    if (!st && opt->fit && c.n_resid < cal->n_free)
        st = pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found %zu observations in the fit window for %zu free "
                         "parameters, expected at least as many", c.n_resid, cal->n_free);
    if (!st && opt->fit) st = search(&c, opt->max_iterations > 0 ? opt->max_iterations : 100, err);
    if (!st && opt->fit) {
        pl_free(cal->point);
        cal->point = NULL;
        st = pl_war_observe(sc, c.values, &cal->point, &cal->n_points, err);
    }
    pl_free(c.values);
    if (st) {
        pl_war_calibration_free(cal);
        return st;
    }
    summarise(sc, cal);
    *out = cal;
    return PL_OK;
}

void pl_war_calibration_free(pl_war_calibration *cal)
{
    if (!cal) return;
    pl_free(cal->param), pl_free(cal->initial), pl_free(cal->estimate), pl_free(cal->se);
    pl_free(cal->lo), pl_free(cal->hi), pl_free(cal->point), pl_free(cal->error);
    pl_free(cal);
}
