/*
** dec28.c — 28-digit round-half-even decimal arithmetic (see dec28.h): the value semantics of
** the General Decimal Arithmetic specification that Python's decimal module implements, for
** +, −, ×, ÷ and comparison. A fixed-size path on 128/256-bit integers serves every operand of
** at most 38 digits without touching the heap; a general path on GMP serves the rest.
** Layer: core.
*/
#include "core/dec28.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if GMP_LIMB_BITS != 64 || GMP_NAIL_BITS != 0
#error "dec28.c passes 256-bit integers to GMP as four 64-bit limbs"
#endif

typedef pl_u128 u128;
typedef pl_u256 u256;

/* The innermost helpers of the fixed-size path are inlined into every operation (and take no
** 256-bit values through memory, which would stall loads on stores of their halves). */
#define PL_DEC_INLINE static inline __attribute__((always_inline))

enum { FAST_DIGITS = 38 }; /* operands up to this many digits take the fixed-size path */

/* 5^0 … 5^27: the powers of five below 2^64 (5^27 < 2^63). */
static const uint64_t pow5[28] = {1u,
                                  5u,
                                  25u,
                                  125u,
                                  625u,
                                  3125u,
                                  15625u,
                                  78125u,
                                  390625u,
                                  1953125u,
                                  9765625u,
                                  48828125u,
                                  244140625u,
                                  1220703125u,
                                  6103515625u,
                                  30517578125u,
                                  152587890625u,
                                  762939453125u,
                                  3814697265625u,
                                  19073486328125u,
                                  95367431640625u,
                                  476837158203125u,
                                  2384185791015625u,
                                  11920928955078125u,
                                  59604644775390625u,
                                  298023223876953125u,
                                  1490116119384765625u,
                                  7450580596923828125u};

/* {====================================================================== 256-bit integers */

PL_DEC_INLINE int bitlen64(uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; }

PL_DEC_INLINE int bitlen128(u128 v)
{
    uint64_t h = (uint64_t)(v >> 64);
    return h ? 64 + bitlen64(h) : bitlen64((uint64_t)v);
}

PL_DEC_INLINE int bitlen256(u256 v) { return v.hi ? 128 + bitlen128(v.hi) : bitlen128(v.lo); }
PL_DEC_INLINE int less256(u256 a, u256 b) { return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo; }
PL_DEC_INLINE int zero256(u256 a) { return !a.lo && !a.hi; }

PL_DEC_INLINE u256 add256(u256 a, u256 b)
{
    u256 r = {a.lo + b.lo, a.hi + b.hi};
    r.hi += r.lo < a.lo;
    return r;
}

PL_DEC_INLINE u256 sub256(u256 a, u256 b) /* a ≥ b */
{
    u256 r = {a.lo - b.lo, a.hi - b.hi};
    r.hi -= a.lo < b.lo;
    return r;
}

PL_DEC_INLINE u256 mul128(u128 a, u128 b)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    u256 r = {mid << 64 | (uint64_t)p00, p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64)};
    return r;
}

/* The limbs of a · b, least significant first, when the product is below 2^192. */
PL_DEC_INLINE void mul128_3(u128 a, u128 b, uint64_t l[3])
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, mid = (u128)a0 * b1 + (u128)a1 * b0; /* a1, b1 < 2^63: no overflow */
    u128 t = (p00 >> 64) + (uint64_t)mid;
    l[0] = (uint64_t)p00;
    l[1] = (uint64_t)t;
    l[2] = (uint64_t)(t >> 64) + (uint64_t)(mid >> 64) + a1 * b1;
}

/* a · b where the product is known to fit 256 bits. */
PL_DEC_INLINE u256 mul256(u256 a, u256 b)
{
    u256 r = mul128(a.lo, b.lo);
    if (a.hi | b.hi) r.hi += a.lo * b.hi + a.hi * b.lo;
    return r;
}

static u256 shl256(u256 a, int k) /* 0 ≤ k < 256 */
{
    if (k >= 128) return (u256){0, a.lo << (k - 128)};
    if (k == 0) return a;
    return (u256){a.lo << k, a.hi << k | a.lo >> (128 - k)};
}

static u256 shr256(u256 a, int k) /* 0 ≤ k < 256 */
{
    if (k >= 128) return (u256){a.hi >> (k - 128), 0};
    if (k == 0) return a;
    return (u256){a.lo >> k | a.hi << (128 - k), a.hi >> k};
}

