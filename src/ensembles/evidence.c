/*
** evidence.c — the likelihood of observed events under each aims hypothesis, the posterior over
** the hypotheses and the hinge under each and under their mixtures (evidence.h).
** Layer: ensembles.
**
** Likelihood (docs/models/settle.md §12): L(h) = (1/N) Σ_i Π_e 1[event e happens in draw i's run
** under h], the Monte Carlo estimate over the scenario's draws of the probability the model gives
** the whole set of events; posterior(h) ∝ prior(h)·L(h) (Bayes' rule over a finite set).
*/
#include "parley/evidence.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/summary.h"
#include "parley/war_condition.h"

#define Z90 1.6448536269514722

typedef struct ev_ctx {
    const pl_scenario *sc;
    const pl_settle_setup *su;
    const pl_event_set *ev;
    const pl_evidence_config *cfg;
    int k_hyp;        /* the parameter settle.aims.hypothesis */
    size_t n_hyp, n_ev;
    long start_day;   /* the first round's date */
    pl_war_condition *cond; /* the scenario's condition: on the record, or NULL */
    /* per draw i and hypothesis h: joint[i·H + h]; per rung r too: acc, ren[(i·H + h)·R + r] */
    unsigned char *joint, *acc, *ren;
} ev_ctx;

/* One run of draw `values` from a copy of stream base, with the terms (−1 the scenario's) and the
** guarantee rung (−1 the scenario's) given. */
static pl_status run_setting(const ev_ctx *c, const double *values, const gsl_rng *base, int terms, double rung,
                             pl_settle_params *p, pl_settle_outcomes *out, pl_error *err)
{
    pl_settle_setup su = *c->su; /* a shallow copy: only the terms' switch differs */
    if (terms >= 0) su.terms_proposal = terms;
    pl_status st = pl_settle_params_from_scenario(&su, c->sc, values, p, err);
    if (st) return st;
    if (rung >= 0) {
        p->v.guarantee.strength = rung;
        pl_guarantee_from_strength(rung, &p->guarantee);
    }
    gsl_rng *r = gsl_rng_clone(base);
    if (!r) return pl_error_set(err, PL_ENOMEM, "out of memory");
    st = pl_settle_run(p, r, out, err);
    gsl_rng_free(r);
    return st;
}

static int event_holds(const ev_ctx *c, const pl_event *e, const pl_settle_params *p, const pl_settle_outcomes *o)
{
    const double *v = o->v;
    double round_day = (double)c->start_day + (v[PL_SO_DEAL_ROUND] - 1) * p->v.negotiation.interval_days;
    int made = v[PL_SO_DEAL] > 0.5 && round_day <= (double)e->by;
    switch (e->kind) {
    case PL_EVENT_ATTACKER_ACCEPTED: return v[PL_SO_ACCEPT_ATTACKER] > 0.5;
    case PL_EVENT_ATTACKER_REFUSED: return v[PL_SO_ACCEPT_ATTACKER] < 0.5;
    case PL_EVENT_DEFENDER_ACCEPTED: return v[PL_SO_ACCEPT_DEFENDER] > 0.5;
    case PL_EVENT_DEFENDER_REFUSED: return v[PL_SO_ACCEPT_DEFENDER] < 0.5;
    case PL_EVENT_DEAL: return made;
    case PL_EVENT_NO_DEAL: return !made;
    }
    return 0;
}

