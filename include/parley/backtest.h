/*
** backtest.h — scoring forecasts of yes/no events and of times to an event, and the regression
** baselines they are compared with: Brier and log scores with Murphy's decomposition, the
** reliability diagram as data, Kaplan-Meier survival, ridge logistic regression (IRLS) and a
** ridge Weibull proportional-hazards model, each with a leave-one-out driver.
** Layer: ensembles. Public API. Rules and results: docs/backtest.md (rules C9-C11).
*/
#ifndef PARLEY_BACKTEST_H
#define PARLEY_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"

/* ---- Probability forecasts of yes/no events ------------------------------------------------ */

enum { PL_RELIABILITY_BINS = 5 };

/* Forecasts are clipped to [PL_LOG_CLIP, 1 − PL_LOG_CLIP] for the log score only (rule C9). */
#define PL_LOG_CLIP 0.001

/* One bin [k/5, (k+1)/5) of the reliability diagram (the last bin includes 1). */
typedef struct pl_reliability_bin {
    size_t n;               /* forecasts in the bin */
    double mean_forecast;   /* NaN when n = 0 */
    double observed;        /* share of events; NaN when n = 0 */
    double lo, hi;          /* 90 % Wilson interval of observed (pl_wilson_interval, summary.h); NaN when n = 0 */
} pl_reliability_bin;

typedef struct pl_prob_scores {
    size_t n;
    double brier;       /* mean (p − y)² */
    double log_score;   /* mean −ln(p) for y = 1, −ln(1 − p) for y = 0, p clipped (PL_LOG_CLIP) */
    size_t clipped;     /* forecasts the clip changed */
    double reliability, resolution, uncertainty; /* Murphy (1973) over the bins */
    double sharpness;   /* standard deviation of the forecasts */
    double base_rate;   /* share of events */
    pl_reliability_bin bin[PL_RELIABILITY_BINS];
} pl_prob_scores;

/* Scores forecasts p[0..n−1] of outcomes y[i] ∈ {0, 1}. */
void pl_prob_score(const double *p, const double *y, size_t n, pl_prob_scores *s);

/* Mean and standard error of the per-case differences (p_i − y_i)² − (q_i − y_i)² (Diebold and
** Mariano 1995): negative means p scores better. se is NaN when n < 2. */
void pl_brier_difference(const double *p, const double *q, const double *y, size_t n, double *mean, double *se);

/* ---- Times to an event ---------------------------------------------------------------------- */

/* One step of a Kaplan-Meier curve: S just after time t. */
typedef struct pl_km_step {
    double t, survival, variance; /* Greenwood's variance of S */
    size_t at_risk, events;
} pl_km_step;

/* Kaplan-Meier (1958) estimate from times t[i] with event[i] = 1 (event) or 0 (censored), ties
** of events before censorings. Writes one step per distinct event time into steps (room for n)
** and returns their count. scratch holds 2n size_t. */
size_t pl_kaplan_meier(const double *t, const unsigned char *event, size_t n, pl_km_step *steps, size_t *scratch);

/* S(t) of a Kaplan-Meier curve (1 before the first step). */
double pl_km_survival(const pl_km_step *steps, size_t k, double t);

/* ---- Regression baselines ------------------------------------------------------------------- */

/* Logistic regression of y (0/1) on the rows of X (n × p, row-major, no intercept column) with a
** ridge penalty lambda·Σβ_j² / 2 on the slopes, fitted by iteratively reweighted least squares
** (gsl_multifit_wlinear on the rows augmented by √lambda·I). beta receives p + 1 values, beta[0]
** the intercept. Converged when β or the fitted probabilities stop moving (outcomes all of one
** kind have no finite intercept); PL_EMAXITER after 100 iterations. */
pl_status pl_logistic_fit(const double *X, size_t n, size_t p, const double *y, double lambda, double *beta,
                          pl_error *err);

/* P(y = 1 | x) of a fitted logistic model. */
double pl_logistic_predict(const double *beta, const double *x, size_t p);