/* n ← ⌊n / d⌋; returns n mod d. */
static uint64_t divrem64(u256 *n, uint64_t d)
{
    if (!n->hi) {
        u128 q = n->lo / d;
        uint64_t r = (uint64_t)(n->lo - q * d);
        n->lo = q;
        return r;
    }
    uint64_t limb[4] = {(uint64_t)n->lo, (uint64_t)(n->lo >> 64), (uint64_t)n->hi, (uint64_t)(n->hi >> 64)};
    uint64_t r = 0;
    for (int k = 3; k >= 0; k--) {
        u128 cur = (u128)r << 64 | limb[k];
        uint64_t q = (uint64_t)(cur / d);
        r = (uint64_t)(cur - (u128)q * d);
        limb[k] = q;
    }
    n->lo = (u128)limb[1] << 64 | limb[0];
    n->hi = (u128)limb[3] << 64 | limb[2];
    return r;
}

static void to_limbs(u256 a, mp_limb_t *l)
{
    l[0] = (mp_limb_t)a.lo;
    l[1] = (mp_limb_t)(a.lo >> 64);
    l[2] = (mp_limb_t)a.hi;
    l[3] = (mp_limb_t)(a.hi >> 64);
}

static u256 from_limbs(const mp_limb_t *l)
{
    return (u256){(u128)l[1] << 64 | l[0], (u128)l[3] << 64 | l[2]};
}

/* {====================================================================== Context */

void pl_dec_ctx_init(pl_dec_ctx *x)
{
    x->pow10[0] = (u256){1, 0};
    for (int k = 1; k <= PL_DEC_MAX_DIGITS; k++) x->pow10[k] = mul256(x->pow10[k - 1], (u256){10, 0});
    for (int k = 1; k <= 19; k++) x->half10[k] = (uint64_t)x->pow10[k].lo / 2;
    mpz_inits(x->t, x->u, x->v, NULL);
}

void pl_dec_ctx_clear(pl_dec_ctx *x) { mpz_clears(x->t, x->u, x->v, NULL); }

/* Decimal digits of n < 10^76 (1 for 0): the bit length gives it to within one
** (1233 / 4096 ≈ log10 2), a comparison with a power of ten settles it. */
PL_DEC_INLINE int digits256(const pl_dec_ctx *x, u256 n)
{
    if (!n.hi) {
        int b = bitlen128(n.lo), t = (b * 1233) >> 12; /* t ≤ 38: the power fits 128 bits */
        return b ? t + (n.lo >= x->pow10[t].lo) : 1;
    }
    int t = (bitlen256(n) * 1233) >> 12;
    return t + !less256(n, x->pow10[t]);
}

/* Decimal digits of l2 · 2^128 + l1 · 2^64 + l0 with l2 ≠ 0 (below 2^192), as digits256. */
PL_DEC_INLINE int digits192(const pl_dec_ctx *x, uint64_t l2, uint64_t l1, uint64_t l0)
{
    int t = ((128 + bitlen64(l2)) * 1233) >> 12; /* t ≤ 57: the power fits three limbs */
    const u256 *p = &x->pow10[t];
    uint64_t p2 = (uint64_t)p->hi, p1 = (uint64_t)(p->lo >> 64), p0 = (uint64_t)p->lo;
    return t + (l2 != p2 ? l2 > p2 : l1 != p1 ? l1 > p1 : l0 >= p0);
}

static int is_zero(const pl_dec *a) { return zero256(a->c); }

/* Whether a takes the fixed-size path. */
static int fast(const pl_dec *a) { return a->nd <= FAST_DIGITS; }

/* Decimal digits of n by repeated division (for values made outside arithmetic). */
static short count_digits(u256 n)
{
    short d = 0;
    while (!zero256(n)) {
        divrem64(&n, 10);
        d++;
    }
    return d;
}

/* {====================================================================== Fixed-size path */

