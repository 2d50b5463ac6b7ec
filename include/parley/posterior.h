/*
** posterior.h — a calibration posterior: the CSV of joint parameter draws that `parley calibrate
** --posterior-out` writes and scenarios read with `calibration.posterior: PATH`.
** Layer: formats. Public API. Format: docs/formats.md "Posterior files".
**
**     # parley posterior v1
**     # scenario: scenarios/russia-ukraine-2024.yaml
**     # as_of: 2025-11-27
**     # fit: 2023-01..2025-10
**     # method: adaptive-metropolis seed=1 kept=2000 of 20000
**     draw,log_posterior,sides.russia.front.attrition_coeff,sides.russia.front.gain_coeff
**     0,-812.5,1785,10.2
**     1,-813.1,1702,11.0
**
** The first line names the format; then `# key: value` lines (as_of required, YYYY-MM-DD; the
** others free text, unknown keys kept out of the way); then the header row and one row per draw,
** numbered 0, 1, 2, ... A key may appear once. Every column after log_posterior is a scenario parameter path, set
** jointly from one row. Numbers are finite decimals. Errors are file:line:col.
*/
#ifndef PARLEY_POSTERIOR_H
#define PARLEY_POSTERIOR_H

#include <stddef.h>

#include "parley/error.h"

enum { PL_POSTERIOR_MAX_COLS = 1024, PL_POSTERIOR_MAX_ROWS = 1000000 };

typedef struct pl_posterior {
    char *path;
    long as_of;          /* day number (pl_date_days) of `# as_of:` */
    int as_of_line;      /* its line */
    char *method;        /* `# method:` or NULL */
    size_t n_cols;       /* parameter columns */
    char **name;         /* their paths */
    int header_line;     /* the line of the header row */
    int *name_col;       /* the column (1-based character position) of each name in it */
    size_t n_rows;
    double *log_post;    /* per row */
    double *value;       /* row-major: value[row * n_cols + col] */
    int *row_line;       /* the line of each row (blank lines and quoted line breaks make it no sum) */
} pl_posterior;

/* Reads path. On failure *out is NULL and err says file:line:col what was found and expected. */
pl_status pl_posterior_read(const char *path, pl_posterior **out, pl_error *err);

/* The same from memory (named path in messages). */
pl_status pl_posterior_parse(const char *path, const char *text, size_t size, pl_posterior **out, pl_error *err);

void pl_posterior_free(pl_posterior *p);

/* The column of the parameter called name, or -1. */
int pl_posterior_find(const pl_posterior *p, const char *name);

#endif
