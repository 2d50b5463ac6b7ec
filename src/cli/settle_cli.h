/*
** settle_cli.h — what `parley settle` and `parley sweep` share: the scenario options (narrowing,
** model, overrides), loading a settle scenario with them, and reading the drivers of an outcome.
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_SETTLE_CLI_H
#define PARLEY_CLI_SETTLE_CLI_H

#include <stddef.h>

#include "parley/ensemble.h"
#include "parley/options.h"
#include "parley/scenario.h"
#include "parley/settle_sim.h"

/* The options both commands accept after CLI_COMMON_OPTIONS. */
#define SETTLE_CLI_OPTIONS                                                                                       \
    {"runs", PL_OPT_INT, "0", 0, 1e7, NULL,                                                                    \
     "runs (each draws the uncertain parameters and its own war); 0: as many as give the headline shares a "      \
     "90% interval of at most +-2 points (default 0)"},                                                           \
        {"nominal", PL_OPT_FLAG, "0", 0, 0, NULL, "every run at the nominal parameter values (only the war and noise vary)"}, \
        {"model", PL_OPT_STRING, "", 0, 0, NULL, "bargaining model of the rounds (default: the scenario's)"},  \
        {"framework", PL_OPT_STRING, "", 0, 0, NULL, "another framework file instead of the scenario's"},       \
        {"terms", PL_OPT_ENUM, "scenario", 0, 0, "scenario|negotiated|proposal",                                \
         "negotiated: the model's forecast; proposal: the plan's text as it stands"},                              \
        {"propose", PL_OPT_STRING, "", 0, 0, NULL, "POINT=VALUE[,...]: change a point's proposal (narrowing)"},  \
        {"drop", PL_OPT_STRING, "", 0, 0, NULL, "POINT[,POINT...]: drop points from the framework"},            \
        {"defer", PL_OPT_STRING, "", 0, 0, NULL, "POINT[,POINT...]: move points to a separate track"},          \
        {"set", PL_OPT_STRING, "", 0, 0, NULL, "PARAM=VALUE[,PARAM=VALUE...]: fix scenario parameters"},           \
        {"fix", PL_OPT_STRING, "", 0, 0, NULL, "PARAM[,PARAM...]: hold these parameters at their values (not drawn)"}, \
        {"threads", PL_OPT_INT, "0", 0, 4096, NULL, "OpenMP threads; 0: OMP_NUM_THREADS, else every core (results do not change)"}, \
        {"allow-after-as-of", PL_OPT_FLAG, "0", 0, 0, NULL,                                                       \
         "read facts published after the scenario's as_of (refused by default); the output says how many"}

/* The reader flags that --allow-after-as-of (in so) asks for. */
unsigned settle_cli_read_flags(const pl_optset *so);

/* Says on standard error that sc let facts after its as_of through (nothing when none). */
void settle_cli_note_after_as_of(const char *command, const pl_scenario *sc);

/* A loaded scenario with its shared setup. */
typedef struct settle_cli {
    pl_scenario *sc;
    pl_settle_setup *su;
    size_t runs;
    int nominal;
    uint64_t seed;
    int moved; /* sc and su belong to an experiment now */
} settle_cli;

/* Reads path with the settle schema and applies the options of so (SETTLE_CLI_OPTIONS) and the
** seed (the command's --seed when given, else the scenario's, else 1). */
pl_status settle_cli_load(const char *path, const pl_optset *common, const pl_optset *so, settle_cli *sl, pl_error *err);
void settle_cli_free(settle_cli *sl);

/* PL_EINVAL when an output path names a file the scenario reads besides itself: its framework or
** the framework's base (settle --out FRAMEWORK replaced the framework with the results). */
pl_status settle_cli_check_out(const pl_framework *fw, const char *const *out, size_t n_out, pl_error *err);

/* The same for the settle scenario at path (read for the purpose), for commands that do not load
** it through settle_cli_load (parley run). */
pl_status settle_cli_check_scenario_out(const char *path, const char *const *out, size_t n_out, pl_error *err);

/* "sides: Russia / Ukraine": the framework's display names of the two belligerents. */
const char *settle_cli_attacker(const settle_cli *sl);
const char *settle_cli_defender(const settle_cli *sl);

/* The headline yes-no outcomes whose 90% intervals --runs 0 narrows to +-2 points. */
extern const char *const settle_cli_headline[];
enum { SETTLE_CLI_N_HEADLINE = 5 };

/* The loaded scenario as an ensemble experiment: sl's scenario and setup move into it (sl's pointers
** stay valid while *e lives; settle_cli_free leaves them to it). --nominal fixes every draw group;
** each draw (PARAM=DIST, pl_experiment_vary) is applied; axes (n_axes, up to 3) become cfg's grid.
** Refuses a rung and its components both set (pl_experiment_settle_check_rung). */
typedef struct settle_axis {
    char path[200];
    double from, to;
    long steps;
} settle_axis;
pl_status settle_cli_experiment(settle_cli *sl, const pl_optset *so, const char *const *draws, size_t n_draws,
                                const settle_axis *axes, size_t n_axes, pl_experiment **e, pl_ens_config *cfg,
                                pl_error *err);

/* Runs e under cfg: sl->runs runs (per grid point), or with --runs 0 as many as the headline
** outcomes need (pl_ensemble_run_precise); cfg->runs receives the count. */
pl_status settle_cli_run(const settle_cli *sl, const pl_experiment *e, pl_ens_config *cfg, pl_ens_result **r,
                         pl_error *err);

/* Takes every `--NAME VALUE` / `--NAME=VALUE` out of argv (it may repeat, which cli_parse does not
** allow) into vals (at most max; the rest is an error). Returns the first problem. */
pl_status settle_cli_collect(int *argc, char **argv, const char *name, const char **vals, size_t max, size_t *n,
                             pl_error *err);

#endif
