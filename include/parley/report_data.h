/*
** report_data.h — one job of a results store shaped for reading it: the design (grid axes and
** points) parsed from the job's configuration, every run's varied inputs and outcomes in
** matrices, and what a reader asks of them, always per grid point (never pooled across a grid):
** probabilities with counts and Wilson intervals, summaries, signed drivers, binned curves and
** the fans of time series. Read through the store's read API (store_read.h) only.
** Layer: ensembles. Public API. What the report shows of it: docs/report.md.
*/
#ifndef PARLEY_REPORT_DATA_H
#define PARLEY_REPORT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "parley/ensemble.h"
#include "parley/error.h"
#include "parley/result.h"
#include "parley/store.h"
#include "parley/store_read.h"
#include "parley/summary.h"

typedef struct pl_report_data {
    pl_store_job *job;
    char *store_path;
    /* facts, or "unknown" (the title: the input path); they point into job */
    const char *version, *title, *command_line, *seconds, *parallelism;
    char *method;      /* "mc", "grid", "sobol", "morris" */
    long design_runs;  /* --runs: per grid point, base samples, trajectories */
    size_t n_axes;
    char *axis_name[PL_GRID_MAX_AXES];
    double axis_lo[PL_GRID_MAX_AXES], axis_hi[PL_GRID_MAX_AXES];
    long axis_n[PL_GRID_MAX_AXES];
    long planned, n_runs, n_failed; /* runs the design has, recorded, recorded as failed */
    const pl_store_input *input;    /* = job->inputs; grid axes marked varied */
    size_t n_inputs;
    const pl_store_outcome *outcome; /* = job->outcomes */
    size_t n_outcomes;
    unsigned char *binary;           /* [n_outcomes] 1 for a yes-no outcome */
    size_t n_varied;
    size_t *varied;      /* [n_varied] indices of the varied (or grid) inputs */
    long *column;        /* [n_inputs] each input's column in x, -1 when fixed */
    double *x;           /* [planned × n_varied], NaN where not recorded */
    double *y;           /* [planned × n_outcomes], NaN where undefined or failed */
    unsigned char *ok;   /* [planned] 1 if the run is recorded "ok" */
} pl_report_data;

/* Reads job (0: the latest ensemble) of st and every run's values. */
pl_status pl_report_load(pl_store *st, int64_t job, pl_report_data *d, pl_error *err);
void pl_report_free(pl_report_data *d);

/* 1 if run i samples the inputs' distribution (all runs but Sobol's AB rows). */
int pl_report_sampled(const pl_report_data *d, long i);

/* Index of the outcome or input named name, -1 when none. */
long pl_report_outcome_index(const pl_report_data *d, const char *name);
long pl_report_input_index(const pl_report_data *d, const char *name);

/* A short label for outcome o: the descriptor's (stored as the job fact "label.NAME"), else its
** description when short, else its name. */
const char *pl_report_outcome_label(const pl_report_data *d, size_t o);

/* Grid points: the product of the axes' points for a grid (the last axis varies fastest, as the
** engine lays them out), 1 otherwise;
** point p holds runs [*first, *first + *count). */
long pl_report_points(const pl_report_data *d);
void pl_report_point_runs(const pl_report_data *d, long p, long *first, long *count);
/* The value of axis a at point p. */
double pl_report_axis_value(const pl_report_data *d, size_t a, long p);
/* A name for value v of input (the guarantee ladder's rungs, "3 armed buffer force"), written
** into buf; "" when the input's values have no names. */
const char *pl_report_value_label(const char *input, double v, char *buf, size_t size);

/* Grid point p in words, into buf: each axis's value, with its name where it has one ("3 armed
** buffer force / 0.5"); "all runs" for a job that is not a grid. */
const char *pl_report_point_label(const pl_report_data *d, long p, char *buf, size_t size);

/* 1 if outcome o took more than one value over the runs that succeeded. */
int pl_report_varies(const pl_report_data *d, size_t o);

/* A histogram of outcome o over the sampled runs: count[bins] in equal bins from *lo, each *width
** wide; 0 when o is constant or never defined (nothing filled). */
int pl_report_histogram(const pl_report_data *d, size_t o, int bins, long *count, double *lo, double *width);

/* The outcomes the report's answer follows, into out[max], *n of them: those named in list
** (comma-separated; PL_EINVAL naming one the job lacks), else those of the flagship question when
** the job has them (acceptance by each side, renewal within 5 and 10 years had the first round's
** terms been signed), else the first yes-no outcome that varies, else the first that varies, else
** the first. PL_ESTORE for a job with no outcomes (a damaged store). */
pl_status pl_report_pick_outcomes(const pl_report_data *d, const char *list, size_t *out, size_t max, size_t *n,
                                  pl_error *err);

