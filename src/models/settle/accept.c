/*
** accept.c — the values each side compares when it accepts or refuses a deal: the attacker's best
** time to renew the war (optimal stopping over the values of renewing it, or Powell's 2006
** condition when the terms can be revised), the defender's value of a deal the attacker may end,
** and the value of fighting on.
** Layer: models.
**
** Equations: docs/models/settle.md §3 (fighting on), §6 (the option to attack).
*/
#include "parley/settle.h"

#include <math.h>

/* Optimal stopping: Π_t = fa + dm·max(va[t+1], Π_{t+1}); the first t with va[t] > Π_t. */
static long first_attack_fixed(const double *va, size_t n, double fa, double dm, double *value)
{
    double pi = fa / (1 - dm); /* peace beyond the projection */
    long first = -1;
    for (size_t k = n; k-- > 0;) {
        if (k + 1 < n) pi = fa + dm * (va[k + 1] > pi ? va[k + 1] : pi);
        if (va[k] > pi) first = (long)k;
        if (k == 0 && value) *value = va[0] > pi ? va[0] : pi;
    }
    return first;
}

static long first_attack_powell(const double *va, const double *vd, size_t n, double fa, double whole, double dm,
                                double *value)
{
    for (size_t t = 0; t + 1 < n; t++) {
        double best = whole + dm * (whole / (1 - dm) - vd[t + 1]);
        if (va[t] > best) {
            if (value) *value = va[0];
            return (long)t;
        }
    }
    if (value) *value = fa / (1 - dm);
    return -1;
}

long pl_postdeal_first_attack(pl_commitment_rule rule, const double *va, const double *vd, size_t n, double fa,
                              double whole_flow, double dm, double *value)
{
    if (n == 0) {
        if (value) *value = fa / (1 - dm);
        return -1;
    }
    if (rule == PL_COMMIT_POWELL) return first_attack_powell(va, vd, n, fa, whole_flow, dm, value);
    return first_attack_fixed(va, n, fa, dm, value);
}

double pl_postdeal_defender_value(const double *vd, size_t n, long tau, double fd, double dm)
{
    double v = 0, disc = 1;
    size_t end = tau < 0 ? n : (size_t)tau;
    for (size_t t = 0; t < end && t < n; t++, disc *= dm) v += disc * fd;
    if (tau >= 0 && (size_t)tau < n) return v + disc * vd[tau];
    return v + disc * fd / (1 - dm);
}

double pl_collapse_hazard(const pl_collapse *c, double e)
{
    return c->rate_max / (1 + exp(-(e - c->e_half) / c->width));
}

void pl_fight_value_start(pl_fight_value *fv)
{
    fv->value = 0;
    fv->survival = 1;
    fv->disc = 1;
}

void pl_fight_value_add(pl_fight_value *fv, double flow, double h_win, double h_lose, double v_win, double v_lose,
                        double d)
{
    fv->value += fv->disc * fv->survival * (flow + h_win * v_win + h_lose * v_lose);
    double go_on = 1 - h_win - h_lose;
    fv->survival *= go_on > 0 ? go_on : 0;
    fv->disc *= d;
}

double pl_fight_value_finish(pl_fight_value *fv, double flow, double h_win, double h_lose, double v_win, double v_lose,
                             double d)
{
    double go_on = 1 - h_win - h_lose;
    if (go_on < 0) go_on = 0;
    double tail = (flow + h_win * v_win + h_lose * v_lose) / (1 - d * go_on);
    fv->value += fv->disc * fv->survival * tail;
    return fv->value;
}