/* Draw i under every hypothesis: the events jointly, then the hinge at every rung. */
static pl_status one_draw(const ev_ctx *c, size_t i, double *values, pl_settle_params *p, pl_settle_outcomes *o,
                          pl_error *err)
{
    const pl_evidence_config *cfg = c->cfg;
    gsl_rng *rng = pl_rng_alloc(cfg->seed, (uint64_t)i);
    if (!rng) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    size_t tries;
    if (cfg->nominal) pl_scenario_nominals(c->sc, values);
    else if (c->cond) st = pl_war_condition_draw(c->cond, rng, values, &tries, err);
    else pl_scenario_draw(c->sc, rng, values);
    for (size_t h = 0; !st && h < c->n_hyp; h++) {
        values[c->k_hyp] = (double)h;
        size_t ih = i * c->n_hyp + h;
        int all = 1;
        for (size_t e = 0; !st && all && e < c->n_ev; e++) {
            const pl_event *ev = &c->ev->ev[e];
            st = run_setting(c, values, rng, ev->terms, ev->guarantee, p, o, err);
            all = !st && event_holds(c, ev, p, o);
        }
        c->joint[ih] = (unsigned char)all;
        for (size_t r = 0; !st && r < cfg->n_rungs; r++) {
            st = run_setting(c, values, rng, -1, cfg->rung[r], p, o, err);
            c->acc[ih * cfg->n_rungs + r] = o->v[PL_SO_ACCEPT_ATTACKER] > 0.5;
            c->ren[ih * cfg->n_rungs + r] = o->v[PL_SO_SIGNED_RECOMMENCED_10Y] > 0.5;
        }
    }
    gsl_rng_free(rng);
    return st;
}

static pl_status all_draws(const ev_ctx *c, pl_error *err)
{
    pl_status st = PL_OK;
    long n = (long)c->cfg->runs;
#ifdef _OPENMP
    int nt = c->cfg->threads > 0 ? c->cfg->threads : omp_get_max_threads();
#pragma omp parallel num_threads(nt)
#endif
    {
        pl_settle_params *p = pl_malloc(sizeof *p);
        pl_settle_outcomes *o = pl_malloc(sizeof *o);
        double *values = pl_malloc((c->sc->n_params + 1) * sizeof *values);
        pl_error mine = {0};
        pl_status ms = p && o && values ? PL_OK : pl_error_set(&mine, PL_ENOMEM, "out of memory");
#ifdef _OPENMP
#pragma omp for schedule(dynamic)
#endif
        for (long i = 0; i < n; i++)
            if (!ms) ms = one_draw(c, (size_t)i, values, p, o, &mine);
#ifdef _OPENMP
#pragma omp critical(pl_evidence_failure)
#endif
        if (ms && !st) {
            st = ms;
            if (err) *err = mine;
        }
        pl_free(p);
        pl_free(o);
        pl_free(values);
    }
    return st;
}

static pl_share wilson(long k, long n)
{
    pl_share s = {n > 0 ? (double)k / (double)n : (double)NAN, 0, 1};
    pl_wilson_interval(k, n, Z90, &s.lo, &s.hi);
    return s;
}

/* The mixture Σ_h w_h x[i, h, r] over the draws: its mean and 90% normal interval. */
static pl_share mixture(const ev_ctx *c, const unsigned char *x, const double *w, size_t r)
{
    size_t n = c->cfg->runs, R = c->cfg->n_rungs;
    double sum = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        double m = 0;
        for (size_t h = 0; h < c->n_hyp; h++) m += w[h] * x[(i * c->n_hyp + h) * R + r];
        sum += m;
        sq += m * m;
    }
    double mean = sum / (double)n, var = n > 1 ? (sq - (double)n * mean * mean) / (double)(n - 1) : 0;
    double half = Z90 * sqrt(var > 0 ? var : 0) / sqrt((double)n);
    return (pl_share){mean, fmax(0, mean - half), fmin(1, mean + half)};
}

