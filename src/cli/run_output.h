/*
** run_output.h — the names parley settle and parley sweep use for the shared ensemble writer
** (parley/run_write.h, ensembles).
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_RUN_OUTPUT_H
#define PARLEY_CLI_RUN_OUTPUT_H

#include "parley/run_write.h"

#define cli_stat_text pl_stat_text
#define cli_stats_human pl_stats_human
#define cli_doc_meta pl_ens_doc_meta
#define cli_check_draws pl_check_draws
#define cli_check_axis_text pl_check_axis_text

#endif
