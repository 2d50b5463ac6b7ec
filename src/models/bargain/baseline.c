/*
** baseline.c — the three baseline forecasts: Stokman's compromise model (weighted mean),
** the lower weighted median, and the unweighted mean; plus a constant forecast.
** Layer: models.
**
** Compromise model: O_d = Σ_i c_id s_id x_id / Σ_i c_id s_id (Van den Bos 1991; Stokman & Van
** Oosten 1994; Achen 2006 "weighted mean"). The median is the lower weighted median with the
** same weights (the Condorcet winner of Black 1948 for single-peaked preferences). Both fall back
** to unweighted forms when every weight is zero, as the DEU reference rules state.
*/
#include "models/bargain/baseline.h"

#include <string.h>

#include "parley/memory.h"
#include "parley/stats.h"

typedef enum { BASE_COMPROMISE, BASE_MEDIAN, BASE_MEAN, BASE_CONSTANT } base_kind;

/* The baseline of kind for every dimension of the input (round 0 only). */
static pl_status baseline_run(base_kind kind, const pl_stakeholders *s, const pl_optset *opts,
                              pl_forecast *out, pl_error *err)
{
    pl_status st = pl_forecast_add_round(out, s->position, err);
    if (st) return st;
    const pl_forecast_round *r0 = &out->round[0];
    double *fc = pl_malloc(s->n_dims * sizeof *fc);
    double *x = pl_malloc(s->n_actors * sizeof *x), *w = pl_malloc(s->n_actors * sizeof *w);
    unsigned char *mask = pl_malloc(s->n_actors);
    if (!fc || !x || !w || !mask) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    const char *rule = "";
    for (size_t d = 0; d < s->n_dims; d++) {
        switch (kind) {
        case BASE_COMPROMISE:
            fc[d] = r0->mean[d];
            rule = "weighted mean, weights capability x salience";
            break;
        case BASE_MEDIAN:
            fc[d] = r0->median[d];
            rule = "lower weighted median, weights capability x salience";
            break;
        case BASE_MEAN:
            for (size_t i = 0; i < s->n_actors; i++) {
                x[i] = s->position[pl_idx(s, i, d)];
                w[i] = 1.0;
                mask[i] = s->present[pl_idx(s, i, d)];
            }
            fc[d] = pl_weighted_mean(x, w, mask, s->n_actors);
            rule = "unweighted mean of positions";
            break;
        case BASE_CONSTANT:
            fc[d] = pl_optset_given(opts, "value") ? pl_optset_double(opts, "value")
                                                   : (s->dim_lo[d] + s->dim_hi[d]) / 2;
            rule = "constant";
            break;
        }
    }
    st = pl_forecast_set(out, fc, rule, err);
done:
    pl_free(fc);
    pl_free(x);
    pl_free(w);
    pl_free(mask);
    return st;
}

static pl_status run_compromise(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f,
                                pl_error *err)
{
    (void)rng;
    return baseline_run(BASE_COMPROMISE, s, o, f, err);
}

static pl_status run_median(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f,
                            pl_error *err)
{
    (void)rng;
    return baseline_run(BASE_MEDIAN, s, o, f, err);
}

static pl_status run_mean(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f,
                          pl_error *err)
{
    (void)rng;
    return baseline_run(BASE_MEAN, s, o, f, err);
}

static pl_status run_constant(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f,
                              pl_error *err)
{
    (void)rng;
    return baseline_run(BASE_CONSTANT, s, o, f, err);
}

static const pl_option_desc constant_options[] = {
    {"value", PL_OPT_DOUBLE, "0", -1e300, 1e300, NULL,
     "the forecast on every dimension (default: the midpoint of the dimension's scale)"},
};

const pl_bargain_type pl_bargain_compromise = {
    "compromise", "Stokman's compromise model: mean of positions weighted by capability x salience",
    "Van den Bos (1991); Stokman & Van Oosten (1994); Achen (2006)", NULL, 0,
    PL_BARGAIN_ONE_DIM | PL_BARGAIN_MULTI_DIM, run_compromise};

const pl_bargain_type pl_bargain_median = {
    "median", "lower weighted median of positions, weights capability x salience",
    "Black (1948); Achen (2006)", NULL, 0, PL_BARGAIN_ONE_DIM | PL_BARGAIN_MULTI_DIM, run_median};

const pl_bargain_type pl_bargain_mean = {
    "mean", "unweighted mean of positions", "Achen (2006)", NULL, 0, PL_BARGAIN_ONE_DIM | PL_BARGAIN_MULTI_DIM,
    run_mean};

const pl_bargain_type pl_bargain_constant = {
    "constant", "a constant forecast (default: the midpoint of each scale), the floor any model must beat",
    "Achen (2006)", constant_options, 1, PL_BARGAIN_ONE_DIM | PL_BARGAIN_MULTI_DIM, run_constant};
