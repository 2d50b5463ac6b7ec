/*
** smp_vec.h — two-lane double vectors (GCC/Clang vector extensions, SSE2 on x86-64) for the SMP's
** hot loops. Each lane does exactly the scalar operations, so vector and scalar code give the same
** bits (no reassociation, no contraction: the build has -ffp-contract=off).
** Layer: models (internal).
*/
#ifndef PARLEY_MODELS_SMP_VEC_H
#define PARLEY_MODELS_SMP_VEC_H

#include <string.h>

typedef double pl_smp_v2 __attribute__((vector_size(16)));
typedef long long pl_smp_m2 __attribute__((vector_size(16)));

static inline pl_smp_v2 pl_smp_v2_load(const double *p)
{
    pl_smp_v2 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void pl_smp_v2_store(double *p, pl_smp_v2 v) { memcpy(p, &v, sizeof v); }

static inline pl_smp_v2 pl_smp_v2_set(double x) { return (pl_smp_v2){x, x}; }

/* Per lane x > 0 ? x : +0.0. */
static inline pl_smp_v2 pl_smp_v2_pos(pl_smp_v2 x)
{
    const pl_smp_v2 zero = {0.0, 0.0};
    return (pl_smp_v2)((pl_smp_m2)x & (x > zero));
}

/* Per lane x < 0 ? x : +0.0. */
static inline pl_smp_v2 pl_smp_v2_neg(pl_smp_v2 x)
{
    const pl_smp_v2 zero = {0.0, 0.0};
    return (pl_smp_v2)((pl_smp_m2)x & (x < zero));
}

/* Per lane keep ? x : +0.0, keep a mask from a comparison. */
static inline pl_smp_v2 pl_smp_v2_keep(pl_smp_v2 x, pl_smp_m2 keep) { return (pl_smp_v2)((pl_smp_m2)x & keep); }

#endif
