/*
** war_fit.c — Bayesian calibration of a war scenario on its observed record and its evaluation
** out of sample (rolling origin and a fixed split) against persistence, seasonal naive and drift.
** Layer: simulation. Method: include/parley/war_fit.h and docs/models/war.md §8.
*/
#include "parley/war_fit.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <nlopt.h>

#include "parley/mcmc.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/war.h"
#include "parley/war_calibrate.h"

enum { MAX_SERIES = 64 };
static const double SIGMA_LO = 0.05, SIGMA_HI = 1.0, PHI_LO = 0.0, PHI_HI = 0.95;

/* ---- The model's view of the record ------------------------------------------------------- */

typedef struct view {
    pl_scenario sc;         /* a shallow copy of the scenario with the record as its series */
    pl_obs_series series[MAX_SERIES];
    int *obs_of;            /* per datum: index into pl_war_observe's points, or -1 (before the start) */
} view;

/* Maps each datum to its place in pl_war_observe's output (series by series, non-NaN in order). */
static void map_points(const pl_war_record *r, view *v)
{
    int at = 0;
    for (size_t s = 0; s < r->n_series; s++) {
        const pl_obs_series *o = &v->series[s];
        int first = o->start_year * 12 + o->start_month - 1;
        for (size_t j = 0; j < o->n; j++) {
            if (isnan(o->values[j])) continue;
            for (size_t k = 0; k < r->n_data; k++)
                if (r->datum[k].series == (int)s && r->datum[k].month == first + (int)j * o->period_months)
                    v->obs_of[k] = at;
            at++;
        }
    }
}

static void free_view(view *v, size_t n)
{
    for (size_t s = 0; s < n; s++) pl_free(v->series[s].values);
    pl_free(v->obs_of);
}

static pl_status build_view(const pl_scenario *sc, const pl_war_record *r, view *v, pl_error *err)
{
    memset(v, 0, sizeof *v);
    v->sc = *sc;
    v->obs_of = pl_malloc((r->n_data + 1) * sizeof *v->obs_of);
    if (!v->obs_of) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < r->n_data; k++) v->obs_of[k] = -1;
    int start = pl_war_record_start_month(sc);
    pl_status st = PL_OK;
    for (size_t s = 0; s < r->n_series && !st; s++) {
        /* Every point from the start on, located at the series' row of the manifest. */
        st = pl_war_record_series_points(r, s, start, INT_MAX, &v->series[s], err);
        v->series[s].line = r->series[s].line, v->series[s].col = 1; /* not s + 2: blank lines, quoted breaks */
    }
    v->sc.series = v->series, v->sc.n_series = r->n_series;
    v->sc.path = r->path;
    if (!st) map_points(r, v);
    return st;
}

/* ---- Parameters: scenario values, measurement sd and source bias ------------------------ */

typedef struct space {
    size_t n, n_scen;
    pl_war_fit_param *p;
    int *sigma_of, *bias_of; /* per series: index into p, bias −1 when the source is unbiased */
    int *phi_of;             /* per series: index of its error's AR(1) coefficient, −1 for non-monthly series */
} space;

static int held(const pl_war_fit_options *opt, const char *path)
{
    for (size_t k = 0; k < opt->n_hold; k++)
        if (strcmp(opt->hold[k], path) == 0) return 1;
    return 0;
}

static pl_status add_param(space *sp, const char *path, int scen, double lo, double hi, double nominal, pl_error *err)
{
    pl_war_fit_param *q = &sp->p[sp->n++];
    memset(q, 0, sizeof *q);
    q->path = pl_strdup(path);
    q->scenario_param = scen, q->lo = lo, q->hi = hi, q->nominal = nominal;
    q->prior_sd = (hi - lo) / sqrt(12.0);
    return q->path ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
}

