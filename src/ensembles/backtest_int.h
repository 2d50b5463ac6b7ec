/*
** backtest_int.h — what the backtest's files share: the corpus's evaluation, called once every
** case has run.
** Layer: ensembles. Internal.
*/
#ifndef PARLEY_ENSEMBLES_BACKTEST_INT_H
#define PARLEY_ENSEMBLES_BACKTEST_INT_H

#include "core/internal.h"
#include "parley/backtest.h"

/* Chooses the regressions' covariates (rule C10) and runs pl_backtest_evaluate on the cases. */
PL_INTERNAL pl_status pl_bt_corpus_evaluate(pl_backtest *bt, pl_error *err);

#endif