static void summarise(const ev_ctx *c, pl_evidence_result *r)
{
    size_t n = c->cfg->runs, R = c->cfg->n_rungs;
    double total = 0, w_prior[PL_SETTLE_MAX_HYPOTHESES], w_post[PL_SETTLE_MAX_HYPOTHESES];
    for (size_t h = 0; h < c->n_hyp; h++) {
        pl_evidence_hyp *y = &r->hyp[h];
        for (size_t i = 0; i < n; i++) y->count += c->joint[i * c->n_hyp + h];
        y->like = wilson(y->count, (long)n);
        total += y->prior * y->like.p;
        for (size_t k = 0; k < R; k++) {
            long a = 0, b = 0;
            for (size_t i = 0; i < n; i++) {
                a += c->acc[(i * c->n_hyp + h) * R + k];
                b += c->ren[(i * c->n_hyp + h) * R + k];
            }
            y->accept[k] = wilson(a, (long)n);
            y->renew10[k] = wilson(b, (long)n);
        }
    }
    r->posterior_defined = total > 0;
    for (size_t h = 0; h < c->n_hyp; h++) {
        r->hyp[h].post = total > 0 ? r->hyp[h].prior * r->hyp[h].like.p / total : (double)NAN;
        w_prior[h] = r->hyp[h].prior;
        w_post[h] = total > 0 ? r->hyp[h].post : 0;
    }
    for (size_t k = 0; k < R; k++) {
        r->accept_prior[k] = mixture(c, c->acc, w_prior, k);
        r->renew10_prior[k] = mixture(c, c->ren, w_prior, k);
        r->accept_post[k] = mixture(c, c->acc, w_post, k);
        r->renew10_post[k] = mixture(c, c->ren, w_post, k);
    }
}

/* The hypotheses' ids and normalised nominal priors, in declaration order. */
static pl_status read_hypotheses(const pl_scenario *sc, pl_evidence_result *r, pl_error *err)
{
    static const char prefix[] = "settle.hypotheses.";
    double total = 0;
    for (size_t k = 0; k < sc->n_entries; k++) {
        if (strncmp(sc->entry[k].path, prefix, sizeof prefix - 1) != 0) continue;
        if (r->n_hyp == PL_SETTLE_MAX_HYPOTHESES) return pl_error_set(err, PL_EINPUT, "too many hypotheses");
        pl_evidence_hyp *y = &r->hyp[r->n_hyp++];
        snprintf(y->id, sizeof y->id, "%s", sc->entry[k].id);
        char path[512];
        snprintf(path, sizeof path, "%s.prior", sc->entry[k].path);
        int j = pl_scenario_find_param(sc, path);
        y->prior = j >= 0 ? sc->param[j].nominal : 1;
        total += y->prior;
    }
    if (r->n_hyp == 0) return pl_error_set(err, PL_EINPUT, "%s declares no settle.hypotheses, expected at least one to weigh", sc->path);
    if (!(total > 0)) return pl_error_set(err, PL_EINPUT, "%s: the hypotheses' priors sum to 0, expected a positive sum", sc->path);
    for (size_t h = 0; h < r->n_hyp; h++) r->hyp[h].prior /= total;
    return PL_OK;
}

static pl_status ctx_init(ev_ctx *c, const pl_scenario *sc, const pl_settle_setup *su, const pl_event_set *ev,
                          const pl_evidence_config *cfg, size_t n_hyp, pl_error *err)
{
    *c = (ev_ctx){.sc = sc, .su = su, .ev = ev, .cfg = cfg, .n_hyp = n_hyp, .n_ev = ev ? ev->n : 0};
    c->k_hyp = pl_scenario_find_param(sc, "settle.aims.hypothesis");
    const pl_field *start = pl_scenario_find_field(sc, "settle.start");
    if (c->k_hyp < 0 || !start) return pl_error_set(err, PL_EINVAL, "%s was not read with the settle schema", sc->path);
    c->start_day = (long)start->number;
    if (!cfg->nominal) {
        pl_status st = pl_war_condition_create(sc, &c->cond, err);
        if (st) return st;
    }
    if (cfg->runs == 0 || cfg->n_rungs > PL_EVIDENCE_MAX_RUNGS)
        return pl_error_set(err, PL_EINVAL, "found %zu runs and %zu rungs, expected runs > 0 and at most %d rungs", cfg->runs,
                            cfg->n_rungs, PL_EVIDENCE_MAX_RUNGS);
    size_t cells = cfg->runs * n_hyp, R = cfg->n_rungs ? cfg->n_rungs : 1;
    c->joint = pl_calloc(cells, 1);
    c->acc = pl_calloc(cells * R, 1);
    c->ren = pl_calloc(cells * R, 1);
    return c->joint && c->acc && c->ren ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
}