/* (hi · 2^64 + lo) / d for hi < d (the quotient fits 64 bits): the quotient into *q, the remainder
** returned. One hardware divide (x86-64: divq; elsewhere the compiler's 128-bit division): on
** current processors it is quicker than multiplying by a precomputed inverse. */
PL_DEC_INLINE uint64_t div_2by1(uint64_t *q, uint64_t hi, uint64_t lo, uint64_t d)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    uint64_t r;
    __asm__("divq %4" : "=a"(*q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    return r;
#else
    u128 n = (u128)hi << 64 | lo;
    *q = (uint64_t)(n / d);
    return (uint64_t)(n % d);
#endif
}

/* n ← ⌊n / d⌋ for 0 < d < 2^64; returns n mod d. */
PL_DEC_INLINE uint64_t divrem_by(uint64_t d, u128 *n)
{
    uint64_t hi = (uint64_t)(*n >> 64), lo = (uint64_t)*n, q1 = 0, q0;
    if (hi >= d) {
        q1 = hi / d;
        hi %= d;
    }
    uint64_t r = div_2by1(&q0, hi, lo, d);
    *n = (u128)q1 << 64 | q0;
    return r;
}

/* n ← ⌊n / 10^k⌋ for 1 ≤ k ≤ 19; returns n mod 10^k. */
PL_DEC_INLINE uint64_t divrem_pow10_128(const pl_dec_ctx *x, u128 *n, int k)
{
    return divrem_by((uint64_t)x->pow10[k].lo, n);
}

/* (l2, l1, l0) / d for 0 < d < 2^64 when the quotient is below 2^128 (so l2 < d): the quotient
** into *q, the remainder returned. */
PL_DEC_INLINE uint64_t divrem_by_3(uint64_t d, uint64_t l2, uint64_t l1, uint64_t l0, u128 *q)
{
    uint64_t q1, q0, r = div_2by1(&q1, l2, l1, d);
    r = div_2by1(&q0, r, l0, d);
    *q = (u128)q1 << 64 | q0;
    return r;
}

/* l[0..n) (least significant limb first) ← ⌊l / 10^k⌋ for 1 ≤ k ≤ 19; returns l mod 10^k. */
static uint64_t divrem_pow10_limbs(const pl_dec_ctx *x, uint64_t *l, int n, int k)
{
    uint64_t d = (uint64_t)x->pow10[k].lo, r = 0;
    for (int j = n - 1; j >= 0; j--) {
        u128 cur = (u128)r << 64 | l[j];
        r = divrem_by(d, &cur);
        l[j] = (uint64_t)cur;
    }
    return r;
}

/* The same for a 256-bit n (over its non-zero limbs only). */
static uint64_t divrem_pow10_256(const pl_dec_ctx *x, u256 *n, int k)
{
    if (!n->hi) return divrem_pow10_128(x, &n->lo, k);
    mp_limb_t l[4];
    to_limbs(*n, l);
    uint64_t r = divrem_pow10_limbs(x, l, l[3] ? 4 : 3, k);
    *n = from_limbs(l);
    return r;
}

/* Rounds n (of 28 + k digits, the last k about to be dropped; rem = those digits, 1 ≤ k ≤ 19)
** half to even; sticky: digits dropped before were not all zero. Returns the new exponent step. */
PL_DEC_INLINE int round_digits(const pl_dec_ctx *x, u128 *n, uint64_t rem, int k, int sticky)
{
    uint64_t half = x->half10[k];
    if (rem > half || (rem == half && (sticky || (*n & 1)))) {
        if (++*n == x->pow10[PL_DEC_DIGITS].lo) { /* 999… rounded up to 1000… */
            *n = x->pow10[PL_DEC_DIGITS - 1].lo;
            return k + 1;
        }
    }
    return k;
}

PL_DEC_INLINE void set_result(pl_dec *r, u128 n, int e, int neg, int digits)
{
    r->c = (u256){n, 0};
    r->e = e;
    r->neg = (short)(neg && n);
    r->nd = (short)digits;
}

/* r = ±n · 10^e rounded to 28 digits, half to even. sticky says the exact value lies strictly
** beyond |n| · 10^e (digits already dropped were not all zero); then n has over 28 digits. */
PL_DEC_INLINE void round128(const pl_dec_ctx *x, pl_dec *r, u128 n, int e, int neg, int sticky)
{
    int d = digits256(x, (u256){n, 0});
    if (d > PL_DEC_DIGITS) {
        int k = d - PL_DEC_DIGITS; /* at most 11: n < 2^128 */
        uint64_t rem = divrem_pow10_128(x, &n, k);
        e += round_digits(x, &n, rem, k, sticky);
        d = PL_DEC_DIGITS;
    }
    set_result(r, n, e, neg, d);
}

/* r = ±n · 10^e rounded to 28 digits for n of 39 to 57 digits (below 2^192): the dropped digits
** go by one division by 10^k (k ≤ 19) or by 10^19 and then 10^(k − 19), over three limbs at most;
** sticky as in round128. */
PL_DEC_INLINE void round192(const pl_dec_ctx *x, pl_dec *r, const uint64_t l[3], int d, int e, int neg, int sticky)
{
    int k = d - PL_DEC_DIGITS, kk = k;
    uint64_t rem;
    u128 q;
    if (k <= 19) {
        rem = divrem_by_3((uint64_t)x->pow10[k].lo, l[2], l[1], l[0], &q);
    } else { /* the quotient by 10^19 has at most 38 digits */
        sticky |= divrem_by_3((uint64_t)x->pow10[19].lo, l[2], l[1], l[0], &q) != 0;
        kk = k - 19;
        rem = divrem_pow10_128(x, &q, kk);
    }
    e += k - kk + round_digits(x, &q, rem, kk, sticky);
    set_result(r, q, e, neg, PL_DEC_DIGITS);
}

/* The same for n < 10^76. */
__attribute__((noinline)) static void round256(const pl_dec_ctx *x, pl_dec *r, u256 n, int e, int neg, int sticky)
{
    if (!n.hi) {
        round128(x, r, n.lo, e, neg, sticky);
        return;
    }
    int d = digits256(x, n), k = d - PL_DEC_DIGITS;
    if (d <= 57) {
        uint64_t l[3] = {(uint64_t)n.lo, (uint64_t)(n.lo >> 64), (uint64_t)n.hi};
        round192(x, r, l, d, e, neg, sticky);
        return;
    }
    for (; k > 19; k -= 19, e += 19) sticky |= divrem_pow10_256(x, &n, 19) != 0;
    uint64_t rem = divrem_pow10_256(x, &n, k);
    e += round_digits(x, &n.lo, rem, k, sticky);
    set_result(r, n.lo, e, neg, PL_DEC_DIGITS);
}

static void set_signed(pl_dec *r, const pl_dec *a, int neg)
{
    *r = *a;
    r->neg = (short)(neg && !is_zero(a));
}

/* The general path (below) for operands the fixed-size one does not take; kept out of line so
** that the fixed-size path stays small. */
#define PL_DEC_RARE __attribute__((noinline, cold))
PL_DEC_RARE static void general_add(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b, int bneg);
PL_DEC_RARE static void general_mul(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);
PL_DEC_RARE static void general_div(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b);

/* r = a + (−1)^bneg · |b|, both fast and non-zero. The operand with the higher leading digit is
** h; when l lies wholly below half a unit of h's 28th digit, h ± l rounds to h. Otherwise both
** are aligned to the smaller exponent, at most 67 digits (38 or fewer: 128-bit arithmetic). */
static void add_fast(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b, int bneg)
{
    int da = a->nd, db = b->nd;
    int swap = b->e + db > a->e + da;
    const pl_dec *h = swap ? b : a, *l = swap ? a : b;
    int hneg = swap ? bneg : a->neg, lneg = swap ? a->neg : bneg, dh = swap ? db : da, dl = swap ? da : db;
    if ((h->e + dh) - (l->e + dl) >= PL_DEC_DIGITS + 2) {
        if (dh <= PL_DEC_DIGITS) {
            set_signed(r, h, hneg);
            return;
        }
        general_add(x, r, a, b, bneg);
        return;
    }
    int e = h->e < l->e ? h->e : l->e, sh = h->e - e, sl = l->e - e;
    if (dh + sh <= FAST_DIGITS && dl + sl <= FAST_DIGITS) {
        u128 ch = sh ? h->c.lo * x->pow10[sh].lo : h->c.lo, cl = sl ? l->c.lo * x->pow10[sl].lo : l->c.lo;
        if (hneg == lneg) round128(x, r, ch + cl, e, hneg, 0);
        else if (ch < cl) round128(x, r, cl - ch, e, lneg, 0);
        else round128(x, r, ch - cl, e, hneg, 0);
        return;
    }
    u256 ch = mul256(x->pow10[sh], h->c), cl = mul256(x->pow10[sl], l->c);
    if (hneg == lneg) round256(x, r, add256(ch, cl), e, hneg, 0);
    else if (less256(ch, cl)) round256(x, r, sub256(cl, ch), e, lneg, 0);
    else round256(x, r, sub256(ch, cl), e, hneg, 0);
}

static void add_signed(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b, int bneg)
{
    if (!fast(a) || !fast(b)) {
        general_add(x, r, a, b, bneg);
    } else if (is_zero(b)) {
        round128(x, r, a->c.lo, a->e, a->neg, 0);
    } else if (is_zero(a)) {
        round128(x, r, b->c.lo, b->e, bneg, 0);
    } else {
        add_fast(x, r, a, b, bneg);
    }
}

void pl_dec_add(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b) { add_signed(x, r, a, b, b->neg); }
void pl_dec_sub(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b) { add_signed(x, r, a, b, !b->neg); }

void pl_dec_mul(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    if (!fast(a) || !fast(b)) {
        general_mul(x, r, a, b);
        return;
    }
    int e = a->e + b->e, neg = a->neg ^ b->neg;
    if (a->nd + b->nd <= FAST_DIGITS) {
        round128(x, r, a->c.lo * b->c.lo, e, neg, 0);
        return;
    }
    if (a->nd + b->nd > 57) {
        round256(x, r, mul128(a->c.lo, b->c.lo), e, neg, 0);
        return;
    }
    uint64_t l[3];
    mul128_3(a->c.lo, b->c.lo, l);
    if (!l[2]) round128(x, r, (u128)l[1] << 64 | l[0], e, neg, 0);
    else round192(x, r, l, digits192(x, l[2], l[1], l[0]), e, neg, 0);
}

/* n ← ⌊n / d⌋ for d of two limbs; returns whether the remainder is non-zero. */
static int divrem128(u256 *n, u128 d)
{
    mp_limb_t nl[4], dl[2] = {(mp_limb_t)d, (mp_limb_t)(d >> 64)}, q[4] = {0}, rem[2];
    to_limbs(*n, nl);
    mp_size_t nn = 4;
    while (nn > 2 && !nl[nn - 1]) nn--;
    mpn_tdiv_qr(q, rem, 0, nl, nn, dl, 2);
    *n = from_limbs(q);
    return rem[0] || rem[1];
}

/* r = ±(n / b) · 10^e rounded, for n of 29 + (digits of b) digits and b of at most 9: the quotient
** n / b has 29 or 30 digits (n ≥ b · 10^29 says which), so dividing by 10 b or 100 b at once leaves
** the 28 kept and, in the remainder, all that rounding needs. */
PL_DEC_INLINE void div_short(const pl_dec_ctx *x, pl_dec *r, u128 n, u128 b, int e, int neg)
{
    int k = n >= b * x->pow10[29].lo ? 2 : 1;
    uint64_t d = (uint64_t)(b * x->pow10[k].lo);
    u128 q = n / d, twice = 2 * (n - q * d);
    if (twice > d || (twice == d && (q & 1))) {
        if (++q == x->pow10[PL_DEC_DIGITS].lo) { /* 999… rounded up to 1000… */
            q = x->pow10[PL_DEC_DIGITS - 1].lo;
            k++;
        }
    }
    set_result(r, q, e + k, neg, PL_DEC_DIGITS);
}

/* The quotient gets at least 29 digits (a is scaled by 10^s), so rounding always drops one. */
void pl_dec_div(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    if (is_zero(b) || is_zero(a)) {
        pl_dec_set_si(r, 0);
        return;
    }
    if (!fast(a) || !fast(b)) {
        general_div(x, r, a, b);
        return;
    }
    int na = a->nd, nb = b->nd, s = PL_DEC_DIGITS + 1 + nb - na;
    if (s < 0) s = 0;
    int e = a->e - b->e - s, neg = a->neg ^ b->neg;
    if (na + s <= FAST_DIGITS && s == PL_DEC_DIGITS + 1 + nb - na) { /* b has at most 9 digits */
        div_short(x, r, a->c.lo * x->pow10[s].lo, b->c.lo, e, neg);
        return;
    }
    if (na + s <= FAST_DIGITS) { /* 128 bits by 64 */
        u128 n = a->c.lo * x->pow10[s].lo, q = n / (uint64_t)b->c.lo;
        round128(x, r, q, e, neg, n != q * (uint64_t)b->c.lo);
        return;
    }
    u256 n = mul256(x->pow10[s], a->c);
    int sticky;
    if (b->c.lo >> 64) sticky = divrem128(&n, b->c.lo);
    else sticky = divrem64(&n, (uint64_t)b->c.lo) != 0;
    round256(x, r, n, e, neg, sticky);
}

/* Compares |a| and |b|, both non-zero: by leading digit's position, then aligned (the aligned
** coefficient has the other's number of digits, so it fits). */
static int cmp_mag(const pl_dec_ctx *x, const pl_dec *a, const pl_dec *b)
{
    int da = a->nd, db = b->nd;
    if (a->e + da != b->e + db) return a->e + da < b->e + db ? -1 : 1;
    u256 ca = a->c, cb = b->c;
    if (a->e > b->e) ca = mul256(ca, x->pow10[a->e - b->e]);
    else if (b->e > a->e) cb = mul256(cb, x->pow10[b->e - a->e]);
    return less256(ca, cb) ? -1 : less256(cb, ca) ? 1 : 0;
}

int pl_dec_cmp(const pl_dec_ctx *x, const pl_dec *a, const pl_dec *b)
{
    int sa = pl_dec_sgn(a), sb = pl_dec_sgn(b);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (!sa) return 0;
    int m = cmp_mag(x, a, b);
    return sa > 0 ? m : -m;
}

int pl_dec_sgn(const pl_dec *a) { return is_zero(a) ? 0 : a->neg ? -1 : 1; }

void pl_dec_abs(pl_dec *r, const pl_dec *a) { set_signed(r, a, 0); }
void pl_dec_neg(pl_dec *r, const pl_dec *a) { set_signed(r, a, !a->neg); }

/* {====================================================================== General path (GMP) */

static void to_mpz(mpz_t z, const pl_dec *a)
{
    mp_limb_t l[4];
    to_limbs(a->c, l);
    mpz_import(z, 4, -1, sizeof l[0], 0, 0, l);
    if (a->neg) mpz_neg(z, z);
}

/* 10^k into z. */
static void pow10_mpz(mpz_t z, unsigned long k) { mpz_ui_pow_ui(z, 10, k); }

/* Decimal digits of |c| (1 for 0). */
static unsigned long digits_mpz(pl_dec_ctx *x, const mpz_t c)
{
    if (mpz_sgn(c) == 0) return 1;
    unsigned long d = (unsigned long)mpz_sizeinbase(c, 10);
    pow10_mpz(x->v, d - 1);
    if (mpz_cmpabs(c, x->v) < 0) d--;
    return d;
}

/* r = c · 10^e rounded to 28 digits (half to even, sticky as in round128); c is clobbered. */
static void round_mpz(pl_dec_ctx *x, pl_dec *r, mpz_t c, long e, int sticky)
{
    unsigned long d = digits_mpz(x, c);
    int neg = mpz_sgn(c) < 0;
    mpz_abs(c, c);
    if (d > PL_DEC_DIGITS) {
        unsigned long k = d - PL_DEC_DIGITS;
        pow10_mpz(x->v, k);
        mpz_tdiv_qr(c, x->u, c, x->v); /* c = kept digits, u = dropped digits */
        mpz_mul_2exp(x->u, x->u, 1);
        int half = mpz_cmp(x->u, x->v); /* compares 2 × dropped with 10^k */
        if (half > 0 || (half == 0 && (sticky || mpz_odd_p(c)))) mpz_add_ui(c, c, 1);
        e += (long)k;
        if (digits_mpz(x, c) > PL_DEC_DIGITS) { /* 999… rounded up to 1000… */
            mpz_tdiv_q_ui(c, c, 10);
            e++;
        }
    }
    mp_limb_t l[4] = {0};
    mpz_export(l, NULL, -1, sizeof l[0], 0, 0, c);
    r->c = from_limbs(l);
    r->e = (int)e;
    r->neg = (short)(neg && mpz_sgn(c) != 0);
    r->nd = count_digits(r->c);
}

/* t ← a's signed coefficient, u ← b's (sign bneg), both at the smaller exponent, returned. */
static long align_mpz(pl_dec_ctx *x, const pl_dec *a, const pl_dec *b, int bneg)
{
    long e = a->e < b->e ? a->e : b->e;
    to_mpz(x->t, a);
    to_mpz(x->u, b);
    if ((mpz_sgn(x->u) < 0) != bneg) mpz_neg(x->u, x->u);
    pow10_mpz(x->v, (unsigned long)(a->e - e));
    mpz_mul(x->t, x->t, x->v);
    pow10_mpz(x->v, (unsigned long)(b->e - e));
    mpz_mul(x->u, x->u, x->v);
    return e;
}

PL_DEC_RARE static void general_add(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b, int bneg)
{
    long e = align_mpz(x, a, b, bneg);
    mpz_add(x->t, x->t, x->u);
    round_mpz(x, r, x->t, e, 0);
}

/* The product of two coefficients of up to 76 digits has up to 8 limbs: 19 digits at a time
** go (into the sticky bit) until it is below 2^252 < 10^76, then round256 finishes. */
PL_DEC_RARE static void general_mul(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    mp_limb_t la[4], lb[4], p[8] = {0};
    to_limbs(a->c, la);
    to_limbs(b->c, lb);
    mp_size_t na = 4, nb = 4;
    while (na > 1 && !la[na - 1]) na--;
    while (nb > 1 && !lb[nb - 1]) nb--;
    if (na >= nb) mpn_mul(p, la, na, lb, nb);
    else mpn_mul(p, lb, nb, la, na);
    int n = (int)(na + nb), e = a->e + b->e, sticky = 0;
    while (n > 4 || p[3] >> 60) {
        sticky |= divrem_pow10_limbs(x, p, n, 19) != 0;
        e += 19;
        if (!p[n - 1]) n--;
    }
    round256(x, r, from_limbs(p), e, a->neg ^ b->neg, sticky);
}

PL_DEC_RARE static void general_div(pl_dec_ctx *x, pl_dec *r, const pl_dec *a, const pl_dec *b)
{
    to_mpz(x->t, a);
    to_mpz(x->u, b);
    long na = (long)digits_mpz(x, x->t), nb = (long)digits_mpz(x, x->u);
    long s = PL_DEC_DIGITS + 1 + nb - na;
    if (s < 0) s = 0;
    pow10_mpz(x->v, (unsigned long)s);
    mpz_mul(x->t, x->t, x->v);
    mpz_tdiv_qr(x->t, x->u, x->t, x->u);
    round_mpz(x, r, x->t, (long)a->e - b->e - s, mpz_sgn(x->u) != 0);
}

/* {====================================================================== Conversions */

void pl_dec_init(pl_dec *a) { pl_dec_set_si(a, 0); }
void pl_dec_clear(pl_dec *a) { (void)a; }
void pl_dec_set(pl_dec *r, const pl_dec *a) { *r = *a; }

void pl_dec_set_si(pl_dec *r, long v)
{
    unsigned long m = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    *r = (pl_dec){{m, 0}, 0, v < 0, count_digits((u256){m, 0})};
}

/* Appends decimal digit dig to n (at most PL_DEC_MAX_DIGITS digits); returns -1 when full. */
static int push_digit(u256 *n, int *count, int dig)
{
    if (*count == 0 && dig == 0) return 0; /* leading zeros */
    if (++*count > PL_DEC_MAX_DIGITS) return -1;
    *n = add256(mul256(*n, (u256){10, 0}), (u256){(u128)dig, 0});
    return 0;
}

int pl_dec_set_str(pl_dec *r, const char *text)
{
    const char *p = text;
    int neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    u256 n = {0, 0};
    int any = 0, frac = 0, count = 0;
    long e = 0;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (push_digit(&n, &count, *p - '0')) return -1;
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
        if (end == p + 1) return -1;
        p = end;
    }
    if (*p || e > 100000 || e < -100000) return -1;
    *r = (pl_dec){n, (int)e, (short)(neg && !zero256(n)), (short)count};
    return 0;
}

