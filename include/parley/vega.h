/*
** vega.h — charts as Vega v5 specifications (JSON, for a page that draws them with Vega), and
** the Vega library itself, inlined from Debian's libjs-vega so that a page needs no network.
** Layer: formats. Public API. The page that uses them: parley/report_page.h, docs/report.md.
*/
#ifndef PARLEY_VEGA_H
#define PARLEY_VEGA_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "parley/error.h"

/* Chart specs (Vega v5), each a new reference; rows are consumed. */
/* Points with interval rules, one colour per "group", x by "label" in row order: the answer per
** grid point (rows {label, group, mid, lo, hi, k, n}). */
json_t *pl_vega_spec_points(const char *x_title, const char *y_title, json_t *rows, double y_max);
/* A band with a line over numeric x (rows {x, mid, lo, hi[, lo2, hi2]}): binned curves, fans. */
json_t *pl_vega_spec_band(const char *x_title, const char *y_title, json_t *rows, int has_inner, int width);
json_t *pl_vega_spec_histogram(const char *x_title, json_t *rows);
/* Horizontal bars from 0 to "value" by "label" with a rule lo–hi; signed: a symmetric axis, bars
** coloured by sign (a tornado); format: the axis labels' d3 format (NULL: Vega's). */
json_t *pl_vega_spec_bars(const char *x_title, json_t *rows, double domain_max, int is_signed, const char *format);

/* Writes the Vega library (from Debian's libjs-vega in dir) as one script body. */
pl_status pl_vega_write_library(FILE *fp, const char *dir, pl_error *err);

/* The file, relative to the Vega directory, of the k-th module the library embeds; NULL past the
** last (the fuzz harness builds a directory of stand-ins from it). */
const char *pl_vega_module_file(size_t k);

#endif