static pl_status build_space(const pl_scenario *sc, const pl_war_record *r, const pl_war_fit_options *opt, space *sp,
                             pl_error *err)
{
    memset(sp, 0, sizeof *sp);
    size_t cap = sc->n_free + 3 * r->n_series + 1;
    sp->p = pl_calloc(cap, sizeof *sp->p);
    sp->sigma_of = pl_calloc(r->n_series + 1, sizeof *sp->sigma_of);
    sp->bias_of = pl_calloc(r->n_series + 1, sizeof *sp->bias_of);
    sp->phi_of = pl_calloc(r->n_series + 1, sizeof *sp->phi_of);
    if (!sp->p || !sp->sigma_of || !sp->bias_of || !sp->phi_of) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    for (size_t k = 0; k < sc->n_free && !st; k++) {
        const pl_param *p = &sc->param[sc->free_param[k]];
        if (held(opt, p->path)) continue;
        if (!(p->range_hi > p->range_lo))
            return pl_error_at(err, PL_EINPUT, sc->path, p->line, p->col,
                               "found free parameter %s without a range, expected range: [low, high]", p->path);
        st = add_param(sp, p->path, sc->free_param[k], p->range_lo, p->range_hi, p->nominal, err);
    }
    sp->n_scen = sp->n;
    char name[300];
    for (size_t s = 0; s < r->n_series && !st; s++) {
        const pl_war_record_series *rs = &r->series[s];
        snprintf(name, sizeof name, "sigma.%s", rs->name);
        sp->sigma_of[s] = (int)sp->n;
        st = add_param(sp, name, -1, log(SIGMA_LO), log(SIGMA_HI), log(0.25), err);
        sp->bias_of[s] = -1;
        if (!st && rs->bias_hi > rs->bias_lo) {
            snprintf(name, sizeof name, "bias.%s", rs->name);
            sp->bias_of[s] = (int)sp->n;
            st = add_param(sp, name, -1, log(rs->bias_lo), log(rs->bias_hi), 0.5 * log(rs->bias_lo * rs->bias_hi), err);
        }
        sp->phi_of[s] = -1;
        if (!st && rs->period_months == 1) {
            snprintf(name, sizeof name, "phi.%s", rs->name);
            sp->phi_of[s] = (int)sp->n;
            st = add_param(sp, name, PL_WAR_FIT_PHI, PHI_LO, PHI_HI, 0.5, err);
        }
    }
    return st;
}

static void free_space(space *sp)
{
    for (size_t k = 0; k < sp->n; k++) pl_free(sp->p[k].path);
    pl_free(sp->p), pl_free(sp->sigma_of), pl_free(sp->bias_of), pl_free(sp->phi_of);
}

static double logistic(double z) { return 1 / (1 + exp(-z)); }

static double theta_of(double v, double lo, double hi)
{
    double u = (v - lo) / (hi - lo);
    u = u < 1e-6 ? 1e-6 : u > 1 - 1e-6 ? 1 - 1e-6 : u;
    return log(u / (1 - u));
}

/* ---- The posterior ---------------------------------------------------------------------------- */

typedef struct post {
    const pl_war_record *rec;
    view *v;
    space *sp;
    double *values;          /* all scenario parameters */
    const char *mask;        /* per datum: 1 if fitted */
    double *nat;             /* natural values of θ (σ and b as logarithms) */
    pl_war_obs_point *last;  /* points of the latest model run */
    size_t n_last;
    pl_error *err;
    int failed;
} post;

static void natural(const space *sp, const double *theta, double *nat)
{
    for (size_t k = 0; k < sp->n; k++) nat[k] = sp->p[k].lo + (sp->p[k].hi - sp->p[k].lo) * logistic(theta[k]);
}

/* Runs the model at the scenario values in nat; 0 on success. */
static int run_model(post *c, const double *nat)
{
    for (size_t k = 0; k < c->sp->n_scen; k++) c->values[c->sp->p[k].scenario_param] = nat[k];
    pl_free(c->last);
    c->last = NULL;
    if (pl_war_observe(&c->v->sc, c->values, &c->last, &c->n_last, c->err)) {
        c->failed = 1;
        return -1;
    }
    return 0;
}

static double offset_of(const pl_war_record *r, size_t k) { return r->series[r->datum[k].series].offset; }

/* The model's value for datum k, floored at 1 % of the observation (a log stays finite); with an
** offset the log is finite at 0, so the floor is 0. */
static double model_value(const post *c, size_t k)
{
    double m = c->last[c->v->obs_of[k]].predicted;
    double floor = offset_of(c->rec, k) > 0 ? 0 : 0.01 * c->rec->datum[k].value;
    return m > floor ? m : floor;
}

double pl_war_fit_offset_residual(double y, double bm, double offset)
{
    return log(y + offset) - log(bm + offset);
}

double pl_war_fit_offset_predict(double bm, double offset, double e)
{
    double v = (bm + offset) * exp(e) - offset;
    return v > 0 ? v : 0;
}

/* The log residual of datum k: ln y − ln(b·m), or ln(y + c) − ln(b·m + c) with an offset c. */
static double residual(const post *c, const double *nat, size_t k)
{
    int b = c->sp->bias_of[c->rec->datum[k].series];
    double off = offset_of(c->rec, k);
    if (off > 0)
        return pl_war_fit_offset_residual(c->rec->datum[k].value, model_value(c, k) * (b >= 0 ? exp(nat[b]) : 1), off);
    return log(c->rec->datum[k].value) - log(model_value(c, k)) - (b >= 0 ? nat[b] : 0);
}

