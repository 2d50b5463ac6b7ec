/*
** theory.c — the closed forms of the bargaining theory of war (Fearon 1995; Powell 2004, 2006;
** the battle random walk of Slantchev 2003; the war of attrition), used as building blocks by the
** settle models and reproduced by tests/unit/test_theory.c.
** Layer: models.
**
** Equations and their sources: docs/models/settle.md §1; test numbers: war-termination.md §7.
*/
#include "parley/theory.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

void pl_fearon_range(double p, double cA, double cB, double *lo, double *hi)
{
    *lo = p - cA;
    *hi = p + cB;
}

static double uniform_cdf(double z, double hi)
{
    if (z <= 0) return 0;
    return z >= hi ? 1 : z / hi;
}

double pl_fearon_offer_value(double x, double p, double cA, double cbar)
{
    double g = uniform_cdf(x - p, cbar);
    return (1 - g) * x + g * (p - cA);
}

pl_status pl_fearon_offer(double p, double cA, double cbar, double *x, double *p_war, double *eu, pl_error *err)
{
    if (!(cbar > 0) || cA < 0) return pl_error_set(err, PL_EDOM, "found cbar %g and cA %g, expected cbar > 0, cA >= 0", cbar, cA);
    /* First-order condition 1 − G(z) = g(z)(z + cA) with G uniform gives z = (cbar − cA)/2,
    ** truncated at 0 (offer p, no risk) and at cbar (every type accepts anyway). */
    double z = (cbar - cA) / 2;
    if (z < 0) z = 0;
    if (z > cbar) z = cbar;
    if (x) *x = p + z;
    if (p_war) *p_war = z / cbar;
    if (eu) *eu = pl_fearon_offer_value(p + z, p, cA, cbar);
    return PL_OK;
}

double pl_powell_lockin(double p, double delta, double c) { return p / (1 - delta) - c; }

double pl_powell_best_peace(double delta, double mB_next) { return 1 + delta * (1 / (1 - delta) - mB_next); }

int pl_powell_war(double delta, double p, double p_next, double cA, double cB)
{
    return delta * (1 - p_next) - (1 - p) > (1 - delta) * (cA + delta * cB);
}

double pl_powell_critical(double delta, double p, double cA, double cB)
{
    return 1 - ((1 - p) + (1 - delta) * (cA + delta * cB)) / delta;
}

long pl_powell_first_war(double delta, const double *p, size_t n, double cA, double cB)
{
    for (size_t t = 0; t + 1 < n; t++)
        if (pl_powell_war(delta, p[t], p[t + 1], cA, cB)) return (long)t;
    return -1;
}

double pl_bwf_value(double rho, double q, double c, double delta)
{
    return (rho * q - c) / (1 - delta * (1 - rho));
}

void pl_bwf_screen_solve(double rho, double q, double c_strong, double c_weak, double c_a, double delta,
                         double pi, pl_bwf_screen *out)
{
    out->w_strong = pl_bwf_value(rho, q, c_strong, delta);
    out->w_weak = pl_bwf_value(rho, q, c_weak, delta);
    out->w_a = pl_bwf_value(rho, 1 - q, c_a, delta);
    double carry = delta * (1 - rho);
    /* The weak type accepts m_w when it equals its value of fighting one round and then being
    ** treated as strong. */
    out->m_weak = -c_weak + rho * q + carry * out->w_strong;
    out->pool = 1 - out->w_strong;
    double weak_pays = 1 - out->m_weak;
    double strong_fights = -c_a + rho * (1 - q) + carry * (1 - out->w_strong);
    out->screen = (1 - pi) * weak_pays + pi * strong_fights;
    out->pi_star = (weak_pays - out->pool) / (weak_pays - strong_fights);
    out->screens = out->screen > out->pool;
}

double pl_ruin_win(double p, long k, long N)
{
    if (p == 0.5) return (double)k / (double)N;
    double r = (1 - p) / p;
    return (1 - pow(r, (double)k)) / (1 - pow(r, (double)N));
}

double pl_ruin_battles(double p, long k, long N)
{
    if (p == 0.5) return (double)k * (double)(N - k);
    double q = 1 - p;
    return (double)k / (q - p) - ((double)N / (q - p)) * pl_ruin_win(p, k, N);
}

double pl_battle_posterior(double mu, double p_high, double p_low, long w, long l)
{
    /* In logs so long battle records neither underflow nor overflow. */
    double lh = log(mu) + (double)w * log(p_high) + (double)l * log(1 - p_high);
    double ll = log(1 - mu) + (double)w * log(p_low) + (double)l * log(1 - p_low);
    double m = lh > ll ? lh : ll;
    return exp(lh - m) / (exp(lh - m) + exp(ll - m));
}

double pl_attrition_hazard(double c_other, double v_other) { return c_other / v_other; }

double pl_attrition_duration(double v, double c) { return v / (2 * c); }

/* x f(x)/(1 − F(x)) for the uniform law on [0, 1]. */
static double uniform_integrand(double x, void *params)
{
    (void)params;
    return x / (1 - x);
}

pl_status pl_attrition_stop_uniform(double v, int closed, double *t, pl_error *err)
{
    if (!(v >= 0 && v < 1)) return pl_error_set(err, PL_EDOM, "found value %g, expected one in [0, 1)", v);
    if (closed) {
        *t = -v - log1p(-v);
        return PL_OK;
    }
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(64);
    if (!w) return pl_error_set(err, PL_ENOMEM, "out of memory");
    gsl_function f = {uniform_integrand, NULL};
    double abserr;
    int rc = gsl_integration_qags(&f, 0, v, 1e-13, 1e-12, 64, w, t, &abserr);
    gsl_integration_workspace_free(w);
    if (rc) return pl_error_set(err, PL_EMAXITER, "integrating the stopping time failed: %s", gsl_strerror(rc));
    return PL_OK;
}

pl_status pl_collapse_race(double a, double b, long rounds, double *p_win, double *e_rounds, double *p_undecided,
                           pl_error *err)
{
    double win = b * (1 - a), lose = a * (1 - b), decisive = win + lose;
    if (!(decisive > 0)) return pl_error_set(err, PL_EDOM, "no round can be decisive (collapse probabilities %g, %g)", a, b);
    if (p_win) *p_win = win / decisive;
    if (e_rounds) *e_rounds = 1 / decisive;
    if (p_undecided) *p_undecided = pow(1 - decisive, (double)rounds);
    return PL_OK;
}

static double best_now(double mu, double v_res, double v_irr, double w)
{
    double deal = mu * v_res + (1 - mu) * v_irr;
    return deal > w ? deal : w;
}

double pl_learning_wait_value(double mu, double v_res, double v_irr, double w, double p_res, double p_irr, double delta,
                              double c)
{
    double seen = mu * p_res + (1 - mu) * p_irr, ahead = 0;
    /* Each outcome of the signal with its posterior; an impossible outcome adds nothing. */
    if (seen > 0) ahead += seen * best_now(mu * p_res / seen, v_res, v_irr, w);
    if (seen < 1) ahead += (1 - seen) * best_now(mu * (1 - p_res) / (1 - seen), v_res, v_irr, w);
    return delta * ahead - c - best_now(mu, v_res, v_irr, w);
}
