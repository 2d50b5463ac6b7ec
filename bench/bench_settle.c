/*
** bench_settle.c — times one full run of the flagship (the war played from 2024 to the first
** round, six negotiation rounds each with two forward war simulations of two years inside the
** acceptance decisions, then the post-deal phase to a ten-year horizon) and 100 runs, against the
** goal of at most 50 ms a run on one core; and a historical case's run.
** Layer: interfaces.
**
** Usage: bench_settle [ROOT]   (default: the source tree). Each measurement repeats for at least
** half a second; the fastest repetition is reported.
*/
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "parley/ensemble.h"
#include "parley/experiments.h"
#include "parley/rng.h"
#include "parley/settle_sim.h"
#include "parley/war.h"

#include "bench_util.h"

static int fail(const pl_error *err) { return bench_fail("bench_settle", err); }

/* The fastest time of runs consecutive runs (streams 0..runs−1) on the ensemble engine, one thread,
** as parley settle runs them; repeated for half a second. */
static int time_runs(const char *path, long runs, double *best, pl_error *err)
{
    pl_experiment *e;
    if (pl_experiment_settle(path, &e, err)) return 1;
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.seed = 20251127;
    cfg.runs = runs;
    cfg.threads = 1;
    cfg.series_runs = 0;
    *best = 1e300;
    double start = bench_now();
    int rc = 0;
    do {
        pl_ens_result *r = NULL;
        double t0 = bench_now();
        if (pl_ensemble_run(e, &cfg, NULL, 0, &r, err)) {
            rc = 1;
            break;
        }
        double t = bench_now() - t0;
        pl_ens_result_free(r);
        if (t < *best) *best = t;
    } while (bench_now() - start < 0.5);
    pl_experiment_free(e);
    return rc;
}

/* The war alone over the same days, to show how much of a run is the war model. */
static double time_war_steps(const pl_scenario *sc, long days)
{
    double *v = malloc(sc->n_params * sizeof *v);
    pl_war_params p;
    pl_error err;
    pl_scenario_nominals(sc, v);
    if (pl_war_params_from_scenario(sc, v, &p, &err)) {
        free(v);
        return -1;
    }
    free(v);
    double best = 1e300, start = bench_now();
    do {
        pl_war_state s;
        pl_war_init(&s, &p);
        double t0 = bench_now();
        for (long d = 0; d < days; d++) pl_war_step(&s, &p, NULL);
        double t = bench_now() - t0;
        if (t < best) best = t;
    } while (bench_now() - start < 0.5);
    return best / (double)days;
}

static int bench_case(const char *root)
{
    char path[1024], common_path[1024];
    snprintf(path, sizeof path, "%s/scenarios/cases/minsk-2-2015.yaml", root);
    snprintf(common_path, sizeof common_path, "%s/scenarios/cases/_common.yaml", root);
    pl_scenario *common, *sc;
    pl_error err;
    if (pl_scenario_read(common_path, pl_settle_case_schema(), &common, &err)) return fail(&err);
    if (pl_settle_case_read(path, common, &sc, &err)) return fail(&err);
    double *v = malloc(sc->n_params * sizeof *v), best = 1e300, start = bench_now();
    gsl_rng *r = pl_rng_alloc(1, 0);
    pl_scenario_nominals(sc, v);
    pl_settle_params p;
    if (pl_settle_case_params(sc, v, &p, &err)) return fail(&err);
    do {
        double t0 = bench_now(), years;
        if (pl_settle_case_run(&p, sc->horizon_years, r, &years, &err)) return fail(&err);
        double t = bench_now() - t0;
        if (t < best) best = t;
    } while (bench_now() - start < 0.5);
    printf("historical case (Minsk II, %.1f-year window): %.3f ms a run\n", sc->horizon_years, 1e3 * best);
    free(v);
    gsl_rng_free(r);
    pl_scenario_free(sc);
    pl_scenario_free(common);
    return 0;
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : PL_BENCH_ROOT;
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/ukraine-2025-19pt.yaml", root);
    pl_scenario *sc;
    pl_settle_setup *su;
    pl_error err;
    if (pl_scenario_read(path, pl_settle_schema(), &sc, &err)) return fail(&err);
    if (pl_settle_setup_create(sc, &su, &err)) return fail(&err);
    double one, hundred;
    if (time_runs(path, 1, &one, &err) || time_runs(path, 100, &hundred, &err)) return fail(&err);
    double step = time_war_steps(sc, 3650);
    printf("flagship %s, one core:\n", sc->name);
    printf("  one full run:  %8.2f ms  (goal <= 50 ms: %s)\n", 1e3 * one, one <= 0.05 ? "met" : "NOT met");
    printf("  100 runs:      %8.1f ms  (%.2f ms a run; 10^4 runs in %.0f s)\n", 1e3 * hundred, 10 * hundred,
           100 * hundred);
    printf("  war model:     %8.3f us a day (a run steps it ~%ld days: warm-up, rounds, forward simulations)\n", 1e6 * step,
           su->start_day + 6 * 14 + 12 * 730);
    pl_settle_setup_free(su);
    pl_scenario_free(sc);
    return bench_case(root);
}