static double phi_of(const space *sp, const double *nat, int s)
{
    return sp->phi_of[s] >= 0 ? nat[sp->phi_of[s]] : 0;
}

/* Exact Gaussian AR(1) likelihood of each series' residuals (gaps allowed): the first fitted point
** is N(0, σ²), each later one N(φ^Δ·r_prev, σ²(1 − φ^{2Δ})) given the fitted point Δ months before. */
static double log_likelihood(post *c, const double *nat)
{
    double ll = 0, r_prev = 0;
    int s_prev = -1, m_prev = 0;
    for (size_t k = 0; k < c->rec->n_data; k++) { /* sorted by series, then month */
        if (!c->mask[k] || c->v->obs_of[k] < 0) continue;
        const pl_war_datum *d = &c->rec->datum[k];
        int s = d->series;
        double sigma = exp(nat[c->sp->sigma_of[s]]), r = residual(c, nat, k), mean = 0, sd = sigma;
        if (s == s_prev) pl_war_fit_error_step(phi_of(c->sp, nat, s), sigma, r_prev, d->month - m_prev, &mean, &sd);
        double z = (r - mean) / sd;
        ll += -log(sd) - 0.5 * z * z;
        s_prev = s, m_prev = d->month, r_prev = r;
    }
    return ll;
}

/* log p(θ | data) in logit coordinates: uniform priors carry the Jacobian Π s(1 − s). */
static double log_posterior(const double *theta, void *ctx)
{
    post *c = ctx;
    double lj = 0;
    for (size_t k = 0; k < c->sp->n; k++) {
        if (!isfinite(theta[k]) || fabs(theta[k]) > 30) return -HUGE_VAL;
        double s = logistic(theta[k]);
        lj += log(s) + log1p(-s);
    }
    natural(c->sp, theta, c->nat);
    if (run_model(c, c->nat)) return -HUGE_VAL;
    double lp = lj + log_likelihood(c, c->nat);
    if (!isfinite(lp)) return -HUGE_VAL;
    return lp;
}

static double nlopt_objective(unsigned n, const double *x, double *grad, void *ctx)
{
    (void)n, (void)grad;
    double lp = log_posterior(x, ctx);
    return isfinite(lp) ? lp : -1e300;
}

/* MAP from theta (in place) by NLopt's Sbplx (derivative-free: the mean-field path has clamps). */
static void find_map(post *c, double *theta, int maxeval)
{
    nlopt_opt o = nlopt_create(NLOPT_LN_SBPLX, (unsigned)c->sp->n);
    if (!o) return;
    double lb[256], ub[256], step[256], best;
    for (size_t k = 0; k < c->sp->n; k++) {
        lb[k] = -12, ub[k] = 12, step[k] = 0.5;
        theta[k] = theta[k] < -11 ? -11 : theta[k] > 11 ? 11 : theta[k]; /* NLopt refuses a start on a bound */
    }
    nlopt_set_lower_bounds(o, lb);
    nlopt_set_upper_bounds(o, ub);
    nlopt_set_initial_step(o, step);
    nlopt_set_max_objective(o, nlopt_objective, c);
    nlopt_set_maxeval(o, maxeval);
    nlopt_set_xtol_rel(o, 1e-4);
    nlopt_optimize(o, theta, &best);
    nlopt_destroy(o);
}

/* ---- One fit: MAP, chain, predictive ensemble ---------------------------------------------- */

typedef struct sample {
    pl_mcmc_result chain;
    size_t n_draws;
    double *nat;     /* n_draws × n (natural scale) */
} sample;

static pl_status fit_once(post *c, double *theta, const pl_war_fit_options *opt, size_t mult, unsigned long stream,
                          sample *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = c->sp->n;
    find_map(c, theta, (int)(1000 + 60 * n));
    if (c->failed) return c->err->code ? c->err->code : pl_error_set(err, PL_EMODEL, "the model failed during the fit");
    double scale[256];
    for (size_t k = 0; k < n; k++) scale[k] = 0.05;
    size_t iters = opt->iterations * mult, burn = opt->burn_in * mult, keep = opt->draws * (mult > 1 ? 10 : 1);
    size_t thin = (iters - burn) / keep;
    pl_mcmc_options mo = {iters, burn, thin ? thin : 1, 0, 0};
    gsl_rng *rng = pl_rng_alloc(opt->seed, stream);
    if (!rng) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_mcmc_adaptive_metropolis(n, log_posterior, c, theta, scale, &mo, rng, &out->chain, err);
    gsl_rng_free(rng);
    if (!st && c->failed) st = c->err->code ? c->err->code : pl_error_set(err, PL_EMODEL, "the model failed");
    if (st) return st;
    out->n_draws = out->chain.n_kept;
    out->nat = pl_malloc(out->n_draws * n * sizeof *out->nat);
    if (!out->nat) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t d = 0; d < out->n_draws; d++) natural(c->sp, &out->chain.draws[d * n], &out->nat[d * n]);
    /* the chain ends wherever it is; restart the next fit from its best point */
    size_t best = 0;
    for (size_t d = 1; d < out->n_draws; d++)
        if (out->chain.log_density[d] > out->chain.log_density[best]) best = d;
    memcpy(theta, &out->chain.draws[best * n], n * sizeof *theta);
    return PL_OK;
}