int pl_dec_set_d_trunc(pl_dec *r, double v, int digits)
{
    mpz_t c, p;
    mpz_inits(c, p, NULL);
    int ex;
    double f = frexp(v, &ex); /* v = f · 2^ex, 0.5 ≤ |f| < 1 */
    mpz_set_d(c, ldexp(f, 53));
    long k = (long)ex - 53, e = 0;
    if (k >= 0) {
        mpz_mul_2exp(c, c, (mp_bitcnt_t)k);
    } else { /* m · 2^k = m · 5^(−k) · 10^k */
        mpz_ui_pow_ui(p, 5, (unsigned long)-k);
        mpz_mul(c, c, p);
        e = k;
    }
    int exact = 1;
    size_t d = mpz_sgn(c) ? mpz_sizeinbase(c, 10) : 1; /* d or d − 1 digits */
    mpz_ui_pow_ui(p, 10, d - 1);
    if (mpz_cmpabs(c, p) < 0) d--;
    if (d > (size_t)digits) {
        mpz_ui_pow_ui(p, 10, d - (size_t)digits);
        if (!mpz_divisible_p(c, p)) exact = 0;
        mpz_tdiv_q(c, c, p);
        e += (long)(d - (size_t)digits);
    }
    int neg = mpz_sgn(c) < 0;
    mpz_abs(c, c);
    mp_limb_t l[4] = {0};
    mpz_export(l, NULL, -1, sizeof l[0], 0, 0, c);
    *r = (pl_dec){from_limbs(l), (int)e, (short)neg, 0};
    r->nd = count_digits(r->c);
    mpz_clears(c, p, NULL);
    return exact;
}

