/*
** nash.c — the asymmetric Nash bargaining solution on each dimension (Nash 1950; Kalai 1977):
** the point x of the dimension's scale [lo, hi] that maximises Π_i (u_i(x) − d_i)^{w_i}, with
** bargaining weights w_i = capability × salience, utilities linear (default) or quadratic in the
** distance to the actor's position, and the disagreement point d_i = the actor's utility of the
** worst end of the scale for it. docs/models/nash.md states the problem and every choice.
** Layer: models.
**
** The objective's logarithm F(x) = Σ w_i log(u_i(x) − d_i) is strictly concave on (lo, hi), so
** its maximiser is the unique point where the derivative F' changes sign. F' is decreasing but
** jumps at the actors' positions (linear utilities), and is ±∞ at an end where some actor's
** surplus vanishes; GSL's Brent root finder brackets the sign change of atan(F'), which is
** finite everywhere and changes sign where F' does.
*/
#include "models/bargain/nash_model.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "parley/memory.h"

enum { NASH_LINEAR = 0, NASH_QUADRATIC = 1, NASH_MAX_ITER = 200 };
#define NASH_XTOL 1e-13 /* relative width of the final bracket */

typedef struct nash_dim {
    const double *x, *w, *r; /* positions, weights, distance to the worst end of the scale */
    size_t n;
    int utility;
} nash_dim;

/* F'(v) term of one actor: d/dv log(surplus_i(v)). */
static double term(const nash_dim *p, size_t i, double v)
{
    double t = v - p->x[i], r = p->r[i];
    if (p->utility == NASH_LINEAR) {
        double sign = t > 0 ? 1.0 : t < 0 ? -1.0 : 0.0; /* at the kink: 0, inside the subgradient */
        return -sign / (r - fabs(t));                   /* ±∞ where the surplus vanishes */
    }
    return -2.0 * t / (r * r - t * t);
}

static double slope(double v, void *params)
{
    const nash_dim *p = params;
    double g = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->w[i] > 0) g += p->w[i] * term(p, i, v);
    return atan(g);
}

/* The maximiser on [lo, hi]; an end when F' does not change sign inside. */
static pl_status solve(nash_dim *p, double lo, double hi, double *out, pl_error *err)
{
    double glo = slope(lo, p), ghi = slope(hi, p);
    if (!(glo > 0)) {
        *out = lo;
        return PL_OK;
    }
    if (!(ghi < 0)) {
        *out = hi;
        return PL_OK;
    }
    gsl_function f = {slope, p};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return pl_error_set(err, PL_ENOMEM, "out of memory");
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int status = gsl_root_fsolver_set(s, &f, lo, hi);
    int iter = 0;
    while (!status && iter++ < NASH_MAX_ITER) {
        status = gsl_root_fsolver_iterate(s);
        if (status) break;
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0, NASH_XTOL);
        if (status == GSL_SUCCESS) break;
        if (status == GSL_CONTINUE) status = 0;
    }
    *out = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    gsl_set_error_handler(old);
    if (status != GSL_SUCCESS)
        return pl_error_set(err, iter > NASH_MAX_ITER ? PL_EMAXITER : PL_EMODEL,
                            "Nash bargaining solution: the root finder stopped (%s)", gsl_strerror(status));
    return PL_OK;
}

/* The solution on dimension d over the actors present there. */
static pl_status solve_dim(const pl_stakeholders *s, size_t d, int utility, double *x, double *w, double *r,
                           double *out, pl_error *err)
{
    double lo = s->dim_lo[d], hi = s->dim_hi[d], total = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n_actors; i++) {
        size_t at = pl_idx(s, i, d);
        if (!s->present[at]) continue;
        x[n] = s->position[at];
        w[n] = s->capability[at] * s->salience[at];
        r[n] = fmax(x[n] - lo, hi - x[n]);
        total += w[n++];
    }
    if (n == 0) return pl_error_set(err, PL_EINPUT, "dimension '%s' has no actor, expected at least one", s->dim[d]);
    for (size_t i = 0; i < n; i++) {
        if (x[i] < lo || x[i] > hi)
            return pl_error_set(err, PL_EINPUT, "dimension '%s': position %g lies outside the scale [%g, %g]", s->dim[d],
                                x[i], lo, hi);
        if (!(total > 0)) w[i] = 1; /* every weight zero: the symmetric solution, as the baselines do */
    }
    nash_dim p = {x, w, r, n, utility};
    return solve(&p, lo, hi, out, err);
}

static pl_status run_nash(const pl_stakeholders *s, const pl_optset *opts, gsl_rng *rng, pl_forecast *out,
                          pl_error *err)
{
    (void)rng;
    int utility = pl_optset_enum(opts, "utility");
    double *x = pl_malloc(s->n_actors * sizeof *x), *w = pl_malloc(s->n_actors * sizeof *w);
    double *r = pl_malloc(s->n_actors * sizeof *r), *fc = pl_malloc(s->n_dims * sizeof *fc);
    pl_status st = (!x || !w || !r || !fc) ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
    if (!st) st = pl_forecast_add_round(out, s->position, err);
    for (size_t d = 0; !st && d < s->n_dims; d++) st = solve_dim(s, d, utility, x, w, r, &fc[d], err);
    if (!st) st = pl_forecast_add_info(out, "utility", utility == NASH_LINEAR ? "linear" : "quadratic", 0, err);
    if (!st)
        st = pl_forecast_set(out, fc, utility == NASH_LINEAR
                                          ? "asymmetric Nash bargaining solution, linear utilities, weights "
                                            "capability x salience, disagreement at the worst end of the scale"
                                          : "asymmetric Nash bargaining solution, quadratic utilities, weights "
                                            "capability x salience, disagreement at the worst end of the scale",
                             err);
    pl_free(x);
    pl_free(w);
    pl_free(r);
    pl_free(fc);
    return st;
}

static const pl_option_desc nash_options[] = {
    {"utility", PL_OPT_ENUM, "linear", 0, 0, "linear|quadratic",
     "each actor's utility of an outcome: minus its distance to the actor's position (linear, as in the "
     "spatial models of BDM and Stokman) or minus its square (quadratic, Achen 2006)"},
};

const pl_bargain_type pl_bargain_nash = {
    "nash", "asymmetric Nash bargaining solution per dimension, weights capability x salience",
    "Nash (1950); Kalai (1977); Achen (2006)", nash_options, sizeof nash_options / sizeof nash_options[0],
    PL_BARGAIN_ONE_DIM | PL_BARGAIN_MULTI_DIM, run_nash};
