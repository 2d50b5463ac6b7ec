/*
** analysis.h — reading an ensemble's result: outcome summaries over the runs that sample the
** inputs' distribution, and the sensitivity table ranking which inputs drive each outcome.
** Layer: ensembles. Public API. Definitions: docs/ensembles.md.
*/
#ifndef PARLEY_ANALYSIS_H
#define PARLEY_ANALYSIS_H

#include "parley/ensemble.h"
#include "parley/result.h"
#include "parley/summary.h"

/* Summaries of every outcome (out[n_outcomes]) over the runs that sample the inputs'
** distribution: all runs (MC), the runs of grid point `point` (GRID; -1: all points), the A and
** B rows (SOBOL), every point (MORRIS: a grid, not a sample; the report says so). */
pl_status pl_ens_summarise(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, long point,
                           pl_summary *out, pl_error *err);

/* The statistic of outcome o (summary.h pl_outcome_stat_of, by the outcome's kind) over the runs of
** grid point `point` (-1: every sampled run, as pl_ens_summarise), leaving out failed runs and, for
** an outcome conditional on another (given), the runs where that one is not 1. The one statistic
** every command prints for an outcome. */
pl_status pl_ens_outcome_stat(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r, long point,
                              size_t o, double level, pl_outcome_stat *out, pl_error *err);

/* Runs e under cfg (MC or GRID; cfg->runs is ignored) with the fewest runs (per grid point) that
** give each yes-no outcome headline[0..n_headline) a Wilson half-width at level of at most
** half_width at every grid point: a pilot of `pilot` runs, then as many as the shares seen need,
** again while short, never more than the worst case (a share of ½: pl_stats_wilson_runs). The runs
** are the design's first N whatever the steps (run i is on stream i), so the same seed gives the
** same runs and the same stopping point. *runs_used (may be NULL) receives N. */
pl_status pl_ensemble_run_precise(const pl_experiment *e, const pl_ens_config *cfg, const size_t *headline,
                                  size_t n_headline, double level, double half_width, long pilot, pl_ens_result **out,
                                  long *runs_used, pl_error *err);

/* The value of every input (x[e->n_inputs]) in run i of r: its column, else its nominal value. */
void pl_ens_result_inputs(const pl_experiment *e, const pl_ens_result *r, long i, double *x);

/* The value of grid axis a at grid point p (the last axis fastest). */
double pl_ens_axis_value(const pl_ens_config *cfg, long p, size_t a);

/* The statistics of the outcomes named in keys[0..n_keys) (keys NULL: every outcome) as a result
** table called name, per grid point (GRID) or over every sampled run (one point otherwise):
**   long (wide = 0): one row per point and outcome: [one column per grid axis, named by its input],
**     outcome, statistic, value, lo, hi, level, k, n;
**   wide (wide = 1): one row per point: [axis columns], then for each outcome KEY.STAT (the
**     statistic, e.g. accept_attacker.p), KEY.lo, KEY.hi, KEY.k, KEY.n.
** PL_EINVAL naming an unknown key (with the nearest outcome name). */
pl_status pl_ens_stats_table(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                             const char *const *keys, size_t n_keys, double level, int wide, const char *name,
                             pl_result_table **out, pl_error *err);

/* A driver of an outcome: a column of per-run values and its Spearman rank correlation with it. */
typedef struct pl_driver {
    size_t column;
    double rho;
} pl_driver;

/* The columns of x (row i: run i of r, n_cols values; e.g. every scenario parameter's value, from
** pl_experiment_settle_values) that vary across the runs and best explain outcome o: Spearman's
** rank correlation over the runs that completed and where o is defined (and its condition holds),
** strongest |rho| first, up to max. Returns how many (0 when o does not vary or on no memory). */
size_t pl_ens_drivers(const pl_experiment *e, const pl_ens_result *r, size_t o, const double *x, size_t n_cols,
                      size_t max, pl_driver *out);

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
