/*
** summary.h — what an ensemble's outcomes say: mean, standard deviation, quantiles and an
** interval for the mean of a real outcome; a probability with its Wilson score interval for a
** binary one.
** Layer: ensembles. Public API. Definitions: docs/ensembles.md "Summaries".
*/
#ifndef PARLEY_SUMMARY_H
#define PARLEY_SUMMARY_H

#include <stddef.h>

#include "parley/error.h"
#include "parley/outcome.h"

enum { PL_SUMMARY_NQ = 5 };

/* The quantile levels reported: 5, 25, 50, 75 and 95 %. */
extern const double pl_summary_levels[PL_SUMMARY_NQ];

typedef struct pl_summary {
    long n;                  /* values that counted (finite) */
    long n_missing;          /* NaN values (outcome undefined in that run, or the run failed) */
    double mean, sd;         /* sd with the n − 1 divisor (0 when n < 2) */
    double mean_lo, mean_hi; /* 95% normal interval of the mean, mean ± 1.96 sd / √n */
    double min, max;
    double q[PL_SUMMARY_NQ]; /* quantiles at pl_summary_levels (GSL's linear interpolation) */
    int binary;              /* 1: the values are 0/1 and p, p_lo, p_hi are set */
    double p, p_lo, p_hi;    /* share of ones and its 95% Wilson score interval */
} pl_summary;

/* Summarises v[i * stride] for i < n. binary asks for the probability as well (values must be
** 0 or 1: PL_EINVAL otherwise). scratch holds n doubles. With no finite value, n = 0 and the
** numbers are 0. */
pl_status pl_summary_compute(const double *v, size_t stride, long n, int binary, double *scratch, pl_summary *out,
                             pl_error *err);

/* Wilson's (1927) score interval for k successes in n trials at normal quantile z (1.96 for
** 95%): (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). n = 0 gives [0, 1]. */
void pl_wilson_interval(long k, long n, double z, double *lo, double *hi);

/* ---- The statistic of an outcome, by its kind (outcome.h), as every command prints it ------- */

/* The interval level every command prints (90 %). */
#define PL_STAT_LEVEL 0.90

typedef struct pl_outcome_stat {
    const char *statistic; /* "p" (yes-no), "median" (time-to-event: Kaplan–Meier), "mean" (real, count) */
    double value;          /* NaN when undefined (no run counted; a median not reached within the horizon) */
    double lo, hi;         /* its interval at level (NaN where undefined: an open upper end is NaN) */
    long k;                /* yes-no: runs with 1; time-to-event: events within the horizon; else values */
    long n;                /* runs that counted (missing values and failed runs left out) */
    double level;
} pl_outcome_stat;

/* The statistic of v[i·stride], i < n, for an outcome of the given kind, with an interval at level:
**   yes-no: p = k/n and its Wilson interval (NaN values left out);
**   time-to-event: NaN is "did not happen within the horizon", censored there (so every value
**     counts); the Kaplan–Meier median with Brookmeyer–Crowley's (1982) interval from Greenwood's
**     variance, k the events. With all censoring at the horizon this median is the ⌈n/2⌉-th
**     smallest time when at least half the runs have the event, and undefined otherwise;
**   real, count: the mean and its normal interval (NaN values left out).
** A run that failed must not be passed (its NaN would read as censored). PL_ENOMEM, or PL_EINVAL
** for a yes-no value other than 0 and 1. */
pl_status pl_outcome_stat_of(pl_outcome_kind kind, const double *v, size_t stride, long n, double level,
                             pl_outcome_stat *out, pl_error *err);

#endif