static void free_sample(sample *s)
{
    pl_mcmc_result_free(&s->chain);
    pl_free(s->nat);
}

/* ---- Scores ----------------------------------------------------------------------------------- */

typedef struct tally {
    double abs, crps, in50, in90;
    size_t n, n_interval;
} tally;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* CRPS of a sorted ensemble (Gneiting & Raftery 2007): mean|x − y| − ½·mean|x − x'|. */
static double crps_sorted(const double *x, size_t m, double y)
{
    double a = 0, b = 0;
    for (size_t i = 0; i < m; i++) {
        a += fabs(x[i] - y);
        b += (2.0 * (double)i - (double)m + 1) * x[i]; /* Σ_i Σ_j |x_i − x_j| / 2 in O(m) */
    }
    return a / (double)m - b / ((double)m * (double)m);
}

static double quantile_sorted(const double *x, size_t m, double q)
{
    double pos = q * (double)(m - 1);
    size_t i = (size_t)pos;
    return i + 1 < m ? x[i] + (pos - (double)i) * (x[i + 1] - x[i]) : x[m - 1];
}

static void tally_ensemble(tally *t, double *x, size_t m, double y)
{
    double med = quantile_sorted(x, m, 0.5);
    t->abs += fabs(med - y), t->crps += crps_sorted(x, m, y), t->n++;
    t->in50 += y >= quantile_sorted(x, m, 0.25) && y <= quantile_sorted(x, m, 0.75);
    t->in90 += y >= quantile_sorted(x, m, 0.05) && y <= quantile_sorted(x, m, 0.95);
    t->n_interval++;
}

static void tally_point(tally *t, double f, double y)
{
    if (!isfinite(f)) return;
    t->abs += fabs(f - y), t->crps += fabs(f - y), t->n++;
}

/* ---- Baselines from what was known at the origin -------------------------------------------- */

static int known(const pl_war_record *r, const pl_war_datum *d, int origin, long as_of)
{
    return pl_war_record_month_end(r, d) <= origin && d->published <= as_of;
}

/* A datum's value as a rate per day (totals over the period's days; means and daily rates as they are). */
static double rate_of(const pl_war_record *r, const pl_war_datum *d)
{
    const pl_war_record_series *s = &r->series[d->series];
    return s->aggregate == PL_OBS_SUM ? d->value / (s->period_months * PL_WAR_MONTH_DAYS) : d->value;
}

/* Persistence of a period total (a half-year or year-to-date count): the latest known rate of the
** same side and measure, from whichever series reported it, carried over the target's period. There
** is no seasonal naive or drift for irregular periods. */
static void rate_persistence(const pl_war_record *r, size_t k, int origin, long as_of, double out[3])
{
    const pl_war_datum *t = &r->datum[k], *last = NULL;
    const pl_war_record_series *ts = &r->series[t->series];
    for (size_t j = 0; j < r->n_data; j++) {
        const pl_war_datum *d = &r->datum[j];
        const pl_war_record_series *s = &r->series[d->series];
        if (strcmp(s->side, ts->side) || strcmp(s->measure, ts->measure) || !known(r, d, origin, as_of)) continue;
        int end = pl_war_record_month_end(r, d), last_end = last ? pl_war_record_month_end(r, last) : 0;
        if (!last || end > last_end || (end == last_end && d->month > last->month)) last = d;
    }
    out[0] = out[1] = out[2] = (double)NAN;
    if (!last) return;
    double rate = rate_of(r, last);
    out[0] = ts->aggregate == PL_OBS_SUM ? rate * ts->period_months * PL_WAR_MONTH_DAYS : rate;
}

/* What an origin may know: everything published by the as-of date, or in real time (o->real_time)
** only what was published by the last day of the origin's month. */
static long origin_as_of(const pl_war_fit_options *o, int origin)
{
    if (!o->real_time || origin >= (1 << 29)) return o->as_of;
    int next = origin + 1;
    long end = pl_date_days(next / 12, next % 12 + 1, 1) - 1;
    return end < o->as_of ? end : o->as_of;
}

