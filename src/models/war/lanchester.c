/*
** lanchester.c — closed forms of the square and linear laws, and the generalised law with
** reinforcements integrated by GSL (rk8pd) or stepped once a day by Euler.
** Layer: models.
*/
#include "parley/lanchester.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

pl_lanchester_end pl_lanchester_square_end(double x0, double y0, double a, double b)
{
    pl_lanchester_end e = {0, 0, HUGE_VAL};
    double bx = b * x0 * x0, ay = a * y0 * y0, g = sqrt(a * b);
    if (bx > ay) {
        e.winner = 1;
        e.survivors = sqrt(x0 * x0 - (a / b) * y0 * y0);
        e.t_end = atanh(y0 * sqrt(a / b) / x0) / g;
    } else if (ay > bx) {
        e.winner = -1;
        e.survivors = sqrt(y0 * y0 - (b / a) * x0 * x0);
        e.t_end = atanh(x0 * sqrt(b / a) / y0) / g;
    }
    return e;
}

void pl_lanchester_square_at(double x0, double y0, double a, double b, double t, double *x, double *y)
{
    double g = sqrt(a * b), c = cosh(g * t), s = sinh(g * t);
    *x = x0 * c - sqrt(a / b) * y0 * s;
    *y = y0 * c - sqrt(b / a) * x0 * s;
}

pl_lanchester_end pl_lanchester_linear_end(double x0, double y0, double a, double b)
{
    pl_lanchester_end e = {0, 0, HUGE_VAL};
    double bx = b * x0, ay = a * y0;
    if (bx > ay) e.winner = 1, e.survivors = x0 - (a / b) * y0;
    else if (ay > bx) e.winner = -1, e.survivors = y0 - (b / a) * x0;
    return e;
}

/* Rate of a schedule at time t (intervals are half-open [t0, t1)). */
static double rate_at(const pl_reinforcement *r, size_t n, double t)
{
    double sum = 0;
    for (size_t k = 0; k < n; k++)
        if (t >= r[k].t0 && t < r[k].t1) sum += r[k].rate;
    return sum;
}

/* ∫ of a schedule over [t0, t1). */
static double schedule_integral(const pl_reinforcement *r, size_t n, double t0, double t1)
{
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        double lo = fmax(t0, r[k].t0), hi = fmin(t1, r[k].t1);
        if (hi > lo) sum += r[k].rate * (hi - lo);
    }
    return sum;
}

/* A power that keeps 0^0 = 1 and treats a negative base (a trajectory past zero) as zero. */
static double force_pow(double v, double e)
{
    if (e == 0) return 1;
    if (e == 1) return v;
    return v > 0 ? pow(v, e) : 0;
}

typedef struct ode_ctx {
    const pl_lanchester_law *law;
    double t_mid; /* a time inside the current piece, to read the schedules' rates */
} ode_ctx;

static int ode_rhs(double t, const double u[], double du[], void *params)
{
    (void)t;
    const ode_ctx *c = params;
    const pl_lanchester_law *L = c->law;
    du[0] = -L->a * force_pow(u[1], L->px) * force_pow(u[0], L->qx) + rate_at(L->rx, L->n_rx, c->t_mid);
    du[1] = -L->b * force_pow(u[0], L->py) * force_pow(u[1], L->qy) + rate_at(L->ry, L->n_ry, c->t_mid);
    return GSL_SUCCESS;
}

/* The next schedule breakpoint strictly after t, or HUGE_VAL. */
static double next_break(const pl_lanchester_law *L, double t)
{
    double next = HUGE_VAL;
    for (size_t k = 0; k < L->n_rx; k++) {
        if (L->rx[k].t0 > t && L->rx[k].t0 < next) next = L->rx[k].t0;
        if (L->rx[k].t1 > t && L->rx[k].t1 < next) next = L->rx[k].t1;
    }
    for (size_t k = 0; k < L->n_ry; k++) {
        if (L->ry[k].t0 > t && L->ry[k].t0 < next) next = L->ry[k].t0;
        if (L->ry[k].t1 > t && L->ry[k].t1 < next) next = L->ry[k].t1;
    }
    return next;
}

/* Advances u from *t to target, piece by piece between breakpoints. */
static int advance(gsl_odeiv2_driver *drv, ode_ctx *ctx, double *t, double target, double u[2])
{
    while (*t < target) {
        double stop = fmin(target, next_break(ctx->law, *t));
        ctx->t_mid = 0.5 * (*t + stop);
        gsl_odeiv2_driver_reset(drv);
        int rc = gsl_odeiv2_driver_apply(drv, t, stop, u);
        if (rc != GSL_SUCCESS) return rc;
        *t = stop;
    }
    return GSL_SUCCESS;
}

pl_status pl_lanchester_integrate(const pl_lanchester_law *law, double x0, double y0, const double *t, size_t n,
                                  double *x, double *y, pl_error *err)
{
    for (size_t k = 0; k < n; k++)
        if (!(t[k] >= 0) || (k && t[k] < t[k - 1]))
            return pl_error_set(err, PL_EINVAL, "found output time %g, expected increasing times >= 0", t[k]);
    ode_ctx ctx = {law, 0};
    gsl_odeiv2_system sys = {ode_rhs, NULL, 2, &ctx};
    gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-3, 1e-12, 1e-12);
    if (!drv) return pl_error_set(err, PL_ENOMEM, "out of memory for the ODE solver");
    double u[2] = {x0, y0}, now = 0;
    pl_status st = PL_OK;
    for (size_t k = 0; k < n && !st; k++) {
        int rc = advance(drv, &ctx, &now, t[k], u);
        if (rc != GSL_SUCCESS) st = pl_error_set(err, PL_EMODEL, "the ODE solver failed at t = %g: %s", now, gsl_strerror(rc));
        x[k] = u[0], y[k] = u[1];
    }
    gsl_odeiv2_driver_free(drv);
    return st;
}

void pl_lanchester_euler(const pl_lanchester_law *L, double x0, double y0, size_t steps, double *x, double *y)
{
    x[0] = x0, y[0] = y0;
    for (size_t d = 1; d <= steps; d++) {
        double xs = x[d - 1], ys = y[d - 1];
        x[d] = xs - L->a * force_pow(ys, L->px) * force_pow(xs, L->qx) +
               schedule_integral(L->rx, L->n_rx, (double)(d - 1), (double)d);
        y[d] = ys - L->b * force_pow(xs, L->py) * force_pow(ys, L->qy) +
               schedule_integral(L->ry, L->n_ry, (double)(d - 1), (double)d);
    }
}
