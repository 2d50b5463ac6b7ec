/*
** war_outcome.c — the scalar outcomes of a war run in a stable order, with their names.
** Layer: simulation.
*/
#include "parley/war.h"

#include <stdio.h>

enum { SCOPE_GLOBAL, SCOPE_SIDE, SCOPE_THIRD };

static const pl_war_outcome_desc outcomes[] = {
    {"days", "days", SCOPE_GLOBAL, "days simulated"},
    {"territory_km2", "km2", SCOPE_GLOBAL, "net ground the attacker took"},
    {"territory_km2_per_month", "km2/month", SCOPE_GLOBAL, "net ground the attacker took per month"},
    {"losses", "persons", SCOPE_SIDE, "casualties (killed and wounded)"},
    {"killed", "persons", SCOPE_SIDE, "killed or missing for good"},
    {"line_end", "persons", SCOPE_SIDE, "troops in the line at the end"},
    {"reserve_end", "persons", SCOPE_SIDE, "troops in reserve at the end"},
    {"recruits", "persons", SCOPE_SIDE, "recruits of all channels"},
    {"recruits_contract", "persons", SCOPE_SIDE, "contract volunteers"},
    {"recruits_prison", "persons", SCOPE_SIDE, "prison recruits"},
    {"recruits_levy", "persons", SCOPE_SIDE, "regional levies"},
    {"recruits_mobilized", "persons", SCOPE_SIDE, "called up and reporting"},
    {"called", "persons", SCOPE_SIDE, "call-up notices served"},
    {"evaded", "persons", SCOPE_SIDE, "called and evading"},
    {"bribed", "persons", SCOPE_SIDE, "called and buying removal from the lists"},
    {"bribes_usd", "US$", SCOPE_SIDE, "money paid for removal"},
    {"awol_departures", "persons", SCOPE_SIDE, "soldiers who went absent without leave"},
    {"awol_end", "persons", SCOPE_SIDE, "absent without leave at the end"},
    {"morale_end", "index", SCOPE_SIDE, "morale at the end"},
    {"morale_min", "index", SCOPE_SIDE, "lowest morale of the run"},
    {"fatigue_end", "index", SCOPE_SIDE, "line fatigue at the end"},
    {"exhaustion_end", "index", SCOPE_SIDE, "war weariness at the end"},
    {"mean_alert_hours", "hours/day", SCOPE_SIDE, "mean air-raid alert hours per day"},
    {"mean_outage_hours", "hours/day", SCOPE_SIDE, "mean power outage hours per day"},
    {"full_mobilization_day", "day", SCOPE_SIDE, "day full mobilisation was declared, -1 never"},
    {"spending_index_end", "index", SCOPE_SIDE, "spending index at the end"},
    {"drones_launched", "drones", SCOPE_SIDE, "long-range drones launched"},
    {"missiles_launched", "missiles", SCOPE_SIDE, "missiles launched"},
    {"ground_taken_km2", "km2", SCOPE_SIDE, "ground taken (gross)"},
    {"attention_end", "index", SCOPE_THIRD, "political attention at the end"},
    {"aid_total_bn", "US$ bn", SCOPE_THIRD, "aid delivered"},
    {"events", "count", SCOPE_THIRD, "attention-raising events"},
};
enum { N_OUTCOMES = sizeof outcomes / sizeof outcomes[0] };

const pl_war_outcome_desc *pl_war_outcome_descs(size_t *n)
{
    *n = N_OUTCOMES;
    return outcomes;
}

static double global_value(const pl_war_state *s, size_t k)
{
    switch (k) {
    case 0: return s->day;
    case 1: return s->territory_km2;
    default: return s->day > 0 ? s->territory_km2 / s->day * 30.4375 : 0;
    }
}

static double side_value(const pl_war_side_state *x, double days, size_t k)
{
    double mean = days > 0 ? 1 / days : 0;
    switch (k) {
    case 3: return x->cum_losses;
    case 4: return x->cum_killed;
    case 5: return x->line;
    case 6: return x->reserve;
    case 7: return x->cum_contract + x->cum_prison + x->cum_levy + x->cum_mobilized;
    case 8: return x->cum_contract;
    case 9: return x->cum_prison;
    case 10: return x->cum_levy;
    case 11: return x->cum_mobilized;
    case 12: return x->cum_called;
    case 13: return x->cum_evaded;
    case 14: return x->cum_bribed;
    case 15: return x->cum_bribe_usd;
    case 16: return x->cum_awol;
    case 17: return x->awol;
    case 18: return x->morale;
    case 19: return x->morale_min;
    case 20: return x->fatigue;
    case 21: return x->exhaustion;
    case 22: return x->cum_alert_hours * mean;
    case 23: return x->cum_outage_hours * mean;
    case 24: return x->full_mobilization;
    case 25: return x->spending_index;
    case 26: return x->cum_drones;
    case 27: return x->cum_missiles;
    default: return x->cum_gain;
    }
}

static double third_value(const pl_war_third_state *t, size_t k)
{
    switch (k) {
    case 29: return t->attention;
    case 30: return t->cum_aid_bn;
    default: return t->events;
    }
}

/* Calls visit(k, side_or_party) for each outcome slot in the stable order. */
static size_t layout(const pl_war_params *p, size_t *desc_of, int *owner_of)
{
    size_t n = 0;
    for (int scope = SCOPE_GLOBAL; scope <= SCOPE_THIRD; scope++) {
        int owners = scope == SCOPE_GLOBAL ? 1 : scope == SCOPE_SIDE ? PL_WAR_SIDES : p->n_third;
        for (int o = 0; o < owners; o++)
            for (size_t k = 0; k < N_OUTCOMES; k++)
                if (outcomes[k].scope == scope && n < PL_WAR_MAX_OUTCOMES) desc_of[n] = k, owner_of[n++] = o;
    }
    return n;
}

size_t pl_war_outcomes(const pl_war_state *s, const pl_war_params *p, double *out)
{
    size_t desc_of[PL_WAR_MAX_OUTCOMES];
    int owner_of[PL_WAR_MAX_OUTCOMES];
    size_t n = layout(p, desc_of, owner_of);
    for (size_t i = 0; i < n; i++) {
        size_t k = desc_of[i];
        int o = owner_of[i];
        out[i] = outcomes[k].scope == SCOPE_GLOBAL ? global_value(s, k)
                 : outcomes[k].scope == SCOPE_SIDE ? side_value(&s->side[o], s->day, k)
                                                   : third_value(&s->third[o], k);
    }
    return n;
}

void pl_war_outcome_name(const pl_war_params *p, size_t i, char *buf, size_t size)
{
    size_t desc_of[PL_WAR_MAX_OUTCOMES];
    int owner_of[PL_WAR_MAX_OUTCOMES];
    size_t n = layout(p, desc_of, owner_of);
    if (i >= n) {
        snprintf(buf, size, "?");
        return;
    }
    const pl_war_outcome_desc *d = &outcomes[desc_of[i]];
    if (d->scope == SCOPE_GLOBAL) snprintf(buf, size, "%s", d->key);
    else snprintf(buf, size, "%s.%s", d->scope == SCOPE_SIDE ? p->side[owner_of[i]].id : p->third[owner_of[i]].id, d->key);
}