/* Weibull proportional hazards with right censoring: H(t | x) = t^k·exp(a + x·b), fitted by
** penalised maximum likelihood (gsl_multimin BFGS, ridge lambda on b). theta receives p + 2
** values: ln k, a, b_1..b_p. PL_EMODEL when the minimiser fails. */
pl_status pl_weibull_fit(const double *X, size_t n, size_t p, const double *t, const unsigned char *event, double lambda,
                         double *theta, pl_error *err);

/* S(t | x) = exp(−t^k·exp(a + x·b)) of a fitted Weibull model. */
double pl_weibull_survival(const double *theta, const double *x, size_t p, double t);

/* A data set for the leave-one-out drivers: n cases, p covariates (row-major X), with
** missing[i·p + j] != 0 where case i's covariate j is not coded. */
typedef struct pl_loo_data {
    const double *X;
    const unsigned char *missing; /* may be NULL: none missing */
    size_t n, p;
    double lambda;                /* ridge penalty on the standardised slopes */
} pl_loo_data;

/* Leave-one-out forecasts: for each case i, the model fitted on the other n − 1 cases (each
** covariate standardised on them, a missing value replaced by their mean) predicts case i.
** pl_loo_logistic writes P(y_i = 1) to out[i]; pl_loo_weibull writes 1 − S(horizon | x_i) to
** prob[i] and, when surv is not NULL, S(grid[g] | x_i) to surv[i·n_grid + g]. */
pl_status pl_loo_logistic(const pl_loo_data *d, const double *y, double *out, pl_error *err);
pl_status pl_loo_weibull(const pl_loo_data *d, const double *t, const unsigned char *event, double horizon, double *prob,
                         const double *grid, size_t n_grid, double *surv, pl_error *err);

/* Leave-one-out base rate: out[i] = mean of y over the other cases. */
void pl_loo_base_rate(const double *y, size_t n, double *out);

/* ---- A whole backtest --------------------------------------------------------------------- */

/* The forecasters compared (rule C10), in output order. */
typedef enum pl_bt_forecaster {
    PL_BT_MODEL,       /* the model's share of runs with a renewal (no fitting) */
    PL_BT_RECALIBRATED, /* logistic on logit(model), leave-one-out (Platt) */
    PL_BT_BASE_RATE,   /* leave-one-out base rate */
    PL_BT_LOGISTIC,    /* ridge logistic on the covariates, leave-one-out */
    PL_BT_WEIBULL,     /* ridge Weibull PH on the covariates, leave-one-out */
    PL_BT_FORECASTERS
} pl_bt_forecaster;

extern const char *const pl_bt_forecaster_names[PL_BT_FORECASTERS];

enum { PL_BT_GRID = 5 };
extern const double pl_bt_grid_years[PL_BT_GRID]; /* 1, 2, 5, 10, 20 */

typedef struct pl_bt_input {
    size_t n, p;
    const double *p_model;             /* n: the model's forecast of a renewal within horizon */
    const double *y;                   /* n: 1 when war resumed within horizon */
    const double *t_obs;               /* n: years to the renewal, or to the end of the window */
    const unsigned char *event;        /* n: 1 renewal, 0 censored */
    const double *X;                   /* n × p covariates for the regressions */
    const unsigned char *missing;      /* n × p, may be NULL */
    double horizon, lambda;
    const double *run_t;               /* pooled model runs: years to renewal or window end */
    const unsigned char *run_event;
    size_t n_runs;
} pl_bt_input;

typedef struct pl_bt_eval {
    double *prob[PL_BT_FORECASTERS];   /* n each */
    pl_prob_scores score[PL_BT_FORECASTERS];
    double diff_mean[PL_BT_FORECASTERS], diff_se[PL_BT_FORECASTERS]; /* Brier of the model minus forecaster k */
    double km_observed[PL_BT_GRID], km_se[PL_BT_GRID]; /* Kaplan-Meier of the cases, Greenwood SE */
    double km_model[PL_BT_GRID];       /* Kaplan-Meier of the pooled model runs, same windows */
    double weibull_mean[PL_BT_GRID];   /* mean over cases of the leave-one-out Weibull S(t) */
} pl_bt_eval;

