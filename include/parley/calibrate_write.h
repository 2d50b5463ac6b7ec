/*
** calibrate_write.h — `parley calibrate`'s set-up and results: attrition laws fitted to daily
** combat data (each law, each side) and their tables; a war calibration's points as CSV; the
** options of a Bayesian fit from the scenario's windows; the posterior draws into a file.
** Layer: ensembles. Public API. Methods: parley/lanchester.h, parley/war_calibrate.h, parley/war_fit.h.
*/
#ifndef PARLEY_CALIBRATE_WRITE_H
#define PARLEY_CALIBRATE_WRITE_H

#include <stdio.h>

#include "parley/attrition.h"
#include "parley/error.h"
#include "parley/lanchester.h"
#include "parley/options.h"
#include "parley/war_calibrate.h"
#include "parley/war_fit.h"

/* Daily combat data and each law fitted to each side's losses. */
typedef struct pl_attrition_fits {
    pl_attrition_data d;
    pl_attrition_law laws[5];
    int n_laws;
    pl_attrition_fit fit[5][2]; /* [law][side] */
} pl_attrition_fits;

/* Reads the data at path (pl_attrition_read) and fits law_choice (0: every law; k: law k - 1) to
** both sides, with priors N(prior_mean, prior_sd²) on both exponents for PL_FIT_PRIOR. r is
** freeable whatever the result. */
pl_status pl_attrition_fits_run(const char *path, int law_choice, double prior_mean, double prior_sd,
                                pl_attrition_fits *r, pl_error *err);
void pl_attrition_fits_free(pl_attrition_fits *r);

/* The fits as a table for people, as CSV (one row per law and side) or as a JSON array. */
pl_status pl_attrition_fits_write_table(const pl_attrition_fits *r, FILE *out, pl_error *err);
pl_status pl_attrition_fits_write_csv(const pl_attrition_fits *r, FILE *out, pl_error *err);
pl_status pl_attrition_fits_write_json(const pl_attrition_fits *r, FILE *out, pl_error *err);

/* Every observed point with the model's prediction and its set (fit, test or -), as CSV. */
pl_status pl_war_calibration_write_csv(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out, pl_error *err);

/* A scenario fitted against an observed record: what it read, its options and the fit. */
typedef struct pl_war_fit_job {
    pl_scenario *sc;
    pl_war_record *rec;
    pl_war_fit_options o;
    pl_war_fit *fit;
    char hold[256]; /* the held parameters' names, which o.hold points into */
} pl_war_fit_job;

/* Reads the scenario and the record (option "observations"), sets the options from opts ("as-of":
** YYYY-MM-DD or "" for none; "origins": YYYY-MM..YYYY-MM or "" for five months after the fit window
** opens to a month before the test window closes; "horizon", "iterations", "burn-in", "draws",
** "hold": names, comma-separated) and sc's calibration windows, and fits. j is freeable whatever
** the result. */
pl_status pl_war_fit_job_run(pl_war_fit_job *j, const char *scenario, const pl_optset *opts, unsigned long seed,
                             pl_error *err);
void pl_war_fit_job_free(pl_war_fit_job *j);

/* The posterior draws (pl_war_fit_write_posterior) into path, replaced only when complete. */
pl_status pl_war_fit_write_posterior_file(const char *path, const pl_war_fit *fit, const pl_scenario *sc,
                                          const pl_war_fit_options *o, pl_error *err);

#endif
