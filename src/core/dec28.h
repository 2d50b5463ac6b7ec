/*
** dec28.h — decimal floating point with 28 significant digits and round-half-even, the
** arithmetic of Python's decimal module in its default context. The exchange model replays
** decide's computations in it wherever double rounding could change a decision.
** Layer: core (internal).
**
** A value is ±c × 10^e with an integer coefficient c below 10^76, held in 256 bits: no heap,
** values copy by assignment. Every operation rounds its exact result to 28 significant digits
** (half to even), as decimal.Decimal does. Operands of at most 38 digits (every result is one)
** take a fixed-size path on 128/256-bit integers; longer ones (exact binary constants such as
** Decimal(0.1)) take a general path on GMP. Conversions from text and pl_dec_set_d_exact are
** exact, like Decimal(str) and Decimal(float).
*/
#ifndef PARLEY_MODELS_DEC28_H
#define PARLEY_MODELS_DEC28_H

#include <gmp.h>

enum { PL_DEC_DIGITS = 28, PL_DEC_MAX_DIGITS = 76 };

__extension__ typedef unsigned __int128 pl_u128; /* GCC and Clang */

/* A 256-bit unsigned integer: hi · 2^128 + lo. */
typedef struct pl_u256 {
    pl_u128 lo, hi;
} pl_u256;

typedef struct pl_dec {
    pl_u256 c; /* |coefficient|, below 10^76 */
    int e;
    short neg; /* 1 when negative; 0 for zero */
    short nd;  /* decimal digits of c (0 or 1 for zero, so zeroed memory is a valid 0) */
} pl_dec;

/* Powers of ten, halves of those up to 10^19 (for rounding) and scratch integers of the general
** path; one per thread of use. */
typedef struct pl_dec_ctx {
    pl_u256 pow10[PL_DEC_MAX_DIGITS + 1];
    unsigned long long half10[20];
    mpz_t t, u, v;
} pl_dec_ctx;

void pl_dec_ctx_init(pl_dec_ctx *x);
void pl_dec_ctx_clear(pl_dec_ctx *x);

void pl_dec_init(pl_dec *a); /* 0 */
void pl_dec_clear(pl_dec *a); /* nothing to free; kept for symmetry with pl_dec_init */
void pl_dec_set(pl_dec *r, const pl_dec *a);
void pl_dec_set_si(pl_dec *r, long v);
/* Parses [-]digits[.digits][e[±]digits] exactly. Returns 0, or -1 if text is not such a number
** or needs more than PL_DEC_MAX_DIGITS digits. */
int pl_dec_set_str(pl_dec *r, const char *text);
/* The exact binary value of x (Decimal(x) for a float x) truncated toward zero to `digits`
** significant digits (at most PL_DEC_MAX_DIGITS). Returns 1 if that is x exactly, else 0. */
int pl_dec_set_d_trunc(pl_dec *r, double x, int digits);
/* The exact binary value of x. Returns 0, or -1 (r truncated) if it needs more than
** PL_DEC_MAX_DIGITS digits. */
int pl_dec_set_d_exact(pl_dec *r, double x);
/* The shortest decimal that reads back as x (Python's repr), exactly. */
void pl_dec_set_d_short(pl_dec *r, double x);
/* The double nearest a (ties to even), as strtod would read a's decimal text. */
double pl_dec_get_d(const pl_dec *a);

/* r = a op b rounded to 28 digits; r may alias a or b. Division by zero leaves r = 0. */
void pl_dec_add(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_sub(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_mul(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_div(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_abs(pl_dec *r, const pl_dec *a);
void pl_dec_neg(pl_dec *r, const pl_dec *a);

int pl_dec_cmp(const pl_dec_ctx *x, const pl_dec *a, const pl_dec *b); /* <0, 0, >0 */
int pl_dec_sgn(const pl_dec *a);

#endif
