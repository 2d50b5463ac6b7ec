/*
** parley.h — the one front door: every public header of libparley, in layer order (core,
** formats, models, simulation, ensembles). A program needs only #include <parley.h> and
** `pkg-config --cflags --libs parley`. The MPI driver (parley/ensemble_mpi.h) is left out: it is
** built only with MPI (library parley_mpi) and is included on its own.
** Layer: ensembles. Public API.
*/
#ifndef PARLEY_H
#define PARLEY_H

/* core */
#include "parley/dist.h"
#include "parley/error.h"
#include "parley/mcmc.h"
#include "parley/memory.h"
#include "parley/options.h"
#include "parley/rng.h"
#include "parley/stats.h"

/* formats */
#include "parley/attrition.h"
#include "parley/events.h"
#include "parley/forecast.h"
#include "parley/framework.h"
#include "parley/json.h"
#include "parley/names.h"
#include "parley/outcome.h"
#include "parley/outfile.h"
#include "parley/posterior.h"
#include "parley/readers.h"
#include "parley/result.h"
#include "parley/roff.h"
#include "parley/scenario.h"
#include "parley/stakeholders.h"
#include "parley/store.h"
#include "parley/store_read.h"
#include "parley/text.h"
#include "parley/vega.h"

/* models */
#include "parley/aims.h"
#include "parley/bargain.h"
#include "parley/lanchester.h"
#include "parley/renewal.h"
#include "parley/score.h"
#include "parley/settle.h"
#include "parley/settle_model.h"
#include "parley/theory.h"
#include "parley/war_model.h"

/* simulation */
#include "parley/settle_sim.h"
#include "parley/war.h"
#include "parley/war_calibrate.h"
#include "parley/war_condition.h"
#include "parley/war_fit.h"

/* ensembles */
#include "parley/analysis.h"
#include "parley/backtest.h"
#include "parley/backtest_write.h"
#include "parley/calibrate_write.h"
#include "parley/discover_write.h"
#include "parley/discovery.h"
#include "parley/ensemble.h"
#include "parley/evidence.h"
#include "parley/experiments.h"
#include "parley/report_data.h"
#include "parley/run_job.h"
#include "parley/run_write.h"
#include "parley/report_page.h"
#include "parley/score_conventions.h"
#include "parley/sensitivity.h"
#include "parley/settle_study.h"
#include "parley/summary.h"
#include "parley/war_run.h"

#endif