int pl_dec_set_d_exact(pl_dec *r, double v) { return pl_dec_set_d_trunc(r, v, PL_DEC_MAX_DIGITS) ? 0 : -1; }

/* Any decimal of at most 15 digits that reads back as a normal double x is the shortest one:
** both lie within 2^−53 (relative) of x, and two such decimals lie further apart. So c · 10^−j
** with c = round(x · 10^j) below 10^15 that reads back (c / 10^j is then correctly rounded, as
** strtod would read it) is the answer, without printing; inputs such as 0.95 or 70 are that. */
static int set_d_short_fast(pl_dec *r, double v)
{
    static const double pow10d[10] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    if (!isnormal(v) || fabs(v) >= 1e15) return 0;
    for (int j = 0; j < 10; j++) {
        double c = nearbyint(v * pow10d[j]);
        if (fabs(c) >= 1e15) return 0;
        if (c / pow10d[j] == v) {
            uint64_t m = (uint64_t)fabs(c);
            *r = (pl_dec){{m, 0}, -j, v < 0, count_digits((u256){m, 0})};
            return 1;
        }
    }
    return 0;
}

/* When the shortest decimal of a normal double x has p ≤ 15 digits, x rounded to 15 digits is
** that decimal (as above): 15, 16 and 17 digits are the only candidates to try. */
void pl_dec_set_d_short(pl_dec *r, double v)
{
    if (set_d_short_fast(r, v)) return;
    char buf[40];
    for (int p = isnormal(v) ? 15 : 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v) break;
    }
    char *e = strchr(buf, 'e'), *z = e; /* trailing zeros go: short coefficients keep the fast path */
    if (strchr(buf, '.'))
        while (z[-1] == '0') z--;
    memmove(z, e, strlen(e) + 1);
    pl_dec_set_str(r, buf);
}

