/*
** dec28.h — decimal floating point with 28 significant digits and round-half-even, the
** arithmetic of Python's decimal module in its default context, on GMP integers. The exchange
** model replays decide's computations in it wherever double rounding could change a decision.
** Layer: models (internal).
**
** A value is c × 10^e with an integer coefficient c. Every operation rounds its exact result
** to 28 significant digits (half to even), as decimal.Decimal does; conversions from text and
** pl_dec_set_d_exact are exact, like Decimal(str) and Decimal(float).
*/
#ifndef PARLEY_MODELS_DEC28_H
#define PARLEY_MODELS_DEC28_H

#include <gmp.h>

enum { PL_DEC_DIGITS = 28 };

typedef struct pl_dec {
    mpz_t c;
    long e;
} pl_dec;

/* Scratch integers and cached powers of ten, one per thread of use. */
typedef struct pl_dec_ctx {
    mpz_t t, u, v;
    mpz_t pow10[64];
} pl_dec_ctx;

void pl_dec_ctx_init(pl_dec_ctx *x);
void pl_dec_ctx_clear(pl_dec_ctx *x);

void pl_dec_init(pl_dec *a); /* 0 */
void pl_dec_clear(pl_dec *a);
void pl_dec_set(pl_dec *r, const pl_dec *a);
void pl_dec_set_si(pl_dec *r, long v);
/* Parses [-]digits[.digits][e[±]digits] exactly. Returns 0, or -1 if text is not such a number. */
int pl_dec_set_str(pl_dec *r, const char *text);
/* The exact binary value of x (Decimal(x) for a float x). */
void pl_dec_set_d_exact(pl_dec *r, double x);
/* The shortest decimal that reads back as x (Python's repr), exactly. */
void pl_dec_set_d_short(pl_dec *r, double x);
/* The double nearest a. */
double pl_dec_get_d(const pl_dec *a);

/* r = a op b rounded to 28 digits; r may alias a or b. Division by zero leaves r = 0. */
void pl_dec_add(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_sub(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_mul(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_div(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
void pl_dec_abs(pl_dec *r, const pl_dec *a);
void pl_dec_neg(pl_dec *r, const pl_dec *a);

int pl_dec_cmp(pl_dec_ctx *x, const pl_dec *a, const pl_dec *b); /* <0, 0, >0 */
int pl_dec_sgn(const pl_dec *a);

#endif