/* Persistence, seasonal naive and drift for datum k from its series' monthly values known at origin. */
static void baselines(const pl_war_record *r, size_t k, int origin, long as_of, double out[3])
{
    const pl_war_datum *t = &r->datum[k];
    if (r->series[t->series].period_months > 1) {
        rate_persistence(r, k, origin, as_of, out);
        return;
    }
    const pl_war_datum *first = NULL, *last = NULL;
    out[0] = out[1] = out[2] = (double)NAN;
    for (size_t j = 0; j < r->n_data; j++) {
        const pl_war_datum *d = &r->datum[j];
        if (d->series != t->series || !known(r, d, origin, as_of)) continue;
        if (!first) first = d;
        last = d;
        if (d->month == t->month - 12) out[1] = d->value;
    }
    if (!last) return;
    out[0] = last->value;
    if (first != last)
        out[2] = last->value + (double)(t->month - last->month) * (last->value - first->value) /
                                   (double)(last->month - first->month);
    if (out[2] < 0) out[2] = 0;
}

/* MASE scale: persistence's mean absolute one-step error over the series' values up to fit_to. */
static double mase_scale(const pl_war_record *r, int s, int fit_to, long as_of)
{
    double sum = 0, prev = (double)NAN;
    size_t n = 0;
    for (size_t j = 0; j < r->n_data; j++) {
        const pl_war_datum *d = &r->datum[j];
        if (d->series != s || !known(r, d, fit_to, as_of)) continue;
        if (!isnan(prev)) sum += fabs(d->value - prev), n++;
        prev = d->value;
    }
    return n ? sum / (double)n : (double)NAN;
}

/* ---- The protocol ------------------------------------------------------------------------------ */

typedef struct run {
    const pl_scenario *sc;
    const pl_war_record *rec;
    const pl_war_fit_options *opt;
    post c;
    double *theta;
    tally t[PL_WAR_SPLITS][PL_WAR_METHODS][MAX_SERIES];
    double *start_pred;   /* the nominal model's value per datum (the starting values) */
    double *ens;          /* scratch ensemble */
    pl_war_fit *f;
} run;

static int keep_forecast(run *u, int split, size_t k, int origin, const double *x, size_t m, const double base[3])
{
    pl_war_fit *f = u->f;
    pl_war_forecast *a = pl_realloc(f->forecast, (f->n_forecasts + 1) * sizeof *a);
    if (!a) return -1;
    f->forecast = a;
    const pl_war_datum *d = &u->rec->datum[k];
    a[f->n_forecasts++] = (pl_war_forecast){split, d->series, d->month, origin, d->value,
                                            quantile_sorted(x, m, 0.5), quantile_sorted(x, m, 0.25),
                                            quantile_sorted(x, m, 0.75), quantile_sorted(x, m, 0.05),
                                            quantile_sorted(x, m, 0.95), u->start_pred[k], base[0], base[1], base[2]};
    return 0;
}

static int is_target(const run *u, size_t k, int from, int to)
{
    const pl_war_datum *d = &u->rec->datum[k];
    int end = pl_war_record_month_end(u->rec, d);
    return end >= from && end <= to && u->c.v->obs_of[k] >= 0;
}

/* The last datum of series s fitted at this origin (the mask), or −1. */
static long last_fitted(const run *u, int s)
{
    long j = -1;
    for (size_t k = 0; k < u->rec->n_data; k++)
        if (u->rec->datum[k].series == s && u->c.mask[k] && u->c.v->obs_of[k] >= 0) j = (long)k;
    return j;
}

/* What score_origin computed for every target: the model's value per draw and datum, the last
** fitted residual per draw and series, and the index of that last fitted datum per series. */
typedef struct target_ctx {
    const sample *smp;
    const double *pred, *res;
    const long *last;
} target_ctx;

