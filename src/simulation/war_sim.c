/*
** war_sim.c — the daily loop of the war model: initialise, step each mechanism in a fixed order,
** run with a recorder, and reading a scenario with the war schema.
** Layer: simulation.
**
** Order within a day: third parties (attention, aid) → economy (spending index) → home front
** (launches, alerts, grid, outages, morale) → manpower (recruitment, training, AWOL) → front
** (rotation, fatigue, effectiveness, attrition, ground) → weariness. Each mechanism reads what
** the earlier ones wrote today and what the later ones wrote yesterday (docs/models/war.md).
*/
#include "parley/war.h"

#include <math.h>
#include <string.h>

#include "models/war/economy.h"
#include "models/war/front.h"
#include "models/war/homefront.h"
#include "models/war/manpower.h"
#include "models/war/thirdparty.h"

pl_status pl_war_scenario_read(const char *path, pl_scenario **out, pl_error *err)
{
    return pl_scenario_read(path, pl_war_schema(), out, err);
}

void pl_war_init(pl_war_state *s, const pl_war_params *p)
{
    memset(s, 0, sizeof *s);
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_state *ss = &s->side[x];
        pl_war_front_init(ss, &p->side[x]);
        pl_war_manpower_init(ss, &p->side[x]);
        pl_war_homefront_init(ss, &p->side[x]);
    }
    pl_war_thirdparty_init(s, p);
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_economy_init(&s->side[x], &p->side[x]);
        s->side[x].effectiveness = pl_war_effectiveness(&s->side[x], &p->side[x]);
    }
    pl_war_weariness_update(s, p);
}

/* A day without the exhaustion index: nothing in the day reads it, so a run that nobody watches
** between its start and its end computes it once, after the last day, with the same result. */
static void step_mechanisms(pl_war_state *s, const pl_war_params *p, gsl_rng *rng)
{
    if (!p->stochastic) rng = NULL;
    pl_war_thirdparty_step(s, p, rng);
    for (int x = 0; x < PL_WAR_SIDES; x++) pl_war_economy_step(&s->side[x], &p->side[x]);
    pl_war_homefront_step(s, p, rng);
    for (int x = 0; x < PL_WAR_SIDES; x++) pl_war_manpower_step(&s->side[x], &p->side[x], s->day);
    pl_war_front_step(s, p, rng);
    s->day += 1;
}

void pl_war_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng)
{
    step_mechanisms(s, p, rng);
    pl_war_weariness_update(s, p);
}

/* The state is all doubles; the first one that is not finite, or -1. */
static long first_non_finite(const pl_war_state *s)
{
    const double *v = (const double *)s;
    for (size_t k = 0; k < sizeof *s / sizeof *v; k++)
        if (!isfinite(v[k])) return (long)k;
    return -1;
}

/* Whether every state value is finite, without a branch per value: v − v is +0 for a finite v
** and NaN otherwise, and a sum of such terms is NaN exactly when one of them is (four sums keep
** the additions independent). A recorder checks the state every day it records. */
static int all_finite(const pl_war_state *s)
{
    const double *v = (const double *)s;
    size_t n = sizeof *s / sizeof *v, k = 0;
    double acc[4] = {0, 0, 0, 0};
    for (; k + 4 <= n; k += 4)
        for (int j = 0; j < 4; j++) acc[j] += v[k + j] - v[k + j];
    for (; k < n; k++) acc[0] += v[k] - v[k];
    return acc[0] + acc[1] + acc[2] + acc[3] == 0;
}

static pl_status check_state(const pl_war_state *s, pl_error *err)
{
    if (all_finite(s)) return PL_OK;
    long bad = first_non_finite(s);
    if (bad < 0) return PL_OK;
    return pl_error_set(err, PL_EDOM, "war state value #%ld is not finite on day %.0f (check the parameters)", bad,
                        s->day);
}

pl_status pl_war_run(pl_war_state *s, const pl_war_params *p, gsl_rng *rng, long days, const pl_war_recorder *rec,
                     pl_error *err)
{
    if (days < 0) return pl_error_set(err, PL_EINVAL, "found %ld days, expected a number >= 0", days);
    if (rec && rec->every < 1) return pl_error_set(err, PL_EINVAL, "found recorder step %ld, expected >= 1", rec->every);
    if (!rec) {
        for (long d = 1; d <= days; d++) step_mechanisms(s, p, rng);
        if (days > 0) pl_war_weariness_update(s, p);
        return check_state(s, err);
    }
    pl_status st = rec->record(rec->ctx, s, p, err);
    for (long d = 1; d <= days && !st; d++) {
        step_mechanisms(s, p, rng);
        if (d % rec->every == 0 || d == days) {
            pl_war_weariness_update(s, p);
            st = check_state(s, err);
            if (!st) st = rec->record(rec->ctx, s, p, err);
        }
    }
    return st ? st : check_state(s, err);
}
