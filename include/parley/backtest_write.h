/*
** backtest_write.h — `parley backtest`'s results: a prose table and a result document.
** Layer: ensembles.
*/
#ifndef PARLEY_BACKTEST_WRITE_H
#define PARLEY_BACKTEST_WRITE_H

#include <stdio.h>

#include "parley/backtest.h"
#include "parley/result.h"

/* --point LABEL=P: an out-of-corpus forecast placed on the reliability diagram; p NaN: none. */
typedef struct pl_bt_point {
    char label[64];
    double p;
} pl_bt_point;

/* The results as a document: meta, then the tables cases (first: what csv writes by default),
** scores, reliability, survival and covariates (docs/backtest.md "Output"). */
pl_status pl_backtest_doc(const pl_backtest *bt, const pl_bt_point *pt, pl_result_doc **out, pl_error *err);

/* The table for people. */
pl_status pl_backtest_prose(const pl_backtest *bt, const pl_bt_point *pt, FILE *fp, pl_error *err);

#endif