/* Runs the baselines (leave-one-out) and scores every forecaster against y; the time-to-renewal
** check against Kaplan-Meier. ev's arrays are allocated; free with pl_backtest_eval_free. */
pl_status pl_backtest_evaluate(const pl_bt_input *in, pl_bt_eval *ev, pl_error *err);
void pl_backtest_eval_free(pl_bt_eval *ev);

/* ---- A corpus of historical cases (docs/backtest.md) ----------------------------------------- */

/* Each case file is one ensemble experiment (the settle model's post-deal world over the case's
** window, outcome years_to_renewal), run by the ensemble engine: run i draws from stream
** (seed, i), so the forecasts are the same whatever the thread count. */

enum { PL_BT_MAX_CASES = 128, PL_BT_COVARIATES = 10 /* = PL_SETTLE_N_COVARIATES, checked in backtest_cases.c */ };

/* One case's facts, prediction and outcome. */
typedef struct pl_bt_case {
    char name[128];
    double window;               /* observed years after the agreement */
    double actual_years;         /* years to the renewal; -1: none in the window */
    int resumed;
    double ladder;               /* rule C8's guarantee code at the nominal covariates */
    size_t k_horizon;            /* runs with a renewal within the horizon */
    double p_model, p_lo, p_hi;  /* (k + 1/2)/(R + 1) and the 90 % Wilson interval of k/R (rule C9) */
    double median;               /* median predicted years to renewal; -1 when most runs have none */
    double cov[PL_BT_COVARIATES];
    unsigned char coded[PL_BT_COVARIATES];
    double *run_t;               /* [runs] years to renewal, -1 none */
} pl_bt_case;

typedef void (*pl_bt_progress_fn)(void *ctx, long done, long total);

typedef struct pl_bt_config {
    uint64_t seed;
    long runs;             /* runs per case (rule C8: 200) */
    double years;          /* the forecast event: renewal within this many years (rule C7: 5) */
    double ridge;          /* ridge penalty of the regression baselines (rule C10: 1) */
    int threads;           /* 0: OpenMP's default (results do not depend on it) */
    pl_bt_progress_fn progress; /* runs done over every case (may be NULL) */
    void *progress_ctx;
} pl_bt_config;

typedef struct pl_backtest {
    char *dir;
    char **file;           /* [n_files] the case files of dir (*.yaml not starting with '_'), sorted */
    size_t n_files;
    pl_bt_config cfg;
    pl_bt_case *c;         /* [n] the cases run */
    size_t n;
    size_t n_coded[PL_BT_COVARIATES];   /* cases coding each covariate (mechanism flags always count) */
    int in_regression[PL_BT_COVARIATES]; /* coded for at least 80 % of the cases (rule C10) */
    pl_bt_eval ev;         /* valid when evaluated */
    int evaluated;
} pl_backtest;

/* Lists the case files of dir; nothing is read yet (a caller checks its outputs against them). */
pl_status pl_backtest_open(const char *dir, pl_backtest **out, pl_error *err);

/* Reads dir/_common.yaml (required: rule C8) and every case, runs each through the ensemble
** engine, and evaluates the corpus (pl_backtest_evaluate). Located errors for a case's outcome. */
pl_status pl_backtest_run(pl_backtest *bt, const pl_bt_config *cfg, pl_error *err);

void pl_backtest_free(pl_backtest *bt);

/* 1 for the covariates an unreported value codes as none (the mechanism flags, rule C8). */
int pl_bt_covariate_always_coded(size_t j);

/* 1 when case i renewed within the horizon; its per-case Brier score of the model. */
int pl_bt_case_event(const pl_backtest *bt, size_t i);
double pl_bt_case_brier(const pl_backtest *bt, size_t i);

/* idx[0..n-1]: the cases sorted by the model's per-case Brier score, worst first (ties in file order). */
void pl_bt_most_wrong(const pl_backtest *bt, size_t *idx);

#endif
