/*
** score.h — scoring a one-dimension model against observed outcomes of a DEU-style table:
** the model forecasts each issue from the actors present on it; MAE and RMSE over the issues
** with a recorded outcome.
** Layer: models. Public API.
*/
#ifndef PARLEY_SCORE_H
#define PARLEY_SCORE_H

#include <stdio.h>

#include "parley/bargain.h"

typedef enum pl_capability_rule {
    PL_CAPABILITY_GDP = 0, /* the table's GDP row (DEU line 2) */
    PL_CAPABILITY_VOTES,   /* Council votes under the Treaty of Nice; Commission and EP as Germany */
    PL_CAPABILITY_EQUAL    /* every actor 1 */
} pl_capability_rule;

typedef struct pl_score {
    char *model;
    size_t n;            /* issues scored */
    double mae, rmse;
    char **issue;        /* [n] issue ids */
    double *prediction;  /* [n] */
    double *outcome;     /* [n] */
    size_t *group;       /* [n] the issue's proposal (pl_stakeholders.dim_group), the unit of clustering */
} pl_score;

/* Replaces the capabilities of s by rule (DEU actor codes are matched by name for VOTES). */
pl_status pl_capability_apply(pl_stakeholders *s, pl_capability_rule rule, pl_error *err);

/* Scores type on every issue of s that has an outcome. With ignore_salience every salience is
** taken as 1 (e.g. the GDP-weighted mean). A model that forecasts one dimension runs on each issue
** alone; a model of several dimensions only (exchange) runs once per proposal, with the proposal's
** issues as its dimensions (a proposal of one issue gets the compromise, the exchange model's
** outcome without trades). Stochastic models draw from stream (seed, issue) or (seed, proposal). */
pl_status pl_score_run(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                       int ignore_salience, unsigned long long seed, pl_score **out, pl_error *err);

/* The plain average of type's forecasts under every capability rule caps[0..n_caps) and salience
** convention equal_salience[0..n_sals) (0: the coded saliences, 1: all 1), each scored as
** pl_score_run does: capability and salience are uncertain measurements, and the average fits nothing.
** Summed in the order caps-major, saliences-minor, then divided. PL_EINVAL for no convention. */
pl_status pl_score_average(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                           const pl_capability_rule *caps, size_t n_caps, const int *equal_salience, size_t n_sals,
                           unsigned long long seed, pl_score **out, pl_error *err);

void pl_score_free(pl_score *sc);

/* Writers: JSON {"model","n","mae","rmse","issues":[...]}, CSV of per-issue predictions, table. */
pl_status pl_score_write_json(const pl_score *sc, FILE *out, pl_error *err);
pl_status pl_score_write_csv(const pl_score *sc, FILE *out, pl_error *err);
pl_status pl_score_write_table(const pl_score *sc, FILE *out, pl_error *err);

/* {====================================================================== Cross-validation by proposal */

typedef enum pl_cv_scheme {
    PL_CV_KFOLD = 0, /* proposals shuffled by the seed and dealt round-robin into k folds */
    PL_CV_LOPO       /* leave one proposal out: one fold per proposal */
} pl_cv_scheme;

/* Assigns each of n cases, by its group, a fold in [0, *n_folds): every case of a group to the same
** fold. KFOLD shuffles the distinct groups (in order of first appearance) with stream (seed, 0) and
** deals them round-robin into k folds, so fold sizes in groups differ by at most one; LOPO makes
** one fold per group, in order of first appearance. PL_EINVAL unless 2 ≤ folds ≤ groups. */
pl_status pl_cv_folds(const size_t *group, size_t n, pl_cv_scheme scheme, size_t k, unsigned long long seed,
                      size_t *fold, size_t *n_folds, pl_error *err);

typedef struct pl_cv_row {
    char *name;       /* "nash gdp/given", "nash, convention chosen in folds", "stack (...)" */
    const char *kind; /* "fixed" (nothing fitted), "averaged" (a model's plain average over its
                      ** conventions, nothing fitted), "chosen", "average" or "stack" */
    double mae_cv;    /* MAE of the out-of-fold forecasts */
    double mae_in;    /* MAE when fitted on every issue (equal to mae_cv for "fixed") */
    double diff_mean, se_mean;             /* mean of |e| − |e_mean| out of fold, SE clustered by proposal */
    double diff_compromise, se_compromise; /* the same against compromise gdp/given */
} pl_cv_row;

typedef struct pl_cv_weight {
    size_t row;    /* the stack's row in pl_cv_result.row */
    char *name;    /* a forecast with a positive weight in it, fitted on all issues */
    double weight;
} pl_cv_weight;

typedef struct pl_cv_result {
    pl_cv_scheme scheme;
    size_t k;                   /* folds asked for (KFOLD) */
    unsigned long long seed;
    size_t n, n_groups, n_folds; /* issues scored, their proposals, folds */
    pl_cv_row *row;
    size_t n_rows;
    pl_cv_weight *weight; /* the stacks' positive weights when fitted on all issues, by row */
    size_t n_weights;
    char **failed;        /* "model capability/salience: why" for conventions a model failed on (left out) */
    size_t n_failed;
} pl_cv_result;

/* Scores every registered model under every capability (gdp, votes, equal) and salience (given,
** equal) convention on the issues of s with an outcome (default options; stochastic models from
** seed), then cross-validates by proposal: each fixed forecast, each model's plain average over its
** conventions, each model with its convention chosen on the training folds, the single best
** forecast and the best model average chosen on them, the plain average of all, and two stacks
** (every forecast; the model averages) whose weights (least absolute deviation, non-negative,
** summing to 1) are fitted on them. Paired differences are taken against the unweighted mean and compromise gdp/given. */
pl_status pl_score_cv(const pl_stakeholders *s, pl_cv_scheme scheme, size_t k, unsigned long long seed,
                      pl_cv_result **out, pl_error *err);

void pl_cv_result_free(pl_cv_result *r);

pl_status pl_cv_write_table(const pl_cv_result *r, FILE *out, pl_error *err);
pl_status pl_cv_write_csv(const pl_cv_result *r, FILE *out, pl_error *err);
pl_status pl_cv_write_json(const pl_cv_result *r, FILE *out, pl_error *err);

#endif
