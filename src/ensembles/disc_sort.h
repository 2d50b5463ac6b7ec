/*
** disc_sort.h — what PRIM and CART share: the data checked, and every input's runs in increasing
** order (sorted once, then walked with a membership mask instead of sorted again at every step).
** Layer: ensembles. Internal.
*/
#ifndef PARLEY_ENSEMBLES_DISC_SORT_H
#define PARLEY_ENSEMBLES_DISC_SORT_H

#include <stddef.h>

#include "core/internal.h"
#include "parley/discovery.h"

typedef struct pl_disc_sorted {
    size_t n, d;
    size_t *order;   /* [d × n] order[j·n + k]: the run with the k-th smallest x_j (ties by run index) */
    double *value;   /* [d × n] x_j of that run */
    double *lo, *hi; /* [d] the data's range */
} pl_disc_sorted;

/* PL_EINVAL when data is empty or holds a non-finite input; otherwise fills s. */
PL_INTERNAL pl_status pl_disc_sort(const pl_disc_data *data, pl_disc_sorted *s, pl_error *err);
PL_INTERNAL void pl_disc_sorted_free(pl_disc_sorted *s);

/* Half way between a and b: the limit between a run removed (or split off) and one kept. */
PL_INTERNAL double pl_disc_mid(double a, double b);

#endif
