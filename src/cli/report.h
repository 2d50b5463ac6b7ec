/*
** report.h — `parley report`: the page of one job of a results store (data shaped by
** parley/report_data.h), its charts as Vega specs, and Vega inlined from Debian's libjs-vega.
** Layer: interfaces. What the page shows: docs/report.md.
*/
#ifndef PARLEY_CLI_REPORT_H
#define PARLEY_CLI_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "parley/error.h"
#include "parley/report_data.h"
#include "parley/store.h"

/* Chart specs (Vega v5), each a new reference; rows are consumed. */
/* Points with interval rules, one colour per "group", x by "label" in row order: the answer per
** grid point (rows {label, group, mid, lo, hi, k, n}). */
json_t *report_spec_points(const char *x_title, const char *y_title, json_t *rows, double y_max);
/* A band with a line over numeric x (rows {x, mid, lo, hi[, lo2, hi2]}): binned curves, fans. */
json_t *report_spec_band(const char *x_title, const char *y_title, json_t *rows, int has_inner, int width);
json_t *report_spec_histogram(const char *x_title, json_t *rows);
/* Horizontal bars from 0 to "value" by "label" with a rule lo–hi; signed: a symmetric axis, bars
** coloured by sign (a tornado); format: the axis labels' d3 format (NULL: Vega's). */
json_t *report_spec_bars(const char *x_title, json_t *rows, double domain_max, int is_signed, const char *format);

/* Writes the Vega library (from Debian's libjs-vega in dir) as one script body. */
pl_status report_write_vega(FILE *fp, const char *dir, pl_error *err);

/* The file, relative to the Vega directory, of the k-th module the page embeds; NULL past the last
** (the fuzz harness builds a directory of stand-ins from it). */
const char *report_vega_module_file(size_t k);

/* Writes the whole page. outcomes: comma-separated outcomes the first chart follows (NULL: those
** of the flagship question when the job has them, else the first yes/no outcome that varies). */
pl_status report_write_html(FILE *fp, pl_store *st, const pl_report_data *d, const char *outcomes, const char *vega_dir,
                            pl_error *err);

#endif
