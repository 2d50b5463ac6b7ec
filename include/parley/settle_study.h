/*
** settle_study.h — a settle scenario made ready for `parley settle` and `parley sweep`: the
** scenario and its setup with the commands' narrowing and overrides applied, the ensemble
** experiment (draws, --nominal, grid axes) and its run, and the result tables and sentences both
** commands write.
** Layer: ensembles. Public API.
*/
#ifndef PARLEY_SETTLE_STUDY_H
#define PARLEY_SETTLE_STUDY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/analysis.h"
#include "parley/ensemble.h"
#include "parley/options.h"
#include "parley/result.h"
#include "parley/scenario.h"
#include "parley/settle_sim.h"

/* A loaded scenario with its shared setup. */
typedef struct pl_settle_study {
    pl_scenario *sc;
    pl_settle_setup *su;
    size_t runs;
    int nominal;
    uint64_t seed;
    int moved; /* sc and su belong to an experiment now */
} pl_settle_study;

/* Applies the options of so (--framework, --terms, --model, --drop, --defer, --propose, --set,
** --fix) to the loaded st; refuses a point or parameter named twice (the later would silently undo
** the earlier). */
pl_status pl_settle_study_apply(const pl_optset *so, pl_settle_study *st, pl_error *err);
void pl_settle_study_free(pl_settle_study *st);

/* The framework's display names of the two belligerents. */
const char *pl_settle_study_attacker(const pl_settle_study *st);
const char *pl_settle_study_defender(const pl_settle_study *st);

/* The headline yes-no outcomes whose 90% intervals --runs 0 narrows to +-2 points. */
extern const char *const pl_settle_headline[];
enum { PL_SETTLE_N_HEADLINE = 5 };

/* One grid axis: a parameter path from `from` to `to` in `steps` steps. */
typedef struct pl_settle_axis {
    char path[200];
    double from, to;
    long steps;
} pl_settle_axis;

/* Refuses, before any run, an axis that repeats another's parameter or that so's --set fixes (one
** would silently win), and an axis whose ends lie outside the parameter's bounds. */
pl_status pl_settle_grid_check(pl_settle_study *st, const pl_settle_axis *ax, size_t n, const pl_optset *so,
                               pl_error *err);

/* The loaded scenario as an ensemble experiment: st's scenario and setup move into it (st's pointers
** stay valid while *e lives; pl_settle_study_free leaves them to it). --nominal fixes every draw
** group; each draw (PARAM=DIST, pl_experiment_vary) is applied; axes (n_axes, up to 3) become cfg's
** grid. Refuses a rung and its components both set (pl_experiment_settle_check_rung); note (note_size
** bytes) receives "" or what the rung check has to say, for the command to print. */
pl_status pl_settle_study_experiment(pl_settle_study *st, const pl_optset *so, const char *const *draws, size_t n_draws,
                                     const pl_settle_axis *axes, size_t n_axes, pl_experiment **e, pl_ens_config *cfg,
                                     char *note, size_t note_size, pl_error *err);

/* Runs e under cfg: st->runs runs (per grid point), or with --runs 0 as many as the headline
** outcomes need (pl_ensemble_run_precise); cfg->runs receives the count. */
pl_status pl_settle_study_run(const pl_settle_study *st, const pl_experiment *e, pl_ens_config *cfg, pl_ens_result **r,
                              pl_error *err);

/* The statistic of the outcome named key over every run into buf (NaN with statistic "p" when
** there is none); returns buf. */
const pl_outcome_stat *pl_settle_stat(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                                      const char *key, pl_outcome_stat *buf);

/* Adds settle's tables to doc: outcomes (long), drivers (Spearman), terms (the first round's). */
pl_status pl_settle_doc_tables(pl_result_doc *doc, const pl_settle_study *st, const pl_experiment *e,
                               const pl_ens_config *cfg, const pl_ens_result *r, pl_error *err);

/* Writes the paragraph of settle's table form that names the drivers of each ranked outcome (from
** doc's drivers table), then a blank line. */
void pl_settle_drivers_write(const pl_result_doc *doc, FILE *out);

/* Adds sweep's tables to doc: points (wide), outcomes (long), points_shown (for people). */
pl_status pl_sweep_doc_tables(pl_result_doc *doc, const pl_experiment *e, const pl_ens_config *cfg,
                              const pl_ens_result *r, pl_error *err);

#endif