/* n · 2^exp2 rounded to a double, half to even; sticky: the exact value lies strictly above n
** (then n has more than 54 bits, so the sticky bit lands below the rounding bit). */
static double scaled_double(u256 n, int sticky, int exp2)
{
    int b = bitlen256(n);
    if (b > 64) {
        int k = b - 64;
        sticky |= !zero256(sub256(n, shl256(shr256(n, k), k)));
        n = shr256(n, k);
        exp2 += k;
    }
    return ldexp((double)((uint64_t)n.lo | (uint64_t)sticky), exp2);
}

/* The double nearest |a| by its decimal text (values beyond the fixed-size reach). */
static double text_double(const pl_dec *a)
{
    char buf[128];
    mpz_t z;
    mpz_init(z);
    to_mpz(z, a);
    mpz_abs(z, z);
    mpz_get_str(buf, 10, z);
    mpz_clear(z);
    size_t n = strlen(buf);
    snprintf(buf + n, sizeof buf - n, "e%d", a->e);
    return strtod(buf, NULL);
}

/* c · 10^e = c · 5^e · 2^e for e ≥ 0: exact while it fits 256 bits. */
static double integer_double(const pl_dec *a)
{
    u256 n = a->c;
    for (int k = a->e; k > 0; k -= 27) {
        if (bitlen256(n) > 256 - 63) return text_double(a);
        n = mul256(n, (u256){pow5[k < 27 ? k : 27], 0});
    }
    return scaled_double(n, 0, a->e);
}

