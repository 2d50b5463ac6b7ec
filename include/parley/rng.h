/*
** rng.h — random streams: one independent stream per (seed, stream index).
** Layer: core. Public API.
**
** A pl_rng is a GSL generator (gsl_rng) of parley's own type "xoshiro256**", seeded from the
** pair (seed, stream) through SplitMix64. GSL's own generators take at most a 32-bit seed,
** which would make stream collisions likely across 10^5 runs; this type takes the full 64 bits.
** Because run i's stream depends only on (seed, i), results do not depend on thread count,
** rank count or the order in which runs finish. All GSL samplers (gsl_ran_*) accept it.
*/
#ifndef PARLEY_RNG_H
#define PARLEY_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* The GSL generator type behind every parley stream. */
extern const gsl_rng_type *pl_rng_xoshiro256;

/* A new generator for stream `stream` of master seed `seed`. NULL on no memory.
** Free with gsl_rng_free. */
gsl_rng *pl_rng_alloc(uint64_t seed, uint64_t stream);

/* Re-seeds an existing generator for (seed, stream) without allocating. */
void pl_rng_reseed(gsl_rng *r, uint64_t seed, uint64_t stream);

/* SplitMix64 finaliser: a bijective mix of a 64-bit word (used to derive stream keys). */
uint64_t pl_mix64(uint64_t x);

#endif
