/*
** stats.h — small numeric helpers shared by models and scorers: weighted means and medians,
** error summaries.
** Layer: core. Public API.
*/
#ifndef PARLEY_STATS_H
#define PARLEY_STATS_H

#include <stddef.h>

/* Σ w_i x_i / Σ w_i over i with mask[i] != 0 (mask may be NULL: all). A zero total weight falls
** back to the unweighted mean of the masked values (the DEU reference rule). Left-to-right
** summation. Returns 0 when no value is masked in. */
double pl_weighted_mean(const double *x, const double *w, const unsigned char *mask, size_t n);

/* The lower weighted median: values with weight > 0 sorted by (x, index); the first x where
** 2 · cumulative weight ≥ total. Zero total weight falls back to the unweighted lower median.
** scratch must hold n size_t. Returns 0 when no value is masked in. */
double pl_weighted_median(const double *x, const double *w, const unsigned char *mask, size_t n,
                          size_t *scratch);

/* Mean absolute and root-mean-square error of pred against obs over n values. */
double pl_mae(const double *pred, const double *obs, size_t n);
double pl_rmse(const double *pred, const double *obs, size_t n);

#endif
