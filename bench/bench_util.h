/*
** bench_util.h — what every benchmark shares: a monotonic clock, error printing, and where the
** project's files are (PL_BENCH_ROOT, set by bench/CMakeLists.txt; data/ lies below it).
** Layer: interfaces (benchmarks are programs on top of the library).
*/
#ifndef PARLEY_BENCH_UTIL_H
#define PARLEY_BENCH_UTIL_H

#include <stdio.h>
#include <time.h>

#include "parley/error.h"

#ifndef PL_BENCH_ROOT
#define PL_BENCH_ROOT "."
#endif
#define PL_BENCH_DATA PL_BENCH_ROOT "/data"

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds of CPU this process has used (all its threads): on a shared machine the honest cost. */
static inline double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Prints err as "<bench>: file:line:col: error: ..." and returns 1 (the exit status). */
static inline int bench_fail(const char *bench, const pl_error *err)
{
    char buf[1024];
    pl_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s: %s\n", bench, buf);
    return 1;
}

#endif