/* How many of the yes-no outcomes o[n] at every point have an interval at level wider than width
** (too few runs there). */
long pl_report_wide_intervals(const pl_report_data *d, const size_t *o, size_t n, double level, double width);

/* A yes-no outcome's probability among the sampled runs [first, first + count): k of n, with its
** Wilson interval at the two-sided level (0.9 for the 90% interval). */
typedef struct pl_report_rate {
    long k, n;
    double p, lo, hi;
} pl_report_rate;
void pl_report_rate_of(const pl_report_data *d, size_t o, long first, long count, double level, pl_report_rate *r);

/* Summary (summary.h) of outcome o among the sampled runs [first, first + count). scratch holds
** 2 × count doubles. */
pl_status pl_report_summary_of(const pl_report_data *d, size_t o, long first, long count, double *scratch,
                               pl_summary *out, pl_error *err);

/* A signed driver of outcome o: within each grid point, the mean of o among the runs whose
** input lies in its lowest fifth (low) and highest fifth (high), averaged over the points with
** weights by runs; effect = high − low keeps the direction. */
typedef struct pl_report_driver {
    size_t input;
    double low, high, effect;
    long n; /* runs that counted */
} pl_report_driver;
/* Fills out[max] with the varied inputs that are not grid axes, largest |effect| first; returns
** how many. scratch holds 2 × planned doubles. */
size_t pl_report_drivers(const pl_report_data *d, size_t o, pl_report_driver *out, size_t max, double *scratch);

/* The input (not a grid axis) outcome o depends on most by the job's sensitivity ranking, else
** the first of its signed drivers (largest |effect|); -1 when nothing varied. scratch: 2 × planned. */
long pl_report_top_input(const pl_report_data *d, size_t o, double *scratch);

/* Outcome o against input k in bins equal-count bins of the sampled runs (ties kept in one bin):
** each bin's mean input, and o's probability with its Wilson interval (yes-no) or mean with its
** normal interval, at level. Fills out[bins]; returns how many. scratch: 2 × planned doubles. */
typedef struct pl_report_bin {
    double x, mid, lo, hi;
    long n;
} pl_report_bin;
size_t pl_report_binned(const pl_report_data *d, size_t o, size_t k, int bins, double level, pl_report_bin *out,
                        double *scratch);

/* The main measure of a sensitivity method ("ST" for sobol, "mu_star" for morris, else "S1"). */
const char *pl_report_main_measure(const char *method);

/* One step of a series across runs: its 5, 25, 50, 75 and 95% quantiles over n runs. */
typedef struct pl_report_fan_row {
    long step, n;
    double q[5];
} pl_report_fan_row;
/* The fan of the job's series k: *rows (pl_free) of *n steps. */
pl_status pl_report_fan(pl_store *st, const pl_report_data *d, size_t k, pl_report_fan_row **rows, size_t *n,
                        pl_error *err);

/* The report's tables (result.h), tidy: one row per point (its words, then each axis's value
** under the axis name with '_' for other characters) and outcome. Each *out is the caller's to
** free (pl_result_table_free), also on failure. scratch: 3 × planned doubles.
**   answer: outcome, statistic, value, lo_90, hi_90, k, n for each of o[n] (the statistic by the
**     outcome's kind: p with its Wilson interval, the Kaplan–Meier median, or the mean);
**   drivers: outcome, input, mean_lowest_fifth, mean_highest_fifth, effect, runs (max per outcome);
**   outcomes ("first_round" when round1_only: those declared "round 1: ..."): outcome, statistic
**     (p, median by Kaplan–Meier, or mean: by the outcome's kind), value, lo_90, hi_90, k, n,
**     undefined, q05, median, q95;
**   inputs_varied / inputs_fixed: input, value, distribution, source;
**   sensitivity: outcome, input, method, measure, value, lo_95, hi_95. */
pl_status pl_report_table_answer(const pl_report_data *d, const size_t *o, size_t n, double *scratch,
                                 pl_result_table **out, pl_error *err);
pl_status pl_report_table_drivers(const pl_report_data *d, const size_t *o, size_t n, size_t max, double *scratch,
                                  pl_result_table **out, pl_error *err);
pl_status pl_report_table_outcomes(const pl_report_data *d, int round1_only, double *scratch, pl_result_table **out,
                                   pl_error *err);
pl_status pl_report_table_inputs(const pl_report_data *d, int varied, pl_result_table **out, pl_error *err);
pl_status pl_report_table_sensitivity(const pl_report_data *d, pl_result_table **out, pl_error *err);
/* 1 when the job declares round-1 outcomes (a settle job). */
int pl_report_has_round1(const pl_report_data *d);

#endif
