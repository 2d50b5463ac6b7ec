/*
** stats.h — small numeric helpers shared by models and scorers: weighted means and medians,
** error summaries.
** Layer: core. Public API.
*/
#ifndef PARLEY_STATS_H
#define PARLEY_STATS_H

#include <stddef.h>

#include "parley/error.h"

/* Σ w_i x_i / Σ w_i over i with mask[i] != 0 (mask may be NULL: all). A zero total weight falls
** back to the unweighted mean of the masked values (the DEU reference rule). Left-to-right
** summation. Returns 0 when no value is masked in. */
double pl_weighted_mean(const double *x, const double *w, const unsigned char *mask, size_t n);

/* The lower weighted median: values with weight > 0 sorted by (x, index); the first x where
** 2 · cumulative weight ≥ total. The comparison is exact on the weights' decimal values (each weight
** read as the shortest decimal that gives back its double, e.g. a salience 45/100 as 0.45), so a
** half-weight tie picks the lower value whatever the binary rounding of the sums. Zero total
** weight falls back to the unweighted lower median. scratch must hold n size_t. Returns 0 when no
** value is masked in. */
double pl_weighted_median(const double *x, const double *w, const unsigned char *mask, size_t n,
                          size_t *scratch);

/* Mean absolute and root-mean-square error of pred against obs over n values. */
double pl_mae(const double *pred, const double *obs, size_t n);
double pl_rmse(const double *pred, const double *obs, size_t n);

/* Weights w[J] ≥ 0 summing to 1 that minimise Σ_i |y_i − Σ_j P_ij w_j| (P row-major, n × J): the
** least-absolute-deviation convex combination of J forecasts of n cases (stacking). Solved exactly
** by the simplex method; among equally good combinations the one the pivots reach first (for
** forecasts identical on every case, the earlier). PL_EINVAL for n or J of 0, PL_ENOMEM. */
pl_status pl_lad_simplex_weights(const double *P, const double *y, size_t n, size_t J, double *w, pl_error *err);

/* The mean of x[n] and, in *se, its standard error clustered by group[n] (cases of one group may be
** correlated, groups independent): se = sqrt(G/(G−1) · Σ_g (Σ_{i∈g} (x_i − mean))²) / n over the G
** groups (CR1: the cluster-robust variance of a regression on a constant). 0 for
** fewer than two groups. For a paired difference of absolute errors it is the clustered
** Diebold–Mariano standard error. */
double pl_cluster_mean(const double *x, const size_t *group, size_t n, double *se);

/* Wilson's (1927) score interval for k successes in n trials at standard-normal quantile z
** (1.6448536269514722 for 90 %, 1.959963984540054 for 95 %):
** (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), cut to [0, 1]. n ≤ 0 gives [0, 1]. */
void pl_stats_wilson(long k, long n, double z, double *lo, double *hi);

/* The two-sided standard-normal quantile of a central interval at level (0.90 → 1.6448536…). */
double pl_stats_z(double level);

/* The number of trials n at which the Wilson interval at quantile z has half-width at most h for
** every share p (the worst case, p = ½): the least n with z √(1/4n + z²/4n²)/(1 + z²/n) ≤ h. */
long pl_stats_wilson_runs(double z, double h);

#endif
