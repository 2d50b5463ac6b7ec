/*
** analysis.h — reading an ensemble's result: outcome summaries over the runs that sample the
** inputs' distribution, and the sensitivity table ranking which inputs drive each outcome.
** Layer: ensembles. Public API. Definitions: docs/ensembles.md.
*/
#ifndef PARLEY_ANALYSIS_H
#define PARLEY_ANALYSIS_H

#include "parley/ensemble.h"
#include "parley/summary.h"

/* Summaries of every outcome (out[n_outcomes]) over the runs that sample the inputs'
** distribution: all runs (MC), the runs of grid point `point` (GRID; -1: all points), the A and
** B rows (SOBOL), every point (MORRIS: a grid, not a sample; the report says so). */
pl_status pl_ens_summarise(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, long point,
                           pl_summary *out, pl_error *err);

/* One input's effect on one outcome. */
typedef struct pl_sens_entry {
    size_t outcome, input;    /* indices into the experiment */
    double value, lo, hi;     /* the ranking measure and its 95% interval (NaN when none) */
    double value2, lo2, hi2;  /* the second measure (NaN when the method has none) */
    double value3;            /* a third measure (NaN when none) */
} pl_sens_entry;

typedef struct pl_sens_table {
    const char *method;  /* "sobol", "morris" or "binned" */
    const char *measure; /* the ranking measure: "ST", "mu_star" or "S1" */
    const char *measure2; /* "S1", "sigma" or NULL */
    const char *measure3; /* "mu" or NULL */
    size_t n;
    pl_sens_entry *row;  /* by outcome, then by decreasing value */
} pl_sens_table;

/* The sensitivity of every outcome to every varied input: Sobol indices (SOBOL, with bootstrap
** intervals from stream PL_STREAM_BOOTSTRAP of the seed), Morris statistics (MORRIS), or the
** given-data first order with √n / 2 bins, at most 20 (MC). GRID designs get an empty table.
** Outcomes that do not vary are left out. */
pl_status pl_ens_sensitivity(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, int n_boot,
                             pl_sens_table *out, pl_error *err);
void pl_sens_table_free(pl_sens_table *t);

/* Writes the table into the store's sensitivity rows of job. */
pl_status pl_ens_store_sensitivity(pl_store *store, int64_t job, const pl_experiment *e, const pl_sens_table *t,
                                   pl_error *err);

#endif
