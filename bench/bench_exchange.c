/*
** bench_exchange.c — times `--model exchange` (10 rounds, deterministic ties) on decide's COP21
** (15 actors × 13 issues) and sample_data (10 × 6) tables and prints the speed-up over decide's
** Python code as measured on the project's 2-core machine (13.8 s and about 1.0 s for 10
** iterations, ../shared/reference/bargaining-models.md §7). Results are identical to decide's
** (tests/unit/test_exchange.c checks them against its reference runs).
** Layer: interfaces.
**
** Usage: bench_exchange [DATA_DIR]   (default: the source tree's data/). Each case is read and
** run repeatedly for at least half a second (reading included); the fastest and the median run
** are reported, the median being the steadier on a shared machine.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/bargain.h"
#include "parley/readers.h"

#include "bench_util.h"

/* One read-and-run of the exchange model; returns its wall time, or a negative value on error. */
static double run_once(const char *path, double *forecast0)
{
    pl_error err;
    pl_stakeholders *s = NULL;
    pl_forecast *f = NULL;
    const pl_bargain_type *t = pl_bargain_find("exchange");
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    double t0 = bench_now();
    pl_status st = pl_optset_set(&o, "rounds", "10", &err);
    if (!st) st = pl_read_stakeholders(path, NULL, &s, &err);
    if (!st) st = pl_bargain_run(t, s, &o, NULL, &f, &err);
    double dt = bench_now() - t0;
    if (st) {
        char msg[800];
        pl_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "bench_exchange: %s\n", msg);
        dt = -1;
    } else {
        *forecast0 = f->forecast[0];
    }
    pl_forecast_free(f);
    pl_stakeholders_free(s);
    return dt;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { MAX_RUNS = 4096 };

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : PL_BENCH_DATA;
    const struct {
        const char *file, *label;
        double peer_s;
    } cases[] = {{"decide/cop21.csv", "COP21 (15 x 13), 10 rounds", 13.8},
                 {"decide/sample_data.txt", "sample_data (10 x 6), 10 rounds", 1.0}};
    double times[MAX_RUNS];
    printf("%-34s %11s %11s %10s %9s %9s %14s\n", "case", "best (s)", "median (s)", "decide (s)", "x (best)",
           "x (median)", "forecast[0]");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, cases[k].file);
        double spent = 0, fc = 0;
        int runs = 0;
        while ((spent < 0.5 || runs < 3) && runs < MAX_RUNS) {
            double dt = run_once(path, &fc);
            if (dt < 0) return 1;
            times[runs++] = dt;
            spent += dt;
        }
        qsort(times, (size_t)runs, sizeof times[0], cmp_double);
        double best = times[0], median = times[runs / 2];
        printf("%-34s %11.6f %11.6f %10.1f %8.0fx %8.0fx %14.10g\n", cases[k].label, best, median, cases[k].peer_s,
               cases[k].peer_s / best, cases[k].peer_s / median, fc);
    }
    return 0;
}