/* c · 10^−k = (c · 2^t / 5^k) · 2^−(t+k), with t chosen so that the quotient has at least
** 66 bits; the remainders make the sticky bit. */
static double fraction_double(const pl_dec *a)
{
    int k = -a->e, bits5 = (k * 2322 + 999) / 1000 + 1; /* > log2 5^k */
    if (66 + bits5 > 256) return text_double(a);
    int t = 66 + bits5 - bitlen256(a->c);
    if (t < 0) t = 0;
    u256 n = shl256(a->c, t);
    int sticky = 0;
    for (int j = k; j > 0; j -= 27) sticky |= divrem64(&n, pow5[j < 27 ? j : 27]) != 0;
    return scaled_double(n, sticky, -t - k);
}

/* 2^k as a double, exactly (|k| < 1000). */
static double pow2(int k)
{
    uint64_t bits = (uint64_t)(1023 + k) << 52;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* The common case of fraction_double: a coefficient below 2^128 and 10^−k with k ≤ 31, where
** c · 2^t (t for a quotient of at least 55 bits) fits 128 bits and the quotient 64 bits. Returns
** a negative value when the case does not apply. */
static double fraction_double_128(const pl_dec *a)
{
    int k = -a->e, bits5 = (k * 2322 + 999) / 1000 + 1, t = 55 + bits5 - bitlen128(a->c.lo);
    if (a->c.hi || k > 31 || t < 0) return -1;
    u128 n = a->c.lo << t;
    int sticky = 0;
    for (int j = k; j > 0; j -= 27) {
        uint64_t d = pow5[j < 27 ? j : 27];
        u128 q = n / d;
        sticky |= n != q * d;
        n = q;
    }
    return (double)((uint64_t)n | (uint64_t)sticky) * pow2(-t - k);
}

double pl_dec_get_d(const pl_dec *a)
{
    if (is_zero(a)) return 0.0;
    double v = -1;
    if (a->e < 0) v = fraction_double_128(a);
    else if (a->e == 0 && !a->c.hi && !(a->c.lo >> 64)) v = (double)(uint64_t)a->c.lo;
    if (v < 0) v = a->e >= 0 ? integer_double(a) : fraction_double(a);
    return a->neg ? -v : v;
}
