/*
** war_outcome.c — the scalar outcomes of a war run in a stable order, with their names.
** Layer: simulation.
*/
#include "parley/war.h"

#include <stdio.h>

enum { SCOPE_GLOBAL, SCOPE_SIDE, SCOPE_THIRD };

/* The outcomes, in the order of the table below (new ones go at the end of their scope). */
enum {
    O_DAYS, O_TERRITORY, O_TERRITORY_MONTH,
    O_LOSSES, O_KILLED, O_LINE, O_RESERVE, O_RECRUITS, O_CONTRACT, O_PRISON, O_LEVY, O_MOBILIZED, O_CALLED,
    O_EVADED, O_BRIBED, O_BRIBES_USD, O_AWOL_DEPARTURES, O_AWOL, O_MORALE, O_MORALE_MIN, O_FATIGUE, O_EXHAUSTION,
    O_ALERTS, O_OUTAGES, O_FULL_MOB, O_SPENDING, O_DRONES, O_MISSILES, O_GROUND,
    O_ATTENTION, O_AID, O_EVENTS, N_OUTCOME_KINDS
};

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
_Static_assert((int)N_OUTCOMES == (int)N_OUTCOME_KINDS, "the outcome table and its enum must match");

const pl_war_outcome_desc *pl_war_outcome_descs(size_t *n)
{
    *n = N_OUTCOMES;
    return outcomes;
}

static double global_value(const pl_war_state *s, size_t k)
{
    switch (k) {
    case O_DAYS: return s->day;
    case O_TERRITORY: return s->territory_km2;
    default: return s->day > 0 ? s->territory_km2 / s->day * PL_WAR_MONTH_DAYS : 0;
    }
}

static double side_value(const pl_war_side_state *x, double days, size_t k)
{
    double mean = days > 0 ? 1 / days : 0;
    switch (k) {
    case O_LOSSES: return x->cum_losses;
    case O_KILLED: return x->cum_killed;
    case O_LINE: return x->line;
    case O_RESERVE: return x->reserve;
    case O_RECRUITS: return x->cum_contract + x->cum_prison + x->cum_levy + x->cum_mobilized;
    case O_CONTRACT: return x->cum_contract;
    case O_PRISON: return x->cum_prison;
    case O_LEVY: return x->cum_levy;
    case O_MOBILIZED: return x->cum_mobilized;
    case O_CALLED: return x->cum_called;
    case O_EVADED: return x->cum_evaded;
    case O_BRIBED: return x->cum_bribed;
    case O_BRIBES_USD: return x->cum_bribe_usd;
    case O_AWOL_DEPARTURES: return x->cum_awol;
    case O_AWOL: return x->awol;
    case O_MORALE: return x->morale;
    case O_MORALE_MIN: return x->morale_min;
    case O_FATIGUE: return x->fatigue;
    case O_EXHAUSTION: return x->exhaustion;
    case O_ALERTS: return x->cum_alert_hours * mean;
    case O_OUTAGES: return x->cum_outage_hours * mean;
    case O_FULL_MOB: return x->full_mobilization;
    case O_SPENDING: return x->spending_index;
    case O_DRONES: return x->cum_drones;
    case O_MISSILES: return x->cum_missiles;
    default: return x->cum_gain;
    }
}

static double third_value(const pl_war_third_state *t, size_t k)
{
    switch (k) {
    case O_ATTENTION: return t->attention;
    case O_AID: return t->cum_aid_bn;
    default: return t->events;
    }
}

/* The descriptor and the owner (side or party) of each outcome slot, in the stable order. */
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
