/*
** war_calibrate.h — fitting a war scenario's free parameters to its observed series and
** predicting out of sample: the model's monthly (or longer) aggregates against each observed
** value, the fitted parameters with standard errors, and errors per series in and out of the
** fitting window.
** Layer: simulation. Public API. Method: docs/models/war.md §8; results: docs/validation.md.
**
** The model is run on its deterministic mean-field path (no daily noise) with every other
** parameter at its nominal value. The free parameters (calibration.free) are searched within
** their range (range:, or the support of their distribution) through a logistic transform, by
** GSL's nonlinear least squares on weighted log ratios
**     r = √w · ln(predicted / observed)   (predicted floored at 1% of observed)
** over the observed periods that lie wholly inside calibration.fit. Errors are reported as
** relative errors (predicted − observed) / |observed|.
*/
#ifndef PARLEY_WAR_CALIBRATE_H
#define PARLEY_WAR_CALIBRATE_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"
#include "parley/scenario.h"

/* One observed value and the model's value for the same period. */
typedef struct pl_war_obs_point {
    int series;              /* index into sc->series */
    size_t index;            /* period index within the series */
    int year, month;         /* the period's first month */
    long day0, day1;         /* the period as days since the scenario start, [day0, day1) */
    double observed, predicted;
    int in_fit, in_test;     /* the period lies wholly inside the fit / test window */
} pl_war_obs_point;

/* Errors of one series over the fit and the test window. */
typedef struct pl_war_series_error {
    int series;
    size_t n_fit, n_test;
    double mape_fit, mape_test; /* mean |pred − obs| / |obs|, as a fraction (NaN when n = 0) */
    double bias_test;           /* mean (pred − obs) / |obs| over the test window */
} pl_war_series_error;

typedef struct pl_war_calibration {
    size_t n_free;
    int *param;             /* indices into sc->param */
    double *initial, *estimate, *se, *lo, *hi;
    size_t n_points;
    pl_war_obs_point *point;
    pl_war_series_error *error; /* one per observed series (sc->n_series) */
    size_t n_fit_points, n_test_points;
    double cost_initial, cost_final; /* ½ Σ r² before and after the fit */
    double mape_fit, mape_test;      /* over all points of each window */
    int iterations;
    int converged;          /* 1: the solver met its tolerances; 0: it stopped at the iteration limit */
} pl_war_calibration;

typedef struct pl_war_calibrate_options {
    int fit;               /* 0: only evaluate the nominal parameters (no search) */
    int max_iterations;    /* solver iterations (default 100) */
} pl_war_calibrate_options;

/* The model's aggregates for every observed value of sc under the parameter values `values`
** (one per sc->param), on the mean-field path. Fills (*points)[k] and *n (caller frees with
** pl_free). PL_EINPUT (located at the series) for an unknown measure or side, or a period that
** starts before the scenario. */
pl_status pl_war_observe(const pl_scenario *sc, const double *values, pl_war_obs_point **points, size_t *n,
                         pl_error *err);

/* Fits the free parameters (or only evaluates, when opt->fit is 0) and predicts every observed
** period. PL_EINPUT for a scenario without calibration.free, observed series, or a fit window;
** a free parameter without a range. */
pl_status pl_war_calibrate(const pl_scenario *sc, const pl_war_calibrate_options *opt, pl_war_calibration **out,
                           pl_error *err);

void pl_war_calibration_free(pl_war_calibration *cal);

/* A plain-text report: the parameters, each observation against its prediction, and the errors
** per series in and out of sample. */
pl_status pl_war_calibration_write_table(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out,
                                         pl_error *err);

/* The same as JSON: {"parameters": [...], "points": [...], "series": [...], "summary": {...}}. */
pl_status pl_war_calibration_write_json(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out,
                                        pl_error *err);

#endif
