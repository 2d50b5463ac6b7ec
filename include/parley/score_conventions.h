/*
** score_conventions.h — the set-up of `parley score`: a model scored under one capability and
** salience convention or averaged over several, and the cross-validation scheme from its text.
** Layer: ensembles. Public API. Method: parley/score.h.
*/
#ifndef PARLEY_SCORE_CONVENTIONS_H
#define PARLEY_SCORE_CONVENTIONS_H

#include <stddef.h>

#include "parley/error.h"
#include "parley/options.h"
#include "parley/score.h"

/* The capability conventions: a pl_capability_rule (gdp, votes, equal) or all three averaged. */
enum { PL_SCORE_CAPABILITY_ALL = 3 };
/* The salience conventions: the coded saliences, every salience 1, or both averaged. */
enum { PL_SCORE_SALIENCE_GIVEN = 0, PL_SCORE_SALIENCE_EQUAL = 1, PL_SCORE_SALIENCE_ALL = 2 };

/* One convention (pl_score_run; s's capabilities are set by the rule), or with ..._ALL the average
** of the forecasts over several (pl_score_average). */
pl_status pl_score_conventions(const pl_bargain_type *type, pl_stakeholders *s, const pl_optset *model_opts,
                               int capability, int salience, unsigned long long seed, pl_score **sc, pl_error *err);

/* "kfold" (10 folds), "kfold:K" (K from 2) or "lopo" into a scheme and its count of folds. */
pl_status pl_cv_scheme_parse(const char *text, pl_cv_scheme *scheme, size_t *k, pl_error *err);

#endif
