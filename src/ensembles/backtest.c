/*
** backtest.c — one backtest's evaluation (docs/backtest.md rules C10-C11): the leave-one-out
** baselines, every forecaster's scores on the same cases, paired differences against the model,
** and the time-to-renewal check of the model and the Weibull baseline against Kaplan-Meier.
** Layer: ensembles.
*/
#include "parley/backtest.h"

#include <math.h>
#include <string.h>

#include "parley/memory.h"

const char *const pl_bt_forecaster_names[PL_BT_FORECASTERS] = {"model", "model, recalibrated (LOO)", "base rate (LOO)",
                                                               "logistic (LOO)", "Weibull (LOO)"};
const double pl_bt_grid_years[PL_BT_GRID] = {1, 2, 5, 10, 20};

void pl_backtest_eval_free(pl_bt_eval *ev)
{
    for (int k = 0; k < PL_BT_FORECASTERS; k++) pl_free(ev->prob[k]);
    memset(ev, 0, sizeof *ev);
}

/* Platt scaling: the outcome on logit(model), fitted on the other cases. */
static pl_status recalibrate(const pl_bt_input *in, double *out, pl_error *err)
{
    double *z = pl_malloc(in->n * sizeof *z);
    if (!z) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < in->n; i++) z[i] = log(in->p_model[i] / (1 - in->p_model[i]));
    pl_loo_data d = {z, NULL, in->n, 1, in->lambda};
    pl_status st = pl_loo_logistic(&d, in->y, out, err);
    pl_free(z);
    return st;
}

/* Kaplan-Meier of (t, event) at the grid; se may be NULL. */
static pl_status km_at_grid(const double *t, const unsigned char *event, size_t n, double *s, double *se, pl_error *err)
{
    pl_km_step *steps = pl_malloc((n ? n : 1) * sizeof *steps);
    size_t *scratch = pl_malloc((2 * n + 1) * sizeof *scratch);
    if (!steps || !scratch) {
        pl_free(steps);
        pl_free(scratch);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t k = pl_kaplan_meier(t, event, n, steps, scratch);
    for (int g = 0; g < PL_BT_GRID; g++) {
        s[g] = pl_km_survival(steps, k, pl_bt_grid_years[g]);
        if (!se) continue;
        se[g] = 0;
        for (size_t j = 0; j < k && steps[j].t <= pl_bt_grid_years[g]; j++) se[g] = sqrt(steps[j].variance);
    }
    pl_free(steps);
    pl_free(scratch);
    return PL_OK;
}

static pl_status baselines(const pl_bt_input *in, pl_bt_eval *ev, pl_error *err)
{
    pl_loo_data d = {in->X, in->missing, in->n, in->p, in->lambda};
    double *surv = pl_malloc(in->n * PL_BT_GRID * sizeof *surv);
    if (!surv) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_loo_base_rate(in->y, in->n, ev->prob[PL_BT_BASE_RATE]);
    pl_status st = recalibrate(in, ev->prob[PL_BT_RECALIBRATED], err);
    if (!st) st = pl_loo_logistic(&d, in->y, ev->prob[PL_BT_LOGISTIC], err);
    if (!st)
        st = pl_loo_weibull(&d, in->t_obs, in->event, in->horizon, ev->prob[PL_BT_WEIBULL], pl_bt_grid_years, PL_BT_GRID,
                            surv, err);
    for (int g = 0; !st && g < PL_BT_GRID; g++) {
        double sum = 0;
        for (size_t i = 0; i < in->n; i++) sum += surv[i * PL_BT_GRID + g];
        ev->weibull_mean[g] = sum / (double)in->n;
    }
    pl_free(surv);
    return st;
}

pl_status pl_backtest_evaluate(const pl_bt_input *in, pl_bt_eval *ev, pl_error *err)
{
    memset(ev, 0, sizeof *ev);
    if (in->n < 3) return pl_error_set(err, PL_EINPUT, "found %zu cases, expected at least 3 for leave-one-out", in->n);
    for (int k = 0; k < PL_BT_FORECASTERS; k++)
        if (!(ev->prob[k] = pl_malloc(in->n * sizeof *ev->prob[k]))) {
            pl_backtest_eval_free(ev);
            return pl_error_set(err, PL_ENOMEM, "out of memory");
        }
    memcpy(ev->prob[PL_BT_MODEL], in->p_model, in->n * sizeof *in->p_model);
    pl_status st = baselines(in, ev, err);
    if (!st) st = km_at_grid(in->t_obs, in->event, in->n, ev->km_observed, ev->km_se, err);
    if (!st) st = km_at_grid(in->run_t, in->run_event, in->n_runs, ev->km_model, NULL, err);
    for (int k = 0; !st && k < PL_BT_FORECASTERS; k++) {
        pl_prob_score(ev->prob[k], in->y, in->n, &ev->score[k]);
        pl_brier_difference(in->p_model, ev->prob[k], in->y, in->n, &ev->diff_mean[k], &ev->diff_se[k]);
    }
    if (st) pl_backtest_eval_free(ev);
    return st;
}
