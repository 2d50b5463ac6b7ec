/*
** war_util.h — small inline helpers the war-model mechanisms share.
** Layer: models. Internal.
*/
#ifndef PARLEY_WAR_UTIL_H
#define PARLEY_WAR_UTIL_H

#include <math.h>

/* Days per month: the mean Gregorian month, so 12 months make 365.25 days. */
#define WAR_MONTH 30.4375
#define WAR_YEAR 365.25
#define WAR_PI 3.14159265358979323846

static inline double war_clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static inline double war_pos(double x) { return x > 0 ? x : 0; }

/* b^e (b ≥ 0) with the common exponents 0, 1, 0.5, 1.5 and 2 done without pow: they are most
** of the calls in a run, and pow is the costliest operation of the daily step. */
static inline double war_pow(double b, double e)
{
    if (e == 1) return b;
    if (e == 0) return 1;
    if (e == 0.5) return sqrt(b);
    if (e == 1.5) return b * sqrt(b);
    if (e == 2) return b * b;
    return pow(b, e);
}

#endif
