/*
** settle_cli.h — what `parley settle` and `parley sweep` share: the scenario options (narrowing,
** model, overrides) and loading a settle scenario with them (the rest is settle_study.h).
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_SETTLE_CLI_H
#define PARLEY_CLI_SETTLE_CLI_H

#include <stddef.h>

#include "parley/ensemble.h"
#include "parley/options.h"
#include "parley/scenario.h"
#include "parley/settle_sim.h"
#include "parley/settle_study.h"

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
         "read facts published after the scenario's as_of (refused by default); the output says how many"},        \
        {"no-condition", PL_OPT_FLAG, "0", 0, 0, NULL,                                                            \
         "run the draws as drawn, not only those consistent with the record the scenario's condition: names"}

/* The reader flags that --allow-after-as-of and --no-condition (in so) ask for. */
unsigned settle_cli_read_flags(const pl_optset *so);

/* Says on standard error that sc let facts after its as_of through (nothing when none). */
void settle_cli_note_after_as_of(const char *command, const pl_scenario *sc);

/* A loaded scenario with its shared setup (settle_study.h). */
typedef pl_settle_study settle_cli;

/* Reads path with the settle schema and applies the options of so (SETTLE_CLI_OPTIONS) and the
** seed (the command's --seed when given, else the scenario's, else 1). */
pl_status settle_cli_load(const char *path, const pl_optset *common, const pl_optset *so, settle_cli *sl, pl_error *err);
static inline void settle_cli_free(settle_cli *sl) { pl_settle_study_free(sl); }

/* PL_EINVAL when an output path names a file the scenario reads besides itself: its framework or
** the framework's base (settle --out FRAMEWORK replaced the framework with the results). */
pl_status settle_cli_check_out(const pl_framework *fw, const char *const *out, size_t n_out, pl_error *err);

/* The same for the settle scenario at path (read for the purpose), for commands that do not load
** it through settle_cli_load (parley run). */
pl_status settle_cli_check_scenario_out(const char *path, const char *const *out, size_t n_out, pl_error *err);

#endif
