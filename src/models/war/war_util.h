/*
** war_util.h — small inline helpers the war-model mechanisms share.
** Layer: models. Internal.
*/
#ifndef PARLEY_WAR_UTIL_H
#define PARLEY_WAR_UTIL_H

#include <math.h>

#include "parley/war_model.h"

#define WAR_MONTH PL_WAR_MONTH_DAYS
#define WAR_YEAR 365.25
#define WAR_PI 3.14159265358979323846

static inline double war_clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static inline double war_pos(double x) { return x > 0 ? x : 0; }

/* How war_pow computes b^e for an exponent e; the kind of each per-run exponent is found once
** (pl_war_params_prepare), so the daily step tests a small integer instead of comparing e with
** up to five doubles. */
enum { WAR_POW_ONE, WAR_POW_ZERO, WAR_POW_HALF, WAR_POW_THREE_HALVES, WAR_POW_TWO, WAR_POW_ANY };

static inline unsigned char war_pow_kind(double e)
{
    return e == 1 ? WAR_POW_ONE : e == 0 ? WAR_POW_ZERO : e == 0.5 ? WAR_POW_HALF : e == 1.5 ? WAR_POW_THREE_HALVES
                                                          : e == 2 ? WAR_POW_TWO : WAR_POW_ANY;
}

/* b^e (b ≥ 0) given e's kind: the common exponents 0, 1, 0.5, 1.5 and 2 are done without pow
** (they are most of the calls in a run, and pow is the costliest operation of the daily step). */
static inline double war_pow_as(double b, double e, unsigned kind)
{
    if (kind == WAR_POW_ONE) return b;
    if (kind == WAR_POW_ANY) return pow(b, e);
    if (kind == WAR_POW_ZERO) return 1;
    if (kind == WAR_POW_HALF) return sqrt(b);
    return kind == WAR_POW_TWO ? b * b : b * sqrt(b);
}

static inline double war_pow(double b, double e) { return war_pow_as(b, e, war_pow_kind(e)); }

/* A mean-one log-normal factor exp(σz − σ²/2) from a standard normal z, with half_var = 0.5·σ·σ
** computed once per run (the same expression, so the same bits). */
static inline double war_lognormal(double sigma, double z, double half_var) { return exp(sigma * z - half_var); }

#endif
