/*
** dec28.c — 28-digit round-half-even decimal arithmetic on GMP integers (see dec28.h): the
** value semantics of the General Decimal Arithmetic specification that Python's decimal module
** implements, for +, −, ×, ÷ and comparison.
** Layer: models.
*/
#include "models/bargain/dec28.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_dec_ctx_init(pl_dec_ctx *x)
{
    mpz_inits(x->t, x->u, x->v, NULL);
    for (unsigned k = 0; k < 64; k++) {
        mpz_init(x->pow10[k]);
        mpz_ui_pow_ui(x->pow10[k], 10, k);
    }
}

void pl_dec_ctx_clear(pl_dec_ctx *x)
{
    mpz_clears(x->t, x->u, x->v, NULL);
    for (unsigned k = 0; k < 64; k++) mpz_clear(x->pow10[k]);
}

/* 10^k: a cached power, or scratch (which it overwrites) for large k */
static mpz_srcptr pow10(pl_dec_ctx *x, mpz_ptr scratch, unsigned long k)
{
    if (k < 64) return x->pow10[k];
    mpz_ui_pow_ui(scratch, 10, k);
    return scratch;
}

/* Decimal digits of |c| (1 for 0). */
static unsigned long digits(pl_dec_ctx *x, const mpz_t c)
{
    if (mpz_sgn(c) == 0) return 1;
    unsigned long d = (unsigned long)mpz_sizeinbase(c, 10);
    if (mpz_cmpabs(c, pow10(x, x->v, d - 1)) < 0) d--;
    return d;
}

/* Rounds r (coefficient with exponent e) to 28 digits, half to even; sticky says the exact value
** lies strictly beyond |coefficient| (digits already dropped were not all zero). */
static void round28(pl_dec_ctx *x, pl_dec *r, int sticky)
{
    unsigned long d = digits(x, r->c);
    if (d <= PL_DEC_DIGITS) return;
    unsigned long k = d - PL_DEC_DIGITS;
    int neg = mpz_sgn(r->c) < 0;
    mpz_abs(r->c, r->c);
    mpz_srcptr p = pow10(x, x->t, k);
    mpz_tdiv_qr(r->c, x->u, r->c, p); /* r->c = kept digits, u = dropped digits */
    mpz_mul_2exp(x->u, x->u, 1);
    int half = mpz_cmp(x->u, p); /* compares 2 × dropped with 10^k */
    if (half > 0 || (half == 0 && (sticky || mpz_odd_p(r->c)))) mpz_add_ui(r->c, r->c, 1);
    r->e += (long)k;
    if (digits(x, r->c) > PL_DEC_DIGITS) { /* 999… rounded up to 1000… */
        mpz_tdiv_q_ui(r->c, r->c, 10);
        r->e++;
    }
    if (neg) mpz_neg(r->c, r->c);
}

void pl_dec_init(pl_dec *a)
{
    mpz_init(a->c);
    a->e = 0;
}

void pl_dec_clear(pl_dec *a) { mpz_clear(a->c); }

void pl_dec_set(pl_dec *r, const pl_dec *a)
{
    mpz_set(r->c, a->c);
    r->e = a->e;
}

void pl_dec_set_si(pl_dec *r, long v)
{
    mpz_set_si(r->c, v);
    r->e = 0;
}

int pl_dec_set_str(pl_dec *r, const char *text)
{
    char buf[128];
    size_t n = 0;
    long e = 0;
    const char *p = text;
    if (*p == '-' || *p == '+') buf[n++] = *p++;
    int any = 0, frac = 0;
    for (; *p && n + 1 < sizeof buf; p++) {
        if (*p >= '0' && *p <= '9') {
            buf[n++] = *p;
            any = 1;
            e -= frac;
        } else if (*p == '.' && !frac) {
            frac = 1;
        } else {
            break;
        }
    }
    if (!any) return -1;
    if (*p == 'e' || *p == 'E') {
        char *end;
        e += strtol(p + 1, &end, 10);
        p = end;
    }
    if (*p) return -1;
    buf[n] = '\0';
    if (mpz_set_str(r->c, buf[0] == '+' ? buf + 1 : buf, 10)) return -1;
    r->e = e;
    return 0;
}