static void ctx_free(ev_ctx *c)
{
    pl_war_condition_free(c->cond);
    pl_free(c->joint);
    pl_free(c->acc);
    pl_free(c->ren);
}

pl_status pl_evidence_run(const pl_scenario *sc, const pl_settle_setup *su, const pl_event_set *ev,
                          const pl_evidence_config *cfg, pl_evidence_result *r, pl_error *err)
{
    memset(r, 0, sizeof *r);
    pl_status st = read_hypotheses(sc, r, err);
    if (st) return st;
    ev_ctx c;
    st = ctx_init(&c, sc, su, ev, cfg, r->n_hyp, err);
    if (!st) st = all_draws(&c, err);
    if (!st) {
        r->runs = cfg->runs;
        r->n_events = c.n_ev;
        r->n_rungs = cfg->n_rungs;
        memcpy(r->rung, cfg->rung, cfg->n_rungs * sizeof *r->rung);
        summarise(&c, r);
        if (c.cond) pl_war_condition_describe(c.cond, r->condition, sizeof r->condition);
        else if (!cfg->nominal && pl_war_condition_declared(sc) && (sc->flags & PL_SCENARIO_NO_CONDITION))
            snprintf(r->condition, sizeof r->condition, "not conditioned on the record (--no-condition): every draw is "
                     "run as drawn");
    }
    ctx_free(&c);
    return st;
}

pl_status pl_evidence_simulate(const pl_scenario *sc, const pl_settle_setup *su, size_t hyp, const double *rungs,
                               const int *terms, size_t n, uint64_t seed, uint64_t stream, pl_event_set **out, pl_error *err)
{
    *out = NULL;
    pl_evidence_config cfg = {.runs = 1, .seed = seed};
    ev_ctx c;
    pl_status st = ctx_init(&c, sc, su, NULL, &cfg, 1, err);
    pl_event_set *s = pl_calloc(1, sizeof *s);
    pl_settle_params *p = pl_malloc(sizeof *p);
    pl_settle_outcomes *o = pl_malloc(sizeof *o);
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    gsl_rng *rng = pl_rng_alloc(seed, stream);
    if (!st && (!s || !p || !o || !values || !rng || !(s->ev = pl_calloc(n + 1, sizeof *s->ev))))
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
    size_t tries;
    if (!st && c.cond) st = pl_war_condition_draw(c.cond, rng, values, &tries, err);
    else if (!st) pl_scenario_draw(sc, rng, values);
    if (!st) {
        values[c.k_hyp] = (double)hyp;
        s->path = pl_strdup("(simulated)");
    }
    for (size_t k = 0; !st && k < n; k++, s->n++) {
        int t = terms ? terms[k] : -1;
        st = run_setting(&c, values, rng, t, rungs[k], p, o, err);
        char id[64];
        snprintf(id, sizeof id, "sim-%g-%d", rungs[k], t);
        pl_event *e = &s->ev[k];
        *e = (pl_event){.id = pl_strdup(id), .what = pl_strdup(""), .source = pl_strdup("simulated"), .date = c.start_day,
                        .by = c.start_day, .published = c.start_day, .terms = t, .guarantee = rungs[k],
                        .kind = !st && o->v[PL_SO_ACCEPT_ATTACKER] > 0.5 ? PL_EVENT_ATTACKER_ACCEPTED : PL_EVENT_ATTACKER_REFUSED};
        if (!st && (!e->id || !e->what || !e->source)) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    gsl_rng_free(rng);
    pl_free(p);
    pl_free(o);
    pl_free(values);
    ctx_free(&c);
    if (st) {
        pl_event_set_free(s);
        return st;
    }
    *out = s;
    return PL_OK;
}
