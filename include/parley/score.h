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
} pl_score;

/* Replaces the capabilities of s by rule (DEU actor codes are matched by name for VOTES). */
pl_status pl_capability_apply(pl_stakeholders *s, pl_capability_rule rule, pl_error *err);

/* Scores type on every issue of s that has an outcome. With ignore_salience every salience is
** taken as 1 (e.g. the GDP-weighted mean). */
pl_status pl_score_run(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                       int ignore_salience, unsigned long long seed, pl_score **out, pl_error *err);

void pl_score_free(pl_score *sc);

/* Writers: JSON {"model","n","mae","rmse","issues":[...]}, CSV of per-issue predictions, table. */
pl_status pl_score_write_json(const pl_score *sc, FILE *out, pl_error *err);
pl_status pl_score_write_csv(const pl_score *sc, FILE *out, pl_error *err);
pl_status pl_score_write_table(const pl_score *sc, FILE *out, pl_error *err);

#endif