/* The predictive ensemble of target k (sorted into u->ens), scored with the starting values and
** the baselines; a target with nothing known before its origin has no persistence and is skipped. */
static pl_status score_target(run *u, const target_ctx *t, int split, int origin, size_t k, pl_error *err)
{
    const pl_war_record *r = u->rec;
    size_t n = u->c.sp->n, per = (size_t)u->opt->noise_per_draw, m = t->smp->n_draws * per, nd = t->smp->n_draws;
    double base[3], y = r->datum[k].value, off = offset_of(r, k);
    int s = r->datum[k].series;
    baselines(r, k, origin, origin_as_of(u->opt, origin), base);
    if (isnan(base[0])) return PL_OK;
    /* Each target's measurement noise has its own stream, so a forecast does not move when another
    ** series is added to the record. */
    gsl_rng *rng = pl_rng_alloc(u->opt->seed, ((uint64_t)(100000u + (unsigned)origin) << 24) | k);
    if (!rng) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t d = 0; d < nd; d++) {
        const double *nat = &t->smp->nat[d * n];
        double sigma = exp(nat[u->c.sp->sigma_of[s]]), b = u->c.sp->bias_of[s] >= 0 ? exp(nat[u->c.sp->bias_of[s]]) : 1;
        double mean = 0, sd = sigma;
        if (t->last[s] >= 0)
            pl_war_fit_error_step(phi_of(u->c.sp, nat, s), sigma, t->res[s * nd + d],
                                  r->datum[k].month - r->datum[t->last[s]].month, &mean, &sd);
        for (size_t j = 0; j < per; j++) {
            double e = mean + sd * gsl_ran_gaussian_ziggurat(rng, 1);
            u->ens[d * per + j] = off > 0 ? pl_war_fit_offset_predict(b * t->pred[k * nd + d], off, e)
                                          : b * t->pred[k * nd + d] * exp(e);
        }
    }
    gsl_rng_free(rng);
    qsort(u->ens, m, sizeof *u->ens, cmp_double);
    tally_ensemble(&u->t[split][PL_WAR_METHOD_MODEL][s], u->ens, m, y);
    if (keep_forecast(u, split, k, origin, u->ens, m, base)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    tally_point(&u->t[split][PL_WAR_METHOD_START][s], u->start_pred[k], y);
    for (int b = 0; b < 3; b++) tally_point(&u->t[split][PL_WAR_METHOD_PERSISTENCE + b][s], base[b], y);
    return PL_OK;
}

/* Predictive ensembles of the targets from a sample, scored with the baselines. Each draw's forecast
** is updated on the series' last fitted residual by the AR(1) error model: ln y = ln(b·m) + φ^Δ·r + e,
** e ~ N(0, σ²(1 − φ^{2Δ})); with an offset c, ln(y + c) = ln(b·m + c) + φ^Δ·r + e (floored at y = 0). */
static pl_status score_origin(run *u, const sample *smp, int split, int origin, int from, int to, pl_error *err)
{
    const pl_war_record *r = u->rec;
    size_t n = u->c.sp->n;
    double *pred = pl_calloc(r->n_data * smp->n_draws + 1, sizeof *pred);
    double *res = pl_calloc(r->n_series * smp->n_draws + 1, sizeof *res);
    long *last = pl_calloc(r->n_series + 1, sizeof *last);
    if (!pred || !res || !last) {
        pl_free(pred), pl_free(res), pl_free(last);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t s = 0; s < r->n_series; s++) last[s] = last_fitted(u, (int)s);
    for (size_t d = 0; d < smp->n_draws; d++) {
        if (run_model(&u->c, &smp->nat[d * n])) {
            pl_free(pred), pl_free(res), pl_free(last);
            return u->c.err->code;
        }
        for (size_t k = 0; k < r->n_data; k++)
            if (is_target(u, k, from, to)) pred[k * smp->n_draws + d] = model_value(&u->c, k);
        for (size_t s = 0; s < r->n_series; s++)
            if (last[s] >= 0) res[s * smp->n_draws + d] = residual(&u->c, &smp->nat[d * n], (size_t)last[s]);
    }
    pl_status st = PL_OK;
    for (size_t k = 0; k < r->n_data && !st; k++)
        if (is_target(u, k, from, to)) st = score_target(u, &(target_ctx){smp, pred, res, last}, split, origin, k, err);
    pl_free(pred), pl_free(res), pl_free(last);
    return st;
}

static size_t set_mask(run *u, char *mask, int origin)
{
    size_t n = 0;
    for (size_t k = 0; k < u->rec->n_data; k++) {
        mask[k] = known(u->rec, &u->rec->datum[k], origin, origin_as_of(u->opt, origin)) && u->c.v->obs_of[k] >= 0;
        n += (size_t)mask[k];
    }
    return n;
}

static int has_targets(const run *u, int from, int to)
{
    for (size_t k = 0; k < u->rec->n_data; k++)
        if (is_target(u, k, from, to)) return 1;
    return 0;
}

static pl_status evaluate(run *u, char *mask, int split, int origin, int from, int to, pl_error *err)
{
    if (!has_targets(u, from, to) || !set_mask(u, mask, origin)) return PL_OK;
    u->c.mask = mask;
    sample smp;
    pl_status st = fit_once(&u->c, u->theta, u->opt, 1, (unsigned long)(origin * 2 + split), &smp, err);
    if (!st) st = score_origin(u, &smp, split, origin, from, to, err);
    free_sample(&smp);
    return st;
}

