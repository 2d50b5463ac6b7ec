/*
** rng.c — the xoshiro256** generator as a GSL rng type, seeded per (seed, stream).
** Layer: core.
**
** xoshiro256** is Blackman & Vigna (2018), "Scrambled linear pseudorandom number generators";
** the state is filled from a 64-bit key by SplitMix64 as the authors recommend.
*/
#include "parley/rng.h"

typedef struct {
    uint64_t s[4];
} xoshiro_state;

uint64_t pl_mix64(uint64_t x)
{
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t splitmix_next(uint64_t *x)
{
    *x += 0x9e3779b97f4a7c15ULL;
    return pl_mix64(*x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t xoshiro_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
    xoshiro_state *st = vstate;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++) st->s[i] = splitmix_next(&x);
}

/* GSL samplers expect get() in [min, max]; the top 32 bits are the best-mixed ones. */
static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(xoshiro_next(vstate) >> 32);
}

/* Uniform on [0, 1) with 53 random bits. */
static double xoshiro_get_double(void *vstate)
{
    return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state),
    xoshiro_set, xoshiro_get, xoshiro_get_double};

const gsl_rng_type *pl_rng_xoshiro256 = &xoshiro_type;

static uint64_t stream_key(uint64_t seed, uint64_t stream)
{
    return pl_mix64(pl_mix64(seed) ^ (stream * 0xd1b54a32d192ed03ULL + 1));
}

/* The state from all 64 bits of the key. gsl_rng_set passes an unsigned long, which has only 32
** bits where long does (WebAssembly, 32-bit targets, Windows): there the streams would differ. */
static void set_key(gsl_rng *r, uint64_t key)
{
    xoshiro_state *st = r->state;
    for (int i = 0; i < 4; i++) st->s[i] = splitmix_next(&key);
}

gsl_rng *pl_rng_alloc(uint64_t seed, uint64_t stream)
{
    gsl_rng *r = gsl_rng_alloc(pl_rng_xoshiro256);
    if (r) set_key(r, stream_key(seed, stream));
    return r;
}

void pl_rng_reseed(gsl_rng *r, uint64_t seed, uint64_t stream)
{
    if (r->type == pl_rng_xoshiro256) set_key(r, stream_key(seed, stream));
    else gsl_rng_set(r, (unsigned long)stream_key(seed, stream));
}
