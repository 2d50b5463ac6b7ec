/*
** thirdparty.c — attention decay and events, and the aid flows that follow attention.
** Layer: models.
*/
#include "thirdparty.h"

#include "war_util.h"

void pl_war_thirdparty_prepare(pl_war_params *p)
{
    for (int j = 0; j < p->n_third; j++) {
        pl_war_third_params *t = &p->third[j];
        t->attention_keep = exp2(-1.0 / t->v.attention_half_life_days);
        t->event_prob = 1 - exp(-t->v.event_rate_per_year / WAR_YEAR);
    }
}

/* Aid flowing now from party j: attention × its full rate while it is enabled and active. */
static double flow(const pl_war_third_params *t, const pl_war_third_state *ts, double day)
{
    int active = t->enabled && day >= t->v.active_from_day && day <= t->v.active_until_day;
    return active ? t->v.aid_bn_per_year * ts->attention : 0;
}

/* Each party's flow, summed into the supported sides. */
static void set_flows(pl_war_state *s, const pl_war_params *p)
{
    double aid[PL_WAR_SIDES] = {0, 0};
    for (int j = 0; j < p->n_third; j++) {
        s->third[j].aid_bn = flow(&p->third[j], &s->third[j], s->day);
        aid[p->third[j].supports] += s->third[j].aid_bn;
    }
    for (int x = 0; x < PL_WAR_SIDES; x++) s->side[x].aid_bn = aid[x];
}

void pl_war_thirdparty_init(pl_war_state *s, const pl_war_params *p)
{
    for (int j = 0; j < p->n_third; j++) {
        s->third[j].attention = p->third[j].v.attention_initial;
        s->third[j].cum_aid_bn = s->third[j].events = 0;
    }
    set_flows(s, p);
}

/* Attention relaxes toward its floor: a ← floor + (a − floor)·2^(−1/h), then jumps by
** event_jump on a random event or on a mass-strike day against the supported side. */
static double update_attention(pl_war_third_state *ts, const pl_war_third_params *t, const pl_war_state *s,
                               gsl_rng *rng)
{
    const pl_war_third_values *v = &t->v;
    double a = v->attention_floor + (ts->attention - v->attention_floor) * t->attention_keep;
    if (rng && t->event_prob > 0 && gsl_rng_uniform(rng) < t->event_prob) a += v->event_jump, ts->events += 1;
    if (v->strike_event_threshold > 0 && s->side[t->supports].incoming >= v->strike_event_threshold)
        a += v->event_jump, ts->events += 1;
    return a < 1 ? a : 1;
}

/* One pass over the parties: attention (reading yesterday's launches, which this step does not
** change), the flow, its sum into the supported side and its total; draws stay in party order. */
void pl_war_thirdparty_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng)
{
    double aid[PL_WAR_SIDES] = {0, 0};
    for (int j = 0; j < p->n_third; j++) {
        const pl_war_third_params *t = &p->third[j];
        pl_war_third_state *ts = &s->third[j];
        if (t->enabled) ts->attention = update_attention(ts, t, s, rng);
        ts->aid_bn = flow(t, ts, s->day);
        aid[t->supports] += ts->aid_bn;
        ts->cum_aid_bn += ts->aid_bn / WAR_YEAR;
    }
    for (int x = 0; x < PL_WAR_SIDES; x++) s->side[x].aid_bn = aid[x];
}