static void summarise_scores(run *u, pl_war_fit *f)
{
    for (int sp = 0; sp < PL_WAR_SPLITS; sp++)
        for (int me = 0; me < PL_WAR_METHODS; me++)
            for (size_t s = 0; s < u->rec->n_series; s++) {
                const tally *t = &u->t[sp][me][s];
                pl_war_score *o = &f->score[sp][me][s];
                o->n = t->n;
                o->mae = t->n ? t->abs / (double)t->n : (double)NAN;
                o->crps = t->n ? t->crps / (double)t->n : (double)NAN;
                o->mase = o->mae / f->scale[s];
                o->cover50 = t->n_interval ? t->in50 / (double)t->n_interval : (double)NAN;
                o->cover90 = t->n_interval ? t->in90 / (double)t->n_interval : (double)NAN;
            }
}

/* Posterior summaries and draws of the final fit. */
static pl_status keep_posterior(run *u, const sample *smp, pl_war_fit *f, pl_error *err)
{
    size_t n = u->c.sp->n;
    f->n_param = n, f->n_draws = smp->n_draws, f->acceptance = smp->chain.acceptance;
    f->param = pl_calloc(n + 1, sizeof *f->param);
    f->draw = pl_malloc(smp->n_draws * n * sizeof *f->draw + 1);
    f->log_post = pl_malloc(smp->n_draws * sizeof *f->log_post + 1);
    double *col = pl_malloc(smp->n_draws * sizeof *col + 1);
    if (!f->param || !f->draw || !f->log_post || !col) {
        pl_free(col);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        pl_war_fit_param *q = &f->param[k];
        *q = u->c.sp->p[k];
        q->path = pl_strdup(u->c.sp->p[k].path);
        double s = 0, ss = 0;
        int is_log = q->scenario_param == -1;
        for (size_t d = 0; d < smp->n_draws; d++) {
            double v = smp->nat[d * n + k];
            s += v, ss += v * v;
            col[d] = v;
            f->draw[d * n + k] = is_log ? exp(v) : v;
        }
        double m = s / (double)smp->n_draws;
        q->mean = m, q->sd = sqrt(fmax(0, ss / (double)smp->n_draws - m * m));
        qsort(col, smp->n_draws, sizeof *col, cmp_double);
        q->q05 = quantile_sorted(col, smp->n_draws, 0.05), q->q95 = quantile_sorted(col, smp->n_draws, 0.95);
    }
    memcpy(f->log_post, smp->chain.log_density, smp->n_draws * sizeof *f->log_post);
    pl_free(col);
    return PL_OK;
}

static pl_status final_fit(run *u, char *mask, pl_war_fit *f, pl_error *err)
{
    f->n_fitted = set_mask(u, mask, 1 << 30);
    f->fit_first = 1 << 30, f->fit_last = -1;
    for (size_t k = 0; k < u->rec->n_data; k++) {
        if (!mask[k]) continue;
        const pl_war_datum *d = &u->rec->datum[k];
        if (d->month < f->fit_first) f->fit_first = d->month;
        int end = pl_war_record_month_end(u->rec, d);
        if (end > f->fit_last) f->fit_last = end;
        if (d->published > f->as_of_used) f->as_of_used = d->published;
    }
    if (!f->n_fitted) return pl_error_set(err, PL_EINPUT, "found no observation published by the as-of date, expected some");
    u->c.mask = mask;
    sample smp;
    pl_status st = fit_once(&u->c, u->theta, u->opt, 4, 1u << 20, &smp, err);
    if (!st) st = keep_posterior(u, &smp, f, err);
    free_sample(&smp);
    return st;
}

static pl_status start_predictions(run *u, pl_error *err)
{
    size_t n = u->c.sp->n;
    double nat[256];
    for (size_t k = 0; k < n; k++) nat[k] = u->c.sp->p[k].nominal;
    if (run_model(&u->c, nat)) return u->c.err->code;
    for (size_t k = 0; k < u->rec->n_data; k++) {
        int s = u->rec->datum[k].series, b = u->c.sp->bias_of[s];
        u->start_pred[k] = (double)NAN;
        if (u->c.v->obs_of[k] >= 0) u->start_pred[k] = model_value(&u->c, k) * (b >= 0 ? exp(nat[b]) : 1);
    }
    for (size_t k = 0; k < n; k++) u->theta[k] = theta_of(nat[k], u->c.sp->p[k].lo, u->c.sp->p[k].hi);
    (void)err;
    return PL_OK;
}

