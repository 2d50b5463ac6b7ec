/*
** settle_runs.c — the median of times where some runs have no event, as the backtest reads its
** runs' renewal times. (The runs themselves are the ensemble engine's: settle, sweep and run share
** its one loop; their time-to-event statistic is the Kaplan–Meier median, summary.h.)
** Layer: simulation.
*/
#include "parley/settle_sim.h"

#include <gsl/gsl_sort.h>

double pl_settle_median_time(const double *t, size_t n, size_t stride, double *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i * stride] >= 0) scratch[m++] = t[i * stride];
    /* The median falls among the events only when at least half the runs have one. */
    if (n == 0 || 2 * m < n) return -1;
    gsl_sort(scratch, 1, m);
    size_t k = (n + 1) / 2; /* the k-th smallest of all n, events first */
    return scratch[k - 1];
}
