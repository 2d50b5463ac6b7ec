/*
** settle_runs.c — many runs of a settle scenario (a plain loop over run i on stream (seed, i))
** and what they say together: acceptance, deals, recommencement and its timing.
** Layer: simulation.
*/
#include "parley/settle_sim.h"

#include <string.h>

#include <gsl/gsl_sort.h>

#include "parley/memory.h"
#include "parley/rng.h"

pl_status pl_settle_runs(const pl_settle_setup *su, const pl_scenario *sc, uint64_t seed, size_t runs, int nominal,
                         double *outcomes, double *values, double *terms, pl_error *err)
{
    double *v = pl_malloc((sc->n_params ? sc->n_params : 1) * sizeof *v);
    gsl_rng *rng = pl_rng_alloc(seed, 0);
    pl_settle_params *p = pl_malloc(sizeof *p);
    pl_status st = v && rng && p ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < runs && !st; i++) {
        pl_rng_reseed(rng, seed, i);
        if (nominal) pl_scenario_nominals(sc, v);
        else pl_scenario_draw(sc, rng, v);
        pl_settle_outcomes out;
        st = pl_settle_params_from_scenario(su, sc, v, p, err);
        if (!st) st = pl_settle_run(p, rng, &out, err);
        if (st) break;
        memcpy(outcomes + i * PL_SO_COUNT, out.v, sizeof out.v);
        if (values) memcpy(values + i * sc->n_params, v, sc->n_params * sizeof *v);
        if (terms) memcpy(terms + i * out.n_points, out.terms, out.n_points * sizeof *terms);
    }
    pl_free(p);
    pl_free(v);
    gsl_rng_free(rng);
    return st;
}

double pl_settle_median_time(const double *t, size_t n, size_t stride, double *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i * stride] >= 0) scratch[m++] = t[i * stride];
    /* The median falls among the events only when at least half the runs have one. */
    if (n == 0 || 2 * m < n) return -1;
    gsl_sort(scratch, 1, m);
    size_t k = (n + 1) / 2; /* the k-th smallest of all n, events first */
    return scratch[k - 1];
}

/* Mean of outcome k over runs where it is defined: times are −1 when the event did not happen. */
static int is_time(size_t k)
{
    return k == PL_SO_YEARS_TO_RECOMMENCE || k == PL_SO_SIGNED_YEARS_TO_RECOMMENCE || k == PL_SO_PLANNED_ATTACK_YEARS;
}

void pl_settle_summarise(const double *o, size_t runs, pl_settle_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    sum->runs = runs;
    for (size_t k = 0; k < PL_SO_COUNT; k++) {
        double total = 0;
        size_t n = 0;
        for (size_t i = 0; i < runs; i++) {
            double x = o[i * PL_SO_COUNT + k];
            if (is_time(k) && x < 0) continue;
            total += x, n++;
        }
        sum->mean[k] = n ? total / (double)n : -1;
    }
    double *scratch = pl_malloc((runs ? runs : 1) * sizeof *scratch), *deal_t = pl_malloc((runs ? runs : 1) * sizeof *deal_t);
    size_t r5 = 0, r10 = 0;
    for (size_t i = 0; i < runs; i++) {
        const double *x = o + i * PL_SO_COUNT;
        if (!(x[PL_SO_DEAL] > 0)) continue;
        if (deal_t) deal_t[sum->deals] = x[PL_SO_YEARS_TO_RECOMMENCE];
        sum->deals++;
        r5 += x[PL_SO_RECOMMENCED_5Y] > 0;
        r10 += x[PL_SO_RECOMMENCED_10Y] > 0;
    }
    sum->p_recommenced_5y_deal = sum->deals ? (double)r5 / (double)sum->deals : -1;
    sum->p_recommenced_10y_deal = sum->deals ? (double)r10 / (double)sum->deals : -1;
    sum->median_years_deal = sum->median_years_signed = -1;
    if (scratch && deal_t) {
        sum->median_years_deal = pl_settle_median_time(deal_t, sum->deals, 1, scratch);
        sum->median_years_signed = pl_settle_median_time(o + PL_SO_SIGNED_YEARS_TO_RECOMMENCE, runs, PL_SO_COUNT, scratch);
    }
    pl_free(scratch);
    pl_free(deal_t);
}