static pl_status protocol(run *u, pl_war_fit *f, pl_error *err)
{
    const pl_war_fit_options *o = u->opt;
    char *mask = pl_calloc(u->rec->n_data + 1, 1);
    u->start_pred = pl_calloc(u->rec->n_data + 1, sizeof *u->start_pred);
    u->ens = pl_calloc(o->draws * (size_t)o->noise_per_draw + 1, sizeof *u->ens);
    if (!mask || !u->start_pred || !u->ens) {
        pl_free(mask);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_status st = start_predictions(u, err);
    size_t n = u->c.sp->n;
    double *nominal = pl_malloc((n + 1) * sizeof *nominal);
    if (!st && !nominal) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) memcpy(nominal, u->theta, n * sizeof *nominal);
    for (size_t s = 0; s < u->rec->n_series && !st; s++) f->scale[s] = mase_scale(u->rec, (int)s, o->fit_to, origin_as_of(o, o->fit_to));
    if (!st) st = evaluate(u, mask, PL_WAR_SPLIT_FIXED, o->fit_to, o->test_from, o->test_to, err);
    /* The rolling origins start again from the nominal values and warm-start only from earlier
    ** origins: a start found with later data would leak it into an earlier fit. */
    if (!st) memcpy(u->theta, nominal, n * sizeof *nominal);
    pl_free(nominal);
    for (int m = o->origin_from; m <= o->origin_to && !st; m++) {
        st = evaluate(u, mask, PL_WAR_SPLIT_ROLLING, m, m + 1, m + o->horizon, err);
        f->origins++;
    }
    if (!st) summarise_scores(u, f);
    if (!st) st = final_fit(u, mask, f, err);
    pl_free(mask);
    return st;
}

static pl_status check_options(const pl_scenario *sc, const pl_war_fit_options *o, pl_error *err)
{
    if (!sc->n_free) return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no calibration.free parameters, expected a list of paths");
    if (o->iterations <= o->burn_in || !o->draws || o->noise_per_draw < 1 || o->horizon < 1)
        return pl_error_set(err, PL_EINPUT, "found a chain of %zu iterations with burn-in %zu and %zu draws, expected "
                            "more iterations than burn-in and at least one draw", o->iterations, o->burn_in, o->draws);
    for (size_t k = 0; k < o->n_hold; k++) {
        int p = pl_scenario_find_param(sc, o->hold[k]);
        size_t j = 0;
        while (p >= 0 && j < sc->n_free && sc->free_param[j] != p) j++;
        if (p < 0 || j == sc->n_free)
            return pl_error_set(err, PL_EINPUT, "found --hold %s, expected one of calibration.free", o->hold[k]);
    }
    return PL_OK;
}

pl_status pl_war_fit_run(const pl_scenario *sc, const pl_war_record *rec, const pl_war_fit_options *opt,
                         pl_war_fit **out, pl_error *err)
{
    *out = NULL;
    pl_status st = check_options(sc, opt, err);
    if (st) return st;
    view v;
    space sp;
    memset(&v, 0, sizeof v);
    memset(&sp, 0, sizeof sp);
    pl_war_fit *f = pl_calloc(1, sizeof *f);
    run *u = pl_calloc(1, sizeof *u);
    st = f && u ? build_view(sc, rec, &v, err) : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = build_space(sc, rec, opt, &sp, err);
    if (!st) {
        u->sc = sc, u->rec = rec, u->opt = opt, u->f = f;
        u->c = (post){rec, &v, &sp, pl_malloc((sc->n_params + 1) * sizeof(double)), NULL,
                      pl_calloc(sp.n + 1, sizeof(double)), NULL, 0, err, 0};
        u->theta = pl_calloc(sp.n + rec->n_data + 1, sizeof *u->theta);
        if (!u->c.values || !u->c.nat || !u->theta) st = pl_error_set(err, PL_ENOMEM, "out of memory");
        else pl_scenario_nominals(sc, u->c.values);
        if (!st && sp.n > 256) st = pl_error_set(err, PL_EINPUT, "found %zu fitted quantities, expected at most 256", sp.n);
    }
    if (f) f->n_series = rec->n_series;
    if (!st) st = protocol(u, f, err);
    if (u) {
        pl_free(u->c.values), pl_free(u->c.nat), pl_free(u->c.last), pl_free(u->theta);
        pl_free(u->start_pred), pl_free(u->ens);
    }
    pl_free(u);
    free_space(&sp);
    if (f) free_view(&v, rec->n_series);
    if (st) {
        pl_war_fit_free(f);
        return st;
    }
    *out = f;
    return PL_OK;
}

void pl_war_fit_error_step(double phi, double sigma, double r, int gap, double *mean, double *sd)
{
    double rho = gap > 0 ? pow(phi, gap) : 1;
    *mean = rho * r;
    *sd = sigma * sqrt(fmax(0, 1 - rho * rho));
}

void pl_war_fit_free(pl_war_fit *f)
{
    if (!f) return;
    for (size_t k = 0; k < f->n_param && f->param; k++) pl_free(f->param[k].path);
    pl_free(f->param), pl_free(f->draw), pl_free(f->log_post), pl_free(f->forecast);
    pl_free(f);
}
