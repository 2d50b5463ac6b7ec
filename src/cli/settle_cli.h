/*
** settle_cli.h — what `parley settle` and `parley sweep` share: the scenario options (narrowing,
** model, overrides), loading a settle scenario with them, and reading the drivers of an outcome.
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_SETTLE_CLI_H
#define PARLEY_CLI_SETTLE_CLI_H

#include <stddef.h>

#include "parley/options.h"
#include "parley/scenario.h"
#include "parley/settle_sim.h"

/* The options both commands accept after CLI_COMMON_OPTIONS. */
#define SETTLE_CLI_OPTIONS                                                                                       \
    {"runs", PL_OPT_INT, "200", 1, 1e7, NULL, "runs (each draws the uncertain parameters and its own war)"},     \
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

/* The parameters whose drawn values vary across runs that best explain outcome k: up to max
** indices into sc->param and their Spearman rank correlations, strongest first. Returns how many. */
size_t settle_cli_drivers(const settle_cli *sl, const double *outcomes, const double *values, size_t k, size_t max,
                          int *param, double *rho);

#endif