void pl_dec_set_d_exact(pl_dec *r, double v)
{
    int ex;
    double f = frexp(v, &ex); /* v = f · 2^ex, 0.5 ≤ |f| < 1 */
    mpz_set_d(r->c, ldexp(f, 53));
    long k = (long)ex - 53;
    if (k >= 0) {
        mpz_mul_2exp(r->c, r->c, (mp_bitcnt_t)k);
        r->e = 0;
    } else { /* m · 2^k = m · 5^(−k) · 10^k */
        mpz_t five;
        mpz_init(five);
        mpz_ui_pow_ui(five, 5, (unsigned long)-k);
        mpz_mul(r->c, r->c, five);
        mpz_clear(five);
        r->e = k;
    }
}

void pl_dec_set_d_short(pl_dec *r, double v)
{
    char buf[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v) break;
    }
    pl_dec_set_str(r, buf);
}

double pl_dec_get_d(const pl_dec *a)
{
    char buf[160];
    if (mpz_sizeinbase(a->c, 10) + 2 > 120) return mpz_get_d(a->c) * pow(10.0, (double)a->e);
    mpz_get_str(buf, 10, a->c);
    size_t n = strlen(buf);
    snprintf(buf + n, sizeof buf - n, "e%ld", a->e);
    return strtod(buf, NULL);
}

/* Brings a and b to the smaller exponent: t = a's coefficient, u = b's, returned exponent. */
static long align(pl_dec_ctx *x, const pl_dec *a, const pl_dec *b)
{
    long e = a->e < b->e ? a->e : b->e;
    if (a->e == e) mpz_set(x->t, a->c);
    else mpz_mul(x->t, a->c, pow10(x, x->v, (unsigned long)(a->e - e)));
    if (b->e == e) mpz_set(x->u, b->c);
    else mpz_mul(x->u, b->c, pow10(x, x->v, (unsigned long)(b->e - e)));
    return e;
}

void pl_dec_add(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    long e = align(x, a, b);
    mpz_add(r->c, x->t, x->u);
    r->e = e;
    round28(x, r, 0);
}

void pl_dec_sub(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    long e = align(x, a, b);
    mpz_sub(r->c, x->t, x->u);
    r->e = e;
    round28(x, r, 0);
}

void pl_dec_mul(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    long e = a->e + b->e;
    mpz_mul(r->c, a->c, b->c);
    r->e = e;
    round28(x, r, 0);
}

void pl_dec_div(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    if (mpz_sgn(b->c) == 0) {
        pl_dec_set_si(r, 0);
        return;
    }
    long na = (long)digits(x, a->c), nb = (long)digits(x, b->c);
    long s = PL_DEC_DIGITS + 1 + nb - na; /* the quotient gets at least 29 digits */
    if (s < 0) s = 0;
    long e = a->e - b->e - s;
    mpz_mul(x->t, a->c, pow10(x, x->v, (unsigned long)s));
    mpz_tdiv_qr(r->c, x->u, x->t, b->c);
    r->e = e;
    round28(x, r, mpz_sgn(x->u) != 0);
}

void pl_dec_abs(pl_dec *r, const pl_dec *a)
{
    mpz_abs(r->c, a->c);
    r->e = a->e;
}

void pl_dec_neg(pl_dec *r, const pl_dec *a)
{
    mpz_neg(r->c, a->c);
    r->e = a->e;
}

int pl_dec_cmp(pl_dec_ctx *x, const pl_dec *a, const pl_dec *b)
{
    align(x, a, b);
    return mpz_cmp(x->t, x->u);
}

int pl_dec_sgn(const pl_dec *a) { return mpz_sgn(a->c); }
