/*
** bench_ensemble.c — the ensemble engine's speed goals: 10^5 runs of the two-sided war scenario
** over 10 years, daily (goal: at most 60 s on the 2-core machine), 10^4 runs of the flagship
** termination scenario (goal: at most 10 minutes), and thread scaling from 1 to 2 cores (goal:
** at least 1.8x), each with and without the results store where it matters.
** Layer: interfaces.
**
** Usage: bench_ensemble [ROOT] [WAR_RUNS [SETTLE_RUNS [SCALING_RUNS]]]   (defaults: the source
** tree, 100000, 10000, 4000). The machine's load average is printed: other work on the cores
** slows every figure, the scaling ratio most.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parley/ensemble.h"
#include "parley/experiments.h"
#include "parley/memory.h"

#include "bench_util.h"

static const long TEN_YEARS = 3653; /* days from 1 January 2024 */

static int fail(const pl_error *err) { return bench_fail("bench_ensemble", err); }

/* Seconds for `runs` Monte Carlo runs of e on `threads` threads, into a fresh store when store_path. */
static int timed(const pl_experiment *e, long runs, int threads, const char *store_path, double *seconds, pl_error *err)
{
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.runs = runs;
    cfg.threads = threads;
    if (e->has_seed) cfg.seed = e->seed;
    pl_store *st = NULL;
    int64_t job = 0;
    int resumed;
    if (store_path) {
        unlink(store_path);
        char *config = pl_ens_config_json(e, &cfg, "bench", NULL);
        if (!config || pl_store_open(store_path, &st, err) ||
            pl_ens_job_open(st, e, &cfg, "bench", config, 0, &job, &resumed, err)) {
            pl_free(config);
            pl_store_close(st);
            return 1;
        }
        pl_free(config);
    }
    pl_ens_result *r;
    double t0 = bench_now();
    pl_status s = pl_ensemble_run(e, &cfg, st, job, &r, err);
    *seconds = bench_now() - t0;
    pl_store_close(st);
    if (store_path) {
        char side[1100];
        unlink(store_path);
        snprintf(side, sizeof side, "%s-wal", store_path), unlink(side);
        snprintf(side, sizeof side, "%s-shm", store_path), unlink(side);
    }
    if (s) return 1;
    if (r->n_failed) fprintf(stderr, "bench_ensemble: %ld runs failed: %s\n", r->n_failed, r->failure);
    pl_ens_result_free(r);
    return 0;
}

static void line(const char *what, long runs, double s, const char *goal)
{
    printf("  %-46s %8ld runs %9.2f s %10.0f runs/s   %s\n", what, runs, s, (double)runs / s, goal);
}

static int bench_war(const char *root, long runs, long scaling_runs, pl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/russia-ukraine-2024.yaml", root);
    pl_experiment *e;
    if (pl_experiment_war(path, 7, TEN_YEARS, &e, err)) return 1;
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    double t1, t2, tn, ts;
    int rc = timed(e, scaling_runs, 1, NULL, &t1, err) || timed(e, scaling_runs, 2, NULL, &t2, err) ||
             timed(e, runs, cores, NULL, &tn, err) || timed(e, runs, cores, "/tmp/parley-bench-ensemble.db", &ts, err);
    if (!rc) {
        printf("war dynamics, %s, 10 years daily (%ld steps), %zu varied inputs:\n", e->title, TEN_YEARS,
               pl_experiment_n_varied(e));
        line("1 thread", scaling_runs, t1, "");
        line("2 threads", scaling_runs, t2, "");
        printf("  scaling 1 -> 2 threads: %.2fx (goal >= 1.8x)\n", t1 / t2);
        line("all cores, no store", runs, tn, "");
        line("all cores, results store (100 runs' series)", runs, ts, "(goal: 10^5 runs <= 60 s)");
    }
    pl_experiment_free(e);
    return rc;
}

static int bench_settle(const char *root, long runs, pl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/ukraine-2025-19pt.yaml", root);
    pl_experiment *e;
    if (pl_experiment_settle(path, &e, err)) return 1;
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    double t;
    int rc = timed(e, runs, cores, "/tmp/parley-bench-settle.db", &t, err);
    if (!rc) {
        printf("war termination, %s:\n", e->title);
        line("all cores, results store", runs, t, "(goal: 10^4 runs <= 600 s)");
    }
    pl_experiment_free(e);
    return rc;
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : PL_BENCH_ROOT;
    long war_runs = argc > 2 ? atol(argv[2]) : 100000, settle_runs = argc > 3 ? atol(argv[3]) : 10000;
    long scaling_runs = argc > 4 ? atol(argv[4]) : 4000;
    double load[3] = {0, 0, 0};
    FILE *fp = fopen("/proc/loadavg", "r");
    if (fp) {
        if (fscanf(fp, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        fclose(fp);
    }
    printf("bench_ensemble: %ld cores, load average %.2f %.2f %.2f before the runs\n", sysconf(_SC_NPROCESSORS_ONLN),
           load[0], load[1], load[2]);
    pl_error err;
    pl_error_clear(&err);
    if (war_runs > 0 && bench_war(root, war_runs, scaling_runs, &err)) return fail(&err);
    if (settle_runs > 0 && bench_settle(root, settle_runs, &err)) return fail(&err);
    return 0;
}
