/*
** report.h — `parley report`: one job of a results store read back, its charts as Vega specs, and
** the self-contained HTML page (Vega inlined from Debian's libjs-vega).
** Layer: interfaces. What the page shows: docs/report.md.
*/
#ifndef PARLEY_CLI_REPORT_H
#define PARLEY_CLI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "parley/error.h"
#include "parley/store.h"

typedef struct rep_input {
    char *name, *dist, *source;
    double nominal;
    int varied;
} rep_input;

typedef struct rep_outcome {
    char *name, *description;
    int binary;
} rep_outcome;

typedef struct rep_series {
    char *name, *entity, *unit;
} rep_series;

typedef struct rep_sens {
    char *method, *outcome, *input, *measure;
    double value, lo, hi; /* lo, hi NaN when none */
} rep_sens;

/* Everything the page needs from one job. */
typedef struct report_data {
    char *store_path;
    int64_t job;
    char *command, *input_path, *kind, *created, *config, *seed;
    char *version, *title, *command_line, *seconds, *parallelism;
    long planned;        /* runs the design has */
    long n_runs;         /* runs recorded */
    long n_failed;
    char *method;        /* "mc", "grid", "sobol", "morris" */
    long design_runs;    /* --runs: per grid point, base samples, trajectories */
    size_t n_axes;
    char *axis_name[2];
    double axis_lo[2], axis_hi[2];
    long axis_n[2];
    rep_input *input;
    size_t n_inputs, n_varied;
    size_t *varied;      /* [n_varied] indices of the varied (or grid) inputs */
    long *column;        /* [n_inputs] each input's column in x, -1 when it is fixed */
    rep_outcome *outcome;
    size_t n_outcomes;
    rep_series *series;
    size_t n_series;
    rep_sens *sens;
    size_t n_sens;
    double *x;           /* [planned × n_varied] values of the varied inputs, NaN where not recorded */
    double *y;           /* [planned × n_outcomes], NaN where undefined */
    unsigned char *ok;   /* [planned] 1 if the run is recorded "ok" */
    size_t cap[4];       /* capacities of input, outcome, series, sens */
} report_data;

/* Reads job (0: the latest) of the store. */
pl_status report_load(pl_store *st, int64_t job, report_data *d, pl_error *err);
void report_free(report_data *d);

/* 1 if run i samples the inputs' distribution (all runs but Sobol's AB rows). */
int report_sampled(const report_data *d, long i);

/* Chart specs (Vega v5), each a new reference. */
json_t *report_spec_band(const char *title, const char *x_title, const char *y_title, json_t *rows, int has_inner,
                         int grouped);
json_t *report_spec_histogram(const char *x_title, json_t *rows);
json_t *report_spec_bars(const char *x_title, json_t *rows, double domain_max);

/* Fans of every series (at most max_series): an array of {series, entity, unit, rows}. */
pl_status report_fans(pl_store *st, const report_data *d, size_t max_series, json_t **out, pl_error *err);

/* Writes the Vega library (from Debian's libjs-vega in dir) as one script body. */
pl_status report_write_vega(FILE *fp, const char *dir, pl_error *err);

/* The file, relative to the Vega directory, of the k-th module the page embeds; NULL past the last
** (the fuzz harness builds a directory of stand-ins from it). */
const char *report_vega_module_file(size_t k);

/* Writes the whole page. headline: the outcome the summary and the hinge curve follow (NULL:
** the first yes/no outcome that varies, else the first that varies, else the first). */
pl_status report_write_html(FILE *fp, pl_store *st, const report_data *d, const char *headline, const char *vega_dir,
                            pl_error *err);

#endif
