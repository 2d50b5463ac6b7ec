/*
** attrition.h — daily attrition data for `parley calibrate`: a CSV with columns forces_<A>,
** casualties_<A>, forces_<B>, casualties_<B> (any order, other columns ignored), one row a day.
** Layer: formats. Public API.
*/
#ifndef PARLEY_ATTRITION_H
#define PARLEY_ATTRITION_H

#include <stddef.h>

#include "parley/error.h"
#include "parley/text.h"

enum { PL_ATTRITION_MAX_DAYS = 100000 };

/* Two sides' daily forces and casualties; every value is positive (the fit takes logarithms). */
typedef struct pl_attrition_data {
    char side[2][64];
    double *forces[2], *losses[2]; /* [n] */
    size_t n;                      /* days, at least 4 */
} pl_attrition_data;

/* Parses text; located errors (file:line:col) for a missing column, a bad or non-positive value,
** fewer than 4 or more than PL_ATTRITION_MAX_DAYS rows. On failure d holds nothing. */
pl_status pl_attrition_parse(const pl_text *text, pl_attrition_data *d, pl_error *err);

/* Reads path (pl_text_read), then parses it. */
pl_status pl_attrition_read(const char *path, pl_attrition_data *d, pl_error *err);

void pl_attrition_data_free(pl_attrition_data *d);

#endif
